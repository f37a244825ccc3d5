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

/// A day of a month with no year, as a source writes "August 9": ISO 8601's
/// `--MM-DD` (XML Schema's `gMonthDay`). 29 February is allowed, since the
/// year is not known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MonthDay {
    month: u32,
    day: u32,
}

/// The JSON Schema pattern of a [`MonthDay`].
pub const MONTH_DAY_PATTERN: &str = concat!(
    r"^--(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])",
    r"|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)",
    r"|02-(?:0[1-9]|[12][0-9]))$",
);

impl MonthDay {
    /// The month, 1 to 12.
    pub fn month(&self) -> u32 {
        self.month
    }

    /// The day of the month, 1 to 31.
    pub fn day(&self) -> u32 {
        self.day
    }

    /// True when `date` is a full date falling on this day and month.
    pub fn matches(&self, date: &PartialDate) -> bool {
        matches!(date, PartialDate::Day(d) if d.month() == self.month && d.day() == self.day)
    }
}

impl fmt::Display for MonthDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "--{:02}-{:02}", self.month, self.day)
    }
}

impl FromStr for MonthDay {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = |reason| DateError {
            input: s.to_owned(),
            reason,
        };
        let rest = s
            .strip_prefix("--")
            .ok_or_else(|| err("a day without a year is written `--MM-DD`"))?;
        let (m, d) = rest
            .split_once('-')
            .filter(|(m, d)| {
                m.len() == 2
                    && d.len() == 2
                    && m.bytes().chain(d.bytes()).all(|b| b.is_ascii_digit())
            })
            .ok_or_else(|| err("a day without a year is written `--MM-DD`"))?;
        let (month, day): (u32, u32) = (m.parse().unwrap_or(0), d.parse().unwrap_or(0));
        // 2000 is a leap year, so every day some year has is accepted.
        NaiveDate::from_ymd_opt(2000, month, day)
            .map(|_| MonthDay { month, day })
            .ok_or_else(|| err("that day does not exist in that month"))
    }
}

impl Serialize for MonthDay {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for MonthDay {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Cow::<str>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl JsonSchema for MonthDay {
    fn schema_name() -> Cow<'static, str> {
        "MonthDay".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "description": "A day and month with no year, as a source writes \"August 9\": `--MM-DD` (ISO 8601), such as `--08-09`.",
            "pattern": MONTH_DAY_PATTERN,
            "examples": ["--08-09"],
        })
    }
}

/// The days a date may stand for: from `earliest` to `latest`, both
/// included; `None` is an open end ("on or before 14 February 2018" has no
/// earliest day). Spans are compared with [`DateSpan::is_certainly_before`]
/// and [`DateSpan::overlaps`]; they have no order of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DateSpan {
    /// The first day it may be, when there is one.
    pub earliest: Option<NaiveDate>,
    /// The last day it may be, when there is one.
    pub latest: Option<NaiveDate>,
}

impl DateSpan {
    /// The span that says nothing: every day.
    pub const UNKNOWN: DateSpan = DateSpan {
        earliest: None,
        latest: None,
    };

    /// True when the span is a single known day.
    pub fn is_day(&self) -> bool {
        matches!((self.earliest, self.latest), (Some(a), Some(b)) if a == b)
    }

    /// True when every day of `self` comes before every day of `other`.
    pub fn is_certainly_before(&self, other: &DateSpan) -> bool {
        matches!((self.latest, other.earliest), (Some(a), Some(b)) if a < b)
    }

    /// True when some day of the span lies between `from` and `to` (each
    /// included; `None` is open).
    pub fn overlaps(&self, from: Option<NaiveDate>, to: Option<NaiveDate>) -> bool {
        let starts_in_time = match (self.earliest, to) {
            (Some(a), Some(t)) => a <= t,
            _ => true,
        };
        let ends_in_time = match (self.latest, from) {
            (Some(b), Some(f)) => b >= f,
            _ => true,
        };
        starts_in_time && ends_in_time
    }

    /// True when every day of the span lies between `from` and `to` (each
    /// included; `None` is open).
    pub fn lies_within(&self, from: Option<NaiveDate>, to: Option<NaiveDate>) -> bool {
        let after = match (self.earliest, from) {
            (_, None) => true,
            (Some(a), Some(f)) => a >= f,
            (None, Some(_)) => false,
        };
        let before = match (self.latest, to) {
            (_, None) => true,
            (Some(b), Some(t)) => b <= t,
            (None, Some(_)) => false,
        };
        after && before
    }

    /// A day to sort by: the latest possible day, else the earliest. Sorting
    /// by it puts "on or before 14 February 2018" beside 14 February 2018.
    pub fn sort_day(&self) -> Option<NaiveDate> {
        self.latest.or(self.earliest)
    }
}

/// A date as a record states it: a bare partial date, or the long form that
/// bounds it, keeps the source's words and marks how it is known.
///
/// In a record file the short form is just the string (`signed: "2018-02-14"`);
/// the long form is a mapping with the same mark keys as every other fact
/// ([`crate::Fact`]) and three more for what sources say of dates:
///
/// ```yaml
/// signed:
///   on_or_before: "2018-02-14"
///   as_stated: the list of deals signed during the visit, published 14 February 2018
/// discussed:
///   month_day: "--08-09"
///   value: "2023-08-09"
///   as_stated: August 9
///   inferred: the source gives no year; it cites the 20th Party Congress (October 2022) as past
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum DateValue {
    /// A date exactly as precise as its source.
    Stated(PartialDate),
    /// A date with bounds, wording or a mark.
    // Boxed (the schema is the same): most dates are bare, and an agreement
    // has five date fields, which unboxed made up half its size.
    Annotated(Box<AnnotatedDate>),
}

/// The long form of a date. At least one of `value`, `on_or_after`,
/// `on_or_before` and `month_day` is given.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct AnnotatedDate {
    /// The date, as precise as it is known. With `month_day`, the full date
    /// with its year filled in, and the mark then says where the year
    /// comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<PartialDate>,
    /// The date is this day or later ("after the visit began").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_or_after: Option<PartialDate>,
    /// The date is this day or earlier ("signed by the time the list was
    /// published on 14 February 2018").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_or_before: Option<PartialDate>,
    /// The day and month exactly as the source gives them when it gives no
    /// year ("August 9" is `--08-09`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub month_day: Option<MonthDay>,
    /// The reasoning that takes the date (or, with `month_day`, its year)
    /// from the cited source. Briefings mark the date as inferred.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inferred: Option<crate::Text>,
    /// Where the date (or, with `month_day`, its year) comes from when the
    /// cited sources do not give it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outside_knowledge: Option<crate::OutsideKnowledge>,
    /// The source's own wording of the date, such as `August 9`. Briefings
    /// show it beside the date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_stated: Option<crate::Text>,
}

/// Why a long-form date cannot stand, whatever its record says elsewhere.
fn annotated_problem(date: &AnnotatedDate) -> Option<&'static str> {
    if date.value.is_none()
        && date.on_or_after.is_none()
        && date.on_or_before.is_none()
        && date.month_day.is_none()
    {
        return Some("a date gives `value`, `on_or_after`, `on_or_before` or `month_day`");
    }
    if date.inferred.is_some() && date.outside_knowledge.is_some() {
        return Some(crate::certainty::MARKS_EXCLUSIVE);
    }
    None
}

impl<'de> Deserialize<'de> for AnnotatedDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Raw {
            #[serde(default)]
            value: Option<PartialDate>,
            #[serde(default)]
            on_or_after: Option<PartialDate>,
            #[serde(default)]
            on_or_before: Option<PartialDate>,
            #[serde(default)]
            month_day: Option<MonthDay>,
            #[serde(default)]
            inferred: Option<crate::Text>,
            #[serde(default)]
            outside_knowledge: Option<crate::OutsideKnowledge>,
            #[serde(default)]
            as_stated: Option<crate::Text>,
        }
        let raw = Raw::deserialize(deserializer)?;
        let date = AnnotatedDate {
            value: raw.value,
            on_or_after: raw.on_or_after,
            on_or_before: raw.on_or_before,
            month_day: raw.month_day,
            inferred: raw.inferred,
            outside_knowledge: raw.outside_knowledge,
            as_stated: raw.as_stated,
        };
        match annotated_problem(&date) {
            Some(problem) => Err(serde::de::Error::custom(problem)),
            None => Ok(date),
        }
    }
}

impl JsonSchema for AnnotatedDate {
    fn schema_name() -> Cow<'static, str> {
        "AnnotatedDate".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let date = generator.subschema_for::<PartialDate>().to_value();
        let month_day = generator.subschema_for::<MonthDay>().to_value();
        let mut properties = crate::certainty::mark_properties(generator);
        let described = |schema: &serde_json::Value, text: &str| {
            let mut schema = crate::certainty::nullable(schema.clone());
            if let Some(map) = schema.as_object_mut() {
                map.insert("description".into(), text.into());
            }
            schema
        };
        properties.insert(
            "value".into(),
            described(
                &date,
                "The date, as precise as it is known. With `month_day`, the full date with its year filled in; the mark then says where the year comes from.",
            ),
        );
        properties.insert(
            "on_or_after".into(),
            described(&date, "The date is this day or later."),
        );
        properties.insert(
            "on_or_before".into(),
            described(
                &date,
                "The date is this day or earlier, such as the day a list of signed deals was published.",
            ),
        );
        properties.insert(
            "month_day".into(),
            described(
                &month_day,
                "The day and month exactly as the source gives them when it gives no year (`August 9` is `--08-09`).",
            ),
        );
        // At least one of the four, given (not left empty).
        let given = |key: &str| {
            serde_json::json!({"required": [key], "properties": {key: {
                "type": "string",
                "description": "Given, not left empty."
            }}})
        };
        json_schema!({
            "type": "object",
            "description": "A date with bounds, the source's wording or a mark of how it is known. Give at least one of `value`, `on_or_after`, `on_or_before` and `month_day`.",
            "properties": properties,
            "additionalProperties": false,
            "anyOf": [
                given("value"),
                given("on_or_after"),
                given("on_or_before"),
                given("month_day"),
            ],
            "dependentSchemas": crate::certainty::one_mark_rule(),
        })
    }
}

impl DateValue {
    /// The date itself, when the record gives one; a date known only by its
    /// bounds, or only by day and month, has none.
    pub fn date(&self) -> Option<&PartialDate> {
        match self {
            DateValue::Stated(d) => Some(d),
            DateValue::Annotated(a) => a.value.as_ref(),
        }
    }

    /// The long form, when the date is written that way.
    pub fn annotated(&self) -> Option<&AnnotatedDate> {
        match self {
            DateValue::Stated(_) => None,
            DateValue::Annotated(a) => Some(a),
        }
    }

    /// How the date is known; for a date with `month_day`, how its year is.
    pub fn basis(&self) -> crate::Basis<'_> {
        match self {
            DateValue::Stated(_) => crate::Basis::Stated,
            DateValue::Annotated(a) => {
                crate::certainty::basis_of(&a.inferred, &a.outside_knowledge)
            }
        }
    }

    /// How sure the record is of the date.
    pub fn certainty(&self) -> crate::Certainty {
        self.basis().certainty()
    }

    /// Why the date was inferred, when it was.
    pub fn inferred(&self) -> Option<&str> {
        self.annotated().and_then(|a| a.inferred.as_deref())
    }

    /// The source's own wording, when the record keeps it.
    pub fn as_stated(&self) -> Option<&str> {
        self.annotated().and_then(|a| a.as_stated.as_deref())
    }

    /// The day and month the source gives without a year.
    pub fn month_day(&self) -> Option<MonthDay> {
        self.annotated().and_then(|a| a.month_day)
    }

    /// The bounds `(on_or_after, on_or_before)`.
    pub fn bounds(&self) -> (Option<&PartialDate>, Option<&PartialDate>) {
        match self {
            DateValue::Stated(_) => (None, None),
            DateValue::Annotated(a) => (a.on_or_after.as_ref(), a.on_or_before.as_ref()),
        }
    }

    /// True when the date is a single stated point, with no bounds: a bare
    /// partial date or a long form with only `value` (and maybe wording).
    pub fn is_point(&self) -> bool {
        matches!(self.bounds(), (None, None)) && self.date().is_some()
    }

    /// The days the date may stand for: the value's days cut by the bounds.
    /// A day and month with no year and no value, or bounds that contradict
    /// each other or the value, give what the known parts allow; the
    /// validator reports the contradiction.
    pub fn span(&self) -> DateSpan {
        let mut span = match self.date() {
            Some(d) => DateSpan {
                earliest: Some(d.first_day()),
                latest: Some(d.last_day()),
            },
            None => DateSpan::UNKNOWN,
        };
        let (after, before) = self.bounds();
        if let Some(after) = after {
            let day = after.first_day();
            span.earliest = Some(span.earliest.map_or(day, |e| e.max(day)));
        }
        if let Some(before) = before {
            let day = before.last_day();
            span.latest = Some(span.latest.map_or(day, |l| l.min(day)));
        }
        span
    }

    /// The year every day of the span falls in, when there is one.
    pub fn year(&self) -> Option<i32> {
        let span = self.span();
        match (span.earliest, span.latest) {
            (Some(a), Some(b)) if a.year() == b.year() => Some(a.year()),
            _ => None,
        }
    }
}

impl fmt::Display for DateValue {
    /// The date in the file's own notation, for messages: `2018-02`,
    /// `on or before 2018-02-14`, `2018, on or before 2018-02-14`,
    /// `--08-09 (2023-08-09)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let annotated = match self {
            DateValue::Stated(d) => return d.fmt(f),
            DateValue::Annotated(a) => a,
        };
        let mut parts: Vec<String> = Vec::new();
        match (&annotated.month_day, &annotated.value) {
            (Some(md), Some(v)) => parts.push(format!("{md} ({v})")),
            (Some(md), None) => parts.push(md.to_string()),
            (None, Some(v)) => parts.push(v.to_string()),
            (None, None) => {}
        }
        match (&annotated.on_or_after, &annotated.on_or_before) {
            (Some(a), Some(b)) => parts.push(format!("between {a} and {b}")),
            (Some(a), None) => parts.push(format!("on or after {a}")),
            (None, Some(b)) => parts.push(format!("on or before {b}")),
            (None, None) => {}
        }
        f.write_str(&parts.join(", "))
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
