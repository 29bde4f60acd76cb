//! Structure-aware: an index built from fuzzed terms (multi-byte separators, unspaced
//! scripts, combining marks), written and read back, then queried with snippets.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "gen.rs"]
mod gen;

fuzz_target!(|s: gen::Search| {
    gen::check_search(&s);
});
