//! The story first: the briefing's subject, derived from its scope, and
//! the key messages of its summary, each computed from the data, each a
//! sentence a reader can check against the entries it names.

#[allow(unused_imports)]
use super::*;
use crate::{Filters, RegionFilter};

/// Where a collaboration stands, as the counts of a briefing tell it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Standing {
    /// Signed, in force or completed, and known from a source of its own.
    Agreed,
    /// Only discussed or announced: nothing signed.
    Talks,
    /// Lapsed.
    Lapsed,
    /// Known only because another collaboration refers to it: no date and
    /// no occasion of its own.
    ByReference,
}

impl Standing {
    /// Where `a` stands; `referred` holds the agreements others link to
    /// (`referred`).
    pub fn of(referred: &Referred<'_>, a: &Agreement) -> Standing {
        if a.dates.key_date().is_none() && a.occasion.is_none() && referred.contains(&a.id) {
            Standing::ByReference
        } else if a.status.is_agreed() {
            Standing::Agreed
        } else if a.status == accord_model::Status::Lapsed {
            Standing::Lapsed
        } else {
            Standing::Talks
        }
    }

    /// `12 signed, in force or completed`, `1 only discussed or announced`.
    pub fn count(self, n: usize) -> String {
        let what = match self {
            Standing::Agreed => "signed, in force or completed",
            Standing::Talks => "only discussed or announced",
            Standing::Lapsed => "lapsed",
            Standing::ByReference => "known only by reference",
        };
        format!("{n} {what}")
    }
}

/// The agreements another agreement of the dataset links to.
pub type Referred<'a> = std::collections::HashSet<&'a AgreementId>;

/// Every agreement another one links to, found once.
pub(super) fn referred(dataset: &Dataset) -> Referred<'_> {
    dataset
        .agreements
        .values()
        .flat_map(|a| a.links.iter().map(|l| &l.agreement))
        .collect()
}

/// The collaborations of the selection by standing, in the order of
/// [`Standing`], each as (anchor, title).
pub(super) fn standings(
    referred: &Referred<'_>,
    selected: &[&Agreement],
) -> BTreeMap<Standing, Vec<(String, String)>> {
    let mut out: BTreeMap<Standing, Vec<(String, String)>> = BTreeMap::new();
    for a in selected {
        out.entry(Standing::of(referred, a))
            .or_default()
            .push((a.id.to_string(), a.title.to_string()));
    }
    out
}

/// The subject of the briefing, for its title: where, in what, when —
/// `United Kingdom–China health collaboration, 2018–2023`. The place is
/// the region filter's, else the home countries (of the parties' ultimate
/// parents) found in more than half of the collaborations, the one where
/// fewer take effect first; the sector is the sector filter's, else the
/// top-level sectors of more than half of them; the years are those of
/// their dates.
pub(super) fn subject(dataset: &Dataset, selected: &[&Agreement], filters: &Filters) -> String {
    let n = selected.len();
    let place = if !filters.regions.is_empty() {
        filters
            .regions
            .iter()
            .map(RegionFilter::describe)
            .collect::<Vec<_>>()
            .join(" and ")
    } else {
        let mut homes: BTreeMap<CountryCode, usize> = BTreeMap::new();
        let mut effect: BTreeMap<CountryCode, usize> = BTreeMap::new();
        for a in selected {
            let here: BTreeSet<CountryCode> = a
                .party_ids()
                .filter_map(|id| dataset.parties.get(id))
                .filter_map(|p| ultimate_home(dataset, p))
                .map(|(_, c)| *c.value())
                .collect();
            for c in here {
                *homes.entry(c).or_default() += 1;
            }
            let places: BTreeSet<CountryCode> = a.places.iter().map(|p| p.country).collect();
            for c in places {
                *effect.entry(c).or_default() += 1;
            }
        }
        let mut main: Vec<CountryCode> = homes
            .into_iter()
            .filter(|(_, k)| 2 * k > n)
            .map(|(c, _)| c)
            .collect();
        main.sort_by_key(|c| (effect.get(c).copied().unwrap_or(0), format::country(*c)));
        main.iter()
            .map(|c| format::country(*c))
            .collect::<Vec<_>>()
            .join("–")
    };
    let sector = if !filters.sectors.is_empty() {
        filters
            .sectors
            .iter()
            .map(|s| s.label().to_lowercase())
            .collect::<Vec<_>>()
            .join(" and ")
    } else {
        let mut tops: BTreeMap<Sector, usize> = BTreeMap::new();
        for a in selected {
            for s in top_sectors(a) {
                *tops.entry(s).or_default() += 1;
            }
        }
        // At most two sectors name a subject; more name none.
        let main: Vec<String> = tops
            .into_iter()
            .filter(|(_, k)| 2 * k > n)
            .map(|(s, _)| s.label().to_lowercase())
            .collect();
        if main.len() <= 2 {
            main.join(" and ")
        } else {
            String::new()
        }
    };
    let years: BTreeSet<i32> = selected
        .iter()
        .filter_map(|a| a.dates.key_date())
        .filter_map(|d| d.span().sort_day())
        .map(|d| chrono::Datelike::year(&d))
        .collect();
    let mut text = [place.as_str(), sector.as_str(), "collaboration"]
        .iter()
        .filter(|s| !s.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    if !filters.parties.is_empty() {
        let names: Vec<String> = filters
            .parties
            .iter()
            .map(|id| party_name(dataset, id))
            .collect();
        text.push_str(&format!(" involving {}", names.join(" or ")));
    }
    match (years.first(), years.last()) {
        (Some(a), Some(b)) if a == b => text.push_str(&format!(", {a}")),
        (Some(a), Some(b)) => text.push_str(&format!(", {a}–{b}")),
        _ => {}
    }
    format::capitalise(&text)
}

/// A collaboration as a key message names it: its anchor and title.
fn entry(a: &Agreement) -> (String, String) {
    (a.id.to_string(), a.title.to_string())
}

/// The key messages: three to six sentences, each with the entries it
/// rests on, in this order: what happened at the occasion most
/// collaborations belong to; the largest stated values; signed against
/// only discussed; the main corridors; what is new; how sure all this is.
pub(super) fn key_messages(
    dataset: &Dataset,
    referred: &Referred<'_>,
    selected: &[&Agreement],
    corridors: &[Corridor],
    rates: Option<&RateTable>,
) -> Vec<KeyMessage> {
    let mut out = Vec::new();
    if selected.is_empty() {
        return out;
    }
    let n = selected.len();
    let standing = standings(referred, selected);

    // 1. The occasion most collaborations belong to (its parent, when it
    // has one), when it holds at least two.
    let mut by_occasion: BTreeMap<&OccasionId, Vec<&Agreement>> = BTreeMap::new();
    for a in selected {
        if let Some(id) = a.occasion_id() {
            let top = dataset
                .occasions
                .get(id)
                .and_then(|o| o.part_of.as_ref())
                .unwrap_or(id);
            by_occasion.entry(top).or_default().push(a);
        }
    }
    if let Some((id, group)) = by_occasion
        .into_iter()
        .filter(|(_, g)| g.len() >= 2)
        .max_by_key(|(id, g)| (g.len(), std::cmp::Reverse(*id)))
        && let Some(occasion) = dataset.occasions.get(id)
    {
        let agreed = group.iter().filter(|a| a.status.is_agreed()).count();
        let inferred = group.iter().any(|a| {
            a.occasion
                .as_ref()
                .is_some_and(|o| o.certainty() != Certainty::Stated)
        });
        let when = occasion
            .date
            .as_ref()
            .map(|d| format!(" ({})", format::date_value(d)))
            .unwrap_or_default();
        let verb = if agreed == group.len() {
            "were signed in connection with"
        } else {
            "belong to"
        };
        let mut text = format!(
            "{} of the {n} collaborations {verb} the {}{when}{}",
            group.len(),
            occasion.name,
            if inferred { format::INFERRED_SIGN } else { "" }
        );
        if let Some(total) = &occasion.reported_total {
            text.push_str(&format!(
                "; the source puts the total at {}{}",
                format::money(total),
                converted(total, rates)
            ));
        }
        text.push('.');
        let mut group = group.clone();
        group.sort_by(|a, b| significance(referred, a, b));
        out.push(KeyMessage {
            text,
            entries: group.iter().map(|a| entry(a)).collect(),
        });
    }

    // 2. The largest stated value in each currency.
    let mut largest: BTreeMap<String, (Money, &Agreement)> = BTreeMap::new();
    let mut without_value = 0;
    for a in selected {
        let moneys: Vec<Money> = a
            .value
            .iter()
            .cloned()
            .chain(
                a.amounts
                    .iter()
                    .filter(|m| m.left_out_of_totals.is_none())
                    .map(StatedAmount::money),
            )
            .collect();
        if moneys.is_empty() {
            without_value += 1;
        }
        for m in moneys {
            let key = format::currency(&m.currency);
            let bigger = largest
                .get(&key)
                .is_none_or(|(best, _)| m.amount.0 > best.amount.0);
            if bigger {
                largest.insert(key, (m, a));
            }
        }
    }
    if !largest.is_empty() {
        let mut items: Vec<(Money, &Agreement)> = largest.into_values().collect();
        items.sort_by(|(x, _), (y, _)| {
            matches!(x.currency, Currency::Unknown)
                .cmp(&matches!(y.currency, Currency::Unknown))
                .then(y.amount.0.cmp(&x.amount.0))
        });
        let parts: Vec<String> = items
            .iter()
            .map(|(m, a)| format!("{}{} ({})", format::money(m), converted(m, rates), a.title))
            .collect();
        let lead = if parts.len() == 1 {
            "The largest stated value is"
        } else {
            "The largest stated values, per currency, are"
        };
        let mut text = format!("{lead} {}", parts.join("; "));
        if without_value > 0 {
            text.push_str(&format!(
                "; {without_value} of the {n} collaborations state no value"
            ));
        }
        text.push('.');
        out.push(KeyMessage {
            text,
            entries: items.iter().map(|(_, a)| entry(a)).collect(),
        });
    }

    // 3. Signed against only discussed, and what is known only by reference.
    if standing.len() > 1 || !standing.contains_key(&Standing::Agreed) {
        let mut parts = Vec::new();
        let mut entries = Vec::new();
        for (kind, list) in &standing {
            let mut part = kind.count(list.len());
            if *kind != Standing::Agreed && list.len() <= 3 {
                let titles: Vec<&str> = list.iter().map(|(_, t)| t.as_str()).collect();
                part.push_str(&format!(": {}", titles.join("; ")));
                entries.extend(list.iter().cloned());
            }
            parts.push(part);
        }
        let text = if n == 1 {
            format!(
                "The one collaboration is {}.",
                parts.join("; ").trim_start_matches("1 ")
            )
        } else {
            format!("Of the {n} collaborations, {}.", parts.join("; "))
        };
        out.push(KeyMessage { text, entries });
    }

    // 4. The main corridors.
    if !corridors.is_empty() {
        let parts: Vec<String> = corridors
            .iter()
            .take(3)
            .map(|c| {
                let name = c.name.trim_end_matches([
                    format::INFERRED_SIGN.chars().next().unwrap_or('†'),
                    format::OUTSIDE_SIGN.chars().next().unwrap_or('‡'),
                ]);
                let signs = &c.name[name.len()..];
                match name.strip_suffix(" (domestic)") {
                    Some(country) => format!("within {country}{signs}, {}", c.count),
                    None => format!("{}{signs}, {}", name.replace(" – ", "–"), c.count),
                }
            })
            .collect();
        out.push(KeyMessage {
            text: format!(
                "By the home countries of the parties' ultimate parents: {}.",
                parts.join("; ")
            ),
            entries: vec![(
                "corridors".to_owned(),
                SectionKind::Corridors.title().to_owned(),
            )],
        });
    }

    // 5. What is new: the latest collaboration agreed, and its stated
    // targets (talks are in the third message).
    let latest = selected
        .iter()
        .filter(|a| Standing::of(referred, a) == Standing::Agreed)
        .filter_map(|a| a.dates.key_date().map(|d| (d.span().sort_day(), *a)))
        .max_by(|(x, a), (y, b)| x.cmp(y).then(b.title.cmp(&a.title)));
    if let Some((_, a)) = latest
        && n > 1
    {
        let date = a.dates.key_date().map(|d| format::date_text(d, true));
        let mut text = format!(
            "The most recent agreement is the {} ({}{})",
            a.title,
            format::status(a.status).to_lowercase(),
            date.map(|d| format!(", {d}")).unwrap_or_default()
        );
        let targets: Vec<String> = a
            .targets
            .iter()
            .filter_map(|t| t.quantity.as_ref())
            .take(2)
            .map(|q| {
                let words = q
                    .qualifier
                    .words()
                    .map(|w| format!("{w} "))
                    .unwrap_or_default();
                format!("{words}{} {}", q.value, q.unit)
            })
            .collect();
        if !targets.is_empty() {
            text.push_str(&format!("; its stated targets: {}", targets.join(", ")));
        }
        text.push('.');
        out.push(KeyMessage {
            text,
            entries: vec![entry(a)],
        });
    }

    // 6. How sure: dates and occasions inferred, facts from outside
    // knowledge, currencies unknown.
    let inferred_dates: Vec<&Agreement> = selected
        .iter()
        .copied()
        .filter(|a| {
            a.dates
                .key_date()
                .is_some_and(|d| d.certainty() == Certainty::Inferred)
        })
        .collect();
    let outside: Vec<&Agreement> = selected
        .iter()
        .copied()
        .filter(|a| {
            marks::agreement(dataset, a, &|id| id.to_string())
                .iter()
                .any(|m| m.basis.certainty() == Certainty::OutsideKnowledge)
                || a.party_ids()
                    .filter_map(|id| dataset.parties.get(id))
                    .filter_map(|p| ultimate_home(dataset, p))
                    .any(|(_, c)| c.certainty() == Certainty::OutsideKnowledge)
        })
        .collect();
    let unknown_currency = selected
        .iter()
        .filter(|a| {
            a.value
                .iter()
                .cloned()
                .chain(a.amounts.iter().map(StatedAmount::money))
                .any(|m| matches!(m.currency, Currency::Unknown))
        })
        .count();
    let mut parts = Vec::new();
    if !inferred_dates.is_empty() {
        parts.push(if inferred_dates.len() == 1 {
            format!(
                "the date of 1 collaboration is inferred{} from its sources, not stated",
                format::INFERRED_SIGN
            )
        } else {
            format!(
                "the dates of {} collaborations are inferred{} from their sources, not stated",
                inferred_dates.len(),
                format::INFERRED_SIGN
            )
        });
    }
    if !outside.is_empty() {
        parts.push(format!(
            "{} rest in part on facts from outside the cited sources{}",
            format::count(outside.len(), "collaboration", "collaborations"),
            format::OUTSIDE_SIGN
        ));
    }
    if unknown_currency > 0 {
        parts.push(format!(
            "the currency of {} is unknown, so {} not added to any total",
            format::count(unknown_currency, "stated value", "stated values"),
            if unknown_currency == 1 {
                "it is"
            } else {
                "they are"
            }
        ));
    }
    if !parts.is_empty() {
        let mut entries: Vec<(String, String)> = outside.iter().map(|a| entry(a)).collect();
        entries.push((
            "quality".to_owned(),
            SectionKind::Quality.title().to_owned(),
        ));
        out.push(KeyMessage {
            text: format!("How sure: {}.", join_and(&parts)),
            entries,
        });
    }
    out
}

/// `a`, `a and b`, `a, b and c`.
fn join_and(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// ` (≈ 523,000,000 GBP, at the rates of 1 August 2023, Bank of England)`
/// for a figure the rate table covers,
/// rounded to the rate's significant digits and keeping the qualifier;
/// empty otherwise.
pub(super) fn converted(money: &Money, rates: Option<&RateTable>) -> String {
    let Some(table) = rates else {
        return String::new();
    };
    let Currency::Iso(code) = &money.currency else {
        return String::new();
    };
    let Some(rate) = table.rate(code.code()) else {
        return String::new();
    };
    if code.code() == table.target {
        return String::new();
    }
    match convert_figure(money.amount.0, rate) {
        Some(value) => format!(
            " (≈ {}{} {}, at the rates of {}, {})",
            format::qualifier_words(Some(money.qualifier)),
            Amount(value),
            table.target,
            format::partial_date(&PartialDate::Day(table.date)),
            table.label
        ),
        None => String::new(),
    }
}

/// `amount × rate`, rounded to as many significant digits as the rate has
/// (a rate of `0.1105` supports four): a conversion is no more precise
/// than its rate. `None` when the product cannot be computed.
pub(crate) fn convert_figure(amount: Decimal, rate: Decimal) -> Option<Decimal> {
    let product = amount.checked_mul(rate)?;
    let digits = significant_digits(rate).max(1);
    Some(product.round_sf(digits).unwrap_or(product).normalize())
}

/// The significant digits of a decimal as written: `0.1105` has four,
/// `9.2` two, `1` one, `120` three (trailing zeros of an integer count).
pub(crate) fn significant_digits(value: Decimal) -> u32 {
    let mantissa = value.mantissa().unsigned_abs().to_string();
    let trimmed = mantissa.trim_start_matches('0');
    u32::try_from(trimmed.len()).unwrap_or(u32::MAX)
}

/// Most significant first: larger stated value (in any currency, largest
/// first, unknown currencies after), then agreed before talks, then the
/// more recent; then by title.
pub(super) fn significance(
    referred: &Referred<'_>,
    a: &Agreement,
    b: &Agreement,
) -> std::cmp::Ordering {
    let value = |x: &Agreement| {
        x.value
            .iter()
            .cloned()
            .chain(x.amounts.iter().map(StatedAmount::money))
            .filter(|m| matches!(m.currency, Currency::Iso(_)))
            .map(|m| m.amount.0)
            .max()
    };
    let has_value = |x: &Agreement| x.value.is_some() || !x.amounts.is_empty();
    let day = |x: &Agreement| x.dates.key_date().and_then(|d| d.span().sort_day());
    has_value(b)
        .cmp(&has_value(a))
        .then(value(b).cmp(&value(a)))
        .then(Standing::of(referred, a).cmp(&Standing::of(referred, b)))
        .then(day(b).cmp(&day(a)))
        .then(a.title.cmp(&b.title))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_keep_the_rate_s_precision() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(significant_digits(d("0.1105")), 4);
        assert_eq!(significant_digits(d("9.2")), 2);
        assert_eq!(significant_digits(d("1")), 1);
        assert_eq!(
            convert_figure(d("5000000000"), d("0.1105")),
            Some(d("552500000"))
        );
        assert_eq!(
            convert_figure(d("123456789"), d("0.11")),
            Some(d("14000000"))
        );
    }
}
