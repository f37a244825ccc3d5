//! How values are written in briefings: dates with their precision, money
//! with its qualifier and currency, vocabulary labels.

use accord_model::{
    AgreementKind, Certainty, Currency, DateValue, LinkKind, Money, PartialDate, PartyKind,
    PersonPart, Qualifier, Role, SourceKind, Status, Vocabulary,
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

/// The sign put after a fact the recorder inferred from a cited source.
pub const INFERRED_SIGN: &str = "†";
/// The sign put after a fact taken from outside the cited sources.
pub const OUTSIDE_SIGN: &str = "‡";

/// The sign of a mark: `†` inferred, `‡` outside knowledge, nothing for a
/// fact a cited source states. Both formats print it right after the fact,
/// and the entry (or section) it appears in explains it.
pub fn sign(certainty: Certainty) -> &'static str {
    match certainty {
        Certainty::Stated => "",
        Certainty::Inferred => INFERRED_SIGN,
        Certainty::OutsideKnowledge => OUTSIDE_SIGN,
    }
}

/// `text` followed by the sign of `certainty`.
pub fn signed(text: impl Into<String>, certainty: Certainty) -> String {
    let mut text = text.into();
    text.push_str(sign(certainty));
    text
}

/// A date as a record gives it, marked (`†`, `‡`) when inferred or from
/// outside knowledge, with the source's wording when it is kept:
///
/// - `14 February 2018`, `February 2018`, `2018`;
/// - `on or before 14 February 2018`, `on or after …`, `between … and …`,
///   `2018, on or before 14 February 2018`;
/// - `9 August, year inferred as 2023†` (a day and month the source gives
///   without a year), `9 August, year 2023 from outside knowledge‡`,
///   `9 August, year not stated`;
/// - `9 August, year inferred as 2023† (“August 9” in the source)`.
pub fn date_value(date: &DateValue) -> String {
    date_text(date, true)
}

/// A date as [`date_value`] writes it, without the sign when `marked` is
/// false (for lists whose heading already says how the dates are known).
pub fn date_text(date: &DateValue, marked: bool) -> String {
    let certainty = date.certainty();
    let mut text = match (date.month_day(), date.date()) {
        (Some(md), Some(full)) => {
            let year = full.year();
            let day = format!("{} {}", md.day(), month_name(md.month()));
            match certainty {
                Certainty::Stated => format!("{day} {year}"),
                Certainty::Inferred => format!("{day}, year inferred as {year}"),
                Certainty::OutsideKnowledge => {
                    format!("{day}, year {year} from outside knowledge")
                }
            }
        }
        (Some(md), None) => format!("{} {}, year not stated", md.day(), month_name(md.month())),
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
    if marked {
        text.push_str(sign(certainty));
    }
    if let Some(words) = date.as_stated() {
        text.push_str(&format!(" (“{words}” in the source)"));
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

    fn date(json: &str) -> String {
        date_value(&serde_json::from_str(json).unwrap())
    }

    #[test]
    fn dates_read_as_the_sources_give_them() {
        assert_eq!(date(r#""2018-02-14""#), "14 February 2018");
        assert_eq!(
            date(r#"{"on_or_before": "2018-02-14"}"#),
            "on or before 14 February 2018"
        );
        assert_eq!(
            date(r#"{"on_or_after": "2018-02"}"#),
            "on or after February 2018"
        );
        assert_eq!(
            date(r#"{"on_or_after": "2018-01-10", "on_or_before": "2018-02-14"}"#),
            "between 10 January 2018 and 14 February 2018"
        );
        assert_eq!(
            date(
                r#"{"value": "2018", "on_or_before": "2018-02-14", "as_stated": "by 14 February"}"#
            ),
            "2018, on or before 14 February 2018 (“by 14 February” in the source)"
        );
        assert_eq!(
            date(
                r#"{"month_day": "--08-09", "value": "2023-08-09", "as_stated": "August 9", "inferred": "Party Congress past."}"#
            ),
            "9 August, year inferred as 2023† (“August 9” in the source)"
        );
        assert_eq!(
            date(
                r#"{"month_day": "--08-09", "value": "2023-08-09", "outside_knowledge": {"reference": "A diary"}}"#
            ),
            "9 August, year 2023 from outside knowledge‡"
        );
        assert_eq!(
            date(r#"{"month_day": "--08-09"}"#),
            "9 August, year not stated"
        );
        assert_eq!(
            date(r#"{"value": "2023-03", "inferred": "The article is dated March."}"#),
            "March 2023†"
        );
        let unmarked: DateValue =
            serde_json::from_str(r#"{"value": "2018", "inferred": "Because."}"#).unwrap();
        assert_eq!(date_text(&unmarked, false), "2018");
    }

    #[test]
    fn labels_read_as_words() {
        assert_eq!(
            agreement_kind(AgreementKind::MemorandumOfUnderstanding),
            "Memorandum of understanding"
        );
        assert_eq!(status(Status::InForce), "In force");
        assert_eq!(role(Role::HostGovernment), "host government");
        assert_eq!(role(Role::CoFinancier), "co-financier");
        assert_eq!(role(Role::ImplementingAgency), "implementing agency");
        assert_eq!(
            agreement_kind(AgreementKind::BuyersCredit),
            "Buyer's credit"
        );
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
    /// alone, with the two party kinds spelt out by hand; so are the
    /// finance terms whose codes cannot carry an apostrophe or a hyphen
    /// (`buyers-credit` reads "Buyer's credit").
    #[test]
    fn labels_are_the_codes_in_words() {
        let words = |code: &str| {
            code.replace('-', " ")
                .replace("buyers", "buyer's")
                .replace("suppliers", "supplier's")
                .replace("in kind", "in-kind")
                .replace("co financier", "co-financier")
        };
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
        // Kinds added later have labels of their own, longer than the code.
        let worded = [PartyKind::DevelopmentBank, PartyKind::SpecialPurposeCompany];
        for &k in PartyKind::ALL.iter().filter(|k| !worded.contains(k)) {
            let old = capitalise(
                &words(k.code())
                    .replace("state owned", "state-owned")
                    .replace("subnational", "sub-national"),
            );
            assert_eq!(party_kind(k), old);
        }
        assert_eq!(
            party_kind(PartyKind::SpecialPurposeCompany),
            "Special-purpose or joint-venture company"
        );
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
