//! Reporting periods: half-open date ranges and the `[board].period` syntax
//! (`quarter`, `month`, `year`, `2026-Q3`, `2026-07`, `2026`,
//! `2026-01-01..2026-06-30`). Pure functions, no I/O.

use chrono::{Datelike, Months, NaiveDate};

/// `months` before `day`, or the first day there is: date arithmetic never
/// panics, whatever period it is asked about.
fn months_before(day: NaiveDate, months: u32) -> NaiveDate {
    day.checked_sub_months(Months::new(months))
        .unwrap_or(NaiveDate::MIN)
}

/// The dates a period may name: those lessonbook accepts as an as-of date.
fn plausible(day: NaiveDate) -> bool {
    (1970..=9999).contains(&day.year())
}

/// A half-open range of days: `start` included, `end` excluded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Period {
    /// Every day there is: the whole history.
    pub const ALL: Period = Period {
        start: NaiveDate::MIN,
        end: NaiveDate::MAX,
    };

    /// The period of the same kind just before: the previous calendar month,
    /// quarter or year when this is one, else the same number of days.
    pub fn previous(&self) -> Period {
        let months = (self.end.year() - self.start.year()) * 12 + self.end.month() as i32
            - self.start.month() as i32;
        // Near the ends of the calendar (`-260000-01-01..0000-02-01`) the
        // period before starts at the first day there is.
        if self.start.day() == 1 && self.end.day() == 1 && months > 0 {
            return Period {
                start: months_before(self.start, months as u32),
                end: self.start,
            };
        }
        let length = self.end - self.start;
        Period {
            start: self
                .start
                .checked_sub_signed(length)
                .unwrap_or(NaiveDate::MIN),
            end: self.start,
        }
    }

    /// Of the periods before this one, each of its kind (`previous()`, the
    /// one before that, and so on), the one that holds `day`; None when
    /// `day` is not before the start. Computed, not stepped, so a day decades
    /// back costs no more than one a week back.
    pub fn earlier_holding(&self, day: NaiveDate) -> Option<Period> {
        if day >= self.start {
            return None;
        }
        let month_index = |d: NaiveDate| d.year() as i64 * 12 + d.month0() as i64;
        let months = month_index(self.end) - month_index(self.start);
        // The same test as `previous`: calendar months, quarters and years
        // step back by months, anything else by its number of days.
        let (start, end) = if self.start.day() == 1 && self.end.day() == 1 && months > 0 {
            let back = (month_index(self.start) - month_index(day)) as u64;
            let steps = back.div_ceil(months as u64);
            let to = |n: u64| {
                u32::try_from(n * months as u64)
                    .ok()
                    .and_then(|m| self.start.checked_sub_months(Months::new(m)))
                    .unwrap_or(NaiveDate::MIN)
            };
            (to(steps), to(steps - 1))
        } else {
            let length = (self.end - self.start).num_days().max(1);
            let steps = ((self.start - day).num_days() as u64).div_ceil(length as u64);
            let to = |n: u64| {
                i64::try_from(n)
                    .ok()
                    .and_then(|n| n.checked_mul(length))
                    .and_then(|days| {
                        self.start
                            .checked_sub_signed(chrono::TimeDelta::try_days(days)?)
                    })
                    .unwrap_or(NaiveDate::MIN)
            };
            (to(steps), to(steps - 1))
        };
        Some(Period { start, end })
    }

    /// The same period one year earlier (from the first day there is when
    /// that is earlier).
    pub fn year_before(&self) -> Period {
        Period {
            start: months_before(self.start, 12),
            end: months_before(self.end, 12),
        }
    }

    /// A label such as `2026-Q3`, `2026-07`, `2026` or `2026-01-01 to 2026-06-30`.
    pub fn label(&self) -> String {
        let months = (self.end.year() - self.start.year()) * 12 + self.end.month() as i32
            - self.start.month() as i32;
        let aligned = self.start.day() == 1 && self.end.day() == 1;
        match months {
            1 if aligned => format!("{}-{:02}", self.start.year(), self.start.month()),
            3 if aligned && (self.start.month() - 1).is_multiple_of(3) => {
                format!(
                    "{}-Q{}",
                    self.start.year(),
                    (self.start.month() - 1) / 3 + 1
                )
            }
            12 if aligned && self.start.month() == 1 => self.start.year().to_string(),
            _ => format!(
                "{} to {}",
                self.start,
                self.end.pred_opt().unwrap_or(self.end)
            ),
        }
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        self.start <= day && day < self.end
    }

    pub fn month(year: i32, month: u32) -> Option<Period> {
        let start = NaiveDate::from_ymd_opt(year, month, 1)?;
        Some(Period {
            start,
            end: start.checked_add_months(Months::new(1))?,
        })
    }

    pub fn quarter(year: i32, quarter: u32) -> Option<Period> {
        // Range first: `(quarter - 1) * 3` overflows for `2026-Q3229992001`.
        (1..=4).contains(&quarter).then_some(())?;
        let start = NaiveDate::from_ymd_opt(year, (quarter - 1) * 3 + 1, 1)?;
        Some(Period {
            start,
            end: start.checked_add_months(Months::new(3))?,
        })
    }

    pub fn year(year: i32) -> Option<Period> {
        Some(Period {
            start: NaiveDate::from_ymd_opt(year, 1, 1)?,
            end: NaiveDate::from_ymd_opt(year + 1, 1, 1)?,
        })
    }
}

/// What `[board].period` or `--period` asked for, before an as-of date turns
/// the relative forms into dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum PeriodSpec {
    /// The last complete month, quarter or year before the as-of date.
    LastMonth,
    #[default]
    LastQuarter,
    LastYear,
    Fixed(Period),
}

impl PeriodSpec {
    pub fn parse(text: &str) -> Result<PeriodSpec, String> {
        let text = text.trim();
        let bad = || {
            format!(
                "`{text}` is not a period: use quarter, month, year, 2026-Q3, 2026-07, 2026 or 2026-01-01..2026-06-30"
            )
        };
        match text {
            "quarter" => return Ok(PeriodSpec::LastQuarter),
            "month" => return Ok(PeriodSpec::LastMonth),
            "year" => return Ok(PeriodSpec::LastYear),
            _ => {}
        }
        if let Some((from, to)) = text.split_once("..") {
            let start = NaiveDate::parse_from_str(from.trim(), "%Y-%m-%d").map_err(|_| bad())?;
            let last = NaiveDate::parse_from_str(to.trim(), "%Y-%m-%d").map_err(|_| bad())?;
            if last < start {
                return Err(format!("period `{text}` ends before it starts"));
            }
            if !plausible(start) || !plausible(last) {
                return Err(format!(
                    "period `{text}` is outside the years lessonbook accepts (1970 to 9999)"
                ));
            }
            let end = last.succ_opt().ok_or_else(bad)?;
            return Ok(PeriodSpec::Fixed(Period { start, end }));
        }
        let number = |s: &str| -> Result<u32, String> {
            if s.chars().all(|c| c.is_ascii_digit()) && !s.is_empty() {
                s.parse().map_err(|_| bad())
            } else {
                Err(bad())
            }
        };
        let period = match text.split_once('-') {
            None if text.len() == 4 => Period::year(number(text)? as i32),
            Some((year, quarter)) if quarter.starts_with(['Q', 'q']) && year.len() == 4 => {
                Period::quarter(number(year)? as i32, number(&quarter[1..])?)
            }
            Some((year, month)) if year.len() == 4 && month.len() == 2 => {
                Period::month(number(year)? as i32, number(month)?)
            }
            _ => None,
        };
        match period {
            Some(period) if !plausible(period.start) => Err(format!(
                "period `{text}` is outside the years lessonbook accepts (1970 to 9999)"
            )),
            Some(period) => Ok(PeriodSpec::Fixed(period)),
            None => Err(bad()),
        }
    }

    /// The concrete period as of a date: relative forms are the last
    /// complete month, quarter or year before `as_of`.
    pub fn resolve(self, as_of: NaiveDate) -> Period {
        match self {
            PeriodSpec::Fixed(period) => period,
            // The first day of this month, quarter or year always exists; the
            // one before may not (an as-of date in the first month there is),
            // and then the period starts at the first day there is.
            PeriodSpec::LastMonth => {
                let this = first_day(as_of.year(), as_of.month());
                Period {
                    start: this
                        .checked_sub_months(Months::new(1))
                        .unwrap_or(NaiveDate::MIN),
                    end: this,
                }
            }
            PeriodSpec::LastQuarter => {
                let this = first_day(as_of.year(), (as_of.month() - 1) / 3 * 3 + 1);
                Period {
                    start: this
                        .checked_sub_months(Months::new(3))
                        .unwrap_or(NaiveDate::MIN),
                    end: this,
                }
            }
            PeriodSpec::LastYear => {
                let this = first_day(as_of.year(), 1);
                Period {
                    start: NaiveDate::from_ymd_opt(as_of.year() - 1, 1, 1)
                        .unwrap_or(NaiveDate::MIN),
                    end: this,
                }
            }
        }
    }
}

/// The first day of a month of a date that exists.
fn first_day(year: i32, month: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(NaiveDate::MIN)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn parses_every_form() {
        let fixed = |a, b| {
            PeriodSpec::Fixed(Period {
                start: day(a),
                end: day(b),
            })
        };
        assert_eq!(
            PeriodSpec::parse("2026-Q3"),
            Ok(fixed("2026-07-01", "2026-10-01"))
        );
        assert_eq!(
            PeriodSpec::parse("2026-07"),
            Ok(fixed("2026-07-01", "2026-08-01"))
        );
        assert_eq!(
            PeriodSpec::parse("2026"),
            Ok(fixed("2026-01-01", "2027-01-01"))
        );
        assert_eq!(
            PeriodSpec::parse("2026-01-01..2026-06-30"),
            Ok(fixed("2026-01-01", "2026-07-01"))
        );
        assert_eq!(PeriodSpec::parse("quarter"), Ok(PeriodSpec::LastQuarter));
        assert!(PeriodSpec::parse("2026-Q5").is_err());
        assert!(PeriodSpec::parse("2026-Q0").is_err());
        assert!(PeriodSpec::parse("2026-Q3229992001").is_err());
        assert!(PeriodSpec::parse("2026-13").is_err());
        assert!(PeriodSpec::parse("last week").is_err());
        assert!(PeriodSpec::parse("2026-06-30..2026-01-01").is_err());
        // Outside the years an as-of date may have.
        for text in [
            "+262142-01-01..+262142-12-31",
            "0001-01-01..2026-01-01",
            "1969",
            "0206-Q1",
            "1969-12",
        ] {
            assert_eq!(
                PeriodSpec::parse(text),
                Err(format!(
                    "period `{text}` is outside the years lessonbook accepts (1970 to 9999)"
                )),
                "{text}"
            );
        }
        assert!(PeriodSpec::parse("9999-12").is_ok());
    }

    #[test]
    fn arithmetic_at_the_ends_of_the_calendar_never_panics() {
        let first = Period {
            start: NaiveDate::MIN,
            end: day("1970-01-01"),
        };
        assert_eq!(first.previous().start, NaiveDate::MIN);
        assert_eq!(first.year_before().start, NaiveDate::MIN);
        assert_eq!(Period::ALL.previous().start, NaiveDate::MIN);
        assert_eq!(Period::ALL.year_before().start, NaiveDate::MIN);
        let last = PeriodSpec::parse("9999-12")
            .unwrap()
            .resolve(day("2026-01-01"));
        assert_eq!(last.label(), "9999-12");
        assert_eq!(last.previous().label(), "9999-11");
        assert_eq!(last.year_before().label(), "9998-12");
        assert_eq!(
            PeriodSpec::LastYear.resolve(day("9999-12-31")).label(),
            "9998"
        );
    }

    #[test]
    fn relative_periods_are_the_last_complete_one() {
        let as_of = day("2026-11-27");
        assert_eq!(
            PeriodSpec::LastQuarter.resolve(as_of),
            Period {
                start: day("2026-07-01"),
                end: day("2026-10-01")
            }
        );
        assert_eq!(
            PeriodSpec::LastMonth.resolve(as_of),
            Period {
                start: day("2026-10-01"),
                end: day("2026-11-01")
            }
        );
        assert_eq!(
            PeriodSpec::LastYear.resolve(as_of),
            Period {
                start: day("2025-01-01"),
                end: day("2026-01-01")
            }
        );
    }

    #[test]
    fn periods_at_the_ends_of_the_calendar_do_not_panic() {
        // Found by the period_and_dates fuzzer: the period before started
        // before the first day there is.
        // (`parse` refuses such years now; the arithmetic must still hold.)
        let far = Period {
            start: day("-260000-01-01"),
            end: day("0000-02-01"),
        };
        assert_eq!(far.previous().start, NaiveDate::MIN);
        assert_eq!(far.year_before().start, day("-260001-01-01"));
        let odd = Period {
            start: day("-262143-01-02"),
            end: day("-262143-03-06"),
        };
        assert_eq!(odd.previous().start, NaiveDate::MIN);
        assert_eq!(odd.year_before().start, NaiveDate::MIN);
        let first = NaiveDate::MIN;
        let last = NaiveDate::MAX;
        for as_of in [
            first,
            last,
            first.succ_opt().unwrap(),
            last.pred_opt().unwrap(),
        ] {
            for spec in [
                PeriodSpec::LastMonth,
                PeriodSpec::LastQuarter,
                PeriodSpec::LastYear,
            ] {
                let period = spec.resolve(as_of);
                assert!(period.start <= period.end, "{spec:?} {as_of}");
                let _ = (period.previous(), period.year_before(), period.label());
            }
        }
        assert_eq!(
            PeriodSpec::LastYear.resolve(day("2026-11-27")),
            Period::year(2025).unwrap()
        );
    }

    fn period(start: &str, end: &str) -> Period {
        Period {
            start: day(start),
            end: day(end),
        }
    }

    /// The earlier period holding a day is the one `previous` reaches by
    /// stepping back: calendar quarters and months by months, a range of
    /// days by its length.
    #[test]
    fn the_earlier_period_holding_a_day_is_one_previous_reaches() {
        let q3 = Period::quarter(2026, 3).unwrap();
        assert_eq!(q3.earlier_holding(day("2026-07-01")), None);
        assert_eq!(
            q3.earlier_holding(day("2026-06-30")),
            Some(Period::quarter(2026, 2).unwrap())
        );
        assert_eq!(
            q3.earlier_holding(day("2026-04-01")),
            Some(Period::quarter(2026, 2).unwrap())
        );
        assert_eq!(
            q3.earlier_holding(day("2026-03-31")),
            Some(Period::quarter(2026, 1).unwrap())
        );
        assert_eq!(
            q3.earlier_holding(day("2019-11-15")),
            Some(Period::quarter(2019, 4).unwrap())
        );
        let march = Period::month(2026, 3).unwrap();
        assert_eq!(
            march.earlier_holding(day("2025-03-31")),
            Some(Period::month(2025, 3).unwrap())
        );
        // Ten days from 01-05: 12-26..01-05 holds 12-26, 12-16..12-26 holds
        // 12-25.
        let days = period("2026-01-05", "2026-01-15");
        assert_eq!(
            days.earlier_holding(day("2025-12-26")),
            Some(period("2025-12-26", "2026-01-05"))
        );
        assert_eq!(
            days.earlier_holding(day("2025-12-25")),
            Some(period("2025-12-16", "2025-12-26"))
        );
        // Whatever the day, it is the period `previous` reaches.
        for (of, back) in [
            (q3, "2024-08-09"),
            (march, "2025-07-04"),
            (days, "2025-10-02"),
        ] {
            let mut p = of.previous();
            while !p.contains(day(back)) {
                p = p.previous();
            }
            assert_eq!(of.earlier_holding(day(back)), Some(p), "{of:?}");
        }
        // The first day there is: no panic, a period from the first day.
        let held = q3.earlier_holding(NaiveDate::MIN).unwrap();
        assert_eq!(held.start, NaiveDate::MIN);
    }

    #[test]
    fn the_period_before_is_of_the_same_kind() {
        // Calendar months, quarters and years step back by their own length.
        assert_eq!(
            Period::month(2026, 3).unwrap().previous(),
            period("2026-02-01", "2026-03-01")
        );
        assert_eq!(
            Period::month(2026, 1).unwrap().previous(),
            period("2025-12-01", "2026-01-01")
        );
        assert_eq!(
            Period::quarter(2026, 1).unwrap().previous(),
            period("2025-10-01", "2026-01-01")
        );
        assert_eq!(
            Period::year(2026).unwrap().previous(),
            period("2025-01-01", "2026-01-01")
        );
        // Six aligned months: the six before.
        assert_eq!(
            period("2026-01-01", "2026-07-01").previous(),
            period("2025-07-01", "2026-01-01")
        );
        // Not aligned on the first: the same number of days before (10 days).
        assert_eq!(
            period("2026-01-05", "2026-01-15").previous(),
            period("2025-12-26", "2026-01-05")
        );
        // Starts on the first but ends mid-month: days, not months (31 days).
        assert_eq!(
            period("2026-03-01", "2026-04-01").previous(),
            period("2026-02-01", "2026-03-01")
        );
        assert_eq!(
            period("2026-03-01", "2026-03-11").previous(),
            period("2026-02-19", "2026-03-01")
        );
        assert_eq!(
            period("2026-03-02", "2026-04-01").previous(),
            period("2026-01-31", "2026-03-02")
        );
        assert_eq!(
            Period::quarter(2026, 3).unwrap().year_before(),
            period("2025-07-01", "2025-10-01")
        );
    }

    #[test]
    fn labels_name_each_kind_of_period() {
        assert_eq!(Period::month(2026, 7).unwrap().label(), "2026-07");
        assert_eq!(Period::month(2026, 12).unwrap().label(), "2026-12");
        assert_eq!(Period::quarter(2026, 1).unwrap().label(), "2026-Q1");
        assert_eq!(Period::quarter(2026, 4).unwrap().label(), "2026-Q4");
        assert_eq!(Period::year(2026).unwrap().label(), "2026");
        // Three months not starting a quarter, twelve not starting January,
        // and unaligned ranges read as dates (the end is the last day).
        assert_eq!(
            period("2026-02-01", "2026-05-01").label(),
            "2026-02-01 to 2026-04-30"
        );
        assert_eq!(
            period("2026-02-01", "2027-02-01").label(),
            "2026-02-01 to 2027-01-31"
        );
        assert_eq!(
            period("2026-01-01", "2026-07-01").label(),
            "2026-01-01 to 2026-06-30"
        );
        assert_eq!(
            period("2026-01-02", "2026-02-02").label(),
            "2026-01-02 to 2026-02-01"
        );
        assert_eq!(
            period("2026-01-01", "2026-01-31").label(),
            "2026-01-01 to 2026-01-30"
        );
    }

    /// A range is a month, quarter or year only when both its ends fall on
    /// the first of a month: one aligned end is not enough.
    #[test]
    fn ranges_aligned_at_one_end_only_read_as_dates() {
        let label = |text: &str| match PeriodSpec::parse(text) {
            Ok(PeriodSpec::Fixed(period)) => period.label(),
            other => panic!("{text}: {other:?}"),
        };
        // Starts on the first, ends mid-month (one calendar month apart).
        assert_eq!(label("2026-03-01..2026-04-14"), "2026-03-01 to 2026-04-14");
        // Starts mid-month, ends on the last day of a quarter / a year.
        assert_eq!(label("2026-04-15..2026-06-30"), "2026-04-15 to 2026-06-30");
        assert_eq!(label("2025-01-15..2025-12-31"), "2025-01-15 to 2025-12-31");
    }

    #[test]
    fn periods_contain_their_start_and_not_their_end() {
        let q = Period::quarter(2026, 2).unwrap();
        assert_eq!(q, period("2026-04-01", "2026-07-01"));
        assert!(q.contains(day("2026-04-01")));
        assert!(q.contains(day("2026-06-30")));
        assert!(!q.contains(day("2026-03-31")));
        assert!(!q.contains(day("2026-07-01")));
        assert_eq!(
            Period::month(2026, 2).unwrap(),
            period("2026-02-01", "2026-03-01")
        );
        assert_eq!(
            Period::year(2025).unwrap(),
            period("2025-01-01", "2026-01-01")
        );
        for bad in [0, 5, u32::MAX] {
            assert_eq!(Period::quarter(2026, bad), None, "quarter {bad}");
        }
        assert_eq!(Period::month(2026, 0), None);
        assert_eq!(Period::month(2026, 13), None);
    }

    #[test]
    fn relative_periods_at_quarter_and_year_edges() {
        // On the first day of a quarter, the last complete one is the one before.
        assert_eq!(
            PeriodSpec::LastQuarter.resolve(day("2026-04-01")),
            period("2026-01-01", "2026-04-01")
        );
        assert_eq!(
            PeriodSpec::LastQuarter.resolve(day("2026-03-31")),
            period("2025-10-01", "2026-01-01")
        );
        assert_eq!(
            PeriodSpec::LastQuarter.resolve(day("2026-12-31")),
            period("2026-07-01", "2026-10-01")
        );
        assert_eq!(
            PeriodSpec::LastMonth.resolve(day("2026-01-01")),
            period("2025-12-01", "2026-01-01")
        );
        assert_eq!(
            PeriodSpec::LastYear.resolve(day("2026-01-01")),
            period("2025-01-01", "2026-01-01")
        );
        let fixed = PeriodSpec::Fixed(period("2020-01-01", "2020-02-01"));
        assert_eq!(
            fixed.resolve(day("2026-01-01")),
            period("2020-01-01", "2020-02-01")
        );
    }

    /// A year is exactly four digits: a leading zero or a fifth digit is no
    /// period at all, not a year outside the range (`01970` is not 1970).
    #[test]
    fn a_year_has_exactly_four_digits() {
        for text in ["01970", "02026", "20266", "202"] {
            assert_eq!(
                PeriodSpec::parse(text),
                Err(format!(
                    "`{text}` is not a period: use quarter, month, year, 2026-Q3, 2026-07, 2026 or 2026-01-01..2026-06-30"
                )),
                "{text}"
            );
        }
        assert_eq!(
            PeriodSpec::parse("1970"),
            Ok(PeriodSpec::Fixed(period("1970-01-01", "1971-01-01")))
        );
    }

    #[test]
    fn parse_accepts_exactly_the_documented_forms() {
        assert_eq!(PeriodSpec::parse(" month "), Ok(PeriodSpec::LastMonth));
        assert_eq!(PeriodSpec::parse("year"), Ok(PeriodSpec::LastYear));
        assert_eq!(
            PeriodSpec::parse("2026-q2"),
            Ok(PeriodSpec::Fixed(period("2026-04-01", "2026-07-01")))
        );
        // A one-day range ends the next day.
        assert_eq!(
            PeriodSpec::parse("2026-03-01..2026-03-01"),
            Ok(PeriodSpec::Fixed(period("2026-03-01", "2026-03-02")))
        );
        for bad in [
            "",
            "202",
            "20266",
            "2026-1",
            "2026-123",
            "2026-Q",
            "2026-Qx",
            "26-07",
            "2026-+7",
            "2026-07-01..",
            "..2026-07-01",
            "2026-02-30..2026-03-01",
            "x026",
        ] {
            assert!(PeriodSpec::parse(bad).is_err(), "{bad:?} parsed");
        }
        assert_eq!(
            PeriodSpec::parse("2026-13"),
            Err("`2026-13` is not a period: use quarter, month, year, 2026-Q3, 2026-07, 2026 or 2026-01-01..2026-06-30".into())
        );
        assert_eq!(
            PeriodSpec::parse("2026-06-30..2026-01-01"),
            Err("period `2026-06-30..2026-01-01` ends before it starts".into())
        );
        assert_eq!(
            PeriodSpec::parse("1970-01-01..9999-12-31"),
            Ok(PeriodSpec::Fixed(Period {
                start: day("1970-01-01"),
                end: NaiveDate::from_ymd_opt(10000, 1, 1).unwrap()
            }))
        );
    }
}
