//! Step 2: every resolved incident is reviewed. At or above `significant` a
//! missing review is an error; below it a warning unless a waiver says why.

use super::{Finding, Rule};
use crate::procedure::{Level, Step};
use crate::validate::Context;

pub const RULE: Rule = Rule {
    name: "missing-review",
    default: Level::Deny,
    step: Step::RecordOfEvidence,
    judges: super::INCIDENTS,
    enforces: "every resolved or closed confirmed or suspected incident has a review (or, below `significant`, a review_waiver)",
    check,
    needs_git: false,
};

fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    let threshold = &cx.policy.severities[cx.policy.significant];
    for incident in cx.incidents() {
        let origin = &incident.origin;
        let significant = cx.is_significant(incident);
        if significant && incident.review_waiver.is_some() {
            out.push(
                Finding::at_key(origin, "review_waiver", "waiver not allowed here", format!(
                    "{} is {}: a review_waiver applies only below `{threshold}`",
                    incident.id, incident.severity
                ))
                .help("significant incidents are always reviewed: remove the waiver and write the review"),
            );
        }
        if !incident.is_resolved() || !incident.is_real() {
            continue;
        }
        let held: Vec<_> = cx
            .reviews_of(incident)
            .filter(|r| r.date.date <= cx.today)
            .collect();
        if !held.is_empty()
            || cx.named_by_unread_review(incident)
            || (!significant && incident.review_waiver.is_some())
        {
            continue;
        }
        let scheduled = cx.reviews_of(incident).next();
        let message = match scheduled {
            Some(review) => format!(
                "{} is {} but its only review, {}, is dated after the as-of date {}",
                incident.id,
                incident.status.as_str(),
                review.id,
                cx.today
            ),
            None => format!(
                "{} is {} but no review covers it",
                incident.id,
                incident.status.as_str()
            ),
        };
        let mut finding = Finding::at_value(origin, "status", incident.status.as_str(), message);
        if significant {
            finding = finding.help(format!(
                "write a review with `incidents: [{}]` (severity {} is at or above `{threshold}`)",
                incident.id, incident.severity
            ));
        } else {
            finding.at_most_warning = true;
            finding = finding.help(format!(
                "write a review with `incidents: [{}]`, or add `review_waiver: <why no review is needed>` with `decided_by: <role>` and `decided: YYYY-MM-DD`",
                incident.id
            ));
        }
        out.push(finding);
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::testing::*;

    #[test]
    fn significant_unreviewed_incident_is_an_error() {
        let found = run_rule(
            "missing-review",
            &[("records/INC-1.md", INCIDENT.into())],
            None,
        );
        assert_eq!(found, vec![finding("error", "records/INC-1.md", 8, 9)]);
    }

    #[test]
    fn below_significant_is_a_warning_unless_waived() {
        let low = with(INCIDENT, "severity", "severity: low");
        let found = run_rule("missing-review", &[("records/INC-1.md", low.clone())], None);
        assert_eq!(found, vec![finding("warning", "records/INC-1.md", 8, 9)]);
        let waived = with(
            &low,
            "variety",
            "review_waiver: Blocked at the gateway, no user action",
        );
        assert!(run_rule("missing-review", &[("records/INC-1.md", waived)], None).is_empty());
    }

    #[test]
    fn waiver_on_a_significant_incident_is_refused() {
        let waived = with(INCIDENT, "variety", "review_waiver: not needed");
        let found = run_rule("missing-review", &[("records/INC-1.md", waived)], None);
        assert_eq!(found[0], finding("error", "records/INC-1.md", 7, 1));
    }

    #[test]
    fn reviewed_incident_passes_and_open_ones_need_none() {
        assert!(
            run_rule(
                "missing-review",
                &[
                    ("records/INC-1.md", INCIDENT.into()),
                    ("records/PIR-1.md", REVIEW.into())
                ],
                None
            )
            .is_empty()
        );
        let open = with(&with(INCIDENT, "status", "status: open"), "resolved", "");
        assert!(run_rule("missing-review", &[("records/INC-1.md", open)], None).is_empty());
    }
}
