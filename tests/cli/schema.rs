//! `lessonbook schema`: the JSON Schema it prints accepts every sample
//! record and rejects each malformed fixture that `check` rejects, read
//! by a maintained validator (jsonschema) as an editor would read it.

use std::path::Path;

use serde_json::Value;
use yaml_rust2::{Yaml, YamlLoader};

use crate::book_test::*;

fn schema_in(dir: &Path, args: &[&str]) -> Value {
    let mut all = vec!["schema"];
    all.extend(args);
    let run = run_in(dir, &all);
    run.code(0);
    serde_json::from_str(&run.stdout).expect("the schema is JSON")
}

fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::draft202012::new(schema).expect("a valid draft 2020-12 schema")
}

/// The YAML between the `---` fences, as JSON, typed as YAML 1.2 types it
/// (which is what yaml-language-server sees): `2026-01-05` stays a string.
fn front_matter(text: &str) -> Value {
    let rest = text.strip_prefix("---\n").expect("opens with ---");
    let end = rest.find("\n---").expect("closing ---");
    let docs = YamlLoader::load_from_str(&rest[..end + 1]).expect("valid YAML");
    to_json(&docs[0])
}

fn to_json(yaml: &Yaml) -> Value {
    match yaml {
        Yaml::Real(text) => serde_json::from_str(text).unwrap_or(Value::String(text.clone())),
        Yaml::Integer(n) => Value::from(*n),
        Yaml::String(text) => Value::String(text.clone()),
        Yaml::Boolean(b) => Value::Bool(*b),
        Yaml::Array(items) => Value::Array(items.iter().map(to_json).collect()),
        Yaml::Hash(map) => Value::Object(
            map.iter()
                .map(|(key, value)| {
                    let key = match key {
                        Yaml::String(text) | Yaml::Real(text) => text.clone(),
                        Yaml::Integer(n) => n.to_string(),
                        other => format!("{other:?}"),
                    };
                    (key, to_json(value))
                })
                .collect(),
        ),
        _ => Value::Null,
    }
}

fn errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

fn markdown_files(dir: &Path, into: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            markdown_files(&path, into);
        } else if path.extension().is_some_and(|e| e == "md") {
            into.push(path);
        }
    }
}

#[test]
fn every_sample_record_validates_against_the_schema() {
    let root = repo_root();
    let whole = validator(&schema_in(&root, &[]));
    let mut files = Vec::new();
    markdown_files(&root.join("sample-records"), &mut files);
    markdown_files(&root.join("tests/fixtures/records"), &mut files);
    assert!(files.len() > 50, "found {} records", files.len());
    for path in files {
        let front = front_matter(&std::fs::read_to_string(&path).unwrap());
        let found = errors(&whole, &front);
        assert!(found.is_empty(), "{}: {found:#?}", path.display());
        let kind = front["kind"].as_str().unwrap();
        let single = validator(&schema_in(&root, &[kind]));
        assert!(
            single.is_valid(&front),
            "{} against `schema {kind}`",
            path.display()
        );
    }
}

/// Each fixture is named `<rule>.<what>.md`: the one finding `check` gives.
#[test]
fn each_malformed_fixture_is_rejected_by_the_schema_and_by_check() {
    let fixtures = repo_root().join("tests/fixtures/malformed");
    let book = BookTest::valid();
    let whole = validator(&schema_in(book.path(), &[]));
    let mut names: Vec<String> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names.len(), 14);
    for name in names {
        let text = std::fs::read_to_string(fixtures.join(&name)).unwrap();
        let found = errors(&whole, &front_matter(&text));
        assert!(!found.is_empty(), "the schema accepts {name}");

        let rule = name.split('.').next().unwrap();
        let target = match &name[rule.len() + 1..] {
            what if what.starts_with("incident") => "records/INC-1.md",
            what if what.starts_with("review") => "records/PIR-1.md",
            _ => "records/RISK-1.md",
        };
        let book = BookTest::valid();
        book.write(target, &text);
        let run = book.run(&["check", "--format", "json"]);
        run.code(1);
        let rules: Vec<String> = run.findings().into_iter().map(|(rule, _)| rule).collect();
        assert!(
            rules.iter().all(|r| r == rule) && !rules.is_empty(),
            "{name}: check found {rules:?}"
        );
    }
}

#[test]
fn enums_come_from_the_books_policy_and_defaults_outside_a_book() {
    let book = BookTest::new();
    book.write(
        "book.toml",
        "[book]\ntitle = \"T\"\n[policy]\nseverities = [\"minor\", \"major\"]\nsignificant = \"major\"\n",
    );
    let schema = schema_in(book.path(), &["incident"]);
    assert_eq!(
        schema["properties"]["severity"]["enum"],
        serde_json::json!(["minor", "major"])
    );
    // `all` holds the place of the kind before a DIR.
    let elsewhere = tempfile::tempdir().unwrap();
    let book_dir = book.path().to_str().unwrap();
    let schema = schema_in(elsewhere.path(), &["all", book_dir]);
    assert_eq!(
        schema["$defs"]["incident"]["properties"]["severity"]["enum"],
        serde_json::json!(["minor", "major"])
    );
    let outside = tempfile::tempdir().unwrap();
    let schema = schema_in(outside.path(), &["incident"]);
    assert_eq!(
        schema["properties"]["severity"]["enum"],
        serde_json::json!(["low", "medium", "high", "critical"])
    );
    assert_eq!(
        schema["properties"]["channel"]["enum"][0],
        serde_json::json!("email")
    );
}

#[test]
fn a_broken_book_toml_is_reported_not_ignored() {
    let book = BookTest::new();
    book.write("book.toml", "[book]\ntitel = \"T\"\n");
    let run = book.run(&["schema"]);
    run.code(2).stderr_has("unknown field `titel`");
}
