//! Format errors end to end through `parse`: each asserts the exact
//! diagnostics (rule, line, column, message), so a change in where or how a
//! mistake is reported shows up here.

use crate::diagnostics::Diagnostic;
use crate::testing::{self, INCIDENT, REVIEW, at, check, with};

/// (rule, line, column, message) of every diagnostic of the files.
fn found(files: &[(&str, String)]) -> Vec<(String, usize, usize, String)> {
    check(files, None, "2026-02-01")
        .iter()
        .map(|d| {
            let (_, _, line, col) = at(d);
            (d.rule.to_string(), line, col, d.message.clone())
        })
        .collect()
}

fn one(rule: &str, line: usize, col: usize, message: &str) -> (String, usize, usize, String) {
    (rule.to_string(), line, col, message.to_string())
}

fn incident(line: &str, replacement: &str) -> Vec<Diagnostic> {
    check(
        &[("r/INC-1.md", with(INCIDENT, line, replacement))],
        None,
        "2026-02-01",
    )
}

/// (line, column, label) of each secondary label.
fn secondary(d: &Diagnostic) -> Vec<(usize, usize, String)> {
    d.secondary
        .iter()
        .map(|label| {
            let (line, col) = label.line_col().unwrap();
            (line, col, label.message.clone())
        })
        .collect()
}

#[test]
fn unclosed_bracket_is_reported_where_it_opens() {
    let all = incident("title", "title: [Finance mailbox");
    assert_eq!(all.len(), 1, "{all:?}");
    let d = &all[0];
    assert_eq!(
        (d.rule, at(d).2, at(d).3, d.message.as_str()),
        (
            "yaml-syntax",
            4,
            8,
            "invalid YAML: this `[` is never closed"
        )
    );
    assert_eq!(d.primary.message, "this `[` is never closed");
    assert_eq!(
        secondary(d),
        [(
            5,
            9,
            "the parser gave up here: illegal placement of ':' indicator".into()
        )]
    );
    assert_eq!(
        d.help.as_deref(),
        Some("close the list with `]`, or quote the whole value if the `[` is part of the text")
    );
}

#[test]
fn unclosed_brace_and_quotes_are_reported_where_they_open() {
    for (line, opener, col) in [
        ("title: {Finance: mailbox", '{', 8),
        ("title: 'Finance mailbox", '\'', 8),
        ("title: \"Finance mailbox", '"', 8),
        ("title: [Finance, {a: b]", '{', 18),
    ] {
        let all = incident("title", line);
        assert_eq!(all.len(), 1, "{line}: {all:?}");
        let d = &all[0];
        assert_eq!(
            (d.rule, at(d).2, at(d).3, d.message.clone()),
            (
                "yaml-syntax",
                4,
                col,
                format!("invalid YAML: this `{opener}` is never closed")
            ),
            "{line}"
        );
    }
}

#[test]
fn a_quote_inside_text_is_not_taken_for_an_opener() {
    // A tab is the error here; the apostrophe and bracket are plain text.
    let all = incident("title", "title: don't [panic]\nimpact:\n\tcost: 1");
    assert_eq!(all.len(), 1, "{all:?}");
    assert!(all[0].secondary.is_empty());
    assert!(all[0].message.starts_with("invalid YAML: "));
    assert!(
        !all[0].message.contains("never closed"),
        "{}",
        all[0].message
    );
}

#[test]
fn an_opener_after_the_real_error_is_not_blamed() {
    // The parser stops at the tab; the quote left open later is a second
    // mistake it never reached.
    let all = incident("variety", "impact:\n\tcost: 1\nvariety: 'phishing");
    assert_eq!(all.len(), 1, "{all:?}");
    assert!(
        !all[0].message.contains("never closed"),
        "{}",
        all[0].message
    );
    assert_eq!(
        all[0].help.as_deref(),
        Some("YAML indents with spaces, never tabs")
    );
}

#[test]
fn a_typo_of_a_required_key_is_one_diagnostic() {
    let all = incident("severity", "severty: high");
    assert_eq!(all.len(), 1, "{all:?}");
    let d = &all[0];
    assert_eq!(
        (d.rule, at(d).2, at(d).3, d.message.as_str()),
        ("unknown-key", 5, 1, "unknown key `severty`")
    );
    assert_eq!(
        d.help.as_deref(),
        Some("did you mean `severity`? (`severity` is required and missing)")
    );
    // With the real key present as well, the typo is just an unknown key.
    let all = incident("severity", "severty: high\nseverity: high");
    assert_eq!(all.len(), 1, "{all:?}");
    assert_eq!(all[0].help.as_deref(), Some("did you mean `severity`?"));
}

#[test]
fn typos_of_nested_and_conditionally_required_keys() {
    // `resolved` is required by `status: closed`.
    assert_eq!(
        found(&[(
            "r/INC-1.md",
            with(INCIDENT, "resolved", "resolvd: 2026-01-06")
        )]),
        [one("unknown-key", 11, 1, "unknown key `resolvd`")]
    );
    let review = REVIEW.replace("follow_up: {due:", "follow_up: {dues:");
    assert_eq!(
        found(&[("r/INC-1.md", INCIDENT.into()), ("r/PIR-1.md", review)]),
        [one(
            "unknown-key",
            30,
            13,
            "unknown key `dues` in `follow_up`"
        )]
    );
    // A key missing with no near miss is still reported missing.
    assert_eq!(
        found(&[("r/INC-1.md", with(INCIDENT, "severity", "colour: high"))]),
        [
            one("missing-key", 1, 1, "missing required key `severity`"),
            one("unknown-key", 5, 1, "unknown key `colour`"),
        ]
    );
}

#[test]
fn implausible_dates_are_format_errors_at_the_value() {
    for (line, replacement, col, shown) in [
        (
            "detected",
            "detected: 0206-01-05 09:00",
            11,
            "0206-01-05 09:00",
        ),
        ("resolved", "resolved: 2206-03-02", 11, "2206-03-02"),
        (
            "contained",
            "contained: 1969-12-31 23:59",
            12,
            "1969-12-31 23:59",
        ),
    ] {
        let key = replacement.split(':').next().unwrap();
        let row = with(INCIDENT, line, replacement)
            .lines()
            .position(|l| l.starts_with(key))
            .unwrap()
            + 1;
        assert_eq!(
            found(&[("r/INC-1.md", with(INCIDENT, line, replacement))]),
            [one(
                "bad-date",
                row,
                col,
                &format!(
                    "`{key}`: date {shown} is outside the plausible range 1970-01-01..=2031-02-01"
                )
            )],
            "{replacement}"
        );
    }
    let all = incident("resolved", "resolved: 2206-03-02");
    assert_eq!(
        all[0].help.as_deref(),
        Some(
            "record dates lie between 1970-01-01 and five years after the as-of date; check the year for a typo"
        )
    );
    // The last plausible day is fine.
    let review = REVIEW.replace("follow_up: {due: 2026-07-10", "follow_up: {due: 2031-02-01");
    let all = found(&[("r/INC-1.md", INCIDENT.into()), ("r/PIR-1.md", review)]);
    assert!(all.iter().all(|d| d.0 != "bad-date"), "{all:?}");
}

#[test]
fn implausible_dates_in_every_part_of_a_review() {
    let review = REVIEW
        .replace("at: 2026-01-05 09:00", "at: 0026-01-05 09:00")
        .replace("due: 2026-03-31", "due: 9999-03-31")
        .replace(
            "management_report: {date: 2026-01-20",
            "management_report: {date: 2602-01-20",
        )
        .replace("follow_up: {due: 2026-07-10", "follow_up: {due: 2062-07-10");
    let all = found(&[("r/INC-1.md", INCIDENT.into()), ("r/PIR-1.md", review)]);
    let range = "is outside the plausible range 1970-01-01..=2031-02-01";
    assert_eq!(
        all,
        [
            one(
                "bad-date",
                13,
                10,
                &format!("`at`: date 0026-01-05 09:00 {range}")
            ),
            one(
                "bad-date",
                27,
                61,
                &format!("`due`: date 9999-03-31 {range}")
            ),
            one(
                "bad-date",
                29,
                27,
                &format!("`management_report.date`: date 2602-01-20 {range}")
            ),
            one(
                "bad-date",
                30,
                18,
                &format!("`follow_up.due`: date 2062-07-10 {range}")
            ),
        ]
    );
}

#[test]
fn extreme_dates_never_panic() {
    for text in [
        "+262143-12-31 23:59",
        "-262144-01-01 00:00",
        "+262143-12-31T23:59:59",
        "9999-12-31T23:59:59-23:59",
        "0000-01-01T00:00:00+23:59",
        "262143-12-31",
    ] {
        for tz in ["\"Pacific/Kiritimati\"", "\"Pacific/Pago_Pago\""] {
            let toml = format!("[book]\ntitle = \"T\"\n[build]\ntimezone = {tz}\n");
            let file = with(INCIDENT, "resolved", &format!("resolved: {text}"));
            let all = check(&[("r/INC-1.md", file)], Some(&toml), "2026-02-01");
            assert_eq!(all.len(), 1, "{text}: {all:?}");
            assert_eq!(all[0].rule, "bad-date", "{text}: {all:?}");
        }
    }
    // An as-of date at the end of time still bounds dates without overflow.
    let mut settings = testing::settings(None, "2026-02-01");
    settings.today = chrono::NaiveDate::MAX;
    let (book, all) = testing::load(&[("r/INC-1.md", INCIDENT.into())], &settings);
    assert!(all.is_empty(), "{all:?}");
    assert_eq!(book.incidents.len(), 1);
}

#[test]
fn a_review_that_does_not_parse_still_covers_its_incidents() {
    let tabbed = with(REVIEW, "chair", "chair:\tHead of Security");
    for incidents in [
        "incidents: [INC-1]",
        "incidents: ['INC-0', \"INC-1\"]  # both",
        "incidents: [INC-0,\n  INC-1]",
        "incidents:\n  - INC-0\n  # the one that matters\n  - INC-1",
        "incidents:\n- INC-1",
    ] {
        let review = with(&tabbed, "incidents", incidents);
        let all = check(
            &[("r/INC-1.md", INCIDENT.into()), ("r/PIR-1.md", review)],
            None,
            "2026-02-01",
        );
        let rules: Vec<&str> = all.iter().map(|d| d.rule).collect();
        assert_eq!(rules, ["yaml-syntax"], "{incidents}: {all:?}");
    }
    // A review that parses but cannot be read into a record likewise.
    let review = with(REVIEW, "date", "date: 0026-01-12");
    let all = found(&[("r/INC-1.md", INCIDENT.into()), ("r/PIR-1.md", review)]);
    assert_eq!(
        all,
        [one(
            "bad-date",
            5,
            7,
            "`date`: date 0026-01-12 is outside the plausible range 1970-01-01..=2031-02-01"
        )]
    );
    // An incident the broken review does not name is still unreviewed.
    let review = with(&tabbed, "incidents", "incidents: [INC-2]");
    let all = check(
        &[("r/INC-1.md", INCIDENT.into()), ("r/PIR-1.md", review)],
        None,
        "2026-02-01",
    );
    let rules: Vec<&str> = all.iter().map(|d| d.rule).collect();
    assert_eq!(rules, ["missing-review", "yaml-syntax"], "{all:?}");
}

/// A front matter map with 20,000 keys, each written twice. The duplicate
/// check compared every key with all before it (quadratic per map); this
/// stays fast in debug.
#[test]
fn a_map_with_twenty_thousand_duplicate_keys() {
    let twice: String = (0..20_000).map(|i| format!("variety: v{i}\n")).collect();
    let file = with(INCIDENT, "variety", twice.trim_end());
    let all = check(&[("r/INC-1.md", file)], None, "2026-02-01");
    assert_eq!(all.len(), 19_999);
    assert!(all.iter().all(|d| d.rule == "duplicate-key"));
    assert_eq!(at(all.last().unwrap()).2, 20_006);
}

/// Unknown keys cost one "did you mean" each (linear, but slow in debug),
/// so a few thousand suffice to show none is reported twice or lost.
#[test]
fn thousands_of_unknown_keys() {
    let keys: String = (0..4_000).map(|i| format!("k{i}: 1\n")).collect();
    let file = with(INCIDENT, "variety", &format!("variety: phishing\n{keys}"));
    let all = check(&[("r/INC-1.md", file)], None, "2026-02-01");
    assert_eq!(all.len(), 4_000);
    assert!(all.iter().all(|d| d.rule == "unknown-key"));
    let last = all.last().unwrap();
    assert_eq!(
        (at(last).2, last.message.as_str()),
        (4_007, "unknown key `k3999`")
    );
}

/// The sign-off, decision and acceptance keys are read like the others:
/// a missing `approval.by`, a bad `decided` date and an empty `accepted`
/// are format errors at the key or value.
#[test]
fn approval_decision_and_acceptance_are_checked_like_other_keys() {
    let review = with(
        &with(
            REVIEW,
            "approval",
            "approval: {role: CISO, date: 2026-01-20, sign: yes}",
        ),
        "  - {id: \"5.17\"",
        "  - {id: \"5.17\", outcome: failed, accepted: \"\"}",
    );
    let decided = with(
        INCIDENT,
        "resolved",
        "resolved: 2026-01-06\ndecided_by: Head of Security\ndecided: last Tuesday",
    );
    assert_eq!(
        found(&[("r/INC-1.md", decided), ("r/PIR-1.md", review)]),
        [
            one(
                "bad-date",
                13,
                10,
                "`decided`: `last Tuesday` is not a date: write YYYY-MM-DD, YYYY-MM-DD HH:MM or RFC 3339 (2026-03-01T09:30:00+01:00)"
            ),
            one("missing-key", 24, 45, "`accepted` is empty"),
            one("missing-key", 32, 1, "missing required key `approval.by`"),
            one("unknown-key", 32, 42, "unknown key `sign` in `approval`"),
        ]
    );
}
