//! TOML through `toml_edit`, to the same JSON value and positions as YAML.

use serde_json::{Map, Number, Value};

use super::{
    DuplicateKey, Lines, MAX_DEPTH, ParseError, Parsed, SpanMap, escape_segment, too_deep,
};
use crate::diagnostic::Span;

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
