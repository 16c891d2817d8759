//! Lines: one per series with a marker on every value; a missing value
//! breaks the line, so a gap in the data is a gap on the page rather than a
//! made-up slope.

use plotters::prelude::{Circle, LineSeries};
use plotters::style::Color;

use super::layout::{Area, DrawResult, Mark, draw_header};
use super::scale::ValueAxis;
use super::{Chart, cartesian, is_integral, palette};

const MARKER_RADIUS: u32 = 3;

pub fn draw(area: &Area, chart: &Chart, rows: &[Vec<Option<f64>>]) -> DrawResult {
    let names: Vec<&str> = chart.series.iter().map(|s| s.name.as_str()).collect();
    let plot_area = draw_header(area, &chart.title, &names, Mark::LineAndPoint)?;

    let largest = rows.iter().flatten().flatten().copied().fold(0.0, f64::max);
    let axis = ValueAxis::for_data(largest, &chart.unit, is_integral(rows));
    let mut plot = cartesian::build(&plot_area, chart, axis)?;

    for (index, row) in rows.iter().enumerate() {
        let colour = palette::series(index);
        // Values past a fixed 0..100 % axis are drawn on its top edge.
        let points: Vec<Option<(f64, f64)>> = row
            .iter()
            .enumerate()
            .map(|(i, v)| v.map(|v| (i as f64 + 0.5, v.min(axis.max))))
            .collect();
        for run in points.split(Option::is_none) {
            let run: Vec<(f64, f64)> = run.iter().flatten().copied().collect();
            if run.len() > 1 {
                plot.draw_series(LineSeries::new(run.clone(), colour.stroke_width(2)))?;
            }
            plot.draw_series(
                run.into_iter()
                    .map(|p| Circle::new(p, MARKER_RADIUS, colour.filled())),
            )?;
        }
    }
    Ok(())
}
