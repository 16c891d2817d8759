//! Step 9: lessons from significant incidents reach senior management.

use super::{Finding, Rule};
use crate::procedure::{Level, Step};
use crate::validate::Context;

pub const RULE: Rule = Rule {
    name: "not-reported",
    default: Level::Warn,
    step: Step::ManagementReport,
    judges: super::REVIEWS,
    enforces: "reviews of significant incidents record when they went to management",
    check,
    needs_git: false,
};

fn check(cx: &Context) -> Vec<Finding> {
    cx.reviews()
        .filter(|review| review.management_report.is_none() && cx.review_is_significant(review))
        .map(|review| {
            Finding::at_key(
                &review.origin,
                "management_report",
                "not reported",
                format!(
                    "review {} covers a significant incident but records no report to management",
                    review.id
                ),
            )
            .help("add `management_report: {date: YYYY-MM-DD, to: <committee>}`")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::testing::*;

    #[test]
    fn significant_review_without_report_is_reported() {
        let review = with(REVIEW, "management_report", "");
        let found = run_rule(
            "not-reported",
            &[
                ("r/INC-1.md", INCIDENT.into()),
                ("r/PIR-1.md", review.clone()),
            ],
            None,
        );
        assert_eq!(found, vec![finding("warning", "r/PIR-1.md", 1, 1)]);
        let low = with(INCIDENT, "severity", "severity: low");
        assert!(
            run_rule(
                "not-reported",
                &[("r/INC-1.md", low), ("r/PIR-1.md", review)],
                None
            )
            .is_empty()
        );
    }
}
