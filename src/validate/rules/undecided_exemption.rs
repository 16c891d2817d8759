//! Step 4: an incident that gets no review has a decision on record instead.
//! A `review_waiver` (below `significant`), a near miss and a false positive
//! are each exempt from review and left out of review coverage, so the
//! Record of Evidence for them is the decision itself: who decided
//! (`decided_by`) and when (`decided`). The rule belongs to step 4, not to
//! step 1 where the nature is first recorded, because what it checks is the
//! evidence that stands in for a review: missing-review, which these
//! exemptions silence, is a step 4 rule too, and the compliance page shows
//! the exemption and its decision beside the reviews.

use super::{Finding, Rule};
use crate::procedure::{Level, Step};
use crate::records::{Incident, Nature};
use crate::validate::Context;

pub const RULE: Rule = Rule {
    name: "undecided-exemption",
    default: Level::Deny,
    step: Step::RecordOfEvidence,
    judges: super::INCIDENTS,
    enforces: "an incident exempt from review (review_waiver, near-miss, false-positive) records who decided it (decided_by) and when (decided)",
    check,
    needs_git: false,
};

/// The key whose value exempts the incident from review, if any. A waiver
/// counts only below `significant`: above it, missing-review refuses the
/// waiver itself.
fn exempting_key(cx: &Context, incident: &Incident) -> Option<&'static str> {
    if incident.review_waiver.is_some() && !cx.is_significant(incident) {
        Some("review_waiver")
    } else if matches!(incident.nature, Nature::NearMiss | Nature::FalsePositive) {
        Some("nature")
    } else {
        None
    }
}

fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for incident in cx.incidents() {
        let Some(key) = exempting_key(cx, incident) else {
            continue;
        };
        let mut missing = Vec::new();
        if incident.decided_by.is_none() {
            missing.push("decided_by");
        }
        if incident.decided.is_none() {
            missing.push("decided");
        }
        if missing.is_empty() {
            continue;
        }
        let (label, why) = match key {
            "review_waiver" => ("waived".to_string(), "a review_waiver".to_string()),
            _ => (
                incident.nature.as_str().to_string(),
                format!("nature {}", incident.nature.as_str()),
            ),
        };
        let keys: Vec<String> = missing.iter().map(|k| format!("`{k}`")).collect();
        let hints: Vec<&str> = missing
            .iter()
            .map(|&k| match k {
                "decided_by" => "`decided_by: <role>`",
                _ => "`decided: YYYY-MM-DD`",
            })
            .collect();
        out.push(
            Finding::at_value(
                &incident.origin,
                key,
                format!("{label}: no {}", missing.join(", no ")),
                format!(
                    "{} is exempt from review by {why} but records no {}",
                    incident.id,
                    keys.join(" and no ")
                ),
            )
            .help(format!(
                "add {}: who decided that no review is needed, and when",
                hints.join(" and ")
            )),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::testing::*;

    /// INC-1, low, with a waiver on line 12 (after `resolved`).
    fn waived(extra: &str) -> String {
        let low = with(INCIDENT, "severity", "severity: low");
        with(
            &low,
            "resolved",
            &format!("resolved: 2026-01-06\nreview_waiver: Blocked at the gateway{extra}"),
        )
    }

    #[test]
    fn waiver_without_a_decision_is_reported_at_the_waiver() {
        let found = run_rule("undecided-exemption", &[("r/INC-1.md", waived(""))], None);
        assert_eq!(found, vec![finding("error", "r/INC-1.md", 12, 16)]);
        let all = check(
            &[("r/INC-1.md", waived("\ndecided: 2026-01-07"))],
            None,
            "2026-02-01",
        );
        let d = all
            .iter()
            .find(|d| d.rule == "undecided-exemption")
            .expect("a finding");
        assert_eq!(
            d.message,
            "INC-1 is exempt from review by a review_waiver but records no `decided_by`"
        );
        assert_eq!(
            d.help.as_deref(),
            Some("add `decided_by: <role>`: who decided that no review is needed, and when")
        );
    }

    #[test]
    fn near_miss_and_false_positive_without_a_decision_are_reported_at_the_nature() {
        for nature in ["near-miss", "false-positive"] {
            let incident = with(
                INCIDENT,
                "variety",
                &format!("variety: phishing\nnature: {nature}"),
            );
            let found = run_rule("undecided-exemption", &[("r/INC-1.md", incident)], None);
            // `nature` is line 8 once inserted after `variety`.
            assert_eq!(
                found,
                vec![finding("error", "r/INC-1.md", 8, 9)],
                "{nature}"
            );
        }
    }

    #[test]
    fn a_decision_on_record_passes_and_reviewed_incidents_need_none() {
        let decided = waived("\ndecided_by: Head of Security\ndecided: 2026-01-07");
        assert!(run_rule("undecided-exemption", &[("r/INC-1.md", decided)], None).is_empty());
        assert!(
            run_rule(
                "undecided-exemption",
                &[
                    ("r/INC-1.md", INCIDENT.into()),
                    ("r/PIR-1.md", REVIEW.into())
                ],
                None
            )
            .is_empty()
        );
        // A waiver on a significant incident is missing-review's finding.
        let high_waiver = with(INCIDENT, "variety", "review_waiver: not needed");
        assert!(run_rule("undecided-exemption", &[("r/INC-1.md", high_waiver)], None).is_empty());
    }
}
