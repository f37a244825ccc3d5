//! The `accord` command end to end, as a user or a CI job runs it: which
//! stream gets what, the exit codes, the three output formats of
//! `validate`, and what `report` writes or refuses to write.

// Helpers outside `#[test]` functions unwrap too; a failure is a test failure.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The workspace root, where `fixtures/` is.
fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

/// Runs `accord` from the workspace root. `NO_COLOR` is removed so that
/// plain output can only come from standard error not being a terminal.
fn accord(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_accord"))
        .args(args)
        .current_dir(root())
        .env_remove("NO_COLOR")
        .env("SOURCE_DATE_EPOCH", "1790000000")
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap()
}

/// A fresh folder under the target directory holding `files`.
fn folder(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (file, body) in files {
        std::fs::write(dir.join(file), body).unwrap();
    }
    dir
}

/// Every file in `dir` with its bytes and modification time.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>, std::time::SystemTime)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
            (path.clone(), std::fs::read(&path).unwrap(), modified)
        })
        .collect();
    files.sort();
    files
}

const PARTY: &str = "party:\n  id: acme\n  name: Acme\n  kind: company\n  country: GB\n";
/// `name` misspelt on line 3, column 3.
const MISSPELT: &str = "party:\n  id: acme\n  nmae: Acme\n  kind: company\n  country: GB\n";

#[test]
fn the_fixtures_pass_with_warnings_denied_and_only_notes_on_stderr() {
    let out = accord(&["validate", "fixtures", "--deny-warnings"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty());
    let stderr = text(&out.stderr);
    let last = stderr.lines().last().unwrap();
    assert!(
        last.starts_with("checked ")
            && last.contains(" agreements, ")
            && last.contains("; 0 errors, 0 warnings, "),
        "{last}"
    );
    // Diagnostics, notes on what the cap left out, the summary: nothing else.
    for line in stderr.lines() {
        let known = ["note[", "  --> ", "   = hint: ", "note: ", "checked "]
            .iter()
            .any(|start| line.starts_with(start))
            || line.is_empty()
            || line.trim_start().starts_with('|')
            || line
                .trim_start()
                .split_once(" |")
                .is_some_and(|(n, _)| n.parse::<u32>().is_ok());
        assert!(known, "unexpected line on stderr: {line:?}");
    }
    assert!(!stderr.contains('\u{1b}'), "colour on a pipe");

    // Machine formats keep stderr empty (JSON) or to the summary (GitHub).
    let json = accord(&["validate", "fixtures", "--format", "json"]);
    assert_eq!(json.status.code(), Some(0));
    assert!(json.stderr.is_empty(), "{}", text(&json.stderr));
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(value["summary"]["errors"], 0);
    assert_eq!(value["summary"]["warnings"], 0);
    assert!(value["summary"]["notes"].as_u64().unwrap() > 0);
    let github = accord(&["validate", "fixtures", "--format", "github"]);
    assert_eq!(github.status.code(), Some(0));
    assert_eq!(text(&github.stderr).lines().count(), 1);
    for line in text(&github.stdout).lines() {
        assert!(
            line.starts_with("::warning file=fixtures/") || line.starts_with("::notice "),
            "{line}"
        );
    }
}

#[test]
fn a_misspelt_field_is_one_error_at_its_place_in_every_format() {
    let dir = folder("misspelt", &[("acme.yaml", MISSPELT)]);
    let before = snapshot(&dir);
    let file = dir.join("acme.yaml");
    let path = dir.to_str().unwrap();

    let human = accord(&["validate", path]);
    assert_eq!(human.status.code(), Some(1));
    assert!(human.stdout.is_empty());
    let stderr = text(&human.stderr);
    assert!(
        stderr.starts_with("error[unknown-field]: unknown field `nmae`"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("  --> {}:3:3\n", file.display())),
        "{stderr}"
    );
    assert!(stderr.contains(" 3 |   nmae: Acme\n"), "{stderr}");
    assert!(stderr.contains("   |   ^^^^\n"), "{stderr}");
    assert!(stderr.contains("did you mean `name`"), "{stderr}");
    // The missing `name` is the same mistake, not a second error.
    assert_eq!(stderr.matches("error[").count(), 1, "{stderr}");
    assert!(!stderr.contains('\u{1b}'), "colour on a pipe");

    let json = accord(&["validate", path, "--format", "json"]);
    assert_eq!(json.status.code(), Some(1));
    assert!(json.stderr.is_empty(), "{}", text(&json.stderr));
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let diagnostics = value["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{value:#}");
    let d = &diagnostics[0];
    assert_eq!(d["code"], "unknown-field");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["file"], file.to_str().unwrap());
    assert_eq!(d["span"]["start"]["line"], 3);
    assert_eq!(d["span"]["start"]["column"], 3);
    assert_eq!(value["summary"]["errors"], 1);

    let github = accord(&["validate", path, "--format", "github"]);
    assert_eq!(github.status.code(), Some(1));
    let stdout = text(&github.stdout);
    assert!(
        stdout.starts_with(&format!(
            "::error file={},line=3,col=3,endLine=3,endColumn=7,title=accord error[unknown-field]::unknown field `nmae`",
            file.display()
        )),
        "{stdout}"
    );
    assert_eq!(stdout.lines().count(), 1);

    // Checking never touches what the user wrote, nor adds anything.
    assert_eq!(snapshot(&dir), before);
}

#[test]
fn warnings_pass_unless_denied() {
    let dir = folder(
        "warnings",
        &[
            ("acme.yaml", PARTY),
            ("notes.txt", "a file that is not a record\n"),
        ],
    );
    let path = dir.to_str().unwrap();
    let out = accord(&["validate", path]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("warning[skipped-file]"));
    assert!(text(&out.stderr).contains("0 errors, 1 warning"));
    let denied = accord(&["validate", "--deny-warnings", path]);
    assert_eq!(denied.status.code(), Some(1));

    let clean = folder("clean", &[("acme.yaml", PARTY)]);
    let out = accord(&["validate", "--deny-warnings", clean.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn dates_are_judged_by_as_of() {
    let out = accord(&[
        "validate",
        "fixtures",
        "--as-of",
        "2010-01-01",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> = value["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(!codes.is_empty());
    assert!(codes.iter().all(|&c| c == "future-date"), "{codes:?}");
}

#[test]
fn the_tool_failing_is_exit_2_with_a_message() {
    let missing = accord(&["validate", "no-such-folder"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing.stderr).contains("cannot read `no-such-folder`"));

    let bad_date = accord(&["validate", "fixtures", "--as-of", "31/01/2026"]);
    assert_eq!(bad_date.status.code(), Some(2));
    assert_eq!(
        text(&bad_date.stderr),
        "accord: --as-of: give a full date such as 2026-01-31, not `31/01/2026`\n"
    );

    let bad_flag = accord(&["validate", "fixtures", "--format", "xml"]);
    assert_eq!(bad_flag.status.code(), Some(2));
}

#[test]
fn report_writes_each_output_whole_and_refuses_data_with_errors() {
    let out_dir = folder("report", &[]);
    let pdf = out_dir.join("briefing.pdf");
    let html = out_dir.join("briefing.html");
    let out = accord(&[
        "report",
        "fixtures",
        "-o",
        pdf.to_str().unwrap(),
        "-o",
        html.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    assert!(bytes.trim_ascii_end().ends_with(b"%%EOF"));
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(
        page.starts_with("<!DOCTYPE html>") || page.starts_with("<!doctype html>"),
        "{}",
        &page[..40]
    );
    assert!(page.contains("Elekta–Sinopharm radiotherapy joint venture"));
    // Written through a temporary file and renamed: nothing else is left.
    let names: Vec<_> = snapshot(&out_dir).into_iter().map(|(p, ..)| p).collect();
    assert_eq!(names, [html.clone(), pdf.clone()]);

    // HTML on standard output when asked.
    let piped = accord(&["report", "fixtures", "--format", "html", "-o", "-"]);
    assert_eq!(piped.status.code(), Some(0), "{}", text(&piped.stderr));
    assert_eq!(text(&piped.stdout), page);

    // Data with an error gives no briefing, and an old one is left alone.
    let broken = folder("report-broken", &[("acme.yaml", MISSPELT)]);
    let out = accord(&[
        "report",
        broken.to_str().unwrap(),
        "-o",
        pdf.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("error[unknown-field]"), "{stderr}");
    assert!(
        stderr.ends_with("accord: the data has errors; no briefing was written\n"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&pdf).unwrap(), bytes);
}
