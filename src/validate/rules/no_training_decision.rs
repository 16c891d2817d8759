//! Step 7: the review decides on training: which modules for whom, or why
//! none is needed.

use super::{Finding, Rule};
use crate::procedure::{Level, Step};
use crate::records::Training;
use crate::validate::Context;

pub const RULE: Rule = Rule {
    name: "no-training-decision",
    default: Level::Deny,
    step: Step::Training,
    judges: super::REVIEWS,
    enforces: "training is decided: modules for audiences, or `none` with a reason",
    check,
    needs_git: false,
};

fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for review in cx.reviews() {
        let problem = match &review.training {
            None => Some("records no training decision"),
            Some(Training::Planned { modules, .. }) if modules.is_empty() => {
                Some("plans training but names no module")
            }
            Some(Training::None { reason }) if reason.trim().is_empty() => {
                Some("decides on no training but gives no reason")
            }
            Some(_) => None,
        };
        if let Some(problem) = problem {
            out.push(
                Finding::at_key(&review.origin, "training", "training", format!("review {} {problem}", review.id))
                    .help("write `training: {modules: [...], audiences: [...]}` or `training: {none: <reason>}`"),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::testing::*;

    #[test]
    fn training_needs_modules_or_a_reason() {
        for bad in ["training: {modules: []}", "training: {none: \"\"}"] {
            let review = with(REVIEW, "training", bad);
            let found = run_rule(
                "no-training-decision",
                &[("r/INC-1.md", INCIDENT.into()), ("r/PIR-1.md", review)],
                None,
            );
            assert_eq!(found, vec![finding("error", "r/PIR-1.md", 28, 1)], "{bad}");
        }
        let none = with(
            REVIEW,
            "training",
            "training: {none: \"Configuration fault, no user action involved\"}",
        );
        assert!(
            run_rule(
                "no-training-decision",
                &[("r/INC-1.md", INCIDENT.into()), ("r/PIR-1.md", none)],
                None
            )
            .is_empty()
        );
    }
}
