//! ARCHITECTURE.md stays true to the code: the module graph it shows is the
//! one the sources have (`crate::module` references outside test code), and
//! that graph has no cycle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

type Graph = BTreeMap<String, BTreeSet<String>>;

/// Test-only files and folders, left out of the graph.
fn is_test_code(relative: &Path) -> bool {
    let name = relative.file_name().and_then(|n| n.to_str()).unwrap_or("");
    matches!(
        name,
        "tests.rs" | "oracle.rs" | "mutation_tests.rs" | "testing.rs" | "architecture_tests.rs"
    ) || relative.components().any(|c| c.as_os_str() == "tests")
}

/// The text before a file's `#[cfg(test)] mod tests` block.
fn production_part(text: &str) -> &str {
    let mut cut = text.len();
    for marker in [
        "#[cfg(test)]\nmod tests",
        "#[cfg(test)]\npub(crate) mod tests",
    ] {
        if let Some(at) = text.find(marker) {
            cut = cut.min(at);
        }
    }
    &text[..cut]
}

fn graph() -> Graph {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut top: BTreeSet<String> = BTreeSet::new();
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if path.is_dir() || path.extension().is_some_and(|e| e == "rs") {
            top.insert(name);
        }
    }
    for not_a_module in ["lib", "main", "data", "testing", "architecture_tests"] {
        top.remove(not_a_module);
    }
    let mut graph: Graph = top.iter().map(|m| (m.clone(), BTreeSet::new())).collect();
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.unwrap();
        let relative = entry.path().strip_prefix(&src).unwrap();
        if entry.path().extension().is_none_or(|e| e != "rs") || is_test_code(relative) {
            continue;
        }
        let first = relative.components().next().unwrap().as_os_str();
        let module = Path::new(first)
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if !top.contains(&module) {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let text = production_part(&text);
        for (at, _) in text.match_indices("crate::") {
            let rest = &text[at + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if name != module && top.contains(&name) {
                graph.get_mut(&module).unwrap().insert(name);
            }
        }
    }
    graph
}

#[test]
fn the_module_graph_has_no_cycle() {
    let graph = graph();
    // Kahn's algorithm: repeatedly remove modules nothing left depends on.
    let mut remaining = graph.clone();
    while !remaining.is_empty() {
        let leaves: Vec<String> = remaining
            .iter()
            .filter(|(_, deps)| deps.iter().all(|d| !remaining.contains_key(d)))
            .map(|(m, _)| m.clone())
            .collect();
        assert!(
            !leaves.is_empty(),
            "the modules {:?} depend on each other in a cycle",
            remaining.keys().collect::<Vec<_>>()
        );
        for leaf in leaves {
            remaining.remove(&leaf);
        }
    }
}

#[test]
fn architecture_md_lists_the_module_graph_the_code_has() {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("ARCHITECTURE.md"))
            .unwrap();
    let listed: Graph = doc
        .lines()
        .filter_map(|line| line.strip_prefix("    "))
        .filter_map(|line| line.split_once(" → "))
        .map(|(module, deps)| {
            let deps = deps
                .split(", ")
                .map(str::trim)
                .filter(|d| !d.is_empty() && *d != "(nothing)")
                .map(String::from)
                .collect();
            (module.trim().to_string(), deps)
        })
        .collect();
    let actual = graph();
    let mut expected = String::new();
    for (module, deps) in &actual {
        let deps: Vec<&str> = deps.iter().map(String::as_str).collect();
        let deps = if deps.is_empty() {
            "(nothing)".to_string()
        } else {
            deps.join(", ")
        };
        expected.push_str(&format!("    {module} → {deps}\n"));
    }
    assert_eq!(
        listed, actual,
        "update the module graph in ARCHITECTURE.md to:\n{expected}"
    );
}
