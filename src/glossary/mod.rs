//! A whole glossary: the manifest that lists its terms, and the sources a
//! glossary can be loaded from (a manifest, a Nuxt list payload, or a list of
//! payload URLs). Pure data; the web shell does the fetching.

pub mod build;
pub mod documents;
pub mod languages;
pub mod letters;
pub mod manifest;

pub use manifest::{Entry, Facets, Manifest};
