//! A throwaway git repository with commits at chosen dates, made with the
//! `git` command line, so provenance is tested against what real git
//! writes. Shared by the library's tests (`crate::testing::git_repo`) and
//! the CLI tests (`#[path]` include).
//!
//! Every command runs isolated from the machine: no system or global
//! configuration (a config file of its own sets the user, the branch name
//! and turns signing off), and none of the `GIT_*` variables a hook or a
//! surrounding repository may have set.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The variables git sets for hooks or a user may export; any of them would
/// point the commands at another repository.
const INHERITED: &[&str] = &[
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_COMMON_DIR",
    "GIT_NAMESPACE",
    "GIT_CEILING_DIRECTORIES",
    "GIT_PREFIX",
    "GIT_AUTHOR_NAME",
    "GIT_AUTHOR_EMAIL",
    "GIT_COMMITTER_NAME",
    "GIT_COMMITTER_EMAIL",
];

/// The date of commits made without one.
pub const DEFAULT_DATE: &str = "2026-01-01";

pub struct GitRepo {
    // Holds the temporary folder for as long as the repository is used.
    _dir: tempfile::TempDir,
    root: PathBuf,
    config: PathBuf,
}

impl GitRepo {
    /// An empty repository on branch `main`.
    pub fn new() -> GitRepo {
        let repo = GitRepo::empty_folder();
        repo.git(&["init", "--quiet", "--initial-branch=main"]);
        repo
    }

    /// A clone of `origin` with only its newest commit (`--depth 1`).
    pub fn shallow_clone(origin: &GitRepo) -> GitRepo {
        let clone = GitRepo::empty_folder();
        let url = format!("file://{}", origin.path().display());
        let target = clone.root.display().to_string();
        clone.git(&["clone", "--quiet", "--depth", "1", &url, &target]);
        clone
    }

    /// A full clone of `origin` with `rev` checked out (detached HEAD), a
    /// clean working tree of that revision.
    pub fn checkout_of(origin: &GitRepo, rev: &str) -> GitRepo {
        let clone = GitRepo::empty_folder();
        let source = origin.path().display().to_string();
        let target = clone.root.display().to_string();
        clone.git(&["clone", "--quiet", "--no-checkout", &source, &target]);
        clone.git(&["checkout", "--quiet", "--detach", rev]);
        clone
    }

    fn empty_folder() -> GitRepo {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("repo");
        std::fs::create_dir(&root).expect("repository folder");
        let config = dir.path().join("gitconfig");
        std::fs::write(
            &config,
            "[user]\n\tname = Test Author\n\temail = author@example.invalid\n\
             [commit]\n\tgpgSign = false\n[core]\n\tautocrlf = false\n",
        )
        .expect("git config");
        GitRepo {
            _dir: dir,
            root,
            config,
        }
    }

    /// The working tree's top folder.
    pub fn path(&self) -> &Path {
        &self.root
    }

    /// Writes a file (creating its folders) relative to the top.
    pub fn write(&self, relative: &str, contents: &str) -> &GitRepo {
        let path = self.root.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("folders");
        }
        std::fs::write(&path, contents).expect("write file");
        self
    }

    /// Runs git in the top folder with commits dated DEFAULT_DATE; returns
    /// stdout, panics with stderr when git fails.
    pub fn git(&self, args: &[&str]) -> String {
        self.git_at(DEFAULT_DATE, args)
    }

    /// Runs git with author and committer date `date` (`YYYY-MM-DD` means
    /// noon UTC; any date git reads is accepted).
    pub fn git_at(&self, date: &str, args: &[&str]) -> String {
        self.run(date, "Test Author", args)
    }

    /// Stages everything and commits it at `date`; returns the commit id.
    pub fn commit(&self, date: &str, subject: &str) -> String {
        self.commit_by("Test Author", date, subject)
    }

    /// `commit`, with `author` as the author's name.
    pub fn commit_by(&self, author: &str, date: &str, subject: &str) -> String {
        self.run(date, author, &["add", "--all"]);
        self.run(date, author, &["commit", "--quiet", "--message", subject]);
        self.head()
    }

    /// The full id of HEAD.
    pub fn head(&self) -> String {
        self.git(&["rev-parse", "HEAD"]).trim().to_string()
    }

    fn run(&self, date: &str, author: &str, args: &[&str]) -> String {
        let date = if date.len() == 10 {
            format!("{date}T12:00:00+00:00")
        } else {
            date.to_string()
        };
        let mut command = Command::new("git");
        for name in INHERITED {
            command.env_remove(name);
        }
        let output = command
            .args(args)
            .current_dir(&self.root)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", &self.config)
            .env("GIT_AUTHOR_NAME", author)
            .env("GIT_AUTHOR_DATE", &date)
            .env("GIT_COMMITTER_DATE", &date)
            .env("GIT_TERMINAL_PROMPT", "0")
            .output()
            .expect("git runs (is it installed?)");
        assert!(
            output.status.success(),
            "git {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).expect("git output is UTF-8")
    }
}
