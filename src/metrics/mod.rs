//! Every number the site and the board pack show, defined once (SPEC §4).
//! Pure functions: records and an as-of date in, serialisable metrics out.
//! No I/O, no rendering.
//!
//! Conventions: periods are half-open `[start, end)` over calendar days in
//! the book's time zone; false positives are left out of every metric and
//! near misses are counted apart (`near_misses`), not as incidents.

#[cfg(test)]
mod oracle;
mod stats;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

pub use stats::{Stat, median, nearest_rank, share};

use crate::config::Settings;
use crate::period::Period;
use crate::records::{Book, Incident, Nature};
use crate::recurrence::{self, Recurrence};

/// The metrics of one period. Field names are the `data/metrics.json` keys.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Metrics {
    /// Incidents detected in the period (confirmed or suspected).
    pub incidents: usize,
    pub near_misses: usize,
    /// Incidents detected in the period by severity and by category.
    pub by_severity: BTreeMap<String, usize>,
    pub by_category: BTreeMap<String, usize>,
    /// Incidents resolved in the period with status resolved or closed.
    pub needing_review: usize,
    /// Of those, named by a review dated on or before the as-of date.
    pub reviewed: usize,
    pub review_coverage: Option<f64>,
    /// Hours from occurred to detected, over incidents resolved in the period.
    pub mttd_hours_n: usize,
    pub mttd_hours_mean: Option<f64>,
    pub mttd_hours_median: Option<f64>,
    pub mttd_hours_p90: Option<f64>,
    /// Hours from detected to contained.
    pub mttc_hours_n: usize,
    pub mttc_hours_mean: Option<f64>,
    pub mttc_hours_median: Option<f64>,
    pub mttc_hours_p90: Option<f64>,
    /// Hours from detected to resolved ("time to resolve").
    pub mttr_hours_n: usize,
    pub mttr_hours_mean: Option<f64>,
    pub mttr_hours_median: Option<f64>,
    pub mttr_hours_p90: Option<f64>,
    /// Median days from resolution to the first review.
    pub time_to_review_days_median: Option<f64>,
    /// Incidents detected in the period that recur an earlier one.
    pub recurrences: usize,
    pub recurrence_rate: Option<f64>,
    /// Recurrences after every action of the earlier review was done.
    pub repeats_after_fix: usize,
    /// Actions due in the period, and how they stand as of the as-of date.
    pub actions_due: usize,
    pub actions_open: usize,
    pub actions_overdue: usize,
    pub actions_done: usize,
    pub actions_done_on_time: usize,
    pub actions_done_on_time_rate: Option<f64>,
    pub actions_days_to_done_median: Option<f64>,
    /// Follow-up audits due in the period.
    pub follow_ups_due: usize,
    pub follow_ups_done: usize,
    pub follow_ups_effective: usize,
    pub follow_ups_effective_rate: Option<f64>,
    /// Reviews dated in the period that found each control failed,
    /// bypassed or missing.
    pub control_failures: BTreeMap<String, usize>,
    /// Cost of incidents detected in the period, per currency.
    pub cost: BTreeMap<String, f64>,
    pub downtime_hours: f64,
}

/// `data/metrics.json`: the whole history, each month and each quarter.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub as_of: NaiveDate,
    pub all: Metrics,
    pub months: BTreeMap<String, Metrics>,
    pub quarters: BTreeMap<String, Metrics>,
}

/// What the metrics need, computed once per run: recurrences and the
/// reviews of each incident.
pub struct Analysis<'a> {
    pub book: &'a Book,
    pub settings: &'a Settings,
    pub as_of: NaiveDate,
    /// Per incident index: the reviews naming it, by index.
    pub reviews_of: Vec<Vec<usize>>,
    /// Per incident index: its recurrence keys.
    pub keys: Vec<BTreeSet<String>>,
    /// Per incident index: why it is a recurrence, if it is one.
    pub recurrence: Vec<Option<Recurrence>>,
    /// Incidents by ID, for reviews and actions to find theirs.
    pub incident_index: HashMap<&'a str, usize>,
}

/// Whether an incident takes part in the metrics as an incident.
pub fn counts(incident: &Incident) -> bool {
    incident.is_real()
}

pub fn quarter_label(day: NaiveDate) -> String {
    format!("{}-Q{}", day.year(), (day.month() - 1) / 3 + 1)
}

pub fn month_label(day: NaiveDate) -> String {
    format!("{}-{:02}", day.year(), day.month())
}

impl<'a> Analysis<'a> {
    pub fn new(book: &'a Book, settings: &'a Settings) -> Analysis<'a> {
        let reviews_of = recurrence::reviews_by_incident(book);
        let keys = recurrence::keys(book, &reviews_of);
        let mut by_incident = vec![None; book.incidents.len()];
        for found in recurrence::find(
            book,
            &reviews_of,
            &keys,
            settings.policy.recurrence_window_days,
        ) {
            let index = found.incident;
            by_incident[index] = Some(found);
        }
        Analysis {
            book,
            settings,
            as_of: settings.today,
            reviews_of,
            keys,
            recurrence: by_incident,
            incident_index: book
                .incidents
                .iter()
                .enumerate()
                .map(|(i, inc)| (inc.id.as_str(), i))
                .collect(),
        }
    }

    /// The earliest review date (on or before the as-of date) of an incident.
    pub fn first_review(&self, incident: usize) -> Option<NaiveDate> {
        self.reviews_of[incident]
            .iter()
            .map(|&r| self.book.reviews[r].date.date)
            .filter(|&day| day <= self.as_of)
            .min()
    }

    pub fn metrics(&self, period: Period) -> Metrics {
        let mut m = Metrics::default();
        let as_of = self.as_of;
        let mut mttd = Vec::new();
        let mut mttc = Vec::new();
        let mut mttr = Vec::new();
        let mut to_review = Vec::new();
        for (i, incident) in self.book.incidents.iter().enumerate() {
            if incident.nature == Nature::NearMiss && period.contains(incident.detected.date) {
                m.near_misses += 1;
            }
            if !counts(incident) {
                continue;
            }
            if period.contains(incident.detected.date) {
                m.incidents += 1;
                *m.by_severity.entry(incident.severity.clone()).or_default() += 1;
                *m.by_category.entry(incident.category.clone()).or_default() += 1;
                if let Some(found) = &self.recurrence[i] {
                    m.recurrences += 1;
                    m.repeats_after_fix += usize::from(found.after_fix);
                }
                if let Some(cost) = incident.impact.cost {
                    let currency = incident
                        .impact
                        .currency
                        .clone()
                        .unwrap_or_else(|| "unspecified".into());
                    *m.cost.entry(currency).or_default() += cost;
                }
                m.downtime_hours += incident.impact.downtime_hours.unwrap_or(0.0);
            }
            let Some(resolved) = incident.resolved.filter(|r| period.contains(r.date)) else {
                continue;
            };
            if let Some(occurred) = incident.occurred {
                mttd.push(incident.detected.hours_since(&occurred));
            }
            if let Some(contained) = incident.contained {
                mttc.push(contained.hours_since(&incident.detected));
            }
            mttr.push(resolved.hours_since(&incident.detected));
            if incident.is_resolved() {
                m.needing_review += 1;
                if let Some(first) = self.first_review(i) {
                    m.reviewed += 1;
                    to_review.push((first - resolved.date).num_days() as f64);
                }
            }
        }
        m.review_coverage = share(m.reviewed, m.needing_review);
        m.recurrence_rate = share(m.recurrences, m.incidents);
        m.time_to_review_days_median = median(to_review);
        let set = |stat: Stat,
                   n: &mut usize,
                   mean: &mut Option<f64>,
                   med: &mut Option<f64>,
                   p90: &mut Option<f64>| {
            (*n, *mean, *med, *p90) = (stat.n, stat.mean, stat.median, stat.p90);
        };
        set(
            Stat::of(mttd),
            &mut m.mttd_hours_n,
            &mut m.mttd_hours_mean,
            &mut m.mttd_hours_median,
            &mut m.mttd_hours_p90,
        );
        set(
            Stat::of(mttc),
            &mut m.mttc_hours_n,
            &mut m.mttc_hours_mean,
            &mut m.mttc_hours_median,
            &mut m.mttc_hours_p90,
        );
        set(
            Stat::of(mttr),
            &mut m.mttr_hours_n,
            &mut m.mttr_hours_mean,
            &mut m.mttr_hours_median,
            &mut m.mttr_hours_p90,
        );

        let mut days_to_done = Vec::new();
        for review in &self.book.reviews {
            if period.contains(review.date.date) {
                let mut failed: Vec<&str> = review
                    .controls()
                    .iter()
                    .filter(|c| c.outcome.is_failure())
                    .map(|c| c.id.as_str())
                    .collect();
                failed.sort_unstable();
                failed.dedup();
                for control in failed {
                    *m.control_failures.entry(control.to_string()).or_default() += 1;
                }
            }
            for action in review.actions() {
                let in_period = match action.due {
                    Some(due) => period.contains(due.date),
                    None => period.start == NaiveDate::MIN,
                };
                if !in_period {
                    continue;
                }
                m.actions_due += 1;
                if action.status.is_open() {
                    m.actions_open += 1;
                    if action.due.is_some_and(|due| due.date < as_of) {
                        m.actions_overdue += 1;
                    }
                }
                if let (crate::records::ActionStatus::Done, Some(done)) =
                    (action.status, action.done)
                {
                    m.actions_done += 1;
                    if action.due.is_some_and(|due| done.date <= due.date) {
                        m.actions_done_on_time += 1;
                    }
                    days_to_done.push((done.date - review.date.date).num_days() as f64);
                }
            }
            if let Some(follow_up) = &review.follow_up
                && follow_up.due.is_some_and(|due| period.contains(due.date))
            {
                m.follow_ups_due += 1;
                if follow_up.done.is_some_and(|done| done.date <= as_of) {
                    m.follow_ups_done += 1;
                    m.follow_ups_effective += usize::from(follow_up.effective == Some(true));
                }
            }
        }
        m.actions_done_on_time_rate = share(m.actions_done_on_time, m.actions_done);
        m.actions_days_to_done_median = median(days_to_done);
        m.follow_ups_effective_rate = share(m.follow_ups_effective, m.follow_ups_done);
        m
    }

    /// Actions open at the end of `day`, and how many of them were past due
    /// then: agreed (review dated) on or before it, and not done by then.
    /// Cancelled actions carry no date and are left out. For the burndown.
    pub fn open_actions_on(&self, day: NaiveDate) -> (usize, usize) {
        let mut open = 0;
        let mut overdue = 0;
        for review in &self.book.reviews {
            if review.date.date > day {
                continue;
            }
            for action in review.actions() {
                let still_open = match action.status {
                    crate::records::ActionStatus::Cancelled => false,
                    crate::records::ActionStatus::Done => {
                        action.done.is_some_and(|done| done.date > day)
                    }
                    _ => true,
                };
                if still_open {
                    open += 1;
                    overdue += usize::from(action.due.is_some_and(|due| due.date < day));
                }
            }
        }
        (open, overdue)
    }

    /// The first and last day any record speaks of (detections, resolutions,
    /// reviews), clamped to the as-of date; None for an empty book.
    pub fn span(&self) -> Option<(NaiveDate, NaiveDate)> {
        let days = self
            .book
            .incidents
            .iter()
            .flat_map(|i| [Some(i.detected.date), i.resolved.map(|r| r.date)])
            .chain(self.book.reviews.iter().map(|r| Some(r.date.date)))
            .flatten()
            .filter(|&day| day <= self.as_of);
        let (mut first, mut last) = (None::<NaiveDate>, None::<NaiveDate>);
        for day in days {
            first = Some(first.map_or(day, |f| f.min(day)));
            last = Some(last.map_or(day, |l| l.max(day)));
        }
        Some((first?, self.as_of.max(last?)))
    }

    /// Every calendar month from the first activity to the as-of date.
    pub fn months(&self) -> Vec<Period> {
        let Some((first, last)) = self.span() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut month = Period::month(first.year(), first.month());
        while let Some(period) = month {
            if period.start > last {
                break;
            }
            month = Period::month(period.end.year(), period.end.month());
            out.push(period);
        }
        out
    }

    pub fn quarters(&self) -> Vec<Period> {
        let Some((first, last)) = self.span() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut quarter = Period::quarter(first.year(), (first.month() - 1) / 3 + 1);
        while let Some(period) = quarter {
            if period.start > last {
                break;
            }
            quarter = Period::quarter(period.end.year(), (period.end.month() - 1) / 3 + 1);
            out.push(period);
        }
        out
    }

    pub fn report(&self) -> Report {
        Report {
            as_of: self.as_of,
            all: self.metrics(Period::ALL),
            months: self
                .months()
                .into_iter()
                .map(|p| (month_label(p.start), self.metrics(p)))
                .collect(),
            quarters: self
                .quarters()
                .into_iter()
                .map(|p| (quarter_label(p.start), self.metrics(p)))
                .collect(),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests;
