//! How to read the briefing: the signs, source numbers and dates.

use crate::pdf::layout::{Style, Writer};
use crate::view::Briefing;

pub(super) fn write(w: &mut Writer<'_>, b: &Briefing, title: &str) {
    w.heading(1, title, 60.0);
    for paragraph in &b.how_to_read {
        w.paragraph(paragraph, Style::BODY, 0.0);
        w.space(4.0);
    }
    w.space(8.0);
}
