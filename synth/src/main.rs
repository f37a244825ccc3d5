//! `accord-synth`: writes a synthetic dataset, one record per file.
//!
//! ```text
//! accord-synth --agreements 100000 --out /tmp/data [--json] [--mistakes 0.05] [--seed 1]
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut agreements = 1000usize;
    let mut out: Option<PathBuf> = None;
    let mut json = false;
    let mut mistakes = 0.0f64;
    let mut seed = 1u64;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        let parsed: Result<(), String> = match arg.as_str() {
            "--agreements" => value("--agreements")
                .and_then(|v| v.parse().map(|n| agreements = n).map_err(|e| e.to_string())),
            "--out" => value("--out").map(|v| out = Some(PathBuf::from(v))),
            "--json" => {
                json = true;
                Ok(())
            }
            "--mistakes" => value("--mistakes")
                .and_then(|v| v.parse().map(|n| mistakes = n).map_err(|e| e.to_string())),
            "--seed" => {
                value("--seed").and_then(|v| v.parse().map(|n| seed = n).map_err(|e| e.to_string()))
            }
            other => Err(format!("unknown argument `{other}`")),
        };
        if let Err(e) = parsed {
            eprintln!("accord-synth: {e}");
            return ExitCode::from(2);
        }
    }
    let Some(out) = out else {
        eprintln!(
            "usage: accord-synth --agreements N --out DIR [--json] [--mistakes SHARE] [--seed N]"
        );
        return ExitCode::from(2);
    };
    let extension = if json { "json" } else { "yaml" };
    let mut rng = accord_synth::Rng::new(seed ^ 0x5eed);
    let mut spoiled = 0usize;
    let records = accord_synth::records(agreements, seed);
    for record in &records {
        let path = out.join(accord_synth::file_name(record, extension));
        let mut text = if json {
            accord_synth::to_json(record)
        } else {
            accord_synth::to_yaml(record)
        };
        if mistakes > 0.0
            && rng.chance(mistakes)
            && accord_synth::spoil(&mut text, &mut rng).is_some()
        {
            spoiled += 1;
        }
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, text));
        if let Err(e) = written {
            eprintln!("accord-synth: cannot write `{}`: {e}", path.display());
            return ExitCode::from(2);
        }
    }
    eprintln!(
        "wrote {} records ({} with a mistake) to {}",
        records.len(),
        spoiled,
        out.display()
    );
    ExitCode::SUCCESS
}
