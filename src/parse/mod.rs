//! Reads a book's records: walk the source folder, read each file, split the
//! front matter, parse the YAML with spans, decode into records. Format
//! problems become diagnostics; one bad file never stops the others. Files
//! are parsed in parallel.

mod broken;
pub mod decode;
pub mod front_matter;
mod incident;
#[cfg(test)]
mod mutation_tests;
mod review;
mod risk;
#[cfg(test)]
mod tests;
mod walk;

use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Settings;
use crate::diagnostics::{Diagnostic, Label, Severity};
use crate::records::{Book, Kind, Origin, Record, RecordId};
use crate::source::SourceFile;
use decode::Decoder;
use walk::Found;

/// Records are small; a file larger than this is refused unread.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// What parsing one file gave.
#[derive(Clone, Default)]
pub struct Parsed {
    pub record: Option<Record>,
    pub id: Option<RecordId>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Walks, reads and parses every record of the book.
pub fn load(settings: &Settings) -> (Book, Vec<Diagnostic>) {
    load_with(settings, None)
}

/// What was parsed last time, by file, for `serve` to parse again only the
/// files that changed. Valid for one `Settings`: a changed book.toml needs a
/// new cache (its policy decides how records decode).
#[derive(Default)]
pub struct Cache {
    // Keyed by the path's bytes: `PathBuf`'s own hash and equality walk
    // its components, which was most of looking 10,000 files up.
    files: foldhash::HashMap<std::ffi::OsString, (Stamp, Arc<Parsed>)>,
    parsed_again: usize,
}

/// When a file last changed, as far as the file system says: modification
/// time and length. Editors that save by writing a new file and renaming it
/// change both the time and the inode, and are seen too.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Stamp {
    modified: Option<std::time::SystemTime>,
    len: u64,
}

impl Stamp {
    fn of(metadata: &std::fs::Metadata) -> Stamp {
        Stamp {
            modified: metadata.modified().ok(),
            len: metadata.len(),
        }
    }
}

impl Cache {
    /// How many files the last load parsed again (the others were reused).
    pub fn parsed_again(&self) -> usize {
        self.parsed_again
    }
}

/// As [`load`], reusing what `cache` holds for files whose stamp did not
/// change, and updating it. Files that are gone drop out of the cache.
pub fn load_cached(settings: &Settings, cache: &mut Cache) -> (Book, Vec<Diagnostic>) {
    load_with(settings, Some(cache))
}

fn load_with(settings: &Settings, mut cache: Option<&mut Cache>) -> (Book, Vec<Diagnostic>) {
    let found = walk::walk(&settings.src, &settings.ignore);
    let files = found.len();
    let previous = cache
        .as_mut()
        .map(|cache| std::mem::take(&mut cache.files))
        .unwrap_or_default();
    // (the file and its stamp, to cache; what it gave; whether it was
    // parsed again)
    type Result = (Option<(std::ffi::OsString, Stamp)>, Arc<Parsed>, bool);
    let results: Vec<Result> = found
        .into_par_iter()
        .map(|found| match found {
            Found::File(path) => {
                // One look at the file serves the cache and the checks
                // before reading it.
                let metadata = std::fs::metadata(&path);
                let stamp = metadata.as_ref().ok().map(Stamp::of);
                if let (Some(stamp), Some((before, parsed))) =
                    (stamp, previous.get(path.as_os_str()))
                    && *before == stamp
                {
                    return (
                        Some((path.into_os_string(), stamp)),
                        Arc::clone(parsed),
                        false,
                    );
                }
                let parsed = Arc::new(parse_path(settings, &path, metadata));
                (
                    stamp.map(|stamp| (path.into_os_string(), stamp)),
                    parsed,
                    true,
                )
            }
            Found::Problem {
                path,
                message,
                is_loop,
            } => {
                let file = SourceFile::unreadable(display_path(settings, &path));
                let severity = if is_loop {
                    Severity::Warning
                } else {
                    Severity::Error
                };
                let parsed = Parsed {
                    diagnostics: vec![Diagnostic::new(
                        "read-error",
                        severity,
                        message,
                        Label::whole_file(&file, ""),
                    )],
                    ..Parsed::default()
                };
                (None, Arc::new(parsed), true)
            }
        })
        .collect();
    // Unshared (no cache) they move; shared with the cache, the copy is
    // shallow: records are shared too.
    let owned = |parsed: Arc<Parsed>| Arc::try_unwrap(parsed).unwrap_or_else(|p| (*p).clone());
    let Some(cache) = cache else {
        return assemble(
            files,
            results.into_iter().map(|(_, parsed, _)| owned(parsed)),
        );
    };
    cache.parsed_again = results.iter().filter(|(_, _, again)| *again).count();
    let mut parsed = Vec::with_capacity(results.len());
    for (key, one, _) in results {
        if let Some((path, stamp)) = key {
            cache.files.insert(path, (stamp, Arc::clone(&one)));
        }
        parsed.push(owned(one));
    }
    assemble(files, parsed)
}

/// Parses files already in memory (path as shown, bytes), as `load` parses
/// the files it reads: for tests, fuzzing, and books read from elsewhere.
pub fn load_bytes<'a>(
    settings: &Settings,
    files: impl ExactSizeIterator<Item = (&'a str, Vec<u8>)>,
) -> (Book, Vec<Diagnostic>) {
    let count = files.len();
    let parsed = files.map(|(path, bytes)| parse_bytes(settings, path.into(), bytes));
    assemble(count, parsed)
}

/// Gathers parsed files into a book, records in ID order whatever order the
/// files were read in, so that every output is deterministic.
fn assemble(files: usize, parsed: impl IntoIterator<Item = Parsed>) -> (Book, Vec<Diagnostic>) {
    let mut book = Book {
        files,
        ..Book::default()
    };
    let mut diagnostics = Vec::new();
    for parsed in parsed {
        diagnostics.extend(parsed.diagnostics);
        book.ids.extend(parsed.id);
        match parsed.record {
            Some(Record::Incident(incident)) => book.incidents.push(incident),
            Some(Record::Review(review)) => book.reviews.push(review),
            Some(Record::Risk(risk)) => book.risks.push(risk),
            None => {}
        }
    }
    book.incidents.sort_by(|a, b| a.id.cmp(&b.id));
    book.reviews.sort_by(|a, b| a.id.cmp(&b.id));
    book.risks.sort_by(|a, b| a.id.cmp(&b.id));
    (book, diagnostics)
}

fn display_path(settings: &Settings, path: &Path) -> std::path::PathBuf {
    path.strip_prefix(&settings.root)
        .unwrap_or(path)
        .to_path_buf()
}

fn file_error(file: &Arc<SourceFile>, message: String, help: Option<String>) -> Parsed {
    let mut diagnostic = Diagnostic::error("read-error", message, Label::whole_file(file, ""));
    diagnostic.help = help;
    Parsed {
        diagnostics: vec![diagnostic],
        ..Parsed::default()
    }
}

/// Reads one file from disk with the size, type and encoding checks, then
/// parses it; `metadata` is what `std::fs::metadata` said of the path.
fn parse_path(
    settings: &Settings,
    path: &Path,
    metadata: std::io::Result<std::fs::Metadata>,
) -> Parsed {
    let shown = display_path(settings, path);
    let unreadable = || SourceFile::unreadable(&shown);
    let metadata = match metadata {
        Ok(metadata) => metadata,
        Err(e) => return file_error(&unreadable(), format!("cannot read: {e}"), None),
    };
    if !metadata.is_file() {
        return file_error(
            &unreadable(),
            "not a regular file; records must be plain files".into(),
            None,
        );
    }
    if metadata.len() > MAX_FILE_BYTES {
        return file_error(
            &unreadable(),
            format!(
                "the file is {:.1} MiB; records are limited to {} MiB",
                metadata.len() as f64 / 1048576.0,
                MAX_FILE_BYTES / 1048576
            ),
            Some("keep large evidence (logs, exports) outside the records and refer to it in `evidence`".into()),
        );
    }
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    let read =
        std::fs::File::open(path).and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes));
    if let Err(e) = read {
        return file_error(&unreadable(), format!("cannot read: {e}"), None);
    }
    parse_bytes(settings, shown, bytes)
}

/// Parses the bytes of one file; `shown` is its path relative to the root.
pub fn parse_bytes(settings: &Settings, shown: std::path::PathBuf, mut bytes: Vec<u8>) -> Parsed {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let prefix_chars = String::from_utf8_lossy(&e.as_bytes()[..valid]).len();
            let file = SourceFile::new(shown, lossy);
            let diagnostic = Diagnostic::error(
                "encoding",
                "the file is not valid UTF-8",
                // The lossy text holds U+FFFD there: label that whole character.
                Label::new(&file, file.char_span(prefix_chars), "invalid byte here"),
            )
            .with_help("save the file as UTF-8");
            return Parsed {
                diagnostics: vec![diagnostic],
                ..Parsed::default()
            };
        }
    };
    parse_text(settings, SourceFile::new(shown, text))
}

/// Whether a version of a review file (as git holds it) states a
/// follow-up result: `follow_up.done` set to anything but null. Files
/// that do not parse state nothing; `provenance` asks this of old
/// versions to find the commit that first recorded the result.
pub fn states_follow_up_result(bytes: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return false;
    };
    let Ok(split) = front_matter::split(text) else {
        return false;
    };
    let Ok(front) = crate::yaml::parse(&text[split.yaml.clone()], split.yaml.start) else {
        return false;
    };
    let (done, found) = front.walk("follow_up.done");
    found && !done.is_null()
}

pub fn parse_text(settings: &Settings, file: Arc<SourceFile>) -> Parsed {
    let split = match front_matter::split(&file.text) {
        Ok(split) => split,
        Err(e) => {
            let label = if e.span.is_empty() {
                Label::whole_file(&file, "")
            } else {
                Label::new(&file, e.span, "")
            };
            return Parsed {
                diagnostics: vec![
                    Diagnostic::error("front-matter", e.message, label).with_help(e.help),
                ],
                ..Parsed::default()
            };
        }
    };
    let front = match crate::yaml::parse(&file.text[split.yaml.clone()], split.yaml.start) {
        Ok(front) => front,
        Err(e) => {
            let diagnostic = broken::yaml_error(&file, &e);
            let id = broken::recover_id(&file, split.yaml.clone());
            return Parsed {
                diagnostics: vec![diagnostic],
                id,
                ..Parsed::default()
            };
        }
    };
    let origin = Origin {
        file: Arc::clone(&file),
        yaml: split.yaml.clone(),
        front: std::sync::OnceLock::new(),
        opening: split.opening,
        body: split.body,
        clean: false,
    };
    let mut d = Decoder::new(&file, settings.timezone, settings.today);
    if front.as_map().is_none() {
        d.wrong_type(&front, "front matter", "a map of keys", None);
        return Parsed {
            diagnostics: d.diagnostics,
            ..Parsed::default()
        };
    }
    let kind = match d.required(
        decode_fields(&origin, &front),
        "kind",
        "incident | review | risk",
    ) {
        Some(node) => d
            .one_of(node, "kind", Kind::NAMES)
            .and_then(|k| Kind::parse(&k)),
        None => None,
    };
    let Some(kind) = kind else {
        return Parsed {
            diagnostics: d.diagnostics,
            ..Parsed::default()
        };
    };
    let mut id = front.get("id").and_then(|node| {
        let text = node.as_scalar()?;
        decode::is_valid_id(text).then(|| RecordId {
            id: text.to_string(),
            kind,
            file: Arc::clone(&file),
            span: node.span.clone(),
            covers: Vec::new(),
        })
    });
    let mut record = match kind {
        Kind::Incident => incident::decode(&mut d, &origin, &front, &settings.policy)
            .map(|r| Record::Incident(Arc::new(r))),
        Kind::Review => {
            review::decode(&mut d, &origin, &front).map(|r| Record::Review(Arc::new(r)))
        }
        Kind::Risk => risk::decode(&mut d, &origin, &front).map(|r| Record::Risk(Arc::new(r))),
    };
    match &mut record {
        Some(record) => record.origin_mut().clean = d.diagnostics.is_empty(),
        None if kind == Kind::Review => {
            if let (Some(id), Some(items)) =
                (&mut id, front.get("incidents").and_then(|n| n.as_seq()))
            {
                id.covers = items
                    .iter()
                    .filter_map(crate::yaml::Node::as_scalar)
                    .filter(|text| decode::is_valid_id(text))
                    .map(str::to_string)
                    .collect();
            }
        }
        None => {}
    }
    Parsed {
        record,
        id,
        diagnostics: d.diagnostics,
    }
}

fn decode_fields<'a>(origin: &'a Origin, front: &'a crate::yaml::Node) -> decode::Fields<'a> {
    decode::Fields {
        node: front,
        anchor: &origin.opening,
        path: "",
    }
}
