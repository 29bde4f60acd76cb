//! A loaded glossary: its manifest, search index and the terms fetched so far.
//!
//! Glossaries are shared by URL ([`shared`]), so every element of a page that names
//! the same glossary uses one index; a load in flight is shared too, and a later
//! [`register`] (or a newer load) always wins over an older, slower one.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use js_sys::{Array, Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

use super::super::base::{fetch, sched, url};
use super::chunks::{self, Chunks, SharedChunks};
use super::source::load_any;
use crate::content::Term;
use crate::glossary::{manifest, Entry, Manifest};
use crate::search::{self, format, Index, Scratch};

/// Shared state of one loaded glossary.
pub struct State {
    pub url: String,
    pub manifest: Manifest,
    pub index: Index,
    pub scratch: Scratch,
    pub terms: HashMap<String, Rc<Term>>,
    /// Term fetches in flight, by entry id: every caller waits on the same one.
    pub inflight: HashMap<String, Promise>,
    /// The mention matcher, built on first use.
    pub autolinker: Option<Rc<crate::autolink::Autolinker>>,
    /// A chunked index (`index` is then empty): the root and the shards fetched so far.
    pub chunks: Option<SharedChunks>,
}

impl State {
    pub fn new(url: String, mut manifest: Manifest, index: Index, terms: HashMap<String, Rc<Term>>) -> State {
        if !manifest.indexed() {
            manifest.reindex();
        }
        State {
            url,
            manifest,
            index,
            scratch: Scratch::default(),
            terms,
            inflight: HashMap::new(),
            autolinker: None,
            chunks: None,
        }
    }

    /// Category and difficulty values with their counts: the manifest's, or, while a compact
    /// chunked glossary's term list is not loaded, its index root's.
    pub fn facets(&self) -> crate::glossary::Facets {
        match self.chunks.as_ref().map(|c| c.borrow()).filter(|c| !c.listed) {
            Some(c) => {
                let [categories, difficulties] = c.store.facet_counts();
                crate::glossary::Facets { categories, difficulties }
            }
            None => self.manifest.facets().into_owned(),
        }
    }

    fn autolink_builder(&self) -> crate::autolink::Builder {
        let names = self.manifest.terms.iter().enumerate().flat_map(|(i, e)| {
            std::iter::once(e.title.as_str())
                .chain(e.acronym.as_deref())
                .chain(e.aliases.iter().map(String::as_str))
                .map(move |n| (i as u32, n))
        });
        crate::autolink::Builder::new(names)
    }
}

pub type Shared = Rc<RefCell<State>>;

/// The glossary's mention matcher over every title, acronym and alias, built on first
/// use one automaton per slice, yielding to the page in between.
pub async fn autolinker(state: &Shared) -> Rc<crate::autolink::Autolinker> {
    if let Some(a) = state.borrow().autolinker.clone() {
        return a;
    }
    let mut b = state.borrow().autolink_builder();
    let mut slicer = sched::Slicer::new("autolink-build", 1);
    while !b.step() {
        slicer.step(1).await;
    }
    drop(slicer);
    if let Some(a) = state.borrow().autolinker.clone() {
        return a; // built meanwhile for another container
    }
    let a = Rc::new(b.finish());
    state.borrow_mut().autolinker = Some(a.clone());
    a
}

/// One URL's glossary: loaded, or the load in flight (and which load it is).
struct Slot {
    gen: u64,
    promise: Promise,
    state: Option<Shared>,
}

thread_local! {
    /// Glossaries by absolute URL.
    static REGISTRY: RefCell<HashMap<String, Slot>> = RefCell::new(HashMap::new());
    static GEN: Cell<u64> = const { Cell::new(0) };
}

fn next_gen() -> u64 {
    GEN.with(|g| {
        g.set(g.get() + 1);
        g.get()
    })
}

/// Glossaries loaded or loading (for the lifecycle tests).
pub fn registry_len() -> usize {
    REGISTRY.with(|r| r.borrow().len())
}

/// Term fetches in flight across the shared glossaries (for the lifecycle tests).
pub fn inflight_total() -> usize {
    REGISTRY.with(|r| r.borrow().values().filter_map(|s| s.state.as_ref()).map(|g| g.borrow().inflight.len()).sum())
}

fn err(msg: impl std::fmt::Display) -> JsValue {
    JsError::new(&msg.to_string()).into()
}

fn report(progress: &Option<Function>, done: usize, total: usize) {
    if let Some(f) = progress {
        let _ = f.call2(&JsValue::NULL, &JsValue::from(done as u32), &JsValue::from(total as u32));
    }
}

/// Load options from JS: `{ onProgress(loaded, total), fullText, siteRoot }`.
fn progress_fn(options: &JsValue) -> Option<Function> {
    js_sys::Reflect::get(options, &"onProgress".into()).ok().and_then(|f| f.dyn_into::<Function>().ok())
}

fn flag(options: &JsValue, key: &str) -> bool {
    js_sys::Reflect::get(options, &key.into()).ok().and_then(|v| v.as_bool()).unwrap_or(false)
}

/// Index items (documents, words, postings lists, names) decoded per slice.
pub const INDEX_SLICE: usize = 4096;

/// Decodes a prebuilt index in slices of at most [`INDEX_SLICE`] items, yielding to
/// the page in between, so even a 100 000-term index never blocks the main thread for long.
pub async fn decode_index(bytes: &[u8], progress: &Option<Function>) -> Result<Index, String> {
    let mut loader = format::Loader::new(bytes).map_err(|e| e.to_string())?;
    let mut slicer = sched::Slicer::new("index", INDEX_SLICE);
    loop {
        let before = loader.units();
        let done = loader.step(slicer.room().min(512)).map_err(|e| e.to_string())?;
        if done {
            break;
        }
        if slicer.tick((loader.units() - before) as usize) {
            if let Some(f) = progress {
                let _ = f.call2(&JsValue::NULL, &JsValue::from(loader.progress()), &JsValue::from(1));
            }
            slicer.pause().await;
        }
    }
    Ok(loader.into_index())
}

/// Fetches and decodes payloads `urls` (6 at a time), reporting progress; broken ones are skipped with a warning.
async fn load_payloads(urls: &[String], progress: &Option<Function>) -> Vec<(String, Term)> {
    let mut out = Vec::with_capacity(urls.len());
    for (n, chunk) in urls.chunks(6).enumerate() {
        // Start the fetches together, then read them in order.
        let started: Vec<Promise> = chunk
            .iter()
            .map(|u| {
                let u = u.clone();
                future_to_promise(async move {
                    fetch::fetch_bytes(&u, None)
                        .await
                        .map(|b| js_sys::Uint8Array::from(&b[..]).into())
                        .map_err(|e| JsValue::from_str(&e))
                })
            })
            .collect();
        for (u, p) in chunk.iter().zip(started) {
            let res = JsFuture::from(p)
                .await
                .map(|v| js_sys::Uint8Array::new(&v).to_vec())
                .map_err(|e| e.as_string().unwrap_or_else(|| fetch::describe(&e)));
            match res {
                Ok(bytes) => {
                    let l = load_any(&bytes, u).await;
                    for e in &l.errors {
                        web_sys::console::warn_1(&format!("glossa: {u}: {e}").into());
                    }
                    if let Some(t) = l.terms.into_iter().next() {
                        out.push((u.clone(), t));
                    }
                }
                Err(e) => web_sys::console::warn_1(&format!("glossa: {e}").into()),
            }
        }
        report(progress, ((n + 1) * 6).min(urls.len()), urls.len());
    }
    out
}

async fn load_state(source: JsValue, options: JsValue) -> Result<State, JsValue> {
    let progress = progress_fn(&options);
    let base =
        web_sys::window().and_then(|w| w.document()).and_then(|d| d.base_uri().ok().flatten()).unwrap_or_default();
    // A list of payload URLs: fetch them all and index everything.
    if Array::is_array(&source) {
        let urls: Vec<String> =
            Array::from(&source).iter().filter_map(|v| v.as_string()).map(|u| url::resolve(&u, &base)).collect();
        let terms = load_payloads(&urls, &progress).await;
        let manifest = Manifest {
            terms: terms.iter().map(|(u, t)| Entry::from_term(t, u.clone(), None)).collect(),
            ..Default::default()
        };
        let index = search::build(terms.iter().map(|(_, t)| t));
        let terms = terms.into_iter().map(|(_, t)| (t.slug.clone(), Rc::new(t))).collect();
        return Ok(State::new(base, manifest, index, terms));
    }
    let url = url::resolve(
        &source.as_string().ok_or_else(|| err("Glossary.load needs a manifest URL or a list of payload URLs"))?,
        &base,
    );
    let mut manifest = manifest_at(&url, &options).await?;
    let (prebuilt, chunks) = match manifest.index.clone() {
        Some(idx_url) => match prebuilt_index(&url::resolve(&idx_url, &url), &progress).await {
            Some(Prebuilt::One(index)) => (Some(index), None),
            Some(Prebuilt::Chunked(c)) => (None, Some(c)),
            None => (None, None),
        },
        None => (None, None),
    };
    let compact = manifest.terms.is_empty() && manifest.term_url.is_some();
    if let Some(t) = manifest.term_url.as_mut().filter(|_| compact) {
        // Resolved once, like the listed terms' URLs.
        *t = manifest::join_url(&url, t);
    }
    if let Some(mut c) = chunks {
        // A chunked index: ready to search now; a compact list is filled when a widget needs it.
        c.listed = !compact;
        report(&progress, 1, 1);
        let mut state = State::new(url, manifest, Index::default(), HashMap::new());
        state.chunks = Some(Rc::new(RefCell::new(*c)));
        return Ok(state);
    }
    if compact {
        let Some(index) = prebuilt.as_ref() else {
            return Err(err(format!("{url}: the terms are in the search index (termUrl), which could not be loaded")));
        };
        entries_from_index(&mut manifest, index).await;
    }
    let mut terms = HashMap::new();
    let index = if let Some(index) = prebuilt {
        index
    } else if flag(&options, "fullText") {
        let urls: Vec<String> = manifest.terms.iter().map(|e| e.url.clone()).collect();
        let loaded = load_payloads(&urls, &progress).await;
        let index = search::build(loaded.iter().map(|(_, t)| t));
        let by_url: HashMap<&str, &str> = manifest.terms.iter().map(|e| (e.url.as_str(), e.id.as_str())).collect();
        for (u, t) in loaded {
            if let Some(id) = by_url.get(u.as_str()) {
                terms.insert((*id).to_owned(), Rc::new(t));
            }
        }
        index
    } else {
        manifest.metadata_index()
    };
    report(&progress, manifest.terms.len(), manifest.terms.len());
    Ok(State::new(url, manifest, index, terms))
}

/// The manifest at `url`: a glossary manifest, or a Nuxt list payload whose summaries
/// have paths (each term then at `<site root><path>/_payload.json`). Entry URLs are absolute.
async fn manifest_at(url: &str, options: &JsValue) -> Result<Manifest, JsValue> {
    // A `.json` URL must not answer with an HTML page (the usual "404 page served with 200").
    let expect = if url.split(['?', '#']).next().is_some_and(|p| p.ends_with(".json")) {
        fetch::Expect::Json
    } else {
        fetch::Expect::Payload
    };
    let bytes = fetch::fetch_checked(url, None, expect).await.map_err(err)?;
    // Manifests are JSON objects; payloads are devalue arrays (or HTML pages).
    let is_manifest = bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    let mut manifest = if is_manifest {
        Manifest::parse(&bytes).map_err(|e| err(format!("{url}: {e}")))?
    } else {
        let l = load_any(&bytes, url).await;
        let root = js_sys::Reflect::get(options, &"siteRoot".into())
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_else(|| web_sys::Url::new(url).map(|u| u.origin()).unwrap_or_default());
        let mut summaries = l.summaries.clone();
        summaries.extend(l.terms.iter().flat_map(|t| t.related_summaries.iter().cloned()));
        if summaries.is_empty() {
            let why = l.errors.first().map(|e| e.to_string()).unwrap_or_else(|| "no term summaries".into());
            return Err(err(format!("{url}: not a glossary manifest or list payload ({why})")));
        }
        manifest::from_summaries(&summaries, &root)
    };
    for e in &mut manifest.terms {
        e.url = manifest::join_url(url, &e.url);
    }
    Ok(manifest)
}

/// A prebuilt index: one file, or the root of a chunked one.
enum Prebuilt {
    One(Index),
    Chunked(Box<Chunks>),
}

/// The prebuilt index at `idx_url`, decoded in slices (a chunked index's root, read at
/// once: it is small). Without its index the glossary still works (search falls back to
/// the manifest's names and descriptions), so a failure is a console warning, not an error.
async fn prebuilt_index(idx_url: &str, progress: &Option<Function>) -> Option<Prebuilt> {
    let loaded = match fetch::fetch_checked(idx_url, None, fetch::Expect::Binary).await {
        Ok(bytes) if search::chunked::is_root(&bytes) => search::chunked::Store::new(&bytes)
            .map(|s| Prebuilt::Chunked(Box::new(Chunks::new(s, idx_url.to_owned()))))
            .map_err(|e| format!("{idx_url}: {e}")),
        Ok(bytes) => decode_index(&bytes, progress).await.map(Prebuilt::One).map_err(|e| format!("{idx_url}: {e}")),
        Err(e) => Err(e),
    };
    loaded
        .map_err(|e| {
            let msg = format!("glossa: search index unavailable, searching titles and descriptions only: {e}");
            web_sys::console::warn_1(&msg.into());
        })
        .ok()
}

/// Manifest entries made from index documents per slice.
const ENTRIES_SLICE: usize = 2048;

/// Fills a compact manifest's entries from the index documents, in slices of at most
/// [`ENTRIES_SLICE`].
async fn entries_from_index(manifest: &mut Manifest, index: &Index) {
    let docs = index.docs();
    manifest.terms.reserve_exact(docs.len());
    let mut slicer = sched::Slicer::new("entries", ENTRIES_SLICE);
    for d in docs {
        let e = manifest.entry_from_index(d);
        manifest.push(e);
        slicer.step(1).await;
    }
}

thread_local! {
    static WARMED: Cell<bool> = const { Cell::new(false) };
}

/// Compiles the search path while the page is idle (`search::warm` says why), once per
/// module and only when the page has something to search with: a search box, a glossary
/// browser, or a glossary loaded through the API. A page with only cards never pays for
/// it. Searches a built-in index with every kind of query, each answer packed as a real
/// search's is for the API ([`search::packed`]); one typed query per slice of the
/// `search warm-up` job (`workStats()`), the page running in between.
pub fn warm_search() {
    if WARMED.with(|w| w.replace(true)) {
        return;
    }
    wasm_bindgen_futures::spawn_local(async {
        sched::yield_to_render().await;
        let mut warm = search::warm::WarmUp::default();
        let mut slice = sched::Slicer::new("search warm-up", 1);
        let mut sent = search::packed::Sent::default();
        while warm
            .step(|_, _, r| {
                let _ = search::packed::pack(r, &mut sent);
            })
            .is_some()
        {
            slice.step(1).await;
        }
    });
}

/// [`shared`], with the whole term list (a compact chunked glossary's is fetched first):
/// for the widgets that list, link or preview every term.
pub async fn shared_listed(url: &str) -> Result<Shared, JsValue> {
    let g = shared(url).await?;
    with_entries(&g).await.map_err(err)?;
    Ok(g)
}

/// Fills a compact chunked glossary's term list from its title shards (every caller waits
/// for its own fill; the first to finish wins).
pub async fn with_entries(g: &Shared) -> Result<(), String> {
    let Some(c) = g.borrow().chunks.clone().filter(|c| !c.borrow().listed) else { return Ok(()) };
    let docs = chunks::titles(&c).await?;
    if c.borrow().listed {
        return Ok(()); // filled meanwhile
    }
    let mut s = g.borrow_mut();
    let mut terms = Vec::with_capacity(docs.len());
    for d in &docs {
        terms.push(s.manifest.entry_from_index(d));
    }
    s.manifest.terms.reserve_exact(terms.len());
    for e in terms {
        s.manifest.push(e);
    }
    if !s.manifest.indexed() {
        s.manifest.reindex();
    }
    let mut c = c.borrow_mut();
    c.listed = true;
    c.seen.clear();
    Ok(())
}

/// Answers `query` on a glossary's chunked index (fetching the shards it needs) and keeps
/// the entries of its results for links and cards until the whole list is loaded; with
/// up to `suggestions` completions when nothing matched (`wanted`: see [`chunks::search`]).
pub async fn search_chunked(
    g: &Shared,
    query: &str,
    opts: &search::SearchOptions,
    suggestions: usize,
    wanted: &dyn Fn() -> bool,
) -> Result<(search::Results, Vec<String>), String> {
    let c = g.borrow().chunks.clone().ok_or("this glossary has no chunked index")?;
    let r = chunks::search(&c, query, opts, wanted).await?;
    let suggestions = match suggestions {
        n if n > 0 && r.results.is_empty() => chunks::suggest(&c, query, n).await.unwrap_or_default(),
        _ => Vec::new(),
    };
    let s = g.borrow();
    let mut c = c.borrow_mut();
    let c = &mut *c;
    if !c.listed {
        for x in &r.results {
            if let Some(d) = c.store.title(x.doc as usize) {
                c.seen.entry(d.id.clone()).or_insert_with(|| s.manifest.entry_from_index(d));
            }
        }
    }
    Ok((r, suggestions))
}

/// Loads a glossary from JS: a manifest URL, a Nuxt list payload URL, or an array of
/// payload URLs (not shared: `Glossary.load` with options).
pub async fn load(source: JsValue, options: JsValue) -> Result<Shared, JsValue> {
    let g = Rc::new(RefCell::new(load_state(source, options).await?));
    with_entries(&g).await.map_err(err)?;
    Ok(g)
}

/// Loads (or reuses) the glossary at `url`; every widget naming it shares it. A load in
/// flight is shared; when it ends, it is kept only if nothing newer took its place.
pub async fn shared(url: &str) -> Result<Shared, JsValue> {
    let key = url.to_owned();
    let existing = REGISTRY.with(|r| r.borrow().get(&key).map(|s| (s.promise.clone(), s.state.clone())));
    let promise = match existing {
        Some((_, Some(s))) => return Ok(s),
        Some((p, None)) => p,
        None => {
            let gen = next_gen();
            let k = key.clone();
            let p = future_to_promise(async move {
                let result = load_state(JsValue::from_str(&k), JsValue::UNDEFINED).await;
                REGISTRY.with(|r| {
                    let mut r = r.borrow_mut();
                    let current = r.get(&k).is_some_and(|s| s.gen == gen);
                    match &result {
                        Ok(_) if !current => {} // replaced meanwhile (`register`): keep the newer one
                        Ok(_) => {}
                        Err(_) if current => {
                            r.remove(&k);
                        }
                        Err(_) => {}
                    }
                });
                let state = result?;
                REGISTRY.with(|r| {
                    if let Some(s) = r.borrow_mut().get_mut(&k).filter(|s| s.gen == gen) {
                        s.state = Some(Rc::new(RefCell::new(state)));
                    }
                });
                Ok(JsValue::UNDEFINED)
            });
            REGISTRY.with(|r| r.borrow_mut().insert(key.clone(), Slot { gen, promise: p.clone(), state: None }));
            p
        }
    };
    JsFuture::from(promise).await?;
    REGISTRY
        .with(|r| r.borrow().get(&key).and_then(|s| s.state.clone()))
        .ok_or_else(|| err(format!("{url}: glossary failed to load")))
}

/// Makes `state` the glossary for `url`, replacing any other (even one still loading).
pub fn register(url: &str, state: Shared) {
    let gen = next_gen();
    REGISTRY.with(|r| {
        r.borrow_mut()
            .insert(url.to_owned(), Slot { gen, promise: Promise::resolve(&JsValue::UNDEFINED), state: Some(state) })
    });
}
