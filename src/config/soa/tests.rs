use std::path::Path;

use chrono::NaiveDate;

use crate::config::{Settings, from_sources};
use crate::diagnostics::Diagnostic;
use crate::source::SourceFile;

const BOOK: &str = "[book]\ntitle = \"T\"\n";

fn parse(book_toml: &str, csv: Option<&str>) -> Result<Settings, Vec<Diagnostic>> {
    let file = SourceFile::new("book.toml", book_toml.to_string());
    let csv = csv.map(|text| SourceFile::new("soa.csv", text.to_string()));
    from_sources(
        Path::new("/book"),
        &file,
        csv.as_ref(),
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
        &crate::validate::defaults(),
    )
}

/// (rule, path, line, column, message) of every error.
fn errors(book_toml: &str, csv: Option<&str>) -> Vec<(String, String, usize, usize, String)> {
    let Err(errors) = parse(book_toml, csv) else {
        panic!("should be refused")
    };
    errors
        .iter()
        .map(|d| {
            let (line, col) = d.primary.line_col().unwrap_or((0, 0));
            (
                d.rule.to_string(),
                d.primary.file.path().display().to_string(),
                line,
                col,
                d.message.clone(),
            )
        })
        .collect()
}

#[test]
fn without_an_soa_none_is_declared() {
    assert_eq!(parse(BOOK, None).unwrap().soa, None);
}

#[test]
fn book_toml_declares_exclusions_with_their_justification() {
    let settings = parse(
        &format!("{BOOK}[soa]\nexcluded = {{ \"7.5\" = \"no premises of our own\" }}\n"),
        None,
    )
    .unwrap();
    let soa = settings.soa.unwrap();
    assert_eq!(soa.source, "book.toml");
    assert_eq!(soa.exclusion("7.5"), Some("no premises of our own"));
    assert_eq!(soa.exclusion("5.17"), None);
    // A declared SoA that excludes nothing.
    let empty = parse(&format!("{BOOK}[soa]\n"), None).unwrap().soa.unwrap();
    assert!(empty.excluded.is_empty());
}

#[test]
fn book_toml_errors_point_at_the_key_or_value() {
    assert_eq!(
        errors(
            &format!("{BOOK}[soa]\nexcluded = {{ \"A.7.5\" = \"x\", \"7.6\" = \" \" }}\n"),
            None
        ),
        vec![
            (
                "unknown-control".into(),
                "book.toml".into(),
                4,
                14,
                "`A.7.5` is not an ISO/IEC 27001:2022 Annex A control".into()
            ),
            (
                "config".into(),
                "book.toml".into(),
                4,
                37,
                "the exclusion of control 7.6 has no justification".into()
            ),
        ]
    );
    let unknown = errors(&format!("{BOOK}[soa]\nexclude = {{}}\n"), None);
    assert_eq!(unknown[0].0, "unknown-key");
}

#[test]
fn soa_csv_declares_applicability() {
    let settings = parse(
        BOOK,
        Some("control,applicable,justification\r\n5.17,yes,\r\n7.5,no,\"no premises, no guards\"\r\n\r\n8.1,False,no laptops\r\n"),
    )
    .unwrap();
    let soa = settings.soa.unwrap();
    assert_eq!(soa.source, "soa.csv");
    assert_eq!(
        soa.excluded.into_iter().collect::<Vec<_>>(),
        vec![
            ("7.5".to_string(), "no premises, no guards".to_string()),
            ("8.1".to_string(), "no laptops".to_string())
        ]
    );
}

#[test]
fn soa_csv_errors_carry_the_cells_line_and_column() {
    let csv =
        "control,applicable,justification\n5.99,no,x\n7.5,maybe,x\n7.6,no,\n7.7,no,a\n7.7,yes,\n";
    assert_eq!(
        errors(BOOK, Some(csv)),
        vec![
            (
                "unknown-control".into(),
                "soa.csv".into(),
                2,
                1,
                "`5.99` is not an ISO/IEC 27001:2022 Annex A control".into()
            ),
            (
                "unknown-value".into(),
                "soa.csv".into(),
                3,
                5,
                "`maybe` is not an applicable value for control 7.5".into()
            ),
            (
                "config".into(),
                "soa.csv".into(),
                4,
                8,
                "control 7.6 is not applicable but has no justification".into()
            ),
            (
                "config".into(),
                "soa.csv".into(),
                6,
                1,
                "soa.csv lists control 7.7 twice".into()
            ),
        ]
    );
    let header = errors(BOOK, Some("id,applies\n7.5,no\n"));
    assert_eq!(
        (header[0].2, header[0].3, header[0].4.as_str()),
        (
            1,
            1,
            "soa.csv's header is not `control,applicable,justification`"
        )
    );
}

#[test]
fn both_at_once_is_an_error() {
    let found = errors(
        &format!("{BOOK}[soa]\nexcluded = {{ \"7.5\" = \"x\" }}\n"),
        Some("control,applicable,justification\n"),
    );
    assert_eq!(found.len(), 1);
    assert_eq!(
        (found[0].0.as_str(), found[0].1.as_str()),
        ("config", "book.toml")
    );
    assert!(found[0].4.contains("declared twice"), "{}", found[0].4);
}
