//! Briefings on collaborations, by region and sector, as HTML and PDF.
//!
//! The crate takes a checked [`Dataset`] and [`Options`] and returns bytes:
//! it reads no file and never looks at the clock, so the same input gives
//! byte-identical output. Both formats are drawn from one view model,
//! [`Briefing`], built by [`briefing`]:
//!
//! ```
//! use accord_model::Dataset;
//! use accord_report::{Options, PdfOptions};
//!
//! let dataset = Dataset::default();
//! let briefing = accord_report::briefing(&dataset, &Options::default());
//! assert!(briefing.empty);
//! let html = accord_report::html(&briefing);
//! assert!(html.contains("No collaboration matches"));
//! let pdf = accord_report::pdf(&briefing, &PdfOptions::default()).unwrap();
//! assert!(pdf.bytes.starts_with(b"%PDF"));
//! ```

mod changes;
mod chart;
mod figure;
mod filter;
mod format;
mod html;
mod marks;
mod pdf;
mod view;
mod visible;

use accord_model::{Dataset, PartialDate};
use chrono::NaiveDate;
use rust_decimal::Decimal;

pub use changes::{ChangeGroup, ChangeItem, Changes, EntryLink, Since};
pub use chart::{BarGeometry, Chart};
pub use figure::{
    LegendItem, MapFigure, MapLabel, Shape, Tick, Timeline, TimelineRow, map_svg, timeline_svg,
};
pub use filter::{FilterError, Filters, RegionFilter, find_party, find_sector};
pub use format::{INFERRED_SIGN, OUTSIDE_SIGN};
pub use html::html;
pub use pdf::{Paper, Pdf, PdfError, PdfOptions, pdf};
pub use view::{
    Address, Briefing, Collaboration, Corridor, KeyFigure, KeyMessage, LocalNameText, Matrix,
    MatrixCell, MatrixRow, NoteGroup, PartyEntry, PersonEntry, RegionSection, Section, SectionKind,
    SourceEntry, Standing, WORDING, Wording, link_address,
};

/// What changes a briefing's content.
#[derive(Debug, Clone)]
pub struct Options {
    /// The title; by default the subject derived from the scope and the
    /// data, such as `United Kingdom–China health collaboration, 2018–2023`.
    pub title: Option<String>,
    /// The briefing's date; by default the latest date in the data.
    pub as_of: Option<NaiveDate>,
    /// Which collaborations to cover.
    pub filters: Filters,
    /// Notes to list under data quality, such as the warnings of the data
    /// check, already written for a reader.
    pub notes: Vec<String>,
    /// Exchange rates for an optional conversion of the totals.
    pub rates: Option<RateTable>,
    /// An older version of the data: the briefing then has a "What changed
    /// since …" section ([`Briefing::changes`]).
    pub changes_since: Option<std::sync::Arc<Since>>,
    /// Who issues the briefing, printed on the title page.
    pub issuer: Option<String>,
    /// The sections to include, by default all of them; printed in their
    /// fixed order whatever the order here.
    pub sections: Vec<SectionKind>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            title: None,
            as_of: None,
            filters: Filters::default(),
            notes: Vec::new(),
            rates: None,
            changes_since: None,
            issuer: None,
            sections: SectionKind::ALL.to_vec(),
        }
    }
}

/// Exchange rates into one currency, as of one date, from a named source.
/// The briefing names the table wherever it uses it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateTable {
    /// Where the rates come from, such as `Bank of England, 31 December 2025`.
    pub label: String,
    /// The date the rates apply to.
    pub date: NaiveDate,
    /// The ISO 4217 code of the currency converted into.
    pub target: String,
    /// Units of `target` per one unit of each currency, by ISO 4217 code.
    pub rates: Vec<(String, Decimal)>,
}

impl RateTable {
    /// A sentence saying the table is dated after the briefing (`as_of`),
    /// for the briefing and the command's warning; `None` when it is not.
    /// A later table converts with rates the briefing's date did not know.
    pub fn dated_after(&self, as_of: NaiveDate) -> Option<String> {
        (self.date > as_of).then(|| {
            format!(
                "The rates are dated {}, after this briefing's date ({}).",
                format::partial_date(&PartialDate::Day(self.date)),
                format::partial_date(&PartialDate::Day(as_of)),
            )
        })
    }

    /// The rate from `code` into the target currency (1 for the target itself).
    pub fn rate(&self, code: &str) -> Option<Decimal> {
        if code == self.target {
            return Some(Decimal::ONE);
        }
        self.rates.iter().find(|(c, _)| c == code).map(|(_, r)| *r)
    }
}

/// Builds the briefing's content from the dataset.
pub fn briefing(dataset: &Dataset, options: &Options) -> Briefing {
    let mut briefing = view::build(dataset, options);
    if let Some(since) = &options.changes_since {
        briefing.changes = Some(changes::build(since, dataset, &briefing));
    }
    briefing
}

/// Parses a partial date given on a command line, such as `2018` or `2018-02`.
pub fn parse_date(text: &str) -> Result<PartialDate, String> {
    text.parse::<PartialDate>().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rate_table_dated_after_the_briefing_says_so() {
        let day = |d: u32| NaiveDate::from_ymd_opt(2018, 12, d).unwrap_or_default();
        let table = RateTable {
            label: "Spot rates".to_owned(),
            date: day(31),
            target: "GBP".to_owned(),
            rates: Vec::new(),
        };
        assert_eq!(
            table.dated_after(day(30)).as_deref(),
            Some(
                "The rates are dated 31 December 2018, after this briefing's date (30 December 2018)."
            )
        );
        assert_eq!(table.dated_after(day(31)), None);
    }
}
