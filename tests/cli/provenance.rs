//! Git as the audit trail, through the binary: builds as of a revision,
//! restated figures, provenance on the pages and its absence, in real
//! repositories with commits at chosen dates.

use std::path::Path;

use crate::book_test::*;
use crate::build::read_tree;

#[path = "../support/git_repo.rs"]
pub(crate) mod git_repo;
use git_repo::GitRepo;

/// The fixture review with its action due in September, so the books
/// below check clean through the summer.
fn review() -> String {
    REVIEW.replace("due: 2026-03-31", "due: 2026-09-30")
}

/// A repository whose book sits in `isms/`: INC-1 and its review PIR-1
/// committed and tagged `v1` on 2026-04-02 (after 2026-Q1 ended); then
/// INC-2, a second (low) Q1 incident without a review, committed on
/// 2026-05-10.
fn history() -> GitRepo {
    let repo = GitRepo::new();
    repo.write("README.md", "Security records\n");
    repo.write("isms/book.toml", "[book]\ntitle = \"Audit trail\"\n");
    repo.write("isms/records/INC-1.md", INCIDENT);
    repo.write("isms/records/PIR-1.md", &review());
    repo.write("isms/records/RISK-1.md", RISK);
    repo.commit("2026-01-14", "INC-1 and its review");
    repo.git_at(
        "2026-04-02",
        &["commit", "--quiet", "--allow-empty", "-m", "Q1 board pack"],
    );
    repo.git(&["tag", "v1"]);
    let second = with(
        &with(
            &with(INCIDENT, "id", "id: INC-2"),
            "title",
            "title: Laptop left on a train",
        ),
        "severity",
        "severity: low",
    );
    repo.write("isms/records/INC-2.md", &second);
    repo.commit("2026-05-10", "INC-2, found in an old ticket");
    repo
}

fn run(dir: &Path, args: &[&str]) -> Run {
    let mut all = args.to_vec();
    all.extend(["--color", "never"]);
    run_in(dir, &all)
}

#[test]
fn a_build_at_a_tag_is_byte_identical_to_a_build_of_its_checkout() {
    let repo = history();
    // An uncommitted edit in the working tree: `--at` must not see it.
    repo.write(
        "isms/records/PIR-1.md",
        &review().replace("Body.", "Draft, not committed."),
    );
    let out = tempfile::tempdir().unwrap();
    let at = out.path().join("at");
    let checkout_site = out.path().join("checkout");
    run(
        &repo.path().join("isms"),
        &["build", "--at", "v1", "--out", at.to_str().unwrap()],
    )
    .code(0);

    let checkout = GitRepo::checkout_of(&repo, "v1");
    // The as-of date of `--at` is the tag's commit date.
    run(
        &checkout.path().join("isms"),
        &[
            "build",
            "--today",
            "2026-04-02",
            "--out",
            checkout_site.to_str().unwrap(),
        ],
    )
    .code(0);
    let (a, b) = (read_tree(&at), read_tree(&checkout_site));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (name, bytes) in &a {
        assert!(
            bytes == &b[name],
            "{name} differs between --at v1 and a checkout of v1"
        );
    }
    let index = String::from_utf8_lossy(&a["index.html"]);
    let tag = repo.git(&["rev-parse", "v1"]);
    assert!(
        index.contains(&format!(
            "built from commit {} of 2026-04-02</p>",
            &tag[..7]
        )),
        "{index}"
    );
    assert!(
        !a.contains_key("incidents/INC-2.html"),
        "INC-2 came after v1"
    );
    let review = String::from_utf8_lossy(&a["reviews/PIR-1.html"]);
    assert!(!review.contains("Draft, not committed."));
    assert!(
        review.contains("<dt>First recorded</dt><dd>2026-01-14 · commit"),
        "{review}"
    );
}

#[test]
fn check_and_stats_at_a_revision_read_its_records_and_date() {
    let repo = history();
    let book = repo.path().join("isms");
    let now = run(
        &book,
        &[
            "stats",
            "--today",
            "2026-06-01",
            "--period",
            "2026-Q1",
            "--format",
            "json",
        ],
    );
    now.code(0);
    let then = run(
        &book,
        &[
            "stats", "--at", "v1", "--period", "2026-Q1", "--format", "json",
        ],
    );
    then.code(0);
    let figure = |run: &Run, key: &str| -> String {
        let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        let figures = json["figures"].as_array().unwrap();
        let found = figures.iter().find(|f| f["key"] == key).unwrap();
        found["shown"].as_str().unwrap().to_string()
    };
    assert_eq!(figure(&then, "incidents"), "1");
    assert_eq!(figure(&now, "incidents"), "2");
    let json: serde_json::Value = serde_json::from_str(&then.stdout).unwrap();
    assert_eq!(json["as_of"], "2026-04-02");

    run(&book, &["check", "--at", "v1"])
        .code(0)
        .stderr_has("checked 3 records (1 incident, 1 review, 1 risk)");
    run(&book, &["check", "--at", "v9"])
        .code(2)
        .stderr_has("`v9` is not a revision");
}

#[test]
fn an_incident_recorded_after_the_tag_restates_the_quarter_with_the_record_named() {
    let repo = history();
    let book = repo.path().join("isms");
    let diff = run(&book, &["diff", "v1"]);
    diff.code(0);
    assert_eq!(
        diff.stdout,
        "2026-Q1 incidents: reported 1, now 2 (incident INC-2 added)\n\
         2026-Q1 review coverage: reported 100%, now 50% (incident INC-2 added)\n"
    );
    let tag = repo.git(&["rev-parse", "v1"]);
    diff.stderr_has(&format!(
        "2 figures restated in the working tree, of 1 period ended by v1 (commit {}, as of 2026-04-02)",
        &tag[..7]
    ));
    // Between two revisions: nothing changed from v1 to v1.
    let none = run(&book, &["diff", "v1", "v1"]);
    none.code(0);
    assert_eq!(none.stdout, "");

    let out = tempfile::tempdir().unwrap();
    let pack = out.path().join("pack.html");
    run(
        &book,
        &[
            "board",
            "--today",
            "2026-06-01",
            "--since",
            "v1",
            "--out",
            pack.to_str().unwrap(),
        ],
    )
    .code(0)
    .stderr_has("restated since v1");
    let html = std::fs::read_to_string(&pack).unwrap();
    assert!(html.contains("<h1>Restated figures</h1>"), "{html}");
    assert!(html.contains(
        "<tr><td>2026-Q1</td><td>Review coverage</td><td>100%</td><td>50%</td><td>incident INC-2 added</td></tr>"
    ));
    // Without --since the pack has no such section.
    run(
        &book,
        &[
            "board",
            "--today",
            "2026-06-01",
            "--out",
            pack.to_str().unwrap(),
        ],
    )
    .code(0);
    assert!(
        !std::fs::read_to_string(&pack)
            .unwrap()
            .contains("Restated figures")
    );
}

#[test]
fn a_shallow_clone_is_reported_not_trusted() {
    let origin = history();
    let clone = GitRepo::shallow_clone(&origin);
    let run = run(
        &clone.path().join("isms"),
        &["check", "--today", "2026-06-01"],
    );
    run.code(0).stderr_has(
        "note: recorded-late did not run: the repository is a shallow clone, so first-commit dates are those of its oldest commit",
    );
}

#[test]
fn a_book_outside_any_repository_builds_with_provenance_unavailable() {
    let book = BookTest::valid();
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let built = book.run(&["build", "--out", site.to_str().unwrap()]);
    built
        .code(0)
        .stderr_has("note: recorded-late did not run: no git history (");
    let review = std::fs::read_to_string(site.join("reviews/PIR-1.html")).unwrap();
    assert!(review.contains("<p>Not available: the book is not in a git repository.</p>"));
    let compliance = std::fs::read_to_string(site.join("compliance.html")).unwrap();
    assert!(compliance.contains(
        "<code>recorded-late</code> (warn): a review, and its follow-up result, are first committed within record_within_days of their dates — <strong>not run</strong>: the book is not in a git repository"
    ));
    assert!(
        compliance
            .contains("Not checked: step 4, recorded-late (the book is not in a git repository).")
    );
    assert!(!compliance.contains("evidence every step"));
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(index.contains(
        "<p class=\"built-from\">git provenance not available: the book is not in a git repository</p>"
    ));
    // `--at` needs a repository.
    book.run(&["build", "--at", "HEAD"])
        .code(2)
        .stderr_has("is not inside a git repository");
}

#[test]
fn record_pages_show_later_changes_and_authors_only_when_asked() {
    let repo = GitRepo::new();
    repo.write("book.toml", "[book]\ntitle = \"T\"\n");
    repo.write("records/INC-1.md", INCIDENT);
    repo.write("records/PIR-1.md", &review());
    repo.commit_by("Ada Auditor", "2026-01-12", "PIR-1 held");
    repo.write(
        "records/PIR-1.md",
        &review().replace("Body.", "Body, with the timeline checked."),
    );
    repo.commit_by(
        "Ada Auditor",
        "2026-03-02",
        "PIR-1: timeline checked against the logs",
    );
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let site_arg = site.to_str().unwrap();
    run(
        repo.path(),
        &["build", "--today", "2026-04-01", "--out", site_arg],
    )
    .code(0);
    let page = std::fs::read_to_string(site.join("reviews/PIR-1.html")).unwrap();
    assert!(page.contains("<dt>Revisions</dt><dd>2</dd>"), "{page}");
    assert!(
        page.contains("<h3>Changed after the review&#x27;s date</h3>")
            || page.contains("<h3>Changed after the review's date</h3>")
    );
    assert!(
        page.contains("PIR-1: timeline checked against the logs</li>"),
        "{page}"
    );
    assert!(
        !page.contains("Ada Auditor"),
        "author names are personal data"
    );

    repo.write(
        "book.toml",
        "[book]\ntitle = \"T\"\n[provenance]\nshow_authors = true\n",
    );
    run(
        repo.path(),
        &["build", "--today", "2026-04-01", "--out", site_arg],
    )
    .code(0);
    let page = std::fs::read_to_string(site.join("reviews/PIR-1.html")).unwrap();
    assert!(page.contains("· Ada Auditor</dd>"), "{page}");
    // book.toml is now uncommitted: every page's footer says so.
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    assert!(
        index.contains(", with uncommitted changes to records or book.toml</p>"),
        "{index}"
    );
}

/// A commit changes what every page's footer says (the commit built
/// from), though no record changed: a rebuild after it is a build, not
/// the previous output kept.
#[test]
fn a_rebuild_after_a_commit_shows_the_new_commit() {
    let repo = history();
    let book = repo.path().join("isms");
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let build = || {
        run(
            &book,
            &[
                "build",
                "--today",
                "2026-06-01",
                "--out",
                site.to_str().unwrap(),
            ],
        )
        .code(0);
        String::from_utf8(std::fs::read(site.join("index.html")).unwrap()).unwrap()
    };
    let first = build();
    assert!(first.contains(&format!(
        "built from commit {} of 2026-05-10</p>",
        &repo.head()[..7]
    )));
    repo.write("README.md", "Security records, kept in git\n");
    repo.commit("2026-05-20", "README");
    let second = build();
    assert!(
        second.contains(&format!(
            "built from commit {} of 2026-05-20</p>",
            &repo.head()[..7]
        )),
        "{second}"
    );
}
