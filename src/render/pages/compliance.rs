//! The compliance page: the conformity statement and the ten steps as
//! `conformity` assessed them, review coverage per incident, open incidents
//! and every finding.

use serde::Serialize;

use super::Pages;
use crate::conformity::Conformity;
use crate::diagnostics::Summary;
use crate::metrics::counts;
use crate::render::view::{self, FindingView, IncidentRow};

impl Pages<'_> {
    pub(super) fn fill_compliance(&self, c: &mut tera::Context, summary: &Summary) {
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
                })
            })
            .collect();
        open.sort_by(|a, b| (b.age, &a.incident.id).cmp(&(a.age, &b.incident.id)));
        let conformity = Conformity::assess(
            self.analysis(),
            &self.report.all,
            self.diagnostics,
            summary,
            self.views.recorded,
        );
        let findings: Vec<FindingView> = self.views.all_findings();
        c.insert("statement", &conformity.statement);
        c.insert("conforms", &conformity.conforms());
        c.insert("steps", &conformity.steps);
        c.insert("coverage", &coverage);
        c.insert("open_incidents", &open);
        c.insert("max_open_days", &max_open_days);
        c.insert("findings", &findings);
        c.insert("summary", summary);
    }
}
