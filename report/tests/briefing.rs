//! End-to-end tests of the briefing on the bundled fixtures: the PDF is
//! re-read with a PDF reader (lopdf) and compared as text, outline and
//! metadata, never as bytes for meaning; the HTML and the PDF must carry the
//! same facts; record text is escaped; output is deterministic.

use std::sync::OnceLock;

use accord_model::Dataset;
use accord_report::{Briefing, Filters, Options, Paper, PdfOptions, RegionFilter};

mod common;
use common::{html_text, normalise};

fn fixtures() -> &'static Dataset {
    static DATASET: OnceLock<Dataset> = OnceLock::new();
    DATASET.get_or_init(|| common::load("../fixtures"))
}

struct Reread {
    /// Text per page, without the running header and footer.
    pages: Vec<String>,
    outline: Vec<(usize, String, usize)>,
    metadata: lopdf::PdfMetadata,
}

/// Reads a PDF back: whitespace-normalised text per page, outline, metadata.
fn reread(bytes: &[u8]) -> Reread {
    let doc = lopdf::Document::load_mem(bytes).expect("the PDF parses");
    let metadata = lopdf::Document::load_metadata_mem(bytes).expect("metadata reads");
    let title = metadata.title.clone().unwrap_or_default();
    let pages = doc
        .get_pages()
        .keys()
        .map(|&n| {
            let text = doc.extract_text(&[n]).expect("text extracts");
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            // Headers and footers are drawn last on every page but the
            // first: cut them off, so text running over a page break joins up.
            // The header may cut a long title short: look for its start.
            let start: String = title.chars().take(16).collect();
            match text.rfind(&format!(" {start}")) {
                Some(cut) if n > 1 && text[cut..].contains(" Page ") => text[..cut].to_owned(),
                _ => text,
            }
        })
        .collect();
    let toc = doc.get_toc().expect("the PDF has an outline");
    let outline = toc
        .toc
        .iter()
        .map(|t| (t.level, t.title.clone(), t.page))
        .collect();
    Reread {
        pages,
        outline,
        metadata,
    }
}

fn render(options: &Options) -> (Briefing, String, Vec<u8>) {
    let briefing = accord_report::briefing(fixtures(), options);
    let html = accord_report::html(&briefing);
    let pdf = accord_report::pdf(&briefing, &PdfOptions::default()).expect("the PDF renders");
    (briefing, html, pdf.bytes)
}

#[test]
fn every_collaboration_of_the_seeds_is_in_the_pdf_grouped_by_region() {
    let (briefing, _, bytes) = render(&Options::default());
    let pdf = reread(&bytes);
    let all = pdf.pages.join(" ");
    assert_eq!(fixtures().agreements.len(), 14);
    for agreement in fixtures().agreements.values() {
        assert!(
            all.contains(&normalise(&agreement.title)),
            "missing from the PDF: {}",
            agreement.title
        );
    }
    let regions: Vec<&str> = briefing.regions.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(
        regions,
        ["Eastern Asia", "Northern Europe", "Place not stated"]
    );
    // Money keeps its qualifier and its unknown currency.
    assert!(all.contains("more than 200,000,000 (currency unknown)"));
    assert!(all.contains("5,000,000,000 CNY"));
    assert!(all.contains("more than 500,000,000 (currency unknown)"));
    // Dates keep their precision, inferred ones carry their sign, and the
    // source's own words are shown beside them.
    assert!(all.contains("14 March 2023"));
    assert!(all.contains(&format!("2018{}", accord_report::INFERRED_SIGN)));
    assert!(all.contains("(“August 9” in the source)"));
    // Names with Latin extensions and symbols survive the subset font.
    assert!(all.contains("Tus-Holdings"));
}

#[test]
fn the_pdf_has_contents_bookmarks_page_numbers_and_metadata() {
    let (_, _, bytes) = render(&Options::default());
    let pdf = reread(&bytes);
    let total = pdf.pages.len();
    assert!(total >= 10, "only {total} pages");
    assert!(
        pdf.pages[0].contains("United Kingdom–China health collaboration, 2018–2023")
            && pdf.pages[0].contains("As of 9 August 2023")
    );
    assert!(pdf.pages[1].starts_with("Contents") || pdf.pages[1].contains("Contents"));
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    for (i, &n) in doc.get_pages().keys().enumerate().skip(1) {
        let raw = normalise(&doc.extract_text(&[n]).unwrap());
        assert!(
            raw.contains(&format!("Page {} of {total}", i + 1)),
            "page {} has no number",
            i + 1
        );
        assert!(
            raw.contains("As of 9 August 2023"),
            "page {} has no footer date",
            i + 1
        );
    }
    let titles: Vec<&str> = pdf.outline.iter().map(|(_, t, _)| t.as_str()).collect();
    for wanted in [
        "Summary",
        "Contents",
        "Key figures",
        "Regions and sectors",
        "Bilateral corridors",
        "Collaborations by region",
        "Eastern Asia",
        "Directory of parties",
        "Sources",
        "Notes on data quality",
    ] {
        assert!(
            titles.contains(&wanted),
            "no bookmark `{wanted}` in {titles:?}"
        );
    }
    // Regions nest under their section.
    let level = |t: &str| {
        pdf.outline
            .iter()
            .find(|(_, title, _)| title == t)
            .map(|(l, _, _)| *l)
    };
    assert!(level("Eastern Asia") > level("Collaborations by region"));
    // Each bookmark points at the page whose text starts that section, and
    // the contents page lists the same page number.
    for (_, title, page) in &pdf.outline {
        let text = &pdf.pages[page - 1];
        assert!(
            text.contains(title.as_str()),
            "bookmark `{title}` points at page {page}, which lacks it"
        );
    }
    let contents = &pdf.pages[1];
    let (_, _, page) = pdf
        .outline
        .iter()
        .find(|(_, t, _)| t == "Directory of parties")
        .unwrap();
    assert!(
        contents.contains(&format!("Directory of parties {page}")),
        "{contents}"
    );

    let m = &pdf.metadata;
    assert_eq!(
        m.title.as_deref(),
        Some("United Kingdom–China health collaboration, 2018–2023")
    );
    assert_eq!(m.author.as_deref(), Some("Accord"));
    assert!(
        m.subject
            .as_deref()
            .unwrap_or_default()
            .contains("as of 9 August 2023")
    );
    assert!(
        m.creator
            .as_deref()
            .unwrap_or_default()
            .starts_with("accord-report")
    );
    assert!(
        m.creation_date
            .as_deref()
            .unwrap_or_default()
            .starts_with("D:20230809")
    );
}

#[test]
fn html_and_pdf_carry_the_same_facts() {
    // The facts come from the briefing's own list of sections, so a
    // section or a field added there is checked here without a change.
    for options in [
        Options::default(),
        Options {
            filters: Filters {
                regions: vec![RegionFilter::parse("CN-LN").unwrap()],
                ..Filters::default()
            },
            ..Options::default()
        },
    ] {
        let (briefing, html, bytes) = render(&options);
        // Lines may end after a hyphen (Unicode's line-breaking rules), and
        // the text read back puts a space at each line's end: a hyphen
        // followed by a space is compared as the hyphen alone, in every text.
        let joined = |text: &str| text.replace("- ", "-").replace("– ", "–");
        let pdf = joined(&reread(&bytes).pages.join(" "));
        let html = joined(&html_text(&html));
        let sections = briefing.facts();
        assert_eq!(sections.len(), briefing.sections().len());
        let count: usize = sections.iter().map(|(_, f)| f.len()).sum();
        assert!(count > 20, "only {count} facts");
        for (section, facts) in sections {
            assert!(facts.len() > 1, "{section:?} has nothing to check");
            for fact in facts {
                let fact = joined(&normalise(&fact));
                assert!(
                    html.contains(&fact),
                    "{section:?}: missing from the HTML: {fact}"
                );
                assert!(
                    pdf.contains(&fact),
                    "{section:?}: missing from the PDF: {fact}"
                );
            }
        }
    }
}

#[test]
fn output_is_byte_identical_for_the_same_input() {
    let (_, html_a, pdf_a) = render(&Options::default());
    let (_, html_b, pdf_b) = render(&Options::default());
    assert_eq!(html_a, html_b);
    assert!(pdf_a == pdf_b, "two renderings of the same briefing differ");
    let letter = accord_report::pdf(
        &accord_report::briefing(fixtures(), &Options::default()),
        &PdfOptions {
            paper: Paper::Letter,
            ..PdfOptions::default()
        },
    )
    .unwrap();
    assert_ne!(letter.bytes, pdf_a);
    let doc = lopdf::Document::load_mem(&letter.bytes).unwrap();
    let first = *doc.get_pages().values().next().unwrap();
    let media_box = doc
        .get_dictionary(first)
        .unwrap()
        .get(b"MediaBox")
        .unwrap()
        .as_array()
        .unwrap()
        .clone();
    let width = media_box[2].as_float().unwrap();
    assert!((width - 612.0).abs() < 0.5, "Letter width {width}");
}

#[test]
fn a_filter_that_selects_nothing_gives_a_short_briefing_that_says_so() {
    let options = Options {
        filters: Filters {
            regions: vec![RegionFilter::parse("BR").unwrap()],
            ..Filters::default()
        },
        ..Options::default()
    };
    let (briefing, html, bytes) = render(&options);
    assert!(briefing.empty);
    assert!(html.contains("No collaboration matches the filters"));
    let pdf = reread(&bytes);
    assert!(
        pdf.pages
            .join(" ")
            .contains("No collaboration matches the filters")
    );
    assert!(pdf.pages[0].contains("Region: Brazil"));
    assert!(
        pdf.pages.len() <= 5,
        "{} pages for an empty briefing",
        pdf.pages.len()
    );
}

#[test]
fn filters_select_by_region_sector_period_and_party() {
    let count = |filters: Filters| {
        accord_report::briefing(
            fixtures(),
            &Options {
                filters,
                ..Options::default()
            },
        )
        .matrix
        .grand_total
    };
    assert_eq!(count(Filters::default()), 14);
    // Liaoning only.
    assert_eq!(
        count(Filters {
            regions: vec![RegionFilter::parse("CN-LN").unwrap()],
            ..Filters::default()
        }),
        1
    );
    // A world region by name includes its countries.
    let europe = count(Filters {
        regions: vec![RegionFilter::parse("europe").unwrap()],
        ..Filters::default()
    });
    assert_eq!(
        europe,
        count(Filters {
            regions: vec![RegionFilter::parse("GB").unwrap()],
            ..Filters::default()
        })
    );
    // A sector includes its sub-sectors.
    let digital = count(Filters {
        sectors: vec!["digital-health".parse().unwrap()],
        ..Filters::default()
    });
    let records = count(Filters {
        sectors: vec!["electronic-health-records".parse().unwrap()],
        ..Filters::default()
    });
    assert!(digital > records && records >= 1);
    // Dates are spans: `since 2023` keeps the Liaoning talks (9 August,
    // year inferred as 2023) and the Elekta joint venture, signed on or
    // before 14 March 2023, whose span reaches into 2023.
    let since = count(Filters {
        since: Some("2023".parse().unwrap()),
        ..Filters::default()
    });
    assert_eq!(since, 2);
    // `until 2018-12` keeps the eleven 2018 signings (on or before 14
    // February 2018) and, only because its span has no earliest day, the
    // Elekta joint venture; the undated deal known by reference is left out.
    let until_filter = Filters {
        until: Some("2018-12".parse().unwrap()),
        ..Filters::default()
    };
    let by_overlap: Vec<&str> = fixtures()
        .agreements
        .values()
        .filter(|a| until_filter.matches(fixtures(), a) && until_filter.kept_by_overlap(a))
        .map(|a| a.id.as_str())
        .collect();
    assert_eq!(by_overlap, ["elekta-sinopharm-radiotherapy-jv"]);
    assert_eq!(count(until_filter), 12);
    // A party includes its subsidiaries.
    let pku = count(Filters {
        parties: vec!["peking-university".parse().unwrap()],
        ..Filters::default()
    });
    assert_eq!(pku, 2);
}

#[test]
fn record_text_is_escaped_in_the_html_and_shown_as_text_in_the_pdf() {
    let mut dataset = fixtures().clone();
    let agreement = dataset.agreements.values_mut().next().unwrap();
    agreement.title = accord_model::Text::new("<script>alert('x')</script> & <b>bold</b>").unwrap();
    let briefing = accord_report::briefing(
        &dataset,
        &Options {
            title: Some("<i>T</i>".to_owned()),
            ..Options::default()
        },
    );
    let html = accord_report::html(&briefing);
    assert!(
        !html.contains("<script>alert"),
        "a record's script reached the HTML"
    );
    assert!(!html.contains("<b>bold</b>") && !html.contains("<i>T</i>"));
    assert!(html.contains("&#60;script&#62;"));
    assert!(
        !html.contains("<script"),
        "the page must need no script at all"
    );
    assert!(html_text(&html).contains("<script>alert('x')</script> & <b>bold</b>"));
    let pdf = accord_report::pdf(&briefing, &PdfOptions::default()).unwrap();
    let text = reread(&pdf.bytes).pages.join(" ");
    assert!(text.contains("<script>alert('x')</script> & <b>bold</b>"));
}

#[test]
fn html_is_self_contained_and_accessible() {
    let (_, html, _) = render(&Options::default());
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<html lang=\"en\">"));
    for landmark in ["<header", "<nav", "<main>", "<footer>"] {
        assert!(html.contains(landmark), "no {landmark}");
    }
    assert!(html.contains("<th scope=\"col\">") && html.contains("<th scope=\"row\">"));
    assert!(html.contains("<svg role=\"img\""));
    assert!(html.matches("<title id=").count() == 3 && html.matches("<desc id=").count() == 3);
    assert!(html.contains("@media print"));
    assert!(html.contains("<span lang=\"zh-Hans\">中国医药集团有限公司</span>"));
    // Nothing is fetched: no external stylesheet, script, image or font.
    for fetch in ["<link", "<script", "<img", "@import", "url("] {
        assert!(!html.contains(fetch), "the page fetches with {fetch}");
    }
}

#[test]
fn without_a_cjk_font_the_operator_is_told_what_was_left_out_not_the_reader() {
    let briefing = accord_report::briefing(fixtures(), &Options::default());
    let pdf = accord_report::pdf(&briefing, &PdfOptions::default()).unwrap();
    assert_eq!(pdf.notes.len(), 1);
    assert!(pdf.notes[0].contains("left out of the PDF"));
    // The note is for the terminal: the deliverable does not carry it.
    let text = reread(&pdf.bytes).pages.join(" ");
    // The operator learns how to include them; the reader only that they
    // are missing, without instructions meant for whoever ran the command.
    assert!(pdf.notes[0].contains("with --font"));
    assert!(text.contains("not shown in this PDF; the HTML briefing shows them"));
    assert!(!text.contains("left out"), "{text}");
    assert!(!text.contains("--font"));
    assert!(!text.contains("中国"));
}

#[test]
fn a_rate_table_converts_totals_and_is_named() {
    let rates = accord_report::RateTable {
        label: "Test rates".to_owned(),
        date: chrono::NaiveDate::from_ymd_opt(2025, 12, 31).unwrap(),
        target: "GBP".to_owned(),
        rates: vec![("CNY".to_owned(), "0.1".parse().unwrap())],
    };
    let briefing = accord_report::briefing(
        fixtures(),
        &Options {
            rates: Some(rates),
            ..Options::default()
        },
    );
    let conversion = briefing.conversion.expect("a conversion line");
    assert!(conversion.contains("Test rates") && conversion.contains("31 December 2025"));
    assert!(
        conversion.contains("5,000,000,000 CNY ≈ 500,000,000 GBP"),
        "{conversion}"
    );
}

/// The PDF as a reader sees it: metadata, outline, and the text of every
/// page. Review changes with `cargo insta review`; never accept blindly.
#[test]
fn pdf_dump_snapshot() {
    let (_, _, bytes) = render(&Options::default());
    let pdf = reread(&bytes);
    let m = &pdf.metadata;
    let mut dump = String::new();
    dump.push_str(&format!(
        "title: {:?}\nauthor: {:?}\nsubject: {:?}\ncreator: {:?}\nproducer: {:?}\ncreated: {:?}\n\noutline:\n",
        m.title, m.author, m.subject, m.creator, m.producer, m.creation_date
    ));
    for (level, title, page) in &pdf.outline {
        dump.push_str(&format!("{}{title} -> page {page}\n", "  ".repeat(*level)));
    }
    for (i, text) in pdf.pages.iter().enumerate() {
        dump.push_str(&format!("\n--- page {} ---\n", i + 1));
        // One sentence-ish chunk per line keeps diffs readable.
        for chunk in text.split(". ") {
            dump.push_str(chunk);
            dump.push('\n');
        }
    }
    insta::assert_snapshot!("fixtures_pdf", dump);
}

#[test]
fn html_snapshot() {
    let (_, html, _) = render(&Options::default());
    insta::assert_snapshot!("fixtures_html", html);
}

#[test]
fn source_links_are_clickable_and_latin_extensions_render() {
    let mut dataset = fixtures().clone();
    let source = dataset.sources.values_mut().next().unwrap();
    source.url = Some(accord_model::Url::new("https://example.org/news/elekta-sinopharm").unwrap());
    let party = dataset.parties.values_mut().next().unwrap();
    party.name = accord_model::Text::new("Ōsaka £ Fund – Tus-Holdings").unwrap();
    let briefing = accord_report::briefing(&dataset, &Options::default());
    let pdf = accord_report::pdf(&briefing, &PdfOptions::default()).unwrap();
    let text = reread(&pdf.bytes).pages.join(" ");
    assert!(
        text.contains("Ōsaka £ Fund – Tus-Holdings"),
        "the name did not survive the font subset"
    );
    assert!(text.contains("https://example.org/news/elekta-sinopharm"));
    // The address is a link annotation on the page that shows it.
    let doc = lopdf::Document::load_mem(&pdf.bytes).unwrap();
    let resolve = |object: &lopdf::Object| -> Option<lopdf::Dictionary> {
        match object {
            lopdf::Object::Reference(id) => doc.get_dictionary(*id).ok().cloned(),
            lopdf::Object::Dictionary(d) => Some(d.clone()),
            _ => None,
        }
    };
    let mut uris = Vec::new();
    for page in doc.get_pages().values() {
        let page = doc.get_dictionary(*page).unwrap();
        let Ok(annotations) = page.get(b"Annots") else {
            continue;
        };
        let annotations = match annotations {
            lopdf::Object::Reference(id) => {
                doc.get_object(*id).unwrap().as_array().unwrap().clone()
            }
            other => other.as_array().unwrap().clone(),
        };
        for annotation in annotations.iter().filter_map(resolve) {
            let action = annotation.get(b"A").ok().and_then(resolve);
            if let Some(uri) = action
                .as_ref()
                .and_then(|a| a.get(b"URI").ok())
                .and_then(|u| u.as_str().ok())
            {
                uris.push(String::from_utf8_lossy(uri).into_owned());
            }
        }
    }
    assert!(
        uris.contains(&"https://example.org/news/elekta-sinopharm".to_owned()),
        "{uris:?}"
    );
    let html = accord_report::html(&briefing);
    assert!(html.contains("<a href=\"https://example.org/news/elekta-sinopharm\">"));
}

/// The field report `rate-overflow`: twelve values of the widest amount a
/// record may state, converted at the largest rate a decimal holds. Every
/// figure that cannot be computed is a note in both formats, not a panic.
#[test]
fn totals_and_rates_beyond_a_decimal_are_notes_in_both_formats() {
    use rust_decimal::Decimal;
    let widest: accord_model::Amount = "9999999999999999.999999999999".parse().unwrap();
    for (amount, currency, rate, note) in [
        (
            widest,
            "GBP",
            Decimal::MAX,
            "The total in GBP has more digits than can be computed exactly",
        ),
        (
            accord_model::Amount(Decimal::MAX),
            "GBP",
            Decimal::ONE,
            "The total in GBP exceeds what can be computed",
        ),
        (
            accord_model::Amount(Decimal::ONE),
            "GBP",
            Decimal::MAX,
            "14 GBP: the figure in USD exceeds what can be computed",
        ),
    ] {
        let mut dataset = fixtures().clone();
        for agreement in dataset.agreements.values_mut() {
            agreement.value = Some(accord_model::Money {
                amount,
                currency: currency.parse().unwrap(),
                qualifier: accord_model::Qualifier::Exact,
                as_stated: None,
            });
        }
        let options = Options {
            rates: Some(accord_report::RateTable {
                label: "Big rate".to_owned(),
                date: chrono::NaiveDate::from_ymd_opt(2025, 12, 31).unwrap(),
                target: "USD".to_owned(),
                rates: vec![("GBP".to_owned(), rate)],
            }),
            ..Options::default()
        };
        let briefing = accord_report::briefing(&dataset, &options);
        let html = html_text(&accord_report::html(&briefing));
        let pdf = accord_report::pdf(&briefing, &PdfOptions::default()).unwrap();
        let pdf = reread(&pdf.bytes).pages.join(" ");
        for text in [&html, &pdf] {
            assert!(text.contains(note), "no `{note}` in {text}");
        }
    }
}

/// DejaVu Sans with a `cmap` of `groups` (format 12: first and last code
/// point, glyph of the first), as a hostile `--font` might declare them.
fn font_with_groups(groups: &[(u32, u32, u32)]) -> Vec<u8> {
    let mut cmap: Vec<u8> = [0u16, 1, 3, 10]
        .iter()
        .flat_map(|h| h.to_be_bytes())
        .collect();
    cmap.extend(12u32.to_be_bytes());
    cmap.extend([0, 12, 0, 0]);
    let count = groups.len() as u32;
    for word in [16 + 12 * count, 0, count] {
        cmap.extend(word.to_be_bytes());
    }
    for &(first, last, glyph) in groups {
        for word in [first, last, glyph] {
            cmap.extend(word.to_be_bytes());
        }
    }
    let mut font = include_bytes!("../fonts/DejaVuSans.ttf").to_vec();
    let tables = usize::from(u16::from_be_bytes([font[4], font[5]]));
    let at = font.len().next_multiple_of(4);
    font.resize(at, 0);
    font.extend_from_slice(&cmap);
    for record in (0..tables).map(|i| 12 + 16 * i) {
        if &font[record..record + 4] == b"cmap" {
            font[record + 8..record + 12].copy_from_slice(&(at as u32).to_be_bytes());
            font[record + 12..record + 16].copy_from_slice(&(cmap.len() as u32).to_be_bytes());
        }
    }
    font
}

/// A `--font` whose character map declares every code point thousands of
/// times over renders as quickly as one that declares a character per
/// range: the work follows the characters the briefing uses.
#[test]
fn a_font_declaring_huge_ranges_renders_as_fast_as_a_plain_one() {
    let briefing = accord_report::briefing(
        fixtures(),
        &Options {
            title: Some("Briefing 中国".to_owned()),
            ..Options::default()
        },
    );
    let render = |font: Vec<u8>| {
        let start = std::time::Instant::now();
        let pdf = accord_report::pdf(
            &briefing,
            &PdfOptions {
                fonts: vec![font],
                ..PdfOptions::default()
            },
        )
        .expect("the PDF renders");
        (pdf, start.elapsed())
    };
    let groups = 20_000;
    let (_, plain) = render(font_with_groups(
        &(0..groups)
            .map(|i| (0x4E00 + i, 0x4E00 + i, 100 + i))
            .collect::<Vec<_>>(),
    ));
    let (pdf, hostile) = render(font_with_groups(&vec![
        (0x4E00, 0x10FFFF, 100);
        groups as usize
    ]));
    assert!(
        hostile < plain * 3 + std::time::Duration::from_millis(500),
        "{hostile:?} with huge ranges, {plain:?} without"
    );
    // The title's Chinese characters came from the font.
    let doc = lopdf::Document::load_mem(&pdf.bytes).unwrap();
    let names: Vec<String> = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter_map(|d| d.get(b"BaseFont").ok())
        .filter_map(|n| n.as_name().ok())
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .collect();
    assert!(names.iter().any(|n| n.starts_with("ACCFAA+")), "{names:?}");
}

/// Every link to a web address in a PDF: the address of its action, and
/// the action's object id (shared by the lines of one address).
fn uri_links(bytes: &[u8]) -> Vec<(String, lopdf::ObjectId)> {
    let doc = lopdf::Document::load_mem(bytes).expect("the PDF parses");
    let mut links = Vec::new();
    for page in doc.get_pages().values() {
        let page = doc.get_dictionary(*page).expect("a page");
        let Ok(annotations) = page.get(b"Annots").and_then(|a| a.as_array()) else {
            continue;
        };
        for annotation in annotations {
            let annotation = match annotation {
                lopdf::Object::Reference(id) => doc.get_dictionary(*id).expect("an annotation"),
                other => other.as_dict().expect("an annotation"),
            };
            let Ok(&lopdf::Object::Reference(action)) = annotation.get(b"A") else {
                continue;
            };
            if let Ok(uri) = doc.get_dictionary(action).expect("an action").get(b"URI") {
                let uri = uri.as_str().expect("a string");
                links.push((String::from_utf8_lossy(uri).into_owned(), action));
            }
        }
    }
    links
}

/// Fixtures with the first source's address replaced.
fn with_address(address: &str) -> Briefing {
    let mut dataset = fixtures().clone();
    let source = dataset.sources.values_mut().next().expect("a source");
    source.url = Some(accord_model::Url::new(address).expect("an address"));
    accord_report::briefing(&dataset, &Options::default())
}

/// An address of tens of thousands of characters wraps over hundreds of
/// lines, each a link; the address is written once, so the file grows
/// with the address, not with its square.
#[test]
fn a_long_address_is_written_once_however_many_lines_it_wraps_to() {
    let render = |n: usize| {
        let address = format!("https://example.org/{}", "p(1)".repeat(n / 4));
        let pdf = accord_report::pdf(&with_address(&address), &PdfOptions::default()).unwrap();
        let links: Vec<_> = uri_links(&pdf.bytes)
            .into_iter()
            .filter(|(uri, _)| *uri == address)
            .collect();
        let actions: std::collections::BTreeSet<_> = links.iter().map(|(_, id)| *id).collect();
        assert_eq!(actions.len(), 1, "one action for the address");
        (pdf.bytes.len(), links.len())
    };
    let (small, small_lines) = render(20_000);
    let (large, large_lines) = render(40_000);
    assert!(small_lines > 200, "{small_lines} lines");
    // The start, `https://example.org/`, has a line of its own (a line may
    // end after a slash); the rest of the address fills as many again.
    assert!(large_lines >= 2 * small_lines - 2, "{large_lines} lines");
    let base = accord_report::pdf(
        &with_address("https://example.org/"),
        &PdfOptions::default(),
    )
    .unwrap()
    .bytes
    .len();
    let (small, large) = (small - base, large - base);
    assert!(
        large < small * 5 / 2,
        "the PDF grew by {small} bytes for 20,000 characters, {large} for 40,000"
    );
}

/// Link addresses are 7-bit ASCII, percent-encoded, in the PDF and the
/// HTML; the text shown is the address as written.
#[test]
fn link_addresses_are_ascii_and_shown_as_written() {
    let written = "https://bücher.example/straße?q=ü&a=\"<>{}|^`";
    let encoded = "https://b%C3%BCcher.example/stra%C3%9Fe?q=%C3%BC&a=%22%3C%3E%7B%7D%7C%5E%60";
    let briefing = with_address(written);
    let pdf = accord_report::pdf(&briefing, &PdfOptions::default()).unwrap();
    let links = uri_links(&pdf.bytes);
    assert!(links.iter().any(|(uri, _)| uri == encoded), "{links:?}");
    for (uri, _) in &links {
        assert!(
            uri.bytes().all(|b| b.is_ascii_graphic()),
            "not 7-bit ASCII: {uri}"
        );
    }
    assert!(
        reread(&pdf.bytes)
            .pages
            .join(" ")
            .contains("https://bücher.example/straße?q=ü&a=\"<>{}|^`")
    );
    let html = accord_report::html(&briefing);
    assert!(
        html.contains(&format!("<a href=\"{}\">", encoded.replace('&', "&#38;"))),
        "{}",
        &html[html.find("bücher").unwrap() - 200..]
    );
    assert!(html_text(&html).contains(written));
}

/// Characters that would break or reorder the text around them.
fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\n')
        || ('\u{202A}'..='\u{202E}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// Control characters and bidirectional overrides: record text cannot hold
/// them (the model refuses them), and text that reaches the briefing from
/// elsewhere (the title given on the command line, the notes of the data
/// check) reaches neither format as it is: both show the replacement
/// character, and the text around them stays whole.
#[test]
fn control_characters_and_bidi_overrides_are_shown_replaced() {
    assert!(accord_model::Text::new("Deal\u{0}one\u{1B}[2J").is_err());
    assert!(accord_model::Text::new("Party \u{202E}gnp.exe").is_err());
    assert!(accord_model::Url::new("https://x.example/\u{202E}fdp.exe\u{1}").is_err());
    let dataset = fixtures().clone();
    let briefing = accord_report::briefing(
        &dataset,
        &Options {
            title: Some("Brief\u{1B}]0;x\u{7}\u{202E}ing".to_owned()),
            notes: vec![
                "a note\u{0} with a NUL".to_owned(),
                "Party \u{202E}gnp.exe\u{2066}x\u{2069} and \u{9B}[2J".to_owned(),
            ],
            ..Options::default()
        },
    );
    let shown = [
        "Brief\u{FFFD}]0;x\u{FFFD}\u{FFFD}ing",
        "a note\u{FFFD} with a NUL",
        "Party \u{FFFD}gnp.exe\u{FFFD}x\u{FFFD} and \u{FFFD}[2J",
    ];

    let html = accord_report::html(&briefing);
    assert!(
        !html.chars().any(is_unsafe),
        "a raw control reached the HTML"
    );
    let text = html_text(&html);
    for expected in shown {
        assert!(text.contains(expected), "the HTML lacks {expected:?}");
    }

    let pdf = accord_report::pdf(&briefing, &PdfOptions::default()).unwrap();
    let reread = reread(&pdf.bytes);
    let text = reread.pages.join(" ");
    assert!(
        !text.chars().any(is_unsafe),
        "a raw control reached the PDF"
    );
    for expected in shown {
        assert!(text.contains(expected), "the PDF lacks {expected:?}");
    }
    let title = reread.metadata.title.unwrap_or_default();
    assert_eq!(title, "Brief\u{FFFD}]0;x\u{FFFD}\u{FFFD}ing");
    for (_, bookmark, _) in &reread.outline {
        assert!(!bookmark.chars().any(is_unsafe), "{bookmark:?}");
    }
}

/// The fixtures and `n` more collaborations, copies of the first, each
/// with its own source, its own occasion (with a reported total) and its
/// own reason for an inferred date.
fn many(n: usize) -> Dataset {
    let base = fixtures();
    let mut records = Vec::new();
    let agreement = serde_json::to_value(&**base.agreements.values().next().expect("one"))
        .expect("a record as JSON");
    let source =
        serde_json::to_value(base.sources.values().next().expect("one")).expect("a record as JSON");
    let occasion = serde_json::to_value(base.occasions.values().next().expect("one"))
        .expect("a record as JSON");
    for i in 0..n {
        let mut a = agreement.clone();
        a["id"] = format!("deal-{i}").into();
        a["title"] = format!("Deal {i}").into();
        a["sources"] = serde_json::json!([{"source": format!("source-{i}")}]);
        a["occasion"] = format!("occasion-{i}").into();
        a["dates"] =
            serde_json::json!({"signed": {"value": "2018", "inferred": format!("Reason {i}.")}});
        let mut s = source.clone();
        s["id"] = format!("source-{i}").into();
        let mut o = occasion.clone();
        o["id"] = format!("occasion-{i}").into();
        o["reported_total"] = serde_json::json!({"amount": i + 1, "currency": "GBP"});
        o.as_object_mut().expect("an object").remove("part_of");
        records.push(accord_model::Record::Agreement(Box::new(
            serde_json::from_value(a).expect("an agreement"),
        )));
        records.push(accord_model::Record::Source(Box::new(
            serde_json::from_value(s).expect("a source"),
        )));
        records.push(accord_model::Record::Occasion(Box::new(
            serde_json::from_value(o).expect("an occasion"),
        )));
    }
    let mut dataset = base.clone();
    for record in records {
        dataset.insert(record);
    }
    dataset
}

/// The shortest of three runs.
fn fastest<T>(mut run: impl FnMut() -> T) -> std::time::Duration {
    (0..3)
        .map(|_| {
            let start = std::time::Instant::now();
            std::hint::black_box(run());
            start.elapsed()
        })
        .min()
        .expect("three runs")
}

/// Building the view takes time in proportion to the records: numbering
/// sources, noting occasions and grouping reasons for inferred dates do
/// not compare every record with every other.
#[test]
fn the_view_grows_linearly_with_sources_occasions_and_reasons() {
    // Four times the records: linear work takes about 4 times as long,
    // quadratic work 16 times. The bound of 8 leaves room for the other
    // tests of this file, which run at the same time on a small machine.
    let n = 1_000;
    let (small, large) = (many(n), many(4 * n));
    let options = Options::default();
    let once = accord_report::briefing(&large, &options);
    assert_eq!(once.sources.len(), 4 * n + 3);
    let t1 = fastest(|| accord_report::briefing(&small, &options));
    let t4 = fastest(|| accord_report::briefing(&large, &options));
    eprintln!("{t1:?} {t4:?}");
    assert!(
        t4 < t1 * 8,
        "{t1:?} for {n} records, {t4:?} for four times as many"
    );
}

/// Laying out and writing the PDF takes time in proportion to the records.
#[test]
fn the_pdf_grows_linearly_with_records() {
    let n = 150;
    let options = Options::default();
    let small = accord_report::briefing(&many(n), &options);
    let large = accord_report::briefing(&many(2 * n), &options);
    let pdf = PdfOptions::default();
    let t1 = fastest(|| accord_report::pdf(&small, &pdf));
    let t2 = fastest(|| accord_report::pdf(&large, &pdf));
    eprintln!("{t1:?} {t2:?}");
    assert!(
        t2 < t1 * 5 / 2,
        "{t1:?} for {n} records, {t2:?} for twice as many"
    );
}

/// Very long words (a title, a summary and a party name of tens of
/// thousands of letters without a space, and as long a briefing title)
/// are broken between letters in time that grows with their length, and
/// every letter is on a page.
#[test]
fn very_long_words_are_laid_out_in_linear_time() {
    let briefing = |n: usize| {
        let mut dataset = fixtures().clone();
        let agreement = dataset.agreements.values_mut().next().unwrap();
        agreement.title = accord_model::Text::new("t".repeat(n)).unwrap();
        agreement.summary = accord_model::Text::new("s".repeat(n)).unwrap();
        let id = agreement.parties[0].party.clone();
        let party = dataset.parties.get_mut(&id).unwrap();
        party.name = accord_model::Text::new("p".repeat(n)).unwrap();
        accord_report::briefing(
            &dataset,
            &Options {
                title: Some("b".repeat(n)),
                ..Options::default()
            },
        )
    };
    let n = 20_000;
    let (small, large) = (briefing(n), briefing(2 * n));
    let pdf = PdfOptions::default();
    let t1 = fastest(|| accord_report::pdf(&small, &pdf));
    let t2 = fastest(|| accord_report::pdf(&large, &pdf));
    assert!(
        t2 < t1 * 5 / 2,
        "{t1:?} for {n} letters, {t2:?} for twice as many"
    );
    let bytes = accord_report::pdf(&small, &pdf).unwrap().bytes;
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    // Each page's text without the running header and footer, drawn last
    // on every page but the first and starting with the cut title `bb…`.
    let text: String = doc
        .get_pages()
        .keys()
        .map(|&page| {
            let mut text = doc.extract_text(&[page]).unwrap();
            if page > 1 {
                let end = text.rfind("b…").expect("a running header");
                let start = text[..=end].trim_end_matches('b').len();
                text.truncate(start);
            }
            text
        })
        .collect::<String>()
        .split_whitespace()
        .collect();
    // Every line of text starts on its page, not below its foot.
    for (&number, &page) in &doc.get_pages() {
        let content = doc.get_and_decode_page_content(page).unwrap();
        for op in content.operations.iter().filter(|op| op.operator == "Tm") {
            let y = op.operands[5].as_float().unwrap();
            assert!(
                (0.0..=842.0).contains(&y),
                "text at y = {y} on page {number}"
            );
        }
    }
    for letter in ["t", "s", "p", "b"] {
        assert!(
            text.contains(&letter.repeat(n)),
            "the word of `{letter}`s is not whole"
        );
    }
}

#[test]
fn the_title_page_names_the_subject_and_the_summary_tells_the_three_stories() {
    let (briefing, html, bytes) = render(&Options {
        issuer: Some("Healthcare UK".to_owned()),
        ..Options::default()
    });
    assert_eq!(
        briefing.title,
        "United Kingdom–China health collaboration, 2018–2023"
    );
    let pdf = reread(&bytes);
    let first = &pdf.pages[0];
    assert!(first.contains("Healthcare UK"), "{first}");
    let messages: Vec<&str> = briefing.summary.iter().map(|m| m.text.as_str()).collect();
    assert!((3..=6).contains(&messages.len()), "{messages:?}");
    let all = messages.join(" ");
    // The visit's eleven signings and the fund, the joint venture and its
    // target, the talks that signed nothing, and how sure each is.
    for wanted in [
        "11 of the 14 collaborations were signed in connection with the UK Prime Minister's visit to China, 2018",
        "5,000,000,000 CNY (Eight Great Technologies–Leaguer International fund",
        "Elekta–Sinopharm radiotherapy joint venture",
        "more than 1,000 medical institutions",
        "1 only discussed or announced: Liaoning Province–Sinopharm",
        "1 known only by reference",
        "How sure:",
    ] {
        assert!(all.contains(wanted), "no `{wanted}` in {all}");
    }
    // Every message is on the first page of the PDF, with the pages of its
    // entries, and in the HTML with links to them.
    // A line may end after a dash, and the text read back puts a space
    // there: compare with the dash alone.
    let joined = |text: &str| text.replace("- ", "-").replace("– ", "–");
    let first_joined = joined(first);
    for m in &briefing.summary {
        let text = joined(&normalise(m.text.trim_end_matches('.')));
        assert!(first_joined.contains(&text), "not on page 1: {text}");
        for (anchor, _) in &m.entries {
            assert!(html.contains(&format!("href=\"#{anchor}\"")), "{anchor}");
            assert!(
                html.contains(&format!("id=\"{anchor}\"")),
                "no target {anchor}"
            );
        }
    }
    assert!(first.contains("(see pages "));
}

#[test]
fn each_collaboration_is_described_once_and_referred_to_elsewhere() {
    let (briefing, html, _) = render(&Options::default());
    let mut ids: Vec<&str> = briefing
        .regions
        .iter()
        .flat_map(|r| r.collaborations.iter().map(|c| c.id.as_str()))
        .collect();
    assert_eq!(ids.len(), 14);
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 14, "an entry is printed twice");
    // The regulators' exchange takes effect in the UK and China: one
    // entry, and a reference from the other region.
    let referring: Vec<&str> = briefing
        .regions
        .iter()
        .filter(|r| {
            r.also
                .iter()
                .any(|(id, _)| id == "cfda-mhra-safety-information-exchange")
        })
        .map(|r| r.name.as_str())
        .collect();
    assert_eq!(referring.len(), 1);
    assert_eq!(
        html.matches("id=\"cfda-mhra-safety-information-exchange\"")
            .count(),
        1
    );
    // A note shared by several entries is printed once, not in them.
    let text = html_text(&html);
    for note in &briefing.shared_notes {
        for c in briefing.regions.iter().flat_map(|r| &r.collaborations) {
            assert!(
                !c.notes
                    .iter()
                    .chain(&c.marks)
                    .any(|n| n.contains(note.as_str())),
                "{note}"
            );
        }
    }
    assert!(!briefing.shared_notes.is_empty());
    // No entry says its value is not stated.
    assert!(!text.contains("Value not stated"));
    // The party directory carries descriptions.
    assert!(
        text.contains("forty years") || text.contains("40 years") || text.contains("four decades")
    );
}

#[test]
fn a_filtered_briefing_describes_its_own_selection() {
    let (briefing, _, bytes) = render(&Options {
        filters: Filters {
            regions: vec![RegionFilter::parse("CN-LN").unwrap()],
            ..Filters::default()
        },
        ..Options::default()
    });
    assert!(briefing.title.starts_with("Liaoning"), "{}", briefing.title);
    assert!(
        briefing
            .dataset_summary
            .starts_with("This briefing covers 1 of the 14 collaborations"),
        "{}",
        briefing.dataset_summary
    );
    let pdf = reread(&bytes);
    assert!(!pdf.pages.join(" ").contains("Drawn from 14"));
}

#[test]
fn briefings_are_short_with_chapters_on_new_pages() {
    // The fixtures' briefing ran to 35 pages before each collaboration was
    // printed once and the sections flowed on; a one-collaboration
    // briefing has no title page or contents of its own.
    let (_, _, bytes) = render(&Options::default());
    let pages = reread(&bytes).pages;
    assert!(pages.len() <= 26, "{} pages", pages.len());
    let (_, _, bytes) = render(&Options {
        filters: Filters {
            regions: vec![RegionFilter::parse("CN-LN").unwrap()],
            ..Filters::default()
        },
        ..Options::default()
    });
    let pages = reread(&bytes).pages;
    assert!(pages.len() <= 4, "{} pages", pages.len());
    assert!(pages[0].contains("Summary") && pages[0].contains("Liaoning"));
}

/// The PDF is tagged: marked, with a language, the title in the window, a
/// structure tree of headings, tables with header cells and figures with a
/// text alternative, and no key that claims PDF/X.
#[test]
fn the_pdf_is_tagged_with_a_structure_tree() {
    let (_, _, bytes) = render(&Options::default());
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let catalog = doc.catalog().unwrap();
    let marked = catalog.get(b"MarkInfo").unwrap().as_dict().unwrap();
    assert!(marked.get(b"Marked").unwrap().as_bool().unwrap());
    assert_eq!(catalog.get(b"Lang").unwrap().as_str().unwrap(), b"en");
    let preferences = catalog
        .get(b"ViewerPreferences")
        .unwrap()
        .as_dict()
        .unwrap();
    assert!(
        preferences
            .get(b"DisplayDocTitle")
            .unwrap()
            .as_bool()
            .unwrap()
    );
    let info = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let info = doc.get_dictionary(info).unwrap();
    assert!(info.get(b"GTS_PDFXVersion").is_err(), "no PDF/X key");
    assert!(catalog.get(b"StructTreeRoot").is_ok());
    // Every structure element, by role.
    let mut roles = std::collections::BTreeMap::<String, usize>::new();
    let mut figures_with_alt = 0;
    for object in doc.objects.values() {
        let Ok(dict) = object.as_dict() else { continue };
        let (Ok(role), Ok(_)) = (dict.get(b"S"), dict.get(b"P")) else {
            continue;
        };
        let role = String::from_utf8_lossy(role.as_name().unwrap()).into_owned();
        if role == "Figure" && dict.get(b"Alt").is_ok() {
            figures_with_alt += 1;
        }
        *roles.entry(role).or_default() += 1;
    }
    for role in [
        "Document", "H1", "H2", "H3", "P", "L", "LI", "Table", "TR", "TH", "TD", "TOC",
    ] {
        assert!(roles.contains_key(role), "no {role}: {roles:?}");
    }
    assert_eq!(roles.get("Figure"), Some(&figures_with_alt));
    assert!(figures_with_alt >= 2);
    // Every page's marked content points back into the tree.
    for page in doc.get_pages().values() {
        let page = doc.get_dictionary(*page).unwrap();
        assert!(page.get(b"StructParents").is_ok());
    }
    // The running headers and footers are furniture, not content.
    let first_body_page = *doc.get_pages().get(&3).unwrap();
    let content = String::from_utf8_lossy(&doc.get_page_content(first_body_page)).into_owned();
    assert!(content.contains("/Artifact BMC"));
    assert!(content.contains("<</MCID 0>> BDC"));
}
