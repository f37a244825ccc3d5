//! The JSON document for tools: a stable, versioned shape.

use super::cap;
use crate::Loaded;
use crate::diagnostic::{Severity, Span};

/// The version of the JSON format. It changes only when a field is removed
/// or changes meaning; fields may be added. Version 2 added the severity
/// `note` and the summary's `notes` count; `warnings` no longer counts
/// what became notes (unknown currencies, sources without an address,
/// marked facts).
pub const JSON_FORMAT_VERSION: u32 = 2;

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
