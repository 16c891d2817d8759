//! Patterns for personal data in free text (e-mail addresses, phone numbers,
//! IPv4 and IPv6 addresses): found by the `not-anonymised` rule and, later,
//! blanked out of the board pack.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PersonalData {
    Email,
    Phone,
    Ipv4,
    Ipv6,
}

impl PersonalData {
    pub fn describe(self) -> &'static str {
        match self {
            PersonalData::Email => "an e-mail address",
            PersonalData::Phone => "a phone number",
            PersonalData::Ipv4 => "an IPv4 address",
            PersonalData::Ipv6 => "an IPv6 address",
        }
    }
}

static PATTERNS: LazyLock<Vec<(PersonalData, Regex)>> = LazyLock::new(|| {
    let octet = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)";
    let hex = r"[0-9A-Fa-f]{1,4}";
    [
        (PersonalData::Email, r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}".to_string()),
        // International (+44 20 7946 0958) or national with a leading 0
        // (020 7946 0958, 07700-900123); dates and record IDs never start so.
        (PersonalData::Phone, r"(?:\+\d{1,3}[ .-]?\(?\d{1,5}\)?(?:[ .-]?\d{2,5}){1,4}|\b0\d{2,4}[ .-]?\d{3,4}[ .-]?\d{3,4})\b".to_string()),
        (PersonalData::Ipv4, format!(r"\b{octet}(?:\.{octet}){{3}}\b")),
        (PersonalData::Ipv6, format!(r"(?:\b(?:{hex}:){{7}}{hex}\b|\b(?:{hex}:){{1,6}}:(?:{hex}(?::{hex}){{0,5}})?|::(?:{hex}:){{0,6}}{hex}\b)")),
    ]
    .into_iter()
    .map(|(kind, pattern)| (kind, Regex::new(&pattern).expect("personal data patterns compile")))
    .collect()
});

/// Every match, in text order; overlapping matches keep the first found
/// (patterns in the order above).
pub fn find_personal_data(text: &str) -> Vec<(Range<usize>, PersonalData)> {
    // Kept matches by start. They never overlap, so their ends rise with
    // their starts: a new match overlaps one only if it overlaps the last
    // kept match starting before its end. O(log n) per match, where testing
    // every kept match made 10,000 addresses cost 50 million comparisons.
    let mut found: BTreeMap<usize, (usize, PersonalData)> = BTreeMap::new();
    for (kind, regex) in PATTERNS.iter() {
        for m in regex.find_iter(text) {
            let overlaps = found
                .range(..m.end())
                .next_back()
                .is_some_and(|(_, &(end, _))| m.start() < end);
            if !overlaps {
                found.insert(m.start(), (m.end(), *kind));
            }
        }
    }
    found
        .into_iter()
        .map(|(start, (end, kind))| (start..end, kind))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(String, PersonalData)> {
        find_personal_data(text)
            .into_iter()
            .map(|(r, k)| (text[r].to_string(), k))
            .collect()
    }

    #[test]
    fn finds_each_kind() {
        assert_eq!(
            kinds("mail j.doe@example.co.uk now"),
            vec![("j.doe@example.co.uk".into(), PersonalData::Email)]
        );
        assert_eq!(
            kinds("call +44 20 7946 0958."),
            vec![("+44 20 7946 0958".into(), PersonalData::Phone)]
        );
        assert_eq!(
            kinds("or 07700 900123"),
            vec![("07700 900123".into(), PersonalData::Phone)]
        );
        assert_eq!(
            kinds("from 203.0.113.7"),
            vec![("203.0.113.7".into(), PersonalData::Ipv4)]
        );
        assert_eq!(
            kinds("via 2001:db8::1"),
            vec![("2001:db8::1".into(), PersonalData::Ipv6)]
        );
    }

    #[test]
    fn overlapping_matches_keep_the_first_pattern() {
        // The address's local part is also an IPv4 address: the e-mail wins.
        assert_eq!(
            kinds("at 10.1.2.3@example.com and 10.1.2.4"),
            vec![
                ("10.1.2.3@example.com".into(), PersonalData::Email),
                ("10.1.2.4".into(), PersonalData::Ipv4)
            ]
        );
    }

    /// Matches are half-open ranges: one that starts where the last ended
    /// does not overlap it, and both are kept.
    #[test]
    fn a_match_starting_where_another_ends_is_kept() {
        let text = "u@example.com+44 20 7946 0958";
        assert_eq!(
            find_personal_data(text),
            vec![(0..13, PersonalData::Email), (13..29, PersonalData::Phone)]
        );
    }

    /// How not-anonymised findings name each kind.
    #[test]
    fn each_kind_is_described() {
        let described: Vec<&str> = [
            PersonalData::Email,
            PersonalData::Phone,
            PersonalData::Ipv4,
            PersonalData::Ipv6,
        ]
        .into_iter()
        .map(PersonalData::describe)
        .collect();
        assert_eq!(
            described,
            [
                "an e-mail address",
                "a phone number",
                "an IPv4 address",
                "an IPv6 address"
            ]
        );
    }

    /// 10,000 matches: the overlap check was quadratic and is now
    /// O(n log n), which keeps this test fast in debug.
    #[test]
    fn ten_thousand_matches() {
        let text: String = (0..10_000)
            .map(|i| format!("u{i}@example.com 10.0.{}.{} ", i / 250, i % 250))
            .collect();
        let found = find_personal_data(&text);
        assert_eq!(found.len(), 20_000);
        let (last, kind) = found.last().unwrap();
        assert_eq!(
            (&text[last.clone()], *kind),
            ("10.0.39.249", PersonalData::Ipv4)
        );
        assert!(found.windows(2).all(|w| w[0].0.end <= w[1].0.start));
    }

    #[test]
    fn ignores_dates_times_ids_and_controls() {
        assert!(kinds("On 2025-02-03 08:40 INC-2026-014 failed 5.17 and 8.16; ACT-2025-021, 96 %, 14:05:33").is_empty());
    }
}
