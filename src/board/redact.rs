//! Redaction for the board pack: personal data patterns (e-mail, phone,
//! IPv4, IPv6) and the book's `[board].redact` regexes are replaced in every
//! text the pack shows.

use std::collections::HashSet;

use regex::Regex;

use crate::records::{Action, Book, Review};
use crate::redact::find_personal_data;

pub const REDACTED: &str = "[redacted]";

pub struct Redactor<'a> {
    extra: &'a [Regex],
}

impl<'a> Redactor<'a> {
    pub fn new(extra: &'a [Regex]) -> Redactor<'a> {
        Redactor { extra }
    }

    pub fn clean(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for (range, _) in find_personal_data(text) {
            out.push_str(&text[at..range.start]);
            out.push_str(REDACTED);
            at = range.end;
        }
        out.push_str(&text[at..]);
        for pattern in self.extra {
            out = pattern.replace_all(&out, REDACTED).into_owned();
        }
        out
    }
}

/// What the pack may show of a review: nothing of its text when it covers
/// a restricted incident (its IDs, dates and counts only).
pub struct Shown<'a> {
    restricted: HashSet<&'a str>,
    redactor: &'a Redactor<'a>,
}

impl<'a> Shown<'a> {
    pub fn new(book: &'a Book, redactor: &'a Redactor<'a>) -> Shown<'a> {
        Shown {
            restricted: book
                .incidents
                .iter()
                .filter(|i| i.is_restricted())
                .map(|i| i.id.as_str())
                .collect(),
            redactor,
        }
    }

    /// Whether the review covers a restricted incident.
    pub fn hidden(&self, review: &Review) -> bool {
        review
            .incidents
            .iter()
            .any(|id| self.restricted.contains(id.as_str()))
    }

    /// An action's owner as every list of the pack shows it: redacted, and
    /// `[redacted]` for a review of a restricted incident.
    pub fn owner(&self, review: &Review, action: &Action) -> String {
        if self.hidden(review) {
            REDACTED.into()
        } else {
            self.redactor
                .clean(action.owner.as_deref().unwrap_or("no owner"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_personal_data_and_custom_patterns() {
        let extra = [Regex::new("(?i)acme-internal-\\w+").unwrap()];
        let redactor = Redactor::new(&extra);
        assert_eq!(
            redactor.clean("Mail j.doe@example.com or +44 20 7946 0958 from 10.1.2.3 about ACME-INTERNAL-payroll."),
            "Mail [redacted] or [redacted] from [redacted] about [redacted]."
        );
        assert_eq!(redactor.clean("nothing to hide"), "nothing to hide");
    }

    #[test]
    fn ten_thousand_matches_are_all_redacted() {
        let extra = [Regex::new("SECRET-\\d+").unwrap()];
        let text: String = (0..10_000)
            .map(|i| format!("u{i}@example.com SECRET-{i} "))
            .collect();
        let clean = Redactor::new(&extra).clean(&text);
        assert_eq!(clean, "[redacted] [redacted] ".repeat(10_000));
    }
}
