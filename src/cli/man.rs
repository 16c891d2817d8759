//! `lessonbook man [--out DIR]`: the manual page, from the clap definition:
//! `lessonbook(1)` on stdout, or with `--out` one page per command
//! (`lessonbook.1`, `lessonbook-check.1`, …) written into DIR.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::CommandFactory;
use clap_mangen::Man;

use super::{Cli, EXIT_FAILURE, EXIT_OK, print_error};

#[derive(clap::Args, Debug)]
pub struct ManArgs {
    /// Write one page per command into this folder (created if missing)
    /// instead of the main page to stdout
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

pub fn execute(args: &ManArgs) -> i32 {
    let written = match &args.out {
        None => page_to_stdout(),
        Some(dir) => pages_into(dir).map(|paths| {
            for path in paths {
                println!("{}", path.display());
            }
        }),
    };
    match written {
        Ok(()) => EXIT_OK,
        Err(error) => {
            print_error(&error);
            EXIT_FAILURE
        }
    }
}

/// The command the pages describe. Built, subcommands carry their display
/// names (`lessonbook-check`), which name their pages; `help` gets none.
fn documented_command() -> clap::Command {
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    command
}

fn page_to_stdout() -> Result<()> {
    let mut page = Vec::new();
    Man::new(documented_command()).render(&mut page)?;
    match std::io::stdout().lock().write_all(&page) {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(error).context("cannot write the manual page")
        }
        _ => Ok(()),
    }
}

/// Writes the main page and one per subcommand (as clap_mangen's
/// `generate_to` does), returning the paths, the main page first.
fn pages_into(dir: &Path) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut written = Vec::new();
    write_pages(documented_command(), dir, &mut written)?;
    Ok(written)
}

fn write_pages(command: clap::Command, dir: &Path, written: &mut Vec<PathBuf>) -> Result<()> {
    let subcommands: Vec<clap::Command> = command
        .get_subcommands()
        .filter(|sub| !sub.is_hide_set())
        .cloned()
        .collect();
    let path = Man::new(command)
        .generate_to(dir)
        .with_context(|| format!("cannot write a manual page into {}", dir.display()))?;
    written.push(path);
    for sub in subcommands {
        write_pages(sub, dir, written)?;
    }
    Ok(())
}
