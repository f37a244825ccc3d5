//! From the text of a YAML or JSON file to a JSON value plus the position of
//! every node, keyed by JSON pointer.
//!
//! YAML is read by saphyr with YAML 1.2 core-schema rules, so `NO` stays the
//! string `NO` and `2018-02-14` stays a string. Duplicate keys are errors
//! and alias expansion is bounded by saphyr's node budget. Two fast paths
//! sit in front of saphyr: `block` reads the plain block style record files
//! are written in, and JSON files are read by serde_json, their positions
//! found (only when needed) by the `json` scanner. Both give up on anything
//! unusual, and JSON, being YAML 1.2, then takes the YAML route.
//!
//! One module per syntax: `block` (the fast YAML reader), `yaml` (saphyr's
//! parser), `json` (the serde_json fast path and its position scanner) and
//! `toml` (toml_edit); `lines` turns byte offsets into lines and columns
//! for all of them. This module holds what they share: the value and
//! position types, the entry points and [`LazySpans`].

use std::collections::HashMap;

use serde_json::Value;

use crate::diagnostic::Span;

mod block;
mod json;
mod lines;
mod toml;
mod yaml;

pub(crate) use json::{json_syntax_error, parse_json_value};
pub(crate) use lines::{Lines, line_at, position_at};
pub(crate) use toml::parse_toml;
#[cfg(any(test, feature = "fuzzing"))]
use yaml::build_with_saphyr;
pub(crate) use yaml::is_tab_error;
use yaml::{build, scalar_value};

#[cfg(feature = "fuzzing")]
pub(crate) use block::agrees as fast_reader_agrees;
#[cfg(feature = "fuzzing")]
pub(crate) use json::agrees as json_scanner_agrees;

/// The deepest nesting accepted; real records need fewer than ten levels.
pub const MAX_DEPTH: usize = 64;

/// Where one node of the document sits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NodeSpans {
    /// The key that introduces the node, for values in mappings.
    pub key: Option<Span>,
    /// The node itself.
    pub value: Span,
}

/// Positions by JSON pointer (`""` is the root, `/party/name` a field).
///
/// Keys are 64-bit hashes of the pointers rather than the pointers
/// themselves: a record has hundreds of nodes and most files have no
/// problem to point at, so not allocating a string per node matters for
/// large datasets. (A collision would misplace a caret, never lose a
/// diagnostic; at these sizes it is vanishingly unlikely.) Places are kept
/// as byte ranges, 16 bytes a node; lines and columns are worked out, by
/// [`Positions`], only for the few nodes a diagnostic points at. (Full
/// positions, 112 bytes a node, cost about 5% of the time on a large dataset
/// where one file in eight has a warning.) Lines end as [`Lines`] ends them.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SpanMap(HashMap<u64, Ranges, std::hash::BuildHasherDefault<PrehashedKey>>);

/// A node's key and value as byte ranges, `NONE` where there is no key (or,
/// for the value, no known place).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ranges {
    key: [u32; 2],
    value: [u32; 2],
}

/// A byte range of the text: start and end offsets.
pub type Range = (usize, usize);

impl Ranges {
    const NONE: [u32; 2] = [u32::MAX; 2];

    fn pack(range: Option<Range>) -> [u32; 2] {
        // Record files are far below 4 GiB; a larger text would only place
        // a caret at its 4 GiB mark.
        let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX - 1);
        range.map_or(Self::NONE, |(start, end)| [narrow(start), narrow(end)])
    }

    fn unpack(packed: [u32; 2]) -> Option<Range> {
        (packed != Self::NONE).then_some((packed[0] as usize, packed[1] as usize))
    }
}

/// Nodes whose pointer is longer than this (a key of thousands of
/// characters) have no recorded place: hashing the whole pointer of every
/// node below such a key made a hostile file take time in proportion to the
/// key's length per node. Diagnostics about them name the file only.
const MAX_POINTER: usize = 1024;

impl SpanMap {
    fn key(pointer: &str) -> u64 {
        use std::hash::BuildHasher;
        foldhash::fast::FixedState::with_seed(0).hash_one(pointer)
    }

    /// An empty map with room for `n` nodes.
    pub fn with_capacity(n: usize) -> Self {
        SpanMap(HashMap::with_capacity_and_hasher(n, Default::default()))
    }

    /// Records where the node at `pointer` is, as byte ranges.
    pub fn insert(&mut self, pointer: &str, key: Option<Range>, value: Range) {
        if pointer.len() > MAX_POINTER {
            return;
        }
        let ranges = Ranges {
            key: Ranges::pack(key),
            value: Ranges::pack(Some(value)),
        };
        self.0.insert(Self::key(pointer), ranges);
    }

    /// Records where the node at `pointer` is, from positions (whose lines
    /// and columns the byte offsets determine).
    fn insert_spans(&mut self, pointer: &str, key: Option<Span>, value: Span) {
        if pointer.len() > MAX_POINTER {
            return;
        }
        let range = |s: Span| (s.start.offset, s.end.offset);
        let value = if value == Span::default() {
            Ranges::NONE
        } else {
            Ranges::pack(Some(range(value)))
        };
        let ranges = Ranges {
            key: Ranges::pack(key.map(range)),
            value,
        };
        self.0.insert(Self::key(pointer), ranges);
    }

    /// The byte ranges of the node at `pointer`: its key's, if it has one,
    /// and its own.
    pub fn ranges(&self, pointer: &str) -> Option<(Option<Range>, Option<Range>)> {
        if pointer.len() > MAX_POINTER {
            return None;
        }
        let r = self.0.get(&Self::key(pointer))?;
        Some((Ranges::unpack(r.key), Ranges::unpack(r.value)))
    }
}

/// A [`SpanMap`] with the text it describes: gives full positions.
#[derive(Clone, Copy)]
pub struct Positions<'a> {
    map: &'a SpanMap,
    lines: &'a Lines<'a>,
    /// Bytes before the text in its file (a byte-order mark), added to
    /// every offset.
    shift: usize,
}

impl<'a> Positions<'a> {
    /// Positions in the text `lines` was made from.
    fn new(map: &'a SpanMap, lines: &'a Lines<'a>, shift: usize) -> Self {
        Positions { map, lines, shift }
    }

    /// Where the node at `pointer` is.
    pub fn get(&self, pointer: &str) -> Option<NodeSpans> {
        let (key, value) = self.map.ranges(pointer)?;
        let span = |(start, end): Range| {
            let mut span = self.lines.range(Some(start..end));
            span.start.offset += self.shift;
            span.end.offset += self.shift;
            span
        };
        Some(NodeSpans {
            key: key.map(span),
            value: value.map_or_else(Span::default, span),
        })
    }
}

/// The entries of `mine` that `other` lacks or places differently, one per
/// line: what the agreement checks of the fast readers show when they
/// disagree with saphyr.
#[cfg(any(test, feature = "fuzzing"))]
fn differences(mine: &SpanMap, other: &SpanMap) -> String {
    let mut lines: Vec<String> = mine
        .0
        .iter()
        .filter(|(k, v)| other.0.get(k) != Some(v))
        .map(|(_, v)| {
            format!(
                "key {:?}, value {:?}",
                Ranges::unpack(v.key),
                Ranges::unpack(v.value)
            )
        })
        .collect();
    lines.sort();
    lines.join("\n")
}

/// A hasher for keys that are hashes already.
#[derive(Default)]
pub struct PrehashedKey(u64);

impl std::hash::Hasher for PrehashedKey {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A key as a JSON pointer segment (RFC 6901: `~` becomes `~0`, `/` `~1`).
pub fn escape_segment(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// The error for nesting deeper than [`MAX_DEPTH`].
fn too_deep(at: Span) -> ParseError {
    ParseError::Unsupported(
        at,
        format!("the document is nested more than {MAX_DEPTH} levels deep"),
    )
}

/// A parsed document: its value and where each node is.
#[derive(Debug, Default)]
pub struct Parsed {
    /// The document as JSON.
    pub value: Value,
    /// Positions by JSON pointer.
    pub spans: SpanMap,
}

/// Why a text could not be turned into one JSON value.
#[derive(Debug)]
pub enum ParseError {
    /// Malformed YAML or JSON (the position and saphyr's explanation).
    Syntax(Span, String),
    /// No document at all.
    Empty,
    /// A second document starts at this place.
    MultipleDocuments(Span),
    /// A node that has no JSON equivalent or breaks a limit.
    Unsupported(Span, String),
    /// A key written twice in one mapping.
    DuplicateKey(Box<DuplicateKey>),
}

/// A key written twice in one mapping: the second key's place, the first's
/// when it is known, and the key as read (escapes undone).
#[derive(Debug)]
pub struct DuplicateKey {
    /// The second key.
    pub at: Span,
    /// The first key, when known.
    pub first: Option<Span>,
    /// The key.
    pub name: String,
}

/// Parses one YAML (or JSON) document, with the position of every node.
pub fn parse(text: &str) -> Result<Parsed, ParseError> {
    // About one node to every 16 bytes of a typical record.
    let mut spans = SpanMap::with_capacity(text.len() / 16);
    let value = build(text, Some(&mut spans))?;
    Ok(Parsed { value, spans })
}

/// Parses one YAML (or JSON) document without recording positions: the
/// fast path for the many files that turn out to have no problem.
pub fn parse_value(text: &str) -> Result<Value, ParseError> {
    build(text, None)
}

/// Positions of one file's nodes, worked out only when first asked for:
/// most files have no problem to point at, and parsing without positions is
/// much cheaper.
pub struct LazySpans<'a> {
    text: &'a str,
    syntax: Syntax,
    /// Bytes before `text` in the file (a byte-order mark).
    shift: usize,
    cell: std::cell::OnceCell<(SpanMap, Lines<'a>)>,
}

/// The language a record file is written in, by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// `.yaml`, `.yml`, and anything else read as YAML.
    Yaml,
    /// `.json`: positions come from a scanner when the text is plain JSON,
    /// else from the YAML route.
    Json,
    /// `.toml`.
    Toml,
}

impl Syntax {
    /// The syntax of a file, by its extension.
    pub fn of(path: &std::path::Path) -> Self {
        match path.extension().and_then(|e| e.to_str()) {
            Some("json") => Syntax::Json,
            Some("toml") => Syntax::Toml,
            _ => Syntax::Yaml,
        }
    }
}

impl<'a> LazySpans<'a> {
    /// Positions in `text`, which starts `shift` bytes into its file.
    pub fn new(text: &'a str, syntax: Syntax, shift: usize) -> Self {
        LazySpans {
            text,
            syntax,
            shift,
            cell: std::cell::OnceCell::new(),
        }
    }

    /// The positions, parsing the text again the first time.
    pub fn get(&self) -> Positions<'_> {
        let (map, lines) = self.cell.get_or_init(|| {
            let lines = Lines::new(self.text);
            // The scanner is only for text serde_json reads: it is looser
            // than JSON, and other text takes the YAML route.
            let scanned = match self.syntax {
                Syntax::Json
                    if serde_json::from_str::<serde::de::IgnoredAny>(self.text).is_ok() =>
                {
                    json::spans(self.text)
                }
                Syntax::Json | Syntax::Yaml | Syntax::Toml => None,
            };
            let map = scanned.unwrap_or_else(|| {
                let parsed = if self.syntax == Syntax::Toml {
                    parse_toml(self.text)
                } else {
                    parse(self.text)
                };
                parsed.map(|p| p.spans).unwrap_or_default()
            });
            (map, lines)
        });
        Positions::new(map, lines, self.shift)
    }
}

/// What the differential tests of the fast readers share.
#[cfg(test)]
mod testing {
    use proptest::strategy::{Strategy, ValueTree};
    use proptest::test_runner::TestRunner;

    /// The path and text of every fixture and test case (files that are
    /// not UTF-8 are left out).
    pub(super) fn sample_files() -> Vec<(std::path::PathBuf, String)> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut files = Vec::new();
        for dir in ["fixtures", "ingest/tests/cases"] {
            for entry in walkdir::WalkDir::new(root.join(dir)) {
                let entry = entry.expect("readable test data");
                // Regular files only: some cases are links out of the
                // folder, to `/dev/zero` among others.
                if !entry.file_type().is_file() {
                    continue;
                }
                if let Ok(text) = std::fs::read_to_string(entry.path()) {
                    files.push((entry.into_path(), text));
                }
            }
        }
        files
    }

    /// How many of `n` documents drawn from `strategy`, always the same
    /// ones, `check` returns true for.
    pub(super) fn count_generated(
        strategy: impl Strategy<Value = String>,
        n: usize,
        check: impl Fn(&str) -> bool,
    ) -> usize {
        let mut runner = TestRunner::deterministic();
        (0..n)
            .filter(|_| {
                let text = strategy
                    .new_tree(&mut runner)
                    .expect("a generated document")
                    .current();
                check(&text)
            })
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the fuzz target checks besides "no panic" (which
    /// `tests/hostile.rs` replays): the fast readers agree with saphyr on
    /// every input fuzzing once found wrong.
    #[test]
    fn fuzz_regressions_read_alike_both_ways() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
        let mut checked = 0;
        for entry in std::fs::read_dir(dir).expect("the regressions folder") {
            let path = entry.expect("a folder entry").path();
            if path.extension().is_some_and(|e| e == "md") {
                continue;
            }
            if let Ok(text) = std::fs::read_to_string(&path) {
                block::agrees(&text);
                json::agrees(&text);
                checked += 1;
            }
        }
        assert!(checked >= 2, "only {checked} regression inputs");
    }

    #[test]
    fn tab_errors_are_known_by_saphyr_s_words() {
        for info in [
            "tabs disallowed within this context (block indentation)",
            "tab cannot be used as indentation",
            "while scanning a plain scalar, found a tab",
            "a block scalar content cannot start with a tab",
        ] {
            assert!(is_tab_error(info), "{info}");
        }
        assert!(!is_tab_error("found unprintable character"));
    }

    #[test]
    fn yaml_1_2_keeps_norway_and_dates_as_strings() {
        let parsed = parse("country: NO\nsigned: 2018-02-14\nyes: on\n").unwrap();
        assert_eq!(parsed.value["country"], "NO");
        assert_eq!(parsed.value["signed"], "2018-02-14");
        assert_eq!(parsed.value["yes"], "on");
    }

    #[test]
    fn records_the_position_of_keys_and_values() {
        let text = "party:\n  id: x\n  name: Café Ltd\n";
        let lazy = LazySpans::new(text, Syntax::Yaml, 0);
        let name = lazy.get().get("/party/name").unwrap();
        assert_eq!((name.value.start.line, name.value.start.column), (3, 9));
        assert_eq!(
            (name.key.unwrap().start.line, name.key.unwrap().start.column),
            (3, 3)
        );
        assert_eq!(name.value.start.offset, "party:\n  id: x\n  name: ".len());
        // Columns count characters, offsets bytes.
        assert_eq!((name.value.end.line, name.value.end.column), (3, 17));
        assert_eq!(name.value.end.offset, text.len() - 1);
        // After a byte-order mark, offsets count it and columns do not.
        let shifted = LazySpans::new(text, Syntax::Yaml, 3);
        let name = shifted.get().get("/party/name").unwrap();
        assert_eq!(name.value.start.column, 9);
        assert_eq!(
            name.value.start.offset,
            3 + "party:\n  id: x\n  name: ".len()
        );
    }

    #[test]
    fn a_lone_carriage_return_ends_a_line_as_in_yaml() {
        // saphyr counts the lone CR as a line break; offsets land on the
        // right byte, and lines and columns follow the parser's lines.
        let text = "a: 1\rb: \"x\"\n";
        let lazy = LazySpans::new(text, Syntax::Yaml, 0);
        let b = lazy.get().get("/b").unwrap();
        assert_eq!(b.value.start.offset, text.find('"').unwrap());
        assert_eq!((b.value.start.line, b.value.start.column), (2, 4));
        let key = b.key.unwrap().start;
        assert_eq!((key.offset, key.line, key.column), (5, 2, 1));
        // The same in JSON, where the scanner finds the positions.
        assert!(json::agrees("\r1"));
        assert!(json::agrees("{\"a\":\r[1,\r2]}"));
    }

    #[test]
    fn every_line_ending_is_one_line_break() {
        // LF, CRLF and a lone CR, mixed in one file: each ends one line,
        // in YAML (saphyr and the fast reader), JSON and TOML alike.
        let check = |text: &str, syntax: Syntax, pointer: &str, want: (usize, usize)| {
            let lazy = LazySpans::new(text, syntax, 0);
            let at = lazy.get().get(pointer).unwrap().value.start;
            assert_eq!((at.line, at.column), want, "{text:?} {pointer}");
            let line = line_at(text, at.offset);
            assert!(!text[line.clone()].contains(['\r', '\n']), "{text:?}");
            assert_eq!(
                text[line.start..at.offset].chars().count() + 1,
                at.column,
                "{text:?}"
            );
        };
        for (eol, name) in [("\n", "lf"), ("\r\n", "crlf"), ("\r", "cr")] {
            let yaml = format!("a: 1{eol}b:{eol}  c: é{eol}  d: x{eol}");
            check(&yaml, Syntax::Yaml, "/b/d", (4, 6));
            check(&yaml, Syntax::Yaml, "/b/c", (3, 6));
            let json = format!("{{{eol}\"a\": 1,{eol}\"b\": [{eol}  \"é\", 2]{eol}}}");
            check(&json, Syntax::Json, "/b/1", (4, 8));
            if name != "cr" {
                // TOML has no lone CR line ends.
                let toml = format!("a = 1{eol}[b]{eol}c = \"é\"{eol}d = 2{eol}");
                check(&toml, Syntax::Toml, "/b/d", (4, 5));
            }
        }
        let mixed = "a: 1\r\nb: 2\rc: 3\nd: é\r\re: 5\n";
        check(mixed, Syntax::Yaml, "/c", (3, 4));
        check(mixed, Syntax::Yaml, "/d", (4, 4));
        check(mixed, Syntax::Yaml, "/e", (6, 4));
        // TOML refuses a lone CR: the error marks it, at the end of its line.
        let Err(ParseError::Syntax(at, _)) = parse_toml("a = 1\r\nb = 2\rc = 3\r\n") else {
            panic!()
        };
        assert_eq!(
            (at.start.line, at.start.column, at.start.offset),
            (2, 6, 12)
        );
        // A syntax error is placed the same way, from saphyr's markers and
        // from serde_json's line-feed lines.
        let Err(ParseError::Syntax(at, _)) = parse("a: 1\rb: [x\r") else {
            panic!()
        };
        assert_eq!(at.start.line, 3);
        let Some(ParseError::Syntax(at, _)) = json_syntax_error("{\r\"a\": 1,\r\"b\" 2}\n") else {
            panic!()
        };
        assert_eq!((at.start.line, at.start.column), (3, 5));
        // The place on the line feed of a CRLF is on the line it ends.
        assert_eq!(line_at("ab\r\ncd", 3), 0..2);
        assert_eq!(line_at("ab\r\ncd", 4), 4..6);
        assert_eq!(line_at("ab\rcd", 2), 0..2);
        assert_eq!(line_at("ab\rcd", 3), 3..5);
        assert_eq!(position_at("ab\r\ncd", 3).line, 1);
    }

    #[test]
    fn rejects_duplicates_documents_and_emptiness() {
        assert!(matches!(
            parse("a: 1\na: 2\n"),
            Err(ParseError::DuplicateKey(_))
        ));
        assert!(matches!(
            parse("a: 1\n---\nb: 2\n"),
            Err(ParseError::MultipleDocuments(..))
        ));
        assert!(matches!(parse(""), Err(ParseError::Empty)));
        assert!(matches!(
            parse("# only a comment\n"),
            Err(ParseError::Empty)
        ));
        let deep = "[".repeat(200) + &"]".repeat(200);
        assert!(matches!(parse(&deep), Err(ParseError::Unsupported(..))));
    }

    #[test]
    fn toml_gives_positions_and_dates_as_text() {
        let text = "[party]\nid = \"x\"\ncountry = \"NO\"\nsince = 2018-02-14\n";
        let parsed = parse_toml(text).unwrap();
        assert_eq!(parsed.value["party"]["since"], "2018-02-14");
        let lazy = LazySpans::new(text, Syntax::Toml, 0);
        let country = lazy.get().get("/party/country").unwrap();
        assert_eq!(
            (country.value.start.line, country.value.start.column),
            (3, 11)
        );
        assert_eq!(
            (
                country.key.unwrap().start.line,
                country.key.unwrap().start.column
            ),
            (3, 1)
        );
        // Where the first key's table cannot be told, no label at all.
        for text in [
            "x = 0\nt = {x = 1, x = 2}\n",
            "x = 1\n[[t]]\nx = 2\nx = 3\n",
        ] {
            match parse_toml(text) {
                Err(ParseError::DuplicateKey(d)) => assert_eq!(d.first, None, "{text}"),
                other => panic!("{other:?}"),
            }
        }
        match parse_toml("a = 1\na = 2\n") {
            Err(ParseError::DuplicateKey(d)) => {
                let DuplicateKey { at, first, name } = *d;
                assert_eq!((at.start.line, at.start.column, at.end.column), (2, 1, 2));
                assert_eq!(first.map(|f| f.start.line), Some(1));
                assert_eq!(name, "a");
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(parse_toml(""), Err(ParseError::Empty)));
    }

    #[test]
    fn the_json_fast_path_agrees_with_the_yaml_route() {
        for text in [
            r#"{"party": {"id": "x", "country": "NO", "n": [1, -2, 2.5, true, null], "s": "2018-02-14"}}"#,
            r#"{"a": {"b": {"c": "deep enough"}}, "e": "", "u": "\u00e9"}"#,
        ] {
            assert_eq!(
                parse_json_value(text),
                Some(parse_value(text).unwrap()),
                "{text}"
            );
        }
        // Problems fall back to the YAML route, which explains them.
        assert_eq!(parse_json_value(r#"{"a": 1, "a": 2}"#), None);
        assert_eq!(parse_json_value("{\"a\": 1} trailing"), None);
        let deep = "[".repeat(100) + &"]".repeat(100);
        assert_eq!(parse_json_value(&deep), None);
    }

    #[test]
    fn json_takes_the_same_route() {
        let parsed = parse("{\"source\": {\"id\": \"s\", \"n\": [1, 2.5]}}").unwrap();
        assert_eq!(parsed.value["source"]["n"][1], 2.5);
        assert!(parsed.spans.ranges("/source/n/1").is_some());
    }
}
