//! Writing new things for authors: a record for `lessonbook new` (the next
//! ID in the book's pattern, the book's file layout, the text from the
//! field tables) and a whole book for `lessonbook init`. Files are created,
//! never replaced.

mod ids;
pub mod init;
mod layout;
mod record;

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::Datelike;

use crate::config::Settings;
use crate::fields;
use crate::records::{Book, Kind};

/// A record to write: its path relative to the book root, and its text.
#[derive(Debug)]
pub struct NewRecord {
    pub path: PathBuf,
    pub id: String,
    pub text: String,
}

/// A new record of `kind` for the book; `incident` names the incident a
/// new review covers. The error is a sentence for the user.
pub fn new_record(
    settings: &Settings,
    book: &Book,
    kind: Kind,
    title: Option<&str>,
    incident: Option<&str>,
) -> Result<NewRecord, String> {
    let incident = match incident {
        None => None,
        Some(_) if kind != Kind::Review => {
            return Err("--incident is for `new review`: it names the incident reviewed".into());
        }
        Some(wanted) => Some(
            book.incidents
                .iter()
                .find(|i| i.id == wanted)
                .map(|i| &**i)
                .ok_or_else(|| missing_incident(book, wanted))?,
        ),
    };
    let taken: HashSet<&str> = book
        .ids
        .iter()
        .map(|r| r.id.as_str())
        .chain(action_ids(book))
        .collect();
    let same_kind: Vec<&str> = book
        .ids
        .iter()
        .filter(|r| r.kind == kind)
        .map(|r| r.id.as_str())
        .collect();
    let year = settings.today.year();
    let example = fields::field(fields::table(kind), "id").hint;
    let id = ids::next(&same_kind, example, year, &taken);
    let policy = &settings.policy;
    let text = match kind {
        Kind::Incident => record::incident(&id, title, settings.today, policy),
        Kind::Risk => record::risk(&id, title, policy),
        Kind::Review => {
            let actions: Vec<&str> = action_ids(book).collect();
            let action_example = fields::field(fields::ACTION, "id").hint;
            let action_id = ids::next(&actions, action_example, year, &taken);
            let draft = record::ReviewDraft {
                id: &id,
                action_id: &action_id,
                today: settings.today,
                incident,
                timezone: settings.timezone,
            };
            record::review(&draft, policy)
        }
    };
    let src = settings
        .src
        .strip_prefix(&settings.root)
        .unwrap_or(&settings.src);
    let path = layout::new_record_path(src, &book.ids, kind, &id, title);
    Ok(NewRecord { path, id, text })
}

fn action_ids(book: &Book) -> impl Iterator<Item = &str> {
    book.reviews
        .iter()
        .flat_map(|r| r.actions.iter().flatten())
        .map(|a| a.id.as_str())
}

fn missing_incident(book: &Book, wanted: &str) -> String {
    let broken = book
        .ids
        .iter()
        .find(|r| r.kind == Kind::Incident && r.id == wanted);
    match broken {
        Some(record) => format!(
            "incident {wanted} ({}) has format errors; run `lessonbook check` and fix them first",
            record.file.path.display()
        ),
        None => {
            let known = book.incidents.iter().map(|i| i.id.as_str());
            match crate::suggest::did_you_mean(wanted, known) {
                Some(near) => format!("no incident {wanted} in the book; did you mean {near}?"),
                None => format!("no incident {wanted} in the book"),
            }
        }
    }
}

/// Writes a new file, creating its folder; an existing file is an error
/// that names it, and is left as it was.
pub fn create_new(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(text.as_bytes())
}
