//! The briefing as an ordered list of sections. Both formats walk
//! [`Briefing::sections`] in order and draw each with their own module
//! for it (`templates/sections/<id>.html`, `pdf/sections/<id>.rs`); the
//! fixed sentences each section prints are written once, here, in
//! [`Wording`]; and [`Briefing::facts`] lists, section by section, what
//! both formats must print, for the test that they say the same.

use super::Briefing;

/// A section of the briefing, in the order they are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SectionKind {
    /// The key messages, each linked to the entries it rests on.
    Summary,
    /// The signs, source numbers and dates, explained.
    HowToRead,
    /// Headline counts and the stated values.
    KeyFigures,
    /// What changed since an older version of the data, when the options
    /// name one.
    Changes,
    /// The region × sector matrix and the charts.
    RegionsAndSectors,
    /// Pairs of home countries.
    Corridors,
    /// One entry per collaboration, by region.
    Collaborations,
    /// The directory of parties.
    Parties,
    /// The directory of people.
    People,
    /// The sources cited.
    Sources,
    /// Notes on data quality.
    Quality,
}

impl SectionKind {
    /// Every section, in printing order.
    pub const ALL: [SectionKind; 11] = [
        SectionKind::Summary,
        SectionKind::HowToRead,
        SectionKind::KeyFigures,
        SectionKind::Changes,
        SectionKind::RegionsAndSectors,
        SectionKind::Corridors,
        SectionKind::Collaborations,
        SectionKind::Parties,
        SectionKind::People,
        SectionKind::Sources,
        SectionKind::Quality,
    ];

    /// The section's id: its HTML anchor, template and PDF module name,
    /// and the name a briefing file's `sections` list gives it
    /// (`key-figures`).
    pub fn id(self) -> &'static str {
        match self {
            SectionKind::Summary => "summary",
            SectionKind::HowToRead => "how-to-read",
            SectionKind::KeyFigures => "key-figures",
            SectionKind::Changes => "changes",
            SectionKind::RegionsAndSectors => "regions-and-sectors",
            SectionKind::Corridors => "corridors",
            SectionKind::Collaborations => "collaborations",
            SectionKind::Parties => "parties",
            SectionKind::People => "people",
            SectionKind::Sources => "sources",
            SectionKind::Quality => "quality",
        }
    }

    /// The section's heading.
    pub fn title(self) -> &'static str {
        match self {
            SectionKind::Summary => "Summary",
            SectionKind::HowToRead => "How to read this briefing",
            SectionKind::KeyFigures => "Key figures",
            SectionKind::Changes => "What changed",
            SectionKind::RegionsAndSectors => "Regions and sectors",
            SectionKind::Corridors => "Bilateral corridors",
            SectionKind::Collaborations => "Collaborations by region",
            SectionKind::Parties => "Directory of parties",
            SectionKind::People => "Directory of people",
            SectionKind::Sources => "Sources",
            SectionKind::Quality => "Notes on data quality",
        }
    }

    /// Whether the section is a chapter, which starts on a new page of
    /// the PDF (and in print): the entries and the directories. The other
    /// sections follow on the same page, so no page is left half empty
    /// except before a chapter.
    pub fn starts_page(self) -> bool {
        matches!(self, SectionKind::Collaborations | SectionKind::Parties)
    }

    /// The section named by `id`, as [`SectionKind::id`] gives it.
    pub fn from_id(id: &str) -> Option<SectionKind> {
        SectionKind::ALL.into_iter().find(|k| k.id() == id)
    }

    /// Whether the section has something to say about `b`: a briefing
    /// with nothing selected keeps only the summary, how to read it, the
    /// key figures (which say so) and the notes; the people only when
    /// there are any.
    fn applies(self, b: &Briefing) -> bool {
        match self {
            SectionKind::Summary => !b.summary.is_empty(),
            SectionKind::HowToRead | SectionKind::Quality => true,
            // Counts of one collaboration say nothing its entry does not;
            // with none, the key figures say that nothing matched.
            SectionKind::KeyFigures => b.empty || b.matrix.grand_total > 1,
            SectionKind::People => !b.empty && !b.people.is_empty(),
            SectionKind::Changes => !b.empty && b.changes.is_some(),
            // A table or a pair of countries for one collaboration says
            // nothing its entry does not.
            SectionKind::RegionsAndSectors | SectionKind::Corridors => b.matrix.grand_total > 1,
            _ => !b.empty,
        }
    }
}

/// The largest number of collaborations a [`Briefing::compact`] briefing has.
pub const COMPACT: usize = 3;

/// A section as the briefing prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Which section.
    pub kind: SectionKind,
    /// Its anchor: [`SectionKind::id`].
    pub id: &'static str,
    /// Its heading.
    pub title: &'static str,
}

/// The sentences a briefing prints whatever the data, written once for
/// both formats.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wording {
    /// The line under the title.
    pub subtitle: &'static str,
    /// The lead of the list of collaborations a date filter keeps only
    /// because their dates may fall in the period.
    pub kept_by_overlap: &'static str,
    /// What the key figures say when nothing matches the filters.
    pub empty: &'static str,
    /// The heading of the stated values.
    pub stated_values: &'static str,
    /// How stated values are totalled.
    pub stated_values_rule: &'static str,
    /// The heading of the totals sources report for occasions.
    pub reported_totals: &'static str,
    /// The matrix's caption.
    pub matrix_caption: &'static str,
    /// How the matrix counts.
    pub matrix_rule: &'static str,
    /// How the corridors are drawn.
    pub corridor_rule: &'static str,
    /// The corridor table's caption.
    pub corridor_caption: &'static str,
    /// The heading of the notes several entries share.
    pub shared_notes: &'static str,
    /// The lead of a region's references to entries printed elsewhere.
    pub also_here: &'static str,
    /// The directory of parties' caption.
    pub parties_caption: &'static str,
    /// The directory of people's caption.
    pub people_caption: &'static str,
    /// The lead of an archived copy's address.
    pub archived: &'static str,
    /// What the notes say when there is nothing to note.
    pub no_quality_issue: &'static str,
    /// The heading of the notes on this rendering (PDF only).
    pub this_pdf: &'static str,
    /// The last line of the document, after the title and date.
    pub colophon: &'static str,
}

/// The one [`Wording`] of every briefing.
pub const WORDING: Wording = Wording {
    subtitle: "Collaborations by region and sector",
    kept_by_overlap: "Kept only because their dates may fall in the period (they may also fall outside it):",
    empty: "No collaboration matches the filters of this briefing. Widen the scope, or check the filters listed under Scope.",
    stated_values: "Stated values",
    stated_values_rule: "Totals are kept per currency and never mixed; a qualifier such as “more than” stays with the total.",
    reported_totals: "Totals reported for occasions",
    matrix_caption: "Collaborations by region (UN M49 sub-region) and top-level sector",
    matrix_rule: "A collaboration counts once in each region and each sector it belongs to, so rows and columns can add up to more than the total.",
    corridor_rule: "Each party counts in the home country of its ultimate parent: the furthest parent or majority owner its record names that has a home country, or its own. A collaboration counts once in each pair of those countries (between parties of three countries, in each pair), and as domestic when all are in one. Where the roles say who pays (lender, investor, funder, grantor, co-financier) and who receives (borrower, investee, recipient), the direction of the money is given with the title.",
    corridor_caption: "Collaborations by corridor",
    shared_notes: "Notes shared by several entries",
    also_here: "Also taking effect here, described under another region:",
    parties_caption: "Parties to the collaborations in this briefing",
    people_caption: "People named in the collaborations in this briefing and at their occasions",
    archived: "Archived copy:",
    no_quality_issue: "No data-quality issue was found in this selection.",
    this_pdf: "This PDF",
    colophon: "Prepared with Accord from records that cite their sources; figures are as the sources state them.",
};

impl Briefing {
    /// A briefing of at most `COMPACT` (3) collaborations: no contents page
    /// and no chapter breaks, so it stays a few pages long.
    pub fn compact(&self) -> bool {
        self.matrix.grand_total <= COMPACT
    }

    /// The sections this briefing prints, in order: those its options
    /// include ([`crate::Options::sections`]) that have something to say.
    pub fn sections(&self) -> Vec<Section> {
        SectionKind::ALL
            .into_iter()
            .filter(|k| self.included.contains(k) && k.applies(self))
            .map(|kind| Section {
                kind,
                id: kind.id(),
                title: kind.title(),
            })
            .collect()
    }

    /// What both formats must print, section by section: every figure,
    /// sentence and name of each section this briefing prints, the fixed
    /// sentences included.
    pub fn facts(&self) -> Vec<(SectionKind, Vec<String>)> {
        let w = &self.wording;
        let mut front = vec![self.title.clone(), self.as_of_text.clone()];
        front.extend(self.scope.iter().cloned());
        front.extend(self.kept_by_overlap.iter().cloned());
        front.push(self.dataset_summary.clone());
        let mut out = Vec::new();
        for section in self.sections() {
            let mut facts: Vec<String> = vec![section.title.to_owned()];
            // The title page's facts go with the first section.
            if out.is_empty() {
                facts.append(&mut front);
            }
            match section.kind {
                SectionKind::Summary => {
                    facts.extend(
                        self.summary
                            .iter()
                            .map(|m| m.text.trim_end_matches('.').to_owned()),
                    );
                }
                SectionKind::HowToRead => facts.extend(self.how_to_read.iter().cloned()),
                SectionKind::KeyFigures if self.empty => facts.push(w.empty.to_owned()),
                SectionKind::KeyFigures => {
                    facts.extend(
                        self.key_figures
                            .iter()
                            .map(|f| format!("{} {}", f.value, f.label)),
                    );
                    facts.extend(self.figure_notes());
                    facts.push(w.stated_values_rule.to_owned());
                    facts.extend(self.totals.iter().cloned());
                    facts.extend(self.conversion.iter().cloned());
                    facts.extend(self.reported_totals.iter().cloned());
                }
                SectionKind::RegionsAndSectors => {
                    facts.push(w.matrix_caption.to_owned());
                    facts.push(w.matrix_rule.to_owned());
                    facts.extend(self.matrix.rows.iter().map(|r| r.label.clone()));
                    facts.extend(self.matrix.columns.iter().cloned());
                    facts.extend(self.charts.iter().map(|c| c.title.clone()));
                    facts.extend(self.map.iter().map(|m| m.title.clone()));
                    facts.extend(self.timeline.iter().map(|t| t.title.clone()));
                }
                SectionKind::Changes => {
                    if let Some(c) = &self.changes {
                        facts.push(c.title.clone());
                        facts.push(c.summary.clone());
                        for g in &c.groups {
                            facts.push(g.title.clone());
                            facts.extend(g.items.iter().map(|i| i.name.clone()));
                        }
                    }
                }
                SectionKind::Corridors => {
                    facts.push(w.corridor_rule.to_owned());
                    facts.extend(self.corridors.iter().map(|c| c.name.clone()));
                    facts.extend(self.corridor_notes());
                }
                SectionKind::Collaborations => {
                    for region in &self.regions {
                        facts.push(region.name.clone());
                        facts.push(region.path.clone());
                        for c in &region.collaborations {
                            facts.push(c.title.clone());
                            facts.push(c.summary.clone());
                            facts.extend(c.facts.iter().map(|(_, v)| v.clone()));
                            facts.extend(c.objectives.iter().cloned());
                            facts.extend(c.targets.iter().cloned());
                            facts.extend(c.people.iter().cloned());
                            facts.extend(c.stages.iter().cloned());
                            facts.extend(c.notes.iter().cloned());
                            facts.extend(c.marks.iter().cloned());
                            facts.extend(c.citations.iter().cloned());
                        }
                        facts.extend(region.also.iter().map(|(_, t)| t.clone()));
                    }
                    if !self.shared_notes.is_empty() {
                        facts.push(w.shared_notes.to_owned());
                        facts.extend(self.shared_notes.iter().cloned());
                    }
                }
                SectionKind::Parties => {
                    for p in &self.parties {
                        facts.push(p.name.clone());
                        facts.push(p.kind.clone());
                        facts.extend(p.details.iter().cloned());
                    }
                }
                SectionKind::People => {
                    for p in &self.people {
                        facts.push(p.name.clone());
                        facts.extend(p.positions.iter().cloned());
                    }
                }
                SectionKind::Sources => {
                    facts.extend(self.sources.iter().map(|s| s.text.clone()));
                }
                SectionKind::Quality => {
                    if self.quality.is_empty() {
                        facts.push(w.no_quality_issue.to_owned());
                    }
                    for group in &self.quality {
                        facts.push(group.title.clone());
                        facts.extend(group.items.iter().cloned());
                    }
                }
            }
            out.push((section.kind, facts));
        }
        out
    }
}
