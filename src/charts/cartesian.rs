//! The plot shared by bars, stacked bars and lines: categories along x
//! (category `i` spans `i..i + 1`, its centre at `i + 0.5`), values up y from
//! 0, light horizontal grid lines, thinned x labels.

use std::ops::Range;

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::{Cartesian2d, ChartBuilder, ChartContext, SVGBackend};
use plotters::style::Color;

use super::layout::{Area, DrawError, LABEL_PX, PAD, TICK_PX, WIDTH, text};
use super::scale::{
    ValueAxis, format_value, label_step, shown_labels, text_width, truncate_to_width,
};
use super::{Chart, palette};

pub type CategoryChart<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<Ticked, Ticked>>;

/// A linear f64 axis with ticks exactly where we say. plotters' own
/// `with_key_points` wrapper loses the label formatter support, so this
/// small `Ranged` stands in for it.
pub struct Ticked {
    linear: RangedCoordf64,
    ticks: Vec<f64>,
}

impl Ticked {
    pub fn new(range: Range<f64>, ticks: Vec<f64>) -> Ticked {
        Ticked {
            linear: range.into(),
            ticks,
        }
    }
}

impl Ranged for Ticked {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.linear.map(value, limit)
    }

    /// Our ticks are the bold grid lines; there are no light ones.
    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> Range<f64> {
        self.linear.range()
    }
}

/// Room above the plot for the top tick label.
pub const MARGIN_TOP: u32 = 10;
/// Room right of the plot so the last x label may overhang its slot.
const MARGIN_RIGHT: u32 = 24;
/// A single category label never takes more than this before thinning.
const CATEGORY_MAX_PX: u32 = 140;
/// plotters puts tick labels this far from the axis (twice its tick size).
const LABEL_DIST: u32 = 10;
const AXIS_TITLE_MAX_PX: u32 = 200;

/// Width of a left value-axis label area holding `tick_labels` and, when
/// `titled`, the rotated axis title.
pub fn value_label_area(tick_labels: &[String], titled: bool) -> u32 {
    let widest = tick_labels
        .iter()
        .map(|label| text_width(label, TICK_PX))
        .max()
        .unwrap_or(0);
    let title = if titled { LABEL_PX + 10 } else { 0 };
    // A long unit must not squeeze the plot away.
    (widest + LABEL_DIST + 4 + title).min(WIDTH * 2 / 5)
}

/// Height of a bottom label area: tick labels plus, when `titled`, the axis
/// title under them.
pub fn bottom_label_area(titled: bool) -> u32 {
    LABEL_DIST + TICK_PX + 6 + if titled { LABEL_PX + 6 } else { 0 }
}

/// Category labels thinned and cut to fit a plot `plot_px` wide.
struct CategoryLabels {
    /// Every category, cut to the room a shown label has.
    labels: Vec<String>,
    /// Centres of the categories whose label is shown.
    keys: Vec<f64>,
    slot_px: f64,
}

impl CategoryLabels {
    fn fit(categories: &[String], plot_px: u32) -> CategoryLabels {
        let count = categories.len().max(1);
        let widest = categories
            .iter()
            .map(|c| text_width(c, TICK_PX))
            .max()
            .unwrap_or(0)
            .min(CATEGORY_MAX_PX);
        let step = label_step(count, widest, 8, plot_px);
        let slot_px = f64::from(plot_px) / count as f64;
        let room = ((slot_px * step as f64) as u32)
            .saturating_sub(8)
            .min(CATEGORY_MAX_PX);
        CategoryLabels {
            labels: categories
                .iter()
                .map(|c| truncate_to_width(c, room, TICK_PX))
                .collect(),
            keys: shown_labels(categories.len(), step)
                .into_iter()
                .map(|i| i as f64 + 0.5)
                .collect(),
            slot_px,
        }
    }

    /// How far the last label reaches past the end of the plot.
    fn last_overhang(&self) -> u32 {
        let half = self.labels.last().map_or(0, |l| text_width(l, TICK_PX) / 2);
        half.saturating_sub((self.slot_px / 2.0) as u32)
    }
}

/// Build the plot in `area` and draw its axes, grid and labels.
pub fn build<'a, 'b>(
    area: &'a Area<'b>,
    chart: &Chart,
    axis: ValueAxis,
) -> Result<CategoryChart<'a, 'b>, DrawError> {
    let count = chart.categories.len();
    let ticks = axis.ticks();
    let unit = chart.unit.as_str();
    let tick_labels: Vec<String> = ticks.iter().map(|&t| format_value(t, unit)).collect();
    let y_area = value_label_area(&tick_labels, !chart.y_label.is_empty());
    let first_px = WIDTH.saturating_sub(y_area + PAD + MARGIN_RIGHT);
    let first = CategoryLabels::fit(&chart.categories, first_px);
    // The last label is centred on the last slot; widen the right margin
    // when it overhangs, then fit again in the narrower plot (labels only
    // get shorter, so the margin stays wide enough).
    let margin_right = MARGIN_RIGHT.max(first.last_overhang() + 4);
    let plot_px = WIDTH.saturating_sub(y_area + PAD + margin_right);
    let CategoryLabels { labels, keys, .. } = CategoryLabels::fit(&chart.categories, plot_px);

    let mut plot = ChartBuilder::on(area)
        .margin_top(MARGIN_TOP)
        .margin_left(PAD)
        .margin_right(margin_right)
        .margin_bottom(PAD / 2)
        .x_label_area_size(bottom_label_area(!chart.x_label.is_empty()))
        .y_label_area_size(y_area)
        .build_cartesian_2d(
            Ticked::new(0.0..count as f64, keys),
            Ticked::new(0.0..axis.max, ticks),
        )?;

    let category_label = |x: &f64| {
        let index = (x - 0.5).round().max(0.0) as usize;
        labels.get(index).cloned().unwrap_or_default()
    };
    let value_label = |y: &f64| format_value(*y, unit);
    let x_title = truncate_to_width(&chart.x_label, plot_px, LABEL_PX);
    let y_title = truncate_to_width(&chart.y_label, AXIS_TITLE_MAX_PX, LABEL_PX);

    let mut mesh = plot.configure_mesh();
    mesh.disable_x_mesh()
        .bold_line_style(palette::GRID.stroke_width(1))
        .axis_style(palette::AXIS.stroke_width(1))
        .label_style(text(TICK_PX, palette::TEXT))
        .axis_desc_style(text(LABEL_PX, palette::TEXT))
        .x_label_formatter(&category_label)
        .y_label_formatter(&value_label);
    if !x_title.is_empty() {
        mesh.x_desc(x_title);
    }
    if !y_title.is_empty() {
        mesh.y_desc(y_title);
    }
    mesh.draw()?;
    Ok(plot)
}
