//! Step 10: the follow-up audit happens when it is due.

use super::{Finding, Rule};
use crate::procedure::{Level, Step};
use crate::validate::Context;

pub const RULE: Rule = Rule {
    name: "follow-up-overdue",
    default: Level::Warn,
    step: Step::FollowUp,
    judges: super::REVIEWS,
    enforces: "no follow-up audit is past its due date without a result",
    check,
    needs_git: false,
};

fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for review in cx.reviews() {
        let Some(follow_up) = &review.follow_up else {
            continue;
        };
        let Some(due) = follow_up.due else { continue };
        if follow_up.done.is_none() && due.date < cx.today {
            let days = (cx.today - due.date).num_days();
            out.push(
                Finding::at_value(&review.origin, "follow_up.due", format!("{days} days overdue"), format!(
                    "follow-up audit of {} was due {} and has no result", review.id, due.date
                ))
                .help("hold the audit and record `done:`, `effective:` and `recurred:` under follow_up"),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::testing::*;

    #[test]
    fn follow_up_past_due_without_result_is_reported() {
        let files = [
            ("r/INC-1.md", INCIDENT.to_string()),
            ("r/PIR-1.md", REVIEW.to_string()),
        ];
        assert!(run_rule_on("follow-up-overdue", &files, "2026-07-10").is_empty());
        assert_eq!(
            run_rule_on("follow-up-overdue", &files, "2026-07-11"),
            vec![finding("warning", "r/PIR-1.md", 30, 18)]
        );
        let done = with(
            REVIEW,
            "follow_up",
            "follow_up: {due: 2026-07-10, done: 2026-07-09, effective: true}",
        );
        assert!(
            run_rule_on(
                "follow-up-overdue",
                &[("r/INC-1.md", INCIDENT.into()), ("r/PIR-1.md", done)],
                "2026-08-01"
            )
            .is_empty()
        );
    }
}
