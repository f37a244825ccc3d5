//! A Markdown summary of a check, for GitHub's job summary page
//! (`GITHUB_STEP_SUMMARY`): GitHub shows only a limited number of
//! annotations per step, so the summary lists what they leave out.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::human::shown;
use crate::Loaded;
use crate::diagnostic::{Code, Diagnostic, Severity};

/// The most diagnostics the summary lists one by one; the counts per code
/// above them cover the rest. GitHub takes at most 1 MiB of summary per
/// step, and each listed line is at most a few hundred bytes.
pub const SUMMARY_ROWS: usize = 200;

/// The longest message or hint text (in characters) a row shows; longer
/// text is cut and ends in `…`.
const CELL_TEXT: usize = 300;

/// The check as Markdown: a heading, the closing line of the human format,
/// a table of counts per code, and a table of the diagnostics (errors
/// first, then warnings and notes, each in file order), at most
/// [`SUMMARY_ROWS`] of them. Text from the data is escaped so it cannot
/// break the table or add markup. Ends with a blank line, so summaries
/// appended one after another stay apart.
pub fn summary_markdown(loaded: &Loaded) -> String {
    let mut out = String::new();
    let errors = count(&loaded.diagnostics, Severity::Error);
    let status = if errors > 0 {
        "❌ problems found"
    } else if loaded.diagnostics.is_empty() {
        "✅ no problems"
    } else {
        "✅ no errors"
    };
    let _ = writeln!(out, "### accord validate: {status}\n");
    let _ = writeln!(out, "{}\n", cell(&super::summary(loaded)));
    if loaded.diagnostics.is_empty() {
        return out;
    }
    let mut per_code: BTreeMap<(Severity, Code), usize> = BTreeMap::new();
    for d in &loaded.diagnostics {
        *per_code.entry((d.severity, d.code)).or_default() += 1;
    }
    let _ = writeln!(out, "| severity | code | count |\n| --- | --- | ---: |");
    for ((severity, code), n) in per_code.iter().rev() {
        let _ = writeln!(out, "| {} | `{code}` | {n} |", severity.as_str());
    }
    out.push('\n');
    let (all, _) = super::cap(&loaded.diagnostics, 0);
    let _ = writeln!(
        out,
        "| severity | code | where | message |\n| --- | --- | --- | --- |"
    );
    for d in all.iter().take(SUMMARY_ROWS) {
        let _ = writeln!(
            out,
            "| {} | `{}` | {} | {} |",
            d.severity.as_str(),
            d.code,
            place(d),
            message(d)
        );
    }
    if all.len() > SUMMARY_ROWS {
        let _ = writeln!(
            out,
            "\n{} more not listed; `accord validate` prints them all.",
            all.len() - SUMMARY_ROWS
        );
    }
    out.push('\n');
    out
}

fn count(diagnostics: &[Diagnostic], severity: Severity) -> usize {
    diagnostics
        .iter()
        .filter(|d| d.severity == severity)
        .count()
}

/// `file:line:column` in code style.
fn place(d: &Diagnostic) -> String {
    let file = d.file.display().to_string();
    let at = match d.span {
        Some(s) => format!("{file}:{}:{}", s.start.line, s.start.column),
        None => file,
    };
    code_span(&at)
}

fn message(d: &Diagnostic) -> String {
    let mut text = cell(&d.message);
    if let Some(hint) = &d.hint {
        text.push_str("<br>hint: ");
        text.push_str(&cell(hint));
    }
    text
}

/// Text as one table cell: control characters shown harmlessly, lines
/// joined, Markdown and HTML characters escaped (backticks kept: messages
/// put values in code spans), cut at [`CELL_TEXT`].
fn cell(text: &str) -> String {
    let flat = text.replace(['\n', '\r'], " ");
    let shown = shown(&flat);
    let mut out = String::with_capacity(shown.len());
    for (i, c) in shown.chars().enumerate() {
        if i == CELL_TEXT {
            out.push('…');
            break;
        }
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '|' | '\\' | '*' | '_' | '[' | ']' | '#' | '~' | '!' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Text in a code span that cannot be closed early: the fence is one
/// backtick longer than the longest run inside; a bar is escaped for
/// the table.
fn code_span(text: &str) -> String {
    let shown = shown(text);
    let longest = shown.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let inner = shown.replace('|', "\\|").replace(['\n', '\r'], " ");
    format!("{fence} {inner} {fence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_cannot_break_the_table_or_add_markup() {
        assert_eq!(cell("a | b\nc <b>"), "a \\| b c &lt;b&gt;");
        assert_eq!(cell("[x](y) `z`"), "\\[x\\](y) `z`");
        let long = "x".repeat(400);
        assert_eq!(cell(&long).chars().count(), CELL_TEXT + 1);
        assert!(cell(&long).ends_with('…'));
    }

    #[test]
    fn code_spans_fence_beyond_their_backticks() {
        assert_eq!(code_span("a.yaml:1:2"), "` a.yaml:1:2 `");
        assert_eq!(code_span("a``b|c"), "``` a``b\\|c ```");
    }
}
