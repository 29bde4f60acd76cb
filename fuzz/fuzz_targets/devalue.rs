//! devalue decoder (strict and lenient), with Nuxt's revivers, and the `$` writer.
#![no_main]
use glossa::decode::{devalue, expected, nuxt, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let lenient = data.first().is_some_and(|b| b & 1 == 1);
    let opts = Options { lenient, ..Options::default() };
    if let Ok(g) = devalue::decode(data, &nuxt::revivers(), &opts) {
        let _ = expected::to_expected(&g);
    }
    let _ = nuxt::decode_payload(data, &Options::default());
});
