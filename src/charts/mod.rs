//! Charts: a `Chart` (plain, serialisable data) becomes a standalone,
//! accessible SVG string drawn with plotters. Charts do no I/O and are
//! deterministic: the same `Chart` always gives byte-identical SVG, and no
//! input (NaN, empty, hostile text) makes `render_svg` panic or fail.

mod bars;
mod cartesian;
mod hbars;
mod heatmap;
mod layout;
mod line;
mod palette;
mod scale;
mod svg;
#[cfg(test)]
mod tests;

use plotters::prelude::{IntoDrawingArea, SVGBackend};

use layout::{Area, DrawResult};

/// One named row of values, aligned with `Chart::categories`.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Series {
    pub name: String,
    /// `None` means no data: a gap in a line, an empty bar, a blank cell.
    pub values: Vec<Option<f64>>,
}

#[derive(Clone, Copy, Debug, serde::Serialize, PartialEq)]
#[serde(rename_all = "kebab-case")]
pub enum ChartKind {
    StackedBars,
    Bars,
    Line,
    HorizontalBars,
    Heatmap,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct Chart {
    /// Prefix for element ids inside the SVG, e.g. "incidents-by-severity".
    pub id: String,
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    /// X positions; for `HorizontalBars` the bars, top to bottom; for
    /// `Heatmap` the columns.
    pub categories: Vec<String>,
    /// Each with one value per category. `Heatmap`: one series per row.
    pub series: Vec<Series>,
    pub kind: ChartKind,
    /// Appended to tick labels and printed values: "", "%", "h".
    pub unit: String,
    /// `Heatmap` only: (label, number of consecutive rows), in row order.
    pub groups: Vec<(String, usize)>,
}

/// The chart as an `<svg>` element ready to inline in HTML.
pub fn render_svg(chart: &Chart) -> String {
    let rows = clean_rows(chart);
    let has_data = rows.iter().flatten().flatten().any(|&v| v > 0.0);
    if !has_data {
        return svg::message_frame(chart, "No data for this period");
    }
    let drawn = match chart.kind {
        ChartKind::StackedBars | ChartKind::Bars => {
            draw_with(layout::HEIGHT, |area| bars::draw(area, chart, &rows))
        }
        ChartKind::Line => draw_with(layout::HEIGHT, |area| line::draw(area, chart, &rows)),
        ChartKind::HorizontalBars => {
            draw_with(hbars::height(chart), |area| hbars::draw(area, chart, &rows))
        }
        ChartKind::Heatmap => draw_with(heatmap::height(chart), |area| {
            heatmap::draw(area, chart, &rows)
        }),
    };
    drawn
        .and_then(|raw| svg::finish(chart, &raw))
        .unwrap_or_else(|| svg::message_frame(chart, "This chart could not be drawn"))
}

/// Run `draw` on a fresh white SVG canvas; `None` on any plotters error.
fn draw_with(height: u32, draw: impl FnOnce(&Area) -> DrawResult) -> Option<String> {
    let mut raw = String::new();
    let drawn = {
        let root = SVGBackend::with_string(&mut raw, (layout::WIDTH, height)).into_drawing_area();
        root.fill(&plotters::style::WHITE)
            .and_then(|()| draw(&root))
            .and_then(|()| root.present())
    };
    drawn.ok().map(|()| raw)
}

/// Values ready to draw, one row per drawn series (single-series kinds use
/// the first only): exactly one value per category, NaN and infinities
/// become "no data", negatives become 0 because every value axis starts at 0
/// (these charts show counts, durations and rates).
fn clean_rows(chart: &Chart) -> Vec<Vec<Option<f64>>> {
    let drawn = match chart.kind {
        ChartKind::Bars | ChartKind::HorizontalBars => 1,
        ChartKind::StackedBars | ChartKind::Line | ChartKind::Heatmap => chart.series.len(),
    };
    let clean = |v: Option<f64>| v.filter(|x| x.is_finite()).map(|x| x.max(0.0));
    chart
        .series
        .iter()
        .take(drawn)
        .map(|series| {
            (0..chart.categories.len())
                .map(|i| series.values.get(i).copied().flatten())
                .map(clean)
                .collect()
        })
        .collect()
}

/// Whether every present value is a whole number, so axes can keep to
/// whole-number ticks.
fn is_integral(rows: &[Vec<Option<f64>>]) -> bool {
    rows.iter().flatten().flatten().all(|v| v.fract() == 0.0)
}

/// One-line summary for `<desc>`.
fn summary(chart: &Chart) -> String {
    let (kind, series_word) = match chart.kind {
        ChartKind::StackedBars => ("Stacked bars", "series"),
        ChartKind::Bars => ("Bars", "series"),
        ChartKind::Line => ("Line chart", "series"),
        ChartKind::HorizontalBars => ("Horizontal bars", "series"),
        ChartKind::Heatmap => ("Heatmap", "rows"),
    };
    let columns_word = match chart.kind {
        ChartKind::Heatmap => "columns",
        _ => "categories",
    };
    format!(
        "{kind}: {} {series_word} over {} {columns_word}",
        chart.series.len(),
        chart.categories.len()
    )
}
