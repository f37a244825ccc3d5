//! Where the facts come from.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::{DateValue, LanguageTag, SourceId, Text, Url};

/// A document facts are taken from: a news item, a press release, a
/// government page. Every agreement cites at least one.
///
/// ```yaml
/// source:
///   id: itn-2023-03-14-elekta-sinopharm
///   title: Sinopharm partners with Elekta to increase radiotherapy adoption in China
///   kind: news-article
///   published: "2023-03-14"
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The source's stable id.
    pub id: SourceId,
    /// The document's title (or headline) as published.
    pub title: Text,
    /// What sort of document it is.
    pub kind: SourceKind,
    /// Who published it, when the document says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<Text>,
    /// When it was published, as precisely as the document gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<DateValue>,
    /// Where it can be read: an `http` or `https` address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Url>,
    /// The address of an archived copy, such as one in the Internet
    /// Archive's Wayback Machine, for when `url` changes or goes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archived_url: Option<Url>,
    /// When the recorder read the document at `url` (or the copy the
    /// record was made from), as precisely as it is known; a copy whose
    /// own contents show it is no older than a day can say `on_or_after`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retrieved: Option<DateValue>,
    /// The BCP 47 tag of the language it is written in, such as `en`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<LanguageTag>,
    /// What a reader of the briefing should know about the source: gaps,
    /// apparent errors, what is missing from the copy the record was made from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Text>,
}

/// What sort of document a source is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum SourceKind {
    /// An article from a news outlet or trade publication.
    NewsArticle,
    /// A press release from one of the parties.
    PressRelease,
    /// A page or document published by a government body.
    GovernmentPublication,
    /// A blog post or newsletter item.
    BlogPost,
    /// A report or study.
    Report,
    /// The text of an agreement itself.
    AgreementText,
    /// Any other web page.
    WebPage,
}

/// A reference from a record to a source, with where in it to look.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    /// The source.
    pub source: SourceId,
    /// Where in the source the fact is: a section, a list item, a paragraph.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locator: Option<Text>,
    /// The fields of the citing record this citation backs, as paths such
    /// as `value`, `dates.signed` or `parties[1].role` (list items counted
    /// from 0). Leave it out when the citation backs the record as a whole.
    /// Briefings footnote each named field with this source.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub supports: Vec<FieldPath>,
}

/// A path to a field of a record, from the record's own mapping: names
/// joined by `.`, with `[n]` after a list's name for its item `n`, counted
/// from 0, such as `dates.signed` or `parties[1].role`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct FieldPath(String);

/// The JSON Schema pattern of a [`FieldPath`].
pub const FIELD_PATH_PATTERN: &str =
    r"^[a-z_]+(?:\[(?:0|[1-9][0-9]{0,5})\])?(?:\.[a-z_]+(?:\[(?:0|[1-9][0-9]{0,5})\])?)*$";

/// One step of a [`FieldPath`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathStep<'a> {
    /// A field of a mapping.
    Field(&'a str),
    /// An item of a list, counted from 0.
    Item(usize),
}

impl FieldPath {
    /// The path as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The steps of the path, in order.
    pub fn steps(&self) -> Vec<PathStep<'_>> {
        let mut steps = Vec::new();
        for part in self.0.split('.') {
            let (name, index) = match part.split_once('[') {
                Some((name, rest)) => (name, rest.trim_end_matches(']').parse().ok()),
                None => (part, None),
            };
            steps.push(PathStep::Field(name));
            if let Some(index) = index {
                steps.push(PathStep::Item(index));
            }
        }
        steps
    }

    /// The JSON Pointer (RFC 6901) of the field inside the record's own
    /// mapping, such as `/parties/1/role`.
    pub fn pointer(&self) -> String {
        let mut pointer = String::new();
        for step in self.steps() {
            match step {
                PathStep::Field(name) => {
                    pointer.push('/');
                    pointer.push_str(name);
                }
                PathStep::Item(index) => {
                    pointer.push('/');
                    pointer.push_str(&index.to_string());
                }
            }
        }
        pointer
    }
}

impl std::fmt::Display for FieldPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn is_field_path(text: &str) -> bool {
    fn name(part: &str) -> bool {
        !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
    }
    !text.is_empty()
        && text.split('.').all(|part| match part.split_once('[') {
            None => name(part),
            Some((field, rest)) => {
                let Some(digits) = rest.strip_suffix(']') else {
                    return false;
                };
                name(field)
                    && !digits.is_empty()
                    && digits.len() <= 6
                    && digits.bytes().all(|b| b.is_ascii_digit())
                    && (digits == "0" || !digits.starts_with('0'))
            }
        })
}

impl std::str::FromStr for FieldPath {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if is_field_path(text) {
            Ok(FieldPath(text.to_owned()))
        } else {
            Err(format!(
                "`{text}` is not a field path: write names joined by `.`, with `[n]` for a list item, such as `parties[1].role`"
            ))
        }
    }
}

impl<'de> Deserialize<'de> for FieldPath {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for FieldPath {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "FieldPath".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "A path to a field of the citing record: names joined by `.`, with `[n]` for list item n counted from 0.",
            "pattern": FIELD_PATH_PATTERN,
            "examples": ["value", "dates.signed", "parties[1].role"],
        })
    }
}
