//! Which collaborations a briefing covers.

use accord_model::{
    Agreement, CountryCode, Dataset, M49Area, PartialDate, PartyId, Sector, SubdivisionCode,
};

use crate::format;

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
    /// Reads `CN`, `CN-LN`, an M49 code such as `142`, or an M49 name such
    /// as `Eastern Asia` (any case).
    pub fn parse(text: &str) -> Result<RegionFilter, String> {
        let trimmed = text.trim();
        if let Ok(sub) = trimmed.to_uppercase().parse::<SubdivisionCode>() {
            return Ok(RegionFilter::Subdivision(sub));
        }
        if let Ok(country) = trimmed.to_uppercase().parse::<CountryCode>() {
            return Ok(RegionFilter::Country(country));
        }
        let wanted = trimmed.to_lowercase();
        accord_model::m49_areas()
            .into_iter()
            .find(|a| a.code == trimmed || a.name.to_lowercase() == wanted)
            .map(RegionFilter::Area)
            .ok_or_else(|| {
                format!(
                    "`{text}` is not a country code (`CN`), a subdivision code (`CN-LN`) or a UN M49 region (`Eastern Asia`, `142`)"
                )
            })
    }

    fn describe(&self) -> String {
        match self {
            RegionFilter::Country(c) => format!("{} ({})", c.name(), c.alpha2()),
            RegionFilter::Subdivision(s) => format!("{} ({})", s.name(), s.code()),
            RegionFilter::Area(a) => format!("{} (UN M49 {})", a.name, a.code),
        }
    }

    fn matches(&self, agreement: &Agreement) -> bool {
        agreement.places.iter().any(|p| match self {
            RegionFilter::Country(c) => p.country == *c,
            RegionFilter::Subdivision(s) => p.subdivision == Some(*s),
            RegionFilter::Area(area) => p
                .country
                .m49()
                .is_some_and(|e| e.areas().any(|a| a == *area)),
        })
    }
}

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
        let date = agreement.dates.key_date().map(|d| *d.date());
        let since_ok = match (&self.since, &date) {
            (None, _) => true,
            (Some(since), Some(date)) => date.last_day() >= since.first_day(),
            (Some(_), None) => false,
        };
        let until_ok = match (&self.until, &date) {
            (None, _) => true,
            (Some(until), Some(date)) => date.first_day() <= until.last_day(),
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
