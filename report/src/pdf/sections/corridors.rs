//! Bilateral corridors: the rule, the table and its notes.

use crate::pdf::layout::{Column, Style, Writer};
use crate::view::Briefing;

pub(super) fn write(w: &mut Writer<'_>, b: &Briefing, title: &str) {
    // The heading, the rule and the table's head and first row together:
    // the first row's height is its titles' lines in the widest column.
    let rule = w
        .wrap(b.wording.corridor_rule, Style::BODY, w.content_width())
        .len() as f32
        * Style::BODY.leading;
    let first = b.corridors.first().map_or(0.0, |c| {
        let column = w.content_width() * 3.4 / 5.5 - 8.0;
        w.wrap(&c.titles.join("; "), Style::TABLE, column).len() as f32 * Style::TABLE.leading
    });
    w.heading(1, title, rule + first + 40.0);
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
