//! `lessonbook schema [incident|review|risk]`: JSON Schema of the front
//! matter on stdout, with the book's policy words when DIR holds a book.

use std::io::Write;

use clap::ValueEnum;

use super::{BookArgs, EXIT_FAILURE, EXIT_OK};
use crate::config::Policy;
use crate::records::Kind;
use crate::schema;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RecordKind {
    Incident,
    Review,
    Risk,
}

impl RecordKind {
    pub fn kind(self) -> Kind {
        match self {
            RecordKind::Incident => Kind::Incident,
            RecordKind::Review => Kind::Review,
            RecordKind::Risk => Kind::Risk,
        }
    }
}

#[derive(clap::Args, Debug)]
pub struct SchemaArgs {
    /// One kind of record; without it, one document for all three, chosen by `kind`
    #[arg(value_enum)]
    pub kind: Option<RecordKind>,
    #[command(flatten)]
    pub book: BookArgs,
}

pub fn execute(args: &SchemaArgs) -> i32 {
    // Outside a book the default policy applies: the schema is useful
    // before there is a book.toml to read.
    let policy = if args.book.root().join("book.toml").is_file() {
        match args.book.settings() {
            Ok(settings) => settings.policy,
            Err(code) => return code,
        }
    } else {
        Policy::default()
    };
    let document = schema::document(args.kind.map(RecordKind::kind), &policy);
    let text = serde_json::to_string_pretty(&document).expect("a schema serialises");
    match writeln!(std::io::stdout().lock(), "{text}") {
        Ok(()) => EXIT_OK,
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => EXIT_OK,
        Err(error) => {
            eprintln!("error: cannot write the schema: {error}");
            EXIT_FAILURE
        }
    }
}
