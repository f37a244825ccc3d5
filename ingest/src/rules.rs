//! Rules about one record that the JSON Schema cannot say: dates in order
//! and not in the future, roles that fit the agreement's kind, amounts
//! above zero; and the warnings a careful editor wants (unknown currency,
//! repeated entries). Marks and loose dates are checked in `marks.rs`.

use std::path::Path;

use accord_model::{
    Agreement, CountryCode, Currency, DateValue, Fact, IdentifierScheme, Money, Occasion, Party,
    Place, Record, Role, Source, SubdivisionCode, Vocabulary,
};
use chrono::NaiveDate;

use crate::diagnostic::{Code, Diagnostic, Span};

/// Options of loading and checking.
#[derive(Debug, Clone, Copy)]
pub struct RuleOptions {
    /// Dates after this day are reported as in the future; `None` skips
    /// the check (the library never reads the clock; the CLI passes today).
    pub as_of: Option<NaiveDate>,
    /// The largest file read, in bytes (default [`crate::MAX_FILE_SIZE`]).
    pub max_file_size: u64,
}

impl Default for RuleOptions {
    fn default() -> Self {
        RuleOptions {
            as_of: None,
            max_file_size: crate::MAX_FILE_SIZE,
        }
    }
}

struct Checker<'a> {
    file: &'a Path,
    spans: &'a crate::parse::LazySpans<'a>,
    out: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn at(&self, pointer: &str) -> Option<Span> {
        self.spans.get().get(pointer).map(|s| s.value)
    }

    fn push(&mut self, code: Code, pointer: &str, message: String, hint: String) {
        let d = Diagnostic::new(code, self.file, self.at(pointer), message).with_hint(hint);
        self.out.push(d);
    }
}

/// Checks one record on its own.
pub fn check<'a>(
    file: &'a Path,
    record: &Record,
    spans: &'a crate::parse::LazySpans<'a>,
    options: &RuleOptions,
) -> Vec<Diagnostic> {
    let mut c = Checker {
        file,
        spans,
        out: Vec::new(),
    };
    match record {
        Record::Agreement(a) => {
            agreement(&mut c, a, options);
            for (i, place) in a.places.iter().enumerate() {
                place_in_country(&mut c, &format!("/agreement/places/{i}"), place);
            }
            repeated(&mut c, "/agreement/sectors", "sector", &a.sectors[..]);
            repeated(&mut c, "/agreement/places", "place", &a.places[..]);
            repeated(&mut c, "/agreement/links", "link", &a.links[..]);
            repeated(&mut c, "/agreement/areas", "world region", &a.areas[..]);
            repeated(&mut c, "/agreement/amounts", "amount", &a.amounts[..]);
            repeated(
                &mut c,
                "/agreement/outside_ids",
                "outside id",
                &a.outside_ids[..],
            );
            repeated(
                &mut c,
                "/agreement/outside_links",
                "outside link",
                &a.outside_links[..],
            );
            repeated(&mut c, "/agreement/people", "person's part", &a.people[..]);
            repeated(&mut c, "/agreement/sources", "citation", &a.sources[..]);
        }
        Record::Occasion(o) => {
            occasion(&mut c, o, options);
            if let Some(place) = &o.place {
                place_in_country(&mut c, "/occasion/place", place);
            }
            repeated(&mut c, "/occasion/people", "person's part", &o.people[..]);
            repeated(&mut c, "/occasion/sources", "citation", &o.sources[..]);
        }
        Record::Source(s) => source(&mut c, s, options),
        Record::Party(p) => {
            party(&mut c, p, options);
            if let (Some(country), Some(subdivision)) = (&p.country, &p.subdivision) {
                subdivision_in_country(
                    &mut c,
                    (
                        &fact_pointer("/party/subdivision", subdivision),
                        &fact_pointer("/party/country", country),
                    ),
                    subdivision.value(),
                    country.value(),
                );
            }
            repeated(&mut c, "/party/owners", "owner", &p.owners[..]);
            repeated(
                &mut c,
                "/party/identifiers",
                "identifier",
                &p.identifiers[..],
            );
            repeated(&mut c, "/party/aliases", "other name", &p.aliases[..]);
            repeated(&mut c, "/party/sources", "citation", &p.sources[..]);
        }
        Record::Person(p) => repeated(&mut c, "/person/sources", "citation", &p.sources[..]),
    }
    c.out
}

/// Entries of a list that are written twice, exactly: the second is
/// reported (a warning: it changes nothing but prints twice), with the
/// first labelled. Short lists (nearly all) are compared pair by pair,
/// with no allocation; a long one through a table of its items as written,
/// so a hostile list of thousands costs its length.
fn repeated<T: serde::Serialize + PartialEq>(
    c: &mut Checker<'_>,
    list: &str,
    what: &str,
    items: &[T],
) {
    const SHORT: usize = 32;
    let mut firsts: Vec<(usize, usize)> = Vec::new();
    if items.len() <= SHORT {
        for (i, item) in items.iter().enumerate() {
            if let Some(first) = items[..i].iter().position(|x| x == item) {
                firsts.push((first, i));
            }
        }
    } else {
        let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for (i, item) in items.iter().enumerate() {
            let Ok(written) = serde_json::to_string(item) else {
                continue;
            };
            match seen.entry(written) {
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(i);
                }
                std::collections::hash_map::Entry::Occupied(e) => firsts.push((*e.get(), i)),
            }
        }
    }
    for (first, i) in firsts {
        let pointer = format!("{list}/{i}");
        let mut d = Diagnostic::new(
            Code::RepeatedEntry,
            c.file,
            c.at(&pointer),
            format!("this {what} is listed twice"),
        )
        .with_hint("remove one of the two: the briefing would print it twice");
        if let Some(span) = c.at(&format!("{list}/{first}")) {
            d = d.with_label(c.file, span, "first listed here");
        }
        c.out.push(d);
    }
}

fn agreement(c: &mut Checker<'_>, a: &Agreement, options: &RuleOptions) {
    // Life-cycle order: a later stage cannot certainly precede an earlier one.
    let order: [(&str, &Option<DateValue>); 4] = [
        ("discussed", &a.dates.discussed),
        ("signed", &a.dates.signed),
        ("effective", &a.dates.effective),
        ("ends", &a.dates.ends),
    ];
    for (i, (early_name, early)) in order.iter().enumerate() {
        let Some(early) = early else { continue };
        for (late_name, late) in &order[i + 1..] {
            let Some(late) = late else { continue };
            if late.span().is_certainly_before(&early.span()) {
                c.push(
                    Code::DateOrder,
                    &date_pointer("agreement", &format!("dates/{late_name}"), late),
                    format!("`{late_name}` ({late}) is before `{early_name}` ({early})"),
                    format!("`{late_name}` cannot come before `{early_name}`: check both dates"),
                );
            }
        }
    }
    for (name, date) in a.dates.iter() {
        // Discussion and signing must already have happened; coming into
        // force and ending may be scheduled ("in force from 1 January",
        // "runs until 2030"), so they may lie after the check's date.
        if !accord_model::Dates::SCHEDULED.contains(&name) {
            future(
                c,
                &date_pointer("agreement", &format!("dates/{name}"), date),
                name,
                date,
                options,
            );
        }
    }
    project_dates(c, a, options);
    if let Some(value) = &a.value {
        money(c, "/agreement/value", value);
    }
    for (i, amount) in a.amounts.iter().enumerate() {
        stated_amount(c, &format!("/agreement/amounts/{i}"), amount);
    }
    for (name, figure) in a.terms.figures() {
        if figure.0 < rust_decimal::Decimal::ZERO {
            c.push(
                Code::NegativeFigure,
                &format!("/agreement/terms/{name}"),
                format!("`{name}` is {figure}, below zero"),
                "rates, fees and periods are zero or more: check the sign, or leave the term out"
                    .to_owned(),
            );
        }
    }
    if let Some(fee) = &a.terms.insurance_fee {
        money(c, "/agreement/terms/insurance_fee", fee);
    }
    for (i, target) in a.targets.iter().enumerate() {
        if let Some(q) = &target.quantity
            && q.value.0 <= rust_decimal::Decimal::ZERO
        {
            c.push(
                Code::NonPositiveAmount,
                &format!("/agreement/targets/{i}/quantity/value"),
                format!("the target's figure is {}, not above zero", q.value),
                "a target counts something: give a positive number, or leave `quantity` out"
                    .to_owned(),
            );
        }
    }
    roles(c, a);
    // A party listed twice: its second entry, with the first labelled.
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, p) in a.parties.iter().enumerate() {
        if let Some(&first) = seen.get(p.party.as_str()) {
            let pointer = format!("/agreement/parties/{i}/party");
            let mut d = Diagnostic::new(
                Code::DuplicateParticipant,
                c.file,
                c.at(&pointer),
                format!("the party `{}` is listed twice", p.party),
            )
            .with_hint(
                "list each party once: a party that plays several parts gives them all under `roles`, such as `roles: [borrower, implementing-agency]`",
            );
            if let Some(span) = c.at(&format!("/agreement/parties/{first}/party")) {
                d = d.with_label(c.file, span, "first listed here");
            }
            c.out.push(d);
        } else {
            seen.insert(p.party.as_str(), i);
        }
    }
}

/// The project's dates, apart from the agreement's life: each pair in its
/// own order, and only what has happened (actual start and completion)
/// checked against the day of the check. Building may begin before the
/// loan is signed, and a final repayment may be due decades ahead.
fn project_dates(c: &mut Checker<'_>, a: &Agreement, options: &RuleOptions) {
    let dates = &a.project_dates;
    for (early_name, late_name) in accord_model::ProjectDates::ORDER {
        let (Some(early), Some(late)) = (dates.get(early_name), dates.get(late_name)) else {
            continue;
        };
        if late.span().is_certainly_before(&early.span()) {
            c.push(
                Code::DateOrder,
                &date_pointer("agreement", &format!("project_dates/{late_name}"), late),
                format!("`{late_name}` ({late}) is before `{early_name}` ({early})"),
                format!("`{late_name}` cannot come before `{early_name}`: check both dates"),
            );
        }
    }
    for name in accord_model::ProjectDates::HAPPENED {
        if let Some(date) = dates.get(name) {
            future(
                c,
                &date_pointer("agreement", &format!("project_dates/{name}"), date),
                name,
                date,
                options,
            );
        }
    }
}

/// One figure of `amounts`: not below zero (zero is a rollover adjusted to
/// nothing), its currency known or noted, its equivalents not below zero
/// and their rates above it.
fn stated_amount(c: &mut Checker<'_>, pointer: &str, amount: &accord_model::StatedAmount) {
    use rust_decimal::Decimal;
    if amount.amount.0 < Decimal::ZERO {
        c.push(
            Code::NegativeFigure,
            &format!("{pointer}/amount"),
            format!("the amount is {}, below zero", amount.amount),
            "record the sum as the source states it, zero or more; a cut or a repayment is a figure of its own (kind `other`, with a note)".to_owned(),
        );
    }
    if amount.currency == Currency::Unknown {
        c.push(
            Code::UnknownCurrency,
            &format!("{pointer}/currency"),
            "the currency is unknown, so this sum is never added to any total".to_owned(),
            "give the ISO 4217 code if any source states the currency".to_owned(),
        );
    }
    for (j, equivalent) in amount.equivalents.iter().enumerate() {
        let at = format!("{pointer}/equivalents/{j}");
        if equivalent.amount.0 < Decimal::ZERO {
            c.push(
                Code::NegativeFigure,
                &format!("{at}/amount"),
                format!("the equivalent is {}, below zero", equivalent.amount),
                "give the converted figure as the converter states it".to_owned(),
            );
        }
        if let Some(rate) = &equivalent.rate
            && rate.0 <= Decimal::ZERO
        {
            c.push(
                Code::NonPositiveAmount,
                &format!("{at}/rate"),
                format!("the rate is {rate}, not above zero"),
                "a rate is units of the other currency per unit of the original: give it as the converter states it, or leave `rate` out".to_owned(),
            );
        }
    }
}

fn occasion(c: &mut Checker<'_>, o: &Occasion, options: &RuleOptions) {
    if let (Some(start), Some(end)) = (&o.date, &o.end)
        && end.span().is_certainly_before(&start.span())
    {
        c.push(
            Code::DateOrder,
            &date_pointer("occasion", "end", end),
            format!("`end` ({end}) is before `date` ({start})"),
            "`date` is the first day and `end` the last: check both".to_owned(),
        );
    }
    for (name, date) in [("date", &o.date), ("end", &o.end)] {
        if let Some(date) = date {
            // An occasion under way may end after the check's date.
            if name != "end" {
                future(
                    c,
                    &date_pointer("occasion", name, date),
                    name,
                    date,
                    options,
                );
            }
        }
    }
    if let Some(total) = &o.reported_total {
        money(c, "/occasion/reported_total", total);
    }
}

fn source(c: &mut Checker<'_>, s: &Source, options: &RuleOptions) {
    if let Some(date) = &s.published {
        future(
            c,
            &date_pointer("source", "published", date),
            "published",
            date,
            options,
        );
    }
}

/// A place's subdivision must lie in its country.
fn place_in_country(c: &mut Checker<'_>, pointer: &str, place: &Fact<Place>) {
    let place_pointer = fact_pointer(pointer, place);
    let place = place.value();
    if let Some(subdivision) = &place.subdivision {
        subdivision_in_country(
            c,
            (
                &format!("{place_pointer}/subdivision"),
                &format!("{place_pointer}/country"),
            ),
            subdivision,
            &place.country,
        );
    }
}

/// An error at the subdivision when it belongs to another country than the
/// one written beside it, naming the country it belongs to.
fn subdivision_in_country(
    c: &mut Checker<'_>,
    (pointer, country_pointer): (&str, &str),
    subdivision: &SubdivisionCode,
    country: &CountryCode,
) {
    let belongs = subdivision.country();
    if belongs.alpha2() == country.alpha2() {
        return;
    }
    let mut d = Diagnostic::new(
        Code::SubdivisionOutsideCountry,
        c.file,
        c.at(pointer),
        format!(
            "`{}` ({}) is a subdivision of `{}` ({}), not of `{}`",
            subdivision.code(),
            subdivision.name(),
            belongs.alpha2(),
            belongs.name(),
            country.alpha2(),
        ),
    )
    .with_hint(format!(
        "an ISO 3166-2 code starts with its country's code: give a subdivision of `{}` here, or correct the country to `{}`",
        country.alpha2(),
        belongs.alpha2(),
    ));
    if let Some(span) = c.at(country_pointer) {
        d = d.with_label(
            c.file,
            span,
            format!("the country is `{}`", country.alpha2()),
        );
    }
    c.out.push(d);
}

/// The pointer of a fact's value: the fact itself, or `value` in the long form.
fn fact_pointer<T>(pointer: &str, fact: &Fact<T>) -> String {
    match fact {
        Fact::Stated(_) => pointer.to_owned(),
        Fact::Marked(_) => format!("{pointer}/value"),
    }
}

/// The pointer of a date's value: the string itself, or `value` in the long form.
/// A party's country when its kind has one but it is not stated, its
/// identifiers' check characters, its owners' dates and the total of the
/// shares held at one time.
fn party(c: &mut Checker<'_>, p: &Party, options: &RuleOptions) {
    if p.country_not_stated() {
        use accord_model::Vocabulary;
        c.push(
            Code::CountryNotStated,
            "/party/kind",
            format!(
                "the party `{}` is a `{}` but its country is not stated",
                p.id,
                p.kind.code()
            ),
            "give `country` when a source states it (marked `inferred` or `outside_knowledge` when no cited source does); left out, the party is listed as \"country not stated\" and is not counted in any home country or corridor".to_owned(),
        );
    }
    for (i, identifier) in p.identifiers.iter().enumerate() {
        if let Err(failure) = identifier.check() {
            let (what, chars, catch) = match identifier.scheme {
                IdentifierScheme::Lei => ("LEI", "check digits", "catch"),
                _ => ("Unified Social Credit Code", "check character", "catches"),
            };
            c.push(
                Code::InvalidIdentifier,
                &format!("/party/identifiers/{i}/id"),
                format!(
                    "`{}` is not a valid {what}: its {chars} `{}` should be `{}` for the characters before",
                    identifier.id, failure.found, failure.expected
                ),
                format!(
                    "copy the {what} again from the register: a character is probably mistyped or two are swapped (the {chars} {catch} that)"
                ),
            );
        }
    }
    for (i, owner) in p.owners.iter().enumerate() {
        let at = |name: &str, date: &DateValue| {
            date_pointer("party", &format!("owners/{i}/{name}"), date)
        };
        if let (Some(since), Some(until)) = (&owner.since, &owner.until)
            && until.span().is_certainly_before(&since.span())
        {
            c.push(
                Code::DateOrder,
                &at("until", until),
                format!("`until` ({until}) is before `since` ({since})"),
                "`since` is when the owner acquired the holding and `until` when it gave it up: check both".to_owned(),
            );
        }
        if let Some(since) = &owner.since {
            future(c, &at("since", since), "since", since, options);
        }
    }
    over_100(c, p);
}

/// The largest total of shares held at one time, checked at each owner's
/// start (the most holdings that overlap always overlap at one of their
/// starts). An owner counts at a time when it certainly holds its share
/// then: no `since` or one certainly before, and no `until` or one
/// certainly after; holdings without dates are all taken as held at once.
fn over_100(c: &mut Checker<'_>, p: &Party) {
    use rust_decimal::Decimal;
    let shared: Vec<(usize, &accord_model::Owner, Decimal)> = p
        .owners
        .iter()
        .enumerate()
        .filter_map(|(i, o)| o.share.map(|s| (i, o, s.0)))
        .collect();
    let total: Decimal = shared.iter().map(|(_, _, s)| *s).sum();
    if total <= Decimal::from(100) {
        return;
    }
    // `None` is the time before every date.
    let starts = shared
        .iter()
        .map(|(_, o, _)| o.since.as_ref().and_then(|d| d.span().latest));
    let mut worst: Option<(Decimal, Vec<usize>)> = None;
    for t in starts {
        let holding: Vec<(usize, Decimal)> = shared
            .iter()
            .filter(|(_, o, _)| {
                let began = match (&o.since, t) {
                    (None, _) => true,
                    (Some(since), Some(t)) => since.span().latest.is_some_and(|d| d <= t),
                    (Some(_), None) => false,
                };
                let still = match &o.until {
                    None => true,
                    Some(until) => match (until.span().earliest, t) {
                        (Some(end), Some(t)) => end > t,
                        (Some(_), None) => true,
                        (None, _) => false,
                    },
                };
                began && still
            })
            .map(|(i, _, s)| (*i, *s))
            .collect();
        let sum: Decimal = holding.iter().map(|(_, s)| *s).sum();
        if sum > Decimal::from(100) && worst.as_ref().is_none_or(|(w, _)| sum > *w) {
            worst = Some((sum, holding.into_iter().map(|(i, _)| i).collect()));
        }
    }
    let Some((sum, owners)) = worst else { return };
    let names: Vec<String> = owners
        .iter()
        .map(|&i| {
            format!(
                "`{}` {}",
                p.owners[i].party,
                p.owners[i].share.map(|s| s.to_string()).unwrap_or_default()
            )
        })
        .collect();
    let mut d = Diagnostic::new(
        Code::SharesOver100,
        c.file,
        c.spans.get().get("/party/owners").map(|s| s.key.unwrap_or(s.value)),
        format!(
            "the owners' shares add up to {}%, more than 100: {}",
            sum.normalize(),
            names.join(", ")
        ),
    )
    .with_hint(
        "check each share against its source; holdings that followed one another need `since` and `until` so that they are not added together",
    );
    for &i in &owners {
        if let Some(span) = c.at(&format!("/party/owners/{i}/share")) {
            d = d.with_label(c.file, span, "counted");
        }
    }
    c.out.push(d);
}

fn date_pointer(kind: &str, path: &str, date: &DateValue) -> String {
    match date {
        DateValue::Annotated(a) if a.value.is_some() => format!("/{kind}/{path}/value"),
        _ => format!("/{kind}/{path}"),
    }
}

fn future(c: &mut Checker<'_>, pointer: &str, name: &str, date: &DateValue, options: &RuleOptions) {
    let Some(as_of) = options.as_of else { return };
    if date.span().earliest.is_some_and(|day| day > as_of) {
        c.push(
            Code::FutureDate,
            pointer,
            format!("`{name}` ({date}) is after {as_of}, the date of this check"),
            "a record states what has happened: check the date, or give `--as-of` if the check's date is wrong"
                .to_owned(),
        );
    }
}

fn money(c: &mut Checker<'_>, pointer: &str, money: &Money) {
    if money.amount.0 <= rust_decimal::Decimal::ZERO {
        c.push(
            Code::NonPositiveAmount,
            &format!("{pointer}/amount"),
            format!("the amount is {}, not above zero", money.amount),
            "record the sum the source states; leave `value` out when there is none".to_owned(),
        );
    }
    if money.currency == Currency::Unknown {
        c.push(
            Code::UnknownCurrency,
            &format!("{pointer}/currency"),
            "the currency is unknown, so this sum is never added to any total".to_owned(),
            "give the ISO 4217 code if any source states the currency".to_owned(),
        );
    }
}

fn roles(c: &mut Checker<'_>, a: &Agreement) {
    let held: Vec<Vec<Role>> = a.parties.iter().map(|p| p.all_roles().collect()).collect();
    let present = |role: Role| held.iter().any(|roles| roles.contains(&role));
    let kind = a.kind.code();
    let article = |code: &str| {
        if code.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        }
    };
    // The rules themselves are the model's (`accord_model::required_roles`,
    // `unmet_requirements` and `ROLES_NEEDING_ANOTHER`); only their wording
    // is ours. Each requirement is met by a different party.
    let requirements = accord_model::required_roles(a.kind);
    let mut reported: Vec<&[Role]> = Vec::new();
    for index in accord_model::unmet_requirements(a.kind, &held) {
        let requirement = requirements[index];
        if reported.contains(&requirement) {
            continue;
        }
        reported.push(requirement);
        let names: Vec<String> = requirement
            .iter()
            .map(|r| format!("`{}`", r.code()))
            .collect();
        let times = requirements.iter().filter(|r| **r == requirement).count();
        let message = if times > 1 {
            format!(
                "{} `{kind}` needs {times} parties with the role {}",
                article(kind),
                names.join(" or ")
            )
        } else {
            format!(
                "{} `{kind}` needs a party with the role {}",
                article(kind),
                names.join(" or ")
            )
        };
        let hint = if requirement.iter().any(|r| present(*r)) {
            // The role is there, but held by the party that meets another
            // requirement: one party cannot be both sides.
            if times > 1 {
                format!(
                    "each side is a different party: give the other party the role {}",
                    names.join(" or ")
                )
            } else {
                format!(
                    "one party cannot play both sides of {} `{kind}`: give {} to the other party",
                    article(kind),
                    names.join(" or ")
                )
            }
        } else {
            "give each party the role it plays, or choose the kind that fits".to_owned()
        };
        c.push(Code::RoleMismatch, "/agreement/parties", message, hint);
    }
    for &(role, needed) in accord_model::ROLES_NEEDING_ANOTHER {
        // A `licensee` without a `licensor` in a `licensing` is already
        // reported as the kind's need, once is enough.
        let said = reported.iter().any(|r| r.contains(&needed));
        if present(role) && !present(needed) && !said {
            let hint = match needed {
                Role::Investor => {
                    "name the party that invests, with the role `investor`".to_owned()
                }
                Role::Lender => "name the party that lends, with the role `lender`".to_owned(),
                other => format!("name the party with the role `{}`", other.code()),
            };
            c.push(
                Code::RoleMismatch,
                "/agreement/parties",
                format!(
                    "there is {} `{}` but no `{}`",
                    article(role.code()),
                    role.code(),
                    needed.code()
                ),
                hint,
            );
        }
    }
    for (i, p) in a.parties.iter().enumerate() {
        if p.roles.len() > 1 {
            repeated(
                c,
                &format!("/agreement/parties/{i}/roles"),
                "role",
                &p.roles[..],
            );
        }
    }
}
