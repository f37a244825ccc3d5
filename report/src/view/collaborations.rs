//! Collaborations by region: where each takes effect, and each entry in words.

#[allow(unused_imports)]
use super::*;

/// A region of the briefing: an M49 sub-region, or "place not stated".
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Region {
    /// An M49 sub-region (or region, for countries without one).
    Area(M49Area, Option<M49Area>),
    /// A country M49 does not place (Antarctica).
    Country(CountryCode),
    /// No place given.
    Unplaced,
}

impl Region {
    /// The region of an M49 area an agreement names in `areas`: a
    /// sub-region or region as it is; an intermediate region rolled up
    /// to its sub-region; the world as itself.
    pub(super) fn of_area(area: M49Area) -> Region {
        let table = accord_model::m49_table();
        if let Some(entry) = table.iter().find(|e| e.subregion == Some(area)) {
            return Region::Area(area, entry.region);
        }
        if let Some(entry) = table.iter().find(|e| e.intermediate == Some(area))
            && let Some(sub) = entry.subregion
        {
            return Region::Area(sub, entry.region);
        }
        Region::Area(area, None)
    }

    pub(super) fn of(country: CountryCode) -> Region {
        match country.m49() {
            Some(entry) => match (entry.subregion, entry.region) {
                (Some(sub), region) => Region::Area(sub, region),
                (None, Some(region)) => Region::Area(region, None),
                _ => Region::Country(country),
            },
            None => Region::Country(country),
        }
    }

    /// The region's name.
    pub fn name(&self) -> String {
        match self {
            Region::Area(area, _) => area.name.to_owned(),
            Region::Country(c) => format::country(*c).to_owned(),
            Region::Unplaced => NO_PLACE.to_owned(),
        }
    }

    pub(super) fn anchor(&self) -> String {
        match self {
            Region::Area(area, _) => format!("region-{}", area.code),
            Region::Country(c) => format!("region-{}", c.alpha2().to_lowercase()),
            Region::Unplaced => "region-unplaced".to_owned(),
        }
    }

    pub(super) fn path(&self) -> String {
        match self {
            Region::Area(area, Some(parent)) => {
                format!("{} › {}", parent.name, area.name)
            }
            Region::Area(area, None) => area.name.to_owned(),
            Region::Country(c) => {
                format!("{} (not placed in a UN M49 region)", format::country(*c))
            }
            Region::Unplaced => {
                "Collaborations whose records give no place where they take effect".to_owned()
            }
        }
    }
}

/// The regions an agreement takes effect in: those of its places, else
/// those of its world regions (`areas`), else "place not stated".
pub fn regions_of(agreement: &Agreement) -> BTreeSet<Region> {
    let mut set: BTreeSet<Region> = agreement
        .places
        .iter()
        .map(|p| Region::of(p.country))
        .collect();
    if set.is_empty() {
        set = agreement
            .areas
            .iter()
            .map(|a| Region::of_area(a.area()))
            .collect();
    }
    if set.is_empty() {
        BTreeSet::from([Region::Unplaced])
    } else {
        set
    }
}

/// The region whose section prints the agreement's entry: that of the
/// first place its record lists (else of its first world region); the
/// other regions it takes effect in refer to that entry.
pub(super) fn home_region(agreement: &Agreement) -> Region {
    agreement
        .places
        .first()
        .map(|p| Region::of(p.country))
        .or_else(|| agreement.areas.first().map(|a| Region::of_area(a.area())))
        .unwrap_or(Region::Unplaced)
}

/// Regions with their agreements: most collaborations first, then by name;
/// "place not stated" last.
pub(super) fn group_by_region<'a>(selected: &[&'a Agreement]) -> Vec<(Region, Vec<&'a Agreement>)> {
    let mut map: BTreeMap<Region, Vec<&Agreement>> = BTreeMap::new();
    for agreement in selected {
        for region in regions_of(agreement) {
            map.entry(region).or_default().push(agreement);
        }
    }
    let mut regions: Vec<(Region, Vec<&Agreement>)> = map.into_iter().collect();
    regions.sort_by(|(ra, a), (rb, b)| {
        (*ra == Region::Unplaced)
            .cmp(&(*rb == Region::Unplaced))
            .then(b.len().cmp(&a.len()))
            .then(ra.name().cmp(&rb.name()))
    });
    for (_, agreements) in &mut regions {
        agreements.sort_by(|a, b| date_order(a, b));
    }
    regions
}

/// Dated collaborations first, oldest first; then by title.
pub(super) fn date_order(a: &Agreement, b: &Agreement) -> std::cmp::Ordering {
    let key = |x: &Agreement| x.dates.key_date().map(|d| d.span().sort_day());
    match (key(a), key(b)) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
    .then_with(|| a.title.cmp(&b.title))
}

pub(super) fn party_name(dataset: &Dataset, id: &PartyId) -> String {
    dataset
        .parties
        .get(id)
        .map_or_else(|| id.to_string(), |p| p.name.to_string())
}

/// A region's section: the entries of the agreements whose home region it
/// is ([`home_region`]), most significant first, and references to the
/// entries of the others that also take effect there.
pub(super) fn region_section(
    dataset: &Dataset,
    region: &Region,
    agreements: &[&Agreement],
    citer: &mut Citer,
    rates: Option<&RateTable>,
    referred: &Referred<'_>,
    people_explained: bool,
) -> RegionSection {
    let (mut here, also): (Vec<&Agreement>, Vec<&Agreement>) =
        agreements.iter().partition(|a| home_region(a) == *region);
    here.sort_by(|a, b| significance(referred, a, b));
    // Each country, then its subdivisions: (country, subdivision) keys sort that way.
    let mut places: BTreeMap<(String, String), usize> = BTreeMap::new();
    for agreement in agreements {
        let mut seen = BTreeSet::new();
        for place in &agreement.places {
            if Region::of(place.country) != *region {
                continue;
            }
            let country = format::country(place.country).to_owned();
            seen.insert((country.clone(), String::new()));
            if let Some(sub) = place.subdivision {
                seen.insert((country, format::subdivision(sub).to_owned()));
            }
        }
        for key in seen {
            *places.entry(key).or_default() += 1;
        }
    }
    RegionSection {
        anchor: region.anchor(),
        name: region.name(),
        path: region.path(),
        places: places
            .into_iter()
            .map(|((country, sub), n)| {
                let name = if sub.is_empty() {
                    country
                } else {
                    format!("{sub}, in {country}")
                };
                format!(
                    "{name}: {}",
                    format::count(n, "collaboration", "collaborations")
                )
            })
            .collect(),
        collaborations: here
            .iter()
            .map(|a| collaboration(dataset, a, citer, rates, people_explained))
            .collect(),
        also: also
            .iter()
            .map(|a| (a.id.to_string(), a.title.to_string()))
            .collect(),
    }
}

/// What a citation's `supports` path names, in the reader's words: `value`
/// is "the value", `dates.signed` "the signing date", `parties[1].role`
/// "the role of Sinopharm", `parties[1].roles[0]` "the role of Sinopharm
/// as borrower". A path of another shape is printed with its
/// underscores and dots as spaces.
pub(super) fn backed_field(
    dataset: &Dataset,
    a: &Agreement,
    path: &accord_model::FieldPath,
) -> String {
    use accord_model::PathStep::{Field, Item};
    let party = |i: usize| {
        a.parties.get(i).map_or_else(
            || format!("party {}", i + 1),
            |p| party_name(dataset, &p.party),
        )
    };
    match path.steps()[..] {
        [Field("value")] => "the value".to_owned(),
        [Field("dates")] => "the dates".to_owned(),
        [Field("dates"), Field(name)] => match name {
            "discussed" => "the date of the talks".to_owned(),
            "announced" => "the announcement date".to_owned(),
            "signed" => "the signing date".to_owned(),
            "effective" => "the date it takes effect".to_owned(),
            "ends" => "the end date".to_owned(),
            other => format!("the {other} date"),
        },
        [Field("occasion")] => "the occasion".to_owned(),
        [Field("parties"), Item(i), Field("role")] => format!("the role of {}", party(i)),
        [Field("parties"), Item(i), Field("roles")] => format!("the roles of {}", party(i)),
        [Field("parties"), Item(i), Field("roles"), Item(j)] => {
            match a.parties.get(i).and_then(|p| p.roles.get(j)) {
                Some(role) => format!(
                    "the role of {} as {}",
                    party(i),
                    format::role(*role.value())
                ),
                None => format!("role {} of {}", j + 1, party(i)),
            }
        }
        [Field("parties"), Item(i)] => format!("{} as a party", party(i)),
        [Field("places"), Item(i)] => format!("place {}", i + 1),
        [Field("targets"), Item(i)] => format!("target {}", i + 1),
        [Field("people"), Item(i)] => format!("person {} named", i + 1),
        [Field("stages"), Item(i)] => format!("stage {} of its history", i + 1),
        [Field(name)] => format!("the {}", name.replace('_', " ")),
        _ => path.as_str().replace(['.', '_'], " "),
    }
}

pub(super) fn collaboration(
    dataset: &Dataset,
    a: &Agreement,
    citer: &mut Citer,
    rates: Option<&RateTable>,
    people_explained: bool,
) -> Collaboration {
    // Number the record's sources in the order it cites them, before any
    // footnote can number one of them first.
    let citations: Vec<String> = a
        .sources
        .iter()
        .map(|c| {
            let n = citer.number(&c.source);
            let mut text = match &c.locator {
                Some(locator) => format!("[{n}] {locator}"),
                None => format!("[{n}]"),
            };
            if !c.supports.is_empty() {
                let paths: Vec<String> = c
                    .supports
                    .iter()
                    .map(|p| backed_field(dataset, a, p))
                    .collect();
                text.push_str(&format!(" (backs {})", paths.join(", ")));
            }
            text
        })
        .collect();
    let sources: &[accord_model::Citation] = &a.sources;
    let mut facts = vec![
        ("Kind".to_owned(), format::agreement_kind(a.kind)),
        (
            "Status".to_owned(),
            format!(
                "{}{}",
                format::status(a.status),
                citer.backing(sources, "status")
            ),
        ),
    ];
    for (name, date) in a.dates.iter() {
        facts.push((
            format::capitalise(name),
            format!(
                "{}{}",
                format::date_value(date),
                citer.backing(sources, &format!("dates.{name}"))
            ),
        ));
    }
    if a.dates.is_empty() {
        facts.push(("Date".to_owned(), "not stated".to_owned()));
    }
    let parties: Vec<String> = a
        .parties
        .iter()
        .enumerate()
        .map(|(i, p)| {
            // Every role the party holds, each with its own mark.
            let roles: Vec<String> = p
                .role_entries()
                .map(|(_, role)| format::signed(format::role(*role.value()), role.certainty()))
                .collect();
            let mut text = format!(
                "{} ({}{})",
                party_name(dataset, &p.party),
                roles.join(", "),
                citer.backing(sources, &format!("parties[{i}]"))
            );
            if let Some(named) = &p.as_named {
                text.push_str(&format!(", named in the source as “{named}”"));
            }
            text
        })
        .collect();
    facts.push(("Parties".to_owned(), parties.join("; ")));
    // A value not stated is said once, in the summary and the key
    // figures, not in every entry.
    if let Some(v) = &a.value {
        facts.push((
            "Value".to_owned(),
            format!(
                "{}{}{}",
                format::money(v),
                converted(v, rates),
                citer.backing(sources, "value")
            ),
        ));
    }
    if !a.amounts.is_empty() {
        let amounts: Vec<String> = a
            .amounts
            .iter()
            .enumerate()
            .map(|(i, amount)| {
                format!(
                    "{}{}{}",
                    amount_text(amount),
                    converted(&amount.money(), rates),
                    citer.backing(sources, &format!("amounts[{i}]"))
                )
            })
            .collect();
        facts.push(("Amounts".to_owned(), amounts.join("; ")));
    }
    if !a.terms.is_empty() {
        facts.push((
            "Loan terms".to_owned(),
            format!(
                "{}{}",
                terms_text(&a.terms),
                citer.backing(sources, "terms")
            ),
        ));
    }
    if !a.project_dates.is_empty() {
        let dates: Vec<String> = a
            .project_dates
            .iter()
            .map(|(name, date)| {
                format!(
                    "{} {}{}",
                    name.replace('_', " "),
                    format::date_value(date),
                    citer.backing(sources, &format!("project_dates.{name}"))
                )
            })
            .collect();
        facts.push((
            "Project dates".to_owned(),
            format::capitalise(&dates.join("; ")),
        ));
    }
    facts.push((
        "Sectors".to_owned(),
        a.sectors
            .iter()
            .map(|s| s.label())
            .collect::<Vec<_>>()
            .join(", "),
    ));
    let places: Vec<String> = a
        .places
        .iter()
        .enumerate()
        .map(|(i, p)| {
            format!(
                "{}{}",
                format::signed(marks::place_text(p), p.certainty()),
                citer.backing(sources, &format!("places[{i}]"))
            )
        })
        .collect();
    facts.push((
        "Takes effect in".to_owned(),
        if places.is_empty() {
            "not stated".to_owned()
        } else {
            places.join("; ")
        },
    ));
    if !a.areas.is_empty() {
        let areas: Vec<String> = a
            .areas
            .iter()
            .map(|code| format!("{} (UN M49 {})", code.area().name, code.area().code))
            .collect();
        facts.push(("World regions".to_owned(), areas.join("; ")));
    }
    if !a.outside_ids.is_empty() {
        let ids: Vec<String> = a.outside_ids.iter().map(ToString::to_string).collect();
        facts.push(("Ids elsewhere".to_owned(), ids.join("; ")));
    }
    let mut entry_marks = marks::agreement(dataset, a, &|id| person_called(dataset, id));
    if let Some(link) = &a.occasion {
        let id = link.value();
        // The occasion's own date and place are in its sources; the entry
        // dates the collaboration itself.
        let name = dataset
            .occasions
            .get(id)
            .map_or_else(|| id.to_string(), |o| o.name.to_string());
        let text = format::signed(name, link.certainty());
        facts.push((
            "Occasion".to_owned(),
            format!("{text}{}", citer.backing(sources, "occasion")),
        ));
    }
    let mut people = Vec::new();
    for (i, involvement) in a.people.iter().enumerate() {
        let mut line = format!(
            "{}: {}",
            format::capitalise(&format::signed(
                format::person_part(*involvement.part.value()),
                involvement.part.certainty()
            )),
            person_line(dataset, &involvement.person)
        );
        if let Some(note) = &involvement.note {
            line.push_str(&format!(" — {note}"));
        }
        line.push_str(&citer.backing(sources, &format!("people[{i}]")));
        people.push(line);
        if let Some(person) = dataset.people.get(&involvement.person)
            && !people_explained
        {
            let who = person_called(dataset, &involvement.person);
            for mark in marks::person(dataset, person, &who) {
                let mark = marks::Mark {
                    field: format!("{} of {who}", mark.field),
                    ..mark
                };
                entry_marks.push(mark);
            }
        }
    }
    for link in &a.links {
        let other = dataset
            .agreements
            .get(&link.agreement)
            .map_or_else(|| link.agreement.to_string(), |o| o.title.to_string());
        facts.push((
            "Link".to_owned(),
            format!("{} {other}", format::link_kind(link.kind)),
        ));
    }
    for link in &a.outside_links {
        let mut text = format!(
            "{} {}, outside this dataset",
            format::link_kind(link.kind),
            link.id
        );
        if let Some(note) = &link.note {
            text.push_str(&format!(" — {note}"));
        }
        facts.push(("Link".to_owned(), text));
    }
    let stages = a
        .stages
        .iter()
        .enumerate()
        .map(|(i, stage)| {
            let mut text = format::status(stage.status);
            if let Some(date) = &stage.date {
                text.push_str(&format!(", {}", format::date_value(date)));
            }
            let mut numbers: Vec<usize> = stage
                .sources
                .iter()
                .map(|c| citer.number(&c.source))
                .collect();
            numbers.sort_unstable();
            numbers.dedup();
            if !numbers.is_empty() {
                let numbers: Vec<String> = numbers.iter().map(ToString::to_string).collect();
                text.push_str(&format!(" [{}]", numbers.join(", ")));
            }
            text.push_str(&citer.backing(sources, &format!("stages[{i}]")));
            if let Some(note) = &stage.note {
                text.push_str(&format!(" — {note}"));
            }
            text
        })
        .collect();
    let targets = a
        .targets
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let mut text = t.description.to_string();
            if let Some(by) = &t.by {
                text.push_str(&format!(" (by {})", format::date_value(by)));
            }
            text.push_str(&citer.backing(sources, &format!("targets[{i}]")));
            text
        })
        .collect();
    let mut seen = BTreeSet::new();
    let notes_on_marks = entry_marks
        .iter()
        .map(|m| citer.note(dataset, m))
        .filter(|line| seen.insert(line.clone()))
        .collect();
    Collaboration {
        id: a.id.to_string(),
        title: a.title.to_string(),
        facts,
        people,
        stages,
        marks: notes_on_marks,
        summary: a.summary.to_string(),
        objectives: a.objectives.iter().map(ToString::to_string).collect(),
        targets,
        notes: a.notes.iter().map(ToString::to_string).collect(),
        citations,
    }
}

/// How the briefing names a person, with the sign of a marked name: the
/// name, or `the` and the first position when the sources name only the
/// office (`the Prime Minister (UK Government)`).
pub(super) fn person_called(dataset: &Dataset, id: &accord_model::PersonId) -> String {
    match dataset.people.get(id) {
        Some(person) => match &person.name {
            Some(name) => format::signed(name.to_string(), name.certainty()),
            None => {
                let first = &person.positions[0];
                format!(
                    "the {}",
                    format::signed(
                        marks::position_text(dataset, first.value()),
                        first.certainty()
                    )
                )
            }
        },
        None => id.to_string(),
    }
}

/// A person with their positions: `Hao Peng, Secretary (Liaoning
/// Provincial Party Committee); Director (…)`, or for a person named only
/// by office `the Prime Minister (UK Government)` and any further positions.
pub(super) fn person_line(dataset: &Dataset, id: &accord_model::PersonId) -> String {
    let who = person_called(dataset, id);
    let Some(person) = dataset.people.get(id) else {
        return who;
    };
    let skip = usize::from(person.name.is_none());
    let positions = person_positions(dataset, person);
    let rest = &positions[skip.min(positions.len())..];
    if rest.is_empty() {
        who
    } else {
        format!("{who}, {}", rest.join("; "))
    }
}

/// Each position of a person in words, with its sign when marked.
pub(super) fn person_positions(dataset: &Dataset, person: &accord_model::Person) -> Vec<String> {
    person
        .positions
        .iter()
        .map(|p| format::signed(marks::position_text(dataset, p.value()), p.certainty()))
        .collect()
}

/// One figure of `amounts` in words: `committed: 600,000,000 CNY,
/// estimated by the recorder (≈ 90,292,542 USD at 0.1505 of 2016, by
/// AidData); left out of totals: a rollover`.
pub(super) fn amount_text(amount: &StatedAmount) -> String {
    let mut text = format!(
        "{}: {}",
        amount.kind.words(),
        format::money(&amount.money())
    );
    if let Some(stated) = &amount.as_stated {
        text.push_str(&format!(" (“{stated}”)"));
    }
    if amount.estimated {
        text.push_str(", estimated by the recorder");
    }
    let equivalents: Vec<String> = amount
        .equivalents
        .iter()
        .map(|e| {
            let mut t = format!("≈ {} {}", e.amount, format::currency(&e.currency));
            if e.constant_prices {
                t.push_str(" in constant prices");
            }
            if let Some(rate) = &e.rate {
                t.push_str(&format!(" at {rate}"));
            }
            if let Some(date) = &e.rate_date {
                t.push_str(&format!(" of {}", format::date_value(date)));
            }
            t.push_str(&format!(", by {}", e.source));
            t
        })
        .collect();
    if !equivalents.is_empty() {
        text.push_str(&format!(" ({})", equivalents.join("; ")));
    }
    if let Some(why) = &amount.left_out_of_totals {
        text.push_str(&format!(", left out of totals: {}", why.reason.words()));
        if let Some(note) = &why.note {
            text.push_str(&format!(" ({note})"));
        }
    }
    if let Some(note) = &amount.note {
        text.push_str(&format!(" — {note}"));
    }
    text
}

/// Loan terms in words: `interest 2 % a year; maturity 21.75 years`.
pub(super) fn terms_text(terms: &accord_model::LoanTerms) -> String {
    let mut parts = Vec::new();
    let mut figure = |value: &Option<Amount>, what: &str, unit: &str| {
        if let Some(v) = value {
            parts.push(format!("{what} {v}{unit}"));
        }
    };
    figure(&terms.interest_rate_percent, "interest", " % a year");
    figure(
        &terms.default_interest_rate_percent,
        "default interest",
        " % a year",
    );
    figure(&terms.maturity_years, "maturity", " years");
    figure(&terms.grace_period_years, "grace period", " years");
    figure(&terms.management_fee_percent, "management fee", " %");
    figure(&terms.commitment_fee_percent, "commitment fee", " % a year");
    figure(&terms.insurance_fee_percent, "insurance fee", " %");
    if let Some(basis) = &terms.interest_basis {
        parts.push(format!("interest set as {basis}"));
    }
    if let Some(fee) = &terms.insurance_fee {
        parts.push(format!("insurance fee {}", format::money(fee)));
    }
    if let Some(collateral) = &terms.collateral {
        parts.push(format!("secured by {collateral}"));
    }
    if let Some(note) = &terms.note {
        parts.push(note.to_string());
    }
    parts.join("; ")
}

/// Prints once what several entries would repeat: every note or mark
/// explanation that appears in two entries or more becomes a numbered
/// shared note, and the entries refer to it (`see shared note 2`); a mark
/// keeps its sign, field and value in the entry. Returns the shared notes
/// in the order they first appear.
pub(super) fn share_repeated(regions: &mut [RegionSection]) -> Vec<String> {
    /// A mark line's fact and its explanation: `† Signed: … — inferred: …`.
    fn split(mark: &str) -> (&str, &str) {
        mark.split_once(" — ").unwrap_or((mark, ""))
    }
    let mut count: HashMap<String, usize> = HashMap::new();
    for c in regions.iter().flat_map(|r| &r.collaborations) {
        let mut here = BTreeSet::new();
        here.extend(c.notes.iter().cloned());
        here.extend(
            c.marks
                .iter()
                .map(|m| split(m).1.to_owned())
                .filter(|e| !e.is_empty()),
        );
        for text in here {
            *count.entry(text).or_default() += 1;
        }
    }
    let mut numbers: HashMap<String, usize> = HashMap::new();
    let mut shared: Vec<String> = Vec::new();
    let mut number = |text: &str| -> Option<usize> {
        if count.get(text).copied().unwrap_or(0) < 2 {
            return None;
        }
        Some(*numbers.entry(text.to_owned()).or_insert_with(|| {
            shared.push(text.to_owned());
            shared.len()
        }))
    };
    for c in regions.iter_mut().flat_map(|r| &mut r.collaborations) {
        let mut seen = BTreeSet::new();
        c.notes = std::mem::take(&mut c.notes)
            .into_iter()
            .filter_map(|note| match number(&note) {
                Some(n) => seen.insert(n).then(|| format!("See shared note {n}.")),
                None => Some(note),
            })
            .collect();
        c.marks = std::mem::take(&mut c.marks)
            .into_iter()
            .map(|mark| {
                let (fact, why) = split(&mark);
                match number(why) {
                    Some(n) => format!("{fact} — see shared note {n}"),
                    None => mark.clone(),
                }
            })
            .collect();
    }
    shared
}
