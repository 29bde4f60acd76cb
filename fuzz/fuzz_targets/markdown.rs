//! Markdown term files (front matter + body) → term → rendered HTML.
#![no_main]
use glossa::content;
use glossa::render::{render_term, RenderOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let loaded = content::load_source(data, "fuzz.md", &glossa::Limits::default());
    for t in &loaded.terms {
        let _ = render_term(t, &RenderOptions::default()).to_fragment();
    }
});
