//! The directory of parties: one short entry per party, full width.

use super::{directory_entry, with_local_name};
use crate::pdf::layout::Writer;
use crate::view::Briefing;

pub(super) fn write(w: &mut Writer<'_>, b: &Briefing, title: &str) {
    w.heading(1, title, 60.0);
    for p in &b.parties {
        let name = with_local_name(w, &p.name, p.local_name.as_ref());
        let mut facts = vec![p.kind.clone(), format!("Based in {}", p.home)];
        facts.extend(p.details.iter().cloned());
        let facts: Vec<&str> = facts.iter().map(|f| f.trim_end_matches('.')).collect();
        directory_entry(w, &name, &format!("{}.", facts.join(". ")));
    }
}
