//! The body of the PDF, one module per section of the briefing
//! ([`crate::view::SectionKind`]), each drawing what its view section holds
//! with the layout engine. The order comes from [`Briefing::sections`].

mod collaborations;
mod corridors;
mod how_to_read;
mod key_figures;
mod parties;
mod people;
mod quality;
mod regions_and_sectors;
mod sources;
mod summary;

use super::layout::Writer;
use crate::view::{Briefing, SectionKind};

/// Lays out every section the briefing prints, in order. `notes` are
/// what the reader should know about this rendering.
pub(super) fn write_body(w: &mut Writer<'_>, b: &Briefing, notes: &[String]) {
    for (i, section) in b.sections().iter().enumerate() {
        if i > 0 && section.kind.starts_page() {
            w.new_page();
        }
        match section.kind {
            SectionKind::Summary => summary::write(w, b, section.title),
            SectionKind::HowToRead => how_to_read::write(w, b, section.title),
            SectionKind::KeyFigures => key_figures::write(w, b, section.title),
            SectionKind::RegionsAndSectors => regions_and_sectors::write(w, b, section.title),
            SectionKind::Corridors => corridors::write(w, b, section.title),
            SectionKind::Collaborations => collaborations::write(w, b, section.title),
            SectionKind::Parties => parties::write(w, b, section.title),
            SectionKind::People => people::write(w, b, section.title),
            SectionKind::Sources => sources::write(w, b, section.title),
            SectionKind::Quality => quality::write(w, b, section.title, notes),
        }
    }
}

/// A name with its name in its own script (and that name's sign) on the
/// next line, when a font can show it.
fn with_local_name(w: &Writer<'_>, name: &str, local: Option<&crate::LocalNameText>) -> String {
    let mut text = name.to_owned();
    if let Some(local) = local
        && w.can_show(&local.text)
    {
        text.push('\n');
        text.push_str(&local.text);
        text.push_str(&local.sign);
    }
    text
}
