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

/// The change from `before` to `now` as text ("+3", "-25.0 pp", "+1.5 h",
/// "no change"), with its direction; None when either side is undefined.
/// `unit` "pp" means both are shares and the change is in percentage points.
pub fn change(now: Option<f64>, before: Option<f64>, unit: &str) -> Option<(String, Direction)> {
    let (a, b) = (now?, before?);
    let delta = if unit == "pp" { (a - b) * 100.0 } else { a - b };
    if delta.abs() < 0.05 {
        return Some(("no change".into(), Direction::Same));
    }
    let text = if unit.is_empty() {
        format!("{delta:+.0}")
    } else {
        format!("{delta:+.1} {unit}")
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
            change(Some(4.0), Some(3.0), ""),
            Some(("+1".into(), Direction::Up))
        );
        // 0.75 − 1.0 = −0.25, in points: −25.0.
        assert_eq!(
            change(Some(0.75), Some(1.0), "pp"),
            Some(("-25.0 pp".into(), Direction::Down))
        );
        assert_eq!(
            change(Some(15.4), Some(15.4), "h"),
            Some(("no change".into(), Direction::Same))
        );
        assert_eq!(change(None, Some(1.0), "h"), None);
        assert_eq!(
            (percent(Some(2.0 / 3.0)), hours(Some(15.0)), count(None)),
            ("67%".into(), "15.0 h".into(), "–".into())
        );
    }
}
