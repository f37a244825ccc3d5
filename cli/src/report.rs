//! `accord report`: load, check, build the briefing, write each output.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use accord_report::{Options, Paper, PdfOptions};

/// The arguments of `accord report`, already parsed by clap.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// Record files and directories (default: `fixtures`).
    pub paths: Vec<PathBuf>,
    /// Where to write: a `.pdf` or `.html` file, or `-` for standard output.
    /// Repeat to write several formats in one run. Default: `briefing.pdf`.
    /// A file is replaced whole; a link is kept and the file it leads to
    /// replaced; a pipe, a device or `/dev/stdout` is written through.
    #[arg(short, long = "output", value_name = "FILE")]
    pub outputs: Vec<PathBuf>,
    /// The format of `-` and of names not ending in `.pdf`, `.html` or
    /// `.htm`; it may not contradict the extension.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Keep collaborations taking effect in a country (`CN`, `CHN`, `China`,
    /// `UK`), a subdivision (`CN-LN`, `Liaoning`) or a UN M49 region
    /// (`Eastern Asia`, `030`), in any case. Repeatable. `accord list
    /// regions` lists them.
    #[arg(long, value_name = "REGION")]
    pub region: Vec<String>,
    /// Keep collaborations in a sector, by id or label (`genomics`,
    /// `Genomics`), sub-sectors included. Repeatable. `accord list sectors`
    /// lists them.
    #[arg(long, value_name = "SECTOR")]
    pub sector: Vec<String>,
    /// Keep collaborations dated on or after this date (`2018`, `2018-02`, `2018-02-14`).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Keep collaborations dated on or before this date; not before --since.
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Keep collaborations of a party, its subsidiaries included: its id,
    /// name or other name, in any case (`elekta`, `Sinopharm`). Repeatable.
    /// `accord list parties` lists the parties of the data.
    #[arg(long, value_name = "PARTY")]
    pub party: Vec<String>,
    /// The briefing's title. By default the subject, derived from the
    /// scope and the data: where, in what sector and when, such as
    /// `United Kingdom–China health collaboration, 2018–2023`.
    #[arg(long)]
    pub title: Option<String>,
    /// Who issues the briefing, printed under the title (`Healthcare UK,
    /// Department for Business and Trade`).
    #[arg(long)]
    pub issuer: Option<String>,
    /// The briefing's date (`YYYY-MM-DD`); by default the latest date in the
    /// data. Records dated after it are errors if the briefing includes
    /// them, and are left out if the filters leave them out. Without it,
    /// dates are checked against today's date in the local time zone
    /// (`TZ`).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Paper size of the PDF (default: a4).
    #[arg(long, value_enum)]
    pub paper: Option<PaperArg>,
    /// A TrueType font (.ttf/.ttc) for characters the bundled DejaVu Sans
    /// lacks (Chinese, Devanagari, Thai …): a regular file of at most 64
    /// MiB. Repeatable: fonts are tried in the order given.
    #[arg(long, value_name = "FILE")]
    pub font: Vec<PathBuf>,
    /// A CSV table of exchange rates for converting totals: `# label:`,
    /// `# date:` and `# target:` lines, then `currency,rate` rows (see the
    /// README). A regular file of at most 1 MiB.
    #[arg(long, value_name = "FILE")]
    pub rates: Option<PathBuf>,
    /// An older version of the data, to add a "What changed since …"
    /// section: a folder or file of records, or a git revision of one
    /// written `REV:PATH` (`HEAD~1:fixtures`), checked like the data.
    #[arg(long, value_name = "OLD")]
    pub changes_since: Option<String>,
    /// A briefing file (TOML): title, issuer, scope, data, outputs, rate
    /// table, sections, paper and font, so the same briefing is made again
    /// with one command. Options given here override the file's. See
    /// docs/briefing-file.md.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The sections to include (only from a briefing file's `sections`).
    #[arg(skip)]
    pub sections: Option<Vec<accord_report::SectionKind>>,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A paginated PDF.
    Pdf,
    /// One self-contained HTML page.
    Html,
}

/// Paper sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PaperArg {
    /// ISO A4.
    A4,
    /// US Letter.
    Letter,
}

/// Runs the command. `Err` is a failure of the tool (exit 2).
pub fn run(mut args: ReportArgs) -> Result<ExitCode, String> {
    if let Some(config) = args.config.clone() {
        crate::config::apply(&config, &mut args)?;
    }
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from("fixtures")]
    } else {
        args.paths.clone()
    };
    let options = options(&args, &paths);
    if let (Err(problems), true) = (&options, args.party.is_empty()) {
        return Err(problems.clone());
    }
    let default_output = [PathBuf::from("briefing.pdf")];
    let outputs = crate::output::plan(
        if args.outputs.is_empty() {
            &default_output
        } else {
            &args.outputs
        },
        args.format,
        &paths,
        &args
            .font
            .iter()
            .map(PathBuf::as_path)
            .chain(args.rates.as_deref())
            .chain(args.config.as_deref())
            .collect::<Vec<_>>(),
    )?;
    let pdf_options = pdf_options(&args, &outputs)?;
    // Dates after the briefing's date (or today) are errors in the data.
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
    // Parties are found in the data (and checked even when other arguments
    // were refused, so every mistake shows in one run); dates after the
    // check date block the briefing only in records it includes.
    let mut options = match options {
        Ok(options) => options,
        Err(problems) => {
            let mut none = accord_report::Filters::default();
            let parties =
                crate::filters::add_parties(&mut none, &loaded.dataset, &args.party, &paths);
            return Err(match parties {
                Ok(()) => problems,
                Err(more) => format!("{problems}\naccord: {more}"),
            });
        }
    };
    let parties =
        crate::filters::add_parties(&mut options.filters, &loaded.dataset, &args.party, &paths);
    let future = crate::filters::future_dates(&loaded, &options.filters, check_date);
    let other_errors = loaded.diagnostics.iter().any(|d| {
        d.severity == accord_ingest::Severity::Error && d.code != accord_ingest::Code::FutureDate
    });
    if let (false, Err(problems)) = (other_errors, &parties) {
        return Err(problems.clone());
    }
    if other_errors || !future.blocking.is_empty() {
        let mut err = std::io::stderr().lock();
        let errors: Vec<accord_ingest::Diagnostic> = loaded
            .diagnostics
            .iter()
            .filter(|d| {
                d.severity == accord_ingest::Severity::Error
                    && d.code != accord_ingest::Code::FutureDate
            })
            .chain(&future.blocking)
            .cloned()
            .collect();
        let (shown, left_out) = accord_ingest::render::cap(&errors, 10);
        for d in shown {
            let _ = write!(
                err,
                "{}",
                accord_ingest::render::human(d, loaded.file_text(&d.file), crate::use_color())
            );
        }
        let _ = write!(err, "{}", accord_ingest::render::left_out(&left_out, 10));
        let io = loaded
            .diagnostics
            .iter()
            .any(|d| d.code == accord_ingest::Code::IoError);
        // Parties are looked for only in data that could be read.
        if let (Err(problems), false) = (&parties, io) {
            let _ = writeln!(err, "accord: {problems}");
        }
        if other_errors {
            let _ = writeln!(err, "accord: the data has errors; no briefing was written");
        } else {
            let _ = writeln!(
                err,
                "accord: the briefing includes records dated after its date ({check_date}); no briefing was written"
            );
        }
        return Ok(ExitCode::from(if io { 2 } else { 1 }));
    }
    if !future.outside.is_empty() {
        crate::filters::leave_out(&mut loaded, &future.outside);
        let note = crate::filters::outside_note(&future.outside, check_date);
        eprintln!("note: {note}");
        options.notes.push(format!("{note}."));
    }
    // The briefing states inferred dates, unknown currencies, possible
    // duplicates and missing source addresses in its own words; other
    // warnings of the check are listed as they are.
    use accord_ingest::Code;
    let own = [
        Code::MarkedFact,
        Code::UnknownCurrency,
        Code::PossibleDuplicate,
        Code::NoSourceAddress,
    ];
    let outside_notes = std::mem::take(&mut options.notes);
    options.notes = loaded
        .diagnostics
        .iter()
        .filter(|d| !own.contains(&d.code))
        .map(|d| match d.span {
            Some(s) => format!(
                "{}:{}:{}: {}",
                d.file.display(),
                s.start.line,
                s.start.column,
                d.message
            ),
            None => format!("{}: {}", d.file.display(), d.message),
        })
        .collect();
    options.notes.extend(outside_notes);
    // The older data of the section on changes: a folder or `REV:PATH`,
    // checked like the data itself.
    let mut old_files = Vec::new();
    if let Some(spec) = &args.changes_since {
        match crate::diff::load_old(spec, check_date).map_err(|e| e.to_string())? {
            Ok((dataset, files)) => {
                old_files = files;
                options.changes_since = Some(std::sync::Arc::new(accord_report::Since {
                    label: spec.clone(),
                    dataset,
                }));
            }
            Err(status) => return Ok(ExitCode::from(status)),
        }
    }
    let briefing = accord_report::briefing(&loaded.dataset, &options);
    if let Some(rates) = options.rates.as_ref().filter(|r| r.date > briefing.as_of) {
        eprintln!(
            "warning: --rates: the table is dated {}, after the briefing's date ({}); the briefing says so beside the converted totals",
            rates.date, briefing.as_of
        );
    }
    if briefing.empty && !loaded.dataset.agreements.is_empty() {
        eprintln!("note: no collaboration matches the filters; the briefing says so");
    }

    crate::output::check_not_read(
        &outputs,
        loaded
            .origins
            .values()
            .chain(&old_files)
            .map(PathBuf::as_path),
    )?;
    // Every output is rendered before any is written: a PDF that cannot be
    // made (a font it cannot use) leaves the HTML beside it as it was.
    let html = outputs
        .iter()
        .any(|o| o.format == Format::Html)
        .then(|| accord_report::html(&briefing).into_bytes());
    let pdf = match &pdf_options {
        Some(pdf_options) => {
            let pdf = accord_report::pdf(&briefing, pdf_options).map_err(|e| {
                // Name the file a font problem comes from.
                match args.font.as_slice() {
                    [font] if e.to_string().contains("font") => {
                        format!("--font `{}`: {e}", font.display())
                    }
                    [_, _, ..] if e.to_string().contains("font") => {
                        let given: Vec<String> = args
                            .font
                            .iter()
                            .map(|f| format!("`{}`", f.display()))
                            .collect();
                        format!("--font: {e} (fonts given, in order: {})", given.join(", "))
                    }
                    _ => e.to_string(),
                }
            })?;
            for note in &pdf.notes {
                eprintln!("note: {note}");
            }
            if !pdf.unshown.is_empty() {
                eprintln!(
                    "{}",
                    unshown_warning(&loaded.dataset, &briefing.title, &pdf.unshown)
                );
            }
            Some(pdf.bytes)
        }
        None => None,
    };
    let bytes: Vec<&[u8]> = outputs
        .iter()
        .map(|o| match o.format {
            Format::Html => html.as_deref().unwrap_or_default(),
            Format::Pdf => pdf.as_deref().unwrap_or_default(),
        })
        .collect();
    crate::output::write_all(&outputs, &bytes)?;
    for (output, bytes) in outputs.iter().zip(&bytes) {
        if !output.is_stream() {
            eprintln!("wrote {} ({} bytes)", output.given.display(), bytes.len());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Where the characters the PDF drew as `?` come from: each record field
/// (as `kind id`, JSON pointer) and the title, with the characters, and
/// how to have them drawn. At most ten places are named.
fn unshown_warning(dataset: &accord_model::Dataset, title: &str, chars: &[char]) -> String {
    fn strings(value: &serde_json::Value, pointer: String, out: &mut Vec<(String, String)>) {
        match value {
            serde_json::Value::String(text) => out.push((pointer, text.clone())),
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    strings(item, format!("{pointer}/{i}"), out);
                }
            }
            serde_json::Value::Object(map) => {
                for (key, item) in map {
                    strings(item, format!("{pointer}/{key}"), out);
                }
            }
            _ => {}
        }
    }
    use accord_model::RecordKind::*;
    use accord_model::{RecordKey, RecordKind};
    let key = |kind: RecordKind, id: &dyn std::fmt::Display| RecordKey::new(kind, id.to_string());
    let records = dataset
        .parties
        .values()
        .map(|p| (key(Party, &p.id), serde_json::to_value(p)))
        .chain(
            dataset
                .people
                .values()
                .map(|p| (key(Person, &p.id), serde_json::to_value(p))),
        )
        .chain(
            dataset
                .agreements
                .values()
                .map(|a| (key(Agreement, &a.id), serde_json::to_value(a))),
        )
        .chain(
            dataset
                .sources
                .values()
                .map(|s| (key(Source, &s.id), serde_json::to_value(s))),
        )
        .chain(
            dataset
                .occasions
                .values()
                .map(|o| (key(Occasion, &o.id), serde_json::to_value(o))),
        );
    let mut texts = vec![("--title".to_owned(), title.to_owned())];
    for (RecordKey { kind, id }, value) in records {
        let mut found = Vec::new();
        if let Ok(value) = value {
            strings(&value, String::new(), &mut found);
        }
        texts.extend(
            found
                .into_iter()
                .map(|(pointer, text)| (format!("{kind} `{id}`, `{pointer}`"), text)),
        );
    }
    let places: Vec<String> = texts
        .into_iter()
        .filter_map(|(place, text)| {
            let here: Vec<String> = chars
                .iter()
                .filter(|c| text.contains(**c))
                .take(3)
                .map(|c| format!("U+{:04X}", u32::from(*c)))
                .collect();
            (!here.is_empty()).then(|| format!("  {place}: {}", here.join(", ")))
        })
        .collect();
    let mut text = format!(
        "warning: the PDF shows `?` for {} character{} that no font given has; they are in:",
        chars.len(),
        if chars.len() == 1 { "" } else { "s" }
    );
    for place in places.iter().take(10) {
        text.push('\n');
        text.push_str(place);
    }
    if places.len() > 10 {
        text.push_str(&format!("\n  … and {} more", places.len() - 10));
    }
    text.push_str(
        "\n  = hint: give a TrueType font that has them with --font (such as Noto Sans Devanagari or a CJK font), or read the HTML briefing, which shows them",
    );
    text
}

/// The options that do not need the data: filters other than parties,
/// the date, the title and the rate table. Checked before the data is
/// read, so a mistake in them costs no loading.
fn options(args: &ReportArgs, paths: &[PathBuf]) -> Result<Options, String> {
    let filters = crate::filters::read(crate::filters::Given {
        regions: &args.region,
        sectors: &args.sector,
        since: args.since.as_deref(),
        until: args.until.as_deref(),
        paths,
    })?;
    let as_of = match &args.as_of {
        Some(text) => match accord_report::parse_date(text) {
            Ok(accord_model::PartialDate::Day(day)) => Some(day),
            _ => {
                return Err(format!(
                    "--as-of: give a full date such as 2026-01-31, not `{text}`"
                ));
            }
        },
        None => None,
    };
    for (flag, value) in [("--title", &args.title), ("--issuer", &args.issuer)] {
        if let Some(problem) = value.as_deref().and_then(accord_model::text_problem) {
            return Err(format!(
                "{flag} {problem}\n  = hint: give it in visible words, as a record's text would be"
            ));
        }
    }
    let rates = match &args.rates {
        Some(path) => Some(crate::rates::read(path)?),
        None => None,
    };
    Ok(Options {
        title: args.title.clone(),
        issuer: args.issuer.clone(),
        sections: args
            .sections
            .clone()
            .unwrap_or_else(|| accord_report::SectionKind::ALL.to_vec()),
        as_of,
        filters,
        notes: Vec::new(),
        rates,
        changes_since: None,
    })
}

pub(crate) fn source_date_epoch() -> Result<Option<i64>, String> {
    // The PDF's creation time in seconds since 1970-01-01 00:00:00 UTC, up
    // to 9999-12-31 23:59:59 UTC, the last second a PDF date (four-digit
    // year) can hold.
    const LATEST: i64 = 253_402_300_799;
    // Set but empty counts as unset, as reproducible-build tools treat it.
    let Some(text) = std::env::var_os("SOURCE_DATE_EPOCH").filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let text = text.to_string_lossy();
    match text.trim().parse::<i64>() {
        Ok(seconds) if (0..=LATEST).contains(&seconds) => Ok(Some(seconds)),
        _ => Err(format!(
            "SOURCE_DATE_EPOCH must be a whole number of seconds from 0 (1970-01-01) to {LATEST} (9999-12-31 23:59:59 UTC), not `{text}`"
        )),
    }
}

/// The PDF's settings, read before the data so that a bad font or
/// `SOURCE_DATE_EPOCH` stops the run early; `None` when no output is a PDF.
fn pdf_options(
    args: &ReportArgs,
    outputs: &[crate::output::Output],
) -> Result<Option<PdfOptions>, String> {
    if !outputs.iter().any(|o| o.format == Format::Pdf) {
        return Ok(None);
    }
    Ok(Some(PdfOptions {
        paper: match args.paper.unwrap_or(PaperArg::A4) {
            PaperArg::A4 => Paper::A4,
            PaperArg::Letter => Paper::Letter,
        },
        fonts: args
            .font
            .iter()
            .map(|f| read_font(f))
            .collect::<Result<_, _>>()?,
        timestamp: source_date_epoch()?,
        lang: None,
    }))
}

/// The largest font `--font` reads: 64 MiB. The largest CJK fonts (Noto
/// Sans CJK's `.ttc` collections) are 20 to 30 MB.
pub const MAX_FONT_SIZE: u64 = 64 * 1024 * 1024;

/// Reads the `--font` file: a regular file (links followed) of at most
/// [`MAX_FONT_SIZE`] bytes. It is opened without waiting, so a FIFO is
/// refused rather than waited on, and read no further than the limit, so a
/// device or a growing file cannot fill memory.
fn read_font(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
    let cannot =
        |e: &dyn std::fmt::Display| format!("--font: cannot read `{}`: {e}", path.display());
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
        .map_err(|e| cannot(&e))?;
    let metadata = file.metadata().map_err(|e| cannot(&e))?;
    let kind = metadata.file_type();
    let what = if kind.is_dir() {
        Some("a folder")
    } else if kind.is_fifo() {
        Some("a pipe (FIFO)")
    } else if kind.is_char_device() || kind.is_block_device() {
        Some("a device")
    } else if !kind.is_file() {
        Some("not a regular file")
    } else {
        None
    };
    if let Some(what) = what {
        return Err(format!(
            "--font: `{}` is {what}; give a TrueType font file (.ttf or .ttc)",
            path.display()
        ));
    }
    let too_large = || {
        format!(
            "--font: `{}` is larger than {} MiB, more than any font needs; give a TrueType font file (.ttf or .ttc)",
            path.display(),
            MAX_FONT_SIZE / (1024 * 1024)
        )
    };
    if metadata.len() > MAX_FONT_SIZE {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    file.take(MAX_FONT_SIZE + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| cannot(&e))?;
    if bytes.len() as u64 > MAX_FONT_SIZE {
        return Err(too_large());
    }
    Ok(bytes)
}
