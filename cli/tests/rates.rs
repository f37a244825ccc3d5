//! `accord report --rates FILE` as a user runs it: tables as spreadsheets
//! save them, every field checked, only regular files of a bounded size,
//! and a table dated after the briefing said to be so.

#![allow(clippy::unwrap_used)]

mod common;

use std::path::PathBuf;

use common::{accord, folder, names, text};

/// Writes `body` as `rates.csv` in a fresh folder and runs the fixtures'
/// briefing with it, to standard output as HTML.
fn with_rates(name: &str, body: &[u8], more: &[&str]) -> std::process::Output {
    let dir = folder(name, &[]);
    let path = dir.join("rates.csv");
    std::fs::write(&path, body).unwrap();
    let mut args = vec![
        "report",
        "fixtures",
        "--rates",
        path.to_str().unwrap(),
        "--format",
        "html",
        "-o",
        "-",
    ];
    args.extend(more);
    accord(&args)
}

#[test]
fn a_table_saved_by_a_spreadsheet_converts_the_totals() {
    // Byte-order mark, CRLF, quoted cells, cells padded to the sheet's
    // width, spaces around values, small rates in scientific notation.
    let saved = "\u{feff}\"# label: Bank of England, daily spot rates\",\r\n\
                 # date: 2025-12-31,\r\n# target: GBP,\r\ncurrency,rate\r\n \"CNY\" , 1.046E-01 \r\n,\r\nUSD,\"0.7440\"\r\n";
    let out = with_rates("rates-spreadsheet", saved.as_bytes(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let page = text(&out.stdout);
    assert!(
        page.contains("Converted to GBP at the rates of 31 December 2025 (Bank of England, daily spot rates), for comparison only: 5,000,000,000 CNY ≈ 523,000,000 GBP"),
        "{}",
        &page[page.find("Converted").unwrap_or(0)..][..300]
    );
    // The field report's file, as saved.
    let report = common::root()
        .parent()
        .unwrap()
        .join("shared/field-reports/rates-with-bom/rates-excel-bom.csv");
    if let Ok(bytes) = std::fs::read(&report) {
        let out = with_rates("rates-field-report", &bytes, &[]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    }
}

#[test]
fn every_problem_of_a_table_is_named_with_its_line_and_column_and_nothing_is_written() {
    let dir = folder("rates-broken-out", &[]);
    let out_file = dir.join("b.html");
    let table = "# label: Rates\n# date: 2025-12-31\n# target: unknown\ncurrency,rate\n\
                 CNY,inf\nUSD,0.74\nUSD,0.75\nEUR,-1\nJPY,\nRMB,0.1\nCHF,1e99999999999\nGBP;0,8\n";
    let rates = folder("rates-broken", &[("rates.csv", table)]).join("rates.csv");
    let out = accord(&[
        "report",
        "fixtures",
        "--rates",
        rates.to_str().unwrap(),
        "-o",
        out_file.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    let shown = rates.display().to_string();
    let heads: Vec<String> = stderr
        .lines()
        .filter(|l| !l.starts_with("  = hint: "))
        .map(|l| l.replace(&shown, "rates.csv"))
        .collect();
    assert_eq!(
        heads,
        [
            "accord: --rates: the rate table has 8 problems",
            "rates.csv:3: the target `unknown` is not a currency that can be converted",
            "rates.csv:5: column 2 (rate): `inf` is not a finite number",
            "rates.csv:7: column 1 (currency): `USD` is listed twice (first on line 6)",
            "rates.csv:8: column 2 (rate): the rate -1 is below zero",
            "rates.csv:9: column 2 (rate): the rate is empty",
            "rates.csv:10: column 1 (currency): `RMB` is not an ISO 4217 currency code",
            "rates.csv:11: column 2 (rate): `1e99999999999` is not a number that can be used as a rate",
            "rates.csv:12: the fields are separated by `;`, not commas",
        ]
    );
    assert!(stderr.contains("= hint: write `CNY`, the ISO 4217 code of what `RMB` names"));
    assert!(names(&dir).is_empty());
}

#[test]
fn a_rate_too_large_to_be_a_rate_is_refused_before_any_arithmetic() {
    // The field report: a rate of Decimal::MAX used to overflow the
    // multiplication of the totals.
    let out = with_rates(
        "rates-overflow",
        b"# label: Big rate\n# date: 2025-12-31\n# target: USD\ncurrency,rate\nCNY,79228162514264337593543950335\n",
        &[],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(
        text(&out.stderr).contains(
            ":5: column 2 (rate): the rate 79228162514264337593543950335 is out of the range of exchange rates"
        ),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn only_a_regular_file_of_bounded_size_is_read() {
    let dir = folder("rates-special", &[]);
    // A folder, and a file one byte over the limit.
    let out = accord(&[
        "report",
        "fixtures",
        "--rates",
        dir.to_str().unwrap(),
        "-o",
        "-",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("is not a regular file"),
        "{}",
        text(&out.stderr)
    );
    let big = dir.join("big.csv");
    std::fs::write(&big, vec![b'#'; 1024 * 1024 + 1]).unwrap();
    let out = accord(&[
        "report",
        "fixtures",
        "--rates",
        big.to_str().unwrap(),
        "-o",
        "-",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("is larger than 1048576 bytes"),
        "{}",
        text(&out.stderr)
    );
    // A pipe would block a reader until a writer came: it is refused
    // without being opened (the test would hang otherwise).
    #[cfg(unix)]
    {
        let fifo = dir.join("fifo.csv");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            let out = accord(&[
                "report",
                "fixtures",
                "--rates",
                fifo.to_str().unwrap(),
                "-o",
                "-",
            ]);
            assert_eq!(out.status.code(), Some(2));
            assert!(text(&out.stderr).contains("is not a regular file"));
        }
    }
}

#[test]
fn a_table_dated_after_the_briefing_says_so_on_stderr_and_in_the_briefing() {
    let table = b"# label: Spot rates\n# date: 2025-12-31\n# target: GBP\nCNY,0.1046\n";
    let out = with_rates(
        "rates-later",
        table,
        &["--as-of", "2018-12-31", "--until", "2018"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains(
            "warning: --rates: the table is dated 2025-12-31, after the briefing's date (2018-12-31); the briefing says so beside the converted totals"
        ),
        "{}",
        text(&out.stderr)
    );
    assert!(text(&out.stdout).contains(
        "The rates are dated 31 December 2025, after this briefing&#39;s date (31 December 2018)."
    ),);
    // A table of the briefing's date or before draws no remark.
    let on_time = with_rates(
        "rates-on-time",
        b"# label: Spot rates\n# date: 2018-12-31\n# target: GBP\nCNY,0.1046\n",
        &["--as-of", "2018-12-31", "--until", "2018"],
    );
    assert_eq!(on_time.status.code(), Some(0), "{}", text(&on_time.stderr));
    assert!(!text(&on_time.stderr).contains("warning: --rates"));
    assert!(!text(&on_time.stdout).contains("after this briefing"));
}

#[test]
fn fuzz_regressions_and_seeds_are_read_without_a_crash() {
    let mut inputs: Vec<PathBuf> = Vec::new();
    for dir in ["cli/tests/fuzz-regressions", "fuzz/seeds/rates"] {
        for entry in std::fs::read_dir(common::root().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "md") {
                inputs.push(path);
            }
        }
    }
    assert!(inputs.len() >= 2, "{inputs:?}");
    for input in inputs {
        let out = common::accord(&[
            "report",
            "fixtures",
            "--rates",
            input.to_str().unwrap(),
            "-o",
            "-",
            "--format",
            "html",
        ]);
        // A table is read or refused (exit 2), never a crash (101).
        assert!(
            matches!(out.status.code(), Some(0 | 2)),
            "{}: {:?}\n{}",
            input.display(),
            out.status,
            common::text(&out.stderr)
        );
    }
}
