//! Step 10: the corrective actions worked. A follow-up that saw the incident
//! recur, or a later incident with the same recurrence key after every
//! action of the earlier review was done, means they did not.

use super::{Finding, Rule};
use crate::diagnostics::Label;
use crate::recurrence;
use crate::validate::{Context, Level};

pub const RULE: Rule = Rule {
    name: "recurred-after-fix",
    default: Level::Warn,
    enforces: "no incident recurs (same recurrence key) after the earlier review's actions were all done",
    check,
};

fn check(cx: &Context) -> Vec<Finding> {
    let book = cx.book;
    let mut out = Vec::new();
    for review in cx.reviews() {
        if review.follow_up.as_ref().and_then(|f| f.recurred) == Some(true) {
            out.push(
                Finding::at_value(
                    &review.origin,
                    "follow_up.recurred",
                    "recurred",
                    format!(
                        "the follow-up audit of {} found the incident recurred",
                        review.id
                    ),
                )
                .help("reopen the analysis: the corrective actions did not remove the root cause"),
            );
        }
    }
    let keys = recurrence::keys(book, cx.review_lists());
    for found in recurrence::find(
        book,
        cx.review_lists(),
        &keys,
        cx.policy.recurrence_window_days,
    ) {
        let (Some(fixed_by), true) = (found.fixed_by, found.after_fix) else {
            continue;
        };
        let incident = &book.incidents[found.incident];
        let earlier = &book.reviews[fixed_by];
        out.push(
            Finding::at_value(&incident.origin, "detected", "detected after the fix", format!(
                "{} repeats `{}` after every action of {} was done",
                incident.id, found.key, earlier.id
            ))
            .label(Label::new(&earlier.origin.file, earlier.origin.span("actions"), "these actions were all done before"))
            .help("the earlier corrective actions did not work: say so in this incident's review and agree stronger ones"),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::testing::*;

    fn second_incident(detected: &str) -> String {
        with(
            &with(
                &with(
                    &with(INCIDENT, "id", "id: INC-2"),
                    "detected",
                    &format!("detected: {detected}"),
                ),
                "contained",
                "",
            ),
            "resolved",
            "",
        )
        .replace("status: closed", "status: open")
    }

    #[test]
    fn incident_after_all_actions_done_is_a_repeat_after_fix() {
        let done = with(
            REVIEW,
            "  - {id: ACT-1",
            "  - {id: ACT-1, title: Roll out FIDO2, owner: IT lead, due: 2026-03-31, controls: [\"5.17\"], type: technical, status: done, done: 2026-02-01}",
        );
        let files = [
            ("r/INC-1.md", INCIDENT.to_string()),
            ("r/PIR-1.md", done.clone()),
            ("r/INC-2.md", second_incident("2026-03-01 10:00")),
        ];
        assert_eq!(
            run_rule_on("recurred-after-fix", &files, "2026-04-01"),
            vec![finding("warning", "r/INC-2.md", 9, 11)]
        );
        // Detected before the fix was done: a recurrence, not a repeat after fix.
        let files = [
            ("r/INC-1.md", INCIDENT.to_string()),
            ("r/PIR-1.md", done),
            ("r/INC-2.md", second_incident("2026-01-20 10:00")),
        ];
        assert!(run_rule_on("recurred-after-fix", &files, "2026-04-01").is_empty());
    }

    #[test]
    fn follow_up_that_saw_a_recurrence_is_reported() {
        let review = with(
            REVIEW,
            "follow_up",
            "follow_up: {due: 2026-07-10, done: 2026-07-09, effective: false, recurred: true}",
        );
        let found = run_rule_on(
            "recurred-after-fix",
            &[("r/INC-1.md", INCIDENT.into()), ("r/PIR-1.md", review)],
            "2026-08-01",
        );
        assert_eq!(found, vec![finding("warning", "r/PIR-1.md", 30, 76)]);
    }
}
