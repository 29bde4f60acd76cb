//! A glossary's chunked index as the page holds it: the root, and the shards fetched so far.
//!
//! A query asks the core [`Store`] for its answer; while the store names shards it still
//! needs, they are fetched (each once, however many queries wait for it; the browser's HTTP
//! cache and the offline service worker keep them) and the query is asked again. The term
//! list of a compact glossary comes from the title shards, fetched only when a widget needs
//! the whole list ([`with_entries`]): a search box is ready once the root is in.

use std::collections::HashMap;

use js_sys::{Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

use super::super::base::{fetch, sched};
use super::glossary::Shared;
use crate::glossary::{manifest, Entry};
use crate::search::chunked::{Shard, Store};
use crate::search::{Results, SearchOptions};

/// Shard bytes kept decoded before those no query is using are let go.
const HELD_BYTES: usize = 4 << 20;
/// Title shards fetched at a time while the term list is filled.
const TITLES_AT_ONCE: usize = 8;
/// Rounds of fetching one query may take (vocabulary, postings, titles, documents).
const ROUNDS: usize = 5;

/// The chunked index of a loaded glossary.
pub struct Chunks {
    pub store: Store,
    /// The root file's URL (shard paths are relative to it).
    root_url: String,
    inflight: HashMap<Shard, Promise>,
    /// Entries of the terms results showed, before the whole list is loaded.
    pub seen: HashMap<String, Entry>,
    /// Whether the manifest lists every term yet.
    pub listed: bool,
}

impl Chunks {
    pub fn new(store: Store, root_url: String, listed: bool) -> Chunks {
        Chunks { store, root_url, inflight: HashMap::new(), seen: HashMap::new(), listed }
    }
}

fn chunks_err() -> String {
    "this glossary has no chunked index".into()
}

/// Fetches `need` (those not loaded), all at once, and adds them to the store.
pub async fn fetch_shards(state: &Shared, need: &[Shard]) -> Result<(), String> {
    let waits: Vec<(Shard, Promise)> = {
        let mut s = state.borrow_mut();
        let c = s.chunks.as_mut().ok_or_else(chunks_err)?;
        let root = c.root_url.clone();
        need.iter()
            .filter(|sh| !c.store.has(**sh))
            .map(|&sh| {
                let p = c.inflight.entry(sh).or_insert_with(|| {
                    let url = manifest::join_url(&root, &sh.path());
                    future_to_promise(async move {
                        fetch::fetch_checked(&url, None, fetch::Expect::Binary)
                            .await
                            .map(|b| Uint8Array::from(&b[..]).into())
                            .map_err(|e| JsValue::from_str(&e))
                    })
                });
                (sh, p.clone())
            })
            .collect()
    };
    let mut failed = None;
    for (sh, p) in waits {
        let got = JsFuture::from(p).await;
        let mut s = state.borrow_mut();
        let Some(c) = s.chunks.as_mut() else { return Err(chunks_err()) };
        c.inflight.remove(&sh);
        match got {
            Ok(v) if !c.store.has(sh) => {
                if let Err(e) = c.store.add(sh, &Uint8Array::new(&v).to_vec()) {
                    failed.get_or_insert(e.to_string());
                }
            }
            Ok(_) => {}
            Err(e) => {
                failed.get_or_insert(e.as_string().unwrap_or_else(|| fetch::describe(&e)));
            }
        }
    }
    failed.map_or(Ok(()), Err)
}

/// Answers `query`, fetching the shards it needs; the entries of its results are kept
/// for links and cards. `Err` when a shard cannot be had (offline, broken).
pub async fn search(state: &Shared, query: &str, opts: &SearchOptions) -> Result<Results, String> {
    for _ in 0..ROUNDS {
        let answer = {
            let mut s = state.borrow_mut();
            let super::glossary::State { chunks, scratch, .. } = &mut *s;
            let c = chunks.as_mut().ok_or_else(chunks_err)?;
            c.store.search(scratch, query, opts)
        };
        match answer {
            Ok(r) => {
                let mut s = state.borrow_mut();
                let super::glossary::State { chunks, manifest, .. } = &mut *s;
                if let Some(c) = chunks.as_mut() {
                    if !c.listed {
                        for x in &r.results {
                            if let Some(d) = c.store.title(x.doc as usize) {
                                c.seen.entry(d.id.clone()).or_insert_with(|| manifest.entry_from_index(d));
                            }
                        }
                    }
                    c.store.trim(HELD_BYTES);
                }
                return Ok(r);
            }
            Err(need) => fetch_shards(state, &need).await?,
        }
    }
    Err(format!("{query}: the search index kept asking for more shards"))
}

/// Completions of what is being typed (from the vocabulary the query loads).
pub async fn suggest(state: &Shared, query: &str, limit: usize) -> Result<Vec<String>, String> {
    for _ in 0..ROUNDS {
        let answer = {
            let mut s = state.borrow_mut();
            let c = s.chunks.as_mut().ok_or_else(chunks_err)?;
            c.store.suggest(query, limit)
        };
        match answer {
            Ok(r) => return Ok(r),
            Err(need) => fetch_shards(state, &need).await?,
        }
    }
    Ok(Vec::new())
}

/// Fills a compact chunked glossary's term list from its title shards (once; every caller
/// waits for the same), in slices that yield to the page.
pub async fn with_entries(state: &Shared) -> Result<(), String> {
    let shards: Vec<Shard> = match state.borrow().chunks.as_ref() {
        Some(c) if !c.listed => c.store.title_shards().collect(),
        _ => return Ok(()),
    };
    let mut slicer = sched::Slicer::new("entries", 2048);
    let mut entries: Vec<Entry> = Vec::new();
    for batch in shards.chunks(TITLES_AT_ONCE) {
        fetch_shards(state, batch).await?;
        for sh in batch {
            let Shard::Titles(k) = *sh else { continue };
            let made: Vec<Entry> = {
                let s = state.borrow();
                let docs = s.chunks.as_ref().and_then(|c| c.store.shard_titles(k)).unwrap_or_default();
                docs.iter().map(|d| s.manifest.entry_from_index(d)).collect()
            };
            let n = made.len();
            entries.extend(made);
            slicer.step(n).await;
        }
        if let Some(c) = state.borrow_mut().chunks.as_mut() {
            c.store.trim(HELD_BYTES);
        }
    }
    let mut s = state.borrow_mut();
    if s.chunks.as_ref().is_some_and(|c| c.listed) {
        return Ok(()); // filled meanwhile by another caller
    }
    s.manifest.terms.reserve_exact(entries.len());
    for e in entries {
        s.manifest.push(e);
    }
    if !s.manifest.indexed() {
        s.manifest.reindex();
    }
    if let Some(c) = s.chunks.as_mut() {
        c.listed = true;
        c.seen.clear();
    }
    Ok(())
}
