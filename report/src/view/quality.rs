//! Notes on data quality.

#[allow(unused_imports)]
use super::*;

pub(super) fn quality(
    dataset: &Dataset,
    selected: &[&Agreement],
    extra: &[String],
    citer: &mut Citer,
) -> Vec<NoteGroup> {
    let mut groups = Vec::new();
    let mut push = |title: &str, items: Vec<String>| {
        if !items.is_empty() {
            groups.push(NoteGroup {
                title: title.to_owned(),
                items,
            });
        }
    };
    let selected_ids: BTreeSet<&AgreementId> = selected.iter().map(|a| &a.id).collect();

    let mut unknown = Vec::new();
    for a in selected {
        if let Some(Money {
            currency: Currency::Unknown,
            ..
        }) = &a.value
        {
            unknown.push(format!(
                "{}: the source gives a figure without a currency; it is not added to any total.",
                a.title
            ));
        }
    }
    // The occasions the selection cites, and their parents.
    let cited_occasions: BTreeSet<&OccasionId> =
        selected.iter().filter_map(|a| a.occasion_id()).collect();
    let parents: BTreeSet<&OccasionId> = cited_occasions
        .iter()
        .filter_map(|id| dataset.occasions.get(*id))
        .filter_map(|o| o.part_of.as_ref())
        .collect();
    for o in dataset.occasions.values() {
        let cited = cited_occasions.contains(&o.id);
        let parent_of_cited = parents.contains(&o.id);
        if let (
            true,
            Some(Money {
                currency: Currency::Unknown,
                ..
            }),
        ) = (cited || parent_of_cited, &o.reported_total)
        {
            unknown.push(format!("{}: the reported total has no currency.", o.name));
        }
    }
    push("Unknown currencies", unknown);

    // A short briefing counts its marked facts; each is explained where
    // it is printed (the entry, the directory), so the list by reason,
    // an index for a long briefing, is left out.
    let marked = marked_facts(dataset, selected, citer);
    let keep = if selected.len() <= COMPACT {
        1
    } else {
        marked.len()
    };
    for group in marked.into_iter().take(keep) {
        push(&group.title, group.items);
    }

    let involved: BTreeSet<&PartyId> = selected.iter().flat_map(|a| a.party_ids()).collect();
    let mut duplicates = Vec::new();
    for id in &involved {
        let Some(p) = dataset.parties.get(*id) else {
            continue;
        };
        for alias in &p.aliases {
            if alias.kind == accord_model::AliasKind::VariantSpelling {
                duplicates.push(format!(
                    "{} is also spelt “{}” in the sources; both are recorded as one party.",
                    p.name, alias.name
                ));
            }
        }
    }
    for (a, b) in dataset.similar_party_names(|p| involved.contains(&p.id)) {
        duplicates.push(format!(
            "{} and {} have very similar names and may be the same organisation.",
            party_name(dataset, a),
            party_name(dataset, b)
        ));
    }
    push("Possible duplicate parties", duplicates);

    let cited: BTreeSet<&SourceId> = selected
        .iter()
        .flat_map(|a| a.sources.iter().map(|c| &c.source))
        .collect();
    let no_url: Vec<String> = cited
        .iter()
        .filter_map(|id| dataset.sources.get(*id))
        .filter(|s| s.url.is_none())
        .map(|s| {
            format!(
                "{}: no web address is recorded, so readers cannot check it online.",
                s.title
            )
        })
        .collect();
    push("Sources without an address", no_url);

    let undated: Vec<String> = selected
        .iter()
        .filter(|a| a.dates.is_empty())
        .map(|a| {
            format!(
                "{}: no date is recorded; it is counted under “No date”.",
                a.title
            )
        })
        .collect();
    push("Collaborations without a date", undated);

    let unplaced: Vec<String> = selected
        .iter()
        .filter(|a| a.places.is_empty())
        .map(|a| {
            format!(
                "{}: no place is recorded; it is listed under “{NO_PLACE}”.",
                a.title
            )
        })
        .collect();
    push("Collaborations without a place", unplaced);

    let linked_outside: Vec<String> = selected
        .iter()
        .flat_map(|a| a.links.iter().map(move |l| (a, l)))
        .filter(|(_, l)| !selected_ids.contains(&l.agreement))
        .map(|(a, l)| {
            format!(
                "{} refers to `{}`, which the filters leave out.",
                a.title, l.agreement
            )
        })
        .collect();
    push("Links outside this selection", linked_outside);

    push("Warnings from the data check", extra.to_vec());
    groups
}

/// The marked facts of the selection, counted by kind and listed, those
/// that share a reason under it once: the collaborations' own facts, their
/// parties', their people's and their occasions'. The first group counts
/// them; one group follows per kind.
pub(super) fn marked_facts(
    dataset: &Dataset,
    selected: &[&Agreement],
    citer: &mut Citer,
) -> Vec<NoteGroup> {
    let mut all: Vec<marks::Mark<'_>> = Vec::new();
    let called = |id: &accord_model::PersonId| person_called(dataset, id);
    for a in selected {
        all.extend(marks::agreement(dataset, a, &called));
    }
    let parties: BTreeSet<&PartyId> = selected.iter().flat_map(|a| a.party_ids()).collect();
    for p in parties.iter().filter_map(|id| dataset.parties.get(*id)) {
        all.extend(marks::party(p));
    }
    let occasions = cited_occasions(dataset, selected);
    let mut people: BTreeSet<&accord_model::PersonId> = selected
        .iter()
        .flat_map(|a| a.people.iter().map(|i| &i.person))
        .collect();
    for o in &occasions {
        all.extend(marks::occasion(o));
        for involvement in &o.people {
            people.insert(&involvement.person);
            if involvement.part.certainty() != Certainty::Stated {
                all.push(marks::Mark {
                    kind: MarkKind::Part,
                    owner: o.name.to_string(),
                    field: format!("Part of {}", called(&involvement.person)),
                    value: format::person_part(*involvement.part.value()),
                    basis: involvement.part.basis(),
                });
            }
        }
    }
    for id in people {
        if let Some(person) = dataset.people.get(id) {
            all.extend(marks::person(dataset, person, &called(id)));
        }
    }
    let sources: BTreeSet<&accord_model::SourceId> = selected
        .iter()
        .flat_map(|a| a.sources.iter().map(|c| &c.source))
        .collect();
    for source in sources.iter().filter_map(|id| dataset.sources.get(*id)) {
        all.extend(marks::source(source));
    }
    if all.is_empty() {
        return Vec::new();
    }
    let inferred = all
        .iter()
        .filter(|m| m.basis.certainty() == Certainty::Inferred)
        .count();
    let counts: Vec<String> = MarkKind::ALL
        .iter()
        .filter_map(|&kind| {
            let n = all.iter().filter(|m| m.kind == kind).count();
            (n > 0).then(|| kind.count(n))
        })
        .collect();
    let mut groups = vec![NoteGroup {
        title: "Marked facts".to_owned(),
        items: vec![
            format!(
                "{} in this briefing no cited source states: {}.",
                format::count(all.len(), "fact", "facts"),
                counts.join(", ")
            ),
            format!(
                "{} inferred from a cited source ({}); {} from outside knowledge ({}).",
                inferred,
                format::INFERRED_SIGN,
                all.len() - inferred,
                format::OUTSIDE_SIGN
            ),
        ],
    }];
    for kind in MarkKind::ALL {
        // Records written from one source often share one reason: say it once.
        let mut by_reason: Vec<(String, Vec<String>)> = Vec::new();
        let mut reason_at: HashMap<String, usize> = HashMap::new();
        for mark in all.iter().filter(|m| m.kind == kind) {
            let reason = citer.explain(dataset, mark.basis);
            let item = mark.item();
            match reason_at.get(&reason) {
                Some(&i) => by_reason[i].1.push(item),
                None => {
                    reason_at.insert(reason.clone(), by_reason.len());
                    by_reason.push((reason, vec![item]));
                }
            }
        }
        if by_reason.is_empty() {
            continue;
        }
        let n: usize = by_reason.iter().map(|(_, items)| items.len()).sum();
        groups.push(NoteGroup {
            title: format!("{} ({})", kind.heading(), n),
            items: by_reason
                .into_iter()
                .map(|(reason, items)| format!("{} — {reason}", items.join("; ")))
                .collect(),
        });
    }
    groups
}
