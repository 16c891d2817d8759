//! lessonbook turns a repository of incident records and post-incident
//! reviews into evidence for ISO/IEC 27001:2022 control 5.27.
//!
//! The pipeline, one module a step:
//!
//! 1. `config`: book.toml and flags become one `Settings`.
//! 2. `parse`: walk `[book].src`, split front matter, parse YAML with spans,
//!    decode `records` (format errors become diagnostics).
//! 3. `validate`: cross-record format checks and the twenty-two 5.27 rules
//!    (`recurrence` is shared with the metrics).
//! 4. `diagnostics`: render findings as rustc-style text, JSON or GitHub
//!    annotations; `cli` sets the exit code.
//! 5. `metrics`: every number, from one module; `kpi` is the one table of
//!    key figures; `chart_data` picks chart series and `charts` draws SVG.
//! 6. `render`: views (confidentiality applied), the `theme`'s templates,
//!    the site's pages and data exports, streamed to an `output`.
//! 7. `board`: the board pack's redacted content, as HTML and (typst) PDF,
//!    to the same kind of output. `conformity` assesses the ten steps of the
//!    procedure from the findings, once for both. `cli` drives the steps.
//!
//! Beside the pipeline, `sample` draws a reproducible audit sample of the
//! incidents (SHA-256 keys of seed and ID) for `render` to lay out.

// Private modules: the binary needs only `run`, so the compiler reports
// anything nothing calls.
mod board;
mod chart_data;
mod charts;
mod check;
mod cli;
mod config;
mod conformity;
mod controls;
mod diagnostics;
mod fields;
mod format;
mod git;
// The entry points of the fuzz targets and property tests (fuzz/): the one
// public module besides `run`.
#[doc(hidden)]
pub mod fuzzing;
mod kpi;
mod metrics;
mod output;
mod parse;
mod period;
mod procedure;
mod provenance;
mod records;
mod recurrence;
mod redact;
mod render;
mod restate;
mod sample;
mod scaffold;
mod schema;
mod serve;
mod source;
mod suggest;
mod theme;
mod validate;
mod yaml;

#[cfg(test)]
mod architecture_tests;
#[cfg(test)]
mod property_tests;
#[cfg(test)]
mod testing;

pub use cli::run;
