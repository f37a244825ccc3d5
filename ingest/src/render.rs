//! Diagnostics rendered for people and for tools: the compiler-style human
//! format, a stable JSON document, and GitHub Actions workflow commands.
//! Rendering returns strings; only the CLI prints.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::Loaded;
use crate::diagnostic::{Code, Diagnostic, Severity, Span};

/// The version of the JSON format. It changes only when a field is removed
/// or changes meaning; fields may be added.
pub const JSON_FORMAT_VERSION: u32 = 1;

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
                snippet(&mut out, text, span, &paint, d.severity);
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

fn snippet(out: &mut String, text: &str, span: Span, paint: &Paint, severity: Severity) {
    let Some(line) = text.lines().nth(span.start.line.saturating_sub(1)) else {
        return;
    };
    // Tabs would throw the caret off; show them as one space each.
    let line = shown(&line.replace('\t', " ")).into_owned();
    let number = span.start.line.to_string();
    let pad = " ".repeat(number.len());
    let start = span.start.column.saturating_sub(1);
    let chars = line.chars().count();
    let width = if span.end.line == span.start.line && span.end.column > span.start.column {
        span.end.column - span.start.column
    } else {
        chars.saturating_sub(start)
    }
    .min(chars.saturating_sub(start))
    .max(1);
    let bar = paint.wrap("1;34", "|");
    let caret_style = if severity == Severity::Error {
        "1;31"
    } else {
        "1;33"
    };
    let _ = writeln!(out, " {pad} {bar}");
    let _ = writeln!(out, " {} {bar} {line}", paint.wrap("1;34", &number));
    let _ = writeln!(
        out,
        " {pad} {bar} {}{}",
        " ".repeat(start),
        paint.wrap(caret_style, &"^".repeat(width))
    );
}

/// `text` safe to print on a terminal, one character for each: control
/// characters (escape sequences from a hostile file could rewrite the
/// screen) become their Unicode control pictures (`␛`, `␍`), and C1 controls
/// and the bidirectional overrides that can reorder what is shown become
/// `�`. Keeping the count of characters keeps the caret in place.
fn shown(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char =
        |c: char| c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
    if !text.chars().any(unsafe_char) {
        return text.into();
    }
    text.chars()
        .map(|c| match c {
            '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
            '\u{7f}' => '\u{2421}',
            c if unsafe_char(c) => '\u{fffd}',
            c => c,
        })
        .collect::<String>()
        .into()
}

/// The closing line: what was checked and what was found.
pub fn summary(loaded: &Loaded) -> String {
    let errors = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = loaded.diagnostics.len() - errors;
    let d = &loaded.dataset;
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "checked {}: {}, {}, {}, {}, {}; {}, {}",
        plural(loaded.files_read, "file", "files"),
        plural(d.agreements.len(), "agreement", "agreements"),
        plural(d.parties.len(), "party", "parties"),
        plural(d.people.len(), "person", "people"),
        plural(d.sources.len(), "source", "sources"),
        plural(d.occasions.len(), "occasion", "occasions"),
        plural(errors, "error", "errors"),
        plural(warnings, "warning", "warnings"),
    )
}

/// Lines saying how many diagnostics of each code were left out.
pub fn left_out(left_out: &BTreeMap<Code, usize>, max: usize) -> String {
    let mut out = String::new();
    for (code, n) in left_out {
        let kind = if code.severity() == Severity::Error {
            "error"
        } else {
            "warning"
        };
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
///   "version": 1,
///   "summary": { "files": 62, "errors": 0, "warnings": 2,
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
            warnings: loaded.diagnostics.len() - errors,
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
        let text = "party:\n  \u{1b}]0;owned\u{7}x: 1\r\u{202e}y\n";
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
            plain.contains("2 |   ␛]0;owned␇x: 1␍�y\n   |   ^^^^^^^^^^^\n"),
            "{plain}"
        );
    }
}
