//! lessonbook turns a repository of incident records and post-incident
//! reviews into evidence for ISO/IEC 27001:2022 control 5.27.
//!
//! The pipeline, one module a step:
//!
//! 1. `config`: book.toml and flags become one `Settings`.
//! 2. `parse`: walk `[book].src`, split front matter, parse YAML with spans,
//!    decode `records` (format errors become diagnostics).
//! 3. `validate`: cross-record format checks and the sixteen 5.27 rules
//!    (`recurrence` is shared with the metrics).
//! 4. `diagnostics`: render findings as rustc-style text, JSON or GitHub
//!    annotations; `cli` sets the exit code.
//! 5. `metrics`: every number, from one module; `charts` draws them as SVG.
//! 6. `render`: views (confidentiality applied), the theme's templates, and
//!    an atomic write of the site and its data exports.
//! 7. `board`: the board pack's redacted content, as HTML and (typst) PDF.

pub mod board;
pub mod charts;
pub mod check;
mod cli;
pub mod config;
pub mod controls;
pub mod diagnostics;
#[doc(hidden)]
pub mod fuzzing;
pub mod metrics;
pub mod parse;
pub mod period;
#[cfg(test)]
mod property_tests;
pub mod records;
pub mod recurrence;
pub mod redact;
pub mod render;
pub mod source;
pub mod suggest;
pub mod validate;

#[cfg(test)]
mod testing;

pub use cli::run;
