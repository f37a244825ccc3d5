//! The records of a dataset, and the checks that need more than one record.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use accord_model::{Dataset, Record, RecordKey, RecordKind};
use rayon::prelude::*;

use crate::SourceFile;
use crate::diagnostic::{Code, Diagnostic, Span};

/// A record and the file it came from. (Records are boxed, so gathering a
/// hundred thousand of these moves pointers rather than records.)
pub(crate) struct Located {
    pub(crate) path: PathBuf,
    pub(crate) record: Record,
}

/// A diagnostic whose places are still JSON pointers. The checks below only
/// say where; [`resolve`] then parses each file concerned once, with
/// positions, on every core. The many files without a cross-record problem
/// are never parsed twice.
struct Pending {
    diagnostic: Diagnostic,
    /// The pointer of the diagnostic's own place in its file.
    at: String,
    labels: Vec<(PathBuf, String, &'static str)>,
}

impl Pending {
    fn new(diagnostic: Diagnostic, pointer: String) -> Self {
        Pending {
            diagnostic,
            at: pointer,
            labels: Vec::new(),
        }
    }

    /// A secondary place, shown when it can be found.
    fn label(mut self, file: &Path, pointer: String, message: &'static str) -> Self {
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

/// Where a reference is written: `/{record}/{list}/{index}/{field}`, or
/// `/{record}/{field}` for a single one. Turned into a pointer only when
/// the reference leads nowhere.
#[derive(Clone, Copy)]
struct Field {
    path: &'static str,
    index: Option<usize>,
    leaf: &'static str,
}

impl Field {
    fn one(path: &'static str) -> Self {
        Field {
            path,
            index: None,
            leaf: "",
        }
    }

    fn item(path: &'static str, index: usize, leaf: &'static str) -> Self {
        Field {
            path,
            index: Some(index),
            leaf,
        }
    }

    fn pointer(self) -> String {
        match self.index {
            Some(i) => format!("{}/{i}/{}", self.path, self.leaf),
            None => self.path.to_owned(),
        }
    }
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
            each_reference(record, |kind, id, field| {
                // A record that exists but failed its own checks is
                // already reported.
                if first.contains_key(&(kind, id)) || failed.contains(&RecordKey::new(kind, id)) {
                    return;
                }
                out.push((
                    dangling_reference(path, kind, id, field.pointer()),
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
                dangling_reference(path, *kind, id, pointer.clone()),
                *kind,
                id.as_str(),
            ));
        }
    }
    let queries: Vec<(RecordKind, &str)> =
        dangling.iter().map(|(_, kind, id)| (*kind, *id)).collect();
    let near = nearest_ids(&queries, first.keys().copied());
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
    cycles(&ctx, &mut pending);
    // The remaining checks only read the dataset; the similar-names check
    // runs on one core while the other two share the rest.
    let (similar, (roles, sources)) = rayon::join(
        || similar_names(&ctx),
        || rayon::join(|| role_fits_party(&ctx), || source_addresses(&ctx)),
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

struct Context<'a> {
    dataset: &'a Dataset,
    origins: &'a BTreeMap<RecordKey, PathBuf>,
}

impl Context<'_> {
    /// The file the `kind` of record with `id` came from.
    fn file(&self, kind: RecordKind, id: &str) -> PathBuf {
        self.origins
            .get(&RecordKey::new(kind, id))
            .cloned()
            .unwrap_or_default()
    }
}

/// Chains that loop: parties' `parent`, occasions' `part_of` and the links
/// between agreements (extends, amends, part of, supersedes: each points
/// to an earlier or larger agreement, so none may lead back). One error per
/// loop, at its first member in id order, naming the others.
fn cycles(ctx: &Context<'_>, pending: &mut Vec<Pending>) {
    let parties: BTreeMap<&str, Vec<&str>> = ctx
        .dataset
        .parties
        .values()
        .filter_map(|p| {
            p.parent
                .as_ref()
                .map(|parent| (p.id.as_str(), vec![parent.as_str()]))
        })
        .collect();
    let occasions: BTreeMap<&str, Vec<&str>> = ctx
        .dataset
        .occasions
        .values()
        .filter_map(|o| {
            o.part_of
                .as_ref()
                .map(|parent| (o.id.as_str(), vec![parent.as_str()]))
        })
        .collect();
    let agreements: BTreeMap<&str, Vec<&str>> = ctx
        .dataset
        .agreements
        .values()
        .filter(|a| !a.links.is_empty())
        .map(|a| {
            (
                a.id.as_str(),
                a.links.iter().map(|l| l.agreement.as_str()).collect(),
            )
        })
        .collect();
    for (kind, field, code, edges) in [
        (RecordKind::Party, "parent", Code::ParentCycle, parties),
        (
            RecordKind::Occasion,
            "part_of",
            Code::ParentCycle,
            occasions,
        ),
        (RecordKind::Agreement, "links", Code::LinkCycle, agreements),
    ] {
        let id_pointer = format!("/{kind}/id");
        for cycle in find_cycles(&edges) {
            let first = cycle[0];
            // A loop of thousands is named by its first members, with one
            // label each, and counted.
            const SHOWN: usize = 8;
            let path = if cycle.len() > SHOWN {
                let head: Vec<String> = cycle[..SHOWN].iter().map(|n| format!("`{n}`")).collect();
                format!("{} → … ({} in the loop)", head.join(" → "), cycle.len())
            } else {
                let mut names = cycle.clone();
                names.push(first);
                names
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(" → ")
            };
            let (message, hint) = if kind == RecordKind::Agreement {
                (
                    if cycle.len() == 1 {
                        format!("`{first}` links to itself")
                    } else {
                        format!("the links between agreements loop back: {path}")
                    },
                    "an agreement extends, amends, supersedes or is part of another, never itself: remove or correct one of the links".to_owned(),
                )
            } else {
                (
                    format!("`{field}` loops back: {path}"),
                    format!("a {kind} cannot be part of itself: remove `{field}` from one of them"),
                )
            };
            let d = Diagnostic::new(code, &ctx.file(kind, first), None, message).with_hint(hint);
            // A record that names itself is shown at that naming.
            let own_link = (kind == RecordKind::Agreement && cycle.len() == 1)
                .then(|| {
                    ctx.dataset
                        .agreements
                        .values()
                        .find(|a| a.id.as_str() == first)
                        .and_then(|a| a.links.iter().position(|l| l.agreement.as_str() == first))
                })
                .flatten();
            let at = match own_link {
                Some(i) => format!("/agreement/links/{i}/agreement"),
                None => id_pointer.clone(),
            };
            let mut p = Pending::new(d, at);
            for other in cycle.iter().skip(1).take(SHOWN - 1) {
                p = p.label(
                    &ctx.file(kind, other),
                    id_pointer.clone(),
                    "part of the loop",
                );
            }
            pending.push(p);
        }
    }
}

/// The loops of a directed graph, each once, as its members in the order
/// the edges lead, starting from the least id; loops in order of that id.
/// A depth-first search that visits each node and edge once, so a chain of
/// many thousands of parents costs no more than its length. Only loops
/// met as back edges are listed: when two loops share a node, the second
/// is reported once the first is mended.
fn find_cycles<'a>(edges: &BTreeMap<&'a str, Vec<&'a str>>) -> Vec<Vec<&'a str>> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        OnPath(usize),
        Done,
    }
    let mut state: std::collections::HashMap<&str, State> = std::collections::HashMap::new();
    let mut found: Vec<Vec<&str>> = Vec::new();
    for &root in edges.keys() {
        if state.contains_key(root) {
            continue;
        }
        // The path from the root, each node with the index of its next edge.
        let mut path: Vec<(&str, usize)> = vec![(root, 0)];
        state.insert(root, State::OnPath(0));
        while let Some(&(node, next)) = path.last() {
            let targets = edges.get(node).map_or(&[][..], Vec::as_slice);
            let Some(&target) = targets.get(next) else {
                state.insert(node, State::Done);
                path.pop();
                continue;
            };
            if let Some(top) = path.last_mut() {
                top.1 += 1;
            }
            match state.get(target).copied() {
                Some(State::OnPath(at)) => {
                    let mut cycle: Vec<&str> = path[at..].iter().map(|(n, _)| *n).collect();
                    let least = cycle
                        .iter()
                        .enumerate()
                        .min_by_key(|(_, n)| **n)
                        .map_or(0, |(i, _)| i);
                    cycle.rotate_left(least);
                    found.push(cycle);
                }
                Some(State::Done) => {}
                None => {
                    state.insert(target, State::OnPath(path.len()));
                    path.push((target, 0));
                }
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

/// Roles that only some kinds of party can play (the rule is the model's
/// `accord_model::role_fits_party`).
fn role_fits_party(ctx: &Context<'_>) -> Vec<Pending> {
    ctx.dataset
        .agreements
        .par_iter()
        .flat_map_iter(|(id, a)| {
            let mut out = Vec::new();
            for (i, p) in a.parties.iter().enumerate() {
                let Some(party) = ctx.dataset.parties.get(&p.party) else {
                    continue;
                };
                if !accord_model::role_fits_party(p.role, party.kind) {
                    let role = accord_model::Vocabulary::code(p.role);
                    let d = Diagnostic::new(
                        Code::RoleMismatch,
                        &ctx.file(RecordKind::Agreement, id.as_str()),
                        None,
                        format!("`{}` has the role `{role}` but is not a government or regulator", party.id),
                    )
                    .with_hint("choose the role the party plays (such as `partner`), or correct the party's kind");
                    out.push(Pending::new(d, format!("/agreement/parties/{i}/role")));
                }
            }
            out
        })
        .collect()
}

/// Parties with nearly the same name (see `Dataset::similar_party_names`).
fn similar_names(ctx: &Context<'_>) -> Vec<Pending> {
    let mut pending = Vec::new();
    for (a, b) in ctx.dataset.similar_party_names(|_| true) {
        let name = |id| {
            ctx.dataset
                .parties
                .get(id)
                .map(|p| p.name.to_string())
                .unwrap_or_default()
        };
        let merge = "merge the two records and keep the other spelling as an alias (`kind: variant-spelling`)";
        let (message, hint) = match accord_model::name_difference(&name(a), &name(b)) {
            Some(why) => (
                format!("`{}` looks like `{}`: {why}", name(b), name(a)),
                format!(
                    "if the character is a slip, retype the name; if they are one party, {merge}"
                ),
            ),
            None => (
                format!(
                    "`{}` looks like `{}`: probably the same party entered twice",
                    name(b),
                    name(a)
                ),
                merge.to_owned(),
            ),
        };
        let d = Diagnostic::new(
            Code::PossibleDuplicate,
            &ctx.file(RecordKind::Party, b.as_str()),
            None,
            message,
        )
        .with_hint(hint);
        pending.push(Pending::new(d, "/party/name".to_owned()).label(
            &ctx.file(RecordKind::Party, a.as_str()),
            "/party/name".to_owned(),
            "the other spelling",
        ));
    }
    pending
}

/// Agreements none of whose sources can be looked up online.
fn source_addresses(ctx: &Context<'_>) -> Vec<Pending> {
    // Whether each source has an address, by id.
    let has_address: HashMap<&str, bool, foldhash::fast::RandomState> = ctx
        .dataset
        .sources
        .values()
        .map(|s| (s.id.as_str(), s.url.is_some()))
        .collect();
    ctx.dataset
        .agreements
        .par_iter()
        .filter(|(_, a)| {
            // A source that does not exist is reported as dangling instead.
            let mut any_address = false;
            for c in a.sources.iter() {
                match has_address.get(c.source.as_str()) {
                    Some(&address) => any_address |= address,
                    None => return false,
                }
            }
            !any_address
        })
        .map(|(id, _)| {
            let d = Diagnostic::new(
                Code::NoSourceAddress,
                &ctx.file(RecordKind::Agreement, id.as_str()),
                None,
                "none of the cited sources has a web address".to_owned(),
            )
            .with_hint("add `url` to a source record so readers can check it");
            Pending::new(d, "/agreement/sources".to_owned())
        })
        .collect()
}

/// Calls `f` with the kind and id of every record `record` refers to, and
/// where the reference is written.
fn each_reference<'r>(record: &'r Record, mut f: impl FnMut(RecordKind, &'r str, Field)) {
    match record {
        Record::Party(p) => {
            if let Some(parent) = &p.parent {
                f(
                    RecordKind::Party,
                    parent.as_str(),
                    Field::one("/party/parent"),
                );
            }
            for (i, c) in p.sources.iter().enumerate() {
                f(
                    RecordKind::Source,
                    c.source.as_str(),
                    Field::item("/party/sources", i, "source"),
                );
            }
        }
        Record::Person(p) => {
            for (i, pos) in p.positions.iter().enumerate() {
                if let Some(org) = &pos.organisation {
                    f(
                        RecordKind::Party,
                        org.as_str(),
                        Field::item("/person/positions", i, "organisation"),
                    );
                }
            }
            for (i, c) in p.sources.iter().enumerate() {
                f(
                    RecordKind::Source,
                    c.source.as_str(),
                    Field::item("/person/sources", i, "source"),
                );
            }
        }
        Record::Agreement(a) => {
            for (i, p) in a.parties.iter().enumerate() {
                f(
                    RecordKind::Party,
                    p.party.as_str(),
                    Field::item("/agreement/parties", i, "party"),
                );
            }
            if let Some(o) = &a.occasion {
                f(
                    RecordKind::Occasion,
                    o.as_str(),
                    Field::one("/agreement/occasion"),
                );
            }
            for (i, l) in a.links.iter().enumerate() {
                f(
                    RecordKind::Agreement,
                    l.agreement.as_str(),
                    Field::item("/agreement/links", i, "agreement"),
                );
            }
            for (i, p) in a.people.iter().enumerate() {
                f(
                    RecordKind::Person,
                    p.person.as_str(),
                    Field::item("/agreement/people", i, "person"),
                );
            }
            for (i, c) in a.sources.iter().enumerate() {
                f(
                    RecordKind::Source,
                    c.source.as_str(),
                    Field::item("/agreement/sources", i, "source"),
                );
            }
        }
        Record::Source(_) => {}
        Record::Occasion(o) => {
            if let Some(parent) = &o.part_of {
                f(
                    RecordKind::Occasion,
                    parent.as_str(),
                    Field::one("/occasion/part_of"),
                );
            }
            for (i, p) in o.people.iter().enumerate() {
                f(
                    RecordKind::Person,
                    p.person.as_str(),
                    Field::item("/occasion/people", i, "person"),
                );
            }
            for (i, c) in o.sources.iter().enumerate() {
                f(
                    RecordKind::Source,
                    c.source.as_str(),
                    Field::item("/occasion/sources", i, "source"),
                );
            }
        }
    }
}

/// The reference fields of each kind of record, as JSON pointers: a list
/// and the key in each of its items, or a single field; and the kind of
/// record referred to. [`each_reference`] walks the same fields of a typed
/// record; a test checks the two agree.
const REFERENCE_FIELDS: &[(&str, Option<&str>, RecordKind)] = &[
    ("/party/parent", None, RecordKind::Party),
    ("/party/sources", Some("source"), RecordKind::Source),
    ("/person/positions", Some("organisation"), RecordKind::Party),
    ("/person/sources", Some("source"), RecordKind::Source),
    ("/agreement/parties", Some("party"), RecordKind::Party),
    ("/agreement/occasion", None, RecordKind::Occasion),
    ("/agreement/links", Some("agreement"), RecordKind::Agreement),
    ("/agreement/people", Some("person"), RecordKind::Person),
    ("/agreement/sources", Some("source"), RecordKind::Source),
    ("/occasion/part_of", None, RecordKind::Occasion),
    ("/occasion/people", Some("person"), RecordKind::Person),
    ("/occasion/sources", Some("source"), RecordKind::Source),
];

/// A reference read from a record that failed its own checks: the kind of
/// record it names, the id, and the JSON pointer of the id in the file.
pub type RawReference = (RecordKind, String, String);

/// The references of a record that could be read as a value but not as a
/// record (its schema errors stop it loading), as far as they can be read:
/// every reference field holding text, so that its dangling ids are
/// reported in the same run as its other problems.
pub(crate) fn raw_references(value: &serde_json::Value) -> Vec<RawReference> {
    let mut out = Vec::new();
    for &(path, leaf, kind) in REFERENCE_FIELDS {
        let Some(found) = value.pointer(path) else {
            continue;
        };
        // An id that is not well formed has its own schema error already:
        // one mistake, one error.
        let well_formed = |id: &str| accord_model::check_id(id).is_ok();
        match (leaf, found) {
            (None, serde_json::Value::String(id)) if well_formed(id) => {
                out.push((kind, id.clone(), path.to_owned()));
            }
            (Some(leaf), serde_json::Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    if let Some(id) = item.get(leaf).and_then(serde_json::Value::as_str)
                        && well_formed(id)
                    {
                        out.push((kind, id.to_owned(), format!("{path}/{i}/{leaf}")));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// A reference in `path`, at `pointer`, to a `kind` of record with an
/// `id` that no record has.
fn dangling_reference(path: &Path, kind: RecordKind, id: &str, pointer: String) -> Pending {
    let d = Diagnostic::new(
        Code::DanglingReference,
        path,
        None,
        format!("no {kind} has the id `{id}`"),
    )
    .with_hint(format!(
        "add {} {kind} record with this id, or correct the id",
        kind.article()
    ));
    Pending::new(d, pointer)
}

/// At most this many different dangling ids get a "did you mean".
const MAX_SUGGESTED: usize = 10_000;

/// For each dangling (kind, id), a known id of the same kind one typo away
/// (a letter added, dropped, changed or two swapped; not a digit alone):
/// the nearest, then the first in byte order when several are. Two ids that
/// share a deletion neighbour are at most two edits apart, and those are
/// taken too.
///
/// Comparing every dangling id with every known one would take minutes on
/// a large dataset, so both sides are reduced to "deletion neighbours":
/// the id itself and the id with one byte left out. Two ids one typo apart
/// share a neighbour. The neighbours of the few dangling ids go in a table,
/// keyed by a rolling hash worked out without building strings, and each
/// known id's neighbours are looked up in it; a hit is confirmed by the
/// edit distance.
fn nearest_ids<'a>(
    queries: &[(RecordKind, &'a str)],
    known: impl Iterator<Item = (RecordKind, &'a str)>,
) -> HashMap<(RecordKind, &'a str), &'a str> {
    let mut wanted: Vec<(RecordKind, &str)> = queries.to_vec();
    wanted.sort_unstable();
    wanted.dedup();
    if wanted.is_empty() || wanted.len() > MAX_SUGGESTED {
        return HashMap::new();
    }
    let mut table: HashMap<(RecordKind, u64), Vec<usize>> = HashMap::new();
    for (i, (kind, id)) in wanted.iter().enumerate() {
        neighbours(id.as_bytes(), |hash| {
            table.entry((*kind, hash)).or_default().push(i)
        });
    }
    let kinds: HashSet<RecordKind> = wanted.iter().map(|(kind, _)| *kind).collect();
    let known: Vec<(RecordKind, &str)> = known.filter(|(kind, _)| kinds.contains(kind)).collect();
    let found: Vec<(usize, usize, &str)> = known
        .par_iter()
        .flat_map_iter(|&(kind, id)| {
            let mut hits = Vec::new();
            neighbours(id.as_bytes(), |hash| {
                for &q in table.get(&(kind, hash)).into_iter().flatten() {
                    let distance = strsim::damerau_levenshtein(wanted[q].1, id);
                    if (1..=2).contains(&distance) && !only_digits_differ(wanted[q].1, id) {
                        hits.push((q, distance, id));
                    }
                }
            });
            hits
        })
        .collect();
    let mut best: HashMap<usize, (usize, &str)> = HashMap::new();
    for (q, distance, id) in found {
        let entry = best.entry(q).or_insert((distance, id));
        if (distance, id) < *entry {
            *entry = (distance, id);
        }
    }
    best.into_iter()
        .map(|(q, (_, id))| (wanted[q], id))
        .collect()
}

/// Whether two ids are the same but for their digits (`unit-7` and
/// `unit-17`): numbered ids are different things, not typos of each other.
fn only_digits_differ(a: &str, b: &str) -> bool {
    let letters = |s: &str| {
        s.chars()
            .filter(|c| !c.is_ascii_digit())
            .collect::<String>()
    };
    letters(a) == letters(b)
}

/// Calls `f` with the hash of `bytes` and of `bytes` with each one byte
/// left out: a polynomial hash, so that equal byte strings hash alike
/// whichever byte was dropped to make them.
fn neighbours(bytes: &[u8], mut f: impl FnMut(u64)) {
    const BASE: u64 = 0x100_0000_01b3;
    // prefix[i]: hash of bytes[..i]; power[i]: BASE^i.
    let mut prefix = Vec::with_capacity(bytes.len() + 1);
    let mut power = Vec::with_capacity(bytes.len() + 1);
    prefix.push(0u64);
    power.push(1u64);
    for &b in bytes {
        let last = prefix.last().copied().unwrap_or_default();
        prefix.push(last.wrapping_mul(BASE).wrapping_add(u64::from(b) + 1));
        power.push(power.last().copied().unwrap_or(1).wrapping_mul(BASE));
    }
    let n = bytes.len();
    f(prefix[n]);
    for i in 0..n {
        // hash(bytes[..i] ++ bytes[i + 1..]) = prefix[i] * BASE^(n-i-1) + hash(bytes[i + 1..]).
        let tail = prefix[n].wrapping_sub(prefix[i + 1].wrapping_mul(power[n - i - 1]));
        f(prefix[i].wrapping_mul(power[n - i - 1]).wrapping_add(tail));
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_table_of_reference_fields_agrees_with_the_typed_walk() {
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures");
        let mut compared = 0;
        for entry in walkdir::WalkDir::new(fixtures) {
            let path = entry.expect("entry").into_path();
            if path.extension().is_none_or(|e| e != "yaml") {
                continue;
            }
            let bytes = std::fs::read(&path).expect("read");
            let record = crate::check_bytes(&path, &bytes).record.expect("valid");
            let value = serde_json::to_value(&record).expect("serialise");
            let mut typed = Vec::new();
            super::each_reference(&record, |kind, id, field| {
                typed.push((kind, id.to_owned(), field.pointer()));
            });
            let mut raw = super::raw_references(&value);
            typed.sort();
            raw.sort();
            compared += typed.len();
            assert_eq!(typed, raw, "{value}");
        }
        assert!(compared > 50, "only {compared} references compared");
    }

    #[test]
    fn loops_are_found_once_each_in_time_linear_in_the_chain() {
        let graph = |pairs: &[(&'static str, &'static str)]| {
            let mut edges: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
            for (from, to) in pairs {
                edges.entry(*from).or_default().push(*to);
            }
            edges
        };
        assert_eq!(find_cycles(&graph(&[("a", "a")])), vec![vec!["a"]]);
        assert_eq!(
            find_cycles(&graph(&[("c", "a"), ("a", "b"), ("b", "c"), ("d", "a")])),
            vec![vec!["a", "b", "c"]]
        );
        assert!(find_cycles(&graph(&[("a", "b"), ("b", "c"), ("a", "c")])).is_empty());
        // A chain of 200,000 parents ending in a loop of two: one pass.
        let names: Vec<String> = (0..200_000).map(|i| format!("p{i:06}")).collect();
        let mut edges: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for pair in names.windows(2) {
            edges.insert(&pair[0], vec![&pair[1]]);
        }
        edges.insert(&names[199_999], vec![&names[199_998]]);
        let started = std::time::Instant::now();
        let found = find_cycles(&edges);
        assert_eq!(found, vec![vec!["p199998", "p199999"]]);
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }

    use super::{find_cycles, nearest_ids};
    use accord_model::RecordKind;
    use std::collections::BTreeMap;

    #[test]
    fn a_dangling_id_finds_the_known_id_one_typo_away() {
        let known = [
            (RecordKind::Party, "alpha-health"),
            (RecordKind::Party, "beta-pharma"),
            (RecordKind::Party, "gamma"),
            (RecordKind::Source, "alpha-helth"),
            (RecordKind::Party, "delta-one"),
            (RecordKind::Party, "delta-two"),
            (RecordKind::Party, "unit-7"),
        ];
        let queries = [
            (RecordKind::Party, "alpha-helth"),  // a letter dropped
            (RecordKind::Party, "beta-pharmaa"), // a letter added
            (RecordKind::Party, "gamam"),        // two swapped
            (RecordKind::Party, "gxmma"),        // one changed
            (RecordKind::Party, "delta-tri"),    // two changed: too far
            (RecordKind::Party, "omega"),        // nothing near
            (RecordKind::Party, "delta-onf"),    // one changed, the nearer of two
            (RecordKind::Party, "unit-17"),      // numbered: another thing, not a typo
        ];
        let near = nearest_ids(&queries, known.iter().copied());
        let got = |q: (RecordKind, &'static str)| near.get(&q).copied();
        assert_eq!(got(queries[0]), Some("alpha-health"), "not the source");
        assert_eq!(got(queries[1]), Some("beta-pharma"));
        assert_eq!(got(queries[2]), Some("gamma"));
        assert_eq!(got(queries[3]), Some("gamma"));
        assert_eq!(got(queries[4]), None);
        assert_eq!(got(queries[5]), None);
        assert_eq!(got(queries[6]), Some("delta-one"));
        assert_eq!(got(queries[7]), None);
    }
}
