//! `lessonbook board`: only the board pack, for any period, as HTML and PDF.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use super::{BookArgs, EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK, print_error};
use crate::metrics::Analysis;
use crate::period::PeriodSpec;
use crate::render::Theme;

#[derive(clap::Args, Debug)]
pub struct BoardArgs {
    #[command(flatten)]
    pub book: BookArgs,
    /// quarter | month | year | 2026-Q3 | 2026-07 | 2026 | 2026-01-01..2026-06-30 (default: [board] period)
    #[arg(long, value_parser = PeriodSpec::parse)]
    pub period: Option<PeriodSpec>,
    /// Where to write the HTML; the PDF goes beside it with a .pdf extension
    /// (default: board-pack.html in the output folder)
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// Writes through a temporary file and a rename, so a failed write never
/// leaves half a file in place of the previous one.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    let temporary = path.with_extension(format!("tmp-{}", std::process::id()));
    std::fs::write(&temporary, bytes)
        .with_context(|| format!("cannot write {}", temporary.display()))?;
    std::fs::rename(&temporary, path).with_context(|| format!("cannot write {}", path.display()))
}

pub fn execute(args: &BoardArgs) -> i32 {
    let (settings, checked) = match args.book.checked() {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    if checked.summary.errors > 0 {
        eprint!(
            "{}",
            crate::diagnostics::render_human(&checked.diagnostics, args.book.color.enabled())
        );
        eprintln!("{}", checked.summary.line());
        eprintln!("error: the records have errors; no board pack was written");
        return EXIT_FINDINGS;
    }
    let period = args
        .period
        .unwrap_or(settings.board_period)
        .resolve(settings.today);
    let html_path = args
        .out
        .clone()
        .unwrap_or_else(|| settings.output.join("board-pack.html"));
    let pdf_path = html_path.with_extension("pdf");
    let result = Theme::load(&settings.root, &settings.theme).and_then(|theme| {
        let analysis = Analysis::new(&checked.book, &settings);
        let rendered =
            crate::board::render(&analysis, &settings, period, &checked.diagnostics, &theme)?;
        write_atomically(&html_path, rendered.html.as_bytes())?;
        match &rendered.pdf {
            Some(pdf) => write_atomically(&pdf_path, pdf),
            None => {
                eprintln!("note: this lessonbook was built without the `pdf` feature: HTML only");
                Ok(())
            }
        }
    });
    match result {
        Ok(()) => {
            eprintln!(
                "wrote the board pack for {} to {} and {}",
                period.label(),
                html_path.display(),
                pdf_path.display()
            );
            EXIT_OK
        }
        Err(error) => {
            print_error(&error);
            EXIT_FAILURE
        }
    }
}
