//! The vocabularies of the record format, named by the model itself.
//!
//! Every closed list of values a record may use (an agreement's kind, a
//! status, a role, a sector …) implements [`Vocabulary`]: its values in
//! order, the code each is written as in record files (the kebab-case
//! spelling serde reads and writes) and the label briefings print. Code
//! elsewhere asks these instead of serialising a value to read its name
//! back, and a test checks that each code is exactly what serde writes and
//! that [`Vocabulary::ALL`] lists every value the schema allows.
//!
//! The module also names the kinds of record ([`RecordKind`]) and a
//! record's identity ([`RecordKey`]), and holds the rules on which roles
//! fit which kinds: of agreement ([`required_roles`],
//! [`ROLES_NEEDING_ANOTHER`]) and of party ([`role_fits_party`]).

use std::fmt;

use crate::{
    AgreementKind, AliasKind, IdentifierScheme, LinkKind, OccasionKind, PartyKind, PersonPart,
    Qualifier, Role, Sector, SourceKind, Status,
};

/// A closed list of values with a code (as written in record files) and a
/// label (as printed in briefings) for each.
///
/// ```
/// use accord_model::{Role, Status, Vocabulary};
///
/// assert_eq!(Status::InForce.code(), "in-force");
/// assert_eq!(Status::InForce.label(), "In force");
/// assert_eq!(Role::from_code("host-government"), Some(Role::HostGovernment));
/// assert!(Status::ALL.contains(&Status::Lapsed));
/// ```
pub trait Vocabulary: Copy + Eq + Sized + 'static {
    /// Every value, in the order the type defines them (for statuses, the
    /// usual order of events; for sectors, parents before their children).
    const ALL: &'static [Self];

    /// The value as record files write it: kebab-case, such as
    /// `memorandum-of-understanding`. Always what serde writes.
    fn code(self) -> &'static str;

    /// The value in words, in sentence case, as a briefing prints it on its
    /// own (a table cell, a labelled fact): `Memorandum of understanding`,
    /// `State-owned enterprise`. Where a briefing prints a value inside a
    /// sentence (a role after a party's name) it lowers the first letter.
    fn label(self) -> &'static str;

    /// The value written as `code`, if there is one.
    fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.code() == code)
    }
}

/// Implements [`Vocabulary`] from one table per type: each variant with its
/// code and label. The matches have no catch-all, so a variant added to a
/// type without a line here does not compile; the test below checks that
/// `ALL` and the codes agree with serde and the schema.
macro_rules! vocabulary {
    ($(
        $ty:ident {
            $($variant:ident = $code:literal, $label:literal;)+
        }
    )+) => {
        $(
            impl Vocabulary for $ty {
                const ALL: &'static [Self] = &[$($ty::$variant),+];

                fn code(self) -> &'static str {
                    match self {
                        $($ty::$variant => $code,)+
                    }
                }

                fn label(self) -> &'static str {
                    match self {
                        $($ty::$variant => $label,)+
                    }
                }
            }
        )+
    };
}

vocabulary! {
    AgreementKind {
        JointVenture = "joint-venture", "Joint venture";
        MemorandumOfUnderstanding = "memorandum-of-understanding", "Memorandum of understanding";
        CollaborationAgreement = "collaboration-agreement", "Collaboration agreement";
        Investment = "investment", "Investment";
        Fund = "fund", "Fund";
        CommercialContract = "commercial-contract", "Commercial contract";
        ResearchPartnership = "research-partnership", "Research partnership";
        InformationExchange = "information-exchange", "Information exchange";
        CooperationFramework = "cooperation-framework", "Cooperation framework";
        Loan = "loan", "Loan";
        ConcessionalLoan = "concessional-loan", "Concessional loan";
        CommercialLoan = "commercial-loan", "Commercial loan";
        ExportCredit = "export-credit", "Export credit";
        BuyersCredit = "buyers-credit", "Buyer's credit";
        SuppliersCredit = "suppliers-credit", "Supplier's credit";
        Grant = "grant", "Grant";
        InKindDonation = "in-kind-donation", "In-kind donation";
        TechnicalAssistance = "technical-assistance", "Technical assistance";
        CurrencySwap = "currency-swap", "Currency swap";
        Licensing = "licensing", "Licensing";
        Acquisition = "acquisition", "Acquisition";
        EquityStake = "equity-stake", "Equity stake";
        SupplyContract = "supply-contract", "Supply contract";
        ConstructionContract = "construction-contract", "Construction contract";
    }
    Status {
        Discussed = "discussed", "Discussed";
        Announced = "announced", "Announced";
        Signed = "signed", "Signed";
        InForce = "in-force", "In force";
        Completed = "completed", "Completed";
        Lapsed = "lapsed", "Lapsed";
    }
    Role {
        Partner = "partner", "Partner";
        Investor = "investor", "Investor";
        Investee = "investee", "Investee";
        Funder = "funder", "Funder";
        Founder = "founder", "Founder";
        Provider = "provider", "Provider";
        Client = "client", "Client";
        HostGovernment = "host-government", "Host government";
        Regulator = "regulator", "Regulator";
        Lender = "lender", "Lender";
        Borrower = "borrower", "Borrower";
        Grantor = "grantor", "Grantor";
        Recipient = "recipient", "Recipient";
        CoFinancier = "co-financier", "Co-financier";
        Guarantor = "guarantor", "Guarantor";
        Insurer = "insurer", "Insurer";
        CollateralProvider = "collateral-provider", "Collateral provider";
        Contractor = "contractor", "Contractor";
        ImplementingAgency = "implementing-agency", "Implementing agency";
        Licensor = "licensor", "Licensor";
        Licensee = "licensee", "Licensee";
        Acquirer = "acquirer", "Acquirer";
        Target = "target", "Target";
        Counterparty = "counterparty", "Counterparty";
    }
    LinkKind {
        Extends = "extends", "Extends";
        Amends = "amends", "Amends";
        PartOf = "part-of", "Part of";
        Supersedes = "supersedes", "Supersedes";
    }
    PartyKind {
        Company = "company", "Company";
        StateOwnedEnterprise = "state-owned-enterprise", "State-owned enterprise";
        University = "university", "University";
        ResearchCentre = "research-centre", "Research centre";
        Hospital = "hospital", "Hospital";
        NationalGovernment = "national-government", "National government";
        SubnationalGovernment = "subnational-government", "Sub-national government";
        Regulator = "regulator", "Regulator";
        InvestmentFund = "investment-fund", "Investment fund";
        IndustryAssociation = "industry-association", "Industry association";
        PoliticalParty = "political-party", "Political party";
        // As briefings have printed it so far (the code's hyphen read as a
        // space); kept so that output does not change with this table.
        NonProfit = "non-profit", "Non profit";
        InternationalOrganisation = "international-organisation", "International organisation";
        CentralBank = "central-bank", "Central bank";
        DevelopmentBank = "development-bank", "Development or policy bank";
        CommercialBank = "commercial-bank", "Commercial bank";
        SpecialPurposeCompany = "special-purpose-company", "Special-purpose or joint-venture company";
        DiplomaticMission = "diplomatic-mission", "Diplomatic mission";
        UnidentifiedOrganisation = "unidentified-organisation", "Unidentified organisation";
    }
    IdentifierScheme {
        Lei = "lei", "LEI";
        Uscc = "uscc", "Unified Social Credit Code";
        UkCompanyNumber = "uk-company-number", "Companies House number";
        Wikidata = "wikidata", "Wikidata";
    }
    AliasKind {
        ShortName = "short-name", "Short name";
        Abbreviation = "abbreviation", "Abbreviation";
        LegalName = "legal-name", "Legal name";
        FormerName = "former-name", "Former name";
        VariantSpelling = "variant-spelling", "Variant spelling";
        Translation = "translation", "Translation";
    }
    SourceKind {
        NewsArticle = "news-article", "News article";
        PressRelease = "press-release", "Press release";
        GovernmentPublication = "government-publication", "Government publication";
        BlogPost = "blog-post", "Blog post";
        Report = "report", "Report";
        AgreementText = "agreement-text", "Agreement text";
        WebPage = "web-page", "Web page";
    }
    OccasionKind {
        OfficialVisit = "official-visit", "Official visit";
        SigningCeremony = "signing-ceremony", "Signing ceremony";
        Meeting = "meeting", "Meeting";
        Conference = "conference", "Conference";
        TradeMission = "trade-mission", "Trade mission";
    }
    PersonPart {
        Signatory = "signatory", "Signatory";
        Witness = "witness", "Witness";
        Host = "host", "Host";
        Speaker = "speaker", "Speaker";
        Attendee = "attendee", "Attendee";
        Mentioned = "mentioned", "Mentioned";
    }
    Qualifier {
        Exact = "exact", "Exact";
        Approximately = "approximately", "Approximately";
        MoreThan = "more-than", "More than";
        UpTo = "up-to", "Up to";
        AtLeast = "at-least", "At least";
    }
    RecordKind {
        Party = "party", "Party";
        Person = "person", "Person";
        Agreement = "agreement", "Agreement";
        Source = "source", "Source";
        Occasion = "occasion", "Occasion";
    }
}

/// Sectors keep their own tables (the OECD DAC CRS purpose codes and
/// Accord's sectors beneath them, built from `data/` by `build.rs`); this
/// reads them. Labels may repeat (the CRS list names `330` and `331` alike);
/// codes never do.
impl Vocabulary for Sector {
    const ALL: &'static [Self] = Sector::ALL;

    fn code(self) -> &'static str {
        self.id()
    }

    fn label(self) -> &'static str {
        Sector::label(self)
    }

    fn from_code(code: &str) -> Option<Self> {
        Sector::from_id(code)
    }
}

/// The kinds of record, each the top-level key of its files (`party:` …).
///
/// They are ordered by their codes (`agreement` < `occasion` < `party` <
/// `person` < `source`), so a [`RecordKey`] sorts exactly as its text
/// `kind/id` does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecordKind {
    /// An organisation.
    Party,
    /// A person named in a source.
    Person,
    /// A collaboration between organisations.
    Agreement,
    /// A document the facts come from.
    Source,
    /// An event at which agreements are made or discussed.
    Occasion,
}

impl RecordKind {
    /// `a` or `an`, as put before the kind's code in a sentence.
    pub fn article(self) -> &'static str {
        match self {
            RecordKind::Agreement | RecordKind::Occasion => "an",
            RecordKind::Party | RecordKind::Person | RecordKind::Source => "a",
        }
    }
}

impl PartialOrd for RecordKind {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for RecordKind {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.code().cmp(other.code())
    }
}

impl fmt::Display for RecordKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl crate::Record {
    /// The record's kind as a value (see [`crate::Record::kind`] for its code).
    pub fn record_kind(&self) -> RecordKind {
        match self {
            crate::Record::Party(_) => RecordKind::Party,
            crate::Record::Person(_) => RecordKind::Person,
            crate::Record::Agreement(_) => RecordKind::Agreement,
            crate::Record::Source(_) => RecordKind::Source,
            crate::Record::Occasion(_) => RecordKind::Occasion,
        }
    }

    /// The record's identity: its kind and id.
    pub fn key(&self) -> RecordKey {
        RecordKey::new(self.record_kind(), self.id())
    }
}

/// Which record: its kind and its id, such as `party/elekta`. Records of
/// different kinds may share an id; a kind and an id name one record.
///
/// Keys sort as their text `kind/id` does, and are shown that way.
///
/// ```
/// use accord_model::{RecordKey, RecordKind};
///
/// let key = RecordKey::new(RecordKind::Party, "elekta");
/// assert_eq!(key.to_string(), "party/elekta");
/// assert!(key < RecordKey::new(RecordKind::Person, "a"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RecordKey {
    /// The kind of record.
    pub kind: RecordKind,
    /// Its id, as written in its file.
    pub id: String,
}

impl RecordKey {
    /// The key of the `kind` of record with `id`.
    pub fn new(kind: RecordKind, id: impl Into<String>) -> Self {
        RecordKey {
            kind,
            id: id.into(),
        }
    }
}

impl fmt::Display for RecordKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.kind, self.id)
    }
}

/// Which roles an agreement of a kind needs: each inner list is one
/// requirement, met by a party holding any of its roles, and each
/// requirement by a DIFFERENT party (a lender does not lend to itself; a
/// swap has two sides). A requirement listed twice needs two parties.
///
/// | kind | needs |
/// | --- | --- |
/// | `investment` | an `investor` |
/// | `fund` | a `founder`, `funder` or `investor` |
/// | `commercial-contract` | a `provider` and a `client` |
/// | `loan`, `concessional-loan`, `commercial-loan`, `export-credit`, `buyers-credit`, `suppliers-credit` | a `lender` and a `borrower` |
/// | `grant`, `in-kind-donation` | a `grantor` and a `recipient` |
/// | `technical-assistance` | a `provider`, `grantor` or `funder`, and a `recipient` or `client` |
/// | `currency-swap` | two `counterparty` parties |
/// | `licensing` | a `licensor` and a `licensee` |
/// | `acquisition` | an `acquirer` and a `target` |
/// | `equity-stake` | an `investor` and an `investee` |
/// | `supply-contract` | a `provider` or `contractor`, and a `client` |
/// | `construction-contract` | a `contractor` and a `client` |
///
/// Other kinds (joint venture, memorandum, collaboration, research,
/// information exchange, cooperation framework) need nothing in
/// particular: their parties are often all partners.
pub fn required_roles(kind: AgreementKind) -> &'static [&'static [Role]] {
    const LENDING: &[&[Role]] = &[&[Role::Lender], &[Role::Borrower]];
    const GIVING: &[&[Role]] = &[&[Role::Grantor], &[Role::Recipient]];
    match kind {
        AgreementKind::Investment => &[&[Role::Investor]],
        AgreementKind::Fund => &[&[Role::Founder, Role::Funder, Role::Investor]],
        AgreementKind::CommercialContract => &[&[Role::Provider], &[Role::Client]],
        AgreementKind::Loan
        | AgreementKind::ConcessionalLoan
        | AgreementKind::CommercialLoan
        | AgreementKind::ExportCredit
        | AgreementKind::BuyersCredit
        | AgreementKind::SuppliersCredit => LENDING,
        AgreementKind::Grant | AgreementKind::InKindDonation => GIVING,
        AgreementKind::TechnicalAssistance => &[
            &[Role::Provider, Role::Grantor, Role::Funder],
            &[Role::Recipient, Role::Client],
        ],
        AgreementKind::CurrencySwap => &[&[Role::Counterparty], &[Role::Counterparty]],
        AgreementKind::Licensing => &[&[Role::Licensor], &[Role::Licensee]],
        AgreementKind::Acquisition => &[&[Role::Acquirer], &[Role::Target]],
        AgreementKind::EquityStake => &[&[Role::Investor], &[Role::Investee]],
        AgreementKind::SupplyContract => &[&[Role::Provider, Role::Contractor], &[Role::Client]],
        AgreementKind::ConstructionContract => &[&[Role::Contractor], &[Role::Client]],
        AgreementKind::JointVenture
        | AgreementKind::MemorandumOfUnderstanding
        | AgreementKind::CollaborationAgreement
        | AgreementKind::ResearchPartnership
        | AgreementKind::InformationExchange
        | AgreementKind::CooperationFramework => &[],
    }
}

/// Which requirements of [`required_roles`] the parties leave unmet, as
/// indexes into that list, when each requirement must be met by a
/// different party. `parties` gives each party's roles. A bipartite
/// matching (augmenting paths): a party holding both `lender` and
/// `borrower` meets one of the two, never both; with a requirement or two
/// per kind it costs a few passes over the parties.
pub fn unmet_requirements(kind: AgreementKind, parties: &[Vec<Role>]) -> Vec<usize> {
    let requirements = required_roles(kind);
    // For each party, the requirement it meets in the matching so far.
    let mut matched: Vec<Option<usize>> = vec![None; parties.len()];
    let mut unmet = Vec::new();
    for r in 0..requirements.len() {
        let mut visited = vec![false; parties.len()];
        if !augment(r, requirements, parties, &mut matched, &mut visited) {
            unmet.push(r);
        }
    }
    unmet
}

/// Finds a party for requirement `r`, moving earlier requirements to other
/// parties where that frees one. Depth is bounded by the number of
/// requirements (at most two today).
fn augment(
    r: usize,
    requirements: &[&[Role]],
    parties: &[Vec<Role>],
    matched: &mut [Option<usize>],
    visited: &mut [bool],
) -> bool {
    for (p, roles) in parties.iter().enumerate() {
        if visited[p] || !roles.iter().any(|role| requirements[r].contains(role)) {
            continue;
        }
        visited[p] = true;
        let free = match matched[p] {
            None => true,
            Some(other) => augment(other, requirements, parties, matched, visited),
        };
        if free {
            matched[p] = Some(r);
            return true;
        }
    }
    false
}

/// Roles that need another role beside them in the same agreement, held
/// by some party: an `investee` needs an `investor`, a `borrower` a
/// `lender`, a `licensee` a `licensor`, a `target` an `acquirer`, a
/// `collateral-provider` a `lender` (collateral secures a loan). Each pair
/// is (the role, the one it needs).
pub const ROLES_NEEDING_ANOTHER: &[(Role, Role)] = &[
    (Role::Investee, Role::Investor),
    (Role::Borrower, Role::Lender),
    (Role::Licensee, Role::Licensor),
    (Role::Target, Role::Acquirer),
    (Role::CollateralProvider, Role::Lender),
];

/// Whether a party of `kind` can play `role`: a host government must be a
/// national or sub-national government; a regulator a regulator, a national
/// government or an international organisation; any party can play the
/// other roles (a `counterparty` of a swap is usually a central bank, but
/// a national government or a monetary authority of another kind may be
/// one, so it is not restricted).
pub fn role_fits_party(role: Role, kind: PartyKind) -> bool {
    match role {
        Role::HostGovernment => matches!(
            kind,
            PartyKind::NationalGovernment | PartyKind::SubnationalGovernment
        ),
        Role::Regulator => matches!(
            kind,
            PartyKind::Regulator
                | PartyKind::NationalGovernment
                | PartyKind::InternationalOrganisation
        ),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use schemars::JsonSchema;

    /// The string values a schema allows: every `const` and `enum` in it.
    fn allowed(schema: &serde_json::Value, out: &mut Vec<String>) {
        match schema {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::String(c)) = map.get("const") {
                    out.push(c.clone());
                }
                if let Some(serde_json::Value::Array(values)) = map.get("enum") {
                    out.extend(values.iter().filter_map(|v| v.as_str().map(str::to_owned)));
                }
                for value in map.values() {
                    allowed(value, out);
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| allowed(v, out)),
            _ => {}
        }
    }

    /// Every value's code is what serde writes and reads, labels are
    /// non-empty and (when `distinct_labels`) distinct, and `ALL` holds
    /// exactly the values the type's schema allows, in order and once each.
    fn check<T>()
    where
        T: Vocabulary
            + serde::Serialize
            + serde::de::DeserializeOwned
            + JsonSchema
            + std::fmt::Debug,
    {
        check_labels::<T>(true);
    }

    fn check_labels<T>(distinct_labels: bool)
    where
        T: Vocabulary
            + serde::Serialize
            + serde::de::DeserializeOwned
            + JsonSchema
            + std::fmt::Debug,
    {
        let mut codes = Vec::new();
        let mut labels = Vec::new();
        for &value in T::ALL {
            let written = serde_json::to_value(value).expect("serialises");
            assert_eq!(written, serde_json::Value::from(value.code()), "{value:?}");
            let read: T = serde_json::from_value(written).expect("reads back");
            assert_eq!(read, value);
            assert_eq!(T::from_code(value.code()), Some(value));
            assert!(!value.label().is_empty(), "{value:?}");
            codes.push(value.code().to_owned());
            labels.push(value.label());
        }
        let schema = schemars::SchemaGenerator::default().into_root_schema_for::<T>();
        let mut allowed_codes = Vec::new();
        allowed(&schema.to_value(), &mut allowed_codes);
        assert_eq!(codes, allowed_codes, "{}", T::schema_name());
        labels.sort_unstable();
        labels.dedup();
        if distinct_labels {
            assert_eq!(labels.len(), T::ALL.len(), "labels repeat");
        }
        assert!(T::from_code("no-such-value").is_none());
    }

    #[test]
    fn codes_are_what_serde_writes_and_all_is_complete() {
        check::<AgreementKind>();
        check::<Status>();
        check::<Role>();
        check::<LinkKind>();
        check::<PartyKind>();
        check::<AliasKind>();
        check::<IdentifierScheme>();
        check::<SourceKind>();
        check::<OccasionKind>();
        check::<PersonPart>();
        check::<Qualifier>();
        check_labels::<Sector>(false);
    }

    #[test]
    fn record_kinds_are_the_record_keys() {
        let schema = crate::schema();
        let keys: Vec<&str> = schema["oneOf"]
            .as_array()
            .expect("one branch per kind")
            .iter()
            .filter_map(|branch| branch["required"][0].as_str())
            .collect();
        let codes: Vec<&str> = RecordKind::ALL.iter().map(|k| k.code()).collect();
        assert_eq!(codes, keys);
        for kind in RecordKind::ALL {
            let expected = if kind.code().starts_with(['a', 'e', 'i', 'o', 'u']) {
                "an"
            } else {
                "a"
            };
            assert_eq!(kind.article(), expected);
        }
    }

    #[test]
    fn keys_sort_as_their_text() {
        let mut keys: Vec<RecordKey> = Vec::new();
        for kind in RecordKind::ALL {
            for id in ["a", "a-b", "ab", "b", "z9"] {
                keys.push(RecordKey::new(*kind, id));
            }
        }
        let mut by_key = keys.clone();
        by_key.sort();
        let mut by_text = keys;
        by_text.sort_by_key(|k| k.to_string());
        assert_eq!(by_key, by_text);
    }

    #[test]
    fn role_rules_read_as_documented() {
        assert!(role_fits_party(
            Role::HostGovernment,
            PartyKind::SubnationalGovernment
        ));
        assert!(!role_fits_party(Role::HostGovernment, PartyKind::Regulator));
        assert!(role_fits_party(
            Role::Regulator,
            PartyKind::InternationalOrganisation
        ));
        assert!(!role_fits_party(Role::Regulator, PartyKind::Company));
        for kind in PartyKind::ALL {
            assert!(role_fits_party(Role::Partner, *kind));
        }
        assert_eq!(
            required_roles(AgreementKind::CommercialContract),
            &[&[Role::Provider][..], &[Role::Client][..]]
        );
        assert!(required_roles(AgreementKind::JointVenture).is_empty());
    }

    #[test]
    fn each_requirement_takes_a_different_party() {
        use Role::*;
        let loan = AgreementKind::ConcessionalLoan;
        assert!(unmet_requirements(loan, &[vec![Lender], vec![Borrower]]).is_empty());
        // One party cannot both lend and borrow.
        assert_eq!(
            unmet_requirements(loan, &[vec![Lender, Borrower], vec![Partner]]),
            [1]
        );
        // The matching moves the first party to the requirement only it meets.
        assert!(unmet_requirements(loan, &[vec![Lender, Borrower], vec![Lender]]).is_empty());
        assert!(
            unmet_requirements(loan, &[vec![Borrower, ImplementingAgency], vec![Lender]])
                .is_empty()
        );
        let swap = AgreementKind::CurrencySwap;
        assert_eq!(
            unmet_requirements(swap, &[vec![Counterparty], vec![Partner]]),
            [1]
        );
        assert!(unmet_requirements(swap, &[vec![Counterparty], vec![Counterparty]]).is_empty());
        assert_eq!(
            unmet_requirements(AgreementKind::Grant, &[vec![Partner], vec![Partner]]),
            [0, 1]
        );
        assert!(unmet_requirements(AgreementKind::JointVenture, &[vec![Partner]]).is_empty());
        // Every kind that needs roles can have them met by as many parties.
        for &kind in AgreementKind::ALL {
            let parties: Vec<Vec<Role>> = required_roles(kind).iter().map(|r| r.to_vec()).collect();
            assert!(unmet_requirements(kind, &parties).is_empty(), "{kind:?}");
        }
    }
}
