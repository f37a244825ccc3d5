//! Bar charts: the geometry is computed once here and drawn by both the
//! HTML (as SVG) and the PDF (as rectangles and text), so they match.

/// A horizontal bar chart of counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chart {
    /// An id for the HTML (`chart-sector`).
    pub id: String,
    /// The chart's title.
    pub title: String,
    /// What the chart shows, for readers who cannot see it.
    pub description: String,
    /// Label and count of each bar, in order.
    pub bars: Vec<(String, usize)>,
}

/// Where one bar goes, in chart units (a chart is 480 units wide).
#[derive(Debug, Clone, PartialEq)]
pub struct BarGeometry {
    /// The label, drawn right-aligned before the bar.
    pub label: String,
    /// The count, drawn after the bar.
    pub value: String,
    /// Top of the bar's row.
    pub y: f32,
    /// Left edge of the bar.
    pub x: f32,
    /// Width of the bar.
    pub width: f32,
}

/// The width of a chart, in chart units (points in the PDF, pixels in SVG).
pub const WIDTH: f32 = 480.0;
/// The height of one bar's row.
pub const ROW: f32 = 20.0;
/// The height of a bar.
pub const BAR: f32 = 13.0;
/// Where bars start; labels sit to the left.
pub const BAR_X: f32 = 190.0;
/// The widest bar; the rest of the width holds the count.
pub const BAR_MAX: f32 = 250.0;

impl Chart {
    /// A chart with its bars.
    pub fn new(id: &str, title: &str, description: &str, bars: Vec<(String, usize)>) -> Chart {
        // Counted wide, so that no set of bars can overflow the total.
        let total: u128 = bars
            .iter()
            .fold(0u128, |total, (_, n)| total.saturating_add(*n as u128));
        let listed: Vec<String> = bars
            .iter()
            .map(|(label, n)| format!("{label}: {n}"))
            .collect();
        let description = if bars.is_empty() {
            format!("{description} No data.")
        } else {
            format!(
                "{description} {}. Total of bars: {total}.",
                listed.join("; ")
            )
        };
        Chart {
            id: id.to_owned(),
            title: title.to_owned(),
            description,
            bars,
        }
    }

    /// The chart's height in chart units: the bars' rows and the axis.
    pub fn height(&self) -> f32 {
        (self.bars.len().max(1) + 1) as f32 * ROW
    }

    /// The count at the axis' end: the largest bar rounded up to 1, 2 or 5
    /// times a power of ten, and never less than 5, so that one bar of 1 (or
    /// every bar 1, under a filter) is a short bar on an absolute scale,
    /// not the full width.
    pub fn axis_max(&self) -> usize {
        let max = self.bars.iter().map(|(_, n)| *n).max().unwrap_or(0);
        let mut power = 1usize;
        loop {
            for step in [1usize, 2, 5] {
                let nice = step.saturating_mul(power);
                if nice >= max.max(5) {
                    return nice;
                }
            }
            power = power.saturating_mul(10);
        }
    }

    /// The axis' marks below the bars: five equal steps from 0 to
    /// [`Chart::axis_max`], each as (x, label, y of the label's baseline).
    pub fn ticks(&self) -> Vec<(f32, String, f32)> {
        let max = self.axis_max();
        let y = self.bars.len().max(1) as f32 * ROW + BAR - 3.0;
        (0..=5)
            .map(|i| {
                let value = max / 5 * i;
                (BAR_X + BAR_MAX * i as f32 / 5.0, value.to_string(), y)
            })
            .collect()
    }

    /// Where each bar goes.
    pub fn geometry(&self) -> Vec<BarGeometry> {
        let max = self.axis_max() as f32;
        self.bars
            .iter()
            .enumerate()
            .map(|(i, (label, n))| BarGeometry {
                label: label.clone(),
                value: n.to_string(),
                y: i as f32 * ROW,
                x: BAR_X,
                width: (*n as f32 / max * BAR_MAX).max(if *n > 0 { 1.0 } else { 0.0 }),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scale_stays_absolute_when_every_bar_is_one() {
        let chart = Chart::new(
            "c",
            "C",
            "D.",
            vec![("a".to_owned(), 1), ("b".to_owned(), 1)],
        );
        assert_eq!(chart.axis_max(), 5);
        assert!(chart.geometry().iter().all(|b| b.width == BAR_MAX / 5.0));
        let labels: Vec<String> = chart.ticks().into_iter().map(|t| t.1).collect();
        assert_eq!(labels, ["0", "1", "2", "3", "4", "5"]);
        let big = Chart::new(
            "c",
            "C",
            "D.",
            vec![("a".to_owned(), 12), ("b".to_owned(), 3)],
        );
        assert_eq!(big.axis_max(), 20);
        assert_eq!(big.geometry()[0].width, BAR_MAX * 12.0 / 20.0);
        assert_eq!(big.ticks()[5].1, "20");
    }
}
