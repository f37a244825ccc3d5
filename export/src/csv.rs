//! CSV: one file per table, RFC 4180 (comma, double quotes where needed,
//! CRLF line ends), UTF-8 without a byte-order mark, a header row first.

use crate::{Error, Table};

/// Each table as `(file name, bytes)`: `agreements.csv` …, then
/// `README.md`, which describes every column ([`crate::docs::readme`]).
/// An empty cell is a value the record leaves out.
pub fn files(tables: &[Table<'_>]) -> Result<Vec<(String, Vec<u8>)>, Error> {
    let mut out = Vec::with_capacity(tables.len() + 1);
    for table in tables {
        out.push((format!("{}.csv", table.spec.name), file(table)?));
    }
    out.push(("README.md".to_owned(), crate::docs::readme().into_bytes()));
    Ok(out)
}

/// One table as CSV bytes.
pub fn file(table: &Table<'_>) -> Result<Vec<u8>, Error> {
    let fail = |e: csv::Error| Error(format!("{}.csv: {e}", table.spec.name));
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::with_capacity(64 * (table.rows.len() + 1)));
    writer
        .write_record(table.spec.columns.iter().map(|c| c.name))
        .map_err(fail)?;
    for row in &table.rows {
        for cell in row {
            writer
                .write_field(cell.text().unwrap_or_default().as_bytes())
                .map_err(fail)?;
        }
        writer
            .write_record(std::iter::empty::<&[u8]>())
            .map_err(fail)?;
    }
    writer
        .into_inner()
        .map_err(|e| Error(format!("{}.csv: {e}", table.spec.name)))
}
