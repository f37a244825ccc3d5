//! How values are written in briefings: dates with their precision, money
//! with its qualifier and currency, vocabulary labels.

use accord_model::{
    AgreementKind, Currency, DateValue, LinkKind, Money, PartialDate, PartyKind, PersonPart,
    Qualifier, Role, SourceKind, Status, Vocabulary,
};
use chrono::Datelike;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `14 February 2018`, `February 2018` or `2018`.
pub fn partial_date(date: &PartialDate) -> String {
    match *date {
        PartialDate::Year(y) => format!("{y}"),
        PartialDate::Month(y, m) => format!("{} {y}", month_name(m)),
        PartialDate::Day(d) => format!("{} {} {}", d.day(), month_name(d.month()), d.year()),
    }
}

fn month_name(m: u32) -> &'static str {
    MONTHS
        .get(m.saturating_sub(1) as usize)
        .copied()
        .unwrap_or("?")
}

/// A date as a record gives it: `14 February 2018`, `on or before 14
/// February 2018`, `9 August (year 2023 inferred)`, marked when inferred or
/// from outside knowledge, with the source's wording when it is kept.
pub fn date_value(date: &DateValue) -> String {
    date_text(date, true)
}

/// A date as [`date_value`] writes it, without the mark when `marked` is
/// false (for lists whose heading already says how the dates are known).
pub fn date_text(date: &DateValue, marked: bool) -> String {
    let mark = if marked { date.certainty().label() } else { "" };
    let mut text = match (date.month_day(), date.date()) {
        (Some(md), Some(full)) if !date.certainty().label().is_empty() => format!(
            "{} {} (year {}{}{mark})",
            md.day(),
            month_name(md.month()),
            full.year(),
            if mark.is_empty() { "" } else { " " }
        ),
        (Some(md), _) => format!("{} {}", md.day(), month_name(md.month())),
        (None, Some(full)) => partial_date(full),
        (None, None) => String::new(),
    };
    let (after, before) = date.bounds();
    let bounds = match (after, before) {
        (Some(a), Some(b)) => Some(format!(
            "between {} and {}",
            partial_date(a),
            partial_date(b)
        )),
        (Some(a), None) => Some(format!("on or after {}", partial_date(a))),
        (None, Some(b)) => Some(format!("on or before {}", partial_date(b))),
        (None, None) => None,
    };
    if let Some(bounds) = bounds {
        text = if text.is_empty() {
            bounds
        } else {
            format!("{text}, {bounds}")
        };
    }
    if !mark.is_empty() && date.month_day().is_none() {
        text.push_str(&format!(" ({mark})"));
    }
    if let Some(words) = date.as_stated() {
        text.push_str(&format!(" [“{words}”]"));
    }
    text
}

/// `more than 200,000,000 (currency unknown)`, `5,000,000,000 CNY`.
pub fn money(money: &Money) -> String {
    let mut text = String::new();
    if let Some(words) = money.qualifier.words() {
        text.push_str(words);
        text.push(' ');
    }
    text.push_str(&money.amount.to_string());
    text.push(' ');
    text.push_str(&currency(&money.currency));
    text
}

/// `GBP`, or `(currency unknown)`.
pub fn currency(currency: &Currency) -> String {
    match currency {
        Currency::Iso(c) => c.code().to_owned(),
        Currency::Unknown => "(currency unknown)".to_owned(),
    }
}

/// The words put before a total combining several qualifiers.
pub fn qualifier_words(qualifier: Option<Qualifier>) -> &'static str {
    match qualifier {
        None => "",
        Some(q) => match q.words() {
            None => "",
            Some("about") => "about ",
            Some("more than") => "more than ",
            Some("up to") => "up to ",
            Some("at least") => "at least ",
            Some(_) => "",
        },
    }
}

/// A short form of a sum for narrow table cells: `5 bn CNY`, `> 200 m GBP`.
/// `None` as the qualifier means figures with different qualifiers.
pub fn compact_money(
    sum: rust_decimal::Decimal,
    code: &str,
    qualifier: Option<Qualifier>,
) -> String {
    use rust_decimal::Decimal;
    let sign = match qualifier {
        Some(Qualifier::Exact) => "",
        Some(Qualifier::MoreThan) => "> ",
        Some(Qualifier::AtLeast) => "≥ ",
        Some(Qualifier::UpTo) => "≤ ",
        Some(Qualifier::Approximately) => "~ ",
        Some(_) | None => "mixed ",
    };
    let unit = [(1_000_000_000u64, " bn"), (1_000_000, " m"), (1_000, " k")]
        .into_iter()
        .map(|(size, name)| (Decimal::from(size), name))
        .find(|(size, _)| sum.abs() >= *size);
    // Dividing by a thousand or more cannot overflow; should it fail, the
    // figure is shown unscaled rather than wrong.
    let (scaled, unit) = unit
        .and_then(|(size, name)| Some((sum.checked_div(size)?, name)))
        .unwrap_or((sum, ""));
    let rounded = scaled.round_sf(3).unwrap_or(scaled).normalize();
    format!("{sign}{}{unit} {code}", accord_model::Amount(rounded))
}

/// The label of an agreement kind, such as `Memorandum of understanding`.
pub fn agreement_kind(kind: AgreementKind) -> String {
    kind.label().to_owned()
}

/// The label of a status, such as `In force`.
pub fn status(status: Status) -> String {
    status.label().to_owned()
}

/// The label of a role as printed after a party's name, such as
/// `host government`.
pub fn role(role: Role) -> String {
    in_sentence(role.label())
}

/// The label of a party kind, such as `State-owned enterprise`.
pub fn party_kind(kind: PartyKind) -> String {
    kind.label().to_owned()
}

/// The label of a person's part as printed after their name, such as
/// `signatory`.
pub fn person_part(part: PersonPart) -> String {
    in_sentence(part.label())
}

/// The label of a source kind, such as `News article`.
pub fn source_kind(kind: SourceKind) -> String {
    kind.label().to_owned()
}

/// The label of a link between agreements, such as `Part of`.
pub fn link_kind(kind: LinkKind) -> String {
    kind.label().to_owned()
}

/// A label as it reads inside a sentence: its first letter lowered
/// (`Host government` → `host government`). Only for vocabularies whose
/// labels start with a common word (roles, people's parts).
fn in_sentence(label: &str) -> String {
    let mut chars = label.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Upper-cases the first letter.
pub fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `1 collaboration`, `2 collaborations`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_keep_their_precision() {
        let d = |s: &str| partial_date(&s.parse().unwrap());
        assert_eq!(d("2018-02-14"), "14 February 2018");
        assert_eq!(d("2018-02"), "February 2018");
        assert_eq!(d("2018"), "2018");
    }

    #[test]
    fn labels_read_as_words() {
        assert_eq!(
            agreement_kind(AgreementKind::MemorandumOfUnderstanding),
            "Memorandum of understanding"
        );
        assert_eq!(status(Status::InForce), "In force");
        assert_eq!(role(Role::HostGovernment), "host government");
        assert_eq!(
            party_kind(PartyKind::StateOwnedEnterprise),
            "State-owned enterprise"
        );
        assert_eq!(
            party_kind(PartyKind::SubnationalGovernment),
            "Sub-national government"
        );
    }

    /// Every label is what briefings printed before the model named its
    /// vocabulary: the code's words, capitalised where the value stands
    /// alone, with the two party kinds spelt out by hand.
    #[test]
    fn labels_are_the_codes_in_words() {
        let words = |code: &str| code.replace('-', " ");
        for &k in AgreementKind::ALL {
            assert_eq!(agreement_kind(k), capitalise(&words(k.code())));
        }
        for &s in Status::ALL {
            assert_eq!(status(s), capitalise(&words(s.code())));
        }
        for &k in SourceKind::ALL {
            assert_eq!(source_kind(k), capitalise(&words(k.code())));
        }
        for &k in LinkKind::ALL {
            assert_eq!(link_kind(k), capitalise(&words(k.code())));
        }
        for &r in Role::ALL {
            assert_eq!(role(r), words(r.code()));
        }
        for &p in PersonPart::ALL {
            assert_eq!(person_part(p), words(p.code()));
        }
        for &k in PartyKind::ALL {
            let old = capitalise(
                &words(k.code())
                    .replace("state owned", "state-owned")
                    .replace("subnational", "sub-national"),
            );
            assert_eq!(party_kind(k), old);
        }
    }

    #[test]
    fn compact_money_rounds_to_three_figures() {
        use rust_decimal::Decimal;
        assert_eq!(
            compact_money(
                Decimal::from(5_000_000_000u64),
                "CNY",
                Some(Qualifier::Exact)
            ),
            "5 bn CNY"
        );
        assert_eq!(
            compact_money(
                Decimal::from(212_345_678u64),
                "GBP",
                Some(Qualifier::MoreThan)
            ),
            "> 212 m GBP"
        );
        assert_eq!(
            compact_money(Decimal::from(950u64), "USD", None),
            "mixed 950 USD"
        );
        assert_eq!(
            compact_money(Decimal::MAX, "USD", Some(Qualifier::Exact)),
            "79,200,000,000,000,000,000 bn USD"
        );
        assert_eq!(
            compact_money(Decimal::MIN, "USD", Some(Qualifier::Exact)),
            "-79,200,000,000,000,000,000 bn USD"
        );
        assert_eq!(
            compact_money(Decimal::new(1, 28), "USD", Some(Qualifier::Exact)),
            "0.0000000000000000000000000001 USD"
        );
    }

    #[test]
    fn money_keeps_qualifier_and_unknown_currency() {
        let m: Money = serde_json::from_str(
            r#"{"amount": 200000000, "currency": "unknown", "qualifier": "more-than"}"#,
        )
        .unwrap();
        assert_eq!(money(&m), "more than 200,000,000 (currency unknown)");
    }
}
