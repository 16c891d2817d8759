//! The compliance page: the conformity statement, the ten steps with their
//! evidence and findings, and review coverage per incident.

use serde::Serialize;

use super::Pages;
use crate::diagnostics::Summary;
use crate::metrics::counts;
use crate::render::format::percent;
use crate::render::view::{self, FindingView, IncidentRow};

impl Pages<'_> {
    pub(super) fn fill_compliance(&self, c: &mut tera::Context, summary: &Summary) {
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
