//! Step 8: agreed actions get done; an open action past its due date (as of
//! the run's date) is chased.

use super::{Finding, Rule};
use crate::procedure::{Level, Step};
use crate::validate::Context;

pub const RULE: Rule = Rule {
    name: "action-overdue",
    default: Level::Warn,
    step: Step::CorrectiveActions,
    judges: super::REVIEWS,
    enforces: "no open or in-progress action is past its due date",
    check,
    needs_git: false,
};

fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for review in cx.reviews() {
        for (index, action) in review.actions().iter().enumerate() {
            let Some(due) = action.due else { continue };
            // The same test as every "overdue" figure and list.
            let state = crate::metrics::action_state_on(review, action, cx.today);
            if state == (crate::metrics::ActionState::Open { overdue: true }) {
                let days = (cx.today - due.date).num_days();
                out.push(
                    Finding::at_value(&review.origin, &format!("actions[{index}].due"), format!("{days} days overdue"), format!(
                        "action {} ({}) is {} and {days} days past its due date",
                        action.id,
                        action.owner.as_deref().unwrap_or("no owner"),
                        action.status.as_str()
                    ))
                    .help("finish it and set `status: done` with `done: <date>`, or agree a new due date"),
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
    fn open_action_past_due_is_reported_at_its_due_date() {
        let files = [
            ("r/INC-1.md", INCIDENT.to_string()),
            ("r/PIR-1.md", REVIEW.to_string()),
        ];
        assert!(run_rule_on("action-overdue", &files, "2026-03-31").is_empty());
        let found = run_rule_on("action-overdue", &files, "2026-04-01");
        assert_eq!(found, vec![finding("warning", "r/PIR-1.md", 27, 61)]);
        let done = with(
            REVIEW,
            "  - {id: ACT-1",
            "  - {id: ACT-1, title: Roll out FIDO2, owner: IT lead, due: 2026-03-31, controls: [\"5.17\"], type: technical, status: done, done: 2026-04-02}",
        );
        assert!(
            run_rule_on(
                "action-overdue",
                &[("r/INC-1.md", INCIDENT.into()), ("r/PIR-1.md", done)],
                "2026-05-01"
            )
            .is_empty()
        );
    }
}
