//! `--today`, `--period` / `[board].period` and record dates. The input is
//! lines: an as-of date, a period, a record date, a time zone name.
#![no_main]

use lessonbook::fuzzing;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| fuzzing::fuzz_period_and_dates(data));
