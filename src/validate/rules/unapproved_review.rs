//! Step 4: the Record of Evidence is signed off. A review of a significant
//! incident records who approved it and when; below `significant` a missing
//! sign-off is at most a warning. An approval dated before the review was
//! held approves something that did not exist yet.

use super::{Finding, Rule};
use crate::diagnostics::Label;
use crate::procedure::{Level, Step};
use crate::validate::Context;

pub const RULE: Rule = Rule {
    name: "unapproved-review",
    default: Level::Deny,
    step: Step::RecordOfEvidence,
    judges: super::REVIEWS,
    enforces: "every review records its approval (by, date), on or after the review date; below `significant` at most a warning",
    check,
    needs_git: false,
};

fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for review in cx.reviews() {
        let origin = &review.origin;
        let significant = cx.review_is_significant(review);
        let mut finding = match &review.approval {
            None => Finding::at_key(
                origin,
                "approval",
                "not approved",
                format!("review {} records no approval", review.id),
            )
            .help(if significant {
                "add `approval: {by: <role>, date: YYYY-MM-DD}`: a review of a significant incident is signed off before it counts as the Record of Evidence"
            } else {
                "add `approval: {by: <role>, date: YYYY-MM-DD}` once the review is signed off"
            }),
            Some(approval) if review.date.is_after(&approval.date) => {
                let days = (review.date.date - approval.date.date).num_days();
                let before = match days {
                    0 => "before the review".to_string(),
                    1 => "1 day before the review".to_string(),
                    _ => format!("{days} days before the review"),
                };
                Finding::at_value(
                    origin,
                    "approval.date",
                    before,
                    format!(
                        "review {} is approved on {} but was held on {}",
                        review.id, approval.date.date, review.date.date
                    ),
                )
                .label(Label::new(
                    &origin.file,
                    origin.value_span("date"),
                    "held here",
                ))
                .help("an approval is given on or after the day the review is held: correct `approval.date` or `date`")
            }
            Some(_) => continue,
        };
        finding.at_most_warning = !significant;
        out.push(finding);
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::testing::*;

    fn files(review: String, incident: String) -> Vec<(&'static str, String)> {
        vec![("r/INC-1.md", incident), ("r/PIR-1.md", review)]
    }

    #[test]
    fn significant_review_without_approval_is_an_error() {
        let review = with(REVIEW, "approval", "");
        let found = run_rule("unapproved-review", &files(review, INCIDENT.into()), None);
        assert_eq!(found, vec![finding("error", "r/PIR-1.md", 1, 1)]);
    }

    #[test]
    fn below_significant_it_is_a_warning_even_at_deny() {
        let review = with(REVIEW, "approval", "");
        let low = with(INCIDENT, "severity", "severity: low");
        let toml = "[book]\ntitle = \"T\"\n[rules]\nunapproved-review = \"deny\"\n";
        let found = run_rule("unapproved-review", &files(review, low), Some(toml));
        assert_eq!(found, vec![finding("warning", "r/PIR-1.md", 1, 1)]);
    }

    #[test]
    fn approval_before_the_review_is_reported_at_the_approval_date() {
        // Held 2026-01-12 (line 5); approved the day before.
        let early = with(
            REVIEW,
            "approval",
            "approval: {by: CISO, role: Chief Information Security Officer, date: 2026-01-11}",
        );
        let found = run_rule("unapproved-review", &files(early, INCIDENT.into()), None);
        assert_eq!(found, vec![finding("error", "r/PIR-1.md", 32, 70)]);
        let all = check(
            &files(
                with(REVIEW, "approval", "approval: {by: CISO, date: 2026-01-11}"),
                INCIDENT.into(),
            ),
            None,
            "2026-02-01",
        );
        let d = all
            .iter()
            .find(|d| d.rule == "unapproved-review")
            .expect("a finding");
        assert_eq!(
            d.message,
            "review PIR-1 is approved on 2026-01-11 but was held on 2026-01-12"
        );
        assert_eq!(d.primary.message, "1 day before the review");
        assert_eq!(d.secondary[0].line_col(), Some((5, 7)));
    }

    #[test]
    fn approval_on_or_after_the_review_date_passes() {
        assert!(
            run_rule(
                "unapproved-review",
                &files(REVIEW.into(), INCIDENT.into()),
                None
            )
            .is_empty()
        );
        let same_day = with(REVIEW, "approval", "approval: {by: CISO, date: 2026-01-12}");
        assert!(run_rule("unapproved-review", &files(same_day, INCIDENT.into()), None).is_empty());
    }
}
