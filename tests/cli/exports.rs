//! The `data/` exports that feed other tools: findings.csv, the
//! nonconformity register's input; and the Statement of Applicability on
//! the controls page.

use crate::book_test::*;

fn read(book: &BookTest, name: &str) -> String {
    std::fs::read_to_string(book.path().join("book").join(name))
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn findings_csv_lists_every_finding_with_its_step_and_place() {
    let book = BookTest::valid();
    // The SoA excludes 8.16, which the review finds missing (line 25):
    // `excluded-control`; the review is not marked anonymised (line 32):
    // `not-anonymised`.
    book.write(
        "book.toml",
        "[book]\ntitle = \"Test book\"\n[soa]\nexcluded = { \"8.16\" = \"logs are the host's, under contract\" }\n",
    );
    book.write(
        "records/PIR-1.md",
        with(
            &with(
                REVIEW,
                "  - {id: \"5.17\"",
                "  - {id: \"5.17\", outcome: failed}\n  - {id: \"8.16\", outcome: missing, accepted: \"the host, not us, monitors\"}",
            ),
            "anonymised",
            "anonymised: false",
        ),
    );
    book.run(&["build"]).code(0);
    assert_eq!(
        read(&book, "data/findings.csv"),
        "rule,step,level,record,path,line,column,message\r\n\
         excluded-control,8,warning,PIR-1,records/PIR-1.md,25,10,\"review PIR-1 finds control 8.16 missing, which the Statement of Applicability (book.toml) excludes: \"\"logs are the host's, under contract\"\"\"\r\n\
         not-anonymised,4,warning,PIR-1,records/PIR-1.md,32,1,review PIR-1 is not marked anonymised\r\n"
    );
    let controls = read(&book, "controls.html");
    assert!(
        controls
            .contains("Statement of Applicability (book.toml): 92 controls applicable, 1 excluded"),
        "{controls}"
    );
    assert!(controls.contains("no: logs are the host&#39;s, under contract"));
}

#[test]
fn a_clean_book_has_a_header_only_findings_csv_and_no_soa() {
    let book = BookTest::valid();
    book.run(&["build"]).code(0);
    assert_eq!(
        read(&book, "data/findings.csv"),
        "rule,step,level,record,path,line,column,message\r\n"
    );
    assert!(read(&book, "controls.html").contains("No Statement of Applicability is declared"));
}

#[test]
fn soa_csv_errors_are_shown_at_the_cell() {
    let book = BookTest::valid();
    book.write(
        "soa.csv",
        "control,applicable,justification\n7.5,no,no premises\n7.6,maybe,\n",
    );
    book.run(&["check"])
        .code(2)
        .stderr_has("--> soa.csv:3:5")
        .stderr_has("`maybe` is not an applicable value for control 7.6");
    book.write(
        "soa.csv",
        "control,applicable,justification\n7.5,no,no premises\n",
    );
    book.run(&["build"]).code(0);
    assert!(
        read(&book, "controls.html")
            .contains("Statement of Applicability (soa.csv): 92 controls applicable, 1 excluded")
    );
}

#[test]
fn findings_csv_hides_restricted_paths_as_the_compliance_page_does() {
    let book = BookTest::valid();
    book.write(
        "records/INC-1.md",
        with(INCIDENT, "variety", "confidentiality: restricted"),
    );
    book.write(
        "records/PIR-1.md",
        REVIEW.replace("anonymised: true", "anonymised: false"),
    );
    book.run(&["build"]).code(0);
    let csv = read(&book, "data/findings.csv");
    assert_eq!(
        csv.lines().nth(1),
        Some(
            "not-anonymised,4,warning,PIR-1,[restricted],31,1,review PIR-1 is not marked anonymised"
        )
    );
    book.run(&["build", "--include-restricted", "--out", "full"])
        .code(0);
    let full = std::fs::read_to_string(book.path().join("full/data/findings.csv")).unwrap();
    assert!(full.contains(",PIR-1,records/PIR-1.md,31,1,"), "{full}");
}

#[cfg(unix)]
#[test]
fn a_format_finding_has_no_step_and_a_file_that_is_no_record_no_record_id() {
    let book = BookTest::valid();
    std::os::unix::fs::symlink(
        book.path().join("records"),
        book.path().join("records/loop"),
    )
    .unwrap();
    book.run(&["build"]).code(0);
    let csv = read(&book, "data/findings.csv");
    let row = csv.lines().nth(1).unwrap_or_default();
    assert!(
        row.starts_with("read-error,,warning,,records/loop,"),
        "{csv}"
    );
}
