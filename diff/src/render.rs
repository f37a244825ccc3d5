//! A [`Diff`] written for people, for pull requests and for programs.
//!
//! Each function returns the whole text; the caller prints it. `old` and
//! `new` name the two sides as the user gave them (`HEAD:fixtures`,
//! `fixtures`).

use serde::Serialize;
use serde_json::Value;

use crate::{Change, Diff, Entry};

/// The version of the JSON format ([`json`]). Fields may be added within a
/// version; none is removed or changes meaning without a new version.
pub const JSON_VERSION: u32 = 1;

/// Values longer than this many characters are cut in the human and
/// Markdown formats (marked `…`); the JSON format has them whole.
const SHOWN_CHARS: usize = 200;

/// The counts in words: `1 added, 0 removed, 1 renamed, 2 changed, 118 unchanged`.
pub fn summary_line(diff: &Diff) -> String {
    let s = diff.summary();
    format!(
        "{} added, {} removed, {} renamed, {} changed, {} unchanged",
        s.added, s.removed, s.renamed, s.changed, s.unchanged
    )
}

/// Plain text, one record a line and one changed field a line beneath it:
///
/// ```text
/// changed  agreement/elekta-sinopharm-jv  (fixtures/agreements/elekta.yaml)
///     status: signed → completed
/// renamed  party/medopad → party/huma
/// ```
pub fn human(diff: &Diff, old: &str, new: &str) -> String {
    let mut out = format!("comparing {old} (old) with {new} (new)\n");
    for e in &diff.entries {
        out.push_str(&format!("{:<8} {}", e.change.word(), record(e)));
        match (&e.old_file, &e.file, &e.change) {
            (Some(o), Some(n), Change::Renamed { .. }) if o != n => {
                out.push_str(&format!("  ({o} → {n})"));
            }
            (_, Some(f), Change::Added | Change::Changed { .. } | Change::Renamed { .. })
            | (Some(f), _, Change::Removed) => out.push_str(&format!("  ({f})")),
            _ => {}
        }
        out.push('\n');
        for f in e.fields() {
            out.push_str(&format!(
                "    {}: {} → {}\n",
                f.path,
                shown(f.old.as_ref()),
                shown(f.new.as_ref())
            ));
        }
    }
    if diff.is_empty() {
        out.push_str("no differences\n");
    }
    out.push_str(&summary_line(diff));
    out.push('\n');
    out
}

/// `kind/id`, or `kind/old → kind/new` for a rename.
fn record(e: &Entry) -> String {
    match &e.change {
        Change::Renamed { old_id } => format!("{}/{old_id} → {}/{}", e.kind, e.kind, e.id),
        _ => format!("{}/{}", e.kind, e.id),
    }
}

/// A value for a reader: text as it is (quoted as JSON when it holds a line
/// break or leading or trailing space), anything else as compact JSON, cut
/// after [`SHOWN_CHARS`] characters; `(none)` for a side without the field.
fn shown(value: Option<&Value>) -> String {
    let text = match value {
        None => return "(none)".to_owned(),
        Some(Value::String(s))
            if !s.contains(['\n', '\r']) && s.trim() == s && !s.is_empty() && s != "(none)" =>
        {
            s.clone()
        }
        Some(v) => v.to_string(),
    };
    match text.char_indices().nth(SHOWN_CHARS) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text,
    }
}

/// Markdown for a pull request: the counts, then a list per kind of change,
/// every id, path and value in a code span.
pub fn markdown(diff: &Diff, old: &str, new: &str) -> String {
    let mut out = format!(
        "### Changes from {} to {}\n\n{}\n",
        code(old),
        code(new),
        summary_line(diff)
    );
    if diff.is_empty() {
        out.push_str("\nNo differences.\n");
        return out;
    }
    for (title, word) in [
        ("Added", "added"),
        ("Removed", "removed"),
        ("Renamed", "renamed"),
        ("Changed", "changed"),
    ] {
        let entries: Vec<&Entry> = diff
            .entries
            .iter()
            .filter(|e| e.change.word() == word)
            .collect();
        if entries.is_empty() {
            continue;
        }
        out.push_str(&format!("\n#### {title} ({})\n\n", entries.len()));
        for e in entries {
            match &e.change {
                Change::Renamed { old_id } => out.push_str(&format!(
                    "- {} → {}\n",
                    code(&format!("{}/{old_id}", e.kind)),
                    code(&format!("{}/{}", e.kind, e.id))
                )),
                _ => out.push_str(&format!("- {}\n", code(&format!("{}/{}", e.kind, e.id)))),
            }
            for f in e.fields() {
                out.push_str(&format!(
                    "  - {}: {} → {}\n",
                    code(&f.path),
                    f.old
                        .as_ref()
                        .map_or("*(none)*".to_owned(), |v| code(&shown(Some(v)))),
                    f.new
                        .as_ref()
                        .map_or("*(none)*".to_owned(), |v| code(&shown(Some(v)))),
                ));
            }
        }
    }
    out
}

/// A Markdown code span holding `text` exactly: fenced by one more backtick
/// than the longest run inside, padded when it starts or ends with one;
/// line breaks become spaces (a code span is one line).
fn code(text: &str) -> String {
    let text = text.replace(['\r', '\n'], " ");
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// The JSON document (`docs/diff.md` describes it):
///
/// ```json
/// { "version": 1, "old": "HEAD:fixtures", "new": "fixtures",
///   "summary": { "added": 0, "removed": 0, "renamed": 1, "changed": 1, "unchanged": 120 },
///   "records": [
///     { "change": "changed", "kind": "agreement", "id": "a", "old_file": "…", "file": "…",
///       "fields": [ { "path": "status", "old": "signed", "new": "completed" } ] },
///     { "change": "renamed", "kind": "party", "id": "b", "old_id": "a", "old_file": "…", "file": "…" } ] }
/// ```
pub fn json(diff: &Diff, old: &str, new: &str) -> String {
    let records: Vec<RecordOut<'_>> = diff
        .entries
        .iter()
        .map(|e| RecordOut {
            change: e.change.word(),
            kind: e.kind.to_string(),
            id: &e.id,
            old_id: match &e.change {
                Change::Renamed { old_id } => Some(old_id.as_str()),
                _ => None,
            },
            old_file: (!matches!(e.change, Change::Added)).then_some(e.old_file.as_deref()),
            file: (!matches!(e.change, Change::Removed)).then_some(e.file.as_deref()),
            fields: match &e.change {
                Change::Changed { fields } => Some(
                    fields
                        .iter()
                        .map(|f| FieldOut {
                            path: &f.path,
                            old: f.old.as_ref(),
                            new: f.new.as_ref(),
                        })
                        .collect(),
                ),
                _ => None,
            },
        })
        .collect();
    let document = Document {
        version: JSON_VERSION,
        old,
        new,
        summary: diff.summary(),
        records,
    };
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}

/// The JSON document; fields in the order written.
#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    old: &'a str,
    new: &'a str,
    summary: crate::Summary,
    records: Vec<RecordOut<'a>>,
}

#[derive(Serialize)]
struct RecordOut<'a> {
    change: &'static str,
    kind: String,
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    old_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    old_file: Option<Option<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    file: Option<Option<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fields: Option<Vec<FieldOut<'a>>>,
}

#[derive(Serialize)]
struct FieldOut<'a> {
    path: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    old: Option<&'a Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    new: Option<&'a Value>,
}

#[cfg(test)]
mod tests {
    use super::*;

    use serde_json::json;

    #[test]
    fn code_spans_hold_backticks() {
        assert_eq!(code("a"), "`a`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`a"), "`` `a ``");
        assert_eq!(code("a\nb"), "`a b`");
    }

    #[test]
    fn values_are_shown_plainly_and_cut() {
        assert_eq!(shown(Some(&json!("signed"))), "signed");
        assert_eq!(shown(Some(&json!("two\nlines"))), "\"two\\nlines\"");
        assert_eq!(shown(Some(&json!(5))), "5");
        assert_eq!(shown(None), "(none)");
        assert_eq!(shown(Some(&json!("(none)"))), "\"(none)\"");
        let long = "x".repeat(500);
        assert_eq!(shown(Some(&json!(long))).chars().count(), SHOWN_CHARS + 1);
    }
}
