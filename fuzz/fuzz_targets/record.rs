//! Front matter, YAML, decoding, every rule and every diagnostic renderer.
//! The input is up to four record files separated by NUL bytes, so
//! cross-record rules (reviews naming incidents, duplicate IDs) run too.
#![no_main]

use lessonbook::fuzzing;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| fuzzing::fuzz_record(data));
