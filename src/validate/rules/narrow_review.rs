//! Step 3: the review team is cross-functional; for high and critical
//! incidents every required function takes part.

use std::borrow::Cow;
use std::collections::BTreeSet;

use super::{Finding, Rule};
use crate::procedure::{Level, Step};
use crate::validate::Context;

pub const RULE: Rule = Rule {
    name: "narrow-review",
    default: Level::Deny,
    step: Step::Team,
    judges: super::REVIEWS,
    enforces: "at least min_functions distinct functions take part; all required_functions for high and above",
    check,
    needs_git: false,
};

/// A function's name as compared: trimmed, lower case; borrowed when it
/// already is (the rule runs on every review of the book at each check).
fn normal(function: &str) -> Cow<'_, str> {
    let trimmed = function.trim();
    if trimmed.chars().all(|c| c.to_lowercase().eq([c])) {
        Cow::Borrowed(trimmed)
    } else {
        Cow::Owned(trimmed.to_lowercase())
    }
}

fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    let required: Vec<(&str, Cow<str>)> = cx
        .policy
        .required_functions
        .iter()
        .map(|f| (f.as_str(), normal(f)))
        .collect();
    for review in cx.reviews() {
        let functions: BTreeSet<Cow<str>> = review
            .participants
            .iter()
            .map(|p| normal(&p.function))
            .collect();
        if functions.len() < cx.policy.min_functions {
            out.push(
                Finding::at_key(&review.origin, "participants", format!("{} function(s)", functions.len()), format!(
                    "review {} involves {} distinct function(s); the policy asks for at least {}",
                    review.id, functions.len(), cx.policy.min_functions
                ))
                .help("add participants from other functions (e.g. IT, Legal, HR, Operations)"),
            );
        }
        if cx.review_is_high(review) {
            let missing: Vec<&str> = required
                .iter()
                .filter(|(_, normal)| !functions.contains(normal))
                .map(|(written, _)| *written)
                .collect();
            if !missing.is_empty() {
                out.push(
                    Finding::at_key(
                        &review.origin,
                        "participants",
                        "missing functions",
                        format!(
                            "review {} covers a {} or higher incident but {} did not take part",
                            review.id,
                            cx.policy.severities[cx.policy.high],
                            missing.join(", ")
                        ),
                    )
                    .help(format!(
                        "add `- {{function: {}}}` to participants",
                        missing[0]
                    )),
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
    fn functions_compare_as_lowercase_text_does() {
        for name in [
            "it",
            " Legal ",
            "HR",
            "ǅx",
            "ΟΔΟΣ",
            "opérations",
            "Opérations",
        ] {
            assert_eq!(super::normal(name), name.trim().to_lowercase(), "{name}");
        }
    }

    #[test]
    fn high_incident_needs_every_required_function() {
        let review = with(REVIEW, "  - {function: HR}", "");
        let found = run_rule(
            "narrow-review",
            &[("r/INC-1.md", INCIDENT.into()), ("r/PIR-1.md", review)],
            None,
        );
        assert_eq!(found, vec![finding("error", "r/PIR-1.md", 7, 1)]);
    }

    #[test]
    fn one_function_is_too_narrow_even_for_medium() {
        let medium = with(INCIDENT, "severity", "severity: medium");
        let review = with(
            &with(
                &with(REVIEW, "  - {function: HR}", ""),
                "  - {function: Legal}",
                "",
            ),
            "  - {function: Operations}",
            "",
        );
        let found = run_rule(
            "narrow-review",
            &[("r/INC-1.md", medium.clone()), ("r/PIR-1.md", review)],
            None,
        );
        assert_eq!(found, vec![finding("error", "r/PIR-1.md", 7, 1)]);
        assert!(
            run_rule(
                "narrow-review",
                &[("r/INC-1.md", medium), ("r/PIR-1.md", REVIEW.into())],
                None
            )
            .is_empty()
        );
    }

    /// `min_functions` (2 by default) is the least that passes: IT and
    /// Legal are enough for a medium incident, and `it` counts as IT.
    #[test]
    fn exactly_min_functions_passes() {
        let medium = with(INCIDENT, "severity", "severity: medium");
        // IT (A. N. Other), Legal and `it`: two distinct functions.
        let two = with(
            &with(REVIEW, "  - {function: HR}", "  - {function: it}"),
            "  - {function: Operations}",
            "",
        );
        let files = [("r/INC-1.md", medium), ("r/PIR-1.md", two)];
        assert_eq!(run_rule("narrow-review", &files, None), vec![]);
        let one = with(&files[1].1, "  - {function: Legal}", "");
        let found: Vec<String> =
            check(&[files[0].clone(), ("r/PIR-1.md", one)], None, "2026-02-01")
                .into_iter()
                .filter(|d| d.rule == "narrow-review")
                .map(|d| d.message)
                .collect();
        assert_eq!(
            found,
            ["review PIR-1 involves 1 distinct function(s); the policy asks for at least 2"]
        );
    }
}
