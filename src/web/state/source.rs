//! Payload bytes → terms, in the browser: payloads and HTML pages decode in the core
//! module; markdown files go through the markdown module, which `glossa.js` loads the
//! first time one is met.

use std::cell::RefCell;

use wasm_bindgen::JsValue;

use super::super::base::{config, fetch};
use crate::content::{self, nuxt::Loaded};

thread_local! {
    static MARKDOWN_LOADER: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
}

/// Registers `(bytes: Uint8Array, name: string, limits) => Promise<Term>` (set by `glossa.js`).
pub fn set_markdown_loader(f: js_sys::Function) {
    MARKDOWN_LOADER.with(|l| *l.borrow_mut() = Some(f));
}

fn fail(m: String) -> Loaded {
    Loaded { errors: vec![crate::Error::at_root(crate::ErrorKind::Shape(m))], ..Default::default() }
}

/// Loads any supported source.
pub async fn load_any(bytes: &[u8], name: &str) -> Loaded {
    if cfg!(feature = "markdown") || content::sniff(bytes, name) != content::Format::Markdown {
        return content::load_source(bytes, name, &config::limits());
    }
    let Some(f) = MARKDOWN_LOADER.with(|l| l.borrow().clone()) else {
        return fail("markdown support is not loaded (use glossa.js, which loads it on demand)".into());
    };
    let lim = serde_wasm_bindgen::to_value(&config::limits()).unwrap_or_default();
    let promise = match f.call3(&JsValue::NULL, &js_sys::Uint8Array::from(bytes), &JsValue::from_str(name), &lim) {
        Ok(p) => js_sys::Promise::resolve(&p),
        Err(e) => return fail(fetch::describe(&e)),
    };
    match wasm_bindgen_futures::JsFuture::from(promise).await {
        Ok(v) => match serde_wasm_bindgen::from_value::<crate::Term>(v) {
            Ok(t) => Loaded { terms: vec![t], ..Default::default() },
            Err(e) => fail(format!("markdown module returned an unexpected value: {e}")),
        },
        Err(e) => fail(fetch::describe(&e)),
    }
}
