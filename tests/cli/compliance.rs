//! The compliance page and the board pack follow the procedure's ten
//! steps: what ran, the records each step's rules judged and how many have
//! no finding, and what was not checked. Read back from the built files.

use crate::book_test::{BookTest, INCIDENT};

/// Per step row of the compliance page: (number, the judged cell's text,
/// findings).
fn steps(page: &str) -> Vec<(u8, String, String)> {
    let tbody = page
        .split_once("<table class=\"data\" id=\"step-table\">")
        .expect("the step table")
        .1
        .split_once("</table>")
        .unwrap()
        .0;
    tbody
        .split("data-step=\"")
        .skip(1)
        .map(|row| {
            let number = row[..row.find('"').unwrap()].parse().unwrap();
            let cell = |class: &str| {
                let start = row.find(class).unwrap() + class.len();
                let rest = &row[start..];
                strip_tags(&rest[..rest.find("</td>").unwrap()])
            };
            (
                number,
                cell("<td class=\"judged\">"),
                cell("<td class=\"num\">"),
            )
        })
        .collect()
}

fn strip_tags(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

/// INC-1 reviewed by PIR-1 (clean); INC-2, low and closed, has no review:
/// a missing-review warning in step 4, on the incident. not-reported (step
/// 9's only rule) is set to allow, and the book is in no repository, so
/// recorded-late (step 4) does not run either.
#[test]
fn the_compliance_page_and_board_pack_list_the_ten_steps_with_their_counts() {
    let book = BookTest::valid();
    book.write(
        "book.toml",
        "[book]\ntitle = \"Test book\"\n[rules]\nnot-reported = \"allow\"\n",
    );
    book.write(
        "records/INC-2.md",
        INCIDENT
            .replace("id: INC-1", "id: INC-2")
            .replace("severity: high", "severity: low"),
    );
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    book.run(&["build", "--out", site.to_str().unwrap()])
        .code(0);
    let page = std::fs::read_to_string(site.join("compliance.html")).unwrap();
    let rows = steps(&page);
    let expected: Vec<(u8, &str, &str)> = vec![
        (1, "2 of 2 incidents", "0"),
        (2, "1 of 1 reviews", "0"),
        (3, "1 of 1 reviews", "0"),
        (4, "1 of 2 incidents; 1 of 1 reviews", "1"),
        (5, "1 of 1 reviews", "0"),
        (6, "1 of 1 reviews", "0"),
        (7, "1 of 1 reviews", "0"),
        (8, "1 of 1 reviews", "0"),
        (9, "not checked", "0"),
        (10, "2 of 2 incidents; 1 of 1 reviews", "0"),
    ];
    let rows: Vec<(u8, &str, &str)> = rows
        .iter()
        .map(|(n, judged, findings)| (*n, judged.as_str(), findings.as_str()))
        .collect();
    assert_eq!(rows, expected);
    assert!(page.contains("<th scope=\"row\">4. Keep the review as a Record of Evidence</th>"));
    assert!(page.contains("<code>recorded-late</code> (warn): a review, and its follow-up result, are first committed within record_within_days of their dates — <strong>not run</strong>: the book is not in a git repository"));
    assert!(page.contains("<code>missing-review</code> (deny): "));
    let statement = "The rules that ran (20 of 22) report 1 open finding (0 errors, 1 warning) in 1 of the 10 steps; 1 of 2 resolved incidents that needed a review were reviewed. Not checked: step 4, recorded-late (the book is not in a git repository); step 9, not-reported (set to allow in book.toml). No rule checked step 9 (Report to management): the records are not evidence of it.";
    assert!(
        page.contains(&format!("<p id=\"conformity-statement\">{statement}</p>")),
        "{page}"
    );
    assert!(!page.contains("every step"));

    // The board pack prints the same statement and the same counts.
    let pack = std::fs::read_to_string(site.join("board-pack.html")).unwrap();
    assert!(pack.contains(&format!("<p id=\"conformity-statement\">{statement}</p>")));
    assert!(pack.contains(
        "<tr><td>4. Keep the review as a Record of Evidence</td><td>5 of 6 rules</td><td>1 of 2 incidents; 1 of 1 reviews</td><td class=\"num\">1</td></tr>"
    ));
    assert!(pack.contains(
        "<tr><td>9. Report to management</td><td>not checked</td><td>–</td><td class=\"num\">0</td></tr>"
    ));
    #[cfg(feature = "pdf")]
    {
        let pdf = std::fs::read(site.join("board-pack.pdf")).unwrap();
        let text = pdf_extract::extract_text_from_mem(&pdf).unwrap();
        let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains("Records without a finding"), "{flat}");
        assert!(flat.contains("No rule checked step 9"), "{flat}");
    }
}
