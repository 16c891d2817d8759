//! `lessonbook build`: the pages hold the right data, every link resolves,
//! builds are atomic and byte-identical, hostile text stays inert, and
//! restricted records never leak.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::book_test::*;

/// Every file under `dir`, by path relative to it.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                files.insert(relative, std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

fn text(files: &BTreeMap<String, Vec<u8>>, name: &str) -> String {
    String::from_utf8(
        files
            .get(name)
            .unwrap_or_else(|| panic!("no {name} in the output"))
            .clone(),
    )
    .unwrap()
}

/// A book with one reviewed high incident, a waived low one and a risk.
fn small_book() -> BookTest {
    let book = BookTest::valid();
    book.write("book.toml", "[book]\ntitle = \"Test book\"\norganisation = \"Acme Ltd\"\n[board]\nperiod = \"2026-01\"\n");
    book.write(
        "records/INC-2.md",
        with(
            &with(
                &with(INCIDENT, "id", "id: INC-2"),
                "severity",
                "severity: low",
            ),
            "variety",
            "review_waiver: Blocked at the mail gateway; nobody clicked\ndecided_by: Head of Security\ndecided: 2026-01-07",
        ),
    );
    book
}

#[test]
fn builds_the_pages_with_the_right_data() {
    let book = small_book();
    book.run(&["build"]).code(0).stderr_has("wrote ");
    let files = read_tree(&book.path().join("book"));
    for page in [
        "index.html",
        "incidents.html",
        "reviews.html",
        "actions.html",
        "controls.html",
        "risks.html",
        "recurrence.html",
        "compliance.html",
        "incidents/INC-1.html",
        "incidents/INC-2.html",
        "reviews/PIR-1.html",
        "risks/RISK-1.html",
        "data/metrics.json",
        "data/incidents.json",
        "data/actions.csv",
        "data/deadlines.ics",
        "static/lessonbook.css",
        "static/lessonbook.js",
    ] {
        assert!(files.contains_key(page), "missing {page}");
    }
    let review = text(&files, "reviews/PIR-1.html");
    assert!(review.contains("<a href=\"../incidents/INC-1.html\">INC-1</a>"));
    assert!(review.contains("Why 5?"));
    assert!(review.contains("Authentication information"));
    assert!(review.contains("<a href=\"../risks/RISK-1.html\">RISK-1</a>"));
    let incident = text(&files, "incidents/INC-1.html");
    assert!(incident.contains("<a href=\"../reviews/PIR-1.html\">PIR-1</a>"));
    // Detected 2026-01-05 09:00, resolved 2026-01-06 (midnight): 15 hours.
    assert!(
        incident.contains("<dt>Time to resolve</dt><dd>15.0 h</dd>"),
        "{incident}"
    );
    let compliance = text(&files, "compliance.html");
    assert!(compliance.contains(
        "waived: Blocked at the mail gateway; nobody clicked (decided by Head of Security on 2026-01-07)"
    ));
    assert!(
        text(&files, "incidents/INC-2.html")
            .contains("Waiver decided by Head of Security on 2026-01-07.")
    );
    // The sign-off on the Record of Evidence, and per failed control the
    // action that treats it.
    assert!(review.contains("<dt>Approved</dt><dd>2026-01-19 by CISO</dd>"));
    assert!(review.contains("<td><a href=\"#action-ACT-1\">ACT-1</a></td>"));
    // No incident is open: the compliance page's table says so.
    assert!(compliance.contains("No incident is open or contained."));
    // metrics.json: two incidents detected in January 2026, one needing a
    // review (INC-2 is waived but still needs one: 1 of 2 reviewed).
    let metrics: serde_json::Value = serde_json::from_slice(&files["data/metrics.json"]).unwrap();
    assert_eq!(metrics["as_of"], TODAY);
    assert_eq!(metrics["months"]["2026-01"]["incidents"], 2);
    assert_eq!(metrics["all"]["needing_review"], 2);
    assert_eq!(metrics["all"]["reviewed"], 1);
    assert_eq!(metrics["all"]["review_coverage"], 0.5);
    assert_eq!(
        metrics["quarters"]["2026-Q1"]["control_failures"]["5.17"],
        1
    );
    let csv = text(&files, "data/actions.csv");
    assert_eq!(
        csv.lines().nth(1).unwrap(),
        "ACT-1,PIR-1,INC-1,Roll out FIDO2,IT lead,technical,open,2026-03-31,,0,5.17"
    );
    let ics = text(&files, "data/deadlines.ics");
    assert!(ics.contains("BEGIN:VEVENT\r\nUID:action-ACT-1@lessonbook\r\nDTSTAMP:20260201T000000Z\r\nDTSTART;VALUE=DATE:20260331\r\nDTEND;VALUE=DATE:20260401\r\n"), "{ics}");
    assert!(ics.contains("UID:follow-up-PIR-1@lessonbook\r\n"));
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
}

/// The compliance page lists open and contained incidents, oldest first,
/// with their age: the as-of date minus the day of detection.
#[test]
fn open_incidents_are_listed_with_their_age() {
    let book = BookTest::valid();
    let open = |id: &str, status: &str, detected: &str| {
        let text = with(
            &with(INCIDENT, "id", &format!("id: {id}")),
            "status",
            status,
        );
        let text = with(&text, "detected", &format!("detected: {detected}"));
        with(&with(&text, "contained", ""), "resolved", "")
    };
    book.write(
        "records/INC-3.md",
        open("INC-3", "status: contained", "2026-01-25 08:00"),
    );
    book.write(
        "records/INC-4.md",
        open("INC-4", "status: open", "2026-01-05 09:00"),
    );
    // As of 2026-02-10: INC-4 is 36 days old (over 30), INC-3 16.
    book.run(&["build", "--today", "2026-02-10"]).code(0);
    let compliance = text(&read_tree(&book.path().join("book")), "compliance.html");
    let row = |id: &str| {
        compliance
            .find(&format!("<td><a href=\"incidents/{id}.html\">"))
            .unwrap()
    };
    assert!(row("INC-4") < row("INC-3"), "oldest first");
    assert!(compliance.contains("2 incidents are open or contained as of 2026-02-10"));
    assert!(compliance.contains(
        "<td>open</td><td>2026-01-05 09:00</td><td data-value=\"36\">36 <span class=\"badge badge-overdue\">over 30</span></td>"
    ));
    assert!(
        compliance
            .contains("<td>contained</td><td>2026-01-25 08:00</td><td data-value=\"16\">16</td>")
    );
    assert!(compliance.contains("INC-4 is still open 36 days after it was detected"));
}

#[test]
fn golden_pages() {
    let book = small_book();
    book.run(&["build"]).code(0);
    let files = read_tree(&book.path().join("book"));
    insta::assert_snapshot!("dashboard", text(&files, "index.html"));
    insta::assert_snapshot!("incident", text(&files, "incidents/INC-1.html"));
    insta::assert_snapshot!("review", text(&files, "reviews/PIR-1.html"));
}

#[test]
fn two_builds_are_byte_identical_and_unchanged_files_are_not_rewritten() {
    let book = small_book();
    book.run(&["build", "--out", "one"]).code(0);
    book.run(&["build", "--out", "two"]).code(0);
    assert_eq!(
        read_tree(&book.path().join("one")),
        read_tree(&book.path().join("two"))
    );
    let run = book.run(&["build", "--out", "one"]);
    run.code(0).stderr_has("(0 changed,");
}

/// A rebuild keeps the record pages whose inputs did not change without
/// rendering them (`.lessonbook-keys`): after a record, the book's title
/// and a template change, the rebuilt site is byte for byte the site a
/// build into an empty folder makes, and the change shows where it should.
#[test]
fn a_rebuild_equals_a_build_from_nothing_after_records_settings_and_templates_change() {
    let book = small_book();
    book.run(&["build", "--out", "one"]).code(0);
    let keys = std::fs::read_to_string(book.path().join("one/.lessonbook-keys")).unwrap();
    assert!(keys.contains(" incidents/INC-1.html\n"), "{keys}");
    assert!(keys.contains(" reviews/PIR-1.html\n"), "{keys}");
    let risk_template = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/risk.html"),
    )
    .unwrap();
    let steps: [(&str, String, &str, &str); 3] = [
        (
            "records/INC-1.md",
            with(INCIDENT, "title", "title: Payroll mailbox taken over"),
            // The review's page names its incident's title too.
            "reviews/PIR-1.html",
            "Payroll mailbox taken over",
        ),
        (
            "book.toml",
            "[book]\ntitle = \"Renamed book\"\norganisation = \"Acme Ltd\"\n[board]\nperiod = \"2026-01\"\n".into(),
            "incidents/INC-2.html",
            "Renamed book",
        ),
        (
            "themes/default/templates/risk.html",
            risk_template.replace("</h1>", " (theme v2)</h1>"),
            "risks/RISK-1.html",
            "(theme v2)",
        ),
    ];
    for (step, (path, text_now, page, shows)) in steps.iter().enumerate() {
        book.write(path, text_now);
        book.run(&["build", "--out", "one"]).code(0);
        let fresh = format!("fresh-{step}");
        book.run(&["build", "--out", &fresh]).code(0);
        let rebuilt = read_tree(&book.path().join("one"));
        assert_eq!(rebuilt, read_tree(&book.path().join(&fresh)), "step {step}");
        assert!(text(&rebuilt, page).contains(shows), "step {step}: {page}");
    }
    // Nothing changed: every file is kept.
    book.run(&["build", "--out", "one"])
        .code(0)
        .stderr_has("(0 changed,");
}

/// A rebuild from the same inputs as the previous build writes nothing:
/// the output folder and its files stay the very files they were. A file
/// deleted or cut short in the output, another as-of date or
/// `--include-restricted` mean a build, which puts back what a build into
/// an empty folder makes.
#[cfg(unix)]
#[test]
fn a_rebuild_from_the_same_inputs_leaves_the_output_untouched() {
    use std::os::unix::fs::MetadataExt;
    let book = small_book();
    let restricted = with(
        &with(
            &with(
                &with(INCIDENT, "id", "id: INC-9"),
                "title",
                "title: CANARY-TITLE",
            ),
            "severity",
            "severity: low",
        ),
        "variety",
        "confidentiality: restricted\nreview_waiver: Blocked at the gateway\ndecided_by: Head of Security\ndecided: 2026-01-07",
    );
    book.write("records/INC-9.md", restricted);
    book.run(&["build", "--out", "one"]).code(0);
    let out = book.path().join("one");
    let page = out.join("incidents/INC-1.html");
    let before = read_tree(&out);
    let inode = |path: &Path| std::fs::metadata(path).unwrap().ino();
    let (folder, file) = (inode(&out), inode(&page));
    let files = before.len() - 2; // the marker and the keys are not counted
    book.run(&["build", "--out", "one"])
        .code(0)
        .stderr_has(&format!(
            "wrote {files} files to one (0 changed, {files} unchanged)"
        ));
    assert_eq!((inode(&out), inode(&page)), (folder, file));
    assert_eq!(read_tree(&out), before);

    std::fs::remove_file(&page).unwrap();
    book.run(&["build", "--out", "one"]).code(0);
    assert_eq!(read_tree(&out), before, "a deleted page is written again");
    assert_ne!(inode(&out), folder, "a real build swaps a new folder in");
    std::fs::write(&page, "cut").unwrap();
    book.run(&["build", "--out", "one"]).code(0);
    assert_eq!(read_tree(&out), before, "a page cut short is written again");

    book.run(&["build", "--out", "one", "--today", "2026-06-30"])
        .code(0);
    book.run(&["build", "--out", "later", "--today", "2026-06-30"])
        .code(0);
    let later = read_tree(&out);
    assert_ne!(later, before);
    assert_eq!(later, read_tree(&book.path().join("later")));

    // The restricted text is published only when asked for, and the next
    // build without the flag takes it out again.
    let canary = |tree: &BTreeMap<String, Vec<u8>>| {
        tree.values()
            .any(|bytes| String::from_utf8_lossy(bytes).contains("CANARY-TITLE"))
    };
    assert!(!canary(&later));
    book.run(&["build", "--out", "one", "--include-restricted"])
        .code(0);
    book.run(&["build", "--out", "all", "--include-restricted"])
        .code(0);
    let all = read_tree(&out);
    assert!(canary(&all));
    assert_eq!(all, read_tree(&book.path().join("all")));
    book.run(&["build", "--out", "one"]).code(0);
    assert_eq!(read_tree(&out), before);
}

#[test]
fn a_failed_build_leaves_the_previous_output() {
    let book = small_book();
    book.run(&["build"]).code(0);
    let before = read_tree(&book.path().join("book"));
    // A record error stops the build before anything is written.
    book.write("records/INC-1.md", with(INCIDENT, "status", "status: shut"));
    book.run(&["build"]).code(1).stderr_has("nothing was built");
    assert_eq!(read_tree(&book.path().join("book")), before);
    // A template error is reported with the template, its line and the record.
    book.write("records/INC-1.md", INCIDENT);
    book.write("themes/default/templates/incident.html", "{% extends \"base.html\" %}{% block content %}{{ incident.no_such_field.title }}{% endblock content %}");
    let run = book.run(&["build"]);
    run.code(2)
        .stderr_has("--> incident.html:1:")
        .stderr_has("incident INC-1");
    assert_eq!(read_tree(&book.path().join("book")), before);
    let leftovers: Vec<_> = std::fs::read_dir(book.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("staging"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn refuses_outputs_that_would_destroy_records() {
    let book = small_book();
    book.run(&["build", "--out", "."])
        .code(2)
        .stderr_has("refusing");
    book.run(&["build", "--out", "records"])
        .code(2)
        .stderr_has("refusing");
    book.write("notes/keep.txt", "mine");
    book.run(&["build", "--out", "notes"])
        .code(2)
        .stderr_has("was not written by lessonbook");
    assert_eq!(
        std::fs::read_to_string(book.path().join("notes/keep.txt")).unwrap(),
        "mine"
    );
    assert!(book.path().join("records/INC-1.md").exists());
}

#[test]
fn theme_files_override_the_default_one_by_one() {
    let book = small_book();
    book.write(
        "themes/default/static/lessonbook.css",
        "body { color: rebeccapurple; }\n",
    );
    book.write("themes/default/static/logo.txt", "extra asset");
    book.run(&["build"]).code(0);
    let files = read_tree(&book.path().join("book"));
    assert_eq!(
        text(&files, "static/lessonbook.css"),
        "body { color: rebeccapurple; }\n"
    );
    assert_eq!(text(&files, "static/logo.txt"), "extra asset");
    assert!(text(&files, "index.html").contains("Learning from incidents"));
    book.write(
        "book.toml",
        "[book]\ntitle = \"T\"\n[build]\ntheme = \"missing\"\n",
    );
    book.run(&["build"])
        .code(2)
        .stderr_has("the theme `missing` was not found");
}

const HOSTILE: &[&str] = &[
    "<script>alert(1)</script>",
    "onerror=alert(2)",
    "javascript:alert(3)",
    "{{ site.title }}",
    "{% raw %}",
];

#[test]
fn hostile_text_is_escaped_everywhere() {
    let book = BookTest::valid();
    let title = "title: \"<script>alert(1)</script> <img src=x onerror=alert(2)> {{ site.title }} {% raw %}\"";
    book.write("records/INC-1.md", with(INCIDENT, "title", title).replace("Body.", "<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n[click](javascript:alert(3)) {{ site.title }} {% raw %}"));
    let review = REVIEW
        .replace(
            "lessons: [Use phishing-resistant MFA]",
            "lessons: [\"<script>alert(1)</script> {{ site.title }}\"]",
        )
        .replace(
            "{function: IT, name: A. N. Other}",
            "{function: IT, name: \"<img src=x onerror=alert(2)>\"}",
        )
        .replace("Body.", "<a href=\"javascript:alert(3)\">x</a> {% raw %}");
    book.write("records/PIR-1.md", review);
    book.run(&["build"]).code(0);
    let files = read_tree(&book.path().join("book"));
    // The JSON exports keep record text inert too: no `<`, `>` or `&`
    // survives, and the JSON still reads back to the original text.
    for name in ["data/incidents.json", "data/metrics.json"] {
        let json = text(&files, name);
        assert!(
            !json.contains(['<', '>', '&']),
            "{name} holds a raw < > or &"
        );
    }
    let incidents: serde_json::Value =
        serde_json::from_str(&text(&files, "data/incidents.json")).unwrap();
    assert!(
        incidents[0]["title"]
            .as_str()
            .unwrap()
            .starts_with("<script>alert(1)</script>"),
        "{}",
        incidents[0]["title"]
    );
    assert!(text(&files, "data/incidents.json").contains("\\u003cscript\\u003e"));
    for (name, bytes) in &files {
        if !name.ends_with(".html") {
            continue;
        }
        let page = String::from_utf8(bytes.clone()).unwrap();
        assert!(!page.contains("<script>alert"), "{name} runs a script");
        assert!(!page.contains("<img src=x"), "{name} has a live img");
        assert!(
            !page.contains("href=\"javascript:"),
            "{name} links to javascript:"
        );
        assert!(
            !page.contains("Test book Test book"),
            "{name} evaluated template syntax"
        );
    }
    let incident = text(&files, "incidents/INC-1.html");
    assert!(
        incident.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
            || incident.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "title not escaped"
    );
    assert!(
        incident.contains("{{ site.title }}"),
        "template syntax in data is shown as text"
    );
    let review = text(&files, "reviews/PIR-1.html");
    assert!(review.contains("&lt;img src=x onerror=alert(2)&gt;"));
    let _ = HOSTILE;
}

#[test]
fn restricted_records_never_leak() {
    let book = BookTest::valid();
    let restricted = with(&with(&with(INCIDENT, "id", "id: INC-9"), "title", "title: CANARY-TITLE HR records browsed"), "variety", "confidentiality: restricted\nassets: [CANARY-ASSET-1]\nreporter: CANARY-REPORTER\ntags: [CANARY-TAG]")
        .replace("Body.", "CANARY-BODY what happened");
    book.write("records/CANARY-FILE-incident.md", restricted);
    let review = with(
        &with(REVIEW, "id", "id: PIR-9"),
        "incidents",
        "incidents: [INC-9]",
    )
    .replace("ACT-1", "ACT-9")
    .replace("Roll out FIDO2", "CANARY-ACTION")
    .replace("IT lead", "CANARY-OWNER")
    .replace("A. N. Other", "CANARY-NAME")
    .replace("Use phishing-resistant MFA", "CANARY-LESSON")
    .replace("SMS codes can be relayed", "CANARY-CAUSE")
    .replace("Alert fires", "CANARY-EVENT")
    .replace("[a, b, c, d, e]", "[CANARY-WHY, b, c, d, e]")
    .replace("auditor: Internal Audit", "auditor: CANARY-AUDITOR")
    .replace("by: CISO", "by: CANARY-APPROVER, role: CANARY-ROLE")
    .replace(
        "  - {id: \"5.17\", outcome: failed}",
        "  - {id: \"5.17\", outcome: failed}\n  - {id: \"8.16\", outcome: missing, accepted: CANARY-ACCEPTED}",
    )
    .replace("Body.", "CANARY-REVIEW-BODY");
    // A restricted near miss: who decided it needs no review is a name too.
    let near_miss = with(
        &with(INCIDENT, "id", "id: INC-10"),
        "variety",
        "nature: near-miss\nconfidentiality: restricted\ndecided_by: CANARY-DECIDER\ndecided: 2026-01-07",
    );
    book.write("records/INC-10.md", near_miss);
    // A finding on the review (not anonymised) shows its path on the
    // compliance page unless the path is hidden.
    book.write(
        "records/CANARY-FILE-review.md",
        review.replace("anonymised: true", "anonymised: false"),
    );
    book.run(&["build"]).code(0);
    let files = read_tree(&book.path().join("book"));
    for (name, bytes) in &files {
        let content = String::from_utf8_lossy(bytes);
        assert!(
            !content.contains("CANARY"),
            "{name} leaks restricted text: {}",
            &content[content.find("CANARY").unwrap().saturating_sub(80)..]
                [..160.min(content.len() - content.find("CANARY").unwrap().saturating_sub(80))]
        );
    }
    // The search index holds its terms lowercased: no canary in any case,
    // but the restricted records' IDs, which the site shows too.
    let mut index = String::new();
    for (name, bytes) in files.iter().filter(|(n, _)| n.starts_with("search/")) {
        let content = String::from_utf8_lossy(bytes).to_lowercase();
        assert!(
            !content.contains("canary"),
            "{name} indexes restricted text"
        );
        index.push_str(&content);
    }
    assert!(
        index.contains("[\"incident\",\"inc-9\",\"[restricted]\",\"incidents/inc-9.html\",[]]")
    );
    // It still counts: two incidents, both reviewed.
    let metrics: serde_json::Value = serde_json::from_slice(&files["data/metrics.json"]).unwrap();
    assert_eq!(metrics["all"]["incidents"], 2);
    assert_eq!(metrics["all"]["reviewed"], 2);
    assert!(text(&files, "incidents/INC-9.html").contains("[restricted]"));
    // With --include-restricted the text is published.
    book.run(&["build", "--include-restricted", "--out", "full"])
        .code(0);
    let full = read_tree(&book.path().join("full"));
    assert!(text(&full, "incidents/INC-9.html").contains("CANARY-TITLE"));
    assert!(text(&full, "reviews/PIR-9.html").contains("CANARY-LESSON"));
    assert!(text(&full, "reviews/PIR-9.html").contains("by CANARY-APPROVER (CANARY-ROLE)"));
    assert!(text(&full, "reviews/PIR-9.html").contains("accepted: CANARY-ACCEPTED"));
    assert!(text(&full, "incidents/INC-10.html").contains("decided by CANARY-DECIDER"));
}

/// Every `href` and `src` in every page resolves to a file of the site, and
/// every `#fragment` to an element id in it.
pub fn broken_links(site: &Path) -> Vec<String> {
    let files = read_tree(site);
    let attribute = regex::Regex::new(r#"(?:href|src)="([^"]*)""#).unwrap();
    let mut broken = Vec::new();
    for (name, bytes) in &files {
        if !name.ends_with(".html") {
            continue;
        }
        let page = String::from_utf8_lossy(bytes);
        let dir = Path::new(name).parent().unwrap_or(Path::new(""));
        for capture in attribute.captures_iter(&page) {
            let link = &capture[1];
            if link.starts_with("http://")
                || link.starts_with("https://")
                || link.starts_with("mailto:")
                || link.starts_with("data:")
            {
                continue;
            }
            let (path, fragment) = link.split_once('#').unwrap_or((link, ""));
            // A query sets the target page's filter form: each key must be
            // one of its fields.
            let (path, query) = path.split_once('?').unwrap_or((path, ""));
            let target: PathBuf = if path.is_empty() {
                PathBuf::from(name)
            } else {
                normalise(&dir.join(path))
            };
            let key = target.to_string_lossy().replace('\\', "/");
            let Some(content) = files.get(&key) else {
                broken.push(format!("{name}: {link}"));
                continue;
            };
            if !fragment.is_empty()
                && !String::from_utf8_lossy(content).contains(&format!("id=\"{fragment}\""))
            {
                broken.push(format!("{name}: {link} (no id {fragment})"));
            }
            for key in query
                .split("&amp;")
                .filter(|p| !p.is_empty())
                .map(|p| p.split('=').next().unwrap_or(p))
            {
                if !String::from_utf8_lossy(content).contains(&format!("name=\"{key}\"")) {
                    broken.push(format!("{name}: {link} (no field {key})"));
                }
            }
        }
    }
    broken
}

fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

#[test]
fn every_link_in_the_sample_site_resolves() {
    let (_out, out_dir) = build_sample_site();
    let broken = broken_links(&out_dir);
    assert!(
        broken.is_empty(),
        "{} broken links:\n{}",
        broken.len(),
        broken.join("\n")
    );
    let files = read_tree(&out_dir);
    assert!(files.keys().filter(|k| k.starts_with("incidents/")).count() >= 40);
}

#[test]
fn board_first_then_build_works() {
    // A user who tries the board pack before the site can still build.
    let book = BookTest::valid();
    book.run(&["board"]).code(0);
    assert!(book.path().join("book/board-pack.html").is_file());
    book.run(&["build"]).code(0);
    assert!(book.path().join("book/index.html").is_file());
    // And the other way round: the board pack updates a built site in place.
    book.run(&["board", "--period", "2026-01"]).code(0);
    assert!(book.path().join("book/index.html").is_file());
    // A folder lessonbook did not write is still refused by both.
    book.write("mine/notes.txt", "keep me");
    book.run(&["board", "--out", "mine/board-pack.html"])
        .code(0);
    book.run(&["build", "--out", "mine"])
        .code(2)
        .stderr_has("was not written by lessonbook");
    assert!(book.path().join("mine/notes.txt").is_file());
}

#[test]
fn a_build_clears_staging_folders_that_killed_builds_left() {
    let book = BookTest::valid();
    book.run(&["build"]).code(0);
    // A build killed mid-write (kill -9) leaves its staging folder; no
    // process has this ID (above the kernel's pid_max of 4194304).
    let abandoned = book.path().join(".book.staging-4999999");
    std::fs::create_dir_all(abandoned.join("incidents")).unwrap();
    std::fs::write(abandoned.join("incidents/INC-1.html"), "half").unwrap();
    let previous = book.path().join(".book.staging-4999998.previous");
    std::fs::create_dir_all(&previous).unwrap();
    // Another tool's folder with a similar name is left alone.
    let other = book.path().join(".book.staging-notapid");
    std::fs::create_dir_all(&other).unwrap();
    book.run(&["build"]).code(0);
    assert!(
        !abandoned.exists(),
        "the abandoned staging folder is still there"
    );
    assert!(!previous.exists());
    assert!(other.exists());
    assert!(book.path().join("book/index.html").is_file());
}

/// A book whose build takes well over the second after which the spinner
/// shows, even in an optimised build: many low incidents with waivers.
fn slow_book() -> BookTest {
    let book = small_book();
    for i in 0..3000 {
        book.write(
            &format!("records/INC-{}.md", 1000 + i),
            with(
                &with(
                    &with(INCIDENT, "id", &format!("id: INC-{}", 1000 + i)),
                    "severity",
                    "severity: low",
                ),
                "variety",
                "review_waiver: Blocked at the mail gateway; nobody clicked\ndecided_by: Head of Security\ndecided: 2026-01-07",
            ),
        );
    }
    book
}

#[test]
fn no_progress_reaches_a_pipe() {
    // stderr is a pipe here, as in CI logs: only the report, no spinner
    // and no terminal control codes, with or without --quiet, however long
    // the build takes (`progress_shows_on_a_terminal` shows it would).
    let book = slow_book();
    for args in [&["build"][..], &["build", "--quiet"]] {
        let run = book.run(args);
        run.code(0);
        assert!(!run.stderr.contains("rendering the site"), "{}", run.stderr);
        assert!(!run.stderr.contains('\u{1b}'), "{}", run.stderr);
        assert!(run.stderr.contains("wrote "), "{}", run.stderr);
    }
}

/// What a terminal shows of `lessonbook ARGS` run in `book`: util-linux's
/// `script` gives it a pseudo-terminal and copies what it draws.
#[cfg(target_os = "linux")]
fn on_a_terminal(book: &BookTest, args: &str) -> String {
    let command = format!(
        "{} {args} --today {TODAY}",
        env!("CARGO_BIN_EXE_lessonbook")
    );
    let output = std::process::Command::new("script")
        .args(["-q", "-e", "-c", &command, "/dev/null"])
        .current_dir(book.path())
        .env_remove("NO_COLOR")
        .output()
        .expect("run `script` (util-linux)");
    assert!(output.status.success(), "{output:?}");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
#[cfg(target_os = "linux")]
fn progress_shows_on_a_terminal_for_long_work_unless_quiet() {
    let book = slow_book();
    let shown = on_a_terminal(&book, "build");
    assert!(
        shown.contains("rendering the site into ./book ("),
        "{shown}"
    );
    // Cleared before the report is printed.
    assert!(shown.contains("\u{1b}[2Kwrote "), "{shown}");
    let quiet = on_a_terminal(&book, "build --quiet");
    assert!(!quiet.contains("rendering the site"), "{quiet}");
    assert!(quiet.contains("wrote "), "{quiet}");
}

/// The search index of a small book: the expected documents and terms are
/// there, and two builds write the same bytes.
#[test]
fn the_search_index_holds_the_records_terms_and_is_deterministic() {
    let book = small_book();
    book.run(&["build"]).code(0);
    book.run(&["build", "--out", "again"]).code(0);
    let first = read_tree(&book.path().join("book"));
    let second = read_tree(&book.path().join("again"));
    let search: Vec<&String> = first.keys().filter(|n| n.starts_with("search/")).collect();
    assert!(
        search.contains(&&"search/index.js".to_string()),
        "{search:?}"
    );
    for name in &search {
        assert_eq!(first[*name], second[*name], "{name} differs between builds");
    }
    let manifest = text(&first, "search/index.js");
    assert!(manifest.starts_with("lessonbookSearch.index({\"format\":1,"));
    // Two incidents, one review, one risk and the 93 Annex A controls.
    assert!(manifest.contains("\"documents\":97,"), "{manifest}");
    let terms = text(&first, "search/terms-0.js");
    assert!(terms.starts_with("lessonbookSearch.terms(0,[["));
    // The review's lesson, the incident's title, a control's title.
    for term in [
        "phishing",
        "resistant",
        "mailbox",
        "fido2",
        "authentication",
    ] {
        assert!(terms.contains(&format!("[\"{term}\",[")), "no term {term}");
    }
    let docs = text(&first, "search/docs-0.js");
    assert!(docs.contains("[\"review\",\"PIR-1\",\"Review of INC-1\",\"reviews/PIR-1.html\",[\"Use phishing-resistant MFA\""), "{docs}");
    assert!(docs.contains("[\"incident\",\"INC-1\","));
}
