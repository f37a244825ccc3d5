//! Loads Accord record files and checks them, reporting every problem with
//! its file, line and column.
//!
//! ```no_run
//! let loaded = accord_ingest::load(&["fixtures"]);
//! for diagnostic in &loaded.diagnostics {
//!     eprintln!("{}: {}", diagnostic.file.display(), diagnostic.message);
//! }
//! println!("{} agreements", loaded.dataset.agreements.len());
//! ```
//!
//! Problems in the data are data: [`load`] returns every diagnostic it found
//! next to the [`Dataset`] of the records that passed. It never writes to
//! its input.
//!
//! Each file goes through three layers:
//!
//! 1. syntax: YAML 1.2 or JSON, one document, with positions for every node;
//! 2. the published JSON Schema from `accord-model`, applied by the
//!    `jsonschema` crate, with each error mapped to the offending place and
//!    explained in plain words;
//! 3. records across files: duplicate ids and references to records that do
//!    not exist.

mod cross_record;
mod dataset;
mod diagnostic;
mod marks;
mod parse;
mod read;
mod references;
pub mod render;
mod rules;
mod schema;
mod suggest;

use std::path::{Path, PathBuf};

use accord_model::Record;

pub use accord_model::Dataset;
pub use accord_model::required_roles;
pub use diagnostic::{Code, Diagnostic, Label, Position, Severity, Span};
pub use parse::MAX_DEPTH;
pub use rules::RuleOptions as LoadOptions;
pub use schema::RECORD_KINDS;

/// For the fuzz target: panics unless the fast reader for plain block-style
/// YAML either leaves `text` to saphyr or reads it exactly as saphyr does,
/// value and positions. Returns whether the fast reader took it. Only with
/// the `fuzzing` feature.
#[cfg(feature = "fuzzing")]
pub fn fast_reader_agrees(text: &str) -> bool {
    parse::fast_reader_agrees(text)
}

/// For the fuzz target: panics unless the scanner that finds positions in
/// JSON files agrees with saphyr on `text`, when both read it. Returns
/// whether they were compared. Only with the `fuzzing` feature.
#[cfg(feature = "fuzzing")]
pub fn json_scanner_agrees(text: &str) -> bool {
    parse::json_scanner_agrees(text)
}

/// The largest record file read, in bytes. A record is a few kilobytes; a
/// file this big is a mistake, and reading it whole would waste memory.
/// The YAML parser may hold a few hundred bytes per byte of a file made of
/// nested flow lists (it keeps their tokens until the outer list closes),
/// so the limit also bounds that: about 230 MB at worst for a file read
/// from disk. ([`check_bytes`] takes the bytes it is given, whatever their
/// size.)
pub const MAX_FILE_SIZE: u64 = 1024 * 1024;

/// The file extensions that hold records.
pub const EXTENSIONS: [&str; 4] = ["yaml", "yml", "json", "toml"];

/// A file that was read, kept so diagnostics can quote it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as given or found.
    pub path: PathBuf,
    /// Its text.
    pub text: String,
}

/// What loading found: the valid records and every problem.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The records that passed every check on their own.
    pub dataset: Dataset,
    /// Every problem, in file order.
    pub diagnostics: Vec<Diagnostic>,
    /// The text of the files the diagnostics point into, for quoting, in
    /// the order files are walked ([`Loaded::file_text`] searches it by
    /// halves, so keep that order when adding to it).
    pub files: Vec<SourceFile>,
    /// How many files were read: each physical file once, however many
    /// paths led to it.
    pub files_read: usize,
    /// The file each record came from, by kind and id (`party/elekta`).
    pub origins: std::collections::BTreeMap<accord_model::RecordKey, PathBuf>,
}

impl Loaded {
    /// True when any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    /// The text of a file that was read. A binary search, so that quoting
    /// every one of many diagnostics stays quick; `files` must be in the
    /// order [`load_with`] leaves it.
    pub fn file_text(&self, path: &Path) -> Option<&str> {
        self.files
            .binary_search_by(|f| walk_order(&f.path, path))
            .ok()
            .map(|i| self.files[i].text.as_str())
    }
}

/// Loads files and directories (searched recursively for `.yaml`, `.yml`,
/// `.json` and `.toml` files, in name order; hidden files and folders are
/// skipped, other files get a `skipped-file` warning) and checks them.
///
/// Symbolic links met in a folder are followed only while they lead inside
/// the folders (or to the files) given; only regular files are read, and
/// none beyond [`LoadOptions::max_file_size`]; pipes, sockets and devices
/// are never opened. A physical file reached by several paths (named twice,
/// a folder and a file in it, links) is read once, under the first path
/// met: the paths in the order given, each folder in name order.
pub fn load<P: AsRef<Path>>(paths: &[P]) -> Loaded {
    load_with(paths, &LoadOptions::default())
}

/// Like [`load`], with options (such as the date future dates are judged by).
pub fn load_with<P: AsRef<Path>>(paths: &[P], options: &LoadOptions) -> Loaded {
    let mut loaded = Loaded::default();
    let read::Walked { files, diagnostics } = read::find(paths);
    loaded.diagnostics = diagnostics;
    loaded.files_read = files.len();
    // Files are checked on every core; results come back in file order, so
    // diagnostics and the dataset do not depend on scheduling.
    use rayon::prelude::*;
    let checked: Vec<FileResult> = files
        .into_par_iter()
        .map(|found| load_file(found, options))
        .collect();
    let mut records = Vec::with_capacity(checked.len());
    let mut failed_records = std::collections::HashSet::new();
    let mut partial = Vec::new();
    let mut ids = Vec::with_capacity(checked.len());
    let mut seen = std::collections::HashSet::new();
    for result in checked {
        if let Some((id, other_names)) = result.id {
            // A second name of a file read already (a hard link): only the
            // first path met counts.
            if other_names && !seen.insert(id.clone()) {
                loaded.files_read -= 1;
                continue;
            }
            ids.push(id);
        }
        loaded.diagnostics.extend(result.diagnostics);
        loaded.files.extend(result.text.map(|t| *t));
        records.extend(result.located);
        failed_records.extend(result.failed.identity);
        if let Some(refs) = result.failed.references {
            partial.push(refs);
        }
    }
    drop(seen);
    // Later reads (positions for cross-record diagnostics, texts for
    // quoting) go through the same rules, and only to the files read.
    let reader = read::Reader::new(ids, options.max_file_size);
    let built = dataset::build(records, &failed_records, &partial, &loaded.files, &reader);
    loaded.dataset = built.dataset;
    loaded.origins = built.origins;
    loaded.diagnostics.extend(built.diagnostics);
    loaded.files.extend(built.texts);
    // Keep the text of the files diagnostics point into, for quoting (only
    // places are quoted: a file too large, not a record or not regular is
    // never read).
    let mut kept: std::collections::HashSet<PathBuf> =
        loaded.files.iter().map(|f| f.path.clone()).collect();
    for diagnostic in &loaded.diagnostics {
        let own = diagnostic.span.is_some().then_some(&diagnostic.file);
        for file in own
            .into_iter()
            .chain(diagnostic.labels.iter().map(|l| &l.file))
        {
            if !kept.insert(file.clone()) {
                continue;
            }
            if let Some(text) = reader.text(file) {
                loaded.files.push(SourceFile {
                    path: file.clone(),
                    text,
                });
            }
        }
    }
    loaded
        .files
        .sort_unstable_by(|a, b| walk_order(&a.path, &b.path));
    loaded
}

/// The order in which a walk that visits each folder's entries in name
/// order meets two paths: byte order, with the separator before every other
/// byte, so that `a/x` comes before `a-b/x` as `a` comes before `a-b`.
fn walk_order(a: &Path, b: &Path) -> std::cmp::Ordering {
    let (a, b) = (
        a.as_os_str().as_encoded_bytes(),
        b.as_os_str().as_encoded_bytes(),
    );
    let same = common_prefix(a, b);
    let rank = |bytes: &[u8]| {
        bytes.get(same).map(|&c| {
            if std::path::is_separator(c as char) {
                0
            } else {
                u16::from(c) + 1
            }
        })
    };
    rank(a).cmp(&rank(b))
}

/// How many leading bytes `a` and `b` share, compared eight at a time:
/// paths in one folder share a long prefix, and sorting a large dataset's
/// file list makes millions of these comparisons.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let (mut x, mut y) = (a.chunks_exact(8), b.chunks_exact(8));
    let mut same = 0;
    for (p, q) in x.by_ref().zip(y.by_ref()) {
        let (p, q) = (
            u64::from_le_bytes(p.try_into().unwrap_or_default()),
            u64::from_le_bytes(q.try_into().unwrap_or_default()),
        );
        if p != q {
            // In little-endian order the first differing byte holds the
            // lowest differing bit.
            return same + (p ^ q).trailing_zeros() as usize / 8;
        }
        same += 8;
    }
    same + a[same..]
        .iter()
        .zip(&b[same..])
        .take_while(|(p, q)| p == q)
        .count()
}

fn has_record_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.contains(&e))
}

/// The outcome of checking one file on its own.
#[derive(Debug, Default)]
pub struct Checked {
    /// The record, when the file passed every check.
    pub record: Option<Record>,
    /// The problems found in the file.
    pub diagnostics: Vec<Diagnostic>,
    /// The file's text, when it was UTF-8.
    pub text: Option<String>,
    /// The kind and id of a record that could be identified but failed its
    /// checks: references to it are not reported again as dangling.
    pub failed: Option<accord_model::RecordKey>,
    /// References read from the record as written: every reference of a
    /// record that failed its checks, as far as it could be read; for one
    /// that passed, only those its typed fields do not carry (sources named
    /// by outside-knowledge marks and by stages). Each is (kind of record
    /// named, id, JSON pointer of the id); [`load`] checks them against the
    /// dataset like any other reference.
    pub references: Vec<references::RawReference>,
}

/// Checks the contents of one record file on their own (syntax and schema),
/// without reading anything from disk. `path` names the file in diagnostics.
///
/// ```
/// use std::path::Path;
///
/// let checked = accord_ingest::check_bytes(Path::new("x.yaml"), b"party:\n  id: x\n");
/// assert!(checked.record.is_none());
/// assert_eq!(checked.diagnostics[0].code.as_str(), "missing-field");
/// ```
pub fn check_bytes(path: &Path, bytes: &[u8]) -> Checked {
    check_bytes_with(path, bytes, &LoadOptions::default())
}

/// Like [`check_bytes`], with options.
pub fn check_bytes_with(path: &Path, bytes: &[u8], options: &LoadOptions) -> Checked {
    check_file(path, bytes.to_vec(), options)
}

/// What reading and checking one file gave.
#[derive(Default)]
struct FileResult {
    diagnostics: Vec<Diagnostic>,
    /// The text, kept for quoting when there is something to quote (boxed:
    /// most files have none, and there is one result per file).
    text: Option<Box<SourceFile>>,
    /// The record, when the file passed.
    located: Option<dataset::Located>,
    /// What is known of the record when it failed its own checks.
    failed: Failed,
    /// The physical file, when it was read, and whether it has other names.
    id: Option<(read::FileId, bool)>,
}

/// What is known of a record that failed its own checks: its `kind/id`,
/// and its references as far as they could be read, with its path.
#[derive(Default)]
struct Failed {
    identity: Option<accord_model::RecordKey>,
    references: Option<(PathBuf, Vec<references::RawReference>)>,
}

fn load_file(found: read::Found, options: &LoadOptions) -> FileResult {
    let mut result = FileResult::default();
    let path = found.path;
    let bytes = match read::read(&path, found.id.as_ref(), options.max_file_size) {
        Ok(read) => {
            result.id = Some((read.id, read.other_names));
            read.bytes
        }
        Err(why) => {
            result
                .diagnostics
                .push(read::refused(&path, why, options.max_file_size));
            return result;
        }
    };
    let checked = check_file(&path, bytes, options);
    result.failed.identity = checked.failed;
    if !checked.references.is_empty() {
        result.failed.references = Some((path.clone(), checked.references));
    }
    // Only files with problems are kept in memory, for quoting, and without
    // the spare room the read left: on a large dataset with many warnings
    // that room came to more memory than the records.
    if let (Some(mut text), false) = (checked.text, checked.diagnostics.is_empty()) {
        text.shrink_to_fit();
        result.text = Some(Box::new(SourceFile {
            path: path.clone(),
            text,
        }));
    }
    result.diagnostics = checked.diagnostics;
    result.located = checked
        .record
        .map(|record| dataset::Located { path, record });
    result
}

fn check_file(path: &Path, bytes: Vec<u8>, options: &LoadOptions) -> Checked {
    let mut checked = Checked::default();
    checked.record = check_inner(path, bytes, options, &mut checked);
    checked
}

fn check_inner(
    path: &Path,
    bytes: Vec<u8>,
    options: &LoadOptions,
    checked: &mut Checked,
) -> Option<Record> {
    let diagnostics = &mut checked.diagnostics;
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let valid = std::str::from_utf8(&e.as_bytes()[..offset]).unwrap_or_default();
            let at = parse::position_at(valid, offset);
            diagnostics.push(
                Diagnostic::new(
                    Code::InvalidUtf8,
                    path,
                    Some(Span { start: at, end: at }),
                    "the file is not UTF-8 text",
                )
                .with_hint("save the file as UTF-8"),
            );
            return None;
        }
    };
    checked.text = Some(text);
    let diagnostics = &mut checked.diagnostics;
    let text = checked.text.as_deref().unwrap_or_default();
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let bom = text.len() - body.len();
    let shift = |mut span: Span| {
        span.start.offset += bom;
        span.end.offset += bom;
        span
    };
    let syntax = parse::Syntax::of(path);
    let is_toml = syntax == parse::Syntax::Toml;
    let is_json = syntax == parse::Syntax::Json;
    let fast = if is_json {
        parse::parse_json_value(body)
    } else {
        None
    };
    let parsed = match fast {
        Some(value) => Ok(value),
        None if is_toml => parse::parse_toml(body).map(|p| p.value),
        None => match is_json.then(|| parse::json_syntax_error(body)).flatten() {
            Some(error) => Err(error),
            None => parse::parse_value(body),
        },
    };
    let value = match parsed {
        Ok(value) => value,
        Err(e) => {
            diagnostics.push(match e {
                parse::ParseError::Syntax(span, info) => {
                    let hint = if info.contains("duplicate") {
                        "a key may appear only once in a mapping: remove or rename one of them".to_owned()
                    } else if is_toml {
                        "check the TOML near here: quotes, brackets, `key = value`".to_owned()
                    } else if is_json {
                        "check the JSON near here: double quotes around every key and text, commas between items but not after the last, no comments".to_owned()
                    } else {
                        yaml_syntax_hint(&info, body, span)
                    };
                    Diagnostic::new(Code::SyntaxError, path, Some(shift(span)), info).with_hint(hint)
                }
                parse::ParseError::Empty => Diagnostic::new(Code::EmptyFile, path, None, "the file holds no record")
                    .with_hint("write one record, starting with its kind: `party:`, `agreement:` …"),
                parse::ParseError::MultipleDocuments(span) => Diagnostic::new(
                    Code::MultipleDocuments,
                    path,
                    Some(shift(span)),
                    "a second YAML document starts here",
                )
                .with_hint("put one record in each file; remove the `---` and move this record to its own file"),
                parse::ParseError::DuplicateKey(duplicate) => {
                    let parse::DuplicateKey { at, first, name } = *duplicate;
                    let mut d = Diagnostic::new(
                        Code::SyntaxError,
                        path,
                        Some(shift(at)),
                        format!("the key `{name}` is written twice in one mapping"),
                    )
                    .with_hint("a key may appear only once in a mapping: merge the two or remove one");
                    if let Some(first) = first {
                        d = d.with_label(path, shift(first), "first written here");
                    }
                    d
                }
                parse::ParseError::Unsupported(span, message) => {
                    Diagnostic::new(Code::SyntaxError, path, Some(shift(span)), message)
                        .with_hint("records use plain mappings, lists, text and numbers a few levels deep")
                }
            });
            return None;
        }
    };
    // Positions are worked out only if something needs pointing at.
    let spans = parse::LazySpans::new(body, syntax, bom);
    let kind = match value.as_object() {
        Some(map) if map.len() == 1 => map.keys().next().cloned().unwrap_or_default(),
        _ => String::new(),
    };
    if !RECORD_KINDS.contains(&kind.as_str()) {
        let message = match value.as_object() {
            Some(map) if map.len() > 1 => "a record file has exactly one top-level key".to_owned(),
            Some(_) => format!("`{kind}` is not a kind of record"),
            None => "a record file is a mapping with one top-level key".to_owned(),
        };
        let map = spans.get();
        let span = map
            .get(&format!("/{kind}"))
            .and_then(|s| s.key)
            .or_else(|| map.get("").map(|s| s.value));
        diagnostics.push(
            Diagnostic::new(Code::UnknownRecordKind, path, span, message).with_hint(format!(
                "start the file with one of {}",
                RECORD_KINDS.map(|k| format!("`{k}:`")).join(", ")
            )),
        );
        return None;
    }
    use accord_model::Vocabulary;
    let identity = accord_model::RecordKind::from_code(&kind).and_then(|kind| {
        value[kind.code()]["id"]
            .as_str()
            .map(|id| accord_model::RecordKey::new(kind, id))
    });
    match schema::check(path, &kind, &value, &spans) {
        Ok(found) if !found.is_empty() => {
            diagnostics.extend(found);
            checked.failed = identity;
            checked.references = references::raw_references(&value);
            checked.references.extend(marks::extra_references(&value));
            return None;
        }
        Ok(_) => {}
        Err(e) => {
            diagnostics.push(
                Diagnostic::new(
                    Code::IoError,
                    path,
                    None,
                    format!("the schema could not be applied: {e}"),
                )
                .with_hint("this is a bug in Accord; please report it with the file"),
            );
            return None;
        }
    }
    let at = |pointer: &str| spans.get().get(pointer).map(|s| s.value);
    let scan = marks::check_value(path, &value, &at);
    diagnostics.extend(scan.diagnostics);
    checked.references = scan.references;
    match serde_json::from_value::<Record>(value) {
        Ok(record) => {
            diagnostics.extend(rules::check(path, &record, &spans, options));
            diagnostics.extend(marks::check_record(path, &record, &at));
            Some(record)
        }
        Err(e) => {
            // The schema and the model agree (a tested contract), so this is
            // a bug in Accord; still report it rather than panic.
            diagnostics.push(
                Diagnostic::new(
                    Code::InvalidValue,
                    path,
                    spans.get().get("").map(|s| s.value),
                    format!("the record passed the schema but not the model: {e}"),
                )
                .with_hint("this is a bug in Accord; please report it with the file"),
            );
            checked.failed = identity;
            None
        }
    }
}

/// How to fix a YAML syntax error, from saphyr's message and the line it
/// stopped on: the usual slips (a tab, a `: ` inside a plain value, a line
/// out of step, an unclosed quote or bracket) get a hint of their own.
fn yaml_syntax_hint(info: &str, body: &str, span: Span) -> String {
    let at = span.start.offset.min(body.len());
    let std::ops::Range {
        start: line_start,
        end: line_end,
    } = parse::line_at(body, at);
    let line = &body[line_start..line_end];
    let before = body.get(line_start..at.min(line_end)).unwrap_or_default();
    if parse::is_tab_error(info) {
        return "indent with spaces: YAML does not allow tabs in indentation".to_owned();
    }
    if info.starts_with("mapping values are not allowed") {
        // `name: Acme: the company`: the second `: ` would start a mapping.
        if let Some((key, _)) = before.split_once(": ")
            && let value = line.get(key.len() + 2..).unwrap_or_default().trim()
            && !value.is_empty()
            && value.chars().count() <= 60
            && !value.starts_with(['"', '\'', '[', '{', '|', '>'])
            && !value.contains(" #")
        {
            let quoted = value.replace('\\', "\\\\").replace('"', "\\\"");
            return format!(
                "a value that holds `: ` must be in quotes: write `{}: \"{quoted}\"`",
                key.trim()
            );
        }
        if before.contains(": ") {
            return "a value that holds `: ` must be in double quotes".to_owned();
        }
        return "check this line's indentation against the line above, and that the key above ends with `:`".to_owned();
    }
    if info.contains("did not find expected key") || info.contains("expected '-'") {
        return "line this up with the entries above it: the keys of one mapping, and the `- ` of one list, start in the same column".to_owned();
    }
    if info.contains("quoted scalar") {
        return "close the quote that is open here with the same quote mark, on the same line"
            .to_owned();
    }
    if info.contains("flow sequence") {
        return "close the list with `]`, with a comma between items".to_owned();
    }
    if info.contains("flow mapping") {
        return "close the mapping with `}`, with a comma between entries".to_owned();
    }
    "check the YAML near here: indentation, a missing `:`, an unclosed quote or bracket".to_owned()
}

#[cfg(test)]
mod tests {
    use super::common_prefix;

    #[test]
    fn common_prefix_counts_shared_leading_bytes() {
        let naive = |a: &[u8], b: &[u8]| a.iter().zip(b).take_while(|(x, y)| x == y).count();
        let words = [
            "",
            "a",
            "agreements/agreement-1.yaml",
            "agreements/agreement-10.yaml",
            "agreements/agreement-1.yml",
            "agreements-old/x.yaml",
            "agreements/agreement-100000000.yaml",
            "parties/café.yaml",
            "parties/cafe.yaml",
            "12345678",
            "123456789",
            "12345679",
        ];
        for a in words {
            for b in words {
                assert_eq!(
                    common_prefix(a.as_bytes(), b.as_bytes()),
                    naive(a.as_bytes(), b.as_bytes()),
                    "{a:?} {b:?}"
                );
            }
        }
    }
}
