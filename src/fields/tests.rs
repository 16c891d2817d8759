use std::collections::BTreeSet;

use regex::Regex;

use super::*;
use crate::records::Kind;

/// Every key of a table and of the tables below it.
fn all_keys(table: &'static [Field], into: &mut BTreeSet<&'static str>) {
    for field in table {
        into.insert(field.key);
        if let Some(children) = field.children() {
            all_keys(children, into);
        }
    }
}

/// The keys a decoder's source reads: `get("key")`, `key_span("key")`,
/// `require(f, TABLE, "key")`, `required(f, "key", ..)`,
/// `required_by(f, "key", ..)`, `anchor_of(front, "key")`, `hint("key")`,
/// and the literal key of `date(d, "key")`.
fn keys_read(source: &str) -> BTreeSet<String> {
    let patterns = [
        r#"\b(?:get|key_span|hint|anchor_of\(front,\s*|date\(d,\s*)\(?"([a-z_]+)"\)"#,
        r#"\brequire\(\s*\w+,\s*[A-Z_]+,\s*"([a-z_]+)"\)"#,
        r#"\brequired(?:_by)?\(\s*\w+,\s*"([a-z_]+)""#,
        r#"\bpair\(d,\s*"([a-z_]+)"\)"#,
        r#"\bids\(d,\s*"([a-z_]+)"\)"#,
    ];
    let mut keys = BTreeSet::new();
    for pattern in patterns {
        for found in Regex::new(pattern).unwrap().captures_iter(source) {
            keys.insert(found[1].to_string());
        }
    }
    keys
}

/// A decoder reads exactly the keys of its kind's tables: a key added to a
/// table that no decoder reads, or read without being in a table, fails.
#[test]
fn every_key_a_decoder_reads_is_in_its_table_and_back() {
    for (kind, source) in [
        (Kind::Incident, include_str!("../parse/incident.rs")),
        (Kind::Review, include_str!("../parse/review.rs")),
        (Kind::Risk, include_str!("../parse/risk.rs")),
    ] {
        let mut table = BTreeSet::new();
        for field in super::table(kind) {
            // The top `kind` is read by parse/mod.rs, to choose the decoder.
            if field.key != "kind" {
                table.insert(field.key);
            }
            if let Some(children) = field.children() {
                all_keys(children, &mut table);
            }
        }
        let read = keys_read(source);
        let table: BTreeSet<String> = table.into_iter().map(str::to_string).collect();
        let unread: Vec<_> = table.difference(&read).collect();
        let unlisted: Vec<_> = read.difference(&table).collect();
        assert!(
            unread.is_empty() && unlisted.is_empty(),
            "{kind:?}: in the table but not read: {unread:?}; read but not in the table: {unlisted:?}"
        );
    }
}

#[test]
fn keys_are_unique_in_each_table() {
    fn check(table: &'static [Field]) {
        let mut seen = BTreeSet::new();
        for field in table {
            assert!(seen.insert(field.key), "`{}` twice", field.key);
            assert!(
                !field.about.is_empty(),
                "`{}` has no description",
                field.key
            );
            if let Some(children) = field.children() {
                check(children);
            }
        }
    }
    for kind in [Kind::Incident, Kind::Review, Kind::Risk] {
        check(table(kind));
    }
}

#[test]
fn every_required_field_has_a_hint() {
    fn check(table: &'static [Field], policy: &Policy) {
        for field in table {
            if matches!(field.presence, Presence::Required) {
                assert!(!field.hint(policy).is_empty(), "`{}`", field.key);
            }
            if let Some(children) = field.children() {
                check(children, policy);
            }
        }
    }
    let policy = Policy::default();
    for kind in [Kind::Incident, Kind::Review, Kind::Risk] {
        check(table(kind), &policy);
    }
    assert_eq!(
        field(INCIDENT, "severity").hint(&policy),
        "low | medium | high | critical"
    );
    assert_eq!(
        field(RISK, "treatment").hint(&policy),
        "mitigate | accept | transfer | avoid"
    );
}
