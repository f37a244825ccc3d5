//! Any bytes, as a record file reached by several paths at once (the file
//! itself, its folder, `folder/.`, a symbolic link beside it), must be read
//! once: the diagnostics and the dataset are those of the file given alone.
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

/// One folder for the whole run, holding `a.yaml` and a link `l.yaml` to it.
fn folder() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("accord-fuzz-paths-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a temporary folder");
        std::fs::write(dir.join("a.yaml"), b"").expect("a file");
        std::os::unix::fs::symlink("a.yaml", dir.join("l.yaml")).expect("a link");
        dir
    })
}

/// Each diagnostic's code and message, and its line and column.
type Seen = Vec<(String, Option<(usize, usize)>)>;

fn summary(loaded: &accord_ingest::Loaded) -> (usize, Seen) {
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

fuzz_target!(|data: &[u8]| {
    let dir = folder();
    let file = dir.join("a.yaml");
    if std::fs::write(&file, data).is_err() {
        return;
    }
    let alone = accord_ingest::load(&[file.clone()]);
    let many = accord_ingest::load(&[
        dir.to_path_buf(),
        file.clone(),
        dir.join("."),
        dir.join("l.yaml"),
    ]);
    assert_eq!(summary(&alone), summary(&many));
});
