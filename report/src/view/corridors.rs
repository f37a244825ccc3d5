//! Bilateral corridors of the parties' home countries.

#[allow(unused_imports)]
use super::*;

/// The corridors, and a sentence on the parties left out of them because
/// their country is not stated, when there are any.
pub(super) fn corridors(
    dataset: &Dataset,
    selected: &[&Agreement],
) -> (Vec<Corridor>, Option<String>) {
    /// One corridor as it is counted: collaborations, the first titles,
    /// how many count only through a marked country, the signs used, and
    /// the parties whose marked countries it rests on.
    #[derive(Default)]
    struct Tally {
        count: usize,
        titles: Vec<String>,
        marked: usize,
        signs: BTreeSet<&'static str>,
        parties: BTreeSet<String>,
    }
    let mut map: BTreeMap<String, Tally> = BTreeMap::new();
    let mut unstated: BTreeSet<&str> = BTreeSet::new();
    let mut in_collaborations: BTreeSet<&AgreementId> = BTreeSet::new();
    for a in selected {
        // Each home country of the collaboration's parties, with the
        // parties that are only marked as based there (empty when any
        // party's record states it).
        // International and unidentified organisations have no home
        // country: they make no corridor, and a collaboration with one is
        // not domestic.
        // A party whose country is not stated makes none either, and is
        // counted to say so under the table.
        let mut homes: BTreeMap<&'static str, Option<Vec<String>>> = BTreeMap::new();
        let mut homeless = false;
        // Who pays and who receives, by home country, where roles say.
        let mut payers: BTreeSet<&'static str> = BTreeSet::new();
        let mut receivers: BTreeSet<&'static str> = BTreeSet::new();
        for participant in a.parties.iter() {
            let Some(p) = dataset.parties.get(&participant.party) else {
                continue;
            };
            // The party counts in the home country of its ultimate parent:
            // the furthest controller with a home country, else its own.
            let home = ultimate_home(dataset, p);
            let Some((owner, country)) = home else {
                homeless = true;
                if p.country_not_stated() {
                    unstated.insert(&p.name);
                    in_collaborations.insert(&a.id);
                }
                continue;
            };
            let name = format::country(*country.value());
            for role in participant.all_roles() {
                if PAYS.contains(&role) {
                    payers.insert(name);
                }
                if RECEIVES.contains(&role) {
                    receivers.insert(name);
                }
            }
            let entry = homes.entry(name).or_insert_with(|| Some(Vec::new()));
            let sign = format::sign(country.certainty());
            match (sign.is_empty(), entry.as_mut()) {
                (true, _) => *entry = None,
                (false, Some(list)) if owner.id == p.id => {
                    list.push(format!("{} ({name}{sign})", p.name))
                }
                (false, Some(list)) => {
                    list.push(format!("{} (through {}, {name}{sign})", p.name, owner.name))
                }
                (false, None) => {}
            }
        }
        let direction = match (payers.len(), receivers.len()) {
            (1, 1) if payers != receivers => payers
                .first()
                .zip(receivers.first())
                .map(|(from, to)| format!(" (money from {from} to {to})")),
            _ => None,
        };
        let homes: Vec<(&str, Option<Vec<String>>)> = homes.into_iter().collect();
        let mut add = |name: String, marked: Vec<&Vec<String>>| {
            let tally = map.entry(name).or_default();
            tally.count += 1;
            if tally.titles.len() < CORRIDOR_TITLES {
                tally.titles.push(match &direction {
                    Some(d) => format!("{}{d}", a.title),
                    None => a.title.to_string(),
                });
            }
            if !marked.is_empty() {
                tally.marked += 1;
            }
            for party in marked.into_iter().flatten() {
                tally
                    .signs
                    .insert(if party.contains(format::INFERRED_SIGN) {
                        format::INFERRED_SIGN
                    } else {
                        format::OUTSIDE_SIGN
                    });
                tally.parties.insert(party.clone());
            }
        };
        if homes.len() == 1 && !homeless {
            let (name, marked) = &homes[0];
            add(format!("{name} (domestic)"), marked.iter().collect());
        }
        for (i, (x, mx)) in homes.iter().enumerate() {
            for (y, my) in &homes[i + 1..] {
                add(format!("{x} – {y}"), mx.iter().chain(my.iter()).collect());
            }
        }
    }
    let mut corridors: Vec<Corridor> = map
        .into_iter()
        .map(|(name, tally)| {
            let mut titles = tally.titles;
            if tally.count > CORRIDOR_TITLES {
                titles.push(format!("and {} more", tally.count - CORRIDOR_TITLES));
            }
            let signs: String = tally.signs.iter().copied().collect();
            let note = (tally.marked > 0).then(|| {
                format!(
                    "{} of {} {} here only through a marked home country: {}",
                    tally.marked,
                    tally.count,
                    if tally.marked == 1 { "counts" } else { "count" },
                    tally.parties.into_iter().collect::<Vec<_>>().join("; ")
                )
            });
            Corridor {
                name: format!("{name}{signs}"),
                count: tally.count,
                titles,
                marked: tally.marked,
                note,
            }
        })
        .collect();
    corridors.sort_by(|a, b| b.count.cmp(&a.count).then(a.name.cmp(&b.name)));
    let left_out = (!unstated.is_empty()).then(|| {
        format!(
            "{} whose country is not stated {} in no corridor ({}): {}",
            format::count(unstated.len(), "party", "parties"),
            if unstated.len() == 1 { "is" } else { "are" },
            format::count(in_collaborations.len(), "collaboration", "collaborations"),
            unstated.into_iter().collect::<Vec<_>>().join("; ")
        )
    });
    (corridors, left_out)
}

/// Roles of a party that pays: the money runs from its country.
const PAYS: [Role; 5] = [
    Role::Lender,
    Role::Investor,
    Role::Funder,
    Role::Grantor,
    Role::CoFinancier,
];

/// Roles of a party that receives the money.
const RECEIVES: [Role; 3] = [Role::Borrower, Role::Investee, Role::Recipient];

/// The party whose home country `party` counts in, and that country: the
/// furthest of its parents and majority owners ([`Dataset::party_chain`])
/// that has a home country, or the party itself; `None` when neither it
/// nor any controller has one.
pub(super) fn ultimate_home<'a>(
    dataset: &'a Dataset,
    party: &'a accord_model::Party,
) -> Option<(&'a accord_model::Party, &'a accord_model::Fact<CountryCode>)> {
    // An international or unidentified organisation has no home country,
    // and is not placed through its owners either.
    if party.kind.country_optional() {
        return None;
    }
    dataset
        .party_chain(&party.id)
        .into_iter()
        .rev()
        .find_map(|q| q.home_country().map(|c| (q, c)))
}
