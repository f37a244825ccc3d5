//! Bilateral corridors: the rule, the table and its notes.

use crate::pdf::layout::{Column, Style, Writer};
use crate::view::Briefing;

pub(super) fn write(w: &mut Writer<'_>, b: &Briefing, title: &str) {
    w.heading(1, title, 60.0);
    w.paragraph(b.wording.corridor_rule, Style::BODY, 0.0);
    w.space(4.0);
    let rows: Vec<Vec<String>> = b
        .corridors
        .iter()
        .map(|c| vec![c.name.clone(), c.count.to_string(), c.titles.join("; ")])
        .collect();
    w.table(
        &[
            Column {
                title: "Corridor",
                share: 1.3,
                right: false,
            },
            Column {
                title: "Collaborations",
                share: 0.8,
                right: true,
            },
            Column {
                title: "Titles",
                share: 3.4,
                right: false,
            },
        ],
        &rows,
    );
    let corridor_notes = b.corridor_notes();
    if !corridor_notes.is_empty() {
        w.bullets(&corridor_notes, Style::SMALL, 0.0);
    }
}
