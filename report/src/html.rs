//! The HTML briefing: one self-contained page, rendered by askama.

use askama::Template;

use crate::chart::{self, Chart};
use crate::view::{Briefing, SectionKind};
use crate::visible;

#[derive(Template)]
#[template(path = "briefing.html")]
struct Page<'a> {
    b: &'a Briefing,
    chart_width: f32,
    bar_height: f32,
}

impl Page<'_> {
    fn chart_height(&self, chart: &Chart) -> f32 {
        chart.height()
    }

    fn map_svg(&self) -> String {
        self.b
            .map
            .as_ref()
            .map(crate::figure::map_svg)
            .unwrap_or_default()
    }

    fn timeline_svg(&self) -> String {
        self.b
            .timeline
            .as_ref()
            .map(crate::figure::timeline_svg)
            .unwrap_or_default()
    }

    fn label_x(&self) -> f32 {
        chart::BAR_X - 8.0
    }
}

/// Renders the briefing as one HTML page with its CSS and SVG charts inline:
/// nothing is fetched and no script runs. All record text is escaped;
/// control characters and bidirectional embeddings, overrides and isolates
/// in it are shown as U+FFFD (white-space controls as spaces), as the PDF
/// shows them.
pub fn html(briefing: &Briefing) -> String {
    let page = Page {
        b: briefing,
        chart_width: chart::WIDTH,
        bar_height: chart::BAR,
    };
    // Rendering can only fail on a formatting error in our own template
    // code, which tests would catch; fall back to a plain message anyway.
    let html = page
        .render()
        .unwrap_or_else(|e| format!("<!doctype html><title>error</title><p>{e}</p>"));
    // The template holds none of these characters (only line feeds, which
    // stay), so any found come from the briefing's text.
    match visible::text(&html) {
        std::borrow::Cow::Borrowed(_) => html,
        std::borrow::Cow::Owned(shown) => shown,
    }
}
