//! `lessonbook check` as a user runs it: exit codes, output formats, the
//! as-of date, book.toml handling and the sample records.

use crate::book_test::*;

#[test]
fn sample_records_check_clean() {
    let run = run_in(
        &repo_root(),
        &["check", "--today", SAMPLE_TODAY, "--color", "never"],
    );
    run.code(0).stderr_has("0 errors");
}

#[test]
fn clean_book_exits_zero_with_a_summary() {
    let run = BookTest::valid().run(&["check"]);
    run.code(0);
    assert_eq!(
        run.stderr,
        // Outside a git repository, the rule that reads history says it did
        // not run.
        "checked 3 records (1 incident, 1 review, 1 risk): 0 errors, 0 warnings; review coverage 1/1 (100%)\n\
         note: recorded-late did not run: no git history (. is not inside a git repository)\n"
    );
}

#[test]
fn human_output_is_rustc_style() {
    let book = BookTest::valid();
    book.write("records/PIR-1.md", with(REVIEW, "chair", ""));
    book.write(
        "records/INC-2.md",
        with(
            &with(INCIDENT, "id", "id: INC-2"),
            "severity",
            "severity: low",
        ),
    );
    let run = book.run(&["check"]);
    run.code(1);
    assert_eq!(
        run.stderr,
        "warning[missing-review]: INC-2 is closed but no review covers it
 --> records/INC-2.md:8:9
  |
8 | status: closed
  |         ^^^^^^ closed
  |
  = help: write a review with `incidents: [INC-2]`, or add `review_waiver: <why no review is needed>` with `decided_by: <role>` and `decided: YYYY-MM-DD`

error[no-chair]: review PIR-1 names no chair
 --> records/PIR-1.md:1:1
  |
1 | ---
  | ^^^ no chair
  |
  = help: add `chair: <role>`, e.g. the lead auditor or the head of security

checked 4 records (2 incidents, 1 review, 1 risk): 1 error, 1 warning; review coverage 1/2 (50%)
note: recorded-late did not run: no git history (. is not inside a git repository)
"
    );
}

#[test]
fn json_output_holds_every_field() {
    let book = BookTest::valid();
    book.write(
        "records/INC-1.md",
        with(INCIDENT, "status", "status: closd"),
    );
    let run = book.run(&["check", "--format", "json"]);
    run.code(1);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let d = &report["diagnostics"][0];
    assert_eq!(d["rule"], "unknown-value");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["message"], "unknown status `closd`");
    assert_eq!(d["path"], "records/INC-1.md");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(8), Some(9))
    );
    assert_eq!(
        (d["end_line"].as_u64(), d["end_column"].as_u64()),
        (Some(8), Some(14))
    );
    assert_eq!(d["help"], "did you mean `closed`?");
    assert_eq!(report["summary"]["errors"], 1);
    assert_eq!(report["summary"]["records"], 3);
    // Outside a repository: no file is "not yet recorded" (there is no
    // history to be in), and the rule that needs one is named.
    assert_eq!(report["summary"]["not_yet_recorded"], 0);
    let skipped = report["summary"]["skipped"][0].as_str().unwrap();
    assert!(
        skipped.starts_with("recorded-late did not run: no git history ("),
        "{skipped}"
    );
    assert!(run.stderr.is_empty());
}

#[test]
fn github_output_is_workflow_commands() {
    let book = BookTest::valid();
    book.write(
        "records/INC-1.md",
        with(INCIDENT, "status", "status: closd"),
    );
    let run = book.run(&["check", "--format", "github"]);
    run.code(1);
    let first = run.stdout.lines().next().unwrap();
    assert_eq!(
        first,
        "::error file=records/INC-1.md,line=8,col=9,endColumn=14,title=lessonbook unknown-value::unknown status `closd`%0Ahelp%3A did you mean `closed`?"
            .replace("%3A", ":")
    );
    run.stdout_has("checked 3 records");
}

#[test]
fn warnings_pass_unless_denied() {
    let book = BookTest::valid();
    let files_as_of_april = ["check", "--today", "2026-04-15"];
    book.run(&files_as_of_april)
        .code(0)
        .stderr_has("warning[action-overdue]");
    let mut denied = files_as_of_april.to_vec();
    denied.push("--deny-warnings");
    book.run(&denied).code(1);
}

#[test]
fn rule_levels_come_from_book_toml() {
    let book = BookTest::valid();
    book.write(
        "book.toml",
        "[book]\ntitle = \"T\"\n[rules]\naction-overdue = \"deny\"\n",
    );
    book.run(&["check", "--today", "2026-04-15"])
        .code(1)
        .stderr_has("error[action-overdue]");
    book.write(
        "book.toml",
        "[book]\ntitle = \"T\"\n[rules]\naction-overdue = \"allow\"\n",
    );
    let run = book.run(&["check", "--today", "2026-04-15"]);
    run.code(0);
    assert!(!run.stderr.contains("action-overdue"));
}

#[test]
fn as_of_date_comes_from_source_date_epoch() {
    let book = BookTest::valid();
    // 2026-04-15T00:00:00Z
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_lessonbook"))
        .args(["check", "--color", "never"])
        .current_dir(book.path())
        .env("SOURCE_DATE_EPOCH", "1776211200")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("ACT-1 (IT lead) is open and 15 days past its due date")
    );
}

#[test]
fn book_root_can_be_given_as_an_argument() {
    let book = BookTest::valid();
    let dir = book.path().to_str().unwrap().to_string();
    run_in(&repo_root(), &["check", &dir, "--today", TODAY])
        .code(0)
        .stderr_has("checked 3 records");
    // The path of book.toml itself names its book too.
    let toml = book.path().join("book.toml");
    run_in(
        &repo_root(),
        &["check", toml.to_str().unwrap(), "--today", TODAY],
    )
    .code(0)
    .stderr_has("checked 3 records");
}

#[test]
fn usage_and_io_errors_exit_two() {
    let empty = tempfile::tempdir().unwrap();
    run_in(empty.path(), &["check"])
        .code(2)
        .stderr_has("cannot read")
        .stderr_has("book.toml");
    BookTest::valid().run(&["check", "--format", "xml"]).code(2);
    BookTest::valid()
        .run(&["check", "--today", "yesterday"])
        .code(2)
        .stderr_has("not a date");
    let book = BookTest::valid();
    book.write("book.toml", "[book]\ntitle = \"T\"\nsrc = \"nowhere\"\n");
    book.run(&["check"])
        .code(2)
        .stderr_has("the records folder");
}

#[test]
fn invalid_book_toml_is_reported_with_its_line() {
    let book = BookTest::valid();
    book.write(
        "book.toml",
        "[book]\ntitle = \"T\"\n\n[policy]\nreview_within_dayz = 10\n",
    );
    let run = book.run(&["check"]);
    run.code(2)
        .stderr_has("error[unknown-key]: unknown field `review_within_dayz`")
        .stderr_has("book.toml:5:1")
        .stderr_has("= help: did you mean `review_within_days`?");
}

#[test]
fn ignore_globs_skip_files() {
    let book = BookTest::valid();
    book.write("records/README.md", "# How we write records\n");
    book.run(&["check"]).code(1).stderr_has("records/README.md");
    book.write(
        "book.toml",
        "[book]\ntitle = \"T\"\nignore = [\"**/README.md\"]\n",
    );
    book.run(&["check"]).code(0);
}

#[test]
fn implausible_as_of_dates_are_refused_without_a_panic() {
    let book = BookTest::valid();
    for (today, message) in [
        (
            "+262142-12-31",
            "is outside the dates lessonbook accepts (1970-01-01 to 9999-12-31)",
        ),
        (
            "1969-12-31",
            "is outside the dates lessonbook accepts (1970-01-01 to 9999-12-31)",
        ),
        ("2026-13-01", "is not a date: use YYYY-MM-DD"),
    ] {
        for command in ["check", "build", "board"] {
            book.run(&[command, "--today", today])
                .code(2)
                .stderr_has(message);
        }
    }
    // SOURCE_DATE_EPOCH far in the future is refused the same way.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_lessonbook"))
        .args(["check"])
        .current_dir(book.path())
        .env("SOURCE_DATE_EPOCH", "253402387200")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("outside 1970-01-01..=9999-12-31"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
