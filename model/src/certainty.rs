//! How sure a record is of each fact it states, and where a fact that no
//! cited source states comes from.
//!
//! Every fact a recorder may have to infer is written the same way: either
//! the bare value (the cited source states it), or the long form
//!
//! ```yaml
//! country:
//!   value: SE
//!   outside_knowledge:
//!     reference: "Elekta AB, Annual Report 2022, p. 1"
//! ```
//!
//! with exactly one mark: `inferred` (the reasoning that takes the value
//! from the cited source) or `outside_knowledge` (the source record or the
//! named reference it comes from). `as_stated` may keep the source's own
//! words beside either. [`Fact`] is that shape for any value; dates have
//! their own long form ([`crate::DateValue`]) with the same keys and more.

use std::borrow::Cow;
use std::fmt;
use std::ops::Deref;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize};

use crate::{SourceId, Text};

/// How sure a record is of a fact.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Certainty {
    /// A source the record cites states it.
    Stated,
    /// The recorder inferred it from a cited source, with reasoning given.
    Inferred,
    /// It comes from outside the cited sources: another source record or
    /// a named reference.
    OutsideKnowledge,
}

impl Certainty {
    /// The word briefings print beside a marked fact: `inferred` or
    /// `outside knowledge`; empty for a stated fact.
    pub fn label(self) -> &'static str {
        match self {
            Certainty::Stated => "",
            Certainty::Inferred => "inferred",
            Certainty::OutsideKnowledge => "outside knowledge",
        }
    }
}

/// Where a fact that no cited source states comes from: a source record of
/// the dataset, a named reference (a register, a report, a web page), or
/// both. At least one of `source` and `reference` is given.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend("anyOf" = [
    {"required": ["source"], "properties": {"source": {"type": "string", "description": "Given, not left empty."}}},
    {"required": ["reference"], "properties": {"reference": {"type": "string", "description": "Given, not left empty."}}}
]))]
pub struct OutsideKnowledge {
    /// A source record of the dataset that states the fact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceId>,
    /// Where in that source, or in the reference, the fact is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locator: Option<Text>,
    /// A named reference outside the dataset, such as
    /// `Elekta AB, Annual Report 2022` or `GLEIF record 549300…`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<Text>,
}

impl<'de> Deserialize<'de> for OutsideKnowledge {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Raw {
            #[serde(default)]
            source: Option<SourceId>,
            #[serde(default)]
            locator: Option<Text>,
            #[serde(default)]
            reference: Option<Text>,
        }
        let raw = Raw::deserialize(deserializer)?;
        if raw.source.is_none() && raw.reference.is_none() {
            return Err(serde::de::Error::custom(
                "outside knowledge names a `source` record or a `reference`",
            ));
        }
        Ok(OutsideKnowledge {
            source: raw.source,
            locator: raw.locator,
            reference: raw.reference,
        })
    }
}

impl fmt::Display for OutsideKnowledge {
    /// The reference, else the source id, with the locator after a comma.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.reference, &self.source) {
            (Some(reference), _) => f.write_str(reference)?,
            (None, Some(source)) => write!(f, "source `{source}`")?,
            (None, None) => {}
        }
        if let Some(locator) = &self.locator {
            write!(f, ", {locator}")?;
        }
        Ok(())
    }
}

/// The mark a fact carries: how sure the record is of it and why. Shared by
/// [`Fact`] and [`crate::DateValue`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis<'a> {
    /// A cited source states it.
    Stated,
    /// Inferred from a cited source, for this reason.
    Inferred(&'a str),
    /// From outside the cited sources.
    OutsideKnowledge(&'a OutsideKnowledge),
}

impl Basis<'_> {
    /// The certainty the mark stands for.
    pub fn certainty(&self) -> Certainty {
        match self {
            Basis::Stated => Certainty::Stated,
            Basis::Inferred(_) => Certainty::Inferred,
            Basis::OutsideKnowledge(_) => Certainty::OutsideKnowledge,
        }
    }

    /// The reasoning or the reference, as a reader would be told it; `None`
    /// for a stated fact.
    pub fn explanation(&self) -> Option<String> {
        match self {
            Basis::Stated => None,
            Basis::Inferred(reason) => Some((*reason).to_owned()),
            Basis::OutsideKnowledge(from) => Some(format!("From {from}.")),
        }
    }
}

/// A fact as a record states it: the bare value when a cited source states
/// it, or the long form with a mark ([`Marked`]).
///
/// ```
/// use accord_model::{Certainty, CountryCode, Fact};
///
/// let stated: Fact<CountryCode> = serde_json::from_str(r#""SE""#).unwrap();
/// assert_eq!(stated.certainty(), Certainty::Stated);
///
/// let marked: Fact<CountryCode> = serde_json::from_str(
///     r#"{"value": "SE", "outside_knowledge": {"reference": "Elekta AB, Annual Report 2022"}}"#,
/// ).unwrap();
/// assert_eq!(marked.certainty(), Certainty::OutsideKnowledge);
/// assert_eq!(marked.value().alpha2(), "SE");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Fact<T> {
    /// Stated by a cited source.
    Stated(T),
    /// With a mark, or with the source's wording.
    // Boxed: most facts are bare.
    Marked(Box<Marked<T>>),
}

/// The long form of a [`Fact`]: the value with at most one mark and the
/// source's own words.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Marked<T> {
    /// The value.
    pub value: T,
    /// The reasoning that takes the value from the cited source, when no
    /// source states it outright.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inferred: Option<Text>,
    /// Where the value comes from when the cited sources do not give it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outside_knowledge: Option<OutsideKnowledge>,
    /// The source's own words for the value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_stated: Option<Text>,
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Marked<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Raw<T> {
            value: T,
            #[serde(default)]
            inferred: Option<Text>,
            #[serde(default)]
            outside_knowledge: Option<OutsideKnowledge>,
            #[serde(default)]
            as_stated: Option<Text>,
        }
        let raw = Raw::<T>::deserialize(deserializer)?;
        if raw.inferred.is_some() && raw.outside_knowledge.is_some() {
            return Err(serde::de::Error::custom(MARKS_EXCLUSIVE));
        }
        Ok(Marked {
            value: raw.value,
            inferred: raw.inferred,
            outside_knowledge: raw.outside_knowledge,
            as_stated: raw.as_stated,
        })
    }
}

/// The message when a long form carries both marks.
pub(crate) const MARKS_EXCLUSIVE: &str =
    "a fact is either `inferred` or from `outside_knowledge`, not both";

impl<T> Fact<T> {
    /// The value, however it is marked.
    pub fn value(&self) -> &T {
        match self {
            Fact::Stated(value) => value,
            Fact::Marked(marked) => &marked.value,
        }
    }

    /// The mark.
    pub fn basis(&self) -> Basis<'_> {
        match self {
            Fact::Stated(_) => Basis::Stated,
            Fact::Marked(marked) => basis_of(&marked.inferred, &marked.outside_knowledge),
        }
    }

    /// How sure the record is of the value.
    pub fn certainty(&self) -> Certainty {
        self.basis().certainty()
    }

    /// The source's own words, when the record keeps them.
    pub fn as_stated(&self) -> Option<&str> {
        match self {
            Fact::Stated(_) => None,
            Fact::Marked(marked) => marked.as_stated.as_deref(),
        }
    }

    /// The outside reference, when the value comes from outside knowledge.
    pub fn outside_knowledge(&self) -> Option<&OutsideKnowledge> {
        match self {
            Fact::Stated(_) => None,
            Fact::Marked(marked) => marked.outside_knowledge.as_ref(),
        }
    }
}

/// The mark of a long form from its two optional keys.
pub(crate) fn basis_of<'a>(
    inferred: &'a Option<Text>,
    outside: &'a Option<OutsideKnowledge>,
) -> Basis<'a> {
    match (inferred, outside) {
        (Some(reason), _) => Basis::Inferred(reason),
        (None, Some(from)) => Basis::OutsideKnowledge(from),
        (None, None) => Basis::Stated,
    }
}

impl<T> Deref for Fact<T> {
    type Target = T;

    fn deref(&self) -> &T {
        self.value()
    }
}

impl<T> From<T> for Fact<T> {
    fn from(value: T) -> Self {
        Fact::Stated(value)
    }
}

/// The JSON Schema keywords of the two marks and `as_stated`, shared by
/// [`Fact`] and the long form of dates so that both are written alike.
pub(crate) fn mark_properties(
    generator: &mut SchemaGenerator,
) -> serde_json::Map<String, serde_json::Value> {
    let text = generator.subschema_for::<Text>().to_value();
    let outside = generator.subschema_for::<OutsideKnowledge>().to_value();
    let mut properties = serde_json::Map::new();
    properties.insert(
        "inferred".into(),
        with_description(
            nullable(text.clone()),
            "The reasoning that takes the value from the cited source, when no source states it outright. Briefings mark the value as inferred.",
        ),
    );
    properties.insert(
        "outside_knowledge".into(),
        with_description(
            nullable(outside),
            "Where the value comes from when the cited sources do not give it: a `source` record of the dataset or a named `reference`. Briefings mark the value as outside knowledge.",
        ),
    );
    properties.insert(
        "as_stated".into(),
        with_description(nullable(text), "The source's own words for the value."),
    );
    properties
}

/// The schema rule that a long form has at most one mark, as the value of
/// `dependentSchemas`: it applies only to a mapping that has `inferred`, so
/// a bare value checked against the long form fails on its type alone and
/// the validator can tell which form was meant.
pub(crate) fn one_mark_rule() -> serde_json::Value {
    // `null` is a key left empty, as serde reads it: only two marks that
    // are both given are refused.
    serde_json::json!({"inferred": {"not": {
        "required": ["inferred", "outside_knowledge"],
        "properties": {
            "inferred": {"not": {"type": "null"}, "description": "Given, not left empty."},
            "outside_knowledge": {"not": {"type": "null"}, "description": "Given, not left empty."}
        }
    }}})
}

/// `schema`, or `null`: an optional key may be written empty, which serde
/// reads as absent.
pub(crate) fn nullable(schema: serde_json::Value) -> serde_json::Value {
    serde_json::json!({"anyOf": [schema, {"type": "null"}]})
}

fn with_description(schema: serde_json::Value, description: &str) -> serde_json::Value {
    // A `$ref` with a sibling description is allowed in 2020-12.
    let mut schema = match schema {
        serde_json::Value::Object(map) => map,
        other => return other,
    };
    schema.insert("description".into(), description.into());
    serde_json::Value::Object(schema)
}

impl<T: JsonSchema> JsonSchema for Fact<T> {
    fn schema_name() -> Cow<'static, str> {
        format!("Fact_{}", T::schema_name()).into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let value = generator.subschema_for::<T>().to_value();
        let mut properties = mark_properties(generator);
        properties.insert(
            "value".into(),
            with_description(value.clone(), "The value."),
        );
        json_schema!({
            "description": "The value as a cited source states it, or the long form `{value, inferred | outside_knowledge, as_stated}` that marks how it is known.",
            "anyOf": [
                value,
                {
                    "type": "object",
                    "properties": properties,
                    "required": ["value"],
                    "additionalProperties": false,
                    "dependentSchemas": one_mark_rule(),
                }
            ]
        })
    }
}
