//! Agreements and collaborations: the records briefings are about.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{
    AgreementId, Amount, AreaCode, AtLeast, Citation, DateValue, Fact, Involvement, LoanTerms,
    Money, NonEmpty, OccasionId, PartyId, Place, Qualifier, Sector, StatedAmount, Text,
};

/// A collaboration between organisations: a joint venture, a memorandum of
/// understanding, an investment, a fund, a contract, a research partnership,
/// an information-exchange arrangement or a cooperation framework.
///
/// An agreement names at least two parties with their roles, at least one
/// sector and at least one source. Everything else is as the sources give it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Agreement {
    /// The agreement's stable id.
    pub id: AgreementId,
    /// A short title in the author's words, such as
    /// `Elekta–Sinopharm radiotherapy joint venture`.
    pub title: Text,
    /// What kind of agreement it is.
    pub kind: AgreementKind,
    /// How far along its life it is, as of its latest source. With
    /// `stages`, the status of the latest stage.
    pub status: Status,
    /// The stages of its life the sources record, each dated and sourced,
    /// in the order they happened: discussed, then signed, then in force.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stages: Vec<Stage>,
    /// What the agreement is for, in one to three sentences of the author's own.
    pub summary: Text,
    /// The parties and the role each plays. At least two.
    pub parties: AtLeast<Participant, 2>,
    /// The sectors it belongs to, most specific first. At least one.
    pub sectors: NonEmpty<Sector>,
    /// Where it takes effect.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub places: Vec<Fact<Place>>,
    /// World regions it takes effect in, as UN M49 area codes (`001` for
    /// worldwide, `419` for Latin America and the Caribbean), when the
    /// sources name a region rather than countries.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub areas: Vec<AreaCode>,
    /// The dates in its life that the sources give.
    #[serde(default, skip_serializing_if = "Dates::is_empty")]
    pub dates: Dates,
    /// The dates of the project it pays for or sets up (building, carrying
    /// out, repaying), kept apart from the agreement's own life in `dates`.
    #[serde(default, skip_serializing_if = "ProjectDates::is_empty")]
    pub project_dates: ProjectDates,
    /// The money involved, when the sources state it: the headline figure.
    /// Further figures, each with its kind, go in `amounts`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Money>,
    /// The figures of the agreement by kind (committed, disbursed, total
    /// cost …), each with its equivalents in other currencies and whether
    /// it counts in totals.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub amounts: Vec<StatedAmount>,
    /// The terms of a loan or credit: interest, maturity, grace period, fees,
    /// collateral.
    #[serde(default, skip_serializing_if = "LoanTerms::is_empty")]
    pub terms: LoanTerms,
    /// What the parties mean to achieve, one aim an item.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub objectives: Vec<Text>,
    /// Measurable targets and benchmarks the sources attach to it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<Target>,
    /// The occasion at which it was signed, announced or discussed. Mark
    /// it `inferred` when the source does not say the agreement was made
    /// there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occasion: Option<Fact<OccasionId>>,
    /// How it relates to other agreements.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    /// Its ids in other datasets: AidData's GCDF project id, an IATI
    /// activity identifier.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outside_ids: Vec<OutsideId>,
    /// How it relates to agreements outside this dataset, named by their
    /// ids in other datasets (an AidData parent project).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outside_links: Vec<OutsideLink>,
    /// People named in connection with it, and their part.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub people: Vec<Involvement>,
    /// The sources it is recorded from. At least one.
    pub sources: NonEmpty<Citation>,
    /// What a reader should know about the record: doubts, gaps, how the
    /// sources disagree.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Text>,
}

/// What kind of agreement or collaboration a record describes.
///
/// The finance kinds (loans, credits, grants, technical assistance) take
/// their names from the flow types of the OECD DAC Creditor Reporting
/// System and of AidData's Global Chinese Development Finance dataset
/// (GCDF 3.0, columns `Flow Type` and the credit flags beside it), so a
/// record converted from either keeps the analyst's word for it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum AgreementKind {
    /// A jointly owned or jointly run venture.
    JointVenture,
    /// A memorandum of understanding: a statement of intent, usually not binding.
    MemorandumOfUnderstanding,
    /// An agreement to collaborate that is neither a contract for goods or
    /// services nor a research partnership.
    CollaborationAgreement,
    /// An investment of capital by one party in another or in a project.
    Investment,
    /// The creation of, or a commitment to, an investment fund.
    Fund,
    /// A contract to supply goods or services.
    CommercialContract,
    /// Joint research, clinical collaboration or academic cooperation.
    ResearchPartnership,
    /// An arrangement to exchange information, such as between regulators.
    InformationExchange,
    /// A framework for cooperation between a government and an organisation
    /// or between governments, setting directions rather than deals.
    CooperationFramework,
    /// A loan whose terms the sources do not make concessional or
    /// commercial (GCDF flow type `Loan` with a vague flow class). Needs a
    /// `lender` and a `borrower`.
    Loan,
    /// A loan on softer terms than the market's (a lower rate, a longer
    /// maturity or grace period), such as a government concessional loan
    /// or a preferential loan; in DAC terms, one with a grant element.
    /// Needs a `lender` and a `borrower`.
    ConcessionalLoan,
    /// A loan on market terms, from a bank or an official lender. Needs a
    /// `lender` and a `borrower`.
    CommercialLoan,
    /// An officially supported export credit (DAC flow type 22): credit
    /// that finances a country's exports, lent directly or insured or
    /// guaranteed by an export-credit agency. Use `buyers-credit` or
    /// `suppliers-credit` when the sources say which. Needs a `lender`
    /// and a `borrower`.
    ExportCredit,
    /// An export buyer's credit: a loan to the foreign buyer (or its bank)
    /// to pay the exporter, such as China Eximbank's preferential buyer's
    /// credit. Needs a `lender` and a `borrower`.
    BuyersCredit,
    /// A supplier's credit (export seller's credit): the exporter or
    /// contractor lets the buyer pay later, often refinanced by its own
    /// bank. Needs a `lender` (the supplier, which may also be the
    /// `contractor` or `provider`) and a `borrower`.
    SuppliersCredit,
    /// A grant of money that is not to be repaid (GCDF flow type `Grant`).
    /// Needs a `grantor` and a `recipient`.
    Grant,
    /// A gift of goods or works rather than money: equipment, a building,
    /// food aid. Needs a `grantor` and a `recipient`.
    InKindDonation,
    /// Free-standing technical assistance or cooperation: experts,
    /// training, scholarships and studies given rather than sold. Needs a
    /// party that gives it (`provider`, `grantor` or `funder`) and one that
    /// receives it (`recipient` or `client`).
    TechnicalAssistance,
    /// A currency swap between two central banks or monetary authorities,
    /// each lending its currency against the other's, or a drawdown or
    /// rollover under such a line. Needs two parties with the role
    /// `counterparty`.
    CurrencySwap,
    /// A licence to use intellectual property, technology or a brand.
    /// Needs a `licensor` and a `licensee`.
    Licensing,
    /// One party takes control of another company or of a business unit
    /// (M&A). Needs an `acquirer` and a `target`.
    Acquisition,
    /// One party takes a share of another's equity without taking control.
    /// Needs an `investor` and an `investee`.
    EquityStake,
    /// A contract to supply goods or equipment, such as scanners or cranes.
    /// Needs a party that supplies (`provider` or `contractor`) and a
    /// `client`.
    SupplyContract,
    /// A contract to build or rehabilitate works, including
    /// engineering-procurement-construction (EPC) contracts. Needs a
    /// `contractor` and a `client`.
    ConstructionContract,
}

/// Where an agreement is in its life.
///
/// The order of the variants is the usual order of events; a record's status
/// is the latest stage its sources support.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Status {
    /// Discussed or proposed, with nothing signed: talks, a framework meeting.
    Discussed,
    /// Announced by a party, without evidence that anything was signed.
    Announced,
    /// Signed, with no evidence yet that it has taken effect.
    Signed,
    /// In force: signed and taking effect.
    InForce,
    /// Carried out and finished.
    Completed,
    /// Ended without being carried out, or allowed to expire.
    Lapsed,
}

impl Status {
    /// True for statuses where something binding was agreed.
    pub fn is_agreed(self) -> bool {
        matches!(self, Status::Signed | Status::InForce | Status::Completed)
    }
}

/// One stage of an agreement's life: what happened, when, and which source
/// says so.
///
/// ```yaml
/// stages:
///   - status: discussed
///     date: "2022-11"
///     sources:
///       - source: some-news-item
///   - status: signed
///     date: "2023-03-14"
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    /// The stage reached.
    pub status: Status,
    /// When it was reached.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<DateValue>,
    /// The sources for this stage, when they are not the agreement's own.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Citation>,
    /// Anything more the sources say about this stage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
}

/// A party's part in an agreement: the party, and the role it plays or the
/// roles it holds.
///
/// Exactly one of `role` and `roles` is given: `role` for one role, as
/// most records have it, `roles` for a party that holds several (a port
/// authority that borrows and also carries out the works). Each role may
/// carry its own certainty mark.
///
/// ```yaml
/// parties:
///   - party: china-eximbank
///     role: lender
///   - party: port-authority-of-jamaica
///     roles:
///       - borrower
///       - value: implementing-agency
///         inferred: The loan pays for equipment the authority runs.
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("oneOf" = [
    {"required": ["role"], "description": "A party that plays one role."},
    {"required": ["roles"], "description": "A party that holds several roles."}
]))]
pub struct Participant {
    /// The party.
    pub party: PartyId,
    /// The role it plays, when it plays one. Give this or `roles`, not both.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Fact<Role>")]
    pub role: Option<Fact<Role>>,
    /// The roles it holds, when it holds several, such as `borrower` and
    /// `implementing-agency`. Give this or `role`, not both; at least one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "NonEmpty<Fact<Role>>")]
    pub roles: Vec<Fact<Role>>,
    /// The name the source uses for the party here, when it differs from the
    /// party's own record, such as a subsidiary named in a headline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_named: Option<Text>,
}

impl<'de> Deserialize<'de> for Participant {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        /// Reads a key that is present: `null` is refused as the value's
        /// own type refuses it, as the schema does.
        fn present<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
        where
            D: serde::Deserializer<'de>,
            T: Deserialize<'de>,
        {
            T::deserialize(deserializer).map(Some)
        }

        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Raw {
            party: PartyId,
            #[serde(default, deserialize_with = "present")]
            role: Option<Fact<Role>>,
            #[serde(default, deserialize_with = "present")]
            roles: Option<NonEmpty<Fact<Role>>>,
            #[serde(default)]
            as_named: Option<Text>,
        }
        let raw = Raw::deserialize(deserializer)?;
        let roles = match (raw.role.is_some(), raw.roles) {
            (true, Some(_)) => {
                return Err(serde::de::Error::custom(
                    "a party gives `role` or `roles`, not both",
                ));
            }
            (false, None) => {
                return Err(serde::de::Error::custom("a party needs `role` or `roles`"));
            }
            (_, roles) => roles.map(NonEmpty::into_vec).unwrap_or_default(),
        };
        Ok(Participant {
            party: raw.party,
            role: raw.role,
            roles,
            as_named: raw.as_named,
        })
    }
}

impl Participant {
    /// A participant playing one role, stated by the source.
    pub fn new(party: PartyId, role: Role) -> Self {
        Participant {
            party,
            role: Some(Fact::Stated(role)),
            roles: Vec::new(),
            as_named: None,
        }
    }

    /// Every role the party holds, in the order written, each with where
    /// it is written: `role`, or `roles/0`, `roles/1` … (a JSON pointer
    /// below the participant).
    pub fn role_entries(&self) -> impl Iterator<Item = (String, &Fact<Role>)> {
        self.role.iter().map(|r| ("role".to_owned(), r)).chain(
            self.roles
                .iter()
                .enumerate()
                .map(|(i, r)| (format!("roles/{i}"), r)),
        )
    }

    /// Every role the party holds, as values, in the order written.
    pub fn all_roles(&self) -> impl Iterator<Item = Role> + '_ {
        self.role.iter().chain(&self.roles).map(|r| *r.value())
    }

    /// Whether the party holds `role`.
    pub fn has_role(&self, role: Role) -> bool {
        self.all_roles().any(|r| r == role)
    }
}

/// The role a party plays in an agreement.
///
/// The finance roles follow the parts a party plays in AidData's GCDF 3.0
/// (funding, co-financing, receiving, implementing, guarantor, insurer,
/// collateral provider), so each of those columns has a role.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Role {
    /// An equal partner in the collaboration.
    Partner,
    /// Puts money into the collaboration or into another party.
    Investor,
    /// Receives investment.
    Investee,
    /// Pays for the work without taking a stake.
    Funder,
    /// Sets up or sponsors a fund or venture.
    Founder,
    /// Supplies goods, services or technology.
    Provider,
    /// Buys or receives the goods, services or technology.
    Client,
    /// A government on whose territory the collaboration takes place and which
    /// hosts or sponsors it.
    HostGovernment,
    /// A regulator acting in its regulatory capacity.
    Regulator,
    /// Lends the money of a loan or credit (GCDF's funding agency of a
    /// loan). Needs a `borrower` beside it.
    Lender,
    /// Borrows the money and owes its repayment (GCDF's direct receiving
    /// agency of a loan). Needs a `lender` beside it.
    Borrower,
    /// Gives a grant or an in-kind donation (GCDF's funding agency of a
    /// grant).
    Grantor,
    /// Receives a grant, a donation or technical assistance (GCDF's
    /// receiving agency).
    Recipient,
    /// Finances part of the same loan or project alongside the main lender
    /// or grantor (GCDF's co-financing agency), such as a syndicate member.
    CoFinancier,
    /// Promises to pay if the borrower or contractor does not, such as a
    /// ministry of finance guaranteeing a state company's loan.
    Guarantor,
    /// Insures the lender or exporter against non-payment or political
    /// risk, such as an export-credit insurer (Sinosure).
    Insurer,
    /// Pledges assets or revenues (oil sales, an account, shares) as
    /// security for a loan. Needs a `lender` beside it.
    CollateralProvider,
    /// Builds the works or delivers the equipment under contract, such as
    /// an engineering-procurement-construction (EPC) contractor.
    Contractor,
    /// Carries out the project the money pays for (GCDF's implementing
    /// agency), whether or not it also receives the money.
    ImplementingAgency,
    /// Grants a licence to its intellectual property, technology or brand.
    Licensor,
    /// Takes a licence to use another's intellectual property. Needs a
    /// `licensor` beside it.
    Licensee,
    /// Buys control of another company or business.
    Acquirer,
    /// The company or business acquired. Needs an `acquirer` beside it.
    Target,
    /// One of the two sides of a currency swap, each lending its currency
    /// to the other: usually a central bank or monetary authority.
    Counterparty,
}

/// The dates in an agreement's life. Give those the sources state; leave
/// the rest out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dates {
    /// When it was discussed (for agreements that are only discussed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discussed: Option<DateValue>,
    /// When it was made public.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub announced: Option<DateValue>,
    /// When it was signed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed: Option<DateValue>,
    /// When it took or takes effect.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective: Option<DateValue>,
    /// When it ended or ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends: Option<DateValue>,
}

impl Dates {
    /// True when no date is given.
    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }

    /// The dates given, each with its name, in life-cycle order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &DateValue)> {
        [
            ("discussed", &self.discussed),
            ("announced", &self.announced),
            ("signed", &self.signed),
            ("effective", &self.effective),
            ("ends", &self.ends),
        ]
        .into_iter()
        .filter_map(|(name, date)| date.as_ref().map(|d| (name, d)))
    }

    /// The names of the dates that may name something scheduled, and so
    /// lie after the day a record is written or checked: coming into force
    /// ("in force from 1 January") and ending ("runs until 2030").
    pub const SCHEDULED: [&'static str; 2] = ["effective", "ends"];

    /// The dates given that name events which must already have happened
    /// (discussed, announced, signed), each with its name, in life-cycle
    /// order: every date of [`Dates::iter`] but the [`Dates::SCHEDULED`] ones.
    pub fn events(&self) -> impl Iterator<Item = (&'static str, &DateValue)> {
        self.iter()
            .filter(|(name, _)| !Self::SCHEDULED.contains(name))
    }

    /// The date that best places the agreement in time: signed, else
    /// announced, else discussed, else effective.
    pub fn key_date(&self) -> Option<&DateValue> {
        self.signed
            .as_ref()
            .or(self.announced.as_ref())
            .or(self.discussed.as_ref())
            .or(self.effective.as_ref())
    }
}

/// The dates of the project an agreement pays for or sets up, apart from
/// the agreement's own life: a loan signed in 2016 may pay for building
/// that began in 2015 and be repaid until 2038. Each is checked in its own
/// order (planned start before planned completion, actual start before
/// actual completion, first repayment before the final one); planned dates
/// and repayments may lie in the future, actual ones may not.
///
/// ```yaml
/// project_dates:
///   actual_start: "2015-06"
///   planned_completion: "2019"
///   final_repayment: "2038-09-09"
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectDates {
    /// When the work was planned to start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub planned_start: Option<DateValue>,
    /// When the work started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual_start: Option<DateValue>,
    /// When the work was planned to be finished.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub planned_completion: Option<DateValue>,
    /// When the work was finished.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual_completion: Option<DateValue>,
    /// When the first repayment of a loan falls or fell due.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_repayment: Option<DateValue>,
    /// When the last repayment of a loan falls or fell due.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub final_repayment: Option<DateValue>,
}

impl ProjectDates {
    /// Pairs that must come in this order, each as (earlier, later).
    pub const ORDER: [(&'static str, &'static str); 3] = [
        ("planned_start", "planned_completion"),
        ("actual_start", "actual_completion"),
        ("first_repayment", "final_repayment"),
    ];

    /// The dates that record what has happened, and so may not lie after
    /// the day of a check.
    pub const HAPPENED: [&'static str; 2] = ["actual_start", "actual_completion"];

    /// True when no date is given.
    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }

    /// The date of the field `name`, if given.
    pub fn get(&self, name: &str) -> Option<&DateValue> {
        self.iter().find(|(n, _)| *n == name).map(|(_, d)| d)
    }

    /// The dates given, each with its field name, in the fields' order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &DateValue)> {
        [
            ("planned_start", &self.planned_start),
            ("actual_start", &self.actual_start),
            ("planned_completion", &self.planned_completion),
            ("actual_completion", &self.actual_completion),
            ("first_repayment", &self.first_repayment),
            ("final_repayment", &self.final_repayment),
        ]
        .into_iter()
        .filter_map(|(name, date)| date.as_ref().map(|d| (name, d)))
    }
}

/// An agreement's id in another dataset, written as a mapping with one key
/// that names the dataset:
///
/// ```yaml
/// outside_ids:
///   - aiddata: 425
///   - iati: XM-DAC-41114-PROJECT-00089765
/// ```
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub enum OutsideId {
    /// The project id (`AidData Record ID`, `AidData Parent ID`) in AidData's
    /// Global Chinese Development Finance dataset: a whole number.
    Aiddata(
        /// The AidData project id, such as `425`.
        AidDataId,
    ),
    /// An IATI activity identifier: the reporting organisation's reference,
    /// a hyphen and the organisation's own activity id.
    Iati(
        /// The IATI activity identifier, such as `GB-GOV-1-300708`.
        IatiId,
    ),
}

impl std::fmt::Display for OutsideId {
    /// `AidData 425`, `IATI XM-DAC-41114-PROJECT-00089765`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OutsideId::Aiddata(id) => write!(f, "AidData {}", id.0),
            OutsideId::Iati(id) => write!(f, "IATI {}", id.0),
        }
    }
}

/// A project id in AidData's GCDF dataset: a whole number from 0 to
/// 4,294,967,295 (a number written with a point, `425.0`, is the whole
/// number it denotes, as JSON Schema's `integer` holds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AidDataId(pub u32);

impl Serialize for AidDataId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u32(self.0)
    }
}

impl<'de> Deserialize<'de> for AidDataId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = AidDataId;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a whole number from 0 to 4294967295")
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<AidDataId, E> {
                u32::try_from(v).map(AidDataId).map_err(|_| {
                    E::custom(format!(
                        "`{v}` is beyond the largest AidData id, 4294967295"
                    ))
                })
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<AidDataId, E> {
                u64::try_from(v)
                    .map_err(|_| {
                        E::custom(format!("`{v}` is below zero: an AidData id is 0 or more"))
                    })
                    .and_then(|v| self.visit_u64(v))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<AidDataId, E> {
                if v.is_finite() && v.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&v) {
                    // Exact: a whole double in u32's range converts exactly.
                    Ok(AidDataId(v as u32))
                } else {
                    Err(E::custom(format!(
                        "`{v}` is not an AidData id: write a whole number"
                    )))
                }
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

impl JsonSchema for AidDataId {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "AidDataId".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "integer",
            "description": "A project id in AidData's Global Chinese Development Finance dataset (`AidData Record ID`, `AidData Parent ID`): a whole number.",
            "minimum": 0,
            "maximum": u32::MAX,
            "examples": [425],
        })
    }
}

/// An IATI activity identifier: `{organisation reference}-{activity id}`,
/// such as `GB-GOV-1-300708` or `XM-DAC-41114-PROJECT-00089765`: parts of
/// ASCII letters, digits and `_ . : ( ) ~`, joined by single hyphens, at
/// least two parts, at most 200 characters (the IATI standard forbids
/// spaces and `/ & | ?`; this is the stricter set identifiers use).
///
/// ```
/// use accord_model::IatiId;
///
/// assert!("GB-GOV-1-300708".parse::<IatiId>().is_ok());
/// assert!("44000-P123456".parse::<IatiId>().is_ok());
/// assert!("P123456".parse::<IatiId>().is_err());
/// assert!("GB-GOV-1/300708".parse::<IatiId>().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IatiId(String);

/// The JSON Schema pattern of an [`IatiId`].
pub const IATI_ID_PATTERN: &str = r"^[A-Za-z0-9_.:()~]+(?:-[A-Za-z0-9_.:()~]+)+$";

impl IatiId {
    /// The identifier as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::str::FromStr for IatiId {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let allowed =
            |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | ':' | '(' | ')' | '~');
        let parts_ok = s.split('-').count() >= 2
            && s.split('-')
                .all(|p| !p.is_empty() && p.chars().all(allowed));
        if !parts_ok || s.len() > 200 {
            return Err(format!(
                "`{s}` is not an IATI activity identifier: write the organisation reference, a hyphen and the activity id, such as `GB-GOV-1-300708`, in letters, digits and `_ . : ( ) ~`"
            ));
        }
        Ok(IatiId(s.to_owned()))
    }
}

impl Serialize for IatiId {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for IatiId {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for IatiId {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "IatiId".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "An IATI activity identifier: the organisation reference, a hyphen and the activity id, such as `GB-GOV-1-300708`: ASCII letters, digits and `_ . : ( ) ~` in parts joined by single hyphens.",
            "pattern": IATI_ID_PATTERN,
            "maxLength": 200,
            "examples": ["GB-GOV-1-300708"],
        })
    }
}

/// A relation from an agreement to one outside the dataset, named by its id
/// in another dataset.
///
/// ```yaml
/// outside_links:
///   - kind: part-of
///     id:
///       aiddata: 8
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OutsideLink {
    /// How this agreement relates to the other.
    pub kind: LinkKind,
    /// The other agreement's id in its dataset.
    pub id: OutsideId,
    /// Anything more the source says about the relation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
}

/// A measurable target or benchmark, such as "more than 1,000 medical
/// institutions".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// The target in words.
    pub description: Text,
    /// The figure, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<Quantity>,
    /// When it is to be met.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<DateValue>,
}

/// A number with its unit and qualifier, such as "more than 1,000 medical
/// institutions".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Quantity {
    /// The number: a whole number, or a decimal written as a string (`"1.5"`).
    pub value: Amount,
    /// What is counted, such as `medical institutions` or
    /// `radiotherapy units per million people`.
    pub unit: Text,
    /// How the source qualifies the number; `exact` when it does not.
    #[serde(default, skip_serializing_if = "Qualifier::is_exact")]
    pub qualifier: Qualifier,
}

/// A relation from one agreement to another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// How this agreement relates to the other.
    pub kind: LinkKind,
    /// The other agreement.
    pub agreement: AgreementId,
    /// Anything more the source says about the relation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
}

/// How one agreement relates to another.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum LinkKind {
    /// Extends or expands the other agreement's scope or term.
    Extends,
    /// Changes the other agreement's terms.
    Amends,
    /// Is one part of the other, larger agreement or programme.
    PartOf,
    /// Replaces the other agreement.
    Supersedes,
}

impl Agreement {
    /// The ids of the parties, in the order the record lists them.
    pub fn party_ids(&self) -> impl Iterator<Item = &PartyId> {
        self.parties.iter().map(|p| &p.party)
    }

    /// The occasion's id, however the link to it is marked.
    pub fn occasion_id(&self) -> Option<&OccasionId> {
        self.occasion.as_ref().map(Fact::value)
    }
}
