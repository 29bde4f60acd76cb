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
#[cfg(feature = "web")]
pub mod browser;
#[cfg(feature = "web")]
pub mod cards;
pub mod common;
#[cfg(feature = "web")]
pub mod entry;
#[cfg(feature = "web")]
pub mod search;
pub mod term;

#[cfg(feature = "web")]
use wasm_bindgen::JsValue;

/// Defines every element and starts the page-wide behaviours (once). With `lite`, the
/// first-load module is already linking mentions: this module takes its elements over.
#[cfg(feature = "web")]
pub fn start(lite: bool) -> Result<(), JsValue> {
    entry::define()?;
    search::define()?;
    term::define()?;
    browser::define()?;
    cards::start()?;
    if lite {
        cards::catch_up();
    } else {
        autolink::start();
    }
    Ok(())
}
