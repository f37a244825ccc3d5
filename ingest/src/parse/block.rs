//! A fast reader for the plain block style that record files are written
//! in: mappings and lists laid out by indentation, with plain, single- or
//! double-quoted one-line scalars and comments.
//!
//! saphyr reads YAML at about 40 MB/s, which made parsing most of the time
//! spent on a large dataset. This reader handles only that common subset and
//! gives up (returns `None`) at the first thing outside it: flow
//! collections, anchors, aliases, tags, block scalars, multi-line scalars,
//! unknown escapes, quoted or unusual keys, tabs, carriage returns, control
//! characters, directives, several documents, duplicate keys. The caller then parses the file with saphyr,
//! which also produces every error message. When this reader does return a
//! value, it is the value saphyr would produce, with the same positions;
//! `tests::agrees_with_saphyr` and the fuzz target check that. Plain
//! scalars are typed by saphyr's own YAML 1.2 core-schema rules.

use std::borrow::Cow;

use saphyr::Scalar;
use saphyr_parser::ScalarStyle;
use serde_json::{Map, Value};

use super::{Range, SpanMap, escape_segment, scalar_value};
use crate::diagnostic::Span;

/// Nesting deeper than this goes to saphyr, which reports it.
const MAX_DEPTH: usize = 32;

/// One line that holds something (not blank, not only a comment).
#[derive(Clone, Copy)]
struct Line<'a> {
    /// Byte offset of the line's start in the text.
    start: usize,
    /// Spaces before the content (or, for the content after `- `, its
    /// column counted from the line start).
    indent: usize,
    /// The content after the indentation, without the line break.
    content: &'a str,
}

impl Line<'_> {
    /// Byte offset of the content.
    fn at(&self) -> usize {
        self.start + self.indent
    }

    fn is_item(&self) -> bool {
        self.content == "-" || self.content.starts_with("- ")
    }
}

/// Parses `text` if it lies in the subset, recording positions in `spans`
/// when given.
pub(super) fn parse(text: &str, spans: Option<&mut SpanMap>) -> Option<Value> {
    let significant = split(text)?;
    let first = *significant.first()?;
    if first.indent != 0 || first.is_item() {
        return None;
    }
    let mut reader = Reader {
        lines: significant,
        next: 0,
        spans,
        pointer: String::new(),
        depth: 0,
    };
    let at = reader.enter(None, None, (first.at(), first.at()));
    let value = reader.mapping(0)?;
    // Anything left over is outside the subset (or an error).
    if reader.next != reader.lines.len() {
        return None;
    }
    reader.record(at);
    Some(Value::Object(value))
}

/// The lines that hold something, or `None` for text outside the subset.
fn split(text: &str) -> Option<Vec<Line<'_>>> {
    if !text.is_ascii() && text.chars().any(awkward) {
        return None;
    }
    let mut lines = Vec::with_capacity(64);
    let mut start = 0;
    let mut started = false;
    for raw in text.split('\n') {
        let line_start = start;
        start += raw.len() + 1;
        if raw.bytes().any(|b| (b < b' ' && b != b'\n') || b == 0x7f) {
            // Tabs, carriage returns, other control characters.
            return None;
        }
        let content = raw.trim_start_matches(' ');
        let indent = raw.len() - content.len();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        if indent == 0 && (content.starts_with("---") || content.starts_with("...")) {
            let rest = &content[3..];
            let marker_only = rest.trim_start_matches(' ').is_empty() || rest.starts_with(" #");
            if content.starts_with("---") && marker_only && !started && lines.is_empty() {
                started = true;
                continue;
            }
            if marker_only {
                return None;
            }
        }
        if indent == 0 && content.starts_with('%') {
            return None;
        }
        lines.push(Line {
            start: line_start,
            indent,
            content,
        });
    }
    Some(lines)
}

/// Characters YAML treats specially or forbids: line and paragraph
/// separators, the byte-order mark, C1 controls, non-characters.
fn awkward(c: char) -> bool {
    matches!(
        c,
        '\u{80}'..='\u{9f}' | '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
    )
}

struct Reader<'t, 'm> {
    lines: Vec<Line<'t>>,
    next: usize,
    /// Where to record positions.
    spans: Option<&'m mut SpanMap>,
    /// The JSON pointer of the node being read (kept only with spans).
    pointer: String,
    depth: usize,
}

/// Where a node is, before it is recorded: its pointer segment's length to
/// undo, the key's range and its own.
struct Place {
    pointer_len: usize,
    key: Option<Range>,
    value: Range,
}

impl<'t> Reader<'t, '_> {
    fn peek(&self) -> Option<Line<'t>> {
        self.lines.get(self.next).copied()
    }

    /// Enters a child node: extends the pointer by `segment` and notes the
    /// positions, recorded by [`Reader::record`] once the child is read.
    fn enter(&mut self, segment: Option<Segment<'_>>, key: Option<Range>, value: Range) -> Place {
        let pointer_len = self.pointer.len();
        if self.spans.is_some() {
            match segment {
                Some(Segment::Key(name)) => {
                    self.pointer.push('/');
                    self.pointer.push_str(&escape_segment(name));
                }
                Some(Segment::Index(i)) => {
                    self.pointer.push('/');
                    self.pointer.push_str(&i.to_string());
                }
                None => {}
            }
        }
        Place {
            pointer_len,
            key,
            value,
        }
    }

    fn record(&mut self, pending: Place) {
        if let Some(spans) = self.spans.as_mut() {
            spans.insert(&self.pointer, pending.key, pending.value);
            self.pointer.truncate(pending.pointer_len);
        }
    }

    /// The node that follows a `key:` or `-` with nothing after it on its
    /// line; null, placed at `null_at`, when the next line is not deeper.
    /// `parent` is the indentation of the key or dash; `indentless` allows
    /// a list at the key's own indentation.
    fn nested(
        &mut self,
        parent: usize,
        indentless: bool,
        segment: Segment<'_>,
        key: Option<Range>,
        null_at: usize,
    ) -> Option<Value> {
        let (list, indent, at) = match self.peek() {
            Some(line) if line.indent > parent => (line.is_item(), line.indent, line.at()),
            Some(line) if indentless && line.indent == parent && line.is_item() => {
                (true, line.indent, indentless_start(line))
            }
            _ => {
                let pending = self.enter(Some(segment), key, (null_at, null_at));
                self.record(pending);
                return Some(Value::Null);
            }
        };
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        let pending = self.enter(Some(segment), key, (at, at));
        let value = if list {
            Value::Array(self.sequence(indent)?)
        } else {
            Value::Object(self.mapping(indent)?)
        };
        self.record(pending);
        self.depth -= 1;
        Some(value)
    }

    /// A scalar after `key: ` or `- `, starting at byte `at`.
    fn scalar(
        &mut self,
        rest: &str,
        at: usize,
        indent: usize,
        segment: Segment<'_>,
        key: Option<Range>,
    ) -> Option<Value> {
        let (value, start, end) = inline_scalar(rest, at)?;
        self.after_scalar(indent)?;
        let pending = self.enter(Some(segment), key, (start, end));
        self.record(pending);
        Some(value)
    }

    /// A block mapping whose keys sit at `indent`; the current line is its
    /// first key.
    fn mapping(&mut self, indent: usize) -> Option<Map<String, Value>> {
        let mut map = Map::new();
        while let Some(line) = self.peek() {
            if line.indent < indent {
                break;
            }
            if line.indent > indent || line.is_item() {
                return None;
            }
            let (key, rest) = split_key(line.content)?;
            if map.contains_key(key) {
                return None;
            }
            self.next += 1;
            let key_start = line.at();
            let key_span = Some((key_start, key_start + key.len()));
            let value = if rest.is_empty() || rest.starts_with('#') {
                // `key:` alone: a nested node, or null placed at the colon.
                let colon = key_start + key.len();
                self.nested(indent, true, Segment::Key(key), key_span, colon)?
            } else {
                let at = line.at() + (line.content.len() - rest.len());
                self.scalar(rest, at, indent, Segment::Key(key), key_span)?
            };
            map.insert(key.to_owned(), value);
        }
        Some(map)
    }

    /// A block list whose dashes sit at `indent`; the current line is its
    /// first item.
    fn sequence(&mut self, indent: usize) -> Option<Vec<Value>> {
        let mut items = Vec::new();
        while let Some(line) = self.peek() {
            if line.indent < indent {
                break;
            }
            if line.indent > indent || !line.is_item() {
                if line.indent == indent {
                    // A key after an indentless list: the parent goes on.
                    break;
                }
                return None;
            }
            let index = Segment::Index(items.len());
            let rest = line.content[1..].trim_start_matches(' ');
            let column = line.indent + (line.content.len() - rest.len());
            let at = line.start + column;
            if rest.is_empty() || rest.starts_with('#') {
                // `-` alone: a nested node, or null, which saphyr places at
                // the end of the line (after any spaces and comment).
                self.next += 1;
                let end = line.at() + line.content.len();
                items.push(self.nested(indent, false, index, None, end)?);
                continue;
            }
            if rest == "-" || rest.starts_with("- ") || rest.starts_with("? ") || rest == "?" {
                return None;
            }
            if split_key(rest).is_some() {
                // `- key: value`: a mapping whose keys line up with `key`.
                self.lines[self.next] = Line {
                    start: line.start,
                    indent: column,
                    content: rest,
                };
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return None;
                }
                let pending = self.enter(Some(index), None, (at, at));
                let map = self.mapping(column)?;
                self.record(pending);
                self.depth -= 1;
                items.push(Value::Object(map));
                continue;
            }
            self.next += 1;
            items.push(self.scalar(rest, at, indent, index, None)?);
        }
        Some(items)
    }

    /// After a scalar on a `key:` or `-` line at `indent`, a deeper line
    /// would continue the scalar or be an error: both are left to saphyr.
    fn after_scalar(&self, indent: usize) -> Option<()> {
        match self.peek() {
            Some(line) if line.indent > indent => None,
            _ => Some(()),
        }
    }
}

/// saphyr places a list written at its key's indentation where its first
/// item's content starts, not at the dash; at the end of the line when the
/// item is empty.
fn indentless_start(line: Line<'_>) -> usize {
    let rest = line.content[1..].trim_start_matches(' ');
    if rest.is_empty() || rest.starts_with('#') {
        line.at() + line.content.len()
    } else {
        line.at() + (line.content.len() - rest.len())
    }
}

enum Segment<'a> {
    Key(&'a str),
    Index(usize),
}

/// Keys at least this long go to saphyr: YAML limits an implicit key to
/// 1,024 characters, and saphyr refuses a longer one. (Found by fuzzing.)
const MAX_KEY: usize = 1000;

/// `key: rest` or `key:` with a simple key (letters, digits, `_`, `-`,
/// `.`, not starting with `-` or `.`, shorter than [`MAX_KEY`]): the key
/// and what follows the colon and its spaces.
fn split_key(content: &str) -> Option<(&str, &str)> {
    let bytes = content.as_bytes();
    let first = *bytes.first()?;
    if !(first.is_ascii_alphanumeric() || first == b'_') {
        return None;
    }
    let len = bytes
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.'))
        .unwrap_or(bytes.len());
    if len >= MAX_KEY {
        return None;
    }
    let after = &content[len..];
    let rest = after.strip_prefix(':')?;
    if !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    Some((&content[..len], rest.trim_start_matches(' ')))
}

/// A scalar written after `key: ` or `- `, starting at byte `at` of the
/// text: its value and the byte range saphyr gives it.
fn inline_scalar(rest: &str, at: usize) -> Option<(Value, usize, usize)> {
    let first = rest.as_bytes()[0];
    match first {
        b'"' => {
            let (text, len) = double_quoted(rest)?;
            let end = quoted_end(rest, len)?;
            Some((Value::String(text), at, at + end))
        }
        b'\'' => {
            let bytes = rest.as_bytes();
            let mut i = 1;
            let mut text = String::new();
            let mut from = 1;
            loop {
                let q = rest[i..].find('\'')? + i;
                if bytes.get(q + 1) == Some(&b'\'') {
                    text.push_str(&rest[from..=q]);
                    i = q + 2;
                    from = i;
                    continue;
                }
                text.push_str(&rest[from..q]);
                let end = quoted_end(rest, q + 1)?;
                return Some((Value::String(text), at, at + end));
            }
        }
        b'[' | b'{' | b']' | b'}' | b',' | b'#' | b'&' | b'*' | b'!' | b'|' | b'>' | b'%'
        | b'@' | b'`' => None,
        _ => {
            if matches!(first, b'-' | b'?' | b':')
                && rest.as_bytes().get(1).is_none_or(|&b| b == b' ')
            {
                return None;
            }
            let end = rest.find(" #").unwrap_or(rest.len());
            let raw = rest[..end].trim_end_matches(' ');
            if raw.contains(": ") || raw.ends_with(':') {
                return None;
            }
            let scalar =
                Scalar::parse_from_cow_and_metadata(Cow::Borrowed(raw), ScalarStyle::Plain, None)?;
            let value = scalar_value(&scalar, Span::default).ok()?;
            Some((value, at, at + raw.len()))
        }
    }
}

/// A double-quoted scalar at the start of `rest` that closes on its line:
/// its text with escapes applied, and its length with the quotes.
fn double_quoted(rest: &str) -> Option<(String, usize)> {
    let mut text = String::new();
    let mut chars = rest.char_indices().skip(1);
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((text, i + 1)),
            '\\' => {
                let (_, e) = chars.next()?;
                let mut hex = |digits: usize| -> Option<char> {
                    let mut n = 0u32;
                    for _ in 0..digits {
                        n = n * 16 + chars.next()?.1.to_digit(16)?;
                    }
                    char::from_u32(n)
                };
                text.push(match e {
                    '0' => '\0',
                    'a' => '\u{7}',
                    'b' => '\u{8}',
                    't' => '\t',
                    'n' => '\n',
                    'v' => '\u{b}',
                    'f' => '\u{c}',
                    'r' => '\r',
                    'e' => '\u{1b}',
                    ' ' => ' ',
                    '"' => '"',
                    '/' => '/',
                    '\\' => '\\',
                    'N' => '\u{85}',
                    '_' => '\u{a0}',
                    'L' => '\u{2028}',
                    'P' => '\u{2029}',
                    'x' => hex(2)?,
                    'u' => hex(4)?,
                    'U' => hex(8)?,
                    _ => return None,
                });
            }
            _ => text.push(c),
        }
    }
    // No closing quote on this line: a multi-line scalar or an error.
    None
}

/// Where saphyr ends a quoted scalar of `len` bytes at the start of
/// `rest` (the rest of its line): at the closing quote, or, when spaces or
/// a comment follow, at the end of the line. Anything else after the quote
/// is outside the subset.
fn quoted_end(rest: &str, len: usize) -> Option<usize> {
    let after = &rest[len..];
    let trimmed = after.trim_start_matches(' ');
    if after.is_empty() {
        Some(len)
    } else if trimmed.is_empty() || (trimmed.starts_with('#') && trimmed.len() < after.len()) {
        Some(rest.len())
    } else {
        None
    }
}

/// Parses `text` both ways (for tests and the fuzz target); when the fast reader accepts it, the value
/// and every position must be saphyr's. Returns whether it accepted.
#[cfg(any(test, feature = "fuzzing"))]
pub(crate) fn agrees(text: &str) -> bool {
    use super::{Lines, build_with_saphyr, differences};
    let mut fast_spans = SpanMap::default();
    let Some(fast) = parse(text, Some(&mut fast_spans)) else {
        return false;
    };
    let mut slow_spans = SpanMap::default();
    let slow = build_with_saphyr(text, &Lines::new(text), Some(&mut slow_spans));
    assert_eq!(
        slow.as_ref().ok(),
        Some(&fast),
        "values differ for:\n{text}\nsaphyr: {slow:?}"
    );
    if fast_spans != slow_spans {
        panic!(
            "positions differ for:\n{text}\nfast:\n{}\nsaphyr:\n{}",
            differences(&fast_spans, &slow_spans),
            differences(&slow_spans, &fast_spans)
        );
    }
    assert_eq!(parse(text, None), Some(fast));
    true
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::agrees;

    #[test]
    fn agrees_with_saphyr_on_written_examples() {
        let accepted = [
            "a: 1\n",
            "# c\nagreement:\n  id: a-1 # x\n  title: \"Q t\"\n  n: 'x''y'\n  list:\n  - a\n  -   b: 1\n      c: \"z\"\n  - \n  e:\n  f: \n    - k\n",
            "---\na:\n  - b: 1\n    c:\n    - x\n    - y\n  - d\n",
            "--- # start\na: NO\nb: 2018-02-14\nc: 1e3\nd: ~\ne: null\nf: true\ng: -5\nh: 0x1F\nj: 'no'\nk: \"\"\nl: ''\n",
            "a:\n  b:\n    c:\n      d: é ü 中文\n  e: x:y\n  f: http://example.org/a#b\n",
            "a:\n- x\n- y\nb: 1\n",
            "a:\n-\n  - 1\n",
            "a:   \n  b: 1   \n",
            "a: -x\nb: ?y\nc: :z\nd: a,b\ne: a]\n",
            "a:\n  -   x\n  -    y: 1\n       z: 2\n",
            "a: 'it''s'  # c\nb: \"q\"   # d\n",
            "a: 'x'   \nb: \"y\"  \nc: z  \n",
            "a:\n\n  b: 1\n\n# end\n",
            "a: # none\nb:\n- # none\n-   \n",
            "---   \na: 1\n",
            "a: \u{a0}x\n",
            "a: \"q \\\" \\\\ \\/ \\t \\u00e9 \\x41 \\U0001F600 \\N \\_\"\n",
        ];
        for text in accepted {
            assert!(agrees(text), "the fast reader should accept:\n{text}");
        }
        let refused = [
            "a: [1, 2]\n",
            "a: {b: 1}\n",
            "a: &x 1\nb: *x\n",
            "a: !!str 1\n",
            "a: |\n  text\n",
            "a: >\n  text\n",
            "a: \"x\\qy\"\n",
            "a: \"x\\\n  y\"\n",
            "a: plain\n  continued\n",
            "a: 1\na: 2\n",
            "a:\tb\n",
            "a: 1\r\n",
            "- a\n",
            "a: 1\n---\nb: 2\n",
            "\"a\": 1\n",
            "? a\n: 1\n",
            "a: b: c\n",
            "a: 'open\n",
            "a: \"x\"y\n",
            "  a: 1\nb: 2\n",
            "a:\n  b: 1\n c: 2\n",
            "",
            "# only a comment\n",
            "a: 1\n...\n",
            "a: .inf\n",
            "%YAML 1.2\n---\na: 1\n",
            "a: x\u{85}y\n",
            "---\u{a0}\na: 1\n",
            "--- x\n",
        ];
        for text in refused {
            assert!(
                !agrees(text),
                "the fast reader should leave this to saphyr:\n{text:?}"
            );
        }
    }

    #[test]
    fn agrees_with_saphyr_on_every_fixture_and_case() {
        let mut accepted = 0;
        for (path, text) in crate::parse::testing::sample_files() {
            if !path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                continue;
            }
            let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
            if agrees(body) {
                accepted += 1;
            }
        }
        // Every fixture is plain block style; the cases include files made
        // to break the rules.
        assert!(accepted >= 62, "only {accepted} files took the fast route");
    }

    /// Documents built from the pieces record files are made of, plus
    /// pieces that should send the reader back to saphyr.
    fn document() -> impl Strategy<Value = String> {
        let scalar = prop_oneof![
            "[a-z][a-z0-9 .:/#-]{0,12}",
            Just("NO".to_owned()),
            Just("~".to_owned()),
            Just("null".to_owned()),
            Just("true".to_owned()),
            Just("1e3".to_owned()),
            Just("-5".to_owned()),
            Just("0o17".to_owned()),
            Just("2018-01-31".to_owned()),
            Just("12.50".to_owned()),
            Just(".nan".to_owned()),
            "\"[a-z '#:]{0,8}\"",
            "'[a-z \"#:]{0,8}'",
            Just("'it''s'".to_owned()),
            Just("x # comment".to_owned()),
            Just("x   ".to_owned()),
            Just("'x'   ".to_owned()),
            Just("\"x\"  # c".to_owned()),
            Just("'x' #c".to_owned()),
            Just("\"x\"#c".to_owned()),
            Just("é".to_owned()),
            Just("[1]".to_owned()),
            Just("&a x".to_owned()),
            Just("\"a\\tb\"".to_owned()),
            "\"[a-z]{0,3}\\\\[0abtnvfre \"/\\\\N_LPxuUqz][0-9a-fA-F]{0,8}\"",
            Just("a: b".to_owned()),
            Just("- x".to_owned()),
        ];
        let key = prop_oneof!["[a-z_]{1,6}", Just("a".to_owned()), Just("1".to_owned())];
        let line = (0usize..8, prop::bool::ANY, key, scalar, 0usize..11).prop_map(
            |(indent, dash, key, scalar, form)| {
                let pad = " ".repeat(indent);
                let lead = if dash { "- " } else { "" };
                match form {
                    0 => format!("{pad}{lead}{key}: {scalar}"),
                    1 => format!("{pad}{lead}{key}:"),
                    5 => format!("{pad}{lead}{key}: # note"),
                    6 => format!("{pad}{lead}{key}:   "),
                    7 => format!("{pad}-   # note"),
                    8 => format!("{pad}-   "),
                    9 => format!("{pad}---{scalar}"),
                    2 => format!("{pad}- {scalar}"),
                    3 => format!("{pad}-"),
                    10 => format!("{pad}# note"),
                    _ => format!("{pad}{lead}{key}:{scalar}"),
                }
            },
        );
        prop::collection::vec(line, 1..14).prop_map(|lines| {
            let mut text = String::from("root:\n");
            for l in lines {
                text.push_str(&l);
                text.push('\n');
            }
            text
        })
    }

    #[test]
    fn agrees_with_saphyr_on_generated_documents() {
        let accepted = crate::parse::testing::count_generated(document(), 4000, agrees);
        // Not vacuous: a good share must take the fast route.
        assert!(
            accepted > 400,
            "only {accepted} of 4000 took the fast route"
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]
        #[test]
        fn agrees_with_saphyr(text in document()) {
            agrees(&text);
        }
    }
}
