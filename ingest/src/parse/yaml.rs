//! YAML through saphyr's parser, for files the fast block reader leaves:
//! the JSON value built straight from parser events, with positions, and
//! every syntax problem named.

use std::collections::HashMap;

use serde_json::{Map, Number, Value};

use super::{DuplicateKey, Lines, MAX_DEPTH, ParseError, SpanMap, block, escape_segment, too_deep};
use crate::diagnostic::Span;
use saphyr::Scalar;

/// How many nodes anchors and aliases may copy in one document, against
/// "billion laughs" files; text counts one node more for every 16 bytes,
/// so about 1.6 MB of copied text at most. An anchored collection is copied when it closes
/// (to be pasted where its aliases are), so nested anchors around a large
/// list would copy it once per level without aliases at all: both kinds of
/// copy are charged.
pub(super) const ALIAS_BUDGET: usize = 100_000;

/// A collection's anchor id and where the collection opens, if it has one.
pub(super) type Anchor = Option<(usize, Span)>;

pub(super) enum Frame {
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
pub(super) struct Tree {
    stack: Vec<Frame>,
    result: Option<Value>,
    pointer: String,
}

/// Builds the JSON value straight from saphyr's parser events (no
/// intermediate YAML tree), with YAML 1.2 core-schema scalars, and checks
/// as it goes what the format forbids: nesting deeper than [`MAX_DEPTH`],
/// duplicate keys, tags, alias bombs, several documents. Driving the parser
/// event by event also avoids saphyr's `load`, which recurses once per level.
pub(super) fn build(text: &str, mut spans: Option<&mut SpanMap>) -> Result<Value, ParseError> {
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
pub(super) fn build_with_saphyr(
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
pub(super) fn nearest_tab(text: &str, offset: usize) -> Option<usize> {
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

pub(super) fn tag_error(at: Span, tag: Option<&saphyr_parser::Tag>) -> ParseError {
    let shown = tag.map_or_else(String::new, |t| format!(" `{}{}`", t.handle, t.suffix));
    ParseError::Unsupported(
        at,
        format!("YAML tags such as{shown} are not used in record files: remove the tag"),
    )
}

/// Why a value is copied: to keep it under its anchor, or to paste it
/// where an alias names it.
#[derive(Clone, Copy)]
pub(super) enum CopyFor {
    Anchor,
    Alias,
}

/// Takes the nodes of `value` from `budget`, or fails at `at` once the
/// budget is spent. Counting stops there, so a huge value costs no more
/// than the budget to count. (An alias inside an anchored collection is
/// charged twice, as it is copied twice: once pasted, once kept.)
pub(super) fn charge(
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
pub(super) fn segment(stack: &[Frame]) -> Option<String> {
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
pub(super) fn enter(
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
pub(super) fn place(
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

/// A scalar as JSON; `at` gives its place, worked out only for an error.
pub(super) fn scalar_value(
    scalar: &Scalar<'_>,
    at: impl FnOnce() -> Span,
) -> Result<Value, ParseError> {
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
