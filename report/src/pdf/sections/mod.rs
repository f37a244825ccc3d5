//! The body of the PDF, one module per section of the briefing
//! ([`crate::view::SectionKind`]), each drawing what its view section holds
//! with the layout engine. The order comes from [`Briefing::sections`].

mod changes;
mod collaborations;
mod corridors;
mod how_to_read;
mod key_figures;
mod parties;
mod people;
mod quality;
mod regions_and_sectors;
mod sources;
pub(super) mod summary;

use std::collections::HashMap;

use super::layout::{Style, Writer};
use crate::view::{Briefing, SectionKind};

/// What laying out the body found: the page (counted from the body's
/// first) of each anchor, and whether it printed a page reference.
pub(super) struct Laid {
    /// Each anchor (a section's id, an entry's id) and its page.
    pub anchors: Vec<(String, usize)>,
    /// Whether a page number from `refs` was printed.
    pub used_refs: bool,
}

/// Lays out every section the briefing prints after the title page, in
/// order. `notes` are what the reader should know about this rendering;
/// `refs` the page of each anchor, as far as known, for cross-references.
/// The summary is on the title page (see `write_front`).
pub(super) fn write_body(
    w: &mut Writer<'_>,
    b: &Briefing,
    notes: &[String],
    refs: &HashMap<String, usize>,
) -> Laid {
    let mut laid = Laid {
        anchors: Vec::new(),
        used_refs: false,
    };
    let mut first = true;
    for section in b.sections() {
        if section.kind == SectionKind::Summary {
            continue;
        }
        if !first && section.kind.starts_page() && !b.compact() {
            w.new_page();
        }
        first = false;
        laid.anchors.push((section.id.to_owned(), w.page_index()));
        match section.kind {
            SectionKind::Summary => {}
            SectionKind::HowToRead => how_to_read::write(w, b, section.title),
            SectionKind::KeyFigures => key_figures::write(w, b, section.title),
            SectionKind::Changes => changes::write(w, b, &mut laid, refs),
            SectionKind::RegionsAndSectors => regions_and_sectors::write(w, b, section.title),
            SectionKind::Corridors => corridors::write(w, b, section.title),
            SectionKind::Collaborations => {
                collaborations::write(w, b, section.title, &mut laid, refs)
            }
            SectionKind::Parties => parties::write(w, b, section.title),
            SectionKind::People => people::write(w, b, section.title),
            SectionKind::Sources => sources::write(w, b, section.title),
            SectionKind::Quality => quality::write(w, b, section.title, notes),
        }
    }
    laid
}

/// Bullets that keep together: an item of up to four lines is never
/// split over a page, and a longer one keeps at least two lines on each
/// side, so no line of an item is stranded at a page's foot or top.
fn kept_bullets(w: &mut Writer<'_>, items: &[String], style: Style) {
    for item in items {
        let lines = w.wrap(item, style, w.content_width() - 10.0).len();
        let keep = if lines <= 4 { lines } else { 2 };
        w.ensure(keep as f32 * style.leading);
        w.bullets(std::slice::from_ref(item), style, 0.0);
    }
}

/// A directory entry: the name in bold, then one paragraph of what is
/// known, kept together when short.
fn directory_entry(w: &mut Writer<'_>, name: &str, facts: &str) {
    let small = Style::SMALL;
    let lines = w.wrap(facts, small, w.content_width() - 10.0).len();
    let keep = if lines <= 4 { lines } else { 2 };
    w.ensure(Style::BODY.leading + keep as f32 * small.leading);
    w.paragraph(name, Style::BODY.bold(), 0.0);
    w.paragraph(facts, small, 10.0);
    w.space(3.0);
}

/// A name with its name in its own script (and that name's sign) on the
/// next line, when a font can show it.
fn with_local_name(w: &Writer<'_>, name: &str, local: Option<&crate::LocalNameText>) -> String {
    let mut text = name.to_owned();
    if let Some(local) = local
        && w.can_show(&local.text)
    {
        text.push(' ');
        text.push_str(&local.text);
        text.push_str(&local.sign);
    }
    text
}
