//! Notes on data quality, with what the reader should know about this PDF.

use super::kept_bullets;
use crate::pdf::layout::{Style, Writer};
use crate::view::Briefing;

pub(super) fn write(w: &mut Writer<'_>, b: &Briefing, title: &str, notes: &[String]) {
    let words = &b.wording;
    w.heading(1, title, 40.0);
    if b.quality.is_empty() {
        w.paragraph(words.no_quality_issue, Style::BODY, 0.0);
    }
    if !notes.is_empty() {
        w.heading(3, words.this_pdf, 20.0);
        kept_bullets(w, notes, Style::SMALL);
    }
    for group in &b.quality {
        w.heading(3, &group.title, 20.0);
        kept_bullets(w, &group.items, Style::SMALL);
    }
}
