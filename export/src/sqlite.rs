//! SQLite with `rusqlite` (SQLite compiled in): one table per table of
//! [`TABLES`], with primary and foreign keys, an index on every other
//! reference, views for the usual joins, and a `readme` table describing
//! every column (each `CREATE TABLE` also carries the descriptions as SQL
//! comments, which SQLite keeps in `sqlite_master`).

use std::fmt::Write as _;
use std::path::Path;

use rusqlite::{Connection, params_from_iter, types::Value};

use crate::{Cell, Error, Kind, TABLES, Table, TableSpec};

/// The views [`write()`] creates, with what each is for: name, about, SQL.
pub const VIEWS: &[(&str, &str, &str)] = &[
    (
        "participant_parties",
        "Each participant row with its party's kind and home country.",
        "SELECT p.*, pa.kind AS party_kind, pa.kind_label AS party_kind_label, \
         pa.country AS party_country, pa.country_name AS party_country_name \
         FROM participants p JOIN parties pa ON pa.party_id = p.party_id",
    ),
    (
        "amounts_in_totals",
        "The sums briefings total, per currency and kind (a `value` has none): those counting in totals, in a known currency; with the agreement's kind, status and key date. Never add sums of different kinds (committed and disbursed) or currencies.",
        "SELECT m.*, a.kind AS agreement_kind, a.status AS agreement_status, \
         a.key_date, a.key_date_start, a.key_date_end \
         FROM amounts m JOIN agreements a ON a.agreement_id = m.agreement_id \
         WHERE m.counts_in_totals = 1 AND m.currency <> 'unknown'",
    ),
    (
        "agreement_sectors",
        "Each sector row with the agreement's kind, status and key date.",
        "SELECT s.*, a.kind AS agreement_kind, a.status AS agreement_status, \
         a.key_date, a.key_date_start, a.key_date_end \
         FROM sectors s JOIN agreements a ON a.agreement_id = s.agreement_id",
    ),
    (
        "agreement_countries",
        "Each agreement with each distinct home country of its parties.",
        "SELECT DISTINCT p.agreement_id, p.agreement_title, pa.country, pa.country_name \
         FROM participants p JOIN parties pa ON pa.party_id = p.party_id \
         WHERE pa.country IS NOT NULL",
    ),
];

/// The SQL type of a column kind: text for codes, labels and dates
/// (ISO 8601 sorts as text), `NUMERIC` for decimals (whole numbers stay
/// exact integers, others are stored as doubles), `INTEGER` for whole
/// numbers and Booleans (1, 0).
fn sql_type(kind: Kind) -> &'static str {
    match kind {
        Kind::Integer | Kind::Boolean => "INTEGER",
        Kind::Decimal => "NUMERIC",
        Kind::Text | Kind::Day | Kind::Given | Kind::Url => "TEXT",
    }
}

/// The `CREATE TABLE` statement of one table, with each column's meaning
/// as a comment.
pub fn create_table(spec: &TableSpec) -> String {
    let mut sql = format!("CREATE TABLE {} ( -- {}\n", spec.name, one_line(spec.about));
    for column in spec.columns {
        let not_null = if spec.key.contains(&column.name) {
            " NOT NULL"
        } else {
            ""
        };
        let _ = writeln!(
            sql,
            "  {} {}{not_null}, -- {}",
            column.name,
            sql_type(column.kind),
            one_line(column.about)
        );
    }
    let _ = write!(sql, "  PRIMARY KEY ({})", spec.key.join(", "));
    for r in spec.references {
        let _ = write!(
            sql,
            ",\n  FOREIGN KEY ({}) REFERENCES {} ({})",
            r.column, r.table, r.target
        );
    }
    sql.push_str("\n)");
    sql
}

fn one_line(text: &str) -> String {
    text.replace('\n', " ")
}

/// Writes the tables into a new SQLite file at `path`, which must not
/// exist yet (a temporary file the caller then moves into place). The
/// file's bytes depend only on the tables and the SQLite version bundled.
pub fn write(tables: &[Table<'_>], path: &Path) -> Result<(), Error> {
    let fail = |e: rusqlite::Error| Error(format!("cannot write the SQLite file: {e}"));
    let mut db = Connection::open(path).map_err(fail)?;
    // One writer, a file nobody else sees until it is complete: no journal
    // and no syncing (the caller syncs the finished file).
    db.execute_batch(
        "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF;",
    )
    .map_err(fail)?;
    let tx = db.transaction().map_err(fail)?;
    tx.execute_batch(
        "CREATE TABLE readme ( -- What every table and column of this file holds.\n\
           table_name TEXT NOT NULL, -- The table.\n\
           position INTEGER NOT NULL, -- 0 for the table itself, then its columns from 1.\n\
           column_name TEXT, -- The column; empty on the table's own row.\n\
           kind TEXT, -- What the column holds.\n\
           about TEXT NOT NULL, -- Its meaning.\n\
           PRIMARY KEY (table_name, position)\n\
         )",
    )
    .map_err(fail)?;
    {
        let mut insert = tx
            .prepare("INSERT INTO readme VALUES (?1, ?2, ?3, ?4, ?5)")
            .map_err(fail)?;
        for spec in TABLES {
            insert
                .execute(rusqlite::params![
                    spec.name,
                    0,
                    None::<&str>,
                    None::<&str>,
                    spec.about
                ])
                .map_err(fail)?;
            for (i, c) in spec.columns.iter().enumerate() {
                insert
                    .execute(rusqlite::params![
                        spec.name,
                        i + 1,
                        c.name,
                        c.kind.word(),
                        c.about
                    ])
                    .map_err(fail)?;
            }
        }
        for (name, about, _) in VIEWS {
            insert
                .execute(rusqlite::params![name, 0, None::<&str>, "view", about])
                .map_err(fail)?;
        }
    }
    // Keys are checked once, at the end, so tables may be filled in any order.
    for table in tables {
        tx.execute_batch(&create_table(table.spec)).map_err(fail)?;
    }
    for table in tables {
        let marks = vec!["?"; table.spec.columns.len()].join(", ");
        let mut insert = tx
            .prepare(&format!("INSERT INTO {} VALUES ({marks})", table.spec.name))
            .map_err(fail)?;
        for row in &table.rows {
            insert
                .execute(params_from_iter(row.iter().map(value)))
                .map_err(|e| Error(format!("cannot write table `{}`: {e}", table.spec.name)))?;
        }
    }
    for table in tables {
        for r in table.spec.references {
            if table.spec.key.first() == Some(&r.column) {
                continue; // the primary key's index serves it
            }
            tx.execute_batch(&format!(
                "CREATE INDEX {t}_{c} ON {t} ({c})",
                t = table.spec.name,
                c = r.column
            ))
            .map_err(fail)?;
        }
    }
    for (name, _, select) in VIEWS {
        tx.execute_batch(&format!("CREATE VIEW {name} AS {select}"))
            .map_err(fail)?;
    }
    tx.commit().map_err(fail)?;
    // Checks every foreign key (the data was validated; this proves the
    // tables agree).
    let broken: i64 = db
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .map_err(fail)?;
    if broken != 0 {
        return Err(Error(format!(
            "{broken} rows name a record that is not in the export"
        )));
    }
    db.close().map_err(|(_, e)| fail(e))?;
    Ok(())
}

fn value(cell: &Cell<'_>) -> Value {
    match cell {
        Cell::Null => Value::Null,
        Cell::Text(t) => Value::Text(t.to_string()),
        Cell::Integer(n) => Value::Integer(*n),
        // NUMERIC affinity turns the text into an integer or a double.
        Cell::Decimal(t) => Value::Text(t.clone()),
        Cell::Boolean(b) => Value::Integer(i64::from(*b)),
        Cell::Day(d) => Value::Text(d.format("%Y-%m-%d").to_string()),
        Cell::Given(t, _) => Value::Text(t.clone()),
        Cell::Url(u) => Value::Text((*u).to_owned()),
    }
}
