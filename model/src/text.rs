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

/// Characters that draw nothing, inclusive ranges: Unicode's `White_Space`
/// property and, in the Basic Multilingual Plane, its
/// `Default_Ignorable_Code_Point` property (Unicode 15.1,
/// `PropList.txt` and `DerivedCoreProperties.txt`: zero-width space and
/// joiners, soft hyphen, direction marks, variation selectors, Hangul
/// fillers, the byte-order mark …), with the blank braille pattern U+2800.
/// Ignorable characters beyond the BMP (tags, U+E0000 on) are left out, as
/// a JSON Schema pattern without the `u` flag cannot name them.
pub const INVISIBLE: &[(char, char)] = &[
    ('\u{0009}', '\u{000D}'),
    (' ', ' '),
    ('\u{0085}', '\u{0085}'),
    ('\u{00A0}', '\u{00A0}'),
    ('\u{00AD}', '\u{00AD}'),
    ('\u{034F}', '\u{034F}'),
    ('\u{061C}', '\u{061C}'),
    ('\u{115F}', '\u{1160}'),
    ('\u{1680}', '\u{1680}'),
    ('\u{17B4}', '\u{17B5}'),
    ('\u{180B}', '\u{180F}'),
    ('\u{2000}', '\u{200F}'),
    ('\u{2028}', '\u{202F}'),
    ('\u{205F}', '\u{206F}'),
    ('\u{2800}', '\u{2800}'),
    ('\u{3000}', '\u{3000}'),
    ('\u{3164}', '\u{3164}'),
    ('\u{FE00}', '\u{FE0F}'),
    ('\u{FEFF}', '\u{FEFF}'),
    ('\u{FFA0}', '\u{FFA0}'),
    ('\u{FFF0}', '\u{FFF8}'),
];

/// Characters never allowed in text, inclusive ranges: the C0 controls but
/// tab, line feed and carriage return; DEL and the C1 controls; the
/// noncharacters of the BMP (U+FDD0–U+FDEF, U+FFFE, U+FFFF); and the
/// [`DIRECTION_CONTROLS`].
pub const FORBIDDEN: &[(char, char)] = &[
    ('\u{0000}', '\u{0008}'),
    ('\u{000B}', '\u{000C}'),
    ('\u{000E}', '\u{001F}'),
    ('\u{007F}', '\u{009F}'),
    ('\u{202A}', '\u{202E}'),
    ('\u{2066}', '\u{2069}'),
    ('\u{FDD0}', '\u{FDEF}'),
    ('\u{FFFE}', '\u{FFFF}'),
];

/// The explicit bidirectional embeddings, overrides and isolates
/// (U+202A–U+202E, U+2066–U+2069), part of [`FORBIDDEN`]: they make text
/// read in another order than it is stored ("Trojan Source").
/// Right-to-left text needs none of them: the briefing orders it itself.
pub const DIRECTION_CONTROLS: &[(char, char)] =
    &[('\u{202A}', '\u{202E}'), ('\u{2066}', '\u{2069}')];

fn within(ranges: &[(char, char)], c: char) -> bool {
    ranges.iter().any(|&(low, high)| (low..=high).contains(&c))
}

/// Whether `c` draws nothing: white space or a character of [`INVISIBLE`].
pub(crate) fn is_invisible(c: char) -> bool {
    within(INVISIBLE, c)
}

/// A regular-expression character class body (`\u0000-\u0008…`) for the
/// ranges, in the `\uXXXX` form both ECMA-262 and Rust's regex read.
fn class(ranges: &[&[(char, char)]]) -> String {
    let mut out = String::new();
    for &(low, high) in ranges.iter().copied().flatten() {
        out.push_str(&format!("\\u{:04X}", u32::from(low)));
        if high != low {
            out.push_str(&format!("-\\u{:04X}", u32::from(high)));
        }
    }
    out
}

/// The JSON Schema patterns of [`Text`]: at least one character that is
/// neither invisible nor forbidden, and no forbidden character.
pub fn text_patterns() -> [String; 2] {
    [
        format!("[^{}]", class(&[INVISIBLE, FORBIDDEN])),
        format!("^[^{}]*$", class(&[FORBIDDEN])),
    ]
}

/// A short name for the characters of [`INVISIBLE`] and [`FORBIDDEN`] that
/// people meet, with the code point: `U+200B (zero width space)`.
pub fn describe_char(c: char) -> String {
    let name = match c {
        '\0' => "null",
        '\u{1B}' => "escape",
        '\u{7F}' => "delete",
        '\u{85}' => "next line",
        '\u{A0}' => "no-break space",
        '\u{AD}' => "soft hyphen",
        '\u{61C}' => "Arabic letter mark",
        '\u{200B}' => "zero width space",
        '\u{200C}' => "zero width non-joiner",
        '\u{200D}' => "zero width joiner",
        '\u{200E}' => "left-to-right mark",
        '\u{200F}' => "right-to-left mark",
        '\u{202A}' => "left-to-right embedding",
        '\u{202B}' => "right-to-left embedding",
        '\u{202C}' => "pop directional formatting",
        '\u{202D}' => "left-to-right override",
        '\u{202E}' => "right-to-left override",
        '\u{2060}' => "word joiner",
        '\u{2066}' => "left-to-right isolate",
        '\u{2067}' => "right-to-left isolate",
        '\u{2068}' => "first strong isolate",
        '\u{2069}' => "pop directional isolate",
        '\u{2800}' => "braille pattern blank",
        '\u{3164}' | '\u{115F}' | '\u{1160}' | '\u{FFA0}' => "Hangul filler",
        '\u{FEFF}' => "zero width no-break space (byte-order mark)",
        c if c.is_control() => "control character",
        c if c.is_whitespace() => "space",
        '\u{FE00}'..='\u{FE0F}' => "variation selector",
        _ => "",
    };
    if name.is_empty() {
        format!("U+{:04X}", u32::from(c))
    } else {
        format!("U+{:04X} ({name})", u32::from(c))
    }
}

/// What keeps `text` from being [`Text`], in words that follow a field's
/// name ("holds …", "is empty …"), or `None` when it is fine.
pub fn text_problem(text: &str) -> Option<String> {
    // Most text is printable ASCII: no forbidden character, and visible as
    // soon as it holds a byte other than a space or a tab or line break.
    if text
        .bytes()
        .all(|b| (0x20..0x7F).contains(&b) || matches!(b, b'\t' | b'\n' | b'\r'))
        && text.bytes().any(|b| (0x21..0x7F).contains(&b))
    {
        return None;
    }
    if let Some((at, c)) = text
        .chars()
        .enumerate()
        .find(|(_, c)| within(FORBIDDEN, *c))
    {
        let what = if within(DIRECTION_CONTROLS, c) {
            "a direction override"
        } else if c.is_control() {
            "a control character"
        } else {
            "a noncharacter"
        };
        return Some(format!(
            "holds {what}, {}, at character {}",
            describe_char(c),
            at + 1
        ));
    }
    if text.chars().all(|c| within(INVISIBLE, c)) {
        let mut shown: Vec<String> = Vec::new();
        for c in text.chars().filter(|c| *c != ' ') {
            let d = describe_char(c);
            if !shown.contains(&d) && shown.len() < 3 {
                shown.push(d);
            }
        }
        return Some(if shown.is_empty() {
            "is empty".to_owned()
        } else {
            format!(
                "is empty once invisible characters are removed: it holds only {}",
                shown.join(", ")
            )
        });
    }
    None
}

checked_string!(
    /// Text with at least one visible character and no control character
    /// (tab and line breaks aside) or direction override: see [`INVISIBLE`]
    /// and [`FORBIDDEN`].
    Text,
    |s| match text_problem(s) {
        None => Ok(()),
        Some(problem) => Err(format!("the text {problem}: write visible text, or leave the field out")),
    },
    {
        let [visible, clean] = text_patterns();
        json_schema!({ "type": "string", "allOf": [{ "pattern": visible }, { "pattern": clean }] })
    }
);

/// The JSON Schema pattern of a web address: `http://` or `https://`, a
/// host, then no white space, invisible or forbidden character.
pub fn url_pattern() -> String {
    let bad = class(&[INVISIBLE, FORBIDDEN]);
    format!("^https?://[^{bad}/?#][^{bad}]*$")
}

checked_string!(
    /// An `http://` or `https://` web address without spaces, invisible
    /// characters or control characters.
    Url,
    |s| {
        let rest = s.strip_prefix("https://").or_else(|| s.strip_prefix("http://"));
        match rest {
            Some(rest)
                if !s.chars().any(|c| within(INVISIBLE, c) || within(FORBIDDEN, c))
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
        "pattern": url_pattern(),
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
