//! A CSV table read whole, with the place of every cell for diagnostics.
//!
//! The `csv` crate splits the rows (quoting, doubled quotes, line breaks
//! inside quotes, CRLF); a byte-order mark at the start is skipped. Each row
//! keeps the byte offset where it starts, so a diagnostic can point at one
//! cell: the offsets of a row's cells are found again only when one is
//! needed, by walking the row's text with the same quoting rules.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use accord_ingest::{Code, Diagnostic, Position, Severity, Span};

/// The largest table read, in bytes. The whole GCDF 3.0 project table is
/// about 200 MB.
pub const MAX_SIZE: u64 = 2 * 1024 * 1024 * 1024;

/// A CSV file with a header row.
#[derive(Debug)]
pub struct Table {
    /// The file, as given.
    pub path: PathBuf,
    /// The whole text, byte-order mark included (offsets count from here).
    pub text: String,
    /// The header's names, trimmed.
    pub headers: Vec<String>,
    /// Where each header name is, by name.
    index: HashMap<String, usize>,
    /// The rows after the header.
    pub rows: Vec<Row>,
}

/// One row of a table.
#[derive(Debug)]
pub struct Row {
    /// The byte offset of the row's first character in [`Table::text`].
    pub offset: usize,
    /// The row's cells as read (quotes removed).
    pub cells: csv::StringRecord,
}

impl Table {
    /// Reads `path` as a CSV table. `Err` holds the diagnostics that stop
    /// the reading (the file cannot be read, is not UTF-8, or is not CSV);
    /// `Ok` may still carry diagnostics on single rows (a row shorter or
    /// longer than the header).
    pub fn read(path: &Path) -> Result<(Table, Vec<Diagnostic>), Vec<Diagnostic>> {
        let fail = |code: Code, message: String, hint: &str| {
            vec![Diagnostic::new(code, path, None, message).with_hint(hint)]
        };
        let meta = std::fs::metadata(path).map_err(|e| {
            fail(
                Code::IoError,
                format!("cannot read `{}`: {e}", path.display()),
                "check the path and its permissions",
            )
        })?;
        if !meta.is_file() {
            return Err(fail(
                Code::IoError,
                format!("`{}` is not a regular file", path.display()),
                "give the path of a CSV file",
            ));
        }
        if meta.len() > MAX_SIZE {
            return Err(fail(
                Code::FileTooLarge,
                format!(
                    "`{}` is {} bytes, more than the {MAX_SIZE} read",
                    path.display(),
                    meta.len()
                ),
                "split the table into several files and import each",
            ));
        }
        let bytes = std::fs::read(path).map_err(|e| {
            fail(
                Code::IoError,
                format!("cannot read `{}`: {e}", path.display()),
                "check the path and its permissions",
            )
        })?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let offset = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let at = position(&text, offset);
            vec![
                Diagnostic::new(
                    Code::InvalidUtf8,
                    path,
                    Some(Span { start: at, end: at }),
                    "the file is not valid UTF-8",
                )
                .with_hint("save the table as UTF-8 (spreadsheets call it \"CSV UTF-8\")"),
            ]
        })?;
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(&text.as_bytes()[bom..]);
        let mut records = reader.records();
        let headers: Vec<String> = match records.next() {
            Some(Ok(record)) => record.iter().map(|h| h.trim().to_owned()).collect(),
            Some(Err(e)) => return Err(vec![csv_error(path, &text, bom, &e)]),
            None => {
                return Err(fail(
                    Code::EmptyFile,
                    format!("`{}` holds no header row", path.display()),
                    "the first row names the columns",
                ));
            }
        };
        let mut index = HashMap::new();
        for (i, h) in headers.iter().enumerate() {
            index.entry(h.clone()).or_insert(i);
        }
        let mut table = Table {
            path: path.to_owned(),
            text: String::new(),
            headers,
            index,
            rows: Vec::new(),
        };
        let mut problems = Vec::new();
        for record in records {
            let record = match record {
                Ok(r) => r,
                Err(e) => {
                    problems.push(csv_error(path, &text, bom, &e));
                    continue;
                }
            };
            // The csv crate may place a record's start on the line break
            // that ends the row before it.
            let mut offset = bom + record.position().map_or(0, |p| p.byte() as usize);
            while matches!(text.as_bytes().get(offset), Some(b'\n' | b'\r')) {
                offset += 1;
            }
            // A blank line at the end of a sheet is not a row.
            if record.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            table.rows.push(Row {
                offset,
                cells: record,
            });
        }
        table.text = text;
        for (n, row) in table.rows.iter().enumerate() {
            if row.cells.len() != table.headers.len() {
                let at = position(&table.text, row.offset);
                let mut d = Diagnostic::new(
                    Code::InvalidValue,
                    path,
                    Some(Span { start: at, end: at }),
                    format!(
                        "row {} has {} cells, the header names {} columns",
                        n + 1,
                        row.cells.len(),
                        table.headers.len()
                    ),
                )
                .with_hint("missing cells are read as empty and extra cells are left out");
                d.severity = Severity::Warning;
                problems.push(d);
            }
        }
        Ok((table, problems))
    }

    /// The column named `name`, if the header has it.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    /// The trimmed cell of `row` in column `col` ("" when the column or the
    /// cell is missing).
    pub fn cell(&self, row: usize, col: Option<usize>) -> &str {
        col.and_then(|c| self.rows[row].cells.get(c))
            .map_or("", str::trim)
    }

    /// The place of one cell, for a diagnostic: from its first to its last
    /// character (quotes included); an empty cell, the commas around it.
    pub fn cell_span(&self, row: usize, col: Option<usize>) -> Span {
        let start = self.rows[row].offset;
        let Some(col) = col else {
            let at = position(&self.text, start);
            return Span { start: at, end: at };
        };
        let bytes = self.text.as_bytes();
        let mut pos = start;
        let mut field = 0;
        loop {
            let begin = pos;
            if bytes.get(pos) == Some(&b'"') {
                pos += 1;
                while pos < bytes.len() {
                    if bytes[pos] == b'"' {
                        if bytes.get(pos + 1) == Some(&b'"') {
                            pos += 2;
                            continue;
                        }
                        pos += 1;
                        break;
                    }
                    pos += 1;
                }
            }
            while pos < bytes.len() && !matches!(bytes[pos], b',' | b'\n' | b'\r') {
                pos += 1;
            }
            if field == col || pos >= bytes.len() || bytes[pos] != b',' {
                // An empty cell is shown by the commas around it.
                let (begin, pos) = if begin == pos && field == col {
                    (
                        if begin > start { begin - 1 } else { begin },
                        if bytes.get(pos) == Some(&b',') {
                            pos + 1
                        } else {
                            pos
                        },
                    )
                } else {
                    (begin, pos)
                };
                let s = position(&self.text, begin);
                let e = position(&self.text, pos);
                return Span { start: s, end: e };
            }
            pos += 1;
            field += 1;
        }
    }

    /// A diagnostic at the cell of `row` in column `col`.
    pub fn at(
        &self,
        code: Code,
        severity: Severity,
        row: usize,
        col: Option<usize>,
        message: String,
        hint: &str,
    ) -> Diagnostic {
        let mut d = Diagnostic::new(code, &self.path, Some(self.cell_span(row, col)), message)
            .with_hint(hint);
        d.severity = severity;
        d
    }
}

/// The line and column (in characters, from 1) of a byte offset.
pub fn position(text: &str, offset: usize) -> Position {
    let offset = offset.min(text.len());
    let mut offset = offset;
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Position {
        line: before.bytes().filter(|&b| b == b'\n').count() + 1,
        column: before[line_start..].chars().count() + 1,
        offset,
    }
}

/// A `csv` error as a diagnostic at its place.
fn csv_error(path: &Path, text: &str, bom: usize, e: &csv::Error) -> Diagnostic {
    let at = position(text, bom + e.position().map_or(0, |p| p.byte() as usize));
    Diagnostic::new(
        Code::SyntaxError,
        path,
        Some(Span { start: at, end: at }),
        format!("the table cannot be read as CSV: {e}"),
    )
    .with_hint("save the table as CSV from a spreadsheet, with a header row")
}
