//! Step 4: a Record of Evidence is written when the review is held, not
//! the week before the audit with old dates typed in. Git knows when each
//! review file, and each follow-up result, first entered the history
//! (policy `record_within_days`).

use chrono::NaiveDate;

use super::{Finding, Rule};
use crate::git::{Commit, History};
use crate::procedure::{Level, Step};
use crate::validate::Context;

pub const RULE: Rule = Rule {
    name: "recorded-late",
    default: Level::Warn,
    step: Step::RecordOfEvidence,
    judges: super::REVIEWS,
    enforces: "a review, and its follow-up result, are first committed within record_within_days of their dates",
    check,
    needs_git: true,
};

fn check(cx: &Context) -> Vec<Finding> {
    let limit = i64::from(cx.policy.record_within_days);
    let late = |stated: NaiveDate, commit: &Commit| {
        let days = (commit.date - stated).num_days();
        (days > limit).then_some(days)
    };
    let mut out = Vec::new();
    for review in cx.reviews() {
        let path = review.origin.file.path();
        // Not yet committed: "not yet recorded", which is no finding.
        let Some(History::Committed(history)) = cx.recorded.file(path).map(|f| &f.history) else {
            continue;
        };
        let first = history.first();
        if let Some(days) = late(review.date.date, first) {
            out.push(
                Finding::at_value(
                    &review.origin,
                    "date",
                    format!("first committed {days} days later"),
                    format!(
                        "review {} is dated {} but was first committed on {} (commit {}), {days} days later; the policy allows {limit}",
                        review.id,
                        review.date.date,
                        first.date,
                        first.short_id()
                    ),
                )
                .help("commit a review when it is held; if this record was written up later, say why in its body, or change [policy] record_within_days"),
            );
        }
        let done = review.follow_up.as_ref().and_then(|f| f.done);
        if let (Some(done), Some(commit)) = (done, cx.recorded.follow_up_recorded(path))
            && let Some(days) = late(done.date, commit)
        {
            out.push(
                Finding::at_value(
                    &review.origin,
                    "follow_up.done",
                    format!("first committed {days} days later"),
                    format!(
                        "the follow-up result of {} is dated {} but was first committed on {} (commit {}), {days} days later; the policy allows {limit}",
                        review.id,
                        done.date,
                        commit.date,
                        commit.short_id()
                    ),
                )
                .help("commit the follow-up audit's result when it is known, or change [policy] record_within_days"),
            );
        }
    }
    out
}
