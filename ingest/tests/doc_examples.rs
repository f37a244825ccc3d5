//! Every YAML record example in the documentation must load cleanly: the
//! README is where contributors copy from. Examples in rustdoc comments of
//! `accord-model` are checked too when they hold a whole record.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The fenced ```yaml blocks of a Markdown text, with the line each starts on.
fn yaml_blocks(text: &str) -> Vec<(usize, String)> {
    let mut blocks = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (number, line) in text.lines().enumerate() {
        // Rustdoc comments: strip the `///` or `//!` prefix.
        let trimmed = line.trim_start();
        let line = trimmed
            .strip_prefix("///")
            .or_else(|| trimmed.strip_prefix("//!"))
            .map_or(line, |rest| rest.strip_prefix(' ').unwrap_or(rest));
        match (&mut current, line.trim_end()) {
            (None, "```yaml") => current = Some((number + 2, String::new())),
            (Some(_), "```") => blocks.extend(current.take()),
            (Some((_, body)), _) => {
                body.push_str(line);
                body.push('\n');
            }
            (None, _) => {}
        }
    }
    blocks
}

fn is_whole_record(body: &str) -> bool {
    body.lines()
        .find(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .and_then(|l| l.strip_suffix(':'))
        .is_some_and(|kind| accord_ingest::RECORD_KINDS.contains(&kind))
}

#[test]
fn yaml_examples_in_the_docs_are_valid_records() {
    let mut files: Vec<PathBuf> = ["README.md", "ARCHITECTURE.md", "model/DESIGN.md"]
        .iter()
        .map(|f| root().join(f))
        .collect();
    let model_src = root().join("model/src");
    let mut sources: Vec<PathBuf> = std::fs::read_dir(&model_src)
        .expect("model/src")
        .map(|e| e.expect("entry").path())
        .collect();
    sources.sort();
    files.extend(sources);
    let mut checked = 0;
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read doc file");
        for (line, body) in yaml_blocks(&text) {
            if !is_whole_record(&body) {
                continue;
            }
            let result = accord_ingest::check_bytes(Path::new("example.yaml"), body.as_bytes());
            // Notes (marked facts, unknown currencies) are what an example
            // may show on purpose; warnings and errors are not.
            let problems: Vec<String> = result
                .diagnostics
                .iter()
                .filter(|d| d.severity != accord_ingest::Severity::Note)
                .map(|d| d.message.clone())
                .collect();
            assert!(
                problems.is_empty(),
                "{}:{line}: {problems:?}\n{body}",
                file.display()
            );
            checked += 1;
        }
    }
    assert!(
        checked >= 5,
        "only {checked} examples found; did the fence format change?"
    );
}
