//! Diagnostics rendered for people and for tools: the compiler-style human
//! format (`human.rs`), a stable JSON document (`json.rs`), and GitHub
//! Actions workflow commands (`github.rs`) with a Markdown job summary
//! (`markdown.rs`); here, what they share: the
//! order and capping of repeats, and the closing lines.
//! Rendering returns strings; only the CLI prints.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::Loaded;
use crate::diagnostic::{Code, Diagnostic, Severity};

mod github;
mod human;
mod json;
mod markdown;

pub use github::github;
pub use human::{EXCERPT_WIDTH, human};
pub use json::{JSON_FORMAT_VERSION, json, write_json};
pub use markdown::{SUMMARY_ROWS, summary_markdown};

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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::diagnostic::Span;

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
