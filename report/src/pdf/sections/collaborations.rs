//! Collaborations by region: one entry per collaboration.

use std::collections::HashMap;

use super::Laid;
use crate::pdf::layout::{Style, Writer};
use crate::view::Briefing;

/// Each entry's anchor and page go into `laid`; `refs` gives the pages of
/// the entries a region refers to.
pub(super) fn write(
    w: &mut Writer<'_>,
    b: &Briefing,
    title: &str,
    laid: &mut Laid,
    refs: &HashMap<String, usize>,
) {
    w.heading(1, title, 60.0);
    for region in &b.regions {
        // Keep the region's heading with its first entry's title and
        // first lines, not alone at the foot of a page.
        w.heading(2, &region.name, 110.0);
        w.paragraph(&region.path, Style::SMALL, 0.0);
        if !region.places.is_empty() {
            w.paragraph(&region.places.join("; "), Style::SMALL, 0.0);
        }
        for c in &region.collaborations {
            w.heading(3, &c.title, 40.0);
            laid.anchors.push((c.id.clone(), w.page_index()));
            w.paragraph(&c.summary, Style::BODY, 0.0);
            w.space(3.0);
            let mut facts: Vec<(String, Vec<String>)> = c
                .facts
                .iter()
                .map(|(k, v)| (k.clone(), vec![v.clone()]))
                .collect();
            for (label, items) in [
                ("People", &c.people),
                ("History", &c.stages),
                ("Objectives", &c.objectives),
                ("Targets", &c.targets),
                ("Notes", &c.notes),
                ("Marks", &c.marks),
            ] {
                if !items.is_empty() {
                    facts.push((label.to_owned(), items.clone()));
                }
            }
            facts.push(("Sources".to_owned(), vec![c.citations.join("; ")]));
            w.facts(&facts, 92.0);
            w.space(4.0);
        }
        if !region.also.is_empty() {
            let items: Vec<String> = region
                .also
                .iter()
                .map(|(anchor, title)| match refs.get(anchor) {
                    Some(page) => format!("{title} (see page {page})"),
                    None => title.clone(),
                })
                .collect();
            laid.used_refs = true;
            w.paragraph(b.wording.also_here, Style::SMALL, 0.0);
            w.bullets(&items, Style::SMALL, 0.0);
            w.space(4.0);
        }
    }
    if !b.shared_notes.is_empty() {
        w.heading(2, b.wording.shared_notes, 40.0);
        let items: Vec<String> = b
            .shared_notes
            .iter()
            .enumerate()
            .map(|(i, n)| format!("{}. {n}", i + 1))
            .collect();
        super::kept_bullets(w, &items, Style::BODY);
    }
}
