//! The flattening on the fixtures and on hand-written records, and each
//! format's writer on the result.

// Helpers outside `#[test]` functions unwrap too; a failure is a test failure.
#![allow(clippy::unwrap_used)]

use std::collections::HashSet;
use std::path::Path;

use accord_export::{Cell, TABLES, Table, flatten};
use accord_model::{Dataset, Record};

fn fixtures() -> Dataset {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let loaded = accord_ingest::load(&[root.join("fixtures")]);
    assert!(!loaded.has_errors(), "the fixtures load without errors");
    loaded.dataset
}

fn table<'t, 'a>(tables: &'t [Table<'a>], name: &str) -> &'t Table<'a> {
    tables.iter().find(|t| t.spec.name == name).unwrap()
}

/// The rows of `name` whose column `column` is `value`, as text.
fn rows_where(tables: &[Table<'_>], name: &str, column: &str, value: &str) -> Vec<Vec<String>> {
    let t = table(tables, name);
    let c = t.spec.position(column).unwrap();
    t.rows
        .iter()
        .filter(|r| r[c].text().as_deref() == Some(value))
        .map(|r| {
            r.iter()
                .map(|cell| cell.text().map(|t| t.into_owned()).unwrap_or_default())
                .collect()
        })
        .collect()
}

fn get(tables: &[Table<'_>], name: &str, row: &[String], column: &str) -> String {
    row[table(tables, name).spec.position(column).unwrap()].clone()
}

#[test]
fn every_row_fits_its_columns_and_keys_are_unique() {
    let data = fixtures();
    let tables = flatten(&data, |_| true);
    assert_eq!(tables.len(), TABLES.len());
    for t in &tables {
        let names: HashSet<&str> = t.spec.columns.iter().map(|c| c.name).collect();
        assert_eq!(
            names.len(),
            t.spec.columns.len(),
            "{}: repeated column",
            t.spec.name
        );
        for k in t
            .spec
            .key
            .iter()
            .chain(t.spec.references.iter().map(|r| &r.column))
        {
            assert!(
                names.contains(k),
                "{}: key column `{k}` is not a column",
                t.spec.name
            );
        }
        let key: Vec<usize> = t
            .spec
            .key
            .iter()
            .map(|k| t.spec.position(k).unwrap())
            .collect();
        let mut seen = HashSet::new();
        for row in &t.rows {
            assert_eq!(
                row.len(),
                t.spec.columns.len(),
                "{}: row length",
                t.spec.name
            );
            for (cell, column) in row.iter().zip(t.spec.columns) {
                assert!(
                    cell.fits(column.kind),
                    "{}.{}: {cell:?} is not {:?}",
                    t.spec.name,
                    column.name,
                    column.kind
                );
            }
            let k: Vec<String> = key
                .iter()
                .map(|&i| row[i].text().unwrap_or_default().into_owned())
                .collect();
            assert!(
                key.iter().all(|&i| row[i] != Cell::Null),
                "{}: empty key",
                t.spec.name
            );
            assert!(seen.insert(k.clone()), "{}: key {k:?} twice", t.spec.name);
        }
    }
    assert_eq!(
        table(&tables, "agreements").rows.len(),
        data.agreements.len()
    );
    assert_eq!(table(&tables, "parties").rows.len(), data.parties.len());
    assert_eq!(table(&tables, "people").rows.len(), data.people.len());
    assert_eq!(table(&tables, "sources").rows.len(), data.sources.len());
}

#[test]
fn fixture_values_land_in_their_columns() {
    let data = fixtures();
    let t = flatten(&data, |_| true);
    let jv = "elekta-sinopharm-radiotherapy-jv";

    // Participants: one row per role, the party's name beside its id.
    let parts = rows_where(&t, "participants", "agreement_id", jv);
    assert_eq!(parts.len(), 2);
    assert_eq!(
        get(&t, "participants", &parts[1], "party_id"),
        "sinopharm-group"
    );
    assert_eq!(get(&t, "participants", &parts[1], "role"), "partner");
    assert_eq!(get(&t, "participants", &parts[1], "role_label"), "Partner");
    assert_eq!(get(&t, "participants", &parts[1], "certainty"), "inferred");
    assert_eq!(
        get(&t, "participants", &parts[1], "as_named"),
        "Sinopharm International Trading Co., Ltd."
    );
    assert_eq!(
        get(&t, "participants", &parts[0], "agreement_title"),
        "Elekta–Sinopharm radiotherapy joint venture"
    );

    // Dates: as given, with the span's first and last day.
    let dates = rows_where(&t, "dates", "agreement_id", jv);
    let signed = dates.iter().find(|r| r[2] == "signed").unwrap();
    assert_eq!(get(&t, "dates", signed, "date"), "on or before 2023-03-14");
    assert_eq!(get(&t, "dates", signed, "date_start"), "");
    assert_eq!(get(&t, "dates", signed, "date_end"), "2023-03-14");
    let agreement = &rows_where(&t, "agreements", "agreement_id", jv)[0];
    // The key date is the signing, and sorts by its last possible day.
    assert_eq!(
        get(&t, "agreements", agreement, "key_date"),
        "on or before 2023-03-14"
    );
    assert_eq!(
        get(&t, "agreements", agreement, "key_date_end"),
        "2023-03-14"
    );

    // Sectors: each CRS level above, code and label.
    let sectors = rows_where(&t, "sectors", "agreement_id", jv);
    let radio = sectors.iter().find(|r| r[3] == "radiotherapy").unwrap();
    assert_eq!(get(&t, "sectors", radio, "accord_sector"), "true");
    assert_eq!(get(&t, "sectors", radio, "crs_group"), "120");
    assert_eq!(get(&t, "sectors", radio, "crs_group_label"), "Health");
    assert_eq!(get(&t, "sectors", radio, "crs_category").len(), 3);

    // The fund's value: one amounts row, counting in totals.
    let fund = rows_where(
        &t,
        "amounts",
        "agreement_id",
        "eight-great-technologies-leaguer-fund",
    );
    assert_eq!(fund.len(), 1);
    assert_eq!(get(&t, "amounts", &fund[0], "field"), "value");
    assert_eq!(get(&t, "amounts", &fund[0], "amount"), "5000000000");
    assert_eq!(get(&t, "amounts", &fund[0], "currency"), "CNY");
    assert_eq!(get(&t, "amounts", &fund[0], "counts_in_totals"), "true");

    // Marks: the JV's inferred roles, and Elekta's country from outside knowledge.
    let marks = rows_where(&t, "marks", "record_id", jv);
    let role = marks.iter().find(|r| r[3] == "/parties/1/role").unwrap();
    assert_eq!(get(&t, "marks", role, "value"), "partner");
    assert_eq!(get(&t, "marks", role, "basis"), "inferred");
    assert!(get(&t, "marks", role, "reasoning").contains("partners with Elekta"));
    let signed = marks.iter().find(|r| r[3] == "/dates/signed").unwrap();
    assert_eq!(
        get(&t, "marks", signed, "value"),
        r#"{"on_or_before":"2023-03-14"}"#
    );
    let elekta = rows_where(&t, "marks", "record_id", "elekta");
    let country = elekta.iter().find(|r| r[3] == "/country").unwrap();
    assert_eq!(get(&t, "marks", country, "value"), "SE");
    assert_eq!(get(&t, "marks", country, "basis"), "outside-knowledge");
    assert!(get(&t, "marks", country, "reference").starts_with("General knowledge"));
    let party = &rows_where(&t, "parties", "party_id", "elekta")[0];
    assert_eq!(
        get(&t, "parties", party, "country_certainty"),
        "outside-knowledge"
    );
    assert_eq!(get(&t, "parties", party, "subdivision"), "SE-AB");

    // Citations: one row per supported field.
    let cites = rows_where(&t, "citations", "record_id", jv);
    let dated: Vec<&Vec<String>> = cites.iter().filter(|r| r[3] == "/sources/1").collect();
    assert_eq!(dated.len(), 2);
    assert_eq!(
        get(&t, "citations", dated[0], "supports"),
        "dates.announced"
    );
    assert_eq!(get(&t, "citations", dated[1], "supports"), "dates.signed");
    assert_eq!(get(&t, "citations", dated[1], "support_n"), "1");
    let whole = cites.iter().find(|r| r[3] == "/sources/0").unwrap();
    assert_eq!(get(&t, "citations", whole, "supports"), "");
}

/// Records written by hand, as a recorder or an importer would.
fn hand_written() -> Dataset {
    let records: Vec<Record> = serde_json::from_value(serde_json::json!([
        {"party": {"id": "bank", "name": "A Bank", "kind": "state-owned-enterprise", "country": "CN",
                   "identifiers": [{"scheme": "lei", "id": "5493001KJTIIGC8Y1R12"}],
                   "owners": [{"party": "state", "share": "75.5", "since": "2001"}]}},
        {"party": {"id": "state", "name": "A State", "kind": "national-government", "country": "CN"}},
        {"party": {"id": "works", "name": "Public Works", "kind": "national-government", "country": "KE"}},
        {"source": {"id": "s", "title": "A report", "kind": "report", "url": "https://example.org/r"}},
        {"agreement": {
            "id": "loan", "title": "A loan", "kind": "loan", "status": "signed",
            "summary": "A loan for a road.",
            "parties": [
                {"party": "bank", "roles": ["lender", {"value": "guarantor", "inferred": "It also guarantees, by its report."}]},
                {"party": "works", "role": "borrower"}
            ],
            "sectors": ["21020"],
            "dates": {"signed": "2019-05-02", "effective": "2019"},
            "amounts": [
                {"kind": "committed", "amount": 1000000, "currency": "USD",
                 "equivalents": [{"amount": "1.2", "currency": "EUR", "source": "the dataset", "constant_prices": true}]},
                {"kind": "pledged", "amount": 5, "currency": "unknown", "qualifier": "approximately",
                 "left_out_of_totals": {"reason": "pledge"}}
            ],
            "sources": [{"source": "s", "supports": ["amounts"]}]
        }}
    ]))
    .unwrap();
    Dataset::from_records(records)
}

#[test]
fn hand_written_records_flatten_without_packing_cells() {
    let data = hand_written();
    let t = flatten(&data, |_| true);
    let roles = rows_where(&t, "participants", "party_id", "bank");
    assert_eq!(roles.len(), 2, "two roles, two rows");
    assert_eq!(get(&t, "participants", &roles[0], "role"), "lender");
    assert_eq!(get(&t, "participants", &roles[0], "certainty"), "stated");
    assert_eq!(get(&t, "participants", &roles[1], "role"), "guarantor");
    assert_eq!(get(&t, "participants", &roles[1], "role_n"), "1");
    assert_eq!(get(&t, "participants", &roles[1], "certainty"), "inferred");
    let marks = rows_where(&t, "marks", "record_id", "loan");
    assert_eq!(marks.len(), 1);
    assert_eq!(get(&t, "marks", &marks[0], "field"), "/parties/0/roles/1");

    let amounts = rows_where(&t, "amounts", "agreement_id", "loan");
    assert_eq!(amounts.len(), 2);
    assert_eq!(get(&t, "amounts", &amounts[0], "kind_label"), "committed");
    assert_eq!(
        get(&t, "amounts", &amounts[0], "currency_name"),
        "United States dollar"
    );
    assert_eq!(get(&t, "amounts", &amounts[1], "counts_in_totals"), "false");
    assert_eq!(get(&t, "amounts", &amounts[1], "left_out_reason"), "pledge");
    assert_eq!(
        get(&t, "amounts", &amounts[1], "qualifier"),
        "approximately"
    );
    assert_eq!(get(&t, "amounts", &amounts[1], "currency"), "unknown");
    let eq = rows_where(&t, "equivalents", "agreement_id", "loan");
    assert_eq!(eq.len(), 1);
    assert_eq!(get(&t, "equivalents", &eq[0], "amount_n"), "0");
    assert_eq!(get(&t, "equivalents", &eq[0], "amount"), "1.2");
    assert_eq!(get(&t, "equivalents", &eq[0], "constant_prices"), "true");

    let dates = rows_where(&t, "dates", "agreement_id", "loan");
    let effective = dates.iter().find(|r| r[2] == "effective").unwrap();
    assert_eq!(get(&t, "dates", effective, "date_start"), "2019-01-01");
    assert_eq!(get(&t, "dates", effective, "date_end"), "2019-12-31");

    let sector = &rows_where(&t, "sectors", "agreement_id", "loan")[0];
    assert_eq!(get(&t, "sectors", sector, "crs_purpose"), "21020");
    assert_eq!(get(&t, "sectors", sector, "crs_category"), "210");
    assert_eq!(get(&t, "sectors", sector, "crs_group"), "210");
    assert_eq!(get(&t, "sectors", sector, "accord_sector"), "false");

    let owners = rows_where(&t, "owners", "party_id", "bank");
    assert_eq!(get(&t, "owners", &owners[0], "owner_name"), "A State");
    assert_eq!(get(&t, "owners", &owners[0], "share_percent"), "75.5");
    assert_eq!(get(&t, "owners", &owners[0], "since_end"), "2001-12-31");
    let ids = rows_where(&t, "identifiers", "party_id", "bank");
    assert_eq!(
        get(&t, "identifiers", &ids[0], "identifier"),
        "5493001KJTIIGC8Y1R12"
    );
    assert_eq!(get(&t, "identifiers", &ids[0], "scheme"), "lei");

    // A filter keeps the agreement tables to what it accepts.
    let none = flatten(&data, |_| false);
    assert!(table(&none, "amounts").rows.is_empty());
    assert_eq!(table(&none, "parties").rows.len(), 3);
}

#[test]
fn the_documentation_page_lists_every_column() {
    let page = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/export.md");
    let text = std::fs::read_to_string(&page).unwrap_or_default();
    let generated = accord_export::docs::page_markdown();
    let (start, end) = ("<!-- tables: generated -->\n", "<!-- end of tables -->");
    if std::env::var_os("ACCORD_BLESS").is_some() {
        let (before, rest) = text.split_once(start).unwrap();
        let (_, after) = rest.split_once(end).unwrap();
        std::fs::write(&page, format!("{before}{start}{generated}{end}{after}")).unwrap();
        return;
    }
    assert!(
        text.contains(&format!("{start}{generated}{end}")),
        "docs/export.md is stale: run `ACCORD_BLESS=1 cargo test -p accord-export --test tables`"
    );
}

#[test]
fn sqlite_holds_every_row_with_its_keys_and_the_same_bytes_twice() {
    let data = fixtures();
    let tables = flatten(&data, |_| true);
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.sqlite"), dir.path().join("b.sqlite"));
    accord_export::sqlite::write(&tables, &a).unwrap();
    accord_export::sqlite::write(&tables, &b).unwrap();
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    let db = rusqlite::Connection::open(&a).unwrap();
    for t in &tables {
        let n: i64 = db
            .query_row(&format!("SELECT count(*) FROM {}", t.spec.name), [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(n as usize, t.rows.len(), "{}", t.spec.name);
    }
    let total: i64 = db
        .query_row(
            "SELECT sum(amount) FROM amounts_in_totals WHERE currency = 'CNY'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(total, 5_000_000_000);
    // A sum in an unknown currency counts in totals but is never added.
    let unknown: i64 = db
        .query_row(
            "SELECT count(*) FROM amounts_in_totals WHERE currency = 'unknown'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(unknown, 0);
    let about: String = db
        .query_row(
            "SELECT about FROM readme WHERE table_name = 'amounts' AND column_name = 'counts_in_totals'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(about.contains("out of totals"));
    let sql: String = db
        .query_row(
            "SELECT sql FROM sqlite_master WHERE name = 'participants'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(sql.contains("FOREIGN KEY (party_id) REFERENCES parties (party_id)"));
    assert!(sql.contains("-- The role (code, such as `lender`)."));
}

#[test]
fn xlsx_and_csv_are_the_same_bytes_twice_and_csv_quotes_per_rfc_4180() {
    let data = hand_written();
    let tables = flatten(&data, |_| true);
    let options = accord_export::xlsx::Options {
        created: 1_500_000_000,
    };
    let one = accord_export::xlsx::workbook(&tables, &options).unwrap();
    assert_eq!(
        one,
        accord_export::xlsx::workbook(&tables, &options).unwrap()
    );
    assert!(one.starts_with(b"PK"));
    let later = accord_export::xlsx::Options {
        created: 1_600_000_000,
    };
    assert_ne!(one, accord_export::xlsx::workbook(&tables, &later).unwrap());

    let files = accord_export::csv::files(&tables).unwrap();
    assert_eq!(files, accord_export::csv::files(&tables).unwrap());
    assert_eq!(files.len(), TABLES.len() + 1);
    let (_, agreements) = files.iter().find(|(n, _)| n == "agreements.csv").unwrap();
    let text = std::str::from_utf8(agreements).unwrap();
    assert!(text.starts_with("agreement_id,title,kind,kind_label,"));
    assert!(
        text.contains("\r\nloan,A loan,loan,Loan,signed,Signed,A loan for a road.,2019-05-02,")
    );
    let (_, marks) = files.iter().find(|(n, _)| n == "marks.csv").unwrap();
    // A comma in a cell is quoted.
    assert!(
        std::str::from_utf8(marks)
            .unwrap()
            .contains("\"It also guarantees, by its report.\"")
    );
}
