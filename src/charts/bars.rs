//! Vertical bars: one bar per category, either the first series alone
//! (`Bars`, with its value printed on top when there is room) or every
//! series stacked in series order (`StackedBars`, first series at the
//! bottom).

use plotters::prelude::{Rectangle, Text};
use plotters::style::Color;
use plotters::style::text_anchor::{HPos, VPos};

use super::layout::{self, Area, DrawResult, Mark, VALUE_PX, anchored, draw_header};
use super::scale::{ValueAxis, format_value, text_width};
use super::{Chart, ChartKind, cartesian, is_integral, palette};

/// Share of a category's slot the bar fills; the rest separates bars.
const BAR_SHARE: f64 = 0.7;

pub fn draw(area: &Area, chart: &Chart, rows: &[Vec<Option<f64>>]) -> DrawResult {
    let count = chart.categories.len();
    let names: Vec<&str> = chart
        .series
        .iter()
        .take(rows.len())
        .map(|s| s.name.as_str())
        .collect();
    let plot_area = draw_header(area, &chart.title, &names, Mark::Swatch)?;

    let totals: Vec<f64> = (0..count)
        .map(|i| rows.iter().filter_map(|row| row[i]).sum())
        .collect();
    let largest = totals.iter().copied().fold(0.0, f64::max);
    let axis = ValueAxis::for_data(largest, &chart.unit, is_integral(rows));
    let mut plot = cartesian::build(&plot_area, chart, axis)?;

    let (left, right) = ((1.0 - BAR_SHARE) / 2.0, (1.0 + BAR_SHARE) / 2.0);
    let mut bottoms = vec![0.0; count];
    for (index, row) in rows.iter().enumerate() {
        let fill = palette::series(index).filled();
        let mut segments = Vec::new();
        for (i, value) in row.iter().enumerate() {
            let Some(value) = value.filter(|v| *v > 0.0) else {
                continue;
            };
            // Values past a fixed 0..100 % axis are cut at the top edge.
            let base = bottoms[i];
            let top = (base + value).min(axis.max);
            bottoms[i] = top;
            let x = i as f64;
            segments.push(Rectangle::new([(x + left, base), (x + right, top)], fill));
        }
        plot.draw_series(segments)?;
    }

    if chart.kind == ChartKind::Bars {
        let slot_px = plot.plotting_area().dim_in_pixel().0 / count.max(1) as u32;
        let style = anchored(
            layout::text(VALUE_PX, palette::TEXT),
            HPos::Center,
            VPos::Bottom,
        );
        let labels: Vec<_> = totals
            .iter()
            .enumerate()
            .filter(|(_, total)| **total > 0.0)
            .map(|(i, total)| (i, format_value(*total, &chart.unit)))
            .filter(|(_, label)| text_width(label, VALUE_PX) + 2 <= slot_px)
            .map(|(i, label)| {
                let top = totals[i].min(axis.max);
                Text::new(label, (i as f64 + 0.5, top), style.clone())
            })
            .collect();
        plot.draw_series(labels)?;
    }
    Ok(())
}
