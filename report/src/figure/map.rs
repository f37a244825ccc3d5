//! The map: countries, and the subdivisions the data names, shaded by the
//! number of collaborations involving them.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::OnceLock;

use accord_model::{Agreement, Dataset};

use super::geo::{Feature, FeatureKind, equal_earth, features};
use super::{Rgb8, WIDTH};

/// The map, ready to draw: shapes in chart units within `width` ×
/// `map_height`, then the legend below it.
#[derive(Debug, Clone, PartialEq)]
pub struct MapFigure {
    /// An id for the HTML (`figure-map`).
    pub id: String,
    /// The figure's title.
    pub title: String,
    /// How to read it: what is counted and shaded.
    pub caption: String,
    /// What it shows, in words, for readers who cannot see it: every
    /// shaded country and subdivision with its count.
    pub alt: String,
    /// The figure's width in chart units.
    pub width: f32,
    /// The height of the map itself.
    pub map_height: f32,
    /// The whole height, the legend included.
    pub height: f32,
    /// The shapes, in drawing order (context, shaded countries, then
    /// subdivisions), clipped to the map's frame.
    pub shapes: Vec<Shape>,
    /// Names and counts of the most counted places, on white boxes.
    pub labels: Vec<MapLabel>,
    /// The legend's swatches and labels.
    pub legend: Vec<LegendItem>,
}

/// A label on the map: `text` centred on `x` with its baseline at `y`, at
/// 7 points (7 pixels in SVG), over a white box (`frame`).
#[derive(Debug, Clone, PartialEq)]
pub struct MapLabel {
    /// The centre of the text.
    pub x: f32,
    /// The text's baseline.
    pub y: f32,
    /// The name and the count: `Liaoning 8`.
    pub text: String,
    /// The box behind the text: left, top, width, height.
    pub frame: (f32, f32, f32, f32),
}

/// The size of the map's labels.
pub const LABEL_SIZE: f32 = 7.0;
/// How many places are labelled at most.
const MAX_LABELS: usize = 10;

/// One shape on the map.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    /// The ISO code, when the unit has one.
    pub code: Option<String>,
    /// The name, for the SVG's tooltip.
    pub name: String,
    /// The number of collaborations counted for it (0 for context).
    pub count: usize,
    /// The fill, or none (a subdivision drawn as an outline over its
    /// country's fill).
    pub fill: Option<Rgb8>,
    /// The outline's colour.
    pub stroke: Rgb8,
    /// The outline's width.
    pub stroke_width: f32,
    /// Rings in chart units (`y` down), filled even-odd.
    pub rings: Vec<Vec<(f32, f32)>>,
}

/// One entry of the legend: a swatch at (`x`, `y`), 10 units square, and
/// its label to the right.
#[derive(Debug, Clone, PartialEq)]
pub struct LegendItem {
    /// Left of the swatch.
    pub x: f32,
    /// Top of the swatch.
    pub y: f32,
    /// The swatch's colour.
    pub color: Rgb8,
    /// What the colour means (`2–3 collaborations`).
    pub label: String,
}

/// The fill of a country or subdivision with no collaboration.
pub const CONTEXT: Rgb8 = (232, 235, 239);
/// The colours of the classes, lightest first: class `i` holds counts from
/// 2^i to 2^(i+1) − 1 (1, 2–3, 4–7 …), the last class everything above.
/// The classes are fixed, not stretched to the data, so that under a
/// filter a count of 1 is still the lightest shade.
pub const CLASS_COLORS: [Rgb8; 8] = [
    (198, 219, 239),
    (158, 202, 225),
    (107, 174, 214),
    (66, 146, 198),
    (33, 113, 181),
    (8, 81, 156),
    (8, 64, 129),
    (8, 48, 107),
];
/// The size of a legend swatch.
pub const SWATCH: f32 = 10.0;
/// Lays out legend entries (colour, label) from (`x`, `y`) along a row,
/// starting a new row where one would pass the figure's width; gives the
/// items and the height they take. Label widths are estimated generously
/// (the SVG cannot measure text).
pub fn legend_rows(entries: Vec<(Rgb8, String)>, x0: f32, y0: f32) -> (Vec<LegendItem>, f32) {
    let (mut x, mut y) = (x0, y0);
    let mut items = Vec::new();
    for (color, label) in entries {
        let width = SWATCH + 4.0 + 5.0 * label.chars().count() as f32 + 12.0;
        if x + width > WIDTH && x > x0 {
            x = x0;
            y += SWATCH + 5.0;
        }
        items.push(LegendItem { x, y, color, label });
        x += width;
    }
    (items, y - y0 + SWATCH)
}

/// The band of collaborations a count falls in: 1 → 0, 2–3 → 1, 4–7 → 2 …
pub fn class_of(count: usize) -> usize {
    (usize::BITS - 1 - count.max(1).leading_zeros()).min(CLASS_COLORS.len() as u32 - 1) as usize
}

/// The class's label, such as `2–3`, or `128 or more` for the last.
pub fn class_label(class: usize) -> String {
    let low = 1usize << class;
    let high = (low << 1) - 1;
    if class + 1 == CLASS_COLORS.len() {
        format!("{low} or more")
    } else if low == high {
        low.to_string()
    } else {
        format!("{low}–{high}")
    }
}

/// The map of the selected collaborations, or `None` when none involves a
/// country. A collaboration counts once for each country where a party is
/// based or where it takes effect, and once for each subdivision it or a
/// party names (a UK nation named shades its units).
pub fn map(dataset: &Dataset, selected: &[&Agreement]) -> Option<MapFigure> {
    let features = features();
    // Which features a code shades: its own, and for a UK nation its units.
    let mut by_code: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, f) in features.iter().enumerate() {
        for code in f.code.iter().chain(f.group.iter()) {
            by_code.entry(code).or_default().push(i);
        }
    }
    let mut counts = vec![0usize; features.len()];
    // Countries and subdivisions the data names that the map cannot draw.
    let mut missing: BTreeMap<String, usize> = BTreeMap::new();
    let mut hit: BTreeSet<usize> = BTreeSet::new();
    let mut codes: BTreeSet<&str> = BTreeSet::new();
    for agreement in selected {
        codes.clear();
        for place in &agreement.places {
            let place = place.value();
            codes.insert(place.country.alpha2());
            if let Some(s) = &place.subdivision {
                codes.insert(s.code());
            }
        }
        for participant in agreement.parties.iter() {
            let Some(party) = dataset.parties.get(&participant.party) else {
                continue;
            };
            if let Some(country) = party.home_country() {
                codes.insert(country.value().alpha2());
            }
            if let Some(s) = &party.subdivision {
                codes.insert(s.value().code());
            }
        }
        hit.clear();
        for code in &codes {
            match by_code.get(code) {
                Some(indices) => hit.extend(indices.iter().copied()),
                None => *missing.entry((*code).to_owned()).or_default() += 1,
            }
        }
        for &i in &hit {
            counts[i] += 1;
        }
    }
    if !features
        .iter()
        .zip(&counts)
        .any(|(f, &n)| f.kind == FeatureKind::Country && n > 0)
    {
        return None;
    }
    // Countries whose subdivisions are drawn: those with one counted.
    let subdivided: BTreeSet<&str> = features
        .iter()
        .zip(&counts)
        .filter(|(f, n)| f.kind == FeatureKind::Subdivision && **n > 0)
        .filter_map(|(f, _)| f.code.and_then(|c| c.get(..2)))
        .collect();

    let projected = projected();
    // The extent of what is shaded, with room around it for context.
    let mut extent = Extent::EMPTY;
    for (i, rings) in projected.iter().enumerate() {
        if counts[i] > 0 && features[i].kind == FeatureKind::Country {
            // Far-flung islands would stretch the view across the world:
            // the extent follows each country's largest ring only.
            if let Some(ring) = rings.iter().max_by(|a, b| area(a).total_cmp(&area(b))) {
                extent.add(ring);
            }
        }
    }
    let view = extent.framed();
    let scale = WIDTH / (view.x1 - view.x0);
    let map_height = (view.y1 - view.y0) * scale;
    let to_chart = |(x, y): (f32, f32)| ((x - view.x0) * scale, (view.y1 - y) * scale);

    let mut shapes = Vec::new();
    let mut order: Vec<usize> = (0..features.len()).collect();
    // Context first, then shaded countries, then subdivisions on top.
    order.sort_by_key(|&i| (features[i].kind == FeatureKind::Subdivision, counts[i] > 0));
    for i in order {
        let f = &features[i];
        let subdivision = f.kind == FeatureKind::Subdivision;
        if subdivision
            && !f
                .code
                .and_then(|c| c.get(..2))
                .is_some_and(|c| subdivided.contains(c))
        {
            continue;
        }
        let rings: Vec<Vec<(f32, f32)>> = projected[i]
            .iter()
            .filter_map(|ring| {
                let ring: Vec<(f32, f32)> = ring.iter().map(|&p| to_chart(p)).collect();
                clip(&ring, WIDTH, map_height)
            })
            .collect();
        if rings.is_empty() {
            continue;
        }
        let count = counts[i];
        let fill = if count > 0 {
            Some(CLASS_COLORS[class_of(count)])
        } else if subdivision {
            None
        } else {
            Some(CONTEXT)
        };
        let (stroke, stroke_width) = match (subdivision, count > 0) {
            (true, true) => ((40, 48, 60), 0.7),
            (true, false) => ((150, 160, 172), 0.3),
            (false, _) => ((255, 255, 255), 0.5),
        };
        shapes.push(Shape {
            code: f.code.map(str::to_owned),
            name: f.name.to_owned(),
            count,
            fill,
            stroke,
            stroke_width,
            rings,
        });
    }
    let labels = labels(&shapes, map_height);

    let top_class = counts.iter().copied().max().map_or(0, class_of);
    let entries = std::iter::once((CONTEXT, "None".to_owned()))
        .chain((0..=top_class).map(|c| (CLASS_COLORS[c], class_label(c))))
        .collect();
    let (legend, legend_height) = legend_rows(entries, 0.0, map_height + 8.0);

    let alt = alt_text(features, &counts, &missing);
    Some(MapFigure {
        id: "figure-map".to_owned(),
        title: "Where the collaborations are".to_owned(),
        caption: "Each country is shaded by the number of collaborations with a party based there or taking effect there; a province or region the data names is shaded by the collaborations naming it, over its country. The classes (1, 2–3, 4–7 …) are fixed, so the same shade means the same count in every briefing. Natural Earth boundaries, Equal Earth projection.".to_owned(),
        alt,
        width: WIDTH,
        map_height,
        height: map_height + 8.0 + legend_height + 4.0,
        shapes,
        labels,
        legend,
    })
}

/// Labels for the most counted places that have a code, each at the centre
/// of its largest visible ring, skipping one that would overlap another or
/// leave the frame. Widths are estimated (the SVG cannot measure text), on
/// the generous side.
fn labels(shapes: &[Shape], map_height: f32) -> Vec<MapLabel> {
    let mut counted: Vec<&Shape> = shapes
        .iter()
        .filter(|s| s.count > 0 && s.code.is_some())
        .collect();
    // Subdivisions before their country at equal counts: they say more.
    counted.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then(b.stroke_width.total_cmp(&a.stroke_width))
            .then(a.name.cmp(&b.name))
    });
    let mut placed: Vec<MapLabel> = Vec::new();
    for shape in counted {
        if placed.len() == MAX_LABELS {
            break;
        }
        let Some(ring) = shape
            .rings
            .iter()
            .max_by(|a, b| area(a).total_cmp(&area(b)))
        else {
            continue;
        };
        let (cx, cy) = centroid(ring);
        let text = format!("{} {}", shape.name, shape.count);
        let w = text.chars().count() as f32 * LABEL_SIZE * 0.56 + 4.0;
        let h = LABEL_SIZE + 3.0;
        // At the centre, else just above, below, right or left of it.
        let tries = [
            (0.0, 0.0),
            (0.0, -h - 1.0),
            (0.0, h + 1.0),
            (w / 2.0 + 3.0, 0.0),
            (-w / 2.0 - 3.0, 0.0),
        ];
        for (dx, dy) in tries {
            let (x, y) = (cx + dx, cy + dy);
            let frame = (x - w / 2.0, y - h / 2.0, w, h);
            let inside = frame.0 >= 0.0
                && frame.1 >= 0.0
                && frame.0 + w <= WIDTH
                && frame.1 + h <= map_height;
            let clear = placed.iter().all(|l| {
                let (lx, ly, lw, lh) = l.frame;
                frame.0 + w < lx || lx + lw < frame.0 || frame.1 + h < ly || ly + lh < frame.1
            });
            if inside && clear {
                placed.push(MapLabel {
                    x,
                    y: y + LABEL_SIZE / 2.0 - 1.0,
                    text,
                    frame,
                });
                break;
            }
        }
    }
    placed
}

/// The centre of a ring's area (its vertices' mean when it has none).
fn centroid(ring: &[(f32, f32)]) -> (f32, f32) {
    let n = ring.len();
    let (mut a, mut cx, mut cy) = (0.0f32, 0.0f32, 0.0f32);
    for i in 0..n {
        let (p, q) = (ring[i], ring[(i + 1) % n]);
        let cross = p.0 * q.1 - q.0 * p.1;
        a += cross;
        cx += (p.0 + q.0) * cross;
        cy += (p.1 + q.1) * cross;
    }
    if a.abs() < 1e-6 {
        let (sx, sy) = ring.iter().fold((0.0, 0.0), |(x, y), p| (x + p.0, y + p.1));
        return (sx / n.max(1) as f32, sy / n.max(1) as f32);
    }
    (cx / (3.0 * a), cy / (3.0 * a))
}

/// A feature's rings, each a list of points.
type Rings = Vec<Vec<(f32, f32)>>;

/// Every feature's rings in the projection's units, projected once.
fn projected() -> &'static [Rings] {
    static PROJECTED: OnceLock<Vec<Rings>> = OnceLock::new();
    PROJECTED.get_or_init(|| {
        features()
            .iter()
            .map(|f| {
                f.rings
                    .iter()
                    .map(|r| r.iter().map(|&(x, y)| equal_earth(x, y)).collect())
                    .collect()
            })
            .collect()
    })
}

fn alt_text(features: &[Feature], counts: &[usize], missing: &BTreeMap<String, usize>) -> String {
    let list = |kind: FeatureKind| {
        let mut named: Vec<(&str, usize)> = features
            .iter()
            .zip(counts)
            .filter(|(f, n)| f.kind == kind && **n > 0 && f.code.is_some())
            .map(|(f, n)| (f.name, *n))
            .collect();
        named.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        named
            .iter()
            .map(|(name, n)| format!("{name} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut alt = format!(
        "Map of collaborations by country: {}.",
        list(FeatureKind::Country)
    );
    let subdivisions = list(FeatureKind::Subdivision);
    if !subdivisions.is_empty() {
        alt.push_str(&format!(" By province or region: {subdivisions}."));
    }
    if !missing.is_empty() {
        let listed: Vec<String> = missing.iter().map(|(c, n)| format!("{c} {n}")).collect();
        alt.push_str(&format!(
            " Not drawn, too small for the map's scale or without an outline: {}.",
            listed.join(", ")
        ));
    }
    alt
}

/// A box in projected units.
#[derive(Debug, Clone, Copy)]
struct Extent {
    x0: f32,
    y0: f32,
    x1: f32,
    y1: f32,
}

impl Extent {
    const EMPTY: Extent = Extent {
        x0: f32::MAX,
        y0: f32::MAX,
        x1: f32::MIN,
        y1: f32::MIN,
    };

    fn add(&mut self, ring: &[(f32, f32)]) {
        for &(x, y) in ring {
            self.x0 = self.x0.min(x);
            self.y0 = self.y0.min(y);
            self.x1 = self.x1.max(x);
            self.y1 = self.y1.max(y);
        }
    }

    /// The view: the extent with a margin, at least a fifth of the world
    /// wide, and of an aspect between 2:1 and 5:3 (wide), within the world.
    fn framed(self) -> Extent {
        const WORLD_X: f32 = 2.7066;
        const WORLD_Y: f32 = 1.3174;
        let (mut w, mut h) = (self.x1 - self.x0, self.y1 - self.y0);
        let (cx, cy) = ((self.x0 + self.x1) / 2.0, (self.y0 + self.y1) / 2.0);
        w = (w * 1.2 + 0.3).max(2.0 * WORLD_X / 5.0);
        h = h * 1.2 + 0.3;
        // Keep the aspect within bounds by growing the smaller side.
        if h > w * 0.6 {
            w = h / 0.6;
        }
        if h < w * 0.5 {
            h = w * 0.5;
        }
        w = w.min(2.0 * WORLD_X);
        h = h.min(2.0 * WORLD_Y);
        let cx = cx.clamp(-WORLD_X + w / 2.0, WORLD_X - w / 2.0);
        let cy = cy.clamp(-WORLD_Y + h / 2.0, WORLD_Y - h / 2.0);
        Extent {
            x0: cx - w / 2.0,
            y0: cy - h / 2.0,
            x1: cx + w / 2.0,
            y1: cy + h / 2.0,
        }
    }
}

/// The area of a ring, unsigned.
fn area(ring: &[(f32, f32)]) -> f32 {
    let n = ring.len();
    (0..n)
        .map(|i| {
            let (a, b) = (ring[i], ring[(i + 1) % n]);
            a.0 * b.1 - b.0 * a.1
        })
        .sum::<f32>()
        .abs()
        / 2.0
}

/// Clips a ring to the frame (0, 0)–(`w`, `h`) (Sutherland–Hodgman, exact
/// for the frame's convex box), simplifies it to what shows at the figure's
/// size (Douglas–Peucker within 0.4 units), and gives `None` for what is
/// left with less than three points or no area to see.
fn clip(ring: &[(f32, f32)], w: f32, h: f32) -> Option<Vec<(f32, f32)>> {
    let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
    for &(x, y) in ring {
        (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
    }
    if x1 < 0.0 || y1 < 0.0 || x0 > w || y0 > h || (x1 - x0) * (y1 - y0) < 0.05 {
        return None;
    }
    let mut points = ring.to_vec();
    if x0 < 0.0 || y0 < 0.0 || x1 > w || y1 > h {
        // Each edge of the frame: inside test and the crossing point.
        type Inside = fn((f32, f32), f32) -> bool;
        type Cross = fn((f32, f32), (f32, f32), f32) -> (f32, f32);
        let cross_x: Cross = |a, b, x| (x, a.1 + (b.1 - a.1) * (x - a.0) / (b.0 - a.0));
        let cross_y: Cross = |a, b, y| (a.0 + (b.0 - a.0) * (y - a.1) / (b.1 - a.1), y);
        let edges: [(Inside, Cross, f32); 4] = [
            (|p, x| p.0 >= x, cross_x, 0.0),
            (|p, x| p.0 <= x, cross_x, w),
            (|p, y| p.1 >= y, cross_y, 0.0),
            (|p, y| p.1 <= y, cross_y, h),
        ];
        for (inside, cross, at) in edges {
            let input = std::mem::take(&mut points);
            let &last = input.last()?;
            let mut previous = last;
            for &current in &input {
                match (inside(current, at), inside(previous, at)) {
                    (true, true) => points.push(current),
                    (true, false) => {
                        points.push(cross(previous, current, at));
                        points.push(current);
                    }
                    (false, true) => points.push(cross(previous, current, at)),
                    (false, false) => {}
                }
                previous = current;
            }
        }
    }
    let kept = simplify(&points, 0.4);
    (kept.len() >= 3 && area(&kept) > 0.05).then_some(kept)
}

/// Douglas–Peucker: the points of `line` that keep it within `tolerance`
/// of the original, both ends kept. Iterative, so any length is safe.
fn simplify(line: &[(f32, f32)], tolerance: f32) -> Vec<(f32, f32)> {
    if line.len() < 3 {
        return line.to_vec();
    }
    let mut keep = vec![false; line.len()];
    keep[0] = true;
    keep[line.len() - 1] = true;
    let mut stack = vec![(0, line.len() - 1)];
    while let Some((a, b)) = stack.pop() {
        let (p, q) = (line[a], line[b]);
        let (dx, dy) = (q.0 - p.0, q.1 - p.1);
        let norm = (dx * dx + dy * dy).sqrt();
        let mut best = (0.0f32, 0);
        for (i, r) in line.iter().enumerate().take(b).skip(a + 1) {
            let d = if norm == 0.0 {
                ((r.0 - p.0).powi(2) + (r.1 - p.1).powi(2)).sqrt()
            } else {
                (dy * (r.0 - p.0) - dx * (r.1 - p.1)).abs() / norm
            };
            if d > best.0 {
                best = (d, i);
            }
        }
        if best.0 > tolerance {
            keep[best.1] = true;
            stack.push((a, best.1));
            stack.push((best.1, b));
        }
    }
    line.iter()
        .zip(keep)
        .filter_map(|(p, k)| k.then_some(*p))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_are_fixed_bands_of_counts() {
        let classes: Vec<usize> = [1, 2, 3, 4, 7, 8, 15, 16, 127, 128, 10_000]
            .iter()
            .map(|&n| class_of(n))
            .collect();
        assert_eq!(classes, [0, 1, 1, 2, 2, 3, 3, 4, 6, 7, 7]);
        let labels: Vec<String> = [0, 1, 2, 7].iter().map(|&c| class_label(c)).collect();
        assert_eq!(labels, ["1", "2–3", "4–7", "128 or more"]);
    }

    #[test]
    fn simplifying_drops_points_within_the_tolerance_only() {
        let line = [(0.0, 0.0), (5.0, 0.1), (10.0, 0.0), (10.0, 10.0)];
        assert_eq!(
            simplify(&line, 0.4),
            [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0)]
        );
        assert_eq!(simplify(&line, 0.05).len(), 4);
    }

    #[test]
    fn clipping_keeps_what_is_inside_the_frame() {
        let square = [(-10.0, -10.0), (10.0, -10.0), (10.0, 10.0), (-10.0, 10.0)];
        let clipped = clip(&square, 100.0, 100.0).expect("a corner is inside");
        assert!((area(&clipped) - 100.0).abs() < 1e-3, "{clipped:?}");
        assert!(
            clipped
                .iter()
                .all(|&(x, y)| (0.0..=100.0).contains(&x) && (0.0..=100.0).contains(&y))
        );
        let outside = [(200.0, 200.0), (210.0, 200.0), (210.0, 210.0)];
        assert_eq!(clip(&outside, 100.0, 100.0), None);
    }
}
