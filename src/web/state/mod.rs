//! Layer 2 of the web shell: glossaries and terms as the page holds them.
//!
//! * [`source`] loads any payload (markdown through the lazily loaded module);
//! * [`glossary`] loads a glossary (manifest, list payload or payload list, its index,
//!   sliced) and shares it by URL, so every widget naming it uses one index;
//! * [`chunks`] answers queries on a chunked index, fetching the shards they need;
//! * [`terms`] fetches a term once, however many widgets want it at the same time;
//! * [`link`] decides where links to terms of a glossary go;
//! * [`languages`] picks, from a multilingual glossary's `languages.json`, each widget's.
//!
//! Imports only [`super::base`] and the core.

#[cfg(feature = "web")]
pub mod chunks;
#[cfg(feature = "web")]
pub mod glossary;
pub mod languages;
#[cfg(feature = "web")]
pub mod link;
pub mod names;
#[cfg(feature = "web")]
pub mod source;
#[cfg(feature = "web")]
pub mod terms;

#[cfg(feature = "web")]
pub use glossary::{Shared, State};
