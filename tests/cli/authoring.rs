//! `lessonbook init` and `lessonbook new` as an author runs them: a new
//! book checks clean, nothing is overwritten, new records take the next ID
//! in the book's pattern and fail `check` exactly where a person must
//! write something.

use crate::book_test::*;

fn read(book: &BookTest, relative: &str) -> String {
    std::fs::read_to_string(book.path().join(relative)).expect("the file was written")
}

#[test]
fn init_then_check_passes_with_no_warning() {
    let dir = tempfile::tempdir().unwrap();
    let run = run_in(dir.path(), &["init", "--today", "2026-06-01"]);
    run.code(0)
        .stdout_has("  book.toml\n")
        .stdout_has("  records/reviews/PIR-2026-001.md\n")
        .stdout_has("  .github/workflows/lessonbook.yml\n")
        .stdout_has("  .gitlab-ci.yml\n");
    let run = run_in(
        dir.path(),
        &["check", "--today", "2026-06-01", "--deny-warnings"],
    );
    run.code(0);
    assert_eq!(
        run.stderr,
        "checked 3 records (1 incident, 1 review, 1 risk): 0 errors, 0 warnings; review coverage 1/1 (100%)\n\
         note: recorded-late did not run: no git history (. is not inside a git repository)\n"
    );
    // What the CI jobs run next.
    run_in(dir.path(), &["build", "--today", "2026-06-01"]).code(0);
    assert!(dir.path().join("book/index.html").is_file());
    let ignored = std::fs::read_to_string(dir.path().join(".gitignore")).unwrap();
    assert!(ignored.lines().any(|line| line == "/book/"), "{ignored}");
    // Examples dated from the as-of day stay clean in a later year, too.
    let later = tempfile::tempdir().unwrap();
    run_in(
        later.path(),
        &[
            "init",
            later.path().to_str().unwrap(),
            "--today",
            "2031-01-03",
        ],
    )
    .code(0);
    run_in(
        later.path(),
        &["check", "--today", "2031-01-03", "--deny-warnings"],
    )
    .code(0)
    .stderr_has("0 errors, 0 warnings");
    assert!(
        later
            .path()
            .join("records/incidents/INC-2031-001.md")
            .is_file()
    );
}

#[test]
fn init_refuses_an_existing_book_names_the_file_and_writes_nothing() {
    let book = BookTest::new();
    let run = book.run(&["init"]);
    run.code(2)
        .stderr_has("error: ./book.toml already exists")
        .stderr_has("nothing was written");
    assert_eq!(read(&book, "book.toml"), "[book]\ntitle = \"Test book\"\n");
    assert!(!book.path().join(".gitignore").exists());

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".gitlab-ci.yml"), "mine").unwrap();
    run_in(dir.path(), &["init"])
        .code(2)
        .stderr_has("./.gitlab-ci.yml already exists");
    assert!(!dir.path().join("book.toml").exists());
    assert!(!dir.path().join("records").exists());
}

fn incidents(book: &BookTest, folder: &str, ids: impl IntoIterator<Item = String>) {
    for id in ids {
        let text = with(INCIDENT, "id", &format!("id: {id}"));
        book.write(&format!("{folder}/{id}.md"), text);
    }
}

#[test]
fn new_incident_takes_the_next_id_in_the_books_pattern() {
    let book = BookTest::new();
    incidents(
        &book,
        "records/incidents",
        (1..=14).map(|n| format!("INC-2026-{n:03}")),
    );
    book.run(&["new", "incident"])
        .code(0)
        .stdout_has("records/incidents/INC-2026-015.md\n");
    assert!(read(&book, "records/incidents/INC-2026-015.md").contains("\nid: INC-2026-015  #"));

    let book = BookTest::new();
    incidents(&book, "records", ["INC-7".to_string()]);
    let run = book.run(&["new", "incident", "Lost laptop"]);
    assert_eq!(run.stdout, "records/INC-8.md\n");
    assert!(read(&book, "records/INC-8.md").contains("\ntitle: \"Lost laptop\"  #"));
}

#[test]
fn the_year_rolls_over_with_the_as_of_date() {
    let book = BookTest::new();
    incidents(&book, "records/incidents", ["INC-2026-014".to_string()]);
    let run = book.run(&["new", "incident", "--today", "2027-01-04"]);
    assert_eq!(run.stdout, "records/incidents/INC-2027-001.md\n");
    assert!(read(&book, "records/incidents/INC-2027-001.md").contains("\ndetected: 2027-01-04  #"));
}

#[test]
fn a_new_incident_fails_check_only_where_a_person_must_write() {
    let book = BookTest::valid();
    book.run(&["new", "incident"]).code(0);
    let run = book.run(&["check", "--format", "json"]);
    run.code(1);
    assert_eq!(
        run.findings(),
        vec![
            pair("missing-key", "records/INC-2.md:4:1"),
            pair("missing-key", "records/INC-2.md:5:1"),
            pair("missing-key", "records/INC-2.md:6:1"),
        ]
    );
    book.run(&["check"])
        .stderr_has("error[missing-key]: `title` has no value")
        .stderr_has("= help: write `title: a one-line summary`")
        .stderr_has("= help: write `severity: low | medium | high | critical`");
}

#[test]
fn a_new_review_of_a_high_incident_lists_the_required_functions() {
    let book = BookTest::valid();
    let run = book.run(&["new", "review", "--incident", "INC-1"]);
    assert_eq!(run.stdout, "records/PIR-2.md\n");
    let text = read(&book, "records/PIR-2.md");
    for expected in [
        "\nincidents: [INC-1]  #",
        "\ndate: 2026-02-01  #",
        "\n  - function: IT  #",
        "\n  - function: Legal  #",
        "\n  - function: HR  #",
        "\n  - function: Operations  #",
        "\n  - at: 2026-01-05 09:00  #",
        "\n  - at: 2026-01-06  #",
        "\n  - id: ACT-2  #",
        "\n  due: 2026-07-31  # 180 days after the review",
    ] {
        assert!(text.contains(expected), "{expected:?} not in\n{text}");
    }
}

#[test]
fn a_new_review_fails_check_only_where_a_person_must_write() {
    let book = BookTest::valid();
    book.run(&["new", "review", "--incident", "INC-1"]).code(0);
    let run = book.run(&["check", "--format", "json"]);
    run.code(1);
    let expected: Vec<(String, String)> = EXPECTED_REVIEW_FINDINGS
        .iter()
        .map(|(rule, place)| pair(rule, place))
        .collect();
    assert_eq!(run.findings(), expected);
}

/// Each key a person must write, as `check` reports it: first the format
/// errors (values the parser needs), then, once those are written, the
/// rules that judge a readable review.
const EXPECTED_REVIEW_FINDINGS: &[(&str, &str)] = &[
    ("missing-key", "records/PIR-2.md:17:5"),
    ("missing-key", "records/PIR-2.md:19:5"),
    ("missing-key", "records/PIR-2.md:21:5"),
    ("missing-key", "records/PIR-2.md:25:3"),
    ("missing-key", "records/PIR-2.md:26:3"),
    ("missing-key", "records/PIR-2.md:33:5"),
    ("missing-key", "records/PIR-2.md:34:5"),
    ("missing-key", "records/PIR-2.md:35:1"),
    ("missing-key", "records/PIR-2.md:39:5"),
    ("missing-key", "records/PIR-2.md:43:5"),
];

const EXPECTED_RULE_FINDINGS: &[(&str, &str)] = &[
    ("no-chair", "records/PIR-2.md:6:1"),
    ("shallow-root-cause", "records/PIR-2.md:27:3"),
    ("risk-register-not-checked", "records/PIR-2.md:30:3"),
    // 5.17 failed, and the action's `controls` is still empty.
    ("untreated-control-failure", "records/PIR-2.md:33:9"),
    ("no-corrective-action", "records/PIR-2.md:38:5"),
    ("no-training-decision", "records/PIR-2.md:45:1"),
    ("not-reported", "records/PIR-2.md:46:1"),
    ("not-anonymised", "records/PIR-2.md:50:1"),
    ("unapproved-review", "records/PIR-2.md:51:1"),
];

/// Writes a value into each line of `text` that starts with `prefix` and
/// still has only its comment (`key:  # ...`).
fn fill(text: &str, prefix: &str, value: &str) -> String {
    text.lines()
        .map(|line| match line.strip_prefix(prefix) {
            Some(rest) if rest.starts_with("  #") => format!("{prefix} {value}"),
            _ => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

#[test]
fn once_the_format_errors_are_fixed_each_rule_names_its_key() {
    let book = BookTest::valid();
    book.run(&["new", "review", "--incident", "INC-1"]).code(0);
    let mut text = read(&book, "records/PIR-2.md");
    for (prefix, value) in [
        ("    event:", "Something happened"),
        ("  summary:", "SMS codes can be relayed"),
        ("  category:", "technology"),
        ("  - id:", "\"5.17\""),
        ("    outcome:", "failed"),
        ("lessons:", "[Use phishing-resistant MFA]"),
        ("    title:", "Roll out FIDO2"),
        ("    type:", "technical"),
    ] {
        text = fill(&text, prefix, value);
    }
    book.write("records/PIR-2.md", &text);
    let run = book.run(&["check", "--format", "json"]);
    run.code(1);
    let expected: Vec<(String, String)> = EXPECTED_RULE_FINDINGS
        .iter()
        .map(|(rule, place)| pair(rule, place))
        .collect();
    assert_eq!(run.findings(), expected);
}

#[test]
fn new_risk_and_refusals() {
    let book = BookTest::valid();
    let run = book.run(&["new", "risk", "Ransomware on file servers"]);
    assert_eq!(run.stdout, "records/RISK-2.md\n");
    let run = book.run(&["check", "--format", "json"]);
    assert_eq!(
        run.findings(),
        ["5:1", "6:1", "7:1", "8:1"]
            .map(|at| pair("missing-key", &format!("records/RISK-2.md:{at}")))
            .to_vec(),
        "owner, likelihood, impact, treatment"
    );
    std::fs::remove_file(book.path().join("records/RISK-2.md")).unwrap();

    // A file that is not a record holds the next path: it is kept.
    book.write("records/INC-2.md", "notes, not a record\n");
    book.run(&["new", "incident"])
        .code(2)
        .stderr_has("records/INC-2.md already exists; `lessonbook new` never overwrites a file");
    assert_eq!(read(&book, "records/INC-2.md"), "notes, not a record\n");

    // An empty title holds the place before a DIR.
    let elsewhere = tempfile::tempdir().unwrap();
    let dir = book.path().to_str().unwrap();
    let run = run_in(
        elsewhere.path(),
        &["new", "risk", "", dir, "--today", TODAY],
    );
    assert_eq!(run.stdout, format!("{dir}/records/RISK-2.md\n"));
    assert!(read(&book, "records/RISK-2.md").contains("\ntitle:  #"));

    book.run(&["new", "review", "--incident", "INC-9"])
        .code(2)
        .stderr_has("error: no incident INC-9 in the book");
    book.run(&["new", "risk", "--incident", "INC-1"])
        .code(2)
        .stderr_has("--incident is for `new review`");
}
