//! Every number the site and the board pack show, defined once (SPEC §4).
//! Pure functions: records and an as-of date in, serialisable metrics out.
//! No I/O, no rendering.
//!
//! Conventions: periods are half-open `[start, end)` over calendar days in
//! the book's time zone; false positives are left out of every metric and
//! near misses are counted apart (`near_misses`), not as incidents.

#[cfg(test)]
mod oracle;
mod reported;
mod stats;
mod tags;

use std::collections::{BTreeMap, BTreeSet};

// foldhash: keyed by record IDs and built on every check.
use foldhash::HashMap;

use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;

pub use reported::ReportedActions;
pub use stats::{Stat, median, share};
pub use tags::{TagCount, incidents_by_tag};

use crate::config::Settings;

use crate::period::Period;
use crate::records::{Action, ActionStatus, Book, Incident, Nature, Review};
use crate::recurrence::{self, Recurrence};

/// The metrics of one period. Field names are the `data/metrics.json` keys.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Metrics {
    /// Incidents detected in the period (confirmed or suspected).
    pub incidents: usize,
    pub near_misses: usize,
    /// Of those, at or above the policy's "high" severity.
    pub high_or_above: usize,
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
    /// Incidents detected in the period of the same type (`category/variety`)
    /// as an incident reviewed within the window before.
    pub recurrences: usize,
    pub recurrence_rate: Option<f64>,
    /// Incidents detected in the period in which a control failed again that
    /// failed in an incident reviewed within the window before.
    pub repeat_control_failures: usize,
    pub repeat_control_failure_rate: Option<f64>,
    /// Recurrences or repeat control failures after every action of the
    /// earlier review was done.
    pub repeats_after_fix: usize,
    /// Actions due in the period, and how they stand as of the as-of date
    /// ("due in the period").
    pub actions_due: usize,
    pub actions_open: usize,
    pub actions_overdue: usize,
    /// Actions open on the period's last day (the as-of date for the current
    /// period), and of those, past due then ("at period end"); None for a
    /// period that starts after the as-of date.
    pub actions_open_at_end: Option<usize>,
    pub actions_overdue_at_end: Option<usize>,
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
    /// Reviews dated in the period that found each control effective (and
    /// never failed in the same review).
    pub control_effective: BTreeMap<String, usize>,
    /// Cost of incidents detected in the period, per currency.
    pub cost: BTreeMap<String, f64>,
    pub downtime_hours: f64,
}

impl Metrics {
    /// Control failures over all controls: one per control a review dated
    /// in the period found failed, bypassed or missing.
    pub fn control_failures_recorded(&self) -> usize {
        self.control_failures.values().sum()
    }
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
    /// Per incident index: its type key (`category/variety`), if any.
    pub type_keys: Vec<BTreeSet<String>>,
    /// Per incident index: its control keys (`control:ID`).
    pub control_keys: Vec<BTreeSet<String>>,
    /// Per incident index: why it is a recurrence (same incident type), if
    /// it is one.
    pub recurrence: Vec<Option<Recurrence>>,
    /// Per incident index: why it is a repeat control failure, if it is one.
    pub repeat_failure: Vec<Option<Recurrence>>,
    /// Incidents by ID, for reviews and actions to find theirs.
    pub incident_index: HashMap<&'a str, usize>,
}

/// How far after the as-of date `data/metrics.json` lists periods in which
/// actions or follow-up audits fall due.
pub const FUTURE_YEARS: u32 = 5;

/// Whether an incident takes part in the metrics as an incident.
pub fn counts(incident: &Incident) -> bool {
    incident.is_real()
}

/// An incident's durations in hours (SPEC §4), each where both dates exist:
/// detected − occurred, contained − detected, resolved − detected.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Durations {
    pub detect: Option<f64>,
    pub contain: Option<f64>,
    pub resolve: Option<f64>,
}

impl Durations {
    pub fn of(incident: &Incident) -> Durations {
        Durations {
            detect: incident
                .occurred
                .map(|occurred| incident.detected.hours_since(&occurred)),
            contain: incident
                .contained
                .map(|contained| contained.hours_since(&incident.detected)),
            resolve: incident
                .resolved
                .map(|resolved| resolved.hours_since(&incident.detected)),
        }
    }
}

/// How an action stands at the end of a day: one definition for every
/// "open" and "overdue" figure, list and flag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActionState {
    /// Its review is dated after the day: not yet agreed.
    NotAgreed,
    /// Agreed and neither done nor cancelled by the end of the day; overdue
    /// when its due date is before the day.
    Open { overdue: bool },
    /// Done by the end of the day, or cancelled (cancellations carry no date
    /// and count as closed throughout).
    Closed,
}

/// Done by the end of `day` (a done action without a date counts as done
/// throughout), or cancelled.
pub fn closed_by(action: &Action, day: NaiveDate) -> bool {
    match action.status {
        ActionStatus::Cancelled => true,
        ActionStatus::Done => action.done.is_none_or(|done| done.date <= day),
        ActionStatus::Open | ActionStatus::InProgress => false,
    }
}

pub fn action_state_on(review: &Review, action: &Action, day: NaiveDate) -> ActionState {
    if review.date.date > day {
        return ActionState::NotAgreed;
    }
    if closed_by(action, day) {
        ActionState::Closed
    } else {
        ActionState::Open {
            overdue: action.due.is_some_and(|due| due.date < day),
        }
    }
}

/// The day "at period end" figures are taken on: the period's last day, or
/// the as-of date while the period is still running; None for a period that
/// starts after the as-of date.
pub fn period_end_day(period: Period, as_of: NaiveDate) -> Option<NaiveDate> {
    if period.start > as_of {
        return None;
    }
    Some(period.end.pred_opt().unwrap_or(period.end).min(as_of))
}

/// The controls a review found failed, bypassed or missing, and those it
/// found effective and nowhere failed; each sorted, once.
pub fn control_outcomes(review: &Review) -> (Vec<&str>, Vec<&str>) {
    let mut failed: Vec<&str> = review
        .controls()
        .iter()
        .filter(|c| c.outcome.is_failure())
        .map(|c| c.id.as_str())
        .collect();
    failed.sort_unstable();
    failed.dedup();
    let mut effective: Vec<&str> = review
        .controls()
        .iter()
        .filter(|c| !c.outcome.is_failure())
        .map(|c| c.id.as_str())
        .filter(|id| failed.binary_search(id).is_err())
        .collect();
    effective.sort_unstable();
    effective.dedup();
    (failed, effective)
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
        let type_keys = recurrence::type_keys(book);
        let control_keys = recurrence::control_keys(book, &reviews_of);
        let window = settings.policy.recurrence_window_days;
        let per_incident = |keys: &[BTreeSet<String>]| {
            let mut by_incident = vec![None; book.incidents.len()];
            for found in recurrence::find(book, &reviews_of, keys, window) {
                let index = found.incident;
                by_incident[index] = Some(found);
            }
            by_incident
        };
        let recurrence = per_incident(&type_keys);
        let repeat_failure = per_incident(&control_keys);
        Analysis {
            book,
            settings,
            as_of: settings.today,
            reviews_of,
            type_keys,
            control_keys,
            recurrence,
            repeat_failure,
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
                m.high_or_above += usize::from(incident.severity_rank >= self.settings.policy.high);
                *m.by_severity.entry(incident.severity.clone()).or_default() += 1;
                *m.by_category.entry(incident.category.clone()).or_default() += 1;
                let recurred = self.recurrence[i].as_ref();
                let repeated = self.repeat_failure[i].as_ref();
                m.recurrences += usize::from(recurred.is_some());
                m.repeat_control_failures += usize::from(repeated.is_some());
                m.repeats_after_fix +=
                    usize::from(recurred.into_iter().chain(repeated).any(|f| f.after_fix));
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
            let durations = Durations::of(incident);
            mttd.extend(durations.detect);
            mttc.extend(durations.contain);
            mttr.extend(durations.resolve);
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
        m.repeat_control_failure_rate = share(m.repeat_control_failures, m.incidents);
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
                let (failed, effective) = control_outcomes(review);
                for control in failed {
                    *m.control_failures.entry(control.to_string()).or_default() += 1;
                }
                for control in effective {
                    *m.control_effective.entry(control.to_string()).or_default() += 1;
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
                // SPEC §4: not done or cancelled as of the as-of date, even
                // when its review is dated later.
                if !closed_by(action, as_of) {
                    m.actions_open += 1;
                    m.actions_overdue +=
                        usize::from(action.due.is_some_and(|due| due.date < as_of));
                }
                if let (ActionStatus::Done, Some(done)) = (action.status, action.done) {
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
        if let Some(day) = period_end_day(period, as_of) {
            let (open, overdue) = self.open_actions_on(day);
            m.actions_open_at_end = Some(open);
            m.actions_overdue_at_end = Some(overdue);
        }
        m.actions_done_on_time_rate = share(m.actions_done_on_time, m.actions_done);
        m.actions_days_to_done_median = median(days_to_done);
        m.follow_ups_effective_rate = share(m.follow_ups_effective, m.follow_ups_done);
        m
    }

    /// Actions open at the end of `day`, and how many of them were past due
    /// then (`action_state_on`). For "at period end" and the burndown.
    pub fn open_actions_on(&self, day: NaiveDate) -> (usize, usize) {
        let mut open = 0;
        let mut overdue = 0;
        for (_, _, is_overdue) in self.actions_open_on(day) {
            open += 1;
            overdue += usize::from(is_overdue);
        }
        (open, overdue)
    }

    /// Every action open at the end of `day`: (review index, action index,
    /// past due then), in review then action order.
    pub fn actions_open_on(
        &self,
        day: NaiveDate,
    ) -> impl Iterator<Item = (usize, usize, bool)> + use<'_, 'a> {
        self.book
            .reviews
            .iter()
            .enumerate()
            .flat_map(move |(r, review)| {
                review
                    .actions()
                    .iter()
                    .enumerate()
                    .filter_map(
                        move |(a, action)| match action_state_on(review, action, day) {
                            ActionState::Open { overdue } => Some((r, a, overdue)),
                            _ => None,
                        },
                    )
            })
    }

    /// The first and last day any metric has data on: detections,
    /// resolutions and reviews up to the as-of date, and the due dates of
    /// actions and follow-up audits after it (their `actions_open` must not be
    /// lost). Dates more than `FUTURE_YEARS` after the as-of date are left
    /// out, so a mistyped year cannot make thousands of periods, and the span
    /// reaches the as-of date only when that is at most `FUTURE_YEARS` after
    /// the last record date. None for an empty book.
    pub fn span(&self) -> Option<(NaiveDate, NaiveDate)> {
        let horizon = self
            .as_of
            .checked_add_months(Months::new(12 * FUTURE_YEARS))
            .unwrap_or(self.as_of);
        let past = self
            .book
            .incidents
            .iter()
            .flat_map(|i| [Some(i.detected.date), i.resolved.map(|r| r.date)])
            .chain(self.book.reviews.iter().map(|r| Some(r.date.date)))
            .flatten()
            .filter(|&day| day <= self.as_of);
        let due = self.book.reviews.iter().flat_map(|review| {
            review
                .actions()
                .iter()
                .map(|a| a.due.map(|d| d.date))
                .chain([review
                    .follow_up
                    .as_ref()
                    .and_then(|f| f.due)
                    .map(|d| d.date)])
                .flatten()
                .filter(|&day| day <= horizon)
        });
        let (mut first, mut last) = (None::<NaiveDate>, None::<NaiveDate>);
        for day in past.chain(due) {
            first = Some(first.map_or(day, |f| f.min(day)));
            last = Some(last.map_or(day, |l| l.max(day)));
        }
        let (first, last) = (first?, last?);
        // An as-of date long after every record (`--today 9999-12-31`) would
        // list thousands of empty months: the history then ends with the
        // records, as it does for any period with no data.
        let as_of_is_near = last
            .checked_add_months(Months::new(12 * FUTURE_YEARS))
            .is_none_or(|bound| self.as_of <= bound);
        Some((
            first,
            if as_of_is_near {
                self.as_of.max(last)
            } else {
                last
            },
        ))
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
