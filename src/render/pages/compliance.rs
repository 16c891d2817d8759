//! The compliance page: the conformity statement, the ten steps with their
//! evidence and findings, and review coverage per incident.

use serde::Serialize;

use super::Pages;
use crate::diagnostics::Summary;
use crate::format::{count, percent};
use crate::metrics::counts;
use crate::procedure::Step;
use crate::render::view::{self, FindingView, IncidentRow};
use crate::validate::RULES;

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
        #[derive(Serialize)]
        struct StepRow {
            step: String,
            evidence: String,
            /// (rule, findings, what it enforces, why it did not run)
            rules: Vec<(&'static str, usize, &'static str, Option<&'static str>)>,
            findings: usize,
        }
        let book = self.analysis().book;
        let by_rule: std::collections::BTreeMap<&str, usize> =
            crate::metrics::findings_by_rule(self.diagnostics)
                .into_iter()
                .map(|f| (f.rule, f.count))
                .collect();
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
        let reviews = book.reviews.len();
        let all = &self.report.all;
        let evidence = |step: Step| match step {
            Step::Report => format!(
                "{} incident records, {} near misses; {} open or contained",
                book.incidents.len(),
                all.near_misses,
                open.len()
            ),
            Step::Team => format!("{reviews} reviews name their chair and participants"),
            Step::RootCause => "root causes and timelines on the review pages".into(),
            Step::RecordOfEvidence => format!(
                "{reviews} reviews; review coverage {}",
                percent(summary.review_coverage)
            ),
            Step::CorrectiveActions => format!(
                "{} actions; open at period end {}, overdue at period end {}",
                self.actions.len(),
                count(all.actions_open_at_end.map(|n| n as f64)),
                count(all.actions_overdue_at_end.map(|n| n as f64))
            ),
            Step::RiskRegister => format!("{} risks in the register", book.risks.len()),
            Step::Training => "training decisions on the review pages".into(),
            Step::TechnicalControls => format!(
                "{} control failures recorded",
                all.control_failures.values().sum::<usize>()
            ),
            Step::ManagementReport => "management reports on the review pages".into(),
            Step::FollowUp => format!(
                "{} follow-ups done, {} effective",
                all.follow_ups_done, all.follow_ups_effective
            ),
        };
        // The rules that needed git history and had none, as the page says
        // why (`check` prints the same with the local paths).
        let recorded = self.views.recorded;
        let skipped: std::collections::BTreeMap<&str, &'static str> =
            crate::validate::skipped(settings, recorded)
                .into_iter()
                .map(|(rule, _)| {
                    let why = recorded.page_reason().unwrap_or(
                        "the repository is a shallow clone, so first-commit dates would be wrong",
                    );
                    (rule, why)
                })
                .collect();
        let steps: Vec<StepRow> = Step::ALL
            .iter()
            .map(|&step| {
                let rules: Vec<_> = RULES
                    .iter()
                    .filter(|rule| rule.step == step)
                    .map(|rule| {
                        let found = by_rule.get(rule.name).copied().unwrap_or(0);
                        let why = skipped.get(rule.name).copied();
                        (rule.name, found, rule.enforces, why)
                    })
                    .collect();
                StepRow {
                    step: format!("{}. {}", step.number(), step.title()),
                    evidence: evidence(step),
                    findings: rules.iter().map(|(_, n, _, _)| n).sum(),
                    rules,
                }
            })
            .collect();
        let open_steps = steps.iter().filter(|s| s.findings > 0).count();
        let findings: Vec<FindingView> = self.views.all_findings();
        let mut statement = if findings.is_empty() && !skipped.is_empty() {
            // Something was not checked: no claim about every step.
            format!(
                "No rule that ran reports a finding: {} of {} resolved incidents that needed a review were reviewed.",
                summary.reviewed, summary.needing_review
            )
        } else if findings.is_empty() {
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
                open_steps,
                summary.reviewed,
                summary.needing_review
            )
        };
        if !skipped.is_empty() {
            let names: Vec<String> = skipped
                .iter()
                .map(|(rule, why)| format!("{rule} ({why})"))
                .collect();
            statement.push_str(&format!(" Not checked: {}.", names.join("; ")));
        }
        c.insert("statement", &statement);
        c.insert("conforms", &findings.is_empty());
        c.insert("steps", &steps);
        c.insert("coverage", &coverage);
        c.insert("open_incidents", &open);
        c.insert("max_open_days", &max_open_days);
        c.insert("findings", &findings);
        c.insert("summary", summary);
    }
}
