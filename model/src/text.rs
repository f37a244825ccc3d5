//! Small validated building blocks shared by the records: non-empty text,
//! web addresses, language tags and lists with a minimum length.
//!
//! Each checks on deserialisation exactly what its JSON Schema says, so a
//! file the schema rejects is also rejected by serde, and the reverse.

use std::borrow::Cow;
use std::fmt;
use std::ops::Deref;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize};

macro_rules! checked_string {
    ($(#[doc = $doc:literal])+ $name:ident, $check:expr, $schema:expr) => {
        $(#[doc = $doc])+
        #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Wraps a string, checking it.
            pub fn new(text: impl Into<String>) -> Result<Self, String> {
                let text = text.into();
                let check: fn(&str) -> Result<(), String> = $check;
                check(&text)?;
                Ok($name(text))
            }

            /// The text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl Deref for $name {
            type Target = str;
            fn deref(&self) -> &str {
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
            fn from_str(s: &str) -> Result<Self, String> {
                $name::new(s)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $name::new(String::deserialize(deserializer)?).map_err(serde::de::Error::custom)
            }
        }

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                $schema
            }
        }
    };
}

checked_string!(
    /// Text that is not empty and not only white space.
    Text,
    |s| if s.chars().any(|c| !c.is_whitespace()) {
        Ok(())
    } else {
        Err("the text is empty: write something or leave the field out".to_owned())
    },
    json_schema!({ "type": "string", "pattern": r"\S" })
);

/// The JSON Schema pattern of a web address.
pub const URL_PATTERN: &str = r"^https?://[^\s/?#]+[^\s]*$";

checked_string!(
    /// An `http://` or `https://` web address without spaces.
    Url,
    |s| {
        let rest = s.strip_prefix("https://").or_else(|| s.strip_prefix("http://"));
        match rest {
            Some(rest)
                if !s.chars().any(char::is_whitespace)
                    && rest.chars().next().is_some_and(|c| !matches!(c, '/' | '?' | '#')) =>
            {
                Ok(())
            }
            _ => Err(format!("`{s}` is not a web address: write it in full, starting `https://`")),
        }
    },
    json_schema!({
        "type": "string",
        "description": "A web address starting `http://` or `https://`.",
        "pattern": URL_PATTERN,
        "examples": ["https://www.elekta.com"],
    })
);

/// The JSON Schema pattern of a language tag: language, optional script,
/// optional region.
pub const LANGUAGE_TAG_PATTERN: &str = r"^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-[A-Z]{2})?$";

checked_string!(
    /// A BCP 47 language tag of the common shape `language[-Script][-REGION]`,
    /// such as `en`, `zh-Hans` or `zh-Hant-TW`.
    LanguageTag,
    |s| {
        let mut parts = s.split('-');
        let language = parts.next().unwrap_or_default();
        let mut ok = (2..=3).contains(&language.len()) && language.bytes().all(|b| b.is_ascii_lowercase());
        let mut rest: Vec<&str> = parts.collect();
        if ok && rest.first().is_some_and(|p| p.len() == 4) {
            let script = rest.remove(0);
            let mut chars = script.chars();
            ok = chars.next().is_some_and(|c| c.is_ascii_uppercase()) && chars.all(|c| c.is_ascii_lowercase());
        }
        if ok {
            ok = match rest[..] {
                [] => true,
                [region] => region.len() == 2 && region.bytes().all(|b| b.is_ascii_uppercase()),
                _ => false,
            };
        }
        if ok {
            Ok(())
        } else {
            Err(format!("`{s}` is not a language tag such as `en`, `zh-Hans` or `zh-Hant-TW`"))
        }
    },
    json_schema!({
        "type": "string",
        "description": "A BCP 47 language tag: `en`, `zh-Hans` (simplified Chinese), `zh-Hant-TW`.",
        "pattern": LANGUAGE_TAG_PATTERN,
    })
);

/// A list that must hold at least `MIN` items.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct AtLeast<T, const MIN: usize>(Vec<T>);

/// A list that must hold at least one item.
pub type NonEmpty<T> = AtLeast<T, 1>;

impl<T, const MIN: usize> AtLeast<T, MIN> {
    /// Wraps a list, checking its length.
    pub fn new(items: Vec<T>) -> Result<Self, String> {
        if items.len() < MIN {
            let plural = if MIN == 1 { "" } else { "s" };
            return Err(format!(
                "the list needs at least {MIN} item{plural}, it has {}",
                items.len()
            ));
        }
        Ok(AtLeast(items))
    }

    /// The items as a vector.
    pub fn into_vec(self) -> Vec<T> {
        self.0
    }
}

impl<T, const MIN: usize> Deref for AtLeast<T, MIN> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.0
    }
}

impl<'a, T, const MIN: usize> IntoIterator for &'a AtLeast<T, MIN> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<'de, T: Deserialize<'de>, const MIN: usize> Deserialize<'de> for AtLeast<T, MIN> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        AtLeast::new(Vec::<T>::deserialize(deserializer)?).map_err(serde::de::Error::custom)
    }
}

impl<T: JsonSchema, const MIN: usize> JsonSchema for AtLeast<T, MIN> {
    fn schema_name() -> Cow<'static, str> {
        format!("AtLeast{MIN}_{}", T::schema_name()).into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let items = generator.subschema_for::<T>();
        json_schema!({
            "type": "array",
            "items": items,
            "minItems": MIN,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_must_have_content() {
        assert!(Text::new("a").is_ok());
        assert!(Text::new("").is_err());
        assert!(Text::new(" \n\t").is_err());
    }

    #[test]
    fn urls_are_absolute_web_addresses() {
        assert!(Url::new("https://www.elekta.com").is_ok());
        assert!(Url::new("http://example.org/a?b#c").is_ok());
        for bad in [
            "www.elekta.com",
            "https://",
            "https:///x",
            "ftp://x",
            "https://a b",
        ] {
            assert!(Url::new(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn language_tags_have_the_common_shape() {
        for good in ["en", "zh-Hans", "zh-Hant-TW", "en-GB", "yue"] {
            assert!(LanguageTag::new(good).is_ok(), "{good}");
        }
        for bad in ["EN", "zh-hans", "zh-Hans-tw", "english", "zh-Hans-TW-x", ""] {
            assert!(LanguageTag::new(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn lists_keep_their_minimum() {
        assert!(serde_json::from_str::<AtLeast<u8, 2>>("[1]").is_err());
        assert_eq!(
            &*serde_json::from_str::<AtLeast<u8, 2>>("[1, 2]").unwrap(),
            &[1, 2]
        );
    }
}
