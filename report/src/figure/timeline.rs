//! The timeline: when each collaboration was signed (else announced, else
//! discussed), drawn as the span of days its date may be, coloured by
//! status.

use std::collections::BTreeMap;

use accord_model::{Agreement, Status, Vocabulary};
use chrono::{Datelike, NaiveDate};

use super::map::{LegendItem, SWATCH};
use super::{Rgb8, WIDTH};
use crate::format;

/// The timeline, ready to draw: an axis of years along the top, one row
/// per collaboration (or per group of them when there are many), a legend
/// of statuses below.
#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    /// An id for the HTML (`figure-timeline`).
    pub id: String,
    /// The figure's title.
    pub title: String,
    /// How to read it.
    pub caption: String,
    /// What it shows, in words: each row's label, date and status.
    pub alt: String,
    /// The figure's width in chart units.
    pub width: f32,
    /// The whole height, the legend included.
    pub height: f32,
    /// Where the plot starts (rows' labels are to its left, right-aligned).
    pub plot_x: f32,
    /// Where the axis line is drawn.
    pub axis_y: f32,
    /// The years marked along the axis.
    pub ticks: Vec<Tick>,
    /// The rows, top to bottom.
    pub rows: Vec<TimelineRow>,
    /// The statuses shown, with their colours.
    pub legend: Vec<LegendItem>,
}

/// A year marked on the axis: a vertical guide at `x` and its label.
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    /// Where 1 January of the year falls.
    pub x: f32,
    /// The year.
    pub label: String,
}

/// One row: a label and the marks that draw its span.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineRow {
    /// Top of the row.
    pub y: f32,
    /// The label, already cut to fit the label column.
    pub label: String,
    /// The rectangles that draw it, as (x, y, width, height, colour): a
    /// full-height bar for the days the date may be, and a thin line for a
    /// side left open ("on or before …").
    pub marks: Vec<(f32, f32, f32, f32, Rgb8)>,
    /// The date and status in words, for a tooltip.
    pub note: String,
}

/// The height of a row.
pub const ROW: f32 = 14.0;
/// The height of a bar in its row.
pub const BAR: f32 = 9.0;
/// Where the plot starts: the labels are to its left.
pub const PLOT_X: f32 = 180.0;
/// Rows drawn one per collaboration up to this many; beyond, grouped.
pub const MAX_ROWS: usize = 40;
const AXIS_TOP: f32 = 18.0;
const LABEL_CHARS: usize = 34;

/// The colour a status is drawn in (Okabe and Ito's palette, which readers
/// with the common colour-vision deficiencies can tell apart).
pub fn status_color(status: Status) -> Rgb8 {
    match status {
        Status::Discussed => (153, 153, 153),
        Status::Announced => (230, 159, 0),
        Status::Signed => (0, 114, 178),
        Status::InForce => (0, 158, 115),
        Status::Completed => (86, 180, 233),
        Status::Lapsed => (213, 94, 0),
        _ => (204, 121, 167),
    }
}

/// One collaboration's place in time: its status, its span in days, and
/// whether each end is open.
struct Dated<'a> {
    agreement: &'a Agreement,
    earliest: Option<NaiveDate>,
    latest: Option<NaiveDate>,
}

/// The timeline of the selected collaborations, or `None` when none has a
/// date with a known end.
pub fn timeline(selected: &[&Agreement]) -> Option<Timeline> {
    let mut dated: Vec<Dated> = selected
        .iter()
        .filter_map(|a| {
            let span = a.dates.key_date()?.span();
            (span.earliest.is_some() || span.latest.is_some()).then_some(Dated {
                agreement: a,
                earliest: span.earliest,
                latest: span.latest,
            })
        })
        .collect();
    if dated.is_empty() {
        return None;
    }
    let undated = selected.len() - dated.len();
    dated.sort_by(|a, b| {
        let key = |d: &Dated| (d.earliest.or(d.latest), d.latest.or(d.earliest));
        key(a)
            .cmp(&key(b))
            .then_with(|| a.agreement.title.cmp(&b.agreement.title))
    });
    let known = dated.iter().flat_map(|d| [d.earliest, d.latest]).flatten();
    let (first, last) = known.fold((i32::MAX, i32::MIN), |(lo, hi), d| {
        (lo.min(d.year()), hi.max(d.year()))
    });
    // An open end runs to the axis' edge: give it a year of room.
    let open_start = dated.iter().any(|d| d.earliest.is_none());
    let open_end = dated.iter().any(|d| d.latest.is_none());
    let start_year = first - i32::from(open_start);
    let end_year = last + 1 + i32::from(open_end);
    let day = |y: i32| NaiveDate::from_ymd_opt(y, 1, 1).map_or(0, |d| d.num_days_from_ce());
    let (d0, d1) = (day(start_year), day(end_year));
    let plot_w = WIDTH - PLOT_X - 8.0;
    let x_of =
        |d: NaiveDate| PLOT_X + (d.num_days_from_ce() - d0) as f32 / (d1 - d0) as f32 * plot_w;
    let x_start = PLOT_X;
    let x_end = PLOT_X + plot_w;

    let years = end_year - start_year;
    let step = [1, 2, 5, 10, 20, 50, 100, 200, 500]
        .into_iter()
        .find(|s| years / s <= 8)
        .unwrap_or(1000);
    let ticks: Vec<Tick> = (start_year..=end_year)
        .filter(|y| y.rem_euclid(step) == 0)
        .map(|y| Tick {
            x: PLOT_X + (day(y) - d0) as f32 / (d1 - d0) as f32 * plot_w,
            label: y.to_string(),
        })
        .collect();

    // The marks of a span: a bar for the bounded days, at least 3 units
    // wide so a single day shows; a thin line for an open side.
    let marks = |earliest: Option<NaiveDate>, latest: Option<NaiveDate>, y: f32, color: Rgb8| {
        let mut marks = Vec::new();
        let bar_top = y + (ROW - BAR) / 2.0;
        let line = |a: f32, b: f32| (a, y + ROW / 2.0 - 0.75, (b - a).max(0.0), 1.5, color);
        match (earliest, latest) {
            (Some(a), Some(b)) => {
                let (mut xa, mut xb) = (x_of(a), x_of(b + chrono::Days::new(1)));
                if xb - xa < 3.0 {
                    let mid = (xa + xb) / 2.0;
                    (xa, xb) = (mid - 1.5, mid + 1.5);
                }
                marks.push((xa, bar_top, xb - xa, BAR, color));
            }
            (None, Some(b)) => {
                let xb = x_of(b + chrono::Days::new(1));
                marks.push(line(x_start, xb));
                marks.push((xb - 3.0, bar_top, 3.0, BAR, color));
            }
            (Some(a), None) => {
                let xa = x_of(a);
                marks.push((xa, bar_top, 3.0, BAR, color));
                marks.push(line(xa, x_end));
            }
            (None, None) => {}
        }
        marks
    };

    let mut rows = Vec::new();
    let mut statuses: Vec<Status> = Vec::new();
    let mut alt_items = Vec::new();
    if dated.len() <= MAX_ROWS {
        for (i, d) in dated.iter().enumerate() {
            let a = d.agreement;
            let y = AXIS_TOP + i as f32 * ROW;
            let date = a
                .dates
                .key_date()
                .map_or_else(String::new, format::date_value);
            let note = format!("{}: {date}; {}", a.title, a.status.label());
            alt_items.push(note.clone());
            statuses.push(a.status);
            rows.push(TimelineRow {
                y,
                label: cut(&a.title),
                marks: marks(d.earliest, d.latest, y, status_color(a.status)),
                note,
            });
        }
    } else {
        // Grouped: one row per status and span of years, with its count.
        let mut groups: BTreeMap<(usize, Option<i32>, Option<i32>), (Status, usize)> =
            BTreeMap::new();
        for d in &dated {
            let order = Status::ALL
                .iter()
                .position(|s| *s == d.agreement.status)
                .unwrap_or(Status::ALL.len());
            let key = (
                order,
                d.earliest.map(|x| x.year()),
                d.latest.map(|x| x.year()),
            );
            groups.entry(key).or_insert((d.agreement.status, 0)).1 += 1;
        }
        let mut groups: Vec<_> = groups.into_iter().collect();
        if groups.len() > MAX_ROWS {
            // Too many spans: one row per status, over all its years.
            let mut merged: BTreeMap<usize, (Status, usize, Option<i32>, Option<i32>)> =
                BTreeMap::new();
            for ((order, a, b), (status, n)) in groups {
                let e = merged.entry(order).or_insert((status, 0, a, b));
                e.1 += n;
                e.2 = e.2.zip(a).map(|(x, y)| x.min(y));
                e.3 = e.3.zip(b).map(|(x, y)| x.max(y));
            }
            groups = merged
                .into_iter()
                .map(|(order, (s, n, a, b))| ((order, a, b), (s, n)))
                .collect();
        }
        for (i, ((_, a, b), (status, n))) in groups.into_iter().enumerate() {
            let y = AXIS_TOP + i as f32 * ROW;
            let years = match (a, b) {
                (Some(a), Some(b)) if a == b => a.to_string(),
                (Some(a), Some(b)) => format!("{a}–{b}"),
                (None, Some(b)) => format!("{b} or earlier"),
                (Some(a), None) => format!("{a} or later"),
                (None, None) => String::new(),
            };
            let label = format!("{}, {years}: {n}", status.label());
            alt_items.push(label.clone());
            statuses.push(status);
            let first = a.and_then(|y| NaiveDate::from_ymd_opt(y, 1, 1));
            let last = b.and_then(|y| NaiveDate::from_ymd_opt(y, 12, 31));
            rows.push(TimelineRow {
                y,
                label: cut(&label),
                marks: marks(first, last, y, status_color(status)),
                note: label,
            });
        }
    }
    let axis_y = AXIS_TOP - 2.0;
    let rows_bottom = AXIS_TOP + rows.len() as f32 * ROW;

    statuses.sort_by_key(|s| Status::ALL.iter().position(|x| x == s));
    statuses.dedup();
    let mut legend = Vec::new();
    let mut x = PLOT_X;
    for status in statuses {
        let label = status.label().to_owned();
        let width = SWATCH + 4.0 + 5.0 * label.chars().count() as f32 + 12.0;
        legend.push(LegendItem {
            x,
            y: rows_bottom + 8.0,
            color: status_color(status),
            label,
        });
        x += width;
    }

    let grouped = dated.len() > MAX_ROWS;
    let mut caption = "Each bar is the span of days the collaboration's date may fall in: its signing, else its announcement, else its first discussion. A day is a short mark, a month or a year a longer bar, and a date known only as “on or before” or “on or after” a day a thin line running to the edge. Colours give the status today.".to_owned();
    if grouped {
        caption.push_str(" Collaborations are grouped by status and by the years their date may fall in, with the count in each label.");
    }
    if undated > 0 {
        caption.push_str(&format!(
            " Not shown: {} without a date.",
            format::count(undated, "collaboration", "collaborations")
        ));
    }
    let alt = format!(
        "Timeline of {} from {first} to {last}: {}.",
        format::count(dated.len(), "collaboration", "collaborations"),
        alt_items.join("; ")
    );
    Some(Timeline {
        id: "figure-timeline".to_owned(),
        title: "When the collaborations were agreed".to_owned(),
        caption,
        alt,
        width: WIDTH,
        height: rows_bottom + 8.0 + SWATCH + 8.0,
        plot_x: PLOT_X,
        axis_y,
        ticks,
        rows,
        legend,
    })
}

/// A label cut to the label column, with an ellipsis when cut.
fn cut(text: &str) -> String {
    if text.chars().count() <= LABEL_CHARS {
        text.to_owned()
    } else {
        let kept: String = text.chars().take(LABEL_CHARS - 1).collect();
        format!("{}…", kept.trim_end())
    }
}
