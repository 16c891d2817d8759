//! Format errors end to end through `parse`: each asserts the exact
//! diagnostics (rule, line, column, message), so a change in where or how a
//! mistake is reported shows up here.

use crate::diagnostics::Diagnostic;
use crate::testing::{INCIDENT, at, check, with};

fn incident(line: &str, replacement: &str) -> Vec<Diagnostic> {
    check(
        &[("r/INC-1.md", with(INCIDENT, line, replacement))],
        None,
        "2026-02-01",
    )
}

/// (line, column, label) of each secondary label.
fn secondary(d: &Diagnostic) -> Vec<(usize, usize, String)> {
    d.secondary
        .iter()
        .map(|label| {
            let (line, col) = label.line_col().unwrap();
            (line, col, label.message.clone())
        })
        .collect()
}

#[test]
fn unclosed_bracket_is_reported_where_it_opens() {
    let all = incident("title", "title: [Finance mailbox");
    assert_eq!(all.len(), 1, "{all:?}");
    let d = &all[0];
    assert_eq!(
        (d.rule, at(d).2, at(d).3, d.message.as_str()),
        (
            "yaml-syntax",
            4,
            8,
            "invalid YAML: this `[` is never closed"
        )
    );
    assert_eq!(d.primary.message, "this `[` is never closed");
    assert_eq!(
        secondary(d),
        [(
            5,
            9,
            "the parser gave up here: illegal placement of ':' indicator".into()
        )]
    );
    assert_eq!(
        d.help.as_deref(),
        Some("close the list with `]`, or quote the whole value if the `[` is part of the text")
    );
}

#[test]
fn unclosed_brace_and_quotes_are_reported_where_they_open() {
    for (line, opener, col) in [
        ("title: {Finance: mailbox", '{', 8),
        ("title: 'Finance mailbox", '\'', 8),
        ("title: \"Finance mailbox", '"', 8),
        ("title: [Finance, {a: b]", '{', 18),
    ] {
        let all = incident("title", line);
        assert_eq!(all.len(), 1, "{line}: {all:?}");
        let d = &all[0];
        assert_eq!(
            (d.rule, at(d).2, at(d).3, d.message.clone()),
            (
                "yaml-syntax",
                4,
                col,
                format!("invalid YAML: this `{opener}` is never closed")
            ),
            "{line}"
        );
    }
}

#[test]
fn a_quote_inside_text_is_not_taken_for_an_opener() {
    // A tab is the error here; the apostrophe and bracket are plain text.
    let all = incident("title", "title: don't [panic]\nimpact:\n\tcost: 1");
    assert_eq!(all.len(), 1, "{all:?}");
    assert!(all[0].secondary.is_empty());
    assert!(all[0].message.starts_with("invalid YAML: "));
    assert!(
        !all[0].message.contains("never closed"),
        "{}",
        all[0].message
    );
}

/// A front matter map with 20,000 keys, each written twice. The duplicate
/// check compared every key with all before it (quadratic per map); this
/// stays fast in debug.
#[test]
fn a_map_with_twenty_thousand_duplicate_keys() {
    let twice: String = (0..20_000).map(|i| format!("variety: v{i}\n")).collect();
    let file = with(INCIDENT, "variety", twice.trim_end());
    let all = check(&[("r/INC-1.md", file)], None, "2026-02-01");
    assert_eq!(all.len(), 19_999);
    assert!(all.iter().all(|d| d.rule == "duplicate-key"));
    assert_eq!(at(all.last().unwrap()).2, 20_006);
}

/// Unknown keys cost one "did you mean" each (linear, but slow in debug),
/// so a few thousand suffice to show none is reported twice or lost.
#[test]
fn thousands_of_unknown_keys() {
    let keys: String = (0..4_000).map(|i| format!("k{i}: 1\n")).collect();
    let file = with(INCIDENT, "variety", &format!("variety: phishing\n{keys}"));
    let all = check(&[("r/INC-1.md", file)], None, "2026-02-01");
    assert_eq!(all.len(), 4_000);
    assert!(all.iter().all(|d| d.rule == "unknown-key"));
    let last = all.last().unwrap();
    assert_eq!(
        (at(last).2, last.message.as_str()),
        (4_007, "unknown key `k3999`")
    );
}
