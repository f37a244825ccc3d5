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
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Dataset {
    /// Organisations.
    pub parties: BTreeMap<PartyId, Party>,
    /// People named in sources.
    pub people: BTreeMap<PersonId, Person>,
    /// Agreements and collaborations.
    pub agreements: BTreeMap<AgreementId, Agreement>,
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
            Record::Person(r) => self.people.insert(r.id.clone(), r).map(Record::Person),
            Record::Agreement(r) => self
                .agreements
                .insert(r.id.clone(), r)
                .map(Record::Agreement),
            Record::Source(r) => self.sources.insert(r.id.clone(), r).map(Record::Source),
            Record::Occasion(r) => self.occasions.insert(r.id.clone(), r).map(Record::Occasion),
        }
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
