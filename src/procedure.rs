//! The organisation's 5.27 procedure as data: its ten steps, and the levels
//! a rule can be set to. Shared by `config` (which reads `[rules]`),
//! `validate` (whose rules each belong to one step) and the pages that are
//! organised by step; it depends on nothing.

use serde::Serialize;

/// How a rule's findings are reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// An error: `check` exits 1 and `build` stops.
    Deny,
    Warn,
    /// Not checked.
    Allow,
}

impl Level {
    pub const NAMES: &'static [&'static str] = &["deny", "warn", "allow"];

    pub fn parse(text: &str) -> Option<Level> {
        match text {
            "deny" => Some(Level::Deny),
            "warn" => Some(Level::Warn),
            "allow" => Some(Level::Allow),
            _ => None,
        }
    }
}

/// A step of the procedure, numbered as the procedure numbers them (SPEC §3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Step {
    Report = 1,
    Team = 2,
    RootCause = 3,
    RecordOfEvidence = 4,
    CorrectiveActions = 5,
    RiskRegister = 6,
    Training = 7,
    TechnicalControls = 8,
    ManagementReport = 9,
    FollowUp = 10,
}

impl Step {
    pub const ALL: [Step; 10] = [
        Step::Report,
        Step::Team,
        Step::RootCause,
        Step::RecordOfEvidence,
        Step::CorrectiveActions,
        Step::RiskRegister,
        Step::Training,
        Step::TechnicalControls,
        Step::ManagementReport,
        Step::FollowUp,
    ];

    pub fn number(self) -> u8 {
        self as u8
    }

    pub fn title(self) -> &'static str {
        match self {
            Step::Report => "Report, categorise and record the incident",
            Step::Team => "Convene a cross-functional review team",
            Step::RootCause => "Analyse the root cause",
            Step::RecordOfEvidence => "Keep the review as a Record of Evidence",
            Step::CorrectiveActions => "Agree and complete corrective actions",
            Step::RiskRegister => "Update the risk register",
            Step::Training => "Decide on awareness training",
            Step::TechnicalControls => "Evaluate and improve the technical controls",
            Step::ManagementReport => "Report to management",
            Step::FollowUp => "Follow-up audit about six months later",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_numbered_one_to_ten_in_order() {
        let numbers: Vec<u8> = Step::ALL.iter().map(|s| s.number()).collect();
        assert_eq!(numbers, (1..=10).collect::<Vec<u8>>());
        assert!(Step::ALL.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn levels_parse_their_names_only() {
        let parsed: Vec<Option<Level>> = Level::NAMES.iter().map(|n| Level::parse(n)).collect();
        assert_eq!(
            parsed,
            vec![Some(Level::Deny), Some(Level::Warn), Some(Level::Allow)]
        );
        assert_eq!(Level::parse("error"), None);
    }
}
