//! The summary: the key messages, each with the pages of the entries it
//! rests on. It is printed on the title page.

use std::collections::{BTreeSet, HashMap};

use crate::pdf::layout::{Style, Writer};
use crate::view::Briefing;

/// Lays out the key messages; `refs` gives the page of each anchor.
pub(in crate::pdf) fn write(
    w: &mut Writer<'_>,
    b: &Briefing,
    title: &str,
    refs: &HashMap<String, usize>,
) {
    w.heading(1, title, 60.0);
    let items: Vec<String> = b
        .summary
        .iter()
        .map(|m| {
            let pages: BTreeSet<usize> = m
                .entries
                .iter()
                .filter_map(|(anchor, _)| refs.get(anchor).copied())
                .collect();
            let pages: Vec<String> = pages.iter().map(ToString::to_string).collect();
            // The reference goes before the sentence's full stop.
            let text = m.text.strip_suffix('.').unwrap_or(&m.text);
            match pages.len() {
                0 => m.text.clone(),
                1 => format!("{text} (see page {}).", pages[0]),
                _ => format!("{text} (see pages {}).", pages.join(", ")),
            }
        })
        .collect();
    super::kept_bullets(w, &items, Style::BODY);
}
