//! Horizontal bars: one bar per category, first category at the top, the
//! first series only, each bar's value printed just past its end. Suits long
//! category names such as control titles.

use plotters::prelude::{ChartBuilder, EmptyElement, Rectangle, Text};
use plotters::style::Color;
use plotters::style::text_anchor::{HPos, VPos};

use super::cartesian::{MARGIN_TOP, Ticked, bottom_label_area, value_label_area};
use super::layout::{
    Area, DrawResult, LABEL_PX, Mark, PAD, TICK_PX, VALUE_PX, WIDTH, anchored, draw_header,
    header_height, text,
};
use super::scale::{ValueAxis, format_value, text_width, truncate_to_width};
use super::{Chart, is_integral, palette};

const ROW_PX: u32 = 24;
/// Category names longer than this are cut with "…".
const CATEGORY_MAX_PX: u32 = 250;
const BAR_SHARE: f64 = 0.7;
/// Room kept right of the longest bar for its value label.
const VALUE_LABEL_MAX_PX: u32 = 120;
const MIN_HEIGHT: u32 = 140;

pub fn height(chart: &Chart) -> u32 {
    let rows = chart.categories.len() as u32;
    let fixed =
        header_height(&[]) + MARGIN_TOP + bottom_label_area(!chart.x_label.is_empty()) + PAD;
    (fixed + rows * ROW_PX).max(MIN_HEIGHT)
}

pub fn draw(area: &Area, chart: &Chart, rows: &[Vec<Option<f64>>]) -> DrawResult {
    let plot_area = draw_header(area, &chart.title, &[], Mark::Swatch)?;
    let values: &[Option<f64>] = rows.first().map_or(&[], Vec::as_slice);
    let count = chart.categories.len();
    let largest = values.iter().flatten().copied().fold(0.0, f64::max);
    let axis = ValueAxis::for_data(largest, &chart.unit, is_integral(rows));
    let unit = chart.unit.as_str();

    let names: Vec<String> = chart
        .categories
        .iter()
        .map(|c| truncate_to_width(c, CATEGORY_MAX_PX, TICK_PX))
        .collect();
    // The category names take the place of value ticks on the left axis.
    let y_area = value_label_area(&names, !chart.y_label.is_empty());
    let value_labels: Vec<Option<String>> = values
        .iter()
        .map(|v| v.map(|v| format_value(v, unit)))
        .collect();
    let widest_value = value_labels
        .iter()
        .flatten()
        .map(|l| text_width(l, VALUE_PX))
        .max()
        .unwrap_or(0)
        .min(VALUE_LABEL_MAX_PX);

    let ticks = axis.ticks();
    let y_keys = (0..count).map(|i| i as f64 + 0.5).collect();
    let mut plot = ChartBuilder::on(&plot_area)
        .margin_top(MARGIN_TOP)
        .margin_left(PAD)
        .margin_right(widest_value + PAD)
        .margin_bottom(PAD / 2)
        .x_label_area_size(bottom_label_area(!chart.x_label.is_empty()))
        .y_label_area_size(y_area)
        .build_cartesian_2d(
            Ticked::new(0.0..axis.max, ticks),
            Ticked::new(0.0..count as f64, y_keys),
        )?;

    // Category 0 is drawn at the top, where y is largest.
    let row_centre = |i: usize| (count - 1 - i) as f64 + 0.5;
    let category_label = |y: &f64| {
        let from_bottom = (y - 0.5).round().max(0.0) as usize;
        names
            .get(count.saturating_sub(from_bottom + 1))
            .cloned()
            .unwrap_or_default()
    };
    let value_label = |x: &f64| format_value(*x, unit);
    let plot_px = WIDTH.saturating_sub(y_area + widest_value + 2 * PAD);
    let x_title = truncate_to_width(&chart.x_label, plot_px, LABEL_PX);
    let y_title = truncate_to_width(&chart.y_label, height(chart) / 2, LABEL_PX);

    let mut mesh = plot.configure_mesh();
    mesh.disable_y_mesh()
        .bold_line_style(palette::GRID.stroke_width(1))
        .axis_style(palette::AXIS.stroke_width(1))
        .label_style(text(TICK_PX, palette::TEXT))
        .axis_desc_style(text(LABEL_PX, palette::TEXT))
        .x_label_formatter(&value_label)
        .y_label_formatter(&category_label);
    if !x_title.is_empty() {
        mesh.x_desc(x_title);
    }
    if !y_title.is_empty() {
        mesh.y_desc(y_title);
    }
    mesh.draw()?;

    let fill = palette::series(0).filled();
    let half = BAR_SHARE / 2.0;
    let bars = values.iter().enumerate().filter_map(|(i, v)| {
        let v = v.filter(|v| *v > 0.0)?.min(axis.max);
        let y = row_centre(i);
        Some(Rectangle::new([(0.0, y - half), (v, y + half)], fill))
    });
    plot.draw_series(bars)?;

    let style = anchored(text(VALUE_PX, palette::TEXT), HPos::Left, VPos::Center);
    let labels = value_labels
        .into_iter()
        .enumerate()
        .filter_map(|(i, label)| {
            let end = values[i]?.min(axis.max);
            Some(EmptyElement::at((end, row_centre(i))) + Text::new(label?, (4, 0), style.clone()))
        });
    plot.draw_series(labels)?;
    Ok(())
}
