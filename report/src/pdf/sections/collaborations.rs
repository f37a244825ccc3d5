//! Collaborations by region: one entry per collaboration.

use crate::pdf::layout::{Style, Writer};
use crate::view::Briefing;

pub(super) fn write(w: &mut Writer<'_>, b: &Briefing, title: &str) {
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
    }
}
