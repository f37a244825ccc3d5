//! The controlled, hierarchical vocabulary of sectors.
//!
//! The backbone is the **OECD DAC CRS purpose-code list**: its 3-digit
//! categories (`121` Health, general) and 5-digit purpose codes (`12182`
//! Medical research), from `data/crs.csv`, which `data/gen_crs.py` extracts
//! from IATI's `SectorCategory` and `Sector` codelists (the file's header
//! says which copy). A category ending in 0 groups the categories that share
//! its first two digits (`120` Health holds `121`, `122` and `123`).
//!
//! Beneath CRS codes sit Accord's own health and life-science sectors, from
//! `data/sectors.csv`, with the kebab-case ids records have always used
//! (`radiotherapy-equipment`) and, where one fits, an **ISIC Rev.4** class.
//!
//! Records write a sector as its id: a CRS code as a string (`"12182"`,
//! `"121"`) or an Accord id. `build.rs` turns both files into static tables,
//! so a lookup is a binary search over `&'static str`s: no parsing and no
//! allocation on the validation path.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A code in a public classification that a sector corresponds to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SectorCodes {
    /// The ISIC Rev.4 class or division, such as `2100`.
    pub isic: Option<&'static str>,
    /// The OECD DAC CRS purpose code or category, such as `12182` (medical
    /// research); a CRS sector's own code.
    pub crs: Option<&'static str>,
}

/// One sector's facts, as `build.rs` writes them.
struct Entry {
    id: &'static str,
    label: &'static str,
    description: &'static str,
    /// Position of the parent in `ENTRIES`.
    parent: Option<u16>,
    /// Position of the top of the branch.
    top: u16,
    /// How many parents up to the top (0 at the top).
    depth: u8,
    isic: Option<&'static str>,
    crs: Option<&'static str>,
    /// Withdrawn from the CRS list (still accepted, for older data).
    withdrawn: bool,
    /// One of Accord's own sectors rather than a CRS code.
    own: bool,
}

/// A sector: an OECD DAC CRS category or purpose code, or one of Accord's
/// health and life-science sectors beneath them.
///
/// ```
/// use accord_model::Sector;
///
/// let s: Sector = "radiotherapy".parse().unwrap();
/// assert_eq!(s.label(), "Radiotherapy");
/// assert!(s.is_within(Sector::HealthCare));
/// let health: Sector = "120".parse().unwrap();
/// assert_eq!(s.top_level(), health);
/// assert!(s.is_within("121".parse().unwrap()));
/// assert_eq!("12182".parse::<Sector>().unwrap().label(), "Medical research");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Sector(u16);

include!(concat!(env!("OUT_DIR"), "/sectors.rs"));

impl Sector {
    fn entry(self) -> &'static Entry {
        // Every `Sector` is made from a position in the table.
        &ENTRIES[usize::from(self.0)]
    }

    /// The sector written as `id` (`"12182"`, `"121"`, `"genomics"`), if any.
    pub fn from_id(id: &str) -> Option<Sector> {
        BY_ID
            .binary_search_by(|(key, _)| (*key).cmp(id))
            .ok()
            .map(|i| Sector(BY_ID[i].1))
    }

    /// The id used in record files: a CRS code (`12182`) or a kebab-case id
    /// (`traditional-chinese-medicine`).
    pub fn id(self) -> &'static str {
        self.entry().id
    }

    /// The label printed in briefings, in sentence case (`Medical research`).
    pub fn label(self) -> &'static str {
        self.entry().label
    }

    /// What the sector covers: the CRS list's own description, or Accord's;
    /// may be empty for CRS codes the list does not describe.
    pub fn description(self) -> &'static str {
        self.entry().description
    }

    /// The broader sector this one belongs to; `None` at the top.
    pub fn parent(self) -> Option<Sector> {
        self.entry().parent.map(Sector)
    }

    /// The sector's codes in public classifications.
    pub fn codes(self) -> SectorCodes {
        let e = self.entry();
        SectorCodes {
            isic: e.isic,
            crs: e.crs,
        }
    }

    /// True for a CRS category or purpose code; false for Accord's own.
    pub fn is_crs(self) -> bool {
        !self.entry().own
    }

    /// True for a CRS code the OECD has withdrawn (still accepted).
    pub fn is_withdrawn(self) -> bool {
        self.entry().withdrawn
    }

    /// How deep the sector sits: 0 for a top-level CRS category.
    pub fn depth(self) -> usize {
        usize::from(self.entry().depth)
    }

    /// The sector at the top of this one's branch (itself when it has no
    /// parent): a CRS category such as `120` Health or `320` Industry,
    /// mining, construction. Briefings roll sectors up to these.
    pub fn top_level(self) -> Sector {
        Sector(self.entry().top)
    }

    /// True when the sector is `ancestor` or lies below it.
    pub fn is_within(self, ancestor: Sector) -> bool {
        let mut sector = Some(self);
        while let Some(s) = sector {
            if s == ancestor {
                return true;
            }
            if s.0 < ancestor.0 {
                // Tree order: an ancestor always comes first.
                return false;
            }
            sector = s.parent();
        }
        false
    }

    /// The sectors directly below this one, in tree order.
    pub fn children(self) -> impl Iterator<Item = Sector> {
        // Descendants follow their parent until the next sector of the same
        // or a lesser depth.
        let depth = self.depth();
        Sector::ALL[usize::from(self.0) + 1..]
            .iter()
            .copied()
            .take_while(move |s| s.depth() > depth)
            .filter(move |s| s.parent() == Some(self))
    }
}

impl fmt::Debug for Sector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Sector({:?})", self.id())
    }
}

impl fmt::Display for Sector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

impl FromStr for Sector {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Sector::from_id(s).ok_or_else(|| format!("`{s}` is not a sector id"))
    }
}

impl Serialize for Sector {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

impl<'de> Deserialize<'de> for Sector {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Cow::<str>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl Sector {
    /// What an editor shows for the value: what it covers (its description,
    /// or its label when it has none), its place in the tree, its codes and
    /// its label, such as `Medical research. Within `121` (Health, general).
    /// OECD DAC CRS 12182.`
    pub fn about(self) -> String {
        let description = self.description();
        let mut about = if description.is_empty() {
            self.label().to_owned()
        } else {
            description.to_owned()
        };
        if !about.ends_with('.') {
            about.push('.');
        }
        match self.parent() {
            Some(parent) => {
                about.push_str(&format!(" Within `{}` ({}).", parent.id(), parent.label()))
            }
            None => about.push_str(" A top-level CRS sector."),
        }
        if self.is_withdrawn() {
            about.push_str(" Withdrawn from the CRS list; kept for older data.");
        }
        let codes = self.codes();
        if let Some(isic) = codes.isic {
            about.push_str(&format!(" ISIC Rev.4 {isic}."));
        }
        if let Some(crs) = codes.crs {
            about.push_str(&format!(" OECD DAC CRS {crs}."));
        }
        if !description.is_empty() {
            about.push_str(&format!(
                " Briefings call it \u{201c}{}\u{201d}.",
                self.label()
            ));
        }
        about
    }
}

impl JsonSchema for Sector {
    fn schema_name() -> Cow<'static, str> {
        "Sector".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let ids: Vec<&str> = Sector::ALL.iter().map(|s| s.id()).collect();
        let about: Vec<String> = Sector::ALL.iter().map(|s| s.about()).collect();
        json_schema!({
            "type": "string",
            "description": "A sector: an OECD DAC CRS purpose code (`\"12182\"`) or category (`\"121\"`), written as a string, or one of Accord's health and life-science sectors beneath them (`genomics`). Sectors roll up to the CRS categories at the top of the tree; each value's description says what it covers.",
            "enum": ids,
            "enumDescriptions": about,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_serde_and_from_str() {
        for &s in Sector::ALL {
            let json = serde_json::to_value(s).unwrap();
            assert_eq!(json, serde_json::Value::from(s.id()), "{s:?}");
            assert_eq!(s.id().parse::<Sector>(), Ok(s));
        }
        assert!("12345".parse::<Sector>().is_err());
        assert!("Genomics".parse::<Sector>().is_err());
        assert!(serde_json::from_value::<Sector>(serde_json::json!(121)).is_err());
    }

    #[test]
    fn the_tree_lists_parents_first_and_rolls_up_to_crs_categories() {
        for (i, &s) in Sector::ALL.iter().enumerate() {
            assert_eq!(usize::from(s.0), i);
            if let Some(parent) = s.parent() {
                assert!(parent < s, "{s:?} is listed before its parent");
                assert_eq!(parent.depth() + 1, s.depth());
            }
            let top = s.top_level();
            assert!(top.parent().is_none() && top.is_crs() && s.is_within(top));
            assert_eq!(top.id().len(), 3, "{s:?}");
        }
        // Every one of Accord's sectors reaches a CRS code.
        for &s in Sector::ALL.iter().filter(|s| !s.is_crs()) {
            let mut up = s;
            while !up.is_crs() {
                up = up.parent().expect("has a parent");
            }
        }
        let health: Sector = "120".parse().unwrap();
        let general: Sector = "121".parse().unwrap();
        assert_eq!(general.parent(), Some(health));
        assert!(health.children().any(|s| s == general));
        assert!(
            Sector::HealthCare
                .children()
                .any(|s| s == Sector::Radiotherapy)
        );
        assert!(Sector::Genomics.is_within(general));
        assert!(!Sector::Genomics.is_within(Sector::HealthCare));
        assert_eq!("12182".parse::<Sector>().unwrap().parent(), Some(general));
        assert_eq!(Sector::Pharmaceuticals.top_level().id(), "320");
    }

    #[test]
    fn every_group_the_gcdf_uses_is_a_top_level_sector() {
        for code in [
            "110", "120", "130", "140", "150", "160", "210", "220", "230", "240", "250", "310",
            "320", "330", "410", "430", "510", "520", "530", "600", "720", "730", "740", "910",
            "930", "998",
        ] {
            let s: Sector = code.parse().unwrap();
            assert_eq!(s.top_level(), s, "{code}");
        }
    }

    #[test]
    fn codes_have_the_shape_of_their_classification() {
        for &s in Sector::ALL {
            let codes = s.codes();
            if let Some(isic) = codes.isic {
                assert!(
                    matches!(isic.len(), 2 | 4) && isic.bytes().all(|b| b.is_ascii_digit()),
                    "{s:?}"
                );
            }
            if let Some(crs) = codes.crs {
                assert!(
                    matches!(crs.len(), 3 | 5) && crs.bytes().all(|b| b.is_ascii_digit()),
                    "{s:?}"
                );
            }
            if s.is_crs() {
                assert_eq!(codes.crs, Some(s.id()));
            }
        }
    }

    #[test]
    fn the_crs_table_is_complete() {
        // Every category has codes or categories beneath it (the table once
        // held only the codes of categories 111-160), and every 5-digit code
        // sits directly under a 3-digit category.
        for &s in Sector::ALL.iter().filter(|s| s.is_crs()) {
            if s.id().len() == 3 {
                assert!(s.children().any(|c| c.is_crs()), "{s:?} has no codes");
            } else {
                let parent = s.parent().expect("a code has a category");
                assert!(parent.is_crs() && parent.id().len() == 3, "{s:?}");
                assert_eq!(&s.id()[..3], parent.id(), "{s:?}");
            }
        }
        for (code, label, top) in [
            ("21040", "Water transport", "210"),
            ("23230", "Solar energy for centralised grids", "230"),
            ("32168", "Pharmaceutical production", "320"),
            ("33110", "Trade policy and administrative management", "330"),
            (
                "99820",
                "Promotion of development awareness (non-sector allocable)",
                "998",
            ),
        ] {
            let s: Sector = code.parse().unwrap();
            assert_eq!((s.label(), s.top_level().id()), (label, top));
            assert!(!s.description().is_empty(), "{code}");
        }
        let withdrawn: Sector = "15120".parse().unwrap();
        assert!(withdrawn.is_withdrawn());
    }

    #[test]
    fn own_sectors_sit_under_the_precise_crs_code() {
        let parent = |s: Sector| s.parent().map(Sector::id);
        assert_eq!(parent(Sector::Pharmaceuticals), Some("32168"));
        assert_eq!(parent(Sector::MedicalDevices), Some("32168"));
        assert_eq!(parent(Sector::Trade), Some("33110"));
        assert_eq!(Sector::DutyFreeRetail.top_level().id(), "330");
        assert_eq!(Sector::InvestmentFunds.codes().crs, Some("24030"));
    }
}
