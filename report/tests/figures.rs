//! The map and the timeline: computed once in the view, drawn as SVG in
//! the HTML (with a title and a text alternative) and as vector paths in
//! the PDF, with scales that stay honest under a filter.

use std::sync::OnceLock;

use accord_model::Dataset;
use accord_report::{Filters, Options, PdfOptions, RegionFilter};

mod common;

fn fixtures() -> &'static Dataset {
    static DATASET: OnceLock<Dataset> = OnceLock::new();
    DATASET.get_or_init(|| common::load("../fixtures"))
}

fn provenance() -> &'static Dataset {
    static DATASET: OnceLock<Dataset> = OnceLock::new();
    DATASET.get_or_init(|| common::load("tests/data/provenance"))
}

fn briefing(dataset: &Dataset, filters: Filters) -> accord_report::Briefing {
    accord_report::briefing(
        dataset,
        &Options {
            filters,
            ..Options::default()
        },
    )
}

#[test]
fn the_map_shades_countries_and_the_provinces_the_data_names() {
    let b = briefing(fixtures(), Filters::default());
    let map = b.map.expect("the fixtures have countries");
    let shape = |code: &str| {
        map.shapes
            .iter()
            .find(|s| s.code.as_deref() == Some(code))
            .unwrap_or_else(|| panic!("{code} is drawn"))
    };
    assert!(shape("CN").count >= 10, "{}", shape("CN").count);
    assert!(shape("GB").count >= 10);
    assert!(shape("CN-LN").count >= 1 && shape("CN-LN").fill.is_some());
    // A province the data never names is an outline over China's fill.
    assert_eq!((shape("CN-XJ").count, shape("CN-XJ").fill), (0, None));
    // Countries far from the data are cropped away; every point is within
    // the frame.
    assert!(!map.shapes.iter().any(|s| s.code.as_deref() == Some("US")));
    assert!(map.shapes.iter().all(|s| {
        s.rings
            .iter()
            .flatten()
            .all(|&(x, y)| (0.0..=map.width).contains(&x) && (0.0..=map.map_height).contains(&y))
    }));
    // The legend's classes are fixed bands up to the largest count.
    let legend: Vec<&str> = map.legend.iter().map(|l| l.label.as_str()).collect();
    assert_eq!(legend, ["None", "1", "2–3", "4–7", "8–15"]);
    assert!(
        map.alt
            .starts_with("Map of collaborations by country: China ")
    );
    assert!(map.alt.contains("Liaoning"), "{}", map.alt);
    assert!(map.labels.iter().any(|l| l.text.starts_with("China ")));
}

#[test]
fn under_a_filter_one_collaboration_is_the_lightest_class() {
    let b = briefing(
        fixtures(),
        Filters {
            regions: vec![RegionFilter::parse("CN-LN").expect("a code")],
            ..Filters::default()
        },
    );
    let map = b.map.expect("Liaoning is on the map");
    let legend: Vec<&str> = map.legend.iter().map(|l| l.label.as_str()).collect();
    assert_eq!(legend, ["None", "1"]);
    let liaoning = map
        .shapes
        .iter()
        .find(|s| s.code.as_deref() == Some("CN-LN"))
        .expect("Liaoning");
    assert_eq!(liaoning.count, 1);
    assert_eq!(liaoning.fill, Some(map.legend[1].color));
    // One status alone gets no chart (a bar chart of one bar says nothing).
    assert!(b.charts.is_empty(), "{:?}", b.charts);
}

#[test]
fn the_timeline_draws_each_date_as_the_span_it_may_be() {
    let b = briefing(provenance(), Filters::default());
    let t = b.timeline.expect("the records are dated");
    let years: Vec<&str> = t.ticks.iter().map(|t| t.label.as_str()).collect();
    assert!(
        years.contains(&"2018") && years.contains(&"2023"),
        "{years:?}"
    );
    let x_of = |year: &str| t.ticks.iter().find(|t| t.label == year).map(|t| t.x);
    let (Some(x2018), Some(x2019)) = (x_of("2018"), x_of("2019")) else {
        panic!("2018 and 2019 are marked: {years:?}");
    };
    // "between 1 December 2017 and 31 January 2018": one bar of two
    // months across the turn of the year.
    let between = t
        .rows
        .iter()
        .find(|r| {
            r.note
                .contains("between 1 December 2017 and 31 January 2018")
        })
        .expect("the bounded date has a row");
    assert_eq!(between.marks.len(), 1);
    let (x, _, w, _, _) = between.marks[0];
    let year = x2019 - x2018;
    assert!(x < x2018 && x + w > x2018, "{x} {w} {x2018}");
    assert!((w - year * 62.0 / 365.0).abs() < 1.0, "{w}");
    // "2018, on or before 14 February": one bar from 1 January to 14
    // February 2018.
    let before = t
        .rows
        .iter()
        .find(|r| r.note.starts_with("Acme–Hanwei radiotherapy venture"))
        .expect("the venture has a row");
    assert_eq!(before.marks.len(), 1);
    let (x, _, w, _, _) = before.marks[0];
    assert!((x - x2018).abs() < 0.01, "{x} {x2018}");
    assert!((w - year * 45.0 / 365.0).abs() < 1.0, "{w}");
    assert!(t.alt.starts_with("Timeline of "));
    assert!(!t.legend.is_empty());
}

#[test]
fn a_date_known_only_as_on_or_before_runs_to_the_axis_start() {
    let b = briefing(fixtures(), Filters::default());
    let t = b.timeline.expect("the fixtures are dated");
    let open: Vec<_> = t.rows.iter().filter(|r| r.marks.len() == 2).collect();
    assert!(!open.is_empty());
    for row in open {
        assert!(row.note.contains("on or before"), "{}", row.note);
        // A thin line from the axis' start, then a mark at the last day.
        assert_eq!(row.marks[0].0, t.plot_x);
        assert!(row.marks[0].3 < 2.0 && row.marks[1].3 > 5.0);
    }
}

#[test]
fn the_html_draws_each_figure_as_svg_with_a_title_and_a_text_alternative() {
    let b = briefing(fixtures(), Filters::default());
    let html = accord_report::html(&b);
    let map = b.map.as_ref().expect("a map");
    let svg = accord_report::map_svg(map);
    assert!(html.contains(&svg));
    assert!(
        svg.starts_with(r#"<svg role="img" aria-labelledby="figure-map-title figure-map-desc""#)
    );
    assert!(svg.contains(r#"<title id="figure-map-title">Where the collaborations are</title>"#));
    assert!(svg.contains(r#"<desc id="figure-map-desc">Map of collaborations by country: China "#));
    assert_eq!(svg.matches("<path ").count(), map.shapes.len());
    let timeline = b.timeline.as_ref().expect("a timeline");
    let svg = accord_report::timeline_svg(timeline);
    assert!(html.contains(&svg));
    assert!(svg.contains(
        r#"<title id="figure-timeline-title">When the collaborations were agreed</title>"#
    ));
    assert_eq!(
        svg.matches(r#"<g class="row">"#).count(),
        timeline.rows.len()
    );
    // The captions are figcaptions.
    assert!(html.contains(&format!("<figcaption><strong>{}</strong>", map.title)));
}

/// The number of times each path-painting operator is used on all pages.
fn painted_paths(bytes: &[u8]) -> usize {
    let doc = lopdf::Document::load_mem(bytes).expect("the PDF parses");
    doc.get_pages()
        .values()
        .map(|&id| {
            let content = doc.get_and_decode_page_content(id).expect("content");
            content
                .operations
                .iter()
                .filter(|op| ["b*", "B*", "f*", "s", "S"].contains(&op.operator.as_str()))
                .count()
        })
        .sum()
}

#[test]
fn the_pdf_draws_the_map_as_vector_paths() {
    let with_map = briefing(fixtures(), Filters::default());
    let shapes = with_map.map.as_ref().expect("a map").shapes.len();
    let pdf = accord_report::pdf(&with_map, &PdfOptions::default()).expect("a PDF");
    let mut without = with_map.clone();
    without.map = None;
    let plain = accord_report::pdf(&without, &PdfOptions::default()).expect("a PDF");
    // Each shape is one even-odd path (filled and stroked, or stroked).
    let added = painted_paths(&pdf.bytes) - painted_paths(&plain.bytes);
    assert!(added >= shapes, "{added} paths for {shapes} shapes");
}

#[test]
fn beyond_forty_the_timeline_is_one_row_per_status_with_a_bar_per_year() {
    let mut dataset = fixtures().clone();
    let originals: Vec<_> = dataset.agreements.values().cloned().collect();
    for copy in 0..3 {
        for original in &originals {
            let mut a = original.clone();
            a.id = serde_json::from_value(serde_json::json!(format!("{}-copy-{copy}", a.id)))
                .expect("an id");
            dataset.agreements.insert(a.id.clone(), a);
        }
    }
    let b = briefing(&dataset, Filters::default());
    let t = b.timeline.expect("dated");
    let statuses: std::collections::BTreeSet<_> = dataset
        .agreements
        .values()
        .filter(|a| a.dates.key_date().is_some())
        .map(|a| a.status)
        .collect();
    assert!(dataset.agreements.len() > 40);
    assert_eq!(t.rows.len(), statuses.len());
    // The tallest year bar is a full bar; every count is in a label.
    let tallest = t
        .rows
        .iter()
        .flat_map(|r| r.marks.iter().map(|m| m.3))
        .fold(0.0f32, f32::max);
    assert_eq!(tallest, 9.0);
    assert!(
        t.rows.iter().any(|r| r.label == "Signed: 48"),
        "{:?}",
        t.rows
    );
    assert!(t.alt.contains("By year:"));
    // The chart by year comes back beside the grouped timeline.
    assert!(b.charts.iter().any(|c| c.id == "chart-year"));
}
