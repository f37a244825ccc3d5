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
    /// spellings. Names are compared without case, punctuation and company
    /// forms ("Ltd", "Group" …), at most two edits apart; names shorter than
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
        // Each name with its length in characters.
        let mut names: Vec<(&PartyId, String, usize)> = self
            .parties
            .values()
            .filter(|p| include(p))
            .map(|p| {
                let name = normalise_name(&p.name);
                let len = name.chars().count();
                (&p.id, name, len)
            })
            .collect();
        let mut pairs: std::collections::BTreeSet<(&PartyId, &PartyId)> =
            std::collections::BTreeSet::new();
        fn digits(s: &str) -> impl Iterator<Item = char> + '_ {
            s.chars().filter(char::is_ascii_digit)
        }
        let related = |x: &PartyId, y: &PartyId| self.party_chain(x).iter().any(|p| &p.id == y);
        for reversed in [false, true] {
            let key = |name: &str| -> String {
                if reversed {
                    name.chars().rev().collect()
                } else {
                    name.to_owned()
                }
            };
            names.sort_by_cached_key(|(_, n, _)| key(n));
            for (i, (a, na, la)) in names.iter().enumerate() {
                for (b, nb, lb) in names.iter().skip(i + 1).take(4) {
                    // Lengths that differ by more than 2 mean a distance of
                    // more than 2, without working it out.
                    if *la < 5
                        || la.abs_diff(*lb) > 2
                        || !digits(na).eq(digits(nb))
                        || strsim::damerau_levenshtein(na, nb) > 2
                    {
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

    /// The party and then its parent, its parent's parent …, stopping at a
    /// missing parent or a cycle.
    pub fn party_chain<'a>(&'a self, id: &'a PartyId) -> Vec<&'a Party> {
        let mut chain: Vec<&Party> = Vec::new();
        let mut next = Some(id);
        while let Some(id) = next {
            let Some(party) = self.parties.get(id) else {
                break;
            };
            if chain.iter().any(|p| p.id == party.id) {
                break;
            }
            chain.push(party);
            next = party.parent.as_ref();
        }
        chain
    }
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
