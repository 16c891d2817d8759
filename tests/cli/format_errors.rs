//! Every format error, each at its exact line and column.

use crate::book_test::*;

/// Writes the valid book with one file replaced, checks it as JSON and
/// returns the findings.
fn findings_with(path: &str, contents: &str) -> Vec<(String, String)> {
    let book = BookTest::valid();
    book.write(path, contents);
    let run = book.run(&["check", "--format", "json"]);
    run.code(1);
    run.findings()
}

#[test]
fn missing_required_key_points_at_the_opening_fence() {
    let found = findings_with("records/INC-1.md", &with(INCIDENT, "severity", ""));
    assert_eq!(found, vec![pair("missing-key", "records/INC-1.md:1:1")]);
}

#[test]
fn wrong_type_points_at_the_value() {
    let found = findings_with(
        "records/INC-1.md",
        &with(INCIDENT, "variety", "assets: {id: AST-1}"),
    );
    assert_eq!(found, vec![pair("wrong-type", "records/INC-1.md:7:9")]);
}

#[test]
fn bad_date_points_at_the_value() {
    let found = findings_with(
        "records/INC-1.md",
        &with(INCIDENT, "contained", "contained: 2026-01-32 12:00"),
    );
    assert_eq!(found, vec![pair("bad-date", "records/INC-1.md:10:12")]);
}

#[test]
fn unknown_key_points_at_the_key() {
    let book = BookTest::valid();
    book.write(
        "records/INC-1.md",
        with(INCIDENT, "severity", "severty: high\nseverity: high"),
    );
    let run = book.run(&["check"]);
    run.code(1)
        .stderr_has("error[unknown-key]: unknown key `severty`\n --> records/INC-1.md:5:1")
        .stderr_has("= help: did you mean `severity`?");
}

#[test]
fn unknown_value_suggests_the_closest() {
    let book = BookTest::valid();
    book.write(
        "records/INC-1.md",
        with(INCIDENT, "status", "status: closd"),
    );
    book.run(&["check"])
        .code(1)
        .stderr_has("error[unknown-value]: unknown status `closd`\n --> records/INC-1.md:8:9")
        .stderr_has("= help: did you mean `closed`?");
}

#[test]
fn invalid_id_that_tries_a_path() {
    let found = findings_with("records/INC-1.md", &with(INCIDENT, "id", "id: ../x"));
    assert!(
        found.contains(&pair("invalid-id", "records/INC-1.md:3:5")),
        "{found:?}"
    );
}

#[test]
fn duplicate_id_points_at_the_second_file_and_labels_the_first() {
    let book = BookTest::valid();
    book.write("records/zz/INC-1-copy.md", INCIDENT);
    let run = book.run(&["check"]);
    run.code(1)
        .stderr_has("error[duplicate-id]: ID `INC-1` is used by two records\n --> records/zz/INC-1-copy.md:3:5")
        .stderr_has("::: records/INC-1.md:3:5");
}

#[test]
fn duplicate_action_id() {
    let book = BookTest::valid();
    let second = with(&with(REVIEW, "id", "id: PIR-2"), "date", "date: 2026-01-13")
        .replace("follow_up: {due: 2026-07-10", "follow_up: {due: 2026-07-11");
    book.write("records/PIR-2.md", second);
    let run = book.run(&["check", "--format", "json"]);
    run.code(1);
    assert_eq!(
        run.findings(),
        vec![pair("duplicate-id", "records/PIR-2.md:27:10")]
    );
}

#[test]
fn reference_to_a_missing_incident_or_risk() {
    let review = with(
        &with(REVIEW, "incidents", "incidents: [INC-1, INC-2]"),
        "  risks",
        "  risks: [RISK-7]",
    );
    let found = findings_with("records/PIR-1.md", &review);
    assert_eq!(
        found,
        vec![
            pair("unknown-reference", "records/PIR-1.md:4:20"),
            pair("unknown-reference", "records/PIR-1.md:22:11")
        ]
    );
}

#[test]
fn unknown_annex_a_control() {
    let review = REVIEW.replace(
        "{id: \"5.17\", outcome: failed}",
        "{id: \"5.38\", outcome: failed}",
    );
    let found = findings_with("records/PIR-1.md", &review);
    assert_eq!(
        found,
        vec![pair("unknown-control", "records/PIR-1.md:24:10")]
    );
    let book = BookTest::valid();
    book.write(
        "records/PIR-1.md",
        REVIEW.replace(
            "{id: \"5.17\", outcome: failed}",
            "{id: A.5.17, outcome: failed}",
        ),
    );
    book.run(&["check"])
        .code(1)
        .stderr_has("help: write `\"5.17\"`");
}

#[test]
fn dates_out_of_order() {
    let found = findings_with(
        "records/INC-1.md",
        &with(INCIDENT, "contained", "contained: 2026-01-05 08:00"),
    );
    assert_eq!(found, vec![pair("date-order", "records/INC-1.md:10:12")]);
    let found = findings_with(
        "records/PIR-1.md",
        &with(REVIEW, "date", "date: 2026-01-04"),
    );
    assert!(
        found.contains(&pair("date-order", "records/PIR-1.md:5:7")),
        "{found:?}"
    );
}

#[test]
fn yaml_syntax_error_points_into_the_file() {
    // At the bracket left open, not where the parser stopped (5:9).
    let found = findings_with(
        "records/INC-1.md",
        &with(INCIDENT, "title", "title: [unclosed"),
    );
    assert_eq!(found, vec![pair("yaml-syntax", "records/INC-1.md:4:8")]);
}

#[test]
fn unclosed_bracket_points_where_it_opens_and_where_the_parser_stopped() {
    let book = BookTest::valid();
    book.write(
        "records/INC-1.md",
        with(INCIDENT, "title", "title: [unclosed"),
    );
    book.run(&["check"]).code(1).stderr_has(
        "error[yaml-syntax]: invalid YAML: this `[` is never closed
 --> records/INC-1.md:4:8
  |
4 | title: [unclosed
  |        ^ this `[` is never closed
 ::: records/INC-1.md:5:9
  |
5 | severity: high
  |         - the parser gave up here: illegal placement of ':' indicator
  |
  = help: close the list with `]`, or quote the whole value if the `[` is part of the text
",
    );
}

#[test]
fn unclosed_quotes_and_braces_point_where_they_open() {
    for (line, at, message) in [
        (
            "title: 'unclosed",
            "records/INC-1.md:4:8",
            "this `'` is never closed",
        ),
        (
            "title: \"unclosed",
            "records/INC-1.md:4:8",
            "this `\"` is never closed",
        ),
        (
            "title: {a: b",
            "records/INC-1.md:4:8",
            "this `{` is never closed",
        ),
        (
            "tags: [a, {b: c]",
            "records/INC-1.md:12:11",
            "this `{` is never closed",
        ),
    ] {
        let text = if line.starts_with("tags") {
            with(
                INCIDENT,
                "resolved",
                &format!("resolved: 2026-01-06\n{line}"),
            )
        } else {
            with(INCIDENT, "title", line)
        };
        let book = BookTest::valid();
        book.write("records/INC-1.md", text);
        let run = book.run(&["check", "--format", "json"]);
        run.code(1);
        assert_eq!(run.findings(), vec![pair("yaml-syntax", at)], "{line}");
        let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        assert_eq!(
            report["diagnostics"][0]["message"],
            format!("invalid YAML: {message}"),
            "{line}"
        );
    }
}

#[test]
fn typo_of_a_required_key_is_one_finding() {
    let book = BookTest::valid();
    book.write(
        "records/INC-1.md",
        with(INCIDENT, "severity", "severty: high"),
    );
    let run = book.run(&["check", "--format", "json"]);
    run.code(1);
    assert_eq!(
        run.findings(),
        vec![pair("unknown-key", "records/INC-1.md:5:1")]
    );
    book.run(&["check"])
        .code(1)
        .stderr_has("error[unknown-key]: unknown key `severty`\n --> records/INC-1.md:5:1")
        .stderr_has("= help: did you mean `severity`? (`severity` is required and missing)");
}

#[test]
fn implausible_dates_point_at_the_value() {
    for (line, value, at) in [
        (
            "detected",
            "detected: 0206-01-05 09:00",
            "records/INC-1.md:9:11",
        ),
        ("resolved", "resolved: 2206-03-02", "records/INC-1.md:11:11"),
    ] {
        let found = findings_with("records/INC-1.md", &with(INCIDENT, line, value));
        assert_eq!(found, vec![pair("bad-date", at)], "{value}");
    }
    let book = BookTest::valid();
    book.write(
        "records/PIR-1.md",
        REVIEW.replace("follow_up: {due: 2026-07-10", "follow_up: {due: 2206-07-10"),
    );
    book.run(&["check"])
        .code(1)
        .stderr_has(
            "error[bad-date]: `follow_up.due`: date 2206-07-10 is outside the plausible range 1970-01-01..=2031-02-01\n  --> records/PIR-1.md:30:18",
        )
        .stderr_has("^^^^^^^^^^ implausible date")
        .stderr_has("= help: record dates lie between 1970-01-01 and five years after the as-of date; check the year for a typo");
}

#[test]
fn duplicate_key_in_one_map() {
    let found = findings_with(
        "records/INC-1.md",
        &with(INCIDENT, "variety", "variety: phishing\nvariety: smishing"),
    );
    assert_eq!(found, vec![pair("duplicate-key", "records/INC-1.md:8:1")]);
}

#[test]
fn resolved_incident_needs_a_resolved_date() {
    // Reported at the status that asks for it.
    let found = findings_with("records/INC-1.md", &with(INCIDENT, "resolved", ""));
    assert_eq!(found, vec![pair("missing-key", "records/INC-1.md:8:9")]);
    // A done action needs its done date, likewise at its status.
    let review = REVIEW.replace(
        "type: technical, status: open}",
        "type: technical, status: done}",
    );
    let found = findings_with("records/PIR-1.md", &review);
    assert_eq!(found, vec![pair("missing-key", "records/PIR-1.md:27:118")]);
}

#[test]
fn every_error_in_every_file_is_reported_in_one_run() {
    let book = BookTest::valid();
    book.write(
        "records/a.md",
        with(&with(INCIDENT, "id", "id: INC-A"), "status", "status: shut"),
    );
    book.write(
        "records/b.md",
        with(
            &with(INCIDENT, "id", "id: INC-B"),
            "category",
            "category: hackin",
        ),
    );
    book.write("records/c.md", "no front matter here\n");
    let run = book.run(&["check", "--format", "json"]);
    run.code(1);
    assert_eq!(
        run.findings(),
        vec![
            pair("unknown-value", "records/a.md:8:9"),
            pair("unknown-value", "records/b.md:6:11"),
            pair("front-matter", "records/c.md:1:1"),
        ]
    );
}
