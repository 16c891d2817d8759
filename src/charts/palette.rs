//! Colours: the series palette and the heatmap ramp. Fixed values only, so
//! a chart's colours depend on nothing but series order.

use plotters::style::RGBColor;

/// Okabe–Ito, the palette designed to stay distinguishable under the common
/// colour-vision deficiencies. Reordered so the first four read as rising
/// severity when a caller stacks low → critical (light cool → dark warm).
const SERIES: [RGBColor; 8] = [
    RGBColor(0x56, 0xB4, 0xE9), // sky blue
    RGBColor(0xE6, 0x9F, 0x00), // orange
    RGBColor(0xD5, 0x5E, 0x00), // vermillion
    RGBColor(0xCC, 0x79, 0xA7), // reddish purple
    RGBColor(0x00, 0x9E, 0x73), // bluish green
    RGBColor(0x00, 0x72, 0xB2), // blue
    RGBColor(0xF0, 0xE4, 0x42), // yellow
    RGBColor(0x00, 0x00, 0x00), // black
];

pub const TEXT: RGBColor = RGBColor(0x22, 0x22, 0x22);
pub const MUTED_TEXT: RGBColor = RGBColor(0x66, 0x66, 0x66);
pub const AXIS: RGBColor = RGBColor(0x55, 0x55, 0x55);
pub const GRID: RGBColor = RGBColor(0xE3, 0xE3, 0xE3);
pub const FRAME: RGBColor = RGBColor(0xCC, 0xCC, 0xCC);
pub const NO_DATA_CELL: RGBColor = RGBColor(0xFF, 0xFF, 0xFF);

/// Colour of series `index`; past eight series the palette repeats, because
/// more than eight lines or stack layers are unreadable anyway.
pub fn series(index: usize) -> RGBColor {
    SERIES[index % SERIES.len()]
}

/// Single-hue sequential ramp (ColorBrewer "Blues"): one hue keeps the order
/// readable without colour vision and in greyscale print.
const RAMP: [(u8, u8, u8); 5] = [
    (0xF7, 0xFB, 0xFF),
    (0xC6, 0xDB, 0xEF),
    (0x6B, 0xAE, 0xD6),
    (0x21, 0x71, 0xB5),
    (0x08, 0x30, 0x6B),
];

/// Heatmap fill for `t` in 0..=1 (0 = very light); out-of-range input is
/// clamped so a bad scale cannot produce an invalid colour.
pub fn heat(t: f64) -> RGBColor {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let scaled = t * (RAMP.len() - 1) as f64;
    let lower = (scaled.floor() as usize).min(RAMP.len() - 2);
    let frac = scaled - lower as f64;
    let (a, b) = (RAMP[lower], RAMP[lower + 1]);
    let mix = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * frac).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Whether text on a heatmap cell of intensity `t` should be white; past the
/// middle of the ramp dark text loses contrast.
pub fn needs_light_text(t: f64) -> bool {
    t > 0.5
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn series_colours_repeat_after_eight() {
        assert_eq!(series(0), series(8));
        assert_ne!(series(0), series(1));
    }

    #[test]
    fn heat_ramp_ends_and_clamps() {
        assert_eq!(heat(0.0), RGBColor(0xF7, 0xFB, 0xFF));
        assert_eq!(heat(1.0), RGBColor(0x08, 0x30, 0x6B));
        assert_eq!(heat(-3.0), heat(0.0));
        assert_eq!(heat(f64::NAN), heat(0.0));
        assert_eq!(heat(7.0), heat(1.0));
    }
}
