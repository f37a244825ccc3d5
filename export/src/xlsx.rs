//! XLSX with `rust_xlsxwriter`: a README sheet describing every column,
//! then one sheet per table, each with its header frozen, filters on and
//! widths set; days as real dates, web addresses as links.

use chrono::Datelike;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, Formula, Url, Workbook, Worksheet, XlsxError,
};

use crate::{Cell, Error, Kind, TABLES, Table};

/// What changes the file beyond the tables.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// The document's creation time, in seconds since 1970-01-01 UTC
    /// (`SOURCE_DATE_EPOCH`, or a date from the data): never the clock, so
    /// the same tables give the same bytes.
    pub created: i64,
}

/// The most rows a sheet holds, its header included (Excel's limit).
pub const MAX_ROWS: usize = 1_048_576;

/// The most links Excel keeps on one sheet; later addresses are text.
pub const MAX_LINKS: usize = 65_530;

/// The longest text a cell holds (Excel's limit, in characters); longer
/// text is cut there and ends in `…`.
pub const MAX_TEXT: usize = 32_767;

/// The most characters of a web address Excel links; longer ones are text.
const MAX_URL: usize = 2_079;

/// The workbook's bytes. `Err` when a table has more rows than a sheet
/// holds ([`MAX_ROWS`]), naming it, or when the library fails.
pub fn workbook(tables: &[Table<'_>], options: &Options) -> Result<Vec<u8>, Error> {
    if let Some(big) = tables.iter().find(|t| t.rows.len() >= MAX_ROWS) {
        return Err(Error(format!(
            "table `{}` has {} rows, more than an XLSX sheet holds ({}); export it as CSV or SQLite",
            big.spec.name,
            big.rows.len(),
            MAX_ROWS - 1
        )));
    }
    build(tables, options).map_err(|e| Error(format!("cannot write the workbook: {e}")))
}

fn build(tables: &[Table<'_>], options: &Options) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    book.set_properties(
        &DocProperties::new()
            .set_title("Accord export")
            .set_creation_datetime(&ExcelDateTime::from_timestamp(options.created)?),
    );
    let header = Format::new().set_bold();
    let day = Format::new().set_num_format("yyyy-mm-dd");
    let wrap = Format::new().set_text_wrap();
    let link = Format::new().set_hyperlink();

    let sheet = book.add_worksheet_with_constant_memory();
    sheet.set_name("README")?;
    readme(sheet, &header, &wrap)?;

    for table in tables {
        let sheet = book.add_worksheet_with_constant_memory();
        sheet.set_name(table.spec.name)?;
        let columns = table.spec.columns;
        for (c, width) in widths(table).into_iter().enumerate() {
            sheet.set_column_width(col(c), width)?;
        }
        for (c, column) in columns.iter().enumerate() {
            sheet.write_string_with_format(0, col(c), column.name, &header)?;
        }
        sheet.set_freeze_panes(1, 0)?;
        let last_col = col(columns.len().saturating_sub(1));
        sheet.autofilter(0, 0, row(table.rows.len()), last_col)?;
        let mut links = 0;
        for (r, cells) in table.rows.iter().enumerate() {
            let r = row(r + 1);
            for (c, cell) in cells.iter().enumerate() {
                let c = col(c);
                match cell {
                    Cell::Null => {}
                    Cell::Text(text) => {
                        sheet.write_string(r, c, fit(text))?;
                    }
                    Cell::Integer(n) => {
                        // Whole numbers beyond 2^53 lose digits as numbers.
                        if n.unsigned_abs() < 1 << 53 {
                            sheet.write_number(r, c, *n as f64)?;
                        } else {
                            sheet.write_string(r, c, n.to_string())?;
                        }
                    }
                    Cell::Decimal(text) => match text.parse::<f64>() {
                        Ok(x) if x.is_finite() => {
                            sheet.write_number(r, c, x)?;
                        }
                        _ => {
                            sheet.write_string(r, c, text)?;
                        }
                    },
                    Cell::Boolean(b) => {
                        sheet.write_boolean(r, c, *b)?;
                    }
                    Cell::Day(d) => write_day(sheet, r, c, *d, &day)?,
                    Cell::Given(text, Some(d)) => {
                        if excel_day(*d).is_some() {
                            write_day(sheet, r, c, *d, &day)?;
                        } else {
                            sheet.write_string(r, c, fit(text))?;
                        }
                    }
                    Cell::Given(text, None) => {
                        sheet.write_string(r, c, fit(text))?;
                    }
                    Cell::Url(url) => {
                        if links < MAX_LINKS && url.chars().count() <= MAX_URL {
                            links += 1;
                            if escaped_twice(url) {
                                // A HYPERLINK formula keeps the address as
                                // written, its text the cached result.
                                let formula = Formula::new(format!(
                                    "=HYPERLINK(\"{0}\",\"{0}\")",
                                    url.replace('"', "\"\"")
                                ))
                                .set_result(*url);
                                sheet.write_formula_with_format(r, c, formula, &link)?;
                            } else {
                                sheet.write_url(r, c, Url::new(*url))?;
                            }
                        } else {
                            sheet.write_string(r, c, fit(url))?;
                        }
                    }
                }
            }
        }
    }
    book.save_to_buffer()
}

/// The README sheet: the rules, then one row per column of every table.
fn readme(sheet: &mut Worksheet, header: &Format, wrap: &Format) -> Result<(), XlsxError> {
    sheet.set_column_width(0, 16)?;
    sheet.set_column_width(1, 24)?;
    sheet.set_column_width(2, 18)?;
    sheet.set_column_width(3, 100)?;
    let titles = ["table", "column", "kind", "meaning"];
    for (c, title) in titles.iter().enumerate() {
        sheet.write_string_with_format(0, col(c), *title, header)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    let mut r = 1;
    for rule in crate::docs::RULES.lines() {
        sheet.write_string(r, 0, "(all)")?;
        sheet.write_string_with_format(r, 3, rule.trim_start_matches("- "), wrap)?;
        r += 1;
    }
    for table in TABLES {
        sheet.write_string(r, 0, table.name)?;
        sheet.write_string_with_format(r, 3, table.about, wrap)?;
        r += 1;
        for column in table.columns {
            sheet.write_string(r, 0, table.name)?;
            sheet.write_string(r, 1, column.name)?;
            sheet.write_string(r, 2, column.kind.word())?;
            sheet.write_string_with_format(r, 3, column.about, wrap)?;
            r += 1;
        }
    }
    sheet.autofilter(0, 0, r - 1, 3)?;
    Ok(())
}

fn write_day(
    sheet: &mut Worksheet,
    r: u32,
    c: u16,
    d: chrono::NaiveDate,
    format: &Format,
) -> Result<(), XlsxError> {
    match excel_day(d) {
        Some(day) => sheet.write_datetime_with_format(r, c, &day, format)?,
        None => sheet.write_string(r, c, d.format("%Y-%m-%d").to_string())?,
    };
    Ok(())
}

/// The day as Excel's date, for years Excel has (1900 to 9999).
fn excel_day(d: chrono::NaiveDate) -> Option<ExcelDateTime> {
    let year = u16::try_from(d.year())
        .ok()
        .filter(|y| (1900..=9999).contains(y))?;
    ExcelDateTime::from_ymd(
        year,
        u8::try_from(d.month()).ok()?,
        u8::try_from(d.day()).ok()?,
    )
    .ok()
}

/// True when `rust_xlsxwriter` would escape the `%` of the address's own
/// escapes again (`%C3%AD` to `%25C3%25AD`, another address): it takes an
/// address as already escaped only when it holds one of a few escapes
/// (`%20`, `%25`, `%22` …), and escapes every `%` otherwise.
fn escaped_twice(url: &str) -> bool {
    const KNOWN: [&[u8]; 11] = [
        b"%25", b"%22", b"%20", b"%3c", b"%3e", b"%5b", b"%5d", b"%5e", b"%60", b"%7b", b"%7d",
    ];
    url.contains('%') && !url.as_bytes().windows(3).any(|w| KNOWN.contains(&w))
}

/// Text cut at Excel's limit, ending in `…`.
fn fit(text: &str) -> std::borrow::Cow<'_, str> {
    // No more bytes than the limit's characters: nothing to count.
    if text.len() <= MAX_TEXT {
        return std::borrow::Cow::Borrowed(text);
    }
    match text.char_indices().nth(MAX_TEXT - 1) {
        Some((cut, _)) if text[cut..].chars().nth(1).is_some() => {
            std::borrow::Cow::Owned(format!("{}…", &text[..cut]))
        }
        _ => std::borrow::Cow::Borrowed(text),
    }
}

/// Column widths in characters: the header's or the longest of the first
/// thousand values, from 6 to 60 (dates 11).
fn widths(table: &Table<'_>) -> Vec<f64> {
    table
        .spec
        .columns
        .iter()
        .enumerate()
        .map(|(c, column)| {
            let longest = match column.kind {
                Kind::Day | Kind::Boolean => 11,
                _ => table
                    .rows
                    .iter()
                    .take(1000)
                    .filter_map(|r| r[c].text().map(|t| t.chars().count()))
                    .max()
                    .unwrap_or(0),
            };
            (longest.max(column.name.len() + 3).clamp(6, 60) + 1) as f64
        })
        .collect()
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

fn row(r: usize) -> u32 {
    u32::try_from(r).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_cut_at_the_cell_limit_only_beyond_it() {
        let at_limit = "é".repeat(MAX_TEXT);
        assert_eq!(fit(&at_limit), at_limit.as_str());
        let beyond = "é".repeat(MAX_TEXT + 1);
        let cut = fit(&beyond);
        assert_eq!(cut.chars().count(), MAX_TEXT);
        assert!(cut.ends_with("é…"));
    }

    #[test]
    fn addresses_with_their_own_escapes_are_told_apart() {
        assert!(escaped_twice("https://a.org/Auditor%C3%ADa.pdf"));
        assert!(!escaped_twice("https://a.org/a%20b"));
        assert!(!escaped_twice("https://a.org/plain"));
    }
}
