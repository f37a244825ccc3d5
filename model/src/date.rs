//! Dates that keep the precision their source gave them.
//!
//! Sources say "14 February 2018", "February 2018" or just "2018". A
//! [`PartialDate`] stores exactly that much and no more: it never invents a
//! day or a month. A [`DateValue`] adds what a careful editor needs on top:
//! whether the value was inferred (and why) and how the source worded it.
//!
//! # Why a string and not a structure?
//!
//! Contributors write dates by hand. `"2018-02"` reads as "February 2018" to
//! anyone, validates with one regular expression in the JSON Schema and sorts
//! sensibly as text; `{year: 2018, month: 2}` is noisier and invites
//! `{year: 2018, day: 14}`. So a partial date is an ISO 8601 calendar date
//! truncated to the precision that is known: `YYYY`, `YYYY-MM` or
//! `YYYY-MM-DD`. Write it in quotes in YAML (`"2018"`), otherwise a bare year
//! is read as a number.
//!
//! # Ordering
//!
//! A partial date stands for an interval of days. [`PartialDate`] orders by
//! the first day of that interval, then by the last, so `2018-01-01 < 2018-01
//! < 2018 < 2018-02`. This is a total order consistent with equality, which
//! sorting needs; whether one date is *certainly* before another is a
//! different question, answered by [`PartialDate::is_certainly_before`].

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// How much of a date its source gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    /// Only the year is known.
    Year,
    /// The year and the month are known.
    Month,
    /// The full calendar date is known.
    Day,
}

/// A calendar date known to the year, the month or the day.
///
/// ```
/// use accord_model::{PartialDate, Precision};
///
/// let month: PartialDate = "2018-02".parse().unwrap();
/// assert_eq!(month.precision(), Precision::Month);
/// assert_eq!(month.to_string(), "2018-02");
/// assert!("2018-02-30".parse::<PartialDate>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartialDate {
    /// A year such as `2018`.
    Year(i32),
    /// A month of a year such as `2018-02`; the month is 1 to 12.
    Month(i32, u32),
    /// A full calendar date such as `2018-02-14`.
    Day(NaiveDate),
}

/// Why a text is not a [`PartialDate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError {
    input: String,
    reason: &'static str,
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not a date: {}", self.input, self.reason)
    }
}

impl std::error::Error for DateError {}

/// The JSON Schema pattern of a partial date. It accepts exactly the strings
/// that [`PartialDate::from_str`] accepts, leap years included, so an editor
/// flags `2018-02-30` before our own validator does.
pub const PARTIAL_DATE_PATTERN: &str = concat!(
    r"^(?:[0-9]{4}(?:-(?:0[1-9]|1[0-2]))?",
    r"|[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])",
    r"|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)",
    r"|02-(?:0[1-9]|1[0-9]|2[0-8]))",
    r"|(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29)$",
);

impl PartialDate {
    /// How precise the date is.
    pub fn precision(&self) -> Precision {
        match self {
            PartialDate::Year(_) => Precision::Year,
            PartialDate::Month(..) => Precision::Month,
            PartialDate::Day(_) => Precision::Day,
        }
    }

    /// The year, which every partial date has.
    pub fn year(&self) -> i32 {
        match *self {
            PartialDate::Year(y) | PartialDate::Month(y, _) => y,
            PartialDate::Day(d) => d.year(),
        }
    }

    /// The first day the date may stand for.
    pub fn first_day(&self) -> NaiveDate {
        match *self {
            PartialDate::Year(y) => ymd(y, 1, 1),
            PartialDate::Month(y, m) => ymd(y, m, 1),
            PartialDate::Day(d) => d,
        }
    }

    /// The last day the date may stand for.
    pub fn last_day(&self) -> NaiveDate {
        match *self {
            PartialDate::Year(y) => ymd(y, 12, 31),
            PartialDate::Month(y, m) => {
                let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
                ymd(ny, nm, 1).pred_opt().unwrap_or(NaiveDate::MAX)
            }
            PartialDate::Day(d) => d,
        }
    }

    /// True when every day this date may stand for comes before every day
    /// `other` may stand for: `2018-01` is certainly before `2018-02-14`, but
    /// `2018` is not certainly before `2018-02`.
    pub fn is_certainly_before(&self, other: &PartialDate) -> bool {
        self.last_day() < other.first_day()
    }

    /// The same date cut down to `precision` (never made more precise).
    pub fn truncate(&self, precision: Precision) -> PartialDate {
        let d = self.first_day();
        match precision.min(self.precision()) {
            Precision::Year => PartialDate::Year(d.year()),
            Precision::Month => PartialDate::Month(d.year(), d.month()),
            Precision::Day => PartialDate::Day(d),
        }
    }
}

/// Builds a date the callers have already proven valid; falls back to the
/// minimum date rather than panicking.
fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

impl Ord for PartialDate {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.first_day(), self.last_day()).cmp(&(other.first_day(), other.last_day()))
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            PartialDate::Year(y) => write!(f, "{y:04}"),
            PartialDate::Month(y, m) => write!(f, "{y:04}-{m:02}"),
            PartialDate::Day(d) => write!(f, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
        }
    }
}

impl FromStr for PartialDate {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = |reason| DateError {
            input: s.to_owned(),
            reason,
        };
        let parts: Vec<&str> = s.split('-').collect();
        let number = |part: &str, len: usize| -> Option<u32> {
            (part.len() == len && part.bytes().all(|b| b.is_ascii_digit()))
                .then(|| part.parse().ok())
                .flatten()
        };
        let year = parts
            .first()
            .and_then(|p| number(p, 4))
            .ok_or_else(|| err("expected `YYYY`, `YYYY-MM` or `YYYY-MM-DD`"))?
            as i32;
        match parts[1..] {
            [] => Ok(PartialDate::Year(year)),
            [m] => match number(m, 2) {
                Some(m @ 1..=12) => Ok(PartialDate::Month(year, m)),
                _ => Err(err("the month must be `01` to `12`")),
            },
            [m, d] => {
                let (Some(m @ 1..=12), Some(d)) = (number(m, 2), number(d, 2)) else {
                    return Err(err("expected `YYYY-MM-DD` with a month from `01` to `12`"));
                };
                NaiveDate::from_ymd_opt(year, m, d)
                    .map(PartialDate::Day)
                    .ok_or_else(|| err("that day does not exist in that month"))
            }
            _ => Err(err("expected `YYYY`, `YYYY-MM` or `YYYY-MM-DD`")),
        }
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Cow::<str>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for PartialDate {
    fn schema_name() -> Cow<'static, str> {
        "PartialDate".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "description": "A calendar date known to the year (`2018`), the month (`2018-02`) or the day (`2018-02-14`). Give only as much as the source gives; quote a bare year in YAML.",
            "pattern": PARTIAL_DATE_PATTERN,
            "examples": ["2018-02-14", "2018-02", "2018"],
        })
    }
}

/// A date as a record states it: a bare partial date, or a partial date with
/// a note that it was inferred and how the source worded it.
///
/// In a record file the short form is just the string (`signed: "2018-02-14"`);
/// the long form is a mapping:
///
/// ```yaml
/// discussed:
///   value: "2023-08-09"
///   as_stated: 9 August
///   inferred: the source gives no year; it cites the 20th Party Congress (October 2022) as past
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum DateValue {
    /// A date exactly as precise as its source.
    Stated(PartialDate),
    /// A date with notes on where it came from.
    // Boxed (the schema is the same): most dates are bare, and an agreement
    // has five date fields, which unboxed made up half its size.
    Annotated(Box<AnnotatedDate>),
}

/// A partial date with notes on how it was obtained.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnnotatedDate {
    /// The date, as precise as it is known.
    pub value: PartialDate,
    /// Present when some part of `value` is not in the source: says what was
    /// inferred and from what. Briefings flag inferred dates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inferred: Option<crate::Text>,
    /// The source's own wording of the date, such as `9 August`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_stated: Option<crate::Text>,
}

impl DateValue {
    /// The partial date itself.
    pub fn date(&self) -> &PartialDate {
        match self {
            DateValue::Stated(d) => d,
            DateValue::Annotated(a) => &a.value,
        }
    }

    /// Why the date was inferred, when it was.
    pub fn inferred(&self) -> Option<&str> {
        match self {
            DateValue::Stated(_) => None,
            DateValue::Annotated(a) => a.inferred.as_deref(),
        }
    }
}

impl From<PartialDate> for DateValue {
    fn from(date: PartialDate) -> Self {
        DateValue::Stated(date)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: Option<(Precision, &str)>) {
        let parsed = input.parse::<PartialDate>();
        match expected {
            Some((precision, display)) => {
                let date = parsed.unwrap_or_else(|e| panic!("{input}: {e}"));
                assert_eq!(date.precision(), precision, "{input}");
                assert_eq!(date.to_string(), display, "{input}");
            }
            None => assert!(parsed.is_err(), "{input} should be rejected"),
        }
    }

    #[test]
    fn parses_each_precision() {
        check("2018", Some((Precision::Year, "2018")));
        check("2018-02", Some((Precision::Month, "2018-02")));
        check("2018-02-14", Some((Precision::Day, "2018-02-14")));
        check("2020-02-29", Some((Precision::Day, "2020-02-29")));
        check("2000-02-29", Some((Precision::Day, "2000-02-29")));
    }

    #[test]
    fn rejects_impossible_and_malformed_dates() {
        for bad in [
            "2018-02-30",
            "2019-02-29",
            "1900-02-29",
            "2018-13",
            "2018-00",
            "2018-04-31",
            "18",
            "2018-2",
            "2018-02-1",
            "+2018",
            "2018-02-14T00:00",
            "",
            "२०१८",
        ] {
            check(bad, None);
        }
    }

    #[test]
    fn orders_by_first_then_last_day() {
        let d = |s: &str| s.parse::<PartialDate>().unwrap();
        let mut dates = [
            d("2018-02"),
            d("2018"),
            d("2018-01-01"),
            d("2017-12-31"),
            d("2018-01"),
        ];
        dates.sort();
        let shown: Vec<String> = dates.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            ["2017-12-31", "2018-01-01", "2018-01", "2018", "2018-02"]
        );
        assert!(d("2018-01").is_certainly_before(&d("2018-02-14")));
        assert!(!d("2018").is_certainly_before(&d("2018-02")));
        assert_eq!(
            d("2016-02").last_day(),
            NaiveDate::from_ymd_opt(2016, 2, 29).unwrap()
        );
        assert_eq!(
            d("2018-12").last_day(),
            NaiveDate::from_ymd_opt(2018, 12, 31).unwrap()
        );
    }

    #[test]
    fn truncation_never_adds_precision() {
        let d = |s: &str| s.parse::<PartialDate>().unwrap();
        assert_eq!(d("2018-02-14").truncate(Precision::Month), d("2018-02"));
        assert_eq!(d("2018").truncate(Precision::Day), d("2018"));
    }
}
