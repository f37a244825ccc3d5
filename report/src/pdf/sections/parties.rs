//! The directory of parties.

use super::with_local_name;
use crate::pdf::layout::{Column, Writer};
use crate::view::Briefing;

pub(super) fn write(w: &mut Writer<'_>, b: &Briefing, title: &str) {
    w.heading(1, title, 60.0);
    let rows: Vec<Vec<String>> = b
        .parties
        .iter()
        .map(|p| {
            let name = with_local_name(w, &p.name, p.local_name.as_ref());
            vec![name, p.kind.clone(), p.home.clone(), p.details.join(". ")]
        })
        .collect();
    w.table(
        &[
            Column {
                title: "Party",
                share: 1.6,
                right: false,
            },
            Column {
                title: "Kind",
                share: 1.0,
                right: false,
            },
            Column {
                title: "Based in",
                share: 1.0,
                right: false,
            },
            Column {
                title: "Details",
                share: 2.0,
                right: false,
            },
        ],
        &rows,
    );
}
