//! Deterministic synthetic datasets: realistic records in the shape of the
//! fixtures (parties in many countries, agreements with two or three
//! parties, sectors, places, partial and inferred dates, money in several
//! currencies or none), with an optional share of the mistakes contributors
//! make, for benchmarks and load tests. The same seed gives the same files.

use accord_model::{
    Agreement, AgreementKind, Citation, CountryCode, DateValue, Money, Party, PartyKind, Place,
    Record, Role, Sector, Source, SourceKind, Status, Vocabulary,
};

/// A small, fast, deterministic generator (SplitMix64).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number below `n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    /// One item of a slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const COUNTRIES: [&str; 16] = [
    "CN", "GB", "US", "DE", "FR", "JP", "SE", "AU", "IN", "BR", "ZA", "SG", "CH", "NL", "KR", "CA",
];
const SUBDIVISIONS: [&str; 10] = [
    "CN-BJ", "CN-SH", "CN-GD", "CN-LN", "CN-ZJ", "GB-MAN", "GB-CAM", "GB-LND", "US-CA", "US-MA",
];
const FIRST: [&str; 24] = [
    "Northern",
    "Pacific",
    "Golden",
    "Silver",
    "Eastern",
    "Royal",
    "United",
    "Greenfield",
    "Summit",
    "Harbour",
    "Lotus",
    "Crescent",
    "Meridian",
    "Orchid",
    "Jade",
    "Cedar",
    "Aurora",
    "Beacon",
    "Cobalt",
    "Delta",
    "Everest",
    "Falcon",
    "Granite",
    "Horizon",
];
const SECOND: [&str; 16] = [
    "Health",
    "Pharma",
    "Biotech",
    "Medical",
    "Genomics",
    "Diagnostics",
    "Life Sciences",
    "Care",
    "Devices",
    "Data",
    "Therapeutics",
    "Labs",
    "Hospital Group",
    "Capital",
    "University",
    "Institute",
];
const SUFFIX: [&str; 6] = ["Ltd", "Co., Ltd.", "plc", "Inc.", "Group", "AG"];
const TOPICS: [&str; 12] = [
    "radiotherapy services",
    "genomic diagnosis",
    "cancer screening",
    "digital patient records",
    "elderly care homes",
    "vaccine manufacturing",
    "clinical trials",
    "medical imaging",
    "drug distribution",
    "health data analytics",
    "traditional medicine research",
    "remote monitoring",
];

fn text(s: impl Into<String>) -> accord_model::Text {
    accord_model::Text::new(s)
        .unwrap_or_else(|_| accord_model::Text::new("text").unwrap_or_else(|e| panic!("{e}")))
}

/// Synthetic records: `agreements` agreements plus their parties (about one
/// for every two agreements) and sources (one per twenty), in a stable order.
pub fn records(agreements: usize, seed: u64) -> Vec<Record> {
    let mut rng = Rng::new(seed);
    let kinds: Vec<AgreementKind> = AgreementKind::ALL.to_vec();
    let statuses: Vec<Status> = Status::ALL.to_vec();
    let party_kinds: Vec<PartyKind> = PartyKind::ALL.to_vec();
    let currencies = [
        "GBP", "CNY", "USD", "EUR", "JPY", "GBP", "CNY", "USD", "EUR", "JPY", "CHF", "AUD", "SGD",
        "KRW", "INR", "CAD", "SEK", "BRL", "ZAR", "unknown",
    ];
    let qualifiers: Vec<accord_model::Qualifier> = accord_model::Qualifier::ALL.to_vec();
    let sectors = Sector::ALL;

    let n_parties = (agreements / 2).max(4);
    let n_sources = (agreements / 20).max(1);
    let mut out = Vec::with_capacity(agreements + n_parties + n_sources);
    for i in 0..n_sources {
        let source = Source {
            id: format!("source-{i}")
                .parse()
                .unwrap_or_else(|e| panic!("{e}")),
            title: text(format!("Healthcare partnerships announced, issue {i}")),
            kind: *rng.pick(&[
                SourceKind::NewsArticle,
                SourceKind::PressRelease,
                SourceKind::GovernmentPublication,
            ]),
            publisher: rng
                .chance(0.7)
                .then(|| text(format!("{} News", rng.pick(&FIRST)))),
            published: Some(DateValue::Stated(
                format!(
                    "{}-{:02}-{:02}",
                    2010 + rng.below(16),
                    1 + rng.below(12),
                    1 + rng.below(28)
                )
                .parse()
                .unwrap_or_else(|e| panic!("{e}")),
            )),
            url: rng
                .chance(0.95)
                .then(|| accord_model::Url::new(format!("https://news.example.org/{i}")).ok())
                .flatten(),
            archived_url: None,
            retrieved: None,
            language: accord_model::LanguageTag::new("en").ok(),
            notes: Vec::new(),
        };
        out.push(Record::Source(Box::new(source)));
    }
    for i in 0..n_parties {
        let country: CountryCode = rng
            .pick(&COUNTRIES)
            .parse()
            .unwrap_or_else(|e| panic!("{e}"));
        let subdivision = SUBDIVISIONS
            .iter()
            .filter(|s| s.starts_with(country.alpha2()))
            .nth(rng.below(3))
            .and_then(|s| s.parse().ok())
            .map(accord_model::Fact::Stated);
        let name = format!(
            "{} {} {}",
            rng.pick(&FIRST),
            rng.pick(&SECOND),
            rng.pick(&SUFFIX)
        );
        let party = Party {
            id: format!("party-{i}")
                .parse()
                .unwrap_or_else(|e| panic!("{e}")),
            name: text(format!("{name} {i}")),
            kind: if rng.chance(0.8) {
                PartyKind::Company
            } else {
                *rng.pick(&party_kinds)
            },
            country: Some(country.into()),
            subdivision,
            city: None,
            local_name: None,
            aliases: Vec::new(),
            parent: (i > 10 && rng.chance(0.1))
                .then(|| format!("party-{}", rng.below(i)).parse().ok())
                .flatten(),
            owners: Vec::new(),
            identifiers: Vec::new(),
            website: None,
            description: Some(text(format!(
                "An organisation working on {}.",
                rng.pick(&TOPICS)
            ))),
            sources: Vec::new(),
        };
        out.push(Record::Party(Box::new(party)));
    }
    for i in 0..agreements {
        let n = 2 + usize::from(rng.chance(0.2));
        let mut party_ids: Vec<usize> = Vec::new();
        while party_ids.len() < n {
            let p = rng.below(n_parties);
            if !party_ids.contains(&p) {
                party_ids.push(p);
            }
        }
        let kind = *rng.pick(&kinds);
        // Roles that fit the kind, as a careful contributor gives them.
        let role_for = |index: usize| match kind {
            AgreementKind::Investment => {
                [Role::Investor, Role::Investee, Role::Partner][index.min(2)]
            }
            AgreementKind::Fund => Role::Founder,
            AgreementKind::CommercialContract => {
                [Role::Provider, Role::Client, Role::Partner][index.min(2)]
            }
            // The other kinds: each role the kind needs in turn (a lender,
            // then a borrower), then partners.
            _ => accord_model::required_roles(kind)
                .get(index)
                .map_or(Role::Partner, |roles| roles[0]),
        };
        let parties = party_ids
            .iter()
            .enumerate()
            .map(|(index, p)| accord_model::Participant {
                party: format!("party-{p}")
                    .parse()
                    .unwrap_or_else(|e| panic!("{e}")),
                role: Some(role_for(index).into()),
                roles: Vec::new(),
                as_named: None,
            })
            .collect();
        let topic = rng.pick(&TOPICS);
        let year = 2010 + rng.below(16);
        let date_text = match rng.below(3) {
            0 => format!("{year}"),
            1 => format!("{year}-{:02}", 1 + rng.below(12)),
            _ => format!("{year}-{:02}-{:02}", 1 + rng.below(12), 1 + rng.below(28)),
        };
        let date = date_text.parse().unwrap_or_else(|e| panic!("{e}"));
        let signed = if rng.chance(0.1) {
            DateValue::Annotated(Box::new(accord_model::AnnotatedDate {
                value: Some(date),
                on_or_after: None,
                on_or_before: None,
                month_day: None,
                inferred: Some(text("the year is taken from the article's date")),
                outside_knowledge: None,
                as_stated: None,
            }))
        } else {
            DateValue::Stated(date)
        };
        let place_country: CountryCode = rng
            .pick(&COUNTRIES)
            .parse()
            .unwrap_or_else(|e| panic!("{e}"));
        let value = rng.chance(0.4).then(|| Money {
            amount: format!("{}", (1 + rng.below(900)) * 1_000_000)
                .parse()
                .unwrap_or_else(|e| panic!("{e}")),
            currency: rng
                .pick(&currencies)
                .parse()
                .unwrap_or_else(|e| panic!("{e}")),
            qualifier: *rng.pick(&qualifiers),
            as_stated: None,
        });
        let sector_count = 1 + rng.below(3);
        let mut chosen: Vec<Sector> = Vec::new();
        while chosen.len() < sector_count {
            let s = *rng.pick(sectors);
            if !chosen.contains(&s) {
                chosen.push(s);
            }
        }
        let agreement = Agreement {
            id: format!("agreement-{i}")
                .parse()
                .unwrap_or_else(|e| panic!("{e}")),
            title: text(format!("Partnership on {topic} no. {i}")),
            kind,
            status: *rng.pick(&statuses),
            stages: Vec::new(),
            summary: text(format!(
                "The parties agreed to work together on {topic}, with a first phase of pilots and shared training."
            )),
            parties: accord_model::AtLeast::new(parties).unwrap_or_else(|e| panic!("{e}")),
            sectors: accord_model::NonEmpty::new(chosen).unwrap_or_else(|e| panic!("{e}")),
            places: if rng.chance(0.9) {
                vec![
                    Place {
                        locality: rng.chance(0.3).then(|| text("several cities")),
                        ..Place::in_country(place_country)
                    }
                    .into(),
                ]
            } else {
                Vec::new()
            },
            dates: accord_model::Dates {
                signed: Some(signed),
                ..accord_model::Dates::default()
            },
            areas: Vec::new(),
            project_dates: accord_model::ProjectDates::default(),
            value,
            amounts: Vec::new(),
            terms: accord_model::LoanTerms::default(),
            objectives: vec![
                text(format!("Improve access to {topic}.")),
                text("Train staff in both countries."),
            ],
            targets: if rng.chance(0.3) {
                vec![accord_model::Target {
                    description: text("Reach more hospitals"),
                    quantity: Some(accord_model::Quantity {
                        value: format!("{}", 10 * (1 + rng.below(100)))
                            .parse()
                            .unwrap_or_else(|e| panic!("{e}")),
                        unit: text("hospitals"),
                        qualifier: accord_model::Qualifier::MoreThan,
                    }),
                    by: None,
                }]
            } else {
                Vec::new()
            },
            occasion: None,
            links: Vec::new(),
            outside_ids: Vec::new(),
            outside_links: Vec::new(),
            people: Vec::new(),
            sources: accord_model::NonEmpty::new(vec![Citation {
                source: format!("source-{}", rng.below(n_sources))
                    .parse()
                    .unwrap_or_else(|e| panic!("{e}")),
                locator: Some(text(format!("paragraph {}", 1 + rng.below(9)))),
                supports: Vec::new(),
            }])
            .unwrap_or_else(|e| panic!("{e}")),
            notes: Vec::new(),
        };
        out.push(Record::Agreement(Box::new(agreement)));
    }
    out
}

/// The records as a dataset.
pub fn dataset(agreements: usize, seed: u64) -> accord_model::Dataset {
    accord_model::Dataset::from_records(records(agreements, seed))
}

/// The file name of a record: `agreements/agreement-12.yaml`.
pub fn file_name(record: &Record, extension: &str) -> String {
    let folder = match record {
        Record::Party(_) => "parties",
        Record::Person(_) => "people",
        Record::Agreement(_) => "agreements",
        Record::Source(_) => "sources",
        Record::Occasion(_) => "occasions",
    };
    format!("{folder}/{}.{extension}", record.id())
}

/// A record written as YAML, as a contributor would.
pub fn to_yaml(record: &Record) -> String {
    fn convert(value: &serde_json::Value) -> saphyr::Yaml<'static> {
        use saphyr::{Scalar, Yaml};
        match value {
            serde_json::Value::Null => Yaml::Value(Scalar::Null),
            serde_json::Value::Bool(b) => Yaml::Value(Scalar::Boolean(*b)),
            serde_json::Value::Number(n) => match n.as_i64() {
                Some(i) => Yaml::Value(Scalar::Integer(i)),
                None => Yaml::Value(Scalar::FloatingPoint(n.as_f64().unwrap_or_default().into())),
            },
            serde_json::Value::String(s) => Yaml::Value(Scalar::String(s.clone().into())),
            serde_json::Value::Array(items) => Yaml::Sequence(items.iter().map(convert).collect()),
            serde_json::Value::Object(map) => Yaml::Mapping(
                map.iter()
                    .map(|(k, v)| (Yaml::Value(Scalar::String(k.clone().into())), convert(v)))
                    .collect(),
            ),
        }
    }
    let value = serde_json::to_value(record).unwrap_or_default();
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = saphyr::YamlEmitter::new(&mut out).dump(&convert(&value));
    let body = out.strip_prefix("---\n").unwrap_or(&out).to_owned();
    format!("# yaml-language-server: $schema=../../schema/record.schema.json\n{body}\n")
}

/// A record written as pretty JSON.
pub fn to_json(record: &Record) -> String {
    let mut text = serde_json::to_string_pretty(record).unwrap_or_default();
    text.push('\n');
    text
}

/// The mistakes [`spoil`] can make, one per spoiled file.
pub const MISTAKES: [&str; 5] = [
    "misspelt-field",
    "unknown-vocabulary",
    "dangling-reference",
    "impossible-date",
    "missing-field",
];

/// Puts one typical contributor mistake into a YAML or JSON text, chosen by
/// the generator; returns the mistake's name, or `None` when the record has
/// nothing it applies to.
pub fn spoil(text: &mut String, rng: &mut Rng) -> Option<&'static str> {
    let start = rng.below(MISTAKES.len());
    for k in 0..MISTAKES.len() {
        let mistake = MISTAKES[(start + k) % MISTAKES.len()];
        let changed = match mistake {
            "misspelt-field" => {
                replace_once(text, "title", "titel") || replace_once(text, "name", "nmae")
            }
            "unknown-vocabulary" => {
                replace_once(text, "partner", "partnr") || replace_once(text, "company", "companie")
            }
            "dangling-reference" => replace_once(text, "party-", "party-missing-"),
            "impossible-date" => replace_date(text),
            "missing-field" => remove_line_with(text, "summary") || remove_line_with(text, "kind"),
            _ => false,
        };
        if changed {
            return Some(mistake);
        }
    }
    None
}

fn replace_once(text: &mut String, from: &str, to: &str) -> bool {
    match text.find(from) {
        Some(at) => {
            text.replace_range(at..at + from.len(), to);
            true
        }
        None => false,
    }
}

fn replace_date(text: &mut String) -> bool {
    // A full date becomes the 30th of February; a month becomes month 13.
    let bytes = text.as_bytes();
    for i in 0..bytes.len().saturating_sub(7) {
        let window = &bytes[i..i + 7];
        let is_month = window[..4].iter().all(u8::is_ascii_digit)
            && window[4] == b'-'
            && window[5..].iter().all(u8::is_ascii_digit);
        if is_month && (i == 0 || !bytes[i - 1].is_ascii_digit()) {
            text.replace_range(i + 5..i + 7, "13");
            return true;
        }
    }
    false
}

fn remove_line_with(text: &mut String, key: &str) -> bool {
    let needle_yaml = format!("  {key}:");
    let needle_json = format!("\"{key}\":");
    let lines: Vec<&str> = text.lines().collect();
    let Some(index) = lines.iter().position(|l| {
        l.trim_start().starts_with(needle_yaml.trim_start()) || l.contains(&needle_json)
    }) else {
        return false;
    };
    let mut kept: Vec<&str> = lines.clone();
    kept.remove(index);
    *text = kept.join("\n") + "\n";
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generation_is_deterministic_and_sized() {
        let a = records(200, 7);
        let b = records(200, 7);
        assert_eq!(a, b);
        assert_eq!(
            a.iter()
                .filter(|r| matches!(r, Record::Agreement(_)))
                .count(),
            200
        );
        assert_ne!(records(200, 8), a);
    }

    #[test]
    fn yaml_output_is_a_record_file() {
        let record = &records(3, 1)[0];
        let yaml = to_yaml(record);
        assert!(yaml.starts_with("# yaml-language-server"));
        assert!(yaml.contains("source:"));
    }
}
