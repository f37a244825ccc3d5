//! Organisations that take part in collaborations.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::{
    Citation, CountryCode, DateValue, Fact, Identifier, LanguageTag, PartyId, SubdivisionCode,
    Text, Url,
};

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
    /// briefings compute corridors from it. Leave it out when no source
    /// gives it: absent means "not stated", not "none", and validation
    /// notes it for a kind that has a home country (the party is then
    /// listed as "country not stated" and left out of country counts). An
    /// international organisation has no home country (a country given is
    /// read as its seat and never counted as a home country); an
    /// unidentified organisation gives the country it is of when the source
    /// names one, as in "a Chinese government institution".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<Fact<CountryCode>>,
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
    /// Those who own a share of the organisation, each with the share and
    /// the time it was held where known, such as the two firms of a 50/50
    /// joint venture. The shares of one party add up to 100 at most.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub owners: Vec<Owner>,
    /// The organisation's identifiers in public registers (LEI, Unified
    /// Social Credit Code, Companies House number, Wikidata item).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub identifiers: Vec<Identifier>,
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
    /// An intergovernmental organisation, such as a UN agency, the World
    /// Bank's IFC or a regional development bank owned by states. It has no
    /// home country and is never counted as one.
    InternationalOrganisation,
    /// A country's central bank or monetary authority, such as the People's
    /// Bank of China.
    CentralBank,
    /// A development or policy bank owned by one state, such as China
    /// Development Bank or the Export-Import Bank of China.
    DevelopmentBank,
    /// A commercial bank, state-owned or private, such as the Industrial and
    /// Commercial Bank of China.
    CommercialBank,
    /// A company set up for one project or as a joint venture of its owners
    /// (list them under `owners`).
    SpecialPurposeCompany,
    /// An embassy, consulate or other diplomatic mission of a state abroad;
    /// its country is the state it represents.
    DiplomaticMission,
    /// An organisation the source names only by category, such as "an
    /// unspecified Chinese government institution". It is not counted as
    /// one body, nor its country as a home country; give the country it is
    /// of when the source says.
    UnidentifiedOrganisation,
}

impl PartyKind {
    /// Whether a party of this kind leaves `country` out without a note,
    /// since it has no home country: an international organisation or an
    /// unidentified organisation. Any party may leave it out (absent means
    /// "not stated"); for the other kinds validation notes it.
    pub fn country_optional(self) -> bool {
        matches!(
            self,
            PartyKind::InternationalOrganisation | PartyKind::UnidentifiedOrganisation
        )
    }

    /// Whether a party of this kind is one known body, counted as such in a
    /// directory and in counts of parties: every kind but an unidentified
    /// organisation.
    pub fn is_identified(self) -> bool {
        self != PartyKind::UnidentifiedOrganisation
    }
}

impl Party {
    /// The country the party is of, for filters and for the directory: its
    /// `country`, except for an international organisation, which is of no
    /// country (a country given is its seat).
    pub fn country_of(&self) -> Option<&Fact<CountryCode>> {
        match self.kind {
            PartyKind::InternationalOrganisation => None,
            _ => self.country.as_ref(),
        }
    }

    /// The party's home country, as briefings count home countries,
    /// corridors and regions: none for an international organisation or an
    /// unidentified organisation, nor when the country is not stated.
    pub fn home_country(&self) -> Option<&Fact<CountryCode>> {
        if self.kind.country_optional() {
            None
        } else {
            self.country.as_ref()
        }
    }

    /// Whether the party is of a kind that has a home country but its
    /// record states none (no source gives it): briefings list it as
    /// "country not stated" and leave it out of country counts, saying so.
    pub fn country_not_stated(&self) -> bool {
        self.country.is_none() && !self.kind.country_optional()
    }

    /// Whom the party belongs to, as [`crate::Dataset::party_chain`]
    /// follows it: its `parent`, and every owner with a majority share
    /// (more than 50 percent) or listed alone without a share, whatever the
    /// dates of the holding.
    pub fn controlled_by(&self) -> impl Iterator<Item = &PartyId> {
        let sole = self.owners.len() == 1;
        self.parent.iter().chain(
            self.owners
                .iter()
                .filter(move |o| match &o.share {
                    Some(share) => share.is_majority(),
                    None => sole,
                })
                .map(|o| &o.party),
        )
    }
}

/// One owner of a party and its holding.
///
/// ```yaml
/// owners:
///   - party: elekta
///     share: 51
///     since: 2023-03
///   - party: sinopharm-group
///     share: "49"
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Owner {
    /// The party that owns the share.
    pub party: PartyId,
    /// The share held, in percent of the whole, when known: a whole number
    /// (`50`) or a decimal in a string (`"33.3"`), more than 0 and at most
    /// 100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share: Option<Share>,
    /// When the owner acquired the holding, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<DateValue>,
    /// When the owner gave the holding up, when it has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<DateValue>,
    /// Sources for the holding; a citation's `supports` names fields of
    /// this owner (`share`, `since`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Citation>,
}

/// A share in percent: more than 0 and at most 100, kept exactly as a
/// decimal (`33.3` stays `33.3`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Share(pub Decimal);

/// The pattern of a share written as a string: a decimal more than 0 and at
/// most 100, without sign, exponent or leading zeros.
pub const SHARE_PATTERN: &str = r"^(100(\.0+)?|[1-9][0-9]?(\.[0-9]+)?|0\.[0-9]*[1-9][0-9]*)$";

impl Share {
    /// Whether the share is a majority: more than half.
    pub fn is_majority(self) -> bool {
        self.0 > Decimal::from(50)
    }
}

impl fmt::Display for Share {
    /// The share as written, with a percent sign: `33.3%`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}%", self.0)
    }
}

impl FromStr for Share {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let b = s.as_bytes();
        let digits_point = !b.is_empty()
            && b.iter().all(|c| c.is_ascii_digit() || *c == b'.')
            && b.iter().filter(|c| **c == b'.').count() <= 1
            && b[0] != b'.'
            && b[b.len() - 1] != b'.'
            && !(b.len() > 1 && b[0] == b'0' && b[1] != b'.');
        let value = digits_point
            .then(|| Decimal::from_str(s).ok())
            .flatten()
            .ok_or_else(|| {
                format!("`{s}` is not a share: write a percentage such as `50` or `\"33.3\"`")
            })?;
        if value <= Decimal::ZERO || value > Decimal::from(100) {
            return Err(format!(
                "a share is a percentage more than 0 and at most 100, not `{s}`"
            ));
        }
        Ok(Share(value))
    }
}

impl Serialize for Share {
    /// A whole share as a number (`50`), any other as a string (`"33.3"`).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.0.fract().is_zero() && self.0.scale() == 0 {
            serializer.serialize_u64(u64::try_from(self.0.mantissa()).unwrap_or(100))
        } else {
            serializer.serialize_str(&self.0.to_string())
        }
    }
}

impl<'de> Deserialize<'de> for Share {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Share;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a percentage: a whole number from 1 to 100, or a decimal in a string")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Share, E> {
                if !(1..=100).contains(&v) {
                    return Err(E::custom(format!(
                        "a share is a percentage more than 0 and at most 100, not `{v}`"
                    )));
                }
                Ok(Share(Decimal::from(v)))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Share, E> {
                self.visit_i64(i64::try_from(v).unwrap_or(i64::MAX))
            }
            /// A whole number written with a point (`50.0`) is that number,
            /// as JSON Schema's `integer` holds; a fraction must be a string.
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Share, E> {
                if !v.is_finite() || v.fract() != 0.0 {
                    return Err(E::custom(
                        "a share with a fractional part must be written as a string, such as \"33.3\"",
                    ));
                }
                if v.abs() > 1e6 {
                    return self.visit_i64(i64::MAX);
                }
                self.visit_i64(v as i64)
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Share, E> {
                v.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

impl JsonSchema for Share {
    fn schema_name() -> Cow<'static, str> {
        "Share".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A share in percent, more than 0 and at most 100: a whole number, or a decimal in a string such as \"33.3\".",
            "anyOf": [
                { "type": "integer", "minimum": 1, "maximum": 100 },
                { "type": "string", "pattern": SHARE_PATTERN }
            ],
            "examples": [50, "33.3"],
        })
    }
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
