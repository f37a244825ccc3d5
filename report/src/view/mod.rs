//! The briefing as a renderer sees it: every figure computed, every text
//! written, nothing left to decide. The HTML and the PDF are both drawn
//! from one [`Briefing`], so they always say the same thing.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use accord_model::{
    Agreement, AgreementId, Amount, AmountKind, Certainty, CountryCode, Currency, Dataset,
    DateValue, LeftOut, M49Area, Money, OccasionId, PartialDate, PartyId, PartyKind, Qualifier,
    Role, Sector, SourceId, StatedAmount, Vocabulary,
};
use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::chart::Chart;
use crate::format;
use crate::marks::{self, MarkKind};
use crate::{Filters, Options, RateTable};
pub use sections::{COMPACT, Section, SectionKind, WORDING, Wording};

mod collaborations;
mod corridors;
mod key_figures;
mod parties;
mod people;
mod quality;
mod regions_and_sectors;
mod sections;
mod sources;
mod summary;
#[allow(unused_imports)]
use collaborations::*;
#[allow(unused_imports)]
use corridors::*;
#[allow(unused_imports)]
use key_figures::*;
#[allow(unused_imports)]
use parties::*;
#[allow(unused_imports)]
use people::*;
#[allow(unused_imports)]
use quality::*;
#[allow(unused_imports)]
use regions_and_sectors::*;
#[allow(unused_imports)]
use sources::*;
pub use summary::Standing;
#[allow(unused_imports)]
use summary::*;

/// Everything a briefing says.
#[derive(Debug, Clone, PartialEq)]
pub struct Briefing {
    /// The document's title.
    pub title: String,
    /// The briefing's date.
    pub as_of: NaiveDate,
    /// The date as printed: `11 December 2025`.
    pub as_of_text: String,
    /// What the briefing covers: the filters in words, one per line.
    pub scope: Vec<String>,
    /// Collaborations a date filter keeps only because their dates may
    /// fall in the period, though they may also fall outside it: each as
    /// `title: date`. Empty without `since` or `until`.
    pub kept_by_overlap: Vec<String>,
    /// How to read the marks, source numbers and dates, one paragraph each.
    pub how_to_read: Vec<String>,
    /// What the dataset held before filtering.
    pub dataset_summary: String,
    /// True when no collaboration matched the filters.
    pub empty: bool,
    /// Headline numbers.
    pub key_figures: Vec<KeyFigure>,
    /// Money totals per currency, in words; never mixed.
    pub totals: Vec<String>,
    /// Totals sources report for occasions (never added to anything).
    pub reported_totals: Vec<String>,
    /// How the totals were converted, when a rate table was given.
    pub conversion: Option<String>,
    /// Collaborations by region (rows) and top-level sector (columns).
    pub matrix: Matrix,
    /// Charts that add to the tables: by status, and by year when the
    /// timeline groups the collaborations.
    pub charts: Vec<Chart>,
    /// The map of where the collaborations are, when any involves a country.
    pub map: Option<crate::figure::MapFigure>,
    /// The timeline of when they were agreed, when any has a date.
    pub timeline: Option<crate::figure::Timeline>,
    /// What changed since an older version of the data, when the options
    /// name one (`Options::changes_since`).
    pub changes: Option<crate::changes::Changes>,
    /// The bilateral corridors of the parties' home countries.
    pub corridors: Vec<Corridor>,
    /// The parties left out of every corridor because their country is
    /// not stated, in words, when there are any: printed with the
    /// corridors' notes.
    pub corridors_left_out: Option<String>,
    /// One section per region, with its collaborations.
    pub regions: Vec<RegionSection>,
    /// Notes and explanations of marks that several entries share,
    /// printed once after the entries; an entry refers to one as `shared
    /// note N`, its place in this list counted from 1.
    pub shared_notes: Vec<String>,
    /// The parties of the selected collaborations.
    pub parties: Vec<PartyEntry>,
    /// The people named in the selected collaborations and their occasions.
    pub people: Vec<PersonEntry>,
    /// The sources cited, numbered.
    pub sources: Vec<SourceEntry>,
    /// Notes on data quality.
    pub quality: Vec<NoteGroup>,
    /// The key messages of the summary, most important first.
    pub summary: Vec<KeyMessage>,
    /// Who issues the briefing, when the options name them.
    pub issuer: Option<String>,
    /// The sections the options include (see [`Briefing::sections`] for
    /// those printed).
    pub included: Vec<SectionKind>,
    /// The fixed sentences, the same in both formats.
    pub wording: Wording,
}

/// One key message of the summary: a sentence a reader can check, and the
/// entries it rests on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyMessage {
    /// The sentence, with the signs of the marked facts it rests on.
    pub text: String,
    /// The entries it rests on, each as (anchor, title).
    pub entries: Vec<(String, String)>,
}

impl Briefing {
    /// The notes on key figures that rest on marked facts, each as
    /// `value label: note`, as both formats print them under the figures.
    pub fn figure_notes(&self) -> Vec<String> {
        self.key_figures
            .iter()
            .filter_map(|f| {
                f.note
                    .as_ref()
                    .map(|note| format!("{} {}: {note}", f.value, f.label))
            })
            .collect()
    }

    /// The notes on corridors that rest on marked home countries, each as
    /// `name: note`, as both formats print them under the table.
    /// The parties left out because their country is not stated come last.
    pub fn corridor_notes(&self) -> Vec<String> {
        self.corridors
            .iter()
            .filter_map(|c| c.note.as_ref().map(|note| format!("{}: {note}", c.name)))
            .chain(self.corridors_left_out.clone())
            .collect()
    }
}

/// A headline number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyFigure {
    /// The number, as printed.
    pub value: String,
    /// What it counts.
    pub label: String,
    /// How far the figure rests on marked facts, when it does.
    pub note: Option<String>,
}

/// The region × sector matrix. Whichever of the two has fewer members runs
/// across the top, so the columns stay wide enough to read.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Matrix {
    /// What the rows are: `Region` or `Sector`.
    pub corner: String,
    /// What the last row and column total: `All regions` or `All sectors`.
    pub row_total_label: String,
    /// The heading of the last column.
    pub column_total_label: String,
    /// Column headings.
    pub columns: Vec<String>,
    /// One row per region (or sector).
    pub rows: Vec<MatrixRow>,
    /// The last row: totals per column.
    pub totals: Vec<MatrixCell>,
    /// Distinct collaborations in all.
    pub grand_total: usize,
}

/// One row of the matrix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatrixRow {
    /// The region's (or sector's) name.
    pub label: String,
    /// One cell per column.
    pub cells: Vec<MatrixCell>,
    /// Distinct collaborations in the row.
    pub total: usize,
    /// Their stated values, totalled per currency.
    pub total_values: Vec<String>,
}

/// One cell: a count and the values it sums.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MatrixCell {
    /// Distinct collaborations.
    pub count: usize,
    /// Stated values, totalled per currency.
    pub values: Vec<String>,
}

/// A pair of home countries and the collaborations between their parties.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Corridor {
    /// `China – United Kingdom`, or `China (domestic)`.
    pub name: String,
    /// How many collaborations.
    pub count: usize,
    /// Their titles, the first twelve of them, with a last
    /// item saying how many more there are.
    pub titles: Vec<String>,
    /// How many of them count here only through a marked home country.
    pub marked: usize,
    /// Which parties' marked countries the corridor rests on, in words;
    /// `None` when it rests on none.
    pub note: Option<String>,
}

/// How many titles a corridor lists before saying "and N more".
pub const CORRIDOR_TITLES: usize = 12;

/// A region's section: where it is and what takes effect there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionSection {
    /// An id for links and bookmarks.
    pub anchor: String,
    /// The region's name, such as `Eastern Asia`.
    pub name: String,
    /// Where it sits: `Asia (M49 142) › Eastern Asia (M49 030)`.
    pub path: String,
    /// The countries and subdivisions named in it, with counts.
    pub places: Vec<String>,
    /// The collaborations whose entries it prints, most significant
    /// first: value, then standing, then the more recent.
    pub collaborations: Vec<Collaboration>,
    /// The collaborations that also take effect here, whose entries are
    /// printed in another region's section: each as (anchor, title).
    pub also: Vec<(String, String)>,
}

/// One collaboration, summarised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collaboration {
    /// The agreement's id, also an anchor.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Labelled facts, in reading order: kind, status, dates, parties …
    /// A marked fact carries its sign (`†`, `‡`); a fact a citation names
    /// in `supports` is followed by that source's number (`[2]`).
    pub facts: Vec<(String, String)>,
    /// The people named, each with their part, positions and
    /// affiliations: `Host: Hao Peng, Secretary (Liaoning Provincial Party
    /// Committee)`.
    pub people: Vec<String>,
    /// The dated stages of its history, oldest first, each with its sources.
    pub stages: Vec<String>,
    /// What each sign in the entry means: the reasoning or the reference.
    pub marks: Vec<String>,
    /// The author's summary.
    pub summary: String,
    /// Objectives, one per item.
    pub objectives: Vec<String>,
    /// Targets and benchmarks, in words.
    pub targets: Vec<String>,
    /// Notes on the record.
    pub notes: Vec<String>,
    /// Citations: source numbers and locators, such as `[2] List of Signings, item 3`.
    pub citations: Vec<String>,
}

/// A party in the directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartyEntry {
    /// Its name.
    pub name: String,
    /// Its name in its own script.
    pub local_name: Option<LocalNameText>,
    /// Kind of organisation.
    pub kind: String,
    /// City, subdivision and country, each with its sign when marked.
    pub home: String,
    /// Other names, parent, collaborations, and what each sign means.
    pub details: Vec<String>,
}

/// A name in its own script, as a briefing prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalNameText {
    /// The name.
    pub text: String,
    /// Its BCP 47 language tag, such as `zh-Hans`.
    pub language: String,
    /// The sign of its mark (`†`, `‡`), or empty.
    pub sign: String,
}

/// A person in the directory of people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonEntry {
    /// The name, or `the` and the first position when the sources name
    /// only the office; with its sign when marked.
    pub name: String,
    /// The name in its own script.
    pub local_name: Option<LocalNameText>,
    /// Positions with their organisations, each with its sign when marked.
    pub positions: Vec<String>,
    /// Where the person appears, and what each sign means.
    pub details: Vec<String>,
}

/// A cited source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceEntry {
    /// Its number in citations.
    pub number: usize,
    /// Title, kind, publisher, date and retrieval date in words.
    pub text: String,
    /// Its address, when known.
    pub url: Option<Address>,
    /// The address of an archived copy, when known.
    pub archived: Option<Address>,
}

/// A web address, as written and as a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    /// The address as the record writes it, to show.
    pub text: String,
    /// The address to link to: 7-bit ASCII, with every other character
    /// percent-encoded (see [`crate::link_address`]).
    pub link: String,
}

/// Characters a URI may not hold as they are (RFC 3986, section 2): C0
/// controls, DEL, the space and `` "<>\^`{|} ``. Every byte of a non-ASCII
/// character is encoded as well.
const NOT_IN_URI: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// A web address as a URI a PDF link (which must be 7-bit ASCII) or an
/// HTML `href` can hold: non-ASCII characters, controls, spaces and the
/// other characters no URI holds as they are become `%XX` escapes of their
/// UTF-8 bytes, as browsers encode them. `%` stays, so escapes the
/// address already has are kept: `https://example.org/straße?q=a b` →
/// `https://example.org/stra%C3%9Fe?q=a%20b`.
pub fn link_address(url: &str) -> String {
    percent_encoding::utf8_percent_encode(url, NOT_IN_URI).to_string()
}

/// A group of data-quality notes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteGroup {
    /// What the notes are about.
    pub title: String,
    /// The notes.
    pub items: Vec<String>,
}

/// The label used for collaborations with no place.
pub const NO_PLACE: &str = "Place not stated";

/// Builds the briefing from a dataset and options.
pub fn build(dataset: &Dataset, options: &Options) -> Briefing {
    let filters = &options.filters;
    let selected: Vec<&Agreement> = dataset
        .agreements
        .values()
        .map(|a| &**a)
        .filter(|a| filters.matches(dataset, a))
        .collect();
    let as_of = options.as_of.unwrap_or_else(|| latest_date(dataset));
    let mut briefing = Briefing {
        title: options
            .title
            .clone()
            .unwrap_or_else(|| subject(dataset, &selected, filters)),
        as_of,
        as_of_text: format::partial_date(&PartialDate::Day(as_of)),
        scope: filters.describe(dataset),
        kept_by_overlap: Vec::new(),
        how_to_read: how_to_read(),
        dataset_summary: String::new(),
        empty: selected.is_empty(),
        key_figures: Vec::new(),
        totals: Vec::new(),
        reported_totals: Vec::new(),
        conversion: None,
        matrix: Matrix::default(),
        charts: Vec::new(),
        map: None,
        timeline: None,
        changes: None,
        corridors: Vec::new(),
        corridors_left_out: None,
        regions: Vec::new(),
        shared_notes: Vec::new(),
        parties: Vec::new(),
        people: Vec::new(),
        sources: Vec::new(),
        quality: Vec::new(),
        summary: Vec::new(),
        issuer: options.issuer.clone(),
        included: options.sections.clone(),
        wording: WORDING,
    };
    let mut kept_by_overlap: Vec<&Agreement> = selected
        .iter()
        .copied()
        .filter(|a| filters.kept_by_overlap(a))
        .collect();
    kept_by_overlap.sort_by(|a, b| date_order(a, b));
    briefing.kept_by_overlap = kept_by_overlap
        .iter()
        .map(|a| {
            let date = a
                .dates
                .key_date()
                .map_or_else(String::new, format::date_value);
            format!("{}: {date}", a.title)
        })
        .collect();
    let regions = group_by_region(&selected);
    let referred = referred(dataset);
    let mut citer = Citer::default();
    // A person's own marks (name, positions) are explained in the
    // directory of people when it is printed, not again in every entry.
    let people_explained = options.sections.contains(&SectionKind::People);
    briefing.regions = regions
        .iter()
        .map(|(region, agreements)| {
            region_section(
                dataset,
                region,
                agreements,
                &mut citer,
                options.rates.as_ref(),
                &referred,
                people_explained,
            )
        })
        .collect();
    briefing.shared_notes = share_repeated(&mut briefing.regions);
    (briefing.corridors, briefing.corridors_left_out) = corridors(dataset, &selected);
    briefing.key_figures = key_figures(dataset, &selected, &referred, &briefing.corridors);
    (briefing.totals, briefing.conversion) = totals(&selected, options.rates.as_ref());
    if let (Some(text), Some(later)) = (
        briefing.conversion.as_mut(),
        options.rates.as_ref().and_then(|r| r.dated_after(as_of)),
    ) {
        text.push(' ');
        text.push_str(&later);
    }
    briefing.reported_totals = reported_totals(dataset, &selected);
    briefing.matrix = matrix(&selected, &regions);
    briefing.charts = charts(&selected);
    briefing.map = crate::figure::map(dataset, &selected);
    briefing.timeline = crate::figure::timeline(&selected);
    if let Some(timeline) = briefing.timeline.as_mut() {
        // The counts by year, for readers who cannot see the bars.
        let bars: Vec<String> = regions_and_sectors::year_chart(&selected)
            .bars
            .iter()
            .map(|(year, n)| format!("{year}: {n}"))
            .collect();
        timeline
            .alt
            .push_str(&format!(" By year: {}.", bars.join("; ")));
    }
    briefing.parties = parties(dataset, &selected, &mut citer);
    briefing.people = people(dataset, &selected, &mut citer);
    briefing.quality = quality(dataset, &selected, &options.notes, &mut citer);
    briefing.sources = citer.entries(dataset);
    briefing.dataset_summary = dataset_summary(dataset, &selected, &briefing, filters);
    briefing.summary = key_messages(
        dataset,
        &referred,
        &selected,
        &briefing.corridors,
        options.rates.as_ref(),
    );
    briefing
}

/// What the briefing is drawn from, counted as the key figures count:
/// the collaborations selected (and of how many, under a filter), their
/// parties, and the people, occasions and sources the briefing names.
fn dataset_summary(
    dataset: &Dataset,
    selected: &[&Agreement],
    b: &Briefing,
    filters: &Filters,
) -> String {
    let parties: BTreeSet<&PartyId> = selected.iter().flat_map(|a| a.party_ids()).collect();
    let (identified, unidentified): (Vec<&PartyId>, Vec<&PartyId>) =
        parties.iter().copied().partition(|id| {
            dataset
                .parties
                .get(*id)
                .is_none_or(|p| p.kind.is_identified())
        });
    let mut party_text = format::count(identified.len(), "party", "parties");
    if !unidentified.is_empty() {
        party_text.push_str(&format!(
            " (besides {})",
            format::count(
                unidentified.len(),
                "unidentified organisation",
                "unidentified organisations"
            )
        ));
    }
    let occasions: BTreeSet<&OccasionId> =
        selected.iter().filter_map(|a| a.occasion_id()).collect();
    let rest = format!(
        "{party_text}, {}, {} and {}",
        format::count(b.people.len(), "person", "people"),
        format::count(occasions.len(), "occasion", "occasions"),
        format::count(b.sources.len(), "source", "sources"),
    );
    let n = selected.len();
    let mut text = if *filters == Filters::default() {
        format!(
            "Drawn from {}, with {rest}.",
            format::count(n, "collaboration", "collaborations")
        )
    } else {
        format!(
            "This briefing covers {n} of the {} in the data, those its scope selects, with {rest}.",
            format::count(dataset.agreements.len(), "collaboration", "collaborations")
        )
    };
    let parents = b.parties.len().saturating_sub(parties.len());
    if parents > 0 {
        text.push_str(&format!(
            " The directory also lists {} of parties.",
            format::count(parents, "parent organisation", "parent organisations")
        ));
    }
    text
}

/// The note on how to read the briefing: the two signs, source numbers,
/// dates.
fn how_to_read() -> Vec<String> {
    vec![
        format!(
            "Facts are printed as the cited sources state them. A fact the recorder inferred from a cited source is followed by {}; a fact taken from outside the cited sources (another source, a register, a reference work) by {}. Each entry, the directories and the corridors say what every sign stands on, and the notes on data quality count the marked facts by kind.",
            format::INFERRED_SIGN,
            format::OUTSIDE_SIGN
        ),
        "Numbers in square brackets are sources, listed under Sources. A figure, date or role followed by a number is backed by that source in particular.".to_owned(),
        "Dates are as precise as the sources give them: “on or before 14 February 2018” is a date the source bounds without stating it, and a source's own words for a date are shown beside it. Ordering and the period filter treat such a date as the span of days it may be.".to_owned(),
    ]
}

/// The latest date the data mentions (its first day), or the Unix epoch
/// for an empty dataset. Never the clock.
fn latest_date(dataset: &Dataset) -> NaiveDate {
    let agreement_dates = dataset
        .agreements
        .values()
        // Scheduled dates (coming into force, ending) may lie in the
        // future: a briefing is dated by what has happened.
        .flat_map(|a| a.dates.events().map(|(_, d)| d.span()));
    let source_dates = dataset
        .sources
        .values()
        .filter_map(|s| s.published.as_ref().map(DateValue::span));
    let occasion_dates = dataset
        .occasions
        .values()
        .filter_map(|o| o.date.as_ref().map(DateValue::span));
    agreement_dates
        .chain(source_dates)
        .chain(occasion_dates)
        .filter_map(|span| span.earliest)
        .max()
        .unwrap_or(NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qualifiers_combine_honestly() {
        use Qualifier::*;
        assert_eq!(combine(&[Exact, Exact]), Some(Exact));
        assert_eq!(combine(&[Exact, MoreThan]), Some(MoreThan));
        assert_eq!(combine(&[AtLeast, Exact]), Some(AtLeast));
        assert_eq!(combine(&[UpTo, Exact]), Some(UpTo));
        assert_eq!(combine(&[UpTo, MoreThan]), None);
        assert_eq!(combine(&[Approximately, MoreThan]), None);
    }

    fn decimal(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    /// An agreement stating `amount` in `currency`.
    fn agreement(id: &str, amount: Decimal, currency: &str) -> Agreement {
        let mut a: Agreement = serde_json::from_value(serde_json::json!({
            "id": id,
            "title": format!("Deal {id}"),
            "kind": "collaboration-agreement",
            "status": "signed",
            "summary": "Two parties agree.",
            "parties": [{"party": "a", "role": "partner"}, {"party": "b", "role": "partner"}],
            "sectors": ["genomics"],
            "sources": [{"source": "s"}],
            "value": {"amount": 1, "currency": currency},
        }))
        .unwrap();
        if let Some(value) = &mut a.value {
            value.amount = Amount(amount);
        }
        a
    }

    #[test]
    fn totals_follow_each_figures_kind_and_say_what_they_left_out() {
        let mut a = agreement("a", decimal("100"), "CNY");
        a.amounts = serde_json::from_value(serde_json::json!([
            {"kind": "committed", "amount": 600, "currency": "CNY", "estimated": true,
             "equivalents": [{"amount": 90, "currency": "USD", "rate": "0.15",
                              "rate_date": "2016", "source": "AidData"}]},
            {"kind": "adjusted", "amount": 0, "currency": "CNY",
             "left_out_of_totals": {"reason": "rollover"}},
        ]))
        .unwrap();
        let mut b = agreement("b", decimal("50"), "CNY");
        b.amounts = serde_json::from_value(serde_json::json!([
            {"kind": "committed", "amount": 400, "currency": "CNY", "qualifier": "approximately"},
            {"kind": "committed", "amount": 7000, "currency": "CNY",
             "left_out_of_totals": {"reason": "umbrella", "note": "counted in its parts"}},
        ]))
        .unwrap();
        let selected = [&a, &b];
        let (lines, _) = totals(&selected, None);
        assert_eq!(
            lines,
            [
                "150 CNY, from 2 stated values",
                "Committed: about 1,000 CNY, from 2 amounts, 1 of them estimated by the recorder",
                "Left out of the totals, as their records say: 0 CNY adjusted (Deal a), a rollover; 7,000 CNY committed (Deal b), an umbrella agreement: counted in its parts",
            ]
        );
        assert_eq!(
            amount_text(&a.amounts[0]),
            "committed: 600 CNY, estimated by the recorder (≈ 90 USD at 0.15 of 2016, by AidData)"
        );
    }

    fn rates(rate: Decimal) -> RateTable {
        RateTable {
            label: "Test rates".to_owned(),
            date: NaiveDate::from_ymd_opt(2025, 12, 31).unwrap(),
            target: "USD".to_owned(),
            rates: vec![("GBP".to_owned(), rate)],
        }
    }

    #[test]
    fn link_addresses_are_ascii() {
        assert_eq!(
            link_address("https://example.org/a?b=c#d"),
            "https://example.org/a?b=c#d"
        );
        assert_eq!(
            link_address("https://bücher.example/straße?q=a b&c=%20"),
            "https://b%C3%BCcher.example/stra%C3%9Fe?q=a%20b&c=%20"
        );
        assert_eq!(
            link_address("https://x.example/\u{202E}gnp.exe\u{0}\u{7}\u{7F}\t\n"),
            "https://x.example/%E2%80%AEgnp.exe%00%07%7F%09%0A"
        );
        assert_eq!(
            link_address("https://x.example/\"<>\\^`{|}()'*"),
            "https://x.example/%22%3C%3E%5C%5E%60%7B%7C%7D()'*"
        );
        let long = link_address(&format!("https://x.example/{}", "é".repeat(1000)));
        assert!(long.is_ascii() && long.len() == 18 + 6000);
    }

    #[test]
    fn exact_sums_are_exact_or_nothing() {
        assert_eq!(
            exact_sum(decimal("0.1"), decimal("0.2")),
            Some(decimal("0.3"))
        );
        assert_eq!(exact_sum(Decimal::MAX, Decimal::ONE), None);
        assert_eq!(exact_sum(Decimal::MIN, -Decimal::ONE), None);
        assert_eq!(exact_sum(Decimal::MAX, Decimal::MIN), Some(Decimal::ZERO));
        // Too many digits for the decimals: the sum would be rounded …
        let widest = decimal("9999999999999999.999999999999");
        let mut sum = Some(Decimal::ZERO);
        for _ in 0..12 {
            sum = sum.and_then(|s| exact_sum(s, widest));
        }
        assert_eq!(sum, None);
        // … unless the decimals it drops are zero.
        assert_eq!(
            exact_sum(decimal("7922816251426433759354395033.5"), decimal("0.5")),
            Some(decimal("7922816251426433759354395034"))
        );
        assert_eq!(
            exact_sum(decimal("7922816251426433759354395033.5"), decimal("0.6")),
            None
        );
    }

    #[test]
    fn a_total_too_precise_to_compute_lists_its_values() {
        let widest = decimal("9999999999999999.999999999999");
        let deals: Vec<Agreement> = (0..12)
            .map(|i| agreement(&format!("d{i}"), widest, "GBP"))
            .collect();
        let selected: Vec<&Agreement> = deals.iter().collect();
        let (lines, conversion) = totals(&selected, Some(&rates(Decimal::MAX)));
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(
            lines[0].starts_with(
                "The total in GBP has more digits than can be computed exactly; \
                 the 12 stated values are listed one by one: \
                 9,999,999,999,999,999.999999999999 GBP (Deal d0); "
            ),
            "{}",
            lines[0]
        );
        assert_eq!(
            lines[0]
                .matches("9,999,999,999,999,999.999999999999 GBP")
                .count(),
            12
        );
        let conversion = conversion.unwrap();
        assert!(
            conversion.ends_with(": the GBP total is not converted, as it could not be computed."),
            "{conversion}"
        );
        // In a table cell the sum is rounded to three digits anyway.
        assert_eq!(sum_values(&selected), ["120,000,000 bn GBP"]);
    }

    #[test]
    fn a_total_beyond_a_decimal_is_a_note_not_a_panic() {
        let deals = [
            agreement("a", Decimal::MAX, "GBP"),
            agreement("b", Decimal::MAX, "GBP"),
            agreement("c", Decimal::MAX, "CNY"),
        ];
        let selected: Vec<&Agreement> = deals.iter().collect();
        let (lines, _) = totals(&selected, None);
        assert!(
            lines[1].starts_with(
                "The total in GBP exceeds what can be computed; the 2 stated values are listed one by one: \
                 79,228,162,514,264,337,593,543,950,335 GBP (Deal a); "
            ),
            "{lines:?}"
        );
        // One value alone is its own total.
        assert_eq!(
            lines[0],
            "79,228,162,514,264,337,593,543,950,335 CNY, from 1 stated value"
        );
        assert_eq!(
            sum_values(&selected),
            [
                "79,200,000,000,000,000,000 bn CNY",
                "GBP: too large to total"
            ]
        );
        let negative = [
            agreement("a", Decimal::MIN, "GBP"),
            agreement("b", Decimal::MIN, "GBP"),
        ];
        let selected: Vec<&Agreement> = negative.iter().collect();
        assert!(totals(&selected, None).0[0].contains("exceeds what can be computed"));
        assert_eq!(sum_values(&selected), ["GBP: too large to total"]);
    }

    #[test]
    fn conversions_at_the_limits_say_what_they_cannot_compute() {
        let five = decimal("5000000000");
        assert_eq!(
            convert(five, "GBP", Decimal::MAX, "USD"),
            "5,000,000,000 GBP: the figure in USD exceeds what can be computed"
        );
        assert_eq!(
            convert(Decimal::MAX, "GBP", Decimal::MAX, "USD"),
            "79,228,162,514,264,337,593,543,950,335 GBP: the figure in USD exceeds what can be computed"
        );
        assert_eq!(
            convert(Decimal::MAX, "GBP", Decimal::ONE, "USD"),
            "79,228,162,514,264,337,593,543,950,335 GBP ≈ 79,228,162,514,264,337,593,543,950,335 USD"
        );
        // The smallest rate a decimal holds still gives a figure …
        let tiniest = Decimal::new(1, 28);
        assert_eq!(
            convert(five, "GBP", tiniest, "USD"),
            "5,000,000,000 GBP ≈ 0.0000000000000000005 USD"
        );
        assert_eq!(
            convert(decimal("2.5"), "GBP", decimal("0.000001234567"), "USD"),
            "2.5 GBP ≈ 0.000003086418 USD",
            "as many significant digits as the rate has"
        );
        // … until the product is too small for one.
        assert_eq!(
            convert(decimal("0.01"), "GBP", tiniest, "USD"),
            "0.01 GBP: the figure in USD is too small to compute"
        );
        assert_eq!(
            convert(Decimal::ZERO, "GBP", tiniest, "USD"),
            "0 GBP ≈ 0 USD"
        );
        // Whole units are rounded as before.
        assert_eq!(
            convert(five, "CNY", decimal("0.1"), "GBP"),
            "5,000,000,000 CNY ≈ 500,000,000 GBP"
        );
    }
}

#[cfg(test)]
mod party_kind_tests {
    use super::*;

    /// A loan from a Chinese bank with the IFC and an unnamed Chinese
    /// institution, to a Kenyan borrower; and one between the IFC and the
    /// bank alone.
    fn dataset() -> Dataset {
        let records = serde_json::json!([
            {"party": {"id": "bank", "name": "Bank of China", "kind": "commercial-bank", "country": "CN"}},
            {"party": {"id": "ifc", "name": "International Finance Corporation", "kind": "international-organisation", "country": "US"}},
            {"party": {"id": "someone", "name": "A Chinese government institution", "kind": "unidentified-organisation", "country": "CN"}},
            {"party": {"id": "port", "name": "Kenya Ports Authority", "kind": "state-owned-enterprise", "country": "KE",
                "owners": [{"party": "bank", "share": "33.3", "since": "2019-05"}],
                "identifiers": [{"scheme": "wikidata", "id": "Q6392065"}]}},
            {"agreement": {"id": "loan", "title": "Port loan", "kind": "collaboration-agreement", "status": "signed",
                "summary": "A loan.", "sectors": ["genomics"], "sources": [{"source": "s"}],
                "parties": [{"party": "bank", "role": "partner"}, {"party": "ifc", "role": "partner"},
                            {"party": "someone", "role": "partner"}, {"party": "port", "role": "partner"}]}},
            {"agreement": {"id": "pair", "title": "Bank and IFC", "kind": "collaboration-agreement", "status": "signed",
                "summary": "A pair.", "sectors": ["genomics"], "sources": [{"source": "s"}],
                "parties": [{"party": "bank", "role": "partner"}, {"party": "ifc", "role": "partner"}]}}
        ]);
        let records: Vec<accord_model::Record> = serde_json::from_value(records).unwrap();
        Dataset::from_records(records)
    }

    #[test]
    fn organisations_without_a_home_country_are_not_counted_as_one() {
        let dataset = dataset();
        let briefing = build(&dataset, &crate::Options::default());
        let figure = |label: &str| {
            briefing
                .key_figures
                .iter()
                .find(|f| f.label == label)
                .unwrap_or_else(|| panic!("{label}"))
        };
        let parties = figure("parties");
        assert_eq!(parties.value, "3");
        assert!(
            parties
                .note
                .as_deref()
                .unwrap()
                .contains("1 unidentified organisation")
        );
        let homes = figure("home countries of the parties");
        // China and Kenya: not the United States, the IFC's seat.
        assert_eq!(homes.value, "2");
        assert!(
            homes.note.as_deref().unwrap().contains(
                "not counting 1 international organisation and 1 unidentified organisation"
            )
        );
        let corridors: Vec<&str> = briefing.corridors.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            corridors,
            ["China – Kenya"],
            "no US corridor, and the pair with the IFC is not domestic"
        );
        let ifc = briefing
            .parties
            .iter()
            .find(|p| p.name.starts_with("International"))
            .unwrap();
        assert_eq!(ifc.home, "United States of America (seat)");
        assert!(
            briefing
                .dataset_summary
                .contains("3 parties (besides 1 unidentified organisation)"),
            "{}",
            briefing.dataset_summary
        );
        let port = briefing
            .parties
            .iter()
            .find(|p| p.name.starts_with("Kenya"))
            .unwrap();
        assert!(
            port.details
                .contains(&"Owned by: Bank of China (33.3%, since May 2019)".to_owned()),
            "{:?}",
            port.details
        );
        assert!(
            port.details
                .contains(&"Identifiers: Wikidata Q6392065".to_owned())
        );
    }

    /// A co-financier whose country no source gives: listed as "country
    /// not stated", never a home country, and counted apart in the key
    /// figures and under the corridors.
    #[test]
    fn a_party_whose_country_is_not_stated_is_counted_apart() {
        let records = serde_json::json!([
            {"party": {"id": "bank", "name": "Bank of China", "kind": "commercial-bank", "country": "CN"}},
            {"party": {"id": "port", "name": "Kenya Ports Authority", "kind": "state-owned-enterprise", "country": "KE"}},
            {"party": {"id": "ge", "name": "General Electric", "kind": "company"}},
            {"party": {"id": "ifc", "name": "International Finance Corporation", "kind": "international-organisation"}},
            {"agreement": {"id": "loan", "title": "Port loan", "kind": "loan", "status": "signed",
                "summary": "A loan.", "sectors": ["genomics"], "sources": [{"source": "s"}],
                "parties": [{"party": "bank", "role": "lender"}, {"party": "port", "role": "borrower"},
                            {"party": "ge", "role": "co-financier"}, {"party": "ifc", "role": "co-financier"}]}},
            {"agreement": {"id": "pair", "title": "Bank and GE", "kind": "collaboration-agreement", "status": "signed",
                "summary": "A pair.", "sectors": ["genomics"], "sources": [{"source": "s"}],
                "parties": [{"party": "bank", "role": "partner"}, {"party": "ge", "role": "partner"}]}}
        ]);
        let records: Vec<accord_model::Record> = serde_json::from_value(records).unwrap();
        let dataset = Dataset::from_records(records);
        let briefing = build(&dataset, &crate::Options::default());
        let homes = briefing
            .key_figures
            .iter()
            .find(|f| f.label == "home countries of the parties")
            .unwrap();
        assert_eq!(homes.value, "2", "China and Kenya only");
        assert_eq!(
            homes.note.as_deref(),
            Some(
                "not counting 1 international organisation, which has no home country, nor 1 party whose country is not stated"
            )
        );
        let parties = briefing
            .key_figures
            .iter()
            .find(|f| f.label == "parties")
            .unwrap();
        assert_eq!(
            parties.value, "4",
            "a party whose country is not stated is still one body"
        );
        let corridors: Vec<&str> = briefing.corridors.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            corridors,
            ["China – Kenya"],
            "the bank and GE are not domestic"
        );
        assert_eq!(
            briefing.corridors_left_out.as_deref(),
            Some(
                "1 party whose country is not stated is in no corridor (2 collaborations): General Electric"
            )
        );
        assert!(
            briefing
                .corridor_notes()
                .contains(&briefing.corridors_left_out.clone().unwrap())
        );
        let ge = briefing
            .parties
            .iter()
            .find(|p| p.name == "General Electric")
            .unwrap();
        assert_eq!(ge.home, "Country not stated");
    }
}
