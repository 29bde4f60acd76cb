//! Structure-aware: devalue graphs with shared references, reviver tags (Nuxt's and
//! devalue's), documents, bodies, tuples and tocs → load, render, index.
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "gen.rs"]
mod gen;

fuzz_target!(|g: gen::Graph| {
    gen::check_source(&g.render(), "fuzz/_payload.json");
});
