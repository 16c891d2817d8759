//! What the Nu HTML Checker found in the sample site, pinned without Java:
//! no id twice on a page, and no `<details>` inside a `<figure>` in the
//! board pack. `.ci/run` runs the checker itself (CONTRIBUTING.md).

use std::collections::BTreeMap;

use crate::book_test::*;
use crate::build::read_tree;

/// The values of the `id` attributes in `html`, in order. Attribute values
/// in text are escaped (`id=&quot;`), so only real attributes match.
fn ids(html: &str) -> Vec<&str> {
    html.match_indices(" id=\"")
        .map(|(at, found)| {
            let value = &html[at + found.len()..];
            &value[..value.find('"').expect("closed attribute")]
        })
        .collect()
}

#[test]
fn no_page_of_the_sample_site_has_an_id_twice() {
    let (_out, site) = build_sample_site();
    let files = read_tree(&site);
    let mut twice = Vec::new();
    let mut pages = 0;
    for (name, bytes) in files.iter().filter(|(name, _)| name.ends_with(".html")) {
        pages += 1;
        let mut seen = BTreeMap::new();
        for id in ids(std::str::from_utf8(bytes).unwrap()) {
            *seen.entry(id).or_insert(0) += 1;
        }
        twice.extend(
            seen.into_iter()
                .filter(|(_, n)| *n > 1)
                .map(|(id, n)| format!("{name}: id {id:?} {n} times")),
        );
    }
    assert!(pages > 90, "{pages} pages");
    assert!(twice.is_empty(), "{}", twice.join("\n"));

    // The case that had them: an overdue action was in its owner's table
    // and in the Open list. Now owners are a summary and each action is one
    // row of one list, which holds its anchor.
    let actions = String::from_utf8(files["actions.html"].clone()).unwrap();
    assert!(
        actions.contains("<tr class=\"overdue\" id=\"action-"),
        "no overdue anchor"
    );
    assert!(actions.contains("<table class=\"data sortable\" id=\"overdue-owners\">"));
}

#[test]
fn the_board_pack_keeps_its_data_tables_out_of_its_figures() {
    let (_out, site) = build_sample_site();
    let pack = std::fs::read_to_string(site.join("board-pack.html")).unwrap();
    let figures: Vec<&str> = pack
        .split("<figure")
        .skip(1)
        .map(|rest| &rest[..rest.find("</figure>").expect("closed figure")])
        .collect();
    assert!(figures.len() >= 3, "{} figures", figures.len());
    for figure in &figures {
        assert!(
            !figure.contains("<details"),
            "details inside a figure:\n{figure}"
        );
        assert!(figure.contains("<svg") && figure.contains("<figcaption>"));
    }
    assert_eq!(pack.matches("<details>").count(), figures.len());
}

#[test]
fn ids_reads_attributes_not_text() {
    assert_eq!(
        ids(r#"<p id="a">id=&quot;b&quot;</p><svg><g id="c"/></svg>"#),
        ["a", "c"]
    );
}
