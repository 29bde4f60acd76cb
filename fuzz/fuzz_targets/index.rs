//! The prebuilt index loader (untrusted bytes), then a search on whatever loads.
#![no_main]
use glossa::search::{format, SearchOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(idx) = format::decode(data) {
        let _ = idx.search("pod", &SearchOptions::default());
        let _ = format::encode(&idx);
    }
});
