//! The briefing as a renderer sees it: every figure computed, every text
//! written, nothing left to decide. The HTML and the PDF are both drawn
//! from one [`Briefing`], so they always say the same thing.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use accord_model::{
    Agreement, AgreementId, Amount, AmountKind, Certainty, CountryCode, Currency, Dataset,
    DateValue, LeftOut, M49Area, Money, OccasionId, PartialDate, PartyId, PartyKind, Qualifier,
    Sector, SourceId, StatedAmount, Vocabulary,
};
use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::chart::Chart;
use crate::format;
use crate::marks::{self, MarkKind};
use crate::{Options, RateTable};

/// Everything a briefing says.
#[derive(Debug, Clone, PartialEq)]
pub struct Briefing {
    /// The document's title.
    pub title: String,
    /// The briefing's date.
    pub as_of: NaiveDate,
    /// The date as printed: `11 December 2025`.
    pub as_of_text: String,
    /// What the briefing covers: the filters in words, one per line.
    pub scope: Vec<String>,
    /// Collaborations a date filter keeps only because their dates may
    /// fall in the period, though they may also fall outside it: each as
    /// `title: date`. Empty without `since` or `until`.
    pub kept_by_overlap: Vec<String>,
    /// How to read the marks, source numbers and dates, one paragraph each.
    pub how_to_read: Vec<String>,
    /// What the dataset held before filtering.
    pub dataset_summary: String,
    /// True when no collaboration matched the filters.
    pub empty: bool,
    /// Headline numbers.
    pub key_figures: Vec<KeyFigure>,
    /// Money totals per currency, in words; never mixed.
    pub totals: Vec<String>,
    /// Totals sources report for occasions (never added to anything).
    pub reported_totals: Vec<String>,
    /// How the totals were converted, when a rate table was given.
    pub conversion: Option<String>,
    /// Collaborations by region (rows) and top-level sector (columns).
    pub matrix: Matrix,
    /// Charts that add to the tables: by status, and by year when the
    /// timeline groups the collaborations.
    pub charts: Vec<Chart>,
    /// The map of where the collaborations are, when any involves a country.
    pub map: Option<crate::figure::MapFigure>,
    /// The timeline of when they were agreed, when any has a date.
    pub timeline: Option<crate::figure::Timeline>,
    /// The bilateral corridors of the parties' home countries.
    pub corridors: Vec<Corridor>,
    /// The parties left out of every corridor because their country is
    /// not stated, in words, when there are any: printed with the
    /// corridors' notes.
    pub corridors_left_out: Option<String>,
    /// One section per region, with its collaborations.
    pub regions: Vec<RegionSection>,
    /// The parties of the selected collaborations.
    pub parties: Vec<PartyEntry>,
    /// The people named in the selected collaborations and their occasions.
    pub people: Vec<PersonEntry>,
    /// The sources cited, numbered.
    pub sources: Vec<SourceEntry>,
    /// Notes on data quality.
    pub quality: Vec<NoteGroup>,
    /// What changed since an older version of the data, when the options
    /// name one (`Options::changes_since`).
    pub changes: Option<crate::changes::Changes>,
}

impl Briefing {
    /// The notes on key figures that rest on marked facts, each as
    /// `value label: note`, as both formats print them under the figures.
    pub fn figure_notes(&self) -> Vec<String> {
        self.key_figures
            .iter()
            .filter_map(|f| {
                f.note
                    .as_ref()
                    .map(|note| format!("{} {}: {note}", f.value, f.label))
            })
            .collect()
    }

    /// The notes on corridors that rest on marked home countries, each as
    /// `name: note`, as both formats print them under the table.
    /// The parties left out because their country is not stated come last.
    pub fn corridor_notes(&self) -> Vec<String> {
        self.corridors
            .iter()
            .filter_map(|c| c.note.as_ref().map(|note| format!("{}: {note}", c.name)))
            .chain(self.corridors_left_out.clone())
            .collect()
    }
}

/// A headline number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyFigure {
    /// The number, as printed.
    pub value: String,
    /// What it counts.
    pub label: String,
    /// How far the figure rests on marked facts, when it does.
    pub note: Option<String>,
}

/// The region × sector matrix. Whichever of the two has fewer members runs
/// across the top, so the columns stay wide enough to read.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Matrix {
    /// What the rows are: `Region` or `Sector`.
    pub corner: String,
    /// What the last row and column total: `All regions` or `All sectors`.
    pub row_total_label: String,
    /// The heading of the last column.
    pub column_total_label: String,
    /// Column headings.
    pub columns: Vec<String>,
    /// One row per region (or sector).
    pub rows: Vec<MatrixRow>,
    /// The last row: totals per column.
    pub totals: Vec<MatrixCell>,
    /// Distinct collaborations in all.
    pub grand_total: usize,
}

/// One row of the matrix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatrixRow {
    /// The region's (or sector's) name.
    pub label: String,
    /// One cell per column.
    pub cells: Vec<MatrixCell>,
    /// Distinct collaborations in the row.
    pub total: usize,
    /// Their stated values, totalled per currency.
    pub total_values: Vec<String>,
}

/// One cell: a count and the values it sums.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MatrixCell {
    /// Distinct collaborations.
    pub count: usize,
    /// Stated values, totalled per currency.
    pub values: Vec<String>,
}

/// A pair of home countries and the collaborations between their parties.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Corridor {
    /// `China – United Kingdom`, or `China (domestic)`.
    pub name: String,
    /// How many collaborations.
    pub count: usize,
    /// Their titles, the first twelve of them, with a last
    /// item saying how many more there are.
    pub titles: Vec<String>,
    /// How many of them count here only through a marked home country.
    pub marked: usize,
    /// Which parties' marked countries the corridor rests on, in words;
    /// `None` when it rests on none.
    pub note: Option<String>,
}

/// How many titles a corridor lists before saying "and N more".
pub const CORRIDOR_TITLES: usize = 12;

/// A region's section: where it is and what takes effect there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionSection {
    /// An id for links and bookmarks.
    pub anchor: String,
    /// The region's name, such as `Eastern Asia`.
    pub name: String,
    /// Where it sits: `Asia (M49 142) › Eastern Asia (M49 030)`.
    pub path: String,
    /// The countries and subdivisions named in it, with counts.
    pub places: Vec<String>,
    /// Its collaborations, in date order.
    pub collaborations: Vec<Collaboration>,
}

/// One collaboration, summarised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collaboration {
    /// The agreement's id, also an anchor.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Labelled facts, in reading order: kind, status, dates, parties …
    /// A marked fact carries its sign (`†`, `‡`); a fact a citation names
    /// in `supports` is followed by that source's number (`[2]`).
    pub facts: Vec<(String, String)>,
    /// The people named, each with their part, positions and
    /// affiliations: `Host: Hao Peng, Secretary (Liaoning Provincial Party
    /// Committee)`.
    pub people: Vec<String>,
    /// The dated stages of its history, oldest first, each with its sources.
    pub stages: Vec<String>,
    /// What each sign in the entry means: the reasoning or the reference.
    pub marks: Vec<String>,
    /// The author's summary.
    pub summary: String,
    /// Objectives, one per item.
    pub objectives: Vec<String>,
    /// Targets and benchmarks, in words.
    pub targets: Vec<String>,
    /// Notes on the record.
    pub notes: Vec<String>,
    /// Citations: source numbers and locators, such as `[2] List of Signings, item 3`.
    pub citations: Vec<String>,
}

/// A party in the directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartyEntry {
    /// Its name.
    pub name: String,
    /// Its name in its own script.
    pub local_name: Option<LocalNameText>,
    /// Kind of organisation.
    pub kind: String,
    /// City, subdivision and country, each with its sign when marked.
    pub home: String,
    /// Other names, parent, collaborations, and what each sign means.
    pub details: Vec<String>,
}

/// A name in its own script, as a briefing prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalNameText {
    /// The name.
    pub text: String,
    /// Its BCP 47 language tag, such as `zh-Hans`.
    pub language: String,
    /// The sign of its mark (`†`, `‡`), or empty.
    pub sign: String,
}

/// A person in the directory of people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonEntry {
    /// The name, or `the` and the first position when the sources name
    /// only the office; with its sign when marked.
    pub name: String,
    /// The name in its own script.
    pub local_name: Option<LocalNameText>,
    /// Positions with their organisations, each with its sign when marked.
    pub positions: Vec<String>,
    /// Where the person appears, and what each sign means.
    pub details: Vec<String>,
}

/// A cited source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceEntry {
    /// Its number in citations.
    pub number: usize,
    /// Title, kind, publisher, date and retrieval date in words.
    pub text: String,
    /// Its address, when known.
    pub url: Option<Address>,
    /// The address of an archived copy, when known.
    pub archived: Option<Address>,
}

/// A web address, as written and as a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    /// The address as the record writes it, to show.
    pub text: String,
    /// The address to link to: 7-bit ASCII, with every other character
    /// percent-encoded (see [`crate::link_address`]).
    pub link: String,
}

/// Characters a URI may not hold as they are (RFC 3986, section 2): C0
/// controls, DEL, the space and `` "<>\^`{|} ``. Every byte of a non-ASCII
/// character is encoded as well.
const NOT_IN_URI: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// A web address as a URI a PDF link (which must be 7-bit ASCII) or an
/// HTML `href` can hold: non-ASCII characters, controls, spaces and the
/// other characters no URI holds as they are become `%XX` escapes of their
/// UTF-8 bytes, as browsers encode them. `%` stays, so escapes the
/// address already has are kept: `https://example.org/straße?q=a b` →
/// `https://example.org/stra%C3%9Fe?q=a%20b`.
pub fn link_address(url: &str) -> String {
    percent_encoding::utf8_percent_encode(url, NOT_IN_URI).to_string()
}

/// A group of data-quality notes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteGroup {
    /// What the notes are about.
    pub title: String,
    /// The notes.
    pub items: Vec<String>,
}

/// The label used for collaborations with no place.
pub const NO_PLACE: &str = "Place not stated";

/// Builds the briefing from a dataset and options.
pub fn build(dataset: &Dataset, options: &Options) -> Briefing {
    let filters = &options.filters;
    let selected: Vec<&Agreement> = dataset
        .agreements
        .values()
        .map(|a| &**a)
        .filter(|a| filters.matches(dataset, a))
        .collect();
    let as_of = options.as_of.unwrap_or_else(|| latest_date(dataset));
    let mut briefing = Briefing {
        changes: None,
        title: options.title.clone(),
        as_of,
        as_of_text: format::partial_date(&PartialDate::Day(as_of)),
        scope: filters.describe(dataset),
        kept_by_overlap: Vec::new(),
        how_to_read: how_to_read(),
        dataset_summary: format!(
            "Drawn from {}, {}, {}, {} and {}.",
            format::count(dataset.agreements.len(), "collaboration", "collaborations"),
            {
                // An unidentified organisation is not one body: counted apart.
                let unidentified = dataset
                    .parties
                    .values()
                    .filter(|p| !p.kind.is_identified())
                    .count();
                let parties =
                    format::count(dataset.parties.len() - unidentified, "party", "parties");
                if unidentified == 0 {
                    parties
                } else {
                    format!(
                        "{parties} (besides {})",
                        format::count(
                            unidentified,
                            "unidentified organisation",
                            "unidentified organisations"
                        )
                    )
                }
            },
            format::count(dataset.people.len(), "person", "people"),
            format::count(dataset.occasions.len(), "occasion", "occasions"),
            format::count(dataset.sources.len(), "source", "sources"),
        ),
        empty: selected.is_empty(),
        key_figures: Vec::new(),
        totals: Vec::new(),
        reported_totals: Vec::new(),
        conversion: None,
        matrix: Matrix::default(),
        charts: Vec::new(),
        map: None,
        timeline: None,
        corridors: Vec::new(),
        corridors_left_out: None,
        regions: Vec::new(),
        parties: Vec::new(),
        people: Vec::new(),
        sources: Vec::new(),
        quality: Vec::new(),
    };
    let mut kept_by_overlap: Vec<&Agreement> = selected
        .iter()
        .copied()
        .filter(|a| filters.kept_by_overlap(a))
        .collect();
    kept_by_overlap.sort_by(|a, b| date_order(a, b));
    briefing.kept_by_overlap = kept_by_overlap
        .iter()
        .map(|a| {
            let date = a
                .dates
                .key_date()
                .map_or_else(String::new, format::date_value);
            format!("{}: {date}", a.title)
        })
        .collect();
    let regions = group_by_region(&selected);
    let mut citer = Citer::default();
    briefing.regions = regions
        .iter()
        .map(|(region, agreements)| region_section(dataset, region, agreements, &mut citer))
        .collect();
    briefing.key_figures = key_figures(dataset, &selected, &regions);
    (briefing.totals, briefing.conversion) = totals(&selected, options.rates.as_ref());
    if let (Some(text), Some(later)) = (
        briefing.conversion.as_mut(),
        options.rates.as_ref().and_then(|r| r.dated_after(as_of)),
    ) {
        text.push(' ');
        text.push_str(&later);
    }
    briefing.reported_totals = reported_totals(dataset, &selected);
    briefing.matrix = matrix(&selected, &regions);
    briefing.charts = charts(&selected);
    briefing.map = crate::figure::map(dataset, &selected);
    briefing.timeline = crate::figure::timeline(&selected);
    if let Some(timeline) = briefing.timeline.as_mut() {
        // The counts by year, for readers who cannot see the bars.
        let bars: Vec<String> = year_chart(&selected)
            .bars
            .iter()
            .map(|(year, n)| format!("{year}: {n}"))
            .collect();
        timeline
            .alt
            .push_str(&format!(" By year: {}.", bars.join("; ")));
    }
    (briefing.corridors, briefing.corridors_left_out) = corridors(dataset, &selected);
    briefing.parties = parties(dataset, &selected, &mut citer);
    briefing.people = people(dataset, &selected, &mut citer);
    briefing.quality = quality(dataset, &selected, &options.notes, &mut citer);
    briefing.sources = citer.entries(dataset);
    briefing
}

/// The note on how to read the briefing: the two signs, source numbers,
/// dates.
fn how_to_read() -> Vec<String> {
    vec![
        format!(
            "Facts are printed as the cited sources state them. A fact the recorder inferred from a cited source is followed by {}; a fact taken from outside the cited sources (another source, a register, a reference work) by {}. Each entry, the directories and the corridors say what every sign stands on, and the notes on data quality count the marked facts by kind.",
            format::INFERRED_SIGN,
            format::OUTSIDE_SIGN
        ),
        "Numbers in square brackets are sources, listed under Sources. A figure, date or role followed by a number is backed by that source in particular.".to_owned(),
        "Dates are as precise as the sources give them: “on or before 14 February 2018” is a date the source bounds without stating it, and a source's own words for a date are shown beside it. Ordering and the period filter treat such a date as the span of days it may be.".to_owned(),
    ]
}

/// The latest date the data mentions (its first day), or the Unix epoch
/// for an empty dataset. Never the clock.
fn latest_date(dataset: &Dataset) -> NaiveDate {
    let agreement_dates = dataset
        .agreements
        .values()
        // Scheduled dates (coming into force, ending) may lie in the
        // future: a briefing is dated by what has happened.
        .flat_map(|a| a.dates.events().map(|(_, d)| d.span()));
    let source_dates = dataset
        .sources
        .values()
        .filter_map(|s| s.published.as_ref().map(DateValue::span));
    let occasion_dates = dataset
        .occasions
        .values()
        .filter_map(|o| o.date.as_ref().map(DateValue::span));
    agreement_dates
        .chain(source_dates)
        .chain(occasion_dates)
        .filter_map(|span| span.earliest)
        .max()
        .unwrap_or(NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default())
}

/// A region of the briefing: an M49 sub-region, or "place not stated".
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Region {
    /// An M49 sub-region (or region, for countries without one).
    Area(M49Area, Option<M49Area>),
    /// A country M49 does not place (Antarctica).
    Country(CountryCode),
    /// No place given.
    Unplaced,
}

impl Region {
    fn of(country: CountryCode) -> Region {
        match country.m49() {
            Some(entry) => match (entry.subregion, entry.region) {
                (Some(sub), region) => Region::Area(sub, region),
                (None, Some(region)) => Region::Area(region, None),
                _ => Region::Country(country),
            },
            None => Region::Country(country),
        }
    }

    /// The region's name.
    pub fn name(&self) -> String {
        match self {
            Region::Area(area, _) => area.name.to_owned(),
            Region::Country(c) => c.name().to_owned(),
            Region::Unplaced => NO_PLACE.to_owned(),
        }
    }

    fn anchor(&self) -> String {
        match self {
            Region::Area(area, _) => format!("region-{}", area.code),
            Region::Country(c) => format!("region-{}", c.alpha2().to_lowercase()),
            Region::Unplaced => "region-unplaced".to_owned(),
        }
    }

    fn path(&self) -> String {
        match self {
            Region::Area(area, Some(parent)) => {
                format!(
                    "{} (M49 {}) › {} (M49 {})",
                    parent.name, parent.code, area.name, area.code
                )
            }
            Region::Area(area, None) => format!("{} (M49 {})", area.name, area.code),
            Region::Country(c) => format!("{} (not placed in a UN M49 region)", c.name()),
            Region::Unplaced => {
                "Collaborations whose records give no place where they take effect".to_owned()
            }
        }
    }
}

/// The regions an agreement takes effect in.
pub fn regions_of(agreement: &Agreement) -> BTreeSet<Region> {
    let set: BTreeSet<Region> = agreement
        .places
        .iter()
        .map(|p| Region::of(p.country))
        .collect();
    if set.is_empty() {
        BTreeSet::from([Region::Unplaced])
    } else {
        set
    }
}

/// Regions with their agreements: most collaborations first, then by name;
/// "place not stated" last.
fn group_by_region<'a>(selected: &[&'a Agreement]) -> Vec<(Region, Vec<&'a Agreement>)> {
    let mut map: BTreeMap<Region, Vec<&Agreement>> = BTreeMap::new();
    for agreement in selected {
        for region in regions_of(agreement) {
            map.entry(region).or_default().push(agreement);
        }
    }
    let mut regions: Vec<(Region, Vec<&Agreement>)> = map.into_iter().collect();
    regions.sort_by(|(ra, a), (rb, b)| {
        (*ra == Region::Unplaced)
            .cmp(&(*rb == Region::Unplaced))
            .then(b.len().cmp(&a.len()))
            .then(ra.name().cmp(&rb.name()))
    });
    for (_, agreements) in &mut regions {
        agreements.sort_by(|a, b| date_order(a, b));
    }
    regions
}

/// Dated collaborations first, oldest first; then by title.
fn date_order(a: &Agreement, b: &Agreement) -> std::cmp::Ordering {
    let key = |x: &Agreement| x.dates.key_date().map(|d| d.span().sort_day());
    match (key(a), key(b)) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
    .then_with(|| a.title.cmp(&b.title))
}

/// Numbers sources in the order they are first cited.
#[derive(Default)]
struct Citer {
    order: Vec<SourceId>,
    numbers: HashMap<SourceId, usize>,
}

impl Citer {
    fn number(&mut self, id: &SourceId) -> usize {
        if let Some(&n) = self.numbers.get(id) {
            return n;
        }
        self.order.push(id.clone());
        self.numbers.insert(id.clone(), self.order.len());
        self.order.len()
    }

    /// The source numbers of the citations that back `path` (or a field
    /// within it, or a field it lies within), as ` [2]` or ` [2, 5]`;
    /// empty when no citation names it.
    fn backing(&mut self, citations: &[accord_model::Citation], path: &str) -> String {
        let within = |outer: &str, inner: &str| {
            inner == outer
                || inner
                    .strip_prefix(outer)
                    .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
        };
        let mut numbers: Vec<usize> = citations
            .iter()
            .filter(|c| {
                c.supports
                    .iter()
                    .any(|s| within(s.as_str(), path) || within(path, s.as_str()))
            })
            .map(|c| self.number(&c.source))
            .collect();
        numbers.sort_unstable();
        numbers.dedup();
        if numbers.is_empty() {
            return String::new();
        }
        let numbers: Vec<String> = numbers.iter().map(ToString::to_string).collect();
        format!(" [{}]", numbers.join(", "))
    }

    /// Where a fact from outside knowledge comes from, in words: the
    /// reference, and a source record of the dataset by its number.
    fn outside(&mut self, dataset: &Dataset, from: &accord_model::OutsideKnowledge) -> String {
        let mut parts = Vec::new();
        if let Some(reference) = &from.reference {
            parts.push(reference.to_string());
        }
        if let Some(id) = &from.source {
            let n = self.number(id);
            let title = dataset
                .sources
                .get(id)
                .map_or_else(|| id.to_string(), |s| s.title.to_string());
            parts.push(format!("[{n}] {title}"));
        }
        if let Some(locator) = &from.locator {
            parts.push(locator.to_string());
        }
        parts.join(", ")
    }

    /// The line explaining a mark.
    fn note(&mut self, dataset: &Dataset, mark: &marks::Mark<'_>) -> String {
        mark.note(&mut |from| self.outside(dataset, from))
    }

    /// `inferred: …` or `from outside knowledge: …`.
    fn explain(&mut self, dataset: &Dataset, basis: accord_model::Basis<'_>) -> String {
        marks::explain(basis, &mut |from| self.outside(dataset, from))
    }

    fn entries(&self, dataset: &Dataset) -> Vec<SourceEntry> {
        self.order
            .iter()
            .enumerate()
            .map(|(i, id)| {
                let Some(source) = dataset.sources.get(id) else {
                    return SourceEntry {
                        number: i + 1,
                        text: format!("(missing source `{id}`)"),
                        url: None,
                        archived: None,
                    };
                };
                let mut text = format!("{}. {}", source.title, format::source_kind(source.kind));
                if let Some(publisher) = &source.publisher {
                    text.push_str(&format!(", {publisher}"));
                }
                match &source.published {
                    Some(date) => text.push_str(&format!(", {}", format::date_value(date))),
                    None => text.push_str(", undated"),
                }
                text.push('.');
                if let Some(retrieved) = &source.retrieved {
                    text.push_str(&format!(" Retrieved {}.", format::date_value(retrieved)));
                }
                // What each sign on the source's own dates stands on.
                for mark in marks::source(source) {
                    let why = marks::explain(mark.basis, &mut |from| from.to_string());
                    text.push_str(&format!(" {} {}: {why}", mark.sign(), mark.field));
                    if !text.ends_with('.') {
                        text.push('.');
                    }
                }
                let address = |u: &accord_model::Url| Address {
                    text: u.to_string(),
                    link: link_address(u),
                };
                SourceEntry {
                    number: i + 1,
                    text,
                    url: source.url.as_ref().map(address),
                    archived: source.archived_url.as_ref().map(address),
                }
            })
            .collect()
    }
}

fn party_name(dataset: &Dataset, id: &PartyId) -> String {
    dataset
        .parties
        .get(id)
        .map_or_else(|| id.to_string(), |p| p.name.to_string())
}

fn region_section(
    dataset: &Dataset,
    region: &Region,
    agreements: &[&Agreement],
    citer: &mut Citer,
) -> RegionSection {
    // Each country, then its subdivisions: (country, subdivision) keys sort that way.
    let mut places: BTreeMap<(String, String), usize> = BTreeMap::new();
    for agreement in agreements {
        let mut seen = BTreeSet::new();
        for place in &agreement.places {
            if Region::of(place.country) != *region {
                continue;
            }
            let country = format!("{} ({})", place.country.name(), place.country.alpha2());
            seen.insert((country.clone(), String::new()));
            if let Some(sub) = place.subdivision {
                seen.insert((country, format!("{} ({})", sub.name(), sub.code())));
            }
        }
        for key in seen {
            *places.entry(key).or_default() += 1;
        }
    }
    RegionSection {
        anchor: region.anchor(),
        name: region.name(),
        path: region.path(),
        places: places
            .into_iter()
            .map(|((country, sub), n)| {
                let name = if sub.is_empty() {
                    country
                } else {
                    format!("{sub}, in {country}")
                };
                format!(
                    "{name}: {}",
                    format::count(n, "collaboration", "collaborations")
                )
            })
            .collect(),
        collaborations: agreements
            .iter()
            .map(|a| collaboration(dataset, a, citer))
            .collect(),
    }
}

/// What a citation's `supports` path names, in the reader's words: `value`
/// is "the value", `dates.signed` "the signing date", `parties[1].role`
/// "the role of Sinopharm", `parties[1].roles[0]` "the role of Sinopharm
/// as borrower". A path of another shape is printed with its
/// underscores and dots as spaces.
fn backed_field(dataset: &Dataset, a: &Agreement, path: &accord_model::FieldPath) -> String {
    use accord_model::PathStep::{Field, Item};
    let party = |i: usize| {
        a.parties.get(i).map_or_else(
            || format!("party {}", i + 1),
            |p| party_name(dataset, &p.party),
        )
    };
    match path.steps()[..] {
        [Field("value")] => "the value".to_owned(),
        [Field("dates")] => "the dates".to_owned(),
        [Field("dates"), Field(name)] => match name {
            "discussed" => "the date of the talks".to_owned(),
            "announced" => "the announcement date".to_owned(),
            "signed" => "the signing date".to_owned(),
            "effective" => "the date it takes effect".to_owned(),
            "ends" => "the end date".to_owned(),
            other => format!("the {other} date"),
        },
        [Field("occasion")] => "the occasion".to_owned(),
        [Field("parties"), Item(i), Field("role")] => format!("the role of {}", party(i)),
        [Field("parties"), Item(i), Field("roles")] => format!("the roles of {}", party(i)),
        [Field("parties"), Item(i), Field("roles"), Item(j)] => {
            match a.parties.get(i).and_then(|p| p.roles.get(j)) {
                Some(role) => format!(
                    "the role of {} as {}",
                    party(i),
                    format::role(*role.value())
                ),
                None => format!("role {} of {}", j + 1, party(i)),
            }
        }
        [Field("parties"), Item(i)] => format!("{} as a party", party(i)),
        [Field("places"), Item(i)] => format!("place {}", i + 1),
        [Field("targets"), Item(i)] => format!("target {}", i + 1),
        [Field("people"), Item(i)] => format!("person {} named", i + 1),
        [Field("stages"), Item(i)] => format!("stage {} of its history", i + 1),
        [Field(name)] => format!("the {}", name.replace('_', " ")),
        _ => path.as_str().replace(['.', '_'], " "),
    }
}

fn collaboration(dataset: &Dataset, a: &Agreement, citer: &mut Citer) -> Collaboration {
    // Number the record's sources in the order it cites them, before any
    // footnote can number one of them first.
    let citations: Vec<String> = a
        .sources
        .iter()
        .map(|c| {
            let n = citer.number(&c.source);
            let mut text = match &c.locator {
                Some(locator) => format!("[{n}] {locator}"),
                None => format!("[{n}]"),
            };
            if !c.supports.is_empty() {
                let paths: Vec<String> = c
                    .supports
                    .iter()
                    .map(|p| backed_field(dataset, a, p))
                    .collect();
                text.push_str(&format!(" (backs {})", paths.join(", ")));
            }
            text
        })
        .collect();
    let sources: &[accord_model::Citation] = &a.sources;
    let mut facts = vec![
        ("Kind".to_owned(), format::agreement_kind(a.kind)),
        (
            "Status".to_owned(),
            format!(
                "{}{}",
                format::status(a.status),
                citer.backing(sources, "status")
            ),
        ),
    ];
    for (name, date) in a.dates.iter() {
        facts.push((
            format::capitalise(name),
            format!(
                "{}{}",
                format::date_value(date),
                citer.backing(sources, &format!("dates.{name}"))
            ),
        ));
    }
    if a.dates.is_empty() {
        facts.push(("Date".to_owned(), "not stated".to_owned()));
    }
    let parties: Vec<String> = a
        .parties
        .iter()
        .enumerate()
        .map(|(i, p)| {
            // Every role the party holds, each with its own mark.
            let roles: Vec<String> = p
                .role_entries()
                .map(|(_, role)| format::signed(format::role(*role.value()), role.certainty()))
                .collect();
            let mut text = format!(
                "{} ({}{})",
                party_name(dataset, &p.party),
                roles.join(", "),
                citer.backing(sources, &format!("parties[{i}]"))
            );
            if let Some(named) = &p.as_named {
                text.push_str(&format!(", named in the source as “{named}”"));
            }
            text
        })
        .collect();
    facts.push(("Parties".to_owned(), parties.join("; ")));
    facts.push((
        "Value".to_owned(),
        a.value.as_ref().map_or_else(
            || "not stated".to_owned(),
            |v| format!("{}{}", format::money(v), citer.backing(sources, "value")),
        ),
    ));
    if !a.amounts.is_empty() {
        let amounts: Vec<String> = a
            .amounts
            .iter()
            .enumerate()
            .map(|(i, amount)| {
                format!(
                    "{}{}",
                    amount_text(amount),
                    citer.backing(sources, &format!("amounts[{i}]"))
                )
            })
            .collect();
        facts.push(("Amounts".to_owned(), amounts.join("; ")));
    }
    if !a.terms.is_empty() {
        facts.push((
            "Loan terms".to_owned(),
            format!(
                "{}{}",
                terms_text(&a.terms),
                citer.backing(sources, "terms")
            ),
        ));
    }
    if !a.project_dates.is_empty() {
        let dates: Vec<String> = a
            .project_dates
            .iter()
            .map(|(name, date)| {
                format!(
                    "{} {}{}",
                    name.replace('_', " "),
                    format::date_value(date),
                    citer.backing(sources, &format!("project_dates.{name}"))
                )
            })
            .collect();
        facts.push((
            "Project dates".to_owned(),
            format::capitalise(&dates.join("; ")),
        ));
    }
    facts.push((
        "Sectors".to_owned(),
        a.sectors
            .iter()
            .map(|s| s.label())
            .collect::<Vec<_>>()
            .join(", "),
    ));
    let places: Vec<String> = a
        .places
        .iter()
        .enumerate()
        .map(|(i, p)| {
            format!(
                "{}{}",
                format::signed(marks::place_text(p), p.certainty()),
                citer.backing(sources, &format!("places[{i}]"))
            )
        })
        .collect();
    facts.push((
        "Takes effect in".to_owned(),
        if places.is_empty() {
            "not stated".to_owned()
        } else {
            places.join("; ")
        },
    ));
    if !a.areas.is_empty() {
        let areas: Vec<String> = a
            .areas
            .iter()
            .map(|code| format!("{} (UN M49 {})", code.area().name, code.area().code))
            .collect();
        facts.push(("World regions".to_owned(), areas.join("; ")));
    }
    if !a.outside_ids.is_empty() {
        let ids: Vec<String> = a.outside_ids.iter().map(ToString::to_string).collect();
        facts.push(("Ids elsewhere".to_owned(), ids.join("; ")));
    }
    let mut entry_marks = marks::agreement(dataset, a, &|id| person_called(dataset, id));
    if let Some(link) = &a.occasion {
        let id = link.value();
        // The occasion's own date and place are in its sources; the entry
        // dates the collaboration itself.
        let name = dataset
            .occasions
            .get(id)
            .map_or_else(|| id.to_string(), |o| o.name.to_string());
        let text = format::signed(name, link.certainty());
        facts.push((
            "Occasion".to_owned(),
            format!("{text}{}", citer.backing(sources, "occasion")),
        ));
    }
    let mut people = Vec::new();
    for (i, involvement) in a.people.iter().enumerate() {
        let mut line = format!(
            "{}: {}",
            format::capitalise(&format::signed(
                format::person_part(*involvement.part.value()),
                involvement.part.certainty()
            )),
            person_line(dataset, &involvement.person)
        );
        if let Some(note) = &involvement.note {
            line.push_str(&format!(" — {note}"));
        }
        line.push_str(&citer.backing(sources, &format!("people[{i}]")));
        people.push(line);
        if let Some(person) = dataset.people.get(&involvement.person) {
            let who = person_called(dataset, &involvement.person);
            for mark in marks::person(dataset, person, &who) {
                let mark = marks::Mark {
                    field: format!("{} of {who}", mark.field),
                    ..mark
                };
                entry_marks.push(mark);
            }
        }
    }
    for link in &a.links {
        let other = dataset
            .agreements
            .get(&link.agreement)
            .map_or_else(|| link.agreement.to_string(), |o| o.title.to_string());
        facts.push((
            "Link".to_owned(),
            format!("{} {other}", format::link_kind(link.kind)),
        ));
    }
    for link in &a.outside_links {
        let mut text = format!(
            "{} {}, outside this dataset",
            format::link_kind(link.kind),
            link.id
        );
        if let Some(note) = &link.note {
            text.push_str(&format!(" — {note}"));
        }
        facts.push(("Link".to_owned(), text));
    }
    let stages = a
        .stages
        .iter()
        .enumerate()
        .map(|(i, stage)| {
            let mut text = format::status(stage.status);
            if let Some(date) = &stage.date {
                text.push_str(&format!(", {}", format::date_value(date)));
            }
            let mut numbers: Vec<usize> = stage
                .sources
                .iter()
                .map(|c| citer.number(&c.source))
                .collect();
            numbers.sort_unstable();
            numbers.dedup();
            if !numbers.is_empty() {
                let numbers: Vec<String> = numbers.iter().map(ToString::to_string).collect();
                text.push_str(&format!(" [{}]", numbers.join(", ")));
            }
            text.push_str(&citer.backing(sources, &format!("stages[{i}]")));
            if let Some(note) = &stage.note {
                text.push_str(&format!(" — {note}"));
            }
            text
        })
        .collect();
    let targets = a
        .targets
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let mut text = t.description.to_string();
            if let Some(by) = &t.by {
                text.push_str(&format!(" (by {})", format::date_value(by)));
            }
            text.push_str(&citer.backing(sources, &format!("targets[{i}]")));
            text
        })
        .collect();
    let mut seen = BTreeSet::new();
    let notes_on_marks = entry_marks
        .iter()
        .map(|m| citer.note(dataset, m))
        .filter(|line| seen.insert(line.clone()))
        .collect();
    Collaboration {
        id: a.id.to_string(),
        title: a.title.to_string(),
        facts,
        people,
        stages,
        marks: notes_on_marks,
        summary: a.summary.to_string(),
        objectives: a.objectives.iter().map(ToString::to_string).collect(),
        targets,
        notes: a.notes.iter().map(ToString::to_string).collect(),
        citations,
    }
}

/// How the briefing names a person, with the sign of a marked name: the
/// name, or `the` and the first position when the sources name only the
/// office (`the Prime Minister (UK Government)`).
fn person_called(dataset: &Dataset, id: &accord_model::PersonId) -> String {
    match dataset.people.get(id) {
        Some(person) => match &person.name {
            Some(name) => format::signed(name.to_string(), name.certainty()),
            None => {
                let first = &person.positions[0];
                format!(
                    "the {}",
                    format::signed(
                        marks::position_text(dataset, first.value()),
                        first.certainty()
                    )
                )
            }
        },
        None => id.to_string(),
    }
}

/// A person with their positions: `Hao Peng, Secretary (Liaoning
/// Provincial Party Committee); Director (…)`, or for a person named only
/// by office `the Prime Minister (UK Government)` and any further positions.
fn person_line(dataset: &Dataset, id: &accord_model::PersonId) -> String {
    let who = person_called(dataset, id);
    let Some(person) = dataset.people.get(id) else {
        return who;
    };
    let skip = usize::from(person.name.is_none());
    let positions = person_positions(dataset, person);
    let rest = &positions[skip.min(positions.len())..];
    if rest.is_empty() {
        who
    } else {
        format!("{who}, {}", rest.join("; "))
    }
}

/// Each position of a person in words, with its sign when marked.
fn person_positions(dataset: &Dataset, person: &accord_model::Person) -> Vec<String> {
    person
        .positions
        .iter()
        .map(|p| format::signed(marks::position_text(dataset, p.value()), p.certainty()))
        .collect()
}

fn key_figures(
    dataset: &Dataset,
    selected: &[&Agreement],
    regions: &[(Region, Vec<&Agreement>)],
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
    let agreed = selected.iter().filter(|a| a.status.is_agreed()).count();
    let sectors: BTreeSet<Sector> = selected
        .iter()
        .flat_map(|a| a.sectors.iter().map(|s| s.top_level()))
        .collect();
    let placed_regions = regions
        .iter()
        .filter(|(r, _)| *r != Region::Unplaced)
        .count();
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
            .map(|(c, (sign, _))| format!("{}{sign}", c.name()))
            .collect();
        (!marked.is_empty()).then(|| {
            format!(
                "{} rest only on {what}: {}",
                format::count(marked.len(), "of them", "of them"),
                marked.join(", ")
            )
        })
    };
    vec![
        KeyFigure {
            value: selected.len().to_string(),
            label: "collaborations".to_owned(),
            note: (with_marks > 0).then(|| {
                format!(
                    "{} of them {} marked facts (a party's country, a role, a place, the occasion, a date or a person's part)",
                    with_marks,
                    if with_marks == 1 { "includes" } else { "include" }
                )
            }),
        },
        KeyFigure {
            value: agreed.to_string(),
            label: "signed, in force or completed".to_owned(),
            note: None,
        },
        KeyFigure {
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
        },
        KeyFigure {
            value: home.len().to_string(),
            label: "home countries of the parties".to_owned(),
            note: match (
                only_marked(&home, "marked countries of parties"),
                without_home,
            ) {
                (Some(a), Some(b)) => Some(format!("{a}; {b}")),
                (a, b) => a.or(b),
            },
        },
        KeyFigure {
            value: countries.len().to_string(),
            label: "countries where they take effect".to_owned(),
            note: only_marked(&countries, "marked places"),
        },
        KeyFigure {
            value: placed_regions.to_string(),
            label: "world regions (UN M49)".to_owned(),
            note: None,
        },
        KeyFigure {
            value: sectors.len().to_string(),
            label: "top-level sectors".to_owned(),
            note: None,
        },
    ]
}

/// One figure of `amounts` in words: `committed: 600,000,000 CNY,
/// estimated by the recorder (≈ 90,292,542 USD at 0.1505 of 2016, by
/// AidData); left out of totals: a rollover`.
fn amount_text(amount: &StatedAmount) -> String {
    let mut text = format!(
        "{}: {}",
        amount.kind.words(),
        format::money(&amount.money())
    );
    if let Some(stated) = &amount.as_stated {
        text.push_str(&format!(" (“{stated}”)"));
    }
    if amount.estimated {
        text.push_str(", estimated by the recorder");
    }
    let equivalents: Vec<String> = amount
        .equivalents
        .iter()
        .map(|e| {
            let mut t = format!("≈ {} {}", e.amount, format::currency(&e.currency));
            if e.constant_prices {
                t.push_str(" in constant prices");
            }
            if let Some(rate) = &e.rate {
                t.push_str(&format!(" at {rate}"));
            }
            if let Some(date) = &e.rate_date {
                t.push_str(&format!(" of {}", format::date_value(date)));
            }
            t.push_str(&format!(", by {}", e.source));
            t
        })
        .collect();
    if !equivalents.is_empty() {
        text.push_str(&format!(" ({})", equivalents.join("; ")));
    }
    if let Some(why) = &amount.left_out_of_totals {
        text.push_str(&format!(", left out of totals: {}", why.reason.words()));
        if let Some(note) = &why.note {
            text.push_str(&format!(" ({note})"));
        }
    }
    if let Some(note) = &amount.note {
        text.push_str(&format!(" — {note}"));
    }
    text
}

/// Loan terms in words: `interest 2 % a year; maturity 21.75 years`.
fn terms_text(terms: &accord_model::LoanTerms) -> String {
    let mut parts = Vec::new();
    let mut figure = |value: &Option<Amount>, what: &str, unit: &str| {
        if let Some(v) = value {
            parts.push(format!("{what} {v}{unit}"));
        }
    };
    figure(&terms.interest_rate_percent, "interest", " % a year");
    figure(
        &terms.default_interest_rate_percent,
        "default interest",
        " % a year",
    );
    figure(&terms.maturity_years, "maturity", " years");
    figure(&terms.grace_period_years, "grace period", " years");
    figure(&terms.management_fee_percent, "management fee", " %");
    figure(&terms.commitment_fee_percent, "commitment fee", " % a year");
    figure(&terms.insurance_fee_percent, "insurance fee", " %");
    if let Some(basis) = &terms.interest_basis {
        parts.push(format!("interest set as {basis}"));
    }
    if let Some(fee) = &terms.insurance_fee {
        parts.push(format!("insurance fee {}", format::money(fee)));
    }
    if let Some(collateral) = &terms.collateral {
        parts.push(format!("secured by {collateral}"));
    }
    if let Some(note) = &terms.note {
        parts.push(note.to_string());
    }
    parts.join("; ")
}

/// The stated values in one currency, summed as far as that is exact.
struct CurrencyTotal<'a> {
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
struct Figure<'a> {
    kind: Option<AmountKind>,
    money: Money,
    estimated: bool,
    left_out: Option<&'a LeftOut>,
    title: &'a str,
}

/// Every figure of the selected agreements: each `value`, then each of
/// its `amounts`.
fn figures<'a>(selected: &[&'a Agreement]) -> Vec<Figure<'a>> {
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
fn kind_prefix(kind: Option<AmountKind>) -> String {
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
fn totals(selected: &[&Agreement], rates: Option<&RateTable>) -> (Vec<String>, Option<String>) {
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
            let text = convert(sum, code, rate, target);
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

/// One converted total: `5,000,000,000 CNY ≈ 500,000,000 GBP`. Figures of
/// at least one unit are rounded to whole units; smaller ones keep three
/// significant digits, so a tiny rate does not show as zero. A product
/// that overflows, or is too small for a [`Decimal`], is said in words.
fn convert(sum: Decimal, code: &str, rate: Decimal, target: &str) -> String {
    let from = Amount(sum);
    match sum.checked_mul(rate) {
        None => format!("{from} {code}: the figure in {target} exceeds what can be computed"),
        Some(product) if product.is_zero() && !sum.is_zero() && !rate.is_zero() => {
            format!("{from} {code}: the figure in {target} is too small to compute")
        }
        Some(product) => {
            let shown = if product.abs() >= Decimal::ONE {
                product.round_dp(0)
            } else {
                product.round_sf(3).unwrap_or(product).normalize()
            };
            format!("{from} {code} ≈ {} {target}", Amount(shown))
        }
    }
}

/// The qualifier of a sum: exact only if all are; a lower bound if all are
/// exact or lower bounds; an upper bound if all are exact or upper bounds;
/// approximate if all are exact or approximate; otherwise none fits.
fn combine(qualifiers: &[Qualifier]) -> Option<Qualifier> {
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

fn reported_totals(dataset: &Dataset, selected: &[&Agreement]) -> Vec<String> {
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

/// Stated values totalled per currency, in the short form of table cells.
/// The figures are rounded to three digits, so a sum that loses its last
/// decimals is still right; one that overflows is said in words.
fn sum_values(agreements: &[&Agreement]) -> Vec<String> {
    let mut by_currency: BTreeMap<String, (Option<Decimal>, Vec<Qualifier>)> = BTreeMap::new();
    let mut unknown = 0;
    for a in agreements {
        match &a.value {
            Some(Money {
                currency: Currency::Iso(c),
                amount,
                qualifier,
                ..
            }) => {
                let entry = by_currency
                    .entry(c.code().to_owned())
                    .or_insert((Some(Decimal::ZERO), Vec::new()));
                entry.0 = entry.0.and_then(|sum| sum.checked_add(amount.0));
                entry.1.push(*qualifier);
            }
            Some(_) => unknown += 1,
            None => {}
        }
    }
    let mut out: Vec<String> = by_currency
        .into_iter()
        .map(|(code, (sum, qualifiers))| match sum {
            Some(sum) => format::compact_money(sum, &code, combine(&qualifiers)),
            None => format!("{code}: too large to total"),
        })
        .collect();
    if unknown > 0 {
        out.push(format!(
            "+{} in unknown currency",
            format::count(unknown, "value", "values")
        ));
    }
    out
}

fn top_sectors(a: &Agreement) -> BTreeSet<Sector> {
    a.sectors.iter().map(|s| s.top_level()).collect()
}

fn matrix(selected: &[&Agreement], regions: &[(Region, Vec<&Agreement>)]) -> Matrix {
    let sectors: Vec<Sector> = Sector::ALL
        .iter()
        .copied()
        .filter(|s| s.parent().is_none())
        .filter(|s| selected.iter().any(|a| top_sectors(a).contains(s)))
        .collect();
    let cell = |agreements: &[&Agreement], sector: Sector| {
        let inside: Vec<&Agreement> = agreements
            .iter()
            .copied()
            .filter(|a| top_sectors(a).contains(&sector))
            .collect();
        MatrixCell {
            count: inside.len(),
            values: sum_values(&inside),
        }
    };
    let in_sector = |sector: Sector| -> Vec<&Agreement> {
        selected
            .iter()
            .copied()
            .filter(|a| top_sectors(a).contains(&sector))
            .collect()
    };
    if regions.len() <= sectors.len() {
        // Regions across the top, sectors down the side.
        Matrix {
            corner: "Sector".to_owned(),
            row_total_label: "All sectors".to_owned(),
            column_total_label: "All regions".to_owned(),
            columns: regions.iter().map(|(r, _)| r.name()).collect(),
            rows: sectors
                .iter()
                .map(|&s| MatrixRow {
                    label: s.label().to_owned(),
                    cells: regions
                        .iter()
                        .map(|(_, agreements)| cell(agreements, s))
                        .collect(),
                    total: in_sector(s).len(),
                    total_values: sum_values(&in_sector(s)),
                })
                .collect(),
            totals: regions
                .iter()
                .map(|(_, agreements)| MatrixCell {
                    count: agreements.len(),
                    values: sum_values(agreements),
                })
                .collect(),
            grand_total: selected.len(),
        }
    } else {
        Matrix {
            corner: "Region".to_owned(),
            row_total_label: "All regions".to_owned(),
            column_total_label: "All sectors".to_owned(),
            columns: sectors.iter().map(|s| s.label().to_owned()).collect(),
            rows: regions
                .iter()
                .map(|(region, agreements)| MatrixRow {
                    label: region.name(),
                    cells: sectors.iter().map(|&s| cell(agreements, s)).collect(),
                    total: agreements.len(),
                    total_values: sum_values(agreements),
                })
                .collect(),
            totals: sectors.iter().map(|&s| cell(selected, s)).collect(),
            grand_total: selected.len(),
        }
    }
}

/// The charts that add to the tables and figures: the status of the
/// collaborations, and their years when the timeline groups them (the
/// matrix already gives sectors and regions, so they are not charted again).
fn charts(selected: &[&Agreement]) -> Vec<Chart> {
    let by_status: Vec<(String, usize)> = accord_model::Status::ALL
        .iter()
        .map(|&s| {
            (
                s.label().to_owned(),
                selected.iter().filter(|a| a.status == s).count(),
            )
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    // One status alone is a sentence, not a chart: the timeline's legend
    // and the entries say it.
    let mut charts = Vec::new();
    if by_status.len() > 1 {
        charts.push(Chart::new(
            "chart-status",
            "Collaborations by status",
            "Where each collaboration stands today: only discussed or announced, signed, in force, completed or lapsed.",
            by_status,
        ));
    }
    // The timeline draws each collaboration's span when there are few; with
    // more it groups them, and a chart by year then adds the counts.
    let dated = selected
        .iter()
        .filter(|a| a.dates.key_date().is_some())
        .count();
    if dated > crate::figure::timeline::MAX_ROWS {
        charts.push(year_chart(selected));
    }
    charts
}

/// Collaborations by the year of their key date, a date that may fall in
/// several years counted under the span of years, never in one year.
fn year_chart(selected: &[&Agreement]) -> Chart {
    // Bars keyed by where they sort: a year, then the spans around it
    // ("2018 or earlier" before 2018, "2018 or later" after it, "2017–2018"
    // by its first year).
    let mut years: BTreeMap<(i32, u8, i32), (String, usize)> = BTreeMap::new();
    let (mut undated, mut marked) = (0, 0);
    for a in selected {
        let Some(d) = a.dates.key_date() else {
            undated += 1;
            continue;
        };
        let span = d.span();
        let first = span.earliest.map(|day| chrono::Datelike::year(&day));
        let last = span.latest.map(|day| chrono::Datelike::year(&day));
        let (key, label) = match (first, last) {
            // Only a date whose every possible day falls in one year is
            // counted in that year.
            (Some(a), Some(b)) if a == b => ((a, 1, a), a.to_string()),
            (Some(a), Some(b)) => ((a, 3, b), format!("{a}–{b}")),
            (None, Some(b)) => ((b, 0, b), format!("{b} or earlier")),
            (Some(a), None) => ((a, 2, a), format!("{a} or later")),
            (None, None) => {
                undated += 1;
                continue;
            }
        };
        if d.certainty() != Certainty::Stated {
            marked += 1;
        }
        years.entry(key).or_insert_with(|| (label, 0)).1 += 1;
    }
    let mut by_year: Vec<(String, usize)> = years.into_values().collect();
    if undated > 0 {
        by_year.push(("No date".to_owned(), undated));
    }
    let mut year_description = "By the year of signing, else of announcement or discussion. A collaboration whose date may fall in more than one year has a bar for the years it may fall in, such as “2018 or earlier” for one signed “on or before 14 February 2018”, and is never counted in one year it may not belong to.".to_owned();
    if marked > 0 {
        year_description.push_str(&format!(
            " Of those with a date, {} {} a marked date ({} or {}).",
            marked,
            if marked == 1 { "has" } else { "have" },
            format::INFERRED_SIGN,
            format::OUTSIDE_SIGN
        ));
    }
    Chart::new(
        "chart-year",
        "Collaborations by year",
        &year_description,
        by_year,
    )
}

/// The corridors, and a sentence on the parties left out of them because
/// their country is not stated, when there are any.
fn corridors(dataset: &Dataset, selected: &[&Agreement]) -> (Vec<Corridor>, Option<String>) {
    /// One corridor as it is counted: collaborations, the first titles,
    /// how many count only through a marked country, the signs used, and
    /// the parties whose marked countries it rests on.
    #[derive(Default)]
    struct Tally<'a> {
        count: usize,
        titles: Vec<&'a str>,
        marked: usize,
        signs: BTreeSet<&'static str>,
        parties: BTreeSet<String>,
    }
    let mut map: BTreeMap<String, Tally<'_>> = BTreeMap::new();
    let mut unstated: BTreeSet<&str> = BTreeSet::new();
    let mut in_collaborations: BTreeSet<&AgreementId> = BTreeSet::new();
    for a in selected {
        // Each home country of the collaboration's parties, with the
        // parties that are only marked as based there (empty when any
        // party's record states it).
        // International and unidentified organisations have no home
        // country: they make no corridor, and a collaboration with one is
        // not domestic.
        // A party whose country is not stated makes none either, and is
        // counted to say so under the table.
        let mut homes: BTreeMap<&'static str, Option<Vec<String>>> = BTreeMap::new();
        let mut homeless = false;
        for p in a.party_ids().filter_map(|id| dataset.parties.get(id)) {
            let Some(country) = p.home_country() else {
                homeless = true;
                if p.country_not_stated() {
                    unstated.insert(&p.name);
                    in_collaborations.insert(&a.id);
                }
                continue;
            };
            let entry = homes
                .entry(country.name())
                .or_insert_with(|| Some(Vec::new()));
            let sign = format::sign(country.certainty());
            match (sign.is_empty(), entry.as_mut()) {
                (true, _) => *entry = None,
                (false, Some(list)) => list.push(format!("{} ({}{sign})", p.name, country.name())),
                (false, None) => {}
            }
        }
        let homes: Vec<(&str, Option<Vec<String>>)> = homes.into_iter().collect();
        let mut add = |name: String, marked: Vec<&Vec<String>>| {
            let tally = map.entry(name).or_default();
            tally.count += 1;
            if tally.titles.len() < CORRIDOR_TITLES {
                tally.titles.push(&a.title);
            }
            if !marked.is_empty() {
                tally.marked += 1;
            }
            for party in marked.into_iter().flatten() {
                tally
                    .signs
                    .insert(if party.contains(format::INFERRED_SIGN) {
                        format::INFERRED_SIGN
                    } else {
                        format::OUTSIDE_SIGN
                    });
                tally.parties.insert(party.clone());
            }
        };
        if homes.len() == 1 && !homeless {
            let (name, marked) = &homes[0];
            add(format!("{name} (domestic)"), marked.iter().collect());
        }
        for (i, (x, mx)) in homes.iter().enumerate() {
            for (y, my) in &homes[i + 1..] {
                add(format!("{x} – {y}"), mx.iter().chain(my.iter()).collect());
            }
        }
    }
    let mut corridors: Vec<Corridor> = map
        .into_iter()
        .map(|(name, tally)| {
            let mut titles: Vec<String> = tally.titles.into_iter().map(str::to_owned).collect();
            if tally.count > CORRIDOR_TITLES {
                titles.push(format!("and {} more", tally.count - CORRIDOR_TITLES));
            }
            let signs: String = tally.signs.iter().copied().collect();
            let note = (tally.marked > 0).then(|| {
                format!(
                    "{} of {} {} here only through a marked home country: {}",
                    tally.marked,
                    tally.count,
                    if tally.marked == 1 { "counts" } else { "count" },
                    tally.parties.into_iter().collect::<Vec<_>>().join("; ")
                )
            });
            Corridor {
                name: format!("{name}{signs}"),
                count: tally.count,
                titles,
                marked: tally.marked,
                note,
            }
        })
        .collect();
    corridors.sort_by(|a, b| b.count.cmp(&a.count).then(a.name.cmp(&b.name)));
    let left_out = (!unstated.is_empty()).then(|| {
        format!(
            "{} whose country is not stated {} in no corridor ({}): {}",
            format::count(unstated.len(), "party", "parties"),
            if unstated.len() == 1 { "is" } else { "are" },
            format::count(in_collaborations.len(), "collaboration", "collaborations"),
            unstated.into_iter().collect::<Vec<_>>().join("; ")
        )
    });
    (corridors, left_out)
}

fn parties(dataset: &Dataset, selected: &[&Agreement], citer: &mut Citer) -> Vec<PartyEntry> {
    let mut involved: BTreeMap<&PartyId, usize> = BTreeMap::new();
    for a in selected {
        for id in a.party_ids().collect::<BTreeSet<_>>() {
            *involved.entry(id).or_default() += 1;
        }
    }
    let mut entries: Vec<(String, PartyEntry)> = involved
        .into_iter()
        .filter_map(|(id, n)| dataset.parties.get(id).map(|p| (p, n)))
        .map(|(p, n)| {
            let mut details = Vec::new();
            if !p.aliases.is_empty() {
                let names: Vec<String> = p.aliases.iter().map(|a| a.name.to_string()).collect();
                details.push(format!("Also written: {}", names.join("; ")));
            }
            if let Some(parent) = &p.parent {
                details.push(format!("Part of: {}", party_name(dataset, parent)));
            }
            if !p.owners.is_empty() {
                let owners: Vec<String> = p
                    .owners
                    .iter()
                    .map(|o| {
                        let mut terms = Vec::new();
                        if let Some(share) = o.share {
                            terms.push(share.to_string());
                        }
                        if let Some(since) = &o.since {
                            terms.push(format!("since {}", format::date_text(since, false)));
                        }
                        if let Some(until) = &o.until {
                            terms.push(format!("until {}", format::date_text(until, false)));
                        }
                        let name = party_name(dataset, &o.party);
                        if terms.is_empty() {
                            name
                        } else {
                            format!("{name} ({})", terms.join(", "))
                        }
                    })
                    .collect();
                details.push(format!("Owned by: {}", owners.join("; ")));
            }
            if !p.identifiers.is_empty() {
                let ids: Vec<String> = p
                    .identifiers
                    .iter()
                    .map(|i| format!("{} {}", i.scheme.label(), i.id))
                    .collect();
                details.push(format!("Identifiers: {}", ids.join("; ")));
            }
            match p.kind {
                PartyKind::InternationalOrganisation => details.push(
                    "An international organisation: it has no home country and is not counted as one"
                        .to_owned(),
                ),
                PartyKind::UnidentifiedOrganisation => details.push(
                    "Not one known body: the source names only a category, so this entry may stand for several organisations"
                        .to_owned(),
                ),
                _ => {}
            }
            details.push(format::count(
                n,
                "collaboration in this briefing",
                "collaborations in this briefing",
            ));
            for mark in marks::party(p) {
                details.push(citer.note(dataset, &mark));
            }
            let mut home = Vec::new();
            if let Some(city) = &p.city {
                home.push(format::signed(city.to_string(), city.certainty()));
            }
            if let Some(sub) = &p.subdivision {
                home.push(format::signed(sub.name(), sub.certainty()));
            }
            match (p.kind, &p.country) {
                (PartyKind::InternationalOrganisation, Some(seat)) => home.push(format!(
                    "{} (seat)",
                    format::signed(seat.name(), seat.certainty())
                )),
                (PartyKind::InternationalOrganisation, None) => {
                    home.push("No home country".to_owned())
                }
                (_, Some(country)) => {
                    home.push(format::signed(country.name(), country.certainty()))
                }
                // No source gives it: not stated, which is not "none".
                (_, None) => home.push("Country not stated".to_owned()),
            }
            (
                p.name.to_lowercase(),
                PartyEntry {
                    name: p.name.to_string(),
                    local_name: p.local_name.as_ref().map(local_name),
                    kind: format::party_kind(p.kind),
                    home: home.join(", "),
                    details,
                },
            )
        })
        .collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    entries.into_iter().map(|(_, e)| e).collect()
}

fn local_name(fact: &accord_model::Fact<accord_model::LocalName>) -> LocalNameText {
    LocalNameText {
        text: fact.text.to_string(),
        language: fact.language.to_string(),
        sign: format::sign(fact.certainty()).to_owned(),
    }
}

/// The people named in the selection: in its collaborations, and at the
/// occasions they belong to. Each with where they appear.
fn people(dataset: &Dataset, selected: &[&Agreement], citer: &mut Citer) -> Vec<PersonEntry> {
    let mut appears: BTreeMap<&accord_model::PersonId, Vec<String>> = BTreeMap::new();
    for a in selected {
        for involvement in &a.people {
            let list = appears.entry(&involvement.person).or_default();
            let line = format!(
                "{} in {}",
                format::capitalise(&format::signed(
                    format::person_part(*involvement.part.value()),
                    involvement.part.certainty()
                )),
                a.title
            );
            if !list.contains(&line) {
                list.push(line);
            }
        }
    }
    for occasion in cited_occasions(dataset, selected) {
        for involvement in &occasion.people {
            let list = appears.entry(&involvement.person).or_default();
            let line = format!(
                "{} at {}",
                format::capitalise(&format::signed(
                    format::person_part(*involvement.part.value()),
                    involvement.part.certainty()
                )),
                occasion.name
            );
            if !list.contains(&line) {
                list.push(line);
            }
        }
    }
    let mut entries: Vec<(String, PersonEntry)> = appears
        .into_iter()
        .filter_map(|(id, lines)| dataset.people.get(id).map(|p| (id, p, lines)))
        .map(|(id, person, lines)| {
            let name = person_called(dataset, id);
            let mut details = lines;
            for mark in marks::person(dataset, person, &name) {
                details.push(citer.note(dataset, &mark));
            }
            let positions = person_positions(dataset, person);
            (
                name.to_lowercase(),
                PersonEntry {
                    name,
                    local_name: person.local_name.as_ref().map(local_name),
                    positions,
                    details,
                },
            )
        })
        .collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    entries.into_iter().map(|(_, e)| e).collect()
}

/// The occasions the selection cites, and the occasions those are part
/// of, each once, in id order.
fn cited_occasions<'a>(
    dataset: &'a Dataset,
    selected: &[&Agreement],
) -> Vec<&'a accord_model::Occasion> {
    let mut ids: BTreeSet<&OccasionId> = BTreeSet::new();
    for a in selected {
        let mut next = a.occasion_id();
        while let Some(id) = next {
            if !ids.insert(id) {
                break;
            }
            next = dataset.occasions.get(id).and_then(|o| o.part_of.as_ref());
        }
    }
    ids.into_iter()
        .filter_map(|id| dataset.occasions.get(id))
        .collect()
}

fn quality(
    dataset: &Dataset,
    selected: &[&Agreement],
    extra: &[String],
    citer: &mut Citer,
) -> Vec<NoteGroup> {
    let mut groups = Vec::new();
    let mut push = |title: &str, items: Vec<String>| {
        if !items.is_empty() {
            groups.push(NoteGroup {
                title: title.to_owned(),
                items,
            });
        }
    };
    let selected_ids: BTreeSet<&AgreementId> = selected.iter().map(|a| &a.id).collect();

    let mut unknown = Vec::new();
    for a in selected {
        if let Some(Money {
            currency: Currency::Unknown,
            ..
        }) = &a.value
        {
            unknown.push(format!(
                "{}: the source gives a figure without a currency; it is not added to any total.",
                a.title
            ));
        }
    }
    // The occasions the selection cites, and their parents.
    let cited_occasions: BTreeSet<&OccasionId> =
        selected.iter().filter_map(|a| a.occasion_id()).collect();
    let parents: BTreeSet<&OccasionId> = cited_occasions
        .iter()
        .filter_map(|id| dataset.occasions.get(*id))
        .filter_map(|o| o.part_of.as_ref())
        .collect();
    for o in dataset.occasions.values() {
        let cited = cited_occasions.contains(&o.id);
        let parent_of_cited = parents.contains(&o.id);
        if let (
            true,
            Some(Money {
                currency: Currency::Unknown,
                ..
            }),
        ) = (cited || parent_of_cited, &o.reported_total)
        {
            unknown.push(format!("{}: the reported total has no currency.", o.name));
        }
    }
    push("Unknown currencies", unknown);

    for group in marked_facts(dataset, selected, citer) {
        push(&group.title, group.items);
    }

    let involved: BTreeSet<&PartyId> = selected.iter().flat_map(|a| a.party_ids()).collect();
    let mut duplicates = Vec::new();
    for id in &involved {
        let Some(p) = dataset.parties.get(*id) else {
            continue;
        };
        for alias in &p.aliases {
            if alias.kind == accord_model::AliasKind::VariantSpelling {
                duplicates.push(format!(
                    "{} is also spelt “{}” in the sources; both are recorded as one party.",
                    p.name, alias.name
                ));
            }
        }
    }
    for (a, b) in dataset.similar_party_names(|p| involved.contains(&p.id)) {
        duplicates.push(format!(
            "{} and {} have very similar names and may be the same organisation.",
            party_name(dataset, a),
            party_name(dataset, b)
        ));
    }
    push("Possible duplicate parties", duplicates);

    let cited: BTreeSet<&SourceId> = selected
        .iter()
        .flat_map(|a| a.sources.iter().map(|c| &c.source))
        .collect();
    let no_url: Vec<String> = cited
        .iter()
        .filter_map(|id| dataset.sources.get(*id))
        .filter(|s| s.url.is_none())
        .map(|s| {
            format!(
                "{}: no web address is recorded, so readers cannot check it online.",
                s.title
            )
        })
        .collect();
    push("Sources without an address", no_url);

    let undated: Vec<String> = selected
        .iter()
        .filter(|a| a.dates.is_empty())
        .map(|a| {
            format!(
                "{}: no date is recorded; it is counted under “No date”.",
                a.title
            )
        })
        .collect();
    push("Collaborations without a date", undated);

    let unplaced: Vec<String> = selected
        .iter()
        .filter(|a| a.places.is_empty())
        .map(|a| {
            format!(
                "{}: no place is recorded; it is listed under “{NO_PLACE}”.",
                a.title
            )
        })
        .collect();
    push("Collaborations without a place", unplaced);

    let linked_outside: Vec<String> = selected
        .iter()
        .flat_map(|a| a.links.iter().map(move |l| (a, l)))
        .filter(|(_, l)| !selected_ids.contains(&l.agreement))
        .map(|(a, l)| {
            format!(
                "{} refers to `{}`, which the filters leave out.",
                a.title, l.agreement
            )
        })
        .collect();
    push("Links outside this selection", linked_outside);

    push("Warnings from the data check", extra.to_vec());
    groups
}

/// The marked facts of the selection, counted by kind and listed, those
/// that share a reason under it once: the collaborations' own facts, their
/// parties', their people's and their occasions'. The first group counts
/// them; one group follows per kind.
fn marked_facts(dataset: &Dataset, selected: &[&Agreement], citer: &mut Citer) -> Vec<NoteGroup> {
    let mut all: Vec<marks::Mark<'_>> = Vec::new();
    let called = |id: &accord_model::PersonId| person_called(dataset, id);
    for a in selected {
        all.extend(marks::agreement(dataset, a, &called));
    }
    let parties: BTreeSet<&PartyId> = selected.iter().flat_map(|a| a.party_ids()).collect();
    for p in parties.iter().filter_map(|id| dataset.parties.get(*id)) {
        all.extend(marks::party(p));
    }
    let occasions = cited_occasions(dataset, selected);
    let mut people: BTreeSet<&accord_model::PersonId> = selected
        .iter()
        .flat_map(|a| a.people.iter().map(|i| &i.person))
        .collect();
    for o in &occasions {
        all.extend(marks::occasion(o));
        for involvement in &o.people {
            people.insert(&involvement.person);
            if involvement.part.certainty() != Certainty::Stated {
                all.push(marks::Mark {
                    kind: MarkKind::Part,
                    owner: o.name.to_string(),
                    field: format!("Part of {}", called(&involvement.person)),
                    value: format::person_part(*involvement.part.value()),
                    basis: involvement.part.basis(),
                });
            }
        }
    }
    for id in people {
        if let Some(person) = dataset.people.get(id) {
            all.extend(marks::person(dataset, person, &called(id)));
        }
    }
    let sources: BTreeSet<&accord_model::SourceId> = selected
        .iter()
        .flat_map(|a| a.sources.iter().map(|c| &c.source))
        .collect();
    for source in sources.iter().filter_map(|id| dataset.sources.get(*id)) {
        all.extend(marks::source(source));
    }
    if all.is_empty() {
        return Vec::new();
    }
    let inferred = all
        .iter()
        .filter(|m| m.basis.certainty() == Certainty::Inferred)
        .count();
    let counts: Vec<String> = MarkKind::ALL
        .iter()
        .filter_map(|&kind| {
            let n = all.iter().filter(|m| m.kind == kind).count();
            (n > 0).then(|| kind.count(n))
        })
        .collect();
    let mut groups = vec![NoteGroup {
        title: "Marked facts".to_owned(),
        items: vec![
            format!(
                "{} in this briefing no cited source states: {}.",
                format::count(all.len(), "fact", "facts"),
                counts.join(", ")
            ),
            format!(
                "{} inferred from a cited source ({}); {} from outside knowledge ({}).",
                inferred,
                format::INFERRED_SIGN,
                all.len() - inferred,
                format::OUTSIDE_SIGN
            ),
        ],
    }];
    for kind in MarkKind::ALL {
        // Records written from one source often share one reason: say it once.
        let mut by_reason: Vec<(String, Vec<String>)> = Vec::new();
        let mut reason_at: HashMap<String, usize> = HashMap::new();
        for mark in all.iter().filter(|m| m.kind == kind) {
            let reason = citer.explain(dataset, mark.basis);
            let item = mark.item();
            match reason_at.get(&reason) {
                Some(&i) => by_reason[i].1.push(item),
                None => {
                    reason_at.insert(reason.clone(), by_reason.len());
                    by_reason.push((reason, vec![item]));
                }
            }
        }
        if by_reason.is_empty() {
            continue;
        }
        let n: usize = by_reason.iter().map(|(_, items)| items.len()).sum();
        groups.push(NoteGroup {
            title: format!("{} ({})", kind.heading(), n),
            items: by_reason
                .into_iter()
                .map(|(reason, items)| format!("{} — {reason}", items.join("; ")))
                .collect(),
        });
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qualifiers_combine_honestly() {
        use Qualifier::*;
        assert_eq!(combine(&[Exact, Exact]), Some(Exact));
        assert_eq!(combine(&[Exact, MoreThan]), Some(MoreThan));
        assert_eq!(combine(&[AtLeast, Exact]), Some(AtLeast));
        assert_eq!(combine(&[UpTo, Exact]), Some(UpTo));
        assert_eq!(combine(&[UpTo, MoreThan]), None);
        assert_eq!(combine(&[Approximately, MoreThan]), None);
    }

    fn decimal(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    /// An agreement stating `amount` in `currency`.
    fn agreement(id: &str, amount: Decimal, currency: &str) -> Agreement {
        let mut a: Agreement = serde_json::from_value(serde_json::json!({
            "id": id,
            "title": format!("Deal {id}"),
            "kind": "collaboration-agreement",
            "status": "signed",
            "summary": "Two parties agree.",
            "parties": [{"party": "a", "role": "partner"}, {"party": "b", "role": "partner"}],
            "sectors": ["genomics"],
            "sources": [{"source": "s"}],
            "value": {"amount": 1, "currency": currency},
        }))
        .unwrap();
        if let Some(value) = &mut a.value {
            value.amount = Amount(amount);
        }
        a
    }

    #[test]
    fn totals_follow_each_figures_kind_and_say_what_they_left_out() {
        let mut a = agreement("a", decimal("100"), "CNY");
        a.amounts = serde_json::from_value(serde_json::json!([
            {"kind": "committed", "amount": 600, "currency": "CNY", "estimated": true,
             "equivalents": [{"amount": 90, "currency": "USD", "rate": "0.15",
                              "rate_date": "2016", "source": "AidData"}]},
            {"kind": "adjusted", "amount": 0, "currency": "CNY",
             "left_out_of_totals": {"reason": "rollover"}},
        ]))
        .unwrap();
        let mut b = agreement("b", decimal("50"), "CNY");
        b.amounts = serde_json::from_value(serde_json::json!([
            {"kind": "committed", "amount": 400, "currency": "CNY", "qualifier": "approximately"},
            {"kind": "committed", "amount": 7000, "currency": "CNY",
             "left_out_of_totals": {"reason": "umbrella", "note": "counted in its parts"}},
        ]))
        .unwrap();
        let selected = [&a, &b];
        let (lines, _) = totals(&selected, None);
        assert_eq!(
            lines,
            [
                "150 CNY, from 2 stated values",
                "Committed: about 1,000 CNY, from 2 amounts, 1 of them estimated by the recorder",
                "Left out of the totals, as their records say: 0 CNY adjusted (Deal a), a rollover; 7,000 CNY committed (Deal b), an umbrella agreement: counted in its parts",
            ]
        );
        assert_eq!(
            amount_text(&a.amounts[0]),
            "committed: 600 CNY, estimated by the recorder (≈ 90 USD at 0.15 of 2016, by AidData)"
        );
    }

    fn rates(rate: Decimal) -> RateTable {
        RateTable {
            label: "Test rates".to_owned(),
            date: NaiveDate::from_ymd_opt(2025, 12, 31).unwrap(),
            target: "USD".to_owned(),
            rates: vec![("GBP".to_owned(), rate)],
        }
    }

    #[test]
    fn link_addresses_are_ascii() {
        assert_eq!(
            link_address("https://example.org/a?b=c#d"),
            "https://example.org/a?b=c#d"
        );
        assert_eq!(
            link_address("https://bücher.example/straße?q=a b&c=%20"),
            "https://b%C3%BCcher.example/stra%C3%9Fe?q=a%20b&c=%20"
        );
        assert_eq!(
            link_address("https://x.example/\u{202E}gnp.exe\u{0}\u{7}\u{7F}\t\n"),
            "https://x.example/%E2%80%AEgnp.exe%00%07%7F%09%0A"
        );
        assert_eq!(
            link_address("https://x.example/\"<>\\^`{|}()'*"),
            "https://x.example/%22%3C%3E%5C%5E%60%7B%7C%7D()'*"
        );
        let long = link_address(&format!("https://x.example/{}", "é".repeat(1000)));
        assert!(long.is_ascii() && long.len() == 18 + 6000);
    }

    #[test]
    fn exact_sums_are_exact_or_nothing() {
        assert_eq!(
            exact_sum(decimal("0.1"), decimal("0.2")),
            Some(decimal("0.3"))
        );
        assert_eq!(exact_sum(Decimal::MAX, Decimal::ONE), None);
        assert_eq!(exact_sum(Decimal::MIN, -Decimal::ONE), None);
        assert_eq!(exact_sum(Decimal::MAX, Decimal::MIN), Some(Decimal::ZERO));
        // Too many digits for the decimals: the sum would be rounded …
        let widest = decimal("9999999999999999.999999999999");
        let mut sum = Some(Decimal::ZERO);
        for _ in 0..12 {
            sum = sum.and_then(|s| exact_sum(s, widest));
        }
        assert_eq!(sum, None);
        // … unless the decimals it drops are zero.
        assert_eq!(
            exact_sum(decimal("7922816251426433759354395033.5"), decimal("0.5")),
            Some(decimal("7922816251426433759354395034"))
        );
        assert_eq!(
            exact_sum(decimal("7922816251426433759354395033.5"), decimal("0.6")),
            None
        );
    }

    #[test]
    fn a_total_too_precise_to_compute_lists_its_values() {
        let widest = decimal("9999999999999999.999999999999");
        let deals: Vec<Agreement> = (0..12)
            .map(|i| agreement(&format!("d{i}"), widest, "GBP"))
            .collect();
        let selected: Vec<&Agreement> = deals.iter().collect();
        let (lines, conversion) = totals(&selected, Some(&rates(Decimal::MAX)));
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(
            lines[0].starts_with(
                "The total in GBP has more digits than can be computed exactly; \
                 the 12 stated values are listed one by one: \
                 9,999,999,999,999,999.999999999999 GBP (Deal d0); "
            ),
            "{}",
            lines[0]
        );
        assert_eq!(
            lines[0]
                .matches("9,999,999,999,999,999.999999999999 GBP")
                .count(),
            12
        );
        let conversion = conversion.unwrap();
        assert!(
            conversion.ends_with(": the GBP total is not converted, as it could not be computed."),
            "{conversion}"
        );
        // In a table cell the sum is rounded to three digits anyway.
        assert_eq!(sum_values(&selected), ["120,000,000 bn GBP"]);
    }

    #[test]
    fn a_total_beyond_a_decimal_is_a_note_not_a_panic() {
        let deals = [
            agreement("a", Decimal::MAX, "GBP"),
            agreement("b", Decimal::MAX, "GBP"),
            agreement("c", Decimal::MAX, "CNY"),
        ];
        let selected: Vec<&Agreement> = deals.iter().collect();
        let (lines, _) = totals(&selected, None);
        assert!(
            lines[1].starts_with(
                "The total in GBP exceeds what can be computed; the 2 stated values are listed one by one: \
                 79,228,162,514,264,337,593,543,950,335 GBP (Deal a); "
            ),
            "{lines:?}"
        );
        // One value alone is its own total.
        assert_eq!(
            lines[0],
            "79,228,162,514,264,337,593,543,950,335 CNY, from 1 stated value"
        );
        assert_eq!(
            sum_values(&selected),
            [
                "79,200,000,000,000,000,000 bn CNY",
                "GBP: too large to total"
            ]
        );
        let negative = [
            agreement("a", Decimal::MIN, "GBP"),
            agreement("b", Decimal::MIN, "GBP"),
        ];
        let selected: Vec<&Agreement> = negative.iter().collect();
        assert!(totals(&selected, None).0[0].contains("exceeds what can be computed"));
        assert_eq!(sum_values(&selected), ["GBP: too large to total"]);
    }

    #[test]
    fn conversions_at_the_limits_say_what_they_cannot_compute() {
        let five = decimal("5000000000");
        assert_eq!(
            convert(five, "GBP", Decimal::MAX, "USD"),
            "5,000,000,000 GBP: the figure in USD exceeds what can be computed"
        );
        assert_eq!(
            convert(Decimal::MAX, "GBP", Decimal::MAX, "USD"),
            "79,228,162,514,264,337,593,543,950,335 GBP: the figure in USD exceeds what can be computed"
        );
        assert_eq!(
            convert(Decimal::MAX, "GBP", Decimal::ONE, "USD"),
            "79,228,162,514,264,337,593,543,950,335 GBP ≈ 79,228,162,514,264,337,593,543,950,335 USD"
        );
        // The smallest rate a decimal holds still gives a figure …
        let tiniest = Decimal::new(1, 28);
        assert_eq!(
            convert(five, "GBP", tiniest, "USD"),
            "5,000,000,000 GBP ≈ 0.0000000000000000005 USD"
        );
        assert_eq!(
            convert(decimal("2.5"), "GBP", decimal("0.000001234567"), "USD"),
            "2.5 GBP ≈ 0.00000309 USD"
        );
        // … until the product is too small for one.
        assert_eq!(
            convert(decimal("0.01"), "GBP", tiniest, "USD"),
            "0.01 GBP: the figure in USD is too small to compute"
        );
        assert_eq!(
            convert(Decimal::ZERO, "GBP", tiniest, "USD"),
            "0 GBP ≈ 0 USD"
        );
        // Whole units are rounded as before.
        assert_eq!(
            convert(five, "CNY", decimal("0.1"), "GBP"),
            "5,000,000,000 CNY ≈ 500,000,000 GBP"
        );
    }
}

#[cfg(test)]
mod party_kind_tests {
    use super::*;

    /// A loan from a Chinese bank with the IFC and an unnamed Chinese
    /// institution, to a Kenyan borrower; and one between the IFC and the
    /// bank alone.
    fn dataset() -> Dataset {
        let records = serde_json::json!([
            {"party": {"id": "bank", "name": "Bank of China", "kind": "commercial-bank", "country": "CN"}},
            {"party": {"id": "ifc", "name": "International Finance Corporation", "kind": "international-organisation", "country": "US"}},
            {"party": {"id": "someone", "name": "A Chinese government institution", "kind": "unidentified-organisation", "country": "CN"}},
            {"party": {"id": "port", "name": "Kenya Ports Authority", "kind": "state-owned-enterprise", "country": "KE",
                "owners": [{"party": "bank", "share": "33.3", "since": "2019-05"}],
                "identifiers": [{"scheme": "wikidata", "id": "Q6392065"}]}},
            {"agreement": {"id": "loan", "title": "Port loan", "kind": "collaboration-agreement", "status": "signed",
                "summary": "A loan.", "sectors": ["genomics"], "sources": [{"source": "s"}],
                "parties": [{"party": "bank", "role": "partner"}, {"party": "ifc", "role": "partner"},
                            {"party": "someone", "role": "partner"}, {"party": "port", "role": "partner"}]}},
            {"agreement": {"id": "pair", "title": "Bank and IFC", "kind": "collaboration-agreement", "status": "signed",
                "summary": "A pair.", "sectors": ["genomics"], "sources": [{"source": "s"}],
                "parties": [{"party": "bank", "role": "partner"}, {"party": "ifc", "role": "partner"}]}}
        ]);
        let records: Vec<accord_model::Record> = serde_json::from_value(records).unwrap();
        Dataset::from_records(records)
    }

    #[test]
    fn organisations_without_a_home_country_are_not_counted_as_one() {
        let dataset = dataset();
        let briefing = build(&dataset, &crate::Options::default());
        let figure = |label: &str| {
            briefing
                .key_figures
                .iter()
                .find(|f| f.label == label)
                .unwrap_or_else(|| panic!("{label}"))
        };
        let parties = figure("parties");
        assert_eq!(parties.value, "3");
        assert!(
            parties
                .note
                .as_deref()
                .unwrap()
                .contains("1 unidentified organisation")
        );
        let homes = figure("home countries of the parties");
        // China and Kenya: not the United States, the IFC's seat.
        assert_eq!(homes.value, "2");
        assert!(
            homes.note.as_deref().unwrap().contains(
                "not counting 1 international organisation and 1 unidentified organisation"
            )
        );
        let corridors: Vec<&str> = briefing.corridors.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            corridors,
            ["China – Kenya"],
            "no US corridor, and the pair with the IFC is not domestic"
        );
        let ifc = briefing
            .parties
            .iter()
            .find(|p| p.name.starts_with("International"))
            .unwrap();
        assert_eq!(ifc.home, "United States of America (seat)");
        assert!(
            briefing
                .dataset_summary
                .contains("3 parties (besides 1 unidentified organisation)")
        );
        let port = briefing
            .parties
            .iter()
            .find(|p| p.name.starts_with("Kenya"))
            .unwrap();
        assert!(
            port.details
                .contains(&"Owned by: Bank of China (33.3%, since May 2019)".to_owned()),
            "{:?}",
            port.details
        );
        assert!(
            port.details
                .contains(&"Identifiers: Wikidata Q6392065".to_owned())
        );
    }

    /// A co-financier whose country no source gives: listed as "country
    /// not stated", never a home country, and counted apart in the key
    /// figures and under the corridors.
    #[test]
    fn a_party_whose_country_is_not_stated_is_counted_apart() {
        let records = serde_json::json!([
            {"party": {"id": "bank", "name": "Bank of China", "kind": "commercial-bank", "country": "CN"}},
            {"party": {"id": "port", "name": "Kenya Ports Authority", "kind": "state-owned-enterprise", "country": "KE"}},
            {"party": {"id": "ge", "name": "General Electric", "kind": "company"}},
            {"party": {"id": "ifc", "name": "International Finance Corporation", "kind": "international-organisation"}},
            {"agreement": {"id": "loan", "title": "Port loan", "kind": "loan", "status": "signed",
                "summary": "A loan.", "sectors": ["genomics"], "sources": [{"source": "s"}],
                "parties": [{"party": "bank", "role": "lender"}, {"party": "port", "role": "borrower"},
                            {"party": "ge", "role": "co-financier"}, {"party": "ifc", "role": "co-financier"}]}},
            {"agreement": {"id": "pair", "title": "Bank and GE", "kind": "collaboration-agreement", "status": "signed",
                "summary": "A pair.", "sectors": ["genomics"], "sources": [{"source": "s"}],
                "parties": [{"party": "bank", "role": "partner"}, {"party": "ge", "role": "partner"}]}}
        ]);
        let records: Vec<accord_model::Record> = serde_json::from_value(records).unwrap();
        let dataset = Dataset::from_records(records);
        let briefing = build(&dataset, &crate::Options::default());
        let homes = briefing
            .key_figures
            .iter()
            .find(|f| f.label == "home countries of the parties")
            .unwrap();
        assert_eq!(homes.value, "2", "China and Kenya only");
        assert_eq!(
            homes.note.as_deref(),
            Some(
                "not counting 1 international organisation, which has no home country, nor 1 party whose country is not stated"
            )
        );
        let parties = briefing
            .key_figures
            .iter()
            .find(|f| f.label == "parties")
            .unwrap();
        assert_eq!(
            parties.value, "4",
            "a party whose country is not stated is still one body"
        );
        let corridors: Vec<&str> = briefing.corridors.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            corridors,
            ["China – Kenya"],
            "the bank and GE are not domestic"
        );
        assert_eq!(
            briefing.corridors_left_out.as_deref(),
            Some(
                "1 party whose country is not stated is in no corridor (2 collaborations): General Electric"
            )
        );
        assert!(
            briefing
                .corridor_notes()
                .contains(&briefing.corridors_left_out.clone().unwrap())
        );
        let ge = briefing
            .parties
            .iter()
            .find(|p| p.name == "General Electric")
            .unwrap();
        assert_eq!(ge.home, "Country not stated");
    }
}
