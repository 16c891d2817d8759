//! Record bodies: markdown with raw HTML through pulldown-cmark, the heading
//! anchors and ammonia. The output must never hold script, event handler
//! attributes or `javascript:` URLs.
#![no_main]

use lessonbook::fuzzing;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| fuzzing::fuzz_markdown(data));
