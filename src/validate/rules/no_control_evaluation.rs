//! Step 5: the review says which Annex A controls failed, were bypassed,
//! were missing, or worked.

use super::{Finding, Rule};
use crate::procedure::{Level, Step};
use crate::validate::Context;

pub const RULE: Rule = Rule {
    name: "no-control-evaluation",
    default: Level::Deny,
    step: Step::TechnicalControls,
    judges: super::REVIEWS,
    enforces: "the review evaluates at least one Annex A control",
    check,
    needs_git: false,
};

fn check(cx: &Context) -> Vec<Finding> {
    cx.reviews()
        .filter(|review| review.controls().is_empty())
        .map(|review| {
            Finding::at_key(&review.origin, "controls", "no control evaluated", format!(
                "review {} evaluates no Annex A control", review.id
            ))
            .help("add `controls: [{id: \"5.17\", outcome: failed}]`; outcomes are failed, bypassed, missing or effective")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::testing::*;

    #[test]
    fn empty_or_missing_controls_are_reported() {
        let empty = with(
            &with(REVIEW, "  - {id: \"5.17\"", ""),
            "controls:",
            "controls: []",
        );
        let found = run_rule(
            "no-control-evaluation",
            &[("r/INC-1.md", INCIDENT.into()), ("r/PIR-1.md", empty)],
            None,
        );
        assert_eq!(found, vec![finding("error", "r/PIR-1.md", 23, 1)]);
        assert!(
            run_rule(
                "no-control-evaluation",
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
