//! How long loading and checking takes, on generated datasets written to a
//! temporary folder (one file per record, as YAML and as JSON), with 2% of
//! files carrying a typical mistake. `scripts/bench-validate.sh` compares the whole command
//! with ajv-cli and check-jsonschema at 100,000 agreements.
//!
//! Run with `cargo bench -p accord-ingest`.

use std::path::PathBuf;

fn main() {
    divan::main();
}

fn dataset(agreements: usize, json: bool) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "accord-bench-{agreements}-{json}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    let mut rng = accord_synth::Rng::new(7);
    for record in accord_synth::records(agreements, 7) {
        let extension = if json { "json" } else { "yaml" };
        let path = dir.join(accord_synth::file_name(&record, extension));
        let mut text = if json {
            accord_synth::to_json(&record)
        } else {
            accord_synth::to_yaml(&record)
        };
        if rng.chance(0.02) {
            accord_synth::spoil(&mut text, &mut rng);
        }
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("create the folder");
        std::fs::write(path, text).expect("write a record");
    }
    dir
}

#[divan::bench(args = [1_000, 10_000], sample_count = 5, sample_size = 1)]
fn yaml(bencher: divan::Bencher<'_, '_>, agreements: usize) {
    let dir = dataset(agreements, false);
    bencher.bench_local(|| accord_ingest::load(&[&dir]));
    let _ = std::fs::remove_dir_all(&dir);
}

#[divan::bench(args = [1_000, 10_000], sample_count = 5, sample_size = 1)]
fn json(bencher: divan::Bencher<'_, '_>, agreements: usize) {
    let dir = dataset(agreements, true);
    bencher.bench_local(|| accord_ingest::load(&[&dir]));
    let _ = std::fs::remove_dir_all(&dir);
}
