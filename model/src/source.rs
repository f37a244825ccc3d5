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
}
