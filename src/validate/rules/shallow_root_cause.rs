//! Step 5: the root cause analysis goes deep enough to find a cause worth
//! fixing: `min_whys` whys, or a fishbone over at least two categories.

use super::{Finding, Rule};
use crate::procedure::{Level, Step};
use crate::records::Method;
use crate::validate::Context;

pub const RULE: Rule = Rule {
    name: "shallow-root-cause",
    default: Level::Warn,
    step: Step::RootCause,
    judges: super::REVIEWS,
    enforces: "five-whys has at least min_whys whys; fishbone has at least two categories",
    check,
    needs_git: false,
};

fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for review in cx.reviews() {
        let cause = &review.root_cause;
        match review.method {
            Method::FiveWhys => {
                let count = cause.whys.as_ref().map_or(0, Vec::len);
                if count < cx.policy.min_whys {
                    out.push(
                        Finding::at_key(&review.origin, "root_cause.whys", format!("{count} whys"), format!(
                            "five-whys analysis of {} stops after {count} why(s); the policy asks for {}",
                            review.id, cx.policy.min_whys
                        ))
                        .help("keep asking why until the answer is a cause the organisation can change"),
                    );
                }
            }
            Method::Fishbone => {
                let count = cause.fishbone.as_ref().map_or(0, Vec::len);
                if count < 2 {
                    out.push(
                        Finding::at_key(&review.origin, "root_cause.fishbone", format!("{count} categories"), format!(
                            "fishbone analysis of {} covers {count} categor{}; at least two are needed",
                            review.id,
                            if count == 1 { "y" } else { "ies" }
                        ))
                        .help("list causes under at least two of people, process, technology, supplier, environment"),
                    );
                }
            }
            Method::Other => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::testing::*;

    #[test]
    fn four_whys_are_shallow() {
        let review = with(REVIEW, "  whys", "  whys: [a, b, c, d]");
        let found = run_rule(
            "shallow-root-cause",
            &[("r/INC-1.md", INCIDENT.into()), ("r/PIR-1.md", review)],
            None,
        );
        assert_eq!(found, vec![finding("warning", "r/PIR-1.md", 19, 3)]);
        assert!(
            run_rule(
                "shallow-root-cause",
                &[
                    ("r/INC-1.md", INCIDENT.into()),
                    ("r/PIR-1.md", REVIEW.into())
                ],
                None
            )
            .is_empty()
        );
    }

    #[test]
    fn fishbone_needs_two_categories() {
        let one = with(
            &with(REVIEW, "method", "method: fishbone"),
            "  whys",
            "  fishbone: {people: [rushed approval]}",
        );
        let found = run_rule(
            "shallow-root-cause",
            &[("r/INC-1.md", INCIDENT.into()), ("r/PIR-1.md", one)],
            None,
        );
        assert_eq!(found, vec![finding("warning", "r/PIR-1.md", 19, 3)]);
        let two = with(
            &with(REVIEW, "method", "method: fishbone"),
            "  whys",
            "  fishbone: {people: [rushed], process: [no check]}",
        );
        assert!(
            run_rule(
                "shallow-root-cause",
                &[("r/INC-1.md", INCIDENT.into()), ("r/PIR-1.md", two)],
                None
            )
            .is_empty()
        );
    }
}
