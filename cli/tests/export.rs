//! `accord export` end to end: each format written, the same bytes twice,
//! filters, refusals; and `validate --format github`'s job summary.

// Helpers outside `#[test]` functions unwrap too; a failure is a test failure.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

fn accord(args: &[&str], epoch: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_accord"));
    command.args(args).current_dir(root()).env("NO_COLOR", "1");
    match epoch {
        Some(e) => command.env("SOURCE_DATE_EPOCH", e),
        None => command.env_remove("SOURCE_DATE_EPOCH"),
    };
    command.output().unwrap()
}

fn fresh(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("export-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run_ok(args: &[&str], epoch: Option<&str>) {
    let out = accord(args, epoch);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn every_format_is_written_and_the_same_bytes_twice() {
    let dir = fresh("twice");
    for (name, magic) in [
        ("data.xlsx", &b"PK\x03\x04"[..]),
        ("data.sqlite", &b"SQLite format 3\0"[..]),
        ("data.jsonl", &b"{\"agreement\":{"[..]),
    ] {
        let (a, b) = (dir.join(format!("a-{name}")), dir.join(format!("b-{name}")));
        // Without SOURCE_DATE_EPOCH, the workbook's date comes from the data.
        run_ok(&["export", "fixtures", "-o", a.to_str().unwrap()], None);
        run_ok(&["export", "fixtures", "-o", b.to_str().unwrap()], None);
        let (a, b) = (std::fs::read(a).unwrap(), std::fs::read(b).unwrap());
        assert!(a.starts_with(magic), "{name}");
        assert!(a == b, "{name} differs between two runs");
    }
    let (a, b) = (dir.join("csv-a"), dir.join("csv-b"));
    for out in [&a, &b] {
        run_ok(
            &[
                "export",
                "fixtures",
                "--format",
                "csv",
                "-o",
                out.to_str().unwrap(),
            ],
            None,
        );
    }
    let mut names: Vec<String> = std::fs::read_dir(&a)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names.len(), accord_export_table_count() + 1);
    for name in &names {
        assert_eq!(
            std::fs::read(a.join(name)).unwrap(),
            std::fs::read(b.join(name)).unwrap(),
            "{name}"
        );
    }
    let agreements = std::fs::read_to_string(a.join("agreements.csv")).unwrap();
    // 14 agreements in the fixtures, and the header.
    assert_eq!(agreements.matches("\r\n").count(), 15);
    // An earlier export is replaced whole.
    run_ok(
        &[
            "export",
            "fixtures",
            "--format",
            "csv",
            "--region",
            "GB",
            "-o",
            a.to_str().unwrap(),
        ],
        None,
    );
    let fewer = std::fs::read_to_string(a.join("agreements.csv")).unwrap();
    assert!(fewer.matches("\r\n").count() < 15);
    // SOURCE_DATE_EPOCH sets the workbook's date, so the bytes change with it.
    let c = dir.join("c.xlsx");
    run_ok(
        &["export", "fixtures", "-o", c.to_str().unwrap()],
        Some("1790000000"),
    );
    assert_ne!(
        std::fs::read(c).unwrap(),
        std::fs::read(dir.join("a-data.xlsx")).unwrap()
    );
}

fn accord_export_table_count() -> usize {
    let dir = fresh("count");
    run_ok(
        &[
            "export",
            "fixtures",
            "--format",
            "csv",
            "-o",
            dir.join("t").to_str().unwrap(),
        ],
        None,
    );
    std::fs::read_dir(dir.join("t"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "csv")
        })
        .count()
}

#[test]
fn json_lines_hold_every_record_and_filters_keep_agreements() {
    let out = accord(
        &["export", "fixtures", "--format", "jsonl", "-o", "-"],
        None,
    );
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let kinds = |text: &str, kind: &str| {
        text.lines()
            .filter(|l| l.starts_with(&format!("{{\"{kind}\":")))
            .count()
    };
    assert_eq!(kinds(&text, "agreement"), 14);
    assert_eq!(kinds(&text, "party"), 32);
    assert_eq!(kinds(&text, "person"), 9);
    for line in text.lines() {
        let value: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(value.as_object().unwrap().len(), 1);
    }
    let out = accord(
        &[
            "export", "fixtures", "--format", "jsonl", "--party", "elekta", "-o", "-",
        ],
        None,
    );
    let kept = String::from_utf8(out.stdout).unwrap();
    assert_eq!(kinds(&kept, "agreement"), 1);
    assert!(kept.contains("\"id\":\"elekta-sinopharm-radiotherapy-jv\""));
    assert_eq!(kinds(&kept, "party"), 32, "other records are all kept");
}

#[test]
fn data_with_errors_and_bad_arguments_are_refused_before_writing() {
    let dir = fresh("refused");
    let data = dir.join("data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(
        data.join("a.yaml"),
        "party:\n  id: a\n  name: A\n  kind: companyy\n  country: GB\n",
    )
    .unwrap();
    let out_file = dir.join("out.xlsx");
    let out = accord(
        &[
            "export",
            data.to_str().unwrap(),
            "-o",
            out_file.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing was exported"));
    assert!(!out_file.exists());

    let out = accord(
        &[
            "export",
            "fixtures",
            "-o",
            dir.join("x.csv").to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot tell the format"));
    let out = accord(
        &[
            "export",
            "fixtures",
            "--format",
            "sqlite",
            "-o",
            out_file.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--format asks for SQLite"));
    let out = accord(
        &["export", "fixtures", "--region", "Atlantis", "-o", "x.xlsx"],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    // A CSV export never replaces a folder that holds anything else.
    let out = accord(
        &[
            "export",
            "fixtures",
            "--format",
            "csv",
            "-o",
            data.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(data.join("a.yaml").exists());
}

#[test]
fn a_pipe_is_written_through_not_replaced() {
    let dir = fresh("fifo");
    let fifo = dir.join("pipe.xlsx");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(fifo).unwrap())
    };
    run_ok(
        &["export", "fixtures", "-o", fifo.to_str().unwrap()],
        Some("1"),
    );
    let bytes = reader.join().unwrap();
    assert!(bytes.starts_with(b"PK"));
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
}

#[test]
fn github_format_appends_a_job_summary() {
    let dir = fresh("summary");
    let data = dir.join("data");
    std::fs::create_dir_all(&data).unwrap();
    std::fs::write(
        data.join("a.yaml"),
        "party:\n  id: a\n  name: A | B\n  kind: companyy\n  country: GB\n",
    )
    .unwrap();
    let summary = dir.join("summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap();
    for _ in 0..2 {
        let out = Command::new(env!("CARGO_BIN_EXE_accord"))
            .args(["validate", "--format", "github", data.to_str().unwrap()])
            .env("GITHUB_STEP_SUMMARY", &summary)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
    }
    let text = std::fs::read_to_string(&summary).unwrap();
    assert!(text.starts_with("earlier step\n"), "appended, not replaced");
    assert_eq!(
        text.matches("### accord validate: ❌ problems found")
            .count(),
        2
    );
    assert!(text.contains("| error | `unknown-value` | 1 |"), "{text}");
    assert!(
        text.contains("`companyy` is not an allowed `kind`<br>hint: did you mean `company`?"),
        "{text}"
    );
    assert!(text.contains("a.yaml:4:"), "{text}");
    // Without the variable nothing is written anywhere.
    let out = Command::new(env!("CARGO_BIN_EXE_accord"))
        .args(["validate", "--format", "github", "fixtures"])
        .current_dir(root())
        .env_remove("GITHUB_STEP_SUMMARY")
        .output()
        .unwrap();
    assert!(out.status.success());
}
