//! Step 8: every lesson leads to a change someone owns, by a date, tied to
//! the controls it strengthens.

use super::{Finding, Rule};
use crate::procedure::{Level, Step};
use crate::validate::Context;

pub const RULE: Rule = Rule {
    name: "no-corrective-action",
    default: Level::Deny,
    step: Step::CorrectiveActions,
    judges: super::REVIEWS,
    enforces: "at least one corrective action, each with an owner, a due date and the controls it changes",
    check,
    needs_git: false,
};

fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for review in cx.reviews() {
        let origin = &review.origin;
        if review.actions().is_empty() {
            out.push(
                Finding::at_key(
                    origin,
                    "actions",
                    "no action",
                    format!("review {} agrees no corrective action", review.id),
                )
                .help("add `actions:` with id, title, owner, due, controls, type and status"),
            );
        }
        for (index, action) in review.actions().iter().enumerate() {
            let mut lacking = Vec::new();
            if action.owner.as_deref().is_none_or(|o| o.trim().is_empty()) {
                lacking.push("owner");
            }
            if action.due.is_none() {
                lacking.push("due");
            }
            if action.controls.is_empty() {
                lacking.push("controls");
            }
            if !lacking.is_empty() {
                out.push(
                    Finding::at_value(origin, &format!("actions[{index}]"), format!("no {}", lacking.join(", ")), format!(
                        "action {} has no {}", action.id, lacking.join(", no ")
                    ))
                    .help("every action names an owner (a role), a due date and the Annex A controls it strengthens"),
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::testing::*;

    #[test]
    fn action_without_owner_is_reported_at_the_action() {
        let review = with(
            REVIEW,
            "  - {id: ACT-1",
            "  - {id: ACT-1, title: Roll out FIDO2, due: 2026-03-31, controls: [], type: technical, status: open}",
        );
        let found = run_rule(
            "no-corrective-action",
            &[("r/INC-1.md", INCIDENT.into()), ("r/PIR-1.md", review)],
            None,
        );
        assert_eq!(found, vec![finding("error", "r/PIR-1.md", 27, 5)]);
        assert!(
            run_rule(
                "no-corrective-action",
                &[
                    ("r/INC-1.md", INCIDENT.into()),
                    ("r/PIR-1.md", REVIEW.into())
                ],
                None
            )
            .is_empty()
        );
    }

    #[test]
    fn review_without_actions_is_reported() {
        let review = with(&with(REVIEW, "  - {id: ACT-1", ""), "actions:", "");
        let found = run_rule(
            "no-corrective-action",
            &[("r/INC-1.md", INCIDENT.into()), ("r/PIR-1.md", review)],
            None,
        );
        assert_eq!(found, vec![finding("error", "r/PIR-1.md", 1, 1)]);
    }
}
