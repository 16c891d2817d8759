//! Step 3: someone chairs the review and answers for it.

use super::{Finding, Rule};
use crate::procedure::{Level, Step};
use crate::validate::Context;

pub const RULE: Rule = Rule {
    name: "no-chair",
    default: Level::Deny,
    step: Step::Team,
    judges: super::REVIEWS,
    enforces: "the review names its chair",
    check,
    needs_git: false,
};

fn check(cx: &Context) -> Vec<Finding> {
    cx.reviews()
        .filter(|review| {
            review
                .chair
                .as_deref()
                .is_none_or(|chair| chair.trim().is_empty())
        })
        .map(|review| {
            Finding::at_key(
                &review.origin,
                "chair",
                "no chair",
                format!("review {} names no chair", review.id),
            )
            .help("add `chair: <role>`, e.g. the lead auditor or the head of security")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::testing::*;

    #[test]
    fn missing_chair_points_at_the_front_matter() {
        let review = with(REVIEW, "chair", "");
        let found = run_rule(
            "no-chair",
            &[("r/INC-1.md", INCIDENT.into()), ("r/PIR-1.md", review)],
            None,
        );
        assert_eq!(found, vec![finding("error", "r/PIR-1.md", 1, 1)]);
        let empty = with(REVIEW, "chair", "chair: \"\"");
        let found = run_rule(
            "no-chair",
            &[("r/INC-1.md", INCIDENT.into()), ("r/PIR-1.md", empty)],
            None,
        );
        assert_eq!(found, vec![finding("error", "r/PIR-1.md", 6, 1)]);
        assert!(
            run_rule(
                "no-chair",
                &[
                    ("r/INC-1.md", INCIDENT.into()),
                    ("r/PIR-1.md", REVIEW.into())
                ],
                None
            )
            .is_empty()
        );
    }
}
