//! Which files are read, and how often: one physical file is read once
//! however many paths reach it; links are followed only inside the folders
//! given; only regular files are read. Everything happens in temporary
//! folders, with links, FIFOs and sockets made there (and `/dev/zero`
//! named, whose metadata alone is read).

// Helpers outside `#[test]` functions unwrap too.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use accord_ingest::{Code, Loaded, render};

const ALPHA: &str = "party:\n  id: alpha\n  name: Alpha Health\n  kind: company\n  country: GB\n";
const BETA: &str = "party:\n  id: beta\n  name: Beta Pharma\n  kind: company\n  country: CN\n";

/// A folder `data/` holding two parties, inside a temporary folder.
fn dataset() -> (tempfile::TempDir, PathBuf) {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    std::fs::create_dir(&data).unwrap();
    std::fs::write(data.join("alpha.yaml"), ALPHA).unwrap();
    std::fs::write(data.join("beta.yaml"), BETA).unwrap();
    (root, data)
}

/// Loads `paths` on another thread, failing the test rather than hanging
/// it if loading blocks (on a pipe, say).
fn load(paths: &[PathBuf]) -> Loaded {
    let paths = paths.to_vec();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(accord_ingest::load(&paths));
    });
    rx.recv_timeout(Duration::from_secs(20))
        .expect("loading finished without blocking")
}

/// Everything a user would see: human output with the quoted lines, and
/// the JSON document.
fn everything(loaded: &Loaded) -> String {
    let mut out = String::new();
    for d in &loaded.diagnostics {
        out.push_str(&render::human(d, loaded.file_text(&d.file), false));
    }
    out.push_str(&render::json(loaded));
    out
}

fn codes(loaded: &Loaded) -> Vec<&'static str> {
    loaded.diagnostics.iter().map(|d| d.code.as_str()).collect()
}

#[test]
fn a_file_reached_by_several_paths_is_read_once() {
    let (root, data) = dataset();
    // Another file, which a folder walked twice meets twice: it is
    // reported once too.
    std::fs::write(data.join("notes.txt"), "notes\n").unwrap();
    let alpha = data.join("alpha.yaml");
    let cases: Vec<Vec<PathBuf>> = vec![
        // The field report: a folder and a file in it.
        vec![data.clone(), alpha.clone()],
        vec![alpha.clone(), data.clone()],
        // The same folder twice under other spellings.
        vec![data.clone(), data.join(".")],
        vec![data.clone(), root.path().join("data/../data/")],
    ];
    for paths in cases {
        let loaded = load(&paths);
        assert_eq!(codes(&loaded), ["skipped-file"], "{paths:?}");
        assert_eq!(loaded.files_read, 2, "{paths:?}");
        assert_eq!(loaded.dataset.parties.len(), 2, "{paths:?}");
    }
    // The same file twice.
    let loaded = load(&[alpha.clone(), alpha.clone(), data.join("beta.yaml")]);
    assert!(loaded.diagnostics.is_empty(), "{:?}", codes(&loaded));
    assert_eq!(loaded.files_read, 2);
    // Relative spellings, from the folder above: `data` and `./data`, and
    // `data` with `./data/alpha.yaml`. (Every other test here uses absolute
    // paths, so moving the working folder does not disturb them.)
    std::env::set_current_dir(root.path()).unwrap();
    for paths in [["data", "./data"], ["./data/alpha.yaml", "data"]] {
        let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
        let loaded = load(&paths);
        assert_eq!(codes(&loaded), ["skipped-file"], "{paths:?}");
        assert_eq!(loaded.files_read, 2, "{paths:?}");
    }
}

#[cfg(unix)]
#[test]
fn links_to_a_file_and_hard_links_are_the_same_file() {
    let (root, data) = dataset();
    std::os::unix::fs::symlink("alpha.yaml", data.join("link.yaml")).unwrap();
    std::fs::hard_link(data.join("beta.yaml"), data.join("copy.yaml")).unwrap();
    std::fs::create_dir(data.join("sub")).unwrap();
    std::os::unix::fs::symlink("..", data.join("sub/up")).unwrap();
    std::os::unix::fs::symlink(&data, root.path().join("data-link")).unwrap();
    for paths in [
        vec![data.clone()],
        vec![data.clone(), root.path().join("data-link")],
        vec![root.path().join("data-link"), data.join("link.yaml")],
    ] {
        let loaded = load(&paths);
        assert_eq!(loaded.files_read, 2, "{paths:?}: {:?}", loaded.diagnostics);
        assert_eq!(loaded.dataset.parties.len(), 2, "{paths:?}");
        // The link back up is a loop, said as such; nothing is a duplicate.
        assert_eq!(codes(&loaded), ["skipped-file"], "{paths:?}");
        assert!(loaded.diagnostics[0].message.contains("loops back"));
    }
}

/// In one folder without links, only a hard link can be a second name:
/// it is found out when read, and only the first name counts.
#[cfg(unix)]
#[test]
fn a_hard_link_in_one_folder_is_counted_once() {
    let (_root, data) = dataset();
    std::fs::write(data.join("beta.yaml"), format!("{BETA}  nmae: x\n")).unwrap();
    std::fs::hard_link(data.join("beta.yaml"), data.join("another-beta.yaml")).unwrap();
    std::fs::hard_link(data.join("alpha.yaml"), data.join("zz.yaml")).unwrap();
    let loaded = load(std::slice::from_ref(&data));
    assert_eq!(loaded.files_read, 2);
    assert_eq!(loaded.dataset.parties.len(), 1);
    let named: Vec<&Path> = loaded
        .diagnostics
        .iter()
        .map(|d| d.file.as_path())
        .collect();
    assert_eq!(named, [data.join("another-beta.yaml")]);
    assert!(loaded.file_text(&data.join("beta.yaml")).is_none());
}

/// The path a diagnostic names is the first path met, in the documented
/// order (paths as given, each folder in name order), and does not depend
/// on the number of threads.
#[cfg(unix)]
#[test]
fn the_first_path_met_names_the_file() {
    let (_root, data) = dataset();
    std::fs::write(data.join("alpha.yaml"), format!("{ALPHA}  nmae: x\n")).unwrap();
    std::os::unix::fs::symlink("alpha.yaml", data.join("zz-link.yaml")).unwrap();
    std::os::unix::fs::symlink("alpha.yaml", data.join("0-link.yaml")).unwrap();
    let named = |paths: &[PathBuf]| -> Vec<PathBuf> {
        let loaded = load(paths);
        loaded.diagnostics.iter().map(|d| d.file.clone()).collect()
    };
    // In a folder, `0-link.yaml` comes first by name.
    assert_eq!(
        named(std::slice::from_ref(&data)),
        [data.join("0-link.yaml")]
    );
    // A path given first comes before the folder's.
    assert_eq!(
        named(&[data.join("zz-link.yaml"), data.clone()]),
        [data.join("zz-link.yaml")]
    );
    assert_eq!(
        named(&[data.join("alpha.yaml"), data.clone()]),
        [data.join("alpha.yaml")]
    );

    // Many files, each reached by three paths: the output is the same on
    // one thread and on several.
    for i in 0..60 {
        let name = format!("p{i:02}.yaml");
        let text = ALPHA
            .replace("alpha", &format!("p{i}"))
            .replace("  kind", "  knd");
        std::fs::write(data.join(&name), text).unwrap();
        std::os::unix::fs::symlink(&name, data.join(format!("q{i:02}.yaml"))).unwrap();
        std::os::unix::fs::symlink(&name, data.join(format!("a{i:02}.yaml"))).unwrap();
    }
    let paths = vec![data.join("q07.yaml"), data.clone(), data.join("p03.yaml")];
    let on = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let loaded = pool.install(|| accord_ingest::load(&paths));
        everything(&loaded)
    };
    let one = on(1);
    assert_eq!(one, on(4));
    assert_eq!(one, on(7));
    // 60 files with a typo, each named once.
    assert_eq!(one.matches("error[unknown-field]").count(), 60 + 1);
    assert!(one.contains(&format!("{}", data.join("q07.yaml").display())));
    assert!(one.contains(&format!("{}", data.join("a03.yaml").display())));
    assert!(!one.contains(&format!("{}:", data.join("p03.yaml").display())));
}

#[cfg(unix)]
#[test]
fn links_out_of_the_folders_given_are_not_followed() {
    let (root, data) = dataset();
    let outside = root.path().join("outside");
    std::fs::create_dir(&outside).unwrap();
    // A record file whose content would be quoted, were it read.
    std::fs::write(outside.join("secret.yaml"), "TOPSECRET: [\n").unwrap();
    std::os::unix::fs::symlink("../outside/secret.yaml", data.join("secret.yaml")).unwrap();
    std::os::unix::fs::symlink(&outside, data.join("more")).unwrap();
    std::os::unix::fs::symlink("/", data.join("root")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", data.join("zero.yaml")).unwrap();
    #[cfg(target_os = "linux")]
    std::os::unix::fs::symlink("/proc/self/environ", data.join("environ.yaml")).unwrap();

    let loaded = load(std::slice::from_ref(&data));
    let shown = everything(&loaded);
    assert!(!shown.contains("TOPSECRET"), "{shown}");
    assert!(!shown.contains("PATH="), "{shown}");
    assert!(loaded.files.iter().all(|f| !f.text.contains("TOPSECRET")));
    assert_eq!(loaded.files_read, 2);
    assert!(!loaded.has_errors(), "{shown}");
    let refused: Vec<(String, &str)> = loaded
        .diagnostics
        .iter()
        .map(|d| {
            let name = d.file.file_name().unwrap().to_string_lossy().into_owned();
            (name, d.message.as_str())
        })
        .collect();
    let mut expected = vec![
        (
            "more",
            format!("a symbolic link to `{}`, outside the folders being checked; not followed", outside.display()),
        ),
        ("root", "a symbolic link to `/`, outside the folders being checked; not followed".to_owned()),
        (
            "secret.yaml",
            "a symbolic link to `../outside/secret.yaml`, outside the folders being checked; not followed"
                .to_owned(),
        ),
        (
            "zero.yaml",
            "a symbolic link to `/dev/zero`, outside the folders being checked; not followed".to_owned(),
        ),
    ];
    if cfg!(target_os = "linux") {
        expected.insert(
            0,
            (
                "environ.yaml",
                "a symbolic link to `/proc/self/environ`, outside the folders being checked; not followed"
                    .to_owned(),
            ),
        );
    }
    let expected: Vec<(String, &str)> = expected
        .iter()
        .map(|(n, m)| ((*n).to_owned(), m.as_str()))
        .collect();
    assert_eq!(refused, expected);
    assert!(loaded.diagnostics.iter().all(|d| {
        d.code == Code::SkippedFile
            && d.hint
                .as_deref()
                .is_some_and(|h| h.contains("name the folder"))
    }));

    // Named on the command line too, the outside folder is in: the links
    // are followed, and the file read once, under the first path met in
    // name order (`more/` before `secret.yaml`).
    let loaded = load(&[data.clone(), outside.clone()]);
    let secret: Vec<&Path> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::SyntaxError)
        .map(|d| d.file.as_path())
        .collect();
    assert_eq!(secret, [data.join("more/secret.yaml")]);
    // The link to the folder is followed as well, and its file is the
    // same one.
    assert_eq!(loaded.files_read, 3);
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
}

#[cfg(unix)]
#[test]
fn pipes_sockets_and_devices_are_never_read() {
    let (_root, data) = dataset();
    mkfifo(&data.join("pipe.yaml"));
    mkfifo(&data.join("pipe.txt"));
    let _socket = std::os::unix::net::UnixListener::bind(data.join("socket.json")).unwrap();
    // A link to a pipe inside the folder leads inside: it is the pipe that
    // is refused.
    std::os::unix::fs::symlink("pipe.yaml", data.join("to-pipe.yaml")).unwrap();
    let loaded = load(std::slice::from_ref(&data));
    let found: Vec<(String, &str)> = loaded
        .diagnostics
        .iter()
        .map(|d| {
            assert_eq!(d.code, Code::SkippedFile);
            assert!(d.hint.as_deref().unwrap().contains("only regular files"));
            let name = d.file.file_name().unwrap().to_string_lossy().into_owned();
            (name, d.message.as_str())
        })
        .collect();
    let expected = [
        (
            "pipe.txt",
            "a named pipe (FIFO), not a regular file; skipped",
        ),
        (
            "pipe.yaml",
            "a named pipe (FIFO), not a regular file; skipped",
        ),
        ("socket.json", "a socket, not a regular file; skipped"),
        (
            "to-pipe.yaml",
            "a named pipe (FIFO), not a regular file; skipped",
        ),
    ]
    .map(|(n, m)| (n.to_owned(), m));
    assert_eq!(found, expected);
    assert_eq!(loaded.files_read, 2);

    // Named on the command line, they are errors, never "checked 0 files"
    // with success.
    for (path, what) in [
        (
            data.join("pipe.yaml"),
            "a named pipe (FIFO), not a regular file",
        ),
        (data.join("socket.json"), "a socket, not a regular file"),
        (
            PathBuf::from("/dev/zero"),
            "a character device, not a regular file",
        ),
    ] {
        let loaded = load(std::slice::from_ref(&path));
        assert!(loaded.has_errors(), "{}", path.display());
        assert_eq!(loaded.diagnostics.len(), 1);
        let d = &loaded.diagnostics[0];
        assert_eq!((d.code, d.message.as_str()), (Code::UnsupportedFile, what));
        assert!(d.hint.is_some());
    }
}

/// Each diagnostic's code and message, and its line and column.
type Seen = Vec<(String, Option<(usize, usize)>)>;

/// What a load gives, without the paths that name its files: records, and
/// each diagnostic's code, message and place.
fn outcome(loaded: &Loaded) -> (usize, Seen) {
    (
        loaded.dataset.len(),
        loaded
            .diagnostics
            .iter()
            .map(|d| {
                (
                    format!("{} {}", d.code, d.message),
                    d.span.map(|s| (s.start.line, s.start.column)),
                )
            })
            .collect(),
    )
}

/// The `several_paths` fuzz target's property, replayed on its kept
/// inputs and on the fixtures: a file given alone, and reached at once by
/// its folder, itself, `folder/.` and a link beside it, gives the same.
#[test]
fn fuzz_inputs_reached_by_several_paths_give_what_they_give_alone() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(here.join("tests/fuzz-regressions-paths"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_none_or(|e| e != "md"))
        .collect();
    inputs.extend(
        std::fs::read_dir(here.join("../fixtures/parties"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .take(3),
    );
    for input in inputs {
        let root = tempfile::tempdir().unwrap();
        let file = root.path().join("a.yaml");
        std::fs::copy(&input, &file).unwrap();
        std::os::unix::fs::symlink("a.yaml", root.path().join("l.yaml")).unwrap();
        let alone = load(std::slice::from_ref(&file));
        let many = load(&[
            root.path().to_path_buf(),
            file.clone(),
            root.path().join("."),
            root.path().join("l.yaml"),
        ]);
        assert_eq!(outcome(&alone), outcome(&many), "{}", input.display());
    }
}

#[test]
fn a_link_to_nothing_in_a_folder_is_a_warning_naming_its_target() {
    let (_root, data) = dataset();
    std::os::unix::fs::symlink("gone.yaml", data.join("broken.yaml")).unwrap();
    let loaded = load(std::slice::from_ref(&data));
    let found: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.file.ends_with("broken.yaml"))
        .collect();
    assert_eq!(found.len(), 1, "{:?}", loaded.diagnostics);
    assert_eq!(found[0].code, Code::SkippedFile);
    assert!(
        found[0].message.contains("`gone.yaml`"),
        "{}",
        found[0].message
    );
    assert_eq!(loaded.dataset.len(), 2);
}
