//! The 5.27 procedure as checked: for each of its ten steps, the rules that
//! check it (and, for those that did not run, why), the records they judged
//! and how many of those have no finding, the findings, and a line of
//! evidence from the metrics; and the one conformity statement that the
//! compliance page and the board pack both print. Built once per output
//! from the diagnostics `check` produced; it never claims a step that no
//! rule checked.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Serialize;

use crate::check::Checked;
use crate::diagnostics::{Diagnostic, Severity, Summary};
use crate::format::{count, percent};
use crate::metrics::{Analysis, Metrics};
use crate::procedure::{Level, Step};
use crate::provenance::Recorded;
use crate::records::{Book, Kind};
use crate::validate::RULES;

/// One rule as it was applied.
#[derive(Clone, Debug, Serialize)]
pub struct RuleCheck {
    pub name: &'static str,
    /// What it enforces, as docs/rules.md says it.
    pub enforces: &'static str,
    pub level: Level,
    pub findings: usize,
    /// Of the findings, those reported as errors.
    pub errors: usize,
    /// Why it did not run, if it did not: set to allow, or no usable git
    /// history (said without local paths, as pages must).
    pub not_run: Option<String>,
}

/// The records of one kind that a step's rules judged.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Judged {
    /// "incidents" or "reviews".
    pub kind: &'static str,
    /// Records of the kind read without a format error (rules judge only
    /// those).
    pub checked: usize,
    /// Of those, the records no finding of the step's rules points into.
    pub without_finding: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct StepCheck {
    pub number: u8,
    pub title: &'static str,
    pub rules: Vec<RuleCheck>,
    /// Empty when no rule of the step ran.
    pub judged: Vec<Judged>,
    pub findings: usize,
    pub errors: usize,
    pub warnings: usize,
    /// What the records show for the step, from the metrics.
    pub evidence: String,
}

impl StepCheck {
    /// Whether any rule of the step ran.
    pub fn checked(&self) -> bool {
        self.rules.iter().any(|r| r.not_run.is_none())
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Conformity {
    pub steps: Vec<StepCheck>,
    pub rules_run: usize,
    pub rules_total: usize,
    /// Findings of the rules (not format errors), by level.
    pub errors: usize,
    pub warnings: usize,
    /// Format errors: no step's, but they stop `build`.
    pub format_errors: usize,
    /// One sentence per rule that did not run, with its step and why.
    pub not_checked: Vec<String>,
    /// What was verified, in full: the statement both outputs print.
    pub statement: String,
}

impl Conformity {
    /// The assessment of what `check` found.
    pub fn of_checked(analysis: &Analysis, checked: &Checked) -> Conformity {
        Conformity::assess(
            analysis,
            &analysis.metrics(crate::period::Period::ALL),
            &checked.diagnostics,
            &checked.summary,
            &checked.recorded,
        )
    }

    /// The assessment of `diagnostics` without git history (tests).
    #[cfg(test)]
    pub fn without_history(analysis: &Analysis, diagnostics: &[Diagnostic]) -> Conformity {
        let recorded = Recorded::default();
        let summary = crate::check::summarise(analysis.book, diagnostics, analysis, &recorded);
        let all = analysis.metrics(crate::period::Period::ALL);
        Conformity::assess(analysis, &all, diagnostics, &summary, &recorded)
    }

    /// `all` is the whole history's metrics (`Report::all`).
    pub fn assess(
        analysis: &Analysis,
        all: &Metrics,
        diagnostics: &[Diagnostic],
        summary: &Summary,
        recorded: &Recorded,
    ) -> Conformity {
        let book = analysis.book;
        let settings = analysis.settings;
        let no_history = crate::validate::skipped(settings, recorded);
        let history_reason = recorded.rules_unusable_for_pages();
        let kinds: BTreeMap<&Path, Kind> = book
            .ids
            .iter()
            .map(|id| (id.file.path.as_path(), id.kind))
            .collect();
        let clean = clean_records(book);
        let evidence = Evidence::of(analysis, all, summary);

        let mut format_errors = 0;
        // Per rule: its findings by level, and the record files they point into.
        let mut found: BTreeMap<&str, (usize, usize, BTreeSet<&Path>)> = BTreeMap::new();
        for d in diagnostics {
            if !RULES.iter().any(|rule| rule.name == d.rule) {
                format_errors += usize::from(d.severity == Severity::Error);
                continue;
            }
            let entry = found.entry(d.rule).or_default();
            match d.severity {
                Severity::Error => entry.0 += 1,
                Severity::Warning => entry.1 += 1,
            }
            entry.2.insert(d.primary.file.path.as_path());
        }

        let steps: Vec<StepCheck> = Step::ALL
            .iter()
            .map(|&step| {
                let of_step: Vec<_> = RULES.iter().filter(|rule| rule.step == step).collect();
                let rules: Vec<RuleCheck> = of_step
                    .iter()
                    .map(|rule| {
                        let level = settings.level(rule.name);
                        let not_run = if level == Level::Allow {
                            Some("set to allow in book.toml".to_string())
                        } else if no_history.iter().any(|(name, _)| *name == rule.name) {
                            Some(history_reason.unwrap_or("no git history").to_string())
                        } else {
                            None
                        };
                        let (errors, warnings) =
                            found.get(rule.name).map_or((0, 0), |(e, w, _)| (*e, *w));
                        RuleCheck {
                            name: rule.name,
                            enforces: rule.enforces,
                            level,
                            findings: errors + warnings,
                            errors,
                            not_run,
                        }
                    })
                    .collect();
                let ran: Vec<_> = of_step
                    .iter()
                    .zip(&rules)
                    .filter(|(_, check)| check.not_run.is_none())
                    .map(|(rule, _)| *rule)
                    .collect();
                let judged = [(Kind::Incident, "incidents"), (Kind::Review, "reviews")]
                    .into_iter()
                    .filter(|(kind, _)| ran.iter().any(|rule| rule.judges.contains(kind)))
                    .map(|(kind, name)| {
                        let flagged: BTreeSet<&Path> = ran
                            .iter()
                            .filter_map(|rule| found.get(rule.name))
                            .flat_map(|(_, _, files)| files.iter().copied())
                            .filter(|path| kinds.get(path) == Some(&kind))
                            .collect();
                        let checked = clean.get(&kind).copied().unwrap_or(0);
                        Judged {
                            kind: name,
                            checked,
                            without_finding: checked.saturating_sub(flagged.len()),
                        }
                    })
                    .collect();
                let (errors, warnings) = of_step
                    .iter()
                    .filter_map(|rule| found.get(rule.name))
                    .fold((0, 0), |(e, w), (re, rw, _)| (e + re, w + rw));
                StepCheck {
                    number: step.number(),
                    title: step.title(),
                    rules,
                    judged,
                    findings: errors + warnings,
                    errors,
                    warnings,
                    evidence: evidence.line(step),
                }
            })
            .collect();

        let not_checked: Vec<String> = steps
            .iter()
            .flat_map(|step| {
                step.rules.iter().filter_map(move |rule| {
                    let why = rule.not_run.as_ref()?;
                    Some(format!("step {}, {} ({why})", step.number, rule.name))
                })
            })
            .collect();
        let rules_total = RULES.len();
        let rules_run = rules_total - not_checked.len();
        let errors = steps.iter().map(|s| s.errors).sum();
        let warnings = steps.iter().map(|s| s.warnings).sum();
        let mut conformity = Conformity {
            steps,
            rules_run,
            rules_total,
            errors,
            warnings,
            format_errors,
            not_checked,
            statement: String::new(),
        };
        conformity.statement = conformity.state(summary);
        conformity
    }

    pub fn findings(&self) -> usize {
        self.errors + self.warnings
    }

    /// Every rule ran and none found anything.
    pub fn conforms(&self) -> bool {
        self.findings() == 0 && self.format_errors == 0 && self.not_checked.is_empty()
    }

    fn state(&self, summary: &Summary) -> String {
        let reviewed = format!(
            "{} of {} resolved incidents that needed a review were reviewed",
            summary.reviewed, summary.needing_review
        );
        let findings = self.findings();
        let mut text = if self.conforms() {
            format!(
                "The records evidence every step of the 5.27 procedure: all {} rules ran and none reports a finding; {reviewed}.",
                self.rules_total
            )
        } else if findings == 0 {
            format!(
                "No rule that ran reports a finding ({} of {} rules ran); {reviewed}.",
                self.rules_run, self.rules_total
            )
        } else {
            let steps = self.steps.iter().filter(|s| s.findings > 0).count();
            format!(
                "The rules that ran ({} of {}) report {findings} open finding{} ({} error{}, {} warning{}) in {steps} of the 10 steps; {reviewed}.",
                self.rules_run,
                self.rules_total,
                plural(findings),
                self.errors,
                plural(self.errors),
                self.warnings,
                plural(self.warnings),
            )
        };
        if self.format_errors > 0 {
            text.push_str(&format!(
                " {} format error{} stop the build.",
                self.format_errors,
                plural(self.format_errors)
            ));
        }
        let unchecked: Vec<String> = self
            .steps
            .iter()
            .filter(|s| !s.checked())
            .map(|s| format!("{} ({})", s.number, s.title))
            .collect();
        if !self.not_checked.is_empty() {
            text.push_str(&format!(" Not checked: {}.", self.not_checked.join("; ")));
        }
        if !unchecked.is_empty() {
            text.push_str(&format!(
                " No rule checked step{} {}: the records are not evidence of {}.",
                plural(unchecked.len()),
                unchecked.join(", "),
                if unchecked.len() == 1 { "it" } else { "them" }
            ));
        }
        text
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Records of each kind read without a format error.
fn clean_records(book: &Book) -> BTreeMap<Kind, usize> {
    let mut clean = BTreeMap::new();
    let incidents = book.incidents.iter().filter(|i| i.origin.clean).count();
    let reviews = book.reviews.iter().filter(|r| r.origin.clean).count();
    clean.insert(Kind::Incident, incidents);
    clean.insert(Kind::Review, reviews);
    clean
}

/// The figures the steps' evidence lines quote.
struct Evidence<'a> {
    all: &'a Metrics,
    incidents: usize,
    reviews: usize,
    risks: usize,
    actions: usize,
    open: usize,
    review_coverage: Option<f64>,
}

impl Evidence<'_> {
    fn of<'a>(analysis: &Analysis, all: &'a Metrics, summary: &Summary) -> Evidence<'a> {
        let book = analysis.book;
        Evidence {
            all,
            incidents: book.incidents.len(),
            reviews: book.reviews.len(),
            risks: book.risks.len(),
            actions: book.reviews.iter().map(|r| r.actions().len()).sum(),
            open: book
                .incidents
                .iter()
                .filter(|i| i.days_open(analysis.as_of).is_some())
                .count(),
            review_coverage: summary.review_coverage,
        }
    }

    fn line(&self, step: Step) -> String {
        let all = self.all;
        match step {
            Step::Report => format!(
                "{} incident record{}, {} near miss{}; {} open or contained",
                self.incidents,
                plural(self.incidents),
                all.near_misses,
                if all.near_misses == 1 { "" } else { "es" },
                self.open
            ),
            Step::Team => format!("{} reviews name their chair and participants", self.reviews),
            Step::RootCause => "root causes and timelines on the review pages".into(),
            Step::RecordOfEvidence => format!(
                "{} reviews; review coverage {}",
                self.reviews,
                percent(self.review_coverage)
            ),
            Step::CorrectiveActions => format!(
                "{} actions; open at period end {}, overdue at period end {}",
                self.actions,
                count(all.actions_open_at_end.map(|n| n as f64)),
                count(all.actions_overdue_at_end.map(|n| n as f64))
            ),
            Step::RiskRegister => format!("{} risks in the register", self.risks),
            Step::Training => "training decisions on the review pages".into(),
            Step::TechnicalControls => {
                let failures = all.control_failures_recorded();
                format!("{failures} control failure{} recorded", plural(failures))
            }
            Step::ManagementReport => "management reports on the review pages".into(),
            Step::FollowUp => format!(
                "{} follow-ups done, {} effective",
                all.follow_ups_done, all.follow_ups_effective
            ),
        }
    }
}

#[cfg(test)]
mod tests;
