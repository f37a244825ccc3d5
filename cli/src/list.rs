//! `accord list`: the values the filters of `report` take, one a line: the
//! value to type, then what it is, and how many collaborations of the data
//! it keeps.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use accord_ingest::{Code, LoadOptions, Severity};
use accord_model::{Dataset, PartyKind, Sector};
use accord_report::RegionFilter;

/// The arguments of `accord list`.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// What to list.
    #[arg(value_enum)]
    what: What,
    /// Record files and directories. Parties and regions come from the
    /// data (default: `fixtures`); sectors are the vocabulary's, with counts
    /// when paths are given.
    paths: Vec<PathBuf>,
    /// With `regions`: every country, subdivision and UN M49 region code,
    /// not only the places of the data.
    #[arg(long)]
    all: bool,
}

/// The kinds of value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum What {
    /// Every sector of the vocabulary (id, label), sub-sectors indented
    /// under their sector; `--sector` takes the id or the label.
    Sectors,
    /// The parties of the data (id, name, country, other names); `--party`
    /// takes the id, the name or another name.
    Parties,
    /// The countries and subdivisions where the data's collaborations take
    /// effect, and the UN M49 regions they are in (`--all`: every code);
    /// `--region` takes the code or the name.
    Regions,
}

/// Prints the list. Exit 0; 1 when the data has errors (the records that
/// loaded are listed, and a note says so); 2 when the data cannot be read.
pub fn run(args: &ListArgs) -> std::io::Result<ExitCode> {
    if args.all && args.what != What::Regions {
        eprintln!(
            "accord: --all is for `accord list regions`; sectors and parties are always listed whole"
        );
        return Ok(ExitCode::from(2));
    }
    let needs_data = match args.what {
        What::Parties => true,
        What::Regions => !args.all || !args.paths.is_empty(),
        What::Sectors => !args.paths.is_empty(),
    };
    let (dataset, exit) = if needs_data {
        let paths = if args.paths.is_empty() {
            vec![PathBuf::from("fixtures")]
        } else {
            args.paths.clone()
        };
        // No date check: a list is not a briefing.
        let loaded = accord_ingest::load_with(&paths, &LoadOptions::default());
        if let Some(d) = loaded.diagnostics.iter().find(|d| d.code == Code::IoError) {
            eprintln!("accord: {}", d.message);
            return Ok(ExitCode::from(2));
        }
        let errors = loaded
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        let exit = if errors > 0 {
            eprintln!(
                "note: the data has {errors} {}; records with errors are not listed (`accord validate` shows them)",
                if errors == 1 { "error" } else { "errors" }
            );
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        };
        (Some(loaded.dataset), exit)
    } else {
        (None, ExitCode::SUCCESS)
    };
    let rows = match args.what {
        What::Sectors => sectors(dataset.as_ref()),
        What::Parties => parties(dataset.as_ref().unwrap_or(&Dataset::default())),
        What::Regions => regions(dataset.as_ref(), args.all),
    };
    let width = rows
        .iter()
        .map(|(value, _)| value.chars().count())
        .max()
        .unwrap_or(0)
        .min(40);
    let mut out = std::io::stdout().lock();
    for (value, label) in rows {
        writeln!(out, "{value:<width$}  {label}")?;
    }
    out.flush()?;
    Ok(exit)
}

/// How many collaborations each value keeps, counted in one pass over
/// the agreements by the rules of [`accord_report::Filters::matches`]; by value as typed.
type Counts = HashMap<String, usize>;

/// `, 3 collaborations` when there is data.
fn kept(counts: Option<&Counts>, value: &str) -> String {
    let Some(counts) = counts else {
        return String::new();
    };
    let n = counts.get(value).copied().unwrap_or(0);
    format!(
        ", {n} {}",
        if n == 1 {
            "collaboration"
        } else {
            "collaborations"
        }
    )
}

/// Adds one to the count of each value in `values`, each once.
fn count_once(counts: &mut Counts, values: BTreeSet<String>) {
    for value in values {
        *counts.entry(value).or_default() += 1;
    }
}

fn sectors(dataset: Option<&Dataset>) -> Vec<(String, String)> {
    let counts = dataset.map(|dataset| {
        let mut counts = Counts::new();
        for a in dataset.agreements.values() {
            let mut within = BTreeSet::new();
            for &s in a.sectors.iter() {
                let mut next = Some(s);
                while let Some(s) = next {
                    within.insert(s.id().to_owned());
                    next = s.parent();
                }
            }
            count_once(&mut counts, within);
        }
        counts
    });
    // The whole tree in order, indented by depth: the CRS categories, their
    // purpose codes, and Accord's sectors beneath the codes they belong to.
    Sector::ALL
        .iter()
        .map(|&s| {
            let withdrawn = if s.is_withdrawn() { " (withdrawn)" } else { "" };
            (
                format!("{}{}", "  ".repeat(s.depth()), s.id()),
                format!("{}{withdrawn}{}", s.label(), kept(counts.as_ref(), s.id())),
            )
        })
        .collect()
}

fn parties(dataset: &Dataset) -> Vec<(String, String)> {
    let mut counts = Counts::new();
    for a in dataset.agreements.values() {
        let involved: BTreeSet<String> = a
            .party_ids()
            .flat_map(|id| {
                dataset
                    .party_chain(id)
                    .into_iter()
                    .map(|p| p.id.to_string())
                    .chain([id.to_string()])
            })
            .collect();
        count_once(&mut counts, involved);
    }
    dataset
        .parties
        .values()
        .map(|p| {
            // An international organisation is of no country (a country
            // given is its seat); an unidentified one says so, and so does
            // any other whose country is not stated.
            let mut label = match (p.kind, p.country_of()) {
                (PartyKind::InternationalOrganisation, _) => {
                    format!("{} (international organisation)", p.name)
                }
                (PartyKind::UnidentifiedOrganisation, Some(c)) => {
                    format!("{} (unidentified, {})", p.name, c.value())
                }
                (PartyKind::UnidentifiedOrganisation, None) => format!("{} (unidentified)", p.name),
                (_, Some(c)) => format!("{} ({})", p.name, c.value()),
                // No source gives it: not stated, which is not "none".
                (_, None) => format!("{} (country not stated)", p.name),
            };
            let others: Vec<&str> = p
                .aliases
                .iter()
                .map(|a| a.name.as_str())
                .chain(p.local_name.as_ref().map(|l| l.text.as_str()))
                .collect();
            if !others.is_empty() {
                label.push_str(&format!("; also {}", others.join(", ")));
            }
            label.push_str(&kept(Some(&counts), p.id.as_str()));
            (p.id.to_string(), label)
        })
        .collect()
}

/// UN M49 regions first (by code), then countries, each followed by its
/// subdivisions.
fn regions(dataset: Option<&Dataset>, all: bool) -> Vec<(String, String)> {
    let counts = dataset.map(|dataset| {
        let mut counts = Counts::new();
        for a in dataset.agreements.values() {
            let mut places = BTreeSet::new();
            for place in &a.places {
                places.insert(place.country.alpha2().to_owned());
                places.extend(place.subdivision.map(|s| s.code().to_owned()));
                places.extend(
                    place
                        .country
                        .m49()
                        .into_iter()
                        .flat_map(|e| e.areas())
                        .map(|area| area.code.to_owned()),
                );
            }
            count_once(&mut counts, places);
        }
        counts
    });
    let chosen: Vec<RegionFilter> = if all {
        RegionFilter::all().collect()
    } else {
        // The places of the data: what --region can keep something with.
        RegionFilter::all()
            .filter(|r| counts.as_ref().is_some_and(|c| c.contains_key(code(r))))
            .collect()
    };
    let mut areas = Vec::new();
    let mut countries: BTreeMap<&str, (Option<RegionFilter>, Vec<RegionFilter>)> = BTreeMap::new();
    for region in chosen {
        match region {
            RegionFilter::Area(_) => areas.push(region),
            RegionFilter::Country(c) => {
                countries.entry(c.alpha2()).or_default().0 = Some(region);
            }
            RegionFilter::Subdivision(s) => countries
                .entry(s.country().alpha2())
                .or_default()
                .1
                .push(region),
        }
    }
    let row = |region: &RegionFilter| {
        let name = match region {
            RegionFilter::Country(c) => c.name().to_owned(),
            RegionFilter::Subdivision(s) => format!(
                "{} ({} of {})",
                s.name(),
                s.subdivision_type().to_lowercase(),
                s.country().name()
            ),
            RegionFilter::Area(a) => format!("{} (UN M49 region)", a.name),
        };
        (
            code(region).to_owned(),
            format!("{name}{}", kept(counts.as_ref(), code(region))),
        )
    };
    let mut rows: Vec<(String, String)> = areas.iter().map(row).collect();
    for (country, subdivisions) in countries.values() {
        rows.extend(country.iter().map(row));
        rows.extend(subdivisions.iter().map(row));
    }
    rows
}

/// What to type for a region: `CN`, `CN-LN`, `030`.
fn code(region: &RegionFilter) -> &'static str {
    match region {
        RegionFilter::Country(c) => c.alpha2(),
        RegionFilter::Subdivision(s) => s.code(),
        RegionFilter::Area(a) => a.code,
    }
}
