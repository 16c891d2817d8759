//! `lessonbook check`: validate and report, like a linter.

use std::io::Write;

use clap::ValueEnum;

use super::{BookArgs, EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK};
use crate::diagnostics::{render_github, render_human, render_json};

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// rustc-style text on stderr
    Human,
    /// one JSON document on stdout
    Json,
    /// GitHub Actions workflow commands on stdout
    Github,
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub book: BookArgs,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Treat warnings as errors (exit 1 when there are any)
    #[arg(long)]
    pub deny_warnings: bool,
}

pub fn execute(args: &CheckArgs) -> i32 {
    let checked = match args.book.checked() {
        Ok((_, checked)) => checked,
        Err(code) => return code,
    };
    let summary = &checked.summary;
    let written = match args.format {
        Format::Human => {
            let mut stderr = std::io::stderr().lock();
            stderr
                .write_all(render_human(&checked.diagnostics, args.book.color.enabled()).as_bytes())
                .and_then(|()| writeln!(stderr, "{}", summary.line()))
        }
        Format::Json => std::io::stdout()
            .lock()
            .write_all(render_json(&checked.diagnostics, summary).as_bytes()),
        Format::Github => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(render_github(&checked.diagnostics).as_bytes())
                .and_then(|()| writeln!(stdout, "{}", summary.line()))
        }
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
