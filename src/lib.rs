//! # glossa
//!
//! A glossary widget core: it turns untrusted term payloads into a safe,
//! searchable, renderable glossary. Data flows one way:
//!
//! ```text
//! bytes ──decode──▶ Graph ──content──▶ Term ──ast──▶ Node tree ──render──▶ Html ──▶ string | DOM (web shell)
//! ```
//!
//! * [`decode`]: JSON text / HTML → devalue value graph, with Nuxt's tags.
//! * [`content`]: value graph or markdown file → [`Term`] (typed glossary entry) or generic document.
//! * [`ast`]: the one body tree all formats (minimark, MDC `root`, markdown) become.
//! * [`render`]: AST → sanitised [`render::Html`] tree → HTML string; the web shell builds DOM from the same tree.
//! * `web` (wasm32 only): custom elements and the JS API; the only code that touches the DOM.
//!
//! Nothing here panics on input: every failure is an [`Error`] naming where and why.
//! The lints below hold the core to it: no unchecked indexing or slicing, no `unwrap`,
//! `expect`, `panic!` or `unreachable!` (tests may use them), and no `unsafe` anywhere.

#![forbid(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(
        clippy::indexing_slicing,
        clippy::string_slice,
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented
    )
)]

pub mod ast;
pub mod autolink;
pub mod content;
pub mod decode;
pub mod encode;
pub mod error;
pub mod glossary;
pub mod limits;
pub mod render;
pub mod search;
pub mod util;

#[cfg(all(target_arch = "wasm32", any(feature = "web", feature = "lite")))]
pub mod web;

/// The lazily loaded markdown module (`pkg/glossa_md*`): markdown file → `Term` as a JS value.
#[cfg(all(target_arch = "wasm32", feature = "markdown", not(feature = "web")))]
pub mod md_module {
    use wasm_bindgen::prelude::*;

    /// Loads a markdown term file; returns the `Term` (serde-wasm-bindgen) or throws the error text.
    #[wasm_bindgen(js_name = loadMarkdown)]
    /// `limits` is a `Limits` object (camelCase fields); `undefined` means the defaults.
    pub fn load_markdown(bytes: &[u8], name: &str, limits: JsValue) -> Result<JsValue, JsError> {
        // Read without serde (and only markdown: payloads never come here), to keep this module small.
        let number = |k: &str| {
            let v = js_sys::Reflect::get(&limits, &k.into()).unwrap_or(JsValue::UNDEFINED);
            (!v.is_undefined() && !v.is_null()).then(|| v.as_f64().unwrap_or(f64::NAN))
        };
        let limits = if limits.is_object() {
            crate::Limits::from_numbers(number).unwrap_or_default()
        } else {
            Default::default()
        };
        let term = crate::content::markdown_file(bytes, name, &limits).map_err(|e| JsError::new(&e.to_string()))?;
        serde_wasm_bindgen::to_value(&term).map_err(|e| JsError::new(&e.to_string()))
    }
}

pub use content::{Term, TermSummary};
pub use error::{Error, ErrorKind, Path, Result};
pub use limits::Limits;
