//! The aggregate pages: dashboard, lists, actions tracker, controls,
//! recurrence and compliance. Each gets slim rows, never whole records.

mod compliance;
mod insights;

use std::collections::BTreeMap;

use anyhow::Result;

use super::view::{self, ActionView, IncidentRow, ReviewRow, RiskView, Views};
use crate::chart_data::{self, ChartView};
use crate::diagnostics::Summary;
use crate::kpi;
use crate::metrics::Report;
use crate::output::Output;
use crate::records::ActionStatus;
use crate::theme::{Site, Theme, base_context};

/// Incident list pages hold at most this many rows; longer lists are split.
pub const ROWS_PER_PAGE: usize = 1000;

pub struct Pages<'a> {
    pub views: &'a Views<'a>,
    pub site: &'a Site<'a>,
    pub theme: &'a Theme,
    pub report: &'a Report,
    pub diagnostics: &'a [crate::diagnostics::Diagnostic],
    pub actions: &'a [ActionView],
    pub risks: &'a [RiskView],
}

impl Pages<'_> {
    fn analysis(&self) -> &crate::metrics::Analysis<'_> {
        self.views.analysis
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

    /// Renders every aggregate page and writes each to `out` as soon as it
    /// is rendered, so no more than one page is held at a time.
    pub fn render_all(&self, summary: &Summary, out: &dyn Output) -> Result<()> {
        let emit = |path: &str, html: String| out.write(path, html.as_bytes());
        let settings = self.views.settings;
        let period = settings.board_period.resolve(settings.today);
        let (_, kpis) = kpi::for_period(self.analysis(), period);
        let severities = &settings.policy.severities;
        let rows = self.incident_rows();
        let charts: Vec<ChartView> = vec![
            chart_data::incidents_by_severity(
                &chart_data::last_months(self.report, 24),
                severities,
            ),
            chart_data::time_to_resolve(&chart_data::last_quarters(self.report, 8)),
            chart_data::recurrence_rate(&chart_data::last_quarters(self.report, 8)),
            chart_data::review_coverage(&chart_data::last_quarters(self.report, 8)),
            chart_data::action_burndown(self.report),
            chart_data::top_failed_controls(self.report),
        ];
        let overdue: Vec<&ActionView> = self.actions.iter().filter(|a| a.overdue).collect();
        emit(
            "index.html",
            self.render("index.html", "", "dashboard", |c| {
                c.insert("period", &period.label());
                c.insert("previous_period", &period.previous().label());
                c.insert("kpis", &kpis);
                c.insert("all", &self.report.all);
                c.insert("charts", &charts);
                c.insert("recent", &rows.iter().take(10).collect::<Vec<_>>());
                c.insert("overdue", &overdue.iter().take(10).collect::<Vec<_>>());
                c.insert("overdue_total", &self.report.all.actions_overdue_at_end);
            })?,
        )?;

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
            emit(
                &page_names[i],
                self.render("incidents.html", "", "incidents", |c| {
                    c.insert("incidents", chunk);
                    c.insert("severities", severities);
                    c.insert("categories", &settings.policy.categories);
                    c.insert("pages", &page_names);
                    c.insert("page_number", &(i + 1));
                    c.insert("total", &rows.len());
                })?,
            )?;
        }

        let reviews: Vec<ReviewRow> = {
            let mut list: Vec<ReviewRow> = (0..self.analysis().book.reviews.len())
                .map(|r| view::review_row(self.views, r))
                .collect();
            list.sort_by(|a, b| (&b.date, &b.id).cmp(&(&a.date, &a.id)));
            list
        };
        emit(
            "reviews.html",
            self.render("reviews.html", "", "reviews", |c| {
                c.insert("reviews", &reviews)
            })?,
        )?;

        emit(
            "risks.html",
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
                            .filter(|e| e.change != view::RiskChange::Documented)
                            .map(move |e| (r.id.as_str(), e))
                    })
                    .collect();
                changes.sort_by(|a, b| (&b.1.date, a.0).cmp(&(&a.1.date, b.0)));
                c.insert("changes", &changes);
            })?,
        )?;

        emit(
            "actions.html",
            self.render("actions.html", "", "actions", |c| self.fill_actions(c))?,
        )?;
        emit(
            "controls.html",
            self.render("controls.html", "", "controls", |c| self.fill_controls(c))?,
        )?;
        emit(
            "recurrence.html",
            self.render("recurrence.html", "", "recurrence", |c| {
                self.fill_recurrence(c)
            })?,
        )?;
        emit(
            "compliance.html",
            self.render("compliance.html", "", "compliance", |c| {
                self.fill_compliance(c, summary)
            })?,
        )?;
        Ok(())
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
        let mut done: Vec<&ActionView> = self
            .actions
            .iter()
            .filter(|a| a.state == ActionStatus::Done)
            .collect();
        done.sort_by(|a, b| (&b.done, &a.id).cmp(&(&a.done, &b.id)));
        let cancelled: Vec<&ActionView> = self
            .actions
            .iter()
            .filter(|a| a.state == ActionStatus::Cancelled)
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
}
