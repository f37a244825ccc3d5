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

use std::collections::HashMap;

use saphyr::{Marker, Scalar};
use serde_json::{Map, Number, Value};

use crate::diagnostic::{Position, Span};

mod block;
mod json;

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

/// Turns saphyr's character-based markers and byte offsets into positions.
///
/// Lines end where YAML ends them, for every syntax alike: at a line feed,
/// a carriage return followed by a line feed, or a carriage return alone
/// (old Mac files), each one line break. saphyr counts lines that way, TOML
/// allows only the first two and JSON treats all three as white space, so
/// a line number means the same in every kind of file, and the quoted line
/// ([`line_at`]) is the one the parser was reading.
pub(crate) struct Lines<'a> {
    text: &'a str,
    /// Where each line starts.
    starts: Vec<usize>,
    /// Whether the text is ASCII, so that characters are bytes.
    ascii: bool,
    /// The last conversion between characters and bytes, as (line start,
    /// characters after it, byte offset): the next one on the same line
    /// goes on from there when it lies further along. saphyr's markers
    /// mostly move forward, and counting from the line start each time
    /// made a long line cost time in proportion to its length per node.
    cursor: std::cell::Cell<(usize, usize, usize)>,
}

/// Whether the byte at `i` ends a line: a line feed, or a carriage return
/// not followed by one (in `\r\n` the line feed ends the line).
fn ends_line(bytes: &[u8], i: usize) -> bool {
    match bytes[i] {
        b'\n' => true,
        b'\r' => bytes.get(i + 1) != Some(&b'\n'),
        _ => false,
    }
}

/// The line holding the byte at `offset`, as the byte range of its text
/// without the line break, with lines ended as [`Lines`] ends them.
pub(crate) fn line_at(text: &str, offset: usize) -> std::ops::Range<usize> {
    let offset = offset.min(text.len());
    let bytes = text.as_bytes();
    let start = bytes[..offset]
        .iter()
        .rposition(|&b| b == b'\n' || b == b'\r')
        .map_or(0, |i| i + 1);
    // A place on the line feed of a `\r\n` belongs to the line the
    // carriage return ends.
    let start = if start == offset
        && offset > 0
        && bytes[offset - 1] == b'\r'
        && bytes.get(offset) == Some(&b'\n')
    {
        bytes[..offset - 1]
            .iter()
            .rposition(|&b| b == b'\n' || b == b'\r')
            .map_or(0, |i| i + 1)
    } else {
        start
    };
    let end = bytes[start..]
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .map_or(text.len(), |i| start + i);
    start..end
}

/// The line and column of a byte offset in `text`, lines ended as
/// [`Lines`] ends them.
pub(crate) fn position_at(text: &str, offset: usize) -> Position {
    Lines::new(text).at_offset(offset)
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let starts = std::iter::once(0)
            .chain(
                (0..bytes.len())
                    .filter(|&i| ends_line(bytes, i))
                    .map(|i| i + 1),
            )
            .collect();
        Lines {
            text,
            starts,
            ascii: text.is_ascii(),
            cursor: std::cell::Cell::new((0, 0, 0)),
        }
    }

    /// The byte offset of the character `col` characters after `start` (a
    /// line start), or the end of the text.
    fn offset_of(&self, start: usize, col: usize) -> usize {
        if self.ascii {
            return (start + col).min(self.text.len());
        }
        let (line, chars, byte) = self.cursor.get();
        let (done, from) = if line == start && chars <= col {
            (chars, byte)
        } else {
            (0, start)
        };
        match self.text[from..].char_indices().nth(col - done) {
            Some((i, _)) => {
                self.cursor.set((start, col, from + i));
                from + i
            }
            None => self.text.len(),
        }
    }

    /// How many characters lie between `start` (a line start) and
    /// `offset`; 0 when `offset` is inside a character.
    fn chars_between(&self, start: usize, offset: usize) -> usize {
        if self.ascii {
            return offset - start;
        }
        let (line, chars, byte) = self.cursor.get();
        let (done, from) = if line == start && byte <= offset {
            (chars, byte)
        } else {
            (0, start)
        };
        match self.text.get(from..offset) {
            Some(between) => {
                let count = done + between.chars().count();
                self.cursor.set((start, count, offset));
                count
            }
            None => 0,
        }
    }

    /// `line` is 1-based and `col` 0-based in characters, as saphyr gives them.
    fn position(&self, line: usize, col: usize) -> Position {
        let start = self
            .starts
            .get(line.max(1) - 1)
            .copied()
            .unwrap_or(self.text.len());
        let offset = self.offset_of(start, col);
        // Line and column follow from the offset, so that they agree with
        // positions found by the fast readers, and name a line that exists.
        self.at_offset(offset)
    }

    /// The character at a byte offset, as a span one character wide (empty
    /// at a line break or the end of the text): where a syntax error
    /// stopped, so that the caret marks that character rather than the
    /// rest of the line.
    fn point(&self, offset: usize) -> Span {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let end = match self.text[offset..].chars().next() {
            Some('\n' | '\r') | None => offset,
            Some(c) => offset + c.len_utf8(),
        };
        Span {
            start: self.at_offset(offset),
            end: self.at_offset(end),
        }
    }

    /// The position of a byte offset.
    fn at_offset(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&start| start <= offset).max(1);
        let start = self.starts[line - 1];
        let column = self.chars_between(start, offset);
        Position {
            line,
            column: column + 1,
            offset,
        }
    }

    fn range(&self, range: Option<std::ops::Range<usize>>) -> Span {
        match range {
            Some(r) => Span {
                start: self.at_offset(r.start),
                end: self.at_offset(r.end),
            },
            None => Span::default(),
        }
    }

    fn span(&self, start: &Marker, end: &Marker) -> Span {
        Span {
            start: self.position(start.line(), start.col()),
            end: self.position(end.line(), end.col()),
        }
    }
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

/// How many nodes anchors and aliases may copy in one document, against
/// "billion laughs" files; text counts one node more for every 16 bytes,
/// so about 1.6 MB of copied text at most. An anchored collection is copied when it closes
/// (to be pasted where its aliases are), so nested anchors around a large
/// list would copy it once per level without aliases at all: both kinds of
/// copy are charged.
const ALIAS_BUDGET: usize = 100_000;

/// A collection's anchor id and where the collection opens, if it has one.
type Anchor = Option<(usize, Span)>;

enum Frame {
    Sequence {
        items: Vec<Value>,
        anchor: Anchor,
        pointer_len: usize,
    },
    Mapping {
        map: Map<String, Value>,
        /// The key waiting for its value, with its position when positions
        /// are recorded and saphyr's markers in any case.
        key: Option<(String, Option<Span>, saphyr_parser::Span)>,
        /// Where each key of the mapping was written, so that a duplicate
        /// can point back at the first (saphyr route only: rare files).
        seen: Vec<(String, saphyr_parser::Span)>,
        anchor: Anchor,
        pointer_len: usize,
    },
}

/// The document being built: open collections, the finished document, and
/// the JSON pointer of the innermost open collection.
#[derive(Default)]
struct Tree {
    stack: Vec<Frame>,
    result: Option<Value>,
    pointer: String,
}

/// Builds the JSON value straight from saphyr's parser events (no
/// intermediate YAML tree), with YAML 1.2 core-schema scalars, and checks
/// as it goes what the format forbids: nesting deeper than [`MAX_DEPTH`],
/// duplicate keys, tags, alias bombs, several documents. Driving the parser
/// event by event also avoids saphyr's `load`, which recurses once per level.
fn build(text: &str, mut spans: Option<&mut SpanMap>) -> Result<Value, ParseError> {
    if spans.is_none()
        && let Some(value) = block::parse(text, None)
    {
        return Ok(value);
    }
    if let Some(spans) = spans.as_deref_mut() {
        if let Some(value) = block::parse(text, Some(spans)) {
            return Ok(value);
        }
        // The fast reader may have recorded part of the document.
        *spans = SpanMap::default();
    }
    build_with_saphyr(text, &Lines::new(text), spans)
}

/// Builds the JSON value straight from saphyr's parser events; see [`build`].
fn build_with_saphyr(
    text: &str,
    lines: &Lines<'_>,
    mut spans: Option<&mut SpanMap>,
) -> Result<Value, ParseError> {
    use saphyr_parser::{Event, Parser, ScalarStyle};
    let mut tree = Tree::default();
    let mut anchors: HashMap<usize, Value> = HashMap::new();
    let mut budget = ALIAS_BUDGET;
    let mut documents = 0usize;
    let mut empty_document = false;

    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| {
            let m = e.marker();
            let mut at = lines.position(m.line(), m.col()).offset;
            if is_tab_error(e.info()) {
                at = nearest_tab(text, at).unwrap_or(at);
            }
            ParseError::Syntax(lines.point(at), e.info().to_owned())
        })?;
        let here = || lines.span(&span.start, &span.end);
        match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(ParseError::MultipleDocuments(here()));
                }
            }
            Event::Scalar(raw, style, anchor, tag) => {
                // A key waiting in a mapping is plain text, kept as written.
                if let Some(Frame::Mapping {
                    key: key @ None, ..
                }) = tree.stack.last_mut()
                {
                    if tag.is_some() {
                        return Err(tag_error(here(), tag.as_deref()));
                    }
                    *key = Some((raw.into_owned(), spans.is_some().then(here), span));
                    continue;
                }
                if tree.stack.is_empty()
                    && style == ScalarStyle::Plain
                    && raw.is_empty()
                    && tag.is_none()
                {
                    empty_document = true;
                }
                if tag.as_ref().is_some_and(|t| !t.is_yaml_core_schema()) {
                    return Err(tag_error(here(), tag.as_deref()));
                }
                let value =
                    match saphyr::Scalar::parse_from_cow_and_metadata(raw, style, tag.as_ref()) {
                        Some(scalar) => scalar_value(&scalar, here)?,
                        None => return Err(tag_error(here(), tag.as_deref())),
                    };
                if anchor > 0 {
                    anchors.insert(anchor, value.clone());
                }
                place(&mut tree, spans.as_deref_mut(), value, lines, span, false)?;
            }
            Event::Alias(id) => {
                let value = anchors.get(&id).cloned().unwrap_or(Value::Null);
                charge(&mut budget, &value, CopyFor::Alias, here)?;
                place(&mut tree, spans.as_deref_mut(), value, lines, span, false)?;
            }
            Event::SequenceStart(anchor, tag) | Event::MappingStart(anchor, tag)
                if tree.stack.len() >= MAX_DEPTH =>
            {
                let _ = (anchor, tag);
                return Err(too_deep(here()));
            }
            Event::SequenceStart(anchor, tag) => {
                if tag.is_some() {
                    return Err(tag_error(here(), tag.as_deref()));
                }
                let pointer_len = enter(&mut tree, spans.as_deref_mut(), here)?;
                tree.stack.push(Frame::Sequence {
                    items: Vec::new(),
                    anchor: (anchor > 0).then(|| (anchor, here())),
                    pointer_len,
                });
            }
            Event::MappingStart(anchor, tag) => {
                if tag.is_some() {
                    return Err(tag_error(here(), tag.as_deref()));
                }
                let pointer_len = enter(&mut tree, spans.as_deref_mut(), here)?;
                tree.stack.push(Frame::Mapping {
                    map: Map::new(),
                    key: None,
                    seen: Vec::new(),
                    anchor: (anchor > 0).then(|| (anchor, here())),
                    pointer_len,
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (value, anchor, pointer_len) = match tree.stack.pop() {
                    Some(Frame::Sequence {
                        items,
                        anchor,
                        pointer_len,
                    }) => (Value::Array(items), anchor, pointer_len),
                    Some(Frame::Mapping {
                        map,
                        anchor,
                        pointer_len,
                        ..
                    }) => (Value::Object(map), anchor, pointer_len),
                    None => continue,
                };
                if let Some((id, opened)) = anchor {
                    charge(&mut budget, &value, CopyFor::Anchor, || opened)?;
                    anchors.insert(id, value.clone());
                }
                tree.pointer.truncate(pointer_len);
                place(&mut tree, None, value, lines, span, true)?;
            }
            _ => {}
        }
    }
    match tree.result {
        None => Err(ParseError::Empty),
        Some(Value::Null) if empty_document => Err(ParseError::Empty),
        Some(value) => Ok(value),
    }
}

/// Whether saphyr's message is about a tab (its exact wordings: "found
/// unprintable character" also holds the letters "tab").
pub(crate) fn is_tab_error(info: &str) -> bool {
    [
        "tabs disallowed",
        "tab cannot be used as indentation",
        "found a tab",
        "cannot start with a tab",
    ]
    .iter()
    .any(|words| info.contains(words))
}

/// The tab saphyr complains of. It may stop just after it, or at the end
/// of (or inside) the line before a line indented with it, so a tab in the
/// indentation of this line or the next comes first, then the nearest tab
/// before the stop on this line, then the first after it.
fn nearest_tab(text: &str, offset: usize) -> Option<usize> {
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let next_start = text[offset..].find('\n').map(|i| offset + i + 1);
    let indent_tab = |start: usize| {
        let line = &text[start..];
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        line[..indent].find('\t').map(|i| start + i)
    };
    indent_tab(line_start)
        .or_else(|| next_start.and_then(indent_tab))
        .or_else(|| text[line_start..offset].rfind('\t').map(|i| line_start + i))
        .or_else(|| {
            let reach = next_start.map_or(text.len(), |next| {
                text[next..].find('\n').map_or(text.len(), |i| next + i)
            });
            text[offset..reach].find('\t').map(|i| offset + i)
        })
}

fn tag_error(at: Span, tag: Option<&saphyr_parser::Tag>) -> ParseError {
    let shown = tag.map_or_else(String::new, |t| format!(" `{}{}`", t.handle, t.suffix));
    ParseError::Unsupported(
        at,
        format!("YAML tags such as{shown} are not used in record files: remove the tag"),
    )
}

/// Why a value is copied: to keep it under its anchor, or to paste it
/// where an alias names it.
#[derive(Clone, Copy)]
enum CopyFor {
    Anchor,
    Alias,
}

/// Takes the nodes of `value` from `budget`, or fails at `at` once the
/// budget is spent. Counting stops there, so a huge value costs no more
/// than the budget to count. (An alias inside an anchored collection is
/// charged twice, as it is copied twice: once pasted, once kept.)
fn charge(
    budget: &mut usize,
    value: &Value,
    copy: CopyFor,
    at: impl FnOnce() -> Span,
) -> Result<(), ParseError> {
    // A node costs one, and text one more for every 16 bytes, so a long
    // anchored string pasted many times is charged for its bytes.
    fn take(budget: &mut usize, cost: usize) -> bool {
        match budget.checked_sub(cost) {
            Some(left) => {
                *budget = left;
                true
            }
            None => false,
        }
    }
    fn spend(budget: &mut usize, value: &Value) -> bool {
        match value {
            Value::Array(items) => take(budget, 1) && items.iter().all(|item| spend(budget, item)),
            Value::Object(map) => {
                take(budget, 1)
                    && map
                        .iter()
                        .all(|(key, item)| take(budget, key.len() / 16) && spend(budget, item))
            }
            Value::String(text) => take(budget, 1 + text.len() / 16),
            _ => take(budget, 1),
        }
    }
    if spend(budget, value) {
        Ok(())
    } else {
        let message = match copy {
            CopyFor::Anchor => format!(
                "the anchors up to here keep copies of more than {ALIAS_BUDGET} values: \
                 remove the `&` anchors, which record files do not need"
            ),
            CopyFor::Alias => format!(
                "the aliases up to here paste more than {ALIAS_BUDGET} values \
                 (a \"billion laughs\" file?): write the values out instead of repeating them with aliases"
            ),
        };
        Err(ParseError::Unsupported(at(), message))
    }
}

/// The pointer segment of the next child of the innermost collection.
fn segment(stack: &[Frame]) -> Option<String> {
    match stack.last() {
        Some(Frame::Sequence { items, .. }) => Some(items.len().to_string()),
        Some(Frame::Mapping {
            key: Some((name, ..)),
            ..
        }) => Some(escape_segment(name)),
        _ => None,
    }
}

/// A collection starts: check that it is not a mapping key, extend the
/// pointer, record its position. Returns the pointer's length before.
fn enter(
    tree: &mut Tree,
    spans: Option<&mut SpanMap>,
    here: impl Fn() -> Span,
) -> Result<usize, ParseError> {
    let Tree { stack, pointer, .. } = tree;
    if let Some(Frame::Mapping { key: None, .. }) = stack.last() {
        return Err(ParseError::Unsupported(
            here(),
            "a key must be plain text, not a list or a mapping".to_owned(),
        ));
    }
    let before = pointer.len();
    if let Some(seg) = segment(stack) {
        pointer.push('/');
        pointer.push_str(&seg);
    }
    if let Some(spans) = spans {
        let key = match stack.last() {
            Some(Frame::Mapping {
                key: Some((_, key_span, _)),
                ..
            }) => *key_span,
            _ => None,
        };
        spans.insert_spans(pointer, key, here());
    }
    Ok(before)
}

/// Puts a finished value into its parent (or makes it the document),
/// recording the position of scalars (collections recorded theirs when they
/// started). `span` is the event's place: the scalar, or the end of the
/// collection.
fn place(
    tree: &mut Tree,
    spans: Option<&mut SpanMap>,
    value: Value,
    lines: &Lines<'_>,
    span: saphyr_parser::Span,
    collection: bool,
) -> Result<(), ParseError> {
    let Tree {
        stack,
        result,
        pointer,
    } = tree;
    let here = || lines.span(&span.start, &span.end);
    if !collection && let Some(spans) = spans {
        let len = pointer.len();
        if let Some(seg) = segment(stack) {
            pointer.push('/');
            pointer.push_str(&seg);
        }
        let key = match stack.last() {
            Some(Frame::Mapping {
                key: Some((_, key_span, _)),
                ..
            }) => *key_span,
            _ => None,
        };
        spans.insert_spans(pointer, key, here());
        pointer.truncate(len);
    }
    match stack.last_mut() {
        None => *result = Some(value),
        Some(Frame::Sequence { items, .. }) => items.push(value),
        Some(Frame::Mapping { map, key, seen, .. }) => {
            let Some((name, _, key_at)) = key.take() else {
                return Err(ParseError::Unsupported(
                    here(),
                    "a key must be plain text".to_owned(),
                ));
            };
            if map.contains_key(&name) {
                let first = seen
                    .iter()
                    .find(|(seen, _)| *seen == name)
                    .map(|(_, at)| lines.span(&at.start, &at.end));
                return Err(ParseError::DuplicateKey(Box::new(DuplicateKey {
                    at: lines.span(&key_at.start, &key_at.end),
                    first,
                    name,
                })));
            }
            seen.push((name.clone(), key_at));
            map.insert(name, value);
        }
    }
    Ok(())
}

/// Where `name` was first written, for a duplicate key at `offset`:
/// toml_edit names only the second key, so the text before its line is
/// parsed again and the key looked up in the table whose header comes last
/// there (the root table when there is none). `None` when that does not
/// find it, or cannot be sure of the table (a key repeated inside an inline
/// table, a repeated table header, a document with arrays of tables).
fn first_toml_key(text: &str, offset: usize, name: &str) -> Option<std::ops::Range<usize>> {
    let line_start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    // Inside an inline table, on a table header, or after an array of
    // tables, the table that holds the first key cannot be told this way:
    // no label rather than a wrong one.
    let before_key = &text[line_start..offset];
    if before_key.contains(['{', '[']) || text[..line_start].contains("[[") {
        return None;
    }
    let head = toml_edit::Document::parse(&text[..line_start]).ok()?;
    fn last_table<'t>(table: &'t toml_edit::Table, best: &mut (usize, &'t toml_edit::Table)) {
        for (_, item) in table.iter() {
            if let Some(inner) = item.as_table() {
                if let Some(span) = inner.span()
                    && span.start >= best.0
                {
                    *best = (span.start, inner);
                }
                last_table(inner, best);
            }
        }
    }
    let root = head.as_table();
    let mut best = (0, root);
    last_table(root, &mut best);
    best.1.key(name).and_then(toml_edit::Key::span)
}

/// Parses one TOML document. Dates and times become strings (`2018-02-14`),
/// so the schema judges them as it judges YAML's.
pub fn parse_toml(text: &str) -> Result<Parsed, ParseError> {
    let lines = Lines::new(text);
    let document = toml_edit::Document::parse(text).map_err(|e| {
        let message = e.message().trim().to_owned();
        if message == "duplicate key"
            && let Some(range) = e.span()
            && let Some(name) = text
                .get(range.clone())
                .and_then(|key| toml_edit::Key::parse(key).ok())
                .and_then(|keys| keys.last().map(|k| k.get().to_owned()))
        {
            return ParseError::DuplicateKey(Box::new(DuplicateKey {
                first: first_toml_key(text, range.start, &name).map(|r| lines.range(Some(r))),
                at: lines.range(Some(range)),
                name,
            }));
        }
        let mut at = e.span().map_or(0, |r| r.start);
        // A carriage return without a line feed (TOML has no lone CR line
        // ends) is reported just after it: mark the carriage return, at
        // the end of its line.
        if message.contains("carriage return") && text.get(..at).is_some_and(|t| t.ends_with('\r'))
        {
            at -= 1;
        }
        ParseError::Syntax(lines.point(at), message)
    })?;
    let mut parsed = Parsed::default();
    let root = document.as_item();
    if root.as_table().is_some_and(toml_edit::Table::is_empty) {
        return Err(ParseError::Empty);
    }
    let mut pointer = String::new();
    parsed.value = toml_item(root, &lines, &mut pointer, None, 0, &mut parsed.spans)?;
    Ok(parsed)
}

fn toml_item(
    item: &toml_edit::Item,
    lines: &Lines<'_>,
    pointer: &mut String,
    key: Option<Span>,
    depth: usize,
    spans: &mut SpanMap,
) -> Result<Value, ParseError> {
    use toml_edit::Item;
    let here = lines.range(item.span());
    if depth > MAX_DEPTH {
        return Err(too_deep(here));
    }
    spans.insert_spans(pointer, key, here);
    match item {
        Item::None => Ok(Value::Null),
        Item::Value(value) => toml_value(value, lines, pointer, key, depth, spans),
        Item::Table(table) => {
            let mut out = Map::new();
            for (name, child) in table.iter() {
                let key_span = table.key(name).map(|k| lines.range(k.span()));
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&escape_segment(name));
                let value = toml_item(child, lines, pointer, key_span, depth + 1, spans)?;
                pointer.truncate(len);
                out.insert(name.to_owned(), value);
            }
            Ok(Value::Object(out))
        }
        Item::ArrayOfTables(tables) => {
            let mut out = Vec::new();
            for (i, table) in tables.iter().enumerate() {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&i.to_string());
                let child = Item::Table(table.clone());
                out.push(toml_item(&child, lines, pointer, None, depth + 1, spans)?);
                pointer.truncate(len);
            }
            Ok(Value::Array(out))
        }
    }
}

fn toml_value(
    value: &toml_edit::Value,
    lines: &Lines<'_>,
    pointer: &mut String,
    key: Option<Span>,
    depth: usize,
    spans: &mut SpanMap,
) -> Result<Value, ParseError> {
    use toml_edit::Value as V;
    let here = lines.range(value.span());
    spans.insert_spans(pointer, key, here);
    if depth > MAX_DEPTH {
        return Err(too_deep(here));
    }
    Ok(match value {
        V::String(s) => Value::String(s.value().clone()),
        V::Integer(i) => Value::Number((*i.value()).into()),
        V::Float(f) => Number::from_f64(*f.value())
            .map(Value::Number)
            .ok_or_else(|| {
                ParseError::Unsupported(
                    here,
                    "infinite and not-a-number values are not allowed".to_owned(),
                )
            })?,
        V::Boolean(b) => Value::Bool(*b.value()),
        V::Datetime(d) => Value::String(d.value().to_string()),
        V::Array(items) => {
            let mut out = Vec::new();
            for (i, item) in items.iter().enumerate() {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&i.to_string());
                out.push(toml_value(item, lines, pointer, None, depth + 1, spans)?);
                pointer.truncate(len);
            }
            Value::Array(out)
        }
        V::InlineTable(table) => {
            let mut out = Map::new();
            for (name, child) in table.iter() {
                let key_span = table.key(name).map(|k| lines.range(k.span()));
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&escape_segment(name));
                out.insert(
                    name.to_owned(),
                    toml_value(child, lines, pointer, key_span, depth + 1, spans)?,
                );
                pointer.truncate(len);
            }
            Value::Object(out)
        }
    })
}

/// A scalar as JSON; `at` gives its place, worked out only for an error.
fn scalar_value(scalar: &Scalar<'_>, at: impl FnOnce() -> Span) -> Result<Value, ParseError> {
    Ok(match scalar {
        Scalar::Null => Value::Null,
        Scalar::Boolean(b) => Value::Bool(*b),
        Scalar::Integer(i) => Value::Number((*i).into()),
        Scalar::FloatingPoint(f) => Number::from_f64(f.into_inner())
            .map(Value::Number)
            .ok_or_else(|| {
                ParseError::Unsupported(
                    at(),
                    "infinite and not-a-number values are not allowed".to_owned(),
                )
            })?,
        Scalar::String(s) => Value::String(s.to_string()),
    })
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
