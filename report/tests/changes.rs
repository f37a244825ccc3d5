//! The "What changed since …" section: the same facts in the HTML and the
//! PDF, each collaboration linked to its entry in both.

#![allow(clippy::unwrap_used)]

mod common;

use std::sync::Arc;

use accord_model::{AgreementId, Dataset};
use accord_report::{Options, PdfOptions, Since};
use common::{html_text, normalise};
use serde_json::json;

fn fixtures() -> Dataset {
    common::load("../fixtures")
}

/// An older version of the fixtures: one collaboration not yet recorded,
/// another with an earlier status, a third with another value, and a
/// party since removed.
fn older(now: &Dataset) -> Dataset {
    let mut old = now.clone();
    let id = |s: &str| s.parse::<AgreementId>().unwrap();
    old.agreements
        .remove(&id("manchester-pku-biomarker-platform"))
        .unwrap();
    let edit = |old: &mut Dataset, agreement: &str, f: &dyn Fn(&mut serde_json::Value)| {
        let a = old.agreements.get_mut(&id(agreement)).unwrap();
        let mut v = serde_json::to_value(&**a).unwrap();
        f(&mut v);
        **a = serde_json::from_value(v).unwrap();
    };
    edit(&mut old, "elekta-sinopharm-radiotherapy-jv", &|v| {
        v["status"] = json!("announced");
    });
    edit(&mut old, "eight-great-technologies-leaguer-fund", &|v| {
        v["value"]["amount"] = json!(4000000000u64);
    });
    let mut party = serde_json::to_value(&*old.parties.values().next().unwrap().clone()).unwrap();
    party["id"] = json!("a-party-since-removed");
    party["name"] = json!("A party since removed");
    let party: accord_model::Party = serde_json::from_value(party).unwrap();
    old.parties.insert(party.id.clone(), Box::new(party));
    old
}

#[test]
fn the_section_says_the_same_in_html_and_pdf_and_links_to_entries() {
    let now = fixtures();
    let options = Options {
        changes_since: Some(Arc::new(Since {
            label: "last-quarter".into(),
            dataset: older(&now),
        })),
        ..Options::default()
    };
    let briefing = accord_report::briefing(&now, &options);
    let changes = briefing.changes.clone().unwrap();
    assert_eq!(changes.title, "What changed since last-quarter");
    let lines: Vec<(String, Vec<String>)> = changes
        .groups
        .iter()
        .map(|g| (g.title.clone(), g.items.iter().map(|i| i.text()).collect()))
        .collect();
    assert_eq!(
        lines,
        [
            (
                "New collaborations".to_owned(),
                vec!["University of Manchester–Peking University Health Science Center cooperation and biomarker platform".to_owned()]
            ),
            (
                "Changed status".to_owned(),
                vec!["Elekta–Sinopharm radiotherapy joint venture: Announced → Signed".to_owned()]
            ),
            (
                "Changed values".to_owned(),
                vec!["Eight Great Technologies–Leaguer International fund for UK emerging technologies: value 4,000,000,000 CNY → 5,000,000,000 CNY".to_owned()]
            ),
            (
                "Removed records".to_owned(),
                vec!["A party since removed (party a-party-since-removed)".to_owned()]
            ),
        ]
    );

    // HTML: the section, each item, and links to entries that exist.
    let html = accord_report::html(&briefing);
    assert!(html.contains(r##"<li><a href="#changes">What changed since last-quarter</a></li>"##));
    // Compared without white space: a link's end tag reads as a space.
    let squash = |s: &str| s.split_whitespace().collect::<String>();
    let text = squash(&html_text(&html));
    assert!(text.contains(&squash(&changes.summary)));
    for group in &changes.groups {
        for item in &group.items {
            assert!(
                text.contains(&squash(&item.text())),
                "HTML: {}",
                item.text()
            );
            if let Some(entry) = &item.entry {
                assert!(html.contains(&format!(r##"<a href="#{}">"##, entry.anchor)));
                assert!(html.contains(&format!(r#"<article id="{}""#, entry.anchor)));
            }
        }
    }
    let linked = changes
        .groups
        .iter()
        .flat_map(|g| &g.items)
        .filter(|i| i.entry.is_some())
        .count();
    assert_eq!(
        linked, 3,
        "every collaboration, none of the removed records"
    );

    // PDF: the same lines, and each linked line's annotations lead to the
    // page where the collaboration's entry begins.
    let bytes = accord_report::pdf(&briefing, &PdfOptions::default())
        .unwrap()
        .bytes;
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let pages = doc.get_pages();
    let page_text = |n: u32| normalise(&doc.extract_text(&[n]).unwrap());
    let section_page = *pages
        .keys()
        .find(|&&n| page_text(n).contains("Changed status"))
        .unwrap();
    let all = squash(
        &pages
            .keys()
            .map(|&n| page_text(n))
            .collect::<Vec<_>>()
            .join(" "),
    );
    assert!(all.contains(&squash(&changes.summary)));
    for group in &changes.groups {
        for item in &group.items {
            assert!(all.contains(&squash(&item.text())), "PDF: {}", item.text());
        }
    }
    let page_numbers: std::collections::BTreeMap<lopdf::ObjectId, u32> =
        pages.iter().map(|(&n, &id)| (id, n)).collect();
    // The section may run over a page: its links are on the pages from
    // its heading to its last group's.
    let last_page = *pages
        .keys()
        .find(|&&n| page_text(n).contains("Removed records"))
        .unwrap();
    let annots: Vec<lopdf::Object> = (section_page..=last_page)
        .filter_map(|n| {
            let page = doc.get_dictionary(pages[&n]).unwrap();
            page.get(b"Annots")
                .ok()
                .map(|a| a.as_array().unwrap().clone())
        })
        .flatten()
        .collect();
    let mut targets = Vec::new();
    for annot in &annots {
        let annot = match annot {
            lopdf::Object::Reference(id) => doc.get_dictionary(*id).unwrap(),
            other => other.as_dict().unwrap(),
        };
        let Ok(action) = annot.get(b"A").and_then(lopdf::Object::as_dict) else {
            continue;
        };
        let dest = action.get(b"D").unwrap().as_array().unwrap();
        targets.push(page_numbers[&dest[0].as_reference().unwrap()]);
    }
    targets.sort_unstable();
    targets.dedup();
    assert!(!targets.is_empty());
    let names: Vec<String> = changes
        .groups
        .iter()
        .flat_map(|g| &g.items)
        .filter(|i| i.entry.is_some())
        .map(|i| normalise(&i.name))
        .collect();
    for &target in &targets {
        assert!(target > section_page, "links lead forward to entries");
        let text = page_text(target);
        assert!(
            names.iter().any(|n| text.contains(n.as_str())),
            "page {target} holds a linked entry"
        );
    }
    for name in &names {
        assert!(
            targets
                .iter()
                .any(|&t| page_text(t).contains(name.as_str())),
            "a link leads to the entry of {name}"
        );
    }
}

#[test]
fn nothing_changed_is_said_and_no_section_without_the_option() {
    let now = fixtures();
    let briefing = accord_report::briefing(
        &now,
        &Options {
            changes_since: Some(Arc::new(Since {
                label: "HEAD:fixtures".into(),
                dataset: now.clone(),
            })),
            ..Options::default()
        },
    );
    let changes = briefing.changes.as_ref().unwrap();
    assert_eq!(
        changes.summary,
        "Nothing this briefing covers has changed since HEAD:fixtures."
    );
    assert!(changes.groups.is_empty());
    let html = accord_report::html(&briefing);
    assert!(html.contains("Nothing this briefing covers has changed since HEAD:fixtures."));

    let plain = accord_report::briefing(&now, &Options::default());
    assert!(plain.changes.is_none());
    assert!(!accord_report::html(&plain).contains("What changed since"));
}
