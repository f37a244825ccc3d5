//! Events that agreements belong to.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{Citation, DateValue, Fact, Involvement, Money, NonEmpty, OccasionId, Place, Text};

/// An event at which agreements are made or discussed: a state visit, a
/// signing ceremony, a meeting. Occasions can nest: a signing event during
/// a state visit is `part_of` the visit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Occasion {
    /// The occasion's stable id.
    pub id: OccasionId,
    /// The occasion's name, such as `Future of Medicine signings`.
    pub name: Text,
    /// What sort of event it was.
    pub kind: OccasionKind,
    /// When it took place (its first day, for an event of several days).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<DateValue>,
    /// Its last day, for an event of several days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<DateValue>,
    /// Where it took place.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<Fact<Place>>,
    /// The larger occasion this one was part of.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part_of: Option<OccasionId>,
    /// The total value the sources report for the deals made at the
    /// occasion, as they state it ("over 500 million of deals"). It is
    /// never added to the values of the agreements themselves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reported_total: Option<Money>,
    /// What happened, in the author's words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<Text>,
    /// People at the occasion and their part in it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub people: Vec<Involvement>,
    /// Sources that describe the occasion. At least one.
    pub sources: NonEmpty<Citation>,
}

/// What sort of event an occasion was.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum OccasionKind {
    /// A visit by a head of state or government, or a minister, to another country.
    OfficialVisit,
    /// An event held to sign agreements.
    SigningCeremony,
    /// A meeting between the parties' leaders or officials.
    Meeting,
    /// A conference, forum, trade show or showcase event.
    Conference,
    /// A trade mission or delegation.
    TradeMission,
}
