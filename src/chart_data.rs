//! Chart data from the metrics: which series each chart shows, over which
//! months or quarters. Numbers come from `metrics` only.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::charts::{Chart, ChartKind, Series, render_svg};
use crate::controls;
use crate::metrics::{Analysis, Metrics, Report};

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

/// The last `n` entries of a period map, oldest first.
/// Periods to chart, oldest first: (label, metrics).
pub type Window<'m> = [(&'m String, &'m Metrics)];

pub fn last(periods: &BTreeMap<String, Metrics>, n: usize) -> Vec<(&String, &Metrics)> {
    let all: Vec<_> = periods.iter().collect();
    all[all.len().saturating_sub(n)..].to_vec()
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
        .map(|severity| Series {
            name: severity.clone(),
            values: months
                .iter()
                .map(|(_, m)| Some(*m.by_severity.get(severity).unwrap_or(&0) as f64))
                .collect(),
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
        Series {
            name: "median".into(),
            values: quarters
                .iter()
                .map(|(_, m)| m.mttr_hours_median.map(round1))
                .collect(),
        },
        Series {
            name: "90th percentile".into(),
            values: quarters
                .iter()
                .map(|(_, m)| m.mttr_hours_p90.map(round1))
                .collect(),
        },
    ];
    view(c)
}

fn rate_chart(
    quarters: &Window,
    id: &str,
    title: &str,
    x: &str,
    pick: impl Fn(&Metrics) -> Option<f64>,
) -> ChartView {
    let mut c = chart(id, title, x, "Per cent", ChartKind::Line, "%");
    c.categories = quarters.iter().map(|(label, _)| (*label).clone()).collect();
    c.series = vec![Series {
        name: title.into(),
        values: quarters
            .iter()
            .map(|(_, m)| pick(m).map(|r| round1(r * 100.0)))
            .collect(),
    }];
    view(c)
}

pub fn recurrence_rate(quarters: &Window) -> ChartView {
    rate_chart(
        quarters,
        "recurrence-rate",
        "Recurrence rate per quarter",
        "Quarter detected",
        |m| m.recurrence_rate,
    )
}

pub fn review_coverage(quarters: &Window) -> ChartView {
    rate_chart(
        quarters,
        "review-coverage",
        "Review coverage per quarter",
        "Quarter resolved",
        |m| m.review_coverage,
    )
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
    let quarters = last(&report.quarters, 8);
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
        let values: Vec<Option<f64>> = quarters
            .iter()
            .map(|(_, m)| Some(*m.control_failures.get(control.id).unwrap_or(&0) as f64))
            .collect();
        if values.iter().all(|v| *v == Some(0.0)) {
            continue;
        }
        match groups.last_mut() {
            Some((theme, n)) if theme == control.theme => *n += 1,
            _ => groups.push((control.theme.to_string(), 1)),
        }
        c.series.push(Series {
            name: format!("{} {}", control.id, control.title),
            values,
        });
    }
    c.groups = groups;
    view(c)
}

pub fn action_burndown(analysis: &Analysis, report: &Report) -> ChartView {
    let months = last(&report.months, 24);
    let mut c = chart(
        "action-burndown",
        "Open corrective actions at month end",
        "Month",
        "Actions",
        ChartKind::Line,
        "",
    );
    c.categories = months.iter().map(|(label, _)| (*label).clone()).collect();
    let ends: Vec<_> = months
        .iter()
        .map(|(label, _)| {
            let start = chrono::NaiveDate::parse_from_str(&format!("{label}-01"), "%Y-%m-%d")
                .expect("month labels are dates");
            let end = start
                .checked_add_months(chrono::Months::new(1))
                .expect("in range")
                .pred_opt()
                .expect("in range");
            analysis.open_actions_on(end.min(analysis.as_of))
        })
        .collect();
    c.series = vec![
        Series {
            name: "open".into(),
            values: ends.iter().map(|(open, _)| Some(*open as f64)).collect(),
        },
        Series {
            name: "overdue".into(),
            values: ends
                .iter()
                .map(|(_, overdue)| Some(*overdue as f64))
                .collect(),
        },
    ];
    view(c)
}
