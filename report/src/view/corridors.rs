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
    struct Tally<'a> {
        count: usize,
        titles: Vec<&'a str>,
        marked: usize,
        signs: BTreeSet<&'static str>,
        parties: BTreeSet<String>,
    }
    let mut map: BTreeMap<String, Tally<'_>> = BTreeMap::new();
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
        for p in a.party_ids().filter_map(|id| dataset.parties.get(id)) {
            let Some(country) = p.home_country() else {
                homeless = true;
                if p.country_not_stated() {
                    unstated.insert(&p.name);
                    in_collaborations.insert(&a.id);
                }
                continue;
            };
            let entry = homes
                .entry(country.name())
                .or_insert_with(|| Some(Vec::new()));
            let sign = format::sign(country.certainty());
            match (sign.is_empty(), entry.as_mut()) {
                (true, _) => *entry = None,
                (false, Some(list)) => list.push(format!("{} ({}{sign})", p.name, country.name())),
                (false, None) => {}
            }
        }
        let homes: Vec<(&str, Option<Vec<String>>)> = homes.into_iter().collect();
        let mut add = |name: String, marked: Vec<&Vec<String>>| {
            let tally = map.entry(name).or_default();
            tally.count += 1;
            if tally.titles.len() < CORRIDOR_TITLES {
                tally.titles.push(&a.title);
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
            let mut titles: Vec<String> = tally.titles.into_iter().map(str::to_owned).collect();
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
