//! A chunked index as the page holds it: the root, and the shards fetched so far.
//!
//! A query asks the core [`Store`] for its answer; while the store names shards it still
//! needs, they are fetched (each once, however many queries wait for it; the browser's HTTP
//! cache and the offline service worker keep them) and the query is asked again. The title
//! shards can be fetched all at once ([`titles`]): that is how a compact glossary's term list
//! is made, only when a widget needs the whole list; a search box is ready once the root is in.
//!
//! Imports only [`super::super::base`] and the core; [`super::glossary`] holds one per glossary.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use js_sys::{Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

use super::super::base::{fetch, sched};
use crate::glossary::{manifest, Entry};
use crate::search::chunked::{Shard, Store};
use crate::search::{Doc, Results, Scratch, SearchOptions};

/// Shard bytes kept decoded before those no query is using are let go.
const HELD_BYTES: usize = 4 << 20;
/// Title shards fetched at a time while the term list is filled.
const TITLES_AT_ONCE: usize = 8;
/// Rounds of fetching one query may take: vocabulary, postings, titles, documents, and a
/// few more in case another query let some of them go meanwhile.
const ROUNDS: usize = 8;

/// The chunked index of a loaded glossary.
pub struct Chunks {
    pub store: Store,
    /// The root file's URL (shard paths are relative to it).
    root_url: String,
    inflight: HashMap<Shard, Promise>,
    scratch: Scratch,
    /// Queries under way: shards are let go only when none is (one would lose what it fetched).
    active: usize,
    /// Entries of the terms results showed, before the whole list is loaded.
    pub seen: HashMap<String, Entry>,
    /// Whether the manifest lists every term yet.
    pub listed: bool,
}

pub type SharedChunks = Rc<RefCell<Chunks>>;

impl Chunks {
    pub fn new(store: Store, root_url: String) -> Chunks {
        Chunks {
            store,
            root_url,
            inflight: HashMap::new(),
            scratch: Scratch::default(),
            active: 0,
            seen: HashMap::new(),
            listed: false,
        }
    }

    /// Lets the least recently used shards go above [`HELD_BYTES`], unless a query is under way.
    fn trim_idle(&mut self) {
        if self.active == 0 {
            self.store.trim(HELD_BYTES);
        }
    }
}

/// Fetches those of `need` not loaded, all at once, and adds them to the store.
pub async fn fetch_shards(c: &SharedChunks, need: &[Shard]) -> Result<(), String> {
    let waits: Vec<(Shard, Promise)> = {
        let mut c = c.borrow_mut();
        let c = &mut *c;
        let root = c.root_url.clone();
        let (store, inflight) = (&c.store, &mut c.inflight);
        need.iter()
            .filter(|sh| !store.has(**sh))
            .map(|&sh| {
                let p = inflight.entry(sh).or_insert_with(|| {
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
        let mut c = c.borrow_mut();
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

/// The answer to a query that is no longer wanted (see [`search`]).
pub const SUPERSEDED: &str = "superseded by a newer query";

/// Answers `query`, fetching the shards it needs, for as long as `wanted()` says it is
/// still wanted (a search box's older queries stop fetching when a newer one starts). `Err`
/// when a shard cannot be had (offline and never fetched, or broken), or [`SUPERSEDED`].
pub async fn search(
    c: &SharedChunks,
    query: &str,
    opts: &SearchOptions,
    wanted: &dyn Fn() -> bool,
) -> Result<Results, String> {
    loaded(c, wanted, |c| {
        let Chunks { store, scratch, .. } = c;
        store.search(scratch, query, opts)
    })
    .await
}

/// Completions of what is being typed (from the vocabulary the query loads).
pub async fn suggest(c: &SharedChunks, query: &str, limit: usize) -> Result<Vec<String>, String> {
    loaded(c, &|| true, |c| c.store.suggest(query, limit)).await
}

/// What `ask` answers once the store has every shard it names (fetched round by round,
/// while `wanted()`); shards are let go only when no question is under way.
async fn loaded<T>(
    c: &SharedChunks,
    wanted: &dyn Fn() -> bool,
    mut ask: impl FnMut(&mut Chunks) -> Result<T, Vec<Shard>>,
) -> Result<T, String> {
    c.borrow_mut().active += 1;
    let mut answer = Err(String::new());
    for _ in 0..ROUNDS {
        if !wanted() {
            answer = Err(SUPERSEDED.into());
            break;
        }
        let asked = ask(&mut c.borrow_mut());
        match asked {
            Ok(r) => {
                answer = Ok(r);
                break;
            }
            Err(need) => {
                if let Err(e) = fetch_shards(c, &need).await {
                    answer = Err(e);
                    break;
                }
                answer = Err("the search index kept asking for more shards".into());
            }
        }
    }
    let mut c = c.borrow_mut();
    c.active -= 1;
    c.trim_idle();
    answer
}

/// Every term's title record (no description or body), in index order: the title shards,
/// fetched [`TITLES_AT_ONCE`] at a time, read in slices that yield to the page.
pub async fn titles(c: &SharedChunks) -> Result<Vec<Doc>, String> {
    let shards: Vec<Shard> = c.borrow().store.title_shards().collect();
    let mut slicer = sched::Slicer::new("entries", 2048);
    let mut out: Vec<Doc> = Vec::with_capacity(c.borrow().store.len());
    for batch in shards.chunks(TITLES_AT_ONCE) {
        fetch_shards(c, batch).await?;
        for sh in batch {
            let Shard::Titles(k) = *sh else { continue };
            let docs: Vec<Doc> = c.borrow().store.shard_titles(k).map(<[Doc]>::to_vec).unwrap_or_default();
            let n = docs.len();
            out.extend(docs);
            slicer.step(n).await;
        }
        c.borrow_mut().trim_idle();
    }
    Ok(out)
}
