//! The data model of Accord: typed records of collaborations between
//! organisations, and the JSON Schema that describes them.
//!
//! A dataset is a set of **records**, one per file. Each record is one of:
//!
//! - a [`Party`]: an organisation (company, university, government body …);
//! - a [`Person`] named in a source, with their titles;
//! - an [`Agreement`]: a collaboration between two or more parties, with
//!   its kind, status, sectors, places, dates, money, targets and sources;
//! - a [`Source`]: a document the facts come from;
//! - an [`Occasion`]: an event such as a state visit or a signing ceremony.
//!
//! Records refer to each other by id ([`PartyId`], [`AgreementId`] …). This
//! crate checks each record on its own; the `accord-ingest` crate checks the
//! references between them.
//!
//! The model keeps uncertainty visible instead of resolving it: dates carry
//! their precision ([`PartialDate`]) and can be marked inferred
//! ([`DateValue`]), sums of money carry a qualifier and may have an unknown
//! currency ([`Money`]), and parties keep the other names sources use
//! ([`Alias`]).
//!
//! # Example
//!
//! ```
//! use accord_model::{Record, Sector, Status};
//!
//! let json = r#"{
//!   "agreement": {
//!     "id": "medopad-pku-smart-health-lab",
//!     "title": "Medopad and Peking University Smart Health Lab care models",
//!     "kind": "collaboration-agreement",
//!     "status": "signed",
//!     "summary": "The two will design new models of care and patient monitoring.",
//!     "parties": [
//!       { "party": "medopad", "role": "partner" },
//!       { "party": "pku-smart-health-lab", "role": "partner" }
//!     ],
//!     "sectors": ["remote-monitoring"],
//!     "dates": { "signed": "2018-02" },
//!     "sources": [{ "source": "uk-china-healthcare-signings-2018" }]
//!   }
//! }"#;
//!
//! let Record::Agreement(agreement) = serde_json::from_str(json).unwrap() else {
//!     unreachable!()
//! };
//! assert_eq!(agreement.status, Status::Signed);
//! assert!(agreement.sectors[0].is_within(Sector::DigitalHealth));
//! assert_eq!(agreement.sectors[0].top_level().label(), "Health");
//! assert_eq!(agreement.dates.signed.unwrap().to_string(), "2018-02");
//!
//! // The JSON Schema of a record file, as published under `schema/`.
//! let schema = accord_model::schema();
//! assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
//! ```
//!
//! This crate does no I/O: it neither reads files nor prints.

#![warn(missing_docs)]

mod agreement;
mod certainty;
mod dataset;
mod date;
mod editor;
mod id;
mod identifier;
mod money;
mod occasion;
mod party;
mod person;
mod region;
mod sector;
mod source;
mod text;
mod vocabulary;

pub use agreement::{
    Agreement, AgreementKind, AidDataId, Dates, IATI_ID_PATTERN, IatiId, Link, LinkKind, OutsideId,
    OutsideLink, Participant, ProjectDates, Quantity, Role, Stage, Status, Target,
};
pub use certainty::{Basis, Certainty, Fact, Marked, OutsideKnowledge};
pub use dataset::{Dataset, name_difference, normalise_name};
pub use date::{
    AnnotatedDate, DateError, DateSpan, DateValue, MONTH_DAY_PATTERN, MonthDay,
    PARTIAL_DATE_PATTERN, PartialDate, Precision,
};
pub use id::{
    AgreementId, ID_MAX_LEN, ID_PATTERN, OccasionId, PartyId, PersonId, SourceId, check_id,
};
pub use identifier::{CheckFailure, Identifier, IdentifierScheme};
pub use money::{
    AMOUNT_PATTERN, Amount, AmountKind, Currency, Equivalent, LeftOut, LeftOutReason, LoanTerms,
    MAX_SAFE_INTEGER, Money, Qualifier, StatedAmount,
};
pub use occasion::{Occasion, OccasionKind};
pub use party::{Alias, AliasKind, LocalName, Owner, Party, PartyKind, SHARE_PATTERN, Share};
pub use person::{Involvement, Person, PersonPart, Position};
pub use region::{
    AreaCode, CountryCode, M49Area, M49Entry, Place, PlacePrecision, SubdivisionCode, WORLD,
    m49_areas, m49_table,
};
pub use sector::{Sector, SectorCodes};
pub use source::{Citation, FIELD_PATH_PATTERN, FieldPath, PathStep, Source, SourceKind};
pub use text::{
    AtLeast, DIRECTION_CONTROLS, FORBIDDEN, INVISIBLE, LANGUAGE_TAG_PATTERN, LanguageTag, NonEmpty,
    Text, Url, describe_char, text_patterns, text_problem, url_pattern,
};
pub use vocabulary::{
    ROLES_NEEDING_ANOTHER, RecordKey, RecordKind, Vocabulary, required_roles, role_fits_party,
    unmet_requirements,
};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The version of the record format and its schema. It changes in the major
/// part when a valid file could become invalid, in the minor part when
/// fields or vocabulary are added.
pub const SCHEMA_VERSION: &str = "2.3.0";

/// The `$id` of the published schema. The `.invalid` host (RFC 2606) marks it
/// as a name, not an address to fetch: editors find the schema through the
/// file's modeline or their settings, not through this URI.
pub const SCHEMA_ID: &str = "https://accord.invalid/schema/1/record.schema.json";

/// One record file: exactly one top-level key says which kind of record it
/// holds.
///
/// ```yaml
/// # yaml-language-server: $schema=../../schema/record.schema.json
/// party:
///   id: elekta
///   name: Elekta
///   kind: company
///   country: SE
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
// Every kind is boxed, so a record is two words wherever it is passed; the
// numerous kinds, parties and agreements, stay boxed in `Dataset`, so a
// record read on one thread moves into its map as a pointer rather than by
// copying hundreds of bytes into a map node: on a hundred thousand records
// that saves time and about a sixth of the peak memory.
pub enum Record {
    /// An organisation.
    Party(Box<Party>),
    /// A person named in a source.
    Person(Box<Person>),
    /// A collaboration between organisations.
    Agreement(Box<Agreement>),
    /// A document the facts come from.
    Source(Box<Source>),
    /// An event at which agreements are made or discussed.
    Occasion(Box<Occasion>),
}

impl Record {
    /// The record's kind, as written in the file (`party`, `agreement` …).
    pub fn kind(&self) -> &'static str {
        match self {
            Record::Party(_) => "party",
            Record::Person(_) => "person",
            Record::Agreement(_) => "agreement",
            Record::Source(_) => "source",
            Record::Occasion(_) => "occasion",
        }
    }

    /// The record's id.
    pub fn id(&self) -> &str {
        match self {
            Record::Party(r) => r.id.as_str(),
            Record::Person(r) => r.id.as_str(),
            Record::Agreement(r) => r.id.as_str(),
            Record::Source(r) => r.id.as_str(),
            Record::Occasion(r) => r.id.as_str(),
        }
    }
}

/// The JSON Schema (draft 2020-12) of a record file, as a JSON value.
///
/// The committed copy under `schema/` is this value pretty-printed; a test
/// fails when the two differ.
pub fn schema() -> serde_json::Value {
    let generator = schemars::generate::SchemaSettings::draft2020_12().into_generator();
    let root = generator.into_root_schema_for::<Record>();
    let mut value = root.to_value();
    // Give each record kind's key the description of its kind, so an editor
    // shows it on hover over `party:` or `agreement:`.
    if let Some(variants) = value.get_mut("oneOf").and_then(|v| v.as_array_mut()) {
        for variant in variants {
            let description = variant.get("description").cloned();
            if let (Some(description), Some(props)) = (
                description,
                variant
                    .get_mut("properties")
                    .and_then(|p| p.as_object_mut()),
            ) {
                for prop in props.values_mut() {
                    if let Some(prop) = prop.as_object_mut() {
                        prop.insert("description".into(), description.clone());
                    }
                }
            }
        }
    }
    editor::for_editors(&mut value);
    if let Some(object) = value.as_object_mut() {
        // No `title`: editors head every hover with the nearest title above
        // the value, which for every field would be the root's.
        object.remove("title");
        let mut ordered = serde_json::Map::new();
        ordered.insert(
            "$schema".into(),
            object.remove("$schema").unwrap_or_default(),
        );
        ordered.insert("$id".into(), SCHEMA_ID.into());
        ordered.insert("x-accord-schema-version".into(), SCHEMA_VERSION.into());
        ordered.append(object);
        return serde_json::Value::Object(ordered);
    }
    value
}

/// The schema as the text committed under `schema/`: pretty-printed JSON
/// with a final newline.
pub fn schema_text() -> String {
    let mut text = serde_json::to_string_pretty(&schema()).unwrap_or_default();
    text.push('\n');
    text
}
