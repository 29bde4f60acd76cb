//! Client-side search (pure Rust core): an [`Index`] built from terms, typo-
//! tolerant prefix queries ranked with BM25F plus an exact-name re-rank,
//! highlighted snippets, suggestions, and a compact versioned binary format.

pub mod chunked;
mod fold_tables;
pub mod format;
pub mod fuzzy;
pub mod index;
pub mod packed;
pub mod query;
pub mod snippet;
pub mod text;
pub mod warm;

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

/// From this many documents `glossa` writes a chunked index ([`chunked`]) rather than one
/// file: below it one file is smaller to fetch whole than the shards most sessions need.
pub const CHUNKED_FROM: usize = 20_000;

/// The files of index `idx` (paths relative to the manifest) and the path the manifest's
/// `index` names: one `search.glsi`, or, `chunked` (`None`: from [`CHUNKED_FROM`] documents
/// on), `search/root.glsr` and its shards under `search/`.
pub fn index_files(idx: &Index, chunked: Option<bool>) -> (String, Vec<(String, Vec<u8>)>) {
    if !chunked.unwrap_or(idx.len() >= CHUNKED_FROM) {
        return ("search.glsi".into(), vec![("search.glsi".into(), format::encode(idx))]);
    }
    let files = chunked::split(idx, chunked::Split::default());
    let mut out = vec![("search/root.glsr".to_owned(), files.root)];
    out.extend(files.shards.into_iter().map(|(p, b)| (format!("search/{p}"), b)));
    ("search/root.glsr".into(), out)
}
