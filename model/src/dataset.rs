//! A set of records, by kind and id.

use std::collections::BTreeMap;

use crate::{
    Agreement, AgreementId, Occasion, OccasionId, Party, PartyId, Person, PersonId, Source,
    SourceId,
};

/// Records by kind and id, in id order.
///
/// The `accord-ingest` crate builds a dataset from files and checks it; a
/// dataset it reports no error for has no duplicate ids and no reference to
/// a missing record. Other programs may build one directly.
///
/// Parties and agreements are boxed, as in [`crate::Record`]: a large
/// dataset then moves them into its maps without copying each one. The
/// other kinds are few.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Dataset {
    /// Organisations.
    pub parties: BTreeMap<PartyId, Box<Party>>,
    /// People named in sources.
    pub people: BTreeMap<PersonId, Person>,
    /// Agreements and collaborations.
    pub agreements: BTreeMap<AgreementId, Box<Agreement>>,
    /// Documents the facts come from.
    pub sources: BTreeMap<SourceId, Source>,
    /// Events agreements belong to.
    pub occasions: BTreeMap<OccasionId, Occasion>,
}

impl Dataset {
    /// The number of records of every kind.
    pub fn len(&self) -> usize {
        self.parties.len()
            + self.people.len()
            + self.agreements.len()
            + self.sources.len()
            + self.occasions.len()
    }

    /// True when the dataset holds no record.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Adds a record, returning the one it replaces (same kind and id).
    pub fn insert(&mut self, record: crate::Record) -> Option<crate::Record> {
        use crate::Record;
        match record {
            Record::Party(r) => self.parties.insert(r.id.clone(), r).map(Record::Party),
            Record::Person(r) => self
                .people
                .insert(r.id.clone(), *r)
                .map(|r| Record::Person(Box::new(r))),
            Record::Agreement(r) => self
                .agreements
                .insert(r.id.clone(), r)
                .map(Record::Agreement),
            Record::Source(r) => self
                .sources
                .insert(r.id.clone(), *r)
                .map(|r| Record::Source(Box::new(r))),
            Record::Occasion(r) => self
                .occasions
                .insert(r.id.clone(), *r)
                .map(|r| Record::Occasion(Box::new(r))),
        }
    }

    /// A dataset of `records`; where two share a kind and an id, the later
    /// one is kept, as with [`Dataset::insert`]. Builds each map in one go
    /// (sorting its entries, then filling the tree), which for a large
    /// dataset is several times quicker than inserting the records one by
    /// one.
    pub fn from_records(records: impl IntoIterator<Item = crate::Record>) -> Self {
        use crate::Record;
        let (mut parties, mut people, mut agreements, mut sources, mut occasions) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for record in records {
            match record {
                Record::Party(r) => parties.push((r.id.clone(), r)),
                Record::Person(r) => people.push((r.id.clone(), *r)),
                Record::Agreement(r) => agreements.push((r.id.clone(), r)),
                Record::Source(r) => sources.push((r.id.clone(), *r)),
                Record::Occasion(r) => occasions.push((r.id.clone(), *r)),
            }
        }
        // `BTreeMap::from_iter` sorts stably and keeps the last of equal keys.
        Dataset {
            parties: parties.into_iter().collect(),
            people: people.into_iter().collect(),
            agreements: agreements.into_iter().collect(),
            sources: sources.into_iter().collect(),
            occasions: occasions.into_iter().collect(),
        }
    }

    /// Pairs of parties (among those `include` accepts) whose names are
    /// nearly the same: probably one organisation entered twice under two
    /// spellings. Names are compared without case, punctuation, company
    /// forms ("Ltd", "Group" …) and invisible characters, in Unicode's
    /// compatibility form (NFKC) and with letters that look alike in other
    /// scripts taken as the same (the confusable "skeleton" of Unicode
    /// Technical Standard #39, as the `unicode-security` crate gives it), at
    /// most two edits apart (worked out in time linear in the names'
    /// length); see [`name_difference`] for saying why two names differ; names shorter than
    /// five characters (any two of which are that close, as with many names
    /// in Chinese characters), names that differ in their digits and parties
    /// related by a parent chain are not paired.
    ///
    /// The pairs are found by the sorted-neighbourhood method: the names are
    /// sorted (and, to catch a slip in the first letters, sorted reversed)
    /// and each is compared with its next few neighbours, which keeps the
    /// check fast for large datasets. Pairs come in id order.
    pub fn similar_party_names(
        &self,
        include: impl Fn(&Party) -> bool,
    ) -> Vec<(&PartyId, &PartyId)> {
        // Each name as compared, with its length in characters and the
        // digits it holds.
        let mut names: Vec<(&PartyId, String, usize, String)> = self
            .parties
            .values()
            .filter(|p| include(p))
            .map(|p| {
                let (name, digits) = comparable_name(&p.name);
                let len = name.chars().count();
                (&p.id, name, len, digits)
            })
            .collect();
        let mut pairs: std::collections::BTreeSet<(&PartyId, &PartyId)> =
            std::collections::BTreeSet::new();
        let related = |x: &PartyId, y: &PartyId| self.party_chain(x).iter().any(|p| &p.id == y);
        for reversed in [false, true] {
            let key = |name: &str| -> String {
                if reversed {
                    name.chars().rev().collect()
                } else {
                    name.to_owned()
                }
            };
            names.sort_by_cached_key(|(_, n, _, _)| key(n));
            for (i, (a, na, la, da)) in names.iter().enumerate() {
                for (b, nb, lb, db) in names.iter().skip(i + 1).take(4) {
                    // Lengths that differ by more than 2 mean a distance of
                    // more than 2, without working it out.
                    if *la < 5 || la.abs_diff(*lb) > 2 || da != db || !within_two_edits(na, nb) {
                        continue;
                    }
                    if !related(a, b) && !related(b, a) {
                        pairs.insert(if a < b { (*a, *b) } else { (*b, *a) });
                    }
                }
            }
        }
        pairs.into_iter().collect()
    }

    /// The party and then those that control it, their controllers, and so
    /// on, each once, nearest first (breadth first), stopping at missing
    /// records and loops. A party is controlled by its `parent` and by each
    /// owner with a majority share (more than 50 percent), or its only
    /// owner when no share is given ([`Party::controlled_by`]); a minority
    /// owner, such as either side of a 50/50 joint venture, is not followed,
    /// so a filter on a party takes in its subsidiaries but not every firm
    /// it holds a stake in. The dates of holdings are not considered.
    pub fn party_chain<'a>(&'a self, id: &'a PartyId) -> Vec<&'a Party> {
        // A set of the ids met, so a chain of thousands of parents costs
        // its length, not its square.
        let mut chain: Vec<&Party> = Vec::new();
        let mut met: std::collections::HashSet<&PartyId> = std::collections::HashSet::new();
        let mut queue: std::collections::VecDeque<&PartyId> = std::collections::VecDeque::new();
        queue.push_back(id);
        while let Some(id) = queue.pop_front() {
            let Some(party) = self.parties.get(id) else {
                continue;
            };
            if !met.insert(&party.id) {
                continue;
            }
            chain.push(party);
            queue.extend(party.controlled_by());
        }
        chain
    }
}

/// A name as [`Dataset::similar_party_names`] compares it, and the digits
/// it holds (names that differ in their digits are different parties).
fn comparable_name(name: &str) -> (String, String) {
    use unicode_normalization::UnicodeNormalization;
    let visible: String = name
        .chars()
        .filter(|c| c.is_whitespace() || !crate::text::is_invisible(*c))
        .nfkc()
        .collect();
    let digits = visible.chars().filter(char::is_ascii_digit).collect();
    let skeleton: String = unicode_security::skeleton(&visible).collect();
    (normalise_name(&skeleton), digits)
}

/// Whether two strings are at most two edits apart (insertions, deletions,
/// substitutions, swaps of neighbours): the optimal-string-alignment
/// distance worked out only on the band of five diagonals that can stay
/// within two, so the cost grows with the length, not its square.
fn within_two_edits(a: &str, b: &str) -> bool {
    const K: usize = 2;
    const FAR: usize = K + 1;
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (n, m) = (a.len(), b.len());
    if n.abs_diff(m) > K {
        return false;
    }
    // Three rows of the table (i - 2, i - 1, i); only the columns within
    // K of the diagonal are written, with one "far" cell on each side, so
    // reading a cell outside the band of its row gives FAR.
    let mut rows = [vec![FAR; m + 1], vec![FAR; m + 1], vec![FAR; m + 1]];
    for (j, cell) in rows[1].iter_mut().enumerate().take(K + 1) {
        *cell = j;
    }
    for i in 1..=n {
        let [before, previous, row] = &mut rows;
        let low = i.saturating_sub(K);
        let high = (i + K).min(m);
        if low > 0 {
            row[low - 1] = FAR;
        }
        if high < m {
            row[high + 1] = FAR;
        }
        let mut best = FAR;
        for j in low..=high {
            let value = if j == 0 {
                i
            } else {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut v = (previous[j - 1] + cost)
                    .min(previous[j] + 1)
                    .min(if j > low { row[j - 1] + 1 } else { FAR });
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    v = v.min(before[j - 2] + 1);
                }
                v
            }
            .min(FAR);
            row[j] = value;
            best = best.min(value);
        }
        if best > K {
            return false;
        }
        rows.rotate_left(1);
    }
    rows[1][m] <= K
}

/// Why two names that compare alike still differ, in words, when the
/// reason is one a reader cannot see: a hidden character, the same letter
/// in another Unicode form, or a letter from another script that looks the
/// same. `None` when the names differ in ordinary spelling.
///
/// ```
/// let why = accord_model::name_difference("Alpha Health", "\u{0410}lpha Health").unwrap();
/// assert!(why.contains("U+0410"), "{why}");
/// ```
pub fn name_difference(a: &str, b: &str) -> Option<String> {
    use unicode_normalization::UnicodeNormalization;
    use unicode_script::UnicodeScript;
    for (name, other) in [(a, b), (b, a)] {
        if let Some(c) = name
            .chars()
            .find(|c| !c.is_whitespace() && crate::text::is_invisible(*c) && !other.contains(*c))
        {
            return Some(format!(
                "one of them holds {}, which does not show",
                crate::text::describe_char(c)
            ));
        }
    }
    let nfc = |s: &str| s.nfc().collect::<String>();
    if a != b && nfc(a) == nfc(b) {
        return Some(
            "the same letters are stored in two Unicode forms (composed and decomposed accents): write both alike"
                .to_owned(),
        );
    }
    let (na, nb) = (nfc(a), nfc(b));
    for (x, y) in na.chars().zip(nb.chars()).filter(|(x, y)| x != y) {
        let same_look = unicode_security::skeleton(&x.to_string())
            .eq(unicode_security::skeleton(&y.to_string()));
        let same_compat = x.to_string().nfkc().eq(y.to_string().nfkc());
        if same_look || same_compat {
            let word =
                |c: char| format!("{} `{c}` (U+{:04X})", c.script().full_name(), u32::from(c));
            return Some(format!(
                "{} in one name looks like {} in the other",
                word(x),
                word(y)
            ));
        }
    }
    None
}

/// A name reduced for comparison: lower case, letters and digits only, and
/// without company-form words ("Ltd", "Co", "Group", "plc" …).
///
/// ```
/// assert_eq!(accord_model::normalise_name("Beijing UniteGen Co. Ltd"), "beijing unitegen");
/// ```
pub fn normalise_name(name: &str) -> String {
    const FORMS: [&str; 9] = [
        "co",
        "ltd",
        "limited",
        "inc",
        "plc",
        "group",
        "the",
        "llc",
        "corporation",
    ];
    name.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !FORMS.contains(w))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn party(id: &str, name: &str, parent: Option<&str>) -> crate::Record {
        let json = serde_json::json!({"party": {"id": id, "name": name, "kind": "company", "country": "GB", "parent": parent}});
        serde_json::from_value(json).unwrap()
    }

    /// The ids of each pair of similar names, with every party considered.
    fn similar_ids(d: &Dataset) -> Vec<(&str, &str)> {
        d.similar_party_names(|_| true)
            .into_iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect()
    }

    #[test]
    fn the_banded_distance_agrees_with_the_full_one() {
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "acb",
            "abcd",
            "abdc",
            "xbcd",
            "abcde",
            "bcdea",
            "aabbcc",
            "abcabc",
            "cabcab",
            "beijing unitegen",
            "beijing unitgen",
            "bejing unitegen",
        ];
        for x in words {
            for y in words {
                assert_eq!(
                    within_two_edits(x, y),
                    strsim::osa_distance(x, y) <= 2,
                    "{x:?} {y:?}"
                );
            }
        }
    }

    #[test]
    fn long_names_one_letter_apart_are_compared_in_linear_time() {
        let a: String = "pharma".repeat(50_000);
        let mut b = a.clone();
        b.replace_range(150_000..150_001, "x");
        let started = std::time::Instant::now();
        assert!(within_two_edits(&a, &b));
        assert!(!within_two_edits(
            &a,
            &format!("xyz{}", &a[3..]).replace("pha", "phx")
        ));
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }

    #[test]
    fn look_alike_and_hidden_characters_are_caught_and_named() {
        let d = Dataset::from_records(vec![
            party("latin", "Alpha Health", None),
            party("cyrillic", "\u{0410}lpha Health", None),
            party("hidden", "Beta\u{200B}pharm Group", None),
            party("plain", "Betapharm Group", None),
            party("composed", "Sant\u{00E9} Nova", None),
            party("decomposed", "Sante\u{0301} Nova", None),
            party("wide", "\u{FF27}amma Works", None),
            party("narrow", "Gamma Works", None),
        ]);
        assert_eq!(
            similar_ids(&d),
            vec![
                ("composed", "decomposed"),
                ("cyrillic", "latin"),
                ("hidden", "plain"),
                ("narrow", "wide")
            ]
        );
        let why = name_difference("Alpha Health", "\u{0410}lpha Health").unwrap();
        assert!(
            why.contains("Latin `A` (U+0041)") && why.contains("Cyrillic `\u{0410}` (U+0410)"),
            "{why}"
        );
        let why = name_difference("Beta\u{200B}pharm Group", "Betapharm Group").unwrap();
        assert!(why.contains("U+200B (zero width space)"), "{why}");
        let why = name_difference("Sant\u{00E9} Nova", "Sante\u{0301} Nova").unwrap();
        assert!(why.contains("two Unicode forms"), "{why}");
        assert!(
            name_difference("\u{FF27}amma Works", "Gamma Works")
                .unwrap()
                .contains("U+FF27")
        );
        assert_eq!(name_difference("Beijing UniteGen", "Beijing UnitGen"), None);
    }

    #[test]
    fn from_records_matches_inserting_one_by_one() {
        let record =
            |json: serde_json::Value| -> crate::Record { serde_json::from_value(json).unwrap() };
        let records = vec![
            party("b", "Beta", None),
            party("a", "Alpha", None),
            party("c", "Gamma", None),
            party("a", "Alpha Again", None),
            record(
                serde_json::json!({"source": {"id": "s", "title": "T", "kind": "news-article"}}),
            ),
            record(
                serde_json::json!({"person": {"id": "p", "name": "P", "positions": [{"title": "Chair", "organisation": "a"}]}}),
            ),
            record(
                serde_json::json!({"occasion": {"id": "o", "name": "O", "kind": "signing-ceremony", "sources": [{"source": "s"}]}}),
            ),
            record(serde_json::json!({"agreement": {
                "id": "g", "title": "G", "kind": "memorandum-of-understanding",
                "status": "signed", "summary": "S",
                "parties": [{"party": "a", "role": "partner"}, {"party": "b", "role": "partner"}],
                "sectors": ["health-care"], "sources": [{"source": "s"}]
            }})),
        ];
        let mut one_by_one = Dataset::default();
        for record in records.clone() {
            one_by_one.insert(record);
        }
        let built = Dataset::from_records(records);
        assert_eq!(built, one_by_one);
        let a = built.parties.values().next().unwrap();
        assert_eq!((a.id.as_str(), a.name.as_str()), ("a", "Alpha Again"));
        let kinds = [
            built.parties.len(),
            built.people.len(),
            built.agreements.len(),
            built.sources.len(),
            built.occasions.len(),
        ];
        assert_eq!(kinds, [3, 1, 1, 1, 1]);
    }

    #[test]
    fn the_chain_follows_parents_and_majority_owners() {
        let owned = |id: &str, owners: serde_json::Value| -> crate::Record {
            let json = serde_json::json!({"party": {"id": id, "name": id, "kind": "company", "country": "GB", "owners": owners}});
            serde_json::from_value(json).unwrap()
        };
        let d = Dataset::from_records([
            party("group", "Group", None),
            party("holding", "Holding", Some("group")),
            party("other", "Other", None),
            owned(
                "jv",
                serde_json::json!([{"party": "holding", "share": 50}, {"party": "other", "share": "50"}]),
            ),
            owned(
                "sub",
                serde_json::json!([{"party": "holding", "share": "50.1"}, {"party": "other", "share": 49}]),
            ),
            owned("only", serde_json::json!([{"party": "other"}])),
            owned(
                "two",
                serde_json::json!([{"party": "other"}, {"party": "holding"}]),
            ),
            owned("loop", serde_json::json!([{"party": "loop", "share": 100}])),
        ]);
        let chain = |id: &str| -> Vec<String> {
            let id: PartyId = id.parse().unwrap();
            d.party_chain(&id)
                .iter()
                .map(|p| p.id.to_string())
                .collect()
        };
        assert_eq!(chain("sub"), ["sub", "holding", "group"]);
        assert_eq!(chain("jv"), ["jv"]);
        assert_eq!(chain("only"), ["only", "other"]);
        assert_eq!(chain("two"), ["two"]);
        assert_eq!(chain("loop"), ["loop"]);
    }

    #[test]
    fn short_names_are_not_paired() {
        let mut d = Dataset::default();
        // Two characters each, one edit apart: too short to judge.
        d.insert(party("a", "华为", None));
        d.insert(party("b", "华伟", None));
        d.insert(party("c", "Bayer", None));
        d.insert(party("e", "Bayar", None));
        assert_eq!(similar_ids(&d), [("c", "e")]);
    }

    #[test]
    fn similar_names_are_paired_unless_related_or_numbered() {
        let mut d = Dataset::default();
        d.insert(party("a", "First Chengmai Medical Industry Group", None));
        d.insert(party("b", "First Chengmei Medical Industry", None));
        d.insert(party("c", "Fund 1 Ltd", None));
        d.insert(party("e", "Fund 2 Ltd", None));
        d.insert(party("f", "Alpha Health", None));
        d.insert(party("g", "Alpha Helth", Some("f")));
        assert_eq!(similar_ids(&d), [("a", "b")]);
        assert!(d.similar_party_names(|p| p.id.as_str() != "b").is_empty());
    }
}
