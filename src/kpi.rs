//! The key figures: one table of definitions (label, metric, unit, which way
//! is better, note) that the dashboard and the board pack both show, so a
//! label never stands for two different numbers. Values come from
//! `metrics::Metrics`; this module only picks and formats them.

use chrono::NaiveDate;
use serde::Serialize;

use crate::config::Settings;
pub use crate::format::Unit;
use crate::format::{self, Direction};
use crate::metrics::{Analysis, Metrics};
use crate::period::Period;

/// What a note may mention besides the period's own metrics.
pub struct NoteContext<'a> {
    pub settings: &'a Settings,
    pub as_of: NaiveDate,
    /// The day "at period end" figures were taken on.
    pub end_day: Option<NaiveDate>,
}

pub struct KpiDef {
    /// The `data/metrics.json` key of the value.
    pub key: &'static str,
    pub label: &'static str,
    pub unit: Unit,
    pub lower_is_better: bool,
    pub value: fn(&Metrics) -> Option<f64>,
    pub note: fn(&Metrics, &NoteContext) -> String,
}

fn count(n: usize) -> Option<f64> {
    Some(n as f64)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The board pack hides a mean over fewer incidents than this (SPEC §4).
pub const MIN_N_FOR_MEAN: usize = 5;

fn on_day(cx: &NoteContext) -> String {
    cx.end_day
        .map_or("not yet started".into(), |d| format!("on {d}"))
}

/// Every key figure, in the order both outputs show them.
pub const KPIS: &[KpiDef] = &[
    KpiDef {
        key: "incidents",
        label: "Incidents",
        unit: Unit::Count,
        lower_is_better: true,
        value: |m| count(m.incidents),
        note: |m, cx| {
            let high = cx
                .settings
                .policy
                .severities
                .get(cx.settings.policy.high)
                .map_or("high", String::as_str);
            format!(
                "{} {high} or above; {}",
                m.high_or_above,
                plural(m.near_misses, "near miss", "near misses")
            )
        },
    },
    KpiDef {
        key: "review_coverage",
        label: "Review coverage",
        unit: Unit::Share,
        lower_is_better: false,
        value: |m| m.review_coverage,
        note: |m, _| {
            format!(
                "{} of {} resolved incidents reviewed",
                m.reviewed, m.needing_review
            )
        },
    },
    KpiDef {
        key: "mttr_hours_median",
        label: "Time to resolve (median)",
        unit: Unit::Hours,
        lower_is_better: true,
        value: |m| m.mttr_hours_median,
        note: |m, _| {
            if m.mttr_hours_n >= MIN_N_FOR_MEAN {
                format!(
                    "N = {}; mean {}; 90th percentile {}",
                    m.mttr_hours_n,
                    format::hours(m.mttr_hours_mean),
                    format::hours(m.mttr_hours_p90)
                )
            } else {
                format!(
                    "N = {}; 90th percentile {} (mean not shown below N = {MIN_N_FOR_MEAN})",
                    m.mttr_hours_n,
                    format::hours(m.mttr_hours_p90)
                )
            }
        },
    },
    KpiDef {
        key: "recurrence_rate",
        label: "Recurrence rate (same incident type)",
        unit: Unit::Share,
        lower_is_better: true,
        value: |m| m.recurrence_rate,
        note: |m, _| {
            format!(
                "{} of {} incidents",
                plural(m.recurrences, "recurrence", "recurrences"),
                m.incidents
            )
        },
    },
    KpiDef {
        key: "repeat_control_failure_rate",
        label: "Repeat control failure rate",
        unit: Unit::Share,
        lower_is_better: true,
        value: |m| m.repeat_control_failure_rate,
        note: |m, _| {
            format!(
                "{} of {} incidents; {} after a fix",
                plural(
                    m.repeat_control_failures,
                    "repeat control failure",
                    "repeat control failures"
                ),
                m.incidents,
                m.repeats_after_fix
            )
        },
    },
    KpiDef {
        key: "actions_open_at_end",
        label: "Open actions at period end",
        unit: Unit::Count,
        lower_is_better: true,
        value: |m| m.actions_open_at_end.and_then(count),
        note: |_, cx| format!("agreed and not done {}", on_day(cx)),
    },
    KpiDef {
        key: "actions_overdue_at_end",
        label: "Overdue actions at period end",
        unit: Unit::Count,
        lower_is_better: true,
        value: |m| m.actions_overdue_at_end.and_then(count),
        note: |_, cx| format!("open and past due {}", on_day(cx)),
    },
    KpiDef {
        key: "actions_open",
        label: "Open actions due in the period",
        unit: Unit::Count,
        lower_is_better: true,
        value: |m| count(m.actions_open),
        note: |m, cx| format!("of {} due; as of {}", m.actions_due, cx.as_of),
    },
    KpiDef {
        key: "actions_overdue",
        label: "Overdue actions due in the period",
        unit: Unit::Count,
        lower_is_better: true,
        value: |m| count(m.actions_overdue),
        note: |m, cx| format!("of {} due; as of {}", m.actions_due, cx.as_of),
    },
    KpiDef {
        key: "follow_ups_effective_rate",
        label: "Follow-ups effective",
        unit: Unit::Share,
        lower_is_better: false,
        value: |m| m.follow_ups_effective_rate,
        note: |m, _| {
            format!(
                "{} of {} follow-ups done; {} due",
                m.follow_ups_effective, m.follow_ups_done, m.follow_ups_due
            )
        },
    },
];

/// One key figure for one period, formatted, against the period before and
/// (when given) the same period a year before.
#[derive(Clone, Debug, Serialize)]
pub struct KpiRow {
    pub key: &'static str,
    pub label: &'static str,
    pub value: String,
    pub previous: String,
    pub year_before: String,
    /// Against the previous period ("no comparison" when undefined).
    pub change: String,
    /// "up", "down" or "same", for the arrow.
    pub direction: &'static str,
    /// Whether the change is an improvement; None when unchanged or undefined.
    pub better: Option<bool>,
    /// Against the same period a year before.
    pub change_year: String,
    pub note: String,
}

/// A period's metrics and its key figures, against the period before and
/// the same period a year before: what the dashboard, the board pack and
/// `stats` show.
pub fn for_period(analysis: &Analysis, period: Period) -> (Metrics, Vec<KpiRow>) {
    let now = analysis.metrics(period);
    let rows = rows(
        &now,
        &analysis.metrics(period.previous()),
        &analysis.metrics(period.year_before()),
        &NoteContext {
            settings: analysis.settings,
            as_of: analysis.as_of,
            end_day: crate::metrics::period_end_day(period, analysis.as_of),
        },
    );
    (now, rows)
}

pub fn rows(
    now: &Metrics,
    previous: &Metrics,
    year_before: &Metrics,
    cx: &NoteContext,
) -> Vec<KpiRow> {
    KPIS.iter()
        .map(|def| {
            let value = (def.value)(now);
            let unit = def.unit;
            let (change, direction, better) =
                match format::change(value, (def.value)(previous), unit) {
                    Some((text, direction)) => {
                        let better = (direction != Direction::Same)
                            .then(|| def.lower_is_better == (direction == Direction::Down));
                        (text, direction.as_str(), better)
                    }
                    None => ("no comparison".to_string(), "same", None),
                };
            KpiRow {
                key: def.key,
                label: def.label,
                value: def.unit.show(value),
                previous: def.unit.show((def.value)(previous)),
                year_before: def.unit.show((def.value)(year_before)),
                change,
                direction,
                better,
                change_year: format::change(value, (def.value)(year_before), unit)
                    .map_or(format::MISSING.into(), |(text, _)| text),
                note: (def.note)(now, cx),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_a_metrics_json_field() {
        let fields = match serde_json::to_value(Metrics::default()).unwrap() {
            serde_json::Value::Object(map) => map,
            _ => unreachable!(),
        };
        for def in KPIS {
            assert!(fields.contains_key(def.key), "{} is not a field", def.key);
        }
        let mut labels: Vec<&str> = KPIS.iter().map(|d| d.label).collect();
        labels.sort_unstable();
        labels.dedup();
        assert_eq!(labels.len(), KPIS.len(), "two figures share a label");
    }

    #[test]
    fn rows_format_values_changes_and_direction() {
        let settings = crate::testing::settings(None, "2026-06-30");
        let now = Metrics {
            incidents: 4,
            high_or_above: 1,
            near_misses: 1,
            review_coverage: Some(0.75),
            actions_overdue_at_end: Some(2),
            ..Metrics::default()
        };
        let previous = Metrics {
            incidents: 6,
            review_coverage: Some(1.0),
            actions_overdue_at_end: Some(2),
            ..Metrics::default()
        };
        let cx = NoteContext {
            settings: &settings,
            as_of: settings.today,
            end_day: Some(settings.today),
        };
        let rows = rows(&now, &previous, &Metrics::default(), &cx);
        let row = |key: &str| rows.iter().find(|r| r.key == key).unwrap();
        let incidents = row("incidents");
        assert_eq!(
            (
                incidents.value.as_str(),
                incidents.change.as_str(),
                incidents.direction,
                incidents.better
            ),
            ("4", "-2", "down", Some(true))
        );
        assert_eq!(incidents.note, "1 high or above; 1 near miss");
        assert_eq!(incidents.change_year, "+4");
        let coverage = row("review_coverage");
        // 0.75 − 1.0 = −25 points, and higher coverage is better.
        assert_eq!(
            (
                coverage.value.as_str(),
                coverage.change.as_str(),
                coverage.better
            ),
            ("75%", "-25.0 pp", Some(false))
        );
        let overdue = row("actions_overdue_at_end");
        assert_eq!(
            (overdue.change.as_str(), overdue.direction, overdue.better),
            ("no change", "same", None)
        );
        assert_eq!(overdue.note, "open and past due on 2026-06-30");
        let mttr = row("mttr_hours_median");
        assert_eq!(
            (mttr.value.as_str(), mttr.change.as_str()),
            ("–", "no comparison")
        );
    }
}
