//! A builder for throwaway books: write files, run a command, assert on the
//! exit code and output.

use std::path::{Path, PathBuf};
use std::process::Command;

pub const INCIDENT: &str = include_str!("../fixtures/records/INC-1.md");
pub const REVIEW: &str = include_str!("../fixtures/records/PIR-1.md");
pub const RISK: &str = include_str!("../fixtures/records/RISK-1.md");

/// The as-of date every test runs at unless it says otherwise.
pub const TODAY: &str = "2026-02-01";

pub struct BookTest {
    dir: tempfile::TempDir,
}

#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl BookTest {
    /// A book with a title and `records/` as its source folder.
    pub fn new() -> BookTest {
        let book = BookTest {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        book.write("book.toml", "[book]\ntitle = \"Test book\"\n");
        std::fs::create_dir_all(book.path().join("records")).expect("records dir");
        book
    }

    /// A book holding the three fixture records, clean as of TODAY.
    pub fn valid() -> BookTest {
        let book = BookTest::new();
        book.write("records/INC-1.md", INCIDENT);
        book.write("records/PIR-1.md", REVIEW);
        book.write("records/RISK-1.md", RISK);
        book
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, relative: &str, contents: impl AsRef<[u8]>) -> &BookTest {
        let path = self.path().join(relative);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, contents).expect("write fixture");
        self
    }

    /// Runs `lessonbook ARGS DIR --today TODAY --color never` in the book.
    pub fn run(&self, args: &[&str]) -> Run {
        let mut all: Vec<&str> = args.to_vec();
        if !args.contains(&"--today") {
            all.extend(["--today", TODAY]);
        }
        all.extend(["--color", "never"]);
        run_in(self.path(), &all)
    }
}

pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_lessonbook"))
        .args(args)
        .current_dir(dir)
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("NO_COLOR")
        .output()
        .expect("run lessonbook");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).expect("utf-8 stdout"),
        stderr: String::from_utf8(output.stderr).expect("utf-8 stderr"),
    }
}

/// The as-of date the sample records are written for.
pub const SAMPLE_TODAY: &str = "2026-11-27";

/// Builds the repository's sample book into a temporary folder; returns the
/// folder (keep it alive) and the site's path inside it.
pub fn build_sample_site() -> (tempfile::TempDir, PathBuf) {
    let out = tempfile::tempdir().expect("temp dir");
    let site = out.path().join("site");
    let site_arg = site.to_str().expect("UTF-8 temp path");
    run_in(
        &repo_root(),
        &[
            "build",
            "--today",
            SAMPLE_TODAY,
            "--out",
            site_arg,
            "--color",
            "never",
        ],
    )
    .code(0);
    (out, site)
}

/// The sample book copied to a temporary folder with `[build]
/// rows_per_page` set, built there: long lists of several pages. (The copy
/// has no git history, so the rules that need it do not run.)
pub fn build_paged_sample_site(rows_per_page: usize) -> (tempfile::TempDir, PathBuf) {
    let out = tempfile::tempdir().expect("temp dir");
    let book = out.path().join("book");
    let records = book.join("sample-records");
    for (relative, bytes) in crate::build::read_tree(&repo_root().join("sample-records")) {
        let target = records.join(relative);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(&target, bytes).unwrap();
    }
    let toml = std::fs::read_to_string(repo_root().join("book.toml")).unwrap();
    let toml = toml.replacen(
        "[build]\n",
        &format!("[build]\nrows_per_page = {rows_per_page}\n"),
        1,
    );
    assert!(toml.contains("rows_per_page"), "book.toml has no [build]");
    std::fs::write(book.join("book.toml"), toml).unwrap();
    let site = out.path().join("site");
    run_in(
        &book,
        &[
            "build",
            "--today",
            SAMPLE_TODAY,
            "--out",
            site.to_str().expect("UTF-8 temp path"),
            "--color",
            "never",
        ],
    )
    .code(0);
    (out, site)
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

impl Run {
    pub fn code(&self, expected: i32) -> &Run {
        assert_eq!(
            self.code, expected,
            "exit code\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    pub fn stderr_has(&self, needle: &str) -> &Run {
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}:\n{}",
            self.stderr
        );
        self
    }

    pub fn stdout_has(&self, needle: &str) -> &Run {
        assert!(
            self.stdout.contains(needle),
            "stdout lacks {needle:?}:\n{}",
            self.stdout
        );
        self
    }

    /// The (rule, path:line:col) pairs of the diagnostics, from JSON output.
    pub fn findings(&self) -> Vec<(String, String)> {
        let report: serde_json::Value = serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!("not JSON ({e}):\n{}\nstderr:\n{}", self.stdout, self.stderr)
        });
        report["diagnostics"]
            .as_array()
            .expect("diagnostics array")
            .iter()
            .map(|d| {
                let place = match (d["line"].as_u64(), d["column"].as_u64()) {
                    (Some(line), Some(col)) => {
                        format!("{}:{line}:{col}", d["path"].as_str().unwrap())
                    }
                    _ => d["path"].as_str().unwrap().to_string(),
                };
                (d["rule"].as_str().unwrap().to_string(), place)
            })
            .collect()
    }
}

/// Replaces the first line starting with `prefix` (an empty replacement
/// deletes it).
pub fn with(text: &str, prefix: &str, replacement: &str) -> String {
    let mut done = false;
    let mut out = String::new();
    for line in text.split_inclusive('\n') {
        if !done && line.starts_with(prefix) {
            done = true;
            if !replacement.is_empty() {
                out.push_str(replacement);
                out.push('\n');
            }
        } else {
            out.push_str(line);
        }
    }
    assert!(done, "no line starts with {prefix:?}");
    out
}

pub fn pair(rule: &str, place: &str) -> (String, String) {
    (rule.to_string(), place.to_string())
}
