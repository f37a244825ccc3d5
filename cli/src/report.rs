//! `accord report`: load, check, build the briefing, write each output.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use accord_report::{Filters, Options, Paper, PdfOptions, RateTable, RegionFilter};

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
    /// Keep collaborations taking effect in a country (`CN`), subdivision
    /// (`CN-LN`) or UN M49 region (`Eastern Asia` or `030`). Repeatable.
    #[arg(long)]
    pub region: Vec<String>,
    /// Keep collaborations in a sector, sub-sectors included. Repeatable.
    #[arg(long)]
    pub sector: Vec<String>,
    /// Keep collaborations dated on or after this date (`2018`, `2018-02`, `2018-02-14`).
    #[arg(long)]
    pub since: Option<String>,
    /// Keep collaborations dated on or before this date.
    #[arg(long)]
    pub until: Option<String>,
    /// Keep collaborations of a party (by id), its subsidiaries included. Repeatable.
    #[arg(long)]
    pub party: Vec<String>,
    /// The briefing's title.
    #[arg(long, default_value = "Collaboration briefing")]
    pub title: String,
    /// The briefing's date (`YYYY-MM-DD`); later dates in the data are
    /// errors. Default: the briefing is dated by the latest date in the
    /// data, and dates are checked against today's date in the local time
    /// zone (`TZ`).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Paper size of the PDF.
    #[arg(long, value_enum, default_value = "a4")]
    pub paper: PaperArg,
    /// A TrueType font (.ttf/.ttc) for Chinese, Japanese and Korean names in
    /// the PDF: a regular file of at most 64 MiB.
    #[arg(long, value_name = "FILE")]
    pub font: Option<PathBuf>,
    /// A CSV table of exchange rates for converting totals (see the README).
    #[arg(long, value_name = "FILE")]
    pub rates: Option<PathBuf>,
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
pub fn run(args: ReportArgs) -> Result<ExitCode, String> {
    let options = options(&args)?;
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from("fixtures")]
    } else {
        args.paths.clone()
    };
    let default_output = [PathBuf::from("briefing.pdf")];
    let outputs = crate::output::plan(
        if args.outputs.is_empty() {
            &default_output
        } else {
            &args.outputs
        },
        args.format,
        &paths,
        &[args.font.as_deref(), args.rates.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>(),
    )?;
    let pdf_options = pdf_options(&args, &outputs)?;
    // Dates after the briefing's date (or today) are errors in the data.
    let check_date = match &args.as_of {
        Some(text) => crate::parse_day("--as-of", text).map_err(|e| e.to_string())?,
        None => crate::today(),
    };
    let loaded = accord_ingest::load_with(
        &paths,
        &accord_ingest::LoadOptions {
            as_of: Some(check_date),
            ..accord_ingest::LoadOptions::default()
        },
    );
    if loaded
        .diagnostics
        .iter()
        .any(|d| d.code == accord_ingest::Code::IoError)
        || loaded.has_errors()
    {
        let mut err = std::io::stderr().lock();
        let errors: Vec<accord_ingest::Diagnostic> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.severity == accord_ingest::Severity::Error)
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
        let _ = writeln!(err, "accord: the data has errors; no briefing was written");
        return Ok(ExitCode::from(if io { 2 } else { 1 }));
    }
    let mut options = options;
    // The briefing states inferred dates, unknown currencies, possible
    // duplicates and missing source addresses in its own words; other
    // warnings of the check are listed as they are.
    use accord_ingest::Code;
    let own = [
        Code::InferredDate,
        Code::UnknownCurrency,
        Code::PossibleDuplicate,
        Code::NoSourceAddress,
    ];
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
    let briefing = accord_report::briefing(&loaded.dataset, &options);

    crate::output::check_not_read(&outputs, loaded.origins.values().map(PathBuf::as_path))?;
    // Every output is rendered before any is written: a PDF that cannot be
    // made (a font it cannot use) leaves the HTML beside it as it was.
    let html = outputs
        .iter()
        .any(|o| o.format == Format::Html)
        .then(|| accord_report::html(&briefing).into_bytes());
    let pdf = match &pdf_options {
        Some(pdf_options) => {
            let pdf = accord_report::pdf(&briefing, pdf_options).map_err(|e| e.to_string())?;
            for note in &pdf.notes {
                eprintln!("note: {note}");
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

fn options(args: &ReportArgs) -> Result<Options, String> {
    let mut filters = Filters::default();
    for region in &args.region {
        filters.regions.push(RegionFilter::parse(region)?);
    }
    for sector in &args.sector {
        filters.sectors.push(
            sector
                .parse()
                .map_err(|e: String| format!("--sector: {e}"))?,
        );
    }
    filters.since = args
        .since
        .as_deref()
        .map(accord_report::parse_date)
        .transpose()
        .map_err(|e| format!("--since: {e}"))?;
    filters.until = args
        .until
        .as_deref()
        .map(accord_report::parse_date)
        .transpose()
        .map_err(|e| format!("--until: {e}"))?;
    for party in &args.party {
        filters
            .parties
            .push(party.parse().map_err(|e: String| format!("--party: {e}"))?);
    }
    let as_of = match &args.as_of {
        Some(text) => match accord_report::parse_date(text)? {
            accord_model::PartialDate::Day(day) => Some(day),
            _ => {
                return Err(format!(
                    "--as-of: give a full date such as 2026-01-31, not `{text}`"
                ));
            }
        },
        None => None,
    };
    let rates = match &args.rates {
        Some(path) => Some(read_rates(path)?),
        None => None,
    };
    Ok(Options {
        title: args.title.clone(),
        as_of,
        filters,
        notes: Vec::new(),
        rates,
    })
}

/// Reads a rate table:
///
/// ```text
/// # label: Bank of England daily spot rates
/// # date: 2025-12-31
/// # target: GBP
/// currency,rate
/// CNY,0.1046
/// USD,0.7440
/// ```
fn read_rates(path: &Path) -> Result<RateTable, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    let at = |line: usize, message: &str| format!("{}:{line}: {message}", path.display());
    let (mut label, mut date, mut target) = (None, None, None);
    let mut rates = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = line.trim();
        if line.is_empty() || line.eq_ignore_ascii_case("currency,rate") {
            continue;
        }
        if let Some(meta) = line.strip_prefix('#') {
            let Some((key, value)) = meta.split_once(':') else {
                continue;
            };
            let value = value.trim().to_owned();
            match key.trim() {
                "label" => label = Some(value),
                "date" => {
                    date = Some(
                        chrono::NaiveDate::parse_from_str(&value, "%Y-%m-%d")
                            .map_err(|_| at(line_no, "the date must be YYYY-MM-DD"))?,
                    )
                }
                "target" => target = Some(value),
                _ => {}
            }
            continue;
        }
        let Some((code, rate)) = line.split_once(',') else {
            return Err(at(line_no, "expected `CODE,rate`"));
        };
        let code = code.trim();
        if code.parse::<accord_model::Currency>().is_err() || code == "unknown" {
            return Err(at(
                line_no,
                &format!("`{code}` is not an ISO 4217 currency code"),
            ));
        }
        let rate: rust_decimal::Decimal = rate
            .trim()
            .parse()
            .map_err(|_| at(line_no, &format!("`{}` is not a decimal rate", rate.trim())))?;
        if rate <= rust_decimal::Decimal::ZERO {
            return Err(at(line_no, "a rate must be greater than zero"));
        }
        rates.push((code.to_owned(), rate));
    }
    Ok(RateTable {
        label: label.ok_or_else(|| {
            at(
                1,
                "missing `# label: …` line naming where the rates come from",
            )
        })?,
        date: date.ok_or_else(|| at(1, "missing `# date: YYYY-MM-DD` line"))?,
        target: target.ok_or_else(|| at(1, "missing `# target: CODE` line"))?,
        rates,
    })
}

fn source_date_epoch() -> Result<Option<i64>, String> {
    // The PDF's creation time in seconds since 1970-01-01 00:00:00 UTC, up
    // to 9999-12-31 23:59:59 UTC, the last second a PDF date (four-digit
    // year) can hold.
    const LATEST: i64 = 253_402_300_799;
    let Some(text) = std::env::var_os("SOURCE_DATE_EPOCH") else {
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
        paper: match args.paper {
            PaperArg::A4 => Paper::A4,
            PaperArg::Letter => Paper::Letter,
        },
        cjk_font: args.font.as_deref().map(read_font).transpose()?,
        timestamp: source_date_epoch()?,
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
