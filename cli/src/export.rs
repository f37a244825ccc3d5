//! `accord export`: load and check the data as `report` does, keep the
//! agreements the filters keep, and write the tables (CSV, XLSX, SQLite)
//! or the records (JSON Lines).
//!
//! A file output is written as `report` writes its outputs (`output.rs`):
//! through a temporary file renamed into place, a link kept and its file
//! replaced, a pipe or device written through. A CSV export is a folder:
//! it is filled under a temporary name beside it and renamed into place;
//! an existing folder is replaced only when it holds nothing but an
//! earlier export's files.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use accord_ingest::{Code, Severity};

/// The arguments of `accord export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// Record files and directories (default: `fixtures`).
    pub paths: Vec<PathBuf>,
    /// What to write; by default told by the output's name: `.xlsx`,
    /// `.sqlite` (`.sqlite3`, `.db`), `.jsonl` (`.ndjson`). CSV is a
    /// folder of files, one per table, and always needs `--format csv`.
    #[arg(long, value_enum)]
    pub format: Option<ExportFormat>,
    /// Where to write: a file, `-` for standard output (not CSV), or for
    /// CSV a folder (new, empty, or an earlier CSV export, which is
    /// replaced whole).
    #[arg(short, long = "output", value_name = "OUT", required = true)]
    pub output: PathBuf,
    /// Keep collaborations taking effect in a country, subdivision or UN
    /// M49 region, as `report --region`. Repeatable.
    #[arg(long, value_name = "REGION")]
    pub region: Vec<String>,
    /// Keep collaborations in a sector, sub-sectors included, as `report
    /// --sector`. Repeatable.
    #[arg(long, value_name = "SECTOR")]
    pub sector: Vec<String>,
    /// Keep collaborations dated on or after this date (`2018`, `2018-02`, `2018-02-14`).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Keep collaborations dated on or before this date.
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Keep collaborations of a party, its subsidiaries included, as
    /// `report --party`. Repeatable.
    #[arg(long, value_name = "PARTY")]
    pub party: Vec<String>,
    /// The date the data is checked against (`YYYY-MM-DD`): records the
    /// export includes may not be dated after it. Default: today in the
    /// local time zone.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
}

/// The formats of `accord export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// A folder with one CSV file per table and a README.md.
    Csv,
    /// One workbook: a README sheet, then a sheet per table.
    Xlsx,
    /// One SQLite database: tables with keys, indexes, views, a readme table.
    Sqlite,
    /// The records, one JSON object a line, as record files hold them.
    Jsonl,
}

impl ExportFormat {
    fn word(self) -> &'static str {
        match self {
            ExportFormat::Csv => "CSV",
            ExportFormat::Xlsx => "XLSX",
            ExportFormat::Sqlite => "SQLite",
            ExportFormat::Jsonl => "JSON Lines",
        }
    }
}

/// The format an output's name says, if any.
fn format_by_name(path: &Path) -> Option<ExportFormat> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "xlsx" => Some(ExportFormat::Xlsx),
        "sqlite" | "sqlite3" | "db" => Some(ExportFormat::Sqlite),
        "jsonl" | "ndjson" => Some(ExportFormat::Jsonl),
        _ => None,
    }
}

fn format_of(path: &Path, flag: Option<ExportFormat>) -> Result<ExportFormat, String> {
    match (format_by_name(path), flag) {
        (Some(named), Some(asked)) if named != asked => Err(format!(
            "`{}` is named as {} but --format asks for {}: rename the output or leave out --format",
            path.display(),
            named.word(),
            asked.word()
        )),
        (Some(named), _) => Ok(named),
        (None, Some(ExportFormat::Csv)) if path.as_os_str() == "-" => Err(
            "a CSV export is a folder of files and cannot go to standard output: give a folder with -o".to_owned(),
        ),
        (None, Some(asked)) => Ok(asked),
        (None, None) => Err(format!(
            "cannot tell the format of `{}`: name it .xlsx, .sqlite or .jsonl, or give --format (csv, xlsx, sqlite, jsonl)",
            path.display()
        )),
    }
}

/// Runs the command. `Err` is a failure of the tool (exit 2).
pub fn run(args: ExportArgs) -> Result<ExitCode, String> {
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from("fixtures")]
    } else {
        args.paths.clone()
    };
    let format = format_of(&args.output, args.format)?;
    let filters = crate::filters::read(crate::filters::Given {
        regions: &args.region,
        sectors: &args.sector,
        since: args.since.as_deref(),
        until: args.until.as_deref(),
        paths: &paths,
    });
    let mut filters = filters?;
    let created = crate::report::source_date_epoch()?;
    let file_output = match format {
        ExportFormat::Csv => {
            check_folder(&args.output)?;
            None
        }
        _ => Some(crate::output::plan_with(
            std::slice::from_ref(&args.output),
            &paths,
            &[],
            |_| Ok(format),
        )?),
    };
    let check_date = match &args.as_of {
        Some(text) => crate::parse_day("--as-of", text).map_err(|e| e.to_string())?,
        None => crate::today(),
    };
    let mut loaded = accord_ingest::load_with(
        &paths,
        &accord_ingest::LoadOptions {
            as_of: Some(check_date),
            ..accord_ingest::LoadOptions::default()
        },
    );
    let parties = crate::filters::add_parties(&mut filters, &loaded.dataset, &args.party, &paths);
    let future = crate::filters::future_dates(&loaded, &filters, check_date);
    let other_errors = loaded
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error && d.code != Code::FutureDate);
    if let (false, Err(problems)) = (other_errors, &parties) {
        return Err(problems.clone());
    }
    if other_errors || !future.blocking.is_empty() {
        let errors: Vec<accord_ingest::Diagnostic> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error && d.code != Code::FutureDate)
            .chain(&future.blocking)
            .cloned()
            .collect();
        let mut err = std::io::stderr().lock();
        let (shown, left_out) = accord_ingest::render::cap(&errors, 10);
        for d in shown {
            let _ = write!(
                err,
                "{}",
                accord_ingest::render::human(d, loaded.file_text(&d.file), crate::use_color())
            );
        }
        let _ = write!(err, "{}", accord_ingest::render::left_out(&left_out, 10));
        let io = loaded.diagnostics.iter().any(|d| d.code == Code::IoError);
        if let (Err(problems), false) = (&parties, io) {
            let _ = writeln!(err, "accord: {problems}");
        }
        if other_errors {
            let _ = writeln!(err, "accord: the data has errors; nothing was exported");
        } else {
            let _ = writeln!(
                err,
                "accord: the export includes records dated after {check_date}; nothing was exported\n  = hint: give --as-of a later date if the data is right"
            );
        }
        return Ok(ExitCode::from(if io { 2 } else { 1 }));
    }
    if !future.outside.is_empty() {
        crate::filters::leave_out(&mut loaded, &future.outside);
        eprintln!(
            "note: {}",
            crate::filters::outside_note(&future.outside, check_date)
        );
    }
    if let Some(outputs) = &file_output {
        crate::output::check_not_read(outputs, loaded.origins.values().map(PathBuf::as_path))?;
    }

    let dataset = &loaded.dataset;
    let keep = |a: &accord_model::Agreement| filters.matches(dataset, a);
    let kept = dataset.agreements.values().filter(|a| keep(a)).count();
    if kept == 0 && !dataset.agreements.is_empty() {
        eprintln!("note: no collaboration matches the filters; the agreement tables are empty");
    }
    let created = created.unwrap_or_else(|| latest_day(dataset, &keep));
    match (format, &file_output) {
        (ExportFormat::Csv, _) => {
            let tables = accord_export::flatten(dataset, keep);
            let files = accord_export::csv::files(&tables).map_err(|e| e.to_string())?;
            write_folder(&args.output, &files)?;
            eprintln!(
                "wrote {} ({} tables, {kept} agreements)",
                args.output.display(),
                tables.len()
            );
        }
        (_, Some(outputs)) => {
            let bytes = match format {
                ExportFormat::Jsonl => accord_export::jsonl::records(dataset, keep),
                ExportFormat::Xlsx => {
                    let tables = accord_export::flatten(dataset, keep);
                    accord_export::xlsx::workbook(
                        &tables,
                        &accord_export::xlsx::Options { created },
                    )
                    .map_err(|e| e.to_string())?
                }
                _ => {
                    let tables = accord_export::flatten(dataset, keep);
                    sqlite_bytes(&tables)?
                }
            };
            crate::output::write_all(outputs, &[&bytes])?;
            if !outputs.iter().any(crate::output::Output::is_stream) {
                eprintln!(
                    "wrote {} ({} bytes, {kept} agreements)",
                    args.output.display(),
                    bytes.len()
                );
            }
        }
        (_, None) => {}
    }
    // Freeing every record one by one takes longer than the system takes
    // to reclaim the memory at exit.
    std::mem::forget(loaded);
    Ok(ExitCode::SUCCESS)
}

/// The export's creation time when `SOURCE_DATE_EPOCH` is not set: the
/// latest key date of the agreements exported (its last possible day, at
/// midnight UTC), else 2000-01-01: a date from the data, never the clock.
fn latest_day(
    dataset: &accord_model::Dataset,
    keep: &impl Fn(&accord_model::Agreement) -> bool,
) -> i64 {
    dataset
        .agreements
        .values()
        .filter(|a| keep(a))
        .filter_map(|a| a.dates.key_date().and_then(|d| d.span().latest))
        .max()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map_or(946_684_800, |t| t.and_utc().timestamp())
}

/// The SQLite file's bytes: written by SQLite into a new file in a
/// temporary folder, then read back, so the output itself is written like
/// every other (atomically, or through a pipe).
fn sqlite_bytes(tables: &[accord_export::Table<'_>]) -> Result<Vec<u8>, String> {
    let dir = tempfile::Builder::new()
        .prefix("accord-export-")
        .tempdir()
        .map_err(|e| format!("cannot make a temporary folder: {e}"))?;
    let path = dir.path().join("export.sqlite");
    accord_export::sqlite::write(tables, &path).map_err(|e| e.to_string())?;
    std::fs::read(&path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))
}

/// Names a CSV export writes: one file per table and its README.
fn export_file_names() -> Vec<String> {
    accord_export::TABLES
        .iter()
        .map(|t| format!("{}.csv", t.name))
        .chain(std::iter::once("README.md".to_owned()))
        .collect()
}

/// Refuses a CSV output that is not a folder, or a folder holding
/// anything but an earlier export's files, before the data is read.
fn check_folder(out: &Path) -> Result<(), String> {
    let meta = match std::fs::metadata(out) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let parent = out
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            if !parent.is_dir() {
                return Err(format!(
                    "cannot write `{}`: its folder `{}` does not exist",
                    out.display(),
                    parent.display()
                ));
            }
            return Ok(());
        }
        Err(e) => return Err(format!("cannot write `{}`: {e}", out.display())),
    };
    if !meta.is_dir() {
        return Err(format!(
            "`{}` is not a folder: a CSV export is a folder of files; give a new folder's name",
            out.display()
        ));
    }
    let names = export_file_names();
    let entries =
        std::fs::read_dir(out).map_err(|e| format!("cannot read `{}`: {e}", out.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot read `{}`: {e}", out.display()))?;
        let name = entry.file_name();
        let plain = entry.file_type().is_ok_and(|t| t.is_file());
        if !plain || !names.iter().any(|n| *n.as_str() == *name) {
            return Err(format!(
                "`{}` holds `{}`, which is not part of a CSV export: give a new or empty folder, or an earlier export to replace",
                out.display(),
                name.to_string_lossy()
            ));
        }
    }
    Ok(())
}

/// Writes the files into a new folder beside `out`, then puts it in
/// place: renamed to `out`, or swapped with an earlier export there (the
/// old one then removed). A link to a folder is kept, and the folder it
/// leads to replaced.
fn write_folder(out: &Path, files: &[(String, Vec<u8>)]) -> Result<(), String> {
    let cannot = |e: &dyn std::fmt::Display| format!("cannot write `{}`: {e}", out.display());
    // Check again: the folder may have changed while the data was read.
    check_folder(out)?;
    let target = if out.exists() {
        std::fs::canonicalize(out).map_err(|e| cannot(&e))?
    } else {
        out.to_path_buf()
    };
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let staged = tempfile::Builder::new()
        .prefix(".accord-export-")
        .tempdir_in(parent)
        .map_err(|e| cannot(&e))?;
    for (name, bytes) in files {
        let path = staged.path().join(name);
        let mut file = std::fs::File::create(&path).map_err(|e| cannot(&e))?;
        file.write_all(bytes)
            .and_then(|()| file.sync_all())
            .map_err(|e| cannot(&e))?;
    }
    let staged = staged.keep();
    let result = if target.exists() {
        let old = tempfile::Builder::new()
            .prefix(".accord-export-old-")
            .tempdir_in(parent)
            .map_err(|e| cannot(&e))?
            .keep();
        // `old` is an empty folder, which rename replaces. Should the new
        // export not go in, the earlier one is put back.
        std::fs::rename(&target, &old).and_then(|()| match std::fs::rename(&staged, &target) {
            Ok(()) => std::fs::remove_dir_all(&old),
            Err(e) => {
                let _ = std::fs::rename(&old, &target);
                Err(e)
            }
        })
    } else {
        std::fs::rename(&staged, &target)
    };
    result.map_err(|e| {
        let _ = std::fs::remove_dir_all(&staged);
        cannot(&e)
    })
}
