//! The directory of parties.

#[allow(unused_imports)]
use super::*;

pub(super) fn parties(
    dataset: &Dataset,
    selected: &[&Agreement],
    citer: &mut Citer,
) -> Vec<PartyEntry> {
    let mut involved: BTreeMap<&PartyId, usize> = BTreeMap::new();
    for a in selected {
        for id in a.party_ids().collect::<BTreeSet<_>>() {
            *involved.entry(id).or_default() += 1;
        }
    }
    let mut entries: Vec<(String, PartyEntry)> = involved
        .into_iter()
        .filter_map(|(id, n)| dataset.parties.get(id).map(|p| (p, n)))
        .map(|(p, n)| {
            let mut details = Vec::new();
            if let Some(description) = &p.description {
                details.push(description.trim_end_matches('.').to_owned());
            }
            if !p.aliases.is_empty() {
                let names: Vec<String> = p.aliases.iter().map(|a| a.name.to_string()).collect();
                details.push(format!("Also written: {}", names.join("; ")));
            }
            if let Some(parent) = &p.parent {
                details.push(format!("Part of: {}", party_name(dataset, parent)));
            }
            if !p.owners.is_empty() {
                let owners: Vec<String> = p
                    .owners
                    .iter()
                    .map(|o| {
                        let mut terms = Vec::new();
                        if let Some(share) = o.share {
                            terms.push(share.to_string());
                        }
                        if let Some(since) = &o.since {
                            terms.push(format!("since {}", format::date_text(since, false)));
                        }
                        if let Some(until) = &o.until {
                            terms.push(format!("until {}", format::date_text(until, false)));
                        }
                        let name = party_name(dataset, &o.party);
                        if terms.is_empty() {
                            name
                        } else {
                            format!("{name} ({})", terms.join(", "))
                        }
                    })
                    .collect();
                details.push(format!("Owned by: {}", owners.join("; ")));
            }
            if !p.identifiers.is_empty() {
                let ids: Vec<String> = p
                    .identifiers
                    .iter()
                    .map(|i| format!("{} {}", i.scheme.label(), i.id))
                    .collect();
                details.push(format!("Identifiers: {}", ids.join("; ")));
            }
            match p.kind {
                PartyKind::InternationalOrganisation => details.push(
                    "An international organisation: it has no home country and is not counted as one"
                        .to_owned(),
                ),
                PartyKind::UnidentifiedOrganisation => details.push(
                    "Not one known body: the source names only a category, so this entry may stand for several organisations"
                        .to_owned(),
                ),
                _ => {}
            }
            details.push(format::count(
                n,
                "collaboration in this briefing",
                "collaborations in this briefing",
            ));
            for mark in marks::party(p) {
                details.push(citer.note(dataset, &mark));
            }
            let mut home = Vec::new();
            if let Some(city) = &p.city {
                home.push(format::signed(city.to_string(), city.certainty()));
            }
            if let Some(sub) = &p.subdivision {
                home.push(format::signed(sub.name(), sub.certainty()));
            }
            match (p.kind, &p.country) {
                (PartyKind::InternationalOrganisation, Some(seat)) => home.push(format!(
                    "{} (seat)",
                    format::signed(seat.name(), seat.certainty())
                )),
                (PartyKind::InternationalOrganisation, None) => {
                    home.push("No home country".to_owned())
                }
                (_, Some(country)) => {
                    home.push(format::signed(country.name(), country.certainty()))
                }
                // No source gives it: not stated, which is not "none".
                (_, None) => home.push("Country not stated".to_owned()),
            }
            (
                p.name.to_lowercase(),
                PartyEntry {
                    name: p.name.to_string(),
                    local_name: p.local_name.as_ref().map(local_name),
                    kind: format::party_kind(p.kind),
                    home: home.join(", "),
                    details,
                },
            )
        })
        .collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    entries.into_iter().map(|(_, e)| e).collect()
}

pub(super) fn local_name(fact: &accord_model::Fact<accord_model::LocalName>) -> LocalNameText {
    LocalNameText {
        text: fact.text.to_string(),
        language: fact.language.to_string(),
        sign: format::sign(fact.certainty()).to_owned(),
    }
}
