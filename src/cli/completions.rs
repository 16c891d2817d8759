//! `lessonbook completions SHELL`: a completion script for the shell, on
//! stdout, generated from the same clap definition the CLI parses with.

use std::io::Write;

use clap::CommandFactory;
use clap_complete::Shell;

use super::{Cli, EXIT_FAILURE, EXIT_OK};

#[derive(clap::Args, Debug)]
pub struct CompletionsArgs {
    /// The shell to write a completion script for
    #[arg(value_enum)]
    pub shell: Shell,
}

pub fn execute(args: &CompletionsArgs) -> i32 {
    let mut script = Vec::new();
    let mut command = Cli::command();
    let name = command.get_name().to_string();
    clap_complete::generate(args.shell, &mut command, name, &mut script);
    match std::io::stdout().lock().write_all(&script) {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("error: cannot write the completion script: {error}");
            EXIT_FAILURE
        }
        _ => EXIT_OK,
    }
}
