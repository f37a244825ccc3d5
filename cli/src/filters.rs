//! The filters of `accord report`, read from the arguments, and which
//! records a briefing needs.
//!
//! Regions, sectors and dates are checked before the data is read, parties
//! once it is loaded (a party exists only in the data); all before anything
//! is written. A value that names nothing is refused with the nearest
//! values, and a name that fits several things with the candidates (exit 2:
//! the command cannot run as asked).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use accord_ingest::{Code, Diagnostic, Loaded};
use accord_model::{Dataset, RecordKey, RecordKind};
use accord_report::{FilterError, Filters, RegionFilter};

/// The filters as given on the command line.
#[derive(Debug, Clone, Copy)]
pub struct Given<'a> {
    /// `--region`, each as typed.
    pub regions: &'a [String],
    /// `--sector`.
    pub sectors: &'a [String],
    /// `--since`.
    pub since: Option<&'a str>,
    /// `--until`.
    pub until: Option<&'a str>,
    /// The data paths, to name in the hint on `accord list`.
    pub paths: &'a [PathBuf],
}

/// Reads every filter that does not need the data. `Err` lists every
/// refused value, each with a hint.
pub fn read(given: Given<'_>) -> Result<Filters, String> {
    let mut filters = Filters::default();
    let mut problems = Vec::new();
    for text in given.regions {
        match RegionFilter::parse(text) {
            Ok(region) => filters.regions.push(region),
            Err(e) => problems.push(refused("--region", &e, "regions", given.paths)),
        }
    }
    for text in given.sectors {
        match accord_report::find_sector(text) {
            Ok(sector) => filters.sectors.push(sector),
            Err(e) => problems.push(refused("--sector", &e, "sectors", given.paths)),
        }
    }
    let date = |flag: &str, text: Option<&str>, problems: &mut Vec<String>| {
        let text = text?;
        match accord_report::parse_date(text) {
            Ok(date) => Some(date),
            Err(e) => {
                problems.push(format!(
                    "{flag}: {e}\n  = hint: give a year, a month or a day: `2018`, `2018-02`, `2018-02-14`"
                ));
                None
            }
        }
    };
    filters.since = date("--since", given.since, &mut problems);
    filters.until = date("--until", given.until, &mut problems);
    if let (Some(since), Some(until)) = (&filters.since, &filters.until)
        && since.first_day() > until.last_day()
    {
        problems.push(format!(
            "--since {since} is after --until {until}: no collaboration could be dated in both\n  = hint: the period runs from --since to --until; did you mean `--since {until} --until {since}`?"
        ));
    }
    if problems.is_empty() {
        Ok(filters)
    } else {
        Err(problems.join("\naccord: "))
    }
}

/// Adds the parties named by `--party`, found in the loaded data by id,
/// name or other name. `Err` lists every refused value.
pub fn add_parties(
    filters: &mut Filters,
    dataset: &Dataset,
    texts: &[String],
    paths: &[PathBuf],
) -> Result<(), String> {
    let mut problems = Vec::new();
    for text in texts {
        match accord_report::find_party(dataset, text) {
            Ok(id) if !filters.parties.contains(&id) => filters.parties.push(id),
            Ok(_) => {}
            Err(e) => problems.push(refused("--party", &e, "parties", paths)),
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\naccord: "))
    }
}

/// `--party: message`, the hint, and where to find every value.
fn refused(flag: &str, error: &FilterError, list: &str, paths: &[PathBuf]) -> String {
    let data = match paths {
        [] => String::new(),
        paths => {
            let shown: Vec<String> = paths.iter().map(|p| shell_word(p)).collect();
            format!(" {}", shown.join(" "))
        }
    };
    let (list, data) = match list {
        "parties" => (list, data),
        "regions" => ("regions --all", String::new()),
        _ => (list, String::new()),
    };
    format!(
        "{flag}: {}\n  = hint: {}\n  = note: `accord list {list}{data}` lists every value",
        error.message, error.hint
    )
}

/// A path as a shell word: quoted when it holds anything but plain
/// characters.
fn shell_word(path: &Path) -> String {
    let text = path.display().to_string();
    if !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
    {
        text
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// What the future dates in the data mean for one briefing.
#[derive(Debug, Default)]
pub struct FutureDates {
    /// `future-date` errors in records the briefing includes, reworded to
    /// say why the record counts.
    pub blocking: Vec<Diagnostic>,
    /// Records dated after the briefing's date that it does not include
    /// (shown `kind/id`): they are left out of the dataset and do not block it.
    pub outside: BTreeSet<RecordKey>,
}

/// Sorts the `future-date` errors of `loaded`: a record the briefing
/// includes (an agreement the filters keep, or a party, person, source or
/// occasion such an agreement refers to) blocks it; any other is outside
/// the briefing, and so is an agreement the filters keep only because its
/// loose date overlaps their period. `as_of` is the date the data was checked against.
pub fn future_dates(loaded: &Loaded, filters: &Filters, as_of: chrono::NaiveDate) -> FutureDates {
    let dataset = &loaded.dataset;
    // Each record the briefing includes, with the kept agreement that
    // brings it in; and, apart, the agreements kept only because a loose
    // date overlaps the period, with their records.
    let mut included: BTreeMap<RecordKey, &str> = BTreeMap::new();
    let mut loose: Vec<(RecordKey, Vec<RecordKey>)> = Vec::new();
    for a in dataset.agreements.values() {
        if !filters.matches(dataset, a) {
            continue;
        }
        let records = records_of(dataset, a);
        if filters.kept_by_overlap(a) {
            loose.push((
                RecordKey::new(RecordKind::Agreement, a.id.as_str()),
                records,
            ));
            continue;
        }
        for key in records {
            included.entry(key).or_insert(a.id.as_str());
        }
    }
    let record_of: HashMap<&Path, &RecordKey> = loaded
        .origins
        .iter()
        .map(|(key, path)| (path.as_path(), key))
        .collect();
    let mut found = FutureDates::default();
    // An agreement kept only by a loose date's overlap does not hold the
    // briefing back: when it or one of its records is dated after the
    // briefing, the agreement is left out with it.
    let future: BTreeSet<&RecordKey> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::FutureDate)
        .filter_map(|d| record_of.get(d.file.as_path()).copied())
        .collect();
    for (agreement, records) in &loose {
        if records.iter().any(|key| future.contains(key)) && !included.contains_key(agreement) {
            found.outside.insert(agreement.clone());
        }
    }
    for d in &loaded.diagnostics {
        if d.code != Code::FutureDate {
            continue;
        }
        let Some(&key) = record_of.get(d.file.as_path()) else {
            // Not a record that loaded: count it, to be safe.
            found.blocking.push(d.clone());
            continue;
        };
        match included.get(key) {
            None => {
                found.outside.insert(key.clone());
            }
            Some(by) => {
                let (kind, id) = (key.kind, &key.id);
                let mut d = d.clone();
                let message = d
                    .message
                    .replace("the date of this check", "the briefing's date");
                d.message = format!("{kind} `{id}`: {message}");
                d.hint = Some(if kind == RecordKind::Agreement {
                    format!(
                        "the filters keep this agreement, so it may not be dated after the briefing ({as_of}): \
                         narrow the filters (such as `--until {as_of}`), give a later `--as-of`, or correct the date"
                    )
                } else {
                    format!(
                        "the briefing includes it through `{by}`, which the filters keep, so it may not be dated \
                         after the briefing ({as_of}): narrow the filters (such as `--until {as_of}`), give a later \
                         `--as-of`, or correct the date"
                    )
                });
                found.blocking.push(d);
            }
        }
    }
    found
}

/// The records an agreement brings into a briefing: itself, its parties
/// and their parent organisations, its people, its sources and its occasion
/// with the occasions that one is part of.
fn records_of(dataset: &accord_model::Dataset, a: &accord_model::Agreement) -> Vec<RecordKey> {
    let mut keys = vec![RecordKey::new(RecordKind::Agreement, a.id.as_str())];
    for id in a.party_ids() {
        for party in dataset.party_chain(id) {
            keys.push(RecordKey::new(RecordKind::Party, party.id.as_str()));
        }
        keys.push(RecordKey::new(RecordKind::Party, id.as_str()));
    }
    for involvement in &a.people {
        keys.push(RecordKey::new(
            RecordKind::Person,
            involvement.person.as_str(),
        ));
    }
    for citation in a.sources.iter() {
        keys.push(RecordKey::new(RecordKind::Source, citation.source.as_str()));
    }
    let mut occasion = a.occasion_id();
    let mut seen = BTreeSet::new();
    while let Some(id) = occasion {
        if !seen.insert(id) {
            break; // a loop is reported by the check
        }
        keys.push(RecordKey::new(RecordKind::Occasion, id.as_str()));
        occasion = dataset.occasions.get(id).and_then(|o| o.part_of.as_ref());
    }
    keys
}

/// Removes the records named in `outside` from the dataset,
/// and every diagnostic about their files, so that the briefing neither
/// counts nor dates by them.
pub fn leave_out(loaded: &mut Loaded, outside: &BTreeSet<RecordKey>) {
    let files: BTreeSet<PathBuf> = outside
        .iter()
        .filter_map(|key| loaded.origins.get(key).cloned())
        .collect();
    loaded.diagnostics.retain(|d| !files.contains(&d.file));
    let dataset = &mut loaded.dataset;
    for RecordKey { kind, id } in outside {
        match kind {
            RecordKind::Agreement => {
                id.parse().map(|id| dataset.agreements.remove(&id)).ok();
            }
            RecordKind::Source => {
                id.parse().map(|id| dataset.sources.remove(&id)).ok();
            }
            RecordKind::Occasion => {
                id.parse().map(|id| dataset.occasions.remove(&id)).ok();
            }
            RecordKind::Party => {
                id.parse().map(|id| dataset.parties.remove(&id)).ok();
            }
            RecordKind::Person => {
                id.parse().map(|id| dataset.people.remove(&id)).ok();
            }
        }
    }
}

/// The sentence that says which records were left out, for standard error
/// and the briefing's notes; it names the first few.
pub fn outside_note(outside: &BTreeSet<RecordKey>, as_of: chrono::NaiveDate) -> String {
    const NAMED: usize = 10;
    let mut names: Vec<String> = outside
        .iter()
        .take(NAMED)
        .map(|k| format!("`{k}`"))
        .collect();
    if outside.len() > NAMED {
        names.push(format!("and {} more", outside.len() - NAMED));
    }
    let count = outside.len();
    format!(
        "{count} {} dated after {as_of}, outside this briefing's filters, {} left out: {}",
        if count == 1 { "record" } else { "records" },
        if count == 1 { "is" } else { "are" },
        names.join(", ")
    )
}
