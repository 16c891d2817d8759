//! Tests through `render_svg`: what each kind shows. `inputs` holds the
//! inputs that must not break a chart.

mod inputs;

use super::{Chart, ChartKind, Series, render_svg};

pub(super) fn chart(
    kind: ChartKind,
    categories: &[&str],
    series: &[(&str, &[Option<f64>])],
) -> Chart {
    Chart {
        id: "test-chart".into(),
        title: "Test title".into(),
        x_label: "Month".into(),
        y_label: "Incidents".into(),
        categories: categories.iter().map(|c| c.to_string()).collect(),
        series: series
            .iter()
            .map(|(name, values)| Series {
                name: name.to_string(),
                values: values.to_vec(),
            })
            .collect(),
        kind,
        unit: String::new(),
        groups: Vec::new(),
    }
}

/// The content of every `<text>` element, in document order.
fn texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|rest| {
            let start = rest.find('>')? + 1;
            let end = rest.find("</text>")?;
            Some(rest[start..end].trim().to_owned())
        })
        .collect()
}

fn months(count: usize) -> Vec<String> {
    (0..count)
        .map(|i| format!("{}-{:02}", 2024 + i / 12, i % 12 + 1))
        .collect()
}

fn severity_chart() -> Chart {
    let cats = ["2026-01", "2026-02", "2026-03", "2026-04"];
    chart(
        ChartKind::StackedBars,
        &cats,
        &[
            ("Low", &[Some(2.0), Some(1.0), None, Some(3.0)]),
            ("Medium", &[Some(1.0), Some(0.0), Some(2.0), Some(1.0)]),
            ("High", &[Some(0.0), Some(1.0), Some(1.0), None]),
            ("Critical", &[None, None, Some(1.0), Some(0.0)]),
        ],
    )
}

fn every_kind() -> Vec<Chart> {
    let cats = ["A", "B", "C"];
    let values: &[Option<f64>] = &[Some(1.0), Some(4.0), Some(2.0)];
    [
        ChartKind::StackedBars,
        ChartKind::Bars,
        ChartKind::Line,
        ChartKind::HorizontalBars,
        ChartKind::Heatmap,
    ]
    .into_iter()
    .map(|kind| chart(kind, &cats, &[("First", values), ("Second", values)]))
    .collect()
}

#[test]
fn every_kind_is_an_accessible_standalone_svg() {
    for chart in every_kind() {
        let svg = render_svg(&chart);
        assert!(
            svg.starts_with(r#"<svg role="img" aria-labelledby="test-chart-title""#),
            "{:?}: {}",
            chart.kind,
            &svg[..80]
        );
        let after_open = &svg[svg.find('>').unwrap() + 1..];
        assert!(after_open.starts_with("\n<title id=\"test-chart-title\">Test title</title>"));
        assert!(svg.contains("<desc id=\"test-chart-desc\">"));
        assert!(svg.trim_end().ends_with("</svg>"));
        assert_eq!(svg.matches("<svg").count(), 1);
        let texts = texts(&svg);
        assert!(texts.contains(&"Test title".to_owned()), "{:?}", chart.kind);
        for category in ["A", "B", "C"] {
            assert!(
                texts.contains(&category.to_owned()),
                "{:?} lacks {category}",
                chart.kind
            );
        }
    }
}

#[test]
fn stacked_bars_have_legend_axes_and_summary() {
    let svg = render_svg(&severity_chart());
    let texts = texts(&svg);
    for expected in [
        "Low",
        "Medium",
        "High",
        "Critical",
        "2026-01",
        "2026-04",
        "Month",
        "Incidents",
    ] {
        assert!(
            texts.contains(&expected.to_owned()),
            "missing {expected}: {texts:?}"
        );
    }
    // Largest stack is 4, so the axis ends at the nice value 5 in whole steps.
    for tick in ["0", "1", "2", "3", "4", "5"] {
        assert!(texts.contains(&tick.to_owned()), "missing tick {tick}");
    }
    assert!(
        svg.contains(
            "<desc id=\"test-chart-desc\">Stacked bars: 4 series over 4 categories</desc>"
        )
    );
    // Four colours, one per layer, in palette order.
    for colour in ["#56B4E9", "#E69F00", "#D55E00", "#CC79A7"] {
        assert!(svg.contains(colour), "missing {colour}");
    }
}

#[test]
fn single_series_charts_have_no_legend() {
    let svg = render_svg(&chart(
        ChartKind::Bars,
        &["A", "B"],
        &[("Only", &[Some(3.5), Some(7.0)])],
    ));
    let texts = texts(&svg);
    assert!(!texts.contains(&"Only".to_owned()));
    // Simple bars print their value on top; neither value is an axis tick.
    assert!(texts.contains(&"3.5".to_owned()) && texts.contains(&"7".to_owned()));
}

#[test]
fn many_months_are_thinned_but_keep_the_latest() {
    let cats = months(36);
    let refs: Vec<&str> = cats.iter().map(String::as_str).collect();
    let values: Vec<Option<f64>> = (0..36).map(|i| Some(f64::from(i % 5))).collect();
    let svg = render_svg(&chart(
        ChartKind::Line,
        &refs,
        &[("Opened", &values), ("Closed", &values)],
    ));
    let texts = texts(&svg);
    let shown: Vec<&String> = cats.iter().filter(|c| texts.contains(c)).collect();
    assert!(
        shown.len() < 36 && shown.len() >= 6,
        "{} labels shown",
        shown.len()
    );
    assert!(texts.contains(&"2026-12".to_owned()));
    assert!(texts.contains(&"Opened".to_owned()) && texts.contains(&"Closed".to_owned()));
}

#[test]
fn line_gaps_split_the_line() {
    let values = [
        Some(1.0),
        Some(2.0),
        None,
        Some(3.0),
        Some(4.0),
        None,
        Some(2.0),
    ];
    let svg = render_svg(&chart(
        ChartKind::Line,
        &["a", "b", "c", "d", "e", "f", "g"],
        &[("Hours", &values)],
    ));
    // Two runs of two points become two lines; the lone last point is a
    // marker only. Series lines are the only 2 px wide polylines.
    let lines = svg
        .lines()
        .filter(|l| l.starts_with("<polyline") && l.contains(r#"stroke-width="2""#));
    assert_eq!(lines.count(), 2);
    assert_eq!(svg.matches("<circle").count(), 5);
}

#[test]
fn horizontal_bars_list_categories_top_down_with_values() {
    let mut chart = chart(
        ChartKind::HorizontalBars,
        &[
            "5.17 Authentication information",
            "8.16 Monitoring activities",
        ],
        &[("Failures", &[Some(12.0), Some(7.5)])],
    );
    chart.unit = "%".into();
    let svg = render_svg(&chart);
    let texts = texts(&svg);
    for expected in ["12%", "7.5%", "100%", "5.17 Authentication information"] {
        assert!(
            texts.contains(&expected.to_owned()),
            "missing {expected}: {texts:?}"
        );
    }
    let first = svg.find("5.17 Authentication").unwrap();
    let second = svg.find("8.16 Monitoring").unwrap();
    let y_of = |at: usize| {
        let tag = &svg[svg[..at].rfind("<text").unwrap()..at];
        let y = &tag[tag.find(" y=\"").unwrap() + 4..];
        y[..y.find('"').unwrap()].parse::<i32>().unwrap()
    };
    assert!(y_of(first) < y_of(second), "first category must be on top");
}

#[test]
fn heatmap_shows_groups_rows_and_nonzero_values() {
    let mut chart = chart(
        ChartKind::Heatmap,
        &["2026-Q1", "2026-Q2"],
        &[
            ("5.17 Authentication information", &[Some(3.0), Some(0.0)]),
            ("5.24 Incident management planning", &[None, Some(1.0)]),
            ("8.16 Monitoring activities", &[Some(2.0), Some(4.0)]),
        ],
    );
    chart.groups = vec![("Organizational".into(), 2), ("Technological".into(), 1)];
    let svg = render_svg(&chart);
    let texts = texts(&svg);
    for expected in [
        "Organizational",
        "Technological",
        "5.17 Authentication information",
        "8.16 Monitoring activities",
        "2026-Q1",
        "2026-Q2",
        "3",
        "1",
        "2",
        "–",
    ] {
        assert!(
            texts.contains(&expected.to_owned()),
            "missing {expected}: {texts:?}"
        );
    }
    // Zero cells stay unlabelled: "0" appears only once, on the colour scale.
    assert_eq!(texts.iter().filter(|t| *t == "0").count(), 1);
    assert!(svg.find("Organizational") < svg.find("Technological"));
}

#[test]
fn single_series_kinds_draw_the_first_series_only() {
    let first: &[Option<f64>] = &[Some(3.5), Some(7.0)];
    let second: &[Option<f64>] = &[Some(40.0), Some(60.0)];
    for kind in [ChartKind::Bars, ChartKind::HorizontalBars] {
        let svg = render_svg(&chart(
            kind,
            &["A", "B"],
            &[("One", first), ("Two", second)],
        ));
        let texts = texts(&svg);
        // No legend, and the axis fits the first series (0..10), not 100.
        assert!(!texts.contains(&"One".to_owned()) && !texts.contains(&"Two".to_owned()));
        assert!(
            texts.contains(&"10".to_owned()) && !texts.contains(&"100".to_owned()),
            "{kind:?}"
        );
    }
}
