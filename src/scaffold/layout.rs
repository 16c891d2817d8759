//! Where a new record goes: the folder most records of its kind are in,
//! named as they are named (`INC-2026-015.md`, `inc-2026-015.md`, or
//! `INC-2026-015-phishing.md`). Pure: it reads the paths the parser saw.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::records::{Kind, RecordId};

/// The folder a kind's records conventionally live in, below `src`.
fn plural(kind: Kind) -> &'static str {
    match kind {
        Kind::Incident => "incidents",
        Kind::Review => "reviews",
        Kind::Risk => "risks",
    }
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Naming {
    Id,
    LowercaseId,
    IdThenTitle,
}

/// The path of a new record, relative to the book root; `src` is the
/// records folder relative to the root.
pub fn new_record_path(
    src: &Path,
    ids: &[RecordId],
    kind: Kind,
    id: &str,
    title: Option<&str>,
) -> PathBuf {
    let same_kind: Vec<&RecordId> = ids.iter().filter(|r| r.kind == kind).collect();
    let folder = most_common(same_kind.iter().filter_map(|r| r.file.path.parent()))
        .map(Path::to_path_buf)
        .unwrap_or_else(|| {
            // No record of this kind yet: follow a folder-per-kind layout
            // when the other kinds use one.
            let per_kind = ids.iter().any(|r| {
                r.file.path.parent().and_then(Path::file_name)
                    == Some(std::ffi::OsStr::new(plural(r.kind)))
            });
            if per_kind {
                src.join(plural(kind))
            } else {
                src.to_path_buf()
            }
        });
    let naming = most_common(same_kind.iter().filter_map(|r| naming_of(r))).unwrap_or(Naming::Id);
    let slug = title.map(slug).filter(|s| !s.is_empty());
    let stem = match (naming, slug) {
        (Naming::LowercaseId, _) => id.to_lowercase(),
        (Naming::IdThenTitle, Some(slug)) => format!("{id}-{slug}"),
        _ => id.to_string(),
    };
    folder.join(format!("{stem}.md"))
}

fn naming_of(record: &RecordId) -> Option<Naming> {
    let stem = record.file.path.file_stem()?.to_str()?;
    if stem == record.id {
        Some(Naming::Id)
    } else if stem == record.id.to_lowercase() {
        Some(Naming::LowercaseId)
    } else if stem.starts_with(&format!("{}-", record.id)) {
        Some(Naming::IdThenTitle)
    } else {
        None
    }
}

/// The value seen most often; a tie goes to the smallest.
fn most_common<T: Ord>(values: impl Iterator<Item = T>) -> Option<T> {
    let mut counts: BTreeMap<T, usize> = BTreeMap::new();
    for value in values {
        *counts.entry(value).or_default() += 1;
    }
    let best = counts.values().copied().max()?;
    counts.into_iter().find(|(_, n)| *n == best).map(|(v, _)| v)
}

/// A title as a file-name part: lowercase words joined by `-`.
fn slug(title: &str) -> String {
    let words: Vec<String> = title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(8)
        .map(str::to_lowercase)
        .collect();
    words.join("-")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    fn record(kind: Kind, id: &str, path: &str) -> RecordId {
        RecordId {
            id: id.into(),
            kind,
            file: SourceFile::new(path, String::new()),
            span: 0..0,
            covers: Vec::new(),
        }
    }

    fn place(ids: &[RecordId], kind: Kind, id: &str, title: Option<&str>) -> PathBuf {
        new_record_path(Path::new("records"), ids, kind, id, title)
    }

    #[test]
    fn a_new_record_joins_its_kind_named_alike() {
        let ids = [
            record(Kind::Incident, "INC-1", "records/incidents/INC-1.md"),
            record(Kind::Incident, "INC-2", "records/incidents/INC-2.md"),
            record(Kind::Review, "PIR-1", "records/pir/pir-1.md"),
        ];
        assert_eq!(
            place(&ids, Kind::Incident, "INC-3", Some("Phish")),
            Path::new("records/incidents/INC-3.md")
        );
        assert_eq!(
            place(&ids, Kind::Review, "PIR-2", None),
            Path::new("records/pir/pir-2.md")
        );
        // No risk yet: the folder-per-kind layout of the incidents.
        assert_eq!(
            place(&ids, Kind::Risk, "RISK-001", None),
            Path::new("records/risks/RISK-001.md")
        );
    }

    #[test]
    fn ids_followed_by_titles_get_a_slug_of_the_title() {
        let ids = [record(
            Kind::Incident,
            "INC-1",
            "records/INC-1-lost-laptop.md",
        )];
        assert_eq!(
            place(
                &ids,
                Kind::Incident,
                "INC-2",
                Some("Phishing: finance (CEO fraud)")
            ),
            Path::new("records/INC-2-phishing-finance-ceo-fraud.md")
        );
        assert_eq!(
            place(&ids, Kind::Incident, "INC-2", None),
            Path::new("records/INC-2.md")
        );
        assert_eq!(
            place(&[], Kind::Incident, "INC-1", None),
            Path::new("records/INC-1.md")
        );
    }
}
