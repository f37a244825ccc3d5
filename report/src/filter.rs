//! Which collaborations a briefing covers.

use std::fmt;
use std::sync::OnceLock;

use accord_model::{
    Agreement, CountryCode, Dataset, DateValue, M49Area, PartialDate, PartyId, Sector,
    SubdivisionCode,
};

use crate::format;

/// A filter value that names nothing, or more than one thing: what is
/// wrong and how to fix it.
///
/// `message` is lower case without a final period, with values in
/// backticks (`` `elekat` is not a party in the data ``); `hint` leads to
/// the fix: the nearest values, or every candidate of an ambiguous name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterError {
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

impl fmt::Display for FilterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.message, self.hint)
    }
}

impl std::error::Error for FilterError {}

/// A place a briefing can be limited to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegionFilter {
    /// An ISO 3166-1 country.
    Country(CountryCode),
    /// An ISO 3166-2 subdivision.
    Subdivision(SubdivisionCode),
    /// A UN M49 region, sub-region or intermediate region.
    Area(M49Area),
}

impl RegionFilter {
    /// Reads the names a reader would type, in any case:
    ///
    /// - codes: an ISO 3166-1 alpha-2 (`CN`) or alpha-3 (`CHN`) country code,
    ///   an ISO 3166-2 subdivision code (`CN-LN`), a UN M49 code of a region
    ///   (`142`, `030`) or of a country (`156`);
    /// - names: a country's ISO name or its short form (`China`, `United
    ///   Kingdom`, `Iran`), a common other name (`UK`, `Britain`, `Russia`,
    ///   `South Korea`), an M49 region's name (`Eastern Asia`), a
    ///   subdivision's name with or without its type (`Liaoning` for
    ///   `Liaoning Sheng`).
    ///
    /// A country wins over a subdivision of the same name (`Georgia` is the
    /// country; the US state is `US-GA`). A name that fits several places
    /// (`Korea`) is an error listing them; an unknown one suggests the
    /// nearest names.
    ///
    /// ```
    /// use accord_report::RegionFilter;
    ///
    /// let uk = RegionFilter::parse("UK").unwrap();
    /// assert_eq!(uk, RegionFilter::parse("gb").unwrap());
    /// assert_eq!(uk, RegionFilter::parse("United Kingdom").unwrap());
    /// assert!(matches!(RegionFilter::parse("Liaoning"), Ok(RegionFilter::Subdivision(_))));
    /// let error = RegionFilter::parse("Chna").unwrap_err();
    /// assert!(error.hint.contains("`CN`"), "{}", error.hint);
    /// ```
    pub fn parse(text: &str) -> Result<RegionFilter, FilterError> {
        let mut wanted = Wanted::new(text);
        // M49 codes have three digits: `30` is `030`.
        if !wanted.key.is_empty()
            && wanted.key.len() < 3
            && wanted.key.bytes().all(|b| b.is_ascii_digit())
        {
            wanted.key = format!("{:0>3}", wanted.key);
        }
        let upper = wanted.key.to_uppercase();
        if let Ok(sub) = upper.parse::<SubdivisionCode>() {
            return Ok(RegionFilter::Subdivision(sub));
        }
        if let Ok(country) = upper.parse::<CountryCode>() {
            return Ok(RegionFilter::Country(country));
        }
        resolve(text, &wanted, region_choices(), &REGION).cloned()
    }

    /// Every region a filter can name: the UN M49 regions (by code), the
    /// ISO 3166-1 countries (by code), then the ISO 3166-2 subdivisions (by
    /// code).
    pub fn all() -> impl Iterator<Item = RegionFilter> {
        let choices = region_choices();
        let areas = choices
            .iter()
            .filter(|c| matches!(c.value, RegionFilter::Area(_)));
        let rest = choices
            .iter()
            .filter(|c| !matches!(c.value, RegionFilter::Area(_)));
        areas.chain(rest).map(|c| c.value.clone())
    }

    /// The region as a reader says it (CLDR's names, without codes):
    /// `China`, `Liaoning`, `Eastern Asia`.
    pub fn describe(&self) -> String {
        match self {
            RegionFilter::Country(c) => crate::format::country(*c).to_owned(),
            RegionFilter::Subdivision(s) => crate::format::subdivision(*s).to_owned(),
            RegionFilter::Area(a) => a.name.to_owned(),
        }
    }

    /// A place matches by its country or subdivision; an M49 area (World
    /// `001` included) also matches an agreement's own `areas` that lie
    /// within it (a worldwide agreement is found under World, not under
    /// every region; one for Latin America under the Americas).
    fn matches(&self, agreement: &Agreement) -> bool {
        let in_place = agreement.places.iter().any(|p| match self {
            RegionFilter::Country(c) => p.country == *c,
            RegionFilter::Subdivision(s) => p.subdivision == Some(*s),
            RegionFilter::Area(area) => {
                *area == accord_model::WORLD
                    || p.country
                        .m49()
                        .is_some_and(|e| e.areas().any(|a| a == *area))
            }
        });
        let in_area = match self {
            RegionFilter::Area(wanted) => agreement
                .areas
                .iter()
                .any(|own| area_within(own.area(), *wanted)),
            _ => false,
        };
        in_place || in_area
    }
}

const REGION: Noun = Noun {
    one: "region",
    many: "regions",
    unknown: "is not a known region",
    hint: REGION_HINT,
};

const REGION_HINT: &str = "give a country (`CN`, `China`), a subdivision (`CN-LN`, `Liaoning`) or a UN M49 region (`Eastern Asia`, `030`)";

/// Other names of countries that readers type and that the ISO names do
/// not lead to, in any case: (name, alpha-2 code). The ISO names, their
/// short forms (`Iran` for `Iran (Islamic Republic of)`) and the alpha-3
/// codes need no entry.
const COUNTRY_NAMES: &[(&str, &str)] = &[
    ("UK", "GB"),
    ("U.K.", "GB"),
    ("Britain", "GB"),
    ("Great Britain", "GB"),
    ("U.S.", "US"),
    ("U.S.A.", "US"),
    ("United States", "US"),
    ("United Kingdom", "GB"),
    ("PRC", "CN"),
    ("Mainland China", "CN"),
    ("People's Republic of China", "CN"),
    ("Russia", "RU"),
    ("South Korea", "KR"),
    ("Republic of Korea", "KR"),
    ("North Korea", "KP"),
    ("Vietnam", "VN"),
    ("Laos", "LA"),
    ("Syria", "SY"),
    ("Czech Republic", "CZ"),
    ("Turkey", "TR"),
    ("Holland", "NL"),
    ("The Netherlands", "NL"),
    ("Ivory Coast", "CI"),
    ("Macau", "MO"),
    ("Cape Verde", "CV"),
    ("Swaziland", "SZ"),
    ("Burma", "MM"),
    ("East Timor", "TL"),
    ("Vatican", "VA"),
    ("Vatican City", "VA"),
    ("UAE", "AE"),
    ("DRC", "CD"),
    ("DR Congo", "CD"),
];

/// True when every country of `inner` lies in `outer` (World holds all).
fn area_within(inner: M49Area, outer: M49Area) -> bool {
    if outer == accord_model::WORLD || inner == outer {
        return true;
    }
    if inner == accord_model::WORLD {
        return false;
    }
    let mut members = accord_model::m49_table()
        .iter()
        .filter(|e| e.areas().any(|a| a == inner))
        .peekable();
    members.peek().is_some() && members.all(|e| e.areas().any(|a| a == outer))
}

/// Every region a filter can name, with its names: countries, UN M49
/// areas, then subdivisions. Built once.
fn region_choices() -> &'static [Choice<RegionFilter>] {
    static CHOICES: OnceLock<Vec<Choice<RegionFilter>>> = OnceLock::new();
    CHOICES.get_or_init(|| {
        let mut choices = Vec::new();
        for country in CountryCode::all() {
            let entry = rust_iso3166::from_alpha2(country.alpha2());
            let name = country.name();
            let mut names = vec![fold(name), fold(short_form(name))];
            if let Some(entry) = entry {
                names.push(fold(entry.alpha3));
                names.push(format!("{:03}", entry.numeric));
            }
            names.extend(
                COUNTRY_NAMES
                    .iter()
                    .filter(|(_, code)| *code == country.alpha2())
                    .map(|(other, _)| fold(other)),
            );
            choices.push(Choice {
                value: RegionFilter::Country(country),
                code: country.alpha2().to_owned(),
                label: name.to_owned(),
                names,
                long_name: fold(name),
                rank: 0,
            });
        }
        for area in accord_model::AreaCode::all().map(|a| a.area()) {
            let mut names = vec![fold(area.name)];
            if area == accord_model::WORLD {
                names.push(fold("worldwide"));
            }
            choices.push(Choice {
                value: RegionFilter::Area(area),
                code: area.code.to_owned(),
                label: format!("{}, a UN M49 region", area.name),
                names,
                long_name: fold(area.name),
                rank: 0,
            });
        }
        let mut subdivisions: Vec<&rust_iso3166::iso3166_2::Subdivision> =
            rust_iso3166::iso3166_2::SUBDIVISION_MAP.values().collect();
        subdivisions.sort_unstable_by_key(|s| s.code);
        for s in subdivisions {
            let Ok(code) = s.code.parse::<SubdivisionCode>() else {
                continue;
            };
            choices.push(Choice {
                value: RegionFilter::Subdivision(code),
                code: s.code.to_owned(),
                label: format!(
                    "{}, {} of {}",
                    s.name,
                    s.subdivision_type,
                    code.country().name()
                ),
                names: vec![fold(s.name)],
                long_name: fold(s.name),
                rank: 1,
            });
        }
        choices
    })
}

/// `Iran` for `Iran (Islamic Republic of)`, `Korea` for `Korea (Republic of)`.
fn short_form(name: &str) -> &str {
    name.split([',', '(']).next().unwrap_or(name).trim()
}

/// A value a filter can take, with the names that select it.
#[derive(Debug)]
struct Choice<T> {
    value: T,
    /// What to write to select it (a code or an id), shown in hints.
    code: String,
    /// What it is, shown beside the code.
    label: String,
    /// Names that select it when given in full, folded (see [`fold`]).
    names: Vec<String>,
    /// A name that also selects it by its first words (`liaoning` for
    /// `liaoning sheng`), folded.
    long_name: String,
    /// Among exact names, a lower rank wins (a country over a subdivision).
    rank: u8,
}

/// How hints name a kind of filter value.
struct Noun {
    one: &'static str,
    many: &'static str,
    /// Ends the message for text that names nothing.
    unknown: &'static str,
    /// How to write a value, for when nothing is near.
    hint: &'static str,
}

/// What the user gave, folded for comparison.
struct Wanted {
    key: String,
    /// The key in company-name form (see [`accord_model::normalise_name`]).
    plain: String,
}

impl Wanted {
    fn new(text: &str) -> Wanted {
        Wanted {
            key: fold(text),
            plain: accord_model::normalise_name(text),
        }
    }
}

/// Lower case, with runs of white space as one space, trimmed.
fn fold(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Whether the words of `wanted` start the words of `name` (whole words).
fn starts_words(name: &str, wanted: &str) -> bool {
    name.strip_prefix(wanted)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', ',', '(']))
}

/// Whether the words of `wanted` occur in `name` as whole words.
fn holds_words(name: &str, wanted: &str) -> bool {
    name.match_indices(wanted).any(|(i, _)| {
        let before = name[..i].chars().next_back();
        let after = name[i + wanted.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// Finds the one choice `text` names: by code or full name (the lowest
/// rank wins), else by the first words of a long name (`Liaoning`); several
/// fits are an error listing them, none an error with the nearest names.
fn resolve<'a, T>(
    text: &str,
    wanted: &Wanted,
    choices: &'a [Choice<T>],
    noun: &Noun,
) -> Result<&'a T, FilterError> {
    let shown = text.trim();
    if wanted.key.is_empty() {
        return Err(FilterError {
            message: format!("the {} is empty", noun.one),
            hint: noun.hint.to_owned(),
        });
    }
    let exact: Vec<&Choice<T>> = choices
        .iter()
        .filter(|c| {
            c.code.to_lowercase() == wanted.key
                || c.names
                    .iter()
                    .any(|n| *n == wanted.key || (!wanted.plain.is_empty() && *n == wanted.plain))
        })
        .collect();
    let best = |found: Vec<&'a Choice<T>>| -> Vec<&'a Choice<T>> {
        let top = found.iter().map(|c| c.rank).min().unwrap_or(0);
        found.into_iter().filter(|c| c.rank == top).collect()
    };
    let ambiguous = |found: &[&Choice<T>]| FilterError {
        message: format!("`{shown}` names {} {}", found.len(), noun.many),
        hint: format!("write one of {}", listing(found)),
    };
    match best(exact).as_slice() {
        [one] => return Ok(&one.value),
        [] => {}
        several => return Err(ambiguous(several)),
    }
    if wanted.key.chars().count() >= 3 {
        let by_words: Vec<&Choice<T>> = choices
            .iter()
            .filter(|c| starts_words(&c.long_name, &wanted.key))
            .collect();
        // No rank here: `San` should not quietly mean San Marino.
        match by_words.as_slice() {
            [one] => return Ok(&one.value),
            [] => {}
            several => return Err(ambiguous(several)),
        }
    }
    let message = format!("`{shown}` {}", noun.unknown);
    let near = nearest(wanted, choices);
    if !near.is_empty() {
        return Err(FilterError {
            message,
            hint: format!("did you mean {}?", listing_or(&near)),
        });
    }
    if wanted.key.chars().count() >= 3 {
        let inside: Vec<&Choice<T>> = choices
            .iter()
            .filter(|c| c.names.iter().any(|n| holds_words(n, &wanted.key)))
            .collect();
        // Words of a name suggest, but do not choose: `Cambridge` may mean
        // a party the data does not hold.
        let hint = match inside.len() {
            0 => None,
            1..=3 => Some(format!("did you mean {}?", listing_or(&inside))),
            _ => Some(format!(
                "these have `{shown}` in their names: {}",
                listing(&inside)
            )),
        };
        if let Some(hint) = hint {
            return Err(FilterError { message, hint });
        }
    }
    Err(FilterError {
        message,
        hint: noun.hint.to_owned(),
    })
}

/// The choices whose code or a name is nearest `wanted`, when near enough
/// to be a likely slip: one edit for up to 3 letters, two up to 7, three
/// beyond. Nothing for one or two letters, where every code is one edit
/// away from many others.
fn nearest<'a, T>(wanted: &Wanted, choices: &'a [Choice<T>]) -> Vec<&'a Choice<T>> {
    let length = wanted.key.chars().count();
    if length <= 2 {
        return Vec::new();
    }
    let limit = (length / 4 + 1).min(3);
    let words = wanted.key.split(' ').count();
    let distance = |c: &Choice<T>| {
        // A long name is compared as far as the words given (`liaonig`
        // against `liaoning`, not `liaoning sheng`).
        let head: String = c
            .long_name
            .split(' ')
            .take(words)
            .collect::<Vec<_>>()
            .join(" ");
        std::iter::once(c.code.to_lowercase())
            .chain(c.names.iter().cloned())
            .chain(std::iter::once(head))
            // Lengths further apart than the limit are further apart in
            // edits too: the full distance, quadratic in the lengths, is
            // worked out only for names of about the wanted length.
            .filter(|n| n.chars().count().abs_diff(length) <= limit)
            .map(|n| strsim::damerau_levenshtein(&n, &wanted.key))
            .min()
            .unwrap_or(usize::MAX)
    };
    // A number is a slip for another number (an M49 code), never for a
    // letter code one or two edits away.
    let numeric = wanted.key.chars().all(|c| c.is_ascii_digit());
    let scored: Vec<(usize, &Choice<T>)> = choices
        .iter()
        .filter(|c| !numeric || c.code.chars().all(|d| d.is_ascii_digit()))
        .map(|c| (distance(c), c))
        .filter(|(d, _)| *d <= limit)
        .collect();
    let Some(least) = scored.iter().map(|(d, _)| *d).min() else {
        return Vec::new();
    };
    scored
        .into_iter()
        .filter(|(d, _)| *d == least)
        .map(|(_, c)| c)
        .collect()
}

/// At most this many candidates are named in a hint.
const SHOWN: usize = 8;

/// `` `KP` (Korea …), `KR` (Korea …) ``, cut after [`SHOWN`] items.
fn listing<T>(found: &[&Choice<T>]) -> String {
    join(found, ", ")
}

/// `` `elekta` (Elekta) or `elekta-china` (…) ``.
fn listing_or<T>(found: &[&Choice<T>]) -> String {
    join(found, " or ")
}

fn join<T>(found: &[&Choice<T>], separator: &str) -> String {
    let items: Vec<String> = found
        .iter()
        .take(SHOWN)
        .map(|c| format!("`{}` ({})", c.code, c.label))
        .collect();
    let mut text = items.join(separator);
    if found.len() > SHOWN {
        text.push_str(&format!(", and {} more", found.len() - SHOWN));
    }
    text
}

/// The sector `text` names: its id (a CRS code such as `121` or `12182`, or
/// an Accord id such as `genomics`) or its label, in any case (`Genomics`,
/// `Health, general`, `Research and development`), or the first words of a
/// label (`Research`). Where labels repeat, the broader sector wins (`Trade
/// policies and regulations` is `330`, which holds `331`), and a withdrawn
/// CRS code loses to a current one. Unknown or ambiguous text is an error
/// with the nearest sectors or the candidates.
///
/// ```
/// use accord_model::Sector;
///
/// assert_eq!(accord_report::find_sector("Genomics"), Ok(Sector::Genomics));
/// assert_eq!(accord_report::find_sector("remote patient monitoring"), Ok(Sector::RemoteMonitoring));
/// assert_eq!(accord_report::find_sector("121").unwrap().label(), "Health, general");
/// assert_eq!(accord_report::find_sector("health, general").unwrap().id(), "121");
/// assert!(accord_report::find_sector("genomix").unwrap_err().hint.contains("`genomics`"));
/// ```
pub fn find_sector(text: &str) -> Result<Sector, FilterError> {
    static CHOICES: OnceLock<Vec<Choice<Sector>>> = OnceLock::new();
    let choices = CHOICES.get_or_init(|| {
        Sector::ALL
            .iter()
            .map(|&s| {
                // A current code beats a withdrawn one at any depth (the
                // withdrawn 23082 Energy research sits higher than the
                // current 23182), then the broader beats the narrower.
                let depth = u8::try_from(s.depth()).unwrap_or(u8::MAX / 2).min(63);
                Choice {
                    value: s,
                    code: s.id().to_owned(),
                    label: s.label().to_owned(),
                    names: vec![fold(s.label()), s.id().replace('-', " ")],
                    long_name: fold(s.label()),
                    rank: depth + 64 * u8::from(s.is_withdrawn()),
                }
            })
            .collect()
    });
    let wanted = Wanted {
        key: fold(text),
        plain: String::new(),
    };
    resolve(text, &wanted, choices, &SECTOR).copied()
}

const SECTOR: Noun = Noun {
    one: "sector",
    many: "sectors",
    unknown: "is not a sector",
    hint: SECTOR_HINT,
};

const SECTOR_HINT: &str =
    "give a sector's id (`genomics`), CRS code (`121`) or label (`Health, general`)";

/// The party of `dataset` that `text` names: its id, its name, its name in
/// its own script or one of its other names, in any case (`elekta`,
/// `Elekta`, `Sinopharm`); company-form words do not matter (`China
/// National Pharmaceutical Group` finds `… Group Co., Ltd.`). Unknown or
/// ambiguous text is an error with the nearest parties or the candidates.
pub fn find_party(dataset: &Dataset, text: &str) -> Result<PartyId, FilterError> {
    let choices: Vec<Choice<&PartyId>> = dataset
        .parties
        .values()
        .map(|p| {
            let mut names = vec![fold(&p.name), accord_model::normalise_name(&p.name)];
            if let Some(local) = &p.local_name {
                names.push(fold(&local.text));
            }
            for alias in &p.aliases {
                names.push(fold(&alias.name));
                names.push(accord_model::normalise_name(&alias.name));
            }
            names.retain(|n| !n.is_empty());
            Choice {
                value: &p.id,
                code: p.id.to_string(),
                label: p.name.to_string(),
                names,
                long_name: fold(&p.name),
                rank: 0,
            }
        })
        .collect();
    resolve(text, &Wanted::new(text), &choices, &PARTY).map(|id| (*id).clone())
}

const PARTY: Noun = Noun {
    one: "party",
    many: "parties",
    unknown: "is not a party in the data",
    hint: PARTY_HINT,
};

const PARTY_HINT: &str = "give a party's id (`elekta`), name or other name (`Sinopharm`)";

/// The filters of a briefing. Within one kind, a collaboration matching any
/// value is kept; across kinds, it must match every kind given.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// Places where the collaboration takes effect.
    pub regions: Vec<RegionFilter>,
    /// Sectors; a sector includes its sub-sectors.
    pub sectors: Vec<Sector>,
    /// Keep collaborations whose date may fall on or after this date.
    pub since: Option<PartialDate>,
    /// Keep collaborations whose date may fall on or before this date.
    pub until: Option<PartialDate>,
    /// Parties; a party includes its subsidiaries.
    pub parties: Vec<PartyId>,
}

impl Filters {
    /// True when the agreement passes every filter.
    ///
    /// Dates are compared as the intervals they stand for: with `since
    /// 2018-03`, a collaboration dated `2018` is kept (it may fall in March
    /// or later); one dated `2018-02` is not. A collaboration without a date
    /// is left out whenever a date filter is given.
    pub fn matches(&self, dataset: &Dataset, agreement: &Agreement) -> bool {
        let region_ok =
            self.regions.is_empty() || self.regions.iter().any(|r| r.matches(agreement));
        let sector_ok = self.sectors.is_empty()
            || agreement
                .sectors
                .iter()
                .any(|s| self.sectors.iter().any(|wanted| s.is_within(*wanted)));
        // A date is the span of days it may stand for: kept when the span
        // overlaps the period asked for.
        let span = agreement.dates.key_date().map(DateValue::span);
        let since_ok = match (&self.since, &span) {
            (None, _) => true,
            (Some(since), Some(span)) => span.overlaps(Some(since.first_day()), None),
            (Some(_), None) => false,
        };
        let until_ok = match (&self.until, &span) {
            (None, _) => true,
            (Some(until), Some(span)) => span.overlaps(None, Some(until.last_day())),
            (Some(_), None) => false,
        };
        let party_ok = self.parties.is_empty()
            || agreement.party_ids().any(|id| {
                dataset
                    .party_chain(id)
                    .iter()
                    .any(|p| self.parties.contains(&p.id))
                    || self.parties.contains(id)
            });
        region_ok && sector_ok && since_ok && until_ok && party_ok
    }

    /// True when a date filter keeps the agreement only because its date
    /// may fall in the period: the span of days its date stands for
    /// overlaps the period without lying wholly inside it (`2018` with
    /// `since 2018-03`, `on or before 14 February 2018` with `since 2018`).
    /// Looks at the dates only: call it on an agreement [`Filters::matches`]
    /// keeps. False without a date filter, for an agreement without a date
    /// and for one whose date lies wholly in the period.
    pub fn kept_by_overlap(&self, agreement: &Agreement) -> bool {
        if self.since.is_none() && self.until.is_none() {
            return false;
        }
        let Some(span) = agreement.dates.key_date().map(DateValue::span) else {
            return false;
        };
        let from = self.since.as_ref().map(PartialDate::first_day);
        let to = self.until.as_ref().map(PartialDate::last_day);
        span.overlaps(from, to) && !span.lies_within(from, to)
    }

    /// The filters in words, one line each; one line saying there are none.
    pub fn describe(&self, dataset: &Dataset) -> Vec<String> {
        let mut lines = Vec::new();
        if !self.regions.is_empty() {
            let names: Vec<String> = self.regions.iter().map(RegionFilter::describe).collect();
            lines.push(format!("Region: {}", names.join(" or ")));
        }
        if !self.sectors.is_empty() {
            let names: Vec<&str> = self.sectors.iter().map(|s| s.label()).collect();
            lines.push(format!(
                "Sector: {} (with their sub-sectors)",
                names.join(" or ")
            ));
        }
        match (&self.since, &self.until) {
            (Some(s), Some(u)) => lines.push(format!(
                "Period: {} to {}",
                format::partial_date(s),
                format::partial_date(u)
            )),
            (Some(s), None) => lines.push(format!("Period: from {}", format::partial_date(s))),
            (None, Some(u)) => lines.push(format!("Period: until {}", format::partial_date(u))),
            (None, None) => {}
        }
        if !self.parties.is_empty() {
            let names: Vec<String> = self
                .parties
                .iter()
                .map(|id| {
                    dataset
                        .parties
                        .get(id)
                        .map_or_else(|| id.to_string(), |p| p.name.to_string())
                })
                .collect();
            lines.push(format!(
                "Party: {} (with their subsidiaries)",
                names.join(" or ")
            ));
        }
        if lines.is_empty() {
            lines.push("All collaborations in the dataset".to_owned());
        }
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The code of the region `text` names, or the error in one line.
    fn region(text: &str) -> String {
        match RegionFilter::parse(text) {
            Ok(RegionFilter::Country(c)) => c.alpha2().to_owned(),
            Ok(RegionFilter::Subdivision(s)) => s.code().to_owned(),
            Ok(RegionFilter::Area(a)) => a.code.to_owned(),
            Err(e) => format!("{} | {}", e.message, e.hint),
        }
    }

    #[test]
    fn world_regions_match_places_and_the_agreements_own_areas() {
        let agreement = |extra: &str| -> Agreement {
            serde_json::from_str(&format!(
                r#"{{"id": "a", "title": "T", "kind": "fund", "status": "signed", "summary": "S",
                "parties": [{{"party": "p", "role": "founder"}}, {{"party": "q", "role": "founder"}}],
                "sectors": ["investment-funds"], "sources": [{{"source": "s"}}]{extra}}}"#
            ))
            .unwrap()
        };
        let region = |text: &str| RegionFilter::parse(text).unwrap();
        let latin = agreement(r#", "areas": ["419"]"#);
        let worldwide = agreement(r#", "areas": ["001"]"#);
        let china = agreement(r#", "places": [{"country": "CN"}]"#);
        let nowhere = agreement("");
        assert!(region("001").matches(&latin));
        assert!(
            region("019").matches(&latin),
            "the Americas hold Latin America"
        );
        assert!(region("419").matches(&latin));
        assert!(!region("142").matches(&latin));
        assert!(!region("BR").matches(&latin), "a region names no country");
        assert!(region("World").matches(&worldwide));
        assert!(!region("419").matches(&worldwide));
        assert!(region("001").matches(&china));
        assert!(!region("001").matches(&nowhere));
    }

    #[test]
    fn regions_are_found_by_code_and_by_the_names_readers_type() {
        for (text, code) in [
            ("GB", "GB"),
            ("gb", "GB"),
            ("UK", "GB"),
            ("uk", "GB"),
            ("GBR", "GB"),
            ("826", "GB"),
            ("United Kingdom", "GB"),
            ("  united   kingdom ", "GB"),
            ("Britain", "GB"),
            ("China", "CN"),
            ("CHN", "CN"),
            ("156", "CN"),
            ("cn-ln", "CN-LN"),
            ("Liaoning", "CN-LN"),
            ("Liaoning Sheng", "CN-LN"),
            ("Eastern Asia", "030"),
            ("eastern asia", "030"),
            ("030", "030"),
            ("30", "030"),
            ("Europe", "150"),
            ("001", "001"),
            ("1", "001"),
            ("World", "001"),
            ("worldwide", "001"),
            ("Iran", "IR"),
            ("Taiwan", "TW"),
            ("United States", "US"),
            ("USA", "US"),
            ("South Korea", "KR"),
            // A country wins over a subdivision of the same name.
            ("Georgia", "GE"),
        ] {
            assert_eq!(region(text), code, "{text}");
        }
    }

    #[test]
    fn an_unknown_or_ambiguous_region_says_what_to_write() {
        assert_eq!(
            region("Korea"),
            "`Korea` names 2 regions | write one of `KP` (Korea (Democratic People's Republic of)), `KR` (Korea (Republic of))"
        );
        assert_eq!(
            region("Chna"),
            "`Chna` is not a known region | did you mean `CN` (China)?"
        );
        assert!(
            region("Liaonig").contains("did you mean `CN-LN` (Liaoning Sheng, Province of China)?"),
            "{}",
            region("Liaonig")
        );
        assert!(region("Eastern Asai").contains("`030` (Eastern Asia, a UN M49 region)"));
        // Two letters are too short to guess from.
        assert_eq!(
            region("XX"),
            format!("`XX` is not a known region | {REGION_HINT}")
        );
        assert_eq!(region(" "), format!("the region is empty | {REGION_HINT}"));
        // Manchester is also a parish of Jamaica.
        let manchester = region("manchester");
        assert!(
            manchester
                .starts_with("`manchester` names 2 regions | write one of `GB-MAN` (Manchester, "),
            "{manchester}"
        );
        assert!(manchester.contains("`JM-12` (Manchester, Parish of Jamaica)"));
        // Many fits are cut, with a count of the rest.
        let saint = region("Saint");
        assert!(saint.starts_with("`Saint` names "), "{saint}");
        assert!(saint.ends_with(" more"), "{saint}");
    }

    fn sector(text: &str) -> String {
        match find_sector(text) {
            Ok(s) => s.id().to_owned(),
            Err(e) => format!("{} | {}", e.message, e.hint),
        }
    }

    #[test]
    fn sectors_are_found_by_id_or_label_in_any_case() {
        for (text, id) in [
            ("genomics", "genomics"),
            ("Genomics", "genomics"),
            ("GENOMICS", "genomics"),
            ("Research and development", "research"),
            ("research", "research"),
            ("Digital Health", "digital-health"),
            ("digital health", "digital-health"),
            ("Remote patient monitoring", "remote-monitoring"),
            ("remote-monitoring", "remote-monitoring"),
            // CRS codes and names; a repeated name picks the broader code.
            ("121", "121"),
            ("12182", "12182"),
            ("Health", "120"),
            ("health, GENERAL", "121"),
            ("Trade policies and regulations", "330"),
            ("elections", "15151"),
            // A current code wins over a withdrawn one that sits higher.
            ("Energy research", "23182"),
            ("hydro-electric power plants", "23220"),
        ] {
            assert_eq!(sector(text), id, "{text}");
        }
        assert_eq!(
            sector("genomix"),
            "`genomix` is not a sector | did you mean `genomics` (Genomics)?"
        );
        assert!(
            sector("Medical").starts_with("`Medical` names 5 sectors | write one of `12181` "),
            "{}",
            sector("Medical")
        );
        assert!(sector("oncology").ends_with(SECTOR_HINT));
    }

    fn dataset() -> Dataset {
        let party = |id: &str, name: &str, aliases: &[&str]| {
            let aliases: Vec<serde_json::Value> = aliases
                .iter()
                .map(|a| serde_json::json!({"name": a, "kind": "short-name"}))
                .collect();
            let json = serde_json::json!({"party": {
                "id": id, "name": name, "kind": "company", "country": "CN", "aliases": aliases,
            }});
            serde_json::from_value::<accord_model::Record>(json).unwrap()
        };
        Dataset::from_records([
            party("elekta", "Elekta", &[]),
            party(
                "sinopharm-group",
                "China National Pharmaceutical Group Co., Ltd.",
                &["Sinopharm"],
            ),
            party(
                "sinopharm-trading",
                "Sinopharm International Trading",
                &["SIT"],
            ),
            party(
                "tencent",
                "Shenzhen Tencent Computer Systems",
                &["Tencent Holdings"],
            ),
            party("acme-a", "Acme Alpha", &["Acme"]),
            party("acme-b", "Acme Beta", &["Acme"]),
        ])
    }

    fn party(dataset: &Dataset, text: &str) -> String {
        match find_party(dataset, text) {
            Ok(id) => id.to_string(),
            Err(e) => format!("{} | {}", e.message, e.hint),
        }
    }

    #[test]
    fn parties_are_found_by_id_name_or_other_name() {
        let data = dataset();
        for (text, id) in [
            ("elekta", "elekta"),
            ("Elekta", "elekta"),
            ("ELEKTA", "elekta"),
            ("Sinopharm", "sinopharm-group"),
            ("sinopharm", "sinopharm-group"),
            (
                "China National Pharmaceutical Group Co., Ltd.",
                "sinopharm-group",
            ),
            // Company-form words do not matter.
            ("China National Pharmaceutical", "sinopharm-group"),
            ("sit", "sinopharm-trading"),
        ] {
            assert_eq!(party(&data, text), id, "{text}");
        }
        assert_eq!(
            party(&data, "elekat"),
            "`elekat` is not a party in the data | did you mean `elekta` (Elekta)?"
        );
        assert_eq!(
            party(&data, "Acme"),
            "`Acme` names 2 parties | write one of `acme-a` (Acme Alpha), `acme-b` (Acme Beta)"
        );
        assert_eq!(
            party(&data, "computer systems"),
            "`computer systems` is not a party in the data | did you mean `tencent` (Shenzhen Tencent Computer Systems)?"
        );
        assert_eq!(
            party(&data, "zz"),
            format!("`zz` is not a party in the data | {PARTY_HINT}")
        );
    }
}
