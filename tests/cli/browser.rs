//! The built sample site in a real browser: headless Chromium runs the
//! pages' scripts, and the rendered DOM must hold the KPIs, the charts, the
//! table rows, and the result of filtering by severity. Chromium is not on a
//! machine with only Rust, so the test is ignored by default: `bash .ci/run`
//! installs Debian's `chromium` and runs it with `cargo test -- --include-ignored`.

use std::path::Path;
use std::process::Command;

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

    // Every incident is a row; the script fills in the count.
    let (dom, log) = dump_dom(&site.join("incidents.html"), "");
    assert_eq!(visible_rows(&dom).len(), incidents.len());
    assert!(dom.contains(&format!("{} shown", incidents.len())));
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
    assert!(dom.contains(&format!("{high} shown")));
}
