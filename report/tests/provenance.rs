//! The briefing shows how sure each fact is and where it comes from, in
//! both formats: marks on inferred and outside-knowledge facts with their
//! explanations, dates as the sources give them, citations that back one
//! figure, people by position, agreement histories, and honest filters and
//! charts. The records are in `tests/data/provenance`, written for these
//! tests (the fixtures change with the seeds).

use std::sync::OnceLock;

use accord_model::Dataset;
use accord_report::{Briefing, Filters, Options, PdfOptions};

mod common;
use common::{html_text, normalise};

fn dataset() -> &'static Dataset {
    static DATASET: OnceLock<Dataset> = OnceLock::new();
    DATASET.get_or_init(|| common::load("tests/data/provenance"))
}

/// The text of every page of a PDF, joined.
fn pdf_text(bytes: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(bytes).expect("the PDF parses");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    normalise(&doc.extract_text(&pages).expect("text extracts"))
}

/// The briefing, the HTML's visible text, the PDF's text and the raw HTML.
fn render_all(filters: Filters) -> (Briefing, String, String, String) {
    let options = Options {
        filters,
        ..Options::default()
    };
    let briefing = accord_report::briefing(dataset(), &options);
    let raw = accord_report::html(&briefing);
    let pdf = accord_report::pdf(&briefing, &PdfOptions::default()).expect("the PDF renders");
    (briefing, html_text(&raw), pdf_text(&pdf.bytes), raw)
}

fn render(filters: Filters) -> (Briefing, String, String) {
    let (briefing, html, pdf, _) = render_all(filters);
    (briefing, html, pdf)
}

fn assert_in_both(html: &str, pdf: &str, wanted: &[&str]) {
    for text in wanted {
        let text = normalise(text);
        assert!(html.contains(&text), "missing from the HTML: {text}");
        // The PDF wraps lines, so a long fact may be split by a line end
        // that the text dump turns into a space: compare without spaces.
        let squeezed = |s: &str| s.replace(' ', "");
        assert!(
            squeezed(pdf).contains(&squeezed(&text)),
            "missing from the PDF: {text}"
        );
    }
}

#[test]
fn marked_facts_carry_their_sign_and_explanation_in_both_formats() {
    let (_, html, pdf, raw) = render_all(Filters::default());
    assert_in_both(
        &html,
        &pdf,
        &[
            // The convention is explained once, up front.
            "A fact the recorder inferred from a cited source is followed by †; a fact taken from outside the cited sources",
            // Entries: role, place, occasion, a person's part and position.
            "Hanwei Medical (partner†)",
            "Takes effect in Beijing, China†",
            "Occasion Prime Minister's visit to China†",
            "Signatory†: Li Wei, Chairman (Hanwei Medical)†",
            "† Role of Hanwei Medical: partner — inferred: The source calls both companies partners in the venture.",
            "† Occasion: Prime Minister's visit to China — inferred: The source lists the deal among those of the visit",
            // A person's own marks are explained in the directory of people.
            "‡ Name in their own script — from outside knowledge: Hanwei Medical website",
            // The directory of parties: city, subdivision, country.
            "Stockholm†, Stockholms län‡, Sweden‡",
            "‡ Subdivision: Stockholm — from outside knowledge: [2] Acme annual report 2022, page 1",
            "‡ Country: Sweden — from outside knowledge: Acme AB, Annual Report 2022",
            // Corridors computed from a marked country say so.
            "China – Sweden‡",
            "1 of 1 counts here only through a marked home country: Acme Radiotherapy (Sweden‡)",
            "Acme Radiotherapy (Sweden‡); Beta Health (United Kingdom†)",
            // Key figures.
            "3 collaborations: 3 of them include marked facts",
            "3 home countries of the parties: 2 of them rest only on marked countries of parties: Sweden‡, United Kingdom†",
            // The data-quality notes count by kind and group by reason.
            "12 facts in this briefing no cited source states: 2 countries, 1 subdivision, 1 city, 2 names in their own script, 1 position, 1 role, 1 person's part, 1 place, 1 occasion, 1 date.",
            "8 inferred from a cited source (†); 4 from outside knowledge (‡).",
            // Each explanation is printed with the fact it explains (the
            // entries and the directories), not listed again here.
            "‡ Name in its own script — from outside knowledge: Company register of Beijing",
        ],
    );
    // The HTML shows names in their own script with their sign; the PDF
    // without a CJK font leaves them out and says so.
    // ... and not again in each entry that names the person.
    assert!(!html.contains("Name in their own script of Li Wei"));
    assert!(!pdf.contains("Name in their own script of Li Wei"));
    assert!(raw.contains(r#"<span lang="zh-Hans">汉威医疗</span>‡"#));
    assert!(raw.contains(r#"<span lang="zh-Hans">李伟</span>‡"#));
    assert!(!pdf.contains("??"), "a name drawn as question marks: {pdf}");
}

#[test]
fn dates_read_as_the_sources_give_them_and_citations_back_their_figures() {
    let (briefing, html, pdf) = render(Filters::default());
    assert_in_both(
        &html,
        &pdf,
        &[
            // Bounds, the source's words, and the footnote of the citation
            // that names `dates.signed` and `value`.
            "Signed 2018, on or before 14 February 2018 (“listed on 14 February 2018 among the deals of the visit” in the source) [1]",
            "Value 5,000,000 GBP [1]",
            "[1] item 3 (backs the value, the signing date)",
            // A day and month without a year, the year marked.
            "Discussed 9 August, year inferred as 2023† (“August 9” in the source)",
            "between 1 December 2017 and 31 January 2018",
            // The history, each stage with its own source.
            "Discussed, November 2017 [2]",
            "Signed, on or before 14 February 2018",
            // Sources: publisher, retrieval date, archived copy.
            "Government publication, Prime Minister's Office, 14 February 2018. Retrieved 1 May 2024.",
            "Archived copy:",
            "https://web.archive.org/web/2018/https://www.example.gov.uk/deals-2018",
        ],
    );
    // The timeline draws "between 1 December 2017 and 31 January 2018" as
    // one bar across the turn of the year (tests/figures.rs measures it).
    let timeline = briefing.timeline.as_ref().expect("a timeline");
    assert!(timeline.rows.iter().any(|r| {
        r.note
            .contains("between 1 December 2017 and 31 January 2018")
    }));
    // Dated by span: "on or before 14 February 2018" sorts by its last day.
    let asia = &briefing.regions[0];
    let titles: Vec<&str> = asia
        .collaborations
        .iter()
        .map(|c| c.title.as_str())
        .collect();
    assert_eq!(
        titles,
        [
            "Acme–Hanwei radiotherapy venture",
            "Beta–Hanwei data memorandum"
        ]
    );
}

#[test]
fn people_appear_with_their_positions_and_unnamed_officials_by_office() {
    let (briefing, html, pdf) = render(Filters::default());
    assert_in_both(
        &html,
        &pdf,
        &[
            "Speaker: the Prime Minister (UK Government)",
            "Directory of people",
            "Speaker in Acme–Hanwei radiotherapy venture. Host at Prime Minister's visit to China",
            "† Position: Chairman (Hanwei Medical) — inferred: The source calls him the head of the company.",
        ],
    );
    let names: Vec<&str> = briefing.people.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Li Wei", "the Prime Minister (UK Government)"]);
    assert_eq!(briefing.people[0].positions, ["Chairman (Hanwei Medical)†"]);
}

#[test]
fn a_period_filter_says_which_collaborations_it_keeps_only_by_overlap() {
    let since = Filters {
        since: Some("2018-02".parse().unwrap()),
        ..Filters::default()
    };
    let (briefing, html, pdf) = render(since);
    // Signed in 2018 on or before 14 February: it may fall in February.
    // The contract of December 2017 to January 2018 cannot.
    let kept: Vec<&str> = briefing
        .regions
        .iter()
        .flat_map(|r| r.collaborations.iter().map(|c| c.title.as_str()))
        .collect();
    assert_eq!(
        kept,
        [
            "Acme–Hanwei radiotherapy venture",
            "Beta–Hanwei data memorandum"
        ]
    );
    assert_eq!(
        briefing.kept_by_overlap,
        [
            "Acme–Hanwei radiotherapy venture: 2018, on or before 14 February 2018 (“listed on 14 February 2018 among the deals of the visit” in the source)"
        ]
    );
    assert_in_both(
        &html,
        &pdf,
        &[
            "Kept only because their dates may fall in the period (they may also fall outside it): Acme–Hanwei radiotherapy venture",
        ],
    );

    let until = Filters {
        until: Some("2017-12-31".parse().unwrap()),
        ..Filters::default()
    };
    let (briefing, _, _) = render(until);
    assert_eq!(
        briefing.kept_by_overlap,
        ["Acme–Beta supply contract: between 1 December 2017 and 31 January 2018"]
    );
    // Without a period, nothing is said.
    let (briefing, html, _) = render(Filters::default());
    assert!(briefing.kept_by_overlap.is_empty());
    assert!(!html.contains("Kept only because"));
}
