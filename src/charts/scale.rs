//! Numbers and measurements for chart layout: value axes with "nice" ends,
//! number formatting, text width estimates and tick thinning. Pure
//! arithmetic; every result depends only on the arguments.

/// Largest axis end: 1e15 is far beyond any count, duration or rate these
/// charts show, and keeps tick labels short.
const LARGEST_AXIS: f64 = 1e15;
/// More ticks than this means a bug upstream, not a readable axis.
const MAX_TICKS: usize = 20;

/// A value axis from 0 to `max` with a tick every `step`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ValueAxis {
    pub max: f64,
    pub step: f64,
}

impl ValueAxis {
    /// Axis for data whose largest value is `largest`. `integral` data
    /// (counts) never gets fractional ticks; unit "%" is always 0..100.
    pub fn for_data(largest: f64, unit: &str, integral: bool) -> ValueAxis {
        if unit == "%" {
            return ValueAxis {
                max: 100.0,
                step: 20.0,
            };
        }
        let largest = if largest.is_finite() && largest > 0.0 {
            // Keeps the rounded-up end finite (sums of huge values can
            // overflow); anything above it is drawn at the top edge.
            largest.min(LARGEST_AXIS)
        } else {
            1.0
        };
        let (max, step) = nice_ceiling(largest);
        // Ticks are printed with at most one decimal, so a finer step would
        // print the same label twice.
        let min_step = if integral { 1.0 } else { 0.1 };
        if step >= min_step {
            return ValueAxis { max, step };
        }
        ValueAxis {
            max: (largest / min_step).ceil().max(1.0) * min_step,
            step: min_step,
        }
    }

    /// Tick values 0, step, 2·step … max, computed by multiplication so
    /// rounding errors do not accumulate.
    pub fn ticks(&self) -> Vec<f64> {
        let count = ((self.max / self.step).round() as usize).min(MAX_TICKS);
        (0..=count).map(|k| k as f64 * self.step).collect()
    }
}

/// Smallest of 1, 2, 5 × 10ⁿ that is ≥ `value`, with a step giving 4–5
/// intervals. `value` must be positive and finite.
fn nice_ceiling(value: f64) -> (f64, f64) {
    let mut power = 10f64.powi(value.log10().floor() as i32);
    // log10 can land one decade off near exact powers of ten.
    while power > value {
        power /= 10.0;
    }
    while power * 10.0 <= value {
        power *= 10.0;
    }
    [(1.0, 0.2), (2.0, 0.5), (5.0, 1.0), (10.0, 2.0)]
        .into_iter()
        .map(|(top, step)| (top * power, step * power))
        .find(|&(top, _)| top >= value)
        .unwrap_or((10.0 * power, 2.0 * power))
}

/// At most one decimal, no trailing ".0", never "-0"; from 10 000 up, SI
/// suffixes ("12.5k", "3M") keep labels short.
pub fn format_number(value: f64) -> String {
    let mut scaled = value;
    let mut suffix = "";
    for next in ["k", "M", "G", "T"] {
        if one_decimal(scaled).abs() < if suffix.is_empty() { 10_000.0 } else { 1000.0 } {
            break;
        }
        scaled /= 1000.0;
        suffix = next;
    }
    let rounded = one_decimal(scaled);
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}{suffix}")
    } else {
        format!("{rounded:.1}{suffix}")
    }
}

/// Rounded to one decimal; adding 0.0 turns -0.0 into 0.0.
fn one_decimal(value: f64) -> f64 {
    (value * 10.0).round() / 10.0 + 0.0
}

/// A number with its unit appended ("45%", "3.5h").
pub fn format_value(value: f64, unit: &str) -> String {
    format!("{}{unit}", format_number(value))
}

/// Estimated width of `c` in em. Without a font feature nothing measures
/// glyphs, so these are rounded-up DejaVu Sans advances (the widest common
/// sans-serif, and the usual fallback on Linux): narrower fonts leave room
/// to spare rather than overlap.
fn char_em(c: char) -> f64 {
    match c {
        ' ' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | 'i' | 'j' | 'l' | 'I' | 'J' => 0.32,
        'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '-' | '/' => 0.42,
        'm' | 'w' | 'M' | 'W' | '%' | '@' => 1.0,
        '0'..='9' => 0.64,
        'a'..='z' => 0.62,
        'A'..='Z' => 0.76,
        // CJK and other wide scripts.
        c if c >= '\u{2E80}' => 1.0,
        _ => 0.8,
    }
}

/// Estimated rendered width in pixels of `text` at `font_px`.
pub fn text_width(text: &str, font_px: u32) -> u32 {
    let em: f64 = text.chars().map(char_em).sum();
    (em * f64::from(font_px)).ceil() as u32
}

/// Cut `text` to fit `max_px` at `font_px`, ending in "…" when cut.
pub fn truncate_to_width(text: &str, max_px: u32, font_px: u32) -> String {
    if text_width(text, font_px) <= max_px {
        return text.to_owned();
    }
    let budget = f64::from(max_px) / f64::from(font_px) - char_em('…');
    let mut used = 0.0;
    let mut cut: String = text
        .chars()
        .take_while(|&c| {
            used += char_em(c);
            used <= budget
        })
        .collect();
    cut.truncate(cut.trim_end().len());
    cut.push('…');
    cut
}

/// As `truncate_to_width` for bold text, whose glyphs run about 10 % wider.
pub fn truncate_bold_to_width(text: &str, max_px: u32, font_px: u32) -> String {
    truncate_to_width(text, max_px * 9 / 10, font_px)
}

/// Show every `n`th of `count` labels, each `label_px` wide, spread over
/// `span_px`, so neighbours keep a gap of at least `gap_px`.
pub fn label_step(count: usize, label_px: u32, gap_px: u32, span_px: u32) -> usize {
    if count == 0 || span_px == 0 {
        return 1;
    }
    let slot = f64::from(span_px) / count as f64;
    (f64::from(label_px + gap_px) / slot).ceil().max(1.0) as usize
}

/// Indices of the labels to show: every `step`th, counted back from the
/// last, because the latest period is the one a reader looks for.
pub fn shown_labels(count: usize, step: usize) -> Vec<usize> {
    let step = step.max(1);
    (0..count)
        .filter(|i| (count - 1 - i).is_multiple_of(step))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_axis_rounds_up_to_1_2_5() {
        let axis = |v| ValueAxis::for_data(v, "", false);
        assert_eq!(
            axis(7.0),
            ValueAxis {
                max: 10.0,
                step: 2.0
            }
        );
        assert_eq!(
            axis(10.0),
            ValueAxis {
                max: 10.0,
                step: 2.0
            }
        );
        assert_eq!(
            axis(13.0),
            ValueAxis {
                max: 20.0,
                step: 5.0
            }
        );
        assert_eq!(
            axis(420.0),
            ValueAxis {
                max: 500.0,
                step: 100.0
            }
        );
        assert_eq!(
            axis(1000.0),
            ValueAxis {
                max: 1000.0,
                step: 200.0
            }
        );
    }

    #[test]
    fn counts_never_get_fractional_ticks() {
        let axis = ValueAxis::for_data(2.0, "", true);
        assert_eq!(
            axis,
            ValueAxis {
                max: 2.0,
                step: 1.0
            }
        );
        assert_eq!(axis.ticks(), vec![0.0, 1.0, 2.0]);
        assert_eq!(ValueAxis::for_data(1.0, "", true).ticks(), vec![0.0, 1.0]);
    }

    #[test]
    fn small_fractions_keep_one_decimal_ticks() {
        let axis = ValueAxis::for_data(0.15, "h", false);
        assert_eq!(axis.step, 0.1);
        let labels: Vec<_> = axis.ticks().into_iter().map(format_number).collect();
        assert_eq!(labels, ["0", "0.1", "0.2"]);
    }

    #[test]
    fn percent_is_always_0_to_100() {
        assert_eq!(
            ValueAxis::for_data(3.0, "%", false).ticks(),
            vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]
        );
    }

    #[test]
    fn bad_largest_value_gives_unit_axis() {
        assert_eq!(ValueAxis::for_data(f64::NAN, "", false).max, 1.0);
        assert_eq!(ValueAxis::for_data(-4.0, "", true).max, 1.0);
    }

    #[test]
    fn numbers_have_at_most_one_decimal() {
        assert_eq!(format_number(3.0), "3");
        assert_eq!(format_number(2.25), "2.3");
        assert_eq!(format_number(0.6000000000000001), "0.6");
        assert_eq!(format_number(-0.01), "0");
        assert_eq!(format_value(45.0, "%"), "45%");
    }

    #[test]
    fn large_numbers_get_si_suffixes() {
        assert_eq!(format_number(9999.0), "9999");
        assert_eq!(format_number(12_500.0), "12.5k");
        assert_eq!(format_number(999_960.0), "1M");
        assert_eq!(format_number(1.5e12), "1.5T");
    }

    #[test]
    fn thinning_keeps_the_last_label() {
        assert_eq!(label_step(12, 40, 8, 600), 1);
        let step = label_step(36, 42, 8, 600);
        assert_eq!(step, 3);
        let shown = shown_labels(36, step);
        assert_eq!(shown.last(), Some(&35));
        assert_eq!(shown.len(), 12);
    }

    #[test]
    fn width_estimate_is_per_character() {
        assert_eq!(text_width("", 12), 0);
        assert!(text_width("iiii", 12) < text_width("mmmm", 12));
        assert_eq!(text_width("2026-03", 10), 43);
    }

    #[test]
    fn truncation_marks_the_cut() {
        assert_eq!(truncate_to_width("short", 200, 12), "short");
        let cut = truncate_to_width("5.31 Legal, statutory, regulatory and contractual", 120, 12);
        assert!(cut.ends_with('…'));
        assert!(text_width(&cut, 12) <= 120);
    }
}
