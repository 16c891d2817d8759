//! Provenance and `recorded-late` against real repositories, with commits
//! at chosen dates.

use crate::check::{History, check};
use crate::config::{self, AsOf};
use crate::diagnostics::Diagnostic;
use crate::testing::git_repo::GitRepo;
use crate::testing::*;

const BOOK_TOML: &str = "[book]\ntitle = \"T\"\n";

/// A repository holding the fixture book, the incident committed on the
/// day it was resolved.
fn repository() -> GitRepo {
    let repo = GitRepo::new();
    repo.write("book.toml", BOOK_TOML);
    repo.write("records/INC-1.md", INCIDENT);
    repo.commit("2026-01-06", "INC-1");
    repo
}

fn checked_in(root: &std::path::Path, today: &str) -> crate::check::Checked {
    let settings = config::load(root, AsOf::Date(day(today)), &crate::validate::defaults())
        .unwrap_or_else(|_| panic!("book.toml"));
    check(&settings, History::WorkingTree).expect("check")
}

fn late(checked: &crate::check::Checked) -> Vec<(At, String)> {
    checked
        .diagnostics
        .iter()
        .filter(|d| d.rule == "recorded-late")
        .map(|d: &Diagnostic| (at(d), d.message.clone()))
        .collect()
}

#[test]
fn a_review_committed_90_days_after_its_date_is_recorded_late_at_its_date() {
    let repo = repository();
    repo.write("records/PIR-1.md", REVIEW);
    // Review dated 2026-01-12, first committed 90 days later.
    let commit = repo.commit("2026-04-12", "Write up PIR-1");
    let checked = checked_in(repo.path(), "2026-04-20");
    assert_eq!(
        late(&checked),
        [(
            finding("warning", "records/PIR-1.md", 5, 7),
            format!(
                "review PIR-1 is dated 2026-01-12 but was first committed on 2026-04-12 (commit {}), 90 days later; the policy allows 30",
                &commit[..7]
            )
        )]
    );
    assert!(checked.summary.skipped.is_empty());
    assert_eq!(checked.summary.not_yet_recorded, 0);
}

#[test]
fn a_review_committed_the_same_week_or_on_the_last_day_is_not() {
    let repo = repository();
    repo.write("records/PIR-1.md", REVIEW);
    repo.commit("2026-01-15", "PIR-1");
    assert!(late(&checked_in(repo.path(), "2026-02-01")).is_empty());

    // 30 days is within the policy; 31 is not.
    let on_the_day = repository();
    on_the_day.write("records/PIR-1.md", REVIEW);
    on_the_day.commit("2026-02-11", "PIR-1");
    assert!(late(&checked_in(on_the_day.path(), "2026-03-01")).is_empty());
    let day_after = repository();
    day_after.write("records/PIR-1.md", REVIEW);
    day_after.commit("2026-02-12", "PIR-1");
    assert_eq!(late(&checked_in(day_after.path(), "2026-03-01")).len(), 1);
}

#[test]
fn an_uncommitted_review_is_not_yet_recorded_and_no_finding() {
    let repo = repository();
    repo.write("records/PIR-1.md", REVIEW);
    let checked = checked_in(repo.path(), "2026-06-01");
    assert!(late(&checked).is_empty());
    assert_eq!(checked.summary.not_yet_recorded, 1);
    assert!(
        checked
            .summary
            .report()
            .ends_with("\nnote: 1 record file is not yet recorded in git (never committed)"),
        "{}",
        checked.summary.report()
    );
    let head = checked.recorded.head().expect("a head");
    assert!(head.dirty);
    assert_eq!(
        checked.recorded.footer(),
        format!(
            "built from commit {} of 2026-01-06, with uncommitted changes to records or book.toml",
            &repo.head()[..7]
        )
    );
}

#[test]
fn a_rename_keeps_the_first_date() {
    let repo = repository();
    repo.write("records/PIR-1.md", REVIEW);
    repo.commit("2026-01-13", "PIR-1");
    repo.git(&["mv", "records/PIR-1.md", "records/reviews-PIR-1.md"]);
    repo.commit("2026-09-01", "Move reviews");
    let checked = checked_in(repo.path(), "2026-10-01");
    assert!(late(&checked).is_empty());
    let file = checked
        .recorded
        .file(std::path::Path::new("records/reviews-PIR-1.md"))
        .expect("provenance of the renamed file");
    let crate::git::History::Committed(history) = &file.history else {
        panic!("committed");
    };
    assert_eq!(
        (history.first().date, history.revisions()),
        (day("2026-01-13"), 2)
    );
}

#[test]
fn a_follow_up_result_committed_late_is_found_in_the_version_that_first_stated_it() {
    let repo = repository();
    repo.write("records/PIR-1.md", REVIEW);
    repo.commit("2026-01-13", "PIR-1");
    // Result dated 2026-07-10, first written down on 2026-10-01 (83 days
    // later); a later typo fix must not move the date found.
    let done = with(
        REVIEW,
        "follow_up",
        "follow_up: {due: 2026-07-10, done: 2026-07-10, effective: true, recurred: false, auditor: Internal Audit}",
    );
    repo.write("records/PIR-1.md", &done);
    let recorded = repo.commit("2026-10-01", "Follow-up of PIR-1");
    repo.write("records/PIR-1.md", &done.replace("Body.", "Body, fixed."));
    repo.commit("2026-11-01", "Typo");
    let checked = checked_in(repo.path(), "2026-11-15");
    assert_eq!(
        late(&checked),
        [(
            finding("warning", "records/PIR-1.md", 30, 36),
            format!(
                "the follow-up result of PIR-1 is dated 2026-07-10 but was first committed on 2026-10-01 (commit {}), 83 days later; the policy allows 30",
                &recorded[..7]
            )
        )]
    );

    // Recorded on time, then edited much later: no finding.
    let prompt = repository();
    prompt.write("records/PIR-1.md", &done);
    prompt.commit("2026-07-15", "PIR-1 with its follow-up");
    prompt.write("records/PIR-1.md", &done.replace("Body.", "Body, fixed."));
    prompt.commit("2026-11-01", "Typo");
    // The review itself was committed 184 days after its date: that is
    // the one finding.
    let found = late(&checked_in(prompt.path(), "2026-11-15"));
    assert_eq!(found.len(), 1);
    assert!(found[0].1.starts_with("review PIR-1 is dated"), "{found:?}");
}

#[test]
fn a_shallow_clone_skips_the_rule_and_says_why() {
    let origin = repository();
    origin.write("records/PIR-1.md", REVIEW);
    origin.commit("2026-04-12", "PIR-1, late");
    origin.write(
        "records/RISK-1.md",
        include_str!("../../tests/fixtures/records/RISK-1.md"),
    );
    origin.commit("2026-04-13", "RISK-1");
    let clone = GitRepo::shallow_clone(&origin);
    let checked = checked_in(clone.path(), "2026-04-20");
    assert!(late(&checked).is_empty());
    assert!(checked.recorded.shallow());
    assert_eq!(checked.summary.skipped.len(), 1);
    assert!(
        checked.summary.skipped[0]
            .starts_with("recorded-late did not run: the repository is a shallow clone"),
        "{:?}",
        checked.summary.skipped
    );
    assert!(
        checked
            .recorded
            .footer()
            .ends_with("(a shallow clone: history incomplete)")
    );
}

#[test]
fn outside_a_repository_provenance_is_unavailable_and_the_rule_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("book.toml"), BOOK_TOML).unwrap();
    std::fs::create_dir(dir.path().join("records")).unwrap();
    std::fs::write(dir.path().join("records/INC-1.md"), INCIDENT).unwrap();
    let checked = checked_in(dir.path(), "2026-02-01");
    assert_eq!(
        checked.recorded.page_reason(),
        Some("the book is not in a git repository")
    );
    assert_eq!(
        checked.recorded.footer(),
        "git provenance not available: the book is not in a git repository"
    );
    let report = checked.summary.report();
    assert!(
        report.contains("\nnote: recorded-late did not run: no git history ("),
        "{report}"
    );
    // Set to allow, the rule is not "skipped": it was not asked for.
    std::fs::write(
        dir.path().join("book.toml"),
        format!("{BOOK_TOML}[rules]\nrecorded-late = \"allow\"\n"),
    )
    .unwrap();
    assert!(
        checked_in(dir.path(), "2026-02-01")
            .summary
            .skipped
            .is_empty()
    );
}

#[test]
fn only_reviews_last_changed_too_late_after_their_result_are_read_again() {
    let repo = repository();
    let done = |id: &str| {
        with(
            &with(REVIEW, "id", &format!("id: {id}")),
            "follow_up",
            "follow_up: {due: 2026-07-10, done: 2026-07-10, effective: true, recurred: false}",
        )
    };
    // 30 days after the result: cannot be late, not read. 31: read.
    repo.write("records/PIR-1.md", &done("PIR-1"));
    repo.commit("2026-08-09", "PIR-1");
    repo.write("records/PIR-2.md", &done("PIR-2"));
    repo.commit("2026-08-10", "PIR-2");
    // No result: nothing to read, however late.
    repo.write("records/PIR-3.md", &with(REVIEW, "id", "id: PIR-3"));
    repo.commit("2026-12-01", "PIR-3");
    let settings = config::load(
        repo.path(),
        AsOf::Date(day("2026-12-15")),
        &crate::validate::defaults(),
    )
    .unwrap_or_else(|_| panic!("book.toml"));
    let checked = check(&settings, History::WorkingTree).expect("check");
    let suspects = super::follow_up_suspects(&settings, &checked.book, &checked.recorded.files);
    let paths: Vec<_> = suspects
        .iter()
        .map(|(path, _)| path.display().to_string())
        .collect();
    assert_eq!(paths, ["records/PIR-2.md"]);
}
