//! `accord report --config briefing.toml`: the settings of a briefing in a
//! file, so the same briefing is made again with one command.
//!
//! ```toml
//! title = "UK–China health collaboration"   # default: derived from the scope
//! issuer = "Healthcare UK"
//! as_of = "2023-08-09"
//! data = ["fixtures"]                        # record files and folders
//! output = ["briefing.pdf", "briefing.html"]
//! paper = "a4"                               # or "letter"
//! font = "fonts/NotoSansCJK.ttc"
//! rates = "rates.csv"
//! sections = ["summary", "key-figures", "collaborations", "sources"]
//!
//! [scope]
//! region = ["CN"]
//! sector = ["health"]
//! since = "2018"
//! until = "2023"
//! party = ["sinopharm"]
//! ```
//!
//! Paths are relative to the file's folder. Every key is optional; an
//! option given on the command line overrides the file's. The file is read
//! with `toml_edit` (already in the workspace for record files), which
//! keeps each value's place, so an error names the file, line, column and
//! key.

use std::path::{Path, PathBuf};

use accord_report::SectionKind;
use toml_edit::{Document, Item, Value};

use crate::report::{PaperArg, ReportArgs};

/// The largest briefing file read: a few hundred bytes are usual.
const MAX_SIZE: u64 = 64 * 1024;

/// The keys at the top level, and those of `[scope]`.
const KEYS: [&str; 10] = [
    "title", "issuer", "as_of", "data", "output", "paper", "font", "rates", "sections", "scope",
];
const SCOPE_KEYS: [&str; 5] = ["region", "sector", "since", "until", "party"];

/// Reads the briefing file at `path` and fills in every option of `args`
/// the command line left out. Errors name the file, the line and column
/// and the key, with a hint.
pub fn apply(path: &Path, args: &mut ReportArgs) -> Result<(), String> {
    let shown = path.display().to_string();
    let metadata =
        std::fs::metadata(path).map_err(|e| format!("--config: cannot read `{shown}`: {e}"))?;
    if !metadata.is_file() {
        return Err(format!(
            "--config: `{shown}` is not a regular file\n  = hint: give the path of the briefing's TOML file"
        ));
    }
    if metadata.len() > MAX_SIZE {
        return Err(format!(
            "--config: `{shown}` is larger than {MAX_SIZE} bytes\n  = hint: a briefing file holds a few settings; check that this is the right file"
        ));
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("--config: cannot read `{shown}`: {e}"))?;
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let file = File {
        name: &shown,
        text: &text,
    };
    let doc = Document::parse(text.as_str()).map_err(|e| {
        let place = e
            .span()
            .map(|s| file.place(s.start))
            .unwrap_or_else(|| shown.clone());
        format!(
            "{place}: the briefing file is not valid TOML: {}\n  = hint: see docs/briefing-file.md for its form",
            e.message()
        )
    })?;
    let table = doc.as_table();
    for (key, _) in table.iter() {
        if !KEYS.contains(&key) {
            let at = table.key(key).and_then(|k| k.span()).map(|s| s.start);
            return Err(file.unknown(key, at, &KEYS, ""));
        }
    }
    if args.title.is_none() {
        args.title = file.string(table.get("title"), "title")?;
    }
    if args.issuer.is_none() {
        args.issuer = file.string(table.get("issuer"), "issuer")?;
    }
    if args.as_of.is_none() {
        args.as_of = file.string(table.get("as_of"), "as_of")?;
    }
    if args.paths.is_empty() {
        args.paths = file
            .strings(table.get("data"), "data")?
            .into_iter()
            .map(|p| base.join(p))
            .collect();
    }
    if args.outputs.is_empty() {
        args.outputs = file
            .strings(table.get("output"), "output")?
            .into_iter()
            .map(|p| {
                if p == "-" {
                    PathBuf::from(p)
                } else {
                    base.join(p)
                }
            })
            .collect();
    }
    if args.paper.is_none()
        && let Some(paper) = file.string(table.get("paper"), "paper")?
    {
        args.paper = Some(match paper.to_lowercase().as_str() {
            "a4" => PaperArg::A4,
            "letter" => PaperArg::Letter,
            _ => {
                return Err(file.bad(
                    table.get("paper"),
                    "paper",
                    &format!("`{paper}` is not a paper size"),
                    "give \"a4\" or \"letter\"",
                ));
            }
        });
    }
    if args.font.is_empty() {
        args.font = file
            .strings(table.get("font"), "font")?
            .into_iter()
            .map(|p| base.join(p))
            .collect();
    }
    if args.rates.is_none() {
        args.rates = file
            .string(table.get("rates"), "rates")?
            .map(|p| base.join(p));
    }
    if args.sections.is_none() && table.get("sections").is_some() {
        let mut kinds = Vec::new();
        for name in file.strings(table.get("sections"), "sections")? {
            match SectionKind::from_id(&name) {
                Some(kind) => kinds.push(kind),
                None => {
                    let ids: Vec<&str> = SectionKind::ALL.iter().map(|k| k.id()).collect();
                    return Err(file.bad(
                        table.get("sections"),
                        "sections",
                        &format!("`{name}` is not a section"),
                        &format!("the sections are {}", ids.join(", ")),
                    ));
                }
            }
        }
        args.sections = Some(kinds);
    }
    if let Some(scope) = table.get("scope") {
        let Some(scope) = scope.as_table_like() else {
            return Err(file.bad(
                Some(scope),
                "scope",
                "must be a table",
                "write it as a `[scope]` section with region, sector, since, until and party",
            ));
        };
        for (key, _) in scope.iter() {
            if !SCOPE_KEYS.contains(&key) {
                let at = scope
                    .get_key_value(key)
                    .and_then(|(k, _)| k.span())
                    .map(|s| s.start);
                return Err(file.unknown(key, at, &SCOPE_KEYS, "scope."));
            }
        }
        if args.region.is_empty() {
            args.region = file.strings(scope.get("region"), "scope.region")?;
        }
        if args.sector.is_empty() {
            args.sector = file.strings(scope.get("sector"), "scope.sector")?;
        }
        if args.party.is_empty() {
            args.party = file.strings(scope.get("party"), "scope.party")?;
        }
        if args.since.is_none() {
            args.since = file.string(scope.get("since"), "scope.since")?;
        }
        if args.until.is_none() {
            args.until = file.string(scope.get("until"), "scope.until")?;
        }
    }
    Ok(())
}

/// The file being read, to name places in errors.
struct File<'a> {
    name: &'a str,
    text: &'a str,
}

impl File<'_> {
    /// `briefing.toml:3:9` for a byte offset.
    fn place(&self, offset: usize) -> String {
        let before = &self.text[..offset.min(self.text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before
            .rsplit('\n')
            .next()
            .map_or(1, |l| l.chars().count() + 1);
        format!("{}:{line}:{column}", self.name)
    }

    /// The place of an item's value, or the file alone.
    fn place_of(&self, item: Option<&Item>) -> String {
        item.and_then(Item::span)
            .map_or_else(|| self.name.to_owned(), |s| self.place(s.start))
    }

    fn bad(&self, item: Option<&Item>, key: &str, problem: &str, hint: &str) -> String {
        format!(
            "{}: `{key}` {problem}\n  = hint: {hint}",
            self.place_of(item)
        )
    }

    /// An unknown key, at the key's offset when known.
    fn unknown(&self, key: &str, at: Option<usize>, known: &[&str], prefix: &str) -> String {
        let nearest = known
            .iter()
            .min_by_key(|k| strsim::levenshtein(k, key))
            .filter(|k| strsim::levenshtein(k, key) <= 2);
        let hint = match nearest {
            Some(k) => format!("did you mean `{prefix}{k}`?"),
            None => format!(
                "the keys are {}",
                known
                    .iter()
                    .map(|k| format!("`{prefix}{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        format!(
            "{}: unknown key `{prefix}{key}` in the briefing file\n  = hint: {hint}",
            at.map_or_else(|| self.name.to_owned(), |offset| self.place(offset))
        )
    }

    /// An optional string.
    fn string(&self, item: Option<&Item>, key: &str) -> Result<Option<String>, String> {
        match item {
            None => Ok(None),
            Some(i) => match i.as_str() {
                Some(s) => Ok(Some(s.to_owned())),
                None => Err(self.bad(item, key, "must be a string", "write it in double quotes")),
            },
        }
    }

    /// An optional list of strings; a single string is a list of one.
    fn strings(&self, item: Option<&Item>, key: &str) -> Result<Vec<String>, String> {
        let Some(i) = item else {
            return Ok(Vec::new());
        };
        if let Some(s) = i.as_str() {
            return Ok(vec![s.to_owned()]);
        }
        let wrong = || {
            self.bad(
                item,
                key,
                "must be a list of strings",
                "write it as [\"first\", \"second\"]",
            )
        };
        let array = i.as_array().ok_or_else(wrong)?;
        array
            .iter()
            .map(|v: &Value| v.as_str().map(str::to_owned).ok_or_else(wrong))
            .collect()
    }
}
