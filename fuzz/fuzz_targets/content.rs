//! Nuxt/content decoder: payload → terms → rendered HTML.
#![no_main]
use glossa::content;
use glossa::render::{render_term, RenderOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let loaded = content::load_source(data, "fuzz/_payload.json", &glossa::Limits::default());
    for t in &loaded.terms {
        let r = render_term(t, &RenderOptions::default());
        let _ = r.to_fragment();
        let _ = glossa::search::build([t]);
    }
});
