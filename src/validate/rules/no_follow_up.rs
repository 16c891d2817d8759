//! Step 10: a follow-up audit, about six months after the review, checks
//! that the actions worked.

use chrono::{Duration, NaiveDate};

use super::{Finding, Rule};
use crate::procedure::{Level, Step};
use crate::validate::Context;

pub const RULE: Rule = Rule {
    name: "no-follow-up",
    default: Level::Deny,
    step: Step::FollowUp,
    judges: super::REVIEWS,
    enforces: "a follow-up audit is due follow_up_after_days (± follow_up_tolerance_days) after the review",
    check,
    needs_git: false,
};

fn check(cx: &Context) -> Vec<Finding> {
    let after = i64::from(cx.policy.follow_up_after_days);
    let tolerance = i64::from(cx.policy.follow_up_tolerance_days);
    let mut out = Vec::new();
    for review in cx.reviews() {
        let origin = &review.origin;
        let Some(follow_up) = &review.follow_up else {
            out.push(
                Finding::at_key(
                    origin,
                    "follow_up",
                    "no follow-up",
                    format!("review {} schedules no follow-up audit", review.id),
                )
                .help(format!(
                    "add `follow_up: {{due: {}}}`, about {after} days after the review",
                    shift(review.date.date, after)
                )),
            );
            continue;
        };
        let Some(due) = follow_up.due else { continue };
        let earliest = shift(review.date.date, after - tolerance);
        let latest = shift(review.date.date, after + tolerance);
        if due.date < earliest || due.date > latest {
            let days = (due.date - review.date.date).num_days();
            out.push(
                Finding::at_value(origin, "follow_up.due", format!("{days} days after the review"), format!(
                    "follow-up of {} is due {days} days after the review; the policy asks for {after} ± {tolerance}",
                    review.id
                ))
                .help(format!("set `due:` between {earliest} and {latest}")),
            );
        }
    }
    out
}

/// `day` moved by `days`, stopping at the first or last day there is (a
/// review dated +262142-12-31 or `follow_up_after_days = 4294967295` must
/// not panic; found by fuzzing).
fn shift(day: NaiveDate, days: i64) -> NaiveDate {
    day.checked_add_signed(Duration::days(days))
        .unwrap_or(if days < 0 {
            NaiveDate::MIN
        } else {
            NaiveDate::MAX
        })
}

#[cfg(test)]
mod tests {
    use crate::testing::*;

    #[test]
    fn follow_up_outside_the_window_is_reported() {
        let early = with(REVIEW, "follow_up", "follow_up: {due: 2026-06-10}");
        let found = run_rule(
            "no-follow-up",
            &[("r/INC-1.md", INCIDENT.into()), ("r/PIR-1.md", early)],
            None,
        );
        assert_eq!(found, vec![finding("error", "r/PIR-1.md", 30, 18)]);
        let edge = with(REVIEW, "follow_up", "follow_up: {due: 2026-06-11}");
        assert!(
            run_rule(
                "no-follow-up",
                &[("r/INC-1.md", INCIDENT.into()), ("r/PIR-1.md", edge)],
                None
            )
            .is_empty()
        );
        // The late edge: review 2026-01-12 + 180 + 30 days = 2026-08-10.
        let rule_on = |due: &str| {
            let review = with(REVIEW, "follow_up", &format!("follow_up: {{due: {due}}}"));
            run_rule(
                "no-follow-up",
                &[("r/INC-1.md", INCIDENT.into()), ("r/PIR-1.md", review)],
                None,
            )
        };
        assert!(rule_on("2026-08-10").is_empty());
        assert_eq!(
            rule_on("2026-08-11"),
            vec![finding("error", "r/PIR-1.md", 30, 18)]
        );
        let missing = with(REVIEW, "follow_up", "");
        let found = run_rule(
            "no-follow-up",
            &[("r/INC-1.md", INCIDENT.into()), ("r/PIR-1.md", missing)],
            None,
        );
        assert_eq!(found, vec![finding("error", "r/PIR-1.md", 1, 1)]);
    }
}
