//! Record rules checked through `check_bytes`, one record at a time.

use std::path::Path;

use accord_ingest::{Code, LoadOptions};

fn codes(name: &str, text: &str, as_of: &str) -> Vec<(Code, String)> {
    let options = LoadOptions {
        as_of: Some(chrono::NaiveDate::parse_from_str(as_of, "%Y-%m-%d").expect("date")),
        ..LoadOptions::default()
    };
    accord_ingest::check_bytes_with(Path::new(name), text.as_bytes(), &options)
        .diagnostics
        .into_iter()
        .map(|d| (d.code, d.message))
        .collect()
}

fn agreement_with_dates(dates: &str) -> String {
    format!(
        "agreement:\n  id: a\n  title: T\n  kind: fund\n  status: signed\n  summary: S\n  parties:\n    \
         - party: p\n      role: founder\n    - party: q\n      role: founder\n  sectors: [investment-funds]\n  \
         sources:\n    - source: s\n  dates:\n{dates}"
    )
}

#[test]
fn scheduled_dates_may_lie_after_the_check_but_events_may_not() {
    // Signed in the past, in force and ending later: nothing to report.
    let scheduled = agreement_with_dates(
        "    signed: \"2025-06-01\"\n    effective: \"2026-03-01\"\n    ends: \"2038-12\"\n",
    );
    assert_eq!(codes("a.yaml", &scheduled, "2026-01-01"), vec![]);
    // A signing after the check's date is an error, naming the field.
    let future = agreement_with_dates("    signed: \"2026-02-01\"\n    ends: \"2038\"\n");
    let found = codes("a.yaml", &future, "2026-01-01");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, Code::FutureDate);
    assert!(found[0].1.contains("`signed`"), "{found:?}");
    // A target's deadline and an occasion under way are scheduled too.
    let occasion = "occasion:\n  id: o\n  name: Expo\n  kind: conference\n  date: \"2025-12-01\"\n  end: \"2026-02-01\"\n";
    let found = codes("o.yaml", occasion, "2026-01-01");
    assert!(
        found.iter().all(|(c, _)| *c != Code::FutureDate),
        "{found:?}"
    );
}

#[test]
fn a_long_loop_of_links_is_named_by_its_first_members_and_counted() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let n = 50;
    for i in 0..n {
        let next = (i + 1) % n;
        let text = agreement_with_dates("    signed: \"2020\"\n")
            .replace("id: a\n", &format!("id: loop-{i:02}\n"))
            + &format!("  links:\n    - kind: part-of\n      agreement: loop-{next:02}\n");
        std::fs::write(dir.path().join(format!("loop-{i:02}.yaml")), text).expect("write");
    }
    let loaded = accord_ingest::load(&[dir.path()]);
    let loops: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::LinkCycle)
        .collect();
    assert_eq!(loops.len(), 1, "{:?}", loaded.diagnostics);
    assert!(
        loops[0].message.contains("(50 in the loop)"),
        "{}",
        loops[0].message
    );
    assert!(
        loops[0].labels.len() < 10,
        "{} labels",
        loops[0].labels.len()
    );
}
