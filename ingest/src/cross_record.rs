//! Rules across records, run on the whole dataset once it is built: loops
//! of parents, occasions and agreement links, roles for the party's kind,
//! parties with nearly the same name, agreements none of whose sources has
//! an address. Each gives [`Pending`] diagnostics, placed by JSON pointer;
//! `dataset` turns those into positions.

use std::collections::{BTreeMap, HashMap};

use accord_model::RecordKind;
use rayon::prelude::*;

use crate::dataset::{Context, Pending};
use crate::diagnostic::{Code, Diagnostic};

/// Chains that loop: parties' `parent`, occasions' `part_of` and the links
/// between agreements (extends, amends, part of, supersedes: each points
/// to an earlier or larger agreement, so none may lead back). One error per
/// loop, at its first member in id order, naming the others.
pub(crate) fn cycles(ctx: &Context<'_>, pending: &mut Vec<Pending>) {
    let parties: BTreeMap<&str, Vec<&str>> = ctx
        .dataset
        .parties
        .values()
        .filter_map(|p| {
            // The links of control (`Party::controlled_by`): a parent and
            // majority or sole owners. Minority stakes may be held both
            // ways (cross-shareholdings), so they are not followed.
            let controllers: Vec<&str> = p.controlled_by().map(|id| id.as_str()).collect();
            (!controllers.is_empty()).then(|| (p.id.as_str(), controllers))
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
            } else if kind == RecordKind::Party {
                (
                    format!("the parents and owners loop back: {path}"),
                    "an organisation cannot be part of itself or own a majority of itself: remove `parent` or the majority owner from one of them".to_owned(),
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
pub(crate) fn role_fits_party(ctx: &Context<'_>) -> Vec<Pending> {
    ctx.dataset
        .agreements
        .par_iter()
        .flat_map_iter(|(id, a)| {
            let mut out = Vec::new();
            for (i, p) in a.parties.iter().enumerate() {
                let Some(party) = ctx.dataset.parties.get(&p.party) else {
                    continue;
                };
                for (at, role) in p.role_entries() {
                    let role = *role.value();
                    if accord_model::role_fits_party(role, party.kind) {
                        continue;
                    }
                    let code = accord_model::Vocabulary::code(role);
                    let d = Diagnostic::new(
                        Code::RoleMismatch,
                        &ctx.file(RecordKind::Agreement, id.as_str()),
                        None,
                        format!("`{}` has the role `{code}` but is not a government or regulator", party.id),
                    )
                    .with_hint("choose the role the party plays (such as `partner`), or correct the party's kind");
                    out.push(Pending::new(d, format!("/agreement/parties/{i}/{at}")));
                }
            }
            out
        })
        .collect()
}

/// Parties with nearly the same name (see `Dataset::similar_party_names`).
pub(crate) fn similar_names(ctx: &Context<'_>) -> Vec<Pending> {
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
pub(crate) fn source_addresses(ctx: &Context<'_>) -> Vec<Pending> {
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

#[cfg(test)]
mod tests {
    use super::find_cycles;
    use std::collections::BTreeMap;

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
}
