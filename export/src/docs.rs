//! The tables' documentation in Markdown, from [`TABLES`]: the CSV
//! folder's `README.md` and the generated part of `docs/export.md`.

use std::fmt::Write;

use crate::TABLES;

/// Every table: what a row is, its key, and each column with its kind and
/// meaning, as Markdown (second-level heading per table).
pub fn tables_markdown() -> String {
    let mut out = String::new();
    for table in TABLES {
        let _ = writeln!(out, "## `{}`\n\n{}\n", table.name, table.about);
        let key: Vec<String> = table.key.iter().map(|k| format!("`{k}`")).collect();
        let _ = writeln!(out, "Key: {}.\n", key.join(", "));
        let _ = writeln!(out, "| column | kind | meaning |\n| --- | --- | --- |");
        for c in table.columns {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} |",
                c.name,
                c.kind.word(),
                c.about.replace('|', "\\|")
            );
        }
        out.push('\n');
    }
    out
}

/// The rules every table follows, as Markdown paragraphs.
pub const RULES: &str = "\
- One value a cell: a list in a record becomes rows of its own table; `n` is the position in the record's list, from 0.
- Every code has its label in the next column (`kind` and `kind_label`, `country` and `country_name`).
- Every row about part of an agreement starts with the agreement's id and title; rows about part of any record start with its kind, id and name.
- Dates are written as the record gives them (`2018-02`, `on or before 2023-03-14`), with the first and last day they may be in the `…_start` and `…_end` columns beside them (`YYYY-MM-DD`), empty where the record sets no bound.
- An empty cell is a value the record does not give.
";

/// The rules, then every table: the generated part of `docs/export.md`
/// (a test keeps the page in step).
pub fn page_markdown() -> String {
    format!("{RULES}\n{}", tables_markdown())
}

/// The `README.md` written beside the CSV files.
pub fn readme() -> String {
    format!(
        "# Accord export\n\nOne CSV file per table (RFC 4180, UTF-8, CRLF line ends, a header row). Written by `accord export`.\n\n{RULES}\n{}",
        tables_markdown()
    )
}
