//! Inputs that must not break a chart: hostile text, no data, bad numbers,
//! ragged or huge input. None may panic; each still gives an `<svg>`.

use super::{ChartKind, Series, chart, every_kind, render_svg, severity_chart, texts};

#[test]
fn hostile_text_is_escaped_everywhere() {
    let evil = "<script>alert(1)</script>";
    for mut chart in every_kind() {
        chart.title = evil.into();
        chart.x_label = evil.into();
        chart.y_label = evil.into();
        chart.id = "x\"><script>".into();
        chart.categories[0] = evil.into();
        chart.series[1].name = evil.into();
        chart.groups = vec![(evil.into(), 1)];
        let svg = render_svg(&chart);
        assert!(!svg.contains("<script"), "{:?} leaks markup", chart.kind);
        assert!(
            svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{:?}",
            chart.kind
        );
        assert!(!svg.contains("&amp;lt;"), "{:?} escapes twice", chart.kind);
    }
}

#[test]
fn rendering_is_deterministic() {
    for chart in every_kind().into_iter().chain([severity_chart()]) {
        assert_eq!(render_svg(&chart), render_svg(&chart.clone()));
    }
}

#[test]
fn empty_data_renders_a_no_data_frame() {
    let all_none: &[Option<f64>] = &[None, None];
    let zeros: &[Option<f64>] = &[Some(0.0), Some(-0.0)];
    let nans: &[Option<f64>] = &[Some(f64::NAN), Some(f64::INFINITY)];
    for kind in every_kind().iter().map(|c| c.kind) {
        for chart in [
            chart(kind, &[], &[]),
            chart(kind, &["a", "b"], &[]),
            chart(kind, &["a", "b"], &[("s", all_none)]),
            chart(kind, &["a", "b"], &[("s", zeros)]),
            chart(kind, &["a", "b"], &[("s", nans)]),
        ] {
            let svg = render_svg(&chart);
            let texts = texts(&svg);
            assert_eq!(texts, ["Test title", "No data for this period"], "{kind:?}");
            assert!(svg.starts_with("<svg role=\"img\""));
        }
    }
}

#[test]
fn bad_numbers_are_gaps_or_zero() {
    let values = [
        Some(f64::NAN),
        Some(2.0),
        Some(f64::NEG_INFINITY),
        Some(-5.0),
        Some(1.25),
    ];
    for mut chart in every_kind() {
        chart.categories = ["a", "b", "c", "d", "e"].map(String::from).to_vec();
        chart
            .series
            .iter_mut()
            .for_each(|s| s.values = values.to_vec());
        let svg = render_svg(&chart);
        assert!(!svg.contains("No data"), "{:?}", chart.kind);
        assert!(
            !svg.contains("NaN") && !svg.contains("inf"),
            "{:?}",
            chart.kind
        );
        assert!(
            !texts(&svg).iter().any(|t| t.starts_with('-')),
            "{:?}",
            chart.kind
        );
    }
}

#[test]
fn short_or_long_value_lists_are_aligned_to_categories() {
    let svg = render_svg(&chart(
        ChartKind::Line,
        &["a", "b", "c"],
        &[
            ("short", &[Some(1.0)]),
            ("long", &[Some(1.0), Some(2.0), Some(3.0), Some(9.0)]),
        ],
    ));
    let texts = texts(&svg);
    // 9 is past the last category and must not stretch the axis to 10.
    assert!(texts.contains(&"3".to_owned()) && !texts.contains(&"10".to_owned()));
}

#[test]
fn font_sizes_are_whole_pixels() {
    for chart in every_kind() {
        let svg = render_svg(&chart);
        for size in svg.split("font-size=\"").skip(1) {
            let size = &size[..size.find('"').unwrap()];
            assert!(
                size.parse::<u32>().is_ok(),
                "{:?}: font-size {size}",
                chart.kind
            );
        }
    }
}

#[test]
fn extreme_inputs_still_render() {
    let huge: &[Option<f64>] = &[Some(f64::MAX), Some(1.5e308), Some(1e300)];
    let tiny: &[Option<f64>] = &[Some(1e-300), Some(f64::MIN_POSITIVE), Some(0.04)];
    let many_names: Vec<String> = (0..60)
        .map(|i| format!("series number {i} with a long name"))
        .collect();
    let many_cats: Vec<String> = (0..1000).map(|i| format!("category {i}")).collect();
    for mut chart in every_kind() {
        for values in [huge, tiny] {
            chart
                .series
                .iter_mut()
                .for_each(|s| s.values = values.to_vec());
            assert!(
                render_svg(&chart).starts_with("<svg role=\"img\""),
                "{:?}",
                chart.kind
            );
        }
        chart.title = "A very long title ".repeat(20);
        chart.unit = " incidents per reporting month".repeat(5);
        chart.categories = many_cats.clone();
        chart.series = many_names
            .iter()
            .map(|name| Series {
                name: name.clone(),
                values: (0..1000).map(|i| Some(f64::from(i % 7))).collect(),
            })
            .collect();
        assert!(
            render_svg(&chart).starts_with("<svg role=\"img\""),
            "{:?}",
            chart.kind
        );
    }
}
