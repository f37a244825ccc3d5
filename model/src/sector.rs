//! The controlled, hierarchical vocabulary of sectors.
//!
//! Every [`Sector`] has a stable kebab-case id (what records use), a label
//! (what briefings print), a parent (so reports can roll a sector up to its
//! top level) and, where one fits, its code in a public classification:
//!
//! - **ISIC Rev.4** (the UN's International Standard Industrial
//!   Classification) class for what the sector *does* as an industry;
//! - **OECD DAC CRS** purpose code for what the sector *is for*, where the
//!   Creditor Reporting System has a matching purpose.
//!
//! The tree has eight top-level sectors. Sub-sectors are deliberately few
//! and concrete; add one when a record needs it (see ARCHITECTURE.md).

use std::fmt;
use std::str::FromStr;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A code in a public classification that a sector corresponds to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SectorCodes {
    /// The ISIC Rev.4 class or division, such as `2100`.
    pub isic: Option<&'static str>,
    /// The OECD DAC CRS purpose code, such as `12182` (medical research).
    pub crs: Option<&'static str>,
}

macro_rules! sectors {
    ($(
        $(#[doc = $doc:literal])+
        $variant:ident = $id:literal, $label:literal, parent: $parent:expr, isic: $isic:expr, crs: $crs:expr;
    )+) => {
        /// A sector from Accord's controlled vocabulary.
        ///
        /// ```
        /// use accord_model::Sector;
        ///
        /// let s: Sector = "radiotherapy".parse().unwrap();
        /// assert_eq!(s.label(), "Radiotherapy");
        /// assert_eq!(s.top_level(), Sector::HealthCare);
        /// assert!(s.is_within(Sector::HealthCare));
        /// ```
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
        #[serde(rename_all = "kebab-case")]
        #[schemars(description = "A sector from Accord's controlled vocabulary. Sub-sectors roll up into eight top-level sectors; each value's description says what it covers.")]
        #[non_exhaustive]
        pub enum Sector {
            $( $(#[doc = $doc])+ $variant, )+
        }

        impl Sector {
            /// Every sector, parents before their children.
            pub const ALL: &'static [Sector] = &[$(Sector::$variant),+];

            /// The id used in record files, such as `traditional-chinese-medicine`.
            pub fn id(self) -> &'static str {
                match self { $(Sector::$variant => $id,)+ }
            }

            /// The label printed in briefings.
            pub fn label(self) -> &'static str {
                match self { $(Sector::$variant => $label,)+ }
            }

            /// The broader sector this one belongs to; `None` at the top.
            pub fn parent(self) -> Option<Sector> {
                match self { $(Sector::$variant => $parent,)+ }
            }

            /// The sector's codes in public classifications.
            pub fn codes(self) -> SectorCodes {
                match self { $(Sector::$variant => SectorCodes { isic: $isic, crs: $crs },)+ }
            }
        }

        impl FromStr for Sector {
            type Err = String;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($id => Ok(Sector::$variant),)+
                    _ => Err(format!("`{s}` is not a sector id")),
                }
            }
        }
    };
}

use Sector::*;

sectors! {
    /// Health care: hospitals, clinics and the services they deliver.
    HealthCare = "health-care", "Health care", parent: None, isic: Some("86"), crs: Some("121");
    /// Radiotherapy and radiation oncology services.
    Radiotherapy = "radiotherapy", "Radiotherapy", parent: Some(HealthCare), isic: Some("8610"), crs: Some("12191");
    /// Care and management of patients with chronic or costly conditions.
    ChronicDiseaseCare = "chronic-disease-care", "Chronic disease care", parent: Some(HealthCare), isic: Some("8690"), crs: Some("12310");
    /// Diagnosis and care of rare diseases.
    RareDiseases = "rare-diseases", "Rare diseases", parent: Some(HealthCare), isic: Some("8690"), crs: None;
    /// Residential and community care of older people; pension-linked care services.
    ElderlyCare = "elderly-care", "Elderly care", parent: Some(HealthCare), isic: Some("8730"), crs: None;
    /// Travel for treatment, wellness and recuperation.
    HealthTourism = "health-tourism", "Health tourism", parent: Some(HealthCare), isic: Some("7990"), crs: None;
    /// Medicines: research, manufacture and supply of drugs.
    Pharmaceuticals = "pharmaceuticals", "Pharmaceuticals", parent: None, isic: Some("2100"), crs: Some("32168");
    /// Medicines made by or from living organisms: vaccines, antibodies, cell and gene therapies.
    Biopharmaceuticals = "biopharmaceuticals", "Biopharmaceuticals", parent: Some(Pharmaceuticals), isic: Some("2100"), crs: Some("32168");
    /// Small-molecule medicines made by chemical synthesis.
    ChemicalPharmaceuticals = "chemical-pharmaceuticals", "Chemical pharmaceuticals", parent: Some(Pharmaceuticals), isic: Some("2100"), crs: Some("32168");
    /// Traditional Chinese medicine and the growing of medicinal materials.
    TraditionalChineseMedicine = "traditional-chinese-medicine", "Traditional Chinese medicine", parent: Some(Pharmaceuticals), isic: Some("2100"), crs: None;
    /// Wholesale, logistics and distribution of medicines and medical goods.
    PharmaceuticalDistribution = "pharmaceutical-distribution", "Pharmaceutical distribution and logistics", parent: Some(Pharmaceuticals), isic: Some("4649"), crs: None;
    /// Protecting patients from counterfeit and falsified medicines.
    AntiCounterfeiting = "anti-counterfeiting", "Anti-counterfeiting of medicines", parent: Some(Pharmaceuticals), isic: None, crs: None;
    /// Medical devices and equipment: design and manufacture.
    MedicalDevices = "medical-devices", "Medical devices", parent: None, isic: Some("3250"), crs: None;
    /// Irradiation and electromedical equipment, such as linear accelerators.
    RadiotherapyEquipment = "radiotherapy-equipment", "Radiotherapy equipment", parent: Some(MedicalDevices), isic: Some("2660"), crs: None;
    /// Diagnostic tests and the services that run them.
    Diagnostics = "diagnostics", "Diagnostics", parent: Some(MedicalDevices), isic: Some("2660"), crs: None;
    /// Research and development in medicine and the life sciences.
    Research = "research", "Research and development", parent: None, isic: Some("7210"), crs: Some("12182");
    /// Sequencing and interpretation of genomes; genomic medicine.
    Genomics = "genomics", "Genomics", parent: Some(Research), isic: Some("7210"), crs: Some("12182");
    /// Discovery and validation of biomarkers.
    Biomarkers = "biomarkers", "Biomarker discovery", parent: Some(Research), isic: Some("7210"), crs: Some("12182");
    /// Clinical trials and clinical research.
    ClinicalResearch = "clinical-research", "Clinical research", parent: Some(Research), isic: Some("7210"), crs: Some("12182");
    /// Education and training of health professionals and exchange of staff.
    MedicalEducation = "medical-education", "Medical education and training", parent: Some(Research), isic: Some("8549"), crs: Some("12181");
    /// Digital health: software, platforms and data for care.
    DigitalHealth = "digital-health", "Digital health", parent: None, isic: Some("6201"), crs: None;
    /// Collection, analysis and sharing of health data; big-data analytics.
    HealthData = "health-data", "Health data and analytics", parent: Some(DigitalHealth), isic: Some("6311"), crs: None;
    /// Electronic health and medical records; integrated care platforms.
    ElectronicHealthRecords = "electronic-health-records", "Electronic health records", parent: Some(DigitalHealth), isic: Some("6201"), crs: None;
    /// Monitoring of patients at a distance; new models of care built on it.
    RemoteMonitoring = "remote-monitoring", "Remote patient monitoring", parent: Some(DigitalHealth), isic: Some("8690"), crs: None;
    /// Artificial intelligence applied to health.
    ArtificialIntelligence = "artificial-intelligence", "Artificial intelligence", parent: Some(DigitalHealth), isic: Some("6201"), crs: None;
    /// Online sale of medicines and health products.
    ECommerce = "e-commerce", "E-commerce", parent: Some(DigitalHealth), isic: Some("4791"), crs: None;
    /// Regulation of medicines and medical devices; health policy.
    Regulation = "regulation", "Regulation and policy", parent: None, isic: Some("8412"), crs: Some("12110");
    /// Monitoring the safety of medicines and devices after approval.
    Pharmacovigilance = "pharmacovigilance", "Pharmacovigilance and device safety", parent: Some(Regulation), isic: Some("8412"), crs: Some("12110");
    /// Investment and finance.
    Investment = "investment", "Investment", parent: None, isic: Some("64"), crs: None;
    /// Funds pooling capital to invest in companies or projects.
    InvestmentFunds = "investment-funds", "Investment funds", parent: Some(Investment), isic: Some("6430"), crs: None;
    /// Science parks, laboratories and other property for research and industry.
    ScienceParks = "science-parks", "Science parks and research property", parent: Some(Investment), isic: Some("6810"), crs: None;
    /// Industrial parks and clusters, and bringing companies to settle in them.
    IndustrialClusters = "industrial-clusters", "Industrial clusters", parent: Some(Investment), isic: None, crs: None;
    /// Trade and retail that is not specific to medicine.
    Trade = "trade", "Trade and retail", parent: None, isic: Some("47"), crs: None;
    /// Duty-free shops.
    DutyFreeRetail = "duty-free-retail", "Duty-free retail", parent: Some(Trade), isic: Some("4719"), crs: None;
}

impl Sector {
    /// The sector at the top of this one's branch (itself when it has no parent).
    pub fn top_level(self) -> Sector {
        let mut sector = self;
        while let Some(parent) = sector.parent() {
            sector = parent;
        }
        sector
    }

    /// True when the sector is `ancestor` or lies below it.
    pub fn is_within(self, ancestor: Sector) -> bool {
        let mut sector = Some(self);
        while let Some(s) = sector {
            if s == ancestor {
                return true;
            }
            sector = s.parent();
        }
        false
    }

    /// The sectors directly below this one.
    pub fn children(self) -> impl Iterator<Item = Sector> {
        Sector::ALL
            .iter()
            .copied()
            .filter(move |s| s.parent() == Some(self))
    }
}

impl fmt::Display for Sector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
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
    }

    #[test]
    fn the_tree_is_two_levels_with_parents_listed_first() {
        for (i, &s) in Sector::ALL.iter().enumerate() {
            if let Some(parent) = s.parent() {
                assert_eq!(parent.parent(), None, "{s:?} is nested too deep");
                assert!(
                    Sector::ALL[..i].contains(&parent),
                    "{s:?} is listed before its parent"
                );
            }
        }
        assert_eq!(
            Sector::ALL.iter().filter(|s| s.parent().is_none()).count(),
            8
        );
        assert!(HealthCare.children().any(|s| s == Radiotherapy));
        assert!(!Genomics.is_within(HealthCare));
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
        }
    }
}
