//! Step 9: the review can be shared: its author confirms personal data is
//! removed, and the body holds no e-mail address, phone number or IP.

use super::{Finding, Rule};
use crate::procedure::{Level, Step};
use crate::redact::find_personal_data;
use crate::validate::Context;

pub const RULE: Rule = Rule {
    name: "not-anonymised",
    default: Level::Warn,
    step: Step::RecordOfEvidence,
    judges: super::REVIEWS,
    enforces: "the review is marked anonymised and its body holds no e-mail address, phone number or IP address",
    check,
    needs_git: false,
};

/// More matches than this in one body are summed up in the last finding.
const MAX_MATCHES: usize = 5;

fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for review in cx.reviews() {
        let origin = &review.origin;
        if review.anonymised != Some(true) {
            out.push(
                Finding::at_key(
                    origin,
                    "anonymised",
                    "not confirmed",
                    format!("review {} is not marked anonymised", review.id),
                )
                .help(
                    "remove names and personal data from the write-up, then add `anonymised: true`",
                ),
            );
        }
        let matches = find_personal_data(origin.body_text());
        for (range, kind) in matches.iter().take(MAX_MATCHES) {
            let span = origin.body.start + range.start..origin.body.start + range.end;
            out.push(
                Finding::at(
                    origin,
                    span,
                    kind.describe(),
                    format!("review {} body holds {}", review.id, kind.describe()),
                )
                .help("replace it with a role or a placeholder such as [redacted]"),
            );
        }
        if matches.len() > MAX_MATCHES {
            let (range, _) = &matches[MAX_MATCHES];
            let span = origin.body.start + range.start..origin.body.start + range.end;
            out.push(Finding::at(
                origin,
                span,
                "and more",
                format!(
                    "review {} body holds {} more item(s) of personal data",
                    review.id,
                    matches.len() - MAX_MATCHES
                ),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::testing::*;

    #[test]
    fn personal_data_in_the_body_is_found_where_it_is() {
        let review = REVIEW.replace(
            "Body.\n",
            "Summary.\nThe user (j.doe@example.com) called from 203.0.113.9.\n",
        );
        let found = run_rule(
            "not-anonymised",
            &[("r/INC-1.md", INCIDENT.into()), ("r/PIR-1.md", review)],
            None,
        );
        assert_eq!(
            found,
            vec![
                finding("warning", "r/PIR-1.md", 35, 11),
                finding("warning", "r/PIR-1.md", 35, 42)
            ]
        );
    }

    /// (line, column, the text the label underlines, label, message) of
    /// every not-anonymised finding for a review body of `body`.
    fn body_findings(body: &str) -> Vec<(usize, usize, String, String, String)> {
        let review = REVIEW.replace("Body.\n", body);
        check(
            &[("r/INC-1.md", INCIDENT.into()), ("r/PIR-1.md", review)],
            None,
            "2026-02-01",
        )
        .into_iter()
        .filter(|d| d.rule == "not-anonymised")
        .map(|d| {
            let span = d.primary.span.clone().unwrap();
            let (line, col) = d.primary.line_col().unwrap();
            (
                line,
                col,
                d.primary.file.text[span].to_string(),
                d.primary.message,
                d.message,
            )
        })
        .collect()
    }

    /// Five matches are each reported at their text; from the sixth on, one
    /// more finding at the sixth sums up the rest. The body starts at line 34.
    #[test]
    fn past_five_matches_the_rest_are_summed_up_at_the_sixth() {
        let mails =
            |n: usize| -> String { (1..=n).map(|i| format!("u{i}@example.com\n")).collect() };
        let each = |i: usize| {
            (
                33 + i,
                1,
                format!("u{i}@example.com"),
                "an e-mail address".to_string(),
                "review PIR-1 body holds an e-mail address".to_string(),
            )
        };
        let five: Vec<_> = (1..=5).map(each).collect();
        assert_eq!(body_findings(&mails(5)), five);
        let mut seven = five.clone();
        seven.push((
            39,
            1,
            "u6@example.com".into(),
            "and more".into(),
            // u6 and u7: 7 − 5 = 2.
            "review PIR-1 body holds 2 more item(s) of personal data".into(),
        ));
        assert_eq!(body_findings(&mails(7)), seven);
    }

    #[test]
    fn unconfirmed_anonymisation_is_reported() {
        let review = with(REVIEW, "anonymised", "anonymised: false");
        let found = run_rule(
            "not-anonymised",
            &[("r/INC-1.md", INCIDENT.into()), ("r/PIR-1.md", review)],
            None,
        );
        assert_eq!(found, vec![finding("warning", "r/PIR-1.md", 31, 1)]);
        assert!(
            run_rule(
                "not-anonymised",
                &[
                    ("r/INC-1.md", INCIDENT.into()),
                    ("r/PIR-1.md", REVIEW.into())
                ],
                None
            )
            .is_empty()
        );
    }
}
