//! People named in sources.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{Citation, Fact, NonEmpty, PartyId, PersonId, Text};

/// A person a source names or refers to by office: a chair, a chief
/// executive, a minister, or "the UK Prime Minister" when the source gives
/// no name.
///
/// ```yaml
/// person:
///   id: gustaf-salford
///   name: Gustaf Salford
///   positions:
///     - title: President and Chief Executive Officer
///       organisation: elekta
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// The person's stable id.
    pub id: PersonId,
    /// The name as sources write it in the Latin alphabet, given name and
    /// family name in the order the source uses. Leave it out when the
    /// source names only the office ("the Prime Minister"); briefings then
    /// name the person by their first position.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<Fact<Text>>,
    /// The name in the person's own script, such as Chinese characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub local_name: Option<Fact<crate::LocalName>>,
    /// The titles the sources give the person, with the organisation each
    /// belongs to. At least one.
    pub positions: NonEmpty<Fact<Position>>,
    /// Sources for what this record says about the person.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Citation>,
}

/// A title a person holds (or held) in an organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Position {
    /// The title, such as `Governor` or `Executive Vice President, Region China`.
    pub title: Text,
    /// The party the title belongs to, when it is recorded as a party.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<PartyId>,
    /// True when the source says the person no longer holds the title
    /// ("former vice minister").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub former: bool,
}

/// A person's part in an agreement or an occasion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Involvement {
    /// The person.
    pub person: PersonId,
    /// The part they played.
    pub part: Fact<PersonPart>,
    /// Anything more the source says about their part.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
}

/// The part a person played in an agreement or an occasion.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum PersonPart {
    /// Signed the agreement.
    Signatory,
    /// Witnessed the signing.
    Witness,
    /// Hosted or chaired the meeting or event.
    Host,
    /// Spoke at the event or was quoted about the agreement.
    Speaker,
    /// Was present.
    Attendee,
    /// Is named in the source without taking part, for example as the author
    /// of a policy the parties cite.
    Mentioned,
}
