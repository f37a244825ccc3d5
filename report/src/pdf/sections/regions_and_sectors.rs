//! The region × sector matrix, its rule, and the charts.

use crate::pdf::layout::{Column, Style, Writer};
use crate::view::Briefing;

pub(super) fn write(w: &mut Writer<'_>, b: &Briefing, title: &str) {
    let words = &b.wording;
    w.heading(1, title, 80.0);
    let mut columns = vec![Column {
        title: &b.matrix.corner,
        share: 1.6,
        right: false,
    }];
    for c in &b.matrix.columns {
        columns.push(Column {
            title: c,
            share: 1.0,
            right: true,
        });
    }
    columns.push(Column {
        title: &b.matrix.column_total_label,
        share: 0.8,
        right: true,
    });
    let with_values = |count: usize, values: &[String]| {
        let mut text = count.to_string();
        for v in values {
            text.push('\n');
            text.push_str(v);
        }
        text
    };
    let mut rows: Vec<Vec<String>> = b
        .matrix
        .rows
        .iter()
        .map(|row| {
            let mut cells = vec![row.label.clone()];
            cells.extend(row.cells.iter().map(|cell| {
                if cell.count == 0 {
                    "–".to_owned()
                } else {
                    with_values(cell.count, &cell.values)
                }
            }));
            cells.push(with_values(row.total, &row.total_values));
            cells
        })
        .collect();
    let mut totals = vec![b.matrix.row_total_label.clone()];
    totals.extend(
        b.matrix
            .totals
            .iter()
            .map(|c| with_values(c.count, &c.values)),
    );
    totals.push(b.matrix.grand_total.to_string());
    rows.push(totals);
    // The caption with the table's head and first rows.
    w.ensure(100.0);
    w.paragraph(words.matrix_caption, Style::BODY.bold(), 0.0);
    w.space(3.0);
    w.table(&columns, &rows);
    w.paragraph(words.matrix_rule, Style::SMALL, 0.0);
    w.space(10.0);
    for chart in &b.charts {
        w.chart(chart);
    }
    if let Some(map) = &b.map {
        crate::pdf::figure::map(w, map);
    }
    if let Some(timeline) = &b.timeline {
        crate::pdf::figure::timeline(w, timeline);
    }
}
