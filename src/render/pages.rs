//! The aggregate pages: dashboard, lists, actions tracker, controls,
//! recurrence and compliance. Each gets slim rows, never whole records.

use std::collections::{BTreeMap, HashMap};

use anyhow::Result;
use chrono::Duration;
use serde::Serialize;

use super::chart_data::{self, ChartView};
use super::view::{self, ActionView, FindingView, IncidentRow, Link, ReviewRow, RiskView, Views};
use super::{Site, Theme, base_context};
use crate::controls;
use crate::diagnostics::Summary;
use crate::metrics::{Metrics, Report, counts};
use crate::period::Period;

/// Incident list pages hold at most this many rows; longer lists are split.
pub const ROWS_PER_PAGE: usize = 1000;

pub struct Pages<'a> {
    pub views: &'a Views<'a>,
    pub site: &'a Site<'a>,
    pub theme: &'a Theme,
    pub report: &'a Report,
    pub actions: &'a [ActionView],
    pub risks: &'a [RiskView],
}

#[derive(Serialize)]
struct Kpi {
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

fn percent(value: Option<f64>) -> String {
    value.map_or("–".into(), |v| format!("{:.0}%", v * 100.0))
}

fn hours(value: Option<f64>) -> String {
    value.map_or("–".into(), |v| format!("{v:.1} h"))
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
    let (change, direction, better) = match (now, before) {
        (Some(a), Some(b)) => {
            let delta = a - b;
            let scaled = if unit == "pp" { delta * 100.0 } else { delta };
            let direction = if scaled.abs() < 0.05 {
                "same"
            } else if delta > 0.0 {
                "up"
            } else {
                "down"
            };
            let text = if direction == "same" {
                "no change".to_string()
            } else if unit.is_empty() {
                format!("{scaled:+.0}")
            } else {
                format!("{scaled:+.1} {unit}")
            };
            let better = lower_is_better
                .filter(|_| direction != "same")
                .map(|lower| lower == (delta < 0.0));
            (text, direction, better)
        }
        _ => ("no comparison".to_string(), "same", None),
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

fn count(value: Option<f64>) -> String {
    value.map_or("–".into(), |v| format!("{v:.0}"))
}

impl Pages<'_> {
    fn analysis(&self) -> &crate::metrics::Analysis<'_> {
        self.views.analysis
    }

    fn kpis(&self, period: Period, now: &Metrics, before: &Metrics) -> Vec<Kpi> {
        let as_of = self.analysis().as_of;
        let end_of = |p: Period| (p.end - Duration::days(1)).min(as_of);
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

    fn incident_rows(&self) -> Vec<IncidentRow> {
        let mut rows: Vec<IncidentRow> = (0..self.analysis().book.incidents.len())
            .map(|i| view::incident_row(self.views, i))
            .collect();
        rows.sort_by(|a, b| (&b.detected_day, &b.id).cmp(&(&a.detected_day, &a.id)));
        rows
    }

    fn render(
        &self,
        template: &str,
        root: &str,
        page: &str,
        fill: impl FnOnce(&mut tera::Context),
    ) -> Result<String> {
        let mut context = base_context(self.site, root, page);
        fill(&mut context);
        self.theme
            .render(template, &context, &format!("the {page} page"))
    }

    pub fn render_all(&self, summary: &Summary) -> Result<Vec<(String, String)>> {
        let mut pages = Vec::new();
        let settings = self.views.settings;
        let period = settings.board_period.resolve(settings.today);
        let now = self.analysis().metrics(period);
        let before = self.analysis().metrics(period.previous());
        let severities = &settings.policy.severities;
        let rows = self.incident_rows();
        let charts: Vec<ChartView> = vec![
            chart_data::incidents_by_severity(
                &chart_data::last(&self.report.months, 24),
                severities,
            ),
            chart_data::time_to_resolve(&chart_data::last(&self.report.quarters, 8)),
            chart_data::recurrence_rate(&chart_data::last(&self.report.quarters, 8)),
            chart_data::review_coverage(&chart_data::last(&self.report.quarters, 8)),
            chart_data::action_burndown(self.analysis(), self.report),
            chart_data::top_failed_controls(self.report),
        ];
        let overdue: Vec<&ActionView> = self.actions.iter().filter(|a| a.overdue).collect();
        pages.push((
            "index.html".to_string(),
            self.render("index.html", "", "dashboard", |c| {
                c.insert("period", &period.label());
                c.insert("previous_period", &period.previous().label());
                c.insert("kpis", &self.kpis(period, &now, &before));
                c.insert("all", &self.report.all);
                c.insert("charts", &charts);
                c.insert("recent", &rows.iter().take(10).collect::<Vec<_>>());
                c.insert("overdue", &overdue.iter().take(10).collect::<Vec<_>>());
                c.insert("overdue_total", &overdue.len());
            })?,
        ));

        let chunks: Vec<&[IncidentRow]> = if rows.is_empty() {
            vec![&rows[..]]
        } else {
            rows.chunks(ROWS_PER_PAGE).collect()
        };
        let page_names: Vec<String> = (0..chunks.len())
            .map(|i| {
                if i == 0 {
                    "incidents.html".into()
                } else {
                    format!("incidents-{}.html", i + 1)
                }
            })
            .collect();
        for (i, chunk) in chunks.iter().enumerate() {
            pages.push((
                page_names[i].clone(),
                self.render("incidents.html", "", "incidents", |c| {
                    c.insert("incidents", chunk);
                    c.insert("severities", severities);
                    c.insert("categories", &settings.policy.categories);
                    c.insert("pages", &page_names);
                    c.insert("page_number", &(i + 1));
                    c.insert("total", &rows.len());
                })?,
            ));
        }

        let reviews: Vec<ReviewRow> = {
            let mut list: Vec<ReviewRow> = (0..self.analysis().book.reviews.len())
                .map(|r| view::review_row(self.views, r))
                .collect();
            list.sort_by(|a, b| (&b.date, &b.id).cmp(&(&a.date, &a.id)));
            list
        };
        pages.push((
            "reviews.html".into(),
            self.render("reviews.html", "", "reviews", |c| {
                c.insert("reviews", &reviews)
            })?,
        ));

        pages.push((
            "risks.html".into(),
            self.render("risks.html", "", "risks", |c| {
                let mut risks: Vec<&RiskView> = self.risks.iter().collect();
                risks.sort_by(|a, b| (b.score, &a.id).cmp(&(a.score, &b.id)));
                c.insert("risks", &risks);
                let mut changes: Vec<(&str, &view::RiskEvent)> = self
                    .risks
                    .iter()
                    .flat_map(|r| {
                        r.events
                            .iter()
                            .filter(|e| e.change != "documented")
                            .map(move |e| (r.id.as_str(), e))
                    })
                    .collect();
                changes.sort_by(|a, b| (&b.1.date, a.0).cmp(&(&a.1.date, b.0)));
                c.insert("changes", &changes);
            })?,
        ));

        pages.push((
            "actions.html".into(),
            self.render("actions.html", "", "actions", |c| self.fill_actions(c))?,
        ));
        pages.push((
            "controls.html".into(),
            self.render("controls.html", "", "controls", |c| self.fill_controls(c))?,
        ));
        pages.push((
            "recurrence.html".into(),
            self.render("recurrence.html", "", "recurrence", |c| {
                self.fill_recurrence(c)
            })?,
        ));
        pages.push((
            "compliance.html".into(),
            self.render("compliance.html", "", "compliance", |c| {
                self.fill_compliance(c, summary)
            })?,
        ));
        Ok(pages)
    }

    fn fill_actions(&self, c: &mut tera::Context) {
        let open: Vec<&ActionView> = self.actions.iter().filter(|a| a.open).collect();
        let mut by_owner: BTreeMap<&str, Vec<&ActionView>> = BTreeMap::new();
        for action in open.iter().filter(|a| a.overdue) {
            by_owner
                .entry(action.owner.as_str())
                .or_default()
                .push(action);
        }
        for list in by_owner.values_mut() {
            list.sort_by_key(|a| std::cmp::Reverse(a.days_overdue));
        }
        let mut done: Vec<&ActionView> =
            self.actions.iter().filter(|a| a.status == "done").collect();
        done.sort_by(|a, b| (&b.done, &a.id).cmp(&(&a.done, &b.id)));
        let cancelled: Vec<&ActionView> = self
            .actions
            .iter()
            .filter(|a| a.status == "cancelled")
            .collect();
        c.insert("open", &open);
        // A list, not a map: templates iterate it in this (sorted) order.
        c.insert(
            "overdue_by_owner",
            &by_owner.into_iter().collect::<Vec<_>>(),
        );
        c.insert("done", &done);
        c.insert("cancelled", &cancelled);
        c.insert("all", &self.report.all);
    }

    fn fill_controls(&self, c: &mut tera::Context) {
        #[derive(Serialize)]
        struct ControlRow {
            id: &'static str,
            anchor: String,
            title: &'static str,
            failed: usize,
            effective: usize,
            reviews: Vec<(Link, String)>,
            actions: Vec<Link>,
        }
        let mut outcomes: HashMap<&str, Vec<(Link, String)>> = HashMap::new();
        for review in &self.analysis().book.reviews {
            for evaluation in review.controls() {
                outcomes.entry(evaluation.id.as_str()).or_default().push((
                    view::review_link(&review.id),
                    evaluation.outcome.as_str().to_string(),
                ));
            }
        }
        let mut actions: HashMap<&str, Vec<Link>> = HashMap::new();
        for action in self.actions {
            for control in &action.controls {
                let link = Link {
                    id: action.id.clone(),
                    url: format!("{}#action-{}", action.review.url, action.id),
                };
                actions
                    .entry(controls::find(&control.id).map_or("", |c| c.id))
                    .or_default()
                    .push(link);
            }
        }
        let mut themes: Vec<(&str, Vec<ControlRow>)> = Vec::new();
        for control in controls::all() {
            let reviews = outcomes.remove(control.id).unwrap_or_default();
            let row = ControlRow {
                id: control.id,
                anchor: format!("control-{}", control.id.replace('.', "-")),
                title: control.title,
                failed: reviews.iter().filter(|(_, o)| o != "effective").count(),
                effective: reviews.iter().filter(|(_, o)| o == "effective").count(),
                reviews,
                actions: actions.remove(control.id).unwrap_or_default(),
            };
            match themes.last_mut() {
                Some((theme, rows)) if *theme == control.theme => rows.push(row),
                _ => themes.push((control.theme, vec![row])),
            }
        }
        c.insert("themes", &themes);
        c.insert("top", &chart_data::top_failed_controls(self.report));
        c.insert("heatmap", &chart_data::control_heatmap(self.report));
    }

    fn fill_recurrence(&self, c: &mut tera::Context) {
        #[derive(Serialize)]
        struct Step {
            incident: IncidentRow,
            key: Option<String>,
            preceded_by: Option<Link>,
            after_fix: bool,
            fixed_by: Option<Link>,
        }
        let book = self.analysis().book;
        let n = book.incidents.len();
        let mut parent: Vec<usize> = (0..n).collect();
        fn find(parent: &mut [usize], mut i: usize) -> usize {
            while parent[i] != i {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            i
        }
        for (i, found) in self.analysis().recurrence.iter().enumerate() {
            if let Some(found) = found {
                let (a, b) = (find(&mut parent, i), find(&mut parent, found.earlier));
                parent[a.max(b)] = a.min(b);
            }
        }
        let mut clusters: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for i in 0..n {
            let root = find(&mut parent, i);
            clusters.entry(root).or_default().push(i);
        }
        let mut list: Vec<Vec<Step>> = clusters
            .into_values()
            .filter(|members| members.len() > 1)
            .map(|mut members| {
                members.sort_by_key(|&i| (book.incidents[i].detected.instant, i));
                members
                    .into_iter()
                    .map(|i| {
                        let found = self.analysis().recurrence[i].as_ref();
                        Step {
                            incident: view::incident_row(self.views, i),
                            key: found.map(|f| f.key.clone()),
                            preceded_by: found
                                .map(|f| view::review_link(&book.reviews[f.review].id)),
                            after_fix: found.is_some_and(|f| f.after_fix),
                            fixed_by: found
                                .and_then(|f| f.fixed_by)
                                .map(|r| view::review_link(&book.reviews[r].id)),
                        }
                    })
                    .collect()
            })
            .collect();
        list.sort_by(|a, b| {
            b.len()
                .cmp(&a.len())
                .then_with(|| a[0].incident.detected_day.cmp(&b[0].incident.detected_day))
        });
        let mut key_counts: BTreeMap<&str, usize> = BTreeMap::new();
        for found in self.analysis().recurrence.iter().flatten() {
            *key_counts.entry(found.key.as_str()).or_default() += 1;
        }
        let mut keys: Vec<(&str, usize)> = key_counts.into_iter().collect();
        keys.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        c.insert("clusters", &list);
        c.insert("keys", &keys);
        c.insert("all", &self.report.all);
        c.insert("window", &self.views.settings.policy.recurrence_window_days);
        c.insert(
            "rate_chart",
            &chart_data::recurrence_rate(&chart_data::last(&self.report.quarters, 8)),
        );
    }

    fn fill_compliance(&self, c: &mut tera::Context, summary: &Summary) {
        #[derive(Serialize)]
        struct CoverageRow {
            incident: IncidentRow,
            waiver: Option<String>,
            status: &'static str,
        }
        #[derive(Serialize)]
        struct StepRow {
            step: &'static str,
            evidence: String,
            rules: Vec<(&'static str, usize)>,
            findings: usize,
        }
        let book = self.analysis().book;
        let by_rule = self.views.findings_by_rule();
        let mut coverage = Vec::new();
        for (i, incident) in book.incidents.iter().enumerate() {
            if !(counts(incident) && incident.is_resolved()) {
                continue;
            }
            let row = view::incident_row(self.views, i);
            let hidden = self.views.incident_is_hidden(incident);
            let status = if self.analysis().first_review(i).is_some() {
                "reviewed"
            } else if incident.review_waiver.is_some()
                && incident.severity_rank < self.views.settings.policy.significant
            {
                "waived"
            } else {
                "missing"
            };
            let waiver = incident.review_waiver.as_ref().map(|w| {
                if hidden {
                    view::RESTRICTED.to_string()
                } else {
                    w.clone()
                }
            });
            coverage.push(CoverageRow {
                incident: row,
                waiver,
                status,
            });
        }
        coverage.sort_by(|a, b| {
            (&b.incident.detected_day, &b.incident.id)
                .cmp(&(&a.incident.detected_day, &a.incident.id))
        });
        let reviews = book.reviews.len();
        let step = |step, evidence: String, rules: &[&'static str]| {
            let rules: Vec<(&'static str, usize)> = rules
                .iter()
                .map(|r| (*r, by_rule.get(*r).copied().unwrap_or(0)))
                .collect();
            StepRow {
                step,
                findings: rules.iter().map(|(_, n)| n).sum(),
                evidence,
                rules,
            }
        };
        let all = &self.report.all;
        let steps = vec![
            step(
                "1. Report, categorise and record the incident",
                format!(
                    "{} incident records, {} near misses",
                    book.incidents.len(),
                    all.near_misses
                ),
                &[],
            ),
            step(
                "2. Hold a post-incident review",
                format!(
                    "{} reviews; coverage {}",
                    reviews,
                    percent(summary.review_coverage)
                ),
                &["missing-review", "late-review"],
            ),
            step(
                "3. Cross-functional team with a chair",
                format!("{reviews} reviews name their participants"),
                &["narrow-review", "no-chair"],
            ),
            step(
                "4. Reconstruct the timeline",
                "timelines on the review pages".into(),
                &["no-timeline"],
            ),
            step(
                "5. Find the root cause and evaluate controls",
                format!(
                    "{} control failures recorded",
                    all.control_failures.values().sum::<usize>()
                ),
                &["shallow-root-cause", "no-control-evaluation"],
            ),
            step(
                "6. Update the risk register",
                format!("{} risks in the register", book.risks.len()),
                &["risk-register-not-checked"],
            ),
            step(
                "7. Decide on training",
                "training decisions on the review pages".into(),
                &["no-training-decision"],
            ),
            step(
                "8. Agree and complete corrective actions",
                format!(
                    "{} actions, {} open, {} overdue",
                    self.actions.len(),
                    all.actions_open,
                    all.actions_overdue
                ),
                &["no-corrective-action", "action-overdue"],
            ),
            step(
                "9. Report to management and share anonymised lessons",
                "management reports on the review pages".into(),
                &["not-reported", "not-anonymised"],
            ),
            step(
                "10. Follow up on effectiveness",
                format!(
                    "{} follow-ups done, {} effective",
                    all.follow_ups_done, all.follow_ups_effective
                ),
                &["no-follow-up", "follow-up-overdue", "recurred-after-fix"],
            ),
        ];
        let open_steps: Vec<&str> = steps
            .iter()
            .filter(|s| s.findings > 0)
            .map(|s| s.step)
            .collect();
        let findings: Vec<FindingView> = self.views.all_findings();
        let statement = if findings.is_empty() {
            format!(
                "The records evidence every step of the 5.27 procedure: {} of {} resolved incidents that needed a review were reviewed, and no rule reports a finding.",
                summary.reviewed, summary.needing_review
            )
        } else {
            format!(
                "The records evidence the 5.27 procedure with {} open finding{} ({} error{}, {} warning{}) in {} of its 10 steps; {} of {} resolved incidents that needed a review were reviewed. The findings below are what remains to close.",
                findings.len(),
                if findings.len() == 1 { "" } else { "s" },
                summary.errors,
                if summary.errors == 1 { "" } else { "s" },
                summary.warnings,
                if summary.warnings == 1 { "" } else { "s" },
                open_steps.len(),
                summary.reviewed,
                summary.needing_review
            )
        };
        c.insert("statement", &statement);
        c.insert("conforms", &findings.is_empty());
        c.insert("steps", &steps);
        c.insert("coverage", &coverage);
        c.insert("findings", &findings);
        c.insert("summary", summary);
    }
}
