//! Sums of money with honest precision.
//!
//! # Why not a float?
//!
//! `0.1 + 0.2 != 0.3` in binary floating point, and a briefing's totals must
//! add up to the penny an analyst can recompute. Amounts are
//! [`rust_decimal::Decimal`]. In a record file an amount is either a whole
//! number (`amount: 200000000`) or a decimal in a string (`amount: "12.50"`);
//! a number with a fractional part is refused, because by the time a parser
//! hands it over it may already have been rounded.
//!
//! # Why can the currency be unknown?
//!
//! Sources lose currency symbols ("over 500 million of deals"). Guessing
//! pounds would be an invention; leaving the amount out would lose a fact.
//! [`Currency::Unknown`] keeps the figure and tells every consumer that it
//! cannot be added to anything. [`Money::can_add`] is the one place that rule
//! lives.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use iso_currency::IntoEnumIterator;
use rust_decimal::Decimal;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An amount of money as a source states it.
///
/// ```
/// use accord_model::{Currency, Money, Qualifier};
///
/// let money: Money = serde_json::from_str(
///     r#"{"amount": 5000000000, "currency": "CNY", "qualifier": "exact"}"#,
/// ).unwrap();
/// assert_eq!(money.currency, Currency::Iso(iso_currency::Currency::CNY));
/// assert_eq!(money.qualifier, Qualifier::Exact);
/// assert!(!money.can_add(&Money { currency: Currency::Unknown, ..money.clone() }));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    description = "An amount of money as the source states it: the figure, its currency (or `unknown`) and how the source qualifies it.",
    example = example_money()
)]
pub struct Money {
    /// The figure: a whole number, or a decimal written as a string
    /// (`"12.50"`). Never a number with a fractional part: it may already
    /// have been rounded.
    pub amount: Amount,
    /// The ISO 4217 code of the currency (`GBP`, `CNY`, `USD`), or `unknown`
    /// when the source does not say.
    pub currency: Currency,
    /// How the source qualifies the figure; `exact` when it does not.
    #[serde(default, skip_serializing_if = "Qualifier::is_exact")]
    pub qualifier: Qualifier,
    /// The source's own wording of the sum, such as `over 500 million`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_stated: Option<crate::Text>,
}

fn example_money() -> Money {
    Money {
        amount: Amount(Decimal::from(200_000_000u64)),
        currency: Currency::Unknown,
        qualifier: Qualifier::MoreThan,
        as_stated: crate::Text::new("over 200 million").ok(),
    }
}

impl Money {
    /// True when the two sums may be added: both are in the same known
    /// currency. Whoever adds them must still carry the qualifiers along (an
    /// exact sum plus a "more than" sum is a "more than" total).
    pub fn can_add(&self, other: &Money) -> bool {
        self.currency != Currency::Unknown && self.currency == other.currency
    }
}

impl fmt::Display for Money {
    /// Writes `more than 200,000,000 GBP`, with the qualifier first.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(words) = self.qualifier.words() {
            write!(f, "{words} ")?;
        }
        write!(f, "{} {}", self.amount, self.currency)
    }
}

/// What a figure of an agreement measures.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum AmountKind {
    /// The sum promised when the agreement was made: a loan's face value,
    /// a grant's size, an investment pledged in a signed contract.
    Committed,
    /// The part actually paid out or drawn so far.
    Disbursed,
    /// The cost of the whole project the agreement pays for, of which the
    /// agreement may cover only part.
    TotalCost,
    /// A figure the source corrects for what would otherwise count twice or
    /// mislead, such as AidData's "adjusted amount" (a rollover of a
    /// currency swap counts only for what is new).
    Adjusted,
    /// A sum announced or pledged without a binding commitment.
    Pledged,
    /// Anything else; say what in `note`.
    Other,
}

impl AmountKind {
    /// The kind in words, for briefings: `committed`, `total cost`.
    pub fn words(self) -> &'static str {
        match self {
            AmountKind::Committed => "committed",
            AmountKind::Disbursed => "disbursed",
            AmountKind::TotalCost => "total cost",
            AmountKind::Adjusted => "adjusted",
            AmountKind::Pledged => "pledged",
            AmountKind::Other => "other",
        }
    }
}

/// One figure of an agreement: what it measures, the sum as the source
/// states it, its equivalents in other currencies, and whether briefings
/// add it to their totals.
///
/// ```yaml
/// amounts:
///   - kind: committed
///     amount: 600000000
///     currency: CNY
///     equivalents:
///       - amount: 90292542
///         currency: USD
///         rate: "0.150487570511"
///         rate_date: "2016"
///         source: AidData GCDF 3.0, Amount (Nominal USD)
///   - kind: adjusted
///     amount: 0
///     currency: CNY
///     left_out_of_totals:
///       reason: rollover
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatedAmount {
    /// What the figure measures.
    pub kind: AmountKind,
    /// The figure: a whole number, or a decimal written as a string
    /// (`"12.50"`). Zero is allowed here (a rollover adjusted to nothing),
    /// below zero is not.
    pub amount: Amount,
    /// The ISO 4217 code of the currency, or `unknown` when the source does
    /// not say.
    pub currency: Currency,
    /// How the source qualifies the figure; `exact` when it does not.
    /// The source's "approximately" belongs here.
    #[serde(default, skip_serializing_if = "Qualifier::is_exact")]
    pub qualifier: Qualifier,
    /// True when the recorder (or the dataset the record comes from, such as
    /// AidData's `Amount Estimated`) estimated the figure rather than a
    /// source stating it. Unlike the qualifier, which is the source's own
    /// hedge, this is the record's: briefings mark the figure as estimated.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub estimated: bool,
    /// The source's own wording of the sum, such as `over 500 million`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_stated: Option<crate::Text>,
    /// The same sum in other currencies, each with its rate, the rate's date
    /// and who converted it. Never a replacement for the figure itself.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub equivalents: Vec<Equivalent>,
    /// Present when briefings must not add the figure to their totals, with
    /// the reason; absent, it counts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left_out_of_totals: Option<LeftOut>,
    /// Anything more about the figure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<crate::Text>,
}

impl StatedAmount {
    /// True when briefings add the figure to their totals.
    pub fn counts_in_totals(&self) -> bool {
        self.left_out_of_totals.is_none()
    }

    /// The figure as a [`Money`], for formatting and the currency rule.
    pub fn money(&self) -> Money {
        Money {
            amount: self.amount,
            currency: self.currency,
            qualifier: self.qualifier,
            as_stated: self.as_stated.clone(),
        }
    }
}

/// A sum converted into another currency: AidData's dollar figures, a
/// source's "(about US$ 90 million)".
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Equivalent {
    /// The converted figure, written as [`Amount`]s are.
    pub amount: Amount,
    /// The currency converted into; never `unknown`.
    pub currency: Currency,
    /// Units of `currency` per unit of the original currency, when known
    /// (a decimal in a string, such as `"0.1505"`). Above zero.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<Amount>,
    /// The day, month or year of the rate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_date: Option<crate::DateValue>,
    /// Who converted it and how, such as `AidData GCDF 3.0, nominal USD` or
    /// `the source`.
    pub source: crate::Text,
    /// True for a figure in constant prices of a base year (AidData's
    /// constant 2021 dollars) rather than the money of the day.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub constant_prices: bool,
}

/// Why a figure is left out of a briefing's totals.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LeftOut {
    /// The reason, from a short list.
    pub reason: LeftOutReason,
    /// The reason in more words, such as whose advice it follows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<crate::Text>,
}

/// Why a figure does not count in totals.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum LeftOutReason {
    /// An umbrella agreement whose money is counted in the agreements under it.
    Umbrella,
    /// A pledge or intention, not a commitment.
    Pledge,
    /// A rollover or renewal of money already counted.
    Rollover,
    /// The same money is recorded in another agreement.
    CountedElsewhere,
    /// The dataset the record comes from advises against adding it, such as
    /// AidData's `Recommended For Aggregates: No`.
    NotRecommended,
    /// Another reason, given in `note`.
    Other,
}

impl LeftOutReason {
    /// The reason in words: `an umbrella agreement`.
    pub fn words(self) -> &'static str {
        match self {
            LeftOutReason::Umbrella => "an umbrella agreement",
            LeftOutReason::Pledge => "a pledge",
            LeftOutReason::Rollover => "a rollover",
            LeftOutReason::CountedElsewhere => "counted in another agreement",
            LeftOutReason::NotRecommended => "not recommended for totals by its dataset",
            LeftOutReason::Other => "left out by the recorder",
        }
    }
}

/// The terms of a loan or credit, as the sources give them. Rates and
/// fees are percent (`"2.5"` is 2.5 %, a year for rates); periods are years
/// (`"21.75"`); fractions are written as strings, as amounts are.
///
/// ```yaml
/// terms:
///   interest_rate_percent: 2
///   maturity_years: "21.75"
///   grace_period_years: 5
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LoanTerms {
    /// The interest rate, percent a year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interest_rate_percent: Option<Amount>,
    /// How the rate is set when it is not a fixed figure, such as
    /// `6-month LIBOR + 2.5 %`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interest_basis: Option<crate::Text>,
    /// The rate charged on late payments, percent a year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_interest_rate_percent: Option<Amount>,
    /// From signing (or first drawing) to the last repayment, in years.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maturity_years: Option<Amount>,
    /// The years before the first repayment of principal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grace_period_years: Option<Amount>,
    /// A one-off management fee, percent of the sum.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub management_fee_percent: Option<Amount>,
    /// The commitment fee on sums not yet drawn, percent a year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commitment_fee_percent: Option<Amount>,
    /// The insurance premium, percent of the sum.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insurance_fee_percent: Option<Amount>,
    /// The insurance premium as a sum.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insurance_fee: Option<Money>,
    /// What secures the loan, in words (`project revenues deposited into
    /// an escrow account`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collateral: Option<crate::Text>,
    /// Anything more about the terms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<crate::Text>,
}

impl LoanTerms {
    /// True when no term is given.
    pub fn is_empty(&self) -> bool {
        *self == LoanTerms::default()
    }

    /// The figures given (percentages and years), each with its field name,
    /// in the order of the fields: what the rules check for signs.
    pub fn figures(&self) -> impl Iterator<Item = (&'static str, &Amount)> {
        [
            ("interest_rate_percent", &self.interest_rate_percent),
            (
                "default_interest_rate_percent",
                &self.default_interest_rate_percent,
            ),
            ("maturity_years", &self.maturity_years),
            ("grace_period_years", &self.grace_period_years),
            ("management_fee_percent", &self.management_fee_percent),
            ("commitment_fee_percent", &self.commitment_fee_percent),
            ("insurance_fee_percent", &self.insurance_fee_percent),
        ]
        .into_iter()
        .filter_map(|(name, v)| v.as_ref().map(|v| (name, v)))
    }
}

/// A decimal amount of money.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Amount(pub Decimal);

impl fmt::Display for Amount {
    /// Groups thousands with commas: `200,000,000`, `12.50`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self.0.to_string();
        let (sign, digits) = text.strip_prefix('-').map_or(("", &*text), |d| ("-", d));
        let (whole, fraction) = digits
            .split_once('.')
            .map_or((digits, None), |(w, fr)| (w, Some(fr)));
        let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(c);
        }
        write!(f, "{sign}{grouped}")?;
        if let Some(fraction) = fraction {
            write!(f, ".{fraction}")?;
        }
        Ok(())
    }
}

/// The JSON Schema pattern of an amount written as a string.
/// The largest whole number written as a JSON number: 2^53 - 1, beyond which
/// JavaScript-based tools lose digits.
pub const MAX_SAFE_INTEGER: i64 = (1 << 53) - 1;

/// At most 16 whole digits and 12 decimals: 28 significant digits, which a
/// [`Decimal`] always holds exactly.
pub const AMOUNT_PATTERN: &str = r"^-?(?:0|[1-9][0-9]{0,15})(?:\.[0-9]{1,12})?$";

impl FromStr for Amount {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (whole, fraction) = s
            .trim_start_matches('-')
            .split_once('.')
            .unwrap_or((s.trim_start_matches('-'), ""));
        let well_formed = !whole.is_empty()
            && whole.len() <= 16
            && whole.bytes().all(|b| b.is_ascii_digit())
            && (whole == "0" || !whole.starts_with('0'))
            && fraction.len() <= 12
            && fraction.bytes().all(|b| b.is_ascii_digit())
            && !(s.contains('.') && fraction.is_empty())
            && s.matches('-').count() <= usize::from(s.starts_with('-'));
        if !well_formed {
            return Err(format!(
                "`{s}` is not a decimal amount: write up to 16 digits with an optional `.` and up to 12 decimals, no separators"
            ));
        }
        Decimal::from_str_exact(s)
            .map(Amount)
            .map_err(|e| format!("`{s}` is not a decimal amount: {e}"))
    }
}

impl Serialize for Amount {
    /// Whole amounts that fit in 53 bits are numbers (as a contributor
    /// writes them); others are strings, so no reader turns them into floats.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.0.scale() == 0
            && let Ok(n) = i64::try_from(self.0)
            && (-MAX_SAFE_INTEGER..=MAX_SAFE_INTEGER).contains(&n)
        {
            return serializer.serialize_i64(n);
        }
        serializer.collect_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Amount;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a whole number or a decimal in a string")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Amount, E> {
                if v.unsigned_abs() > MAX_SAFE_INTEGER.unsigned_abs() {
                    return Err(E::custom(
                        "a whole number this large may lose digits in JSON tools; write it as a string",
                    ));
                }
                Ok(Amount(Decimal::from(v)))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Amount, E> {
                match i64::try_from(v) {
                    Ok(v) => self.visit_i64(v),
                    Err(_) => self.visit_i64(i64::MAX),
                }
            }
            /// A number written with a point or an exponent (`5e9`,
            /// `5000000000.0`, `0.1e1`, `-0.0`) is the whole number it
            /// denotes, as JSON Schema's `integer` holds: the schema and
            /// every editor accept it, so the model does too. A fraction
            /// is refused, as is a value beyond 2^53 - 1, where a double no
            /// longer holds every whole number.
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Amount, E> {
                if !v.is_finite() || v.fract() != 0.0 {
                    return Err(E::custom(
                        "an amount with a fractional part must be written as a string, such as \"12.50\"",
                    ));
                }
                // Exact: a finite whole double within 2^53 converts exactly.
                if v.abs() > MAX_SAFE_INTEGER as f64 {
                    return self.visit_i64(i64::MAX);
                }
                self.visit_i64(v as i64)
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Amount, E> {
                v.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

impl JsonSchema for Amount {
    fn schema_name() -> Cow<'static, str> {
        "Amount".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An amount of money: a whole number, or a decimal in a string such as \"12.50\" (no thousands separators).",
            "anyOf": [
                { "type": "integer", "minimum": -MAX_SAFE_INTEGER, "maximum": MAX_SAFE_INTEGER },
                { "type": "string", "pattern": AMOUNT_PATTERN }
            ],
            "examples": [200000000, "12.50"],
        })
    }
}

/// The currency of a sum: an ISO 4217 currency, or unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Currency {
    /// A currency with an ISO 4217 code.
    Iso(iso_currency::Currency),
    /// The source gives a figure but not its currency. Such sums are never
    /// added to anything.
    Unknown,
}

impl Currency {
    /// The ISO 4217 code, or `unknown`.
    pub fn code(&self) -> &'static str {
        match self {
            Currency::Iso(c) => c.code(),
            Currency::Unknown => "unknown",
        }
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Currency::Iso(c) => c.code(),
            Currency::Unknown => "(currency unknown)",
        })
    }
}

impl FromStr for Currency {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s == "unknown" {
            return Ok(Currency::Unknown);
        }
        // `from_code` is exact about case, as ISO 4217 is.
        iso_currency::Currency::from_code(s)
            .map(Currency::Iso)
            .ok_or_else(|| format!("`{s}` is not an ISO 4217 currency code (or `unknown`)"))
    }
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Cow::<str>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for Currency {
    fn schema_name() -> Cow<'static, str> {
        "Currency".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let mut codes = vec!["unknown".to_owned()];
        let mut names =
            vec!["The source gives no currency; the sum is never added to others.".to_owned()];
        for currency in iso_currency::Currency::iter() {
            codes.push(currency.code().to_owned());
            names.push(currency.name().to_owned());
        }
        json_schema!({
            "type": "string",
            "description": "An ISO 4217 currency code, or `unknown` when the source does not give one.",
            "enum": codes,
            "enumDescriptions": names,
        })
    }
}

/// How a source qualifies a figure.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    Serialize,
    Deserialize,
    JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Qualifier {
    /// The figure as stated, with no qualification.
    #[default]
    Exact,
    /// "About", "around", "some": the figure is an estimate.
    Approximately,
    /// "Over", "more than": the true figure is larger.
    MoreThan,
    /// "Up to", "as much as": the figure is a ceiling.
    UpTo,
    /// "At least", "a minimum of": the figure is a floor it may equal.
    AtLeast,
}

impl Qualifier {
    /// True for [`Qualifier::Exact`]; used to keep records short.
    pub fn is_exact(&self) -> bool {
        *self == Qualifier::Exact
    }

    /// The words put before a figure: `more than`, or nothing when exact.
    pub fn words(&self) -> Option<&'static str> {
        match self {
            Qualifier::Exact => None,
            Qualifier::Approximately => Some("about"),
            Qualifier::MoreThan => Some("more than"),
            Qualifier::UpTo => Some("up to"),
            Qualifier::AtLeast => Some("at least"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn amount(s: &str) -> Result<Amount, String> {
        s.parse()
    }

    #[test]
    fn amounts_parse_exactly() {
        assert_eq!(amount("12.50").unwrap().0, Decimal::new(1250, 2));
        assert_eq!(amount("-3").unwrap().0, Decimal::from(-3));
        for bad in [
            "1,000", "1e9", "", "-", ".5", "5.", "01", "1.2.3", "--1", "1-", " 1",
        ] {
            assert!(amount(bad).is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn amounts_display_grouped() {
        assert_eq!(amount("5000000000").unwrap().to_string(), "5,000,000,000");
        assert_eq!(amount("-1234.5").unwrap().to_string(), "-1,234.5");
        assert_eq!(amount("999").unwrap().to_string(), "999");
    }

    #[test]
    fn fractional_numbers_are_refused_but_strings_and_integers_accepted() {
        assert!(serde_json::from_str::<Amount>("12.5").is_err());
        assert_eq!(
            serde_json::from_str::<Amount>("\"12.5\"").unwrap().0,
            Decimal::new(125, 1)
        );
        assert_eq!(
            serde_json::from_str::<Amount>("200000000").unwrap().0,
            Decimal::from(200_000_000)
        );
        let big: Amount = "9007199254740993".parse().unwrap();
        assert_eq!(serde_json::to_string(&big).unwrap(), "\"9007199254740993\"");
        assert!(serde_json::from_str::<Amount>("9007199254740993").is_err());
        let widest: Amount = "9999999999999999.999999999999".parse().unwrap();
        assert_eq!(widest.to_string(), "9,999,999,999,999,999.999999999999");
        assert!("12345678901234567".parse::<Amount>().is_err());
    }

    #[test]
    fn whole_numbers_in_any_spelling_are_the_number_they_denote() {
        for (text, value) in [
            ("5e9", 5_000_000_000i64),
            ("5E9", 5_000_000_000),
            ("5000000000.0", 5_000_000_000),
            ("0.1e1", 1),
            ("-0.0", 0),
            ("2.5e1", 25),
            ("9007199254740991.0", 9_007_199_254_740_991),
        ] {
            assert_eq!(
                serde_json::from_str::<Amount>(text).unwrap().0,
                Decimal::from(value),
                "{text}"
            );
        }
        for bad in ["12.5", "2.5e-1", "9007199254740992.0", "1e20", "-1e300"] {
            assert!(serde_json::from_str::<Amount>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn currencies_never_mix() {
        let gbp = Money {
            amount: Amount(Decimal::ONE),
            currency: "GBP".parse().unwrap(),
            qualifier: Qualifier::Exact,
            as_stated: None,
        };
        let unknown = Money {
            currency: Currency::Unknown,
            ..gbp.clone()
        };
        let cny = Money {
            currency: "CNY".parse().unwrap(),
            ..gbp.clone()
        };
        assert!(gbp.can_add(&gbp));
        assert!(!gbp.can_add(&cny));
        assert!(!unknown.can_add(&unknown));
        assert!("gbp".parse::<Currency>().is_err());
        assert_eq!(
            Money {
                qualifier: Qualifier::MoreThan,
                ..gbp
            }
            .to_string(),
            "more than 1 GBP"
        );
    }
}
