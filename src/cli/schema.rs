//! `lessonbook schema [incident|review|risk|all] [DIR]`: JSON Schema of the
//! front matter on stdout, with the book's policy words when DIR holds a
//! book.

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

/// What `schema` describes: one kind, or all three in one document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    Incident,
    Review,
    Risk,
    /// One document for all three, chosen by `kind`
    All,
}

impl SchemaKind {
    fn kind(self) -> Option<Kind> {
        match self {
            SchemaKind::Incident => Some(Kind::Incident),
            SchemaKind::Review => Some(Kind::Review),
            SchemaKind::Risk => Some(Kind::Risk),
            SchemaKind::All => None,
        }
    }
}

#[derive(clap::Args, Debug)]
pub struct SchemaArgs {
    /// One kind of record, or all three in one document (`all` comes before
    /// a DIR)
    #[arg(value_enum, default_value_t = SchemaKind::All)]
    pub kind: SchemaKind,
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
    let document = schema::document(args.kind.kind(), &policy);
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
