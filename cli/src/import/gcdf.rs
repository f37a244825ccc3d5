//! AidData's Global Chinese Development Finance dataset (GCDF 3.0) as
//! Accord records.
//!
//! One agreement per project row (`aiddata-<AidData Record ID>`), one party
//! per organisation (merged by name across rows, each spelling kept as an
//! alias), one source per distinct address (`http` and `https`, case of
//! the host, surrounding spaces and a final `/` do not count), and one
//! source record for the dataset itself, which every agreement and party
//! cites, since AidData's coding (types, flags, estimates, conversions) is
//! what the records take their values from.
//!
//! [`COLUMNS`] says where each column goes; a column it does not name
//! (a later version of the table may add some) goes to the notes under its
//! own name, as do the columns the model has no field for. The command's
//! summary prints the table.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::str::FromStr;

use accord_ingest::{Code, Diagnostic, Severity};
use accord_model::{
    Agreement, AgreementId, AgreementKind, AidDataId, Alias, AliasKind, Amount, AmountKind,
    AnnotatedDate, Citation, CountryCode, Currency, DateValue, Dates, Equivalent, Fact, LeftOut,
    LeftOutReason, LinkKind, LoanTerms, Marked, Money, OutsideId, OutsideLink, PartialDate,
    Participant, Party, PartyId, PartyKind, Place, PlacePrecision, ProjectDates, Qualifier, Record,
    Role, Sector, Source, SourceId, SourceKind, StatedAmount, Status, SubdivisionCode, Text, Url,
};
use rust_decimal::Decimal;

use super::table::Table;

/// The id of the source record for the dataset itself.
pub const DATASET_SOURCE: &str = "aiddata-gcdf-3";

/// Where each GCDF 3.0 column goes: a field (in words), or `None` for the
/// notes of the agreement, under the column's name.
pub const COLUMNS: &[(&str, Option<&str>)] = &[
    (
        "AidData Record ID",
        Some("agreement id and outside_ids (aiddata)"),
    ),
    (
        "Recommended For Aggregates",
        Some("adjusted amount's left_out_of_totals (not-recommended)"),
    ),
    (
        "AidData Parent ID",
        Some("outside_links (part-of, aiddata)"),
    ),
    (
        "Umbrella",
        Some("adjusted amount's left_out_of_totals (umbrella, when not recommended)"),
    ),
    (
        "Financier Country",
        Some("country of funding agencies without a country in their type"),
    ),
    (
        "Recipient",
        Some("places (country), checked against Recipient ISO-3"),
    ),
    ("Recipient ISO-3", Some("places (country)")),
    (
        "Recipient Region",
        Some("areas, when the project has no recipient country"),
    ),
    (
        "Commitment Year",
        Some("dates.signed when there is no commitment date"),
    ),
    (
        "Implementation Start Year",
        Some("project_dates.actual_start when there is no date"),
    ),
    (
        "Completion Year",
        Some("project_dates.actual_completion when there is no date"),
    ),
    ("Title", Some("title")),
    ("Description", Some("summary")),
    ("Staff Comments", None),
    ("Status", Some("status")),
    ("Intent", None),
    ("Flow Type", Some("kind")),
    ("Flow Type Simplified", None),
    ("OECD ODA Concessionality Threshold", None),
    (
        "Flow Class",
        Some("kind of a loan (ODA-like concessional, OOF-like commercial)"),
    ),
    ("Sector Code", Some("sectors (CRS code)")),
    ("Sector Name", Some("sectors (the code's name)")),
    ("Infrastructure", None),
    ("COVID", None),
    (
        "Funding Agencies",
        Some("parties (lender, grantor or counterparty)"),
    ),
    ("Funding Agencies Type", Some("party kind and country")),
    ("Co-financed", None),
    ("Co-financing Agencies", Some("parties (co-financier)")),
    ("Co-financing Agencies Type", Some("party kind and country")),
    (
        "Direct Receiving Agencies",
        Some("parties (borrower, recipient or counterparty)"),
    ),
    (
        "Direct Receiving Agencies Type",
        Some("party kind and country"),
    ),
    ("Indirect Receiving Agencies", Some("parties (recipient)")),
    (
        "Indirect Receiving Agencies Type",
        Some("party kind and country"),
    ),
    ("On-lending", None),
    (
        "Implementing Agencies",
        Some("parties (implementing-agency)"),
    ),
    ("Implementing Agencies Type", Some("party kind and country")),
    ("Guarantee Provided", None),
    ("Guarantor", Some("parties (guarantor)")),
    ("Guarantor Agency Type", Some("party kind and country")),
    ("Insurance Provided", None),
    ("Insurance Provider", Some("parties (insurer)")),
    (
        "Insurance Provider Agency Type",
        Some("party kind and country"),
    ),
    ("Collateralized", None),
    ("Collateral Provider", Some("parties (collateral-provider)")),
    (
        "Collateral Provider Agency Type",
        Some("party kind and country"),
    ),
    ("Security Agent/Collateral Agent", None),
    ("Security Agent/Collateral Agent Type", None),
    ("Collateral", Some("terms.collateral")),
    ("Amount (Original Currency)", Some("amounts (committed)")),
    ("Original Currency", Some("amounts' currency")),
    ("Amount Estimated", Some("amounts' estimated")),
    (
        "Amount (Constant USD 2021)",
        Some("committed amount's equivalents (constant prices)"),
    ),
    (
        "Amount (Nominal USD)",
        Some("committed amount's equivalents"),
    ),
    (
        "Adjusted Amount (Original Currency)",
        Some("amounts (adjusted)"),
    ),
    (
        "Adjusted Amount (Constant USD 2021)",
        Some("adjusted amount's equivalents (constant prices)"),
    ),
    (
        "Adjusted Amount (Nominal USD)",
        Some("adjusted amount's equivalents"),
    ),
    ("Financial Distress", None),
    ("Commitment Date (MM/DD/YYYY)", Some("dates.signed")),
    (
        "Commitment Date Estimated",
        Some("dates.signed's mark (inferred)"),
    ),
    (
        "Planned Implementation Start Date (MM/DD/YYYY)",
        Some("project_dates.planned_start"),
    ),
    (
        "Actual Implementation Start Date (MM/DD/YYYY)",
        Some("project_dates.actual_start"),
    ),
    (
        "Actual Implementation Start Date Estimated",
        Some("project_dates.actual_start's mark"),
    ),
    ("Deviation from Planned Implementation Start Date", None),
    (
        "Planned Completion Date (MM/DD/YYYY)",
        Some("project_dates.planned_completion"),
    ),
    (
        "Actual Completion Date (MM/DD/YYYY)",
        Some("project_dates.actual_completion"),
    ),
    (
        "Actual Completion Date Estimated",
        Some("project_dates.actual_completion's mark"),
    ),
    ("Deviation from Planned Completion Date", None),
    ("Maturity", Some("terms.maturity_years")),
    (
        "Interest Rate",
        Some("terms.interest_rate_percent (or interest_basis)"),
    ),
    ("Grace Period", Some("terms.grace_period_years")),
    ("Management Fee", Some("terms.management_fee_percent")),
    ("Commitment Fee", Some("terms.commitment_fee_percent")),
    (
        "Insurance Fee (Percent)",
        Some("terms.insurance_fee_percent"),
    ),
    ("Insurance Fee (Nominal USD)", Some("terms.insurance_fee")),
    (
        "Default Interest Rate",
        Some("terms.default_interest_rate_percent"),
    ),
    (
        "First Loan Repayment Date",
        Some("project_dates.first_repayment"),
    ),
    (
        "Last Loan Repayment Date",
        Some("project_dates.final_repayment"),
    ),
    ("Grant Element (OECD Cash-Flow)", None),
    ("Grant Element (OECD Grant-Equiv)", None),
    ("Grant Element (IMF)", None),
    ("Number of Lenders", None),
    ("Export Buyer's Credit", Some("kind (buyers-credit)")),
    (
        "Supplier’s Credit/Export Seller’s Credit",
        Some("kind (suppliers-credit)"),
    ),
    ("Interest-Free Loan", Some("kind (concessional-loan)")),
    ("Refinancing", None),
    ("Investment Project Loan", None),
    ("M&A", None),
    ("Working Capital", None),
    ("EPCF", None),
    ("Lease", None),
    ("FXSL/BOP", None),
    ("CC IRS", None),
    ("RCF", None),
    (
        "GCL",
        Some("kind (concessional-loan: a government concessional loan)"),
    ),
    ("PBC", None),
    ("PxF/Commodity Prepayment", None),
    ("Inter-Bank Loan", None),
    ("Overseas Project Contracting Loan", None),
    ("DPA", None),
    ("Project Finance", None),
    ("Involving Multilateral", None),
    ("Non-Chinese Financier", None),
    ("Short-Term", None),
    ("Rescue", None),
    ("Project JV/SPV Host Government Ownership", None),
    ("Project JV/SPV Chinese Government Ownership", None),
    ("Level of Public Liability", None),
    (
        "Total Source Count",
        Some("the number of sources (checks the source lists)"),
    ),
    ("Official Source Count", None),
    ("Source URLs", Some("sources (url), one record per address")),
    ("Source Titles", Some("sources (title)")),
    ("Source Publishers", Some("sources (publisher)")),
    (
        "Source Resource Types",
        Some("sources (kind, and the type in notes)"),
    ),
    ("Contact Name", None),
    ("Contact Position", None),
    ("ODA Eligible Recipient", None),
    ("OECD ODA Income Group", None),
    ("Location Narrative", None),
    ("Geographic Level of Precision Available", None),
    ("ADM1 Level Available", None),
    ("ADM2 Level Available", None),
    ("Geospatial Feature Available", None),
    ("Source Quality Score", None),
    ("Data Completeness Score", None),
    ("Implementation Detail Score", None),
    ("Loan Detail Score", None),
];

/// Columns without which no record can be made.
const REQUIRED: &[&str] = &["AidData Record ID", "Title"];

/// Notes longer than this go in a note of their own; shorter ones are
/// gathered into one note.
const LONG_NOTE: usize = 120;

/// What an import gives back.
#[derive(Debug)]
pub struct Imported {
    /// The records, agreements first, each kind in the order first met.
    pub records: Vec<Record>,
    /// Problems in the tables.
    pub diagnostics: Vec<Diagnostic>,
    /// What was mapped where, for the command to print.
    pub summary: String,
}

/// The agency columns: name column, type column, the part it names.
const AGENCIES: &[(&str, &str, Part)] = &[
    ("Funding Agencies", "Funding Agencies Type", Part::Funding),
    (
        "Co-financing Agencies",
        "Co-financing Agencies Type",
        Part::CoFinancing,
    ),
    (
        "Direct Receiving Agencies",
        "Direct Receiving Agencies Type",
        Part::Receiving,
    ),
    (
        "Indirect Receiving Agencies",
        "Indirect Receiving Agencies Type",
        Part::IndirectReceiving,
    ),
    (
        "Implementing Agencies",
        "Implementing Agencies Type",
        Part::Implementing,
    ),
    ("Guarantor", "Guarantor Agency Type", Part::Guarantor),
    (
        "Insurance Provider",
        "Insurance Provider Agency Type",
        Part::Insurer,
    ),
    (
        "Collateral Provider",
        "Collateral Provider Agency Type",
        Part::Collateral,
    ),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Funding,
    CoFinancing,
    Receiving,
    IndirectReceiving,
    Implementing,
    Guarantor,
    Insurer,
    Collateral,
}

/// A party as it is gathered over the rows.
#[derive(Debug)]
struct PartyAcc {
    id: String,
    name: String,
    kind: PartyKind,
    country: Option<(CountryCode, String)>,
    aliases: Vec<(String, AliasKind)>,
    types: Vec<String>,
    projects: Vec<u32>,
    kind_note: Option<String>,
    /// How the kind was read: a later mention read better replaces it.
    basis: KindBasis,
}

/// A source as it is gathered over the rows.
#[derive(Debug)]
struct SourceAcc {
    id: String,
    url: Option<String>,
    other_urls: Vec<String>,
    titles: Vec<String>,
    publishers: Vec<String>,
    types: Vec<String>,
    projects: Vec<u32>,
}

/// Everything gathered while reading the rows.
#[derive(Default)]
struct State {
    diagnostics: Vec<Diagnostic>,
    parties: Vec<PartyAcc>,
    party_keys: HashMap<String, usize>,
    party_ids: HashSet<String>,
    sources: Vec<SourceAcc>,
    source_keys: HashMap<String, usize>,
    source_ids: HashSet<String>,
    /// How many rows had a value in each column.
    filled: BTreeMap<usize, usize>,
    /// Short forms in parentheses (`… (China Eximbank)`), by their name
    /// key: the key and the name of the full name they stand for, or
    /// `None` when two full names share the short form.
    short_forms: HashMap<String, Option<(String, String)>>,
    /// Agency types not read as a kind by the type alone: the type, the
    /// kind given and how, with the names of the parties.
    kind_readings: BTreeMap<(String, &'static str, KindBasis), BTreeSet<String>>,
    /// The row's recipient country was read from its `Recipient` name (its
    /// code being blank): the parties placed in it say so.
    recipient_from_name: bool,
    /// The agencies (name, type) whose kind is the fallback, warned once.
    kind_warned: HashSet<(String, String)>,
    /// Projects whose GCDF status has no status of Accord's.
    statuses_near: BTreeMap<String, usize>,
}

/// How an agency's kind was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum KindBasis {
    /// AidData's type names the kind.
    Type,
    /// The name says it (a bank typed `Private Sector`).
    Name,
    /// The type names only a broad class: the nearest kind, with a note.
    Nearest,
    /// Neither names a kind: the importer's fallback, with a note.
    Fallback,
}

/// One first-level place of a project, from the ADM1 table.
#[derive(Debug, Clone)]
struct Adm1 {
    country: Option<CountryCode>,
    name: String,
    note: String,
}

/// Imports the project table, with the first-level places table if given.
pub fn import(projects: &Table, places: Option<&Table>) -> Imported {
    let mut st = State::default();
    for name in REQUIRED {
        if projects.column(name).is_none() {
            st.diagnostics.push(
                Diagnostic::new(
                    Code::MissingField,
                    &projects.path,
                    Some(projects.cell_span_header()),
                    format!("the header has no column `{name}`"),
                )
                .with_hint("give AidData's GCDF 3.0 project table, with its header row"),
            );
        }
    }
    if !st.diagnostics.is_empty() {
        return Imported {
            records: Vec::new(),
            diagnostics: st.diagnostics,
            summary: String::new(),
        };
    }
    let known: HashSet<&str> = COLUMNS.iter().map(|(c, _)| *c).collect();
    for (name, _) in COLUMNS {
        if projects.column(name).is_none() {
            let mut d = Diagnostic::new(
                Code::MissingField,
                &projects.path,
                Some(projects.cell_span_header()),
                format!("the header has no column `{name}`"),
            )
            .with_hint(
                "its values are read as empty; give the whole GCDF 3.0 table to import them",
            );
            d.severity = Severity::Warning;
            st.diagnostics.push(d);
        }
    }
    collect_short_forms(projects, &mut st);
    let project_ids: HashSet<u32> = (0..projects.rows.len())
        .filter_map(|row| parse_whole(projects.cell(row, projects.column("AidData Record ID"))))
        .collect();
    let adm1 = places
        .map(|t| read_places(t, &project_ids, &mut st))
        .unwrap_or_default();
    let mut agreements = Vec::new();
    let mut seen_ids: HashMap<u32, usize> = HashMap::new();
    for row in 0..projects.rows.len() {
        for (i, _) in projects.headers.iter().enumerate() {
            if !projects.cell(row, Some(i)).is_empty() {
                *st.filled.entry(i).or_default() += 1;
            }
        }
        let id_col = projects.column("AidData Record ID");
        let raw = projects.cell(row, id_col);
        let Some(id) = parse_whole(raw) else {
            st.diagnostics.push(projects.at(
                Code::InvalidValue,
                Severity::Error,
                row,
                id_col,
                format!("`AidData Record ID` is `{raw}`, not a whole number"),
                "every project needs its AidData id; the row is left out",
            ));
            continue;
        };
        if let Some(first) = seen_ids.insert(id, row) {
            st.diagnostics.push(projects.at(
                Code::DuplicateId,
                Severity::Error,
                row,
                id_col,
                format!("the project `{id}` is also on row {}", first + 1),
                "each AidData project is one row; the later row is left out",
            ));
            continue;
        }
        let places = adm1.get(&id).cloned().unwrap_or_default();
        agreements.push(project(projects, row, id, &places, &known, &mut st));
    }
    let summary = summary(projects, &st, agreements.len(), places.is_some());
    let mut records: Vec<Record> = agreements
        .into_iter()
        .map(|a| Record::Agreement(Box::new(a)))
        .collect();
    records.extend(
        st.parties
            .iter()
            .map(|p| Record::Party(Box::new(party_record(p)))),
    );
    records.push(Record::Source(Box::new(dataset_source())));
    records.extend(
        st.sources
            .iter()
            .map(|s| Record::Source(Box::new(source_record(s)))),
    );
    Imported {
        records,
        diagnostics: st.diagnostics,
        summary,
    }
}

impl Table {
    /// The start of the header row.
    fn cell_span_header(&self) -> accord_ingest::Span {
        let at = super::table::position(&self.text, 0);
        accord_ingest::Span { start: at, end: at }
    }
}

/// The short forms given in parentheses after agency names, for
/// [`party_for`] to merge a bare short form with its full name.
fn collect_short_forms(t: &Table, st: &mut State) {
    for row in 0..t.rows.len() {
        for (names_col, _, _) in AGENCIES {
            let names = t.cell(row, t.column(names_col));
            if names.is_empty() {
                continue;
            }
            for name in split_list(names, None) {
                let (base, paren) = split_parenthesis(&name);
                let Some(short) = paren else {
                    continue;
                };
                let (full_key, short_key) = (name_key(&base), name_key(&short));
                if short_key == full_key {
                    continue;
                }
                match st.short_forms.get(&short_key) {
                    None => {
                        st.short_forms.insert(short_key, Some((full_key, base)));
                    }
                    Some(Some((k, _))) if *k == full_key => {}
                    Some(_) => {
                        st.short_forms.insert(short_key, None);
                    }
                }
            }
        }
    }
}

/// The ADM1 rows by project id. A row naming a project the project table
/// does not have, a row repeating an earlier one and a row without a name
/// are warnings at the row, and left out.
fn read_places(t: &Table, projects: &HashSet<u32>, st: &mut State) -> HashMap<u32, Vec<Adm1>> {
    let mut out: HashMap<u32, Vec<Adm1>> = HashMap::new();
    let id_col = t.column("id");
    for name in ["id", "shapeGroup", "shapeName"] {
        if t.column(name).is_none() {
            st.diagnostics.push(
                Diagnostic::new(
                    Code::MissingField,
                    &t.path,
                    Some(t.cell_span_header()),
                    format!("the places table has no column `{name}`"),
                )
                .with_hint("give AidData's ADM1 table: id, shapeID, shapeGroup, shapeName …"),
            );
            return out;
        }
    }
    let mut seen: HashMap<(u32, String, String), usize> = HashMap::new();
    for row in 0..t.rows.len() {
        let raw = t.cell(row, id_col);
        let Some(id) = parse_whole(raw) else {
            st.diagnostics.push(t.at(
                Code::InvalidValue,
                Severity::Error,
                row,
                id_col,
                format!("`id` is `{raw}`, not a whole number"),
                "the id is the project's AidData Record ID; the row is left out",
            ));
            continue;
        };
        if !projects.contains(&id) {
            st.diagnostics.push(t.at(
                Code::DanglingReference,
                Severity::Warning,
                row,
                id_col,
                format!("the places table names the project `{id}`, which the project table does not have"),
                "the row is left out; check its id against the project table's `AidData Record ID`",
            ));
            continue;
        }
        let group_col = t.column("shapeGroup");
        let group = t.cell(row, group_col);
        let name_col = t.column("shapeName");
        if t.cell(row, name_col).is_empty() {
            st.diagnostics.push(t.at(
                Code::MissingField,
                Severity::Warning,
                row,
                name_col,
                format!("the place of the project `{id}` has no `shapeName`"),
                "the row is left out; give the first-level unit's name",
            ));
            continue;
        }
        let seen_key = (id, group.to_ascii_uppercase(), fold(t.cell(row, name_col)));
        if let Some(&first) = seen.get(&seen_key) {
            let line = super::table::position(&t.text, t.rows[first].offset).line;
            st.diagnostics.push(t.at(
                Code::RepeatedEntry,
                Severity::Warning,
                row,
                id_col,
                format!("the place of the project `{id}` repeats line {line}"),
                "the repeat is left out; remove it from the places table",
            ));
            continue;
        }
        seen.insert(seen_key, row);
        let country = alpha3(group);
        if country.is_none() {
            st.diagnostics.push(t.at(
                Code::UnknownValue,
                Severity::Warning,
                row,
                group_col,
                format!("`shapeGroup` is `{group}`, not an ISO 3166-1 alpha-3 code"),
                "the place is kept in the project's notes only",
            ));
        }
        let name = t.cell(row, t.column("shapeName")).to_owned();
        let rest: Vec<String> = t
            .headers
            .iter()
            .enumerate()
            .filter(|(_, h)| !matches!(h.as_str(), "id" | "shapeGroup" | "shapeName"))
            .filter_map(|(i, h)| {
                let v = t.cell(row, Some(i));
                (!v.is_empty()).then(|| format!("{h} {v}"))
            })
            .collect();
        let note = format!(
            "First-level place `{name}` ({group}) from the ADM1 table: {}",
            rest.join(", ")
        );
        out.entry(id).or_default().push(Adm1 {
            country,
            name,
            note,
        });
    }
    out
}

/// The agreement for one row.
fn project(
    t: &Table,
    row: usize,
    id: u32,
    adm1: &[Adm1],
    known: &HashSet<&str>,
    st: &mut State,
) -> Agreement {
    let col = |name: &str| t.column(name);
    let cell = |name: &str| t.cell(row, t.column(name));
    let mut notes: Vec<String> = Vec::new();
    // Columns whose values were not taken into a field go to the notes,
    // with their names.
    let mut to_notes: Vec<&str> = COLUMNS
        .iter()
        .filter(|(_, dest)| dest.is_none())
        .map(|(c, _)| *c)
        .collect();
    let unknown_columns: Vec<&str> = t
        .headers
        .iter()
        .map(String::as_str)
        .filter(|h| !known.contains(h))
        .collect();
    to_notes.extend(unknown_columns);

    // Kind.
    let flow = cell("Flow Type");
    let flag = |name: &str| cell(name).eq_ignore_ascii_case("yes");
    let title_text = cell("Title");
    let kind = match agreement_kind(
        flow,
        cell("Flow Class"),
        flag("Export Buyer's Credit"),
        flag("Supplier’s Credit/Export Seller’s Credit"),
        flag("Interest-Free Loan") || flag("GCL"),
        title_text,
    ) {
        Some(k) => k,
        None => {
            st.diagnostics.push(t.at(
                Code::UnknownValue,
                Severity::Warning,
                row,
                col("Flow Type"),
                format!("the flow type `{flow}` names no agreement kind"),
                "the project is recorded as a collaboration agreement, its flow type in its notes",
            ));
            to_notes.push("Flow Type");
            AgreementKind::CollaborationAgreement
        }
    };
    // Debt rescheduling and debt forgiveness are recorded as a loan and a
    // grant, the nearest kinds; the flow type stays in the notes so they
    // are never read as new money.
    if flow.to_ascii_lowercase().contains("debt") {
        to_notes.push("Flow Type");
    }
    // A government concessional loan that AidData classes OOF-like keeps
    // its class in the notes: the kind says concessional, the class says
    // why AidData does not count it as ODA.
    if kind == AgreementKind::ConcessionalLoan
        && cell("Flow Class").to_ascii_lowercase().starts_with("oof")
    {
        to_notes.push("Flow Class");
    }

    // Status.
    let status_raw = cell("Status");
    let status = match status_raw.to_ascii_lowercase().as_str() {
        "pipeline: pledge" => Status::Announced,
        "pipeline: commitment" => Status::Signed,
        "implementation" => Status::InForce,
        "completion" => Status::Completed,
        "cancelled" | "canceled" => Status::Lapsed,
        // Accord has no status for a project halted after it began: in
        // force would say it is taking effect, lapsed that it ended. Signed
        // is the furthest stage surely true; AidData's word stays in the
        // notes, with why.
        "suspended" => {
            to_notes.push("Status");
            notes.push(
                "AidData's status is Suspended, which Accord has no status for: the record says signed, the furthest stage surely reached, and the project may have begun before it was halted.".into(),
            );
            *st.statuses_near
                .entry(format!("{status_raw} → signed"))
                .or_default() += 1;
            Status::Signed
        }
        other => {
            st.diagnostics.push(t.at(
                Code::UnknownValue,
                Severity::Warning,
                row,
                col("Status"),
                format!("the status `{other}` is not one of GCDF's"),
                "GCDF 3.0 has Pipeline: Pledge, Pipeline: Commitment, Implementation, Completion, Cancelled and Suspended; the project is recorded as signed",
            ));
            to_notes.push("Status");
            Status::Signed
        }
    };

    // Countries.
    let iso3 = cell("Recipient ISO-3");
    let mut recipient = alpha3(iso3);
    if recipient.is_none() && !iso3.is_empty() {
        st.diagnostics.push(t.at(
            Code::UnknownValue,
            Severity::Warning,
            row,
            col("Recipient ISO-3"),
            format!("`{iso3}` is not an ISO 3166-1 alpha-3 code"),
            "the recipient is kept in the notes; the project is placed by its region",
        ));
        to_notes.push("Recipient ISO-3");
        to_notes.push("Recipient");
    }
    // The recipient's name against its code: a name that is another
    // country's is a warning at the name; a blank code takes the country
    // the name gives, marked as the importer's inference.
    let recipient_name = cell("Recipient");
    let named = country_named(recipient_name);
    let mut recipient_inferred: Option<String> = None;
    match (recipient, named) {
        (Some(c), Some(n)) if c != n => {
            st.diagnostics.push(
                t.at(
                    Code::InvalidValue,
                    Severity::Warning,
                    row,
                    col("Recipient"),
                    format!(
                        "`Recipient` is `{recipient_name}` ({}), but `Recipient ISO-3` is `{iso3}` ({})",
                        n.name(),
                        c.name()
                    ),
                    "the project is placed in the code's country and the name is kept in the notes; correct whichever cell is wrong",
                )
                .with_label(
                    &t.path,
                    t.cell_span(row, col("Recipient ISO-3")),
                    "the code is here",
                ),
            );
            notes.push(format!(
                "AidData's `Recipient` (`{recipient_name}`) names another country than its `Recipient ISO-3` (`{iso3}`, {}): the record follows the code.",
                c.name()
            ));
            to_notes.push("Recipient");
        }
        (None, Some(n)) if iso3.is_empty() => {
            st.diagnostics.push(t.at(
                Code::MissingField,
                Severity::Warning,
                row,
                col("Recipient ISO-3"),
                format!("`Recipient ISO-3` is empty; `Recipient` is `{recipient_name}`"),
                "the country is taken from the name, marked as the importer's inference; write the ISO 3166-1 alpha-3 code to state it",
            ));
            recipient_inferred = Some(format!(
                "AidData's `Recipient ISO-3` is empty: the importer reads the country from `Recipient` (`{recipient_name}`)."
            ));
            recipient = Some(n);
        }
        _ => {}
    }
    st.recipient_from_name = recipient_inferred.is_some();
    let financier = financier_country(cell("Financier Country"));

    // Sources first: the agreement cites them.
    let source_ids = sources_of(t, row, id, st, &mut notes);

    // Parties.
    let mut participants: Vec<(usize, Vec<Role>, Option<String>)> = Vec::new();
    for (names_col, types_col, part) in AGENCIES {
        let names = cell(names_col);
        if names.is_empty() {
            continue;
        }
        let types = cell(types_col);
        let name_list = split_list(names, None);
        let type_list = split_list(types, Some(name_list.len()));
        // Types are matched to names in order; with fewer types than
        // names, the names left over get none (never another's), and their
        // kind is read from the name or is the fallback, with a note.
        let type_list = if type_list.len() == name_list.len() {
            type_list
        } else {
            if !types.is_empty() {
                let hint = if type_list.len() < name_list.len() {
                    "the types are matched to the first agencies in order; the others get no type (their kind is read from the name or is the importer's fallback, said in their descriptions); the column is kept in the notes"
                } else {
                    "the types are matched to the agencies in order and the extra ones left out; the column is kept in the notes"
                };
                st.diagnostics.push(t.at(
                    Code::InvalidValue,
                    Severity::Warning,
                    row,
                    col(types_col),
                    format!(
                        "`{types_col}` lists {} type{} for {} agencies in `{names_col}`",
                        type_list.len(),
                        if type_list.len() == 1 { "" } else { "s" },
                        name_list.len()
                    ),
                    hint,
                ));
                to_notes.push(types_col);
            }
            let mut v = type_list;
            v.resize(name_list.len(), String::new());
            v
        };
        for (name, ty) in name_list.iter().zip(&type_list) {
            let role = match role_for(*part, kind) {
                Some(r) => r,
                None => {
                    notes.push(format!(
                        "{names_col}: {name} ({ty}) — a {} has no such role",
                        kind_words(kind)
                    ));
                    continue;
                }
            };
            let (_, _, basis) = party_kind(ty, name);
            // Once per name and type: the summary lists them all.
            if basis == KindBasis::Fallback
                && (!ty.is_empty() || types.is_empty())
                && st.kind_warned.insert((name.clone(), ty.clone()))
            {
                st.diagnostics.push(t.at(
                    Code::UnknownValue,
                    Severity::Warning,
                    row,
                    col(types_col),
                    if ty.is_empty() {
                        format!("`{name}` has no agency type in `{types_col}`")
                    } else {
                        format!("the agency type `{ty}` of `{name}` names no kind of organisation")
                    },
                    "the party is recorded as a company, the importer's fallback, with a note in its description (said once for each name and type); correct its kind in the party's record if you know it",
                ));
            }
            let index = party_for(name, ty, *part, recipient, financier, id, st);
            add_role(&mut participants, index, role, name, st);
        }
    }
    // The roles the kind needs that no listed agency holds: an unnamed party
    // of the right side stands in, so the record says who is missing.
    let holders: Vec<Vec<Role>> = participants.iter().map(|(_, r, _)| r.clone()).collect();
    for need in accord_model::unmet_requirements(kind, &holders) {
        let role = accord_model::required_roles(kind)[need][0];
        let chinese_side = matches!(
            role,
            Role::Lender | Role::Grantor | Role::Provider | Role::Counterparty
        ) && !participants
            .iter()
            .any(|(_, r, _)| r.contains(&Role::Lender) || r.contains(&Role::Grantor));
        let (name, country) = if chinese_side {
            (format!("Unnamed Chinese {}", role_words(role)), financier)
        } else {
            match recipient {
                Some(c) => (
                    format!("Unnamed {} in {}", role_words(role), c.name()),
                    Some(c),
                ),
                None => (format!("Unnamed {}", role_words(role)), None),
            }
        };
        let index = unnamed_party(&name, country, id, st);
        notes.push(format!(
            "AidData names no {} for this {}: an unnamed party stands in.",
            role_words(role),
            kind_words(kind)
        ));
        add_role(&mut participants, index, role, &name, st);
    }
    while participants.len() < 2 {
        let name = "Unnamed party".to_owned();
        let index = unnamed_party(&name, None, id, st);
        if participants.iter().any(|(i, _, _)| *i == index) {
            break;
        }
        notes.push("AidData names fewer than two parties: an unnamed party stands in.".into());
        add_role(&mut participants, index, Role::Partner, &name, st);
    }
    let parties: Vec<Participant> = participants
        .iter()
        .map(|(index, roles, as_named)| {
            let p = &st.parties[*index];
            let as_named = as_named
                .as_ref()
                .filter(|n| **n != p.name)
                .and_then(|n| text(n));
            Participant {
                party: party_id(&p.id),
                role: (roles.len() == 1).then(|| Fact::Stated(roles[0])),
                roles: if roles.len() > 1 {
                    roles.iter().map(|r| Fact::Stated(*r)).collect()
                } else {
                    Vec::new()
                },
                as_named,
            }
        })
        .collect();

    // Sector.
    let code = cell("Sector Code");
    let sector = Sector::from_id(code).or_else(|| code.split('.').next().and_then(Sector::from_id));
    let sector = match sector {
        Some(s) => s,
        None if code.is_empty() => {
            st.diagnostics.push(t.at(
                Code::MissingField,
                Severity::Error,
                row,
                col("Sector Code"),
                format!("the project `{id}` has no `Sector Code`"),
                "write the project's OECD DAC CRS purpose code in `Sector Code` (3 or 5 digits, such as `210` or `21040`) and import again; meanwhile the project is put under 998 (unallocated / unspecified) and its `Sector Name` is kept in the notes",
            ));
            to_notes.push("Sector Name");
            Sector::from_id("998").unwrap_or(Sector::ALL[0])
        }
        None => {
            st.diagnostics.push(t.at(
                Code::UnknownValue,
                Severity::Error,
                row,
                col("Sector Code"),
                format!("the sector code `{code}` is not a CRS purpose code"),
                "the project is put under 998 (unallocated / unspecified); its sector columns are kept in the notes",
            ));
            to_notes.push("Sector Code");
            to_notes.push("Sector Name");
            Sector::from_id("998").unwrap_or(Sector::ALL[0])
        }
    };

    // Places.
    let mut places: Vec<Fact<Place>> = Vec::new();
    for place in adm1 {
        let Some(country) = place.country else {
            notes.push(place.note.clone());
            continue;
        };
        let subdivision = subdivision_named(country, &place.name);
        let mut p = Place::in_country(country);
        p.subdivision = subdivision;
        if subdivision.is_none() {
            p.locality = text(&place.name);
        }
        p.precision = Some(PlacePrecision::WithinSubdivision);
        let why = match subdivision {
            Some(s) => format!(
                "AidData's geocoding puts the project in the first-level unit `{}` (geoBoundaries), which is {} in ISO 3166-2 by its name.",
                place.name,
                s.code()
            ),
            None => format!(
                "AidData's geocoding puts the project in the first-level unit `{}` (geoBoundaries); no ISO 3166-2 subdivision of {} has that name.",
                place.name,
                country.name()
            ),
        };
        if !places.iter().any(|f| f.value() == &p) {
            places.push(marked(p, &why));
        }
        notes.push(place.note.clone());
    }
    if let Some(c) = recipient
        && !places.iter().any(|p| p.value().country == c)
    {
        places.push(match &recipient_inferred {
            Some(why) => marked(Place::in_country(c), why),
            None => Fact::Stated(Place::in_country(c)),
        });
    }
    let mut areas = Vec::new();
    if recipient.is_none() {
        match region_area(cell("Recipient Region")) {
            Some(a) => areas.push(a),
            None => to_notes.push("Recipient Region"),
        }
        to_notes.push("Recipient");
    }

    // Dates.
    let signed = date_cell(
        t,
        row,
        "Commitment Date (MM/DD/YYYY)",
        Some("Commitment Date Estimated"),
        Some("Commitment Year"),
        st,
        &mut to_notes,
    );
    let planned_start = date_cell(
        t,
        row,
        "Planned Implementation Start Date (MM/DD/YYYY)",
        None,
        None,
        st,
        &mut to_notes,
    );
    let actual_start = date_cell(
        t,
        row,
        "Actual Implementation Start Date (MM/DD/YYYY)",
        Some("Actual Implementation Start Date Estimated"),
        Some("Implementation Start Year"),
        st,
        &mut to_notes,
    );
    let planned_completion = date_cell(
        t,
        row,
        "Planned Completion Date (MM/DD/YYYY)",
        None,
        None,
        st,
        &mut to_notes,
    );
    let actual_completion = date_cell(
        t,
        row,
        "Actual Completion Date (MM/DD/YYYY)",
        Some("Actual Completion Date Estimated"),
        Some("Completion Year"),
        st,
        &mut to_notes,
    );
    let first_repayment = date_cell(
        t,
        row,
        "First Loan Repayment Date",
        None,
        None,
        st,
        &mut to_notes,
    );
    let final_repayment = date_cell(
        t,
        row,
        "Last Loan Repayment Date",
        None,
        None,
        st,
        &mut to_notes,
    );

    // Each pair of project dates in order, or one of them to the notes.
    let (mut planned_start, mut planned_completion) = (planned_start, planned_completion);
    let (mut actual_start, mut actual_completion) = (actual_start, actual_completion);
    let (mut first_repayment, mut final_repayment) = (first_repayment, final_repayment);
    for ((early_col, early_year, early), (late_col, late_year, late)) in [
        (
            (
                "Planned Implementation Start Date (MM/DD/YYYY)",
                None,
                &mut planned_start,
            ),
            (
                "Planned Completion Date (MM/DD/YYYY)",
                None,
                &mut planned_completion,
            ),
        ),
        (
            (
                "Actual Implementation Start Date (MM/DD/YYYY)",
                Some("Implementation Start Year"),
                &mut actual_start,
            ),
            (
                "Actual Completion Date (MM/DD/YYYY)",
                Some("Completion Year"),
                &mut actual_completion,
            ),
        ),
        (
            ("First Loan Repayment Date", None, &mut first_repayment),
            ("Last Loan Repayment Date", None, &mut final_repayment),
        ),
    ] {
        order_pair(
            t,
            row,
            (early_col, early_year, early),
            (late_col, late_year, late),
            st,
            &mut to_notes,
            &mut notes,
        );
    }

    let dates = Dates {
        signed,
        ..Dates::default()
    };
    let project_dates = ProjectDates {
        planned_start,
        actual_start,
        planned_completion,
        actual_completion,
        first_repayment,
        final_repayment,
    };

    // Money.
    let amounts = amounts_of(t, row, st, &mut to_notes);

    // Terms.
    let mut terms = LoanTerms::default();
    let mut figure = |name: &'static str, to_notes: &mut Vec<&str>| {
        figure_in(
            t,
            row,
            name,
            (
                "a figure",
                "the value is kept in the notes under the column's name",
            ),
            Severity::Warning,
            st,
            to_notes,
        )
    };
    terms.maturity_years = figure("Maturity", &mut to_notes);
    terms.grace_period_years = figure("Grace Period", &mut to_notes);
    terms.management_fee_percent = figure("Management Fee", &mut to_notes);
    terms.commitment_fee_percent = figure("Commitment Fee", &mut to_notes);
    terms.insurance_fee_percent = figure("Insurance Fee (Percent)", &mut to_notes);
    terms.default_interest_rate_percent = figure("Default Interest Rate", &mut to_notes);
    let rate = cell("Interest Rate");
    if !rate.is_empty() {
        match parse_amount(rate) {
            Some(a) if !a.0.is_sign_negative() => terms.interest_rate_percent = Some(a),
            _ => terms.interest_basis = text(rate),
        }
    }
    if let Some(fee) = figure("Insurance Fee (Nominal USD)", &mut to_notes) {
        terms.insurance_fee = Some(Money {
            amount: fee,
            currency: currency("USD"),
            qualifier: Qualifier::Exact,
            as_stated: None,
        });
    }
    terms.collateral = text(cell("Collateral"));

    // Links.
    let parent = cell("AidData Parent ID");
    let mut outside_links = Vec::new();
    if !parent.is_empty() {
        match parse_whole(parent) {
            Some(p) => outside_links.push(OutsideLink {
                kind: LinkKind::PartOf,
                id: OutsideId::Aiddata(AidDataId(p)),
                note: text("AidData Parent ID"),
            }),
            None => {
                st.diagnostics.push(t.at(
                    Code::InvalidValue,
                    Severity::Warning,
                    row,
                    col("AidData Parent ID"),
                    format!("`AidData Parent ID` is `{parent}`, not a whole number"),
                    "the value is kept in the notes under the column's name",
                ));
                to_notes.push("AidData Parent ID");
            }
        }
    }

    // Notes: the columns without a field, with their names; short values
    // gathered in one note, long texts one note each.
    let mut short = Vec::new();
    let mut seen = HashSet::new();
    for name in to_notes {
        if !seen.insert(name) {
            continue;
        }
        let value = cell(name);
        if value.is_empty() {
            continue;
        }
        if value.chars().count() > LONG_NOTE {
            notes.push(format!("{name}: {value}"));
        } else {
            short.push(format!("{name}: {value}"));
        }
    }
    if !short.is_empty() {
        notes.insert(0, format!("AidData's other columns — {}", short.join("; ")));
    }

    let title = text(title_text).unwrap_or_else(|| {
        st.diagnostics.push(t.at(
            Code::MissingField,
            Severity::Error,
            row,
            col("Title"),
            format!("the project `{id}` has no title"),
            "the record is titled by its AidData id",
        ));
        plain(&format!("AidData project {id}"))
    });
    let summary = text(cell("Description")).unwrap_or_else(|| title.clone());
    let mut sources = vec![Citation {
        source: source_id(DATASET_SOURCE),
        locator: text(&format!("AidData Record ID {id}")),
        supports: Vec::new(),
    }];
    sources.extend(source_ids.into_iter().map(|s| Citation {
        source: source_id(&s),
        locator: None,
        supports: Vec::new(),
    }));
    Agreement {
        id: agreement_id(&format!("aiddata-{id}")),
        title,
        kind,
        status,
        stages: Vec::new(),
        summary,
        parties: accord_model::AtLeast::new(parties).unwrap_or_else(|_| unreachable_parties()),
        sectors: accord_model::AtLeast::new(vec![sector]).unwrap_or_else(|_| unreachable_parties()),
        places,
        areas,
        dates,
        project_dates,
        value: None,
        amounts,
        terms,
        objectives: Vec::new(),
        targets: Vec::new(),
        occasion: None,
        links: Vec::new(),
        outside_ids: vec![OutsideId::Aiddata(AidDataId(id))],
        outside_links,
        people: Vec::new(),
        sources: accord_model::AtLeast::new(sources).unwrap_or_else(|_| unreachable_parties()),
        notes: notes.iter().filter_map(|n| text(n)).collect(),
    }
}

/// Lists built above always have their minimum length.
#[allow(clippy::panic)]
fn unreachable_parties<T>() -> T {
    panic!("a list built with its minimum length was refused")
}

/// Adds `role` for the party at `index`, once.
fn add_role(
    participants: &mut Vec<(usize, Vec<Role>, Option<String>)>,
    index: usize,
    role: Role,
    as_named: &str,
    _st: &State,
) {
    match participants.iter_mut().find(|(i, _, _)| *i == index) {
        Some((_, roles, _)) => {
            if !roles.contains(&role) {
                roles.push(role);
            }
        }
        None => participants.push((index, vec![role], Some(as_named.to_owned()))),
    }
}

/// The agreement kind of a row.
/// `concessional` is true for an interest-free loan or a government
/// concessional loan (AidData's `GCL`): concessional by its terms, even when
/// AidData classes the flow OOF-like because its grant element falls below
/// the OECD's ODA threshold (the class stays in the notes).
fn agreement_kind(
    flow: &str,
    class: &str,
    buyers: bool,
    suppliers: bool,
    concessional: bool,
    title: &str,
) -> Option<AgreementKind> {
    let flow_l = flow.to_lowercase();
    let title_l = title.to_lowercase();
    if flow_l.contains("swap") || title_l.contains("currency swap") {
        return Some(AgreementKind::CurrencySwap);
    }
    if flow_l.contains("buyer") || buyers {
        return Some(AgreementKind::BuyersCredit);
    }
    if flow_l.contains("supplier") || flow_l.contains("seller") || suppliers {
        return Some(AgreementKind::SuppliersCredit);
    }
    if flow_l.contains("export credit") {
        return Some(AgreementKind::ExportCredit);
    }
    if flow_l.contains("technical assistance")
        || flow_l.contains("scholarship")
        || flow_l.contains("training")
    {
        return Some(AgreementKind::TechnicalAssistance);
    }
    if flow_l.contains("in-kind") || flow_l.contains("in kind") {
        return Some(AgreementKind::InKindDonation);
    }
    if flow_l.contains("grant") || flow_l.contains("debt forgiveness") {
        return Some(AgreementKind::Grant);
    }
    if flow_l.contains("loan") || flow_l.contains("debt rescheduling") {
        let class_l = class.to_lowercase();
        return Some(if concessional || class_l.starts_with("oda") {
            AgreementKind::ConcessionalLoan
        } else if class_l.starts_with("oof") {
            AgreementKind::CommercialLoan
        } else {
            AgreementKind::Loan
        });
    }
    None
}

fn is_lending(kind: AgreementKind) -> bool {
    matches!(
        kind,
        AgreementKind::Loan
            | AgreementKind::ConcessionalLoan
            | AgreementKind::CommercialLoan
            | AgreementKind::ExportCredit
            | AgreementKind::BuyersCredit
            | AgreementKind::SuppliersCredit
    )
}

/// The role an agency's part takes in an agreement of `kind`; `None` when
/// the kind has none for it (a collateral provider of a grant).
fn role_for(part: Part, kind: AgreementKind) -> Option<Role> {
    let lending = is_lending(kind);
    let swap = kind == AgreementKind::CurrencySwap;
    Some(match part {
        Part::Funding if swap => Role::Counterparty,
        Part::Funding if lending => Role::Lender,
        Part::Funding if kind == AgreementKind::CollaborationAgreement => Role::Funder,
        Part::Funding => Role::Grantor,
        Part::Receiving if swap => Role::Counterparty,
        Part::Receiving if lending => Role::Borrower,
        Part::Receiving | Part::IndirectReceiving => Role::Recipient,
        Part::CoFinancing => Role::CoFinancier,
        Part::Implementing => Role::ImplementingAgency,
        Part::Guarantor => Role::Guarantor,
        Part::Insurer => Role::Insurer,
        Part::Collateral if lending => Role::CollateralProvider,
        Part::Collateral => return None,
    })
}

fn role_words(role: Role) -> &'static str {
    use accord_model::Vocabulary;
    role.label()
}

fn kind_words(kind: AgreementKind) -> String {
    use accord_model::Vocabulary;
    kind.label().to_lowercase()
}

/// The party for one agency: found by its name, or made. A bare name that
/// is the short form another row gives in parentheses (`China Eximbank`
/// for `Export-Import Bank of China (China Eximbank)`) is that party, named
/// by its full name, whichever row comes first.
fn party_for(
    name: &str,
    ty: &str,
    part: Part,
    recipient: Option<CountryCode>,
    financier: Option<CountryCode>,
    project: u32,
    st: &mut State,
) -> usize {
    let (base, paren) = split_parenthesis(name);
    let ty_l = ty.to_lowercase();
    let name_l = base.to_lowercase();
    let origin = if ty_l.starts_with("chinese") {
        Origin::Chinese
    } else if ty_l.starts_with("recipient") {
        Origin::Recipient
    } else if ty_l.starts_with("other") {
        Origin::Other
    } else if part == Part::Funding {
        Origin::Chinese
    } else {
        Origin::Other
    };
    let (kind, kind_note, basis) = party_kind(ty, &base);
    let country = match origin {
        Origin::Chinese => financier.map(|c| {
            (
                c,
                if ty_l.starts_with("chinese") {
                    format!("AidData's agency type `{ty}` makes it Chinese.")
                } else {
                    format!(
                        "AidData lists it as a funding agency of a project financed by {} (`Financier Country`).",
                        c.name()
                    )
                },
            )
        }),
        Origin::Recipient => recipient.map(|c| {
            (
                c,
                format!(
                    "AidData's agency type `{ty}` places it in the recipient country, {}{}.",
                    c.name(),
                    if st.recipient_from_name {
                        " (read by the importer from the project's `Recipient` name, its `Recipient ISO-3` being blank)"
                    } else {
                        ""
                    }
                ),
            )
        }),
        // A special-purpose company that receives the money of a project in
        // the recipient country is taken to be of that country: AidData
        // types it `Other …` and gives none, so the mark says so.
        Origin::Other
            if kind == PartyKind::SpecialPurposeCompany
                && matches!(part, Part::Receiving | Part::IndirectReceiving) =>
        {
            recipient.map(|c| {
                (
                    c,
                    format!(
                        "AidData types it `{ty}` and gives no country; as the special-purpose company that receives the money of a project in {}, it is taken to be of that country.",
                        c.name()
                    ),
                )
            })
        }
        Origin::Other => None,
    };
    let (kind, basis) = if name_l.starts_with("unspecified")
        || name_l.starts_with("unidentified")
        || name_l.starts_with("unknown")
    {
        (PartyKind::UnidentifiedOrganisation, KindBasis::Type)
    } else {
        (kind, basis)
    };
    // A bare short form of a full name met elsewhere is that name.
    let base_key = name_key(&base);
    let (base_key, base, short_of) = match (&paren, st.short_forms.get(&base_key)) {
        (None, Some(Some((full_key, full)))) => (full_key.clone(), full.clone(), Some(base)),
        _ => (base_key, base, None),
    };
    // A party whose type gives no country (`Other …`) is recorded without
    // one: not stated, which validation notes and briefings count apart.
    let key = format!(
        "{}|{}",
        base_key,
        if origin == Origin::Recipient {
            country.as_ref().map_or("", |(c, _)| c.alpha2())
        } else {
            ""
        }
    );
    let index = match st.party_keys.get(&key) {
        Some(&i) => i,
        None => {
            let id = unique_id(&slug(&base, 72), "party", &mut st.party_ids);
            st.parties.push(PartyAcc {
                id,
                name: base.clone(),
                kind,
                country: if kind == PartyKind::InternationalOrganisation {
                    None
                } else {
                    country.clone()
                },
                aliases: Vec::new(),
                types: Vec::new(),
                projects: Vec::new(),
                kind_note: kind_note.clone(),
                basis,
            });
            st.party_keys.insert(key, st.parties.len() - 1);
            st.parties.len() - 1
        }
    };
    let p = &mut st.parties[index];
    // A kind read from a type replaces one read from a name, the nearest or
    // the fallback (met first without a type, then with one).
    if basis < p.basis {
        p.kind = kind;
        p.kind_note = kind_note;
        p.basis = basis;
        if p.kind == PartyKind::InternationalOrganisation {
            p.country = None;
        }
    }
    if basis != KindBasis::Type {
        let code = {
            use accord_model::Vocabulary;
            kind.code()
        };
        let name = p.name.clone();
        st.kind_readings
            .entry((ty.to_owned(), code, basis))
            .or_default()
            .insert(name);
    }
    let p = &mut st.parties[index];
    // Met first without a country (`Other …`), then with one: the country
    // a later row gives is kept.
    if p.country.is_none() && p.kind != PartyKind::InternationalOrganisation {
        p.country = country;
    }
    let mut add_alias = |a: String, k: AliasKind| {
        if a != p.name && !p.aliases.iter().any(|(x, _)| *x == a) {
            p.aliases.push((a, k));
        }
    };
    if let Some(short) = paren.or(short_of) {
        let k = if short.split_whitespace().count() == 1 {
            AliasKind::Abbreviation
        } else {
            AliasKind::ShortName
        };
        add_alias(short, k);
    }
    if base != p.name {
        add_alias(base, AliasKind::VariantSpelling);
    }
    if !ty.is_empty() && !p.types.iter().any(|x| x == ty) {
        p.types.push(ty.to_owned());
    }
    if p.projects.last() != Some(&project) {
        p.projects.push(project);
    }
    index
}

/// A stand-in party for a role AidData leaves unnamed.
fn unnamed_party(name: &str, country: Option<CountryCode>, project: u32, st: &mut State) -> usize {
    let key = format!("unnamed|{}", name_key(name));
    let index = match st.party_keys.get(&key) {
        Some(&i) => i,
        None => {
            let id = unique_id(&slug(name, 72), "party", &mut st.party_ids);
            st.parties.push(PartyAcc {
                id,
                name: name.to_owned(),
                kind: PartyKind::UnidentifiedOrganisation,
                country: country.map(|c| {
                    (
                        c,
                        format!(
                            "The project is {}'s: AidData's `Financier Country` or `Recipient` column.",
                            c.name()
                        ),
                    )
                }),
                aliases: Vec::new(),
                types: Vec::new(),
                projects: Vec::new(),
                kind_note: Some(
                    "AidData names no organisation for this part of the projects below: the record stands for whoever it was, and may be several bodies.".into(),
                ),
                basis: KindBasis::Type,
            });
            st.party_keys.insert(key, st.parties.len() - 1);
            st.parties.len() - 1
        }
    };
    let p = &mut st.parties[index];
    if p.projects.last() != Some(&project) {
        p.projects.push(project);
    }
    index
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    Chinese,
    Recipient,
    Other,
}

/// The party kind for an AidData agency type and name, how it was read,
/// and a note saying why when the type alone does not name it.
///
/// The type decides where it names a kind (`… Policy Bank`, `…
/// State-owned Company`, `… Government Agency`); a central bank, an
/// embassy and a development bank are told by their names. A type that
/// names only a sector (`Private Sector`, `State-owned Company`, none at
/// all) gives way to a name with the word `bank` in it: a commercial bank.
/// `Public Sector` is read as the nearest kind, a national government
/// body. Anything else (`Unknown Type`, `Miscellaneous`, a type this
/// version does not know) is the importer's fallback, `company`, with a
/// note in the party's description; the command's summary lists both.
fn party_kind(ty: &str, name: &str) -> (PartyKind, Option<String>, KindBasis) {
    let t = ty.to_lowercase();
    let n = name.to_lowercase();
    let words: Vec<&str> = t
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let name_words: Vec<&str> = n
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let named_bank = name_words
        .iter()
        .any(|w| matches!(*w, "bank" | "banco" | "banque" | "banca"));
    let stated = |k: PartyKind| (k, None, KindBasis::Type);
    let shown = if ty.is_empty() {
        "AidData gives no type for it".to_owned()
    } else {
        format!("AidData types it `{ty}`")
    };
    if t.contains("intergovernmental") || t.contains("multilateral") {
        return stated(PartyKind::InternationalOrganisation);
    }
    if n.contains("central bank")
        || n.starts_with("people's bank of china")
        || n.starts_with("people’s bank of china")
        || n.contains("monetary authority")
    {
        return stated(PartyKind::CentralBank);
    }
    if n.contains("embassy") || n.contains("consulate") {
        return stated(PartyKind::DiplomaticMission);
    }
    if t.contains("policy bank")
        || t.contains("development bank")
        || (t.contains("bank") && n.contains("development bank"))
    {
        return stated(PartyKind::DevelopmentBank);
    }
    if t.contains("bank") {
        return stated(PartyKind::CommercialBank);
    }
    if t.contains("joint venture") || t.contains("special purpose") {
        return stated(PartyKind::SpecialPurposeCompany);
    }
    // A type that names a sector, not a kind: a name with `bank` in it
    // says more.
    let sector_only = t.is_empty()
        || t.contains("private sector")
        || t.contains("state-owned")
        || t.contains("state owned")
        || words.contains(&"soe")
        || t.contains("unknown")
        || t.contains("miscellaneous");
    if sector_only && named_bank {
        let kind = if n.contains("development bank") {
            PartyKind::DevelopmentBank
        } else {
            PartyKind::CommercialBank
        };
        let code = {
            use accord_model::Vocabulary;
            kind.code()
        };
        return (
            kind,
            Some(format!(
                "{shown}; its name makes it a bank, so the importer records it as `{code}`."
            )),
            KindBasis::Name,
        );
    }
    if t.contains("state-owned company")
        || t.contains("state-owned enterprise")
        || t.contains("state owned company")
        || t.contains("state owned enterprise")
        || words.contains(&"soe")
    {
        return stated(PartyKind::StateOwnedEnterprise);
    }
    if t.contains("government") {
        return stated(PartyKind::NationalGovernment);
    }
    if t.contains("private sector") {
        return stated(PartyKind::Company);
    }
    if words.contains(&"ngo") || words.contains(&"cso") || t.contains("foundation") {
        return stated(PartyKind::NonProfit);
    }
    if t.contains("educational") || t.contains("academic") || t.contains("university") {
        return stated(PartyKind::University);
    }
    if t.contains("public sector") {
        return (
            PartyKind::NationalGovernment,
            Some(format!(
                "{shown}, which says only that it is a public body: `national-government` is the nearest kind, and it may be another (a local government, a state-owned company)."
            )),
            KindBasis::Nearest,
        );
    }
    (
        PartyKind::Company,
        Some(format!(
            "{shown}, which names no kind of organisation: `company` is the importer's fallback, not something AidData says."
        )),
        KindBasis::Fallback,
    )
}

/// A name without a final parenthesis, and the parenthesis when it reads
/// as another name for the same body (an abbreviation, or a shorter name):
/// `Export-Import Bank of China (China Eximbank)`.
fn split_parenthesis(name: &str) -> (String, Option<String>) {
    let name = collapse(name);
    if let Some(open) = name.rfind(" (")
        && name.ends_with(')')
    {
        let base = name[..open].trim().to_owned();
        let inner = name[open + 2..name.len() - 1].trim().to_owned();
        let single = inner.split_whitespace().count() == 1;
        if !base.is_empty()
            && !inner.is_empty()
            && !inner.contains('(')
            && (single || inner.chars().count() < base.chars().count())
            && is_short_form(&inner, &base)
        {
            return (base, Some(inner));
        }
    }
    (name, None)
}

/// Whether `short` reads as a short form of `full`: an acronym (one word
/// in capitals whose letters are initials of `full`'s words, in order:
/// `PBC`, `CHEC`), or a shorter name each of whose words is made of
/// letters of `full` in order, from the start of one of its words
/// (`China Eximbank`, `KfW`, `CELSE`). A parenthesis that is neither (a country,
/// `Ecuador`; an acronym in another language, `APG`) is not taken as another
/// name of the body, so it merges nothing.
fn is_short_form(short: &str, full: &str) -> bool {
    let letters = |w: &str| -> String {
        w.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let words: Vec<String> = full
        .split(|c: char| c.is_whitespace() || matches!(c, '-' | '/' | '&'))
        .map(letters)
        .filter(|w| !w.is_empty())
        .collect();
    let short_words: Vec<&str> = short.split_whitespace().collect();
    if let [one] = short_words.as_slice() {
        let l = letters(one);
        let capitals = one
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase);
        if capitals && l.chars().count() >= 2 {
            let initials: String = words.iter().filter_map(|w| w.chars().next()).collect();
            if is_subsequence(&l, &initials) {
                return true;
            }
        }
    }
    !short_words.is_empty()
        && short_words.iter().all(|w| {
            let l = letters(w);
            l.chars().count() >= 2
                && (0..words.len()).any(|i| {
                    words[i].chars().next() == l.chars().next()
                        && is_subsequence(&l, &words[i..].concat())
                })
        })
}

/// Whether the characters of `a` appear in `b` in order.
fn is_subsequence(a: &str, b: &str) -> bool {
    let mut rest = b.chars();
    a.chars().all(|c| rest.any(|d| d == c))
}

/// White space collapsed to single spaces, trimmed.
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What two names of one body share: case, curly quotes, white space and
/// final punctuation do not count.
fn name_key(name: &str) -> String {
    collapse(name)
        .to_lowercase()
        .replace(['’', '‘'], "'")
        .trim_end_matches(['.', ',', ';'])
        .to_owned()
}

/// The source records of a row, from its four parallel lists.
fn sources_of(
    t: &Table,
    row: usize,
    project: u32,
    st: &mut State,
    notes: &mut Vec<String>,
) -> Vec<String> {
    let col = |name: &str| t.column(name);
    let cell = |name: &str| t.cell(row, t.column(name));
    let urls_raw = cell("Source URLs");
    let titles_raw = cell("Source Titles");
    if urls_raw.is_empty() && titles_raw.is_empty() {
        return Vec::new();
    }
    let url_pieces = split_list(urls_raw, None);
    let total = parse_whole(cell("Total Source Count")).map(|n| n as usize);
    // The number of sources: the URLs', unless `Total Source Count` gives
    // another that some list has.
    let n = url_pieces.len();
    let _ = total;
    let mut lists: Vec<Option<Vec<String>>> = Vec::new();
    for name in [
        "Source Titles",
        "Source Publishers",
        "Source Resource Types",
    ] {
        let raw = cell(name);
        if raw.is_empty() {
            lists.push(Some(vec![String::new(); n]));
            continue;
        }
        let pieces = split_list(raw, Some(n));
        if pieces.len() == n {
            lists.push(Some(pieces));
        } else {
            st.diagnostics.push(t.at(
                Code::InvalidValue,
                Severity::Warning,
                row,
                col(name),
                format!(
                    "`{name}` lists {} entries for {n} source addresses, and the extra `|` cannot be told apart",
                    pieces.len()
                ),
                "the column is kept whole in the project's notes; its entries are not matched to the addresses",
            ));
            notes.push(format!("{name} (not matched to Source URLs): {raw}"));
            lists.push(None);
        }
    }
    let mut ids = Vec::new();
    for (i, url) in url_pieces.iter().enumerate() {
        let get = |k: usize| {
            lists[k]
                .as_ref()
                .and_then(|l| l.get(i))
                .map(|s| collapse(s))
                .unwrap_or_default()
        };
        let (title, publisher, ty) = (get(0), get(1), get(2));
        let url = url.trim();
        let key = if url.is_empty() {
            if title.is_empty() {
                continue;
            }
            format!("title:{}", name_key(&title))
        } else {
            url_key(url)
        };
        let index = match st.source_keys.get(&key) {
            Some(&x) => x,
            None => {
                let base = if url.is_empty() {
                    slug(&title, 60)
                } else {
                    slug(url_key(url).trim_start_matches("www."), 60)
                };
                let id = unique_id(&format!("src-{base}"), "src", &mut st.source_ids);
                st.sources.push(SourceAcc {
                    id,
                    url: None,
                    other_urls: Vec::new(),
                    titles: Vec::new(),
                    publishers: Vec::new(),
                    types: Vec::new(),
                    projects: Vec::new(),
                });
                st.source_keys.insert(key, st.sources.len() - 1);
                st.sources.len() - 1
            }
        };
        let s = &mut st.sources[index];
        if !url.is_empty() {
            let url = url.replace(' ', "%20");
            match &s.url {
                None => s.url = Some(url),
                Some(kept) if *kept == url => {}
                Some(kept) => {
                    // https is kept over http; the other spelling is noted.
                    if url.starts_with("https:") && !kept.starts_with("https:") {
                        let old = kept.clone();
                        s.url = Some(url);
                        if !s.other_urls.contains(&old) {
                            s.other_urls.push(old);
                        }
                    } else if !s.other_urls.contains(&url) {
                        s.other_urls.push(url);
                    }
                }
            }
        }
        for (list, v) in [
            (&mut s.titles, title),
            (&mut s.publishers, publisher),
            (&mut s.types, ty),
        ] {
            if !v.is_empty() && !list.contains(&v) {
                list.push(v);
            }
        }
        if s.projects.last() != Some(&project) {
            s.projects.push(project);
        }
        if !ids.contains(&s.id) {
            ids.push(s.id.clone());
        }
    }
    ids
}

/// Splits a `|`-separated list. With `expected`, a list with more pieces
/// than that is joined back where a `|` stands between spaces (`AsambleaSV
/// | Twitter`), which is how a bar inside a title reads, when exactly that
/// many such bars are found; otherwise the pieces are returned as split.
pub fn split_list(raw: &str, expected: Option<usize>) -> Vec<String> {
    let pieces: Vec<&str> = raw.split('|').collect();
    let Some(n) = expected else {
        return pieces.iter().map(|p| p.trim().to_owned()).collect();
    };
    if pieces.len() <= n || n == 0 {
        return pieces.iter().map(|p| p.trim().to_owned()).collect();
    }
    let extra = pieces.len() - n;
    let score = |i: usize| -> u8 {
        let left = pieces[i].ends_with(char::is_whitespace);
        let right = pieces[i + 1].starts_with(char::is_whitespace);
        u8::from(left) + u8::from(right)
    };
    for wanted in [2u8, 1] {
        let joins: Vec<usize> = (0..pieces.len() - 1)
            .filter(|&i| score(i) >= wanted)
            .collect();
        if joins.len() == extra {
            let mut out: Vec<String> = Vec::new();
            let mut current = pieces[0].to_owned();
            for i in 0..pieces.len() - 1 {
                if joins.contains(&i) {
                    current.push('|');
                    current.push_str(pieces[i + 1]);
                } else {
                    out.push(current.trim().to_owned());
                    current = pieces[i + 1].to_owned();
                }
            }
            out.push(current.trim().to_owned());
            return out;
        }
    }
    pieces.iter().map(|p| p.trim().to_owned()).collect()
}

/// What two addresses of one page share: the scheme (`http`, `https`),
/// the host's case, surrounding spaces and a final `/` do not count.
pub fn url_key(url: &str) -> String {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .or_else(|| url.strip_prefix("HTTPS://"))
        .or_else(|| url.strip_prefix("HTTP://"))
        .unwrap_or(url);
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let path = path.strip_suffix('/').unwrap_or(path);
    format!("{}{}", host.to_lowercase(), path.replace(' ', "%20"))
}

/// The figures of a row: committed and adjusted, each with AidData's
/// dollar equivalents.
fn amounts_of(
    t: &Table,
    row: usize,
    st: &mut State,
    to_notes: &mut Vec<&str>,
) -> Vec<StatedAmount> {
    let col = |name: &str| t.column(name);
    let cell = |name: &str| t.cell(row, t.column(name));
    let currency_raw = cell("Original Currency");
    let estimated = cell("Amount Estimated").eq_ignore_ascii_case("yes");
    let recommended_raw = cell("Recommended For Aggregates");
    let recommended = !recommended_raw.eq_ignore_ascii_case("no");
    if !recommended_raw.is_empty()
        && !recommended_raw.eq_ignore_ascii_case("yes")
        && !recommended_raw.eq_ignore_ascii_case("no")
    {
        st.diagnostics.push(t.at(
            Code::InvalidValue,
            Severity::Warning,
            row,
            col("Recommended For Aggregates"),
            format!("`{recommended_raw}` is neither Yes nor No"),
            "the adjusted amount is counted in totals as if Yes; the value is kept in the notes",
        ));
        to_notes.push("Recommended For Aggregates");
    }
    let umbrella = cell("Umbrella").eq_ignore_ascii_case("yes");
    let mut out = Vec::new();
    let read = |name: &'static str, st: &mut State, to_notes: &mut Vec<&str>| {
        figure_in(
            t,
            row,
            name,
            (
                "an amount",
                "write a plain number such as 1500000.0 (thousands separators are read); the cell is kept in the notes",
            ),
            Severity::Error,
            st,
            to_notes,
        )
    };
    let committed = read("Amount (Original Currency)", st, to_notes);
    let adjusted = read("Adjusted Amount (Original Currency)", st, to_notes);
    let nominal = read("Amount (Nominal USD)", st, to_notes);
    let constant = read("Amount (Constant USD 2021)", st, to_notes);
    let adj_nominal = read("Adjusted Amount (Nominal USD)", st, to_notes);
    let adj_constant = read("Adjusted Amount (Constant USD 2021)", st, to_notes);
    if committed.is_none() && adjusted.is_none() {
        // AidData's dollar columns without an original amount: kept in notes.
        for (name, v) in [
            ("Amount (Nominal USD)", nominal),
            ("Amount (Constant USD 2021)", constant),
            ("Adjusted Amount (Nominal USD)", adj_nominal),
            ("Adjusted Amount (Constant USD 2021)", adj_constant),
        ] {
            if v.is_some() {
                to_notes.push(name);
            }
        }
        if !currency_raw.is_empty() {
            to_notes.push("Original Currency");
        }
        return out;
    }
    let currency = if currency_raw.is_empty() {
        st.diagnostics.push(t.at(
            Code::MissingField,
            Severity::Warning,
            row,
            col("Original Currency"),
            "the amount has no currency".to_owned(),
            "the amount is recorded in an unknown currency, which totals list apart",
        ));
        Currency::Unknown
    } else {
        match Currency::from_str(&currency_raw.to_ascii_uppercase()) {
            Ok(c) => c,
            Err(_) => {
                st.diagnostics.push(t.at(
                    Code::UnknownValue,
                    Severity::Error,
                    row,
                    col("Original Currency"),
                    format!("`{currency_raw}` is not an ISO 4217 currency code"),
                    "the amount is recorded in an unknown currency; the code is kept in the notes",
                ));
                to_notes.push("Original Currency");
                Currency::Unknown
            }
        }
    };
    let equivalents = |original: Option<Amount>,
                       nominal: Option<Amount>,
                       constant: Option<Amount>,
                       adjusted: bool| {
        let prefix = if adjusted {
            "Adjusted Amount"
        } else {
            "Amount"
        };
        let mut v = Vec::new();
        let usd = super::gcdf::currency("USD");
        if let Some(n) = nominal
            && !(currency == usd && original == Some(n))
        {
            let rate = original.and_then(|o| {
                if o.0.is_zero() {
                    return None;
                }
                let r = n.0.checked_div(o.0)?.round_dp(12).normalize();
                (!r.is_zero())
                    .then(|| Amount::from_str(&r.to_string()).ok())
                    .flatten()
            });
            v.push(Equivalent {
                amount: n,
                currency: usd,
                rate,
                rate_date: None,
                source: plain(&format!(
                    "AidData GCDF 3.0, {prefix} (Nominal USD): dollars of the day, not adjusted for inflation"
                )),
                constant_prices: false,
            });
        }
        if let Some(c) = constant {
            // Constant 2021 dollars: the price basis is the year 2021,
            // which is the rate's date for this figure.
            v.push(Equivalent {
                amount: c,
                currency: usd,
                rate: None,
                rate_date: Some(DateValue::Stated(PartialDate::Year(2021))),
                source: plain(&format!(
                    "AidData GCDF 3.0, {prefix} (Constant USD 2021): deflated to 2021 prices"
                )),
                constant_prices: true,
            });
        }
        v
    };
    if let Some(a) = committed {
        out.push(StatedAmount {
            kind: AmountKind::Committed,
            amount: a,
            currency,
            qualifier: Qualifier::Exact,
            estimated,
            as_stated: None,
            equivalents: equivalents(Some(a), nominal, constant, false),
            left_out_of_totals: None,
            note: None,
        });
    }
    if let Some(a) = adjusted {
        let left_out = (!recommended).then(|| LeftOut {
            reason: if umbrella {
                LeftOutReason::Umbrella
            } else {
                LeftOutReason::NotRecommended
            },
            note: text("AidData: Recommended For Aggregates is No"),
        });
        let note = match committed {
            Some(c) if a.0.is_zero() && !c.0.is_zero() => text(
                "AidData adjusts this commitment to zero: none of it is new money (a rollover or a refinancing of money counted before)",
            ),
            Some(c) if a != c => {
                text("AidData's adjusted amount differs from the committed amount")
            }
            _ => None,
        };
        out.push(StatedAmount {
            kind: AmountKind::Adjusted,
            amount: a,
            currency,
            qualifier: Qualifier::Exact,
            estimated,
            as_stated: None,
            equivalents: equivalents(Some(a), adj_nominal, adj_constant, true),
            left_out_of_totals: left_out,
            note,
        });
    }
    out
}

/// A date column, with its `Estimated` flag and a year column to fall
/// back on.
/// One pair of project dates read from their columns (the date column and
/// the year column it falls back on), as `(column, year column, date)`.
type DateColumns<'a> = (
    &'static str,
    Option<&'static str>,
    &'a mut Option<DateValue>,
);

/// Checks that the later date of a pair (a completion, the last repayment)
/// is not certainly before the earlier one, as validation's `date-order`
/// does. When it is, one of the two must be wrong and the source cannot say
/// which: the record keeps one and the other goes to the notes under its
/// column's name, with a note on why, and a warning points at both cells.
/// AidData's own estimate gives way to a date it states; otherwise the
/// start (or first repayment) gives way, since the completion is the date
/// AidData's status and completion year rest on.
fn order_pair(
    t: &Table,
    row: usize,
    (early_col, early_year, early): DateColumns<'_>,
    (late_col, late_year, late): DateColumns<'_>,
    st: &mut State,
    to_notes: &mut Vec<&str>,
    notes: &mut Vec<String>,
) {
    let (Some(e), Some(l)) = (early.as_ref(), late.as_ref()) else {
        return;
    };
    if !l.span().is_certainly_before(&e.span()) {
        return;
    }
    // The column the value came from: the date, or the year beside it.
    let source = |date_col: &'static str, year_col: Option<&'static str>| -> &'static str {
        match year_col {
            Some(y) if t.cell(row, t.column(date_col)).is_empty() => y,
            _ => date_col,
        }
    };
    let (early_from, late_from) = (source(early_col, early_year), source(late_col, late_year));
    let estimated = |d: &DateValue| !matches!(d, DateValue::Stated(_));
    let drop_late = estimated(l) && !estimated(e);
    let (kept, dropped) = if drop_late {
        (early_from, late_from)
    } else {
        (late_from, early_from)
    };
    let message = format!("`{late_from}` ({l}) is before `{early_from}` ({e})");
    let hint = format!(
        "one of the two dates must be wrong: the record keeps `{kept}` and puts `{dropped}` in the notes under its name ({}); check both against the sources",
        if estimated(if drop_late { l } else { e }) && !estimated(if drop_late { e } else { l }) {
            "AidData's estimate gives way to a date it states"
        } else {
            "the first of the pair gives way to the last"
        }
    );
    let d = t
        .at(
            Code::DateOrder,
            Severity::Warning,
            row,
            t.column(late_from),
            message.clone(),
            &hint,
        )
        .with_label(
            &t.path,
            t.cell_span(row, t.column(early_from)),
            format!("`{early_from}` is here"),
        );
    st.diagnostics.push(d);
    notes.push(format!(
        "In AidData's row {message}: `{kept}` is recorded and `{dropped}` is kept here, since one of them must be wrong."
    ));
    to_notes.push(dropped);
    if drop_late {
        *late = None;
    } else {
        *early = None;
    }
}

fn date_cell(
    t: &Table,
    row: usize,
    name: &'static str,
    estimated: Option<&'static str>,
    year: Option<&'static str>,
    st: &mut State,
    to_notes: &mut Vec<&str>,
) -> Option<DateValue> {
    let raw = t.cell(row, t.column(name));
    let is_estimated =
        estimated.is_some_and(|e| t.cell(row, t.column(e)).eq_ignore_ascii_case("yes"));
    if raw.is_empty() {
        let y = year.map(|y| t.cell(row, t.column(y))).unwrap_or("");
        if y.is_empty() {
            return None;
        }
        let whole = y.split('.').next().unwrap_or(y);
        return match PartialDate::from_str(whole) {
            Ok(d) => Some(DateValue::Stated(d)),
            Err(_) => {
                let y = year.unwrap_or(name);
                st.diagnostics.push(t.at(
                    Code::InvalidValue,
                    Severity::Warning,
                    row,
                    t.column(y),
                    format!("`{y}` is `{whole}`, not a year"),
                    "the value is kept in the notes under the column's name",
                ));
                to_notes.push(y);
                None
            }
        };
    }
    let Some(date) = parse_date(raw) else {
        to_notes.push(name);
        // The year beside the date, when it has one that reads, stands in
        // for it: a year, marked as the importer's choice.
        let fallback = year.and_then(|y| {
            let v = t.cell(row, t.column(y));
            let whole = v.split('.').next().unwrap_or(v);
            match PartialDate::from_str(whole) {
                Ok(d @ PartialDate::Year(_)) => Some((y, whole.to_owned(), d)),
                _ => None,
            }
        });
        let Some((year_col, year_text, value)) = fallback else {
            st.diagnostics.push(t.at(
                Code::InvalidValue,
                Severity::Error,
                row,
                t.column(name),
                format!("`{name}` is `{raw}`, not a date"),
                "write YYYY-MM-DD or MM/DD/YYYY; the value is kept in the notes",
            ));
            return None;
        };
        st.diagnostics.push(t.at(
            Code::InvalidValue,
            Severity::Warning,
            row,
            t.column(name),
            format!("`{name}` is `{raw}`, not a date"),
            &format!(
                "the record keeps the year {year_text} from `{year_col}`, marked as the importer's choice, and the cell in the notes; write YYYY-MM-DD or MM/DD/YYYY to keep the day"
            ),
        ));
        return Some(DateValue::Annotated(Box::new(AnnotatedDate {
            value: Some(value),
            on_or_after: None,
            on_or_before: None,
            month_day: None,
            inferred: text(&format!(
                "AidData's `{name}` is `{raw}`, which is not a date: the importer keeps the year from `{year_col}` instead."
            )),
            outside_knowledge: None,
            as_stated: None,
        })));
    };
    if !is_estimated {
        return Some(DateValue::Stated(date));
    }
    let flag = estimated.unwrap_or(name);
    // AidData estimates a date whose day (and often month) no source gives
    // as 1 January of the year: that much is kept, and the mark says whose
    // estimate it is.
    let (value, why) = match date {
        PartialDate::Day(d) if chrono::Datelike::ordinal(&d) == 1 => (
            PartialDate::Year(chrono::Datelike::year(&d)),
            format!(
                "AidData gives {raw} as its own estimate (`{flag}`: Yes), not a date its sources state; an estimated 1 January stands for a date within the year, so only the year is kept."
            ),
        ),
        other => (
            other,
            format!(
                "AidData gives {raw} as its own estimate (`{flag}`: Yes), not a date its sources state."
            ),
        ),
    };
    Some(DateValue::Annotated(Box::new(AnnotatedDate {
        value: Some(value),
        on_or_after: None,
        on_or_before: None,
        month_day: None,
        inferred: text(&why),
        outside_knowledge: None,
        as_stated: None,
    })))
}

/// `2019-12-03`, `12/03/2019` or `2019-12-03 00:00:00`.
fn parse_date(raw: &str) -> Option<PartialDate> {
    let raw = raw.split_whitespace().next().unwrap_or(raw);
    if let Ok(d) = chrono::NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
        return Some(PartialDate::Day(d));
    }
    chrono::NaiveDate::parse_from_str(raw, "%m/%d/%Y")
        .ok()
        .map(PartialDate::Day)
}

/// A whole number, also when written `425.0`.
fn parse_whole(raw: &str) -> Option<u32> {
    let raw = raw.trim();
    let whole = raw.strip_suffix(".0").unwrap_or(raw);
    whole.parse().ok()
}

/// An amount as AidData writes it (`1500000.0`, `2.5e7`), to the 12
/// decimals the model keeps.
/// The figure in column `name` of `row`: `None` for an empty cell. A cell
/// that is not a figure of zero or more gives a diagnostic of `severity` at
/// the cell, worded with `words` (what was expected, and the hint), and its
/// column goes to the notes.
fn figure_in(
    t: &Table,
    row: usize,
    name: &'static str,
    words: (&str, &str),
    severity: Severity,
    st: &mut State,
    to_notes: &mut Vec<&str>,
) -> Option<Amount> {
    let raw = t.cell(row, t.column(name));
    if raw.is_empty() {
        return None;
    }
    match parse_amount(raw) {
        Some(a) if !a.0.is_sign_negative() => Some(a),
        _ => {
            let (what, hint) = words;
            st.diagnostics.push(t.at(
                Code::InvalidValue,
                severity,
                row,
                t.column(name),
                format!("`{name}` is `{raw}`, not {what}"),
                hint,
            ));
            to_notes.push(name);
            None
        }
    }
}

fn parse_amount(raw: &str) -> Option<Amount> {
    let raw = raw.trim().replace(',', "");
    let d = Decimal::from_str(&raw)
        .or_else(|_| Decimal::from_scientific(&raw))
        .ok()?;
    let d = d.round_dp(12).normalize();
    Amount::from_str(&d.to_string()).ok()
}

/// The country of an ISO 3166-1 alpha-3 code.
fn alpha3(code: &str) -> Option<CountryCode> {
    let c = rust_iso3166::from_alpha3(&code.trim().to_ascii_uppercase())?;
    CountryCode::from_str(c.alpha2).ok()
}

/// The country a name such as GCDF's `Recipient` names: ISO 3166-1's
/// English short name (`Bolivia (Plurinational State of)`), or its part
/// before a parenthesis or a comma (`Bolivia`) when no other country
/// shares that part; a leading `the`, case, accents and punctuation do not
/// count. `None` for a name that is no country's (`Africa, regional`), so
/// that only a name that surely names another country is called a
/// mismatch.
fn country_named(name: &str) -> Option<CountryCode> {
    static NAMES: std::sync::OnceLock<HashMap<String, Option<CountryCode>>> =
        std::sync::OnceLock::new();
    let names = NAMES.get_or_init(|| {
        let strip = |s: &str| {
            let f = fold(s);
            f.strip_prefix("the ").map(str::to_owned).unwrap_or(f)
        };
        let mut full: HashMap<String, Option<CountryCode>> = HashMap::new();
        let mut short: HashMap<String, Option<CountryCode>> = HashMap::new();
        for c in CountryCode::all() {
            full.insert(strip(c.name()), Some(c));
            let cut = c.name().split([',', '(']).next().unwrap_or_default();
            let key = strip(cut);
            short
                .entry(key)
                .and_modify(|v| {
                    if *v != Some(c) {
                        *v = None;
                    }
                })
                .or_insert(Some(c));
        }
        for (k, v) in short {
            full.entry(k).or_insert(v);
        }
        full
    });
    let key = fold(name);
    let key = key.strip_prefix("the ").unwrap_or(&key);
    names.get(key).copied().flatten()
}

/// The country of `Financier Country` (`China (People's Republic of)`).
fn financier_country(raw: &str) -> Option<CountryCode> {
    let l = raw.to_lowercase();
    if l.is_empty() || l.starts_with("china") {
        return CountryCode::from_str("CN").ok();
    }
    CountryCode::all().find(|c| c.name().to_lowercase() == l)
}

/// The UN M49 area of GCDF's `Recipient Region` (for regional projects).
fn region_area(raw: &str) -> Option<accord_model::AreaCode> {
    let code = match raw.to_lowercase().as_str() {
        "africa" => "002",
        "america" | "americas" => "019",
        "asia" => "142",
        "europe" => "150",
        "oceania" | "pacific" => "009",
        "middle east" => "145",
        "multi-region" | "global" => "001",
        _ => return None,
    };
    accord_model::AreaCode::from_str(code).ok()
}

/// The ISO 3166-2 subdivision of `country` named `name` (case, accents
/// and a leading "Saint"/"St." do not count), when exactly one has it.
fn subdivision_named(country: CountryCode, name: &str) -> Option<SubdivisionCode> {
    let c = rust_iso3166::from_alpha2(country.alpha2())?;
    let want = fold(name);
    let mut found = c.subdivisions()?.iter().filter(|s| fold(s.name) == want);
    let first = found.next()?;
    if found.next().is_some() {
        return None;
    }
    SubdivisionCode::from_str(first.code).ok()
}

/// A name folded for comparison: lower case, accents off, `St.` read as
/// `saint`, punctuation as spaces.
fn fold(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| fold_char(c).unwrap_or(c))
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let words: Vec<&str> = s
        .split_whitespace()
        .map(|w| if w == "st" { "saint" } else { w })
        .collect();
    words.join(" ")
}

/// The plain Latin letter of an accented one.
fn fold_char(c: char) -> Option<char> {
    Some(match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ā' => 'a',
        'Á' | 'À' | 'Â' | 'Ä' | 'Ã' | 'Å' | 'Ā' => 'A',
        'é' | 'è' | 'ê' | 'ë' | 'ē' => 'e',
        'É' | 'È' | 'Ê' | 'Ë' | 'Ē' => 'E',
        'í' | 'ì' | 'î' | 'ï' | 'ī' => 'i',
        'Í' | 'Ì' | 'Î' | 'Ï' | 'Ī' => 'I',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' | 'ō' => 'o',
        'Ó' | 'Ò' | 'Ô' | 'Ö' | 'Õ' | 'Ø' | 'Ō' => 'O',
        'ú' | 'ù' | 'û' | 'ü' | 'ū' => 'u',
        'Ú' | 'Ù' | 'Û' | 'Ü' | 'Ū' => 'U',
        'ç' => 'c',
        'Ç' => 'C',
        'ñ' => 'n',
        'Ñ' => 'N',
        'ý' | 'ÿ' => 'y',
        _ => return None,
    })
}

/// An id from text: ASCII letters and digits (accents folded) in words
/// joined by hyphens, at most `max` characters, cut at a hyphen.
pub fn slug(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut hyphen = false;
    for c in text.chars() {
        let c = fold_char(c).unwrap_or(c);
        if c.is_ascii_alphanumeric() {
            if hyphen && !out.is_empty() {
                out.push('-');
            }
            hyphen = false;
            out.push(c.to_ascii_lowercase());
        } else if c != '\'' && c != '’' {
            hyphen = true;
        }
    }
    if out.len() > max {
        let cut = out[..max].rfind('-').unwrap_or(max);
        out.truncate(cut);
    }
    out
}

/// `base`, or `base-2`, `base-3` … when taken; `fallback` when `base` is
/// empty (a name in another script).
fn unique_id(base: &str, fallback: &str, taken: &mut HashSet<String>) -> String {
    let base = if base.is_empty() { fallback } else { base };
    let mut id = base.to_owned();
    let mut n = 2;
    while taken.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    taken.insert(id.clone());
    id
}

/// Text for a field: control characters dropped; `None` when nothing
/// visible is left.
fn text(s: &str) -> Option<Text> {
    let cleaned: String = s
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect();
    Text::new(cleaned.trim()).ok()
}

/// Text the importer writes itself, which is never empty.
fn plain(s: &str) -> Text {
    text(s).unwrap_or_else(unreachable_parties)
}

fn marked<T>(value: T, why: &str) -> Fact<T> {
    Fact::Marked(Box::new(Marked {
        value,
        inferred: text(why),
        outside_knowledge: None,
        as_stated: None,
    }))
}

fn currency(code: &str) -> Currency {
    Currency::from_str(code).unwrap_or(Currency::Unknown)
}

fn agreement_id(s: &str) -> AgreementId {
    AgreementId::new(s).unwrap_or_else(|_| unreachable_parties())
}

fn party_id(s: &str) -> PartyId {
    PartyId::new(s).unwrap_or_else(|_| unreachable_parties())
}

fn source_id(s: &str) -> SourceId {
    SourceId::new(s).unwrap_or_else(|_| unreachable_parties())
}

/// At most `n` project ids in words, with how many more.
fn project_list(projects: &[u32], n: usize) -> String {
    let shown: Vec<String> = projects.iter().take(n).map(u32::to_string).collect();
    let mut s = shown.join(", ");
    if projects.len() > n {
        s.push_str(&format!(" and {} more", projects.len() - n));
    }
    s
}

fn party_record(p: &PartyAcc) -> Party {
    let mut description = format!(
        "Named in AidData's Global Chinese Development Finance dataset (GCDF 3.0), projects {}",
        project_list(&p.projects, 8)
    );
    if p.types.is_empty() {
        description.push('.');
    } else {
        let types: Vec<String> = p.types.iter().map(|t| format!("`{t}`")).collect();
        description.push_str(&format!(", with the agency type {}.", types.join(", ")));
    }
    if let Some(note) = &p.kind_note {
        description.push(' ');
        description.push_str(note);
    }
    if p.country.is_none() && !p.kind.country_optional() {
        description.push_str(" AidData gives no country for it, so none is recorded.");
    }
    Party {
        id: party_id(&p.id),
        name: plain(&p.name),
        kind: p.kind,
        country: p.country.as_ref().map(|(c, why)| marked(*c, why)),
        subdivision: None,
        city: None,
        local_name: None,
        aliases: p
            .aliases
            .iter()
            .filter_map(|(a, k)| {
                Some(Alias {
                    name: text(a)?,
                    kind: *k,
                    note: None,
                })
            })
            .collect(),
        parent: None,
        owners: Vec::new(),
        identifiers: Vec::new(),
        website: None,
        description: text(&description),
        sources: vec![Citation {
            source: source_id(DATASET_SOURCE),
            locator: text(&format!(
                "agency columns of projects {}",
                project_list(&p.projects, 8)
            )),
            supports: Vec::new(),
        }],
    }
}

fn source_kind(ty: &str) -> SourceKind {
    let l = ty.to_lowercase();
    if l.contains("media") {
        SourceKind::NewsArticle
    } else if l.contains("official") {
        SourceKind::GovernmentPublication
    } else if l.contains("academic") || l.contains("ngo") || l.contains("civil society") {
        SourceKind::Report
    } else if l.contains("blog") {
        SourceKind::BlogPost
    } else {
        SourceKind::WebPage
    }
}

fn source_record(s: &SourceAcc) -> Source {
    let mut notes = Vec::new();
    let url = s.url.as_deref().and_then(|u| Url::new(u).ok());
    if let Some(u) = &s.url
        && url.is_none()
    {
        notes.push(format!(
            "AidData gives the address `{u}`, which is not a web address."
        ));
    }
    for other in &s.other_urls {
        notes.push(format!("Also listed by AidData as {other}."));
    }
    if let Some(first) = s.types.first() {
        let types: Vec<String> = s.types.iter().map(|t| format!("`{t}`")).collect();
        notes.push(format!(
            "AidData's resource type (Source Resource Types): {}; the kind {} is the importer's reading of `{first}`.",
            types.join(", "),
            {
                use accord_model::Vocabulary;
                source_kind(first).code()
            }
        ));
    }
    for t in s.titles.iter().skip(1) {
        notes.push(format!("Also titled by AidData: {t}"));
    }
    for p in s.publishers.iter().skip(1) {
        notes.push(format!("Also attributed by AidData to: {p}"));
    }
    notes.push(format!(
        "Listed by AidData as a source of projects {}.",
        project_list(&s.projects, 8)
    ));
    let title = s
        .titles
        .first()
        .and_then(|t| text(t))
        .or_else(|| s.url.as_deref().and_then(text))
        .unwrap_or_else(|| plain("Untitled source listed by AidData"));
    Source {
        id: source_id(&s.id),
        title,
        kind: s
            .types
            .first()
            .map_or(SourceKind::WebPage, |t| source_kind(t)),
        publisher: s.publishers.first().and_then(|p| text(p)),
        published: None,
        url,
        archived_url: None,
        retrieved: None,
        language: None,
        notes: notes.iter().filter_map(|n| text(n)).collect(),
    }
}

/// The source record for the dataset itself, with the attribution its
/// licence asks for.
fn dataset_source() -> Source {
    Source {
        id: source_id(DATASET_SOURCE),
        title: plain("Global Chinese Development Finance Dataset, Version 3.0"),
        kind: SourceKind::Report,
        publisher: text("AidData, a research lab at William & Mary"),
        published: None,
        url: Url::new("https://www.aiddata.org/data/aiddatas-global-chinese-development-finance-dataset-version-3-0").ok(),
        archived_url: None,
        retrieved: None,
        language: None,
        notes: vec![
            plain("Licensed under the Open Data Commons Attribution License (ODC-By 1.0): any public use must attribute AidData (AidData, a research lab at William & Mary, \"Global Chinese Development Finance Dataset, Version 3.0\")."),
            plain("The records citing it were written by `accord import gcdf` from the dataset's project table: agency types, flags, estimates, dollar conversions and adjusted amounts are AidData's coding of its sources."),
        ],
    }
}

/// What was mapped where, one line per column.
fn summary(t: &Table, st: &State, agreements: usize, places: bool) -> String {
    let mut out = format!(
        "imported {agreements} project{} from {}: {agreements} agreement{}, {} part{}, {} source{} (and the dataset's own)\n",
        if agreements == 1 { "" } else { "s" },
        t.path.display(),
        if agreements == 1 { "" } else { "s" },
        st.parties.len(),
        if st.parties.len() == 1 { "y" } else { "ies" },
        st.sources.len(),
        if st.sources.len() == 1 { "" } else { "s" },
    );
    let filled = |name: &str| {
        t.column(name)
            .and_then(|c| st.filled.get(&c))
            .copied()
            .unwrap_or(0)
    };
    out.push_str("columns mapped to fields (rows with a value):\n");
    for (name, dest) in COLUMNS {
        if let Some(dest) = dest {
            out.push_str(&format!("  {name} → {dest} ({})\n", filled(name)));
        }
    }
    out.push_str("columns kept in the agreements' notes under their names (rows with a value):\n");
    for (name, dest) in COLUMNS {
        if dest.is_none() {
            out.push_str(&format!("  {name} ({})\n", filled(name)));
        }
    }
    let known: HashSet<&str> = COLUMNS.iter().map(|(c, _)| *c).collect();
    for h in t.headers.iter().filter(|h| !known.contains(h.as_str())) {
        out.push_str(&format!("  {h}, not a GCDF 3.0 column ({})\n", filled(h)));
    }
    if !st.kind_readings.is_empty() {
        out.push_str(
            "agency types that do not name a kind by themselves (each party's description says how its kind was read):\n",
        );
        for ((ty, code, basis), names) in &st.kind_readings {
            let how = match basis {
                KindBasis::Name => "by the name",
                KindBasis::Nearest => "the nearest kind",
                KindBasis::Fallback | KindBasis::Type => "the importer's fallback",
            };
            let shown: Vec<&str> = names.iter().take(5).map(String::as_str).collect();
            let more = if names.len() > 5 {
                format!(" and {} more", names.len() - 5)
            } else {
                String::new()
            };
            let ty = if ty.is_empty() {
                "(no type)".to_owned()
            } else {
                format!("`{ty}`")
            };
            out.push_str(&format!(
                "  {ty} → {code}, {how}: {}{more}\n",
                shown.join("; ")
            ));
        }
    }
    if !st.statuses_near.is_empty() {
        out.push_str("statuses without one of Accord's (the nearest is recorded, AidData's word kept in the notes):\n");
        for (mapping, n) in &st.statuses_near {
            out.push_str(&format!(
                "  {mapping} ({n} project{})\n",
                if *n == 1 { "" } else { "s" }
            ));
        }
    }
    if places {
        out.push_str("places table: shapeName → places (subdivision when ISO 3166-2 has the name, else locality); its other columns → the agreements' notes\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Short forms taken, and parentheses that are not one.
    #[test]
    fn short_forms_are_read_conservatively() {
        for (short, full) in [
            ("China Eximbank", "Export-Import Bank of China"),
            ("CDB", "China Development Bank"),
            ("PBC", "People's Bank of China"),
            ("CHEC", "China Harbour Engineering Co., Ltd."),
            ("IFC", "International Finance Corporation"),
            ("CELSE", "Centrais Elétricas de Sergipe SA"),
        ] {
            assert!(is_short_form(short, full), "{short} for {full}");
        }
        for (other, full) in [
            ("Ecuador", "Ministry of Finance"),
            ("Ghana", "Ministry of Finance"),
            ("APG", "Guayaquil Port Authority"),
            ("KFW", "Germany Development Bank"),
            (
                "API Manzanillo",
                "Port Administration of Manzanillo S.A. de C.V.",
            ),
            ("Tongfang Vision", "Nuctech Company Limited"),
        ] {
            assert!(!is_short_form(other, full), "{other} for {full}");
        }
    }

    /// Names of countries as GCDF writes them, and names of none.
    #[test]
    fn recipient_names_read_as_countries_only_when_sure() {
        let code = |a2: &str| CountryCode::from_str(a2).ok();
        for (name, a2) in [
            ("El Salvador", "SV"),
            ("Bahamas", "BS"),
            ("The Bahamas", "BS"),
            ("Venezuela", "VE"),
            ("Bolivia", "BO"),
            ("Cote d'Ivoire", "CI"),
            ("Congo", "CG"),
            ("Viet Nam", "VN"),
        ] {
            assert_eq!(country_named(name), code(a2), "{name}");
        }
        for name in ["Africa, regional", "Korea", "", "America"] {
            assert_eq!(country_named(name), None, "{name}");
        }
    }

    /// A party met first typed `Other …` (no country), then typed Chinese,
    /// is one party that takes China; a later `Other …` row keeps it.
    #[test]
    fn a_party_first_met_without_a_country_takes_a_later_one() {
        let mut st = State::default();
        let cn = CountryCode::from_str("CN").ok();
        let first = party_for(
            "Example Works",
            "Other Private Sector",
            Part::CoFinancing,
            None,
            cn,
            1,
            &mut st,
        );
        assert!(st.parties[first].country.is_none());
        let second = party_for(
            "Example Works",
            "Chinese Private Sector",
            Part::Implementing,
            None,
            cn,
            2,
            &mut st,
        );
        assert_eq!(first, second);
        assert_eq!(st.parties[first].country.as_ref().map(|(c, _)| *c), cn);
        let third = party_for(
            "Example Works",
            "Other Private Sector",
            Part::CoFinancing,
            None,
            cn,
            3,
            &mut st,
        );
        assert_eq!(first, third);
        assert_eq!(st.parties[first].country.as_ref().map(|(c, _)| *c), cn);
        assert_eq!(st.parties[first].projects, [1, 2, 3]);
    }
}
