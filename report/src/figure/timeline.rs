//! The timeline: when each collaboration was signed (else announced, else
//! discussed), drawn as the span of days its date may be, coloured by
//! status.

use std::collections::BTreeMap;

use accord_model::{Agreement, Status, Vocabulary};
use chrono::{Datelike, NaiveDate};

use super::map::{LegendItem, legend_rows};
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

/// One status' collaborations in a grouped timeline: the status, the
/// count dated within each year, the count whose date may fall in several
/// years, and the first and last of those years.
type StatusYears = (Status, BTreeMap<i32, usize>, usize, Option<(i32, i32)>);

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
    // Room on the right for the last year's label, centred on its mark.
    let plot_w = WIDTH - PLOT_X - 14.0;
    let x_of =
        |d: NaiveDate| PLOT_X + (d.num_days_from_ce() - d0) as f32 / (d1 - d0) as f32 * plot_w;
    let x_of_year = |y: i32| PLOT_X + (day(y) - d0) as f32 / (d1 - d0) as f32 * plot_w;
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
        // The open side is pale, so that "on or before 2023" does not read
        // as a collaboration lasting from the axis' first year.
        let pale = |c: u8| c + ((255 - c) as f32 * 0.6) as u8;
        let line_color = (pale(color.0), pale(color.1), pale(color.2));
        let line = |a: f32, b: f32| (a, y + ROW / 2.0 - 0.5, (b - a).max(0.0), 1.0, line_color);
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
    let mut most_in_a_year = 0;
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
        // Grouped: one row per status; in it, each year a bar whose height
        // is the number of that status' collaborations whose every possible
        // day falls in that year (to one scale for the whole figure), and
        // a thin line under the years spanned by those whose date may fall
        // in several years or is open.
        let mut per_status: BTreeMap<usize, StatusYears> = BTreeMap::new();
        for d in &dated {
            let status = d.agreement.status;
            let order = Status::ALL
                .iter()
                .position(|s| *s == status)
                .unwrap_or(Status::ALL.len());
            let entry = per_status
                .entry(order)
                .or_insert_with(|| (status, BTreeMap::new(), 0, None));
            match (d.earliest.map(|x| x.year()), d.latest.map(|x| x.year())) {
                (Some(a), Some(b)) if a == b => *entry.1.entry(a).or_default() += 1,
                (a, b) => {
                    entry.2 += 1;
                    let (a, b) = (a.unwrap_or(start_year), b.unwrap_or(end_year - 1));
                    entry.3 = Some(entry.3.map_or((a, b), |(x, y)| (x.min(a), y.max(b))));
                }
            }
        }
        let most = per_status
            .values()
            .flat_map(|e| e.1.values().copied())
            .max()
            .unwrap_or(1)
            .max(1);
        most_in_a_year = most;
        for (i, (status, years, spread, hull)) in per_status.into_values().enumerate() {
            let y = AXIS_TOP + i as f32 * ROW;
            let color = status_color(status);
            let total: usize = years.values().sum::<usize>() + spread;
            let label = format!("{}: {total}", status.label());
            let mut marks = Vec::new();
            if let Some((a, b)) = hull {
                let (xa, xb) = (x_of_year(a), x_of_year(b + 1));
                marks.push((xa, y + ROW - 2.5, xb - xa, 1.5, color));
            }
            for (&year, &n) in &years {
                let h = (BAR * n as f32 / most as f32).max(1.0);
                let (xa, xb) = (x_of_year(year), x_of_year(year + 1));
                marks.push((
                    xa + 0.5,
                    y + ROW - 2.5 - h,
                    (xb - xa - 1.0).max(1.0),
                    h,
                    color,
                ));
            }
            let by_year: Vec<String> = years.iter().map(|(y, n)| format!("{y}: {n}")).collect();
            let mut note = format!("{label}; by year: {}", by_year.join(", "));
            if spread > 0 {
                note.push_str(&format!("; {spread} whose date may fall in several years"));
            }
            alt_items.push(note.clone());
            statuses.push(status);
            rows.push(TimelineRow {
                y,
                label: cut(&label),
                marks,
                note,
            });
        }
    }
    let axis_y = AXIS_TOP - 2.0;
    let rows_bottom = AXIS_TOP + rows.len() as f32 * ROW;

    statuses.sort_by_key(|s| Status::ALL.iter().position(|x| x == s));
    statuses.dedup();
    let (legend, legend_height) = legend_rows(
        statuses
            .into_iter()
            .map(|s| (status_color(s), s.label().to_owned()))
            .collect(),
        PLOT_X,
        rows_bottom + 8.0,
    );

    let grouped = dated.len() > MAX_ROWS;
    let mut caption = "Each bar is the span of days the collaboration's date may fall in: its signing, else its announcement, else its first discussion. A day is a short mark, a month or a year a longer bar, and a date known only as “on or before” or “on or after” a day a thin pale line running to the edge (any day along it is possible; it is not a duration). Colours give the status today.".to_owned();
    if grouped {
        caption.push_str(&format!(" With more than {MAX_ROWS} collaborations, each row is a status: the height of a year's bar is the number whose date falls in that year, the tallest bar in the figure being {most_in_a_year}; a thin line spans the years of those whose date may fall in several."));
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
        height: rows_bottom + 8.0 + legend_height + 6.0,
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
