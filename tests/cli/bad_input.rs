//! Hostile and broken files: each gives a diagnostic naming the file (and
//! line where there is one), never a panic or a hang, and the other files are
//! still checked.

use std::os::unix::fs::symlink;

use crate::book_test::*;

/// Checks the valid book plus one broken file: the broken file is reported
/// and the run goes on (the valid records are still counted).
fn check_with_broken(path: &str, contents: &[u8]) -> Run {
    let book = BookTest::valid();
    book.write(path, contents);
    let run = book.run(&["check", "--format", "json"]);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run
}

fn records_in_summary(run: &Run) -> u64 {
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    report["summary"]["incidents"].as_u64().unwrap()
        + report["summary"]["reviews"].as_u64().unwrap()
}

#[test]
fn empty_file() {
    let run = check_with_broken("records/empty.md", b"");
    run.code(1);
    assert_eq!(
        run.findings(),
        vec![pair("front-matter", "records/empty.md")]
    );
    assert_eq!(records_in_summary(&run), 2);
}

#[test]
fn no_front_matter() {
    let run = check_with_broken("records/notes.md", b"# Meeting notes\n\nNothing here.\n");
    run.code(1);
    assert_eq!(
        run.findings(),
        vec![pair("front-matter", "records/notes.md:1:1")]
    );
}

#[test]
fn unterminated_front_matter() {
    let run = check_with_broken("records/open.md", b"---\nkind: incident\nid: INC-9\n");
    run.code(1);
    assert_eq!(
        run.findings(),
        vec![pair("front-matter", "records/open.md:1:1")]
    );
}

#[test]
fn byte_order_mark_is_accepted_and_columns_are_unchanged() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(with(&with(INCIDENT, "id", "id: INC-2"), "status", "status: shut").as_bytes());
    let run = check_with_broken("records/bom.md", &bytes);
    run.code(1);
    assert_eq!(
        run.findings(),
        vec![pair("unknown-value", "records/bom.md:8:9")]
    );
}

#[test]
fn crlf_line_endings_are_accepted() {
    let crlf =
        with(&with(INCIDENT, "id", "id: INC-2"), "status", "status: shut").replace('\n', "\r\n");
    let run = check_with_broken("records/crlf.md", crlf.as_bytes());
    run.code(1);
    assert_eq!(
        run.findings(),
        vec![pair("unknown-value", "records/crlf.md:8:9")]
    );
    let book = BookTest::valid();
    book.write("records/crlf.md", crlf);
    let human = book.run(&["check"]);
    human.stderr_has("8 | status: shut\n");
    assert!(!human.stderr.contains('\r'));
}

#[test]
fn crlf_valid_record_parses_cleanly() {
    let book = BookTest::new();
    book.write("records/INC-1.md", INCIDENT.replace('\n', "\r\n"));
    book.write("records/PIR-1.md", REVIEW.replace('\n', "\r\n"));
    book.write("records/RISK-1.md", RISK.replace('\n', "\r\n"));
    book.run(&["check"])
        .code(0)
        .stderr_has("0 errors, 0 warnings");
}

#[test]
fn tab_indentation() {
    let text = with(INCIDENT, "variety", "impact:\n\tcost: 10");
    let book = BookTest::valid();
    book.write("records/tabs.md", with(&text, "id", "id: INC-2"));
    let run = book.run(&["check"]);
    run.code(1)
        .stderr_has("error[yaml-syntax]")
        .stderr_has("--> records/tabs.md:8:")
        .stderr_has("help: YAML indents with spaces, never tabs");
}

#[test]
fn a_review_with_a_tab_still_covers_its_incident() {
    // INC-1 is closed and high: without its review it would be an error.
    for incidents in ["incidents: [INC-1]", "incidents:\n  - INC-1"] {
        let review = with(
            &with(REVIEW, "incidents", incidents),
            "chair",
            "chair:\tHead of Security",
        );
        let run = check_with_broken("records/PIR-1.md", review.as_bytes());
        run.code(1);
        let line = if incidents.contains('[') { 6 } else { 7 };
        assert_eq!(
            run.findings(),
            vec![pair("yaml-syntax", &format!("records/PIR-1.md:{line}:8"))],
            "{incidents}"
        );
    }
}

#[test]
fn bytes_that_are_not_utf8() {
    let mut bytes = b"---\nkind: incident\nid: INC-2\ntitle: caf".to_vec();
    bytes.extend([0xE9, b'\n']);
    bytes.extend(b"---\n");
    let run = check_with_broken("records/latin1.md", &bytes);
    run.code(1);
    assert_eq!(
        run.findings(),
        vec![pair("encoding", "records/latin1.md:4:11")]
    );
    // The human renderer shows the line with the bad byte replaced.
    let book = BookTest::valid();
    book.write("records/latin1.md", &bytes);
    book.run(&["check"])
        .code(1)
        .stderr_has("4 | title: caf\u{FFFD}\n  |           ^ invalid byte here");
}

#[test]
fn fifty_megabyte_file_is_refused_unread() {
    let book = BookTest::valid();
    let path = book.path().join("records/huge.md");
    std::fs::File::create(&path)
        .unwrap()
        .set_len(50 * 1024 * 1024)
        .unwrap();
    let started = std::time::Instant::now();
    let run = book.run(&["check", "--format", "json"]);
    run.code(1);
    assert_eq!(run.findings(), vec![pair("read-error", "records/huge.md")]);
    assert!(
        run.stdout
            .contains("the file is 50.0 MiB; records are limited to 4 MiB")
    );
    assert_eq!(records_in_summary(&run), 2);
    // Refused from its size alone: far quicker than reading 50 MB would be.
    assert!(started.elapsed().as_secs() < 10);
}

#[test]
fn yaml_alias_bomb() {
    let mut text =
        String::from("---\nkind: incident\nid: INC-2\na: &a [x, x, x, x, x, x, x, x, x, x]\n");
    let mut previous = 'a';
    for name in 'b'..='k' {
        let refs = vec![format!("*{previous}"); 10].join(", ");
        text.push_str(&format!("{name}: &{name} [{refs}]\n"));
        previous = name;
    }
    text.push_str("---\n");
    let run = check_with_broken("records/bomb.md", text.as_bytes());
    run.code(1);
    let found = run.findings();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "yaml-syntax");
    assert!(found[0].1.starts_with("records/bomb.md:"), "{found:?}");
    assert!(
        run.stdout
            .contains("aliases expand to more than 100000 values")
    );
}

#[test]
fn very_deep_nesting() {
    let flow = format!(
        "---\nkind: incident\nid: INC-2\nx: {}{}\n---\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let run = check_with_broken("records/deep-flow.md", flow.as_bytes());
    run.code(1);
    assert_eq!(
        run.findings(),
        vec![pair("yaml-syntax", "records/deep-flow.md:4:259")]
    );
    let mut block = String::from("---\nkind: incident\nid: INC-2\n");
    for depth in 0..200 {
        block.push_str(&format!("{}k{depth}:\n", " ".repeat(depth)));
    }
    block.push_str("---\n");
    let run = check_with_broken("records/deep-block.md", block.as_bytes());
    run.code(1);
    let found = run.findings();
    assert_eq!(
        found,
        vec![pair("yaml-syntax", "records/deep-block.md:68:68")]
    );
}

#[test]
fn symlink_loop_is_a_warning_and_not_followed() {
    let book = BookTest::valid();
    symlink(
        book.path().join("records"),
        book.path().join("records/loop"),
    )
    .unwrap();
    let run = book.run(&["check", "--format", "json"]);
    run.code(0);
    assert_eq!(run.findings(), vec![pair("read-error", "records/loop")]);
    assert!(run.stdout.contains("symbolic link loop"));
}

#[test]
fn unreadable_files() {
    let book = BookTest::valid();
    symlink(
        book.path().join("records/missing-target.md"),
        book.path().join("records/dangling.md"),
    )
    .unwrap();
    let fifo = book.path().join("records/pipe.md");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let run = book.run(&["check", "--format", "json"]);
    run.code(1);
    assert_eq!(
        run.findings(),
        vec![
            pair("read-error", "records/dangling.md"),
            pair("read-error", "records/pipe.md")
        ]
    );
    assert!(run.stdout.contains("not a regular file"));
    assert_eq!(records_in_summary(&run), 2);
}

#[test]
fn front_matter_that_is_not_a_map() {
    let run = check_with_broken("records/list.md", b"---\n- a\n- b\n---\n");
    run.code(1);
    assert_eq!(
        run.findings(),
        vec![pair("wrong-type", "records/list.md:2:1")]
    );
}

#[test]
fn garbage_bytes_never_panic() {
    let book = BookTest::valid();
    let mut seed: u64 = 0x2545F4914F6CDD1D;
    for file in 0..40 {
        let mut bytes = b"---\n".to_vec();
        for _ in 0..400 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let alphabet = b"ab: -[]{}&*!|>'\"#\n\t %@`,?0123456789\xC3\xA9";
            bytes.push(alphabet[(seed % alphabet.len() as u64) as usize]);
        }
        bytes.extend(b"\n---\n");
        book.write(&format!("records/fuzz-{file}.md"), bytes);
    }
    let run = book.run(&["check", "--format", "json"]);
    assert!(run.code == 1, "exit {}: {}", run.code, run.stderr);
    assert!(!run.stderr.contains("panicked"));
}
