//! `check --format sarif` and `--format gitlab` as CI reads them: every
//! field of every finding of a fixture book, the SARIF checked against the
//! OASIS schema, fingerprints that survive edits.

use serde_json::Value;

use crate::book_test::*;

/// The vendored OASIS SARIF 2.1.0 schema (errata 01); see its README.
const SARIF_SCHEMA: &str = include_str!("../fixtures/sarif/sarif-schema-2.1.0.json");

/// The risk's controls: an emoji (two UTF-16 code units, one character)
/// before the second finding on the line, and the same unknown control
/// twice, so two findings differ only in where they are.
const RISK_CONTROLS: &str = r#"controls: ["😀 5.17", "5.99", "5.99"]"#;

/// A book with one finding of each shape: a warning, an error at the
/// opening fence, format errors after an emoji, and a duplicate ID with a
/// related location.
fn book_with_findings() -> BookTest {
    let book = BookTest::valid();
    book.write("records/PIR-1.md", with(REVIEW, "chair", ""));
    let low = with(
        &with(INCIDENT, "id", "id: INC-2"),
        "severity",
        "severity: low",
    );
    book.write("records/INC-2.md", low);
    book.write("records/RISK-1.md", with(RISK, "controls", RISK_CONTROLS));
    book.write("records/dup.md", with(INCIDENT, "title", "title: Copy"));
    book
}

fn json(run: &Run) -> Value {
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\nstderr:\n{}", run.stdout, run.stderr))
}

/// (ruleId, level, uri, [startLine, startColumn, endLine, endColumn]) of a
/// SARIF location.
fn place(result: &Value, location: &Value) -> (String, String, String, [u64; 4]) {
    let physical = &location["physicalLocation"];
    assert_eq!(physical["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    let region = &physical["region"];
    let n = |key: &str| region[key].as_u64().expect(key);
    (
        result["ruleId"].as_str().unwrap().to_string(),
        result["level"].as_str().unwrap().to_string(),
        physical["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .to_string(),
        [
            n("startLine"),
            n("startColumn"),
            n("endLine"),
            n("endColumn"),
        ],
    )
}

fn expected(
    rule: &str,
    level: &str,
    uri: &str,
    region: [u64; 4],
) -> (String, String, String, [u64; 4]) {
    (rule.to_string(), level.to_string(), uri.to_string(), region)
}

#[test]
fn sarif_results_point_at_each_finding() {
    let run = book_with_findings().run(&["check", "--format", "sarif"]);
    run.code(1).stderr_has("5 errors, 1 warning");
    let log = json(&run);
    assert_eq!(log["version"], "2.1.0");
    let sarif_run = &log["runs"][0];
    assert_eq!(sarif_run["columnKind"], "utf16CodeUnits");
    let base = &sarif_run["originalUriBaseIds"]["%SRCROOT%"];
    assert!(
        base["description"]["text"]
            .as_str()
            .unwrap()
            .contains("git repository")
    );
    assert!(
        base.get("uri").is_none(),
        "no absolute path of this machine"
    );
    let rules = sarif_run["tool"]["driver"]["rules"].as_array().unwrap();
    let results = sarif_run["results"].as_array().unwrap();
    let places: Vec<_> = results
        .iter()
        .map(|result| place(result, &result["locations"][0]))
        .collect();
    assert_eq!(
        places,
        vec![
            expected(
                "missing-review",
                "warning",
                "records/INC-2.md",
                [8, 9, 8, 15]
            ),
            expected("no-chair", "error", "records/PIR-1.md", [1, 1, 1, 4]),
            // `"😀 5.17"` is 8 characters but 9 UTF-16 code units, so the
            // next finding starts at column 23, where `check` says 22.
            expected(
                "unknown-control",
                "error",
                "records/RISK-1.md",
                [9, 12, 9, 21]
            ),
            expected(
                "unknown-control",
                "error",
                "records/RISK-1.md",
                [9, 23, 9, 29]
            ),
            expected(
                "unknown-control",
                "error",
                "records/RISK-1.md",
                [9, 31, 9, 37]
            ),
            expected("duplicate-id", "error", "records/dup.md", [3, 5, 3, 10]),
        ]
    );
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
    }
    assert_eq!(
        results[1]["message"]["text"],
        "review PIR-1 names no chair\nhelp: add `chair: <role>`, e.g. the lead auditor or the head of security"
    );
    assert_eq!(results[1]["locations"][0]["message"]["text"], "no chair");
    // The duplicate ID's first use is a related location.
    let related = &results[5]["relatedLocations"];
    assert_eq!(related.as_array().map(Vec::len), Some(1));
    assert_eq!(related[0]["id"], 1);
    assert_eq!(related[0]["message"]["text"], "first used here");
    assert_eq!(
        place(&results[5], &related[0]),
        expected("duplicate-id", "error", "records/INC-1.md", [3, 5, 3, 10])
    );
    assert!(results[0].get("relatedLocations").is_none());
}

#[test]
fn sarif_driver_documents_every_rule() {
    let run = book_with_findings().run(&["check", "--format", "sarif"]);
    let log = json(&run);
    let driver = &log["runs"][0]["tool"]["driver"];
    assert_eq!(driver["name"], "lessonbook");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    // Links only where Cargo.toml says where lessonbook is published.
    let repository = env!("CARGO_PKG_REPOSITORY");
    let link = |anchor: &str| -> serde_json::Value {
        if repository.is_empty() {
            serde_json::Value::Null
        } else {
            format!("{repository}/blob/main/docs/rules.md#{anchor}").into()
        }
    };
    if repository.is_empty() {
        assert!(driver.get("informationUri").is_none());
    } else {
        assert_eq!(driver["informationUri"], repository);
    }
    let rules = driver["rules"].as_array().unwrap();
    // 15 format error codes and the 22 rules of the registry.
    assert_eq!(rules.len(), 37);
    let rule = |id: &str| {
        rules
            .iter()
            .find(|rule| rule["id"] == id)
            .unwrap_or_else(|| panic!("no rule {id}"))
    };
    let no_chair = rule("no-chair");
    assert_eq!(no_chair["name"], "NoChair");
    assert_eq!(
        no_chair["shortDescription"]["text"],
        "The review names its chair"
    );
    assert_eq!(
        no_chair["fullDescription"]["text"],
        "Default deny. Step 2 (Convene a cross-functional review team). The review names its `chair`."
    );
    assert_eq!(
        no_chair["help"]["markdown"],
        "Default **deny**. Step 2 (Convene a cross-functional review team). The review names its `chair`."
    );
    assert_eq!(no_chair["helpUri"], link("no-chair"));
    assert_eq!(no_chair["defaultConfiguration"]["level"], "error");
    assert_eq!(
        rule("late-review")["defaultConfiguration"]["level"],
        "warning"
    );
    let unknown_control = rule("unknown-control");
    assert_eq!(
        unknown_control["helpUri"],
        link("format-errors-always-errors")
    );
    assert_eq!(unknown_control["defaultConfiguration"]["level"], "error");
    for rule in rules {
        assert!(rule["help"]["text"].as_str().is_some_and(|t| !t.is_empty()));
    }
}

fn sarif_validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(SARIF_SCHEMA).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles offline: it has only internal $refs")
}

fn schema_errors(validator: &jsonschema::Validator, log: &Value) -> Vec<String> {
    validator
        .iter_errors(log)
        .map(|error| format!("{error} at {}", error.instance_path()))
        .collect()
}

#[test]
fn sarif_validates_against_the_oasis_schema() {
    let validator = sarif_validator();
    let findings = json(&book_with_findings().run(&["check", "--format", "sarif"]));
    assert_eq!(schema_errors(&validator, &findings), Vec::<String>::new());
    let clean = json(
        BookTest::valid()
            .run(&["check", "--format", "sarif"])
            .code(0),
    );
    assert_eq!(schema_errors(&validator, &clean), Vec::<String>::new());
    // The sample's warnings include related locations across files.
    let sample = run_in(
        &repo_root(),
        &["check", "--today", SAMPLE_TODAY, "--format", "sarif"],
    );
    assert_eq!(
        schema_errors(&validator, &json(&sample)),
        Vec::<String>::new()
    );

    // The validator does reject what the schema forbids.
    let mut broken = findings.clone();
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    broken["runs"][0]["tool"]["driver"]["rules"][0]["helpUri"] = "not a uri".into();
    broken["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        0.into();
    assert_eq!(schema_errors(&validator, &broken).len(), 3);
}

#[test]
fn sarif_is_deterministic() {
    let book = book_with_findings();
    let first = book.run(&["check", "--format", "sarif"]);
    let second = book.run(&["check", "--format", "sarif"]);
    assert_eq!(first.stdout, second.stdout);
}

#[test]
fn gitlab_issues_have_every_field() {
    let run = book_with_findings().run(&["check", "--format", "gitlab"]);
    run.code(1).stderr_has("5 errors, 1 warning");
    let issues = json(&run);
    let issues = issues.as_array().unwrap();
    let fields: Vec<(&str, &str, &str, u64)> = issues
        .iter()
        .map(|issue| {
            (
                issue["check_name"].as_str().unwrap(),
                issue["severity"].as_str().unwrap(),
                issue["location"]["path"].as_str().unwrap(),
                issue["location"]["lines"]["begin"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        fields,
        vec![
            ("missing-review", "minor", "records/INC-2.md", 8),
            ("no-chair", "major", "records/PIR-1.md", 1),
            ("unknown-control", "major", "records/RISK-1.md", 9),
            ("unknown-control", "major", "records/RISK-1.md", 9),
            ("unknown-control", "major", "records/RISK-1.md", 9),
            ("duplicate-id", "major", "records/dup.md", 3),
        ]
    );
    assert_eq!(
        issues[1]["description"],
        "review PIR-1 names no chair (help: add `chair: <role>`, e.g. the lead auditor or the head of security)"
    );
    for issue in issues {
        let fingerprint = issue["fingerprint"].as_str().unwrap();
        assert_eq!(fingerprint.len(), 32);
        assert!(fingerprint.bytes().all(|b| b.is_ascii_hexdigit()));
    }
}

fn gitlab_fingerprints(book: &BookTest) -> (Vec<String>, Vec<u64>) {
    let issues = json(&book.run(&["check", "--format", "gitlab"]));
    let issues = issues.as_array().unwrap();
    (
        issues
            .iter()
            .map(|i| i["fingerprint"].as_str().unwrap().to_string())
            .collect(),
        issues
            .iter()
            .map(|i| i["location"]["lines"]["begin"].as_u64().unwrap())
            .collect(),
    )
}

fn sarif_fingerprints(book: &BookTest) -> Vec<String> {
    json(&book.run(&["check", "--format", "sarif"]))["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["partialFingerprints"]["lessonbook/v1"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect()
}

#[test]
fn fingerprints_are_unique_and_survive_a_line_inserted_above() {
    let book = book_with_findings();
    let (before, lines_before) = gitlab_fingerprints(&book);
    let mut unique = before.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), before.len(), "{before:?}");
    // SARIF and GitLab agree on each finding's fingerprint.
    assert_eq!(sarif_fingerprints(&book), before);

    // A comment line above every finding but the one at the opening fence.
    let shifted = |text: &str| text.replacen("---\n", "---\n# moved down\n", 1);
    let low = with(
        &with(INCIDENT, "id", "id: INC-2"),
        "severity",
        "severity: low",
    );
    book.write("records/INC-2.md", shifted(&low));
    book.write(
        "records/RISK-1.md",
        shifted(&with(RISK, "controls", RISK_CONTROLS)),
    );
    book.write(
        "records/dup.md",
        shifted(&with(INCIDENT, "title", "title: Copy")),
    );
    let (after, lines_after) = gitlab_fingerprints(&book);
    assert_eq!(lines_before, [8, 1, 9, 9, 9, 3]);
    assert_eq!(lines_after, [9, 1, 10, 10, 10, 4]);
    assert_eq!(after, before);
    assert_eq!(sarif_fingerprints(&book), before);

    // A different finding in the same place is a different fingerprint.
    book.write(
        "records/RISK-1.md",
        shifted(&with(
            RISK,
            "controls",
            r#"controls: ["😀 5.17", "5.98", "5.99"]"#,
        )),
    );
    let (changed, _) = gitlab_fingerprints(&book);
    assert_eq!(changed[2], before[2]);
    assert_ne!(changed[3], before[3]);
}

/// A book in a subfolder of a git repository, checked from elsewhere: the
/// reports name files from the repository root, as code hosts do.
#[test]
fn reports_name_files_from_the_repository_root() {
    let repo = tempfile::tempdir().unwrap();
    std::fs::create_dir(repo.path().join(".git")).unwrap();
    let book = repo.path().join("compliance/isms");
    std::fs::create_dir_all(book.join("records")).unwrap();
    std::fs::write(book.join("book.toml"), "[book]\ntitle = \"T\"\n").unwrap();
    std::fs::write(book.join("records/INC-1.md"), INCIDENT).unwrap();
    std::fs::write(book.join("records/PIR-1.md"), with(REVIEW, "chair", "")).unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let dir = book.to_str().unwrap();
    let args = |format| ["check", dir, "--format", format, "--today", TODAY];
    let gitlab = run_in(elsewhere.path(), &args("gitlab"));
    gitlab.code(1);
    assert_eq!(
        json(&gitlab)[0]["location"]["path"],
        "compliance/isms/records/PIR-1.md"
    );
    let sarif = json(&run_in(elsewhere.path(), &args("sarif")));
    let location = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"],
        "compliance/isms/records/PIR-1.md"
    );
}
