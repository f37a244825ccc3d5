//! Key figures and money: counts, totals per currency, conversions.

#[allow(unused_imports)]
use super::*;

pub(super) fn key_figures(
    dataset: &Dataset,
    selected: &[&Agreement],
    referred: &Referred<'_>,
    corridors: &[Corridor],
) -> Vec<KeyFigure> {
    let parties: BTreeSet<&PartyId> = selected.iter().flat_map(|a| a.party_ids()).collect();
    // Each country where a collaboration takes effect, and whether every
    // place that names it is marked.
    let mut countries: BTreeMap<CountryCode, (&'static str, bool)> = BTreeMap::new();
    for place in selected.iter().flat_map(|a| a.places.iter()) {
        let sign = format::sign(place.certainty());
        let entry = countries.entry(place.country).or_insert((sign, true));
        if sign.is_empty() {
            *entry = ("", false);
        }
    }
    let standing = standings(referred, selected);
    // Each home country, and whether every party based there has its
    // country marked.
    // International and unidentified organisations have no home country
    // (`Party::home_country`); they are counted apart, to say so.
    // A party whose country is not stated (`Party::country_not_stated`)
    // may have one: it is left out of the count too, and said apart.
    let mut home: BTreeMap<CountryCode, (&'static str, bool)> = BTreeMap::new();
    let (mut international, mut unidentified, mut not_stated) = (0, 0, 0);
    for p in parties.iter().filter_map(|id| dataset.parties.get(*id)) {
        match p.kind {
            PartyKind::InternationalOrganisation => international += 1,
            PartyKind::UnidentifiedOrganisation => unidentified += 1,
            _ if p.country_not_stated() => not_stated += 1,
            _ => {}
        }
        let Some(country) = p.home_country() else {
            continue;
        };
        let sign = format::sign(country.certainty());
        let entry = home.entry(*country.value()).or_insert((sign, true));
        if sign.is_empty() {
            *entry = ("", false);
        }
    }
    let identified = parties
        .iter()
        .filter(|id| {
            dataset
                .parties
                .get(**id)
                .is_none_or(|p| p.kind.is_identified())
        })
        .count();
    let without_home = {
        let mut parts = Vec::new();
        if international > 0 {
            parts.push(format::count(
                international,
                "international organisation",
                "international organisations",
            ));
        }
        if unidentified > 0 {
            parts.push(format::count(
                unidentified,
                "unidentified organisation",
                "unidentified organisations",
            ));
        }
        let homeless = (!parts.is_empty()).then(|| {
            format!(
                "not counting {}, which {} no home country",
                parts.join(" and "),
                if international + unidentified == 1 {
                    "has"
                } else {
                    "have"
                }
            )
        });
        let unstated = (not_stated > 0).then(|| {
            format!(
                "{} whose country is not stated",
                format::count(not_stated, "party", "parties")
            )
        });
        match (homeless, unstated) {
            (Some(h), Some(u)) => Some(format!("{h}, nor {u}")),
            (Some(h), None) => Some(h),
            (None, Some(u)) => Some(format!("not counting {u}")),
            (None, None) => None,
        }
    };
    let with_marks = selected
        .iter()
        .filter(|a| {
            !marks::agreement(dataset, a, &|id| id.to_string()).is_empty()
                || a.party_ids()
                    .filter_map(|id| dataset.parties.get(id))
                    .any(|p| {
                        p.country
                            .as_ref()
                            .is_some_and(|c| c.certainty() != Certainty::Stated)
                    })
        })
        .count();
    let only_marked = |map: &BTreeMap<CountryCode, (&'static str, bool)>, what: &str| {
        let marked: Vec<String> = map
            .iter()
            .filter(|(_, (_, only))| *only)
            .map(|(c, (sign, _))| format!("{}{sign}", format::country(*c)))
            .collect();
        (!marked.is_empty()).then(|| {
            format!(
                "{} rest only on {what}: {}",
                format::count(marked.len(), "of them", "of them"),
                marked.join(", ")
            )
        })
    };
    let mut figures = vec![KeyFigure {
        value: selected.len().to_string(),
        label: "collaborations".to_owned(),
        note: (with_marks > 0).then(|| {
            format!(
                "{} of them {} marked facts (a party's country, a role, a place, the occasion, a date or a person's part)",
                with_marks,
                if with_marks == 1 { "includes" } else { "include" }
            )
        }),
    }];
    // What the collaborations count: signed, talks, known by reference.
    for (kind, list) in &standing {
        let full = kind.count(list.len());
        figures.push(KeyFigure {
            value: list.len().to_string(),
            label: full
                .split_once(' ')
                .map_or(full.clone(), |(_, label)| label.to_owned()),
            note: None,
        });
    }
    // The largest stated value in a known currency, in short.
    let largest = selected
        .iter()
        .flat_map(|a| {
            a.value
                .iter()
                .cloned()
                .chain(
                    a.amounts
                        .iter()
                        .filter(|m| m.left_out_of_totals.is_none())
                        .map(StatedAmount::money),
                )
                .map(move |m| (m, a.title.as_str()))
        })
        .filter_map(|(m, title)| match &m.currency {
            Currency::Iso(c) => Some((m.amount.0, c.code(), m.qualifier, title)),
            Currency::Unknown => None,
        })
        .max_by(|x, y| x.0.cmp(&y.0).then(y.3.cmp(x.3)));
    if let Some((amount, code, qualifier, title)) = largest {
        figures.push(KeyFigure {
            value: format::compact_money(amount, code, Some(qualifier)),
            label: "largest stated value".to_owned(),
            note: Some(title.to_owned()),
        });
    }
    if let Some(main) = corridors.first() {
        figures.push(KeyFigure {
            value: main.count.to_string(),
            label: format!("in the largest corridor, {}", main.name),
            note: None,
        });
    }
    figures.push(KeyFigure {
        value: identified.to_string(),
        label: "parties".to_owned(),
        note: (unidentified > 0).then(|| {
            format!(
                "besides {}, which a source names only by category and which may each stand for more than one body",
                format::count(
                    unidentified,
                    "unidentified organisation",
                    "unidentified organisations"
                )
            )
        }),
    });
    figures.push(KeyFigure {
        value: home.len().to_string(),
        label: "home countries of the parties".to_owned(),
        note: match (
            only_marked(&home, "marked countries of parties"),
            without_home,
        ) {
            (Some(a), Some(b)) => Some(format!("{a}; {b}")),
            (a, b) => a.or(b),
        },
    });
    figures.push(KeyFigure {
        value: countries.len().to_string(),
        label: "countries where they take effect".to_owned(),
        note: only_marked(&countries, "marked places"),
    });
    figures
}

/// The stated values in one currency, summed as far as that is exact.
pub(super) struct CurrencyTotal<'a> {
    /// The exact sum, while it can be computed.
    exact: Option<Decimal>,
    /// The sum as far as a [`Decimal`] holds it, possibly rounded; `None`
    /// once it overflows.
    rounded: Option<Decimal>,
    qualifiers: Vec<Qualifier>,
    /// Each value with the title of its collaboration, to list one by one
    /// when no total can be given.
    values: Vec<(Money, &'a str)>,
    /// How many of the values the recorder estimated.
    estimated: usize,
}

/// One figure a total may take in: the agreement's `value` (kind `None`)
/// or one of its `amounts`.
pub(super) struct Figure<'a> {
    pub(super) kind: Option<AmountKind>,
    pub(super) money: Money,
    pub(super) estimated: bool,
    pub(super) left_out: Option<&'a LeftOut>,
    pub(super) title: &'a str,
}

/// Every figure of the selected agreements: each `value`, then each of
/// its `amounts`.
pub(super) fn figures<'a>(selected: &[&'a Agreement]) -> Vec<Figure<'a>> {
    let mut out = Vec::new();
    for a in selected {
        let title = a.title.as_str();
        if let Some(value) = &a.value {
            out.push(Figure {
                kind: None,
                money: value.clone(),
                estimated: false,
                left_out: None,
                title,
            });
        }
        for amount in &a.amounts {
            out.push(Figure {
                kind: Some(amount.kind),
                money: amount.money(),
                estimated: amount.estimated,
                left_out: amount.left_out_of_totals.as_ref(),
                title,
            });
        }
    }
    out
}

/// `Committed: `, or nothing for the stated `value`.
pub(super) fn kind_prefix(kind: Option<AmountKind>) -> String {
    kind.map_or_else(String::new, |k| {
        format!("{}: ", format::capitalise(k.words()))
    })
}

/// Sums of stated values per known currency, with a combined qualifier;
/// unknown currencies are listed, never added. The agreements' `value`s
/// are totalled as before; the figures of `amounts` are totalled per kind
/// (committed, disbursed …), each kind on its own line and never added to
/// another, and a figure left out of totals is listed with its reason. A
/// sum that cannot be computed exactly (it overflows, or needs more than
/// the 28 significant digits of a [`Decimal`]) is not given: the line says
/// so and lists the values one by one.
pub(super) fn totals(
    selected: &[&Agreement],
    rates: Option<&RateTable>,
) -> (Vec<String>, Option<String>) {
    let mut by_currency: BTreeMap<(Option<AmountKind>, &'static str), CurrencyTotal<'_>> =
        BTreeMap::new();
    let mut unknown = Vec::new();
    let mut left_out = Vec::new();
    for figure in figures(selected) {
        let what = match figure.kind {
            None => format::money(&figure.money),
            Some(kind) => format!("{} {}", format::money(&figure.money), kind.words()),
        };
        if let Some(why) = figure.left_out {
            let mut text = format!("{what} ({}), {}", figure.title, why.reason.words());
            if let Some(note) = &why.note {
                text.push_str(&format!(": {note}"));
            }
            left_out.push(text);
            continue;
        }
        match figure.money.currency {
            Currency::Iso(c) => {
                let entry = by_currency
                    .entry((figure.kind, c.code()))
                    .or_insert(CurrencyTotal {
                        exact: Some(Decimal::ZERO),
                        rounded: Some(Decimal::ZERO),
                        qualifiers: Vec::new(),
                        values: Vec::new(),
                        estimated: 0,
                    });
                let amount = figure.money.amount.0;
                entry.exact = entry.exact.and_then(|s| exact_sum(s, amount));
                entry.rounded = entry.rounded.and_then(|s| s.checked_add(amount));
                entry.qualifiers.push(figure.money.qualifier);
                entry.estimated += usize::from(figure.estimated);
                entry.values.push((figure.money, figure.title));
            }
            Currency::Unknown => unknown.push(format!("{what} ({})", figure.title)),
        }
    }
    let target = rates.map_or("", |r| r.target.as_str());
    let mut lines = Vec::new();
    let mut converted = Vec::new();
    for ((kind, code), total) in &by_currency {
        let n = total.values.len();
        let (one, many) = if kind.is_some() {
            ("amount", "amounts")
        } else {
            ("stated value", "stated values")
        };
        let prefix = kind_prefix(*kind);
        let Some(sum) = total.exact else {
            let why = if total.rounded.is_some() {
                "has more digits than can be computed exactly"
            } else {
                "exceeds what can be computed"
            };
            let listed: Vec<String> = total
                .values
                .iter()
                .map(|(money, title)| format!("{} ({title})", format::money(money)))
                .collect();
            lines.push(format!(
                "{prefix}The total in {code} {why}; the {} are listed one by one: {}",
                format::count(n, one, many),
                listed.join("; ")
            ));
            if rates.and_then(|r| r.rate(code)).is_some() {
                converted.push(format!(
                    "the {}{code} total is not converted, as it could not be computed",
                    kind.map_or_else(String::new, |k| format!("{} ", k.words()))
                ));
            }
            continue;
        };
        let words = match combine(&total.qualifiers) {
            Some(q) => format::qualifier_words(Some(q)).to_owned(),
            None => "a sum of figures with different qualifiers: ".to_owned(),
        };
        let mut line = format!(
            "{prefix}{words}{} {code}, from {}",
            Amount(sum),
            format::count(n, one, many)
        );
        if total.estimated > 0 {
            line.push_str(&format!(
                ", {} of them estimated by the recorder",
                total.estimated
            ));
        }
        lines.push(line);
        if let Some(rate) = rates.and_then(|r| r.rate(code)) {
            let kept = combine(&total.qualifiers).map_or("", |q| format::qualifier_words(Some(q)));
            let text = convert_with(sum, kept, code, rate, target);
            converted.push(match kind {
                None => text,
                Some(k) => format!("{} {text}", k.words()),
            });
        }
    }
    if !unknown.is_empty() {
        lines.push(format!(
            "Not added, because the currency is unknown: {}",
            unknown.join("; ")
        ));
    }
    if !left_out.is_empty() {
        lines.push(format!(
            "Left out of the totals, as their records say: {}",
            left_out.join("; ")
        ));
    }
    if lines.is_empty() {
        lines.push("No collaboration in this selection states a value.".to_owned());
    }
    let conversion = rates.map(|r| {
        let mut text = format!(
            "Converted to {} at the rates of {} ({}), for comparison only",
            r.target,
            format::partial_date(&PartialDate::Day(r.date)),
            r.label
        );
        if converted.is_empty() {
            text.push_str(": no total is in a currency the table covers.");
        } else {
            text.push_str(&format!(": {}.", converted.join("; ")));
        }
        text
    });
    (lines, conversion)
}

/// `a + b` when it can be computed exactly; `None` when the sum overflows
/// a [`Decimal`] or would have to be rounded.
///
/// A `Decimal` holds 96 bits of digits. When a sum needs more, rust_decimal
/// drops decimals and rounds, so a sum with fewer decimals than its terms
/// is exact only if the dropped decimals were all zero: when the parts of
/// `a` and `b` below the kept last place add up to whole units of it.
pub(crate) fn exact_sum(a: Decimal, b: Decimal) -> Option<Decimal> {
    let sum = a.checked_add(b)?;
    if sum.scale() >= a.scale().max(b.scale()) {
        return Some(sum);
    }
    let unit = Decimal::try_new(1, sum.scale()).ok()?;
    let below = a.checked_rem(unit)?.checked_add(b.checked_rem(unit)?)?;
    below.checked_rem(unit)?.is_zero().then_some(sum)
}

/// One converted total: `5,000,000,000 CNY ≈ 500,000,000 GBP`, rounded
/// to as many significant digits as the rate has (a conversion is no more
/// precise than its rate; a rate of exactly 1 converts exactly). A product
/// that overflows, or is too small for a [`Decimal`], is said in words.
#[cfg(test)]
pub(super) fn convert(sum: Decimal, code: &str, rate: Decimal, target: &str) -> String {
    convert_with(sum, "", code, rate, target)
}

/// [`convert`] with the figure's qualifier in words (`more than `), kept
/// on both sides: `more than 200 USD ≈ more than 150 GBP`.
pub(super) fn convert_with(
    sum: Decimal,
    words: &str,
    code: &str,
    rate: Decimal,
    target: &str,
) -> String {
    let from = Amount(sum);
    match sum.checked_mul(rate) {
        None => {
            format!("{words}{from} {code}: the figure in {target} exceeds what can be computed")
        }
        Some(product) if product.is_zero() && !sum.is_zero() && !rate.is_zero() => {
            format!("{words}{from} {code}: the figure in {target} is too small to compute")
        }
        Some(product) => {
            let shown = if rate == Decimal::ONE {
                product
            } else {
                convert_figure(sum, rate).unwrap_or(product)
            };
            format!("{words}{from} {code} ≈ {words}{} {target}", Amount(shown))
        }
    }
}

/// The qualifier of a sum: exact only if all are; a lower bound if all are
/// exact or lower bounds; an upper bound if all are exact or upper bounds;
/// approximate if all are exact or approximate; otherwise none fits.
pub(super) fn combine(qualifiers: &[Qualifier]) -> Option<Qualifier> {
    let all = |allowed: &[Qualifier]| qualifiers.iter().all(|q| allowed.contains(q));
    use Qualifier::*;
    if all(&[Exact]) {
        Some(Exact)
    } else if all(&[Exact, MoreThan, AtLeast]) {
        Some(if qualifiers.contains(&MoreThan) {
            MoreThan
        } else {
            AtLeast
        })
    } else if all(&[Exact, UpTo]) {
        Some(UpTo)
    } else if all(&[Exact, Approximately]) {
        Some(Approximately)
    } else {
        None
    }
}

pub(super) fn reported_totals(dataset: &Dataset, selected: &[&Agreement]) -> Vec<String> {
    let occasions: BTreeSet<_> = selected.iter().filter_map(|a| a.occasion_id()).collect();
    let mut lines = Vec::new();
    let mut seen = BTreeSet::new();
    for id in occasions {
        let Some(occasion) = dataset.occasions.get(id) else {
            continue;
        };
        // A sub-occasion's parent may carry the total.
        let mut chain = vec![occasion];
        if let Some(parent) = occasion
            .part_of
            .as_ref()
            .and_then(|p| dataset.occasions.get(p))
        {
            chain.push(parent);
        }
        for o in chain {
            if let Some(total) = &o.reported_total {
                let line = format!(
                    "{}: {} in all, as the source reports it",
                    o.name,
                    format::money(total)
                );
                if seen.insert(line.clone()) {
                    lines.push(line);
                }
            }
        }
    }
    lines
}
