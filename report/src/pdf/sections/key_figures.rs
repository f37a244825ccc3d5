//! Key figures: headline counts, then the stated values per currency.

use crate::pdf::layout::{Style, Writer};
use crate::view::Briefing;

pub(super) fn write(w: &mut Writer<'_>, b: &Briefing, title: &str) {
    let words = &b.wording;
    w.heading(1, title, 60.0);
    if b.empty {
        w.paragraph(words.empty, Style::BODY, 0.0);
        return;
    }
    let figures: Vec<(String, String)> = b
        .key_figures
        .iter()
        .map(|f| (f.value.clone(), f.label.clone()))
        .collect();
    w.figure_boxes(&figures, 4);
    let figure_notes = b.figure_notes();
    if !figure_notes.is_empty() {
        w.bullets(&figure_notes, Style::SMALL, 0.0);
        w.space(4.0);
    }
    w.heading(3, words.stated_values, 30.0);
    w.paragraph(words.stated_values_rule, Style::BODY, 0.0);
    w.space(3.0);
    w.bullets(&b.totals, Style::BODY, 0.0);
    if let Some(conversion) = &b.conversion {
        w.space(3.0);
        w.paragraph(conversion, Style::BODY, 0.0);
    }
    if !b.reported_totals.is_empty() {
        w.heading(3, words.reported_totals, 30.0);
        w.bullets(&b.reported_totals, Style::BODY, 0.0);
    }
}
