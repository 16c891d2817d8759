//! Chart data from the metrics: which series each chart shows, over which
//! months or quarters. Numbers come from `metrics` only.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::charts::{Chart, ChartKind, Series, render_svg};
use crate::controls;
use crate::metrics::{Metrics, Report, month_label, quarter_label};

/// A chart ready for a template: its data (for the table) and its SVG.
#[derive(Serialize)]
pub struct ChartView {
    pub chart: Chart,
    pub svg: String,
}

fn view(chart: Chart) -> ChartView {
    let svg = render_svg(&chart);
    ChartView { chart, svg }
}

/// Periods to chart, oldest first: (label, metrics).
pub type Window<'m> = [(&'m String, &'m Metrics)];

/// The last `n` months of the report that had started by the as-of date,
/// oldest first (metrics.json also lists later months in which actions fall
/// due; a trend chart stops at the as-of date).
pub fn last_months(report: &Report, n: usize) -> Vec<(&String, &Metrics)> {
    last(&report.months, n, &month_label(report.as_of))
}

/// The last `n` quarters that had started by the as-of date, oldest first.
pub fn last_quarters(report: &Report, n: usize) -> Vec<(&String, &Metrics)> {
    last(&report.quarters, n, &quarter_label(report.as_of))
}

fn last<'m>(
    periods: &'m BTreeMap<String, Metrics>,
    n: usize,
    through: &str,
) -> Vec<(&'m String, &'m Metrics)> {
    let all: Vec<_> = periods
        .iter()
        .filter(|(label, _)| label.as_str() <= through)
        .collect();
    all[all.len().saturating_sub(n)..].to_vec()
}

/// One series over the charted periods: `pick` reads a period's value.
fn series(periods: &Window, name: &str, pick: impl Fn(&Metrics) -> Option<f64>) -> Series {
    Series {
        name: name.into(),
        values: periods.iter().map(|(_, m)| pick(m)).collect(),
    }
}

fn count(n: usize) -> Option<f64> {
    Some(n as f64)
}

fn per_cent(rate: Option<f64>) -> Option<f64> {
    rate.map(|r| round1(r * 100.0))
}

fn round1(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

fn chart(id: &str, title: &str, x: &str, y: &str, kind: ChartKind, unit: &str) -> Chart {
    Chart {
        id: id.into(),
        title: title.into(),
        x_label: x.into(),
        y_label: y.into(),
        categories: Vec::new(),
        series: Vec::new(),
        kind,
        unit: unit.into(),
        groups: Vec::new(),
    }
}

pub fn incidents_by_severity(months: &Window, severities: &[String]) -> ChartView {
    let mut c = chart(
        "incidents-by-severity",
        "Incidents per month by severity",
        "Month detected",
        "Incidents",
        ChartKind::StackedBars,
        "",
    );
    c.categories = months.iter().map(|(label, _)| (*label).clone()).collect();
    c.series = severities
        .iter()
        .map(|severity| {
            series(months, severity, |m| {
                count(*m.by_severity.get(severity).unwrap_or(&0))
            })
        })
        .collect();
    view(c)
}

pub fn time_to_resolve(quarters: &Window) -> ChartView {
    let mut c = chart(
        "time-to-resolve",
        "Time to resolve per quarter (hours)",
        "Quarter resolved",
        "Hours",
        ChartKind::Line,
        "h",
    );
    c.categories = quarters.iter().map(|(label, _)| (*label).clone()).collect();
    c.series = vec![
        series(quarters, "median", |m| m.mttr_hours_median.map(round1)),
        series(quarters, "90th percentile", |m| {
            m.mttr_hours_p90.map(round1)
        }),
    ];
    view(c)
}

fn rate_chart(
    quarters: &Window,
    id: &str,
    title: &str,
    x: &str,
    pick: impl Fn(&Metrics) -> Option<f64>,
) -> Chart {
    let mut c = chart(id, title, x, "Per cent", ChartKind::Line, "%");
    c.categories = quarters.iter().map(|(label, _)| (*label).clone()).collect();
    c.series = vec![series(quarters, title, |m| per_cent(pick(m)))];
    c
}

/// The recurrence rate (same incident type) and the repeat control failure
/// rate, as two series of one chart.
pub fn recurrence_rate(quarters: &Window) -> ChartView {
    let mut chart = rate_chart(
        quarters,
        "recurrence-rate",
        "Recurrence and repeat control failure rates per quarter",
        "Quarter detected",
        |m| m.recurrence_rate,
    );
    chart.series[0].name = "recurrence rate (same incident type)".into();
    chart
        .series
        .push(series(quarters, "repeat control failure rate", |m| {
            per_cent(m.repeat_control_failure_rate)
        }));
    view(chart)
}

pub fn review_coverage(quarters: &Window) -> ChartView {
    view(rate_chart(
        quarters,
        "review-coverage",
        "Review coverage per quarter",
        "Quarter resolved",
        |m| m.review_coverage,
    ))
}

/// Controls by failure count over the whole history, most first, then by
/// catalogue order.
pub fn ranked_failures(report: &Report) -> Vec<(&'static str, usize)> {
    let mut ranked: Vec<(&'static str, usize)> = controls::all()
        .iter()
        .filter_map(|c| report.all.control_failures.get(c.id).map(|&n| (c.id, n)))
        .collect();
    ranked.sort_by_key(|&(_, n)| std::cmp::Reverse(n));
    ranked
}

pub fn top_failed_controls(report: &Report) -> ChartView {
    let ranked = ranked_failures(report);
    let mut c = chart(
        "top-failed-controls",
        "Most failed Annex A controls (all reviews)",
        "Reviews finding the control failed, bypassed or missing",
        "Control",
        ChartKind::HorizontalBars,
        "",
    );
    let top: Vec<_> = ranked.into_iter().take(10).collect();
    c.categories = top
        .iter()
        .map(|(id, _)| format!("{id} {}", controls::find(id).map_or("", |c| c.title)))
        .collect();
    c.series = vec![Series {
        name: "reviews".into(),
        values: top.iter().map(|(_, n)| Some(*n as f64)).collect(),
    }];
    view(c)
}

pub fn control_heatmap(report: &Report) -> ChartView {
    let quarters = last_quarters(report, 8);
    let mut c = chart(
        "control-heatmap",
        "Control failures by quarter, grouped by Annex A theme",
        "Quarter of the review",
        "Control",
        ChartKind::Heatmap,
        "",
    );
    c.categories = quarters.iter().map(|(label, _)| (*label).clone()).collect();
    let mut groups: Vec<(String, usize)> = Vec::new();
    for control in controls::all() {
        let name = format!("{} {}", control.id, control.title);
        let row = series(&quarters, &name, |m| {
            count(*m.control_failures.get(control.id).unwrap_or(&0))
        });
        if row.values.iter().all(|v| *v == Some(0.0)) {
            continue;
        }
        match groups.last_mut() {
            Some((theme, n)) if theme == control.theme => *n += 1,
            _ => groups.push((control.theme.to_string(), 1)),
        }
        c.series.push(row);
    }
    c.groups = groups;
    view(c)
}

/// Actions open and overdue at each month's end (`actions_open_at_end`,
/// `actions_overdue_at_end`), over the last 24 months.
pub fn action_burndown(report: &Report) -> ChartView {
    let months = last_months(report, 24);
    let mut c = chart(
        "action-burndown",
        "Open corrective actions at month end",
        "Month",
        "Actions",
        ChartKind::Line,
        "",
    );
    c.categories = months.iter().map(|(label, _)| (*label).clone()).collect();
    c.series = vec![
        series(&months, "open", |m| m.actions_open_at_end.and_then(count)),
        series(&months, "overdue", |m| {
            m.actions_overdue_at_end.and_then(count)
        }),
    ];
    view(c)
}
