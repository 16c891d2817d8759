//! Step 8: a control the review found failed, bypassed or missing is
//! improved, or the review says why not. Every such control is in the
//! `controls` of at least one of the review's actions (not cancelled), or
//! its evaluation carries `accepted: <reason>`. The rule belongs to step 8,
//! "evaluate and improve the technical controls", rather than to step 5:
//! it starts from the control evaluation (step 8's record, which
//! no-control-evaluation checks is there) and asks that each failure be
//! followed by an improvement, where step 5's rules judge the actions
//! themselves (an owner, a due date, done on time).

use super::{Finding, Rule};
use crate::procedure::{Level, Step};
use crate::validate::Context;

pub const RULE: Rule = Rule {
    name: "untreated-control-failure",
    default: Level::Deny,
    step: Step::TechnicalControls,
    judges: super::REVIEWS,
    enforces: "every control a review finds failed, bypassed or missing is in the controls of one of its actions, or `accepted` with a reason",
    check,
    needs_git: false,
};

fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for review in cx.reviews() {
        for (index, control) in review.controls().iter().enumerate() {
            if !control.outcome.is_failure()
                || control.accepted.is_some()
                || review.actions_treating(&control.id).next().is_some()
            {
                continue;
            }
            out.push(
                Finding::at_value(
                    &review.origin,
                    &format!("controls[{index}].id"),
                    format!("{} {}, no action", control.id, control.outcome.as_str()),
                    format!(
                        "review {} finds control {} {} but no action of it targets the control",
                        review.id,
                        control.id,
                        control.outcome.as_str()
                    ),
                )
                .help(format!(
                    "add \"{}\" to the `controls` of an action that improves it, or write `accepted: <why no action is taken>` in this evaluation",
                    control.id
                )),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::testing::*;

    /// PIR-1 finds 5.17 failed (line 24) and ACT-1 (line 27) treats it.
    fn run(review: String) -> Vec<At> {
        run_rule(
            "untreated-control-failure",
            &[("r/INC-1.md", INCIDENT.into()), ("r/PIR-1.md", review)],
            None,
        )
    }

    const ACTION: &str = "  - {id: ACT-1, title: Roll out FIDO2, owner: IT lead, due: 2026-03-31, controls: [\"5.17\"], type: technical, status: open}";

    #[test]
    fn failed_control_no_action_targets_is_reported_at_its_id() {
        let review = with(
            REVIEW,
            "  - {id: \"5.17\"",
            "  - {id: \"5.17\", outcome: failed}\n  - {id: \"8.16\", outcome: bypassed}",
        );
        // 8.16 on line 25; the action moves to line 28.
        assert_eq!(run(review), vec![finding("error", "r/PIR-1.md", 25, 10)]);
    }

    #[test]
    fn a_cancelled_action_treats_nothing() {
        let cancelled = ACTION.replace("status: open", "status: cancelled");
        let review = with(REVIEW, "  - {id: ACT-1", &cancelled);
        assert_eq!(run(review), vec![finding("error", "r/PIR-1.md", 24, 10)]);
    }

    #[test]
    fn an_action_or_an_accepted_reason_passes() {
        assert!(run(REVIEW.into()).is_empty());
        let accepted = with(
            REVIEW,
            "  - {id: \"5.17\"",
            "  - {id: \"5.17\", outcome: failed}\n  - {id: \"8.16\", outcome: missing, accepted: monitoring is replaced next quarter}",
        );
        assert!(run(accepted).is_empty());
        // An effective control needs no action.
        let effective = with(
            REVIEW,
            "  - {id: \"5.17\"",
            "  - {id: \"5.17\", outcome: failed}\n  - {id: \"8.16\", outcome: effective}",
        );
        assert!(run(effective).is_empty());
    }
}
