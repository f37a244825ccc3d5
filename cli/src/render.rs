//! Rendering diagnostics for people: the compiler-style format with the
//! source line and a caret under the offending value.

use std::fmt::Write;

use accord_ingest::{Diagnostic, Span};

/// Renders one diagnostic, quoting `text` (the file's contents) when known.
pub fn human(d: &Diagnostic, text: Option<&str>) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}[{}]: {}", d.severity.as_str(), d.code, d.message);
    match d.span {
        Some(span) => {
            let _ = writeln!(
                out,
                "  --> {}:{}:{}",
                d.file.display(),
                span.start.line,
                span.start.column
            );
            if let Some(text) = text {
                snippet(&mut out, text, span, None);
            }
        }
        None => {
            let _ = writeln!(out, "  --> {}", d.file.display());
        }
    }
    for label in &d.labels {
        let _ = writeln!(
            out,
            "  ::: {}:{}:{}: {}",
            label.file.display(),
            label.span.start.line,
            label.span.start.column,
            label.message
        );
    }
    if let Some(hint) = &d.hint {
        let _ = writeln!(out, "   = hint: {hint}");
    }
    out.push('\n');
    out
}

fn snippet(out: &mut String, text: &str, span: Span, label: Option<&str>) {
    let Some(line) = text.lines().nth(span.start.line.saturating_sub(1)) else {
        return;
    };
    let number = span.start.line.to_string();
    let pad = " ".repeat(number.len());
    let start_col = span.start.column.saturating_sub(1);
    let line_chars = line.chars().count();
    let width = if span.end.line == span.start.line && span.end.column > span.start.column {
        span.end.column - span.start.column
    } else {
        line_chars.saturating_sub(start_col).max(1)
    };
    let width = width.min(line_chars.saturating_sub(start_col).max(1));
    let _ = writeln!(out, " {pad} |");
    let _ = writeln!(out, " {number} | {line}");
    let _ = writeln!(
        out,
        " {pad} | {}{}{}",
        " ".repeat(start_col),
        "^".repeat(width),
        label.map(|l| format!(" {l}")).unwrap_or_default()
    );
}
