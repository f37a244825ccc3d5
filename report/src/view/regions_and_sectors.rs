//! The region × sector matrix and the charts.

#[allow(unused_imports)]
use super::*;

/// Stated values totalled per currency, in the short form of table cells.
/// The figures are rounded to three digits, so a sum that loses its last
/// decimals is still right; one that overflows is said in words.
pub(super) fn sum_values(agreements: &[&Agreement]) -> Vec<String> {
    // Each kind of figure (the stated value, committed, disbursed …) and
    // currency apart; figures left out of totals are left out here too.
    let mut by_currency: BTreeMap<String, (Option<Decimal>, Vec<Qualifier>)> = BTreeMap::new();
    let mut unknown = 0;
    for figure in figures(agreements) {
        if figure.left_out.is_some() {
            continue;
        }
        match figure.money.currency {
            Currency::Iso(c) => {
                let key = match figure.kind {
                    None => c.code().to_owned(),
                    Some(kind) => format!("{} {}", c.code(), kind.words()),
                };
                let entry = by_currency
                    .entry(key)
                    .or_insert((Some(Decimal::ZERO), Vec::new()));
                entry.0 = entry
                    .0
                    .and_then(|sum| sum.checked_add(figure.money.amount.0));
                entry.1.push(figure.money.qualifier);
            }
            Currency::Unknown => unknown += 1,
        }
    }
    let mut out: Vec<String> = by_currency
        .into_iter()
        .map(|(code, (sum, qualifiers))| match sum {
            Some(sum) => format::compact_money(sum, &code, combine(&qualifiers)),
            None => format!("{code}: too large to total"),
        })
        .collect();
    if unknown > 0 {
        out.push(format!(
            "+{} in unknown currency",
            format::count(unknown, "value", "values")
        ));
    }
    out
}

pub(super) fn top_sectors(a: &Agreement) -> BTreeSet<Sector> {
    a.sectors.iter().map(|s| s.top_level()).collect()
}

pub(super) fn matrix(selected: &[&Agreement], regions: &[(Region, Vec<&Agreement>)]) -> Matrix {
    let sectors: Vec<Sector> = Sector::ALL
        .iter()
        .copied()
        .filter(|s| s.parent().is_none())
        .filter(|s| selected.iter().any(|a| top_sectors(a).contains(s)))
        .collect();
    let cell = |agreements: &[&Agreement], sector: Sector| {
        let inside: Vec<&Agreement> = agreements
            .iter()
            .copied()
            .filter(|a| top_sectors(a).contains(&sector))
            .collect();
        MatrixCell {
            count: inside.len(),
            values: sum_values(&inside),
        }
    };
    let in_sector = |sector: Sector| -> Vec<&Agreement> {
        selected
            .iter()
            .copied()
            .filter(|a| top_sectors(a).contains(&sector))
            .collect()
    };
    if regions.len() <= sectors.len() {
        // Regions across the top, sectors down the side.
        Matrix {
            corner: "Sector".to_owned(),
            row_total_label: "All sectors".to_owned(),
            column_total_label: "All regions".to_owned(),
            columns: regions.iter().map(|(r, _)| r.name()).collect(),
            rows: sectors
                .iter()
                .map(|&s| MatrixRow {
                    label: s.label().to_owned(),
                    cells: regions
                        .iter()
                        .map(|(_, agreements)| cell(agreements, s))
                        .collect(),
                    total: in_sector(s).len(),
                    total_values: sum_values(&in_sector(s)),
                })
                .collect(),
            totals: regions
                .iter()
                .map(|(_, agreements)| MatrixCell {
                    count: agreements.len(),
                    values: sum_values(agreements),
                })
                .collect(),
            grand_total: selected.len(),
        }
    } else {
        Matrix {
            corner: "Region".to_owned(),
            row_total_label: "All regions".to_owned(),
            column_total_label: "All sectors".to_owned(),
            columns: sectors.iter().map(|s| s.label().to_owned()).collect(),
            rows: regions
                .iter()
                .map(|(region, agreements)| MatrixRow {
                    label: region.name(),
                    cells: sectors.iter().map(|&s| cell(agreements, s)).collect(),
                    total: agreements.len(),
                    total_values: sum_values(agreements),
                })
                .collect(),
            totals: sectors.iter().map(|&s| cell(selected, s)).collect(),
            grand_total: selected.len(),
        }
    }
}

/// The charts that add to the tables and figures: the status of the
/// collaborations, and their years when the timeline groups them (the
/// matrix already gives sectors and regions, so they are not charted again).
pub(super) fn charts(selected: &[&Agreement]) -> Vec<Chart> {
    let by_status: Vec<(String, usize)> = accord_model::Status::ALL
        .iter()
        .map(|&s| {
            (
                s.label().to_owned(),
                selected.iter().filter(|a| a.status == s).count(),
            )
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    // One status alone is a sentence, not a chart: the timeline's legend
    // and the entries say it.
    let mut charts = Vec::new();
    if by_status.len() > 1 {
        charts.push(Chart::new(
            "chart-status",
            "Collaborations by status",
            "Where each collaboration stands today: only discussed or announced, signed, in force, completed or lapsed.",
            by_status,
        ));
    }
    // The timeline draws each collaboration's span when there are few; with
    // more it groups them, and a chart by year then adds the counts.
    let dated = selected
        .iter()
        .filter(|a| a.dates.key_date().is_some())
        .count();
    if dated > crate::figure::timeline::MAX_ROWS {
        charts.push(year_chart(selected));
    }
    charts
}

/// Collaborations by the year of their key date, a date that may fall in
/// several years counted under the span of years, never in one year.
pub(super) fn year_chart(selected: &[&Agreement]) -> Chart {
    // Bars keyed by where they sort: a year, then the spans around it
    // ("2018 or earlier" before 2018, "2018 or later" after it, "2017–2018"
    // by its first year).
    let mut years: BTreeMap<(i32, u8, i32), (String, usize)> = BTreeMap::new();
    let (mut undated, mut marked) = (0, 0);
    for a in selected {
        let Some(d) = a.dates.key_date() else {
            undated += 1;
            continue;
        };
        let span = d.span();
        let first = span.earliest.map(|day| chrono::Datelike::year(&day));
        let last = span.latest.map(|day| chrono::Datelike::year(&day));
        let (key, label) = match (first, last) {
            // Only a date whose every possible day falls in one year is
            // counted in that year.
            (Some(a), Some(b)) if a == b => ((a, 1, a), a.to_string()),
            (Some(a), Some(b)) => ((a, 3, b), format!("{a}–{b}")),
            (None, Some(b)) => ((b, 0, b), format!("{b} or earlier")),
            (Some(a), None) => ((a, 2, a), format!("{a} or later")),
            (None, None) => {
                undated += 1;
                continue;
            }
        };
        if d.certainty() != Certainty::Stated {
            marked += 1;
        }
        years.entry(key).or_insert_with(|| (label, 0)).1 += 1;
    }
    let mut by_year: Vec<(String, usize)> = years.into_values().collect();
    if undated > 0 {
        by_year.push(("No date".to_owned(), undated));
    }
    let mut year_description = "By the year of signing, else of announcement or discussion. A collaboration whose date may fall in more than one year has a bar for the years it may fall in, such as “2018 or earlier” for one signed “on or before 14 February 2018”, and is never counted in one year it may not belong to.".to_owned();
    if marked > 0 {
        year_description.push_str(&format!(
            " Of those with a date, {} {} a marked date ({} or {}).",
            marked,
            if marked == 1 { "has" } else { "have" },
            format::INFERRED_SIGN,
            format::OUTSIDE_SIGN
        ));
    }
    Chart::new(
        "chart-year",
        "Collaborations by year",
        &year_description,
        by_year,
    )
}
