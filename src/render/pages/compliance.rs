//! The compliance page: the conformity statement and the ten steps as
//! `conformity` assessed them, review coverage per incident, open incidents
//! and every finding.

use anyhow::Result;
use serde::Serialize;

use super::Pages;
use super::listing::{Filter, Listing};
use crate::diagnostics::Summary;
use crate::metrics::counts;
use crate::output::Output;
use crate::render::view::{self, FindingView, IncidentRow};

impl Pages<'_> {
    pub(super) fn write_compliance(&self, summary: &Summary, out: &dyn Output) -> Result<()> {
        #[derive(Serialize)]
        struct CoverageRow {
            incident: IncidentRow,
            waiver: Option<String>,
            /// Who decided the waiver, and when.
            decided_by: Option<String>,
            decided: Option<String>,
            status: &'static str,
        }
        #[derive(Serialize)]
        struct OpenRow {
            incident: IncidentRow,
            /// Days since detection, as of the as-of date.
            age: i64,
            stale: bool,
            /// Rule stale-incident's limit, for the badge.
            max_open_days: i64,
        }
        let book = self.analysis().book;
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
                decided_by: view::decided_by(self.views, incident),
                decided: view::show_opt(incident.decided.as_ref(), self.views.settings),
                status,
            });
        }
        coverage.sort_by(|a, b| {
            (&b.incident.detected_day, &b.incident.id)
                .cmp(&(&a.incident.detected_day, &a.incident.id))
        });
        // Open and contained incidents, oldest first: what review coverage
        // cannot see yet (rule stale-incident).
        let settings = self.views.settings;
        let max_open_days = i64::from(settings.policy.max_open_days);
        let mut open: Vec<OpenRow> = book
            .incidents
            .iter()
            .enumerate()
            .filter_map(|(i, incident)| {
                let age = incident.days_open(settings.today)?;
                Some(OpenRow {
                    incident: view::incident_row(self.views, i),
                    age,
                    stale: age > max_open_days,
                    max_open_days,
                })
            })
            .collect();
        open.sort_by(|a, b| (b.age, &a.incident.id).cmp(&(a.age, &b.incident.id)));
        let conformity = self.conformity;
        let findings: Vec<FindingView> = self.views.all_findings();
        let listing = |name, title, empty, filters| Listing {
            name,
            title,
            host: "compliance.html",
            nav: "compliance",
            templates: name,
            empty,
            filters,
        };
        let coverage = self.write_list(
            &listing(
                "coverage",
                "Review coverage",
                "No resolved incident needs a review.",
                vec![
                    Filter::select("coverage", "Evidence", &["reviewed", "waived", "missing"]),
                    Filter::select("severity", "Severity", &settings.policy.severities),
                ],
            ),
            &coverage,
            out,
        )?;
        let open = self.write_list(
            &listing(
                "open-incidents",
                "Open and contained incidents",
                "No incident is open or contained.",
                Vec::new(),
            ),
            &open,
            out,
        )?;
        let mut rules: Vec<&str> = findings.iter().map(|f| f.rule.as_str()).collect();
        rules.sort_unstable();
        rules.dedup();
        let findings = self.write_list(
            &listing(
                "findings",
                "Findings",
                "No findings.",
                vec![
                    Filter::text("rule, message, record"),
                    Filter::select("rule", "Rule", &rules),
                ],
            ),
            &findings,
            out,
        )?;
        let html = self.render("compliance.html", "", "compliance", |c| {
            c.insert("statement", &conformity.statement);
            c.insert("conforms", &conformity.conforms());
            c.insert("steps", &conformity.steps);
            c.insert("coverage", &coverage);
            c.insert("open_incidents", &open);
            c.insert("max_open_days", &max_open_days);
            c.insert("findings", &findings);
            c.insert("summary", summary);
        })?;
        out.write("compliance.html", html.as_bytes())
    }
}
