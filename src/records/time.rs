//! Record dates: `YYYY-MM-DD`, `YYYY-MM-DD HH:MM` (in the book's time zone)
//! or RFC 3339 with its own offset.

use chrono::{DateTime, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

/// A point in time that remembers whether a time of day was written, so a
/// date-only value is compared by day with a timestamp on the same day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Timestamp {
    pub instant: DateTime<Utc>,
    /// The calendar day in the book's time zone.
    pub date: NaiveDate,
    pub has_time: bool,
}

impl Timestamp {
    /// Parses a record date; the error is a sentence for the diagnostic.
    pub fn parse(text: &str, tz: Tz) -> Result<Timestamp, String> {
        let text = text.trim();
        let not_a_date = || {
            format!(
                "`{text}` is not a date: write YYYY-MM-DD, YYYY-MM-DD HH:MM or RFC 3339 (2026-03-01T09:30:00+01:00)"
            )
        };
        // Four-digit years, as the formats say. chrono's `%Y` also reads
        // `-262143` or `+10000`: one incident detected in -262143 made
        // `build` walk three million months (45 s, 6.8 GB).
        let bytes = text.as_bytes();
        if bytes.len() < 10 || !bytes[..4].iter().all(u8::is_ascii_digit) || bytes[4] != b'-' {
            return Err(not_a_date());
        }
        // The two forms records nearly always use, read digit by digit:
        // chrono's format parser was 4.6 % of `check`. Anything else, and an
        // impossible day or time, goes on to chrono, which words the error.
        if let Some((date, time)) = fixed_width(bytes) {
            return Ok(Timestamp {
                instant: local_to_utc(date.and_time(time.unwrap_or(NaiveTime::MIN)), tz)?,
                date,
                has_time: time.is_some(),
            });
        }
        if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d")
            && text.len() == 10
        {
            return Ok(Timestamp {
                instant: local_to_utc(date.and_time(NaiveTime::MIN), tz)?,
                date,
                has_time: false,
            });
        }
        for format in [
            "%Y-%m-%d %H:%M",
            "%Y-%m-%dT%H:%M",
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%dT%H:%M:%S",
        ] {
            if let Ok(local) = NaiveDateTime::parse_from_str(text, format) {
                return Ok(Timestamp {
                    instant: local_to_utc(local, tz)?,
                    date: local.date(),
                    has_time: true,
                });
            }
        }
        if let Ok(with_offset) = DateTime::parse_from_rfc3339(text) {
            let instant = with_offset.with_timezone(&Utc);
            return Ok(Timestamp {
                instant,
                date: instant.with_timezone(&tz).date_naive(),
                has_time: true,
            });
        }
        Err(not_a_date())
    }

    /// Whether `self` is later than `other`, comparing by day when either was
    /// written without a time.
    pub fn is_after(&self, other: &Timestamp) -> bool {
        if self.has_time && other.has_time {
            self.instant > other.instant
        } else {
            self.date > other.date
        }
    }

    /// Hours from `earlier` to `self`.
    pub fn hours_since(&self, earlier: &Timestamp) -> f64 {
        (self.instant - earlier.instant).num_seconds() as f64 / 3600.0
    }
}

/// `YYYY-MM-DD` (no time) or `YYYY-MM-DD HH:MM`, every field of exactly
/// its digits, naming a real day and time; `None` for anything else.
fn fixed_width(bytes: &[u8]) -> Option<(NaiveDate, Option<NaiveTime>)> {
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        bytes[range].iter().try_fold(0u32, |value, &b| {
            b.is_ascii_digit().then(|| value * 10 + u32::from(b - b'0'))
        })
    };
    let date = || -> Option<NaiveDate> {
        if bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let year = i32::try_from(number(0..4)?).ok()?;
        NaiveDate::from_ymd_opt(year, number(5..7)?, number(8..10)?)
    };
    match bytes.len() {
        10 => Some((date()?, None)),
        16 if bytes[10] == b' ' && bytes[13] == b':' => {
            let time = NaiveTime::from_hms_opt(number(11..13)?, number(14..16)?, 0)?;
            Some((date()?, Some(time)))
        }
        _ => None,
    }
}

fn local_to_utc(local: NaiveDateTime, tz: Tz) -> Result<DateTime<Utc>, String> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(at) | LocalResult::Ambiguous(at, _) => Ok(at.with_timezone(&Utc)),
        LocalResult::None => Err(format!(
            "{local} does not exist in {} (the clocks skip it)",
            tz.name()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_three_forms() {
        let london: Tz = "Europe/London".parse().unwrap();
        let day = Timestamp::parse("2026-07-01", london).unwrap();
        assert!(!day.has_time);
        assert_eq!(day.instant.to_rfc3339(), "2026-06-30T23:00:00+00:00");
        let minute = Timestamp::parse("2026-07-01 09:30", london).unwrap();
        assert_eq!(minute.instant.to_rfc3339(), "2026-07-01T08:30:00+00:00");
        let rfc = Timestamp::parse("2026-07-01T09:30:00+02:00", london).unwrap();
        assert_eq!(rfc.instant.to_rfc3339(), "2026-07-01T07:30:00+00:00");
        assert_eq!(minute.hours_since(&rfc), 1.0);
        assert!(Timestamp::parse("2026-02-30", london).is_err());
        assert!(Timestamp::parse("01/02/2026", london).is_err());
        assert!(Timestamp::parse("2026-03-29 01:30", london).is_err());
        for far in [
            "-262143-01-01 00:00",
            "+262142-12-31 10:00",
            "10000-01-01 00:00",
            "+2026-01-01T00:00:00Z",
            "026-01-01 00:00",
        ] {
            assert!(Timestamp::parse(far, london).is_err(), "{far}");
        }
        assert!(Timestamp::parse("0001-01-01 00:00", london).is_ok());
    }

    /// The digit-by-digit reading gives what chrono's formats give, and
    /// leaves every other text (and every impossible value) to them.
    #[test]
    fn the_fixed_width_forms_read_as_chrono_reads_them() {
        let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(fixed_width(b"2026-07-01"), Some((date(2026, 7, 1), None)));
        assert_eq!(
            fixed_width(b"0001-12-31 23:59"),
            Some((date(1, 12, 31), NaiveTime::from_hms_opt(23, 59, 0)))
        );
        for other in [
            "2026-02-30",
            "2026-13-01",
            "2026-00-10",
            "2026-07-01 24:00",
            "2026-07-01 09:60",
            "2026-07-01T09:30",
            "2026-07-01 09:30:00",
            "2026/07/01",
            "2026-7-011",
            "2026-07-0a",
            "2026-07-01 9:300",
            "2026-07-01+09:30",
        ] {
            assert_eq!(fixed_width(other.as_bytes()), None, "{other}");
        }
        let utc = Tz::UTC;
        for text in [
            "2026-07-01",
            "1999-12-31 23:59",
            "2024-02-29",
            "2024-02-29 00:00",
        ] {
            let fast = Timestamp::parse(text, utc).unwrap();
            let format = if text.len() == 10 {
                "%Y-%m-%d"
            } else {
                "%Y-%m-%d %H:%M"
            };
            let local = if text.len() == 10 {
                NaiveDate::parse_from_str(text, format)
                    .unwrap()
                    .and_time(NaiveTime::MIN)
            } else {
                NaiveDateTime::parse_from_str(text, format).unwrap()
            };
            assert_eq!(fast.instant, local.and_utc(), "{text}");
            assert_eq!(fast.has_time, text.len() == 16, "{text}");
        }
        // Clocks that skip an hour are still refused on the fast path.
        let london: Tz = "Europe/London".parse().unwrap();
        assert!(Timestamp::parse("2026-03-29 01:30", london).is_err());
    }

    #[test]
    fn date_only_compares_by_day() {
        let utc = Tz::UTC;
        let day = Timestamp::parse("2026-03-01", utc).unwrap();
        let later_same_day = Timestamp::parse("2026-03-01 10:00", utc).unwrap();
        assert!(!later_same_day.is_after(&day));
        assert!(!day.is_after(&later_same_day));
        assert!(
            Timestamp::parse("2026-03-02", utc)
                .unwrap()
                .is_after(&later_same_day)
        );
    }
}
