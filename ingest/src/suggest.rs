//! "Did you mean": the nearest allowed name for a misspelt field or value
//! ([`nearest`], used by `schema`), and the nearest known id of the same
//! kind for a reference that leads nowhere ([`nearest_ids`], used by
//! `dataset`), found without comparing every id with every other.

use std::collections::{HashMap, HashSet};

use accord_model::RecordKind;
use rayon::prelude::*;

/// The nearest allowed name, when it is close enough to be a likely typo.
pub(crate) fn nearest(name: &str, allowed: &[String]) -> Option<String> {
    allowed
        .iter()
        .map(|a| (distance(&a.to_lowercase(), &name.to_lowercase()), a))
        .filter(|(d, a)| *d <= 2.max(a.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, a)| a.clone())
}

/// The Damerau–Levenshtein distance between two texts (`strsim`).
pub(crate) fn distance(a: &str, b: &str) -> usize {
    strsim::damerau_levenshtein(a, b)
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
pub(crate) fn nearest_ids<'a>(
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
    use super::nearest_ids;
    use accord_model::RecordKind;

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
