//! Blob ids, `read_blobs`, `resolve`, `export_book` and
//! `Provenance::read_at`, checked against what the git command line says
//! about the same repositories.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::super::*;
use super::with_git::{file, head, history, read, record, subjects};
use crate::testing::day;
use crate::testing::git_repo::GitRepo;

/// `git rev-parse SPEC`: an object id, git's own answer.
fn rev_parse(repo: &GitRepo, spec: &str) -> String {
    repo.git(&["rev-parse", "--verify", "--quiet", spec])
        .trim()
        .to_string()
}

fn paths(files: &[&str]) -> Vec<PathBuf> {
    files.iter().map(PathBuf::from).collect()
}

#[test]
fn blob_ids_are_the_files_contents_in_each_commit_through_a_rename() {
    let repo = GitRepo::new();
    repo.write("records/PIR-1.md", &record("PIR-1"));
    let added = repo.commit("2026-01-05", "Add PIR-1");
    let edited_text = format!("{}one more line\n", record("PIR-1"));
    repo.write("records/PIR-1.md", &edited_text);
    let edited = repo.commit("2026-01-20", "Edit PIR-1");
    repo.git(&["mv", "records/PIR-1.md", "records/PIR-0001.md"]);
    let renamed_text = record("PIR-1").replace("line 3", "line three");
    repo.write("records/PIR-0001.md", &renamed_text);
    let renamed = repo.commit("2026-03-01", "Renumber PIR-1");
    repo.write("records/INC-1.md", "incident\n");
    let incident = repo.commit("2026-03-02", "Add INC-1");

    let provenance = read(repo.path(), &["records/PIR-0001.md", "records/INC-1.md"]);
    let pir = history(&provenance, "records/PIR-0001.md");
    assert_eq!(
        pir.blob_ids(),
        [
            rev_parse(&repo, &format!("{added}:records/PIR-1.md")),
            rev_parse(&repo, &format!("{edited}:records/PIR-1.md")),
            rev_parse(&repo, &format!("{renamed}:records/PIR-0001.md")),
        ]
    );
    assert_eq!(
        history(&provenance, "records/INC-1.md").blob_ids(),
        [rev_parse(&repo, &format!("{incident}:records/INC-1.md"))]
    );

    let ids: Vec<&str> = pir.blob_ids().iter().map(String::as_str).collect();
    let blobs = read_blobs(repo.path(), &ids).unwrap();
    let texts = [record("PIR-1"), edited_text, renamed_text];
    assert_eq!(blobs, texts.map(String::into_bytes));
    assert_eq!(read_blobs(repo.path(), &[]).unwrap(), Vec::<Vec<u8>>::new());
}

#[test]
fn blob_ids_of_a_root_commit_with_few_or_many_files() {
    let repo = GitRepo::new();
    let names: Vec<String> = (1..=20).map(|n| format!("records/INC-{n}.md")).collect();
    for name in &names {
        repo.write(name, &format!("{name}\n"));
    }
    let root = repo.commit("2026-01-01", "Add incidents");
    repo.write("records/INC-3.md", "closed\n");
    let closed = repo.commit("2026-02-01", "Close INC-3");

    let expected = |path: &str| {
        let mut ids = vec![rev_parse(&repo, &format!("{root}:{path}"))];
        if path == "records/INC-3.md" {
            ids.push(rev_parse(&repo, &format!("{closed}:{path}")));
        }
        ids
    };
    // Two files are looked up one by one, twenty found in one diff.
    for count in [2, names.len()] {
        let wanted: Vec<&str> = names[..count].iter().map(String::as_str).collect();
        let provenance = read(repo.path(), &wanted);
        for path in wanted {
            assert_eq!(
                history(&provenance, path).blob_ids(),
                expected(path),
                "{path}"
            );
        }
    }
}

#[test]
fn a_merge_resolved_by_hand_is_credited_with_its_own_blob() {
    let repo = GitRepo::new();
    repo.write("records/INC-1.md", "incident\n")
        .write("records/INC-2.md", "two\n");
    let start = repo.commit("2026-01-01", "Add incidents");
    repo.git(&["switch", "--quiet", "--create", "side"]);
    repo.write("records/INC-1.md", "incident, side\n");
    let side = repo.commit("2026-01-10", "Side edit");
    repo.git(&["switch", "--quiet", "main"]);
    repo.write("records/INC-2.md", "two, main\n");
    repo.commit("2026-01-11", "Main edit");
    repo.git(&["merge", "--quiet", "--no-ff", "--no-commit", "side"]);
    repo.write("records/INC-1.md", "incident, resolved by hand\n");
    let merge = repo.commit("2026-01-15", "Merge side");

    let provenance = read(repo.path(), &["records/INC-1.md"]);
    let incident = history(&provenance, "records/INC-1.md");
    assert_eq!(
        subjects(incident),
        ["Add incidents", "Side edit", "Merge side"]
    );
    let expected: Vec<String> = [start, side, merge]
        .iter()
        .map(|commit| rev_parse(&repo, &format!("{commit}:records/INC-1.md")))
        .collect();
    assert_eq!(incident.blob_ids(), expected);
}

#[test]
fn read_blobs_says_which_id_it_cannot_read() {
    let repo = GitRepo::new();
    repo.write("a.md", "a\n");
    let commit = repo.commit("2026-01-01", "Add a");
    let holding = format!("the repository holding {}", repo.path().display());
    let error = |id: &str| read_blobs(repo.path(), &[id]).unwrap_err().to_string();

    assert_eq!(
        error("a.md"),
        "`a.md` is not a blob id (a full hexadecimal object id)"
    );
    let missing = "0123456789012345678901234567890123456789";
    assert_eq!(
        error(missing),
        format!("blob {missing} is not in {holding}")
    );
    assert_eq!(
        error(&commit),
        format!("{commit} is a commit, not a blob, in {holding}")
    );
}

/// A history with a lightweight and an annotated tag, a branch and a merge.
fn tagged_history() -> GitRepo {
    let repo = GitRepo::new();
    repo.write("a.md", "1\n");
    repo.commit("2026-01-01", "One");
    repo.git(&["tag", "v1"]);
    repo.write("a.md", "2\n");
    repo.commit("2026-02-01", "Two");
    repo.git_at(
        "2026-02-02",
        &["tag", "--annotate", "v2", "--message", "Release 2"],
    );
    repo.git(&["switch", "--quiet", "--create", "side", "v1"]);
    repo.write("b.md", "side\n");
    repo.commit("2026-02-10", "Side");
    repo.git(&["switch", "--quiet", "main"]);
    repo.git_at(
        "2026-03-01",
        &["merge", "--quiet", "--no-ff", "-m", "Merge side", "side"],
    );
    repo
}

#[test]
fn revisions_resolve_to_the_commits_git_names() {
    let repo = tagged_history();
    let head = repo.head();
    let v2 = rev_parse(&repo, "v2^{commit}");
    let specs = [
        "HEAD",
        "@",
        "main",
        "refs/heads/main",
        "side",
        "v1",
        "v2",
        "tags/v2",
        "refs/tags/v2",
        "v2^{commit}",
        "v2^{}",
        "v2~1",
        "HEAD^",
        "HEAD^2",
        "HEAD^^",
        "HEAD~2",
        "HEAD^0",
        "HEAD^2~1",
        head.as_str(),
        &head[..7],
        &v2[..4],
    ];
    for spec in specs {
        let commit = resolve(repo.path(), spec).unwrap_or_else(|e| panic!("{spec}: {e}"));
        assert_eq!(
            commit.id,
            rev_parse(&repo, &format!("{spec}^{{commit}}")),
            "{spec}"
        );
    }

    let release = resolve(repo.path(), "v2").unwrap();
    assert_eq!(release.subject, "Two");
    assert_eq!(release.date, day("2026-02-01"));
}

#[test]
fn an_unknown_revision_is_unavailable_and_says_so() {
    let repo = tagged_history();
    repo.git(&["tag", "tree-tag", "HEAD^{tree}"]);
    let holding = format!("the repository holding {}", repo.path().display());
    for spec in [
        "v9",
        "",
        "HEAD~9",
        "HEAD^3",
        "v1..v2",
        "v1:a.md",
        "HEAD@{1}",
        "HEAD~x",
        "v2^{tree}",
    ] {
        assert_eq!(
            resolve(repo.path(), spec).unwrap_err().to_string(),
            format!("`{spec}` is not a revision of {holding} (a tag, branch or commit)"),
            "{spec}"
        );
    }
    assert_eq!(
        resolve(repo.path(), "tree-tag").unwrap_err().to_string(),
        format!("`tree-tag` names a tree, not a commit, in {holding}")
    );

    let empty = GitRepo::new();
    let unborn = resolve(empty.path(), "HEAD").unwrap_err().to_string();
    assert!(unborn.starts_with("`HEAD` is not a revision"), "{unborn}");
}

#[test]
fn read_at_a_tag_equals_read_in_a_clean_checkout_of_it() {
    let repo = GitRepo::new();
    repo.write("src/main.rs", "fn main() {}\n");
    repo.commit("2025-12-01", "Code");
    repo.write("docs/isms/book.toml", "[book]\n")
        .write("docs/isms/records/INC-1.md", &record("INC-1"))
        .write("docs/isms/records/PIR-1.md", &record("PIR-1"));
    repo.commit("2026-01-10", "Start the book");
    let closed = format!("{}closed\n", record("INC-1"));
    repo.write("docs/isms/records/INC-1.md", &closed);
    repo.commit("2026-01-20", "Close INC-1");
    repo.git(&[
        "mv",
        "docs/isms/records/PIR-1.md",
        "docs/isms/records/PIR-0001.md",
    ]);
    repo.commit("2026-02-01", "Renumber PIR-1");
    repo.git_at(
        "2026-02-02",
        &["tag", "--annotate", "v1", "--message", "Audit"],
    );
    // Later history, and uncommitted edits, that the tag does not hold.
    repo.write("docs/isms/records/INC-1.md", "reopened\n")
        .write("docs/isms/records/INC-2.md", "second\n");
    repo.commit("2026-03-01", "Reopen INC-1, add INC-2");
    repo.git(&[
        "mv",
        "docs/isms/records/PIR-0001.md",
        "docs/isms/records/PIR-2.md",
    ]);
    repo.commit("2026-03-02", "Renumber again");
    repo.write("docs/isms/records/INC-1.md", "edited, not committed\n")
        .write("docs/isms/book.toml", "[book]\ntitle = \"Changed\"\n");

    let files = paths(&[
        "records/INC-1.md",
        "records/PIR-0001.md",
        "records/PIR-1.md",
        "records/INC-2.md",
        "book.toml",
    ]);
    let root = repo.path().join("docs/isms");
    let at = Provenance::read_at(&root, &files, "v1").unwrap();
    let checkout = GitRepo::checkout_of(&repo, "v1");
    let in_checkout = Provenance::read(&checkout.path().join("docs/isms"), &files).unwrap();
    assert_eq!(at, in_checkout);

    let incident = history(&at, "records/INC-1.md");
    assert_eq!(subjects(incident), ["Start the book", "Close INC-1"]);
    assert_eq!(
        incident.blob_ids().last().unwrap(),
        &rev_parse(&repo, "v1:docs/isms/records/INC-1.md")
    );
    let review = history(&at, "records/PIR-0001.md");
    assert_eq!(subjects(review), ["Start the book", "Renumber PIR-1"]);
    for later in ["records/INC-2.md", "records/PIR-1.md"] {
        assert_eq!(file(&at, later).history, History::NotCommitted, "{later}");
    }
    assert!(
        files
            .iter()
            .all(|f| !at.file(f).unwrap().uncommitted_changes)
    );
    assert_eq!(head(&at).commit.id, rev_parse(&repo, "v1^{commit}"));
    assert!(!head(&at).dirty);
    assert!(!at.shallow);

    assert_eq!(
        Provenance::read_at(&root, &files, "v9")
            .unwrap_err()
            .to_string(),
        format!(
            "`v9` is not a revision of the repository holding {} (a tag, branch or commit)",
            root.display()
        )
    );
}

/// What a folder holds, as a checkout leaves it: files with their bytes
/// and executable bit, links with their target, folders.
#[derive(Debug, PartialEq, Eq)]
enum Node {
    Folder,
    File { bytes: Vec<u8>, executable: bool },
    Link(PathBuf),
}

fn listing(folder: &Path) -> BTreeMap<PathBuf, Node> {
    let mut nodes = BTreeMap::new();
    for entry in walkdir::WalkDir::new(folder).min_depth(1) {
        let entry = entry.unwrap();
        let relative = entry.path().strip_prefix(folder).unwrap().to_path_buf();
        let kind = entry.file_type();
        let node = if kind.is_symlink() {
            Node::Link(std::fs::read_link(entry.path()).unwrap())
        } else if kind.is_dir() {
            Node::Folder
        } else {
            Node::File {
                bytes: std::fs::read(entry.path()).unwrap(),
                executable: executable(entry.path()),
            }
        };
        nodes.insert(relative, node);
    }
    nodes
}

#[cfg(unix)]
fn executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o100 != 0
}

#[cfg(not(unix))]
fn executable(_path: &Path) -> bool {
    false
}

#[test]
fn the_exported_book_equals_a_checkout_of_its_folder() {
    let repo = GitRepo::new();
    repo.write("src/main.rs", "fn main() {}\n")
        .write("docs/isms/book.toml", "[book]\n")
        .write("docs/isms/records/INC-1.md", "incident\n")
        .write("docs/isms/records/2026/PIR-1.md", "review\r\nwith CRLF\r\n")
        .write("docs/isms/scripts/check.sh", "#!/bin/sh\ntrue\n");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let script = repo.path().join("docs/isms/scripts/check.sh");
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        let link = repo.path().join("docs/isms/latest.md");
        std::os::unix::fs::symlink("records/INC-1.md", link).unwrap();
    }
    let started = repo.commit("2026-01-10", "Start the book");
    repo.git(&["tag", "v1"]);
    repo.write("docs/isms/records/INC-1.md", "incident, closed\n")
        .write("docs/isms/records/INC-2.md", "second\n");
    repo.commit("2026-02-01", "Later");

    let root = repo.path().join("docs/isms");
    let dest = tempfile::tempdir().unwrap();
    let commit = export_book(&root, "v1", dest.path()).unwrap();
    assert_eq!(commit.id, started);
    assert_eq!(commit.subject, "Start the book");

    let exported = listing(dest.path());
    let checkout = GitRepo::checkout_of(&repo, "v1");
    assert_eq!(exported, listing(&checkout.path().join("docs/isms")));
    let incident = &exported[Path::new("records/INC-1.md")];
    let bytes = b"incident\n".to_vec();
    assert_eq!(
        incident,
        &Node::File {
            bytes,
            executable: false
        }
    );
    #[cfg(unix)]
    {
        assert_eq!(
            exported[Path::new("latest.md")],
            Node::Link(PathBuf::from("records/INC-1.md"))
        );
        let script = &exported[Path::new("scripts/check.sh")];
        assert!(matches!(
            script,
            Node::File {
                executable: true,
                ..
            }
        ));
    }
}

#[test]
fn a_book_at_the_top_of_the_repository_is_exported_whole_and_submodules_are_skipped() {
    let repo = GitRepo::new();
    repo.write("book.toml", "[book]\n")
        .write("records/INC-1.md", "incident\n");
    let first = repo.commit("2026-01-01", "Start");
    let gitlink = format!("160000,{first},vendor/policies");
    repo.git(&["update-index", "--add", "--cacheinfo", &gitlink]);
    repo.git_at("2026-01-02", &["commit", "--quiet", "--message", "Vendor"]);

    let dest = tempfile::tempdir().unwrap();
    export_book(repo.path(), "HEAD", dest.path()).unwrap();
    let exported: Vec<PathBuf> = listing(dest.path()).into_keys().collect();
    assert_eq!(
        exported,
        ["book.toml", "records", "records/INC-1.md", "vendor"].map(PathBuf::from)
    );
}

#[test]
fn a_book_folder_missing_at_the_revision_is_unavailable() {
    let repo = GitRepo::new();
    repo.write("src/main.rs", "fn main() {}\n");
    let code = repo.commit("2025-12-01", "Code");
    repo.git(&["tag", "v1"]);
    repo.write("compliance/isms/book.toml", "[book]\n");
    repo.commit("2026-01-10", "Start the book");

    let root = repo.path().join("compliance/isms");
    let dest = tempfile::tempdir().unwrap();
    assert_eq!(
        export_book(&root, "v1", dest.path())
            .unwrap_err()
            .to_string(),
        format!(
            "the book's folder compliance/isms does not exist at v1 ({})",
            &code[..7]
        )
    );
    assert_eq!(
        export_book(&root, "v9", dest.path())
            .unwrap_err()
            .to_string(),
        format!(
            "`v9` is not a revision of the repository holding {} (a tag, branch or commit)",
            root.display()
        )
    );

    std::fs::write(dest.path().join("left-over"), "x").unwrap();
    assert_eq!(
        export_book(&root, "HEAD", dest.path())
            .unwrap_err()
            .to_string(),
        format!(
            "cannot export the book: {} is not empty",
            dest.path().display()
        )
    );
}

/// Hexadecimal to bytes, for writing raw tree objects.
fn unhex(hex: &str) -> Vec<u8> {
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect()
}

/// Writes a tree object from `(mode, name, id)` entries as given, without
/// git's checks (`--literally`), as a hostile repository could.
fn raw_tree(repo: &GitRepo, entries: &[(&str, &str, &str)]) -> String {
    let mut bytes = Vec::new();
    for (mode, name, id) in entries {
        bytes.extend_from_slice(format!("{mode} {name}\0").as_bytes());
        bytes.extend(unhex(id));
    }
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), bytes).unwrap();
    let path = file.path().display().to_string();
    let args = ["hash-object", "-t", "tree", "--literally", "-w", &path];
    repo.git(&args).trim().to_string()
}

#[test]
fn names_that_would_escape_the_export_are_refused_before_anything_is_written() {
    let repo = GitRepo::new();
    repo.write("book/book.toml", "[book]\n");
    repo.commit("2026-01-01", "Start");
    let blob = rev_parse(&repo, "HEAD:book/book.toml");

    for name in ["..", ".git", ".GIT", "a/b", "."] {
        let records = raw_tree(&repo, &[("100644", name, &blob)]);
        let book = raw_tree(
            &repo,
            &[
                ("100644", "book.toml", &blob),
                ("40000", "records", &records),
            ],
        );
        let top = raw_tree(&repo, &[("40000", "book", &book)]);
        let commit = repo
            .git(&["commit-tree", &top, "-m", "Hostile"])
            .trim()
            .to_string();

        let outer = tempfile::tempdir().unwrap();
        let dest = outer.path().join("dest");
        std::fs::create_dir(&dest).unwrap();
        let error = export_book(&repo.path().join("book"), &commit, &dest)
            .unwrap_err()
            .to_string();
        let refused = format!(
            "the book's folder at {commit} ({}) cannot be exported: records holds the name {name:?}: ",
            &commit[..7]
        );
        assert!(error.starts_with(&refused), "{name}: {error}");
        assert!(
            listing(outer.path())
                .into_keys()
                .eq([PathBuf::from("dest")])
        );
    }
}
