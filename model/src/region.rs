//! Countries, sub-national divisions, places and world regions.
//!
//! Codes come from maintained tables, not hand-typed lists: ISO 3166-1 and
//! ISO 3166-2 from the `rust_iso3166` crate (Debian's iso-codes data), and
//! the UN M49 roll-up of countries into regions from `data/m49.csv`, which
//! `data/gen_m49.py` extracts from OCHA's countries-and-territories
//! taxonomy. Both kinds of code are validated on deserialisation and listed
//! as `enum`s in the JSON Schema, so `CN-XX` fails in an editor and here.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An ISO 3166-1 alpha-2 country code, such as `CN` or `GB`.
///
/// ```
/// use accord_model::CountryCode;
///
/// let cn: CountryCode = "CN".parse().unwrap();
/// assert_eq!(cn.name(), "China");
/// assert_eq!(cn.m49().unwrap().region.unwrap().name, "Asia");
/// assert!("XX".parse::<CountryCode>().is_err());
/// ```
///
/// It refers to the entry in the ISO table rather than holding a copy, so it
/// is the size of a pointer: records hold many of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CountryCode(&'static rust_iso3166::CountryCode);

impl CountryCode {
    /// The two-letter code.
    pub fn alpha2(&self) -> &'static str {
        self.0.alpha2
    }

    /// The ISO 3166-1 English short name.
    pub fn name(&self) -> &'static str {
        self.0.name
    }

    /// Where the country sits in the UN M49 hierarchy, when M49 places it.
    pub fn m49(&self) -> Option<&'static M49Entry> {
        m49_table().iter().find(|e| e.alpha2 == self.alpha2())
    }

    /// Every country code, in alphabetical order of code.
    pub fn all() -> impl Iterator<Item = CountryCode> {
        rust_iso3166::ALL.iter().map(CountryCode)
    }
}

impl fmt::Display for CountryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.alpha2())
    }
}

impl FromStr for CountryCode {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        country_entry(s)
            .map(CountryCode)
            .ok_or_else(|| format!("`{s}` is not an ISO 3166-1 alpha-2 country code"))
    }
}

/// An ISO 3166-2 code of a country's subdivision, such as `CN-LN` (Liaoning)
/// or `GB-MAN` (Manchester).
///
/// ```
/// use accord_model::SubdivisionCode;
///
/// let ln: SubdivisionCode = "CN-LN".parse().unwrap();
/// assert_eq!(ln.country().alpha2(), "CN");
/// assert!("CN-XX".parse::<SubdivisionCode>().is_err());
/// ```
///
/// Like [`CountryCode`], it refers to its entry in the ISO table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SubdivisionCode(&'static rust_iso3166::iso3166_2::Subdivision);

impl SubdivisionCode {
    /// The full code, such as `CN-LN`.
    pub fn code(&self) -> &'static str {
        self.0.code
    }

    /// The subdivision's name as ISO 3166-2 gives it (`Liaoning Sheng`).
    pub fn name(&self) -> &'static str {
        self.0.name
    }

    /// What kind of subdivision it is (`Province`, `Metropolitan district`).
    pub fn subdivision_type(&self) -> &'static str {
        self.0.subdivision_type
    }

    /// The country the subdivision belongs to.
    pub fn country(&self) -> CountryCode {
        let alpha2 = self.0.code.split('-').next().unwrap_or_default();
        // Every ISO 3166-2 code starts with its country's alpha-2 code.
        CountryCode(country_entry(alpha2).unwrap_or(&rust_iso3166::ALL[0]))
    }
}

impl fmt::Display for SubdivisionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for SubdivisionCode {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        // A reference to the constant table lives for the whole program.
        let table: &'static _ = &rust_iso3166::iso3166_2::SUBDIVISION_MAP;
        table
            .get(s)
            .map(SubdivisionCode)
            .ok_or_else(|| format!("`{s}` is not an ISO 3166-2 subdivision code"))
    }
}

/// The ISO 3166-1 entry for an alpha-2 code.
fn country_entry(alpha2: &str) -> Option<&'static rust_iso3166::CountryCode> {
    // A reference to the constant table lives for the whole program.
    let table: &'static _ = &rust_iso3166::ALPHA2_MAP;
    table.get(alpha2)
}

macro_rules! code_serde {
    ($ty:ty, $name:literal, $description:literal, $all:expr) => {
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = Cow::<str>::deserialize(deserializer)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }

        impl JsonSchema for $ty {
            fn schema_name() -> Cow<'static, str> {
                $name.into()
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                let (codes, names): (Vec<&str>, Vec<&str>) = $all;
                json_schema!({
                    "type": "string",
                    "description": $description,
                    "enum": codes,
                    "enumDescriptions": names,
                })
            }
        }
    };
}

code_serde!(
    CountryCode,
    "CountryCode",
    "An ISO 3166-1 alpha-2 country code in capitals, such as `CN` (China) or `GB` (United Kingdom).",
    CountryCode::all().map(|c| (c.alpha2(), c.name())).unzip()
);

code_serde!(
    SubdivisionCode,
    "SubdivisionCode",
    "An ISO 3166-2 subdivision code in capitals, such as `CN-LN` (Liaoning) or `GB-MAN` (Manchester).",
    {
        let mut all: Vec<_> = rust_iso3166::iso3166_2::SUBDIVISION_MAP
            .values()
            .map(|s| (s.code, s.name))
            .collect();
        all.sort_unstable();
        all.into_iter().unzip()
    }
);

/// A place where a collaboration takes effect or an occasion happens.
///
/// ```yaml
/// country: CN
/// subdivision: CN-LN
/// locality: Shenyang
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Place {
    /// The country.
    pub country: CountryCode,
    /// The ISO 3166-2 subdivision (province, state, county …) within
    /// `country`, when the source names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subdivision: Option<SubdivisionCode>,
    /// A place that has no code: a city, a district, or a description such
    /// as `lower-tier cities`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locality: Option<crate::Text>,
    /// The second-level administrative unit (county, district, prefecture,
    /// municipality) by name, when the source names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub second_level: Option<crate::Text>,
    /// The city or town, by name, when the source names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<crate::Text>,
    /// How precisely the place is known; left out, the place is as precise
    /// as its most detailed field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precision: Option<PlacePrecision>,
}

impl Place {
    /// A place that gives only its country.
    pub fn in_country(country: CountryCode) -> Place {
        Place {
            country,
            subdivision: None,
            locality: None,
            second_level: None,
            city: None,
            precision: None,
        }
    }
}

/// How precisely a place is known, in the steps geocoded datasets use
/// (AidData's "Geographic Level of Precision Available": `Precise`,
/// `Within 5km`, first-level unit, country).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum PlacePrecision {
    /// The exact site: a port, a plant, a building.
    Exact,
    /// Near the place named, within a few kilometres.
    Near,
    /// Somewhere within the second-level unit or city named.
    WithinSecondLevel,
    /// Somewhere within the subdivision (`subdivision`) named.
    WithinSubdivision,
    /// Across the country, or somewhere in it that the source does not say.
    CountryWide,
}

impl PlacePrecision {
    /// The precision in words, for briefings: `near`, `country-wide`.
    pub fn words(self) -> &'static str {
        match self {
            PlacePrecision::Exact => "exact site",
            PlacePrecision::Near => "near",
            PlacePrecision::WithinSecondLevel => "within the district or city",
            PlacePrecision::WithinSubdivision => "within the province or state",
            PlacePrecision::CountryWide => "country-wide",
        }
    }
}

/// A UN M49 area an agreement takes effect in: `001` (World, for
/// worldwide), or a region, sub-region or intermediate region of the M49
/// table, such as `419` (Latin America and the Caribbean).
///
/// ```
/// use accord_model::AreaCode;
///
/// let world: AreaCode = "001".parse().unwrap();
/// assert_eq!(world.area().name, "World");
/// assert!(world.is_world());
/// assert_eq!("419".parse::<AreaCode>().unwrap().area().name, "Latin America and the Caribbean");
/// assert!("999".parse::<AreaCode>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AreaCode(M49Area);

/// UN M49 `001`, the world: every country.
pub const WORLD: M49Area = M49Area {
    code: "001",
    name: "World",
};

impl AreaCode {
    /// The area: its code and English name.
    pub fn area(&self) -> M49Area {
        self.0
    }

    /// True for `001`, the world.
    pub fn is_world(&self) -> bool {
        self.0 == WORLD
    }

    /// True when the country lies in the area (every country lies in the
    /// world).
    pub fn contains(&self, country: CountryCode) -> bool {
        self.is_world()
            || country
                .m49()
                .is_some_and(|e| e.areas().any(|a| a == self.0))
    }

    /// Every area code: the world, then the M49 areas by code.
    pub fn all() -> impl Iterator<Item = AreaCode> {
        std::iter::once(AreaCode(WORLD)).chain(m49_areas().into_iter().map(AreaCode))
    }
}

impl fmt::Display for AreaCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.code)
    }
}

impl FromStr for AreaCode {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s == WORLD.code {
            return Ok(AreaCode(WORLD));
        }
        m49_areas()
            .into_iter()
            .find(|a| a.code == s)
            .map(AreaCode)
            .ok_or_else(|| {
                format!("`{s}` is not a UN M49 area code (three digits, such as `001` or `419`)")
            })
    }
}

code_serde!(
    AreaCode,
    "AreaCode",
    "A UN M49 area code of three digits: `001` (World) or a region, sub-region or intermediate region, such as `419` (Latin America and the Caribbean).",
    AreaCode::all()
        .map(|a| (a.area().code, a.area().name))
        .unzip()
);

/// One level of the UN M49 hierarchy: a numeric code and its English name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct M49Area {
    /// The three-digit M49 code, such as `142` for Asia.
    pub code: &'static str,
    /// The English name, such as `Eastern Asia`.
    pub name: &'static str,
}

/// Where a country sits in the UN M49 standard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct M49Entry {
    /// The country's ISO 3166-1 alpha-2 code.
    pub alpha2: &'static str,
    /// The continental region (Africa, Americas, Asia, Europe, Oceania);
    /// `None` only for Antarctica.
    pub region: Option<M49Area>,
    /// The sub-region, such as Eastern Asia or Northern Europe.
    pub subregion: Option<M49Area>,
    /// The intermediate region, such as South America, where M49 has one.
    pub intermediate: Option<M49Area>,
}

impl M49Entry {
    /// The areas the country belongs to, widest first.
    pub fn areas(&self) -> impl Iterator<Item = M49Area> + '_ {
        [self.region, self.subregion, self.intermediate]
            .into_iter()
            .flatten()
    }
}

/// The M49 table, parsed once from the CSV compiled into the crate.
pub fn m49_table() -> &'static [M49Entry] {
    static TABLE: OnceLock<Vec<M49Entry>> = OnceLock::new();
    TABLE.get_or_init(|| parse_m49(include_str!("../data/m49.csv")))
}

fn parse_m49(csv: &'static str) -> Vec<M49Entry> {
    let area = |code: Option<&'static str>, name: Option<&'static str>| match (code, name) {
        (Some(code), Some(name)) if !code.is_empty() && !name.is_empty() => {
            Some(M49Area { code, name })
        }
        _ => None,
    };
    csv.lines()
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let mut f = line.split(',');
            let alpha2 = f.next().unwrap_or_default();
            let _country = f.next();
            let mut next = || f.next();
            let region = area(next(), next());
            let subregion = area(next(), next());
            let intermediate = area(next(), next());
            M49Entry {
                alpha2,
                region,
                subregion,
                intermediate,
            }
        })
        .collect()
}

/// Every M49 area (region, sub-region or intermediate region) named in the
/// table, each once, ordered by code.
pub fn m49_areas() -> Vec<M49Area> {
    let mut areas: Vec<M49Area> = m49_table().iter().flat_map(|e| e.areas()).collect();
    areas.sort_unstable();
    areas.dedup();
    areas
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_country_but_antarctica_has_a_region() {
        let missing: Vec<&str> = CountryCode::all()
            .filter(|c| c.m49().and_then(|e| e.region).is_none())
            .map(|c| c.alpha2())
            .collect();
        assert_eq!(missing, ["AQ"]);
    }

    #[test]
    fn m49_rolls_up_the_seed_countries() {
        let path = |code: &str| -> Vec<&str> {
            let c: CountryCode = code.parse().unwrap();
            c.m49().unwrap().areas().map(|a| a.name).collect()
        };
        assert_eq!(path("CN"), ["Asia", "Eastern Asia"]);
        assert_eq!(path("GB"), ["Europe", "Northern Europe"]);
        assert_eq!(
            path("BR"),
            [
                "Americas",
                "Latin America and the Caribbean",
                "South America"
            ]
        );
        assert!(
            m49_areas()
                .iter()
                .any(|a| a.code == "150" && a.name == "Europe")
        );
    }

    #[test]
    fn codes_are_checked_exactly() {
        assert!("cn".parse::<CountryCode>().is_err());
        assert!("GB-MAN".parse::<SubdivisionCode>().is_ok());
        assert!("gb-man".parse::<SubdivisionCode>().is_err());
        assert_eq!(
            "GB-MAN"
                .parse::<SubdivisionCode>()
                .unwrap()
                .country()
                .alpha2(),
            "GB"
        );
        assert!(serde_json::from_str::<Place>(r#"{"country": "NO"}"#).is_ok());
    }
}
