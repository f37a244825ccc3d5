//! Positions in a JSON file that serde_json has already read.
//!
//! serde_json reads values quickly but keeps no positions, so a JSON file
//! with something to point at used to be read a second time by saphyr, the
//! YAML reader, just for them; on a large dataset where one file in ten has
//! a warning, that second reading was a large part of the time. This
//! scanner walks the text once more, without building any value, and
//! records the byte range of each node, the one saphyr gives: a
//! collection at its opening bracket, a string from its opening quote to
//! just past its closing one, any other scalar over its characters, a key
//! over its quoted text. `tests::agrees_with_saphyr` checks that on every
//! fixture and case written as JSON, compact and pretty-printed.
//!
//! It returns `None` on anything that is not JSON (it is only asked about
//! text serde_json accepted), so the caller can fall back to saphyr.
//!
//! Here too the JSON fast path itself: [`parse_json_value`] reads a file
//! with serde_json, and [`json_syntax_error`] words its refusals.

use serde_json::{Map, Number, Value};

use super::{Lines, MAX_DEPTH, ParseError, Range, SpanMap, escape_segment};

/// Why serde_json refuses a JSON file, with the place, or `None` when it
/// reads it, when the text is blank (an empty file) or when the only
/// trouble is nesting too deep (the YAML route names the level). A `.json`
/// file must be JSON: the YAML route would take trailing commas, comments,
/// single quotes and bare words, which JSON tools then refuse.
pub fn json_syntax_error(text: &str) -> Option<ParseError> {
    // `Value` rather than `IgnoredAny`: its reader names trailing commas.
    let error = serde_json::from_str::<Value>(text).err()?;
    if text.trim().is_empty() || error.to_string().starts_with("recursion limit") {
        return None;
    }
    let lines = Lines::new(text);
    // serde_json counts lines at line feeds alone from 1 and bytes in the
    // line from 1, pointing just past what it stopped at; 0 means before
    // it. (The position shown is then worked out from the offset, with
    // lines ended as everywhere else.)
    let start = match error.line() {
        0 | 1 => 0,
        n => text
            .match_indices('\n')
            .nth(n - 2)
            .map_or(text.len(), |(i, _)| i + 1),
    };
    // `Lines::point` moves a place inside a character to its start.
    let mut offset = start + error.column().saturating_sub(1);
    let shown = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    let said = shown.strip_suffix(&suffix).unwrap_or(&shown);
    let message = match said {
        "trailing comma" => "a comma after the last item, which JSON does not allow",
        "key must be a string" => "expected a key in double quotes",
        "expected value" => "expected a value: text in double quotes, a number, an object, a list, `true`, `false` or `null`",
        "expected `,` or `}`" => "expected a comma or the `}` that closes this object: is a comma missing before this?",
        "expected `,` or `]`" => "expected a comma or the `]` that closes this list: is a comma missing before this?",
        "expected `:`" => "expected a `:` between the key and its value",
        "expected ident" => "expected `true`, `false` or `null` (in lower case), or text in double quotes",
        "control character (\\u0000-\\u001F) found while parsing a string" => "a control character, such as a tab or a line break, inside a text: write it as an escape such as `\\t` or `\\n`",
        "invalid escape" => "an unknown escape after `\\`: write `\\\\` for a backslash",
        "invalid number" => "not a valid JSON number: digits, with an optional `-`, `.` and exponent",
        "trailing characters" => "more text after the end of the record",
        "EOF while parsing an object" => "the file ends before this object is closed with `}`",
        "EOF while parsing a list" => "the file ends before this list is closed with `]`",
        "EOF while parsing a string" => "the file ends inside a text: a closing `\"` is missing",
        "EOF while parsing a value" => "the file ends where a value was expected",
        other => other,
    }
    .to_owned();
    if said == "trailing comma" {
        // serde_json stops at the bracket after the comma; point at it.
        offset = text
            .get(..offset)
            .and_then(|t| t.rfind(','))
            .unwrap_or(offset);
    }
    Some(ParseError::Syntax(lines.point(offset), message))
}

/// Parses a JSON file with serde_json, refusing duplicate keys and nesting
/// deeper than [`MAX_DEPTH`]; `None` on any problem. The caller then asks
/// [`json_syntax_error`] for the place, and only when that finds nothing
/// (a key twice, nesting too deep, a blank file) takes the YAML 1.2 route,
/// which names those problems with positions. serde_json is many times
/// faster than a YAML scanner, which matters for large JSON datasets.
pub fn parse_json_value(text: &str) -> Option<Value> {
    use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

    struct Strict(usize);

    impl<'de> DeserializeSeed<'de> for Strict {
        type Value = Value;
        fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
            deserializer.deserialize_any(self)
        }
    }

    impl<'de> Visitor<'de> for Strict {
        type Value = Value;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a JSON value")
        }
        fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
            Ok(Value::Bool(v))
        }
        fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
            Ok(Value::Number(v.into()))
        }
        fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
            Ok(Value::Number(v.into()))
        }
        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Value, E> {
            Number::from_f64(v)
                .map(Value::Number)
                .ok_or_else(|| E::custom("not a finite number"))
        }
        fn visit_str<E>(self, v: &str) -> Result<Value, E> {
            Ok(Value::String(v.to_owned()))
        }
        fn visit_string<E>(self, v: String) -> Result<Value, E> {
            Ok(Value::String(v))
        }
        fn visit_unit<E>(self) -> Result<Value, E> {
            Ok(Value::Null)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
            if self.0 >= MAX_DEPTH {
                return Err(serde::de::Error::custom("too deep"));
            }
            let mut items = Vec::new();
            while let Some(item) = seq.next_element_seed(Strict(self.0 + 1))? {
                items.push(item);
            }
            Ok(Value::Array(items))
        }
        fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
            if self.0 >= MAX_DEPTH {
                return Err(serde::de::Error::custom("too deep"));
            }
            let mut map = Map::new();
            while let Some(key) = access.next_key::<String>()? {
                let value = access.next_value_seed(Strict(self.0 + 1))?;
                if map.insert(key, value).is_some() {
                    return Err(serde::de::Error::custom("duplicate key"));
                }
            }
            Ok(Value::Object(map))
        }
    }

    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = Strict(0).deserialize(&mut deserializer).ok()?;
    deserializer.end().ok()?;
    Some(value)
}

/// The position of every node of a JSON document, by JSON pointer.
pub(super) fn spans(text: &str) -> Option<SpanMap> {
    let mut scanner = Scanner {
        text,
        at: 0,
        spans: SpanMap::with_capacity(text.len() / 16),
        pointer: String::new(),
    };
    scanner.skip_space();
    scanner.value(None, 0)?;
    scanner.skip_space();
    (scanner.at == text.len()).then_some(scanner.spans)
}

struct Scanner<'a> {
    text: &'a str,
    /// Byte offset of the next unread byte.
    at: usize,
    spans: SpanMap,
    pointer: String,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    /// Skips JSON whitespace.
    fn skip_space(&mut self) {
        while let Some(b' ' | b'\t' | b'\r' | b'\n') = self.peek() {
            self.at += 1;
        }
    }

    /// Where saphyr ends the span of an opening bracket or of a string
    /// whose last byte is at `last`: past the spaces and tabs that follow it
    /// on its line.
    fn blank_end(&self, last: usize) -> usize {
        let after = last + 1;
        after
            + self.text.as_bytes()[after..]
                .iter()
                .take_while(|b| matches!(b, b' ' | b'\t'))
                .count()
    }

    fn record(&mut self, key: Option<Range>, value: Range) {
        self.spans.insert(&self.pointer, key, value);
    }

    /// Reads one value starting at `at`, recording its position and its
    /// children's.
    fn value(&mut self, key: Option<Range>, depth: usize) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        let start = self.at;
        match self.peek()? {
            b'{' => {
                let here = (start, self.blank_end(start));
                self.record(key, here);
                self.at += 1;
                self.collection(b'}', depth, |scanner| {
                    let key_start = scanner.at;
                    if scanner.peek()? != b'"' {
                        return None;
                    }
                    let raw = scanner.string()?;
                    let key = (key_start, scanner.blank_end(scanner.at - 1));
                    let text = scanner.text;
                    let name = if text[raw.clone()].contains('\\') {
                        serde_json::from_str::<String>(&text[key_start..scanner.at]).ok()?
                    } else {
                        text[raw].to_owned()
                    };
                    scanner.skip_space();
                    if scanner.peek()? != b':' {
                        return None;
                    }
                    scanner.at += 1;
                    scanner.skip_space();
                    Some((escape_segment(&name), Some(key)))
                })
            }
            b'[' => {
                let here = (start, self.blank_end(start));
                self.record(key, here);
                self.at += 1;
                let mut index = 0usize;
                self.collection(b']', depth, |_| {
                    index += 1;
                    Some(((index - 1).to_string(), None))
                })
            }
            b'"' => {
                self.string()?;
                let here = (start, self.blank_end(self.at - 1));
                self.record(key, here);
                Some(())
            }
            _ => {
                let rest = &self.text.as_bytes()[start..];
                let len = rest
                    .iter()
                    .position(|b| matches!(b, b',' | b']' | b'}' | b' ' | b'\t' | b'\r' | b'\n'))
                    .unwrap_or(rest.len());
                let literal = &rest[..len];
                let number = literal
                    .first()
                    .is_some_and(|b| *b == b'-' || b.is_ascii_digit());
                if !number && !matches!(literal, b"true" | b"false" | b"null") {
                    return None;
                }
                self.at += len;
                let here = (start, self.at);
                self.record(key, here);
                Some(())
            }
        }
    }

    /// The members of an object or array, after its opening bracket: `next`
    /// reads what comes before each member's value (a key and colon, or
    /// nothing) and gives the member's pointer segment and key position.
    fn collection(
        &mut self,
        close: u8,
        depth: usize,
        mut next: impl FnMut(&mut Self) -> Option<(String, Option<Range>)>,
    ) -> Option<()> {
        self.skip_space();
        if self.peek()? == close {
            self.at += 1;
            return Some(());
        }
        loop {
            let (segment, key) = next(self)?;
            let before = self.pointer.len();
            self.pointer.push('/');
            self.pointer.push_str(&segment);
            self.value(key, depth + 1)?;
            self.pointer.truncate(before);
            self.skip_space();
            match self.peek()? {
                b',' => {
                    self.at += 1;
                    self.skip_space();
                }
                b if b == close => {
                    self.at += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// Skips a string starting at its opening quote; returns where its raw
    /// contents (escapes and all) lie.
    fn string(&mut self) -> Option<std::ops::Range<usize>> {
        let bytes = self.text.as_bytes();
        let open = self.at;
        let mut i = open + 1;
        loop {
            match bytes.get(i)? {
                b'"' => break,
                b'\\' => i += 2,
                b'\n' => return None,
                _ => i += 1,
            }
        }
        self.at = i + 1;
        Some(open + 1..i)
    }
}

/// Checks the scanner against saphyr on one JSON document: true when both
/// read it and every position agrees, false when serde_json or saphyr
/// refuses it; panics, showing the differences, when they disagree. Used by
/// the tests and the fuzz target.
#[cfg(any(test, feature = "fuzzing"))]
pub(crate) fn agrees(text: &str) -> bool {
    use super::{Lines, build_with_saphyr};
    if super::parse_json_value(text).is_none() {
        return false;
    }
    let mut slow = SpanMap::default();
    if build_with_saphyr(text, &Lines::new(text), Some(&mut slow)).is_err() {
        return false;
    }
    let fast = spans(text).expect("serde_json read it, so the scanner must");
    if fast != slow {
        panic!(
            "positions differ for:\n{text}\nscanner:\n{}\nsaphyr:\n{}",
            super::differences(&fast, &slow),
            super::differences(&slow, &fast)
        );
    }
    true
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn agrees_with_saphyr_on_written_examples() {
        for text in [
            r#"{"party": {"id": "x", "country": "NO", "n": [1, -2, 2.5e3, true, null], "s": "2018-02-14"}}"#,
            "{\n  \"a\": {\"b\": [ ]},\n  \"e\": \"\",\n  \"u\": \"caf\\u00e9 é\",\n  \"k\\\"q\": { }\n}\n",
            "  {\"x\":[[1,2],[3,{\"y\":\"é\"}]],\"z\":false}  ",
            "\r\n{\r\n\t\"a/b~c\": 1\r\n}\r\n",
            "[]",
            "[ 1]",
            "{ \"a\": [  2 ]}",
            "[\n]",
            "[\n  ]",
            "\"just text\"",
        ] {
            assert!(agrees(text), "saphyr or serde_json refused:\n{text}");
        }
    }

    #[test]
    fn refuses_what_is_not_json() {
        for text in [
            "",
            "{",
            "{\"a\" 1}",
            "[1,]x",
            "{\"a\": 1} 2",
            "{a: 1}",
            "['x']",
            "[yes]",
            "{\"a\": 1 # note\n}",
        ] {
            assert!(spans(text).is_none(), "{text:?}");
        }
    }

    /// Every fixture and case that holds a record, written as JSON both
    /// compact and pretty-printed.
    #[test]
    fn agrees_with_saphyr_on_every_fixture_and_case_as_json() {
        let mut checked = 0;
        for (path, text) in crate::parse::testing::sample_files() {
            let value = match path.extension().and_then(|e| e.to_str()) {
                Some("yaml" | "yml") => super::super::parse_value(&text).ok(),
                Some("json") => {
                    if agrees(&text) {
                        checked += 1;
                    }
                    continue;
                }
                _ => None,
            };
            let Some(value) = value else { continue };
            for json in [
                serde_json::to_string(&value).expect("a value serialises"),
                serde_json::to_string_pretty(&value).expect("a value serialises"),
            ] {
                if agrees(&json) {
                    checked += 1;
                }
            }
        }
        assert!(checked >= 120, "only {checked} documents were compared");
    }

    /// JSON text with blanks and line breaks in every place they may go.
    fn document() -> impl Strategy<Value = String> {
        let blank = prop_oneof![
            Just(String::new()),
            Just(" ".to_owned()),
            Just("\n  ".to_owned()),
            Just("\t".to_owned()),
            Just(" \r\n".to_owned()),
            Just("  \n".to_owned()),
        ];
        let string = prop_oneof![
            any::<String>().prop_map(|s| serde_json::to_string(&s).expect("a string serialises")),
            "[a-zé/~ ]{0,6}".prop_map(|s| format!("\"{s}\"")),
            Just(r#""caf\u00e9 \"q\" \\ \/""#.to_owned()),
        ];
        let leaf = prop_oneof![
            string.clone(),
            "-?[0-9]{1,4}(\\.[0-9]{1,2})?([eE][+-]?[0-9])?",
            Just("true".to_owned()),
            Just("false".to_owned()),
            Just("null".to_owned()),
        ];
        leaf.prop_recursive(5, 40, 5, move |inner| {
            let member = (blank.clone(), inner, blank.clone());
            prop_oneof![
                (prop::collection::vec(member.clone(), 0..5), blank.clone()).prop_map(
                    |(items, inside)| {
                        let items: Vec<String> =
                            items.into_iter().map(|(a, v, b)| a + &v + &b).collect();
                        format!("[{inside}{}]", items.join(","))
                    }
                ),
                (
                    prop::collection::btree_map(string.clone(), member, 0..5),
                    blank.clone()
                )
                    .prop_map(|(members, inside)| {
                        let members: Vec<String> = members
                            .into_iter()
                            .map(|(k, (a, v, b))| format!("{k}{a}:{b}{v}"))
                            .collect();
                        format!("{{{inside}{}}}", members.join(" ,"))
                    }),
            ]
        })
    }

    #[test]
    fn agrees_with_saphyr_on_generated_documents() {
        let compared = crate::parse::testing::count_generated(document(), 2000, agrees);
        // Not vacuous: most generated documents are JSON saphyr reads too.
        assert!(compared > 1000, "only {compared} of 2000 were compared");
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]
        #[test]
        fn agrees_with_saphyr(text in document()) {
            agrees(&text);
        }
    }
}
