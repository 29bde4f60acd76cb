//! The glossary manifest loader.
#![no_main]
use glossa::glossary::{manifest, Manifest};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(m) = Manifest::parse(data) {
        let idx = m.metadata_index();
        let _ = idx.search("a", &Default::default());
        for e in m.terms.iter().take(50) {
            let _ = manifest::join_url("https://example.com/g/glossary.json", &e.url);
        }
    }
});
