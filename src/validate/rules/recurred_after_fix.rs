//! Step 10: the corrective actions worked. A follow-up that saw the incident
//! recur, or a later incident of the same type (a recurrence) or with the
//! same control failing again (a repeat control failure) after every action
//! of the earlier review was done, means they did not.

use super::{Finding, Rule};
use crate::diagnostics::Label;
use crate::procedure::{Level, Step};
use crate::recurrence;
use crate::validate::Context;

pub const RULE: Rule = Rule {
    name: "recurred-after-fix",
    default: Level::Warn,
    step: Step::FollowUp,
    judges: super::INCIDENTS_AND_REVIEWS,
    enforces: "no incident recurs (same incident type, or the same control failing again) after the earlier review's actions were all done",
    check,
    needs_git: false,
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
    let window = cx.policy.recurrence_window_days;
    let after_fix = |keys: &[std::collections::BTreeSet<String>]| {
        recurrence::find(book, cx.review_lists(), keys, window)
            .into_iter()
            .filter(|found| found.after_fix && found.fixed_by.is_some())
            .collect::<Vec<_>>()
    };
    // One finding per incident: the same incident type first, else the
    // repeated control failure.
    let mut by_incident = std::collections::BTreeMap::new();
    for found in after_fix(&recurrence::control_keys(book, cx.review_lists()))
        .into_iter()
        .chain(after_fix(&recurrence::type_keys(book)))
    {
        by_incident.insert(found.incident, found);
    }
    for found in by_incident.into_values() {
        let Some(fixed_by) = found.fixed_by else {
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

    /// INC-2 of another type (error/misdelivery), reviewed in PIR-2.
    fn other_type_with_review(outcome: &str) -> [(&'static str, String); 2] {
        let incident = second_incident("2026-03-01 10:00")
            .replace("category: social", "category: error")
            .replace("variety: phishing", "variety: misdelivery");
        let review = REVIEW
            .replace("id: PIR-1", "id: PIR-2")
            .replace("incidents: [INC-1]", "incidents: [INC-2]")
            .replace("date: 2026-01-12", "date: 2026-03-10")
            .replace(
                "{id: \"5.17\", outcome: failed}",
                &format!("{{id: \"5.17\", outcome: {outcome}}}"),
            )
            .replace("ACT-1", "ACT-2");
        [("r/INC-2.md", incident), ("r/PIR-2.md", review)]
    }

    #[test]
    fn a_repeat_control_failure_after_the_fix_is_reported_too() {
        let done = with(
            REVIEW,
            "  - {id: ACT-1",
            "  - {id: ACT-1, title: Roll out FIDO2, owner: IT lead, due: 2026-03-31, controls: [\"5.17\"], type: technical, status: done, done: 2026-02-01}",
        );
        // Not the same incident type, but 5.17 failed again in INC-2.
        let [incident, review] = other_type_with_review("failed");
        let files = [
            ("r/INC-1.md", INCIDENT.to_string()),
            ("r/PIR-1.md", done.clone()),
            incident,
            review,
        ];
        let found = run_rule_on("recurred-after-fix", &files, "2026-04-01");
        assert_eq!(found, vec![finding("warning", "r/INC-2.md", 9, 11)]);
        let messages: Vec<String> = check(&files, None, "2026-04-01")
            .into_iter()
            .filter(|d| d.rule == "recurred-after-fix")
            .map(|d| d.message)
            .collect();
        assert_eq!(
            messages,
            ["INC-2 repeats `control:5.17` after every action of PIR-1 was done"]
        );
        // 5.17 effective in INC-2 and another type: neither kind matches.
        let [incident, review] = other_type_with_review("effective");
        let files = [
            ("r/INC-1.md", INCIDENT.to_string()),
            ("r/PIR-1.md", done),
            incident,
            review,
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
