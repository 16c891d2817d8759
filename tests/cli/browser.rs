//! The built sample site in a real browser: headless Chromium runs the
//! pages' scripts, and the rendered DOM must hold the KPIs, the charts, the
//! table rows, the result of filtering by severity, and search results. Chromium is not on a
//! machine with only Rust, so the test is ignored by default: `bash .ci/run`
//! installs Debian's `chromium` and runs it with `cargo test -- --include-ignored`.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use crate::book_test::*;

pub fn chromium() -> String {
    for candidate in ["chromium", "chromium-browser", "google-chrome"] {
        if Command::new(candidate)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
        {
            return candidate.to_string();
        }
    }
    panic!(
        "the browser tests need Chromium: `apt-get install -y chromium` (bash .ci/run does this)"
    );
}

/// The DOM after the page's scripts ran, and the browser's console log.
fn dump_dom(page: &Path, query: &str) -> (String, String) {
    let profile = tempfile::tempdir().unwrap();
    let output = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(format!("file://{}{query}", page.display()))
        .output()
        .expect("run chromium");
    assert!(
        output.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    (
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn visible_rows(dom: &str) -> Vec<&str> {
    dom.split("<tr ")
        .skip(1)
        .filter(|row| row.starts_with("data-severity") || row.contains(" data-severity"))
        .filter(|row| !row[..row.find('>').unwrap()].contains("hidden"))
        .collect()
}

#[test]
#[ignore = "needs Chromium: `apt-get install -y chromium`, then `cargo test -- --include-ignored` (bash .ci/run does both)"]
fn sample_site_renders_in_chromium_and_filters_by_severity() {
    let (_out, site) = build_sample_site();
    let metrics: serde_json::Value =
        serde_json::from_slice(&std::fs::read(site.join("data/metrics.json")).unwrap()).unwrap();
    let incidents: serde_json::Value =
        serde_json::from_slice(&std::fs::read(site.join("data/incidents.json")).unwrap()).unwrap();
    let incidents = incidents.as_array().unwrap();

    // The dashboard shows the last complete quarter before 2026-11-27.
    let (dom, log) = dump_dom(&site.join("index.html"), "");
    let q3 = &metrics["quarters"]["2026-Q3"];
    assert!(
        dom.contains(&format!("data-kpi=\"incidents\">{}<", q3["incidents"])),
        "incidents KPI"
    );
    let coverage = (q3["review_coverage"].as_f64().unwrap() * 100.0).round();
    assert!(
        dom.contains(&format!("data-kpi=\"review_coverage\">{coverage}%<")),
        "coverage KPI {coverage}"
    );
    assert!(dom.contains(&format!(
        "data-total=\"incidents\">{}<",
        metrics["all"]["incidents"]
    )));
    for chart in [
        "incidents-by-severity",
        "time-to-resolve",
        "recurrence-rate",
        "review-coverage",
        "action-burndown",
        "top-failed-controls",
    ] {
        assert!(
            dom.contains(&format!("id=\"chart-{chart}\"")),
            "chart {chart} missing"
        );
    }
    assert!(dom.matches("<svg").count() >= 6);
    assert!(
        !log.contains("Content Security Policy"),
        "CSP violation:\n{log}"
    );

    // Every incident is a row (one page of them); with no filter asked
    // the script leaves the page as it is.
    let (dom, log) = dump_dom(&site.join("incidents.html"), "");
    assert_eq!(visible_rows(&dom).len(), incidents.len());
    assert!(dom.contains(&format!("{} in all", incidents.len())));
    assert!(
        !log.contains("Content Security Policy"),
        "CSP violation:\n{log}"
    );

    // Filtering by severity hides every other row.
    let high = incidents.iter().filter(|i| i["severity"] == "high").count();
    assert!(high > 0 && high < incidents.len());
    let (dom, _) = dump_dom(&site.join("incidents.html"), "?severity=high");
    let rows = visible_rows(&dom);
    assert_eq!(rows.len(), high);
    assert!(
        rows.iter()
            .all(|row| row.contains("data-severity=\"high\""))
    );
    assert!(dom.contains(&format!("{high} of {} shown", incidents.len())));
}

/// The text of the first cell of each row of a list, in the page now.
const FIRST_CELLS: &str = "JSON.stringify(Array.from(document.querySelectorAll('#list-incidents tbody tr')).map(tr => tr.cells[0].textContent.trim()))";

#[test]
#[ignore = "needs Chromium: `apt-get install -y chromium`, then `cargo test -- --include-ignored` (bash .ci/run does both)"]
fn a_paged_list_sorts_and_filters_across_every_page() {
    const PATIENCE: Duration = Duration::from_secs(30);
    let (_out, site) = build_paged_sample_site(10);
    let incidents: serde_json::Value =
        serde_json::from_slice(&std::fs::read(site.join("data/incidents.json")).unwrap()).unwrap();
    let incidents = incidents.as_array().unwrap();
    let mut by_id: Vec<&str> = incidents
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    by_id.sort_unstable();
    let mut browser = crate::cdp::Browser::start(&chromium());
    // Page 3 of 5 holds rows 21-30 of the newest-first list.
    let page = browser.open(&format!(
        "file://{}",
        site.join("incidents-3.html").display()
    ));
    browser.wait_for(&page, "document.readyState === 'complete' && !!document.querySelector('#list-incidents button.sort')", PATIENCE, |v| v == true);
    let rows = browser.wait_for(&page, FIRST_CELLS, PATIENCE, |v| v.is_string());
    let rows: Vec<String> = serde_json::from_str(rows.as_str().unwrap()).unwrap();
    assert_eq!(rows.len(), 10);
    assert!(
        !rows.contains(&by_id[0].to_string()),
        "the oldest is not on page 3"
    );

    // Sorting by ID loads every page's script and shows the first ten of
    // all 47, whatever page it started on.
    browser.wait_for(
        &page,
        "document.querySelector('#list-incidents th button.sort').click(), true",
        PATIENCE,
        |v| v == true,
    );
    let expected = serde_json::to_string(&by_id[..10]).unwrap();
    browser.wait_for(&page, FIRST_CELLS, PATIENCE, |v| {
        v.as_str() == Some(&expected)
    });
    const PAGER: &str = "(document.querySelector('nav.pager[data-script] span') || {}).textContent";
    let pager = browser.wait_for(&page, PAGER, PATIENCE, |v| v.is_string());
    assert_eq!(pager, "Rows 1–10 of 47 ");
    const SCRIPTS: &str = "JSON.stringify(Array.from(document.scripts).map(s => s.getAttribute('src')).filter(s => s && s.indexOf('data/lists/') === 0))";
    let loaded = browser.wait_for(&page, SCRIPTS, PATIENCE, |v| v.is_string());
    let loaded: Vec<String> = serde_json::from_str(loaded.as_str().unwrap()).unwrap();
    assert_eq!(
        loaded,
        (1..=5)
            .map(|k| format!("data/lists/incidents-{k}.js"))
            .collect::<Vec<_>>()
    );
    // The static pager gives way to the script's.
    browser.wait_for(
        &page,
        "document.querySelector('nav.pager:not([data-script])').hidden",
        PATIENCE,
        |v| v == true,
    );

    // Next shows rows 11-20 of the sorted list.
    browser.wait_for(&page, "Array.from(document.querySelectorAll('nav.pager[data-script] button')).find(b => b.textContent === 'Next').click(), true", PATIENCE, |v| v == true);
    let expected = serde_json::to_string(&by_id[10..20]).unwrap();
    browser.wait_for(&page, FIRST_CELLS, PATIENCE, |v| {
        v.as_str() == Some(&expected)
    });

    // A filter applies to the whole list: the high incidents of all pages,
    // still sorted by ID, from the first page of the result.
    let mut high: Vec<&str> = incidents
        .iter()
        .filter(|i| i["severity"] == "high")
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    high.sort_unstable();
    assert!(high.len() > 10, "{} high incidents", high.len());
    browser.wait_for(&page, "(s => { s.value = 'high'; s.dispatchEvent(new Event('change', {bubbles: true})); return true; })(document.querySelector('select[name=severity]'))", PATIENCE, |v| v == true);
    let expected = serde_json::to_string(&high[..10]).unwrap();
    browser.wait_for(&page, FIRST_CELLS, PATIENCE, |v| {
        v.as_str() == Some(&expected)
    });
    let count = browser.wait_for(
        &page,
        "document.querySelector('form[data-filter-table=list-incidents] output').textContent",
        PATIENCE,
        |v| v.is_string(),
    );
    assert_eq!(count, format!("{} of 47 shown", high.len()));

    // The text box matches a row's text, read from the rows the scripts
    // hold: the oldest incident's title (on page 5, not this one) finds it.
    let oldest = incidents.iter().find(|i| i["id"] == by_id[0]).unwrap();
    let title = oldest["title"].as_str().unwrap().to_lowercase();
    let with_title: Vec<&str> = by_id
        .iter()
        .copied()
        .filter(|id| {
            let incident = incidents.iter().find(|i| i["id"] == *id).unwrap();
            incident["title"]
                .as_str()
                .unwrap()
                .to_lowercase()
                .contains(&title)
        })
        .collect();
    assert!(with_title.contains(&by_id[0]));
    browser.wait_for(
        &page,
        &format!(
            "(f => {{ f.querySelector('select[name=severity]').value = ''; f.querySelector('[data-filter=text]').value = {}; f.dispatchEvent(new Event('input', {{bubbles: true}})); return true; }})(document.querySelector('form[data-filter-table=list-incidents]'))",
            serde_json::to_string(&title).unwrap()
        ),
        PATIENCE,
        |v| v == true,
    );
    let expected = serde_json::to_string(&with_title).unwrap();
    browser.wait_for(&page, FIRST_CELLS, PATIENCE, |v| {
        v.as_str() == Some(&expected)
    });

    // The dashboard's tag link opens the list filtered by the tag.
    let tagged: Vec<&str> = {
        let mut list: Vec<&str> = incidents
            .iter()
            .filter(|i| i["tags"].as_array().unwrap().iter().any(|t| t == "aws"))
            .map(|i| i["id"].as_str().unwrap())
            .collect();
        list.sort_unstable_by(|a, b| b.cmp(a));
        list
    };
    let page = browser.open(&format!(
        "file://{}?tag=aws",
        site.join("incidents-2.html").display()
    ));
    let count = browser.wait_for(&page, "(document.querySelector('form[data-filter-table=list-incidents] output') || {}).textContent", PATIENCE, |v| v.as_str().is_some_and(|s| s.ends_with("shown")));
    assert_eq!(count, format!("{} of 47 shown", tagged.len()));
    let rows = browser.wait_for(&page, FIRST_CELLS, PATIENCE, |v| v.is_string());
    let mut rows: Vec<String> = serde_json::from_str(rows.as_str().unwrap()).unwrap();
    rows.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(rows, tagged);
}

/// The reviews of the sample whose `lessons` hold `word` (a crude read of
/// the front matter: the list items under `lessons:`).
fn reviews_with_lesson_word(word: &str) -> Vec<String> {
    let mut found = Vec::new();
    let folder = repo_root().join("sample-records/reviews");
    for entry in std::fs::read_dir(folder).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let lessons: String = text
            .lines()
            .skip_while(|line| !line.starts_with("lessons:"))
            .skip(1)
            .take_while(|line| line.starts_with("  "))
            .collect();
        if lessons.to_lowercase().contains(word) {
            let id = text.lines().find_map(|l| l.strip_prefix("id: ")).unwrap();
            found.push(id.to_string());
        }
    }
    found
}

#[test]
#[ignore = "needs Chromium: `apt-get install -y chromium`, then `cargo test -- --include-ignored` (bash .ci/run does both)"]
fn search_from_file_url_finds_the_review_whose_lessons_hold_the_word() {
    const PATIENCE: Duration = Duration::from_secs(30);
    // In one review's lessons, and in the text of three other records.
    let word = "residential";
    assert_eq!(reviews_with_lesson_word(word), ["PIR-2024-002"]);
    let (_out, site) = build_sample_site();
    let mut browser = crate::cdp::Browser::start(&chromium());
    // A page in a sub-folder: the index is at ../search/.
    let page = browser.open(&format!(
        "file://{}",
        site.join("incidents/INC-2024-001.html").display()
    ));
    const INDEX_SCRIPTS: &str = "JSON.stringify(Array.from(document.scripts).map(s => s.getAttribute('src')).filter(s => s.indexOf('search/') !== -1))";
    browser.wait_for(
        &page,
        "document.readyState === 'complete' && !document.querySelector('form.search').hidden",
        PATIENCE,
        |v| v == true,
    );
    // Nothing of the index before the box is used.
    let loaded = browser.wait_for(&page, INDEX_SCRIPTS, PATIENCE, |v| v.is_string());
    assert_eq!(loaded, "[]");

    browser.press(&page, "/", "Slash", "/");
    browser.wait_for(&page, "document.activeElement.id", PATIENCE, |v| {
        v == "search-input"
    });
    browser.type_text(&page, word);
    const RESULTS: &str = "JSON.stringify(Array.from(document.querySelectorAll('#search-results a')).map(a => ({href: a.getAttribute('href'), kind: a.querySelector('.search-kind').textContent, id: a.querySelector('.search-id').textContent, snippet: (a.querySelector('.search-snippet') || {}).innerHTML || ''})))";
    let results = browser.wait_for(&page, RESULTS, PATIENCE, |v| {
        v.as_str().is_some_and(|s| s != "[]")
    });
    let results: serde_json::Value = serde_json::from_str(results.as_str().unwrap()).unwrap();
    let results = results.as_array().unwrap();
    let first = &results[0];
    assert_eq!(first["id"], "PIR-2024-002", "{results:#?}");
    assert_eq!(first["kind"], "Review");
    assert_eq!(first["href"], "../reviews/PIR-2024-002.html");
    let snippet = first["snippet"].as_str().unwrap();
    assert!(
        snippet.contains("<mark>residential</mark>"),
        "snippet: {snippet}"
    );
    // The other records that mention it follow; the status counts them.
    assert!(results.len() >= 2, "{results:#?}");
    let status = browser.wait_for(
        &page,
        "document.getElementById('search-status').textContent",
        PATIENCE,
        |v| v.as_str().is_some_and(|s| s.ends_with("results.")),
    );
    assert_eq!(status, format!("{} results.", results.len()));
    // What it loaded, relative to the page: the manifest and a few shards.
    let loaded = browser.wait_for(&page, INDEX_SCRIPTS, PATIENCE, |v| v.is_string());
    let loaded: Vec<String> = serde_json::from_str(loaded.as_str().unwrap()).unwrap();
    assert_eq!(loaded[0], "../search/index.js");
    assert!(
        loaded.contains(&"../search/terms-0.js".to_string()),
        "{loaded:?}"
    );
    assert!(loaded.iter().any(|s| s.starts_with("../search/docs-")));

    // Arrow keys move through the results; Esc closes them.
    browser.press(&page, "ArrowDown", "ArrowDown", "");
    let focused = browser.wait_for(
        &page,
        "document.activeElement.getAttribute('href')",
        PATIENCE,
        |v| v.is_string(),
    );
    assert_eq!(focused, "../reviews/PIR-2024-002.html");
    browser.press(&page, "Escape", "Escape", "");
    browser.wait_for(
        &page,
        "document.getElementById('search-results').hidden",
        PATIENCE,
        |v| v == true,
    );
}
