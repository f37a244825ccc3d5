//! What changed since an older version of the data: each group of
//! changes as bullets, a collaboration linked to its entry's page.

use std::collections::HashMap;

use super::Laid;
use crate::pdf::layout::{self, LinkTarget, Style, Writer};
use crate::view::Briefing;

/// `refs` gives the page of each entry, as far as known; a line naming a
/// collaboration links to it and records in `laid` that it used a page.
pub(super) fn write(
    w: &mut Writer<'_>,
    b: &Briefing,
    laid: &mut Laid,
    refs: &HashMap<String, usize>,
) {
    let Some(c) = &b.changes else {
        return;
    };
    w.heading(1, &c.title, 60.0);
    w.paragraph(&c.summary, Style::BODY, 0.0);
    for group in &c.groups {
        w.heading(3, &group.title, 30.0);
        for item in &group.items {
            let page = item.entry.as_ref().and_then(|e| {
                laid.used_refs = true;
                refs.get(&e.anchor).copied()
            });
            let style = if item.entry.is_some() {
                Style::BODY.colored(layout::ACCENT)
            } else {
                Style::BODY
            };
            let width = w.content_width() - 10.0;
            for (i, line) in w.wrap(&item.text(), style, width).into_iter().enumerate() {
                w.ensure(style.leading);
                let baseline = w.y + style.size;
                if i == 0 {
                    w.text_at(w.left, baseline, "•", style);
                }
                w.text_at(w.left + 10.0, baseline, &line, style);
                if let Some(page) = page {
                    let line_width = w.measure(&line, style);
                    let (x, y) = (w.left + 10.0, w.y);
                    w.link(x, y, line_width, style.leading, LinkTarget::Page(page));
                }
                w.y += style.leading;
            }
        }
    }
}
