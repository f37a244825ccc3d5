//! Loading test data and reading briefings back as text, shared by the
//! report's test files (each uses a part, so unused ones are allowed).
#![allow(dead_code)]

use std::path::PathBuf;

use accord_model::Dataset;

/// The records in `dir`, a folder relative to the report crate
/// (`../fixtures`, `tests/data/provenance`); panics, naming the
/// diagnostics, when they do not load cleanly.
pub fn load(dir: &str) -> Dataset {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(dir);
    let loaded = accord_ingest::load(&[path]);
    assert!(
        !loaded.has_errors(),
        "{dir} has errors: {:?}",
        loaded.diagnostics
    );
    loaded.dataset
}

/// `text` with every run of white space made one space.
pub fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The visible text of an HTML page: tags dropped, entities decoded.
pub fn html_text(html: &str) -> String {
    let body = html.split("<body>").nth(1).unwrap_or(html);
    let mut text = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    let decoded = text
        .replace("&#60;", "<")
        .replace("&#62;", ">")
        .replace("&#38;", "&")
        .replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    normalise(&decoded)
}
