//! One number, one place: the sample book is built once, and each headline
//! figure is read back out of metrics.json, the dashboard, the board pack's
//! HTML and PDF text, and `check`'s summary. They must agree.

use std::path::Path;

use crate::book_test::*;

fn metrics(site: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(site.join("data/metrics.json")).unwrap()).unwrap()
}

/// A metrics.json value as the pages format it.
fn shown(value: &serde_json::Value, unit: &str) -> String {
    match (value.as_f64(), unit) {
        (None, _) => "–".to_string(),
        (Some(share), "%") => format!("{:.0}%", share * 100.0),
        (Some(hours), "h") => format!("{hours:.1} h"),
        (Some(count), _) => format!("{count:.0}"),
    }
}

/// The text of the element marked `data-kpi="key"` on a page.
fn kpi_on_page(html: &str, key: &str) -> String {
    let marker = format!("data-kpi=\"{key}\">");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no KPI {key} on the page"))
        + marker.len();
    html[start..start + html[start..].find('<').unwrap()].to_string()
}

/// The KPIs both outputs show, with the unit the pages format them in.
const HEADLINE: &[(&str, &str, &str)] = &[
    ("incidents", "Incidents", ""),
    ("review_coverage", "Review coverage", "%"),
    ("mttr_hours_median", "Time to resolve (median)", "h"),
    (
        "recurrence_rate",
        "Recurrence rate (same incident type)",
        "%",
    ),
    (
        "repeat_control_failure_rate",
        "Repeat control failure rate",
        "%",
    ),
    ("actions_open_at_end", "Open actions at period end", ""),
    (
        "actions_overdue_at_end",
        "Overdue actions at period end",
        "",
    ),
    ("actions_open", "Open actions due in the period", ""),
    ("actions_overdue", "Overdue actions due in the period", ""),
    ("follow_ups_effective_rate", "Follow-ups effective", "%"),
];

#[test]
fn headline_figures_agree_across_every_output() {
    let (_out, site) = build_sample_site();
    let metrics = metrics(&site);
    // The dashboard and the board pack show the last complete quarter
    // before the as-of date 2026-11-27.
    let q3 = &metrics["quarters"]["2026-Q3"];
    let dashboard = std::fs::read_to_string(site.join("index.html")).unwrap();
    let pack = std::fs::read_to_string(site.join("board-pack.html")).unwrap();
    let mut distinct = std::collections::BTreeSet::new();
    for (key, _, unit) in HEADLINE {
        let expected = shown(&q3[key], unit);
        assert_eq!(kpi_on_page(&dashboard, key), expected, "dashboard {key}");
        assert_eq!(kpi_on_page(&pack, key), expected, "board pack {key}");
        distinct.insert(expected);
    }
    // The sample is rich enough that the figures are not all alike.
    assert!(distinct.len() >= 5, "{distinct:?}");

    // The two recurrence figures are computed apart: in the sample, common
    // controls failing in unrelated incidents make repeat control failures
    // far more frequent than recurrences of an incident type.
    let quarters = metrics["quarters"].as_object().unwrap();
    let (recurrences, repeats): (u64, u64) = quarters.values().fold((0, 0), |(a, b), m| {
        (
            a + m["recurrences"].as_u64().unwrap(),
            b + m["repeat_control_failures"].as_u64().unwrap(),
        )
    });
    assert!(
        recurrences > 0 && repeats > recurrences,
        "{recurrences} vs {repeats}"
    );

    // The pack's summary repeats the KPIs in words.
    let incidents = q3["incidents"].as_u64().unwrap();
    let overdue = q3["actions_overdue_at_end"].as_u64().unwrap();
    assert!(
        pack.contains(&format!("recorded {incidents} incidents")),
        "summary incidents"
    );
    assert!(
        pack.contains(&format!(
            "{} of {} incidents resolved in the period were reviewed",
            q3["reviewed"], q3["needing_review"]
        )) || q3["reviewed"] == q3["needing_review"],
        "summary coverage"
    );
    let overdue_sentence = match overdue {
        0 => "No corrective action was overdue at period end.".to_string(),
        1 => "1 corrective action was overdue at period end".to_string(),
        n => format!("{n} corrective actions were overdue at period end"),
    };
    assert!(pack.contains(&overdue_sentence), "summary overdue");
    // The pack's list of overdue actions has as many rows as the figure.
    let table = pack
        .split("<table id=\"overdue\">")
        .nth(1)
        .map(|rest| &rest[..rest.find("</table>").unwrap()])
        .unwrap_or("");
    assert_eq!(
        table.matches("<tr><td>").count() as u64,
        overdue,
        "overdue rows"
    );

    // The dashboard's whole-history block is metrics.json's `all`.
    let all = &metrics["all"];
    for (total, key) in [
        ("incidents", "incidents"),
        ("recurrences", "recurrences"),
        ("repeat-control-failures", "repeat_control_failures"),
        ("actions-open-at-end", "actions_open_at_end"),
        ("actions-overdue-at-end", "actions_overdue_at_end"),
    ] {
        assert!(
            dashboard.contains(&format!("data-total=\"{total}\">{}<", all[key])),
            "dashboard total {total}"
        );
    }

    // `check` states the whole-history review coverage from the same metric.
    run_in(
        &repo_root(),
        &["check", "--today", SAMPLE_TODAY, "--color", "never"],
    )
    .code(0)
    .stderr_has(&format!(
        "review coverage {}/{}",
        all["reviewed"], all["needing_review"]
    ));

    // `stats` prints the same period's metrics, the same figures, and the
    // same formatted values as the pages.
    let stats = |period: &str| -> serde_json::Value {
        let run = run_in(
            &repo_root(),
            &[
                "stats",
                "--today",
                SAMPLE_TODAY,
                "--period",
                period,
                "--format",
                "json",
            ],
        );
        run.code(0);
        serde_json::from_str(&run.stdout).unwrap()
    };
    let q3_stats = stats("2026-Q3");
    assert_eq!(&q3_stats["metrics"], q3, "stats 2026-Q3 metrics");
    assert_eq!(q3_stats["period"]["label"], "2026-Q3");
    assert_eq!(q3_stats["period"]["last"], "2026-09-30");
    let figures = q3_stats["figures"].as_array().unwrap();
    assert_eq!(figures.len(), HEADLINE.len());
    for (figure, (key, label, unit)) in figures.iter().zip(HEADLINE) {
        assert_eq!(
            (&figure["key"], &figure["label"]),
            (&(*key).into(), &(*label).into())
        );
        assert_eq!(figure["value"], q3[key], "stats value {key}");
        assert_eq!(figure["shown"], shown(&q3[key], unit), "stats shown {key}");
    }
    assert_eq!(&stats("all")["metrics"], all, "stats all metrics");
    let table = run_in(
        &repo_root(),
        &["stats", "--today", SAMPLE_TODAY, "--period", "2026-Q3"],
    );
    table.code(0);
    for (key, label, unit) in HEADLINE {
        let row = table
            .stdout
            .lines()
            .find(|l| l.starts_with(&format!("{label}  ")))
            .unwrap_or_else(|| panic!("stats lacks {label}:\n{}", table.stdout));
        let value = row[label.len()..]
            .split("  ")
            .find(|c| !c.trim().is_empty());
        assert_eq!(
            value.map(str::trim),
            Some(shown(&q3[key], unit).as_str()),
            "stats table {key}: {row}"
        );
    }

    #[cfg(feature = "pdf")]
    {
        let bytes = std::fs::read(site.join("board-pack.pdf")).unwrap();
        let pdf = pdf_extract::extract_text_from_mem(&bytes).expect("the PDF parses");
        let flat: String = pdf.split_whitespace().collect::<Vec<_>>().join(" ");
        for (key, label, unit) in HEADLINE {
            let expected = shown(&q3[key], unit);
            let at = flat
                .find(label)
                .unwrap_or_else(|| panic!("PDF lacks {label}:\n{flat}"));
            let row = &flat[at + label.len()..];
            assert!(
                row.trim_start().starts_with(&expected),
                "PDF {label}: expected {expected}, found {}",
                &row[..row.len().min(60)]
            );
        }
        assert!(flat.contains(&format!("recorded {incidents} incidents")));
    }
}
