//! The records of a dataset, and the checks that need more than one record.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use accord_model::{Dataset, Record};

use crate::diagnostic::{Code, Diagnostic};
use crate::parse::NodeSpans;

type Spans = HashMap<String, NodeSpans>;

/// A reference from one record to another, with where it is written.
pub(crate) struct Reference {
    kind: &'static str,
    id: String,
    pointer: String,
}

/// A record with the few positions the cross-record checks need; the rest
/// of its file's position map is dropped as soon as the file is checked,
/// which keeps memory flat for large datasets.
pub(crate) struct Located {
    path: PathBuf,
    record: Record,
    id_span: Option<crate::Span>,
    references: Vec<(Reference, Option<crate::Span>)>,
}

/// Keeps what the cross-record checks need of a record's positions.
pub(crate) fn locate(path: PathBuf, record: Record, spans: &Spans) -> Located {
    let id_span = spans
        .get(&format!("/{}/id", record.kind()))
        .map(|s| s.value);
    let references = references_of(&record)
        .into_iter()
        .map(|r| {
            let span = spans.get(&r.pointer).map(|s| s.value);
            (r, span)
        })
        .collect();
    Located {
        path,
        record,
        id_span,
        references,
    }
}

pub(crate) fn build(
    records: Vec<Located>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Dataset, BTreeMap<String, PathBuf>) {
    let mut dataset = Dataset::default();
    let mut origins = BTreeMap::new();
    let mut first_seen: HashMap<String, (PathBuf, Option<crate::Span>)> = HashMap::new();
    let mut references: Vec<(PathBuf, Reference, Option<crate::Span>)> = Vec::new();

    for Located {
        path,
        record,
        id_span,
        references: refs,
    } in records
    {
        let kind = record.kind();
        let key = format!("{kind}/{}", record.id());
        if let Some((first_path, first_span)) = first_seen.get(&key) {
            let mut d = Diagnostic::new(
                Code::DuplicateId,
                &path,
                id_span,
                format!("another {kind} already has the id `{}`", record.id()),
            )
            .with_hint("give each record its own id; if both describe the same thing, merge them");
            if let Some(span) = first_span {
                d = d.with_label(first_path, *span, "first defined here");
            }
            diagnostics.push(d);
            continue;
        }
        first_seen.insert(key.clone(), (path.clone(), id_span));
        for (reference, span) in refs {
            references.push((path.clone(), reference, span));
        }
        origins.insert(key, path);
        dataset.insert(record);
    }

    for (path, reference, span) in references {
        let exists = first_seen.contains_key(&format!("{}/{}", reference.kind, reference.id));
        if !exists {
            diagnostics.push(
                Diagnostic::new(
                    Code::DanglingReference,
                    &path,
                    span,
                    format!("no {} has the id `{}`", reference.kind, reference.id),
                )
                .with_hint(format!(
                    "add {} {} record with this id, or correct the id",
                    article(reference.kind),
                    reference.kind
                )),
            );
        }
    }
    (dataset, origins)
}

fn references_of(record: &Record) -> Vec<Reference> {
    let mut out = Vec::new();
    let mut add = |kind: &'static str, id: &str, pointer: String| {
        out.push(Reference {
            kind,
            id: id.to_owned(),
            pointer,
        });
    };
    match record {
        Record::Party(p) => {
            if let Some(parent) = &p.parent {
                add("party", parent.as_str(), "/party/parent".into());
            }
            for (i, c) in p.sources.iter().enumerate() {
                add(
                    "source",
                    c.source.as_str(),
                    format!("/party/sources/{i}/source"),
                );
            }
        }
        Record::Person(p) => {
            for (i, pos) in p.positions.iter().enumerate() {
                if let Some(org) = &pos.organisation {
                    add(
                        "party",
                        org.as_str(),
                        format!("/person/positions/{i}/organisation"),
                    );
                }
            }
            for (i, c) in p.sources.iter().enumerate() {
                add(
                    "source",
                    c.source.as_str(),
                    format!("/person/sources/{i}/source"),
                );
            }
        }
        Record::Agreement(a) => {
            for (i, p) in a.parties.iter().enumerate() {
                add(
                    "party",
                    p.party.as_str(),
                    format!("/agreement/parties/{i}/party"),
                );
            }
            if let Some(o) = &a.occasion {
                add("occasion", o.as_str(), "/agreement/occasion".into());
            }
            for (i, l) in a.links.iter().enumerate() {
                add(
                    "agreement",
                    l.agreement.as_str(),
                    format!("/agreement/links/{i}/agreement"),
                );
            }
            for (i, p) in a.people.iter().enumerate() {
                add(
                    "person",
                    p.person.as_str(),
                    format!("/agreement/people/{i}/person"),
                );
            }
            for (i, c) in a.sources.iter().enumerate() {
                add(
                    "source",
                    c.source.as_str(),
                    format!("/agreement/sources/{i}/source"),
                );
            }
        }
        Record::Source(_) => {}
        Record::Occasion(o) => {
            if let Some(parent) = &o.part_of {
                add("occasion", parent.as_str(), "/occasion/part_of".into());
            }
            for (i, p) in o.people.iter().enumerate() {
                add(
                    "person",
                    p.person.as_str(),
                    format!("/occasion/people/{i}/person"),
                );
            }
            for (i, c) in o.sources.iter().enumerate() {
                add(
                    "source",
                    c.source.as_str(),
                    format!("/occasion/sources/{i}/source"),
                );
            }
        }
    }
    out
}

fn article(kind: &str) -> &'static str {
    if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}
