//! The directory of people.

#[allow(unused_imports)]
use super::*;

/// The people named in the selection: in its collaborations, and at the
/// occasions they belong to. Each with where they appear.
pub(super) fn people(
    dataset: &Dataset,
    selected: &[&Agreement],
    citer: &mut Citer,
) -> Vec<PersonEntry> {
    let mut appears: BTreeMap<&accord_model::PersonId, Vec<String>> = BTreeMap::new();
    for a in selected {
        for involvement in &a.people {
            let list = appears.entry(&involvement.person).or_default();
            let line = format!(
                "{} in {}",
                format::capitalise(&format::signed(
                    format::person_part(*involvement.part.value()),
                    involvement.part.certainty()
                )),
                a.title
            );
            if !list.contains(&line) {
                list.push(line);
            }
        }
    }
    for occasion in cited_occasions(dataset, selected) {
        for involvement in &occasion.people {
            let list = appears.entry(&involvement.person).or_default();
            let line = format!(
                "{} at {}",
                format::capitalise(&format::signed(
                    format::person_part(*involvement.part.value()),
                    involvement.part.certainty()
                )),
                occasion.name
            );
            if !list.contains(&line) {
                list.push(line);
            }
        }
    }
    let mut entries: Vec<(String, PersonEntry)> = appears
        .into_iter()
        .filter_map(|(id, lines)| dataset.people.get(id).map(|p| (id, p, lines)))
        .map(|(id, person, lines)| {
            let name = person_called(dataset, id);
            let mut details = lines;
            for mark in marks::person(dataset, person, &name) {
                details.push(citer.note(dataset, &mark));
            }
            let positions = person_positions(dataset, person);
            (
                name.to_lowercase(),
                PersonEntry {
                    name,
                    local_name: person.local_name.as_ref().map(local_name),
                    positions,
                    details,
                },
            )
        })
        .collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    entries.into_iter().map(|(_, e)| e).collect()
}

/// The occasions the selection cites, and the occasions those are part
/// of, each once, in id order.
pub(super) fn cited_occasions<'a>(
    dataset: &'a Dataset,
    selected: &[&Agreement],
) -> Vec<&'a accord_model::Occasion> {
    let mut ids: BTreeSet<&OccasionId> = BTreeSet::new();
    for a in selected {
        let mut next = a.occasion_id();
        while let Some(id) = next {
            if !ids.insert(id) {
                break;
            }
            next = dataset.occasions.get(id).and_then(|o| o.part_of.as_ref());
        }
    }
    ids.into_iter()
        .filter_map(|id| dataset.occasions.get(id))
        .collect()
}
