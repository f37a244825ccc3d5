//! The `accord` command: argument parsing and dispatch. The work is done by
//! the library crates; this file and its modules only read arguments, print
//! and choose the exit code (0 clean, 1 problems in the data, 2 the tool
//! could not run).

mod config;
mod diff;
mod export;
mod filters;
mod git;
mod import;
mod list;
mod output;
mod rates;
mod report;

/// Loading a large dataset allocates millions of small values on every
/// core, where mimalloc is markedly faster than the system allocator.
/// The workspace takes mimalloc's 2.x line with transparent huge pages
/// turned off (features `v2`, `no_thp`): on this machine first touching
/// memory is costly, and with huge pages every fault clears 2 MiB. The
/// README's speed section gives the figures.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use accord_ingest::{Code, LoadOptions, Severity, render};
use clap::{Parser, Subcommand, ValueEnum};

/// Accord: records of collaborations between organisations, checked and
/// turned into briefings.
#[derive(Debug, Parser)]
#[command(name = "accord", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print the JSON Schema of a record file.
    Schema,
    /// Check record files and directories and report every problem.
    ///
    /// Exit status: 0 when there is no error (and, with --deny-warnings, no
    /// warning), 1 when the data has problems, 2 when the check could not run.
    Validate(ValidateArgs),
    /// Write a briefing (PDF or HTML) on the collaborations in the data.
    ///
    /// The data is checked first; data with errors is refused (exit 1), and
    /// so is a record the filters keep that is dated after the briefing.
    /// Arguments that name nothing (an unknown --party, --region or
    /// --sector value, --since after --until, a bad --rates table) stop the
    /// run before anything is written (exit 2).
    Report(Box<report::ReportArgs>),
    /// Print the values the filters of `report` take, with their names.
    ///
    /// One value a line: what to type, then what it is and, for data, how
    /// many collaborations it keeps. Exit status: 0; 1 when the data has
    /// errors (the records that loaded are listed); 2 when it cannot be read.
    List(list::ListArgs),
    /// Write records from another dataset's tables (AidData's GCDF 3.0).
    ///
    /// The output folder must be new or empty (or, with --force, an
    /// earlier import). Problems in the tables are printed as `validate`
    /// prints them, at the row and column.
    Import(import::ImportArgs),
    /// Write the data as tables (CSV, XLSX, SQLite) or records (JSON Lines).
    ///
    /// Takes the filters of `report` and checks the data as it does: data
    /// with errors is refused (exit 1), and so is an argument naming
    /// nothing (exit 2). docs/export.md describes every table and column.
    Export(Box<export::ExportArgs>),
    /// Compare two versions of the data: records added, removed, renamed
    /// and changed, with each changed field.
    ///
    /// Each side is a folder (or file) of records, or a git revision of one
    /// written `REV:PATH` (`HEAD:fixtures`), read from git without touching
    /// the work tree. Both sides are checked first, as `validate` checks
    /// them. Exit status: 0 when both sides are valid (whether or not they
    /// differ), 1 when either has errors (or warnings, with
    /// --deny-warnings), 2 when a side could not be read.
    Diff(diff::DiffArgs),
}

#[derive(Debug, clap::Args)]
struct ValidateArgs {
    /// Files and directories to check (directories are searched for
    /// `.yaml`, `.yml`, `.json` and `.toml` files; hidden ones are skipped).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// How to print the diagnostics.
    #[arg(long, value_enum, default_value = "human")]
    format: OutputFormat,
    /// Treat warnings as problems: exit with 1 when there is any.
    #[arg(long)]
    deny_warnings: bool,
    /// The date of the check (`YYYY-MM-DD`): later dates in the data are
    /// errors. Default: today's date in the local time zone (`TZ`).
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
    /// Show at most this many diagnostics of each code in the human and
    /// github formats (0: all). JSON always has all.
    #[arg(long, default_value_t = 10, value_name = "N")]
    max_repeats: usize,
}

/// Output formats of `validate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    /// Compiler-style messages with the source line, on standard error.
    Human,
    /// One JSON document on standard output (see the README).
    Json,
    /// GitHub Actions workflow commands on standard output; when
    /// `GITHUB_STEP_SUMMARY` names a file, a Markdown summary of the check
    /// is also appended to it (GitHub's job summary).
    Github,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Schema => print_schema(),
        Command::Validate(args) => validate(&args),
        Command::Report(args) => report::run(*args).map_err(std::io::Error::other),
        Command::List(args) => list::run(&args),
        Command::Import(args) => import::run(&args),
        Command::Export(args) => export::run(*args).map_err(std::io::Error::other),
        Command::Diff(args) => diff::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("accord: {e}");
            ExitCode::from(2)
        }
    }
}

fn print_schema() -> std::io::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    out.write_all(accord_model::schema_text().as_bytes())?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Colour only on a terminal, and never when `NO_COLOR` is set.
pub(crate) fn use_color() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Today's date where the user is: the calendar date in the local time
/// zone (`TZ` when set, else the system's), for checks that ask for it
/// (never for output documents). A record dated today in Tokyo is not in
/// the future there, although it is still yesterday in UTC.
pub(crate) fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

pub(crate) fn parse_day(flag: &str, text: &str) -> std::io::Result<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
        std::io::Error::other(format!(
            "{flag}: give a full date such as 2026-01-31, not `{text}`"
        ))
    })
}

fn validate(args: &ValidateArgs) -> std::io::Result<ExitCode> {
    let as_of = match &args.as_of {
        Some(text) => parse_day("--as-of", text)?,
        None => today(),
    };
    let loaded = accord_ingest::load_with(
        &args.paths,
        &LoadOptions {
            as_of: Some(as_of),
            ..LoadOptions::default()
        },
    );
    match args.format {
        OutputFormat::Human => {
            let (shown, left_out) = render::cap(&loaded.diagnostics, args.max_repeats);
            let color = use_color();
            let mut err = std::io::stderr().lock();
            for d in shown {
                err.write_all(render::human(d, loaded.file_text(&d.file), color).as_bytes())?;
            }
            err.write_all(render::left_out(&left_out, args.max_repeats).as_bytes())?;
            writeln!(err, "{}", render::summary(&loaded))?;
        }
        OutputFormat::Json => {
            render::write_json(&loaded, std::io::stdout().lock())?;
        }
        OutputFormat::Github => {
            let (shown, left_out) = render::cap(&loaded.diagnostics, args.max_repeats);
            let mut out = std::io::stdout().lock();
            for d in shown {
                out.write_all(render::github(d).as_bytes())?;
            }
            for (code, n) in &left_out {
                writeln!(
                    out,
                    "::notice title=accord::{n} more `{code}` diagnostics not shown"
                )?;
            }
            out.flush()?;
            eprintln!("{}", render::summary(&loaded));
            write_job_summary(&loaded);
        }
    }
    let tool_failed = loaded.diagnostics.iter().any(|d| d.code == Code::IoError);
    let errors = loaded
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error);
    let warnings = loaded
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Warning);
    // Freeing a hundred thousand records one by one takes longer than the
    // operating system takes to reclaim the memory when the process ends.
    std::mem::forget(loaded);
    Ok(if tool_failed {
        ExitCode::from(2)
    } else if errors || (args.deny_warnings && warnings) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Appends the check's Markdown summary to the file `GITHUB_STEP_SUMMARY`
/// names, as GitHub Actions expects (each step appends; GitHub shows the
/// file on the run's summary page). Unset or empty: nothing. A file that
/// cannot be written is a warning: the check itself has run.
fn write_job_summary(loaded: &accord_ingest::Loaded) {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()) else {
        return;
    };
    let path = PathBuf::from(path);
    let written = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(&path)
        .and_then(|mut f| f.write_all(render::summary_markdown(loaded).as_bytes()));
    if let Err(e) = written {
        eprintln!(
            "warning: cannot write the job summary to `{}` (GITHUB_STEP_SUMMARY): {e}",
            path.display()
        );
    }
}
