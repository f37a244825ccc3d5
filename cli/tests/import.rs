//! `accord import gcdf` on invented rows in GCDF 3.0's column layout
//! (`cli/tests/data/gcdf/`, written by `scripts/gcdf_rows.py`).

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{accord, text};
use rust_decimal::Decimal;

const PROJECTS: &str = "cli/tests/data/gcdf/projects.csv";
const PLACES: &str = "cli/tests/data/gcdf/adm1.csv";

fn out_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("import-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn import(out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["import", "gcdf", PROJECTS, "--places", PLACES, "-o"];
    let out = out.to_str().unwrap();
    args.push(out);
    args.extend_from_slice(extra);
    accord(&args)
}

/// Every file under `dir`, with its bytes, by relative path.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut map = BTreeMap::new();
    for sub in ["agreements", "parties", "sources"] {
        for e in std::fs::read_dir(dir.join(sub)).unwrap() {
            let e = e.unwrap();
            map.insert(
                format!("{sub}/{}", e.file_name().to_string_lossy()),
                std::fs::read(e.path()).unwrap(),
            );
        }
    }
    map
}

#[test]
fn imported_records_validate_and_are_the_same_each_time() {
    let a = out_dir("a");
    let out = import(&a, &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let summary = text(&out.stdout);
    assert!(summary.contains("imported 6 projects"), "{summary}");
    assert!(summary.contains("  Staff Comments ("), "{summary}");
    let check = accord(&["validate", "--deny-warnings", a.to_str().unwrap()]);
    assert!(check.status.success(), "{}", text(&check.stderr));
    let b = out_dir("b");
    assert!(import(&b, &[]).status.success());
    assert_eq!(files(&a), files(&b));
}

#[test]
fn mapping_keeps_what_the_rows_say() {
    let dir = out_dir("mapping");
    assert!(import(&dir, &[]).status.success());
    let read = |p: &str| -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(dir.join(p)).unwrap()).unwrap()
    };
    // The loan: terms, its parent, the lender and a party in two roles.
    let loan = &read("agreements/aiddata-900002.json")["agreement"];
    assert_eq!(loan["kind"], "commercial-loan");
    assert_eq!(loan["terms"]["interest_rate_percent"], 2);
    assert_eq!(loan["terms"]["maturity_years"], 20);
    assert_eq!(loan["outside_links"][0]["id"]["aiddata"], 900001);
    let ecuador = loan["parties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["party"] == "government-of-ecuador")
        .unwrap();
    assert_eq!(
        ecuador["roles"],
        serde_json::json!(["borrower", "implementing-agency"])
    );
    // Co-financed: the IDB and the IFC are international organisations
    // without a country.
    let ifc = &read("parties/international-finance-corporation.json")["party"];
    assert_eq!(ifc["kind"], "international-organisation");
    assert!(ifc.get("country").is_none());
    assert_eq!(ifc["aliases"][0]["name"], "IFC");
    let cofinanced = &read("agreements/aiddata-900003.json")["agreement"];
    // A private co-financier AidData gives no country for (`Other Private
    // Sector`) is a party of its kind without a country, and a participant
    // with its role; the notes no longer hold it.
    let lender = &read("parties/example-private-lender.json")["party"];
    assert_eq!(lender["kind"], "company");
    assert!(lender.get("country").is_none(), "{lender}");
    assert!(
        lender["description"]
            .as_str()
            .unwrap()
            .contains("no country"),
        "{lender}"
    );
    let participant = cofinanced["parties"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["party"] == "example-private-lender")
        .unwrap_or_else(|| panic!("{}", cofinanced["parties"]));
    assert_eq!(participant["role"], "co-financier");
    let notes = cofinanced["notes"].to_string();
    assert!(!notes.contains("Example Private Lender"), "{notes}");
    // Validation notes the country left out, and `list parties` says so.
    let check = accord(&["validate", dir.to_str().unwrap()]);
    assert!(check.status.success(), "{}", text(&check.stderr));
    assert!(
        text(&check.stderr)
            .contains("note[country-not-stated]: the party `example-private-lender`"),
        "{}",
        text(&check.stderr)
    );
    let listed = accord(&["list", "parties", dir.to_str().unwrap()]);
    assert!(
        text(&listed.stdout).contains("Example Private Lender (country not stated)"),
        "{}",
        text(&listed.stdout)
    );
    // The special-purpose company that borrows is of the recipient country,
    // marked as inferred.
    let spv = &read("parties/example-power-spv-s-a.json")["party"];
    assert_eq!(spv["kind"], "special-purpose-company");
    assert_eq!(spv["country"]["value"], "BR");
    assert!(spv["country"]["inferred"].is_string());
    // The estimated amount and date.
    assert_eq!(cofinanced["amounts"][0]["estimated"], true);
    assert_eq!(cofinanced["dates"]["signed"]["value"], "2018");
    assert!(
        cofinanced["dates"]["signed"]["inferred"]
            .as_str()
            .unwrap()
            .contains("estimate")
    );
    // The unidentified institution.
    let unspecified = &read("parties/unspecified-chinese-government-institution.json")["party"];
    assert_eq!(unspecified["kind"], "unidentified-organisation");
    // One source for http and https, with a space and a final slash.
    let src = &read("sources/src-example-org-news-grant.json")["source"];
    assert_eq!(src["url"], "https://example.org/news/grant");
    assert!(dir.join("sources/src-example-net-loan.json").exists());
    assert!(!dir.join("sources/src-example-net-loan-2.json").exists());
    // A `|` inside a title.
    let barred = &read("sources/src-example-org-a.json")["source"];
    assert_eq!(barred["title"], "Embassy news | Twitter");
    assert_eq!(
        read("sources/src-example-org-b.json")["source"]["title"],
        "Second title"
    );
    // Merged spellings: CHEC with and without its abbreviation.
    let chec = &read("parties/china-harbour-engineering-co-ltd.json")["party"];
    assert_eq!(chec["aliases"][0]["name"], "CHEC");
}

/// Totals per currency (committed, and adjusted on recommended rows), as
/// the CSV gives them, against the briefing's lines.
#[test]
fn briefing_totals_equal_the_csv_sums() {
    let dir = out_dir("totals");
    assert!(import(&dir, &[]).status.success());
    let html = dir.with_extension("html");
    let out = accord(&[
        "report",
        dir.to_str().unwrap(),
        "-o",
        html.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let page = std::fs::read_to_string(&html).unwrap();
    let mut reader = csv::Reader::from_path(common::root().join(PROJECTS)).unwrap();
    let headers = reader.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let (amount, adjusted, currency, recommended) = (
        col("Amount (Original Currency)"),
        col("Adjusted Amount (Original Currency)"),
        col("Original Currency"),
        col("Recommended For Aggregates"),
    );
    let mut committed: BTreeMap<String, Decimal> = BTreeMap::new();
    let mut aggregate: BTreeMap<String, Decimal> = BTreeMap::new();
    for row in reader.records() {
        let row = row.unwrap();
        let c = row[currency].to_owned();
        *committed.entry(c.clone()).or_default() += row[amount].parse::<Decimal>().unwrap();
        if &row[recommended] == "Yes" {
            *aggregate.entry(c).or_default() += row[adjusted].parse::<Decimal>().unwrap();
        }
    }
    let grouped = |d: Decimal| {
        let digits = d.normalize().trunc().to_string();
        let mut out = String::new();
        for (i, ch) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(ch);
        }
        out
    };
    for (kind, sums) in [("Committed", &committed), ("Adjusted", &aggregate)] {
        for (cur, sum) in sums {
            let line = format!("{kind}: {} {cur}, from", grouped(*sum));
            assert!(page.contains(&line), "missing `{line}`");
        }
    }
    // The swap rollover adjusted to zero counts as nothing; the row not
    // recommended is left out of the adjusted total, and the briefing says so.
    assert!(page.contains("Adjusted: 21,000,000 CNY, from 2 amounts"));
    assert!(!page.contains("Adjusted: 1,000,000 JMD"));
    assert!(page.contains("not recommended for totals by its dataset"));
}

#[test]
fn a_folder_that_holds_files_is_kept_without_force() {
    let dir = out_dir("force");
    assert!(import(&dir, &[]).status.success());
    let again = import(&dir, &[]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        text(&again.stderr).contains("--force"),
        "{}",
        text(&again.stderr)
    );
    assert!(import(&dir, &["--force"]).status.success());
    std::fs::write(dir.join("mine.txt"), "keep me").unwrap();
    let refused = import(&dir, &["--force"]);
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(dir.join("mine.txt")).unwrap(),
        "keep me"
    );
}

#[test]
fn a_bad_cell_is_a_diagnostic_at_its_row_and_column() {
    let csv = std::fs::read_to_string(common::root().join(PROJECTS)).unwrap();
    let bad = csv.replacen("21000000.0,CNY", "21 million,CNY", 1);
    let dir = out_dir("bad");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("projects.csv");
    std::fs::write(&path, format!("\u{feff}{bad}")).unwrap();
    let out = accord(&[
        "import",
        "gcdf",
        path.to_str().unwrap(),
        "-o",
        dir.join("out").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("error[invalid-value]"), "{err}");
    assert!(err.contains("`21 million`"), "{err}");
    assert!(err.contains("projects.csv:2:"), "{err}");
}

/// Project dates out of order (actual and planned completion before the
/// start, the last repayment before the first) are warnings at the row and
/// column; the record keeps one date of each pair, the other goes to the
/// notes, and the records validate.
#[test]
fn project_dates_out_of_order_are_warnings_and_the_records_validate() {
    let csv = std::fs::read_to_string(common::root().join(PROJECTS)).unwrap();
    // Row 900002: planned start 2017 after its planned completion, actual
    // completion before its actual start (2016-01-05), and the repayments
    // swapped.
    let swapped = csv
        .replacen(
            "No,,2016-01-05,,,,,",
            "No,2017-01-01,2016-01-05,,,2016-06-30,2015-06-30,",
            1,
        )
        .replacen("2021-03-10,2036-03-10", "2036-03-10,2021-03-10", 1);
    assert_ne!(swapped, csv, "the rows changed");
    let dir = out_dir("order");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("projects.csv");
    std::fs::write(&path, &swapped).unwrap();
    let out_path = dir.join("out");
    let out = accord(&[
        "import",
        "gcdf",
        path.to_str().unwrap(),
        "-o",
        out_path.to_str().unwrap(),
    ]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert_eq!(err.matches("warning[date-order]").count(), 3, "{err}");
    assert!(
        err.contains(
            "`Actual Completion Date (MM/DD/YYYY)` (2015-06-30) is before `Actual Implementation Start Date (MM/DD/YYYY)` (2016-01-05)"
        ),
        "{err}"
    );
    // The row of project 900002 is the CSV's third line.
    assert!(err.contains("projects.csv:3:"), "{err}");
    let check = accord(&["validate", "--deny-warnings", out_path.to_str().unwrap()]);
    assert!(check.status.success(), "{}", text(&check.stderr));
    let loan: serde_json::Value = serde_json::from_slice(
        &std::fs::read(out_path.join("agreements/aiddata-900002.json")).unwrap(),
    )
    .unwrap();
    let dates = &loan["agreement"]["project_dates"];
    // The start gives way to the completion; the repayments likewise.
    assert_eq!(dates["actual_completion"], "2015-06-30", "{dates}");
    assert!(dates.get("actual_start").is_none(), "{dates}");
    assert_eq!(dates["planned_completion"], "2016-06-30", "{dates}");
    assert!(dates.get("planned_start").is_none(), "{dates}");
    assert_eq!(dates["final_repayment"], "2021-03-10", "{dates}");
    assert!(dates.get("first_repayment").is_none(), "{dates}");
    let notes = loan["agreement"]["notes"].to_string();
    assert!(notes.contains("2016-01-05"), "{notes}");
    assert!(notes.contains("2017-01-01"), "{notes}");
    assert!(notes.contains("2036-03-10"), "{notes}");
}
