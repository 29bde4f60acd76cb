//! Differential: the front matter parser against yaml-rust2 (the crate it replaces); see
//! `front_matter_ref.rs` for the contract.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "front_matter_ref.rs"]
mod front_matter_ref;

fuzz_target!(|data: &[u8]| {
    front_matter_ref::check(data);
});
