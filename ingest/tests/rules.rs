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

#[test]
fn project_dates_keep_their_own_order_and_may_be_scheduled() {
    // Building began before the loan was signed; the last repayment falls
    // due in 2038: neither is an error, as both are the project's dates.
    let text = agreement_with_dates("    signed: \"2016-03-01\"\n")
        + "  project_dates:\n    actual_start: \"2015-06\"\n    planned_completion: \"2019\"\n    \
           first_repayment: \"2021-12-14\"\n    final_repayment: \"2038-09-09\"\n";
    assert_eq!(codes("a.yaml", &text, "2026-01-01"), vec![]);
    // The project's own pairs are ordered, and what has happened is not
    // in the future.
    let text = agreement_with_dates("    signed: \"2016-03-01\"\n")
        + "  project_dates:\n    first_repayment: \"2039\"\n    final_repayment: \"2038-09-09\"\n    \
           actual_completion: \"2027\"\n";
    let found = codes("a.yaml", &text, "2026-01-01");
    assert_eq!(
        found.iter().map(|(c, _)| *c).collect::<Vec<_>>(),
        [Code::DateOrder, Code::FutureDate],
        "{found:?}"
    );
    assert!(found[0].1.contains("`final_repayment`"), "{found:?}");
    assert!(found[1].1.contains("`actual_completion`"), "{found:?}");
}

#[test]
fn amounts_terms_ids_and_areas_read_and_check() {
    let text = agreement_with_dates("    signed: \"2016\"\n")
        + "  areas: [\"001\", \"419\"]\n  value:\n    amount: 600000000\n    currency: CNY\n  \
           amounts:\n    - kind: committed\n      amount: 600000000\n      currency: CNY\n      \
           estimated: true\n      equivalents:\n        - amount: 90292542\n          currency: USD\n          \
           rate: \"0.1505\"\n          rate_date: \"2016\"\n          source: AidData GCDF 3.0, nominal USD\n    \
           - kind: adjusted\n      amount: 0\n      currency: CNY\n      left_out_of_totals:\n        \
           reason: rollover\n  terms:\n    interest_rate_percent: 0\n    maturity_years: \"21.75\"\n  \
           outside_ids:\n    - aiddata: 425\n    - iati: XM-DAC-41114-PROJECT-00089765\n  \
           outside_links:\n    - kind: part-of\n      id:\n        aiddata: 8\n  \
           places:\n    - country: BR\n      city: Fortaleza\n      precision: near\n";
    assert_eq!(codes("a.yaml", &text, "2026-01-01"), vec![]);
    for (bad, code) in [
        ("  outside_ids:\n    - iati: P123\n", Code::InvalidValue),
        ("  outside_ids:\n    - aiddata: -1\n", Code::InvalidValue),
        ("  areas: [\"999\"]\n", Code::UnknownValue),
        (
            "  amounts:\n    - kind: committed\n      amount: -1\n      currency: CNY\n",
            Code::NegativeFigure,
        ),
    ] {
        let text = agreement_with_dates("    signed: \"2016\"\n") + bad;
        let found = codes("a.yaml", &text, "2026-01-01");
        assert_eq!(
            found.iter().map(|(c, _)| *c).collect::<Vec<_>>(),
            [code],
            "{bad}: {found:?}"
        );
    }
}
