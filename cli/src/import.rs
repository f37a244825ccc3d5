//! `accord import`: records written from another dataset's tables.
//!
//! One source format so far, `gcdf` (AidData's Global Chinese Development
//! Finance dataset, version 3.0): see [`gcdf`] for how its columns map.
//! The records are built as typed values of `accord-model` and written as
//! JSON, one file per record, under `agreements/`, `parties/` and
//! `sources/` of the output folder.
//!
//! Writing: the whole folder is built in a temporary folder beside the
//! output (same parent, hidden name) and renamed into place at the end, so
//! a failure or an interrupt never leaves half an import where the output
//! should be. An output folder that holds anything is replaced only with
//! `--force`, and then only when it holds nothing but what an import
//! writes (the three record folders), so `--force` cannot wipe a folder of
//! other files.

mod gcdf;
mod table;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use accord_ingest::{Diagnostic, Severity, render};
use accord_model::Record;

/// The folders an import writes, one per kind of record.
pub const FOLDERS: [&str; 3] = ["agreements", "parties", "sources"];

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    #[command(subcommand)]
    what: ImportFormat,
}

#[derive(Debug, clap::Subcommand)]
enum ImportFormat {
    /// AidData's Global Chinese Development Finance dataset (GCDF 3.0):
    /// its project table (126 columns), optionally with its first-level
    /// places (ADM1) table.
    ///
    /// Writes one record per project (agreement), per party (merged by
    /// name) and per source address. Every column lands in a field or in
    /// the record's notes under its name; the command prints which.
    /// Exit status: 0 when the table was imported without an error, 1 when
    /// some cells had errors (the records are still written, the cells'
    /// text kept in notes), 2 when nothing could be imported.
    Gcdf(GcdfArgs),
}

#[derive(Debug, clap::Args)]
pub struct GcdfArgs {
    /// The project table (CSV, with its header row).
    projects: PathBuf,
    /// The first-level places table (CSV: id, shapeID, shapeGroup,
    /// shapeName, … as AidData's geospatial data gives it).
    #[arg(long, value_name = "ADM1.csv")]
    places: Option<PathBuf>,
    /// The folder to write the records to. It must be new or empty.
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    output: PathBuf,
    /// Replace the output folder when an earlier import wrote it (it may
    /// hold only `agreements/`, `parties/` and `sources/`).
    #[arg(long)]
    force: bool,
}

/// Runs `accord import`.
pub fn run(args: &ImportArgs) -> std::io::Result<ExitCode> {
    match &args.what {
        ImportFormat::Gcdf(a) => run_gcdf(a),
    }
}

fn run_gcdf(args: &GcdfArgs) -> std::io::Result<ExitCode> {
    if let Err(message) = check_output(&args.output, args.force) {
        eprintln!("accord: {message}");
        return Ok(ExitCode::from(2));
    }
    let mut texts: Vec<(PathBuf, String)> = Vec::new();
    let mut diagnostics: Vec<Diagnostic> = Vec::new();
    let projects = match table::Table::read(&args.projects) {
        Ok((t, d)) => {
            diagnostics.extend(d);
            t
        }
        Err(d) => return fail(&d, &texts),
    };
    let places = match &args.places {
        Some(path) => match table::Table::read(path) {
            Ok((t, d)) => {
                diagnostics.extend(d);
                Some(t)
            }
            Err(d) => return fail(&d, &texts),
        },
        None => None,
    };
    let imported = gcdf::import(&projects, places.as_ref());
    diagnostics.extend(imported.diagnostics);
    texts.push((projects.path.clone(), projects.text.clone()));
    if let Some(p) = &places {
        texts.push((p.path.clone(), p.text.clone()));
    }
    print_diagnostics(&diagnostics, &texts)?;
    if imported.records.is_empty() {
        eprintln!("accord: no project was imported");
        return Ok(ExitCode::from(2));
    }
    if let Err(message) = write_folder(&args.output, &imported.records, args.force) {
        eprintln!("accord: {message}");
        return Ok(ExitCode::from(2));
    }
    let mut out = std::io::stdout().lock();
    out.write_all(imported.summary.as_bytes())?;
    writeln!(out, "written to {}", args.output.display())?;
    out.flush()?;
    let errors = diagnostics.iter().any(|d| d.severity == Severity::Error);
    Ok(if errors {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn fail(diagnostics: &[Diagnostic], texts: &[(PathBuf, String)]) -> std::io::Result<ExitCode> {
    print_diagnostics(diagnostics, texts)?;
    Ok(ExitCode::from(2))
}

/// Prints diagnostics as `validate` does (human format, on standard error).
fn print_diagnostics(
    diagnostics: &[Diagnostic],
    texts: &[(PathBuf, String)],
) -> std::io::Result<()> {
    let (shown, left_out) = render::cap(diagnostics, 10);
    let color = crate::use_color();
    let mut err = std::io::stderr().lock();
    for d in shown {
        let text = texts
            .iter()
            .find(|(p, _)| *p == d.file)
            .map(|(_, t)| t.as_str());
        err.write_all(render::human(d, text, color).as_bytes())?;
    }
    err.write_all(render::left_out(&left_out, 10).as_bytes())?;
    err.flush()
}

/// Refuses an output that exists and is not an empty folder, unless
/// `force` and it holds only what an import writes.
fn check_output(output: &Path, force: bool) -> Result<(), String> {
    let shown = output.display();
    let meta = match std::fs::symlink_metadata(output) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(format!("-o: cannot read `{shown}`: {e}")),
    };
    if !meta.is_dir() {
        return Err(format!(
            "-o: `{shown}` exists and is not a folder: give a new or empty folder"
        ));
    }
    let entries: Vec<String> = std::fs::read_dir(output)
        .map_err(|e| format!("-o: cannot read `{shown}`: {e}"))?
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    if entries.is_empty() {
        return Ok(());
    }
    if !force {
        return Err(format!(
            "-o: `{shown}` is not empty: give a new or empty folder, or --force to replace an earlier import"
        ));
    }
    if let Some(other) = entries.iter().find(|e| !FOLDERS.contains(&e.as_str())) {
        return Err(format!(
            "-o: `{shown}` holds `{other}`, which an import does not write: --force replaces only a folder holding `agreements`, `parties` and `sources`"
        ));
    }
    Ok(())
}

/// The file a record is written to, under its kind's folder.
fn record_path(record: &Record) -> (&'static str, String) {
    match record {
        Record::Agreement(a) => ("agreements", a.id.as_str().to_owned()),
        Record::Party(p) => ("parties", p.id.as_str().to_owned()),
        Record::Source(s) => ("sources", s.id.as_str().to_owned()),
        Record::Person(p) => ("people", p.id.as_str().to_owned()),
        Record::Occasion(o) => ("occasions", o.id.as_str().to_owned()),
    }
}

/// Writes every record into a temporary folder beside `output`, then puts
/// it in `output`'s place (replacing an earlier import when `force`).
fn write_folder(output: &Path, records: &[Record], force: bool) -> Result<(), String> {
    let shown = output.display();
    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)
        .map_err(|e| format!("-o: cannot create `{}`: {e}", parent.display()))?;
    let staging = tempfile::Builder::new()
        .prefix(".accord-import-")
        .tempdir_in(&parent)
        .map_err(|e| format!("-o: cannot create a folder in `{}`: {e}", parent.display()))?;
    // A temporary folder is private (0700); the import is not.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(staging.path(), std::fs::Permissions::from_mode(0o755))
            .map_err(|e| format!("-o: cannot write in `{}`: {e}", parent.display()))?;
    }
    for folder in FOLDERS {
        std::fs::create_dir(staging.path().join(folder))
            .map_err(|e| format!("-o: cannot create a folder in `{}`: {e}", parent.display()))?;
    }
    // Creating many small files costs the file system more than the
    // records cost us: the files are written from every core, each record's
    // bytes independent of the order, so the result is the same.
    use rayon::prelude::*;
    records.par_iter().try_for_each(|record| {
        let (folder, id) = record_path(record);
        let path = staging.path().join(folder).join(format!("{id}.json"));
        let mut text = serde_json::to_string_pretty(record)
            .map_err(|e| format!("cannot write the record `{id}`: {e}"))?;
        text.push('\n');
        std::fs::write(&path, text)
            .map_err(|e| format!("-o: cannot write into `{}`: {e}", parent.display()))
    })?;
    // An empty folder is replaced by the rename itself; a folder an earlier
    // import wrote is moved aside first and removed once the new one is in
    // place.
    let old = if force && std::fs::symlink_metadata(output).is_ok() {
        let aside = tempfile::Builder::new()
            .prefix(".accord-import-old-")
            .tempdir_in(&parent)
            .map_err(|e| format!("-o: cannot create a folder in `{}`: {e}", parent.display()))?;
        let target = aside.path().join("old");
        std::fs::rename(output, &target)
            .map_err(|e| format!("-o: cannot move `{shown}` aside: {e}"))?;
        Some(aside)
    } else {
        None
    };
    let staged = staging.keep();
    if let Err(e) = std::fs::rename(&staged, output) {
        let _ = std::fs::remove_dir_all(&staged);
        if let Some(aside) = &old {
            let _ = std::fs::rename(aside.path().join("old"), output);
        }
        return Err(format!("-o: cannot write `{shown}`: {e}"));
    }
    drop(old);
    Ok(())
}
