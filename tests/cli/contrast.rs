//! The default theme's text colours against their backgrounds, as WCAG 2.1
//! computes contrast: at least 4.5:1 (AA, normal text) for every pair the
//! pages use. axe-core checks the rendered pages in `.ci/run`; this test
//! needs no browser and names the pair that fails.

use std::collections::BTreeMap;

const CSS: &str = include_str!("../../themes/default/static/lessonbook.css");

/// The `--name: #rrggbb` custom properties of `:root`.
fn variables() -> BTreeMap<String, String> {
    let root = CSS.split(":root {").nth(1).expect(":root block");
    let root = &root[..root.find('}').unwrap()];
    root.split(';')
        .filter_map(|declaration| declaration.split_once(':'))
        .map(|(name, value)| (name.trim().to_string(), value.trim().to_string()))
        .filter(|(name, _)| name.starts_with("--"))
        .collect()
}

/// The declarations of the rule whose selector list is exactly `selector`.
fn rule(selector: &str) -> BTreeMap<String, String> {
    let start = CSS
        .lines()
        .find(|line| line.split('{').next().unwrap().trim() == selector)
        .unwrap_or_else(|| panic!("no rule {selector:?} in lessonbook.css"));
    let body = &start[start.find('{').unwrap() + 1..start.rfind('}').unwrap()];
    body.split(';')
        .filter_map(|declaration| declaration.split_once(':'))
        .map(|(name, value)| (name.trim().to_string(), value.trim().to_string()))
        .collect()
}

/// A colour value: `#rrggbb` or `var(--name)`.
fn resolve(value: &str, vars: &BTreeMap<String, String>) -> String {
    match value.strip_prefix("var(").and_then(|v| v.strip_suffix(')')) {
        Some(name) => vars
            .get(name)
            .unwrap_or_else(|| panic!("no {name}"))
            .clone(),
        None => value.to_string(),
    }
}

/// WCAG 2.1 relative luminance of `#rrggbb`.
fn luminance(hex: &str) -> f64 {
    let hex = hex
        .strip_prefix('#')
        .filter(|h| h.len() == 6)
        .expect("#rrggbb");
    let channel = |i: usize| {
        let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
}

fn ratio(a: &str, b: &str) -> f64 {
    let (a, b) = (luminance(a), luminance(b));
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

#[test]
fn the_contrast_ratio_is_wcags() {
    assert!((ratio("#000000", "#ffffff") - 21.0).abs() < 1e-9);
    assert!((ratio("#ffffff", "#ffffff") - 1.0).abs() < 1e-9);
    // The old medium severity colour, 2.14:1 as axe-core reported it.
    assert!((ratio("#e0a800", "#ffffff") - 2.15).abs() < 0.01);
}

#[test]
fn theme_text_colours_meet_wcag_aa() {
    let vars = variables();
    let var = |name: &str| resolve(&format!("var({name})"), &vars);
    let mut pairs: Vec<(String, String, String)> = Vec::new();
    // Text set in these colours sits on the page or on a panel.
    for text in [
        "--ink", "--muted", "--accent", "--good", "--bad", "--warn", "--sev-0", "--sev-1",
        "--sev-2", "--sev-3",
    ] {
        for background in ["--bg", "--panel"] {
            pairs.push((
                format!("{text} on {background}"),
                var(text),
                var(background),
            ));
        }
    }
    // Badges and the like: their own text on their own background.
    for selector in [
        ".badge-overdue",
        ".badge-recur",
        ".outcome-failed, .outcome-bypassed, .outcome-missing",
        ".outcome-effective, .status-done",
    ] {
        let declarations = rule(selector);
        pairs.push((
            selector.to_string(),
            resolve(&declarations["color"], &vars),
            resolve(&declarations["background"], &vars),
        ));
    }
    let failing: Vec<String> = pairs
        .iter()
        .map(|(what, fg, bg)| (what, fg, bg, ratio(fg, bg)))
        .filter(|(.., r)| *r < 4.5)
        .map(|(what, fg, bg, r)| format!("{what}: {fg} on {bg} is {r:.2}:1"))
        .collect();
    assert!(failing.is_empty(), "below 4.5:1:\n{}", failing.join("\n"));
}
