//! Step 1: the incident record is kept current. An incident still `open`
//! or `contained` more than `[policy] max_open_days` after it was detected,
//! as of the run's date, is either finished and not recorded so, or
//! lingering; either way it stays out of review coverage, which counts
//! resolved incidents only. The rule belongs to step 1 (report, categorise
//! and record) because what it judges is the incident record's own status,
//! before any review exists.

use super::{Finding, Rule};
use crate::diagnostics::Label;
use crate::procedure::{Level, Step};
use crate::validate::Context;

pub const RULE: Rule = Rule {
    name: "stale-incident",
    default: Level::Warn,
    step: Step::Report,
    judges: super::INCIDENTS,
    enforces: "no incident stays open or contained more than max_open_days after detection",
    check,
    needs_git: false,
};

fn check(cx: &Context) -> Vec<Finding> {
    let limit = i64::from(cx.policy.max_open_days);
    let mut out = Vec::new();
    for incident in cx.incidents() {
        let Some(days) = incident.days_open(cx.today) else {
            continue;
        };
        if days <= limit {
            continue;
        }
        let origin = &incident.origin;
        out.push(
            Finding::at_value(
                origin,
                "status",
                format!("{} for {days} days", incident.status.as_str()),
                format!(
                    "{} is still {} {days} days after it was detected; the policy allows {limit}",
                    incident.id,
                    incident.status.as_str()
                ),
            )
            .label(Label::new(
                &origin.file,
                origin.value_span("detected"),
                "detected here",
            ))
            .help("record where handling stands: set `status: resolved` and `resolved:` once recovery is complete, or change [policy] max_open_days if the procedure allows longer"),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::testing::*;

    /// INC-1 detected 2026-01-05 (line 9), left open (line 8).
    fn open(status: &str) -> Vec<(&'static str, String)> {
        let open = with(
            &with(INCIDENT, "status", &format!("status: {status}")),
            "resolved",
            "",
        );
        vec![("r/INC-1.md", open)]
    }

    #[test]
    fn open_or_contained_past_the_limit_is_reported_at_the_status() {
        // 2026-01-05 + 30 days = 2026-02-04: still allowed; a day later not.
        for status in ["open", "contained"] {
            assert!(run_rule_on("stale-incident", &open(status), "2026-02-04").is_empty());
            assert_eq!(
                run_rule_on("stale-incident", &open(status), "2026-02-05"),
                vec![finding("warning", "r/INC-1.md", 8, 9)],
                "{status}"
            );
        }
        let all = check(&open("contained"), None, "2026-02-05");
        let d = all.iter().find(|d| d.rule == "stale-incident").unwrap();
        assert_eq!(
            d.message,
            "INC-1 is still contained 31 days after it was detected; the policy allows 30"
        );
        assert_eq!(d.secondary[0].line_col(), Some((9, 11)));
    }

    #[test]
    fn max_open_days_sets_the_limit_and_resolved_incidents_pass() {
        let toml = "[book]\ntitle = \"T\"\n[policy]\nmax_open_days = 60\n";
        assert!(run_rule("stale-incident", &open("open"), Some(toml)).is_empty());
        let toml = "[book]\ntitle = \"T\"\n[policy]\nmax_open_days = 7\n";
        assert_eq!(
            run_rule("stale-incident", &open("open"), Some(toml)),
            vec![finding("warning", "r/INC-1.md", 8, 9)]
        );
        assert!(
            run_rule_on(
                "stale-incident",
                &[
                    ("r/INC-1.md", INCIDENT.into()),
                    ("r/PIR-1.md", REVIEW.into())
                ],
                "2026-12-01"
            )
            .is_empty()
        );
    }
}
