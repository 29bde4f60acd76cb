//! The web shell: the only code that touches the DOM. Four layers, each importing
//! only the ones below it (a test checks there are no circles):
//!
//! 1. [`base`] — DOM building, JS glue, fetch, scheduling, URLs, element lifecycle;
//! 2. [`state`] — glossaries and terms as the page holds them (loading, sharing, linking);
//! 3. [`widgets`] — the custom elements, cards and autolinking;
//! 4. [`api`] — the `#[wasm_bindgen]` exports, which nothing imports.

#[cfg(feature = "web")]
pub mod api;
pub mod base;
#[cfg(all(feature = "lite", not(feature = "web")))]
pub mod lite;
pub mod state;
pub mod widgets;
