//! How numbers read on the site and in the board pack: one place, so the
//! dashboard and the pack never disagree on "67%" against "66.7%".

/// "–" stands for "not defined" (a share of nothing, a median of no times).
pub const MISSING: &str = "–";

pub fn percent(value: Option<f64>) -> String {
    value.map_or(MISSING.into(), |v| format!("{:.0}%", v * 100.0))
}

pub fn hours(value: Option<f64>) -> String {
    value.map_or(MISSING.into(), |v| format!("{v:.1} h"))
}

pub fn count(value: Option<f64>) -> String {
    value.map_or(MISSING.into(), |v| format!("{v:.0}"))
}

/// Which way a figure moved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
    Same,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Up => "up",
            Direction::Down => "down",
            Direction::Same => "same",
        }
    }
}

/// What a figure counts, for how its value and its change read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Count,
    /// A share in 0..1, shown as a percentage; changes in points.
    Share,
    Hours,
}

impl Unit {
    pub fn show(self, value: Option<f64>) -> String {
        match self {
            Unit::Count => count(value),
            Unit::Share => percent(value),
            Unit::Hours => hours(value),
        }
    }
}

/// The change from `before` to `now` as text ("+3", "-25.0 pp", "+1.5 h",
/// "no change"), with its direction; None when either side is undefined.
/// Shares change in percentage points.
pub fn change(now: Option<f64>, before: Option<f64>, unit: Unit) -> Option<(String, Direction)> {
    let (a, b) = (now?, before?);
    let delta = if unit == Unit::Share {
        (a - b) * 100.0
    } else {
        a - b
    };
    if delta.abs() < 0.05 {
        return Some(("no change".into(), Direction::Same));
    }
    let text = match unit {
        Unit::Count => format!("{delta:+.0}"),
        Unit::Share => format!("{delta:+.1} pp"),
        Unit::Hours => format!("{delta:+.1} h"),
    };
    Some((
        text,
        if delta > 0.0 {
            Direction::Up
        } else {
            Direction::Down
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_read_with_their_unit() {
        assert_eq!(
            change(Some(4.0), Some(3.0), Unit::Count),
            Some(("+1".into(), Direction::Up))
        );
        // 0.75 − 1.0 = −0.25, in points: −25.0.
        assert_eq!(
            change(Some(0.75), Some(1.0), Unit::Share),
            Some(("-25.0 pp".into(), Direction::Down))
        );
        assert_eq!(
            change(Some(15.4), Some(15.4), Unit::Hours),
            Some(("no change".into(), Direction::Same))
        );
        assert_eq!(change(None, Some(1.0), Unit::Hours), None);
        assert_eq!(
            (percent(Some(2.0 / 3.0)), hours(Some(15.0)), count(None)),
            ("67%".into(), "15.0 h".into(), "–".into())
        );
    }
}
