//! Pictures that carry the briefing's story: a map of where the
//! collaborations are and a timeline of when they happened.
//!
//! Each picture is computed once, here, as a figure value in chart units
//! (points in the PDF, pixels in SVG, `y` measured down from the figure's
//! top): [`MapFigure`] and [`Timeline`]. The HTML draws it with
//! [`map_svg`] / [`timeline_svg`], the PDF with `pdf::figure`; neither
//! computes a position of its own. Every figure has a title and a text
//! alternative (`alt`) saying in words what it shows, for the SVG's
//! `<desc>` and the PDF's figure tag.

mod geo;
pub mod map;
mod svg;
pub mod timeline;

pub use map::{LegendItem, MapFigure, MapLabel, Shape, map};
pub use svg::{map_svg, timeline_svg};
pub use timeline::{Tick, Timeline, TimelineRow, timeline};

/// A colour as red, green, blue from 0 to 255.
pub type Rgb8 = (u8, u8, u8);

/// The width of a figure, in chart units (the width of the PDF's text area
/// less a little, and of the bar charts).
pub const WIDTH: f32 = 480.0;
