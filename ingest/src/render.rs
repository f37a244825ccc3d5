//! Diagnostics rendered for people and for tools: the compiler-style human
//! format, a stable JSON document, and GitHub Actions workflow commands.
//! Rendering returns strings; only the CLI prints.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::Loaded;
use crate::diagnostic::{Code, Diagnostic, Severity, Span};

/// The version of the JSON format. It changes only when a field is removed
/// or changes meaning; fields may be added. Version 2 added the severity
/// `note` and the summary's `notes` count; `warnings` no longer counts
/// what became notes (unknown currencies, sources without an address,
/// marked facts).
pub const JSON_FORMAT_VERSION: u32 = 2;

/// Diagnostics in reading order, with repeats of a code beyond `max` per
/// code left out (`0` keeps all); the counts of those left out come back too.
pub fn cap(diagnostics: &[Diagnostic], max: usize) -> (Vec<&Diagnostic>, BTreeMap<Code, usize>) {
    let mut sorted: Vec<&Diagnostic> = diagnostics.iter().collect();
    sorted.sort_by(|a, b| {
        (b.severity, &a.file, a.span.map(|s| s.start.offset), a.code).cmp(&(
            a.severity,
            &b.file,
            b.span.map(|s| s.start.offset),
            b.code,
        ))
    });
    let mut shown = Vec::new();
    let mut seen: BTreeMap<Code, usize> = BTreeMap::new();
    let mut left_out: BTreeMap<Code, usize> = BTreeMap::new();
    for d in sorted {
        let n = seen.entry(d.code).or_default();
        *n += 1;
        if max == 0 || *n <= max {
            shown.push(d);
        } else {
            *left_out.entry(d.code).or_default() += 1;
        }
    }
    (shown, left_out)
}

struct Paint {
    on: bool,
}

impl Paint {
    fn wrap(&self, style: &str, text: &str) -> String {
        if self.on {
            format!("\u{1b}[{style}m{text}\u{1b}[0m")
        } else {
            text.to_owned()
        }
    }
}

/// One diagnostic in the compiler style, quoting `text` (the file's
/// contents) with a caret under the offending value; ANSI colour when
/// `color` is true.
pub fn human(d: &Diagnostic, text: Option<&str>, color: bool) -> String {
    let paint = Paint { on: color };
    let mut out = String::new();
    let head = match d.severity {
        Severity::Error => paint.wrap("1;31", &format!("error[{}]", d.code)),
        Severity::Warning => paint.wrap("1;33", &format!("warning[{}]", d.code)),
        Severity::Note => paint.wrap("1;36", &format!("note[{}]", d.code)),
    };
    let _ = writeln!(out, "{head}: {}", paint.wrap("1", &shown(&d.message)));
    let arrow = paint.wrap("1;34", "-->");
    match d.span {
        Some(span) => {
            let _ = writeln!(
                out,
                "  {arrow} {}:{}:{}",
                shown(&d.file.display().to_string()),
                span.start.line,
                span.start.column
            );
            if let Some(text) = text {
                // Labels in the same file on the same line are marked in
                // the quoted line too.
                let labels: Vec<_> = d
                    .labels
                    .iter()
                    .filter(|l| l.file == d.file && l.span.start.line == span.start.line)
                    .map(|l| l.span.start.offset..l.span.end.offset)
                    .collect();
                snippet(&mut out, text, span, &labels, &paint, d.severity);
            }
        }
        None => {
            let _ = writeln!(out, "  {arrow} {}", shown(&d.file.display().to_string()));
        }
    }
    for label in &d.labels {
        let _ = writeln!(
            out,
            "  {} {}:{}:{}: {}",
            paint.wrap("1;34", ":::"),
            shown(&label.file.display().to_string()),
            label.span.start.line,
            label.span.start.column,
            shown(&label.message)
        );
    }
    if let Some(hint) = &d.hint {
        let _ = writeln!(out, "   {} {}", paint.wrap("1;36", "= hint:"), shown(hint));
    }
    out.push('\n');
    out
}

/// The widest part of a line that is quoted, in terminal columns: a longer
/// line (a minified JSON file is one line) is cut to a window around the
/// place, so that the caret can be found and one diagnostic stays a few
/// lines long.
pub const EXCERPT_WIDTH: usize = 100;

/// How many columns before the marked place a cut line keeps, when the line
/// goes on far enough after it.
const EXCERPT_BEFORE: usize = 30;

/// One character of a quoted line as shown: where it is in the file, what
/// is printed for it and how many terminal columns that takes.
struct Cell {
    offset: usize,
    shown: char,
    width: usize,
}

impl Cell {
    fn new(offset: usize, c: char) -> Self {
        // A tab would throw the caret off: it is shown as one space.
        let shown = if c == '\t' { ' ' } else { shown_char(c) };
        Cell {
            offset,
            shown,
            width: unicode_width::UnicodeWidthChar::width(shown).unwrap_or(0),
        }
    }
}

fn is_line_break(c: char) -> bool {
    c == '\n' || c == '\r'
}

/// Quotes the line where `span` starts, with a caret under the span and a
/// `-` under each label in `labels` (byte ranges of the same file) on the
/// same line. A line wider than [`EXCERPT_WIDTH`] is cut around the span,
/// with `…` where it was cut. Only the window is looked at, so quoting
/// stays quick however long the line.
fn snippet(
    out: &mut String,
    text: &str,
    span: Span,
    labels: &[std::ops::Range<usize>],
    paint: &Paint,
    severity: Severity,
) {
    let mut at = span.start.offset;
    // Past the end, or at the end after the last line break: there is no
    // line to quote.
    if at > text.len() || (at == text.len() && (at == 0 || text.ends_with(['\n', '\r']))) {
        return;
    }
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    // A place on the line feed of a `\r\n` is at the end of the line the
    // pair ends.
    let before_end = if text[at..].starts_with('\n') && text[..at].ends_with('\r') {
        at - 1
    } else {
        at
    };
    // Up to a window's width on each side of the place, stopping at the
    // line's ends.
    let mut left = Vec::new();
    let mut left_width = 0;
    let mut left_whole = true;
    for (i, c) in text[..before_end].char_indices().rev() {
        if is_line_break(c) {
            break;
        }
        if left_width > EXCERPT_WIDTH {
            left_whole = false;
            break;
        }
        let cell = Cell::new(i, c);
        left_width += cell.width;
        left.push(cell);
    }
    let mut right = Vec::new();
    let mut right_width = 0;
    let mut right_whole = true;
    for (i, c) in text[at..].char_indices() {
        if is_line_break(c) {
            break;
        }
        if right_width > EXCERPT_WIDTH {
            right_whole = false;
            break;
        }
        let cell = Cell::new(at + i, c);
        right_width += cell.width;
        right.push(cell);
    }
    let whole = left_whole && right_whole && left_width + right_width <= EXCERPT_WIDTH;
    let (mut cut_left, mut cut_right) = (false, false);
    if !whole {
        // Keep some context before the place, more when the line ends soon
        // after it.
        let mut before = left_width.min(EXCERPT_BEFORE);
        if right_whole && right_width < EXCERPT_WIDTH - before {
            before = left_width.min(EXCERPT_WIDTH - right_width);
        }
        let mut taken = 0;
        let keep = left
            .iter()
            .take_while(|c| {
                taken += c.width;
                taken <= before
            })
            .count();
        cut_left = keep < left.len() || !left_whole;
        left.truncate(keep);
        let room = EXCERPT_WIDTH - left.iter().map(|c| c.width).sum::<usize>();
        let mut taken = 0;
        let keep = right
            .iter()
            .take_while(|c| {
                taken += c.width;
                taken <= room
            })
            .count();
        cut_right = keep < right.len() || !right_whole;
        right.truncate(keep);
    }
    left.reverse();
    let cells: Vec<Cell> = left.into_iter().chain(right).collect();
    // What goes under each cell: the caret under the span (to the end of
    // the line when the span goes on past it, or is empty), a `-` under
    // labels.
    let end = if span.end.line == span.start.line && span.end.offset > at {
        span.end.offset
    } else {
        usize::MAX
    };
    let mark = |cell: &Cell| {
        if (at..end).contains(&cell.offset) {
            '^'
        } else if labels
            .iter()
            .any(|l| (l.start..l.end.max(l.start + 1)).contains(&cell.offset))
        {
            '-'
        } else {
            ' '
        }
    };
    let mut marks: Vec<char> = Vec::new();
    if cut_left {
        marks.push(' ');
    }
    for cell in &cells {
        let m = mark(cell);
        marks.extend(std::iter::repeat_n(m, cell.width));
    }
    if !marks.contains(&'^') {
        // An empty span, a zero-width character or the end of the line:
        // one caret where the place is.
        let column = usize::from(cut_left)
            + cells
                .iter()
                .take_while(|c| c.offset < at)
                .map(|c| c.width)
                .sum::<usize>();
        match marks.get_mut(column) {
            Some(m) => *m = '^',
            None => marks.push('^'),
        }
    }
    while marks.last() == Some(&' ') {
        marks.pop();
    }
    let mut line = String::new();
    if cut_left {
        line.push('…');
    }
    line.extend(cells.iter().map(|c| c.shown));
    if cut_right {
        line.push('…');
    }
    let number = span.start.line.to_string();
    let pad = " ".repeat(number.len());
    let bar = paint.wrap("1;34", "|");
    let caret_style = if severity == Severity::Error {
        "1;31"
    } else {
        "1;33"
    };
    let mut under = String::new();
    let mut rest = &marks[..];
    while let Some(&first) = rest.first() {
        let run = rest.iter().take_while(|&&m| m == first).count();
        let piece: String = rest[..run].iter().collect();
        under.push_str(&match first {
            '^' => paint.wrap(caret_style, &piece),
            '-' => paint.wrap("1;34", &piece),
            _ => piece,
        });
        rest = &rest[run..];
    }
    let _ = writeln!(out, " {pad} {bar}");
    let _ = writeln!(out, " {} {bar} {line}", paint.wrap("1;34", &number));
    let _ = writeln!(out, " {pad} {bar} {under}");
}

/// One character safe to print on a terminal; see [`shown`].
fn shown_char(c: char) -> char {
    match c {
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
        '\u{7f}' => '\u{2421}',
        c if is_unsafe(c) => '\u{fffd}',
        c => c,
    }
}

/// Control characters and the bidirectional overrides and isolates.
fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` safe to print on a terminal, one character for each: control
/// characters (escape sequences from a hostile file could rewrite the
/// screen) become their Unicode control pictures (`␛`, `␍`), and C1 controls
/// and the bidirectional overrides that can reorder what is shown become
/// `�`. Keeping the count of characters keeps the caret in place.
fn shown(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return text.into();
    }
    text.chars().map(shown_char).collect::<String>().into()
}

/// The closing line: what was checked and what was found.
pub fn summary(loaded: &Loaded) -> String {
    let errors = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let count = |severity| {
        loaded
            .diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    };
    let (warnings, notes) = (count(Severity::Warning), count(Severity::Note));
    let d = &loaded.dataset;
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "checked {}: {}, {}, {}, {}, {}; {}, {}, {}",
        plural(loaded.files_read, "file", "files"),
        plural(d.agreements.len(), "agreement", "agreements"),
        plural(d.parties.len(), "party", "parties"),
        plural(d.people.len(), "person", "people"),
        plural(d.sources.len(), "source", "sources"),
        plural(d.occasions.len(), "occasion", "occasions"),
        plural(errors, "error", "errors"),
        plural(warnings, "warning", "warnings"),
        plural(notes, "note", "notes"),
    )
}

/// Lines saying how many diagnostics of each code were left out.
pub fn left_out(left_out: &BTreeMap<Code, usize>, max: usize) -> String {
    let mut out = String::new();
    for (code, n) in left_out {
        let kind = code.severity().as_str();
        let _ = writeln!(
            out,
            "note: {n} more `{code}` {kind}{} not shown (at most {max} of each code are shown; `--max-repeats 0` shows all)",
            if *n == 1 { "" } else { "s" }
        );
    }
    out
}

// The JSON format's shapes. Fields are in alphabetical order, the order
// the format has always had.

#[derive(serde::Serialize)]
struct JsonPosition {
    column: usize,
    line: usize,
    offset: usize,
}

#[derive(serde::Serialize)]
struct JsonSpan {
    end: JsonPosition,
    start: JsonPosition,
}

impl From<&Span> for JsonSpan {
    fn from(span: &Span) -> Self {
        let at = |p: &crate::diagnostic::Position| JsonPosition {
            column: p.column,
            line: p.line,
            offset: p.offset,
        };
        JsonSpan {
            end: at(&span.end),
            start: at(&span.start),
        }
    }
}

#[derive(serde::Serialize)]
struct JsonLabel<'a> {
    file: String,
    message: &'a str,
    span: JsonSpan,
}

#[derive(serde::Serialize)]
struct JsonDiagnostic<'a> {
    code: &'static str,
    file: String,
    hint: Option<&'a str>,
    labels: Vec<JsonLabel<'a>>,
    message: &'a str,
    severity: &'static str,
    span: Option<JsonSpan>,
}

/// Every diagnostic as one JSON document (format version
/// [`JSON_FORMAT_VERSION`]), in reading order:
///
/// ```json
/// {
///   "version": 2,
///   "summary": { "files": 62, "errors": 0, "warnings": 2, "notes": 40,
///                "records": { "agreements": 15, "parties": 33, "people": 7, "sources": 3, "occasions": 4 } },
///   "diagnostics": [
///     { "code": "unknown-field", "severity": "error", "message": "unknown field `titel`",
///       "file": "fixtures/agreements/x.yaml",
///       "span": { "start": { "line": 3, "column": 3, "offset": 41 }, "end": { "line": 3, "column": 8, "offset": 46 } },
///       "labels": [], "hint": "did you mean `title`?" }
///   ]
/// }
/// ```
///
/// Lines and columns count from 1, columns in characters; offsets are in
/// bytes; `span` and `hint` may be `null`.
pub fn json(loaded: &Loaded) -> String {
    let mut text = Vec::new();
    // Writing to a vector cannot fail, and the document is all strings,
    // numbers and lists, which always serialise.
    let _ = write_json(loaded, &mut text);
    String::from_utf8(text).unwrap_or_default()
}

/// Writes the document [`json`] returns to `out`, without building it in
/// memory first (for many diagnostics it runs to megabytes).
pub fn write_json(loaded: &Loaded, out: impl std::io::Write) -> std::io::Result<()> {
    use std::io::Write as _;
    let (all, _) = cap(&loaded.diagnostics, 0);
    let errors = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let d = &loaded.dataset;
    let diagnostics: Vec<JsonDiagnostic<'_>> = all
        .iter()
        .map(|d| JsonDiagnostic {
            code: d.code.as_str(),
            file: d.file.display().to_string(),
            hint: d.hint.as_deref(),
            labels: d
                .labels
                .iter()
                .map(|l| JsonLabel {
                    file: l.file.display().to_string(),
                    message: &l.message,
                    span: JsonSpan::from(&l.span),
                })
                .collect(),
            message: &d.message,
            severity: d.severity.as_str(),
            span: d.span.as_ref().map(JsonSpan::from),
        })
        .collect();
    // Fields are declared in alphabetical order, the order the format has
    // always had.
    let document = JsonDocument {
        diagnostics,
        summary: JsonSummary {
            errors,
            files: loaded.files_read,
            records: JsonRecords {
                agreements: d.agreements.len(),
                occasions: d.occasions.len(),
                parties: d.parties.len(),
                people: d.people.len(),
                sources: d.sources.len(),
            },
            warnings: loaded
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Warning)
                .count(),
            notes: loaded
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Note)
                .count(),
        },
        version: JSON_FORMAT_VERSION,
    };
    let mut out = std::io::BufWriter::new(out);
    serde_json::to_writer_pretty(&mut out, &document)?;
    out.write_all(b"\n")?;
    out.flush()
}

#[derive(serde::Serialize)]
struct JsonDocument<'a> {
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: JsonSummary,
    version: u32,
}

#[derive(serde::Serialize)]
struct JsonSummary {
    errors: usize,
    files: usize,
    /// Marks and other choices made on purpose (severity `note`).
    notes: usize,
    records: JsonRecords,
    warnings: usize,
}

#[derive(serde::Serialize)]
struct JsonRecords {
    agreements: usize,
    occasions: usize,
    parties: usize,
    people: usize,
    sources: usize,
}

/// One diagnostic as a GitHub Actions workflow command, so it shows on the
/// pull request's line: `::error file=…,line=…,col=…,title=…::message`.
pub fn github(d: &Diagnostic) -> String {
    let level = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "notice",
    };
    let mut properties = vec![format!(
        "file={}",
        escape_property(&shown(&d.file.display().to_string()))
    )];
    if let Some(span) = d.span {
        properties.push(format!("line={}", span.start.line));
        properties.push(format!("col={}", span.start.column));
        if span.end.line >= span.start.line && span.end.line > 0 {
            properties.push(format!("endLine={}", span.end.line));
            if span.end.line == span.start.line && span.end.column > span.start.column {
                properties.push(format!("endColumn={}", span.end.column));
            }
        }
    }
    properties.push(format!(
        "title={}",
        escape_property(&format!("accord {level}[{}]", d.code))
    ));
    // Text from a file is shown harmlessly, as in the human format: the
    // log viewer would act on escape sequences. Only the line breaks put
    // here between the parts remain, escaped below.
    let mut message = shown(&d.message).into_owned();
    if let Some(hint) = &d.hint {
        message.push_str("\nhint: ");
        message.push_str(&shown(hint));
    }
    for label in &d.labels {
        message.push_str(&format!(
            "\n{}:{}:{}: {}",
            shown(&label.file.display().to_string()),
            label.span.start.line,
            label.span.start.column,
            shown(&label.message)
        ));
    }
    format!(
        "::{level} {}::{}\n",
        properties.join(","),
        escape_data(&message)
    )
}

fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn human_output_shows_control_characters_harmlessly() {
        // A key and a line holding an escape sequence, a lone carriage
        // return and a right-to-left override.
        let text = "party:\n  \u{1b}]0;owned\u{7}x: 1\u{202e}y\rz\n";
        let at = |offset, column| crate::Position {
            line: 2,
            column,
            offset,
        };
        let d = Diagnostic::new(
            Code::UnknownField,
            Path::new("bad\u{1b}[2J.yaml"),
            Some(Span {
                start: at(9, 3),
                end: at(20, 14),
            }),
            "unknown field `\u{1b}]0;owned\u{7}x`",
        )
        .with_label(
            Path::new("other\u{7}.yaml"),
            Span {
                start: at(9, 3),
                end: at(20, 14),
            },
            "also \u{1b}[8mhere",
        )
        .with_hint("did you mean `\u{9b}31m`?");
        for color in [false, true] {
            let out = human(&d, Some(text), color);
            let own_escapes = out.matches('\u{1b}').count();
            let painted = if color {
                out.matches("\u{1b}[").count()
            } else {
                0
            };
            assert_eq!(own_escapes, painted, "{out:?}");
            assert!(
                !out.contains(['\u{7}', '\r', '\u{202e}', '\u{9b}']),
                "{out:?}"
            );
        }
        // The GitHub format too: one command on one line, nothing else
        // below a space but the line break that ends it.
        let command = github(&d);
        assert_eq!(
            command
                .chars()
                .filter(|&c| c < ' ' || c == '\u{7f}')
                .collect::<String>(),
            "\n",
            "{command:?}"
        );
        assert!(!command.contains(['\u{202e}', '\u{9b}']), "{command:?}");
        assert!(command.contains("file=bad␛[2J.yaml,"), "{command}");
        assert!(command.contains("unknown field `␛]0;owned␇x`%0Ahint: did you mean `�31m`?%0Aother␇.yaml:2:3: also ␛[8mhere\n"), "{command}");
        let plain = human(&d, Some(text), false);
        assert!(plain.contains("unknown field `␛]0;owned␇x`"), "{plain}");
        assert!(plain.contains("other␇.yaml:2:3: also ␛[8mhere"), "{plain}");
        assert!(plain.contains("bad␛[2J.yaml:2:3"), "{plain}");
        // The caret stays under the key: one shown character per character.
        assert!(
            plain.contains("2 |   ␛]0;owned␇x: 1�y\n   |   ^^^^^^^^^^^\n"),
            "{plain}"
        );
    }

    /// A diagnostic on `text` from byte `start` to byte `end`, with labels
    /// at the given byte ranges of the same file.
    fn at(text: &str, start: usize, end: usize, labels: &[(usize, usize)]) -> Diagnostic {
        let span = |a, b| Span {
            start: crate::parse::position_at(text, a),
            end: crate::parse::position_at(text, b),
        };
        let mut d = Diagnostic::new(
            Code::UnknownField,
            Path::new("x.json"),
            Some(span(start, end)),
            "unknown field",
        );
        for &(a, b) in labels {
            d = d.with_label(Path::new("x.json"), span(a, b), "first here");
        }
        d
    }

    /// The quoted line and the line under it, without the gutter.
    fn quoted(out: &str) -> (String, String) {
        let rows: Vec<&str> = out.lines().collect();
        let i = rows
            .iter()
            .position(|r| r.trim_start().starts_with(|c: char| c.is_ascii_digit()))
            .expect("a quoted line");
        let text = rows[i].split_once(" | ").expect("gutter").1.to_owned();
        let under = rows[i + 1]
            .split_once(" |")
            .expect("gutter")
            .1
            .strip_prefix(' ')
            .unwrap_or_default()
            .to_owned();
        (text, under)
    }

    /// The characters of the quoted line that stand over `mark` in the
    /// line under it, by terminal columns.
    fn over(out: &str, mark: char) -> String {
        let (text, under) = quoted(out);
        let marked: Vec<bool> = under.chars().map(|c| c == mark).collect();
        let mut column = 0;
        let mut found = String::new();
        for c in text.chars() {
            let width = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if width > 0 && marked.get(column).copied().unwrap_or(false) {
                found.push(c);
            }
            column += width;
        }
        found
    }

    fn display_width(text: &str) -> usize {
        text.chars()
            .map(|c| unicode_width::UnicodeWidthChar::width(c).unwrap_or(0))
            .sum()
    }

    #[test]
    fn a_long_line_is_cut_to_a_window_around_the_place() {
        let mut text = String::from("{");
        for i in 0..5000 {
            text.push_str(&format!("\"k{i}\": 1, "));
        }
        let place = text.len() + 1;
        text.push_str("\"titel\": \"x\"");
        for i in 0..5000 {
            text.push_str(&format!(", \"m{i}\": 1"));
        }
        text.push('}');
        let out = human(&at(&text, place, place + 5, &[]), Some(&text), false);
        assert!(out.len() < 1000, "{} bytes: {out}", out.len());
        let (line, _) = quoted(&out);
        assert!(line.starts_with('…') && line.ends_with('…'), "{line}");
        assert!(display_width(&line) <= EXCERPT_WIDTH + 2, "{line}");
        assert_eq!(over(&out, '^'), "titel", "{out}");
        // Some context before the place is kept.
        assert!(line.contains("\"k4999\": 1, \"titel\""), "{line}");

        // Near the start of the line, only the end is cut; near the end,
        // only the start, and the window fills with what comes before.
        let out = human(&at(&text, 2, 4, &[]), Some(&text), false);
        let (line, _) = quoted(&out);
        assert!(line.starts_with("{\"k0") && line.ends_with('…'), "{line}");
        assert_eq!(over(&out, '^'), "k0", "{out}");
        let end = text.len() - 1;
        let out = human(&at(&text, end, end + 1, &[]), Some(&text), false);
        let (line, _) = quoted(&out);
        assert!(line.starts_with('…') && line.ends_with("1}"), "{line}");
        assert_eq!(display_width(&line), EXCERPT_WIDTH + 1, "{line}");
        assert_eq!(over(&out, '^'), "}", "{out}");

        // A span longer than the window is underlined to the window's end.
        let out = human(&at(&text, 1, text.len(), &[]), Some(&text), false);
        assert_eq!(over(&out, '^').chars().count(), EXCERPT_WIDTH - 1, "{out}");

        // A line of the window's width is shown whole.
        let short = format!("{}x", "a".repeat(EXCERPT_WIDTH - 1));
        let out = human(
            &at(&short, EXCERPT_WIDTH - 1, EXCERPT_WIDTH, &[]),
            Some(&short),
            false,
        );
        assert_eq!(quoted(&out).0, short);
        assert_eq!(over(&out, '^'), "x");
    }

    #[test]
    fn quoting_looks_at_the_window_only() {
        // Quoting places in the middle of a line 16 times longer takes
        // about as long: the time does not grow with the line.
        let time = |length: usize| {
            let text = "a".repeat(length);
            let place = length / 2;
            let at = |offset: usize| crate::Position {
                line: 1,
                column: offset + 1,
                offset,
            };
            let span = Span {
                start: at(place),
                end: at(place + 1),
            };
            let d = Diagnostic::new(Code::UnknownField, Path::new("x"), Some(span), "x");
            (0..3)
                .map(|_| {
                    let started = std::time::Instant::now();
                    for _ in 0..100 {
                        assert!(human(&d, Some(&text), false).len() < 1000);
                    }
                    started.elapsed()
                })
                .min()
                .unwrap_or_default()
        };
        let (short, long) = (time(1 << 16), time(1 << 20));
        assert!(long < short * 4, "{short:?} then {long:?}");
    }

    #[test]
    fn the_caret_stays_under_wide_characters_and_tabs() {
        let text = "{\"名前\":\t\"株式会社\", \"titel\": 1}";
        let place = text.find("titel").unwrap();
        let out = human(&at(text, place, place + 5, &[]), Some(text), false);
        assert_eq!(over(&out, '^'), "titel", "{out}");
        let place = text.find("株").unwrap();
        let out = human(
            &at(text, place, place + "株式会社".len(), &[]),
            Some(text),
            false,
        );
        assert_eq!(over(&out, '^'), "株式会社", "{out}");
        // A long line of wide characters is cut by columns, not characters.
        let text = format!("{}x{}", "中".repeat(3000), "文".repeat(3000));
        let place = text.find('x').unwrap();
        let out = human(&at(&text, place, place + 1, &[]), Some(&text), false);
        let (line, _) = quoted(&out);
        assert!(display_width(&line) <= EXCERPT_WIDTH + 2, "{line}");
        assert_eq!(over(&out, '^'), "x", "{out}");
        // A zero-width character at the place: one caret where it is.
        let text = "name: \u{200b}x";
        let out = human(&at(text, 6, 9, &[]), Some(text), false);
        assert_eq!(over(&out, '^'), "x", "{out}");
    }

    #[test]
    fn labels_on_the_same_line_are_marked_in_the_quote() {
        let text = "{\"a\": 1, \"b\": 2, \"a\": 3}";
        let second = text.rfind("\"a\"").unwrap();
        let d = at(text, second, second + 3, &[(1, 4)]);
        let out = human(&d, Some(text), false);
        assert_eq!(over(&out, '^'), "\"a\"", "{out}");
        assert_eq!(over(&out, '-'), "\"a\"", "{out}");
        let (_, under) = quoted(&out);
        assert_eq!(under, " ---             ^^^", "{out}");
        // The label is still named below, with its place.
        assert!(out.contains("::: x.json:1:2: first here"), "{out}");
        // On a long line, far apart: the label outside the window is only
        // named below.
        let text = format!("{{\"a\": 1, {}\"a\": 3}}", "\"k\": 1, ".repeat(1000));
        let second = text.rfind("\"a\"").unwrap();
        let out = human(
            &at(&text, second, second + 3, &[(1, 4)]),
            Some(&text),
            false,
        );
        assert_eq!(over(&out, '^'), "\"a\"", "{out}");
        assert_eq!(over(&out, '-'), "", "{out}");
        // A label on another line is not marked on this one.
        let text = "{\"a\": 1,\n\"a\": 3}";
        let out = human(&at(text, 10, 13, &[(1, 4)]), Some(text), false);
        assert_eq!(over(&out, '-'), "", "{out}");
    }

    #[test]
    fn spans_over_several_lines_and_line_ends() {
        // A span that goes on past its line is underlined to the line's end.
        let text = "party:\n  id: x\n  name: y\n";
        let out = human(&at(text, 9, text.len() - 1, &[]), Some(text), false);
        assert_eq!(quoted(&out).0, "  id: x");
        assert_eq!(over(&out, '^'), "id: x", "{out}");
        // Every line ending ends the quoted line: CR alone, CRLF, mixed.
        for eol in ["\r", "\r\n", "\n"] {
            let text = format!("a: 1{eol}b: 2{eol}c: 3{eol}");
            let place = text.find('b').unwrap();
            let d = at(&text, place, place + 1, &[]);
            assert_eq!(d.span.unwrap().start.line, 2);
            let out = human(&d, Some(&text), false);
            assert_eq!(quoted(&out).0, "b: 2", "{eol:?}: {out}");
            assert_eq!(over(&out, '^'), "b");
            // A place at the end of a line: the caret just after it.
            let place = text.find('2').unwrap() + 1;
            let out = human(&at(&text, place, place, &[]), Some(&text), false);
            assert_eq!(quoted(&out).0, "b: 2", "{eol:?}: {out}");
            assert_eq!(quoted(&out).1, "    ^", "{eol:?}: {out}");
        }
        let text = "a: 1\rb: 2\r\nc: 3\nd: 4";
        let place = text.find('c').unwrap();
        let d = at(text, place, place + 1, &[]);
        assert_eq!(d.span.unwrap().start.line, 3);
        assert_eq!(quoted(&human(&d, Some(text), false)).0, "c: 3");
    }
}
