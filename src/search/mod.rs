//! Client-side search (pure Rust core): an [`Index`] built from terms, typo-
//! tolerant prefix queries ranked with BM25F plus an exact-name re-rank,
//! highlighted snippets, suggestions, and a compact versioned binary format.

pub mod chunked;
mod fold_tables;
pub mod format;
pub mod fuzzy;
pub mod index;
pub mod query;
pub mod snippet;
pub mod text;

pub use index::{Builder, Doc, Index};
pub use query::{Results, Scratch, SearchOptions, SearchResult};
pub use snippet::Segment;

/// Builds an index from terms.
pub fn build<'a>(terms: impl IntoIterator<Item = &'a crate::Term>) -> Index {
    let mut b = Builder::new();
    for t in terms {
        b.add(t);
    }
    b.finish()
}
