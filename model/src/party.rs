//! Organisations that take part in collaborations.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{Citation, CountryCode, Fact, LanguageTag, PartyId, SubdivisionCode, Text, Url};

/// An organisation: a company, a university, a government body, a regulator …
///
/// ```yaml
/// party:
///   id: liaoning-province
///   name: Liaoning Province
///   kind: subnational-government
///   country: CN
///   subdivision: CN-LN
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Party {
    /// The party's stable id, used to refer to it from other records.
    pub id: PartyId,
    /// The name briefings print: the organisation's usual English name.
    pub name: Text,
    /// What kind of organisation it is.
    pub kind: PartyKind,
    /// The ISO 3166-1 country the organisation is based in. Mark it
    /// (`inferred` or `outside_knowledge`) when no cited source says so:
    /// briefings compute corridors from it.
    pub country: Fact<CountryCode>,
    /// The ISO 3166-2 subdivision it is based in, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subdivision: Option<Fact<SubdivisionCode>>,
    /// The city or town it is based in, in English, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<Fact<Text>>,
    /// The name in the organisation's own script, such as Chinese characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local_name: Option<Fact<LocalName>>,
    /// Other names and spellings sources use, misspellings included, so that
    /// a record written from another source can be matched to this party.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<Alias>,
    /// The organisation this one belongs to, such as the group of which it is
    /// a subsidiary or trading arm.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<PartyId>,
    /// The organisation's web address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<Url>,
    /// A sentence or two on who the organisation is, in the author's words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// Sources for what this record says about the party.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Citation>,
}

/// What kind of organisation a party is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum PartyKind {
    /// A privately or publicly listed company.
    Company,
    /// A company owned or controlled by a state.
    StateOwnedEnterprise,
    /// A university, college or university faculty.
    University,
    /// A research institute, laboratory or research centre.
    ResearchCentre,
    /// A hospital or hospital group.
    Hospital,
    /// A national government, ministry or national government agency.
    NationalGovernment,
    /// A government below the national level: a province, state, region or city.
    SubnationalGovernment,
    /// A body that regulates medicines, devices or health services.
    Regulator,
    /// An investment fund or fund manager.
    InvestmentFund,
    /// An industry or trade association.
    IndustryAssociation,
    /// A political party or one of its committees.
    PoliticalParty,
    /// A charity, foundation or other non-profit organisation.
    NonProfit,
    /// An intergovernmental organisation, such as a UN agency.
    InternationalOrganisation,
}

/// A name in a script other than the Latin alphabet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LocalName {
    /// The name as written in that script.
    pub text: Text,
    /// The BCP 47 language tag of the name, such as `zh-Hans` (Chinese in
    /// simplified characters).
    pub language: LanguageTag,
}

/// Another name a party is known by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Alias {
    /// The other name, exactly as the source writes it.
    pub name: Text,
    /// What sort of other name it is.
    pub kind: AliasKind,
    /// Where the name is used or why it is recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
}

/// What sort of other name an alias is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum AliasKind {
    /// A shortened form or brand name, such as `Sinopharm`.
    ShortName,
    /// An abbreviation or acronym, such as `CFDA`.
    Abbreviation,
    /// The full legal or registered name.
    LegalName,
    /// A name the organisation used to have.
    FormerName,
    /// A spelling a source uses that differs from the usual one, right or wrong.
    VariantSpelling,
    /// A translation or transliteration of the name.
    Translation,
}
