//! The facts a record marks as inferred or as outside knowledge, gathered
//! per record so that an entry can explain its signs and the data-quality
//! notes can count them by kind.

use accord_model::{
    Agreement, Basis, Certainty, Dataset, Fact, Occasion, OutsideKnowledge, Party, Person, Place,
};

use crate::format;

/// What sort of fact is marked; the order is the order of the notes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MarkKind {
    /// A party's home country.
    Country,
    /// A party's subdivision.
    Subdivision,
    /// A party's city.
    City,
    /// A name in its own script.
    LocalName,
    /// A person's name.
    Name,
    /// A person's position.
    Position,
    /// A party's role in an agreement.
    Role,
    /// A person's part in an agreement or an occasion.
    Part,
    /// A place where an agreement takes effect or an occasion took place.
    Place,
    /// The occasion an agreement belongs to.
    Occasion,
    /// A date.
    Date,
}

impl MarkKind {
    /// Every kind, in the order of the notes.
    pub const ALL: [MarkKind; 11] = [
        MarkKind::Country,
        MarkKind::Subdivision,
        MarkKind::City,
        MarkKind::LocalName,
        MarkKind::Name,
        MarkKind::Position,
        MarkKind::Role,
        MarkKind::Part,
        MarkKind::Place,
        MarkKind::Occasion,
        MarkKind::Date,
    ];

    /// `1 country`, `2 countries`.
    pub fn count(self, n: usize) -> String {
        let (one, many) = match self {
            MarkKind::Country => ("country", "countries"),
            MarkKind::Subdivision => ("subdivision", "subdivisions"),
            MarkKind::City => ("city", "cities"),
            MarkKind::LocalName => ("name in its own script", "names in their own script"),
            MarkKind::Name => ("person's name", "people's names"),
            MarkKind::Position => ("position", "positions"),
            MarkKind::Role => ("role", "roles"),
            MarkKind::Part => ("person's part", "people's parts"),
            MarkKind::Place => ("place", "places"),
            MarkKind::Occasion => ("occasion", "occasions"),
            MarkKind::Date => ("date", "dates"),
        };
        format::count(n, one, many)
    }

    /// The heading of the kind's list in the data-quality notes.
    pub fn heading(self) -> &'static str {
        match self {
            MarkKind::Country => "Marked countries",
            MarkKind::Subdivision => "Marked subdivisions",
            MarkKind::City => "Marked cities",
            MarkKind::LocalName => "Marked names in their own script",
            MarkKind::Name => "Marked names of people",
            MarkKind::Position => "Marked positions",
            MarkKind::Role => "Marked roles",
            MarkKind::Part => "Marked parts of people",
            MarkKind::Place => "Marked places",
            MarkKind::Occasion => "Marked occasions",
            MarkKind::Date => "Marked dates",
        }
    }
}

/// One marked fact.
#[derive(Debug, Clone)]
pub struct Mark<'a> {
    /// What sort of fact it is.
    pub kind: MarkKind,
    /// The record it belongs to, as the data-quality list names it:
    /// `Elekta`, `Hao Peng`, an agreement's title.
    pub owner: String,
    /// The field, in words, capitalised: `Country`, `Role of Elekta`,
    /// `Signed`.
    pub field: String,
    /// The value as printed, without its sign; empty for a name in its
    /// own script, which is shown beside the name it belongs to (a PDF
    /// without a font for its script could not show it here).
    pub value: String,
    /// The mark, with its reasoning or reference.
    pub basis: Basis<'a>,
}

impl Mark<'_> {
    /// The sign: `†` or `‡`.
    pub fn sign(&self) -> &'static str {
        format::sign(self.basis.certainty())
    }

    /// The line that explains the sign in an entry: `† Occasion: Future of
    /// Medicine event — inferred: the source lists …`. `sources` writes
    /// an outside source's number.
    pub fn note(&self, sources: &mut dyn FnMut(&OutsideKnowledge) -> String) -> String {
        let value = if self.value.is_empty() {
            String::new()
        } else {
            format!(": {}", self.value)
        };
        format!(
            "{} {}{value} — {}",
            self.sign(),
            self.field,
            explain(self.basis, sources)
        )
    }

    /// The item of the data-quality list: `Elekta, country: Sweden‡`.
    pub fn item(&self) -> String {
        let value = if self.value.is_empty() {
            String::new()
        } else {
            format!(": {}", self.value)
        };
        format!(
            "{}, {}{value}{}",
            self.owner,
            lower_first(&self.field),
            self.sign()
        )
    }
}

/// `inferred: <reasoning>` or `from outside knowledge: <reference>`.
pub fn explain(basis: Basis<'_>, sources: &mut dyn FnMut(&OutsideKnowledge) -> String) -> String {
    match basis {
        Basis::Stated => "stated by the source".to_owned(),
        Basis::Inferred(reason) => format!("inferred: {reason}"),
        Basis::OutsideKnowledge(from) => format!("from outside knowledge: {}", sources(from)),
    }
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn push<'a, T>(
    out: &mut Vec<Mark<'a>>,
    kind: MarkKind,
    owner: &str,
    field: impl Into<String>,
    fact: &'a Fact<T>,
    value: impl FnOnce(&T) -> String,
) {
    if fact.certainty() != Certainty::Stated {
        out.push(Mark {
            kind,
            owner: owner.to_owned(),
            field: field.into(),
            value: value(fact.value()),
            basis: fact.basis(),
        });
    }
}

fn push_date<'a>(
    out: &mut Vec<Mark<'a>>,
    owner: &str,
    field: impl Into<String>,
    date: &'a accord_model::DateValue,
) {
    if date.certainty() != Certainty::Stated {
        out.push(Mark {
            kind: MarkKind::Date,
            owner: owner.to_owned(),
            field: field.into(),
            value: format::date_text(date, false),
            basis: date.basis(),
        });
    }
}

/// A place in words, without signs: `Shenyang, Liaoning Sheng, China`.
/// A city, a second-level unit and a precision join in, narrowest first:
/// `Pecém, São Gonçalo do Amarante, Ceará, Brazil (near)`.
pub fn place_text(place: &Place) -> String {
    let mut parts = Vec::new();
    if let Some(locality) = &place.locality {
        parts.push(locality.to_string());
    }
    if let Some(city) = &place.city {
        parts.push(city.to_string());
    }
    if let Some(second) = &place.second_level {
        parts.push(second.to_string());
    }
    if let Some(sub) = place.subdivision {
        parts.push(crate::format::subdivision(sub).to_owned());
    }
    parts.push(crate::format::country(place.country).to_owned());
    let mut text = parts.join(", ");
    if let Some(precision) = place.precision {
        text.push_str(&format!(" ({})", precision.words()));
    }
    text
}

/// The marked facts of a party: country, subdivision, city, local name.
pub fn party(party: &Party) -> Vec<Mark<'_>> {
    let mut out = Vec::new();
    let owner = party.name.as_str();
    if let Some(country) = &party.country {
        push(
            &mut out,
            MarkKind::Country,
            owner,
            "Country",
            country,
            |c: &accord_model::CountryCode| crate::format::country(*c).to_owned(),
        );
    }
    if let Some(sub) = &party.subdivision {
        push(
            &mut out,
            MarkKind::Subdivision,
            owner,
            "Subdivision",
            sub,
            |s| crate::format::subdivision(*s).to_owned(),
        );
    }
    if let Some(city) = &party.city {
        push(&mut out, MarkKind::City, owner, "City", city, |c| {
            c.to_string()
        });
    }
    if let Some(local) = &party.local_name {
        push(
            &mut out,
            MarkKind::LocalName,
            owner,
            "Name in its own script",
            local,
            |_| String::new(),
        );
    }
    out
}

/// The marked facts of a person: name, local name, positions. `who` is
/// how the briefing names the person.
pub fn person<'a>(dataset: &Dataset, person: &'a Person, who: &str) -> Vec<Mark<'a>> {
    let mut out = Vec::new();
    if let Some(name) = &person.name {
        push(&mut out, MarkKind::Name, who, "Name", name, |n| {
            n.to_string()
        });
    }
    if let Some(local) = &person.local_name {
        push(
            &mut out,
            MarkKind::LocalName,
            who,
            "Name in their own script",
            local,
            |_| String::new(),
        );
    }
    for position in person.positions.iter() {
        push(
            &mut out,
            MarkKind::Position,
            who,
            "Position",
            position,
            |p| position_text(dataset, p),
        );
    }
    out
}

/// A position in words, without its sign: `former Vice Minister (National
/// Health Commission)`.
pub fn position_text(dataset: &Dataset, position: &accord_model::Position) -> String {
    let mut text = if position.former {
        format!("former {}", position.title)
    } else {
        position.title.to_string()
    };
    if let Some(org) = &position.organisation {
        let name = dataset
            .parties
            .get(org)
            .map_or_else(|| org.to_string(), |p| p.name.to_string());
        text.push_str(&format!(" ({name})"));
    }
    text
}

/// The marked facts of an occasion: its dates, its place, its people's parts.
pub fn occasion<'a>(occasion: &'a Occasion) -> Vec<Mark<'a>> {
    let mut out = Vec::new();
    let owner = occasion.name.as_str();
    if let Some(date) = &occasion.date {
        push_date(&mut out, owner, "Date of the occasion", date);
    }
    if let Some(end) = &occasion.end {
        push_date(&mut out, owner, "Last day of the occasion", end);
    }
    if let Some(place) = &occasion.place {
        push(
            &mut out,
            MarkKind::Place,
            owner,
            "Place of the occasion",
            place,
            place_text,
        );
    }
    out
}

/// The marked dates of a source: when it was published and when the
/// recorder read it.
pub fn source<'a>(source: &'a accord_model::Source) -> Vec<Mark<'a>> {
    let mut out = Vec::new();
    let owner = source.title.as_str();
    if let Some(date) = &source.published {
        push_date(&mut out, owner, "Date of publication", date);
    }
    if let Some(date) = &source.retrieved {
        push_date(&mut out, owner, "Date retrieved", date);
    }
    out
}

/// The marked facts an agreement states of itself: roles, places,
/// occasion, dates (stages and targets included) and people's parts.
/// `person_name` names a person by id.
pub fn agreement<'a>(
    dataset: &Dataset,
    a: &'a Agreement,
    person_name: &dyn Fn(&accord_model::PersonId) -> String,
) -> Vec<Mark<'a>> {
    let mut out = Vec::new();
    let owner = a.title.as_str();
    for (name, date) in a.dates.iter() {
        push_date(&mut out, owner, format::capitalise(name), date);
    }
    for stage in &a.stages {
        if let Some(date) = &stage.date {
            push_date(
                &mut out,
                owner,
                format!("Stage “{}”", format::status(stage.status).to_lowercase()),
                date,
            );
        }
    }
    for target in &a.targets {
        if let Some(by) = &target.by {
            push_date(
                &mut out,
                owner,
                format!("Target “{}”", target.description),
                by,
            );
        }
    }
    for p in a.parties.iter() {
        let name = dataset
            .parties
            .get(&p.party)
            .map_or_else(|| p.party.to_string(), |x| x.name.to_string());
        for (_, role) in p.role_entries() {
            push(
                &mut out,
                MarkKind::Role,
                owner,
                format!("Role of {name}"),
                role,
                |r| format::role(*r),
            );
        }
    }
    for place in &a.places {
        push(
            &mut out,
            MarkKind::Place,
            owner,
            "Takes effect in",
            place,
            place_text,
        );
    }
    if let Some(occasion) = &a.occasion {
        push(
            &mut out,
            MarkKind::Occasion,
            owner,
            "Occasion",
            occasion,
            |id| {
                dataset
                    .occasions
                    .get(id)
                    .map_or_else(|| id.to_string(), |o| o.name.to_string())
            },
        );
    }
    for involvement in &a.people {
        let who = person_name(&involvement.person);
        push(
            &mut out,
            MarkKind::Part,
            owner,
            format!("Part of {who}"),
            &involvement.part,
            |p| format::person_part(*p),
        );
    }
    out
}
