//! From the text of a YAML or JSON file to a JSON value plus the position of
//! every node, keyed by JSON pointer.
//!
//! YAML is read by saphyr with YAML 1.2 core-schema rules, so `NO` stays the
//! string `NO` and `2018-02-14` stays a string. JSON is a subset of YAML 1.2
//! and takes the same route, so both get positions. Duplicate keys are
//! errors and alias expansion is bounded by saphyr's node budget.

use std::collections::HashMap;

use saphyr::{MarkedYaml, Marker, Scalar, YamlData};
use serde_json::{Map, Number, Value};

use crate::diagnostic::{Position, Span};

/// The deepest nesting accepted; real records need fewer than ten levels.
pub const MAX_DEPTH: usize = 64;

/// Where one node of the document sits.
#[derive(Debug, Clone, Copy, Default)]
pub struct NodeSpans {
    /// The key that introduces the node, for values in mappings.
    pub key: Option<Span>,
    /// The node itself.
    pub value: Span,
}

/// A parsed document: its value and where each node is.
#[derive(Debug, Default)]
pub struct Parsed {
    /// The document as JSON.
    pub value: Value,
    /// Positions by JSON pointer (`""` is the root, `/party/name` a field).
    pub spans: HashMap<String, NodeSpans>,
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
}

/// Turns character-based markers into positions with byte offsets.
struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines { text, starts }
    }

    /// `line` is 1-based and `col` 0-based in characters, as saphyr gives them.
    fn position(&self, line: usize, col: usize) -> Position {
        let line = line.max(1);
        let start = self
            .starts
            .get(line - 1)
            .copied()
            .unwrap_or(self.text.len());
        let rest = &self.text[start..];
        let offset = start + rest.char_indices().nth(col).map_or(rest.len(), |(i, _)| i);
        Position {
            line,
            column: col + 1,
            offset,
        }
    }

    /// The position of a byte offset.
    fn at_offset(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&start| start <= offset).max(1);
        let start = self.starts[line - 1];
        let column = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.chars().count());
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

/// Parses one YAML (or JSON) document.
pub fn parse(text: &str) -> Result<Parsed, ParseError> {
    let lines = Lines::new(text);
    let docs = load_bounded(text, &lines)?;
    let mut docs = docs.into_iter();
    let Some(doc) = docs.next() else {
        return Err(ParseError::Empty);
    };
    if let Some(second) = docs.next() {
        return Err(ParseError::MultipleDocuments(
            lines.span(&second.span.start, &second.span.end),
        ));
    }
    if matches!(doc.data, YamlData::Value(Scalar::Null)) && doc.span.start == doc.span.end {
        return Err(ParseError::Empty);
    }
    let mut parsed = Parsed::default();
    let mut pointer = String::new();
    parsed.value = convert(&doc, &lines, &mut pointer, None, 0, &mut parsed.spans)?;
    Ok(parsed)
}

/// Loads the documents with saphyr, driving its parser event by event so
/// that nesting deeper than [`MAX_DEPTH`] stops the load at once. (saphyr's
/// own `load` recurses once per level of block nesting, so a file of a few
/// megabytes could overflow the stack; its loader, fed events one at a time,
/// does not recurse, and keeps its duplicate-key and alias-budget checks.)
fn load_bounded<'a>(text: &'a str, lines: &Lines<'_>) -> Result<Vec<MarkedYaml<'a>>, ParseError> {
    use saphyr_parser::{Event, Parser, SpannedEventReceiver};
    let syntax = |e: &saphyr::ScanError| {
        let m = e.marker();
        let at = lines.position(m.line(), m.col());
        ParseError::Syntax(Span { start: at, end: at }, e.info().to_owned())
    };
    let mut loader: saphyr::YamlLoader<'a, MarkedYaml<'a>> = saphyr::YamlLoader::default();
    let mut depth = 0usize;
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| syntax(&e))?;
        match event {
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(ParseError::Unsupported(
                        lines.span(&span.start, &span.end),
                        format!("the document is nested more than {MAX_DEPTH} levels deep"),
                    ));
                }
            }
            Event::MappingEnd | Event::SequenceEnd => depth = depth.saturating_sub(1),
            _ => {}
        }
        loader.on_event(event, span);
        if let Some(e) = loader.error() {
            return Err(syntax(e));
        }
    }
    Ok(loader.into_documents())
}

fn convert(
    node: &MarkedYaml<'_>,
    lines: &Lines<'_>,
    pointer: &mut String,
    key: Option<Span>,
    depth: usize,
    spans: &mut HashMap<String, NodeSpans>,
) -> Result<Value, ParseError> {
    let here = lines.span(&node.span.start, &node.span.end);
    if depth > MAX_DEPTH {
        return Err(ParseError::Unsupported(
            here,
            format!("the document is nested more than {MAX_DEPTH} levels deep"),
        ));
    }
    spans.insert(pointer.clone(), NodeSpans { key, value: here });
    let value = match &node.data {
        YamlData::Value(scalar) => scalar_value(scalar, here)?,
        YamlData::Representation(text, ..) => Value::String(text.to_string()),
        YamlData::Sequence(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&i.to_string());
                out.push(convert(item, lines, pointer, None, depth + 1, spans)?);
                pointer.truncate(len);
            }
            Value::Array(out)
        }
        YamlData::Mapping(entries) => {
            let mut out = Map::new();
            for (k, v) in entries {
                let key_span = lines.span(&k.span.start, &k.span.end);
                let name = key_text(k).ok_or_else(|| {
                    ParseError::Unsupported(
                        key_span,
                        "a key must be plain text, not a list or a mapping".to_owned(),
                    )
                })?;
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&name.replace('~', "~0").replace('/', "~1"));
                let value = convert(v, lines, pointer, Some(key_span), depth + 1, spans)?;
                pointer.truncate(len);
                out.insert(name, value);
            }
            Value::Object(out)
        }
        YamlData::Tagged(tag, _) => {
            return Err(ParseError::Unsupported(
                here,
                format!("YAML tags such as `{tag}` are not used in record files: remove the tag"),
            ));
        }
        YamlData::Alias(_) | YamlData::BadValue => {
            return Err(ParseError::Unsupported(
                here,
                "this value could not be read".to_owned(),
            ));
        }
    };
    Ok(value)
}

/// Parses one TOML document. Dates and times become strings (`2018-02-14`),
/// so the schema judges them as it judges YAML's.
pub fn parse_toml(text: &str) -> Result<Parsed, ParseError> {
    let lines = Lines::new(text);
    let document = toml_edit::Document::parse(text).map_err(|e| {
        let at = lines.at_offset(e.span().map_or(0, |r| r.start));
        let message = e.message().trim().to_owned();
        ParseError::Syntax(Span { start: at, end: at }, message)
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
    spans: &mut HashMap<String, NodeSpans>,
) -> Result<Value, ParseError> {
    use toml_edit::Item;
    let here = lines.range(item.span());
    if depth > MAX_DEPTH {
        return Err(ParseError::Unsupported(
            here,
            format!("the document is nested more than {MAX_DEPTH} levels deep"),
        ));
    }
    spans.insert(pointer.clone(), NodeSpans { key, value: here });
    match item {
        Item::None => Ok(Value::Null),
        Item::Value(value) => toml_value(value, lines, pointer, key, depth, spans),
        Item::Table(table) => {
            let mut out = Map::new();
            for (name, child) in table.iter() {
                let key_span = table.key(name).map(|k| lines.range(k.span()));
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&name.replace('~', "~0").replace('/', "~1"));
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
    spans: &mut HashMap<String, NodeSpans>,
) -> Result<Value, ParseError> {
    use toml_edit::Value as V;
    let here = lines.range(value.span());
    spans.insert(pointer.clone(), NodeSpans { key, value: here });
    if depth > MAX_DEPTH {
        return Err(ParseError::Unsupported(
            here,
            format!("the document is nested more than {MAX_DEPTH} levels deep"),
        ));
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
                pointer.push_str(&name.replace('~', "~0").replace('/', "~1"));
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

fn scalar_value(scalar: &Scalar<'_>, at: Span) -> Result<Value, ParseError> {
    Ok(match scalar {
        Scalar::Null => Value::Null,
        Scalar::Boolean(b) => Value::Bool(*b),
        Scalar::Integer(i) => Value::Number((*i).into()),
        Scalar::FloatingPoint(f) => Number::from_f64(f.into_inner())
            .map(Value::Number)
            .ok_or_else(|| {
                ParseError::Unsupported(
                    at,
                    "infinite and not-a-number values are not allowed".to_owned(),
                )
            })?,
        Scalar::String(s) => Value::String(s.to_string()),
    })
}

fn key_text(key: &MarkedYaml<'_>) -> Option<String> {
    match &key.data {
        YamlData::Value(Scalar::String(s)) => Some(s.to_string()),
        YamlData::Value(Scalar::Integer(i)) => Some(i.to_string()),
        YamlData::Value(Scalar::Boolean(b)) => Some(b.to_string()),
        YamlData::Value(Scalar::FloatingPoint(f)) => Some(f.to_string()),
        YamlData::Value(Scalar::Null) => Some(String::new()),
        YamlData::Representation(text, ..) => Some(text.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_1_2_keeps_norway_and_dates_as_strings() {
        let parsed = parse("country: NO\nsigned: 2018-02-14\nyes: on\n").unwrap();
        assert_eq!(parsed.value["country"], "NO");
        assert_eq!(parsed.value["signed"], "2018-02-14");
        assert_eq!(parsed.value["yes"], "on");
    }

    #[test]
    fn records_the_position_of_keys_and_values() {
        let parsed = parse("party:\n  id: x\n  name: Café Ltd\n").unwrap();
        let name = parsed.spans["/party/name"];
        assert_eq!((name.value.start.line, name.value.start.column), (3, 9));
        assert_eq!(
            (name.key.unwrap().start.line, name.key.unwrap().start.column),
            (3, 3)
        );
        assert_eq!(name.value.start.offset, "party:\n  id: x\n  name: ".len());
    }

    #[test]
    fn rejects_duplicates_documents_and_emptiness() {
        assert!(matches!(parse("a: 1\na: 2\n"), Err(ParseError::Syntax(..))));
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
        let parsed =
            parse_toml("[party]\nid = \"x\"\ncountry = \"NO\"\nsince = 2018-02-14\n").unwrap();
        assert_eq!(parsed.value["party"]["since"], "2018-02-14");
        let country = parsed.spans["/party/country"];
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
        assert!(matches!(
            parse_toml("a = 1\na = 2\n"),
            Err(ParseError::Syntax(..))
        ));
        assert!(matches!(parse_toml(""), Err(ParseError::Empty)));
    }

    #[test]
    fn json_takes_the_same_route() {
        let parsed = parse("{\"source\": {\"id\": \"s\", \"n\": [1, 2.5]}}").unwrap();
        assert_eq!(parsed.value["source"]["n"][1], 2.5);
        assert!(parsed.spans.contains_key("/source/n/1"));
    }
}
