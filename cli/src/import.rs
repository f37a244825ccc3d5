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
//! should be; an interrupt (Ctrl-C, SIGTERM, SIGHUP) removes the temporary
//! folder and puts an earlier import back if it was moved aside. An output
//! folder that holds anything is replaced only with `--force`, and then only
//! when it holds nothing but the files an earlier import wrote, unchanged:
//! each import leaves the list of its files with their SHA-256
//! ([`MANIFEST`]), so `--force` never removes a file of the user's, nor an
//! imported record the user has edited since.

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
    /// Replace the output folder when an earlier import wrote it: it may
    /// hold only the files listed in its `.accord-import`, unchanged.
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
    // The dataset's own source record is always there: no agreement means
    // nothing was imported.
    if !imported
        .records
        .iter()
        .any(|r| matches!(r, Record::Agreement(_)))
    {
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

/// The list of the files an import wrote, at the top of its folder (hidden,
/// so `validate` and `report` do not read it): one line per file, its
/// SHA-256 and its path, as `sha256sum` writes them.
pub const MANIFEST: &str = ".accord-import";

/// Refuses an output that exists and is not an empty folder, unless
/// `force` and it holds only what an earlier import wrote, unchanged
/// (see [`replaceable`]).
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
    let empty = std::fs::read_dir(output)
        .map_err(|e| format!("-o: cannot read `{shown}`: {e}"))?
        .next()
        .is_none();
    if empty {
        return Ok(());
    }
    if !force {
        return Err(format!(
            "-o: `{shown}` is not empty: give a new or empty folder, or --force to replace an earlier import"
        ));
    }
    replaceable(output)
}

/// `Ok` when the folder `output` holds nothing but files listed in its
/// [`MANIFEST`] with their checksums unchanged, in the folders an import
/// writes: then `--force` loses nothing but what the earlier import wrote.
/// Otherwise the error names what would be lost (a file the import did not
/// write, one changed since, a link, another folder), at most ten of them.
fn replaceable(output: &Path) -> Result<(), String> {
    let shown = output.display();
    let manifest = match std::fs::read_to_string(output.join(MANIFEST)) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(format!(
                "-o: `{shown}` holds no `{MANIFEST}`, the list of files an import writes: --force replaces only a folder `accord import` wrote; move its files out or give another folder"
            ));
        }
        Err(e) => return Err(format!("-o: cannot read `{shown}/{MANIFEST}`: {e}")),
    };
    let listed: std::collections::HashMap<&str, &str> = manifest
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once("  "))
        .map(|(hash, path)| (path, hash))
        .collect();
    let mut strangers: Vec<String> = Vec::new();
    let read = |dir: &Path| -> Result<Vec<std::fs::DirEntry>, String> {
        let mut entries: Vec<std::fs::DirEntry> = std::fs::read_dir(dir)
            .map_err(|e| format!("-o: cannot read `{}`: {e}", dir.display()))?
            .collect::<Result<_, _>>()
            .map_err(|e| format!("-o: cannot read `{}`: {e}", dir.display()))?;
        entries.sort_by_key(std::fs::DirEntry::file_name);
        Ok(entries)
    };
    for entry in read(output)? {
        let name = entry.file_name().to_string_lossy().into_owned();
        let kind = entry
            .file_type()
            .map_err(|e| format!("-o: cannot read `{shown}/{name}`: {e}"))?;
        if name == MANIFEST && kind.is_file() {
            continue;
        }
        if !(kind.is_dir() && FOLDERS.contains(&name.as_str())) {
            strangers.push(format!("`{name}`"));
            continue;
        }
        for inner in read(&entry.path())? {
            let path = format!("{name}/{}", inner.file_name().to_string_lossy());
            let is_file = inner.file_type().is_ok_and(|t| t.is_file());
            let same = is_file
                && listed.get(path.as_str()).is_some_and(|hash| {
                    std::fs::read(inner.path()).is_ok_and(|bytes| sha256(&bytes) == *hash)
                });
            if !same {
                strangers.push(format!(
                    "`{path}`{}",
                    if is_file && listed.contains_key(path.as_str()) {
                        " (changed since the import)"
                    } else {
                        ""
                    }
                ));
            }
        }
    }
    if strangers.is_empty() {
        return Ok(());
    }
    let n = strangers.len();
    strangers.truncate(10);
    Err(format!(
        "-o: `{shown}` holds {n} thing{} an import did not write, which --force would remove: {}{}; move {} out or give another folder",
        if n == 1 { "" } else { "s" },
        strangers.join(", "),
        if n > 10 {
            format!(" and {} more", n - 10)
        } else {
            String::new()
        },
        if n == 1 { "it" } else { "them" },
    ))
}

/// The SHA-256 of `bytes` in lower-case hexadecimal, as `sha256sum` prints
/// it.
fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// What an interrupt must undo while the output is being written: the
/// temporary folder being filled, and an earlier import moved aside
/// (`aside/old`) before the new one is renamed into `output`.
#[derive(Default)]
struct InFlight {
    staging: Option<PathBuf>,
    aside: Option<(PathBuf, PathBuf)>,
}

static IN_FLIGHT: std::sync::Mutex<InFlight> = std::sync::Mutex::new(InFlight {
    staging: None,
    aside: None,
});

/// Held for reading while a file is written into the temporary folder, and
/// for writing by the interrupt, which so waits for the files being written
/// and keeps new ones from being started before it removes the folder.
static WRITING: std::sync::RwLock<()> = std::sync::RwLock::new(());

fn in_flight() -> std::sync::MutexGuard<'static, InFlight> {
    IN_FLIGHT
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// On SIGINT, SIGTERM or SIGHUP (unless ignored from the start, as
/// `report` does), removes the temporary folder of an import and puts an
/// earlier import moved aside back in its place, then ends the process by
/// the same signal. Runs on a thread of signal-hook's, so it may take the
/// lock the writing holds around each rename.
fn undo_on_interrupt() -> Result<(), String> {
    static INSTALLED: std::sync::OnceLock<Result<(), String>> = std::sync::OnceLock::new();
    INSTALLED
        .get_or_init(|| {
            use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
            let watched = [SIGINT, SIGTERM, SIGHUP]
                .into_iter()
                .filter(|&s| !crate::output::ignored(s));
            let mut signals = signal_hook::iterator::Signals::new(watched)
                .map_err(|e| format!("cannot watch for interrupts: {e}"))?;
            std::thread::Builder::new()
                .name("interrupt".to_owned())
                .spawn(move || {
                    if let Some(signal) = signals.forever().next() {
                        let _writing = WRITING
                            .write()
                            .unwrap_or_else(std::sync::PoisonError::into_inner);
                        let state = in_flight();
                        if let Some(staging) = &state.staging {
                            let _ = std::fs::remove_dir_all(staging);
                        }
                        if let Some((aside, output)) = &state.aside {
                            if std::fs::symlink_metadata(output).is_err() {
                                let _ = std::fs::rename(aside.join("old"), output);
                            }
                            let _ = std::fs::remove_dir_all(aside);
                        }
                        let _ = signal_hook::low_level::emulate_default_handler(signal);
                        std::process::exit(128 + signal);
                    }
                })
                .map(drop)
                .map_err(|e| format!("cannot watch for interrupts: {e}"))
        })
        .clone()
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

/// Writes every record into a temporary folder beside `output`, with the
/// [`MANIFEST`] of what it wrote, then puts it in `output`'s place
/// (replacing an earlier import when `force`, checked again just before).
/// An interrupt meanwhile removes the temporary folder and leaves the
/// earlier import where it was.
fn write_folder(output: &Path, records: &[Record], force: bool) -> Result<(), String> {
    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)
        .map_err(|e| format!("-o: cannot create `{}`: {e}", parent.display()))?;
    undo_on_interrupt().map_err(|e| format!("-o: {e}"))?;
    let staging = {
        let mut state = in_flight();
        let staging = tempfile::Builder::new()
            .prefix(".accord-import-")
            .tempdir_in(&parent)
            .map_err(|e| format!("-o: cannot create a folder in `{}`: {e}", parent.display()))?;
        state.staging = Some(staging.path().to_owned());
        staging
    };
    let result = fill_and_place(output, &parent, staging.path(), records, force);
    // Taken before the temporary folder is dropped (removed, unless renamed
    // into place), so an interrupt never removes it twice.
    let mut state = in_flight();
    state.staging = None;
    drop(staging);
    drop(state);
    result
}

/// Fills `staging` and renames it to `output`.
fn fill_and_place(
    output: &Path,
    parent: &Path,
    staging: &Path,
    records: &[Record],
    force: bool,
) -> Result<(), String> {
    let shown = output.display();
    // A temporary folder is private (0700); the import is not.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(staging, std::fs::Permissions::from_mode(0o755))
            .map_err(|e| format!("-o: cannot write in `{}`: {e}", parent.display()))?;
    }
    for folder in FOLDERS {
        std::fs::create_dir(staging.join(folder))
            .map_err(|e| format!("-o: cannot create a folder in `{}`: {e}", parent.display()))?;
    }
    // Creating many small files costs the file system more than the
    // records cost us: the files are written from every core, each record's
    // bytes independent of the order, so the result is the same.
    use rayon::prelude::*;
    let mut written: Vec<(String, String)> = records
        .par_iter()
        .map(|record| {
            let (folder, id) = record_path(record);
            let relative = format!("{folder}/{id}.json");
            let mut text = serde_json::to_string_pretty(record)
                .map_err(|e| format!("cannot write the record `{id}`: {e}"))?;
            text.push('\n');
            {
                let _writing = WRITING
                    .read()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                std::fs::write(staging.join(&relative), &text)
                    .map_err(|e| format!("-o: cannot write into `{}`: {e}", parent.display()))?;
            }
            Ok((relative, sha256(text.as_bytes())))
        })
        .collect::<Result<_, String>>()?;
    written.sort();
    let mut manifest = String::from(
        "# Written by `accord import`: the files it wrote, with their SHA-256 (`sha256sum -c .accord-import` checks them).\n# `accord import --force` replaces this folder only while it holds these files, unchanged, and nothing else.\n",
    );
    for (path, hash) in &written {
        manifest.push_str(&format!("{hash}  {path}\n"));
    }
    std::fs::write(staging.join(MANIFEST), manifest)
        .map_err(|e| format!("-o: cannot write into `{}`: {e}", parent.display()))?;
    // An empty folder is replaced by the rename itself; a folder an earlier
    // import wrote is checked again, moved aside, and removed once the new
    // one is in place.
    let mut state = in_flight();
    let old = if force && std::fs::symlink_metadata(output).is_ok() {
        let empty = std::fs::read_dir(output).is_ok_and(|mut d| d.next().is_none());
        if !empty {
            replaceable(output)?;
        }
        let aside = tempfile::Builder::new()
            .prefix(".accord-import-old-")
            .tempdir_in(parent)
            .map_err(|e| format!("-o: cannot create a folder in `{}`: {e}", parent.display()))?;
        let target = aside.path().join("old");
        std::fs::rename(output, &target)
            .map_err(|e| format!("-o: cannot move `{shown}` aside: {e}"))?;
        state.aside = Some((aside.path().to_owned(), output.to_owned()));
        Some(aside)
    } else {
        None
    };
    if let Err(e) = std::fs::rename(staging, output) {
        if let Some(aside) = &old {
            let _ = std::fs::rename(aside.path().join("old"), output);
        }
        state.aside = None;
        return Err(format!("-o: cannot write `{shown}`: {e}"));
    }
    // The earlier import is removed with the lock released: an interrupt
    // meanwhile finishes removing it.
    drop(state);
    drop(old);
    in_flight().aside = None;
    Ok(())
}
