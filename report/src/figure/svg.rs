//! The figures as SVG, for the HTML: each an `<svg role="img">` with its
//! `<title>` and `<desc>` (the text alternative) and `aria-labelledby`
//! pointing at both, drawn from the figure value alone.

use std::fmt::Write;

use super::Rgb8;
use super::map::{LABEL_SIZE, LegendItem, MapFigure, SWATCH};
use super::timeline::Timeline;

/// Escapes text for SVG content and attributes.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn hex((r, g, b): Rgb8) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// The opening of a figure's SVG: size, role, title and description.
fn open(out: &mut String, id: &str, title: &str, alt: &str, width: f32, height: f32) {
    let _ = write!(
        out,
        r#"<svg role="img" aria-labelledby="{id}-title {id}-desc" width="{width}" height="{height:.1}" viewBox="0 0 {width} {height:.1}" font-size="8"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        escape(title),
        escape(alt)
    );
}

fn legend(out: &mut String, items: &[LegendItem]) {
    for item in items {
        let _ = write!(
            out,
            r##"<rect x="{:.1}" y="{:.1}" width="{SWATCH}" height="{SWATCH}" fill="{}" stroke="#8c96a3" stroke-width="0.5"/><text x="{:.1}" y="{:.1}">{}</text>"##,
            item.x,
            item.y,
            hex(item.color),
            item.x + SWATCH + 4.0,
            item.y + SWATCH - 1.5,
            escape(&item.label)
        );
    }
}

/// The map as SVG: one `<path>` per shape (its name and count as a
/// tooltip), a frame, and the legend.
pub fn map_svg(map: &MapFigure) -> String {
    let mut out = String::new();
    open(
        &mut out, &map.id, &map.title, &map.alt, map.width, map.height,
    );
    let _ = write!(
        out,
        r##"<rect x="0" y="0" width="{}" height="{:.1}" fill="#f7f9fb"/>"##,
        map.width, map.map_height
    );
    for shape in &map.shapes {
        let mut d = String::new();
        for ring in &shape.rings {
            for (i, (x, y)) in ring.iter().enumerate() {
                let _ = write!(d, "{}{x:.1} {y:.1}", if i == 0 { "M" } else { "L" });
            }
            d.push('Z');
        }
        let fill = shape.fill.map_or_else(|| "none".to_owned(), hex);
        let _ = write!(
            out,
            r#"<path class="shape" d="{d}" fill="{fill}" fill-rule="evenodd" stroke="{}" stroke-width="{}"><title>{}</title></path>"#,
            hex(shape.stroke),
            shape.stroke_width,
            escape(&if shape.count > 0 {
                format!("{}: {}", shape.name, shape.count)
            } else {
                shape.name.clone()
            })
        );
    }
    let _ = write!(
        out,
        r##"<rect x="0" y="0" width="{}" height="{:.1}" fill="none" stroke="#c9d0d8" stroke-width="0.8"/>"##,
        map.width, map.map_height
    );
    for label in &map.labels {
        let (x, y, w, h) = label.frame;
        let _ = write!(
            out,
            r##"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" rx="2" fill="#ffffff" fill-opacity="0.85"/><text class="label" x="{:.1}" y="{:.1}" text-anchor="middle" font-size="{LABEL_SIZE}">{}</text>"##,
            label.x,
            label.y,
            escape(&label.text)
        );
    }
    legend(&mut out, &map.legend);
    out.push_str("</svg>");
    out
}

/// The timeline as SVG: the years' guides and labels, each row's label
/// (right-aligned before the plot) and marks, and the legend.
pub fn timeline_svg(timeline: &Timeline) -> String {
    let mut out = String::new();
    open(
        &mut out,
        &timeline.id,
        &timeline.title,
        &timeline.alt,
        timeline.width,
        timeline.height,
    );
    let bottom = timeline
        .rows
        .last()
        .map_or(timeline.axis_y, |r| r.y + super::timeline::ROW);
    for tick in &timeline.ticks {
        let _ = write!(
            out,
            r##"<line x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{bottom:.1}" stroke="#dde2e8" stroke-width="0.6"/><text x="{x:.1}" y="{:.1}" text-anchor="middle" fill="#5c6370">{}</text>"##,
            timeline.axis_y,
            timeline.axis_y - 5.0,
            escape(&tick.label),
            x = tick.x,
        );
    }
    for row in &timeline.rows {
        let _ = write!(
            out,
            r#"<g class="row"><title>{}</title><text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
            escape(&row.note),
            timeline.plot_x - 6.0,
            row.y + super::timeline::ROW - 4.0,
            escape(&row.label)
        );
        for &(x, y, w, h, color) in &row.marks {
            let _ = write!(
                out,
                r#"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" fill="{}"/>"#,
                hex(color)
            );
        }
        out.push_str("</g>");
    }
    legend(&mut out, &timeline.legend);
    out.push_str("</svg>");
    out
}
