//! The JS API: `Glossary.load(source)` → search, suggest, term, render.
//!
//! Loaded glossaries are shared by URL (the registry), so every element on a
//! page that names the same glossary uses one index.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use js_sys::{Array, Function, Promise};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};

use super::{dom, fetch, load_any};
use crate::content::{self, Term};
use crate::glossary::{manifest, Entry, Manifest};
use crate::render::{self, LinkTarget, Linker, RenderOptions};
use crate::search::{self, format, Index, Scratch, SearchOptions};

/// Shared state of one loaded glossary.
pub struct State {
    pub url: String,
    pub manifest: Manifest,
    pub index: Index,
    pub scratch: Scratch,
    pub terms: HashMap<String, Rc<Term>>,
    /// The mention matcher, built on first use.
    pub autolinker: Option<Rc<crate::autolink::Autolinker>>,
}

impl State {
    pub fn new(url: String, mut manifest: Manifest, index: Index, terms: HashMap<String, Rc<Term>>) -> State {
        if !manifest.indexed() {
            manifest.reindex();
        }
        State { url, manifest, index, scratch: Scratch::default(), terms, autolinker: None }
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

/// The glossary's mention matcher over every title, acronym and alias, built on first
/// use one automaton at a time, yielding to the page in between.
pub async fn autolinker(state: &Shared) -> Rc<crate::autolink::Autolinker> {
    if let Some(a) = state.borrow().autolinker.clone() {
        return a;
    }
    let mut b = state.borrow().autolink_builder();
    // One automaton (up to 2 500 names) per slice.
    let mut slicer = super::sched::Slicer::new("autolink-build", 1);
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

pub type Shared = Rc<RefCell<State>>;

thread_local! {
    /// Glossaries by absolute URL, and the promise of the load in progress.
    static REGISTRY: RefCell<HashMap<String, (Promise, Option<Shared>)>> = RefCell::new(HashMap::new());
}

/// A loaded glossary.
#[wasm_bindgen]
pub struct Glossary {
    state: Shared,
}

/// Load options from JS: `{ onProgress(loaded, total), fullText }`.
fn progress_fn(options: &JsValue) -> Option<Function> {
    js_sys::Reflect::get(options, &"onProgress".into()).ok().and_then(|f| f.dyn_into::<Function>().ok())
}

fn flag(options: &JsValue, key: &str) -> bool {
    js_sys::Reflect::get(options, &key.into()).ok().and_then(|v| v.as_bool()).unwrap_or(false)
}

fn err(msg: impl std::fmt::Display) -> JsValue {
    JsError::new(&msg.to_string()).into()
}

/// Resolves `rel` against `base`.
pub fn resolve(rel: &str, base: &str) -> String {
    web_sys::Url::new_with_base(rel, base).map(|u| u.href()).unwrap_or_else(|_| rel.to_owned())
}

fn report(progress: &Option<Function>, done: usize, total: usize) {
    if let Some(f) = progress {
        let _ = f.call2(&JsValue::NULL, &JsValue::from(done as u32), &JsValue::from(total as u32));
    }
}

/// Yields to the event loop so long loads never block the page.
pub async fn yield_now() {
    let _ = JsFuture::from(super::js::yield_now()).await;
}

/// Yields with a timer, which also lets the page render in between: for loops that
/// change the DOM (so style and layout work is spread out too).
pub async fn yield_to_render() {
    let p = Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = JsFuture::from(p).await;
}

/// Index items (documents, words, postings lists, names) decoded per slice.
pub const INDEX_SLICE: usize = 4096;

/// Decodes a prebuilt index in slices of at most [`INDEX_SLICE`] items, yielding to
/// the page in between, so even a 100 000-term index never blocks the main thread for long.
pub async fn decode_index(bytes: &[u8], progress: &Option<Function>) -> Result<Index, String> {
    let mut loader = format::Loader::new(bytes).map_err(|e| e.to_string())?;
    let mut slicer = super::sched::Slicer::new("index", INDEX_SLICE);
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
            Array::from(&source).iter().filter_map(|v| v.as_string()).map(|u| resolve(&u, &base)).collect();
        let terms = load_payloads(&urls, &progress).await;
        let manifest = Manifest {
            terms: terms.iter().map(|(u, t)| Entry::from_term(t, u.clone())).collect(),
            ..Default::default()
        };
        let index = search::build(terms.iter().map(|(_, t)| t));
        let terms = terms.into_iter().map(|(_, t)| (t.slug.clone(), Rc::new(t))).collect();
        return Ok(State::new(base, manifest, index, terms));
    }
    let url = resolve(
        &source.as_string().ok_or_else(|| err("Glossary.load needs a manifest URL or a list of payload URLs"))?,
        &base,
    );
    // A `.json` URL must not answer with an HTML page (the usual "404 page served with 200").
    let expect = if url.split(['?', '#']).next().is_some_and(|p| p.ends_with(".json")) {
        fetch::Expect::Json
    } else {
        fetch::Expect::Payload
    };
    let bytes = fetch::fetch_checked(&url, None, expect).await.map_err(err)?;
    // Manifests are JSON objects; payloads are devalue arrays (or HTML pages).
    let is_manifest = bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    let mut manifest = if is_manifest {
        Manifest::parse(&bytes).map_err(|e| err(format!("{url}: {e}")))?
    } else {
        // A Nuxt list payload: term summaries with paths, each term at <root><path>/_payload.json.
        let l = load_any(&bytes, &url).await;
        let root = js_sys::Reflect::get(&options, &"siteRoot".into())
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_else(|| web_sys::Url::new(&url).map(|u| u.origin()).unwrap_or_default());
        let mut summaries = l.summaries.clone();
        summaries.extend(l.terms.iter().flat_map(|t| t.related_summaries.iter().cloned()));
        if summaries.is_empty() {
            let why = l.errors.first().map(|e| e.to_string()).unwrap_or_else(|| "no term summaries".into());
            return Err(err(format!("{url}: not a glossary manifest or list payload ({why})")));
        }
        manifest::from_summaries(&summaries, &root)
    };
    for e in &mut manifest.terms {
        e.url = manifest::join_url(&url, &e.url);
    }
    let mut terms = HashMap::new();
    let prebuilt = match manifest.index.clone() {
        Some(idx_url) => {
            let idx_url = resolve(&idx_url, &url);
            let loaded = match fetch::fetch_checked(&idx_url, None, fetch::Expect::Binary).await {
                Ok(bytes) => decode_index(&bytes, &progress).await.map_err(|e| format!("{idx_url}: {e}")),
                Err(e) => Err(e),
            };
            // Without its index the glossary still works: search falls back to the
            // manifest's titles, aliases and descriptions.
            loaded
                .map_err(|e| {
                    let msg = format!("glossa: search index unavailable, searching titles and descriptions only: {e}");
                    web_sys::console::warn_1(&msg.into());
                })
                .ok()
        }
        None => None,
    };
    if manifest.terms.is_empty() && manifest.term_url.is_some() {
        let Some(index) = prebuilt.as_ref() else {
            return Err(err(format!("{url}: the terms are in the search index (termUrl), which could not be loaded")));
        };
        entries_from_index(&mut manifest, index, &url).await;
    }
    let index = if let Some(index) = prebuilt {
        index
    } else if flag(&options, "fullText") {
        let urls: Vec<String> = manifest.terms.iter().map(|e| e.url.clone()).collect();
        let loaded = load_payloads(&urls, &progress).await;
        let index = search::build(loaded.iter().map(|(_, t)| t));
        for (u, t) in loaded {
            if let Some(e) = manifest.terms.iter().find(|e| e.url == u) {
                terms.insert(e.id.clone(), Rc::new(t));
            }
        }
        index
    } else {
        manifest.metadata_index()
    };
    report(&progress, manifest.terms.len(), manifest.terms.len());
    Ok(State::new(url, manifest, index, terms))
}

/// Manifest entries made from index documents per slice.
const ENTRIES_SLICE: usize = 2048;

/// Fills a compact manifest's entries from the index documents, in slices of at most
/// [`ENTRIES_SLICE`].
async fn entries_from_index(manifest: &mut Manifest, index: &Index, url: &str) {
    let docs = index.docs();
    manifest.terms.reserve_exact(docs.len());
    // Resolved once, like the listed terms' URLs: the filled-in values need no resolving
    // (fetch normalises any dot segments they make).
    if let Some(t) = manifest.term_url.as_mut() {
        *t = manifest::join_url(url, t);
    }
    let mut slicer = super::sched::Slicer::new("entries", ENTRIES_SLICE);
    for d in docs {
        let e = manifest.entry_from_index(d);
        manifest.push(e);
        slicer.step(1).await;
    }
}

/// Loads (or reuses) the glossary at `url`; elements share it through this.
pub async fn shared(url: &str) -> Result<Shared, JsValue> {
    let key = url.to_owned();
    let existing = REGISTRY.with(|r| r.borrow().get(&key).map(|(p, s)| (p.clone(), s.clone())));
    let promise = match existing {
        Some((_, Some(s))) => return Ok(s),
        Some((p, None)) => p,
        None => {
            let k = key.clone();
            let p = future_to_promise(async move {
                let state = load_state(JsValue::from_str(&k), JsValue::UNDEFINED).await;
                match state {
                    Ok(s) => {
                        let shared = Rc::new(RefCell::new(s));
                        REGISTRY.with(|r| {
                            if let Some(e) = r.borrow_mut().get_mut(&k) {
                                e.1 = Some(shared);
                            }
                        });
                        Ok(JsValue::UNDEFINED)
                    }
                    Err(e) => {
                        REGISTRY.with(|r| r.borrow_mut().remove(&k));
                        Err(e)
                    }
                }
            });
            REGISTRY.with(|r| r.borrow_mut().insert(key.clone(), (p.clone(), None)));
            p
        }
    };
    JsFuture::from(promise).await?;
    REGISTRY
        .with(|r| r.borrow().get(&key).and_then(|(_, s)| s.clone()))
        .ok_or_else(|| err(format!("{url}: glossary failed to load")))
}

/// Links between terms of a glossary: resolve a reference to its manifest entry,
/// then fill the template (`{id}`, `{url}`, `{slug}`, `{title}`, `{path}`).
pub struct GlossaryLinker<'a> {
    pub manifest: &'a Manifest,
    pub template: String,
}

impl Linker for GlossaryLinker<'_> {
    fn href(&self, t: &LinkTarget<'_>) -> Option<render::SafeUrl> {
        let e = [t.id, t.slug, t.path.map(content::last_segment), t.title]
            .into_iter()
            .flatten()
            .find_map(|k| self.manifest.find(k))?;
        let url = self
            .template
            .replace("{id}", &render::encode(&e.id))
            .replace("{slug}", &render::encode(&e.id))
            .replace("{url}", &e.url)
            .replace("{title}", &render::encode(&e.title))
            .replace("{path}", e.path.as_deref().unwrap_or(""));
        render::sanitize::safe_url(&url, render::sanitize::UrlUse::Link)
    }
}

/// Fetches (once) and returns the term for a manifest entry.
pub async fn term_of(state: &Shared, id: &str) -> Result<Rc<Term>, String> {
    term_of_with(state, id, None).await
}

/// [`term_of`], abortable.
pub async fn term_of_with(state: &Shared, id: &str, signal: Option<&web_sys::AbortSignal>) -> Result<Rc<Term>, String> {
    let (entry, cached) = {
        let s = state.borrow();
        let e = s.manifest.find(id).cloned().ok_or_else(|| format!("unknown term `{id}`"))?;
        let c = s.terms.get(&e.id).cloned();
        (e, c)
    };
    if let Some(t) = cached {
        return Ok(t);
    }
    let bytes = fetch::fetch_bytes(&entry.url, signal).await?;
    let l = load_any(&bytes, &entry.url).await;
    let mut t = l.terms.into_iter().find(|t| t.kind == content::Kind::Term).ok_or_else(|| {
        l.errors.first().map(|e| format!("{}: {e}", entry.url)).unwrap_or_else(|| format!("{}: no term", entry.url))
    })?;
    if t.related.is_empty() && !entry.related.is_empty() {
        t.related = entry.related.clone();
    }
    let t = Rc::new(t);
    state.borrow_mut().terms.insert(entry.id.clone(), t.clone());
    Ok(t)
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Facet {
    value: String,
    count: usize,
}

fn to_js<T: Serialize>(v: &T) -> JsValue {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap_or(JsValue::NULL)
}

#[wasm_bindgen]
impl Glossary {
    /// Loads a glossary from a manifest URL, a Nuxt list payload URL, or an array of payload URLs.
    /// Options: `{ onProgress(loaded, total), fullText: true (fetch every payload to index bodies), siteRoot }`.
    pub async fn load(source: JsValue, options: JsValue) -> Result<Glossary, JsValue> {
        let state = load_state(source, options).await?;
        Ok(Glossary { state: Rc::new(RefCell::new(state)) })
    }

    /// The shared glossary for `url` (what the custom elements use).
    pub async fn shared(url: String) -> Result<Glossary, JsValue> {
        Ok(Glossary { state: shared(&super::entry::absolute(&url)).await? })
    }

    /// Best-first results: `[{ id, title, score, snippet: [{text, mark?}], matched, category, difficulty, … }]`.
    /// Options: `{ limit = 10, category, difficulty, prefix = true, fuzzy = true }`.
    pub fn search(&self, query: &str, options: JsValue) -> Result<JsValue, JsValue> {
        let r = self.search_detailed(query, options)?;
        js_sys::Reflect::get(&r, &"results".into())
    }

    /// `{ results, total, partial, suggestion }`.
    #[wasm_bindgen(js_name = searchDetailed)]
    pub fn search_detailed(&self, query: &str, options: JsValue) -> Result<JsValue, JsValue> {
        let opts: SearchOptions = if options.is_undefined() || options.is_null() {
            SearchOptions::default()
        } else {
            serde_wasm_bindgen::from_value(options).map_err(|e| err(format!("search options: {e}")))?
        };
        let mut s = self.state.borrow_mut();
        let State { index, scratch, .. } = &mut *s;
        Ok(to_js(&index.search_with(scratch, query, &opts)))
    }

    /// Completions for what is being typed.
    pub fn suggest(&self, query: &str, limit: Option<u32>) -> JsValue {
        to_js(&self.state.borrow().index.suggest(query, limit.unwrap_or(8) as usize))
    }

    /// The manifest entries (id, title, acronym, letter, category, difficulty, description, url).
    pub fn terms(&self) -> JsValue {
        to_js(&self.state.borrow().manifest.terms)
    }

    #[wasm_bindgen(getter)]
    pub fn title(&self) -> String {
        self.state.borrow().manifest.title.clone()
    }

    #[wasm_bindgen(getter)]
    pub fn size(&self) -> u32 {
        self.state.borrow().manifest.terms.len() as u32
    }

    /// Category and difficulty values with counts: `{ categories: [{value, count}], difficulties: [...] }`.
    pub fn facets(&self) -> JsValue {
        let s = self.state.borrow();
        let f = s.manifest.facets();
        let count = |v: &[(String, u32)]| {
            v.iter().map(|(value, n)| Facet { value: value.clone(), count: *n as usize }).collect()
        };
        #[derive(Serialize)]
        struct Facets {
            categories: Vec<Facet>,
            difficulties: Vec<Facet>,
        }
        to_js(&Facets { categories: count(&f.categories), difficulties: count(&f.difficulties) })
    }

    /// The full term (fetched and decoded on first use): a Promise of the `Term` object.
    pub fn term(&self, id: String) -> Promise {
        let state = self.state.clone();
        future_to_promise(async move {
            let t = term_of(&state, &id).await.map_err(err)?;
            Ok(to_js(&*t))
        })
    }

    /// Renders a term into a detached `<article>` (Promise). `hrefTemplate` decides where links to
    /// other terms go (`{id}`, `{url}`, `{title}`, `{path}`; default `#{id}`).
    pub fn render(&self, id: String, href_template: Option<String>) -> Promise {
        let state = self.state.clone();
        future_to_promise(async move {
            let t = term_of(&state, &id).await.map_err(err)?;
            let s = state.borrow();
            let linker =
                GlossaryLinker { manifest: &s.manifest, template: href_template.unwrap_or_else(|| "#{id}".into()) };
            let r = render::render_term(&t, &RenderOptions { linker: &linker, ..Default::default() });
            let doc = web_sys::window().and_then(|w| w.document()).ok_or_else(|| err("no document"))?;
            Ok(dom::build(&doc, &r.html)?.into())
        })
    }

    /// A glossary from plain documents `[{ id, title, acronym?, aliases?, category?, difficulty?,
    /// description?, body?, url? }]`, indexed in full (titles, names, descriptions and bodies).
    #[wasm_bindgen(js_name = fromDocuments)]
    pub fn from_documents(docs: JsValue) -> Result<Glossary, JsValue> {
        let docs: Vec<crate::glossary::documents::Document> =
            serde_wasm_bindgen::from_value(docs).map_err(|e| err(format!("documents: {e}")))?;
        let (entries, index, problems) = crate::glossary::documents::index(docs, search::index::BODY_SNIPPET_CHARS);
        if let Some(p) = problems.first() {
            return Err(err(format!("documents{p}")));
        }
        let manifest = Manifest { terms: entries, ..Default::default() };
        Ok(Glossary { state: Rc::new(RefCell::new(State::new(String::new(), manifest, index, HashMap::new()))) })
    }

    /// A glossary from prebuilt index bytes (`search.glsi`, see `glossa build`), decoded in
    /// slices so the page stays responsive. `onProgress(fraction, 1)` is called between slices.
    #[wasm_bindgen(js_name = fromIndex)]
    pub async fn from_index(bytes: Vec<u8>, on_progress: Option<Function>) -> Result<Glossary, JsValue> {
        let index = decode_index(&bytes, &on_progress).await.map_err(err)?;
        Ok(Self::with_index(index))
    }
}

impl Glossary {
    fn with_index(index: Index) -> Glossary {
        let terms = index
            .docs()
            .iter()
            .map(|d| Entry {
                id: d.id.clone(),
                title: d.title.clone(),
                acronym: d.acronym.clone(),
                aliases: d.aliases.clone(),
                letter: d.letter.clone(),
                category: d.category.clone(),
                difficulty: d.difficulty.clone(),
                description: d.description.clone(),
                path: d.path.clone(),
                url: String::new(),
                related: Vec::new(),
            })
            .collect();
        let manifest = Manifest { terms, ..Default::default() };
        Glossary { state: Rc::new(RefCell::new(State::new(String::new(), manifest, index, HashMap::new()))) }
    }
}

#[wasm_bindgen]
impl Glossary {
    /// Makes this glossary the one elements naming `url` (e.g. `<glossa-search glossary=url>`) use.
    pub fn register(&self, url: &str) {
        let key = super::entry::absolute(url);
        REGISTRY
            .with(|r| r.borrow_mut().insert(key, (Promise::resolve(&JsValue::UNDEFINED), Some(self.state.clone()))));
    }

    /// The prebuilt search index bytes for this glossary (what `glossa build` writes).
    #[wasm_bindgen(js_name = exportIndex)]
    pub fn export_index(&self) -> Vec<u8> {
        format::encode(&self.state.borrow().index)
    }
}
