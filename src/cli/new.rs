//! `lessonbook new incident|review|risk [TITLE] [DIR]`: writes a record with
//! the next free ID in the book's pattern and prints its path.

use super::schema::RecordKind;
use super::{BookArgs, EXIT_FAILURE, EXIT_OK};
use crate::scaffold;

#[derive(clap::Args, Debug)]
pub struct NewArgs {
    /// What to write
    #[arg(value_enum)]
    pub kind: RecordKind,
    /// The title (incidents and risks); left for you to write when omitted
    /// or empty (`""` before a DIR)
    pub title: Option<String>,
    #[command(flatten)]
    pub book: BookArgs,
    /// For a review: the incident it covers, which pre-fills the incident,
    /// the functions its severity requires and the timeline's dates
    #[arg(long, value_name = "ID")]
    pub incident: Option<String>,
}

pub fn execute(args: &NewArgs) -> i32 {
    let (settings, checked) = match args.book.checked_without_history() {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let record = match scaffold::new_record(
        &settings,
        &checked.book,
        args.kind.kind(),
        // An empty TITLE holds the place before a DIR: no title.
        args.title
            .as_deref()
            .filter(|title| !title.trim().is_empty()),
        args.incident.as_deref(),
    ) {
        Ok(record) => record,
        Err(message) => {
            eprintln!("error: {message}");
            return EXIT_FAILURE;
        }
    };
    let path = settings.root.join(&record.path);
    let shown = path.strip_prefix(".").unwrap_or(&path);
    match scaffold::create_new(&path, &record.text) {
        Ok(()) => {
            println!("{}", shown.display());
            EXIT_OK
        }
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
            eprintln!(
                "error: {} already exists; `lessonbook new` never overwrites a file (the next free ID is {})",
                shown.display(),
                record.id
            );
            EXIT_FAILURE
        }
        Err(error) => {
            eprintln!("error: cannot write {}: {error}", shown.display());
            EXIT_FAILURE
        }
    }
}
