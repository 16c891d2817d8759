//! Dashboard KPIs: this period against the previous one.

use serde::Serialize;

use super::Pages;
use crate::metrics::Metrics;
use crate::period::Period;
use crate::render::format::{self, Direction, count, hours, percent};

#[derive(Serialize)]
pub struct Kpi {
    label: String,
    value: String,
    previous: String,
    change: String,
    /// "up", "down" or "same", for the arrow.
    direction: &'static str,
    /// Whether the change is an improvement, when that is clear.
    better: Option<bool>,
    note: String,
}

/// A KPI with its change; `lower_is_better` says which way is good.
fn kpi(
    label: &str,
    now: Option<f64>,
    before: Option<f64>,
    show: fn(Option<f64>) -> String,
    unit: &str,
    lower_is_better: Option<bool>,
    note: String,
) -> Kpi {
    let (change, direction, better) = match format::change(now, before, unit) {
        Some((text, direction)) => {
            let better = lower_is_better
                .filter(|_| direction != Direction::Same)
                .map(|lower| lower == (direction == Direction::Down));
            (text, direction.as_str(), better)
        }
        None => ("no comparison".to_string(), "same", None),
    };
    Kpi {
        label: label.into(),
        value: show(now),
        previous: show(before),
        change,
        direction,
        better,
        note,
    }
}

impl Pages<'_> {
    pub(super) fn kpis(&self, period: Period, now: &Metrics, before: &Metrics) -> Vec<Kpi> {
        let as_of = self.analysis().as_of;
        let end_of = |p: Period| p.end.pred_opt().unwrap_or(p.end).min(as_of);
        let (open_now, overdue_now) = self.analysis().open_actions_on(end_of(period));
        let (open_before, overdue_before) =
            self.analysis().open_actions_on(end_of(period.previous()));
        let f = |n: usize| Some(n as f64);
        vec![
            kpi(
                "Incidents",
                f(now.incidents),
                f(before.incidents),
                count,
                "",
                Some(true),
                format!("{} near misses", now.near_misses),
            ),
            kpi(
                "Review coverage",
                now.review_coverage,
                before.review_coverage,
                percent,
                "pp",
                Some(false),
                format!(
                    "{} of {} resolved incidents reviewed",
                    now.reviewed, now.needing_review
                ),
            ),
            kpi(
                "Time to resolve (median)",
                now.mttr_hours_median,
                before.mttr_hours_median,
                hours,
                "h",
                Some(true),
                format!(
                    "N = {}; 90th percentile {}",
                    now.mttr_hours_n,
                    hours(now.mttr_hours_p90)
                ),
            ),
            kpi(
                "Recurrence rate",
                now.recurrence_rate,
                before.recurrence_rate,
                percent,
                "pp",
                Some(true),
                format!(
                    "{} recurrences, {} after a fix",
                    now.recurrences, now.repeats_after_fix
                ),
            ),
            kpi(
                "Open actions at period end",
                f(open_now),
                f(open_before),
                count,
                "",
                Some(true),
                format!("{overdue_now} overdue"),
            ),
            kpi(
                "Overdue actions at period end",
                f(overdue_now),
                f(overdue_before),
                count,
                "",
                Some(true),
                String::new(),
            ),
            kpi(
                "Follow-ups effective",
                now.follow_ups_effective_rate,
                before.follow_ups_effective_rate,
                percent,
                "pp",
                Some(false),
                format!(
                    "{} of {} follow-ups done",
                    now.follow_ups_done, now.follow_ups_due
                ),
            ),
        ]
    }
}
