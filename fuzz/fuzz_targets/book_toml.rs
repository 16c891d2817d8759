//! book.toml: TOML, the typed sections, policy resolution, globs, regexes,
//! the time zone and the board period, and the diagnostics' renderers.
#![no_main]

use lessonbook::fuzzing;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| fuzzing::fuzz_book_toml(data));
