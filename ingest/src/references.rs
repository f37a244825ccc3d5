//! References between records: which fields name another record, walked
//! on a typed record ([`each_reference`]) and read from the raw value of a
//! record that failed its own checks ([`raw_references`]), and the
//! diagnostic for one that leads nowhere.

use std::path::Path;

use accord_model::{Record, RecordKind};

use crate::dataset::Pending;
use crate::diagnostic::{Code, Diagnostic};

/// Where a reference is written: `/{record}/{list}/{index}/{field}`, or
/// `/{record}/{field}` for a single one. Turned into a pointer only when
/// the reference leads nowhere.
#[derive(Clone, Copy)]
pub(crate) struct Field {
    path: &'static str,
    index: Option<usize>,
    leaf: &'static str,
    /// The fact is written in its long form, so the id sits under `value`.
    long: bool,
}

impl Field {
    pub(crate) fn one(path: &'static str) -> Self {
        Field {
            path,
            index: None,
            leaf: "",
            long: false,
        }
    }

    pub(crate) fn item(path: &'static str, index: usize, leaf: &'static str) -> Self {
        Field {
            path,
            index: Some(index),
            leaf,
            long: false,
        }
    }

    /// The same field, written as a marked fact (`{value: …, inferred: …}`)
    /// when `fact` is one.
    fn through<T>(mut self, fact: &accord_model::Fact<T>) -> Self {
        self.long = matches!(fact, accord_model::Fact::Marked(_));
        self
    }

    pub(crate) fn pointer(self) -> String {
        let value = if self.long { "/value" } else { "" };
        match self.index {
            Some(i) => format!("{}/{i}{value}/{}", self.path, self.leaf),
            None => format!("{}{value}", self.path),
        }
    }
}

/// Calls `f` with the kind and id of every record `record` refers to, and
/// where the reference is written.
pub(crate) fn each_reference<'r>(
    record: &'r Record,
    mut f: impl FnMut(RecordKind, &'r str, Field),
) {
    match record {
        Record::Party(p) => {
            if let Some(parent) = &p.parent {
                f(
                    RecordKind::Party,
                    parent.as_str(),
                    Field::one("/party/parent"),
                );
            }
            for (i, o) in p.owners.iter().enumerate() {
                f(
                    RecordKind::Party,
                    o.party.as_str(),
                    Field::item("/party/owners", i, "party"),
                );
            }
            for (i, c) in p.sources.iter().enumerate() {
                f(
                    RecordKind::Source,
                    c.source.as_str(),
                    Field::item("/party/sources", i, "source"),
                );
            }
        }
        Record::Person(p) => {
            for (i, pos) in p.positions.iter().enumerate() {
                if let Some(org) = &pos.organisation {
                    f(
                        RecordKind::Party,
                        org.as_str(),
                        Field::item("/person/positions", i, "organisation").through(pos),
                    );
                }
            }
            for (i, c) in p.sources.iter().enumerate() {
                f(
                    RecordKind::Source,
                    c.source.as_str(),
                    Field::item("/person/sources", i, "source"),
                );
            }
        }
        Record::Agreement(a) => {
            for (i, p) in a.parties.iter().enumerate() {
                f(
                    RecordKind::Party,
                    p.party.as_str(),
                    Field::item("/agreement/parties", i, "party"),
                );
            }
            if let Some(o) = &a.occasion {
                f(
                    RecordKind::Occasion,
                    o.as_str(),
                    Field::one("/agreement/occasion").through(o),
                );
            }
            for (i, l) in a.links.iter().enumerate() {
                f(
                    RecordKind::Agreement,
                    l.agreement.as_str(),
                    Field::item("/agreement/links", i, "agreement"),
                );
            }
            for (i, p) in a.people.iter().enumerate() {
                f(
                    RecordKind::Person,
                    p.person.as_str(),
                    Field::item("/agreement/people", i, "person"),
                );
            }
            for (i, c) in a.sources.iter().enumerate() {
                f(
                    RecordKind::Source,
                    c.source.as_str(),
                    Field::item("/agreement/sources", i, "source"),
                );
            }
        }
        Record::Source(_) => {}
        Record::Occasion(o) => {
            if let Some(parent) = &o.part_of {
                f(
                    RecordKind::Occasion,
                    parent.as_str(),
                    Field::one("/occasion/part_of"),
                );
            }
            for (i, p) in o.people.iter().enumerate() {
                f(
                    RecordKind::Person,
                    p.person.as_str(),
                    Field::item("/occasion/people", i, "person"),
                );
            }
            for (i, c) in o.sources.iter().enumerate() {
                f(
                    RecordKind::Source,
                    c.source.as_str(),
                    Field::item("/occasion/sources", i, "source"),
                );
            }
        }
    }
}

/// The reference fields of each kind of record, as JSON pointers: a list
/// and the key in each of its items, or a single field; and the kind of
/// record referred to. [`each_reference`] walks the same fields of a typed
/// record; a test checks the two agree.
const REFERENCE_FIELDS: &[(&str, Option<&str>, RecordKind)] = &[
    ("/party/parent", None, RecordKind::Party),
    ("/party/owners", Some("party"), RecordKind::Party),
    ("/party/sources", Some("source"), RecordKind::Source),
    ("/person/positions", Some("organisation"), RecordKind::Party),
    ("/person/sources", Some("source"), RecordKind::Source),
    ("/agreement/parties", Some("party"), RecordKind::Party),
    ("/agreement/occasion", None, RecordKind::Occasion),
    ("/agreement/links", Some("agreement"), RecordKind::Agreement),
    ("/agreement/people", Some("person"), RecordKind::Person),
    ("/agreement/sources", Some("source"), RecordKind::Source),
    ("/occasion/part_of", None, RecordKind::Occasion),
    ("/occasion/people", Some("person"), RecordKind::Person),
    ("/occasion/sources", Some("source"), RecordKind::Source),
];

/// A reference read from a record that failed its own checks: the kind of
/// record it names, the id, and the JSON pointer of the id in the file.
pub type RawReference = (RecordKind, String, String);

/// The references of a record that could be read as a value but not as a
/// record (its schema errors stop it loading), as far as they can be read:
/// every reference field holding text, so that its dangling ids are
/// reported in the same run as its other problems.
pub(crate) fn raw_references<'a>(value: &'a serde_json::Value) -> Vec<RawReference> {
    let mut out = Vec::new();
    for &(path, leaf, kind) in REFERENCE_FIELDS {
        let Some(found) = value.pointer(path) else {
            continue;
        };
        // An id that is not well formed has its own schema error already:
        // one mistake, one error.
        let well_formed = |id: &str| accord_model::check_id(id).is_ok();
        // A fact in its long form holds its value under `value`.
        let value_of = |node: &'a serde_json::Value| match node.get("value") {
            Some(inner) if node.is_object() => (inner, "/value"),
            _ => (node, ""),
        };
        match (leaf, found) {
            (None, node) => {
                let (node, under) = value_of(node);
                if let Some(id) = node.as_str().filter(|id| well_formed(id)) {
                    out.push((kind, id.to_owned(), format!("{path}{under}")));
                }
            }
            (Some(leaf), serde_json::Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    let (item, under) = value_of(item);
                    if let Some(id) = item.get(leaf).and_then(serde_json::Value::as_str)
                        && well_formed(id)
                    {
                        out.push((kind, id.to_owned(), format!("{path}/{i}{under}/{leaf}")));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// A reference in `path`, at `pointer`, to a `kind` of record with an
/// `id` that no record has.
pub(crate) fn dangling_reference(
    path: &Path,
    kind: RecordKind,
    id: &str,
    pointer: String,
) -> Pending {
    let d = Diagnostic::new(
        Code::DanglingReference,
        path,
        None,
        format!("no {kind} has the id `{id}`"),
    )
    .with_hint(format!(
        "add {} {kind} record with this id, or correct the id",
        kind.article()
    ));
    Pending::new(d, pointer)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_table_of_reference_fields_agrees_with_the_typed_walk() {
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures");
        let mut compared = 0;
        for entry in walkdir::WalkDir::new(fixtures) {
            let path = entry.expect("entry").into_path();
            if path.extension().is_none_or(|e| e != "yaml") {
                continue;
            }
            let bytes = std::fs::read(&path).expect("read");
            let record = crate::check_bytes(&path, &bytes).record.expect("valid");
            let value = serde_json::to_value(&record).expect("serialise");
            let mut typed = Vec::new();
            super::each_reference(&record, |kind, id, field| {
                typed.push((kind, id.to_owned(), field.pointer()));
            });
            let mut raw = super::raw_references(&value);
            typed.sort();
            raw.sort();
            compared += typed.len();
            assert_eq!(typed, raw, "{value}");
        }
        assert!(compared > 50, "only {compared} references compared");
    }

    /// Owners are in no fixture: the two walks are compared on a record
    /// that names them.
    #[test]
    fn owners_are_found_by_both_walks() {
        let yaml = "party:\n  id: jv\n  name: JV\n  kind: special-purpose-company\n  country: CN\n  parent: group\n  owners:\n    - party: a\n      share: 50\n    - party: b\n";
        let record = crate::check_bytes(std::path::Path::new("jv.yaml"), yaml.as_bytes())
            .record
            .expect("valid");
        let value = serde_json::to_value(&record).expect("serialise");
        let mut typed = Vec::new();
        super::each_reference(&record, |kind, id, field| {
            typed.push((kind, id.to_owned(), field.pointer()));
        });
        let mut raw = super::raw_references(&value);
        typed.sort();
        raw.sort();
        assert_eq!(typed.len(), 3);
        assert_eq!(typed, raw);
    }
}
