//! Comparing the fixtures with changed copies, in memory and through files.

#![allow(clippy::unwrap_used)]

use std::path::Path;

use accord_diff::{Change, compare, render};
use accord_model::{AgreementId, Dataset, PartyId, RecordKind};
use serde_json::json;

fn fixtures() -> Dataset {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures");
    let loaded = accord_ingest::load(&[dir]);
    assert!(!loaded.has_errors(), "the fixtures load cleanly");
    loaded.dataset
}

fn agreement_id(id: &str) -> AgreementId {
    id.parse().unwrap()
}

#[test]
fn the_same_data_has_no_differences() {
    let old = fixtures();
    let diff = compare(&old, &old.clone());
    assert!(diff.is_empty());
    assert_eq!(diff.summary().unchanged, old.len());
    assert!(render::human(&diff, "a", "b").contains("no differences"));
}

#[test]
fn added_removed_changed_and_renamed_records_are_told_apart() {
    let old = fixtures();
    let mut new = old.clone();
    // Changed: the status and the value's amount of one agreement.
    let id = agreement_id("eight-great-technologies-leaguer-fund");
    let mut a = new.agreements.remove(&id).unwrap();
    let mut v = serde_json::to_value(&*a).unwrap();
    v["status"] = json!("completed");
    v["value"]["amount"] = json!(6000000000u64);
    *a = serde_json::from_value(v).unwrap();
    new.agreements.insert(id.clone(), a);
    // Removed: one agreement. Added: a copy of another under a new id, with
    // a new title (so it is not a rename).
    let removed = agreement_id("nine-health-tsingdata-health-analytics");
    new.agreements.remove(&removed).unwrap();
    let mut copy =
        serde_json::to_value(&*old.agreements[&agreement_id("manchester-pku-biomarker-platform")])
            .unwrap();
    copy["id"] = json!("a-new-collaboration");
    copy["title"] = json!("A new collaboration");
    new.agreements.insert(
        agreement_id("a-new-collaboration"),
        Box::new(serde_json::from_value(copy).unwrap()),
    );
    // Renamed: a party no record refers to, nothing else changed.
    let iaea: PartyId = "iaea".parse().unwrap();
    let mut party = new.parties.remove(&iaea).unwrap();
    let mut p = serde_json::to_value(&*party).unwrap();
    p["id"] = json!("international-atomic-energy-agency");
    *party = serde_json::from_value(p).unwrap();
    new.parties.insert(party.id.clone(), party);

    let diff = compare(&old, &new);
    let got: Vec<(RecordKind, &str, &str)> = diff
        .entries
        .iter()
        .map(|e| (e.kind, e.id.as_str(), e.change.word()))
        .collect();
    assert_eq!(
        got,
        [
            (RecordKind::Agreement, "a-new-collaboration", "added"),
            (
                RecordKind::Agreement,
                "eight-great-technologies-leaguer-fund",
                "changed"
            ),
            (
                RecordKind::Agreement,
                "nine-health-tsingdata-health-analytics",
                "removed"
            ),
            (
                RecordKind::Party,
                "international-atomic-energy-agency",
                "renamed"
            ),
        ]
    );
    assert_eq!(
        diff.entries[3].change,
        Change::Renamed {
            old_id: "iaea".into()
        }
    );
    let fields: Vec<(&str, Option<&serde_json::Value>, Option<&serde_json::Value>)> = diff.entries
        [1]
    .fields()
    .iter()
    .map(|f| (f.path.as_str(), f.old.as_ref(), f.new.as_ref()))
    .collect();
    assert_eq!(
        fields,
        [
            ("status", Some(&json!("signed")), Some(&json!("completed"))),
            (
                "value.amount",
                Some(&json!(5000000000u64)),
                Some(&json!(6000000000u64))
            ),
        ]
    );
    let s = diff.summary();
    assert_eq!((s.added, s.removed, s.renamed, s.changed), (1, 1, 1, 1));
    assert_eq!(s.unchanged, old.len() - 3);

    let human = render::human(&diff, "old", "new");
    assert!(human.contains("renamed  party/iaea → party/international-atomic-energy-agency"));
    assert!(human.contains("    status: signed → completed\n"));
    let markdown = render::markdown(&diff, "old", "new");
    assert!(markdown.contains("#### Changed (1)\n\n- `agreement/eight-great-technologies-leaguer-fund`\n  - `status`: `signed` → `completed`\n"));
    let document: serde_json::Value =
        serde_json::from_str(&render::json(&diff, "old", "new")).unwrap();
    assert_eq!(document["version"], 1);
    assert_eq!(document["summary"]["renamed"], 1);
    assert_eq!(document["records"][3]["old_id"], "iaea");
    assert_eq!(document["records"][1]["fields"][0]["path"], "status");
}

#[test]
fn a_rename_with_another_change_is_a_removal_and_an_addition() {
    let old = fixtures();
    let mut new = old.clone();
    let iaea: PartyId = "iaea".parse().unwrap();
    let mut party = new.parties.remove(&iaea).unwrap();
    let mut p = serde_json::to_value(&*party).unwrap();
    p["id"] = json!("atomic-agency");
    p["name"] = json!("Atomic agency");
    *party = serde_json::from_value(p).unwrap();
    new.parties.insert(party.id.clone(), party);
    let words: Vec<&str> = compare(&old, &new)
        .entries
        .iter()
        .map(|e| e.change.word())
        .collect();
    assert_eq!(words, ["added", "removed"]);
}

/// Rewriting a file in another syntax, with its keys in another order and
/// a number spelt otherwise, changes nothing the model holds.
#[test]
fn reformatting_a_file_is_no_change() {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures");
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&from, dir.path());
    let yaml = dir
        .path()
        .join("agreements/eight-great-technologies-leaguer-fund.yaml");
    let text = std::fs::read_to_string(&yaml).unwrap();
    let text = text.replace("amount: 5000000000", "amount: 5e9");
    assert!(text.contains("5e9"));
    // Move `summary` after `sources` (the last key) by rewriting as JSON
    // with sorted keys.
    let value: serde_json::Value = serde_json::to_value(
        accord_ingest::check_bytes(&yaml, text.as_bytes())
            .record
            .unwrap(),
    )
    .unwrap();
    std::fs::remove_file(&yaml).unwrap();
    std::fs::write(
        yaml.with_extension("json"),
        serde_json::to_string(&value).unwrap(),
    )
    .unwrap();
    let loaded = accord_ingest::load(&[dir.path()]);
    assert!(!loaded.has_errors());
    assert!(compare(&fixtures(), &loaded.dataset).is_empty());
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
