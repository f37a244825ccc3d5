//! Any bytes, read as a YAML, JSON or TOML record file, must give
//! diagnostics or a record, never a panic, a hang or unbounded memory; and
//! the fast reader for block-style YAML and the position scanner for JSON
//! must agree with saphyr.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        accord_ingest::fast_reader_agrees(text);
        accord_ingest::json_scanner_agrees(text);
    }
    for name in ["fuzz.yaml", "fuzz.json", "fuzz.toml"] {
        let checked = accord_ingest::check_bytes(Path::new(name), data);
        // Rendering must not panic either, whatever the positions.
        for d in &checked.diagnostics {
            let _ = accord_ingest::render::human(d, checked.text.as_deref(), false);
            let _ = accord_ingest::render::github(d);
        }
    }
});
