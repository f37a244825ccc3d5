//! Options and redirections that reach the briefing from outside the data:
//! the title, standard output pointed at a record, the default date.

#![allow(clippy::unwrap_used)]

mod common;

use std::process::{Command, Stdio};

use common::{accord, root, text};

#[test]
fn a_title_that_is_blank_or_holds_a_control_character_is_refused() {
    for title in ["", "   ", "\u{200B}", "Brief \u{202E}gnp", "a\u{7}b"] {
        let out = accord(&[
            "report", "fixtures", "--title", title, "-o", "-", "--format", "html",
        ]);
        assert_eq!(out.status.code(), Some(2), "{title:?}");
        assert!(out.stdout.is_empty(), "{title:?}");
        assert!(
            text(&out.stderr).contains("--title"),
            "{}",
            text(&out.stderr)
        );
    }
}

#[test]
fn standard_output_redirected_onto_a_record_is_refused_and_the_record_kept() {
    let data = fixtures_with("stdout-onto-record", |_, body| body);
    let record = data.join("parties/elekta.yaml");
    let before = std::fs::read(&record).unwrap();
    let appended = std::fs::OpenOptions::new()
        .append(true)
        .open(&record)
        .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_accord"))
        .args([
            "report",
            data.to_str().unwrap(),
            "-o",
            "-",
            "--format",
            "html",
        ])
        .current_dir(root())
        .env("SOURCE_DATE_EPOCH", "1790000000")
        .stdout(Stdio::from(appended))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("standard output"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read(&record).unwrap(), before);
}

#[test]
fn a_scheduled_end_does_not_date_the_briefing_in_the_future() {
    // One agreement runs until 2099: a scheduled date, not an event.
    let data = fixtures_with("scheduled-end", |path, body| {
        if path.ends_with("agreements/elekta-sinopharm-radiotherapy-jv.yaml") {
            body.replace("  dates:\n", "  dates:\n    ends: \"2099-12-31\"\n")
        } else {
            body
        }
    });
    let out = accord(&[
        "report",
        data.to_str().unwrap(),
        "-o",
        "-",
        "--format",
        "html",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let html = text(&out.stdout);
    assert!(html.contains("2099"), "the end date is shown");
    assert!(
        html.contains("as of 9 August 2023") && !html.contains("as of 31 December 2099"),
        "the briefing is dated by a scheduled end"
    );
}

/// A copy of the fixtures in a fresh folder, each file's text passed
/// through `edit` (given the file's path in the fixtures).
fn fixtures_with(
    name: &str,
    edit: impl Fn(&std::path::Path, String) -> String,
) -> std::path::PathBuf {
    let data = common::folder(name, &[]);
    let fixtures = root().join("fixtures");
    for entry in walk(&fixtures) {
        let to = data.join(entry.strip_prefix(&fixtures).unwrap());
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        let body = std::fs::read_to_string(&entry).unwrap();
        std::fs::write(&to, edit(&entry, body)).unwrap();
    }
    data
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn characters_no_font_has_are_named_with_their_records() {
    // A Devanagari name: none of the bundled fonts has the script.
    let data = fixtures_with("unshown-characters", |path, body| {
        if path.ends_with("parties/elekta.yaml") {
            body.replace("name: Elekta\n", "name: \"एलेक्टा\"\n")
        } else {
            body
        }
    });
    let pdf = data.join("b.pdf");
    let out = accord(&[
        "report",
        data.to_str().unwrap(),
        "-o",
        pdf.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("party `elekta`, `/name`: U+090F"),
        "{stderr}"
    );
    // Without such characters, no warning.
    let out = accord(&["report", "fixtures", "-o", pdf.to_str().unwrap()]);
    assert!(
        !text(&out.stderr).contains("shows `?`"),
        "{}",
        text(&out.stderr)
    );
}
