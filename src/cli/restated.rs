//! What `board --since REV` and `diff REV [REV2]` share: the book at REV
//! as it was reported then, compared with a later book.

use super::BookArgs;
use crate::check::Checked;
use crate::config::Settings;
use crate::period::PeriodSpec;
use crate::restate::{self, PeriodStep, Restatement, Side};

pub struct Since {
    /// What REV is: "v1 (commit abc1234, as of 2026-07-01)".
    pub label: String,
    pub restated: Vec<Restatement>,
    /// How many periods were compared.
    pub periods: usize,
}

impl Since {
    /// "2 figures".
    pub fn figures(&self) -> String {
        plural(self.restated.len(), "figure", "figures")
    }

    /// "1 period".
    pub fn periods(&self) -> String {
        plural(self.periods, "period", "periods")
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The length of the periods compared: the board's.
pub fn step_of(spec: PeriodSpec) -> PeriodStep {
    match spec {
        PeriodSpec::LastMonth => PeriodStep::Month,
        PeriodSpec::LastYear => PeriodStep::Year,
        PeriodSpec::LastQuarter | PeriodSpec::Fixed(_) => PeriodStep::Quarter,
    }
}

/// The figures of every `step`-long period that had ended by REV's as-of
/// date, as REV reported them and as `now` gives them.
pub fn since(
    book: &BookArgs,
    rev: &str,
    now: (&Settings, &Checked),
    step: PeriodStep,
) -> Result<Since, i32> {
    let (then_settings, then) = book.checked_then(rev)?;
    let as_of = then_settings.today;
    let commit = then
        .recorded
        .head()
        .map(|head| format!("commit {}, ", head.commit.short_id()))
        .unwrap_or_default();
    let periods = restate::ended_periods(&then.book, &now.1.book, step, as_of);
    let restated = restate::restatements(
        Side {
            book: &then.book,
            settings: &then_settings,
        },
        Side {
            book: &now.1.book,
            settings: now.0,
        },
        &periods,
    );
    Ok(Since {
        label: format!("{rev} ({commit}as of {as_of})"),
        restated,
        periods: periods.len(),
    })
}
