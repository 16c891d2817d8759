//! Heatmap: one row per series, one column per category, cell colour by
//! value on a single-hue ramp (0 is very light, no data is a blank cell with
//! a dash). Rows are gathered under group headings, column labels sit on
//! top, a colour scale and the column axis title at the bottom. Laid out in
//! pixels: a grid of labelled cells has no use for plotters' axes.

use plotters::prelude::{PathElement, Rectangle, Text};
use plotters::style::Color;
use plotters::style::text_anchor::{HPos, VPos};

use super::layout::{
    Area, DrawResult, LABEL_PX, Mark, PAD, TICK_PX, VALUE_PX, WIDTH, anchored, bold, draw_header,
    header_height, text,
};
use super::scale::{
    format_value, label_step, shown_labels, text_width, truncate_bold_to_width, truncate_to_width,
};
use super::{Chart, palette};

const ROW_PX: u32 = 18;
const GROUP_PX: u32 = 22;
/// One line of column labels; two when they are staggered.
const HEAD_LINE_PX: u32 = 16;
const FOOTER_PX: u32 = 40;
const ROW_LABEL_MAX_PX: u32 = 280;
/// Indent of row labels under a group heading.
const INDENT: u32 = 10;
const SCALE_SWATCHES: u32 = 5;
const SWATCH_PX: u32 = 18;

/// One horizontal band of the grid, top to bottom.
enum Band<'a> {
    Group(&'a str),
    Row(usize),
}

/// Rows in order with a heading before each group. Groups count rows in
/// order; rows the groups do not cover go under "Other" rather than
/// silently joining the last group.
fn bands(chart: &Chart) -> Vec<Band<'_>> {
    let total = chart.series.len();
    let mut bands = Vec::with_capacity(total + chart.groups.len() + 1);
    let mut next = 0;
    for (label, count) in &chart.groups {
        let count = (*count).min(total - next);
        if count > 0 {
            bands.push(Band::Group(label));
            bands.extend((next..next + count).map(Band::Row));
            next += count;
        }
    }
    if next > 0 && next < total {
        bands.push(Band::Group("Other"));
    }
    bands.extend((next..total).map(Band::Row));
    bands
}

fn band_height(band: &Band) -> u32 {
    match band {
        Band::Group(_) => GROUP_PX,
        Band::Row(_) => ROW_PX,
    }
}

fn is_grouped(bands: &[Band]) -> bool {
    bands.iter().any(|b| matches!(b, Band::Group(_)))
}

pub fn height(chart: &Chart) -> u32 {
    let bands = bands(chart);
    let grid: u32 = bands.iter().map(band_height).sum();
    let columns = Columns::new(chart, is_grouped(&bands));
    header_height(&[]) + columns.head_px() + grid + FOOTER_PX + PAD / 2
}

/// Horizontal placement shared by every band.
struct Columns {
    labels_x: i32,
    grid_x: u32,
    grid_w: u32,
    count: u32,
    /// Label every `head_step`th column …
    head_step: usize,
    /// … alternating over this many lines.
    head_lines: u32,
}

impl Columns {
    fn new(chart: &Chart, grouped: bool) -> Columns {
        let indent = if grouped { INDENT } else { 0 };
        let widest = chart
            .series
            .iter()
            .map(|s| text_width(&s.name, TICK_PX))
            .max()
            .unwrap_or(0);
        let labels_w = widest.min(ROW_LABEL_MAX_PX) + indent + 8;
        let grid_x = PAD + labels_w;
        let grid_w = WIDTH - PAD - grid_x;
        let widest_head = chart
            .categories
            .iter()
            .map(|c| text_width(c, TICK_PX))
            .max()
            .unwrap_or(0);
        // Cell borders already separate the columns, so labels may sit
        // closer than on an axis; staggering them over two lines fits twice
        // as many before any has to be dropped.
        let step = label_step(chart.categories.len(), widest_head, 4, grid_w);
        let (head_lines, head_step) = if step > 1 {
            (2, step.div_ceil(2))
        } else {
            (1, 1)
        };
        Columns {
            labels_x: PAD as i32,
            grid_x,
            grid_w,
            count: chart.categories.len().max(1) as u32,
            head_step,
            head_lines,
        }
    }

    fn head_px(&self) -> u32 {
        self.head_lines * HEAD_LINE_PX + 6
    }

    /// Left edge of column `j`; `j == count` gives the right edge.
    fn x(&self, j: u32) -> i32 {
        (self.grid_x + j * self.grid_w / self.count) as i32
    }

    fn width(&self) -> u32 {
        self.grid_w / self.count
    }
}

/// Everything the bands need to draw themselves.
struct Grid<'a, 'b> {
    area: &'a Area<'b>,
    chart: &'a Chart,
    columns: Columns,
    /// Value drawn at full intensity.
    scale_max: f64,
    /// Indent of row labels: rows sit under group headings when grouped.
    indent: i32,
}

pub fn draw(area: &Area, chart: &Chart, rows: &[Vec<Option<f64>>]) -> DrawResult {
    let plot = draw_header(area, &chart.title, &[], Mark::Swatch)?;
    let bands = bands(chart);
    let grouped = is_grouped(&bands);
    let grid = Grid {
        area: &plot,
        chart,
        columns: Columns::new(chart, grouped),
        scale_max: if chart.unit == "%" {
            100.0
        } else {
            rows.iter().flatten().flatten().copied().fold(0.0, f64::max)
        },
        indent: if grouped { INDENT as i32 } else { 0 },
    };

    grid.column_heads()?;
    let mut y = grid.columns.head_px() as i32;
    for band in &bands {
        match band {
            Band::Group(label) => grid.group(label, y)?,
            Band::Row(index) => grid.row(&chart.series[*index].name, &rows[*index], y)?,
        }
        y += band_height(band) as i32;
    }
    grid.footer(y)
}

impl Grid<'_, '_> {
    fn column_heads(&self) -> DrawResult {
        let (chart, columns) = (self.chart, &self.columns);
        let line_centre = |line: u32| (line * HEAD_LINE_PX + HEAD_LINE_PX / 2) as i32;
        if !chart.y_label.is_empty() {
            let title = truncate_bold_to_width(&chart.y_label, columns.grid_x - PAD, LABEL_PX);
            let style = anchored(
                bold(LABEL_PX, palette::MUTED_TEXT),
                HPos::Left,
                VPos::Center,
            );
            let at = (columns.labels_x, line_centre(columns.head_lines - 1));
            self.area.draw(&Text::new(title, at, style))?;
        }
        let step = columns.head_step;
        let room = (columns.width() * (step as u32) * columns.head_lines).saturating_sub(4);
        let style = anchored(text(TICK_PX, palette::TEXT), HPos::Center, VPos::Center);
        let shown = shown_labels(chart.categories.len(), step);
        // Count lines from the last column so the latest label is always on
        // the line nearest the grid.
        for (k, j) in shown.into_iter().rev().enumerate() {
            let line = columns.head_lines - 1 - (k as u32 % columns.head_lines);
            let label = truncate_to_width(&chart.categories[j], room, TICK_PX);
            // Labels wider than the last columns are pulled in from the edge.
            let half = (text_width(&label, TICK_PX) / 2) as i32;
            let centre = (columns.x(j as u32) + columns.x(j as u32 + 1)) / 2;
            let x = centre.min((WIDTH - PAD / 2) as i32 - half);
            self.area
                .draw(&Text::new(label, (x, line_centre(line)), style.clone()))?;
        }
        Ok(())
    }

    fn group(&self, label: &str, y: i32) -> DrawResult {
        let left = self.columns.labels_x;
        let right = self.columns.x(self.columns.count);
        let rule = PathElement::new(vec![(left, y + 3), (right, y + 3)], palette::AXIS);
        self.area.draw(&rule)?;
        let label = truncate_bold_to_width(label, WIDTH - 2 * PAD, LABEL_PX);
        let style = anchored(bold(LABEL_PX, palette::TEXT), HPos::Left, VPos::Center);
        let centre_y = y + 3 + (GROUP_PX / 2) as i32;
        self.area.draw(&Text::new(label, (left, centre_y), style))
    }

    fn row(&self, name: &str, values: &[Option<f64>], y: i32) -> DrawResult {
        let columns = &self.columns;
        let centre_y = y + (ROW_PX / 2) as i32;
        let name = truncate_to_width(name, ROW_LABEL_MAX_PX, TICK_PX);
        let style = anchored(text(TICK_PX, palette::TEXT), HPos::Left, VPos::Center);
        let label_x = columns.labels_x + self.indent;
        self.area
            .draw(&Text::new(name, (label_x, centre_y), style))?;

        for (j, value) in values.iter().enumerate() {
            let (left, right) = (columns.x(j as u32), columns.x(j as u32 + 1));
            let cell = [(left + 1, y + 1), (right - 1, y + ROW_PX as i32 - 1)];
            let centre = ((left + right) / 2, centre_y);
            match *value {
                Some(value) => self.cell(cell, centre, value)?,
                None => self.blank_cell(cell, centre)?,
            }
        }
        Ok(())
    }

    fn cell(&self, corners: [(i32, i32); 2], centre: (i32, i32), value: f64) -> DrawResult {
        let t = if self.scale_max > 0.0 {
            value / self.scale_max
        } else {
            0.0
        };
        self.area
            .draw(&Rectangle::new(corners, palette::heat(t).filled()))?;
        let label = format_value(value, &self.chart.unit);
        // Zero cells stay unlabelled so the non-zero ones stand out; labels
        // that do not fit a narrow column are left to the data table.
        if value > 0.0 && text_width(&label, VALUE_PX) + 2 <= self.columns.width() {
            let colour = if palette::needs_light_text(t) {
                plotters::style::WHITE
            } else {
                palette::TEXT
            };
            let style = anchored(text(VALUE_PX, colour), HPos::Center, VPos::Center);
            self.area.draw(&Text::new(label, centre, style))?;
        }
        Ok(())
    }

    /// No data: a white cell with a border and a dash, unlike the filled
    /// very light cell of a real zero.
    fn blank_cell(&self, corners: [(i32, i32); 2], centre: (i32, i32)) -> DrawResult {
        self.area
            .draw(&Rectangle::new(corners, palette::NO_DATA_CELL.filled()))?;
        self.area.draw(&Rectangle::new(corners, palette::FRAME))?;
        let dash = anchored(
            text(VALUE_PX, palette::MUTED_TEXT),
            HPos::Center,
            VPos::Center,
        );
        self.area.draw(&Text::new("–", centre, dash))
    }

    /// Colour scale ("0 ▮▮▮▮▮ max") under the row labels, column axis title
    /// centred under the grid.
    fn footer(&self, y: i32) -> DrawResult {
        let (chart, columns) = (self.chart, &self.columns);
        let centre_y = y + (FOOTER_PX / 2) as i32;
        let label = anchored(text(TICK_PX, palette::TEXT), HPos::Left, VPos::Center);
        let mut x = columns.labels_x;
        self.area
            .draw(&Text::new("0", (x, centre_y), label.clone()))?;
        x += text_width("0", TICK_PX) as i32 + 4;
        for k in 0..SCALE_SWATCHES {
            let t = f64::from(k) / f64::from(SCALE_SWATCHES - 1);
            let swatch = [(x, centre_y - 5), (x + SWATCH_PX as i32, centre_y + 5)];
            self.area
                .draw(&Rectangle::new(swatch, palette::heat(t).filled()))?;
            x += SWATCH_PX as i32;
        }
        let max_label = format_value(self.scale_max, &chart.unit);
        self.area
            .draw(&Text::new(max_label, (x + 4, centre_y), label))?;

        if !chart.x_label.is_empty() {
            let title = truncate_to_width(&chart.x_label, columns.grid_w, LABEL_PX);
            let style = anchored(text(LABEL_PX, palette::TEXT), HPos::Center, VPos::Center);
            let centre_x = (columns.x(0) + columns.x(columns.count)) / 2;
            self.area
                .draw(&Text::new(title, (centre_x, centre_y), style))?;
        }
        Ok(())
    }
}
