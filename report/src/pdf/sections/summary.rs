//! The summary: the key messages, each with the entries it rests on.

use crate::pdf::layout::{Style, Writer};
use crate::view::Briefing;

pub(super) fn write(w: &mut Writer<'_>, b: &Briefing, title: &str) {
    w.heading(1, title, 60.0);
    let items: Vec<String> = b.summary.iter().map(|m| m.text.clone()).collect();
    w.bullets(&items, Style::BODY, 0.0);
    w.space(6.0);
}
