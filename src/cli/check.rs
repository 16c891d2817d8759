//! `lessonbook check`: validate and report, like a linter.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::ValueEnum;

use super::{BookArgs, EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK};
use crate::diagnostics::{
    RepoPaths, render_github, render_gitlab, render_human, render_json, render_sarif,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// rustc-style text on stderr
    Human,
    /// one JSON document on stdout
    Json,
    /// GitHub Actions workflow commands on stdout
    Github,
    /// SARIF 2.1.0 on stdout (GitHub code scanning and other SARIF viewers)
    Sarif,
    /// GitLab Code Quality JSON on stdout (merge request widget)
    Gitlab,
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub book: BookArgs,
    #[command(flatten)]
    pub at: super::AtArgs,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Treat warnings as errors (exit 1 when there are any)
    #[arg(long)]
    pub deny_warnings: bool,
}

pub fn execute(args: &CheckArgs) -> i32 {
    let (settings, checked) = match args.book.checked(args.at.at.as_deref()) {
        Ok(both) => both,
        Err(code) => return code,
    };
    let summary = &checked.summary;
    let diagnostics = &checked.diagnostics;
    let repo_paths = || RepoPaths::new(&book_in_repository(&settings.root));
    // The machine formats are one document on stdout; the summary goes to
    // stderr, where CI logs show it.
    let written = match args.format {
        Format::Human => {
            let mut stderr = std::io::stderr().lock();
            stderr
                .write_all(render_human(diagnostics, args.book.color.enabled()).as_bytes())
                .and_then(|()| writeln!(stderr, "{}", summary.report()))
        }
        Format::Json => std::io::stdout()
            .lock()
            .write_all(render_json(diagnostics, summary).as_bytes()),
        Format::Github => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(render_github(diagnostics).as_bytes())
                .and_then(|()| writeln!(stdout, "{}", summary.report()))
        }
        Format::Sarif => {
            let rules = crate::validate::catalogue();
            let log = render_sarif(diagnostics, &rules, &repo_paths());
            std::io::stdout()
                .lock()
                .write_all(log.as_bytes())
                .and_then(|()| writeln!(std::io::stderr(), "{}", summary.report()))
        }
        Format::Gitlab => std::io::stdout()
            .lock()
            .write_all(render_gitlab(diagnostics, &repo_paths()).as_bytes())
            .and_then(|()| writeln!(std::io::stderr(), "{}", summary.report())),
    };
    if let Err(error) = written
        && error.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("error: cannot write the report: {error}");
        return EXIT_FAILURE;
    }
    if summary.errors > 0 || (args.deny_warnings && summary.warnings > 0) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

/// The book root's path inside the git repository holding it: empty at the
/// repository's top, or when no ancestor has a `.git` (then reports name
/// files from the book root). Code hosts name files from the repository
/// root, whatever folder `check` ran in.
fn book_in_repository(root: &Path) -> PathBuf {
    let Ok(root) = root.canonicalize() else {
        return PathBuf::new();
    };
    root.ancestors()
        .find(|dir| dir.join(".git").exists())
        .and_then(|top| root.strip_prefix(top).ok())
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_book_is_found_inside_its_repository() {
        let repo = tempfile::tempdir().unwrap();
        let book = repo.path().join("compliance/isms");
        std::fs::create_dir_all(&book).unwrap();
        assert_eq!(book_in_repository(&book), PathBuf::new());
        // A worktree's `.git` is a file; either marks the top.
        std::fs::write(repo.path().join(".git"), "gitdir: elsewhere\n").unwrap();
        assert_eq!(book_in_repository(&book), Path::new("compliance/isms"));
        assert_eq!(book_in_repository(repo.path()), PathBuf::new());
    }
}
