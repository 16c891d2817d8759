//! Canvas sizes, fonts, and the header every chart shares: the title and,
//! when there is more than one series, a legend above the plot (never on
//! top of the data).

use plotters::coord::Shift;
use plotters::prelude::{
    Circle, DrawingArea, DrawingAreaErrorKind, IntoFont, PathElement, Rectangle, SVGBackend, Text,
};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, FontStyle, RGBColor, TextStyle};

use super::scale::{text_width, truncate_bold_to_width, truncate_to_width};
use super::{ChartKind, palette};

pub type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
pub type DrawError = DrawingAreaErrorKind<std::io::Error>;
pub type DrawResult = Result<(), DrawError>;

pub const WIDTH: u32 = 720;
/// Height of the vertical charts (bars, line).
pub const HEIGHT: u32 = 320;
/// Outer padding on every side.
pub const PAD: u32 = 16;
pub const TITLE_PX: u32 = 16;
pub const LABEL_PX: u32 = 12;
pub const TICK_PX: u32 = 11;
pub const VALUE_PX: u32 = 10;
/// Padding, title line and the gap below it.
const TITLE_BAND: u32 = 40;
const LEGEND_ROW: u32 = 20;
const LEGEND_MARK: u32 = 16;
const LEGEND_NAME_MAX: u32 = 220;

/// Height of the "no data" frame: the usual size for kinds with a fixed
/// height, so a page of charts does not jump about; small for the others.
pub fn empty_height(kind: ChartKind) -> u32 {
    match kind {
        ChartKind::StackedBars | ChartKind::Bars | ChartKind::Line => HEIGHT,
        ChartKind::HorizontalBars | ChartKind::Heatmap => 160,
    }
}

/// Text at `px` pixels. plotters' SVG backend writes `font-size` as the
/// requested size / 1.24, so ask for px × 1.24 to get a whole-pixel size.
pub fn text(px: u32, colour: RGBColor) -> TextStyle<'static> {
    ("sans-serif", f64::from(px) * 1.24)
        .into_font()
        .color(&colour)
}

pub fn bold(px: u32, colour: RGBColor) -> TextStyle<'static> {
    ("sans-serif", f64::from(px) * 1.24, FontStyle::Bold)
        .into_font()
        .color(&colour)
}

pub fn anchored(style: TextStyle<'static>, h: HPos, v: VPos) -> TextStyle<'static> {
    style.pos(Pos::new(h, v))
}

/// How a legend entry pictures its series.
#[derive(Clone, Copy)]
pub enum Mark {
    Swatch,
    LineAndPoint,
}

struct LegendEntry {
    index: usize,
    name: String,
    x: u32,
    row: u32,
}

/// Entries placed left to right, wrapping to a new row at the right edge.
fn legend_layout(names: &[&str]) -> Vec<LegendEntry> {
    let mut entries = Vec::with_capacity(names.len());
    let (mut x, mut row) = (PAD, 0);
    for (index, name) in names.iter().enumerate() {
        let name = truncate_to_width(name, LEGEND_NAME_MAX, LABEL_PX);
        let width = LEGEND_MARK + 6 + text_width(&name, LABEL_PX);
        if x > PAD && x + width > WIDTH - PAD {
            x = PAD;
            row += 1;
        }
        entries.push(LegendEntry {
            index,
            name,
            x,
            row,
        });
        x += width + 18;
    }
    entries
}

/// Height of the title band plus legend rows (no legend for one series).
pub fn header_height(legend: &[&str]) -> u32 {
    let rows = match legend_layout(legend).last() {
        Some(last) if legend.len() > 1 => last.row + 1,
        _ => 0,
    };
    TITLE_BAND + rows * LEGEND_ROW
}

/// Draw title and legend; returns the area left for the plot.
pub fn draw_header<'a>(
    area: &Area<'a>,
    title: &str,
    legend: &[&str],
    mark: Mark,
) -> Result<Area<'a>, DrawError> {
    let title = truncate_bold_to_width(title, WIDTH - 2 * PAD, TITLE_PX);
    let style = anchored(bold(TITLE_PX, palette::TEXT), HPos::Left, VPos::Top);
    area.draw(&Text::new(title, (PAD as i32, PAD as i32), style))?;
    if legend.len() > 1 {
        for entry in legend_layout(legend) {
            draw_legend_entry(area, &entry, mark)?;
        }
    }
    let (_, rest) = area.split_vertically(header_height(legend));
    Ok(rest)
}

fn draw_legend_entry(area: &Area, entry: &LegendEntry, mark: Mark) -> DrawResult {
    let colour = palette::series(entry.index);
    let x = entry.x as i32;
    let cy = (TITLE_BAND + entry.row * LEGEND_ROW + LEGEND_ROW / 2) as i32 - 4;
    let mark_w = LEGEND_MARK as i32;
    match mark {
        Mark::Swatch => area.draw(&Rectangle::new(
            [(x + 2, cy - 6), (x + mark_w - 2, cy + 6)],
            colour.filled(),
        ))?,
        Mark::LineAndPoint => {
            area.draw(&PathElement::new(
                vec![(x, cy), (x + mark_w, cy)],
                colour.stroke_width(2),
            ))?;
            area.draw(&Circle::new((x + mark_w / 2, cy), 3, colour.filled()))?;
        }
    }
    let style = anchored(text(LABEL_PX, palette::TEXT), HPos::Left, VPos::Center);
    area.draw(&Text::new(entry.name.clone(), (x + mark_w + 6, cy), style))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_series_has_no_legend_row() {
        assert_eq!(header_height(&["only"]), TITLE_BAND);
        assert_eq!(header_height(&["low", "high"]), TITLE_BAND + LEGEND_ROW);
    }

    #[test]
    fn long_legends_wrap_inside_the_width() {
        let names = ["a fairly long series name"; 8];
        let entries = legend_layout(&names);
        assert!(entries.last().is_some_and(|e| e.row > 0));
        for entry in &entries {
            let right = entry.x + LEGEND_MARK + 6 + text_width(&entry.name, LABEL_PX);
            assert!(right <= WIDTH - PAD, "{} overflows", entry.name);
        }
    }
}
