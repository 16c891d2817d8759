//! Format errors end to end through `parse`: each asserts the exact
//! diagnostics (rule, line, column, message), so a change in where or how a
//! mistake is reported shows up here.

use crate::testing::{INCIDENT, at, check, with};

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
