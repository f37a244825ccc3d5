//! How `accord report` writes its outputs, end to end, on temporary
//! folders only (never the real `/dev`): links and pipes written through,
//! files replaced whole and keeping their mode, no temporary file left by
//! an interrupt, nothing written when any output fails, outputs named twice
//! or reaching an input refused, `--format` against the extension,
//! `SOURCE_DATE_EPOCH` and `--font` checked; and "today" is the local date.

// Helpers outside `#[test]` functions unwrap too; a failure is a test failure.
#![allow(clippy::unwrap_used)]

use std::io::Read;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The workspace root, where `fixtures/` is.
fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

fn accord_command(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_accord"));
    command
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1790000000")
        .stdin(Stdio::null());
    command
}

/// Runs `accord` from the workspace root, giving up after 30 seconds (a run
/// that waits on a pipe forever is a failure, not a hung test).
fn accord(args: &[&str]) -> Output {
    run(accord_command(args))
}

fn run(mut command: Command) -> Output {
    let child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    finish(child)
}

/// Waits for a child with a deadline, reading its output meanwhile.
fn finish(mut child: Child) -> Output {
    let mut out = child.stdout.take();
    let mut err = child.stderr.take();
    let reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(out) = out.as_mut() {
            out.read_to_end(&mut bytes).unwrap();
        }
        bytes
    });
    let err_reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(err) = err.as_mut() {
            err.read_to_end(&mut bytes).unwrap();
        }
        bytes
    });
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("accord did not finish within 30 seconds");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: reader.join().unwrap(),
        stderr: err_reader.join().unwrap(),
    }
}

fn text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).unwrap()
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// A fresh, empty folder under the target directory.
fn folder(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("outputs-{name}"));
    if dir.exists() {
        // A test that failed may have left a folder without write access.
        let _ = Command::new("chmod")
            .args(["-R", "u+rwx", s(&dir)])
            .status();
        std::fs::remove_dir_all(&dir).unwrap();
    }
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A small valid dataset: two parties, a source and an agreement.
fn data(dir: &Path) -> PathBuf {
    let data = dir.join("data");
    std::fs::create_dir_all(&data).unwrap();
    for (name, body) in [
        (
            "alpha.yaml",
            "party:\n  id: alpha\n  name: Alpha Health\n  kind: company\n  country: GB\n",
        ),
        (
            "beta.yaml",
            "party:\n  id: beta\n  name: Beta Pharmaceutical\n  kind: company\n  country: CN\n",
        ),
        (
            "source.yaml",
            "source:\n  id: base-source\n  title: A news item\n  kind: news-article\n  published: \"2024-05-01\"\n  url: https://example.org/news/base\n",
        ),
        ("agreement.yaml", &agreement("2024-04-30")),
    ] {
        std::fs::write(data.join(name), body).unwrap();
    }
    data
}

fn agreement(signed: &str) -> String {
    format!(
        "agreement:\n  id: alpha-beta-records\n  title: Alpha and Beta on digital records\n  kind: collaboration-agreement\n  status: signed\n  summary: The two agree to work together on digital patient records.\n  parties:\n    - party: alpha\n      role: partner\n    - party: beta\n      role: partner\n  sectors: [electronic-health-records]\n  dates:\n    signed: \"{signed}\"\n  sources:\n    - source: base-source\n      locator: paragraph 2\n"
    )
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The HTML briefing of `data`, as written to standard output.
fn html_of(data: &Path) -> Vec<u8> {
    let out = accord(&["report", s(data), "--format", "html", "-o", "-"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(out.stdout.starts_with(b"<!DOCTYPE html>"));
    out.stdout
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success());
}

fn symlink(target: impl AsRef<Path>, link: &Path) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path)
        .unwrap()
        .file_type()
        .is_symlink()
}

#[test]
fn links_pipes_and_descriptor_names_are_written_through() {
    let dir = folder("through");
    let data = data(&dir);
    let html = html_of(&data);
    let out = dir.join("out");
    std::fs::create_dir(&out).unwrap();

    // A link to a FIFO: the reader gets the bytes; link and FIFO stay.
    mkfifo(&out.join("pipe"));
    symlink("pipe", &out.join("piped.html"));
    let reader = {
        let pipe = out.join("pipe");
        std::thread::spawn(move || std::fs::read(pipe).unwrap())
    };
    let run = accord(&["report", s(&data), "-o", s(&out.join("piped.html"))]);
    // Should the bytes not have gone to the FIFO, a writer that opens and
    // closes it lets the reader go (read and write: never waits).
    drop(
        std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(out.join("pipe")),
    );
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    assert_eq!(reader.join().unwrap(), html);
    assert!(is_link(&out.join("piped.html")));
    let kind = std::fs::symlink_metadata(out.join("pipe")).unwrap();
    assert!(std::os::unix::fs::FileTypeExt::is_fifo(&kind.file_type()));

    // A link to a regular file: the file it leads to is replaced and keeps
    // its mode; the link stays a link.
    let real = dir.join("real");
    std::fs::create_dir(&real).unwrap();
    let target = real.join("target.html");
    std::fs::write(&target, "old").unwrap();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
    symlink(&target, &out.join("linked.html"));
    let run = accord(&["report", s(&data), "-o", s(&out.join("linked.html"))]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    assert!(is_link(&out.join("linked.html")));
    assert_eq!(std::fs::read(&target).unwrap(), html);
    let mode = std::fs::metadata(&target).unwrap().mode() & 0o7777;
    assert_eq!(mode, 0o640);
    assert_eq!(names(&real), ["target.html"]);

    // /dev/stdout is a link to /proc/self/fd/1, which names the file the
    // shell opened: it is written through that descriptor, not renamed
    // over, so the redirection stays attached (and `>>` appends). The same
    // chain is built here in the temporary folder, both as a link to the
    // descriptor and as a link to the folder of descriptors.
    symlink("/proc/self/fd/1", &out.join("stdout"));
    symlink("/proc/self/fd", &out.join("fd"));
    for name in ["stdout", "fd/1"] {
        let captured = dir.join("captured.html");
        std::fs::write(&captured, "kept\n").unwrap();
        let before = std::fs::metadata(&captured).unwrap().ino();
        let file = std::fs::OpenOptions::new()
            .append(true)
            .open(&captured)
            .unwrap();
        let mut command = accord_command(&[
            "report",
            s(&data),
            "--format",
            "html",
            "-o",
            s(&out.join(name)),
        ]);
        command.stdout(file).stderr(Stdio::piped());
        let run = finish(command.spawn().unwrap());
        assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
        let written = std::fs::read(&captured).unwrap();
        assert_eq!(written, [b"kept\n".as_slice(), &html].concat(), "{name}");
        assert_eq!(std::fs::metadata(&captured).unwrap().ino(), before);
        // The redirected standard output is not an output to announce.
        assert!(
            !text(&run.stderr).contains("wrote"),
            "{}",
            text(&run.stderr)
        );
    }
    assert!(is_link(&out.join("stdout")));
    assert!(is_link(&out.join("fd")));
    assert_eq!(
        names(&out),
        ["fd", "linked.html", "pipe", "piped.html", "stdout"]
    );
    assert_eq!(names(&dir), ["captured.html", "data", "out", "real"]);
}

#[test]
fn a_device_is_written_through_not_replaced() {
    // A null device made in the temporary folder (needs privileges; skipped
    // without them), never the real /dev/null.
    let dir = folder("device");
    let data = data(&dir);
    let null = dir.join("null");
    let made = Command::new("mknod")
        .args([s(&null), "c", "1", "3"])
        .stderr(Stdio::null())
        .status()
        .unwrap();
    // A folder mounted `nodev` lets the node be made but not opened.
    if !made.success() || std::fs::OpenOptions::new().write(true).open(&null).is_err() {
        eprintln!("skipped: cannot make a usable device node here");
        return;
    }
    let run = accord(&["report", s(&data), "--format", "html", "-o", s(&null)]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    let kind = std::fs::symlink_metadata(&null).unwrap().file_type();
    assert!(std::os::unix::fs::FileTypeExt::is_char_device(&kind));
    assert_eq!(names(&dir), ["data", "null"]);
}

#[test]
fn a_replaced_file_keeps_its_mode_and_a_new_one_gets_the_usual_mode() {
    let dir = folder("mode");
    let data = data(&dir);
    let old = dir.join("old.html");
    std::fs::write(&old, "old").unwrap();
    std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o604)).unwrap();
    let new = dir.join("new.html");
    let mut command = Command::new("sh");
    command
        .args([
            "-c",
            "umask 022 && exec \"$0\" \"$@\"",
            env!("CARGO_BIN_EXE_accord"),
            "report",
            s(&data),
            "-o",
            s(&old),
            "-o",
            s(&new),
        ])
        .current_dir(root());
    let run = run(command);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    let mode = |p: &Path| std::fs::metadata(p).unwrap().mode() & 0o7777;
    assert_eq!(mode(&old), 0o604);
    // As a file created by `>` would be (0666 less the umask), not 0600.
    assert_eq!(mode(&new), 0o644);
    assert_ne!(std::fs::read(&old).unwrap(), b"old");
    assert_eq!(names(&dir), ["data", "new.html", "old.html"]);
}

/// A run that has made a temporary file for `out/b.html` and is waiting
/// on the FIFO `out/pipe.html`, which nobody reads; with `ignore_hup`, it
/// starts with SIGHUP ignored, as under `nohup`.
fn blocked(name: &str, ignore_hup: bool) -> (Child, PathBuf) {
    let dir = folder(name);
    let data = data(&dir);
    let out = dir.join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("b.html"), "old").unwrap();
    mkfifo(&out.join("pipe.html"));
    let (html, pipe) = (out.join("b.html"), out.join("pipe.html"));
    let args = ["report", s(&data), "-o", s(&html), "-o", s(&pipe)];
    let mut command = if ignore_hup {
        let mut command = Command::new("sh");
        command
            .args([
                "-c",
                "trap '' HUP; exec \"$0\" \"$@\"",
                env!("CARGO_BIN_EXE_accord"),
            ])
            .args(args)
            .current_dir(root())
            .stdin(Stdio::null());
        command
    } else {
        accord_command(&args)
    };
    let mut child = command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while names(&out).len() < 3 {
        assert!(Instant::now() < deadline, "no temporary file appeared");
        assert!(child.try_wait().unwrap().is_none(), "accord ended early");
        std::thread::sleep(Duration::from_millis(20));
    }
    let temporary = names(&out);
    assert!(
        temporary.iter().any(|n| n.starts_with(".b.html.")),
        "{temporary:?}"
    );
    (child, out)
}

fn kill(child: &Child, signal: &str) {
    let status = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn an_interrupt_leaves_no_temporary_file() {
    // Ctrl-C: the process ends by SIGINT, which a shell reports as 130.
    for (name, signal, number) in [
        ("sigint", "-INT", 2),
        ("sigterm", "-TERM", 15),
        ("sighup", "-HUP", 1),
    ] {
        let (child, out) = blocked(name, false);
        kill(&child, signal);
        let status = finish(child).status;
        assert_eq!(status.signal(), Some(number), "{status:?}");
        assert_eq!(names(&out), ["b.html", "pipe.html"]);
        assert_eq!(std::fs::read(out.join("b.html")).unwrap(), b"old");
    }
}

#[test]
fn a_signal_ignored_from_the_start_stays_ignored() {
    // Under `nohup`, a hang-up does not end the run.
    let (child, out) = blocked("nohup", true);
    kill(&child, "-HUP");
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(names(&out).len(), 3, "{:?}", names(&out));
    kill(&child, "-TERM");
    assert_eq!(finish(child).status.signal(), Some(15));
    assert_eq!(names(&out), ["b.html", "pipe.html"]);
}

#[test]
fn a_run_as_a_shell_sees_it_ends_with_130_on_ctrl_c() {
    // What a user's shell prints for `$?` after Ctrl-C, with the shell
    // itself out of the signal's way.
    let dir = folder("shell-status");
    let data = data(&dir);
    mkfifo(&dir.join("pipe.html"));
    let script = format!(
        "\"$0\" report {} -o {} -o {} & pid=$!; \
         while ! ls -A {} | grep -q '^\\.a\\.html\\.'; do sleep 0.05; done; \
         kill -INT $pid; wait $pid; echo \"status $?\"",
        s(&data),
        s(&dir.join("a.html")),
        s(&dir.join("pipe.html")),
        s(&dir)
    );
    // `set -m` gives the background job its own SIGINT handling, as at a
    // terminal (a script's background jobs otherwise ignore SIGINT).
    let mut command = Command::new("bash");
    command
        .args([
            "-c",
            &format!("set -m; {script}"),
            env!("CARGO_BIN_EXE_accord"),
        ])
        .current_dir(root())
        .stdin(Stdio::null());
    let out = run(command);
    assert_eq!(text(&out.stdout), "status 130\n", "{}", text(&out.stderr));
    assert_eq!(names(&dir), ["data", "pipe.html"]);
}

#[test]
fn nothing_is_written_when_any_output_fails() {
    let dir = folder("all-or-nothing");
    let data = data(&dir);
    let html = dir.join("b.html");
    std::fs::write(&html, "old").unwrap();

    // A font that is not a font: the PDF fails, and the HTML named before
    // it is left as it was.
    let font = dir.join("not-a-font.ttf");
    std::fs::write(&font, "this is not a font").unwrap();
    let pdf = dir.join("b.pdf");
    let run = accord(&[
        "report",
        s(&data),
        "-o",
        s(&html),
        "-o",
        s(&pdf),
        "--font",
        s(&font),
    ]);
    assert_eq!(run.status.code(), Some(2), "{}", text(&run.stderr));
    assert!(
        !text(&run.stderr).contains("wrote"),
        "{}",
        text(&run.stderr)
    );
    assert_eq!(std::fs::read(&html).unwrap(), b"old");
    assert_eq!(names(&dir), ["b.html", "data", "not-a-font.ttf"]);

    // A folder where no file can be created, even by root: the first
    // output is left as it was and no temporary file remains.
    let run = accord(&[
        "report",
        s(&data),
        "-o",
        s(&html),
        "-o",
        "/proc/self/b.html",
    ]);
    assert_eq!(run.status.code(), Some(2), "{}", text(&run.stderr));
    let stderr = text(&run.stderr);
    assert!(
        stderr.starts_with("accord: cannot write `/proc/self/b.html`: "),
        "{stderr}"
    );
    // The temporary file's name is not the user's business.
    assert!(!stderr.contains(".tmp"), "{stderr}");
    assert_eq!(std::fs::read(&html).unwrap(), b"old");
    assert_eq!(names(&dir), ["b.html", "data", "not-a-font.ttf"]);
}

#[test]
fn the_same_output_named_twice_is_refused() {
    let dir = folder("twice");
    let data = data(&dir);
    std::fs::write(dir.join("a.html"), "old").unwrap();
    std::fs::hard_link(dir.join("a.html"), dir.join("hard.html")).unwrap();
    symlink("a.html", &dir.join("soft.html"));
    symlink("/proc/self/fd/1", &dir.join("stdout"));
    let cases: [(&[&str], &str); 6] = [
        (&["-o", "-", "-o", "-"], "`-` is named twice"),
        (
            &["-o", "a.html", "-o", "./a.html"],
            "`a.html` and `./a.html` are the same output",
        ),
        (
            &["-o", "new.html", "-o", "../outputs-twice/new.html"],
            "are the same output",
        ),
        (&["-o", "a.html", "-o", "hard.html"], "are the same output"),
        (&["-o", "soft.html", "-o", "a.html"], "are the same output"),
        (
            &["--format", "html", "-o", "-", "-o", "stdout"],
            "`-` and `stdout` are the same output",
        ),
    ];
    for (outputs, message) in cases {
        let mut command = accord_command(&[&["report", s(&data)], outputs].concat());
        command.current_dir(&dir);
        let run = run(command);
        assert_eq!(run.status.code(), Some(2), "{outputs:?}");
        let stderr = text(&run.stderr);
        assert!(stderr.contains(message), "{outputs:?}: {stderr}");
        assert!(
            stderr.ends_with("; name each output once\n"),
            "{outputs:?}: {stderr}"
        );
        assert!(run.stdout.is_empty());
        assert_eq!(std::fs::read(dir.join("a.html")).unwrap(), b"old");
        assert_eq!(
            names(&dir),
            ["a.html", "data", "hard.html", "soft.html", "stdout"]
        );
    }
}

#[test]
fn an_output_is_never_an_input() {
    let dir = folder("inputs");
    let data = data(&dir);
    let record = data.join("agreement.yaml");
    let before = std::fs::read(&record).unwrap();
    let modified = std::fs::metadata(&record).unwrap().modified().unwrap();
    let elsewhere = dir.join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    symlink(&record, &elsewhere.join("record.html"));
    std::fs::write(
        elsewhere.join("linked.yaml"),
        agreement("2024-04-29").replace("alpha-beta-records", "linked-record"),
    )
    .unwrap();
    // A hard link: a symbolic link out of the data folder is not followed
    // by the loader, so its target is not an input.
    std::fs::hard_link(elsewhere.join("linked.yaml"), data.join("linked.yaml")).unwrap();
    let rates = dir.join("rates.csv");
    std::fs::write(
        &rates,
        "# label: test\n# date: 2024-12-31\n# target: GBP\ncurrency,rate\nCNY,0.1\n",
    )
    .unwrap();

    let d = s(&data).to_owned();
    let cases: Vec<(Vec<String>, &str)> = vec![
        // A record in the data folder, through every spelling.
        (
            vec![
                d.clone(),
                "-o".into(),
                s(&record).into(),
                "--format".into(),
                "html".into(),
            ],
            "is a record file in the data folder",
        ),
        (
            vec![
                d.clone(),
                "-o".into(),
                format!("{d}/../data/./agreement.yaml"),
                "--format".into(),
                "html".into(),
            ],
            "is a record file in the data folder",
        ),
        // A new record file would be read by the next run.
        (
            vec![
                d.clone(),
                "-o".into(),
                format!("{d}/new.yaml"),
                "--format".into(),
                "html".into(),
            ],
            "is a record file in the data folder",
        ),
        // An input file given by name, reached through a link elsewhere.
        (
            vec![
                s(&record).into(),
                "-o".into(),
                s(&elsewhere.join("record.html")).into(),
            ],
            "is an input",
        ),
        // A file the data folder reaches through a (hard) link.
        (
            vec![
                d.clone(),
                "-o".into(),
                s(&elsewhere.join("linked.yaml")).into(),
                "--format".into(),
                "html".into(),
            ],
            "is the record file",
        ),
        // The rate table.
        (
            vec![
                d.clone(),
                "--rates".into(),
                s(&rates).into(),
                "-o".into(),
                s(&rates).into(),
                "--format".into(),
                "html".into(),
            ],
            "is an input",
        ),
    ];
    for (args, message) in cases {
        let mut all = vec!["report".to_owned()];
        all.extend(args.iter().cloned());
        let all: Vec<&str> = all.iter().map(String::as_str).collect();
        let run = accord(&all);
        assert_eq!(
            run.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&run.stderr)
        );
        assert!(
            text(&run.stderr).contains(message),
            "{args:?}: {}",
            text(&run.stderr)
        );
        assert_eq!(std::fs::read(&record).unwrap(), before);
        assert_eq!(
            std::fs::metadata(&record).unwrap().modified().unwrap(),
            modified
        );
        assert!(!data.join("new.yaml").exists());
        assert!(
            std::fs::read_to_string(&rates)
                .unwrap()
                .starts_with("# label")
        );
    }

    // Another file in the data folder is written, with a warning, since
    // the next check reads it back; a hidden one is not read back.
    let run = accord(&["report", &d, "-o", &format!("{d}/b.html")]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    let stderr = text(&run.stderr);
    assert!(
        stderr.contains(&format!(
            "warning: `{d}/b.html` is in the data folder `{d}`"
        )),
        "{stderr}"
    );
    let run = accord(&["report", &d, "-o", &format!("{d}/.b.html")]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    assert!(
        !text(&run.stderr).contains("warning"),
        "{}",
        text(&run.stderr)
    );
    // So is a link elsewhere that leads into the data folder.
    let into = elsewhere.join("into.html");
    symlink(data.join("c.html"), &into);
    let run = accord(&["report", &d, "-o", s(&into)]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    assert!(
        text(&run.stderr).starts_with(&format!(
            "warning: `{}` leads to `{}`, in the data folder `{d}`",
            into.display(),
            std::fs::canonicalize(&data)
                .unwrap()
                .join("c.html")
                .display()
        )),
        "{}",
        text(&run.stderr)
    );
    assert!(is_link(&into) && data.join("c.html").is_file());
    // A refused run gives no warning about another output.
    let run = accord(&[
        "report",
        &d,
        "-o",
        &format!("{d}/d.html"),
        "-o",
        "-",
        "-o",
        "-",
    ]);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        !text(&run.stderr).contains("warning"),
        "{}",
        text(&run.stderr)
    );
    let check = accord(&["validate", &d]);
    assert!(
        text(&check.stderr).contains("b.html"),
        "{}",
        text(&check.stderr)
    );
    assert!(
        !text(&check.stderr).contains(".b.html"),
        "{}",
        text(&check.stderr)
    );
}

#[test]
fn format_follows_the_extension_and_may_not_contradict_it() {
    let dir = folder("format");
    let data = data(&dir);
    let html = html_of(&data);
    let run = accord(&[
        "report",
        s(&data),
        "-o",
        s(&dir.join("b.pdf")),
        "--format",
        "html",
    ]);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        text(&run.stderr).contains("is named as PDF but --format asks for HTML"),
        "{}",
        text(&run.stderr)
    );
    assert_eq!(names(&dir), ["data"]);

    // --format names the format of names without a known extension.
    let run = accord(&[
        "report",
        s(&data),
        "-o",
        s(&dir.join("briefing")),
        "--format",
        "html",
    ]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    assert_eq!(std::fs::read(dir.join("briefing")).unwrap(), html);
    // The extension in any case; --format may repeat it.
    let run = accord(&[
        "report",
        s(&data),
        "-o",
        s(&dir.join("B.HTM")),
        "--format",
        "html",
    ]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    assert_eq!(std::fs::read(dir.join("B.HTM")).unwrap(), html);
    // Without --format, a name that does not say is refused.
    let run = accord(&["report", s(&data), "-o", s(&dir.join("briefing.txt"))]);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        text(&run.stderr).contains("cannot tell the format"),
        "{}",
        text(&run.stderr)
    );
}

#[test]
fn source_date_epoch_out_of_range_is_refused() {
    let dir = folder("epoch");
    let data = data(&dir);
    for value in ["-1", "-37900000000", "253402300800", "1.5", "soon"] {
        let mut command = accord_command(&["report", s(&data), "-o", s(&dir.join("b.pdf"))]);
        command.env("SOURCE_DATE_EPOCH", value);
        let run = run(command);
        assert_eq!(run.status.code(), Some(2), "{value}");
        assert_eq!(
            text(&run.stderr),
            format!(
                "accord: SOURCE_DATE_EPOCH must be a whole number of seconds from 0 (1970-01-01) to 253402300799 (9999-12-31 23:59:59 UTC), not `{value}`\n"
            )
        );
    }
    assert_eq!(names(&dir), ["data"]);
}

#[test]
fn font_must_be_a_regular_file_within_the_limit() {
    let dir = folder("font");
    let data = data(&dir);
    let pdf = dir.join("b.pdf");
    mkfifo(&dir.join("fifo.ttf"));
    std::fs::create_dir(dir.join("folder.ttf")).unwrap();
    // Sparse: one byte over 64 MiB without writing 64 MiB.
    let large = std::fs::File::create(dir.join("large.ttf")).unwrap();
    large.set_len(64 * 1024 * 1024 + 1).unwrap();
    symlink("fifo.ttf", &dir.join("link.ttf"));
    let cases = [
        ("fifo.ttf", "is a pipe (FIFO)"),
        ("link.ttf", "is a pipe (FIFO)"),
        ("folder.ttf", "is a folder"),
        ("large.ttf", "is larger than 64 MiB"),
        ("missing.ttf", "cannot read"),
    ];
    for (name, message) in cases {
        let font = dir.join(name);
        let started = Instant::now();
        let run = accord(&["report", s(&data), "-o", s(&pdf), "--font", s(&font)]);
        assert_eq!(run.status.code(), Some(2), "{name}");
        let stderr = text(&run.stderr);
        assert!(
            stderr.starts_with("accord: --font: ")
                && stderr.contains(&format!("`{}`", font.display()))
                && stderr.contains(message),
            "{name}: {stderr}"
        );
        assert!(started.elapsed() < Duration::from_secs(10), "{name}");
    }
    assert!(!pdf.exists());
}

/// The date in a time zone `hours` east of UTC, now.
fn date_east_of_utc(hours: i64) -> chrono::NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(hours)).date_naive()
}

#[test]
fn today_is_the_local_date() {
    // UTC+14 and UTC-12 are 26 hours apart: their dates always differ. A
    // record signed on today's date in UTC+14 is not in the future there,
    // and is in the future in UTC-12. POSIX TZ strings count hours west of
    // UTC, so need no time zone database.
    let dir = folder("today");
    let data = data(&dir);
    for _ in 0..2 {
        let east = date_east_of_utc(14);
        std::fs::write(data.join("agreement.yaml"), agreement(&east.to_string())).unwrap();
        let mut kiritimati = accord_command(&["validate", s(&data)]);
        kiritimati.env("TZ", "UTC-14");
        let there = run(kiritimati);
        let mut baker = accord_command(&["validate", s(&data), "--format", "json"]);
        baker.env("TZ", "UTC+12");
        let west = run(baker);
        if date_east_of_utc(14) != east {
            continue; // midnight passed in UTC+14 meanwhile: try again
        }
        assert_eq!(there.status.code(), Some(0), "{}", text(&there.stderr));
        assert_eq!(west.status.code(), Some(1), "{}", text(&west.stderr));
        let json: serde_json::Value = serde_json::from_slice(&west.stdout).unwrap();
        let codes: Vec<&str> = json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["severity"] == "error")
            .map(|d| d["code"].as_str().unwrap())
            .collect();
        assert_eq!(codes, ["future-date"]);

        // `report` checks dates against the same local today.
        let mut report = accord_command(&["report", s(&data), "--format", "html", "-o", "-"]);
        report.env("TZ", "UTC-14");
        let briefing = run(report);
        if date_east_of_utc(14) != east {
            continue;
        }
        assert_eq!(
            briefing.status.code(),
            Some(0),
            "{}",
            text(&briefing.stderr)
        );
        return;
    }
    panic!("midnight passed twice");
}
