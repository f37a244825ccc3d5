//! JSON Lines: one record a line, as the model serialises it.

use std::io::Write;

use accord_model::{Agreement, Dataset};
use serde::Serialize;

/// The records of `dataset` (agreements only those `keep` accepts), one a
/// line, each as a record file holds it: `{"agreement": {…}}`, `{"party":
/// {…}}`. Agreements come first, then parties, people, sources and
/// occasions, each kind in id order; every line ends in `\n`.
pub fn records(dataset: &Dataset, keep: impl Fn(&Agreement) -> bool) -> Vec<u8> {
    let mut out = Vec::new();
    for a in dataset.agreements.values().filter(|a| keep(a)) {
        line(&mut out, "agreement", a);
    }
    for p in dataset.parties.values() {
        line(&mut out, "party", p);
    }
    for p in dataset.people.values() {
        line(&mut out, "person", p);
    }
    for s in dataset.sources.values() {
        line(&mut out, "source", s);
    }
    for o in dataset.occasions.values() {
        line(&mut out, "occasion", o);
    }
    out
}

fn line(out: &mut Vec<u8>, kind: &str, record: &impl Serialize) {
    // Writing to a Vec cannot fail, and the model's types always serialise.
    let _ = write!(out, "{{\"{kind}\":");
    let _ = serde_json::to_writer(&mut *out, record);
    out.extend_from_slice(b"}\n");
}
