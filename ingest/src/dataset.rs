//! The records of a dataset, and the checks that need more than one record.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use accord_model::{Dataset, Record};

use crate::diagnostic::{Code, Diagnostic, Span};
use crate::parse::{NodeSpans, SpanMap};

/// A reference from one record to another, with where it is written.
pub(crate) struct Reference {
    kind: &'static str,
    id: String,
    pointer: String,
}

/// A record and the file it came from.
pub(crate) struct Located {
    path: PathBuf,
    record: Record,
}

/// Pairs a record with its file.
pub(crate) fn locate(path: PathBuf, record: Record) -> Located {
    Located { path, record }
}

/// Finds positions in files again when a check across records needs one.
/// Files are read and parsed with positions only then, and each once: the
/// many files without such a problem are never parsed twice.
#[derive(Default)]
struct Resolver {
    cache: RefCell<HashMap<PathBuf, Option<SpanMap>>>,
}

impl Resolver {
    fn node(&self, file: &Path, pointer: &str) -> Option<NodeSpans> {
        let mut cache = self.cache.borrow_mut();
        let spans = cache.entry(file.to_owned()).or_insert_with(|| {
            let bytes = std::fs::read(file).ok()?;
            let text = String::from_utf8(bytes).ok()?;
            let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
            let toml = file.extension().is_some_and(|e| e == "toml");
            let shift = text.len() - body.len();
            Some(
                crate::parse::LazySpans::new(body, toml, shift)
                    .get()
                    .clone(),
            )
        });
        spans.as_ref().and_then(|s| s.get(pointer)).copied()
    }

    /// The position of the value at `pointer`.
    fn at(&self, file: &Path, pointer: &str) -> Option<Span> {
        self.node(file, pointer).map(|n| n.value)
    }
}

pub(crate) fn build(
    records: Vec<Located>,
    failed: &std::collections::HashSet<String>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Dataset, BTreeMap<String, PathBuf>) {
    let mut dataset = Dataset::default();
    let mut origins: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut references: Vec<(String, Reference)> = Vec::new();
    let resolver = Resolver::default();

    for Located { path, record } in records {
        let kind = record.kind();
        let key = format!("{kind}/{}", record.id());
        if let Some(first_path) = origins.get(&key) {
            let id_pointer = format!("/{kind}/id");
            let mut d = Diagnostic::new(
                Code::DuplicateId,
                &path,
                resolver.at(&path, &id_pointer),
                format!("another {kind} already has the id `{}`", record.id()),
            )
            .with_hint("give each record its own id; if both describe the same thing, merge them");
            if let Some(span) = resolver.at(first_path, &id_pointer) {
                d = d.with_label(first_path, span, "first defined here");
            }
            diagnostics.push(d);
            continue;
        }
        for reference in references_of(&record) {
            references.push((key.clone(), reference));
        }
        origins.insert(key, path);
        dataset.insert(record);
    }

    for (from, reference) in references {
        let key = format!("{}/{}", reference.kind, reference.id);
        // A record that exists but failed its own checks is already reported.
        if !origins.contains_key(&key) && !failed.contains(&key) {
            let path = origins.get(&from).cloned().unwrap_or_default();
            diagnostics.push(
                Diagnostic::new(
                    Code::DanglingReference,
                    &path,
                    resolver.at(&path, &reference.pointer),
                    format!("no {} has the id `{}`", reference.kind, reference.id),
                )
                .with_hint(format!(
                    "add {} {} record with this id, or correct the id",
                    article(reference.kind),
                    reference.kind
                )),
            );
        }
    }
    let ctx = Context {
        dataset: &dataset,
        origins: &origins,
        resolver: &resolver,
    };
    cycles(&ctx, diagnostics);
    role_fits_party(&ctx, diagnostics);
    similar_names(&ctx, diagnostics);
    source_addresses(&ctx, diagnostics);
    (dataset, origins)
}

struct Context<'a> {
    dataset: &'a Dataset,
    origins: &'a BTreeMap<String, PathBuf>,
    resolver: &'a Resolver,
}

impl Context<'_> {
    fn file(&self, key: &str) -> PathBuf {
        self.origins.get(key).cloned().unwrap_or_default()
    }

    fn span(&self, key: &str, pointer: &str) -> Option<Span> {
        self.resolver.at(&self.file(key), pointer)
    }

    fn id_span(&self, key: &str) -> Option<Span> {
        let kind = key.split('/').next().unwrap_or_default();
        self.span(key, &format!("/{kind}/id"))
    }
}

/// Parent chains (parties' `parent`, occasions' `part_of`) that loop: one
/// error per loop, at its first member in id order, naming the others.
fn cycles(ctx: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    let parties: BTreeMap<&str, &str> = ctx
        .dataset
        .parties
        .values()
        .filter_map(|p| {
            p.parent
                .as_ref()
                .map(|parent| (p.id.as_str(), parent.as_str()))
        })
        .collect();
    let occasions: BTreeMap<&str, &str> = ctx
        .dataset
        .occasions
        .values()
        .filter_map(|o| {
            o.part_of
                .as_ref()
                .map(|parent| (o.id.as_str(), parent.as_str()))
        })
        .collect();
    for (kind, field, edges) in [
        ("party", "parent", parties),
        ("occasion", "part_of", occasions),
    ] {
        let mut reported: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
        for &start in edges.keys() {
            if reported.contains(start) {
                continue;
            }
            let mut path = vec![start];
            let mut next = edges.get(start).copied();
            while let Some(node) = next {
                if let Some(at) = path.iter().position(|&p| p == node) {
                    let cycle: Vec<&str> = path[at..].to_vec();
                    if cycle.iter().any(|c| reported.contains(c)) {
                        break;
                    }
                    reported.extend(cycle.iter().copied());
                    let first = *cycle.iter().min().unwrap_or(&start);
                    let key = format!("{kind}/{first}");
                    let mut names: Vec<&str> = cycle.clone();
                    names.push(cycle[0]);
                    let mut d = Diagnostic::new(
                        Code::ParentCycle,
                        &ctx.file(&key),
                        ctx.id_span(&key),
                        format!(
                            "`{field}` loops back: {}",
                            names
                                .iter()
                                .map(|n| format!("`{n}`"))
                                .collect::<Vec<_>>()
                                .join(" → ")
                        ),
                    )
                    .with_hint(format!(
                        "a {kind} cannot be part of itself: remove `{field}` from one of them"
                    ));
                    for other in cycle.iter().filter(|&&c| c != first) {
                        let other_key = format!("{kind}/{other}");
                        if let Some(span) = ctx.id_span(&other_key) {
                            d = d.with_label(&ctx.file(&other_key), span, "part of the loop");
                        }
                    }
                    diagnostics.push(d);
                    break;
                }
                path.push(node);
                next = edges.get(node).copied();
            }
        }
    }
}

/// Roles that only some kinds of party can play.
fn role_fits_party(ctx: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    use accord_model::{PartyKind, Role};
    for a in ctx.dataset.agreements.values() {
        let key = format!("agreement/{}", a.id);
        for (i, p) in a.parties.iter().enumerate() {
            let Some(party) = ctx.dataset.parties.get(&p.party) else {
                continue;
            };
            let fits = match p.role {
                Role::HostGovernment => {
                    matches!(
                        party.kind,
                        PartyKind::NationalGovernment | PartyKind::SubnationalGovernment
                    )
                }
                Role::Regulator => matches!(
                    party.kind,
                    PartyKind::Regulator
                        | PartyKind::NationalGovernment
                        | PartyKind::InternationalOrganisation
                ),
                _ => true,
            };
            if !fits {
                let role = crate::rules::role_id(p.role);
                diagnostics.push(
                    Diagnostic::new(
                        Code::RoleMismatch,
                        &ctx.file(&key),
                        ctx.span(&key, &format!("/agreement/parties/{i}/role")),
                        format!("`{}` has the role `{role}` but is not a government or regulator", party.id),
                    )
                    .with_hint("choose the role the party plays (such as `partner`), or correct the party's kind"),
                );
            }
        }
    }
}

/// Parties with nearly the same name (see `Dataset::similar_party_names`).
fn similar_names(ctx: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for (a, b) in ctx.dataset.similar_party_names(|_| true) {
        let (ka, kb) = (format!("party/{a}"), format!("party/{b}"));
        let name = |id| {
            ctx.dataset
                .parties
                .get(id)
                .map(|p| p.name.to_string())
                .unwrap_or_default()
        };
        let mut d = Diagnostic::new(
            Code::PossibleDuplicate,
            &ctx.file(&kb),
            ctx.span(&kb, "/party/name"),
            format!("`{}` looks like `{}`: probably the same party entered twice", name(b), name(a)),
        )
        .with_hint("merge the two records and keep the other spelling as an alias (`kind: variant-spelling`)");
        if let Some(span) = ctx.span(&ka, "/party/name") {
            d = d.with_label(&ctx.file(&ka), span, "the other spelling");
        }
        diagnostics.push(d);
    }
}

/// Agreements none of whose sources can be looked up online.
fn source_addresses(ctx: &Context<'_>, diagnostics: &mut Vec<Diagnostic>) {
    for a in ctx.dataset.agreements.values() {
        let any_address = a.sources.iter().any(|c| {
            ctx.dataset
                .sources
                .get(&c.source)
                .is_some_and(|s| s.url.is_some())
        });
        let all_known = a
            .sources
            .iter()
            .all(|c| ctx.dataset.sources.contains_key(&c.source));
        if !any_address && all_known {
            let key = format!("agreement/{}", a.id);
            diagnostics.push(
                Diagnostic::new(
                    Code::NoSourceAddress,
                    &ctx.file(&key),
                    ctx.span(&key, "/agreement/sources"),
                    "none of the cited sources has a web address".to_owned(),
                )
                .with_hint("add `url` to a source record so readers can check it"),
            );
        }
    }
}

fn references_of(record: &Record) -> Vec<Reference> {
    let mut out = Vec::new();
    let mut add = |kind: &'static str, id: &str, pointer: String| {
        out.push(Reference {
            kind,
            id: id.to_owned(),
            pointer,
        });
    };
    match record {
        Record::Party(p) => {
            if let Some(parent) = &p.parent {
                add("party", parent.as_str(), "/party/parent".into());
            }
            for (i, c) in p.sources.iter().enumerate() {
                add(
                    "source",
                    c.source.as_str(),
                    format!("/party/sources/{i}/source"),
                );
            }
        }
        Record::Person(p) => {
            for (i, pos) in p.positions.iter().enumerate() {
                if let Some(org) = &pos.organisation {
                    add(
                        "party",
                        org.as_str(),
                        format!("/person/positions/{i}/organisation"),
                    );
                }
            }
            for (i, c) in p.sources.iter().enumerate() {
                add(
                    "source",
                    c.source.as_str(),
                    format!("/person/sources/{i}/source"),
                );
            }
        }
        Record::Agreement(a) => {
            for (i, p) in a.parties.iter().enumerate() {
                add(
                    "party",
                    p.party.as_str(),
                    format!("/agreement/parties/{i}/party"),
                );
            }
            if let Some(o) = &a.occasion {
                add("occasion", o.as_str(), "/agreement/occasion".into());
            }
            for (i, l) in a.links.iter().enumerate() {
                add(
                    "agreement",
                    l.agreement.as_str(),
                    format!("/agreement/links/{i}/agreement"),
                );
            }
            for (i, p) in a.people.iter().enumerate() {
                add(
                    "person",
                    p.person.as_str(),
                    format!("/agreement/people/{i}/person"),
                );
            }
            for (i, c) in a.sources.iter().enumerate() {
                add(
                    "source",
                    c.source.as_str(),
                    format!("/agreement/sources/{i}/source"),
                );
            }
        }
        Record::Source(_) => {}
        Record::Occasion(o) => {
            if let Some(parent) = &o.part_of {
                add("occasion", parent.as_str(), "/occasion/part_of".into());
            }
            for (i, p) in o.people.iter().enumerate() {
                add(
                    "person",
                    p.person.as_str(),
                    format!("/occasion/people/{i}/person"),
                );
            }
            for (i, c) in o.sources.iter().enumerate() {
                add(
                    "source",
                    c.source.as_str(),
                    format!("/occasion/sources/{i}/source"),
                );
            }
        }
    }
    out
}

fn article(kind: &str) -> &'static str {
    if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}
