//! Differential: the token matcher against aho-corasick (the crate it replaces) on text
//! both define the same way — names and prose over a small ASCII alphabet, single spaces.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "autolink_ref.rs"]
mod autolink_ref;

fuzz_target!(|data: &[u8]| {
    autolink_ref::check(data);
});
