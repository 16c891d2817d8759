//! `lessonbook board` and the board pack files `build` writes: the PDF is
//! valid and holds the same figures as the HTML, nothing personal or
//! restricted gets in, and the bytes are the same on every build.

use crate::book_test::*;

fn pdf_text(path: &std::path::Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    pdf_extract::extract_text_from_mem(&bytes).expect("the PDF parses")
}

/// The valid book plus planted personal data, a custom pattern, and a
/// restricted incident with its review, all in January 2026.
fn planted_book() -> BookTest {
    let book = BookTest::valid();
    book.write("book.toml", "[book]\ntitle = \"Test book\"\norganisation = \"Acme Ltd\"\n[board]\nperiod = \"2026-01\"\nredact = [\"(?i)acme-internal-\\\\w+\"]\n");
    let review = REVIEW
        .replace("A. N. Other", "Jane Participant-Canary")
        .replace("auditor: Internal Audit", "auditor: Auditor-Canary")
        .replace("lessons: [Use phishing-resistant MFA]", "lessons: [\"Mail j.doe@example.com, call +44 20 7946 0958, block 203.0.113.9 and 2001:db8::7, rotate ACME-INTERNAL-vault\"]");
    book.write(
        "records/PIR-1.md",
        review.replace(
            "anonymised: true",
            "anonymised: true\nevidence: [{ref: EVIDENCE-CANARY-42}]",
        ),
    );
    book.write(
        "records/INC-1.md",
        INCIDENT.replace(
            "variety: phishing",
            "variety: phishing\nreporter: Reporter-Canary",
        ),
    );
    let restricted = with(
        &with(
            &with(INCIDENT, "id", "id: INC-9"),
            "title",
            "title: RESTRICTED-CANARY title",
        ),
        "variety",
        "confidentiality: restricted",
    );
    book.write("records/INC-9.md", restricted);
    let review9 = with(
        &with(REVIEW, "id", "id: PIR-9"),
        "incidents",
        "incidents: [INC-9]",
    )
    .replace("ACT-1", "ACT-9")
    .replace("Roll out FIDO2", "RESTRICTED-CANARY action")
    .replace("IT lead", "RESTRICTED-CANARY owner")
    .replace("Use phishing-resistant MFA", "RESTRICTED-CANARY lesson");
    book.write("records/PIR-9.md", review9);
    book
}

#[test]
fn pdf_and_html_hold_the_same_figures() {
    let book = planted_book();
    book.run(&["board", "--out", "pack/board.html"])
        .code(0)
        .stderr_has("wrote the board pack for 2026-01");
    let html = std::fs::read_to_string(book.path().join("pack/board.html")).unwrap();
    let pdf = pdf_text(&book.path().join("pack/board.pdf"));
    // January 2026: INC-1 and INC-9 detected (2), both resolved and
    // reviewed (100%), each 15 h to resolve (median 15.0 h, N = 2).
    for figure in [
        "Incidents",
        "Review coverage",
        "100%",
        "15.0 h",
        "N = 2; 90th percentile 15.0 h (mean not shown below N = 5)",
        "2025-12",
        "2025-01",
    ] {
        assert!(html.contains(figure), "HTML lacks {figure}");
        assert!(pdf.contains(figure), "PDF lacks {figure}:\n{pdf}");
    }
    assert!(
        html.contains("<td>Incidents</td><td class=\"num\" data-kpi=\"incidents\">2</td>"),
        "HTML incidents row"
    );
    assert!(
        pdf.contains("In 2026-01, Acme Ltd recorded 2 incidents (2 high or above)"),
        "{pdf}"
    );
    // Self-contained: no external file is referenced.
    assert!(
        !html.contains("href=\"static/") && !html.contains("<script src"),
        "the HTML pack must stand alone"
    );
    assert!(html.contains("<svg"), "charts are inline SVG");
}

#[test]
fn nothing_personal_or_restricted_reaches_the_pack() {
    let book = planted_book();
    book.run(&["build"]).code(0);
    let html = std::fs::read_to_string(book.path().join("book/board-pack.html")).unwrap();
    let pdf = pdf_text(&book.path().join("book/board-pack.pdf"));
    // February's pack lists the actions of January's management reports
    // (PIR-1 and the restricted PIR-9, both reported 2026-01-20) still open.
    book.run(&["board", "--period", "2026-02", "--out", "feb/board.html"])
        .code(0);
    let feb_html = std::fs::read_to_string(book.path().join("feb/board.html")).unwrap();
    let feb_pdf = pdf_text(&book.path().join("feb/board.pdf"));
    assert!(
        feb_html.contains("<tr><th scope=\"row\">ACT-9</th><td>PIR-9</td><td>2026-03-31</td><td class=\"num\">–</td><td>[redacted]</td></tr>"),
        "{feb_html}"
    );
    for (name, text) in [
        ("HTML", &html),
        ("PDF", &pdf),
        ("February's HTML", &feb_html),
        ("February's PDF", &feb_pdf),
    ] {
        for secret in [
            "j.doe@example.com",
            "7946 0958",
            "203.0.113.9",
            "2001:db8::7",
            "ACME-INTERNAL",
            "acme-internal",
            "Participant-Canary",
            "Auditor-Canary",
            "Reporter-Canary",
            "EVIDENCE-CANARY",
            "RESTRICTED-CANARY",
        ] {
            assert!(!text.contains(secret), "{name} leaks {secret}");
        }
    }
    assert!(html.contains(
        "Mail [redacted], call [redacted], block [redacted] and [redacted], rotate [redacted]"
    ));
}

#[test]
fn board_files_are_byte_identical_across_builds() {
    let book = planted_book();
    book.run(&["build", "--out", "one"]).code(0);
    book.run(&["build", "--out", "two"]).code(0);
    for file in ["board-pack.html", "board-pack.pdf"] {
        assert_eq!(
            std::fs::read(book.path().join("one").join(file)).unwrap(),
            std::fs::read(book.path().join("two").join(file)).unwrap(),
            "{file} differs"
        );
    }
}

#[test]
fn periods_are_parsed_and_bad_ones_refused() {
    let book = planted_book();
    for (period, label) in [
        ("2026-Q1", "2026-Q1"),
        ("2026", "2026"),
        ("2026-01-01..2026-01-31", "2026-01"),
        ("2026-01-05..2026-02-10", "2026-01-05 to 2026-02-10"),
        ("quarter", "2025-Q4"),
        ("month", "2026-01"),
        ("year", "2025"),
    ] {
        book.run(&["board", "--period", period])
            .code(0)
            .stderr_has(&format!("wrote the board pack for {label} "));
    }
    book.run(&["board", "--period", "2026-Q5"])
        .code(2)
        .stderr_has("is not a period");
    book.run(&["board", "--period", "2026-06-30..2026-01-01"])
        .code(2)
        .stderr_has("ends before it starts");
}

/// "Does the learning pay?" for 2026-Q2, as of 2026-07-15. The valid book
/// (INC-1, detected 2026-01-05 09:00, resolved 01-06 00:00: 15 h; PIR-1
/// reported 2026-01-20 with ACT-1 due 2026-03-31, open) plus low-severity
/// incidents with impact:
///
/// | id | detected | resolved | hours | impact |
/// |---|---|---|---|---|
/// | INC-21 | 2026-04-10 09:00 | 04-11 09:00 | 24 | 1000 GBP, 2.5 h down |
/// | INC-22 | 2026-05-03 10:00 | 05-03 22:00 | 12 | 500 GBP, 1 h down |
/// | INC-23 | 2026-06-01 08:00 | 06-03 08:00 | 48 | 200 EUR, 0.5 h down |
/// | INC-11 | 2025-04-15 00:00 | 04-17 00:00 | 48 | 600 GBP, 3 h down |
/// | INC-12 | 2025-06-10 00:00 | 06-13 00:00 | 72 | 300 GBP, 2 h down |
#[test]
fn the_learning_pays_section_in_html_and_pdf() {
    let book = BookTest::valid();
    book.write(
        "book.toml",
        "[book]\ntitle = \"Test book\"\norganisation = \"Acme Ltd\"\n[board]\nperiod = \"2026-Q2\"\n",
    );
    for (id, detected, resolved, impact) in [
        (
            "INC-21",
            "2026-04-10 09:00",
            "2026-04-11 09:00",
            "{cost: 1000, currency: GBP, downtime_hours: 2.5}",
        ),
        (
            "INC-22",
            "2026-05-03 10:00",
            "2026-05-03 22:00",
            "{cost: 500, currency: GBP, downtime_hours: 1}",
        ),
        (
            "INC-23",
            "2026-06-01 08:00",
            "2026-06-03 08:00",
            "{cost: 200, currency: EUR, downtime_hours: 0.5}",
        ),
        (
            "INC-11",
            "2025-04-15 00:00",
            "2025-04-17 00:00",
            "{cost: 600, currency: GBP, downtime_hours: 3}",
        ),
        (
            "INC-12",
            "2025-06-10 00:00",
            "2025-06-13 00:00",
            "{cost: 300, currency: GBP, downtime_hours: 2}",
        ),
    ] {
        book.write(
            &format!("records/{id}.md"),
            format!("---\nkind: incident\nid: {id}\ntitle: t\nseverity: low\ncategory: error\nstatus: resolved\ndetected: {detected}\nresolved: {resolved}\nimpact: {impact}\n---\n"),
        );
    }
    book.run(&["board", "--today", "2026-07-15"])
        .code(0)
        .stderr_has("wrote the board pack for 2026-Q2");
    let html = std::fs::read_to_string(book.path().join("book/board-pack.html")).unwrap();
    let pdf = pdf_text(&book.path().join("book/board-pack.pdf"));
    let row = |cells: &[&str]| {
        let (head, rest) = cells.split_first().unwrap();
        let tds: String = rest
            .iter()
            .map(|c| format!("<td class=\"num\">{c}</td>"))
            .collect();
        format!("<tr><th scope=\"row\">{head}</th>{tds}</tr>")
    };
    // 2026-Q2 against 2025-Q2, currencies by code. EUR: 200 against none,
    // +200, no percent of a zero base. GBP: 1000 + 500 = 1,500 against
    // 600 + 300 = 900: +600, 600 / 900 = 66.7% → +67%. Downtime: 2.5 + 1 +
    // 0.5 = 4.0 h against 3 + 2 = 5.0 h: −1.0 h, −20%. Time to resolve:
    // median of 12, 24, 48 = 24.0 h (N = 3) against the median of 48 and 72 =
    // 60.0 h (N = 2): −36.0 h, −60%.
    for expected in [
        row(&["Impact cost (EUR)", "EUR 200", "EUR 0", "+200"]),
        row(&["Impact cost (GBP)", "GBP 1,500", "GBP 900", "+600 (+67%)"]),
        row(&["Downtime", "4.0 h", "5.0 h", "-1.0 h (-20%)"]),
        row(&[
            "Time to resolve (median)",
            "24.0 h (N = 3)",
            "60.0 h (N = 2)",
            "-36.0 h (-60%)",
        ]),
        // 2026-Q1 against 2025-Q1: INC-1 alone, no cost recorded, 15 h to
        // resolve.
        row(&["Impact cost", "none recorded", "no incidents", "–"]),
        row(&[
            "Time to resolve (median)",
            "15.0 h (N = 1)",
            "– (N = 0)",
            "–",
        ]),
        // PIR-1, reported 2026-01-20 (2026-Q1): ACT-1 open, due 03-31, so
        // 30 + 31 + 30 + 15 = 106 days overdue on 07-15.
        row(&["2026-Q1", "1", "1", "0", "0", "0", "1", "1"]),
    ] {
        assert!(html.contains(&expected), "HTML lacks {expected}");
    }
    assert!(html.contains(
        "<tr><th scope=\"row\">ACT-1</th><td>PIR-1</td><td>2026-03-31</td><td class=\"num\">106</td><td>IT lead</td></tr>"
    ));
    for text in [
        "Does the learning pay?",
        "2026-Q2 against 2025-Q2",
        "GBP 1,500",
        "+600 (+67%)",
        "-36.0 h (-60%)",
        "Actions agreed at earlier management reports",
        "106",
    ] {
        assert!(pdf.contains(text), "PDF lacks {text}:\n{pdf}");
    }
}
