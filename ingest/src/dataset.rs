//! The records of a dataset: puts the records that passed their own checks
//! into one [`Dataset`], finds duplicate ids and references that lead
//! nowhere, runs the checks across records (in `cross_record`) and turns
//! the places they name (JSON pointers) into positions, parsing each file
//! concerned once.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use accord_model::{Dataset, Record, RecordKey, RecordKind};
use rayon::prelude::*;

use crate::diagnostic::{Code, Diagnostic, Span};
use crate::references::{self, RawReference};
use crate::{SourceFile, cross_record};

/// A record and the file it came from. (Records are boxed, so gathering a
/// hundred thousand of these moves pointers rather than records.)
pub(crate) struct Located {
    pub(crate) path: PathBuf,
    pub(crate) record: Record,
}

/// A diagnostic whose places are still JSON pointers. The checks only
/// say where; [`resolve`] then parses each file concerned once, with
/// positions, on every core. The many files without a cross-record problem
/// are never parsed twice.
pub(crate) struct Pending {
    diagnostic: Diagnostic,
    /// The pointer of the diagnostic's own place in its file.
    at: String,
    labels: Vec<(PathBuf, String, &'static str)>,
}

impl Pending {
    pub(crate) fn new(diagnostic: Diagnostic, pointer: String) -> Self {
        Pending {
            diagnostic,
            at: pointer,
            labels: Vec::new(),
        }
    }

    /// A secondary place, shown when it can be found.
    pub(crate) fn label(mut self, file: &Path, pointer: String, message: &'static str) -> Self {
        self.labels.push((file.to_owned(), pointer, message));
        self
    }
}

/// Turns pointers into spans, parsing each file concerned once; gives back
/// the text of those files too, for quoting, except those in `known` (texts
/// already kept), which are not read again. Each file's positions are
/// dropped as soon as the places asked of it are found: a position map is
/// a few kilobytes, and thousands of them at once came to more memory than
/// the records.
fn resolve(
    pending: Vec<Pending>,
    known: &[SourceFile],
    reader: &crate::read::Reader,
) -> (Vec<Diagnostic>, Vec<SourceFile>) {
    let known: HashMap<&Path, &str> = known
        .iter()
        .map(|f| (f.path.as_path(), f.text.as_str()))
        .collect();
    let mut wanted: HashMap<&Path, Vec<&str>> = HashMap::new();
    for p in &pending {
        wanted
            .entry(p.diagnostic.file.as_path())
            .or_default()
            .push(&p.at);
        for (file, pointer, _) in &p.labels {
            wanted.entry(file.as_path()).or_default().push(pointer);
        }
    }
    let mut files: Vec<(&Path, Vec<&str>)> = wanted.into_iter().collect();
    files.sort_unstable_by(|a, b| a.0.cmp(b.0));
    type Found = (PathBuf, Vec<(String, Span)>);
    let (texts, found): (Vec<Option<SourceFile>>, Vec<Found>) = files
        .par_iter()
        .filter_map(|(file, pointers)| {
            if let Some(text) = known.get(file) {
                return Some((None, (file.to_path_buf(), places(file, text, pointers))));
            }
            let text = reader.text(file)?;
            let found = places(file, &text, pointers);
            let path = file.to_path_buf();
            Some((Some(SourceFile { path, text }), (file.to_path_buf(), found)))
        })
        .unzip();
    let texts = texts.into_iter().flatten().collect();
    let found: HashMap<PathBuf, Vec<(String, Span)>> = found.into_iter().collect();
    let find = |file: &Path, pointer: &str| -> Option<Span> {
        let places = found.get(file)?;
        places
            .iter()
            .find(|(p, _)| p == pointer)
            .map(|(_, span)| *span)
    };
    let diagnostics = pending
        .into_iter()
        .map(|p| {
            let mut d = p.diagnostic;
            d.span = find(&d.file, &p.at);
            for (file, pointer, message) in p.labels {
                if let Some(span) = find(&file, &pointer) {
                    d = d.with_label(&file, span, message);
                }
            }
            d
        })
        .collect();
    (diagnostics, texts)
}

/// Where the nodes at `pointers` are in `text`, the text of `file`.
fn places(file: &Path, text: &str, pointers: &[&str]) -> Vec<(String, Span)> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let syntax = crate::parse::Syntax::of(file);
    let spans = crate::parse::LazySpans::new(body, syntax, text.len() - body.len());
    let spans = spans.get();
    pointers
        .iter()
        .filter_map(|&pointer| spans.get(pointer).map(|n| (pointer.to_owned(), n.value)))
        .collect()
}

/// What [`build`] gives back.
pub(crate) struct Built {
    pub dataset: Dataset,
    pub origins: BTreeMap<RecordKey, PathBuf>,
    /// Problems across records, in a stable order.
    pub diagnostics: Vec<Diagnostic>,
    /// The text of the files those problems point into.
    pub texts: Vec<SourceFile>,
}

/// Puts the records that passed their own checks into one dataset and runs
/// the checks across records.
/// `known` holds the texts already kept, for the positions of cross-record
/// problems in those files.
pub(crate) fn build(
    records: Vec<Located>,
    failed: &HashSet<RecordKey>,
    partial: &[(PathBuf, Vec<RawReference>)],
    known: &[SourceFile],
    reader: &crate::read::Reader,
) -> Built {
    let mut pending = Vec::new();

    // The first record of each kind and id, in file order; later ones are
    // duplicates and take no further part.
    let mut first: HashMap<(RecordKind, &str), usize, foldhash::fast::RandomState> =
        HashMap::with_capacity_and_hasher(records.len(), Default::default());
    let mut keep = vec![true; records.len()];
    for (i, located) in records.iter().enumerate() {
        let Located { path, record } = located;
        let kind = record.record_kind();
        match first.entry((kind, record.id())) {
            Entry::Vacant(e) => {
                e.insert(i);
            }
            Entry::Occupied(e) => {
                keep[i] = false;
                let pointer = format!("/{kind}/id");
                let d = Diagnostic::new(
                    Code::DuplicateId,
                    path,
                    None,
                    format!("another {kind} already has the id `{}`", record.id()),
                )
                .with_hint(
                    "give each record its own id; if both describe the same thing, merge them",
                );
                pending.push(Pending::new(d, pointer.clone()).label(
                    &records[*e.get()].path,
                    pointer,
                    "first defined here",
                ));
            }
        }
    }

    // References that lead nowhere, checked on every core, in file order.
    let dangling: Vec<(Pending, RecordKind, &str)> = records
        .par_iter()
        .zip(keep.par_iter())
        .filter(|(_, keep)| **keep)
        .flat_map_iter(|(located, _)| {
            let Located { path, record } = located;
            let mut out = Vec::new();
            references::each_reference(record, |kind, id, field| {
                // A record that exists but failed its own checks is
                // already reported.
                if first.contains_key(&(kind, id)) || failed.contains(&RecordKey::new(kind, id)) {
                    return;
                }
                out.push((
                    references::dangling_reference(path, kind, id, field.pointer()),
                    kind,
                    id,
                ));
            });
            out
        })
        .collect();
    // Records that failed their own checks still have their references
    // checked, as far as they could be read.
    let mut dangling = dangling;
    for (path, references) in partial {
        for (kind, id, pointer) in references {
            if first.contains_key(&(*kind, id.as_str()))
                || failed.contains(&RecordKey::new(*kind, id.as_str()))
            {
                continue;
            }
            dangling.push((
                references::dangling_reference(path, *kind, id, pointer.clone()),
                *kind,
                id.as_str(),
            ));
        }
    }
    let queries: Vec<(RecordKind, &str)> =
        dangling.iter().map(|(_, kind, id)| (*kind, *id)).collect();
    let near = crate::suggest::nearest_ids(&queries, first.keys().copied());
    pending.extend(dangling.into_iter().map(|(mut p, kind, id)| {
        if let Some(other) = near.get(&(kind, id)) {
            p.diagnostic.hint = Some(format!(
                "did you mean `{other}`? If not, add {} {kind} record with this id",
                kind.article()
            ));
        }
        p
    }));
    drop(first);

    let mut origins = Vec::with_capacity(records.len());
    let kept = records.into_iter().zip(keep).filter(|(_, keep)| *keep).map(
        |(Located { path, record }, _)| {
            origins.push((record.key(), path));
            record
        },
    );
    let dataset = Dataset::from_records(kept);
    let origins: BTreeMap<RecordKey, PathBuf> = origins.into_iter().collect();

    let ctx = Context {
        dataset: &dataset,
        origins: &origins,
    };
    cross_record::cycles(&ctx, &mut pending);
    // The remaining checks only read the dataset; the similar-names check
    // runs on one core while the other two share the rest.
    let (similar, (roles, sources)) = rayon::join(
        || cross_record::similar_names(&ctx),
        || {
            rayon::join(
                || cross_record::role_fits_party(&ctx),
                || cross_record::source_addresses(&ctx),
            )
        },
    );
    pending.extend(roles);
    pending.extend(similar);
    pending.extend(sources);
    let (diagnostics, texts) = resolve(pending, known, reader);
    Built {
        dataset,
        origins,
        diagnostics,
        texts,
    }
}

/// What the cross-record checks read: the dataset and each record's file.
pub(crate) struct Context<'a> {
    pub(crate) dataset: &'a Dataset,
    pub(crate) origins: &'a BTreeMap<RecordKey, PathBuf>,
}

impl Context<'_> {
    /// The file the `kind` of record with `id` came from.
    pub(crate) fn file(&self, kind: RecordKind, id: &str) -> PathBuf {
        self.origins
            .get(&RecordKey::new(kind, id))
            .cloned()
            .unwrap_or_default()
    }
}
