//! Step 6: the review checks the risk register: was this risk known, and
//! if not, was it added or an existing risk re-scored?

use super::{Finding, Rule};
use crate::procedure::{Level, Step};
use crate::validate::Context;

pub const RULE: Rule = Rule {
    name: "risk-register-not-checked",
    default: Level::Deny,
    step: Step::RiskRegister,
    judges: super::REVIEWS,
    enforces: "risk_register.previously_documented is stated; a risk not documented before leads to new_risks or updates",
    check,
    needs_git: false,
};

fn check(cx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    for review in cx.reviews() {
        let origin = &review.origin;
        let Some(register) = &review.risk_register else {
            out.push(
                Finding::at_key(
                    origin,
                    "risk_register",
                    "no risk_register",
                    format!("review {} does not record a risk register check", review.id),
                )
                .help("add `risk_register: {previously_documented: true, risks: [RISK-001]}`"),
            );
            continue;
        };
        match register.previously_documented {
            None => out.push(
                Finding::at_key(origin, "risk_register.previously_documented", "not stated", format!(
                    "review {} does not say whether the risk was already in the register", review.id
                ))
                .help("add `previously_documented: true` or `false` under risk_register"),
            ),
            Some(false) if register.new_risks.is_empty() && register.updates.is_empty() => out.push(
                Finding::at_value(origin, "risk_register.previously_documented", "unknown risk", format!(
                    "review {} found a risk that was not in the register but adds or updates none", review.id
                ))
                .help("list the risk added in `new_risks: [RISK-...]`, or the re-scored ones in `updates`"),
            ),
            Some(true) if register.risks.is_empty() && register.updates.is_empty() => out.push(
                Finding::at_value(origin, "risk_register.previously_documented", "which risk?", format!(
                    "review {} says the risk was documented but names no risk", review.id
                ))
                .help("name the register entries in `risks: [RISK-...]`"),
            ),
            Some(_) => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::testing::*;

    #[test]
    fn undocumented_risk_needs_new_risks_or_updates() {
        let review = with(
            &with(
                REVIEW,
                "  previously_documented",
                "  previously_documented: false",
            ),
            "  risks",
            "  risks: []",
        );
        let found = run_rule(
            "risk-register-not-checked",
            &[
                ("r/INC-1.md", INCIDENT.into()),
                ("r/PIR-1.md", review.clone()),
            ],
            None,
        );
        assert_eq!(found, vec![finding("error", "r/PIR-1.md", 21, 26)]);
        let added = with(&review, "  risks", "  new_risks: [RISK-9]");
        assert!(
            run_rule(
                "risk-register-not-checked",
                &[("r/INC-1.md", INCIDENT.into()), ("r/PIR-1.md", added)],
                None
            )
            .is_empty()
        );
    }

    /// Either list satisfies the register check: a re-scored risk alone
    /// names the risk (documented) or records the change (not documented).
    #[test]
    fn updates_alone_answer_the_register_check() {
        let rule = |documented: &str, risks_line: &str| {
            let review = with(
                &with(
                    REVIEW,
                    "  previously_documented",
                    &format!("  previously_documented: {documented}"),
                ),
                "  risks",
                risks_line,
            );
            run_rule(
                "risk-register-not-checked",
                &[("r/INC-1.md", INCIDENT.into()), ("r/PIR-1.md", review)],
                None,
            )
        };
        let updated = "  updates: [{risk: RISK-1, likelihood: [2, 3]}]";
        assert_eq!(rule("false", updated), vec![]);
        assert_eq!(rule("true", updated), vec![]);
        // Documented but naming no risk: at the value of line 21.
        assert_eq!(
            rule("true", "  risks: []"),
            vec![finding("error", "r/PIR-1.md", 21, 26)]
        );
    }

    #[test]
    fn unstated_or_missing_register_is_reported() {
        let unstated = with(REVIEW, "  previously_documented", "");
        let found = run_rule(
            "risk-register-not-checked",
            &[("r/INC-1.md", INCIDENT.into()), ("r/PIR-1.md", unstated)],
            None,
        );
        assert_eq!(found, vec![finding("error", "r/PIR-1.md", 20, 1)]);
    }
}
