//! `accord report --config briefing.toml`: the file's settings make the
//! briefing, the command line overrides them, and mistakes are errors that
//! name the file, the place and the key.

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

fn accord(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_accord"))
        .args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1790000000")
        .output()
        .unwrap()
}

fn folder(name: &str, files: &[(&str, String)]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("config-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (file, body) in files {
        std::fs::write(dir.join(file), body).unwrap();
    }
    dir
}

#[test]
fn a_briefing_file_makes_the_briefing_and_the_command_line_overrides_it() {
    let fixtures = root().join("fixtures");
    let config = format!(
        "title = \"Liaoning desk briefing\"\nissuer = \"Test desk\"\ndata = [{:?}]\noutput = [\"out.html\"]\nsections = [\"summary\", \"collaborations\", \"sources\"]\n\n[scope]\nregion = [\"CN-LN\"]\n",
        fixtures.display().to_string()
    );
    let dir = folder("ok", &[("briefing.toml", config)]);
    let out = accord(&dir, &["report", "--config", "briefing.toml"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(dir.join("out.html")).unwrap();
    assert!(html.contains("<h1>Liaoning desk briefing</h1>"));
    assert!(html.contains("Test desk"));
    assert!(html.contains("Liaoning Province–Sinopharm"));
    assert!(!html.contains("Elekta–Sinopharm radiotherapy joint venture"));
    // Only the sections the file names.
    assert!(html.contains("id=\"summary\""));
    assert!(!html.contains("id=\"key-figures\""));
    // The command line wins over the file.
    let out = accord(
        &dir,
        &[
            "report",
            "--config",
            "briefing.toml",
            "--title",
            "Other",
            "--region",
            "GB",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(dir.join("out.html")).unwrap();
    assert!(html.contains("<h1>Other</h1>"));
    assert!(!html.contains("Liaoning Province–Sinopharm cooperation"));
}

#[test]
fn mistakes_in_a_briefing_file_name_the_file_place_and_key() {
    for (body, wanted) in [
        (
            "titel = \"x\"\n",
            "briefing.toml:1:1: unknown key `titel` in the briefing file\n  = hint: did you mean `title`?",
        ),
        (
            "[scope]\nregoin = \"CN\"\n",
            "briefing.toml:2:1: unknown key `scope.regoin`",
        ),
        (
            "paper = \"a5\"\n",
            "briefing.toml:1:9: `paper` `a5` is not a paper size",
        ),
        (
            "sections = [\"summary\", \"nope\"]\n",
            "`sections` `nope` is not a section",
        ),
        ("title = 3\n", "briefing.toml:1:9: `title` must be a string"),
        (
            "title = [1\n",
            "briefing.toml:1:11: the briefing file is not valid TOML",
        ),
    ] {
        let dir = folder("bad", &[("briefing.toml", body.to_owned())]);
        let out = accord(&dir, &["report", "--config", "briefing.toml"]);
        assert_eq!(out.status.code(), Some(2), "{body}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(wanted), "{body}: {stderr}");
        // Nothing was written.
        assert!(!dir.join("briefing.pdf").exists());
    }
}
