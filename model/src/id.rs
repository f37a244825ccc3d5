//! Identifiers of records.
//!
//! Every record has a stable, human-readable id: lower-case ASCII letters and
//! digits in words joined by single hyphens (`sinopharm-group`), 1 to 80
//! characters. Each kind of record has its own id type, so a party id cannot
//! be passed where an agreement id is wanted; in files they look the same.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize};

/// The JSON Schema pattern every id matches.
pub const ID_PATTERN: &str = "^[a-z0-9]+(?:-[a-z0-9]+)*$";

/// The longest id allowed, in characters.
pub const ID_MAX_LEN: usize = 80;

/// Checks the id rules, returning why a text breaks them.
pub fn check_id(text: &str) -> Result<(), String> {
    let words_ok = !text.is_empty()
        && text.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
    if !words_ok {
        return Err(format!(
            "`{text}` is not an id: use lower-case letters and digits in words joined by single hyphens"
        ));
    }
    if text.len() > ID_MAX_LEN {
        return Err(format!(
            "`{text}` is not an id: ids are at most {ID_MAX_LEN} characters"
        ));
    }
    Ok(())
}

macro_rules! id_type {
    ($(#[doc = $doc:literal])+ $name:ident, $description:literal) => {
        $(#[doc = $doc])+
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Makes an id, checking the id rules.
            pub fn new(text: impl Into<String>) -> Result<Self, String> {
                let text = text.into();
                check_id(&text)?;
                Ok($name(text))
            }

            /// The id as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $name::new(s)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                $name::new(text).map_err(serde::de::Error::custom)
            }
        }

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!({
                    "type": "string",
                    "description": $description,
                    "pattern": ID_PATTERN,
                    "minLength": 1,
                    "maxLength": ID_MAX_LEN,
                })
            }
        }
    };
}

id_type!(
    /// The id of a party record.
    PartyId,
    "The id of a party record: lower-case words joined by hyphens."
);
id_type!(
    /// The id of a person record.
    PersonId,
    "The id of a person record: lower-case words joined by hyphens."
);
id_type!(
    /// The id of an agreement record.
    AgreementId,
    "The id of an agreement record: lower-case words joined by hyphens."
);
id_type!(
    /// The id of a source record.
    SourceId,
    "The id of a source record: lower-case words joined by hyphens."
);
id_type!(
    /// The id of an occasion record.
    OccasionId,
    "The id of an occasion record: lower-case words joined by hyphens."
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_follow_the_rules() {
        for good in ["a", "sinopharm-group", "uk-2018", "x1-y2"] {
            assert!(PartyId::new(good).is_ok(), "{good}");
        }
        let too_long = "a".repeat(ID_MAX_LEN + 1);
        for bad in [
            "",
            "-a",
            "a-",
            "a--b",
            "A",
            "a_b",
            "a b",
            "é",
            too_long.as_str(),
        ] {
            assert!(PartyId::new(bad).is_err(), "{bad}");
        }
    }
}
