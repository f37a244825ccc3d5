//! `accord diff` as a user runs it: the three formats, the exit codes, and
//! sides read from git revisions without touching the work tree.

#![allow(clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{accord, root, text};

/// A copy of the fixtures under the target directory, with `edit` applied.
fn changed_copy(name: &str, edit: impl FnOnce(&Path)) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("diff-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&root().join("fixtures"), &dir);
    edit(&dir);
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn replace(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} holds `{from}`", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// The known changes: a status, a value, a record removed, an id renamed.
fn known_changes(dir: &Path) {
    replace(
        &dir.join("agreements/elekta-sinopharm-radiotherapy-jv.yaml"),
        "\n  status: signed\n",
        "\n  status: completed\n",
    );
    replace(
        &dir.join("agreements/eight-great-technologies-leaguer-fund.yaml"),
        "amount: 5000000000\n",
        "amount: 6000000000\n",
    );
    std::fs::remove_file(dir.join("agreements/nine-health-tsingdata-health-analytics.yaml"))
        .unwrap();
    replace(
        &dir.join("parties/iaea.yaml"),
        "  id: iaea\n",
        "  id: international-atomic-energy-agency\n",
    );
}

#[test]
fn human_format_lists_each_change_with_its_fields() {
    let copy = changed_copy("human", known_changes);
    let out = accord(&["diff", "fixtures", copy.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let c = copy.display();
    let expected = format!(
        "comparing fixtures (old) with {c} (new)\n\
         changed  agreement/eight-great-technologies-leaguer-fund  ({c}/agreements/eight-great-technologies-leaguer-fund.yaml)\n\
         \x20   value.amount: 5000000000 → 6000000000\n\
         changed  agreement/elekta-sinopharm-radiotherapy-jv  ({c}/agreements/elekta-sinopharm-radiotherapy-jv.yaml)\n\
         \x20   status: signed → completed\n\
         removed  agreement/nine-health-tsingdata-health-analytics  (fixtures/agreements/nine-health-tsingdata-health-analytics.yaml)\n\
         renamed  party/iaea → party/international-atomic-energy-agency  (fixtures/parties/iaea.yaml → {c}/parties/iaea.yaml)\n\
         0 added, 1 removed, 1 renamed, 2 changed, 58 unchanged\n"
    );
    assert_eq!(stdout, expected);
    assert_eq!(text(&out.stderr), "");
}

#[test]
fn markdown_and_json_formats_say_the_same() {
    let copy = changed_copy("formats", known_changes);
    let md = accord(&[
        "diff",
        "fixtures",
        copy.to_str().unwrap(),
        "--format",
        "markdown",
    ]);
    assert_eq!(md.status.code(), Some(0));
    let md = text(&md.stdout);
    assert!(md.starts_with("### Changes from `fixtures` to `"));
    assert!(md.contains(
        "#### Renamed (1)\n\n- `party/iaea` → `party/international-atomic-energy-agency`\n"
    ));
    assert!(md.contains("  - `status`: `signed` → `completed`\n"));

    let json = accord(&[
        "diff",
        "fixtures",
        copy.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(json.status.code(), Some(0));
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["old"], "fixtures");
    assert_eq!(
        doc["summary"],
        serde_json::json!({"added": 0, "removed": 1, "renamed": 1, "changed": 2, "unchanged": 58})
    );
    let records = doc["records"].as_array().unwrap();
    assert_eq!(records.len(), 4);
    assert_eq!(records[0]["fields"][0]["path"], "value.amount");
    assert_eq!(records[0]["fields"][0]["old"], 5000000000u64);
    assert_eq!(records[0]["fields"][0]["new"], 6000000000u64);
    assert_eq!(records[2]["change"], "removed");
    assert!(records[2].get("file").is_none());
    assert_eq!(
        records[2]["old_file"],
        "fixtures/agreements/nine-health-tsingdata-health-analytics.yaml"
    );
    assert_eq!(records[3]["old_id"], "iaea");
}

#[test]
fn exit_codes_are_those_of_validate() {
    // 1: a side with an error; nothing on standard output, the error named
    // at its file and line on standard error.
    let broken = changed_copy("broken", |dir| {
        replace(&dir.join("parties/iaea.yaml"), "  kind:", "  knd:");
    });
    let out = accord(&["diff", "fixtures", broken.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "");
    assert!(text(&out.stderr).contains("error[unknown-field]: unknown field `knd`"));
    assert!(text(&out.stderr).contains(&format!("{}/parties/iaea.yaml:5:3", broken.display())));

    // Warnings fail only with --deny-warnings.
    let warned = changed_copy("warned", |dir| {
        std::fs::write(dir.join("notes.txt"), "not a record").unwrap();
    });
    let out = accord(&["diff", "fixtures", warned.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stderr).contains("warning[skipped-file]"));
    assert!(text(&out.stdout).contains("no differences"));
    let out = accord(&[
        "diff",
        "fixtures",
        warned.to_str().unwrap(),
        "--deny-warnings",
    ]);
    assert_eq!(out.status.code(), Some(1));

    // 2: a side that cannot be read, on disk or in git.
    let out = accord(&["diff", "fixtures", "no-such-folder"]);
    assert_eq!(out.status.code(), Some(2));
    let out = accord(&["diff", "no-such-revision-anywhere:fixtures", "fixtures"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("git could not read it as REV:PATH"));
}

fn git(repo: &Path, args: &[&str]) -> Output {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.invalid",
        ])
        .args(args)
        .current_dir(repo)
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", text(&out.stderr));
    out
}

fn accord_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_accord"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output()
        .unwrap()
}

#[test]
fn git_revisions_are_read_without_touching_the_work_tree() {
    let repo = Path::new(env!("CARGO_TARGET_TMPDIR")).join("diff-git-repo");
    let _ = std::fs::remove_dir_all(&repo);
    std::fs::create_dir_all(&repo).unwrap();
    git(&repo, &["init", "-q"]);
    copy_dir(&root().join("fixtures"), &repo.join("data"));
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-q", "-m", "first"]);
    known_changes(&repo.join("data"));
    git(&repo, &["commit", "-q", "-a", "-m", "second"]);
    // An uncommitted change in the work tree, which revisions must not see.
    replace(
        &repo.join("data/parties/elekta.yaml"),
        "  name: Elekta\n",
        "  name: Elekta AB\n",
    );
    let status_before = git(&repo, &["status", "--porcelain"]).stdout;
    let index = repo.join(".git/index");
    let index_before = std::fs::read(&index).unwrap();

    let out = accord_in(&repo, &["diff", "HEAD~1:data", "HEAD:data"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains(
        "changed  agreement/elekta-sinopharm-radiotherapy-jv  (HEAD:data/agreements/elekta-sinopharm-radiotherapy-jv.yaml)\n    status: signed → completed\n"
    ), "{stdout}");
    assert!(stdout.contains(
        "renamed  party/iaea → party/international-atomic-energy-agency  (HEAD~1:data/parties/iaea.yaml → HEAD:data/parties/iaea.yaml)"
    ));
    assert!(stdout.ends_with("0 added, 1 removed, 1 renamed, 2 changed, 58 unchanged\n"));
    assert!(
        !stdout.contains("elekta.yaml"),
        "the work tree's change is not in a revision"
    );

    // A revision against the work tree: only the uncommitted change.
    let out = accord_in(&repo, &["diff", "HEAD:data", "data"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "comparing HEAD:data (old) with data (new)\n\
         changed  party/elekta  (data/parties/elekta.yaml)\n\
         \x20   name: Elekta → Elekta AB\n\
         0 added, 0 removed, 0 renamed, 1 changed, 60 unchanged\n"
    );
    // Neither the work tree nor the index was touched.
    assert_eq!(git(&repo, &["status", "--porcelain"]).stdout, status_before);
    assert_eq!(std::fs::read(&index).unwrap(), index_before);

    // An error in a revision is named by its revision and path.
    replace(&repo.join("data/parties/iaea.yaml"), "  kind:", "  knd:");
    git(&repo, &["commit", "-q", "-a", "-m", "broken"]);
    let out = accord_in(&repo, &["diff", "HEAD~1:data", "HEAD:data"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("--> HEAD:data/parties/iaea.yaml:5:3"));
}

#[test]
fn report_changes_since_adds_the_section_and_refuses_a_broken_older_side() {
    let older = changed_copy("older", known_changes);
    let out = accord(&[
        "report",
        "fixtures",
        "--changes-since",
        older.to_str().unwrap(),
        "--format",
        "html",
        "-o",
        "-",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let html = text(&out.stdout);
    assert!(html.contains(&format!(
        r##"<h2 id="changes">What changed since {}</h2>"##,
        older.display()
    )));
    assert!(html.contains(": Completed → Signed</li>"));
    assert!(html.contains("<h3>New collaborations</h3>"));

    let broken = changed_copy("older-broken", |dir| {
        replace(&dir.join("parties/iaea.yaml"), "  kind:", "  knd:");
    });
    let out = accord(&[
        "report",
        "fixtures",
        "--changes-since",
        broken.to_str().unwrap(),
        "--format",
        "html",
        "-o",
        "-",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "");
    assert!(text(&out.stderr).contains("unknown field `knd`"));
    assert!(text(&out.stderr).contains("has errors; no briefing was written"));
}
