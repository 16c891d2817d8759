//! "Does the learning pay?": the pack's period and the three before it,
//! each against the same period a year before (impact cost per currency,
//! downtime, time to resolve), and how the actions agreed at earlier
//! management reports stand. The figures come from `metrics`; this module
//! only picks and formats them.

use std::collections::BTreeSet;

use serde::Serialize;

use super::{Redactor, Shown};
use crate::format::{self, MISSING, Unit, change_with_percent, hours};
use crate::metrics::{Analysis, Metrics, ReportedActions};
use crate::period::Period;

/// Periods shown: the pack's and the three before it.
const PERIODS: usize = 4;
/// Report periods shown one by one; older ones are one "earlier" total.
const REPORT_GROUPS: usize = 4;

#[derive(Debug, Serialize)]
pub struct LearningPays {
    /// The pack's period first, then the three before it.
    pub periods: Vec<PaysPeriod>,
    /// The first day of the pack's period: reports dated before it count.
    pub reported_before: String,
    pub reports: Vec<ReportRow>,
    /// The most overdue, at most [`super::LISTED`].
    pub still_open: Vec<OpenAction>,
    pub still_open_total: usize,
}

#[derive(Debug, Serialize)]
pub struct PaysPeriod {
    pub period: String,
    pub year_before: String,
    pub rows: Vec<PaysRow>,
}

/// One figure of one period against the year before, formatted.
#[derive(Debug, Serialize)]
pub struct PaysRow {
    pub figure: String,
    pub now: String,
    pub year_before: String,
    pub change: String,
}

/// The actions of the reviews reported in one period (or earlier): the
/// metrics' counts as they are, under the period's label.
#[derive(Debug, Serialize)]
pub struct ReportRow {
    pub period: String,
    #[serde(flatten)]
    pub counts: ReportedActions,
}

/// An action of an earlier report still open on the as-of date.
#[derive(Debug, Serialize)]
pub struct OpenAction {
    pub id: String,
    pub review: String,
    pub due: String,
    /// "–" when not overdue.
    pub days_overdue: String,
    pub owner: String,
}

pub fn build(
    analysis: &Analysis,
    period: Period,
    redactor: &Redactor,
    shown: &Shown,
) -> LearningPays {
    let mut periods = Vec::with_capacity(PERIODS);
    let mut p = period;
    for _ in 0..PERIODS {
        let year_before = p.year_before();
        periods.push(PaysPeriod {
            period: p.label(),
            year_before: year_before.label(),
            rows: rows(
                &analysis.metrics(p),
                &analysis.metrics(year_before),
                redactor,
            ),
        });
        p = p.previous();
    }

    let earlier = analysis.earlier_reports(period, REPORT_GROUPS);
    let mut reports: Vec<ReportRow> = earlier
        .groups
        .iter()
        .map(|(p, counts)| ReportRow {
            period: p.label(),
            counts: *counts,
        })
        .collect();
    reports.extend(earlier.earlier.as_ref().map(|counts| ReportRow {
        period: "Earlier".into(),
        counts: *counts,
    }));
    let mut open: Vec<(Option<i64>, OpenAction)> = earlier
        .still_open
        .iter()
        .map(|s| {
            let review = &analysis.book.reviews[s.review];
            let action = &review.actions()[s.action];
            (
                s.days_overdue,
                OpenAction {
                    id: action.id.clone(),
                    review: review.id.clone(),
                    due: action
                        .due
                        .map_or(MISSING.into(), |due| due.date.to_string()),
                    days_overdue: s
                        .days_overdue
                        .map_or(MISSING.into(), |days| days.to_string()),
                    owner: shown.owner(review, action),
                },
            )
        })
        .collect();
    // Most overdue first, then those not yet due, each by action ID.
    open.sort_by(|(a_days, a), (b_days, b)| b_days.cmp(a_days).then(a.id.cmp(&b.id)));
    let still_open_total = open.len();
    LearningPays {
        periods,
        reported_before: period.start.to_string(),
        reports,
        still_open: open
            .into_iter()
            .take(super::LISTED)
            .map(|(_, row)| row)
            .collect(),
        still_open_total,
    }
}

const NO_INCIDENTS: &str = "no incidents";

/// Impact cost per currency (every currency of either period, by code),
/// downtime and time to resolve, against the year before.
fn rows(now: &Metrics, before: &Metrics, redactor: &Redactor) -> Vec<PaysRow> {
    let mut rows = Vec::new();
    // A period without incidents has no impact to show; with incidents, a
    // currency none of them used sums to 0.
    let side = |m: &Metrics, text: String| {
        if m.incidents == 0 {
            NO_INCIDENTS.to_string()
        } else {
            text
        }
    };
    let currencies: BTreeSet<&String> = now.cost.keys().chain(before.cost.keys()).collect();
    for currency in &currencies {
        let cost = |m: &Metrics| m.cost.get(*currency).copied().unwrap_or(0.0);
        let code = redactor.clean(currency);
        let shown = |m: &Metrics| side(m, format!("{code} {}", format::amount(Some(cost(m)))));
        rows.push(PaysRow {
            figure: format!("Impact cost ({code})"),
            now: shown(now),
            year_before: shown(before),
            change: change_with_percent(Some(cost(now)), Some(cost(before)), Unit::Amount)
                .unwrap_or_else(|| MISSING.into()),
        });
    }
    if currencies.is_empty() {
        let none = |m: &Metrics| side(m, "none recorded".into());
        rows.push(PaysRow {
            figure: "Impact cost".into(),
            now: none(now),
            year_before: none(before),
            change: MISSING.into(),
        });
    }
    let downtime = |m: &Metrics| side(m, hours(Some(m.downtime_hours)));
    rows.push(PaysRow {
        figure: "Downtime".into(),
        now: downtime(now),
        year_before: downtime(before),
        change: if now.incidents == 0 && before.incidents == 0 {
            MISSING.into()
        } else {
            change_with_percent(
                Some(now.downtime_hours),
                Some(before.downtime_hours),
                Unit::Hours,
            )
            .unwrap_or_else(|| MISSING.into())
        },
    });
    let resolve = |m: &Metrics| format!("{} (N = {})", hours(m.mttr_hours_median), m.mttr_hours_n);
    rows.push(PaysRow {
        figure: "Time to resolve (median)".into(),
        now: resolve(now),
        year_before: resolve(before),
        change: change_with_percent(now.mttr_hours_median, before.mttr_hours_median, Unit::Hours)
            .unwrap_or_else(|| MISSING.into()),
    });
    rows
}

#[cfg(test)]
mod tests;
