//! Step 8: the Statement of Applicability and the reviews agree. A review
//! that finds a control failed, bypassed or missing, or an action that
//! targets a control, shows the control is in use; when the SoA excludes
//! it, either the SoA or the review is wrong. Step 8, "evaluate and improve
//! the technical controls", because it judges the control evaluation and
//! the controls the actions improve against the declared scope.

use super::{Finding, Rule};
use crate::procedure::{Level, Step};
use crate::validate::Context;

pub const RULE: Rule = Rule {
    name: "excluded-control",
    default: Level::Warn,
    step: Step::TechnicalControls,
    judges: super::REVIEWS,
    enforces: "no review finds failed, bypassed or missing, and no action targets, a control the Statement of Applicability excludes",
    check,
    needs_git: false,
};

const HELP: &str = "either the Statement of Applicability or the review is wrong";

fn check(cx: &Context) -> Vec<Finding> {
    let Some(soa) = cx.soa else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for review in cx.reviews() {
        for (index, control) in review.controls().iter().enumerate() {
            let Some(why) = soa.exclusion(&control.id) else {
                continue;
            };
            if !control.outcome.is_failure() {
                continue;
            }
            out.push(
                Finding::at_value(
                    &review.origin,
                    &format!("controls[{index}].id"),
                    format!("{} excluded by the SoA", control.id),
                    format!(
                        "review {} finds control {} {}, which the Statement of Applicability ({}) excludes: \"{why}\"",
                        review.id,
                        control.id,
                        control.outcome.as_str(),
                        soa.source
                    ),
                )
                .help(HELP),
            );
        }
        for (a, action) in review.actions().iter().enumerate() {
            for (k, id) in action.controls.iter().enumerate() {
                let Some(why) = soa.exclusion(id) else {
                    continue;
                };
                out.push(
                    Finding::at_value(
                        &review.origin,
                        &format!("actions[{a}].controls[{k}]"),
                        format!("{id} excluded by the SoA"),
                        format!(
                            "action {} of review {} targets control {id}, which the Statement of Applicability ({}) excludes: \"{why}\"",
                            action.id, review.id, soa.source
                        ),
                    )
                    .help(HELP),
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::testing::*;

    const SOA: &str = "[book]\ntitle = \"T\"\n[soa]\nexcluded = { \"5.17\" = \"identities are the parent company's\", \"7.5\" = \"no premises\" }\n";

    fn run(review: String, book_toml: &str) -> Vec<At> {
        run_rule(
            "excluded-control",
            &[("r/INC-1.md", INCIDENT.into()), ("r/PIR-1.md", review)],
            Some(book_toml),
        )
    }

    #[test]
    fn a_failed_excluded_control_and_an_action_on_it_are_reported_at_their_ids() {
        // PIR-1 finds 5.17 failed (line 24, column 10) and ACT-1 (line 27)
        // targets it: the quoted ID in its `controls` starts at column 84.
        assert_eq!(
            run(REVIEW.into(), SOA),
            vec![
                finding("warning", "r/PIR-1.md", 24, 10),
                finding("warning", "r/PIR-1.md", 27, 84),
            ]
        );
    }

    #[test]
    fn messages_name_the_justification() {
        let found: Vec<_> = check(
            &[
                ("r/INC-1.md", INCIDENT.to_string()),
                ("r/PIR-1.md", REVIEW.to_string()),
            ],
            Some(SOA),
            "2026-02-01",
        )
        .into_iter()
        .filter(|d| d.rule == "excluded-control")
        .collect();
        assert_eq!(
            found[0].message,
            "review PIR-1 finds control 5.17 failed, which the Statement of Applicability (book.toml) excludes: \"identities are the parent company's\""
        );
        assert_eq!(
            found[0].help.as_deref(),
            Some("either the Statement of Applicability or the review is wrong")
        );
    }

    #[test]
    fn applicable_controls_and_effective_exclusions_pass() {
        let other = "[book]\ntitle = \"T\"\n[soa]\nexcluded = { \"7.5\" = \"no premises\" }\n";
        assert!(run(REVIEW.into(), other).is_empty());
        // Without an SoA every control applies.
        assert!(run(REVIEW.into(), "[book]\ntitle = \"T\"\n").is_empty());
        // An excluded control found effective, with no action on it, is
        // no contradiction.
        let effective = with(
            REVIEW,
            "  - {id: \"5.17\"",
            "  - {id: \"5.17\", outcome: failed}\n  - {id: \"7.5\", outcome: effective}",
        );
        assert!(run(effective, other).is_empty());
    }
}
