//! The one integration test binary: runs the real `lessonbook` executable on
//! fixture books written to temporary folders.

mod agreement;
mod authoring;
mod bad_input;
#[cfg(feature = "pdf")]
mod board;
mod book_test;
mod browser;
mod build;
mod cdp;
mod check;
mod ci_formats;
mod completions_and_man;
mod compliance;
mod contrast;
mod exports;
mod format_errors;
mod paging;
mod pre_commit;
mod provenance;
mod sample;
mod schema;
mod serve;
mod stats;
mod valid_html;
