//! The command line: clap types, turned into `Settings` here and nowhere
//! below. Each command lives in its own file with an `execute` function.

mod at_revision;
mod board;
mod build;
mod check;
mod completions;
mod diff;
mod init;
mod man;
mod new;
mod progress;
mod restated;
mod sample;
mod schema;
mod serve;
mod stats;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};

use crate::check::{Checked, History, check};
use crate::config::{self, AsOf, ConfigError, Settings};
use crate::diagnostics::render_human;

/// Exit codes, as ripgrep and SPEC §7: 0 clean, 1 findings, 2 usage or I/O.
pub const EXIT_OK: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_FAILURE: i32 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "lessonbook",
    version,
    about = "Evidence that your organisation learns from its information security incidents (ISO/IEC 27001:2022 control 5.27)"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Validate the records against the record format and the 5.27 rules
    Check(check::CheckArgs),
    /// Check, then render the site, data exports and calendar into the output folder
    Build(build::BuildArgs),
    /// Write the board pack (HTML and PDF) for one period
    Board(board::BoardArgs),
    /// Print the key figures of one period: the dashboard's and the board pack's
    Stats(stats::StatsArgs),
    /// List the figures of ended periods that changed since a git revision, and why
    Diff(diff::DiffArgs),
    /// Draw a reproducible audit sample of the incidents (SHA-256 of seed and ID), as a page and a CSV
    Sample(sample::SampleArgs),
    /// Build into memory and serve on localhost, rebuilding and reloading on every change
    Serve(serve::ServeArgs),
    /// Start a new book: book.toml, example records, .gitignore and CI jobs
    Init(init::InitArgs),
    /// Write a new incident, review or risk with the next free ID
    New(new::NewArgs),
    /// Print the JSON Schema (draft 2020-12) of the records' front matter, for editors
    Schema(schema::SchemaArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish)
    Completions(completions::CompletionsArgs),
    /// Print the manual page, or write one page per command with --out
    Man(man::ManArgs),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    fn enabled(self) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
            }
        }
    }
}

/// Options every command that reads a book shares.
#[derive(clap::Args, Debug)]
pub struct BookArgs {
    /// The book root: the folder holding book.toml
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// The "as of" date (YYYY-MM-DD); default SOURCE_DATE_EPOCH, else today
    #[arg(long, value_parser = parse_day)]
    pub today: Option<NaiveDate>,
    /// When to colour output
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Show no progress (it is shown only on a terminal, for work over a second)
    #[arg(long, short)]
    pub quiet: bool,
}

/// `--at REV`, for the commands that can read a book from its history.
#[derive(clap::Args, Debug)]
pub struct AtArgs {
    /// Read book.toml, the records and the theme from git revision REV (a
    /// tag, branch or commit) instead of the working tree; the as-of date
    /// defaults to REV's commit date
    #[arg(long, value_name = "REV")]
    pub at: Option<String>,
}

fn parse_day(text: &str) -> Result<NaiveDate, String> {
    let day = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("`{text}` is not a date: use YYYY-MM-DD"))?;
    if config::plausible_as_of(day) {
        Ok(day)
    } else {
        Err(format!(
            "`{text}` is outside the dates lessonbook accepts (1970-01-01 to 9999-12-31)"
        ))
    }
}

impl BookArgs {
    /// book.toml plus flags, merged once. Errors are printed here.
    pub fn settings(&self) -> Result<Settings, i32> {
        self.try_settings(self.color.enabled()).map_err(|text| {
            eprint!("{text}");
            EXIT_FAILURE
        })
    }

    /// book.toml plus flags, or why not, rendered (coloured when asked).
    pub fn try_settings(&self, color: bool) -> Result<Settings, String> {
        let as_of = self.try_as_of()?;
        let root = self.root();
        load_settings(
            &root,
            &root.join("book.toml").display().to_string(),
            as_of,
            color,
        )
    }

    /// Where the as-of date comes from: `--today`, else SOURCE_DATE_EPOCH,
    /// else the clock. A malformed SOURCE_DATE_EPOCH is printed here.
    pub fn as_of(&self) -> Result<AsOf, i32> {
        self.try_as_of().map_err(|text| {
            eprint!("{text}");
            EXIT_FAILURE
        })
    }

    pub fn try_as_of(&self) -> Result<AsOf, String> {
        match (self.today, std::env::var("SOURCE_DATE_EPOCH")) {
            (Some(day), _) => Ok(AsOf::Date(day)),
            (None, Ok(epoch)) if !epoch.trim().is_empty() => match epoch.trim().parse::<i64>() {
                Ok(seconds) => Ok(AsOf::Epoch(seconds)),
                Err(_) => Err(format!(
                    "error: SOURCE_DATE_EPOCH is `{epoch}`, not a number of seconds\n"
                )),
            },
            _ => Ok(AsOf::Clock),
        }
    }

    /// The book root: DIR, or the folder of DIR when it names book.toml.
    pub fn root(&self) -> PathBuf {
        if self.dir.is_file() && self.dir.file_name().is_some_and(|n| n == "book.toml") {
            let parent = self.dir.parent().unwrap_or(std::path::Path::new("."));
            if parent.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                parent.to_path_buf()
            }
        } else {
            self.dir.clone()
        }
    }

    /// A spinner for long work, where it may show.
    pub fn progress(&self, message: &str) -> progress::Progress {
        progress::Progress::start(!self.quiet && std::io::stderr().is_terminal(), message)
    }

    /// As [`checked`](Self::checked), for commands whose output would be
    /// wrong from records with errors: those are printed, with what was not
    /// done (`refused`), and the exit code is EXIT_FINDINGS.
    pub fn checked_clean(
        &self,
        at: Option<&str>,
        refused: &str,
    ) -> Result<(Settings, Checked), i32> {
        let (settings, checked) = self.checked(at)?;
        if checked.summary.errors > 0 {
            eprint!(
                "{}",
                render_human(&checked.diagnostics, self.color.enabled())
            );
            eprintln!("{}", checked.summary.report());
            eprintln!("error: the records have errors; {refused}");
            return Err(EXIT_FINDINGS);
        }
        Ok((settings, checked))
    }

    /// Settings, then the records loaded and validated, with their git
    /// history: how every command that reads a book starts. With `at`
    /// (`--at REV`), book.toml, the records and the theme come from the
    /// tree of REV (see [`at_revision`]). Errors are printed here.
    pub fn checked(&self, at: Option<&str>) -> Result<(Settings, Checked), i32> {
        self.checked_as_of(at, self.today, true)
    }

    /// The records checked without reading their git history (`new`: it
    /// needs their IDs, and history costs seconds on a large book).
    pub fn checked_without_history(&self) -> Result<(Settings, Checked), i32> {
        self.checked_as_of(None, self.today, false)
    }

    /// The book at revision `rev` as of that revision's own date, whatever
    /// `--today` says: what was reported from it then (`--since`, `diff`).
    pub fn checked_then(&self, rev: &str) -> Result<(Settings, Checked), i32> {
        self.checked_as_of(Some(rev), None, true)
    }

    fn checked_as_of(
        &self,
        at: Option<&str>,
        today: Option<NaiveDate>,
        with_history: bool,
    ) -> Result<(Settings, Checked), i32> {
        let (settings, snapshot) = match at {
            None => (self.settings()?, None),
            Some(rev) => {
                let (settings, snapshot) = at_revision::settings(self, rev, today)?;
                (settings, Some(snapshot))
            }
        };
        let progress = self.progress(&format!(
            "checking the records in {}",
            settings.src.display()
        ));
        let root = self.root();
        let history = match at {
            None if !with_history => History::Off,
            None => History::WorkingTree,
            Some(rev) => History::At {
                book_root: &root,
                rev,
            },
        };
        let checked = check(&settings, history);
        drop(progress);
        match checked {
            Ok(mut checked) => {
                checked.snapshot = snapshot.map(std::sync::Arc::new);
                Ok((settings, checked))
            }
            Err(error) => {
                print_error(&error);
                Err(EXIT_FAILURE)
            }
        }
    }
}

/// book.toml in `root` with the as-of date, or why not, rendered; `shown`
/// is how messages name the file.
fn load_settings(root: &Path, shown: &str, as_of: AsOf, color: bool) -> Result<Settings, String> {
    config::load(root, as_of, &crate::validate::defaults()).map_err(|error| match error {
        ConfigError::Io(error) => error_text(&error),
        ConfigError::Invalid(diagnostics) => {
            let rendered = render_human(&diagnostics, color);
            format!(
                "{}error: {shown} is not valid; nothing was checked\n",
                rendered.replace("--> book.toml", &format!("--> {shown}")),
            )
        }
    })
}

/// Prints an operational error with its chain of causes.
pub fn print_error(error: &anyhow::Error) {
    eprint!("{}", error_text(error));
}

fn error_text(error: &anyhow::Error) -> String {
    let mut text = format!("error: {error}\n");
    for cause in error.chain().skip(1) {
        text.push_str(&format!("  caused by: {cause}\n"));
    }
    text
}

pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() {
                EXIT_FAILURE
            } else {
                EXIT_OK
            };
        }
    };
    match cli.command {
        Command::Check(args) => check::execute(&args),
        Command::Build(args) => build::execute(&args),
        Command::Board(args) => board::execute(&args),
        Command::Stats(args) => stats::execute(&args),
        Command::Diff(args) => diff::execute(&args),
        Command::Sample(args) => sample::execute(&args),
        Command::Serve(args) => serve::execute(&args),
        Command::Init(args) => init::execute(&args),
        Command::New(args) => new::execute(&args),
        Command::Schema(args) => schema::execute(&args),
        Command::Completions(args) => completions::execute(&args),
        Command::Man(args) => man::execute(&args),
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
