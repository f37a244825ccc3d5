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
    map.insert(
        ".accord-import".to_owned(),
        std::fs::read(dir.join(".accord-import")).unwrap(),
    );
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

/// The sample rows, to change cells by project and column and write again.
struct Sample {
    headers: csv::StringRecord,
    rows: Vec<Vec<String>>,
}

impl Sample {
    fn read() -> Sample {
        let mut reader = csv::Reader::from_path(common::root().join(PROJECTS)).unwrap();
        let headers = reader.headers().unwrap().clone();
        let rows = reader
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect();
        Sample { headers, rows }
    }

    /// Sets the cell of project `id` in `column`.
    fn set(&mut self, id: &str, column: &str, value: &str) -> &mut Self {
        let col = self
            .headers
            .iter()
            .position(|h| h == column)
            .unwrap_or_else(|| panic!("no column {column}"));
        let row = self
            .rows
            .iter_mut()
            .find(|r| r[0] == id)
            .unwrap_or_else(|| panic!("no project {id}"));
        row[col] = value.to_owned();
        self
    }

    /// Writes the rows to `dir/projects.csv`.
    fn write(&self, dir: &Path) -> PathBuf {
        std::fs::create_dir_all(dir).unwrap();
        let path = dir.join("projects.csv");
        let mut w = csv::Writer::from_path(&path).unwrap();
        w.write_record(&self.headers).unwrap();
        for r in &self.rows {
            w.write_record(r).unwrap();
        }
        w.flush().unwrap();
        path
    }
}

/// Imports `projects` (and `places`) into `dir/out`.
fn import_from(projects: &Path, places: Option<&Path>, dir: &Path) -> std::process::Output {
    let out = dir.join("out");
    let mut args = vec!["import", "gcdf", projects.to_str().unwrap()];
    if let Some(p) = places {
        args.extend(["--places", p.to_str().unwrap()]);
    }
    args.extend(["-o", out.to_str().unwrap()]);
    accord(&args)
}

fn json(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn validates(dir: &Path) {
    let check = accord(&["validate", "--deny-warnings", dir.to_str().unwrap()]);
    assert!(check.status.success(), "{}", text(&check.stderr));
}

/// A `Recipient` naming another country than its code is a warning at the
/// name (the code's country kept, the name in the notes); a blank code
/// takes the name's country, marked as the importer's inference.
#[test]
fn recipient_names_are_checked_against_their_codes() {
    let dir = out_dir("recipient");
    let path = Sample::read()
        .set("900006", "Recipient ISO-3", "SLE")
        .set("900002", "Recipient ISO-3", "")
        .write(&dir);
    let out = import_from(&path, None, &dir);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("warning[invalid-value]: `Recipient` is `El Salvador` (El Salvador), but `Recipient ISO-3` is `SLE` (Sierra Leone)"),
        "{err}"
    );
    // Project 900006 is the CSV's seventh line; 900002 its third.
    assert!(err.contains("projects.csv:7:"), "{err}");
    assert!(
        err.contains(
            "warning[missing-field]: `Recipient ISO-3` is empty; `Recipient` is `Ecuador`"
        ),
        "{err}"
    );
    assert!(err.contains("projects.csv:3:"), "{err}");
    // The other rows' names agree with their codes: no other warning.
    let warned = err
        .lines()
        .filter(|l| l.starts_with("warning") && l.contains("`Recipient"))
        .count();
    assert_eq!(warned, 2, "{err}");
    let out_dir = dir.join("out");
    let mismatch = &json(&out_dir.join("agreements/aiddata-900006.json"))["agreement"];
    assert_eq!(mismatch["places"][0]["country"], "SL", "{mismatch}");
    assert!(mismatch["notes"].to_string().contains("El Salvador"));
    let blank = &json(&out_dir.join("agreements/aiddata-900002.json"))["agreement"];
    let place = blank["places"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["value"]["country"] == "EC")
        .unwrap_or_else(|| panic!("{}", blank["places"]));
    assert!(
        place["inferred"].as_str().unwrap().contains("`Recipient`"),
        "{place}"
    );
    // The government typed `Recipient …` is of that country, and says why.
    let government = &json(&out_dir.join("parties/government-of-ecuador.json"))["party"];
    assert_eq!(government["country"]["value"], "EC", "{government}");
    assert!(
        government["country"]["inferred"]
            .as_str()
            .unwrap()
            .contains("`Recipient ISO-3` being blank"),
        "{government}"
    );
    validates(&out_dir);
}

/// `China Eximbank` alone is the party `Export-Import Bank of China (China
/// Eximbank)` names, whichever row comes first; a parenthesis that is not a
/// short form of the name, and a short form two names share, merge nothing.
#[test]
fn short_forms_merge_with_their_full_names_and_nothing_else() {
    for (case, bare_in) in [("after", "900004"), ("before", "900001")] {
        let dir = out_dir(&format!("short-{case}"));
        let path = Sample::read()
            .set(bare_in, "Funding Agencies", "China Eximbank")
            .set(bare_in, "Funding Agencies Type", "State-owned Policy Bank")
            .write(&dir);
        let out = import_from(&path, None, &dir);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let parties = dir.join("out/parties");
        assert!(!parties.join("china-eximbank.json").exists(), "{case}");
        let exim = &json(&parties.join("export-import-bank-of-china.json"))["party"];
        assert_eq!(exim["name"], "Export-Import Bank of China", "{case}");
        assert_eq!(exim["aliases"][0]["name"], "China Eximbank", "{case}");
        assert_eq!(exim["kind"], "development-bank", "{case}");
        let projects = exim["description"].as_str().unwrap();
        assert!(projects.contains("900002"), "{case}: {projects}");
        assert!(projects.contains(bare_in), "{case}: {projects}");
    }
    let dir = out_dir("short-false");
    let path = Sample::read()
        // A country in parentheses is not another name of the body.
        .set("900004", "Funding Agencies", "Ministry of Finance (Ghana)")
        .set("900006", "Funding Agencies", "Ministry of Finance (Togo)")
        // `PBC` is short for two names: a bare `PBC` is neither.
        .set(
            "900001",
            "Implementing Agencies",
            "Pacific Bulk Carriers (PBC)",
        )
        .set("900006", "Implementing Agencies", "PBC")
        .set(
            "900006",
            "Implementing Agencies Type",
            "Chinese State-owned Company",
        )
        .write(&dir);
    let out = import_from(&path, None, &dir);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let parties = dir.join("out/parties");
    for file in [
        "ministry-of-finance-ghana.json",
        "ministry-of-finance-togo.json",
        "pbc.json",
        "pacific-bulk-carriers.json",
        "peoples-bank-of-china.json",
    ] {
        assert!(parties.join(file).exists(), "{file}");
    }
    assert!(!parties.join("ministry-of-finance.json").exists());
    let ghana = &json(&parties.join("ministry-of-finance-ghana.json"))["party"];
    assert_eq!(ghana["name"], "Ministry of Finance (Ghana)");
    assert!(ghana.get("aliases").is_none(), "{ghana}");
    validates(&dir.join("out"));
}

/// Fewer types than agencies: a warning at the types' cell, and the agency
/// left without a type does not take the first one's.
#[test]
fn fewer_types_than_agencies_leave_the_rest_without_a_type() {
    let dir = out_dir("fewer-types");
    let path = Sample::read()
        .set(
            "900004",
            "Funding Agencies",
            "Unspecified Chinese Government Institution|Example Works Ltd",
        )
        .write(&dir);
    let out = import_from(&path, None, &dir);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("warning[invalid-value]: `Funding Agencies Type` lists 1 type for 2 agencies in `Funding Agencies`"),
        "{err}"
    );
    assert!(err.contains("projects.csv:5:"), "{err}");
    let works = &json(&dir.join("out/parties/example-works-ltd.json"))["party"];
    assert_eq!(works["kind"], "company", "{works}");
    assert!(
        works["description"]
            .as_str()
            .unwrap()
            .contains("AidData gives no type for it"),
        "{works}"
    );
    assert!(
        text(&out.stdout)
            .contains("(no type) → company, the importer's fallback: Example Works Ltd"),
        "{}",
        text(&out.stdout)
    );
}

/// Agency types that name no kind: a bank by its name, the nearest kind for
/// a public body, the fallback said at the cell and in the summary, and an
/// SOE a state-owned enterprise.
#[test]
fn agency_types_without_a_kind_are_said_and_banks_are_banks() {
    let dir = out_dir("types");
    let path = Sample::read()
        .set(
            "900003",
            "Co-financing Agencies",
            "Standard Example Bank PLC|Example Public Body|Example Unknown Body|Example Recipient Works",
        )
        .set(
            "900003",
            "Co-financing Agencies Type",
            "Other Private Sector|Other Public Sector|Unknown Type|Recipient SOE",
        )
        .write(&dir);
    let out = import_from(&path, None, &dir);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("warning[unknown-value]: the agency type `Unknown Type` of `Example Unknown Body` names no kind of organisation"),
        "{err}"
    );
    assert!(err.contains("projects.csv:4:"), "{err}");
    let party = |id: &str| json(&dir.join(format!("out/parties/{id}.json")))["party"].clone();
    assert_eq!(
        party("standard-example-bank-plc")["kind"],
        "commercial-bank"
    );
    let public = party("example-public-body");
    assert_eq!(public["kind"], "national-government");
    assert!(public["description"].as_str().unwrap().contains("nearest"));
    let unknown = party("example-unknown-body");
    assert_eq!(unknown["kind"], "company");
    assert!(
        unknown["description"]
            .as_str()
            .unwrap()
            .contains("fallback")
    );
    assert_eq!(
        party("example-recipient-works")["kind"],
        "state-owned-enterprise"
    );
    let summary = text(&out.stdout);
    for line in [
        "`Other Private Sector` → commercial-bank, by the name: Standard Example Bank PLC",
        "`Other Public Sector` → national-government, the nearest kind: Example Public Body",
        "`Unknown Type` → company, the importer's fallback: Example Unknown Body",
    ] {
        assert!(summary.contains(line), "missing `{line}` in {summary}");
    }
    validates(&dir.join("out"));
}

/// Suspended is recorded as signed, AidData's word in the notes and the
/// summary; an unreadable commitment date falls back to the year, marked;
/// a blank sector code is an error naming the cell and what to write.
#[test]
fn suspended_unreadable_dates_and_blank_sectors() {
    let dir = out_dir("status-date-sector");
    let path = Sample::read()
        .set("900001", "Status", "Suspended")
        .set("900002", "Commitment Date (MM/DD/YYYY)", "2016-02-30")
        .set("900004", "Sector Code", "")
        .write(&dir);
    let out = import_from(&path, None, &dir);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let agreement = |id: &str| {
        json(&dir.join(format!("out/agreements/aiddata-{id}.json")))["agreement"].clone()
    };
    let suspended = agreement("900001");
    assert_eq!(suspended["status"], "signed");
    assert!(suspended["notes"].to_string().contains("Status: Suspended"));
    assert!(text(&out.stdout).contains("Suspended → signed (1 project)"));
    assert!(
        err.contains(
            "warning[invalid-value]: `Commitment Date (MM/DD/YYYY)` is `2016-02-30`, not a date"
        ),
        "{err}"
    );
    assert!(
        err.contains("the record keeps the year 2016 from `Commitment Year`"),
        "{err}"
    );
    let signed = &agreement("900002")["dates"]["signed"];
    assert_eq!(signed["value"], "2016", "{signed}");
    assert!(signed["inferred"].as_str().unwrap().contains("2016-02-30"));
    assert!(
        err.contains("error[missing-field]: the project `900004` has no `Sector Code`"),
        "{err}"
    );
    assert!(
        err.contains("write the project's OECD DAC CRS purpose code in `Sector Code`"),
        "{err}"
    );
    // The empty cell is shown by the commas around it, on the row's line.
    let line = err
        .lines()
        .skip_while(|l| !l.contains("has no `Sector Code`"))
        .find(|l| l.contains("projects.csv:"))
        .unwrap();
    assert!(line.contains("projects.csv:5:"), "{line}");
    let caret = err
        .lines()
        .skip_while(|l| !l.contains("has no `Sector Code`"))
        .find(|l| l.contains('^'))
        .unwrap();
    assert_eq!(caret.matches('^').count(), 2, "{err}");
}

/// A places row naming no project of the table, a repeated row and a row
/// without a name are warnings at the row, and left out.
#[test]
fn places_rows_that_name_no_project_or_repeat_are_warned() {
    let dir = out_dir("places");
    std::fs::create_dir_all(&dir).unwrap();
    let mut places = std::fs::read_to_string(common::root().join(PLACES)).unwrap();
    places.push_str("123456,X9,JAM,Saint Ann,1.0,1.0,,,-77.2,18.3\n");
    places.push_str("900001,X1,JAM,Saint Andrew,1.0,1.0,,,-76.7,18.0\n");
    places.push_str("900002,X3,ECU,,1.0,1.0,,,-79.8,-2.1\n");
    let places_path = dir.join("adm1.csv");
    std::fs::write(&places_path, places).unwrap();
    let out = import_from(&common::root().join(PROJECTS), Some(&places_path), &dir);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("warning[dangling-reference]: the places table names the project `123456`, which the project table does not have"),
        "{err}"
    );
    assert!(err.contains("adm1.csv:4:"), "{err}");
    assert!(
        err.contains("warning[repeated-entry]: the place of the project `900001` repeats line 2"),
        "{err}"
    );
    assert!(err.contains("adm1.csv:5:"), "{err}");
    assert!(
        err.contains(
            "warning[missing-field]: the place of the project `900002` has no `shapeName`"
        ),
        "{err}"
    );
    let grant = &json(&dir.join("out/agreements/aiddata-900001.json"))["agreement"];
    assert_eq!(grant["places"].as_array().unwrap().len(), 1, "{grant}");
    assert_eq!(
        grant["notes"].to_string().matches("Saint Andrew").count(),
        1,
        "{grant}"
    );
    validates(&dir.join("out"));
}

/// AidData's constant-dollar equivalents say their basis: 2021 prices.
#[test]
fn constant_dollar_equivalents_carry_their_price_year() {
    let dir = out_dir("equivalents");
    assert!(import(&dir, &[]).status.success());
    let loan = &json(&dir.join("agreements/aiddata-900002.json"))["agreement"];
    let equivalents = loan["amounts"][0]["equivalents"].as_array().unwrap();
    let constant = equivalents
        .iter()
        .find(|e| e["constant_prices"] == true)
        .unwrap();
    assert_eq!(constant["rate_date"], "2021", "{constant}");
    assert!(
        constant["source"]
            .as_str()
            .unwrap()
            .contains("(Constant USD 2021): deflated to 2021 prices")
    );
}

/// `--force` replaces only the files an earlier import wrote, unchanged: a
/// file or folder of the user's inside the record folders, an edited
/// record, or a folder no import wrote is refused and left as it was.
#[test]
fn force_never_removes_what_the_import_did_not_write() {
    let dir = out_dir("force-manifest");
    assert!(import(&dir, &[]).status.success());
    let manifest = std::fs::read_to_string(dir.join(".accord-import")).unwrap();
    assert!(
        manifest.contains("  agreements/aiddata-900001.json\n"),
        "{manifest}"
    );
    assert!(import(&dir, &["--force"]).status.success());
    // A file and a folder of the user's among the records.
    std::fs::write(dir.join("agreements/mine.json"), "{}").unwrap();
    std::fs::create_dir(dir.join("agreements/extra")).unwrap();
    std::fs::write(dir.join("agreements/extra/notes.txt"), "keep").unwrap();
    let refused = import(&dir, &["--force"]);
    assert_eq!(refused.status.code(), Some(2));
    let err = text(&refused.stderr);
    assert!(err.contains("`agreements/mine.json`"), "{err}");
    assert!(err.contains("`agreements/extra`"), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.join("agreements/extra/notes.txt")).unwrap(),
        "keep"
    );
    assert!(dir.join("agreements/mine.json").exists());
    std::fs::remove_file(dir.join("agreements/mine.json")).unwrap();
    std::fs::remove_dir_all(dir.join("agreements/extra")).unwrap();
    // A record edited since the import.
    let edited = dir.join("parties/government-of-jamaica.json");
    let mut body = std::fs::read_to_string(&edited).unwrap();
    body.push(' ');
    std::fs::write(&edited, &body).unwrap();
    let refused = import(&dir, &["--force"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        text(&refused.stderr)
            .contains("`parties/government-of-jamaica.json` (changed since the import)"),
        "{}",
        text(&refused.stderr)
    );
    assert_eq!(std::fs::read_to_string(&edited).unwrap(), body);
    // A folder shaped like an import but without its list of files.
    let other = out_dir("force-no-manifest");
    std::fs::create_dir_all(other.join("agreements")).unwrap();
    std::fs::write(other.join("agreements/mine.json"), "{}").unwrap();
    let refused = import(&other, &["--force"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(text(&refused.stderr).contains(".accord-import"));
    assert!(other.join("agreements/mine.json").exists());
    // No temporary folder is left beside the outputs.
    let parent = dir.parent().unwrap();
    let left: Vec<String> = common::names(parent)
        .into_iter()
        .filter(|n| n.starts_with(".accord-import"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// A table with its header and no row imports nothing: exit 2, no folder.
#[test]
fn a_table_without_rows_writes_nothing() {
    let dir = out_dir("header-only");
    std::fs::create_dir_all(&dir).unwrap();
    let csv = std::fs::read_to_string(common::root().join(PROJECTS)).unwrap();
    let header = csv.lines().next().unwrap();
    let path = dir.join("projects.csv");
    std::fs::write(&path, format!("{header}\n")).unwrap();
    let out = import_from(&path, None, &dir);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stdout));
    assert!(text(&out.stderr).contains("no project was imported"));
    assert!(!dir.join("out").exists());
}

/// An interrupt while the records are being written removes the temporary
/// folder and leaves the earlier import as it was.
#[test]
fn an_interrupt_leaves_no_temporary_folder() {
    use std::os::unix::process::ExitStatusExt;
    let dir = out_dir("interrupt");
    std::fs::create_dir_all(&dir).unwrap();
    // Enough rows that writing them takes a while.
    let mut sample = Sample::read();
    let base = sample.rows.clone();
    sample.rows = (0..3000)
        .map(|i| {
            let mut r = base[i % base.len()].clone();
            r[0] = (100_000 + i).to_string();
            r[2] = String::new();
            r
        })
        .collect();
    let path = sample.write(&dir);
    let out = dir.join("out");
    assert!(import(&out, &[]).status.success());
    let before = files(&out);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_accord"))
        .args(["import", "gcdf", path.to_str().unwrap(), "--force", "-o"])
        .arg(&out)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let staging = || {
        common::names(&dir)
            .into_iter()
            .any(|n| n.starts_with(".accord-import-"))
    };
    let start = std::time::Instant::now();
    while !staging() {
        assert!(child.try_wait().unwrap().is_none(), "ended before writing");
        assert!(start.elapsed().as_secs() < 30, "no temporary folder");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.signal(), Some(15), "{status:?}");
    let left: Vec<String> = common::names(&dir)
        .into_iter()
        .filter(|n| n.starts_with(".accord-import"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    assert_eq!(files(&out), before);
}
