//! `lessonbook sample`: the draw an auditor can redo without lessonbook
//! (docs/sampling.md), the page and CSV it writes, and its usage errors.

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::book_test::*;

use crate::provenance::git_repo::GitRepo;

/// The as-of date of these books: after every incident below.
const AS_OF: &str = "2026-05-01";

/// Shown instead of restricted text, as on the site.
const RESTRICTED: &str = "[restricted]";

/// The title of the restricted incident, which no output may show.
const CANARY: &str = "Canary-title-payroll-export";

fn incident(id: &str, severity: &str, nature: &str, detected: &str, extra: &str) -> String {
    format!(
        "---\nkind: incident\nid: {id}\ntitle: Incident {id}\nseverity: {severity}\ncategory: malware\nnature: {nature}\nstatus: open\ndetected: {detected}\n{extra}---\nBody of {id}.\n"
    )
}

/// Nine incidents: INC-1 to INC-7 count (three severities), INC-8 is a
/// false positive and INC-9 a near miss. INC-4 is restricted. PIR-1 (the
/// fixture review, with evidence) covers INC-1; PIR-4 covers INC-4.
fn book() -> BookTest {
    let book = BookTest::new();
    let list = [
        ("INC-1", "high", "confirmed", "2026-01-05", ""),
        ("INC-2", "high", "confirmed", "2026-04-02", ""),
        ("INC-3", "medium", "suspected", "2026-01-20", ""),
        (
            "INC-4",
            "medium",
            "confirmed",
            "2026-02-10",
            "confidentiality: restricted\n",
        ),
        ("INC-5", "low", "confirmed", "2026-02-11", ""),
        ("INC-6", "low", "confirmed", "2026-03-01", ""),
        ("INC-7", "medium", "confirmed", "2026-03-15", ""),
        (
            "INC-8",
            "high",
            "false-positive",
            "2026-01-06",
            "decided_by: CISO\ndecided: 2026-01-07\n",
        ),
        (
            "INC-9",
            "low",
            "near-miss",
            "2026-01-07",
            "decided_by: CISO\ndecided: 2026-01-08\n",
        ),
    ];
    for (id, severity, nature, detected, extra) in list {
        let mut text = incident(id, severity, nature, detected, extra);
        if id == "INC-4" {
            text = text.replace("title: Incident INC-4", &format!("title: {CANARY}"));
        }
        book.write(&format!("records/{id}.md"), text);
    }
    let pir1 = with(
        REVIEW,
        "anonymised:",
        "anonymised: true\nevidence: [{ref: TICKET-4711, kind: ticket}]",
    );
    book.write("records/PIR-1.md", pir1);
    let pir4 = REVIEW
        .replace("id: PIR-1", "id: PIR-4")
        .replace("incidents: [INC-1]", "incidents: [INC-4]")
        .replace(
            "id: ACT-1, title: Roll out FIDO2",
            "id: ACT-4, title: Canary-action-title",
        )
        .replace("date: 2026-01-12", "date: 2026-02-20");
    book.write("records/PIR-4.md", pir4);
    book.write("records/RISK-1.md", RISK);
    book
}

/// What an auditor runs, done in Rust: SHA-256 of `seed:ID`, lowercase
/// hex, sorted ascending. Independent of lessonbook's own code.
fn keyed(seed: &str, ids: &[&str]) -> Vec<(String, String)> {
    let mut keyed: Vec<(String, String)> = ids
        .iter()
        .map(|id| {
            let digest = Sha256::digest(format!("{seed}:{id}").as_bytes());
            let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
            (hex, id.to_string())
        })
        .collect();
    keyed.sort();
    keyed
}

fn sample(book: &BookTest, out: &Path, args: &[&str]) -> Run {
    let mut all = vec!["sample", "--today", AS_OF, "--out", out.to_str().unwrap()];
    all.extend(args);
    book.run(&all)
}

/// The CSV's (stratum, incident, key) triples, in file order.
fn csv_rows(path: &Path) -> Vec<(String, String, String)> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.split("\r\n").filter(|l| !l.is_empty());
    assert_eq!(
        lines.next().unwrap(),
        "rank,stratum,incident,key,severity,status,detected,reviews,actions_open,actions_overdue,follow_up"
    );
    lines
        .map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            (cells[1].into(), cells[2].into(), cells[3].into())
        })
        .collect()
}

fn triples(list: &[(&str, &str)], seed: &str) -> Vec<(String, String, String)> {
    list.iter()
        .map(|(stratum, id)| {
            let key = keyed(seed, &[id]).remove(0).0;
            (stratum.to_string(), id.to_string(), key)
        })
        .collect()
}

#[test]
fn the_draw_is_the_hand_worked_sha256_ranking() {
    // Worked by hand in a shell:
    //   for id in INC-1 INC-2 INC-3 INC-4 INC-5 INC-6 INC-7 INC-8 INC-9; do
    //     printf '%s %s\n' "$(printf '%s' "audit-2026:$id" | sha256sum | cut -d' ' -f1)" "$id"
    //   done | LC_ALL=C sort
    // 034ecf78... INC-6, 14960025... INC-3, 41eed68b... INC-4,
    // a5c55532... INC-1, b62132f8... INC-9, c1c0b62d... INC-5,
    // cf1ea4a8... INC-7, d4ada838... INC-2, d95f684f... INC-8.
    let all = [
        "INC-1", "INC-2", "INC-3", "INC-4", "INC-5", "INC-6", "INC-7", "INC-8", "INC-9",
    ];
    let order: Vec<String> = keyed("audit-2026", &all).into_iter().map(|k| k.1).collect();
    assert_eq!(
        order,
        [
            "INC-6", "INC-3", "INC-4", "INC-1", "INC-9", "INC-5", "INC-7", "INC-2", "INC-8"
        ]
    );
    assert!(keyed("audit-2026", &["INC-6"])[0].0.starts_with("034ecf78"));

    let book = book();
    let out = tempfile::tempdir().unwrap();
    let csv = out.path().join("sample-audit-2026.csv");

    // The whole population (INC-8 and INC-9 left out), first 3 by key.
    let run = sample(&book, out.path(), &["--seed", "audit-2026", "--size", "3"]);
    run.code(0)
        .stdout_has("3 of the 7 incidents detected in the whole history (size 3)")
        .stdout_has("redraw: lessonbook sample --seed audit-2026 --size 3 --today 2026-05-01");
    assert_eq!(
        csv_rows(&csv),
        triples(
            &[("all", "INC-6"), ("all", "INC-3"), ("all", "INC-4")],
            "audit-2026"
        )
    );

    // By severity, 2 each, in the policy's order: low (INC-5, INC-6),
    // medium (INC-3, INC-4, INC-7), high (INC-1, INC-2), critical (none).
    sample(
        &book,
        out.path(),
        &["--seed", "audit-2026", "--by", "severity", "--size", "2"],
    )
    .code(0)
    .stdout_has("strata: low 2 of 2, medium 2 of 3, high 2 of 2, critical 0 of 0");
    assert_eq!(
        csv_rows(&csv),
        triples(
            &[
                ("low", "INC-6"),
                ("low", "INC-5"),
                ("medium", "INC-3"),
                ("medium", "INC-4"),
                ("high", "INC-1"),
                ("high", "INC-2"),
            ],
            "audit-2026"
        )
    );

    // 50 %: low ceil(1) = 1, medium ceil(1.5) = 2, high ceil(1) = 1.
    sample(
        &book,
        out.path(),
        &[
            "--seed",
            "audit-2026",
            "--by",
            "severity",
            "--percent",
            "50",
        ],
    )
    .code(0);
    assert_eq!(
        csv_rows(&csv),
        triples(
            &[
                ("low", "INC-6"),
                ("medium", "INC-3"),
                ("medium", "INC-4"),
                ("high", "INC-1"),
            ],
            "audit-2026"
        )
    );
    // Without strata: ceil(0.5 × 7) = 4.
    sample(
        &book,
        out.path(),
        &["--seed", "audit-2026", "--percent", "50"],
    )
    .code(0);
    let ids: Vec<String> = csv_rows(&csv).into_iter().map(|r| r.1).collect();
    assert_eq!(ids, ["INC-6", "INC-3", "INC-4", "INC-1"]);

    // A period: Q1 2026 leaves INC-2 (detected 2026-04-02) out.
    sample(
        &book,
        out.path(),
        &[
            "--seed",
            "audit-2026",
            "--by",
            "severity",
            "--period",
            "2026-Q1",
        ],
    )
    .code(0)
    .stdout_has("6 of the 6 incidents detected in 2026-Q1 (size 10 per severity)")
    .stdout_has("high 1 of 1");
}

#[test]
fn the_seed_defaults_to_the_as_of_date_and_names_the_files() {
    let book = book();
    let out = tempfile::tempdir().unwrap();
    sample(&book, out.path(), &[])
        .code(0)
        .stdout_has("Sample of seed 2026-05-01 as of 2026-05-01")
        .stderr_has("sample-2026-05-01.html");
    let ids: Vec<String> = csv_rows(&out.path().join("sample-2026-05-01.csv"))
        .into_iter()
        .map(|r| r.1)
        .collect();
    let expected: Vec<String> = keyed(
        "2026-05-01",
        &[
            "INC-1", "INC-2", "INC-3", "INC-4", "INC-5", "INC-6", "INC-7",
        ],
    )
    .into_iter()
    .map(|k| k.1)
    .collect();
    // The default size, 10, takes all seven.
    assert_eq!(ids, expected);
    // A seed with characters a file name should not hold.
    sample(&book, out.path(), &["--seed", "Q1 audit/ISO"]).code(0);
    assert!(out.path().join("sample-Q1-audit-ISO.html").is_file());
    let html = std::fs::read_to_string(out.path().join("sample-Q1-audit-ISO.html")).unwrap();
    // The redraw command quotes it for the shell (and the page escapes it).
    assert!(
        html.contains("--seed &#39;Q1 audit/ISO&#39; --today 2026-05-01"),
        "{html}"
    );
}

#[test]
fn two_runs_write_the_same_bytes() {
    let book = book();
    let (first, second) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let args = ["--seed", "repeat", "--by", "severity", "--size", "2"];
    sample(&book, first.path(), &args).code(0);
    sample(&book, second.path(), &args).code(0);
    for name in ["sample-repeat.html", "sample-repeat.csv"] {
        let a = std::fs::read(first.path().join(name)).unwrap();
        let b = std::fs::read(second.path().join(name)).unwrap();
        assert!(!a.is_empty());
        assert!(a == b, "{name} differs between two runs");
    }
    // Another seed draws another order.
    sample(&book, first.path(), &["--seed", "other", "--size", "7"]).code(0);
    let other: Vec<String> = csv_rows(&first.path().join("sample-other.csv"))
        .into_iter()
        .map(|r| r.1)
        .collect();
    let expected: Vec<String> = keyed(
        "other",
        &[
            "INC-1", "INC-2", "INC-3", "INC-4", "INC-5", "INC-6", "INC-7",
        ],
    )
    .into_iter()
    .map(|k| k.1)
    .collect();
    assert_eq!(other, expected);
}

#[test]
fn the_page_shows_reviews_actions_and_follow_up_and_hides_restricted_text() {
    let book = book();
    let out = tempfile::tempdir().unwrap();
    // Medium: INC-3 and INC-4 (restricted); high: INC-1 and INC-2.
    sample(
        &book,
        out.path(),
        &["--seed", "audit-2026", "--by", "severity", "--size", "2"],
    )
    .code(0);
    let html = std::fs::read_to_string(out.path().join("sample-audit-2026.html")).unwrap();
    for expected in [
        // The header: seed, algorithm, sizes per stratum, as-of date, source.
        "<code>audit-2026</code>",
        "each incident&#39;s key is the SHA-256",
        "<tr><td>medium</td><td class=\"num\">3</td><td class=\"num\">2</td></tr>",
        "<dd>2026-05-01</dd>",
        "git provenance not available",
        // INC-1 and its Record of Evidence, linked into the site.
        "<a href=\"incidents/INC-1.html\">INC-1</a>",
        "<a href=\"reviews/PIR-1.html\">PIR-1</a> held 2026-01-12",
        "TICKET-4711 (ticket)",
        "2026-01-19 by CISO",
        "due 2026-07-10, auditor Internal Audit",
        // ACT-1 was due 2026-03-31: overdue as of 2026-05-01.
        "Roll out FIDO2",
        "overdue by 31 days",
        // No git here: provenance says why.
        "Not available:",
        // The restricted incident is drawn, its text is not shown.
        "<a href=\"incidents/INC-4.html\">INC-4</a>",
        RESTRICTED,
    ] {
        assert!(
            html.contains(expected),
            "the page lacks {expected:?}:\n{html}"
        );
    }
    for hidden in [CANARY, "Canary-action-title", "Body of INC-4"] {
        assert!(!html.contains(hidden), "the page shows {hidden:?}");
    }
    let csv = std::fs::read_to_string(out.path().join("sample-audit-2026.csv")).unwrap();
    assert!(!csv.contains(CANARY));
    let key1 = keyed("audit-2026", &["INC-1"]).remove(0).0;
    assert!(
        csv.contains(&format!(
            "1,high,INC-1,{key1},high,open,2026-01-05,PIR-1,1,1,PIR-1: due 2026-07-10\r\n"
        )),
        "{csv}"
    );

    // With --include-restricted the restricted text is shown.
    sample(
        &book,
        out.path(),
        &[
            "--seed",
            "audit-2026",
            "--by",
            "severity",
            "--size",
            "2",
            "--include-restricted",
        ],
    )
    .code(0);
    let html = std::fs::read_to_string(out.path().join("sample-audit-2026.html")).unwrap();
    assert!(html.contains(CANARY));
    assert!(html.contains("Canary-action-title"));
}

#[test]
fn text_on_the_page_is_escaped() {
    let book = book();
    book.write(
        "records/INC-5.md",
        incident("INC-5", "low", "confirmed", "2026-02-11", "").replace(
            "title: Incident INC-5",
            "title: \"<script>alert(1)</script>\"",
        ),
    );
    let out = tempfile::tempdir().unwrap();
    sample(&book, out.path(), &["--seed", "<b>", "--size", "7"]).code(0);
    let html = std::fs::read_to_string(out.path().join("sample--b-.html")).unwrap();
    assert!(!html.contains("<script>"), "{html}");
    assert!(!html.contains("<b>"));
    assert!(html.contains("&lt;script&gt;"));
}

#[test]
fn provenance_comes_from_git_when_the_book_is_in_a_repository() {
    let repo = GitRepo::new();
    repo.write("book.toml", "[book]\ntitle = \"Audit trail\"\n");
    repo.write("records/INC-1.md", INCIDENT);
    repo.write("records/PIR-1.md", REVIEW);
    repo.write("records/RISK-1.md", RISK);
    repo.commit("2026-01-14", "INC-1 and its review");
    repo.write(
        "records/INC-1.md",
        &with(
            INCIDENT,
            "title",
            "title: Finance mailbox taken over (MFA relay)",
        ),
    );
    repo.commit("2026-01-20", "INC-1: the title says how");
    let out = tempfile::tempdir().unwrap();
    let run = run_in(
        repo.path(),
        &[
            "sample",
            "--today",
            "2026-02-01",
            "--seed",
            "s",
            "--out",
            out.path().to_str().unwrap(),
            "--color",
            "never",
        ],
    );
    run.code(0);
    let html = std::fs::read_to_string(out.path().join("sample-s.html")).unwrap();
    assert!(html.contains("First recorded 2026-01-14"), "{html}");
    assert!(html.contains("last changed 2026-01-20"), "{html}");
    assert!(html.contains("2 revisions"), "{html}");
    // The review's own record, once.
    assert!(html.contains("first recorded 2026-01-14"), "{html}");
    assert!(html.contains("built from commit"), "{html}");
}

#[test]
fn at_a_revision_the_sample_is_drawn_from_its_records() {
    let repo = GitRepo::new();
    repo.write("book.toml", "[book]\ntitle = \"Audit trail\"\n");
    repo.write("records/INC-1.md", INCIDENT);
    repo.commit("2026-01-14", "INC-1");
    repo.git(&["tag", "v1"]);
    repo.write("records/INC-2.md", &with(INCIDENT, "id", "id: INC-2"));
    let out = tempfile::tempdir().unwrap();
    let out_arg = out.path().to_str().unwrap();
    let common = [
        "sample",
        "--today",
        "2026-02-01",
        "--seed",
        "s",
        "--out",
        out_arg,
    ];
    run_in(repo.path(), &[&common[..], &["--color", "never"]].concat())
        .code(0)
        .stdout_has("2 of the 2 incidents");
    run_in(
        repo.path(),
        &[&common[..], &["--at", "v1", "--color", "never"]].concat(),
    )
    .code(0)
    .stdout_has("1 of the 1 incidents")
    .stdout_has("--at v1 --today 2026-02-01");
}

#[test]
fn by_default_the_files_go_into_the_output_folder_beside_the_site() {
    let book = book();
    // A site already built there (a folder lessonbook marked as its own).
    let site = book.path().join("book");
    std::fs::create_dir_all(&site).unwrap();
    std::fs::write(site.join(".lessonbook-output"), "x").unwrap();
    std::fs::write(site.join("index.html"), "site").unwrap();
    book.run(&["sample", "--today", AS_OF, "--seed", "s"])
        .code(0)
        .stderr_has("sample-s.html");
    assert!(site.join("sample-s.html").is_file());
    assert!(site.join("sample-s.csv").is_file());
    // The site is left as it was: two files added, nothing replaced.
    assert_eq!(
        std::fs::read_to_string(site.join("index.html")).unwrap(),
        "site"
    );

    // A folder lessonbook did not write is refused, as for `board`.
    let other = BookTest::new();
    other.write("records/INC-1.md", INCIDENT);
    other.write("book/notes.txt", "mine");
    other
        .run(&["sample", "--seed", "s"])
        .code(2)
        .stderr_has("not written by lessonbook");
    assert!(!other.path().join("book/sample-s.html").exists());
}

#[test]
fn a_book_with_errors_is_sampled_with_a_note() {
    let book = book();
    // A review of an incident that does not exist: an error.
    book.write(
        "records/PIR-9.md",
        REVIEW
            .replace("id: PIR-1", "id: PIR-9")
            .replace("incidents: [INC-1]", "incidents: [INC-404]")
            .replace("ACT-1", "ACT-9"),
    );
    let out = tempfile::tempdir().unwrap();
    sample(&book, out.path(), &["--seed", "s"])
        .code(0)
        .stderr_has("note: the records have")
        .stderr_has("the sample is drawn from the book as it is");
    let html = std::fs::read_to_string(out.path().join("sample-s.html")).unwrap();
    assert!(html.contains("The records have"), "{html}");
}

#[test]
fn usage_errors_exit_2_with_a_message() {
    let book = book();
    let out = tempfile::tempdir().unwrap();
    for (args, message) in [
        (&["--size", "0"][..], "--size"),
        (&["--size", "ten"][..], "--size"),
        (&["--percent", "0"][..], "not a percentage"),
        (&["--percent", "101"][..], "not a percentage"),
        (&["--percent", "12.345"][..], "not a percentage"),
        (&["--by", "owner"][..], "invalid value 'owner'"),
        (
            &["--size", "3", "--percent", "10"][..],
            "cannot be used with",
        ),
        (&["--seed", ""][..], "the seed must be 1 to 100 characters"),
        (&["--period", "2026-Q5"][..], "not a period"),
    ] {
        let run = sample(&book, out.path(), args);
        run.code(2).stderr_has(message);
    }
    let long = "x".repeat(101);
    sample(&book, out.path(), &["--seed", &long])
        .code(2)
        .stderr_has("this one has 101");
    // Nothing was written by any of them.
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);

    // A folder that is no book.
    let empty = tempfile::tempdir().unwrap();
    let run = run_in(
        empty.path(),
        &["sample", "--today", AS_OF, "--color", "never"],
    );
    run.code(2).stderr_has("book.toml");
}

#[test]
fn in_the_built_site_every_link_of_the_page_resolves() {
    let (_out, site) = build_sample_site();
    let run = run_in(
        &repo_root(),
        &[
            "sample",
            "--today",
            SAMPLE_TODAY,
            "--by",
            "severity",
            "--seed",
            "audit-2026",
            "--out",
            site.to_str().unwrap(),
            "--color",
            "never",
        ],
    );
    run.code(0).stdout_has("29 of the 42 incidents");
    let html = std::fs::read_to_string(site.join("sample-audit-2026.html")).unwrap();
    assert!(html.contains("href=\"reviews/PIR-"), "no review linked");
    // The sample book's restricted incident is drawn; its title is not shown.
    assert!(html.contains("href=\"incidents/INC-2025-016.html\""));
    assert!(!html.contains("HR system records accessed outside job role"));
    let broken = crate::build::broken_links(&site);
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}
