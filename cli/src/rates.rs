//! `--rates FILE`: a table of exchange rates, read as spreadsheets save it.
//!
//! ```text
//! # label: Bank of England daily spot rates
//! # date: 2025-12-31
//! # target: GBP
//! currency,rate
//! CNY,0.1046
//! USD,0.7440
//! ```
//!
//! The `csv` crate reads the rows, so what a spreadsheet writes is taken as
//! it is: a byte-order mark, CRLF (or CR) line ends, quoted fields, spaces
//! around fields, empty cells padding a row to the width of the sheet
//! (`# date: 2025-12-31,`), and a setting split over two cells (`# date:`
//! in one, `2025-12-31` in the next). Every field is checked and every
//! problem reported in one run, each with the file, the line and the
//! column, and how to fix it.

use std::io::Read;
use std::path::Path;
use std::str::FromStr;

use accord_report::RateTable;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// The largest rate table read, in bytes. A table has one line per
/// currency, a few kilobytes at most.
pub const MAX_SIZE: u64 = 1024 * 1024;

/// Rates outside `[1/LIMIT, LIMIT]` are refused as mistakes: no rate
/// between two currencies in use comes near either bound, and a product of
/// an amount and such a rate could not be held.
const LIMIT: i64 = 1_000_000_000_000_000;

/// At most this many problems are listed; the rest are counted.
const SHOWN: usize = 20;

/// Reads the rate table at `path`: only a regular file (or a link to one),
/// of at most [`MAX_SIZE`] bytes, so that a pipe or a device cannot hang
/// or exhaust the run. `Err` lists every problem, one per line.
pub fn read(path: &Path) -> Result<RateTable, String> {
    let shown = path.display();
    let metadata =
        std::fs::metadata(path).map_err(|e| format!("--rates: cannot read `{shown}`: {e}"))?;
    if !metadata.is_file() {
        return Err(format!(
            "--rates: `{shown}` is not a regular file\n  = hint: give the path of the CSV file itself (a pipe, a device or a folder cannot be read as a rate table)"
        ));
    }
    // Opened without waiting, so a path swapped for a pipe since it was
    // looked at cannot block the run; the check below then refuses it.
    let file = {
        use std::os::unix::fs::OpenOptionsExt;
        std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
            .open(path)
            .map_err(|e| format!("--rates: cannot read `{shown}`: {e}"))?
    };
    // The path could have been replaced since it was looked at: check the
    // file that was opened too.
    if !file.metadata().is_ok_and(|m| m.is_file()) {
        return Err(format!("--rates: `{shown}` is not a regular file"));
    }
    let mut bytes = Vec::new();
    file.take(MAX_SIZE + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("--rates: cannot read `{shown}`: {e}"))?;
    if bytes.len() as u64 > MAX_SIZE {
        return Err(format!(
            "--rates: `{shown}` is larger than {MAX_SIZE} bytes\n  = hint: a rate table has one line per currency; check that this is the right file"
        ));
    }
    parse(&shown.to_string(), &bytes).map_err(|problems| {
        let mut text = format!(
            "--rates: the rate table has {}",
            count(problems.len(), "problem", "problems")
        );
        for p in problems.iter().take(SHOWN) {
            text.push('\n');
            text.push_str(p);
        }
        if problems.len() > SHOWN {
            text.push_str(&format!("\n… and {} more", problems.len() - SHOWN));
        }
        text
    })
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A field of a row, for messages.
#[derive(Clone, Copy)]
enum Column {
    Currency,
    Rate,
}

/// The problems found, each `name:line: column N (what): message` with a
/// hint line under it.
struct Problems<'a> {
    name: &'a str,
    list: Vec<String>,
}

impl Problems<'_> {
    fn at(&mut self, line: Option<u64>, column: Option<Column>, message: String, hint: &str) {
        let place = match (line, column) {
            (Some(line), Some(Column::Currency)) => {
                format!("{}:{line}: column 1 (currency)", self.name)
            }
            (Some(line), Some(Column::Rate)) => format!("{}:{line}: column 2 (rate)", self.name),
            (Some(line), None) => format!("{}:{line}", self.name),
            (None, _) => self.name.to_owned(),
        };
        self.list
            .push(format!("{place}: {message}\n  = hint: {hint}"));
    }
}

/// One of the settings at the top of a table.
#[derive(Default)]
struct Setting {
    value: Option<String>,
    line: u64,
}

/// Reads a rate table from its bytes; `name` names it in messages. `Err`
/// holds every problem, in line order.
pub fn parse(name: &str, bytes: &[u8]) -> Result<RateTable, Vec<String>> {
    let mut problems = Problems {
        name,
        list: Vec::new(),
    };
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        problems.at(
            None,
            None,
            "the file is UTF-16 text".to_owned(),
            "save it as \"CSV UTF-8\" (comma-separated), not as Unicode text",
        );
        return Err(problems.list);
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64
                + 1;
            problems.at(
                Some(line),
                None,
                "the file is not UTF-8 text".to_owned(),
                "save it as \"CSV UTF-8\" (comma-separated)",
            );
            return Err(problems.list);
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Line ends of CR alone (old Mac spreadsheets): csv takes them as line
    // ends but counts lines by LF, so give it LF to keep the line numbers.
    let owned;
    let text = if text.contains('\r') && !text.contains('\n') {
        owned = text.replace('\r', "\n");
        owned.as_str()
    } else {
        text
    };

    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let (mut label, mut date, mut target) =
        (Setting::default(), Setting::default(), Setting::default());
    let mut rows: Vec<(u64, String, Decimal)> = Vec::new();
    let mut first_row = true;
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                let line = e.position().map(csv::Position::line);
                problems.at(
                    line,
                    None,
                    format!("cannot read this line: {e}"),
                    "save the table as \"CSV UTF-8\" (comma-separated)",
                );
                continue;
            }
        };
        let line = record.position().map_or(0, csv::Position::line);
        let mut fields: Vec<&str> = record.iter().map(unquote).collect();
        if fields.iter().all(|f| f.is_empty()) {
            continue; // a blank line, or a row of empty cells
        }
        // Empty cells padding a row to the width of the sheet; a rate row
        // keeps its two fields, so that an empty rate is named as such.
        let keep = if fields[0].starts_with('#') { 1 } else { 2 };
        while fields.len() > keep && fields.last().is_some_and(|f| f.is_empty()) {
            fields.pop();
        }
        if let Some(setting) = fields[0].strip_prefix('#') {
            read_setting(
                &mut problems,
                line,
                setting,
                &fields[1..],
                [&mut label, &mut date, &mut target],
            );
            continue;
        }
        let is_first = std::mem::replace(&mut first_row, false);
        if is_first
            && fields.len() == 2
            && fields[0].eq_ignore_ascii_case("currency")
            && fields[1].eq_ignore_ascii_case("rate")
        {
            continue;
        }
        if let Some(c) = ['\t', ';'].into_iter().find(|&c| fields[0].contains(c)) {
            let by = if c == '\t' { "tabs" } else { "`;`" };
            problems.at(
                Some(line),
                None,
                format!("the fields are separated by {by}, not commas"),
                "save the table as CSV with commas, so that rows read `CNY,0.1046` (with a decimal point)",
            );
            continue;
        }
        if fields.len() != 2 {
            problems.at(
                Some(line),
                None,
                format!(
                    "{} where a row has 2",
                    count(fields.len(), "field", "fields")
                ),
                "a row has two fields, a currency code and a rate, such as `CNY,0.1046`",
            );
            continue;
        }
        if is_first
            && fields[0].eq_ignore_ascii_case("rate")
            && fields[1].eq_ignore_ascii_case("currency")
        {
            problems.at(
                Some(line),
                None,
                "the columns are `rate,currency`".to_owned(),
                "put the currency first: the header is `currency,rate` and rows are `CNY,0.1046`",
            );
            continue;
        }
        let code = currency(&mut problems, line, Some(Column::Currency), fields[0]);
        let rate = rate(&mut problems, line, fields[1]);
        if is_first && code.is_none() && rate.is_none() {
            // Most likely a header with other names: say so once.
            problems.list.pop();
            problems.list.pop();
            problems.at(
                Some(line),
                None,
                format!("`{}` is not a header this table can have", fields.join(",")),
                "the header, when there is one, is `currency,rate`; rows follow it, such as `CNY,0.1046`",
            );
            continue;
        }
        if let (Some(code), Some(rate)) = (code, rate) {
            if let Some((first, ..)) = rows.iter().find(|(_, c, _)| *c == code) {
                problems.at(
                    Some(line),
                    Some(Column::Currency),
                    format!("`{code}` is listed twice (first on line {first})"),
                    "keep one rate per currency: delete one of the two rows",
                );
                continue;
            }
            rows.push((line, code, rate));
        }
    }

    let target_code = match (&target.value, target.line) {
        (Some(text), line) => currency(&mut problems, line, None, text),
        (None, _) => {
            problems.at(
                None,
                None,
                "no `# target:` line".to_owned(),
                "add a line such as `# target: GBP` naming the ISO 4217 code of the currency the rates convert into",
            );
            None
        }
    };
    if let Some(target) = &target_code {
        for (line, code, rate) in &rows {
            if code == target && *rate != Decimal::ONE {
                problems.at(
                    Some(*line),
                    Some(Column::Rate),
                    format!("`{code}` is the target currency, whose rate is 1, not {rate}"),
                    "delete this row, or check the `# target:` line",
                );
            }
        }
    }
    let date_value = match (&date.value, date.line) {
        (Some(text), line) => match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            Ok(day) => Some(day),
            Err(_) => {
                problems.at(
                    Some(line),
                    None,
                    format!("`{text}` is not a date written YYYY-MM-DD"),
                    "write the date the rates apply to as `# date: 2025-12-31`; a spreadsheet may have reformatted it: format the cell as text",
                );
                None
            }
        },
        (None, _) => {
            problems.at(
                None,
                None,
                "no `# date:` line".to_owned(),
                "add a line such as `# date: 2025-12-31` giving the date the rates apply to",
            );
            None
        }
    };
    if label.value.is_none() {
        problems.at(
            None,
            None,
            "no `# label:` line".to_owned(),
            "add a line such as `# label: Bank of England daily spot rates` naming where the rates come from; the briefing cites it",
        );
    }
    if rows.is_empty() && problems.list.is_empty() {
        problems.at(
            None,
            None,
            "the table lists no rate".to_owned(),
            "add a row per currency under the header `currency,rate`, such as `CNY,0.1046`",
        );
    }
    if !problems.list.is_empty() {
        // Settings are checked after the rows: put every problem in line order.
        problems.list.sort_by_key(|p| line_of(name, p));
        return Err(problems.list);
    }
    match (label.value, date_value, target_code) {
        (Some(label), Some(date), Some(target)) => Ok(RateTable {
            label,
            date,
            target,
            rates: rows
                .into_iter()
                .map(|(_, code, rate)| (code, rate))
                .collect(),
        }),
        _ => Err(problems.list),
    }
}

/// A field as written, quotes and all, when a space came before its
/// opening quote (` "0.1046"`): csv takes such quotes as text.
fn unquote(field: &str) -> &str {
    field
        .strip_prefix('"')
        .and_then(|f| f.strip_suffix('"'))
        .filter(|inner| !inner.contains('"'))
        .map_or(field, str::trim)
}

/// The line a problem names (0 for the whole file), for sorting.
fn line_of(name: &str, problem: &str) -> u64 {
    problem
        .strip_prefix(name)
        .and_then(|rest| rest.strip_prefix(':'))
        .and_then(|rest| rest.split(':').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// A `# key: value` line (`text` is what follows the `#`); `more` holds the
/// cells after it, which continue the value.
fn read_setting(
    problems: &mut Problems<'_>,
    line: u64,
    text: &str,
    more: &[&str],
    [label, date, target]: [&mut Setting; 3],
) {
    let Some((key, value)) = text.split_once(':') else {
        return; // a comment
    };
    let key = key.trim().to_lowercase();
    let setting = match key.as_str() {
        "label" => label,
        "date" => date,
        "target" => target,
        other => {
            // A comment such as `# note: …` is fine; a misspelt setting is not.
            let near = ["label", "date", "target"]
                .into_iter()
                .find(|k| strsim::damerau_levenshtein(k, other) == 1);
            if let Some(near) = near {
                problems.at(
                    Some(line),
                    None,
                    format!("`# {other}:` is not a setting of a rate table"),
                    &format!("did you mean `# {near}:`?"),
                );
            }
            return;
        }
    };
    // `# date:` in one cell and the date in the next, or a label with a
    // comma that was not quoted (`# label: Bank of England, daily rates`):
    // the cells are one value.
    let value = std::iter::once(value.trim())
        .chain(more.iter().copied())
        .filter(|v| !v.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    if let Some(problem) = accord_model::text_problem(&value).filter(|_| !value.is_empty()) {
        problems.at(
            Some(line),
            None,
            format!("the `# {key}:` value {problem}"),
            "write it in visible words: the briefing prints it beside the converted figures",
        );
        return;
    }
    if value.is_empty() {
        problems.at(
            Some(line),
            None,
            format!("the `# {key}:` line is empty"),
            &format!(
                "write its value after the colon, such as `{}`",
                example(&key)
            ),
        );
        return;
    }
    if setting.value.is_some() {
        problems.at(
            Some(line),
            None,
            format!("`# {key}:` is given twice (first on line {})", setting.line),
            "keep one of the two lines",
        );
        return;
    }
    *setting = Setting {
        value: Some(value),
        line,
    };
}

fn example(key: &str) -> &'static str {
    match key {
        "label" => "# label: Bank of England daily spot rates",
        "date" => "# date: 2025-12-31",
        _ => "# target: GBP",
    }
}

/// Other names for currencies that sources and sheets use: (name, code).
const CURRENCY_NAMES: &[(&str, &str)] = &[
    ("RMB", "CNY"),
    ("renminbi", "CNY"),
    ("yuan", "CNY"),
    ("sterling", "GBP"),
    ("pound", "GBP"),
    ("£", "GBP"),
    ("UKP", "GBP"),
    ("euro", "EUR"),
    ("€", "EUR"),
    ("dollar", "USD"),
    ("US$", "USD"),
    ("$", "USD"),
    ("yen", "JPY"),
    ("¥", "JPY"),
    ("NTD", "TWD"),
    ("NT$", "TWD"),
    ("SFR", "CHF"),
];

/// An ISO 4217 code, checked; `None` after recording the problem. Without
/// a column, the code is the `# target:` setting.
fn currency(
    problems: &mut Problems<'_>,
    line: u64,
    column: Option<Column>,
    text: &str,
) -> Option<String> {
    let what = if column.is_some() { "" } else { "the target " };
    let hint_code = "write the three-letter ISO 4217 code, such as `CNY`, `GBP` or `USD`";
    if text.is_empty() {
        problems.at(
            Some(line),
            column,
            "the currency is empty".to_owned(),
            hint_code,
        );
        return None;
    }
    if text.eq_ignore_ascii_case("unknown") {
        problems.at(
            Some(line),
            column,
            format!("{what}`unknown` is not a currency that can be converted"),
            "give an ISO 4217 code; figures whose currency is unknown are never converted",
        );
        return None;
    }
    match accord_model::Currency::from_str(text) {
        Ok(accord_model::Currency::Iso(c)) => return Some(c.code().to_owned()),
        Ok(accord_model::Currency::Unknown) | Err(_) => {}
    }
    let upper = text.to_uppercase();
    let hint = if let Ok(accord_model::Currency::Iso(c)) = upper.parse::<accord_model::Currency>() {
        format!("write `{}`: codes are in capitals", c.code())
    } else if let Some((_, code)) = CURRENCY_NAMES
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(text))
    {
        format!("write `{code}`, the ISO 4217 code of what `{text}` names")
    } else {
        hint_code.to_owned()
    };
    problems.at(
        Some(line),
        column,
        format!("{what}`{text}` is not an ISO 4217 currency code"),
        &hint,
    );
    None
}

/// A rate: a positive, finite decimal within the bounds, in plain or
/// scientific notation (`1.88E-05`, as spreadsheets write small numbers);
/// `None` after recording the problem.
fn rate(problems: &mut Problems<'_>, line: u64, text: &str) -> Option<Decimal> {
    let mut refuse = |message: String, hint: &str| {
        problems.at(Some(line), Some(Column::Rate), message, hint);
        None
    };
    let plain = "write the rate as a decimal number with a point, such as `0.1046`: units of the target currency for one unit of this one";
    if text.is_empty() {
        return refuse("the rate is empty".to_owned(), plain);
    }
    let lower = text.to_lowercase();
    if [
        "inf",
        "+inf",
        "-inf",
        "infinity",
        "+infinity",
        "-infinity",
        "nan",
        "#div/0!",
        "#value!",
        "#n/a",
        "#num!",
    ]
    .contains(&lower.as_str())
    {
        return refuse(format!("`{text}` is not a finite number"), plain);
    }
    if text.contains(',') {
        return refuse(
            format!("`{text}` has a comma"),
            "write the rate with a decimal point and without thousands separators, such as `1234.5`",
        );
    }
    let digits_only = text
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'));
    if !digits_only {
        return refuse(format!("`{text}` is not a number"), plain);
    }
    let parsed = if lower.contains('e') {
        // Decimal::from_scientific refuses exponents beyond its 28 digits
        // with an error, never a panic; an exponent that does not fit u32
        // is refused as unparsable.
        Decimal::from_scientific(text)
    } else {
        Decimal::from_str(text)
    };
    let Ok(rate) = parsed else {
        return refuse(
            format!("`{text}` is not a number that can be used as a rate"),
            "check the cell: a rate is a decimal such as `0.1046`, with at most 28 digits after the point",
        );
    };
    if rate.is_sign_negative() && !rate.is_zero() {
        return refuse(
            format!("the rate {text} is below zero"),
            "a rate is the positive number of target units one unit of this currency buys",
        );
    }
    if rate.is_zero() {
        return refuse(
            format!("the rate {text} is zero"),
            "give the rate, or delete the row if the currency is not needed",
        );
    }
    let limit = Decimal::from(LIMIT);
    if rate > limit || rate < Decimal::ONE / limit {
        return refuse(
            format!("the rate {text} is out of the range of exchange rates"),
            "rates are accepted from 0.000000000000001 to 1000000000000000: check the cell and that the rate is target units per one unit of this currency",
        );
    }
    Some(rate)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "# label: Bank rates\n# date: 2025-12-31\n# target: GBP\ncurrency,rate\n";

    fn table(text: &str) -> Result<RateTable, Vec<String>> {
        parse("rates.csv", text.as_bytes())
    }

    /// The problems found in `text`, one string.
    fn problems(text: &str) -> String {
        table(text).err().unwrap_or_default().join("\n")
    }

    #[test]
    fn a_table_as_a_spreadsheet_saves_it_is_read() {
        let saved = "\u{feff}\"# label: Bank of England, daily spot rates\",\r\n# date: 2025-12-31,\r\n# target: GBP,\r\ncurrency,rate\r\n CNY , \"0.1046\"\r\n,\r\nUSD,7.44E-01\r\n";
        let t = table(saved).unwrap_or_else(|p| panic!("{p:?}"));
        assert_eq!(t.label, "Bank of England, daily spot rates");
        assert_eq!(t.date.to_string(), "2025-12-31");
        assert_eq!(t.target, "GBP");
        assert_eq!(
            t.rates,
            [
                ("CNY".to_owned(), Decimal::new(1046, 4)),
                ("USD".to_owned(), Decimal::new(744, 3))
            ]
        );
        // A setting over two cells, and CR line ends.
        let split = "# label:,Bank\r# date:,2025-12-31\r# target:,GBP\rCNY,0.1\r";
        let t = table(split).unwrap_or_else(|p| panic!("{p:?}"));
        assert_eq!((t.label.as_str(), t.target.as_str()), ("Bank", "GBP"));
        // A comma in a label that was not quoted.
        let t = table(
            "# label: Bank of England, daily rates\n# date: 2025-12-31\n# target: GBP\nCNY,0.1\n",
        )
        .unwrap();
        assert_eq!(t.label, "Bank of England, daily rates");
        // The header is optional, free comments are ignored.
        let t = table("# label: x\n# a note without a colon\n# note: noon rates\n# date: 2025-01-02\n# target: USD\nGBP,1.25\n").unwrap();
        assert_eq!(t.rates.len(), 1);
    }

    #[test]
    fn every_rate_that_is_not_a_positive_finite_decimal_is_refused_at_its_place() {
        for (rate, expected) in [
            ("inf", "`inf` is not a finite number"),
            ("NaN", "`NaN` is not a finite number"),
            ("-Infinity", "not a finite number"),
            ("#DIV/0!", "not a finite number"),
            ("", "the rate is empty"),
            ("0", "the rate 0 is zero"),
            ("0.000", "is zero"),
            ("-0.5", "the rate -0.5 is below zero"),
            ("1e999999", "not a number that can be used"),
            ("1e99999999999999999999", "not a number that can be used"),
            (
                "79228162514264337593543950336",
                "not a number that can be used",
            ),
            ("79228162514264337593543950335", "out of the range"),
            ("1e-20", "out of the range"),
            ("0,1046", "has a comma"),
            ("1,234.5", "has a comma"),
            ("0x10", "is not a number"),
            ("ten", "is not a number"),
            ("1.2.3", "not a number that can be used"),
        ] {
            let found = problems(&format!("{HEAD}CNY,\"{rate}\"\n"));
            assert!(
                found.starts_with("rates.csv:5: column 2 (rate): ") && found.contains(expected),
                "{rate}: {found}"
            );
            assert!(found.contains("\n  = hint: "), "{found}");
        }
    }

    #[test]
    fn currencies_and_the_target_are_iso_codes_each_listed_once() {
        let found = problems(&format!("{HEAD}CNY,0.1\nUSD,0.7\nCNY,0.2\n"));
        assert_eq!(
            found,
            "rates.csv:7: column 1 (currency): `CNY` is listed twice (first on line 5)\n  = hint: keep one rate per currency: delete one of the two rows"
        );
        let found = problems(&format!("{HEAD}unknown,1\nRMB,0.1\ncny,0.1\nXYZ,2\n"));
        let lines: Vec<&str> = found.lines().filter(|l| !l.starts_with("  =")).collect();
        assert_eq!(
            lines,
            [
                "rates.csv:5: column 1 (currency): `unknown` is not a currency that can be converted",
                "rates.csv:6: column 1 (currency): `RMB` is not an ISO 4217 currency code",
                "rates.csv:7: column 1 (currency): `cny` is not an ISO 4217 currency code",
                "rates.csv:8: column 1 (currency): `XYZ` is not an ISO 4217 currency code",
            ]
        );
        assert!(found.contains("write `CNY`, the ISO 4217 code of what `RMB` names"));
        assert!(found.contains("write `CNY`: codes are in capitals"));
        for target in ["unknown", "pounds", "gbp"] {
            let found = problems(&format!(
                "# label: x\n# date: 2025-12-31\n# target: {target}\nCNY,0.1\n"
            ));
            assert!(
                found.starts_with(&format!("rates.csv:3: the target `{target}` is not ")),
                "{found}"
            );
        }
        let found = problems(&format!("{HEAD}GBP,2\n"));
        assert!(
            found.contains("`GBP` is the target currency, whose rate is 1"),
            "{found}"
        );
        assert!(table(&format!("{HEAD}GBP,1\n")).is_ok());
    }

    #[test]
    fn rows_of_the_wrong_shape_and_missing_settings_are_named() {
        let found = problems(&format!("{HEAD}CNY\nCNY,0.1,extra\nUSD;0,7\n"));
        let lines: Vec<&str> = found.lines().collect();
        assert_eq!(lines[0], "rates.csv:5: 1 field where a row has 2");
        assert_eq!(lines[2], "rates.csv:6: 3 fields where a row has 2");
        assert_eq!(
            lines[4],
            "rates.csv:7: the fields are separated by `;`, not commas"
        );

        let found = problems("CNY,0.1\n");
        for missing in ["`# target:`", "`# date:`", "`# label:`"] {
            assert!(
                found.contains(&format!("rates.csv: no {missing} line")),
                "{found}"
            );
        }
        let found = problems(
            "# label: x\n# date: 31/12/2025\n# target: GBP\n# date: 2025-12-31\n# taget: USD\nrate,currency\nCNY,0.1\n",
        );
        let lines: Vec<&str> = found.lines().filter(|l| !l.starts_with("  =")).collect();
        assert_eq!(
            lines,
            [
                "rates.csv:2: `31/12/2025` is not a date written YYYY-MM-DD",
                "rates.csv:4: `# date:` is given twice (first on line 2)",
                "rates.csv:5: `# taget:` is not a setting of a rate table",
                "rates.csv:6: the columns are `rate,currency`",
            ]
        );
        let found = problems("# label: x\n# date: 2025-12-31\n# target: GBP\ncode,value\n");
        assert!(
            found.starts_with("rates.csv:4: `code,value` is not a header this table can have"),
            "{found}"
        );
        assert!(
            problems("# label: x\n# date: 2025-12-31\n# target: GBP\ncurrency,rate\n")
                .contains("lists no rate")
        );
    }

    #[test]
    fn text_that_is_not_utf8_is_named() {
        let accented =
            "# label: Banque de France \u{e9}\n# date: 2025-12-31\n# target: EUR\nUSD,0.9\n";
        assert!(table(accented).is_ok());
        let latin1 = b"# label: Banque de France \xe9\n# date: 2025-12-31\n";
        let found = parse("rates.csv", latin1).unwrap_err().join("\n");
        assert!(
            found.starts_with("rates.csv:1: the file is not UTF-8 text"),
            "{found}"
        );
        let utf16 = [0xFF, 0xFE, b'#', 0];
        let found = parse("rates.csv", &utf16).unwrap_err().join("\n");
        assert!(found.contains("UTF-16"), "{found}");
    }
}
