//! Layer 4: the JavaScript API — everything `#[wasm_bindgen]` exports. Nothing in the
//! shell imports this module; it only calls down into the widgets, the glossary
//! state and the base.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use js_sys::{Function, Promise};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use super::base::{config, dom, fetch, js, settings, url, words};
use super::state::glossary::{self, Shared, State};
use super::state::link::GlossaryLinker;
use super::state::{source, terms};
use super::widgets::{self, autolink, cards};
use crate::glossary::{Entry, Manifest};
use crate::render::{self, RenderOptions};
use crate::search::{self, format, Index, SearchOptions};

fn err(msg: impl std::fmt::Display) -> JsValue {
    JsError::new(&msg.to_string()).into()
}

/// Defines the custom elements. Called once by `glossa.js` after the module is initialised;
/// `lite` says the first-load module is running (it links mentions; this module takes its
/// elements over).
#[wasm_bindgen]
pub fn start(default_glossary: Option<String>, lite: Option<bool>) -> Result<(), JsValue> {
    // The core does not panic on input, but if anything ever does, say so: the module
    // aborts after this hook, so every widget is told to offer a reload.
    std::panic::set_hook(Box::new(|info| js::report_stopped(&info.to_string())));
    config::set_default_glossary(default_glossary);
    widgets::start(lite == Some(true))?;
    Ok(())
}

super::base::settings::common_exports!();

/// Registers the function that loads markdown in the separate markdown module:
/// `(bytes: Uint8Array, name: string, limits) => Promise<Term>`. `glossa.js` sets it at start.
#[wasm_bindgen(js_name = setMarkdownLoader)]
pub fn set_markdown_loader(f: Function) {
    source::set_markdown_loader(f);
}

/// Preview-card settings: `{ prefetchDelay = 150, openDelay = 500, hideDelay = 300, timeout = 8000,
/// termHref }` (milliseconds; `termHref` is the "Read more" template with `{id}`, `{url}`, `{path}`, `{title}`).
#[wasm_bindgen(js_name = configureCards)]
pub fn configure_cards(options: JsValue) {
    let num = |k: &str, d: i32| {
        js_sys::Reflect::get(&options, &k.into())
            .ok()
            .and_then(|v| v.as_f64())
            .map(|v| v.clamp(0.0, 60_000.0) as i32)
            .unwrap_or(d)
    };
    let d = cards::Config::default();
    let config = cards::Config {
        prefetch: num("prefetchDelay", d.prefetch),
        open: num("openDelay", d.open),
        hide: num("hideDelay", d.hide),
        timeout: num("timeout", d.timeout),
    };
    let href =
        js_sys::Reflect::get(&options, &"termHref".into()).ok().and_then(|v| v.as_string()).filter(|s| !s.is_empty());
    cards::configure(config, href);
}

/// Turns preview cards on or off for this reader (remembered in localStorage when possible).
#[wasm_bindgen(js_name = setPreviews)]
pub fn set_previews(on: bool) {
    cards::set_enabled(on);
}

/// Whether preview cards are on.
#[wasm_bindgen(js_name = previewsEnabled)]
pub fn previews_enabled() -> bool {
    cards::enabled()
}

fn first_term(bytes: &[u8], name: &str) -> Result<crate::Term, JsError> {
    let loaded = crate::content::load_source(bytes, name, &config::limits());
    let err = loaded.errors.first().map(|e| e.to_string()).unwrap_or_else(|| "no term in payload".into());
    loaded.terms.into_iter().next().ok_or_else(|| JsError::new(&err))
}

/// Decodes and renders a payload into a detached DOM tree (an `<article>`), the same
/// tree `<glossa-entry>` shows. Markdown needs the markdown module: use `glossa.js`'s `render`.
#[wasm_bindgen(js_name = renderPayload)]
pub fn render_payload(bytes: &[u8], name: &str) -> Result<web_sys::Node, JsError> {
    let term = first_term(bytes, name)?;
    let r = render::render_term(&term, &RenderOptions::default());
    let doc = dom::document().ok_or_else(|| JsError::new("no document"))?;
    dom::build(&doc, &r.html).map_err(|e| JsError::new(&fetch::describe(&e)))
}

/// Renders a payload (Nuxt `_payload.json`, HTML with `__NUXT_DATA__`, or markdown) to an
/// HTML string — the same output as `<glossa-entry>` builds as DOM, and safe to put into
/// an ordinary page. `name` is its URL or file name (used to recognise markdown).
#[wasm_bindgen(js_name = renderToString)]
pub fn render_to_string(bytes: &[u8], name: &str) -> Result<String, JsError> {
    let term = first_term(bytes, name)?;
    Ok(render::render_term(&term, &RenderOptions::default()).to_fragment())
}

/// Links glossary mentions inside `container` now, as `data-glossa-autolink` does on its
/// own (content added later is followed too); resolves with the number linked there.
#[wasm_bindgen(js_name = autolink)]
pub fn autolink_js(container: web_sys::Element) -> Promise {
    autolink::autolink(container)
}

/// What the page holds right now, for lifecycle tests: live widget instances per
/// element name, owners, listeners and timers they hold, glossaries loaded, autolink
/// containers followed.
#[wasm_bindgen(js_name = debugCounts)]
pub fn debug_counts() -> JsValue {
    settings::counts_object(&[
        ("glossaries", glossary::registry_len()),
        ("termFetches", glossary::inflight_total()),
        ("autolinkContainers", autolink::containers_len()),
    ])
}

/// A loaded glossary.
#[wasm_bindgen]
pub struct Glossary {
    state: Shared,
    /// Its search answers as JS objects (each document's fixed fields cross once).
    results: Rc<RefCell<ResultsJs>>,
}

impl Glossary {
    fn of(state: Shared) -> Glossary {
        Glossary { state, results: Rc::default() }
    }
}

#[wasm_bindgen(module = "/src/web/js/results.js")]
extern "C" {
    /// Makes search result objects from packed answers ([`search::packed`]), keeping each
    /// document's fixed fields.
    type Unpacker;
    #[wasm_bindgen(constructor)]
    fn new(fields: &js_sys::Array) -> Unpacker;
    #[wasm_bindgen(method)]
    fn results(this: &Unpacker, nums: &[f64], text: &str, detailed: bool) -> JsValue;
}

/// Search answers crossing to JS packed (numbers read in place, one string decode) instead
/// of as JSON text to write and parse, with the fixed fields of a document already sent
/// left out: measured in Chromium at 1 000 and 10 000 long-body terms, JSON (serde_json,
/// `TextDecoder`, `JSON.parse`) was a fifth to a quarter of a keystroke's search.
#[derive(Default)]
struct ResultsJs {
    unpacker: Option<Unpacker>,
    sent: search::packed::Sent,
}

impl ResultsJs {
    fn answer(&mut self, r: &search::Results, detailed: bool) -> JsValue {
        let packed = search::packed::pack(r, &mut self.sent);
        let unpacker = self.unpacker.get_or_insert_with(|| {
            Unpacker::new(&search::index::field::NAMES.iter().map(|(_, n)| JsValue::from_str(n)).collect())
        });
        unpacker.results(&packed.nums, &packed.text, detailed)
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Facet {
    value: String,
    count: usize,
}

/// Search options from JS (`undefined`/`null`: the defaults).
fn search_options(options: JsValue) -> Result<SearchOptions, JsValue> {
    if options.is_undefined() || options.is_null() {
        return Ok(SearchOptions::default());
    }
    serde_wasm_bindgen::from_value(options).map_err(|e| err(format!("search options: {e}")))
}

fn to_js<T: Serialize>(v: &T) -> JsValue {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).unwrap_or(JsValue::NULL)
}

#[wasm_bindgen]
impl Glossary {
    /// Loads a glossary from a manifest URL, a Nuxt list payload URL, or an array of payload URLs.
    /// Options: `{ onProgress(loaded, total), fullText: true (fetch every payload to index bodies), siteRoot }`.
    pub async fn load(source: JsValue, options: JsValue) -> Result<Glossary, JsValue> {
        glossary::warm_search();
        Ok(Glossary::of(glossary::load(source, options).await?))
    }

    /// The shared glossary for `url` (what the custom elements use).
    pub async fn shared(url: String) -> Result<Glossary, JsValue> {
        glossary::warm_search();
        Ok(Glossary::of(glossary::shared_listed(&url::absolute(&url)).await?))
    }

    /// [`Glossary::linkNames`] of the shared glossary for `url`, for the first-load module:
    /// unlike [`Glossary::shared`], it starts no search warm-up (a page with only mentions
    /// never searches).
    #[wasm_bindgen(js_name = sharedLinkNames)]
    pub async fn shared_link_names(url: String) -> Result<js_sys::Array, JsValue> {
        let state = glossary::shared_listed(&url::absolute(&url)).await?;
        Ok(Glossary::of(state).link_names())
    }

    /// Best-first results: `[{ id, title, score, snippet: [{text, mark?}], matched, category, difficulty, … }]`.
    /// Options: `{ limit = 10, category, difficulty, prefix = true, fuzzy = true }`.
    pub fn search(&self, query: &str, options: JsValue) -> Result<JsValue, JsValue> {
        self.search_js(query, options, false)
    }

    /// `{ results, total, partial, suggestion }`.
    #[wasm_bindgen(js_name = searchDetailed)]
    pub fn search_detailed(&self, query: &str, options: JsValue) -> Result<JsValue, JsValue> {
        self.search_js(query, options, true)
    }

    /// `{ results, total, partial, suggestion }` as a promise: for any glossary, and the way
    /// to search one with a chunked index (the shards a query needs are fetched first).
    #[wasm_bindgen(js_name = searchAsync)]
    pub fn search_async(&self, query: String, options: JsValue) -> js_sys::Promise {
        let (state, results) = (self.state.clone(), self.results.clone());
        wasm_bindgen_futures::future_to_promise(async move {
            let opts = search_options(options)?;
            let r = if state.borrow().chunks.is_some() {
                glossary::search_chunked(&state, &query, &opts, 0, &|| true).await.map_err(err)?.0
            } else {
                Glossary::search_loaded(&state, &query, &opts)
            };
            Ok(results.borrow_mut().answer(&r, true))
        })
    }

    /// Completions for what is being typed.
    pub fn suggest(&self, query: &str, limit: Option<u32>) -> JsValue {
        to_js(&self.state.borrow().index.suggest(query, limit.unwrap_or(8) as usize))
    }

    /// The manifest entries (id, title, acronym, letter, category, difficulty, description, url).
    pub fn terms(&self) -> JsValue {
        to_js(&self.state.borrow().manifest.terms)
    }

    /// The names mentions are linked by: `[[id, title, acronym?, ...aliases], …]` in term
    /// order (the first-load module links a list-payload glossary's mentions with these).
    #[wasm_bindgen(js_name = linkNames)]
    pub fn link_names(&self) -> js_sys::Array {
        let s = self.state.borrow();
        s.manifest
            .terms
            .iter()
            .map(|e| {
                let row = js_sys::Array::of2(&e.id.as_str().into(), &e.title.as_str().into());
                for n in e.acronym.iter().chain(e.aliases.iter()) {
                    row.push(&n.as_str().into());
                }
                JsValue::from(row)
            })
            .collect()
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
            let t = terms::term_of(&state, &id).await.map_err(err)?;
            Ok(to_js(&*t))
        })
    }

    /// Renders a term into a detached `<article>` (Promise). `hrefTemplate` decides where links to
    /// other terms go (`{id}`, `{url}`, `{title}`, `{path}`; default `#{id}`).
    pub fn render(&self, id: String, href_template: Option<String>) -> Promise {
        let state = self.state.clone();
        future_to_promise(async move {
            let t = terms::term_of(&state, &id).await.map_err(err)?;
            let s = state.borrow();
            let linker = GlossaryLinker {
                manifest: &s.manifest,
                seen: None,
                template: href_template.unwrap_or_else(|| "#{id}".into()),
            };
            // In the glossary's language, else the page's.
            let page = dom::document().and_then(|d| d.document_element()).and_then(|e| words::lang_of(&e));
            let w = words::strings(s.manifest.language.as_deref().or(page.as_deref()).unwrap_or("en"));
            let r = render::render_term(&t, &RenderOptions { linker: &linker, strings: &w, ..Default::default() });
            drop(s);
            let doc = dom::document().ok_or_else(|| err("no document"))?;
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
        Ok(Glossary::unshared(Manifest { terms: entries, ..Default::default() }, index))
    }

    /// A glossary from prebuilt index bytes (`search.glsi`, see `glossa build`), decoded in
    /// slices so the page stays responsive. `onProgress(fraction, 1)` is called between slices.
    #[wasm_bindgen(js_name = fromIndex)]
    pub async fn from_index(bytes: Vec<u8>, on_progress: Option<Function>) -> Result<Glossary, JsValue> {
        let index = glossary::decode_index(&bytes, &on_progress).await.map_err(err)?;
        Ok(Self::with_index(index))
    }
}

impl Glossary {
    fn search_js(&self, query: &str, options: JsValue, detailed: bool) -> Result<JsValue, JsValue> {
        let opts = search_options(options)?;
        if self.state.borrow().chunks.is_some() {
            return Err(err(
                "this glossary's index is chunked (its shards are fetched as queries need them): use searchAsync",
            ));
        }
        let r = Self::search_loaded(&self.state, query, &opts);
        Ok(self.results.borrow_mut().answer(&r, detailed))
    }

    /// A glossary of the API's own (not shared by URL), which starts the search warm-up.
    fn unshared(manifest: Manifest, index: Index) -> Glossary {
        glossary::warm_search();
        Glossary::of(Rc::new(RefCell::new(State::new(String::new(), manifest, index, HashMap::new()))))
    }

    /// A query on a glossary whose whole index is loaded.
    fn search_loaded(state: &Shared, query: &str, opts: &SearchOptions) -> search::Results {
        let mut s = state.borrow_mut();
        let State { index, scratch, .. } = &mut *s;
        index.search_with(scratch, query, opts)
    }

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
                ..Default::default()
            })
            .collect();
        Glossary::unshared(Manifest { terms, ..Default::default() }, index)
    }
}

#[wasm_bindgen]
impl Glossary {
    /// Makes this glossary the one elements naming `url` (e.g. `<glossa-search glossary=url>`) use.
    pub fn register(&self, url: &str) {
        glossary::register(&url::absolute(url), self.state.clone());
    }

    /// The prebuilt search index bytes for this glossary (what `glossa build` writes).
    #[wasm_bindgen(js_name = exportIndex)]
    pub fn export_index(&self) -> Vec<u8> {
        format::encode(&self.state.borrow().index)
    }
}
