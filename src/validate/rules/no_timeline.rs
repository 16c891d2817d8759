//! Step 4: significant incidents are reconstructed as a timeline.

use super::{Finding, Rule};
use crate::procedure::{Level, Step};
use crate::validate::Context;

pub const RULE: Rule = Rule {
    name: "no-timeline",
    default: Level::Deny,
    step: Step::RootCause,
    judges: super::REVIEWS,
    enforces: "reviews of significant incidents hold a timeline of two or more entries",
    check,
    needs_git: false,
};

fn check(cx: &Context) -> Vec<Finding> {
    cx.reviews()
        .filter(|review| cx.review_is_significant(review))
        .filter_map(|review| {
            let entries = review.timeline.as_ref().map_or(0, Vec::len);
            (entries < 2).then(|| {
                Finding::at_key(&review.origin, "timeline", format!("{entries} entries"), format!(
                    "review {} covers a significant incident but its timeline has {entries} entr{}",
                    review.id,
                    if entries == 1 { "y" } else { "ies" }
                ))
                .help("add `timeline:` with `- {at: YYYY-MM-DD HH:MM, event: ...}` from detection to recovery")
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::testing::*;

    #[test]
    fn significant_review_needs_two_entries() {
        let review = with(REVIEW, "  - {at: 2026-01-05 12:00", "");
        let found = run_rule(
            "no-timeline",
            &[
                ("r/INC-1.md", INCIDENT.into()),
                ("r/PIR-1.md", review.clone()),
            ],
            None,
        );
        assert_eq!(found, vec![finding("error", "r/PIR-1.md", 12, 1)]);
        let low = with(INCIDENT, "severity", "severity: low");
        assert!(
            run_rule(
                "no-timeline",
                &[("r/INC-1.md", low), ("r/PIR-1.md", review)],
                None
            )
            .is_empty()
        );
        assert!(
            run_rule(
                "no-timeline",
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
