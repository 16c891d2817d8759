//! The `.pre-commit-hooks.yaml` this repository offers the pre-commit
//! framework.

use crate::book_test::repo_root;

/// The hook file pre-commit reads from this repository.
#[test]
fn pre_commit_hook_runs_check_on_records_and_book_toml() {
    let text = std::fs::read_to_string(repo_root().join(".pre-commit-hooks.yaml")).unwrap();
    let docs = yaml_rust2::YamlLoader::load_from_str(&text).unwrap();
    let hooks = docs[0].as_vec().expect("a list of hooks");
    let hook = hooks
        .iter()
        .find(|hook| hook["id"].as_str() == Some("lessonbook-check"))
        .expect("a lessonbook-check hook");
    assert_eq!(hook["entry"].as_str(), Some("lessonbook check"));
    assert_eq!(hook["language"].as_str(), Some("rust"));
    assert_eq!(hook["pass_filenames"].as_bool(), Some(false));
    let files = regex::Regex::new(hook["files"].as_str().unwrap()).unwrap();
    for path in [
        "book.toml",
        "records/incidents/INC-1.md",
        "docs/isms/book.toml",
    ] {
        assert!(files.is_match(path), "{path}");
    }
    for path in ["src/main.rs", "themes/default/style.css", "notebook.toml"] {
        assert!(!files.is_match(path), "{path}");
    }
    for hook in hooks {
        assert!(hook["name"].as_str().is_some());
        assert!(hook["description"].as_str().is_some());
    }
}
