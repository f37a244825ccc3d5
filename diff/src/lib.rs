//! What changed between two Accord datasets, record by record.
//!
//! [`compare`] takes two loaded [`Dataset`]s (the old and the new) and
//! returns a [`Diff`]: the records added, removed, renamed (the id changed,
//! nothing else) and changed, each changed record with the fields that
//! changed as [field paths](accord_model::FieldPath) in the notation a
//! citation's `supports` uses (`status`, `value.amount`, `parties[1].role`),
//! with the old and the new value. Values are compared as the model holds
//! them, not as text: a file reformatted, re-ordered or rewritten from YAML
//! to JSON, an amount written `5e9` instead of `5000000000`, is no change.
//!
//! [`render`] writes a diff for people (plain text), for a pull request
//! (Markdown) and for programs (a versioned JSON document, described in
//! `docs/diff.md`).
//!
//! ```
//! use accord_model::Dataset;
//!
//! let diff = accord_diff::compare(&Dataset::default(), &Dataset::default());
//! assert!(diff.is_empty());
//! ```
//!
//! The crate does no I/O: callers load both sides (from folders or from a
//! git revision) and check them first.

pub mod render;

use std::collections::{BTreeMap, HashMap};
use std::fmt::Display;

use accord_model::{Dataset, RecordKey, RecordKind};
use serde::Serialize;
use serde_json::Value;

/// The differences between two datasets.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Diff {
    /// Every record that differs, sorted by kind and id (the new id for a
    /// rename, the old one for a removal), as `kind/id` sorts.
    pub entries: Vec<Entry>,
    /// How many records each side holds.
    pub old_records: usize,
    /// How many records the new side holds.
    pub new_records: usize,
}

/// One record that differs.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The kind of record.
    pub kind: RecordKind,
    /// Its id: the new one, or for a removed record the old one.
    pub id: String,
    /// What happened to it.
    pub change: Change,
    /// The file it was read from on the old side, when known (see
    /// [`Diff::set_files`]); `None` for an added record.
    pub old_file: Option<String>,
    /// The file it was read from on the new side, when known; `None` for a
    /// removed record.
    pub file: Option<String>,
}

impl Entry {
    /// The record's key on the new side (on the old side for a removal).
    pub fn key(&self) -> RecordKey {
        RecordKey::new(self.kind, self.id.clone())
    }

    /// The record's key on the old side (`None` for an added record).
    pub fn old_key(&self) -> Option<RecordKey> {
        match &self.change {
            Change::Added => None,
            Change::Renamed { old_id } => Some(RecordKey::new(self.kind, old_id.clone())),
            Change::Removed | Change::Changed { .. } => Some(self.key()),
        }
    }

    /// The changed fields (empty unless [`Change::Changed`]).
    pub fn fields(&self) -> &[FieldChange] {
        match &self.change {
            Change::Changed { fields } => fields,
            _ => &[],
        }
    }
}

/// What happened to a record.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// Only the new side has it.
    Added,
    /// Only the old side has it.
    Removed,
    /// The same record under another id: every other field is equal.
    Renamed {
        /// The id on the old side.
        old_id: String,
    },
    /// Both sides have it, with different values.
    Changed {
        /// The fields that differ, in the order of the record's fields.
        fields: Vec<FieldChange>,
    },
}

impl Change {
    /// The word for the change: `added`, `removed`, `renamed`, `changed`
    /// (also the `change` of the JSON format).
    pub fn word(&self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Removed => "removed",
            Change::Renamed { .. } => "renamed",
            Change::Changed { .. } => "changed",
        }
    }
}

/// One field that differs between the two sides of a record.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    /// Where the field is in the record, such as `value.amount` or
    /// `parties[1].role`. An item of a list is counted in the new list,
    /// except an item removed, counted in the old one. A key that is not
    /// a plain lower-case name is written `["key"]`.
    pub path: String,
    /// The old value as the model writes it; `None` when the field is new.
    pub old: Option<Value>,
    /// The new value; `None` when the field was removed.
    pub new: Option<Value>,
}

/// How many records changed in each way.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Records only the new side has.
    pub added: usize,
    /// Records only the old side has.
    pub removed: usize,
    /// Records whose id changed and nothing else.
    pub renamed: usize,
    /// Records with changed fields.
    pub changed: usize,
    /// Records equal on both sides.
    pub unchanged: usize,
}

impl Diff {
    /// True when the two sides hold the same records.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The counts of each kind of change.
    pub fn summary(&self) -> Summary {
        let mut s = Summary::default();
        for e in &self.entries {
            match e.change {
                Change::Added => s.added += 1,
                Change::Removed => s.removed += 1,
                Change::Renamed { .. } => s.renamed += 1,
                Change::Changed { .. } => s.changed += 1,
            }
        }
        s.unchanged = self.old_records - s.removed - s.renamed - s.changed;
        s
    }

    /// Fills in each entry's files from the two sides' origins (the file
    /// each record was read from, by key, as written for a reader).
    pub fn set_files(
        &mut self,
        old: impl Fn(&RecordKey) -> Option<String>,
        new: impl Fn(&RecordKey) -> Option<String>,
    ) {
        for e in &mut self.entries {
            e.old_file = e.old_key().and_then(|k| old(&k));
            e.file = match e.change {
                Change::Removed => None,
                _ => new(&e.key()),
            };
        }
    }

    /// The entry of a record of the new side, by key, when it differs.
    pub fn entry(&self, key: &RecordKey) -> Option<&Entry> {
        self.entries
            .binary_search_by(|e| (e.kind, e.id.as_str()).cmp(&(key.kind, key.id.as_str())))
            .ok()
            .map(|i| &self.entries[i])
    }
}

/// Compares two datasets record by record. Records are matched by kind and
/// id; a record removed and one added of the same kind whose fields other
/// than `id` are all equal are one record renamed. Records equal as values
/// are not listed.
pub fn compare(old: &Dataset, new: &Dataset) -> Diff {
    let mut entries = Vec::new();
    kind(RecordKind::Party, &old.parties, &new.parties, &mut entries);
    kind(RecordKind::Person, &old.people, &new.people, &mut entries);
    kind(
        RecordKind::Agreement,
        &old.agreements,
        &new.agreements,
        &mut entries,
    );
    kind(RecordKind::Source, &old.sources, &new.sources, &mut entries);
    kind(
        RecordKind::Occasion,
        &old.occasions,
        &new.occasions,
        &mut entries,
    );
    entries.sort_by(|a, b| (a.kind, a.id.as_str()).cmp(&(b.kind, b.id.as_str())));
    Diff {
        entries,
        old_records: old.len(),
        new_records: new.len(),
    }
}

/// Compares the records of one kind.
fn kind<K, T>(kind: RecordKind, old: &BTreeMap<K, T>, new: &BTreeMap<K, T>, out: &mut Vec<Entry>)
where
    K: Ord + Display,
    T: PartialEq + Serialize,
{
    let mut removed: Vec<(&K, &T)> = Vec::new();
    let mut added: Vec<(&K, &T)> = Vec::new();
    // Both maps are sorted by id: walk them side by side.
    let mut o = old.iter().peekable();
    let mut n = new.iter().peekable();
    loop {
        match (o.peek(), n.peek()) {
            (Some((ok, ov)), Some((nk, nv))) => match ok.cmp(nk) {
                std::cmp::Ordering::Less => {
                    removed.push((ok, ov));
                    o.next();
                }
                std::cmp::Ordering::Greater => {
                    added.push((nk, nv));
                    n.next();
                }
                std::cmp::Ordering::Equal => {
                    // Typed equality first: most records are unchanged, and
                    // only those that differ are written out as values.
                    if ov != nv {
                        let mut fields = Vec::new();
                        walk(&mut String::new(), &value(ov), &value(nv), &mut fields);
                        if !fields.is_empty() {
                            out.push(entry(kind, nk, Change::Changed { fields }));
                        }
                    }
                    o.next();
                    n.next();
                }
            },
            (Some((ok, ov)), None) => {
                removed.push((ok, ov));
                o.next();
            }
            (None, Some((nk, nv))) => {
                added.push((nk, nv));
                n.next();
            }
            (None, None) => break,
        }
    }
    // Renames: a removed and an added record equal but for their ids.
    let mut by_rest: HashMap<String, Vec<usize>> = HashMap::new();
    if !removed.is_empty() && !added.is_empty() {
        for (i, (_, record)) in removed.iter().enumerate().rev() {
            by_rest.entry(without_id(*record)).or_default().push(i);
        }
    }
    let mut renamed_from = vec![false; removed.len()];
    for (id, record) in &added {
        let old_index = if by_rest.is_empty() {
            None
        } else {
            by_rest.get_mut(&without_id(*record)).and_then(Vec::pop)
        };
        match old_index {
            Some(i) => {
                renamed_from[i] = true;
                out.push(entry(
                    kind,
                    id,
                    Change::Renamed {
                        old_id: removed[i].0.to_string(),
                    },
                ));
            }
            None => out.push(entry(kind, id, Change::Added)),
        }
    }
    for ((id, _), renamed) in removed.iter().zip(renamed_from) {
        if !renamed {
            out.push(entry(kind, id, Change::Removed));
        }
    }
}

fn entry(kind: RecordKind, id: &impl Display, change: Change) -> Entry {
    Entry {
        kind,
        id: id.to_string(),
        change,
        old_file: None,
        file: None,
    }
}

/// A record as the model writes it. Serialising a model type to a value
/// cannot fail (every map key is a string); `Null` is never compared equal
/// to a real record, so the record would show as changed, never hidden.
fn value(record: &impl Serialize) -> Value {
    serde_json::to_value(record).unwrap_or(Value::Null)
}

/// A record's value without its id, as text with sorted keys, to find
/// records that differ only by id.
fn without_id(record: &impl Serialize) -> String {
    let mut v = value(record);
    if let Value::Object(map) = &mut v {
        map.remove("id");
    }
    canonical(&v)
}

/// Text of a value with every mapping's keys sorted.
fn canonical(v: &Value) -> String {
    fn write(v: &Value, out: &mut String) {
        match v {
            Value::Object(map) => {
                let mut keys: Vec<&String> = map.keys().collect();
                keys.sort();
                out.push('{');
                for (i, k) in keys.into_iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&Value::String(k.clone()).to_string());
                    out.push(':');
                    write(&map[k.as_str()], out);
                }
                out.push('}');
            }
            Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write(item, out);
                }
                out.push(']');
            }
            other => out.push_str(&other.to_string()),
        }
    }
    let mut out = String::new();
    write(v, &mut out);
    out
}

/// Appends `.key` (or `["key"]` for a key that is not a plain name) to a path.
fn push_key(path: &mut String, key: &str) {
    let plain = !key.is_empty() && key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
    if plain {
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(key);
    } else {
        path.push('[');
        path.push_str(&Value::String(key.to_owned()).to_string());
        path.push(']');
    }
}

/// The longest lists whose items are matched by a longest common
/// subsequence; longer ones are compared item by item at the same index.
const MAX_MATCHED_CELLS: usize = 1 << 20;

/// Collects the differences between two values under `path`.
fn walk(path: &mut String, old: &Value, new: &Value, out: &mut Vec<FieldChange>) {
    if old == new {
        return;
    }
    let len = path.len();
    match (old, new) {
        (Value::Object(o), Value::Object(n)) => {
            // Fields in the order the new record writes them, then those
            // only the old one has, in its order.
            for (key, nv) in n {
                push_key(path, key);
                match o.get(key) {
                    Some(ov) => walk(path, ov, nv, out),
                    None => out.push(FieldChange {
                        path: path.clone(),
                        old: None,
                        new: Some(nv.clone()),
                    }),
                }
                path.truncate(len);
            }
            for (key, ov) in o {
                if !n.contains_key(key) {
                    push_key(path, key);
                    out.push(FieldChange {
                        path: path.clone(),
                        old: Some(ov.clone()),
                        new: None,
                    });
                    path.truncate(len);
                }
            }
        }
        (Value::Array(o), Value::Array(n)) => list(path, o, n, out),
        _ => out.push(FieldChange {
            path: path.clone(),
            old: Some(old.clone()),
            new: Some(new.clone()),
        }),
    }
}

/// Compares two lists: items equal on both sides are matched (a longest
/// common subsequence), so an item inserted or removed shows as itself and
/// not as every later item changed; between matched items, the items left
/// are compared pairwise, and what is left over is added or removed.
fn list(path: &mut String, old: &[Value], new: &[Value], out: &mut Vec<FieldChange>) {
    let pairs = if old.len() == new.len() || old.len() * new.len() > MAX_MATCHED_CELLS {
        Vec::new()
    } else {
        common(old, new)
    };
    let len = path.len();
    let item = |path: &mut String, i: usize| {
        path.truncate(len);
        path.push('[');
        path.push_str(&i.to_string());
        path.push(']');
    };
    let (mut i, mut j) = (0, 0);
    for (mi, mj) in pairs
        .into_iter()
        .chain(std::iter::once((old.len(), new.len())))
    {
        // The gap before this match: old[i..mi] against new[j..mj].
        while i < mi && j < mj {
            item(path, j);
            walk(path, &old[i], &new[j], out);
            i += 1;
            j += 1;
        }
        while i < mi {
            item(path, i);
            out.push(FieldChange {
                path: path.clone(),
                old: Some(old[i].clone()),
                new: None,
            });
            i += 1;
        }
        while j < mj {
            item(path, j);
            out.push(FieldChange {
                path: path.clone(),
                old: None,
                new: Some(new[j].clone()),
            });
            j += 1;
        }
        i = mi + 1;
        j = mj + 1;
    }
    path.truncate(len);
}

/// The index pairs of a longest common subsequence of two lists, in order.
fn common(old: &[Value], new: &[Value]) -> Vec<(usize, usize)> {
    let (n, m) = (old.len(), new.len());
    // lengths[i][j]: the longest common subsequence of old[i..] and new[j..].
    let mut lengths = vec![0u32; (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lengths[at(i, j)] = if old[i] == new[j] {
                lengths[at(i + 1, j + 1)] + 1
            } else {
                lengths[at(i + 1, j)].max(lengths[at(i, j + 1)])
            };
        }
    }
    let mut pairs = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if old[i] == new[j] {
            pairs.push((i, j));
            i += 1;
            j += 1;
        } else if lengths[at(i + 1, j)] >= lengths[at(i, j + 1)] {
            i += 1;
        } else {
            j += 1;
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check(old: Value, new: Value, expected: &[(&str, Option<Value>, Option<Value>)]) {
        let mut out = Vec::new();
        walk(&mut String::new(), &old, &new, &mut out);
        let got: Vec<(&str, Option<Value>, Option<Value>)> = out
            .iter()
            .map(|c| (c.path.as_str(), c.old.clone(), c.new.clone()))
            .collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn fields_are_named_as_supports_names_them() {
        check(
            json!({"id": "a", "status": "signed", "value": {"amount": "5", "currency": "CNY"}}),
            json!({"id": "a", "status": "completed", "value": {"amount": "6", "currency": "CNY"}}),
            &[
                ("status", Some(json!("signed")), Some(json!("completed"))),
                ("value.amount", Some(json!("5")), Some(json!("6"))),
            ],
        );
        check(
            json!({"parties": [{"party": "a", "role": "founder"}, {"party": "b"}]}),
            json!({"parties": [{"party": "a", "role": "funder"}, {"party": "b"}]}),
            &[(
                "parties[0].role",
                Some(json!("founder")),
                Some(json!("funder")),
            )],
        );
    }

    #[test]
    fn fields_added_and_removed_have_one_side() {
        check(
            json!({"a": 1, "b": 2}),
            json!({"a": 1, "c": 3}),
            &[("c", None, Some(json!(3))), ("b", Some(json!(2)), None)],
        );
        check(
            json!({"names": {"zh-Hans": "x"}}),
            json!({"names": {"zh-Hans": "y"}}),
            &[("names[\"zh-Hans\"]", Some(json!("x")), Some(json!("y")))],
        );
    }

    #[test]
    fn an_item_inserted_in_a_list_is_one_change() {
        check(
            json!({"sectors": ["a", "b", "c"]}),
            json!({"sectors": ["a", "x", "b", "c"]}),
            &[("sectors[1]", None, Some(json!("x")))],
        );
        check(
            json!({"sectors": ["a", "b", "c"]}),
            json!({"sectors": ["a", "c"]}),
            &[("sectors[1]", Some(json!("b")), None)],
        );
        // Between matched items, items left on both sides are compared.
        check(
            json!({"p": [{"k": 1}, {"k": 2, "r": "x"}, {"k": 3}, {"k": 4}]}),
            json!({"p": [{"k": 1}, {"k": 2, "r": "y"}, {"k": 4}]}),
            &[
                ("p[1].r", Some(json!("x")), Some(json!("y"))),
                ("p[2]", Some(json!({"k": 3})), None),
            ],
        );
    }

    #[test]
    fn canonical_text_ignores_key_order() {
        let a: Value = serde_json::from_str(r#"{"b": 1, "a": [{"y": 2, "x": 1}]}"#).unwrap();
        let b: Value = serde_json::from_str(r#"{"a": [{"x": 1, "y": 2}], "b": 1}"#).unwrap();
        assert_eq!(canonical(&a), canonical(&b));
        assert_eq!(canonical(&a), r#"{"a":[{"x":1,"y":2}],"b":1}"#);
    }
}
