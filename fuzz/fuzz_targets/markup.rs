//! Structure-aware: markdown term files with front matter, fences, reference links,
//! Hugo shortcodes and raw HTML that leaves tags, quotes and comments open.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "gen.rs"]
mod gen;

fuzz_target!(|m: gen::Markdown| {
    gen::check_source(&m.render(), "fuzz.md");
});
