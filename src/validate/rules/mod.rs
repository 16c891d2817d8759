//! The control 5.27 rules: one file each, with the clause it enforces, its
//! default level and its tests. Adding a rule: write the file, add it to
//! `RULES`, document it in docs/rules.md; the registry test checks the rest.

mod action_overdue;
mod excluded_control;
mod follow_up_overdue;
mod late_review;
mod missing_review;
mod narrow_review;
mod no_chair;
mod no_control_evaluation;
mod no_corrective_action;
mod no_follow_up;
mod no_timeline;
mod no_training_decision;
mod not_anonymised;
mod not_reported;
mod recorded_late;
mod recurred_after_fix;
mod risk_register_not_checked;
mod shallow_root_cause;
mod stale_incident;
mod unapproved_review;
mod undecided_exemption;
mod untreated_control_failure;

use std::ops::Range;

use super::Context;
use crate::diagnostics::{Diagnostic, Label, Severity};
use crate::procedure::{Level, Step};
use crate::records::{Kind, Origin};

pub struct Rule {
    pub name: &'static str,
    pub default: Level,
    /// The step of the 5.27 procedure the rule belongs to.
    pub step: Step,
    /// The kinds of record its findings are about (the file each finding's
    /// primary label points into): the compliance page counts, per step,
    /// the records of these kinds that have no finding. `validate` checks
    /// it in debug builds, so every rule's tests check it too.
    pub judges: &'static [Kind],
    /// What the rule enforces, as the docs and the compliance page say it.
    pub enforces: &'static str,
    pub check: fn(&Context) -> Vec<Finding>,
    /// Reads git history: skipped, and said so, when there is none.
    pub needs_git: bool,
}

pub const REVIEWS: &[Kind] = &[Kind::Review];
pub const INCIDENTS: &[Kind] = &[Kind::Incident];
pub const INCIDENTS_AND_REVIEWS: &[Kind] = &[Kind::Incident, Kind::Review];

/// Every rule, in the order of SPEC §3.
pub static RULES: &[Rule] = &[
    missing_review::RULE,
    late_review::RULE,
    narrow_review::RULE,
    no_chair::RULE,
    shallow_root_cause::RULE,
    no_timeline::RULE,
    no_control_evaluation::RULE,
    risk_register_not_checked::RULE,
    no_corrective_action::RULE,
    action_overdue::RULE,
    no_training_decision::RULE,
    no_follow_up::RULE,
    follow_up_overdue::RULE,
    recurred_after_fix::RULE,
    not_anonymised::RULE,
    not_reported::RULE,
    unapproved_review::RULE,
    undecided_exemption::RULE,
    untreated_control_failure::RULE,
    stale_incident::RULE,
    excluded_control::RULE,
    recorded_late::RULE,
];

/// What a rule found, before its level turns it into a diagnostic.
pub struct Finding {
    pub message: String,
    pub primary: Label,
    pub secondary: Vec<Label>,
    pub help: Option<String>,
    /// Reported as a warning even when the rule denies (missing-review below
    /// the significance threshold).
    pub at_most_warning: bool,
}

impl Finding {
    pub fn at(
        origin: &Origin,
        span: Range<usize>,
        label: impl Into<String>,
        message: impl Into<String>,
    ) -> Finding {
        Finding {
            message: message.into(),
            primary: Label::new(&origin.file, span, label),
            secondary: Vec::new(),
            help: None,
            at_most_warning: false,
        }
    }

    /// Points at the key of `path` (or the nearest part of it that exists).
    pub fn at_key(
        origin: &Origin,
        path: &str,
        label: impl Into<String>,
        message: impl Into<String>,
    ) -> Finding {
        Finding::at(origin, origin.span(path), label, message)
    }

    /// Points at the value of `path` (or the nearest part of it that exists).
    pub fn at_value(
        origin: &Origin,
        path: &str,
        label: impl Into<String>,
        message: impl Into<String>,
    ) -> Finding {
        Finding::at(origin, origin.value_span(path), label, message)
    }

    pub fn help(mut self, help: impl Into<String>) -> Finding {
        self.help = Some(help.into());
        self
    }

    pub fn label(mut self, label: Label) -> Finding {
        self.secondary.push(label);
        self
    }

    pub fn into_diagnostic(self, rule: &'static str, severity: Severity) -> Diagnostic {
        Diagnostic {
            rule,
            severity,
            message: self.message,
            primary: self.primary,
            secondary: self.secondary,
            help: self.help,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_names_are_unique_kebab_case_and_documented() {
        let docs = include_str!("../../../docs/rules.md");
        let mut names: Vec<&str> = RULES.iter().map(|r| r.name).collect();
        for rule in RULES {
            assert!(
                rule.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                rule.name
            );
            assert!(!rule.enforces.is_empty());
            // The docs state the level and the step the Rule value holds.
            let heading = format!("### `{}`", rule.name);
            let section = docs
                .split_once(&heading)
                .unwrap_or_else(|| panic!("docs/rules.md lacks {}", rule.name))
                .1;
            let level = match rule.default {
                Level::Deny => "deny",
                Level::Warn => "warn",
                Level::Allow => "allow",
            };
            let expected = format!(
                "Default **{level}**. Step {} ({}).",
                rule.step.number(),
                rule.step.title()
            );
            assert!(
                section.trim_start().starts_with(&expected),
                "docs/rules.md `{}` should start with: {expected}",
                rule.name
            );
        }
        names.sort();
        names.dedup();
        assert_eq!(names.len(), 22);
    }
}
