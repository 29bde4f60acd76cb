//! Layer 3 of the web shell: the custom elements and the page-wide behaviours.
//!
//! * [`entry`] — `<glossa-entry>`, one term payload;
//! * [`search`] — `<glossa-search>`, the combobox;
//! * [`browser`] — `<glossa-glossary>`, the whole glossary with routes;
//! * [`term`] — `<glossa-term>`, a mention;
//! * [`autolink`] — mentions found in `[data-glossa-autolink]` containers, live;
//! * [`cards`] — the preview card (timing, keyboard, positioning);
//! * [`common`] — what several of them show the same way.
//!
//! Each element's instance is mounted and released through [`super::base::life`].

pub mod autolink;
pub mod browser;
pub mod cards;
pub mod common;
pub mod entry;
pub mod search;
pub mod term;

use wasm_bindgen::JsValue;

/// Defines every element and starts the page-wide behaviours (once).
pub fn start() -> Result<(), JsValue> {
    entry::define()?;
    search::define()?;
    term::define()?;
    browser::define()?;
    cards::start()?;
    autolink::start();
    Ok(())
}
