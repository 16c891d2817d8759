//! How the actions agreed at earlier management reports stand (ISO/IEC
//! 27001:2022 clause 9.3.2 a, "the status of actions from previous
//! management reviews"): the actions of every review whose
//! `management_report` is dated before a period starts, grouped by the
//! period of the report's date, each action judged as of the as-of date
//! with the one open/overdue test (`action_state_on`). Plain data, no
//! formatting.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{ActionState, Analysis, action_state_on};
use crate::period::Period;
use crate::records::ActionStatus;

/// The actions of the reviews reported to management in one period (or
/// several, for the "earlier" total), as of the as-of date.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ReportedActions {
    /// Reviews whose management report falls in the period.
    pub reviews: usize,
    /// Their actions (those of a review dated after the as-of date are not
    /// yet agreed and are left out).
    pub agreed: usize,
    /// Done by the as-of date (a done action without a date counts as done).
    pub done: usize,
    /// Of those, with a done date on or before the due date.
    pub done_on_time: usize,
    pub cancelled: usize,
    /// Neither done nor cancelled by the as-of date.
    pub open: usize,
    /// Of those, due before the as-of date.
    pub overdue: usize,
}

impl ReportedActions {
    fn add(&mut self, other: &ReportedActions) {
        self.reviews += other.reviews;
        self.agreed += other.agreed;
        self.done += other.done;
        self.done_on_time += other.done_on_time;
        self.cancelled += other.cancelled;
        self.open += other.open;
        self.overdue += other.overdue;
    }
}

/// One action of an earlier report still open on the as-of date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StillOpen {
    /// Review and action indices in the book.
    pub review: usize,
    pub action: usize,
    /// Days past its due date on the as-of date, when overdue.
    pub days_overdue: Option<i64>,
}

/// The actions agreed at management reports dated before a period.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EarlierReports {
    /// The periods of the pack's kind (`Period::earlier_holding`) that hold
    /// a report, newest first, at most as many as asked for.
    pub groups: Vec<(Period, ReportedActions)>,
    /// The older groups together, when there are more.
    pub earlier: Option<ReportedActions>,
    /// Every action counted as open, in review then action order.
    pub still_open: Vec<StillOpen>,
}

impl Analysis<'_> {
    /// The actions of the reviews whose management report is dated before
    /// `period` starts (and on or before the as-of date: a report not yet
    /// made is not an earlier one), grouped by the period of `period`'s kind
    /// holding the report's date; the newest `groups` groups, and the rest
    /// as one total.
    pub fn earlier_reports(&self, period: Period, groups: usize) -> EarlierReports {
        let as_of = self.as_of;
        let mut by_period: BTreeMap<Period, ReportedActions> = BTreeMap::new();
        let mut still_open = Vec::new();
        for (r, review) in self.book.reviews.iter().enumerate() {
            let Some(report) = &review.management_report else {
                continue;
            };
            let reported = report.date.date;
            let Some(held) = period
                .earlier_holding(reported)
                .filter(|_| reported <= as_of)
            else {
                continue;
            };
            let counts = by_period.entry(held).or_default();
            counts.reviews += 1;
            for (a, action) in review.actions().iter().enumerate() {
                match action_state_on(review, action, as_of) {
                    ActionState::NotAgreed => continue,
                    ActionState::Open { overdue } => {
                        counts.open += 1;
                        counts.overdue += usize::from(overdue);
                        still_open.push(StillOpen {
                            review: r,
                            action: a,
                            days_overdue: action
                                .due
                                .filter(|_| overdue)
                                .map(|due| (as_of - due.date).num_days()),
                        });
                    }
                    ActionState::Closed if action.status == ActionStatus::Cancelled => {
                        counts.cancelled += 1;
                    }
                    ActionState::Closed => {
                        counts.done += 1;
                        counts.done_on_time += usize::from(
                            action
                                .done
                                .zip(action.due)
                                .is_some_and(|(done, due)| done.date <= due.date),
                        );
                    }
                }
                counts.agreed += 1;
            }
        }
        let mut newest_first = by_period.into_iter().rev();
        let shown: Vec<(Period, ReportedActions)> = newest_first.by_ref().take(groups).collect();
        let earlier = newest_first.fold(None, |total: Option<ReportedActions>, (_, counts)| {
            let mut total = total.unwrap_or_default();
            total.add(&counts);
            Some(total)
        });
        EarlierReports {
            groups: shown,
            earlier,
            still_open,
        }
    }
}

#[cfg(test)]
mod tests;
