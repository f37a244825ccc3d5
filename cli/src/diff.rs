//! `accord diff OLD NEW`: load and check both sides, compare them with
//! `accord-diff`, print the differences.
//!
//! A side is a folder or file on disk, or a git revision of one written
//! `REV:PATH` (`HEAD:fixtures`, `v1.0:fixtures/parties`), read with `git`
//! into a temporary folder (see [`crate::git`]) without touching the work
//! tree or the index.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use accord_ingest::{Code, Diagnostic, LoadOptions, Loaded, Severity, render};

/// The arguments of `accord diff`, already parsed by clap.
#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The old side: a folder or file of records, or a git revision of one
    /// written `REV:PATH` (`HEAD:fixtures`, `main~3:fixtures/parties`).
    /// A path that exists on disk is read from disk.
    pub old: String,
    /// The new side, written like the old one.
    pub new: String,
    /// How to print the differences (on standard output).
    #[arg(long, value_enum, default_value = "human")]
    pub format: DiffFormat,
    /// Treat warnings in either side as problems: exit with 1 when there is any.
    #[arg(long)]
    pub deny_warnings: bool,
    /// The date later dates in the data are judged by (`YYYY-MM-DD`), as
    /// for `validate`. Default: today's date in the local time zone.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
}

/// Output formats of `accord diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// One record a line, each changed field beneath it: `path: old → new`.
    Human,
    /// A versioned JSON document (docs/diff.md).
    Json,
    /// Markdown to paste into a pull request.
    Markdown,
}

/// One side of the comparison, loaded and checked.
pub struct Side {
    /// The side as the user wrote it.
    pub label: String,
    /// What was loaded.
    pub loaded: Loaded,
    /// For a git revision: the temporary folder the files were written to
    /// (kept until the side is dropped) and the `REV:PATH` prefix that
    /// names its files for a reader.
    git: Option<(tempfile::TempDir, String)>,
    /// Entries of a revision that were not read, each with why.
    skipped: Vec<(String, &'static str)>,
}

impl Side {
    /// How a file of this side is named for a reader: as given on disk, or
    /// `REV:PATH/file` for a revision (a name `git show` takes).
    pub fn name(&self, path: &Path) -> String {
        match &self.git {
            Some((dir, prefix)) => match path.strip_prefix(dir.path()) {
                Ok(rest) if rest.as_os_str().is_empty() => prefix.clone(),
                Ok(rest) => {
                    let rest = rest.to_string_lossy().replace('\\', "/");
                    if prefix.ends_with(':') || prefix.ends_with('/') {
                        format!("{prefix}{rest}")
                    } else {
                        format!("{prefix}/{rest}")
                    }
                }
                Err(_) => path.display().to_string(),
            },
            None => path.display().to_string(),
        }
    }

    fn git_root(&self) -> PathBuf {
        self.git
            .as_ref()
            .map(|(d, _)| d.path().to_owned())
            .unwrap_or_default()
    }

    /// The file a record came from, named for a reader.
    pub fn origin(&self, key: &accord_model::RecordKey) -> Option<String> {
        self.loaded.origins.get(key).map(|p| self.name(p))
    }
}

/// Runs the command. `Err` is a failure of the tool (exit 2).
pub fn run(args: &DiffArgs) -> std::io::Result<ExitCode> {
    let as_of = match &args.as_of {
        Some(text) => crate::parse_day("--as-of", text)?,
        None => crate::today(),
    };
    let options = LoadOptions {
        as_of: Some(as_of),
        ..LoadOptions::default()
    };
    let (old, new) = rayon::join(
        || load_side(&args.old, &options),
        || load_side(&args.new, &options),
    );
    let (old, new) = (old?, new?);
    let status = report_problems(&[&old, &new], args.deny_warnings)?;
    if status != 0 {
        forget(old, new);
        return Ok(ExitCode::from(status));
    }
    let mut diff = accord_diff::compare(&old.loaded.dataset, &new.loaded.dataset);
    diff.set_files(|k| old.origin(k), |k| new.origin(k));
    let text = match args.format {
        DiffFormat::Human => accord_diff::render::human(&diff, &old.label, &new.label),
        DiffFormat::Json => accord_diff::render::json(&diff, &old.label, &new.label),
        DiffFormat::Markdown => accord_diff::render::markdown(&diff, &old.label, &new.label),
    };
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    forget(old, new);
    Ok(ExitCode::SUCCESS)
}

/// Freeing a hundred thousand records one by one takes longer than the
/// operating system takes to reclaim the memory; the temporary folders of
/// revisions are still removed.
fn forget(old: Side, new: Side) {
    for side in [old, new] {
        std::mem::forget(side.loaded);
        drop(side.git);
    }
}

/// Loads the older data of `report --changes-since`, checked as `validate`
/// checks it. `Ok(Err(status))` when it has errors, already printed with
/// their files and places (status 1, or 2 when a file could not be read);
/// warnings are not printed, as they do not change what the comparison
/// finds.
pub fn load_old(
    spec: &str,
    as_of: chrono::NaiveDate,
) -> std::io::Result<Result<(accord_model::Dataset, Vec<PathBuf>), u8>> {
    let options = LoadOptions {
        as_of: Some(as_of),
        ..LoadOptions::default()
    };
    let mut side = load_side(spec, &options)?;
    side.loaded
        .diagnostics
        .retain(|d| d.severity == Severity::Error);
    if !side.loaded.diagnostics.is_empty() {
        let status = report_problems(&[&side], false)?;
        eprintln!("accord: --changes-since `{spec}` has errors; no briefing was written");
        return Ok(Err(status.max(1)));
    }
    let files = match side.git {
        Some(_) => Vec::new(),
        None => side.loaded.origins.values().cloned().collect(),
    };
    Ok(Ok((std::mem::take(&mut side.loaded.dataset), files)))
}

/// Loads one side: from disk when the path exists, else as `REV:PATH`.
pub fn load_side(spec: &str, options: &LoadOptions) -> std::io::Result<Side> {
    let path = PathBuf::from(spec);
    let on_disk = std::fs::symlink_metadata(&path).is_ok();
    if !on_disk && let Some((rev, inner)) = spec.split_once(':') {
        let dir = tempfile::Builder::new().prefix("accord-diff-").tempdir()?;
        let extracted = crate::git::extract(rev, inner, dir.path()).map_err(|e| {
            std::io::Error::other(format!(
                "`{spec}` is not a path, and git could not read it as REV:PATH: {e}"
            ))
        })?;
        // A single file keeps its name inside the temporary folder, and is
        // named `REV:PARENT/NAME` for a reader.
        let (root, prefix) = match &extracted.single {
            Some(name) => {
                let parent = Path::new(inner)
                    .parent()
                    .map(|p| p.to_string_lossy().into_owned())
                    .unwrap_or_default();
                (dir.path().join(name), format!("{rev}:{parent}"))
            }
            None => (dir.path().to_owned(), spec.to_owned()),
        };
        let loaded = accord_ingest::load_with(&[root], options);
        return Ok(Side {
            label: spec.to_owned(),
            loaded,
            git: Some((dir, prefix)),
            skipped: extracted.skipped,
        });
    }
    Ok(Side {
        label: spec.to_owned(),
        loaded: accord_ingest::load_with(&[path], options),
        git: None,
        skipped: Vec::new(),
    })
}

/// Prints the errors and warnings of both sides on standard error, each
/// file named as the user would find it, and returns the exit status they
/// call for: 2 when a file could not be read, 1 for errors (or warnings
/// with `deny_warnings`), 0 otherwise. Notes are counted, not listed.
fn problems(sides: &[&Side], deny_warnings: bool) -> std::io::Result<u8> {
    let mut err = std::io::stderr().lock();
    let color = crate::use_color();
    let mut status = 0;
    for side in sides {
        for (name, why) in &side.skipped {
            writeln!(
                err,
                "warning: `{}` is {why}; not read",
                side.name(&side.git_root().join(name))
            )?;
        }
        let problems: Vec<&Diagnostic> = side
            .loaded
            .diagnostics
            .iter()
            .filter(|d| d.severity != Severity::Note)
            .collect();
        if problems.is_empty() {
            continue;
        }
        let owned: Vec<Diagnostic> = problems.iter().map(|d| (*d).clone()).collect();
        let (shown, left_out) = render::cap(&owned, 10);
        for d in shown {
            let text = side.loaded.file_text(&d.file);
            let mut named = d.clone();
            named.file = PathBuf::from(side.name(&d.file));
            for label in &mut named.labels {
                label.file = PathBuf::from(side.name(&label.file));
            }
            err.write_all(render::human(&named, text, color).as_bytes())?;
        }
        err.write_all(render::left_out(&left_out, 10).as_bytes())?;
        writeln!(err, "{}: {}", side.label, render::summary(&side.loaded))?;
        let io = problems.iter().any(|d| d.code == Code::IoError);
        let errors = problems.iter().any(|d| d.severity == Severity::Error);
        let warnings = problems.iter().any(|d| d.severity == Severity::Warning);
        let side_status = if io {
            2
        } else if errors || (deny_warnings && warnings) {
            1
        } else {
            0
        };
        status = status.max(side_status);
    }
    Ok(status)
}

/// Prints the errors and warnings of both sides, as [`problems`] does, and
/// says that nothing was compared when they stop the comparison.
fn report_problems(sides: &[&Side], deny_warnings: bool) -> std::io::Result<u8> {
    let status = problems(sides, deny_warnings)?;
    if status == 1 {
        eprintln!(
            "accord: the data has problems; fix them before comparing (no differences were printed)"
        );
    }
    Ok(status)
}
