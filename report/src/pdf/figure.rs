//! The figures in the PDF, as vector paths and text, drawn from the same
//! figure values as the HTML's SVG (`crate::figure`). The figure's text
//! alternative is `MapFigure::alt` / `Timeline::alt`, for the tagging of the
//! PDF to attach to the figure.

use printpdf::{
    Color, Line, LinePoint, Op, PaintMode, Point, Polygon, PolygonRing, Pt, Rgb, WindingOrder,
};

use super::layout::{INK, MUTED, Style, Writer};
use crate::figure::map::{LABEL_SIZE, SWATCH};
use crate::figure::timeline::ROW;
use crate::figure::{LegendItem, MapFigure, Rgb8, Timeline};

fn color((r, g, b): Rgb8) -> Color {
    Color::Rgb(Rgb::new(
        f32::from(r) / 255.0,
        f32::from(g) / 255.0,
        f32::from(b) / 255.0,
        None,
    ))
}

const LABEL: Style = Style {
    size: 8.0,
    bold: false,
    color: INK,
    leading: 10.0,
};

/// Draws the title and makes room for a figure of `height` plus its
/// caption, starting a new page when it does not fit; returns the top of
/// the drawing area.
fn open(w: &mut Writer<'_>, title: &str, caption: &str, height: f32) -> f32 {
    let style = Style::BODY.bold();
    let caption_lines = w.wrap(caption, Style::SMALL, w.content_width()).len();
    w.ensure(style.leading + 4.0 + height + 6.0 + caption_lines as f32 * Style::SMALL.leading);
    let baseline = w.y + style.size;
    let left = w.left;
    w.text_at(left, baseline, title, style);
    w.y += style.leading + 4.0;
    w.y
}

/// Ends a figure of `height` drawn at `top`: its caption below.
fn close(w: &mut Writer<'_>, top: f32, height: f32, caption: &str) {
    w.y = top + height + 6.0;
    w.paragraph(caption, Style::SMALL, 0.0);
    w.space(10.0);
}

fn point(w: &Writer<'_>, x0: f32, top: f32, (x, y): (f32, f32)) -> LinePoint {
    LinePoint {
        p: Point {
            x: Pt(x0 + x),
            y: Pt(w.height - (top + y)),
        },
        bezier: false,
    }
}

/// A filled rectangle in figure units, with an optional outline.
fn rect(
    w: &mut Writer<'_>,
    x0: f32,
    top: f32,
    r: (f32, f32, f32, f32),
    fill: Rgb8,
    stroke: Option<Rgb8>,
) {
    let (x, y, width, height) = r;
    let corners = [
        (x, y),
        (x + width, y),
        (x + width, y + height),
        (x, y + height),
    ];
    let ring = PolygonRing {
        points: corners.iter().map(|&p| point(w, x0, top, p)).collect(),
    };
    let mut ops = vec![Op::SaveGraphicsState, Op::SetFillColor { col: color(fill) }];
    if let Some(stroke) = stroke {
        ops.push(Op::SetOutlineColor { col: color(stroke) });
        ops.push(Op::SetOutlineThickness { pt: Pt(0.5) });
    }
    ops.push(Op::DrawPolygon {
        polygon: Polygon {
            rings: vec![ring],
            mode: if stroke.is_some() {
                PaintMode::FillStroke
            } else {
                PaintMode::Fill
            },
            winding_order: WindingOrder::NonZero,
        },
    });
    ops.push(Op::RestoreGraphicsState);
    w.ops().extend(ops);
}

fn legend(w: &mut Writer<'_>, x0: f32, top: f32, items: &[LegendItem]) {
    for item in items {
        rect(
            w,
            x0,
            top,
            (item.x, item.y, SWATCH, SWATCH),
            item.color,
            Some((140, 150, 163)),
        );
        w.text_at(
            x0 + item.x + SWATCH + 4.0,
            top + item.y + SWATCH - 1.5,
            &item.label,
            LABEL.colored(MUTED),
        );
    }
}

/// Draws the map at the cursor: title, the shapes as filled and stroked
/// vector paths, a frame, the legend and the caption.
pub fn map(w: &mut Writer<'_>, map: &MapFigure) {
    // A figure of the structure tree, with its text alternative.
    w.begin_figure(map.alt.clone());
    let top = open(w, &map.title, &map.caption, map.height);
    let x0 = w.left;
    rect(
        w,
        x0,
        top,
        (0.0, 0.0, map.width, map.map_height),
        (247, 249, 251),
        None,
    );
    let mut ops = Vec::with_capacity(map.shapes.len() * 6);
    for shape in &map.shapes {
        let rings = shape
            .rings
            .iter()
            .map(|ring| PolygonRing {
                points: ring.iter().map(|&p| point(w, x0, top, p)).collect(),
            })
            .collect();
        ops.push(Op::SaveGraphicsState);
        if let Some(fill) = shape.fill {
            ops.push(Op::SetFillColor { col: color(fill) });
        }
        ops.push(Op::SetOutlineColor {
            col: color(shape.stroke),
        });
        ops.push(Op::SetOutlineThickness {
            pt: Pt(shape.stroke_width),
        });
        ops.push(Op::DrawPolygon {
            polygon: Polygon {
                rings,
                mode: if shape.fill.is_some() {
                    PaintMode::FillStroke
                } else {
                    PaintMode::Stroke
                },
                winding_order: WindingOrder::EvenOdd,
            },
        });
        ops.push(Op::RestoreGraphicsState);
    }
    w.ops().extend(ops);
    // The frame.
    let corners = [
        (0.0, 0.0),
        (map.width, 0.0),
        (map.width, map.map_height),
        (0.0, map.map_height),
    ];
    let frame = Line {
        points: corners.iter().map(|&p| point(w, x0, top, p)).collect(),
        is_closed: true,
    };
    w.ops().extend([
        Op::SaveGraphicsState,
        Op::SetOutlineColor {
            col: color((201, 208, 216)),
        },
        Op::SetOutlineThickness { pt: Pt(0.8) },
        Op::DrawLine { line: frame },
        Op::RestoreGraphicsState,
    ]);
    let style = Style {
        size: LABEL_SIZE,
        bold: false,
        color: INK,
        leading: LABEL_SIZE + 2.0,
    };
    for label in &map.labels {
        rect(w, x0, top, label.frame, (255, 255, 255), None);
        let width = w.measure(&label.text, style);
        w.text_at(
            x0 + label.x - width / 2.0,
            top + label.y,
            &label.text,
            style,
        );
    }
    legend(w, x0, top, &map.legend);
    close(w, top, map.height, &map.caption);
    w.end();
}

/// Draws the timeline at the cursor: the years' guides and labels, each
/// row's label and marks, the legend and the caption.
pub fn timeline(w: &mut Writer<'_>, t: &Timeline) {
    // A figure of the structure tree, with its text alternative.
    w.begin_figure(t.alt.clone());
    let top = open(w, &t.title, &t.caption, t.height);
    let x0 = w.left;
    let bottom = t.rows.last().map_or(t.axis_y, |r| r.y + ROW);
    for tick in &t.ticks {
        let line = Line {
            points: vec![
                point(w, x0, top, (tick.x, t.axis_y)),
                point(w, x0, top, (tick.x, bottom)),
            ],
            is_closed: false,
        };
        w.ops().extend([
            Op::SaveGraphicsState,
            Op::SetOutlineColor {
                col: color((221, 226, 232)),
            },
            Op::SetOutlineThickness { pt: Pt(0.6) },
            Op::DrawLine { line },
            Op::RestoreGraphicsState,
        ]);
        let width = w.measure(&tick.label, LABEL);
        w.text_at(
            x0 + tick.x - width / 2.0,
            top + t.axis_y - 5.0,
            &tick.label,
            LABEL.colored(MUTED),
        );
    }
    for row in &t.rows {
        let room = t.plot_x - 6.0;
        let mut style = LABEL;
        while w.measure(&row.label, style) > room && style.size > 5.0 {
            style.size -= 0.5;
        }
        let width = w.measure(&row.label, style);
        w.text_at(
            x0 + room - width,
            top + row.y + ROW - 4.0,
            &row.label,
            style,
        );
        for &(x, y, width, height, fill) in &row.marks {
            rect(w, x0, top, (x, y, width, height), fill, None);
        }
    }
    legend(w, x0, top, &t.legend);
    close(w, top, t.height, &t.caption);
    w.end();
}
