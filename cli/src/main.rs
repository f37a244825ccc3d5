//! The `accord` command: argument parsing and dispatch. The work is done by
//! the library crates; this file and its modules only read arguments, print
//! and choose the exit code.

mod render;
mod report;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

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
    /// Exit status: 0 when there is no error, 1 when the data has errors,
    /// 2 when the check could not run.
    Validate {
        /// Files and directories to check (directories are searched for
        /// `.yaml`, `.yml` and `.json` files).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Write a briefing (PDF or HTML) on the collaborations in the data.
    ///
    /// The data is checked first; data with errors is refused (exit 1).
    Report(Box<report::ReportArgs>),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Schema => print_schema(),
        Command::Validate { paths } => validate(&paths),
        Command::Report(args) => match report::run(*args) {
            Ok(code) => Ok(code),
            Err(message) => {
                eprintln!("accord: {message}");
                return ExitCode::from(2);
            }
        },
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

fn validate(paths: &[PathBuf]) -> std::io::Result<ExitCode> {
    let loaded = accord_ingest::load(paths);
    let mut err = std::io::stderr().lock();
    for diagnostic in &loaded.diagnostics {
        let text = loaded.file_text(&diagnostic.file);
        write!(err, "{}", render::human(diagnostic, text))?;
    }
    let errors = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == accord_ingest::Severity::Error)
        .count();
    let warnings = loaded.diagnostics.len() - errors;
    let d = &loaded.dataset;
    writeln!(
        err,
        "checked {} {}: {} agreements, {} parties, {} people, {} sources, {} occasions; {} {}, {} {}",
        loaded.files_read,
        if loaded.files_read == 1 {
            "file"
        } else {
            "files"
        },
        d.agreements.len(),
        d.parties.len(),
        d.people.len(),
        d.sources.len(),
        d.occasions.len(),
        errors,
        if errors == 1 { "error" } else { "errors" },
        warnings,
        if warnings == 1 { "warning" } else { "warnings" },
    )?;
    let io_failure = loaded
        .diagnostics
        .iter()
        .any(|d| d.code == accord_ingest::Code::IoError);
    Ok(if io_failure {
        ExitCode::from(2)
    } else if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
