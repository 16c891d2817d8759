//! The aggregate pages: dashboard, lists, actions tracker, controls,
//! recurrence and compliance. Each gets slim rows, never whole records.

mod compliance;
mod insights;
mod listing;

use std::collections::BTreeMap;

use anyhow::Result;
use serde::Serialize;

use super::view::{self, ActionView, IncidentRow, ReviewRow, RiskView, Views};
use crate::chart_data::{self, ChartView};
use crate::diagnostics::Summary;
use crate::kpi;
use crate::metrics::Report;
use crate::output::Output;
use crate::records::ActionStatus;
use crate::theme::{Site, Theme, base_context};
use listing::{Filter, Listing};

/// How many tags the dashboard lists, the most used first.
pub const TAGS_LISTED: usize = 20;

pub struct Pages<'a> {
    pub views: &'a Views<'a>,
    pub site: &'a Site<'a>,
    pub theme: &'a Theme,
    pub report: &'a Report,
    /// The ten steps as checked: the board pack prints the same.
    pub conformity: &'a crate::conformity::Conformity,
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
        let tags = crate::metrics::incidents_by_tag(
            self.analysis()
                .book
                .incidents
                .iter()
                .map(|i| &**i)
                .filter(|i| !self.views.incident_is_hidden(i)),
        );
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
                let incident_listing = self.incident_listing(&[]);
                let listed: Vec<(&crate::metrics::TagCount, String)> = tags
                    .iter()
                    .take(TAGS_LISTED)
                    .map(|t| (t, listing::filtered(&incident_listing, &[("tag", &t.tag)])))
                    .collect();
                c.insert("tags", &listed);
                c.insert("tags_total", &tags.len());
            })?,
        )?;

        let incidents = self.write_list(&self.incident_listing(&tags), &rows, out)?;
        emit(
            "incidents.html",
            self.render("incidents.html", "", "incidents", |c| {
                c.insert("incidents", &incidents);
            })?,
        )?;
        drop(incidents);

        let reviews: Vec<ReviewRow> = {
            let mut list: Vec<ReviewRow> = (0..self.analysis().book.reviews.len())
                .map(|r| view::review_row(self.views, r))
                .collect();
            list.sort_by(|a, b| (&b.date, &b.id).cmp(&(&a.date, &a.id)));
            list
        };
        let listing = Listing {
            name: "reviews",
            title: "Post-incident reviews",
            host: "reviews.html",
            nav: "reviews",
            templates: "reviews",
            empty: "No reviews yet.",
            filters: vec![
                Filter::text("ID, incident, root cause"),
                Filter::select(
                    "control",
                    "Control evaluated",
                    &used_controls(
                        reviews
                            .iter()
                            .flat_map(|r| r.controls.iter().map(String::as_str)),
                    ),
                ),
            ],
        };
        let page = self.write_list(&listing, &reviews, out)?;
        emit(
            "reviews.html",
            self.render("reviews.html", "", "reviews", |c| {
                c.insert("reviews", &page)
            })?,
        )?;
        drop((page, reviews));

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

        self.write_actions(out)?;
        emit(
            "controls.html",
            self.render("controls.html", "", "controls", |c| self.fill_controls(c))?,
        )?;
        self.write_recurrence(out)?;
        self.write_compliance(summary, out)
    }

    fn incident_listing(&self, tags: &[crate::metrics::TagCount]) -> Listing {
        let policy = &self.views.settings.policy;
        let mut filters = vec![
            Filter::text("ID, title, variety"),
            Filter::select("severity", "Severity", &policy.severities),
            Filter::select("category", "Category", &policy.categories),
            Filter::select(
                "status",
                "Status",
                &["open", "contained", "resolved", "closed"],
            ),
        ];
        if !tags.is_empty() {
            let mut names: Vec<&str> = tags.iter().map(|t| t.tag.as_str()).collect();
            names.sort_unstable();
            filters.push(Filter::select("tag", "Tag", &names));
        }
        Listing {
            name: "incidents",
            title: "Incidents",
            host: "incidents.html",
            nav: "incidents",
            templates: "incidents",
            empty: "No incidents recorded yet.",
            filters,
        }
    }

    fn write_actions(&self, out: &dyn Output) -> Result<()> {
        #[derive(Serialize)]
        struct OwnerRow<'a> {
            owner: &'a str,
            overdue: usize,
            most_days_overdue: i64,
            /// The list of all actions, filtered to the owner's overdue ones.
            url: String,
        }
        let mut by_owner: BTreeMap<&str, OwnerRow> = BTreeMap::new();
        for action in self.actions.iter().filter(|a| a.overdue) {
            let row = by_owner.entry(action.owner.as_str()).or_insert(OwnerRow {
                owner: &action.owner,
                overdue: 0,
                most_days_overdue: 0,
                url: String::new(),
            });
            row.overdue += 1;
            row.most_days_overdue = row.most_days_overdue.max(action.days_overdue);
        }
        let mut owners: Vec<OwnerRow> = by_owner.into_values().collect();
        owners.sort_by(|a, b| {
            (b.overdue, b.most_days_overdue).cmp(&(a.overdue, a.most_days_overdue))
        });
        let mut actions: Vec<&ActionView> = self.actions.iter().collect();
        // Open (the most overdue first, then by due date, none last), then
        // done (latest first), then cancelled.
        actions.sort_by(|a, b| {
            let rank = |a: &ActionView| match (a.open, a.state) {
                (true, _) => 0,
                (false, ActionStatus::Done) => 1,
                _ => 2,
            };
            rank(a).cmp(&rank(b)).then_with(|| match rank(a) {
                0 => (b.days_overdue, a.due.is_none(), &a.due, &a.id).cmp(&(
                    a.days_overdue,
                    b.due.is_none(),
                    &b.due,
                    &b.id,
                )),
                1 => (&b.done, &a.id).cmp(&(&a.done, &b.id)),
                _ => a.id.cmp(&b.id),
            })
        });
        let mut owner_names: Vec<&str> = self.actions.iter().map(|a| a.owner.as_str()).collect();
        owner_names.sort_unstable();
        owner_names.dedup();
        let listing = Listing {
            name: "actions",
            title: "Corrective actions",
            host: "actions.html",
            nav: "actions",
            templates: "actions",
            empty: "No corrective actions yet.",
            filters: vec![
                Filter::text("ID, title, owner"),
                Filter::select("state", "State", &["open", "overdue", "done", "cancelled"]),
                Filter::select("owner", "Owner", &owner_names),
                Filter::select(
                    "control",
                    "Control",
                    &used_controls(
                        self.actions
                            .iter()
                            .flat_map(|a| a.controls.iter().map(|c| c.id.as_str())),
                    ),
                ),
            ],
        };
        for owner in &mut owners {
            owner.url =
                listing::filtered(&listing, &[("state", "overdue"), ("owner", owner.owner)]);
        }
        let page = self.write_list(&listing, &actions, out)?;
        let html = self.render("actions.html", "", "actions", |c| {
            c.insert("overdue_by_owner", &owners);
            c.insert("actions", &page);
            c.insert("all", &self.report.all);
        })?;
        out.write("actions.html", html.as_bytes())
    }
}

/// The Annex A control IDs among `ids`, each once, in catalogue order.
fn used_controls<'a>(ids: impl Iterator<Item = &'a str>) -> Vec<&'static str> {
    let used: std::collections::HashSet<&str> = ids.collect();
    crate::controls::ids()
        .filter(|id| used.contains(id))
        .collect()
}
