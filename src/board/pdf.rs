//! The board pack as PDF, made by the binary itself: typst as a library
//! lays out the theme's `board/board-pack.typ` over the pack's data (passed
//! as `data.json`, so no record text is ever parsed as markup), with the
//! open fonts typst-assets embeds (Libertinus Serif, DejaVu Sans Mono). No
//! browser, no LaTeX, no system fonts.

use std::collections::HashMap;
use std::sync::LazyLock;

use anyhow::{Result, anyhow};
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

use super::BoardPack;

static FONTS: LazyLock<(LazyHash<FontBook>, Vec<Font>)> = LazyLock::new(|| {
    let fonts: Vec<Font> = typst_assets::fonts()
        .flat_map(|data| Font::iter(Bytes::new(data)))
        .collect();
    (LazyHash::new(FontBook::from_fonts(&fonts)), fonts)
});

static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

/// A closed world: the template, the data and the fonts, nothing from disk.
struct PackWorld {
    main: Source,
    files: HashMap<FileId, Bytes>,
    today: Datetime,
}

fn file_id(path: &str) -> Result<FileId> {
    let vpath = VirtualPath::new(path).map_err(|e| anyhow!("bad virtual path {path}: {e:?}"))?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

impl World for PackWorld {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &FONTS.0
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotSource)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files
            .get(&id)
            .cloned()
            .ok_or_else(|| FileError::NotFound(id.get().vpath().get_with_slash().into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        FONTS.1.get(index).cloned()
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

/// Lays out the pack with `template` (typst markup) and returns PDF bytes.
/// The output depends only on the pack and the template: the document date
/// is the as-of date and the PDF identifier is derived from the period.
pub fn render(pack: &BoardPack, template: &str, as_of: chrono::NaiveDate) -> Result<Vec<u8>> {
    use chrono::Datelike;
    let main_id = file_id("/board-pack.typ")?;
    let data = serde_json::to_vec(pack)?;
    let world = PackWorld {
        main: Source::new(main_id, template.to_string()),
        files: HashMap::from([(file_id("/data.json")?, Bytes::new(data))]),
        today: Datetime::from_ymd(as_of.year(), as_of.month() as u8, as_of.day() as u8)
            .ok_or_else(|| anyhow!("as-of date out of range"))?,
    };
    let compiled = typst::compile::<PagedDocument>(&world);
    let document = compiled.output.map_err(|errors| {
        let messages: Vec<String> = errors
            .iter()
            .map(|e| {
                let range = match e.span.get() {
                    typst::syntax::DiagSpanKind::Number { num, sub_range, .. } => {
                        world.main.range(num, sub_range)
                    }
                    typst::syntax::DiagSpanKind::Range { range, .. } => Some(range),
                    typst::syntax::DiagSpanKind::Detached => None,
                };
                let place = range.map(|r| {
                    let line = world.main.text()[..r.start.min(world.main.text().len())]
                        .matches('\n')
                        .count()
                        + 1;
                    format!("board-pack.typ:{line}: ")
                });
                format!("{}{}", place.unwrap_or_default(), e.message)
            })
            .collect();
        anyhow!(
            "the board pack template does not compile:\n  {}",
            messages.join("\n  ")
        )
    })?;
    let options = typst_pdf::PdfOptions {
        ident: Smart::Custom(format!("lessonbook-board-pack-{}", pack.period)),
        creator: Smart::Custom(Some(format!("lessonbook {}", env!("CARGO_PKG_VERSION")))),
        ..typst_pdf::PdfOptions::default()
    };
    typst_pdf::pdf(&document, &options).map_err(|errors| {
        anyhow!(
            "cannot write the board pack PDF: {}",
            errors
                .iter()
                .map(|e| e.message.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        )
    })
}
