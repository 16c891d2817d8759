//! Provenance read back from real repositories, made with the git command
//! line at chosen dates (`crate::testing::git_repo`).

use super::*;

// Blob ids, revisions, `read_at` and the export.
#[cfg(feature = "git")]
mod at_revision;
// One diff thread or several.
#[cfg(feature = "git")]
mod parallel;

#[cfg(not(feature = "git"))]
#[test]
fn without_the_feature_provenance_is_unavailable_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let why = "lessonbook was built without the `git` feature";
    let root = dir.path();
    assert_eq!(Provenance::read(root, &[]).unwrap_err().to_string(), why);
    assert_eq!(
        Provenance::read_at(root, &[], "HEAD")
            .unwrap_err()
            .to_string(),
        why
    );
    assert_eq!(read_blobs(root, &[]).unwrap_err().to_string(), why);
    assert_eq!(resolve(root, "HEAD").unwrap_err().to_string(), why);
    assert_eq!(
        export_book(root, "HEAD", root).unwrap_err().to_string(),
        why
    );
}

#[cfg(feature = "git")]
mod with_git {
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::testing::day;
    use crate::testing::git_repo::GitRepo;

    pub(super) fn read(root: &Path, files: &[&str]) -> Provenance {
        let files: Vec<PathBuf> = files.iter().map(PathBuf::from).collect();
        Provenance::read(root, &files).unwrap_or_else(|e| panic!("{e}"))
    }

    pub(super) fn file<'a>(provenance: &'a Provenance, path: &str) -> &'a FileProvenance {
        provenance
            .file(Path::new(path))
            .unwrap_or_else(|| panic!("{path} was not requested"))
    }

    pub(super) fn history<'a>(provenance: &'a Provenance, path: &str) -> &'a FileHistory {
        match &file(provenance, path).history {
            History::Committed(history) => history,
            History::NotCommitted => panic!("{path} is not committed"),
        }
    }

    pub(super) fn subjects(history: &FileHistory) -> Vec<&str> {
        history
            .commits()
            .iter()
            .map(|c| c.subject.as_str())
            .collect()
    }

    pub(super) fn head(provenance: &Provenance) -> &Head {
        provenance.head.as_ref().expect("a HEAD commit")
    }

    /// Twelve distinct lines, so a one-line edit stays above git's 50 %
    /// rename similarity.
    pub(super) fn record(id: &str) -> String {
        (1..=12).map(|n| format!("{id} line {n}\n")).collect()
    }

    #[test]
    fn first_and_last_commit_dates_and_the_number_of_revisions() {
        let repo = GitRepo::new();
        repo.write("book.toml", "[book]\n")
            .write("records/PIR-1.md", "draft\n");
        let added = repo.commit_by("Ada Lovelace", "2026-01-05", "Add PIR-1\n\nThe body.");
        repo.write("records/PIR-1.md", "second draft\n");
        repo.commit("2026-02-10", "Edit PIR-1");
        repo.write("records/INC-1.md", "other\n");
        repo.commit("2026-03-01", "Add INC-1");
        repo.write("records/PIR-1.md", "signed\n");
        let signed = repo.commit("2026-04-01T23:30:00-02:00", "Sign off PIR-1");

        let provenance = read(repo.path(), &["records/PIR-1.md"]);
        let pir = history(&provenance, "records/PIR-1.md");
        assert_eq!(pir.revisions(), 3);
        assert_eq!(subjects(pir), ["Add PIR-1", "Edit PIR-1", "Sign off PIR-1"]);
        assert_eq!(pir.first().id, added);
        assert_eq!(pir.first().short_id(), &added[..7]);
        assert_eq!(pir.first().date, day("2026-01-05"));
        assert_eq!(pir.first().author, "Ada Lovelace");
        assert_eq!(pir.last().id, signed);
        // The date is the committer's own day; the time is UTC.
        assert_eq!(pir.last().date, day("2026-04-01"));
        assert_eq!(pir.last().time.to_rfc3339(), "2026-04-02T01:30:00+00:00");
        assert!(!file(&provenance, "records/PIR-1.md").uncommitted_changes);

        let head = head(&provenance);
        assert_eq!(head.commit.id, signed);
        assert_eq!(head.commit.subject, "Sign off PIR-1");
        assert!(!head.dirty);
        assert!(!provenance.shallow);
    }

    #[test]
    fn a_review_committed_90_days_after_its_incident() {
        let repo = GitRepo::new();
        repo.write("records/INC-1.md", "incident\n");
        repo.commit("2026-01-01", "Add INC-1");
        repo.write("records/PIR-1.md", "review\n");
        repo.commit("2026-04-01", "Add PIR-1");

        let provenance = read(repo.path(), &["records/INC-1.md", "records/PIR-1.md"]);
        let incident = history(&provenance, "records/INC-1.md").first().date;
        let review = history(&provenance, "records/PIR-1.md").first().date;
        assert_eq!((review - incident).num_days(), 90);
        assert_eq!(history(&provenance, "records/INC-1.md").revisions(), 1);
    }

    #[test]
    fn untracked_and_only_staged_files_are_not_committed() {
        let repo = GitRepo::new();
        repo.write("book.toml", "[book]\n")
            .write("records/INC-1.md", "incident\n");
        repo.commit("2026-01-01", "Add INC-1");
        repo.write("records/PIR-1.md", "review\n");
        repo.write("records/PIR-2.md", "review\n");
        repo.git(&["add", "records/PIR-2.md"]);

        let all = ["records/INC-1.md", "records/PIR-1.md", "records/PIR-2.md"];
        let provenance = read(repo.path(), &all);
        for path in ["records/PIR-1.md", "records/PIR-2.md"] {
            assert_eq!(file(&provenance, path).history, History::NotCommitted);
            assert!(file(&provenance, path).uncommitted_changes, "{path}");
        }
        assert!(!file(&provenance, "records/INC-1.md").uncommitted_changes);
        assert!(head(&provenance).dirty);

        let committed_only = read(repo.path(), &["records/INC-1.md"]);
        assert!(
            !head(&committed_only).dirty,
            "other files are not asked about"
        );
    }

    #[test]
    fn a_modified_file_keeps_its_history_and_is_flagged() {
        let repo = GitRepo::new();
        repo.write("book.toml", "[book]\n")
            .write("records/PIR-1.md", "review\n");
        repo.write("records/PIR-2.md", "review\n");
        repo.commit("2026-01-01", "Add reviews");
        repo.write("records/PIR-1.md", "edited, not committed\n");
        repo.write("records/PIR-2.md", "edited and staged\n");
        repo.git(&["add", "records/PIR-2.md"]);

        let provenance = read(repo.path(), &["records/PIR-1.md", "records/PIR-2.md"]);
        for path in ["records/PIR-1.md", "records/PIR-2.md"] {
            assert!(file(&provenance, path).uncommitted_changes, "{path}");
            assert_eq!(history(&provenance, path).revisions(), 1);
        }
        assert!(head(&provenance).dirty);
    }

    #[test]
    fn an_edited_book_toml_makes_head_dirty() {
        let repo = GitRepo::new();
        repo.write("book.toml", "[book]\n")
            .write("records/INC-1.md", "incident\n");
        repo.commit("2026-01-01", "Start");
        repo.write("book.toml", "[book]\ntitle = \"Changed\"\n");

        let provenance = read(repo.path(), &["records/INC-1.md"]);
        assert!(!file(&provenance, "records/INC-1.md").uncommitted_changes);
        assert!(head(&provenance).dirty);
    }

    #[test]
    fn a_rename_without_a_change_keeps_the_first_date() {
        let repo = GitRepo::new();
        repo.write("records/PIR-1.md", &record("PIR-1"));
        repo.commit("2026-01-05", "Add PIR-1");
        std::fs::create_dir(repo.path().join("records/reviews")).unwrap();
        repo.git(&["mv", "records/PIR-1.md", "records/reviews/PIR-1.md"]);
        repo.commit("2026-03-01", "Move reviews into a folder");

        let provenance = read(repo.path(), &["records/reviews/PIR-1.md"]);
        let pir = history(&provenance, "records/reviews/PIR-1.md");
        assert_eq!(pir.first().date, day("2026-01-05"));
        assert_eq!(pir.last().date, day("2026-03-01"));
        assert_eq!(pir.revisions(), 2);
    }

    #[test]
    fn a_rename_with_a_small_change_keeps_the_first_date() {
        let repo = GitRepo::new();
        repo.write("records/PIR-1.md", &record("PIR-1"));
        repo.commit("2026-01-05", "Add PIR-1");
        repo.write(
            "records/PIR-1.md",
            &format!("{}one more line\n", record("PIR-1")),
        );
        repo.commit("2026-01-20", "Edit PIR-1");
        repo.git(&["mv", "records/PIR-1.md", "records/PIR-0001.md"]);
        repo.write(
            "records/PIR-0001.md",
            &record("PIR-1").replace("line 3", "line three"),
        );
        repo.commit("2026-03-01", "Renumber PIR-1");

        let provenance = read(repo.path(), &["records/PIR-0001.md"]);
        let pir = history(&provenance, "records/PIR-0001.md");
        assert_eq!(subjects(pir), ["Add PIR-1", "Edit PIR-1", "Renumber PIR-1"]);
        assert_eq!(pir.first().date, day("2026-01-05"));
    }

    #[test]
    fn a_new_file_at_a_renamed_files_old_path_starts_its_own_history() {
        let repo = GitRepo::new();
        repo.write("records/PIR-1.md", &record("PIR-1"));
        repo.commit("2026-01-05", "Add PIR-1");
        repo.git(&["mv", "records/PIR-1.md", "records/PIR-2.md"]);
        repo.commit("2026-02-01", "PIR-1 was PIR-2");
        repo.write("records/PIR-1.md", &record("new PIR-1"));
        repo.commit("2026-03-01", "Add a new PIR-1");

        let provenance = read(repo.path(), &["records/PIR-1.md", "records/PIR-2.md"]);
        assert_eq!(
            subjects(history(&provenance, "records/PIR-1.md")),
            ["Add a new PIR-1"]
        );
        assert_eq!(
            subjects(history(&provenance, "records/PIR-2.md")),
            ["Add PIR-1", "PIR-1 was PIR-2"]
        );
    }

    #[test]
    fn a_book_in_a_subfolder_of_the_repository() {
        let repo = GitRepo::new();
        repo.write("src/main.rs", "fn main() {}\n");
        repo.commit("2025-12-01", "Code");
        repo.write("docs/isms/book.toml", "[book]\n");
        repo.write("docs/isms/records/INC-1.md", "incident\n");
        repo.commit("2026-01-10", "Start the book");
        repo.write("src/main.rs", "fn main() { println!(); }\n");
        repo.commit("2026-01-11", "More code");
        repo.write("docs/isms/records/INC-1.md", "incident, closed\n");
        repo.commit("2026-02-01", "Close INC-1");

        let root = repo.path().join("docs/isms");
        let absolute = root.join("records/INC-1.md");
        let provenance = Provenance::read(
            &root,
            &[PathBuf::from("./records/INC-1.md"), absolute.clone()],
        )
        .unwrap();
        for path in [Path::new("./records/INC-1.md"), absolute.as_path()] {
            let History::Committed(incident) = &provenance.file(path).unwrap().history else {
                panic!("{} is not committed", path.display());
            };
            assert_eq!(subjects(incident), ["Start the book", "Close INC-1"]);
        }
        assert!(!head(&provenance).dirty);

        // A change outside the book does not make the book dirty; one inside
        // does.
        repo.write("src/main.rs", "changed\n");
        assert!(!head(&read(&root, &["records/INC-1.md"])).dirty);
        repo.write("docs/isms/records/INC-1.md", "incident, reopened\n");
        let edited = read(&root, &["records/INC-1.md"]);
        assert!(file(&edited, "records/INC-1.md").uncommitted_changes);
        assert!(head(&edited).dirty);
    }

    #[test]
    fn a_shallow_clone_is_reported() {
        let origin = GitRepo::new();
        origin.write("records/INC-1.md", "incident\n");
        origin.commit("2026-01-01", "Add INC-1");
        origin.write("records/INC-1.md", "incident, closed\n");
        origin.commit("2026-03-01", "Close INC-1");
        let clone = GitRepo::shallow_clone(&origin);

        let provenance = read(clone.path(), &["records/INC-1.md"]);
        assert!(provenance.shallow);
        // What the caller must not trust: history stops at the boundary.
        let incident = history(&provenance, "records/INC-1.md");
        assert_eq!(incident.first().date, day("2026-03-01"));
        assert!(!read(origin.path(), &["records/INC-1.md"]).shallow);
    }

    #[test]
    fn a_folder_outside_any_repository_is_unavailable() {
        let dir = tempfile::tempdir().unwrap();
        let unavailable = Provenance::read(dir.path(), &[PathBuf::from("x.md")]).unwrap_err();
        assert_eq!(
            unavailable.to_string(),
            format!("{} is not inside a git repository", dir.path().display())
        );
    }

    #[test]
    fn a_merge_does_not_count_its_branchs_changes_twice() {
        let repo = GitRepo::new();
        repo.write("records/INC-1.md", "incident\n")
            .write("records/INC-2.md", "two\n");
        repo.commit("2026-01-01", "Add incidents");
        repo.git(&["switch", "--quiet", "--create", "close-inc-1"]);
        repo.write("records/INC-1.md", "incident, closed\n");
        repo.commit("2026-01-10", "Close INC-1");
        repo.write("records/PIR-1.md", "review\n");
        repo.commit("2026-01-12", "Add PIR-1");
        repo.git(&["switch", "--quiet", "main"]);
        repo.write("records/INC-2.md", "two, closed\n");
        repo.commit("2026-01-11", "Close INC-2");
        repo.git_at(
            "2026-01-15",
            &["merge", "--quiet", "--no-ff", "-m", "Merge", "close-inc-1"],
        );

        let all = ["records/INC-1.md", "records/INC-2.md", "records/PIR-1.md"];
        let provenance = read(repo.path(), &all);
        assert_eq!(
            subjects(history(&provenance, "records/INC-1.md")),
            ["Add incidents", "Close INC-1"]
        );
        assert_eq!(
            subjects(history(&provenance, "records/INC-2.md")),
            ["Add incidents", "Close INC-2"]
        );
        let review = history(&provenance, "records/PIR-1.md");
        assert_eq!(subjects(review), ["Add PIR-1"]);
        assert_eq!(review.first().date, day("2026-01-12"));
        assert_eq!(head(&provenance).commit.subject, "Merge");
    }

    #[test]
    fn a_merge_that_changes_a_file_itself_counts_once() {
        let repo = GitRepo::new();
        repo.write("records/INC-1.md", "incident\n")
            .write("records/INC-2.md", "two\n");
        repo.commit("2026-01-01", "Add incidents");
        repo.git(&["switch", "--quiet", "--create", "side"]);
        repo.write("records/INC-1.md", "incident, side\n");
        repo.commit("2026-01-10", "Side edit");
        repo.git(&["switch", "--quiet", "main"]);
        repo.write("records/INC-2.md", "two, main\n");
        repo.commit("2026-01-11", "Main edit");
        repo.git(&["merge", "--quiet", "--no-ff", "--no-commit", "side"]);
        repo.write("records/INC-1.md", "incident, resolved by hand\n");
        repo.commit("2026-01-15", "Merge side");

        let provenance = read(repo.path(), &["records/INC-1.md", "records/INC-2.md"]);
        assert_eq!(
            subjects(history(&provenance, "records/INC-1.md")),
            ["Add incidents", "Side edit", "Merge side"]
        );
        assert_eq!(
            subjects(history(&provenance, "records/INC-2.md")),
            ["Add incidents", "Main edit"]
        );
    }

    #[test]
    fn a_repository_without_commits_has_no_head_and_nothing_committed() {
        let repo = GitRepo::new();
        repo.write("records/INC-1.md", "incident\n");

        let provenance = read(repo.path(), &["records/INC-1.md"]);
        assert_eq!(provenance.head, None);
        assert_eq!(
            file(&provenance, "records/INC-1.md").history,
            History::NotCommitted
        );
        assert!(file(&provenance, "records/INC-1.md").uncommitted_changes);
    }

    #[test]
    fn paths_outside_the_working_tree_or_never_written_are_not_committed() {
        let repo = GitRepo::new();
        repo.write("book/records/INC-1.md", "incident\n");
        repo.commit("2026-01-01", "Add INC-1");
        let elsewhere = tempfile::tempdir().unwrap();
        let outside = elsewhere.path().join("INC-9.md");
        std::fs::write(&outside, "outside\n").unwrap();
        let root = repo.path().join("book");

        let files = [
            PathBuf::from("../../INC-9.md"),
            outside.clone(),
            PathBuf::from("records/never-written.md"),
        ];
        let provenance = Provenance::read(&root, &files).unwrap();
        for path in &files {
            let found = provenance.file(path).unwrap();
            assert_eq!(found.history, History::NotCommitted, "{}", path.display());
        }
        assert!(provenance.file(&outside).unwrap().uncommitted_changes);
        let never = provenance
            .file(Path::new("records/never-written.md"))
            .unwrap();
        assert!(!never.uncommitted_changes, "nothing there to commit");
    }
}
