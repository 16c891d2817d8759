//! Summary statistics as SPEC §4 defines them: mean, median (the mean of the
//! two middle values for an even count) and nearest-rank percentiles.

use serde::Serialize;

/// Mean, median and 90th percentile of a sample, always with its size.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Stat {
    pub n: usize,
    pub mean: Option<f64>,
    pub median: Option<f64>,
    pub p90: Option<f64>,
}

impl Stat {
    pub fn of(mut values: Vec<f64>) -> Stat {
        values.retain(|v| v.is_finite());
        if values.is_empty() {
            return Stat::default();
        }
        values.sort_by(f64::total_cmp);
        Stat {
            n: values.len(),
            mean: Some(values.iter().sum::<f64>() / values.len() as f64),
            median: median_sorted(&values),
            p90: nearest_rank(&values, 90.0),
        }
    }
}

pub fn median(mut values: Vec<f64>) -> Option<f64> {
    values.sort_by(f64::total_cmp);
    median_sorted(&values)
}

fn median_sorted(sorted: &[f64]) -> Option<f64> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
    }
}

/// The nearest-rank percentile: the value at rank ceil(p/100 × n).
pub fn nearest_rank(sorted: &[f64], percentile: f64) -> Option<f64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = ((percentile / 100.0) * sorted.len() as f64).ceil() as usize;
    Some(sorted[rank.clamp(1, sorted.len()) - 1])
}

/// A share in 0..1, or None when the denominator is zero.
pub fn share(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odd_and_even_medians() {
        assert_eq!(median(vec![5.0, 1.0, 3.0]), Some(3.0));
        // Even count: mean of the two middle values, (2 + 3) / 2.
        assert_eq!(median(vec![4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(median(vec![]), None);
    }

    #[test]
    fn nearest_rank_p90() {
        // n = 10: rank ceil(0.9 × 10) = 9, the 9th smallest.
        let sorted: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(nearest_rank(&sorted, 90.0), Some(9.0));
        // n = 3: rank ceil(2.7) = 3, the largest.
        assert_eq!(nearest_rank(&[1.0, 2.0, 3.0], 90.0), Some(3.0));
        // n = 1: the only value.
        assert_eq!(nearest_rank(&[7.0], 90.0), Some(7.0));
    }

    #[test]
    fn stat_keeps_n_and_drops_non_finite() {
        let stat = Stat::of(vec![2.0, 4.0, f64::NAN, 9.0]);
        assert_eq!(
            stat,
            Stat {
                n: 3,
                mean: Some(5.0),
                median: Some(4.0),
                p90: Some(9.0)
            }
        );
        assert_eq!(Stat::of(vec![]), Stat::default());
    }
}
