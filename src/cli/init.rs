//! `lessonbook init [DIR]`: a new book. Refuses to replace any file: when
//! one of the files it would write exists, it names it and writes nothing.

use chrono_tz::Tz;

use super::{BookArgs, EXIT_FAILURE, EXIT_OK, print_error};
use crate::scaffold::{self, init};

#[derive(clap::Args, Debug)]
pub struct InitArgs {
    #[command(flatten)]
    pub book: BookArgs,
    /// The book's title, for book.toml
    #[arg(long, default_value = "Learning from incidents")]
    pub title: String,
}

pub fn execute(args: &InitArgs) -> i32 {
    let as_of = match args.book.as_of() {
        Ok(as_of) => as_of,
        Err(code) => return code,
    };
    // The new book.toml sets no time zone: its default, UTC, dates the examples.
    let today = match as_of.day(Tz::UTC) {
        Ok(day) => day,
        Err(error) => {
            print_error(&error);
            return EXIT_FAILURE;
        }
    };
    let root = args.book.dir.clone();
    let files = init::files(&args.title, today, &crate::validate::defaults());
    if let Some((existing, _)) = files.iter().find(|(path, _)| root.join(path).exists()) {
        eprintln!(
            "error: {} already exists; `lessonbook init` writes a new book and replaces nothing (nothing was written)",
            root.join(existing).display()
        );
        return EXIT_FAILURE;
    }
    for (path, text) in &files {
        let path = root.join(path);
        if let Err(error) = scaffold::create_new(&path, text) {
            eprintln!("error: cannot write {}: {error}", path.display());
            return EXIT_FAILURE;
        }
    }
    println!("wrote a new book in {}:", root.display());
    for (path, _) in &files {
        println!("  {}", path.display());
    }
    println!("next: `lessonbook check`, then `lessonbook new incident \"TITLE\"`");
    EXIT_OK
}
