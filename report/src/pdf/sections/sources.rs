//! Sources: each numbered, with its address and archived copy as links.

use std::rc::Rc;

use crate::pdf::layout::{self, LinkTarget, Style, Writer};
use crate::pdf::tag::Role;
use crate::view::Briefing;

pub(super) fn write(w: &mut Writer<'_>, b: &Briefing, title: &str) {
    w.heading(1, title, 40.0);
    for source in &b.sources {
        w.begin(Role::P);
        let style = Style::BODY;
        let label = format!("[{}]", source.number);
        let lines = w.wrap(&source.text, style, w.content_width() - 26.0);
        for (i, line) in lines.iter().enumerate() {
            w.ensure(style.leading);
            let baseline = w.y + style.size;
            if i == 0 {
                w.text_at(w.left, baseline, &label, style.bold());
            }
            w.text_at(w.left + 26.0, baseline, line, style);
            w.y += style.leading;
        }
        if let Some(url) = &source.url {
            address(w, url);
        }
        if let Some(copy) = &source.archived {
            w.ensure(style.leading);
            let baseline = w.y + style.size;
            w.text_at(w.left + 26.0, baseline, b.wording.archived, style);
            w.y += style.leading;
            address(w, copy);
        }
        w.end();
        w.space(4.0);
    }
}

/// A web address under a source, as lines that link to it.
fn address(w: &mut Writer<'_>, url: &crate::Address) {
    let style = Style::BODY;
    let link_style = style.colored(layout::ACCENT);
    // One string for all the lines' links, however many.
    let uri: Rc<str> = Rc::from(url.link.as_str());
    w.begin(Role::Link);
    for line in w.wrap(&url.text, link_style, w.content_width() - 26.0) {
        w.ensure(style.leading);
        let baseline = w.y + style.size;
        w.text_at(w.left + 26.0, baseline, &line, link_style);
        let line_width = w.measure(&line, link_style);
        let y = w.y;
        w.link(
            w.left + 26.0,
            y,
            line_width,
            style.leading,
            LinkTarget::Uri(Rc::clone(&uri)),
        );
        w.y += style.leading;
    }
    w.end();
}
