//! Differential: glossa's hand-written tokenizer against the crates it replaces —
//! unicode-normalization for folding (any text), unicode-segmentation for words (text
//! in the alphabet where UAX #29 and glossa's rules coincide: letters, digits, spaces,
//! joiners, punctuation; unspaced scripts are bigrams by design).
#![no_main]
use libfuzzer_sys::fuzz_target;

#[path = "tokens_ref.rs"]
mod tokens_ref;

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    tokens_ref::check(&s);
});
