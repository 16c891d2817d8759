use std::collections::BTreeSet;
use std::path::Path;

use super::*;
use crate::config::{Settings, from_source};
use crate::source::SourceFile;

fn settings(text: &str) -> Settings {
    let file = SourceFile::new("book.toml", text.to_string());
    let today = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
    from_source(Path::new("/b"), &file, today, &crate::validate::defaults())
        .unwrap_or_else(|d| panic!("{:?}", d.iter().map(|d| &d.message).collect::<Vec<_>>()))
}

fn generated() -> String {
    book_toml("T", &crate::validate::defaults())
}

/// The keys config accepts in one table, as serde lists them when it
/// refuses an unknown one.
fn known_keys(section: Option<&str>) -> BTreeSet<String> {
    let text = match section {
        None => "zz_unknown = 1\n[book]\ntitle = \"T\"\n".to_string(),
        Some("book") => "[book]\ntitle = \"T\"\nzz_unknown = 1\n".to_string(),
        Some(name) => format!("[book]\ntitle = \"T\"\n[{name}]\nzz_unknown = 1\n"),
    };
    let file = SourceFile::new("book.toml", text);
    let today = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
    let errors = from_source(Path::new("/b"), &file, today, &crate::validate::defaults())
        .expect_err("an unknown key is refused");
    let message = &errors[0].message;
    // serde writes "expected `a`", "expected `a` or `b`" or "expected one
    // of `a`, `b`, `c`".
    let (_, expected) = message
        .split_once(", expected ")
        .unwrap_or_else(|| panic!("{message}"));
    expected
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

fn written_keys(table: &toml::Table) -> BTreeSet<String> {
    table.keys().cloned().collect()
}

/// book.toml from `init` holds every key config reads, no other, and
/// parses to exactly the settings of a book.toml that only names a title.
#[test]
fn the_generated_book_toml_has_every_key_at_its_default() {
    let text = generated();
    let table: toml::Table = text.parse().expect("valid TOML");
    // `[soa]` is the one table written commented out: writing it declares a
    // Statement of Applicability (the default is none), and it would clash
    // with a soa.csv.
    let mut known = known_keys(None);
    assert!(known.remove("soa"));
    assert_eq!(written_keys(&table), known);
    let example = text
        .lines()
        .filter_map(|line| line.strip_prefix("# "))
        .skip_while(|line| *line != "[soa]")
        .take(2)
        .collect::<Vec<_>>()
        .join("\n");
    let soa = settings(&format!("[book]\ntitle = \"T\"\n{example}\n"));
    assert_eq!(
        soa.soa
            .map(|soa| soa.excluded.into_keys().collect::<Vec<_>>()),
        Some(vec!["7.5".to_string()])
    );
    for section in ["book", "build", "policy", "board"] {
        let written = written_keys(table[section].as_table().unwrap());
        assert_eq!(written, known_keys(Some(section)), "[{section}]");
    }
    let rules: BTreeSet<String> = crate::validate::defaults()
        .iter()
        .map(|(name, _)| name.to_string())
        .collect();
    assert_eq!(written_keys(table["rules"].as_table().unwrap()), rules);

    let full = settings(&text);
    let minimal = settings("[book]\ntitle = \"T\"\n");
    assert_eq!(full.src, minimal.src);
    assert_eq!(full.ignore.len(), minimal.ignore.len());
    assert_eq!(full.output, minimal.output);
    assert_eq!(full.theme, minimal.theme);
    assert_eq!(full.timezone, minimal.timezone);
    assert_eq!(
        format!("{:?}", full.policy),
        format!("{:?}", minimal.policy)
    );
    assert_eq!(full.rule_levels, minimal.rule_levels);
    assert_eq!(full.board_period, minimal.board_period);
    assert_eq!(full.redact.len(), minimal.redact.len());
    assert_eq!(full.extra, minimal.extra);
    assert_eq!(full.soa, None);
}

#[test]
fn a_title_with_quotes_stays_one_toml_string() {
    let text = book_toml("Acme \"Ltd\" — incidents", &crate::validate::defaults());
    assert_eq!(settings(&text).title, "Acme \"Ltd\" — incidents");
}

#[test]
fn the_ci_jobs_run_check_and_build() {
    let today = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
    let files = files("T", today, &crate::validate::defaults());
    for name in [".github/workflows/lessonbook.yml", ".gitlab-ci.yml"] {
        let (_, text) = files.iter().find(|(p, _)| p == Path::new(name)).unwrap();
        let docs = yaml_rust2::YamlLoader::load_from_str(text).expect("valid YAML");
        assert_eq!(docs.len(), 1, "{name}");
        assert!(text.contains("lessonbook check"), "{name}");
        assert!(text.contains("lessonbook build"), "{name}");
    }
}
