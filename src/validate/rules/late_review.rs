//! Step 2: the review is held soon after resolution, while memories and logs
//! are fresh (policy `review_within_days`).

use super::{Finding, Rule};
use crate::diagnostics::Label;
use crate::procedure::{Level, Step};
use crate::validate::Context;

pub const RULE: Rule = Rule {
    name: "late-review",
    default: Level::Warn,
    step: Step::RecordOfEvidence,
    judges: super::REVIEWS,
    enforces: "the first review is held within review_within_days of resolution",
    check,
    needs_git: false,
};

fn check(cx: &Context) -> Vec<Finding> {
    let limit = i64::from(cx.policy.review_within_days);
    let mut out = Vec::new();
    for incident in cx.incidents() {
        let (Some(resolved), Some(first)) = (incident.resolved, cx.reviews_of(incident).next())
        else {
            continue;
        };
        let days = (first.date.date - resolved.date).num_days();
        if days > limit {
            out.push(
                Finding::at_value(&first.origin, "date", format!("{days} days after resolution"), format!(
                    "review of {} was held {days} days after it was resolved; the policy allows {limit}",
                    incident.id
                ))
                .label(Label::new(&incident.origin.file, incident.origin.value_span("resolved"), "resolved here"))
                .help("hold reviews sooner, or change [policy] review_within_days if the procedure allows more"),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::testing::*;

    #[test]
    fn review_after_the_limit_is_reported_at_its_date() {
        let late = with(REVIEW, "date", "date: 2026-01-21");
        let found = run_rule(
            "late-review",
            &[("r/INC-1.md", INCIDENT.into()), ("r/PIR-1.md", late)],
            None,
        );
        assert_eq!(found, vec![finding("warning", "r/PIR-1.md", 5, 7)]);
    }

    #[test]
    fn review_on_the_last_day_passes() {
        let on_time = with(REVIEW, "date", "date: 2026-01-20");
        assert!(
            run_rule(
                "late-review",
                &[("r/INC-1.md", INCIDENT.into()), ("r/PIR-1.md", on_time)],
                None
            )
            .is_empty()
        );
    }
}
