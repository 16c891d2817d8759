//! `lessonbook stats`: the key figures in the terminal. Agreement with
//! metrics.json and the pages is tested in agreement.rs, on the sample.

use crate::book_test::*;

#[test]
fn stats_refuses_records_with_errors() {
    let book = BookTest::valid();
    book.write(
        "records/INC-9.md",
        "---\nkind: incident\nid: INC-2026-009\ntitle: t\nseverity: huge\n---\n",
    );
    book.run(&["stats"])
        .code(1)
        .stderr_has("error: the records have errors; their figures would not be true");
}

#[test]
fn stats_of_the_whole_history_has_no_comparison() {
    let run = BookTest::valid().run(&["stats", "--period", "all"]);
    run.code(0)
        .stdout_has("Key figures for the whole history, as of 2026-02-01\n");
    let header = run.stdout.lines().nth(2).unwrap();
    assert_eq!(
        header.split_whitespace().collect::<Vec<_>>(),
        ["figure", "value", "note"]
    );
    let json = BookTest::valid().run(&["stats", "--period", "all", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json.code(0).stdout).unwrap();
    assert_eq!(value["period"]["label"], "all");
    assert_eq!(value["period"]["start"], serde_json::Value::Null);
    assert_eq!(value["figures"][0]["previous"], serde_json::Value::Null);
}

#[test]
fn stats_names_a_bad_period() {
    BookTest::valid()
        .run(&["stats", "--period", "2026-Q5"])
        .code(2)
        .stderr_has("`2026-Q5` is not a period");
}
