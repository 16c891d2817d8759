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

/// A sum of money, without its currency: thousands grouped with commas,
/// cents only when there are any ("1,500", "1,234.50", "-90").
pub fn amount(value: Option<f64>) -> String {
    value.map_or(MISSING.into(), |v| {
        // `as` saturates: an absurd cost reads as a large number, no panic.
        let cents = (v.abs() * 100.0).round() as u128;
        let digits = (cents / 100).to_string();
        let mut text = String::with_capacity(digits.len() + 8);
        if v < 0.0 && cents > 0 {
            text.push('-');
        }
        for (i, digit) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                text.push(',');
            }
            text.push(digit);
        }
        if !cents.is_multiple_of(100) {
            text.push_str(&format!(".{:02}", cents % 100));
        }
        text
    })
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
    /// A sum of money; the currency is said beside it.
    Amount,
}

impl Unit {
    pub fn show(self, value: Option<f64>) -> String {
        match self {
            Unit::Count => count(value),
            Unit::Share => percent(value),
            Unit::Hours => hours(value),
            Unit::Amount => amount(value),
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
    // Below what the value shows: a cent for money, else a tenth.
    let shown = if unit == Unit::Amount { 0.005 } else { 0.05 };
    if delta.abs() < shown {
        return Some(("no change".into(), Direction::Same));
    }
    let text = match unit {
        Unit::Count => format!("{delta:+.0}"),
        Unit::Share => format!("{delta:+.1} pp"),
        Unit::Hours => format!("{delta:+.1} h"),
        Unit::Amount => format!(
            "{}{}",
            if delta > 0.0 { "+" } else { "-" },
            amount(Some(delta.abs()))
        ),
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

/// The change as `change` writes it, followed by its size relative to
/// `before` where that is non-zero ("+600 (+67%)", "-1.5 h (-30%)"); only
/// the change when `before` is zero or nothing changed, and None when
/// either side is undefined. Shares change in points and get no percent.
pub fn change_with_percent(now: Option<f64>, before: Option<f64>, unit: Unit) -> Option<String> {
    let (text, direction) = change(now, before, unit)?;
    let (a, b) = (now?, before?);
    if direction == Direction::Same || b == 0.0 || unit == Unit::Share {
        return Some(text);
    }
    Some(format!("{text} ({:+.0}%)", (a - b) / b.abs() * 100.0))
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

    #[test]
    fn amounts_group_thousands_and_changes_carry_a_percent() {
        assert_eq!(
            [
                amount(Some(1500.0)),
                amount(Some(1234567.5)),
                amount(Some(-90.0)),
                amount(Some(0.004)),
                amount(None),
            ],
            ["1,500", "1,234,567.50", "-90", "0", "–"]
        );
        // 1,500 − 900 = +600, 600 / 900 = +66.7% → "+67%".
        assert_eq!(
            change_with_percent(Some(1500.0), Some(900.0), Unit::Amount).as_deref(),
            Some("+600 (+67%)")
        );
        // 2 − 3.5 = −1.5 h, −1.5 / 3.5 = −42.9%.
        assert_eq!(
            change_with_percent(Some(2.0), Some(3.5), Unit::Hours).as_deref(),
            Some("-1.5 h (-43%)")
        );
        // A zero base has no percent; nothing changed reads "no change".
        assert_eq!(
            change_with_percent(Some(300.0), Some(0.0), Unit::Amount).as_deref(),
            Some("+300")
        );
        assert_eq!(
            change_with_percent(Some(900.0), Some(900.0), Unit::Amount).as_deref(),
            Some("no change")
        );
        // A cent is a change of money.
        assert_eq!(
            change(Some(10.01), Some(10.0), Unit::Amount),
            Some(("+0.01".into(), Direction::Up))
        );
        assert_eq!(change_with_percent(None, Some(1.0), Unit::Hours), None);
        assert_eq!(
            change_with_percent(Some(0.5), Some(0.25), Unit::Share).as_deref(),
            Some("+25.0 pp")
        );
    }
}
