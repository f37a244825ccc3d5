//! The directory of people.

use super::with_local_name;
use crate::pdf::layout::{Column, Writer};
use crate::view::Briefing;

pub(super) fn write(w: &mut Writer<'_>, b: &Briefing, title: &str) {
    w.heading(1, title, 60.0);
    let rows: Vec<Vec<String>> = b
        .people
        .iter()
        .map(|p| {
            vec![
                with_local_name(w, &p.name, p.local_name.as_ref()),
                p.positions.join("; "),
                p.details.join(". "),
            ]
        })
        .collect();
    w.table(
        &[
            Column {
                title: "Person",
                share: 1.3,
                right: false,
            },
            Column {
                title: "Positions",
                share: 2.0,
                right: false,
            },
            Column {
                title: "Details",
                share: 2.3,
                right: false,
            },
        ],
        &rows,
    );
}
