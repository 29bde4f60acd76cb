//! `<glossa-search>`: a WAI-ARIA combobox (input + listbox with
//! `aria-activedescendant`) over a glossary.
//!
//! Attributes: `glossary` (manifest URL; defaults to the page's `data-glossary`),
//! `placeholder`, `limit`, `category`, `difficulty`, `filters` (show category and
//! difficulty pickers), `href-template` (where choosing a result goes, e.g.
//! `#/term/{id}`; without it only the `glossa-select` event fires), `theme`.
//! Keys: ↑ ↓ move, Enter opens, Esc closes (then clears), `/` or Ctrl/⌘-K focus the
//! first search box on the page — never from the host's own text fields.
//!
//! State changes and DOM changes are kept apart: no borrow is held while the DOM is
//! changed (removing a focused node, focusing, dispatching events can all re-enter).

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::thread::LocalKey;

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlElement, HtmlInputElement, HtmlSelectElement, KeyboardEvent, ShadowRoot};

use super::super::base::life::{self, Listen, Owner, Registry, Widget};
use super::super::base::{config, dom, fetch, js, url, words};
use super::super::state::glossary::{self, Shared, State};
use super::super::state::languages;
use super::super::state::link::GlossaryLinker;
use super::common;
use crate::render::strings::{Key, Strings};
use crate::render::{results, El, Html, LinkTarget, Linker, SafeUrl};
use crate::search::{Results, SearchOptions, SearchResult};

/// What the listbox shows.
#[derive(Default)]
struct Ui {
    results: Vec<SearchResult>,
    hrefs: Vec<Option<SafeUrl>>,
    active: Option<usize>,
    open: bool,
}

pub struct Search {
    el: HtmlElement,
    root: ShadowRoot,
    owner: Rc<Owner>,
    input: HtmlInputElement,
    list: Element,
    status: Element,
    empty: Element,
    error: Element,
    uid: String,
    glossary: RefCell<Option<Shared>>,
    /// Bumped per glossary load, so an older, slower load never replaces a newer one.
    gen: Cell<u64>,
    ui: RefCell<Ui>,
    /// This box (for queries answered later: a chunked index fetches what they need).
    this: std::rc::Weak<Search>,
    /// Bumped per query, so an answer that arrives after a newer query's is dropped.
    query_gen: Cell<u64>,
}

thread_local! {
    static REGISTRY: Registry<Search> = Registry::new();
    static UID: Cell<u32> = const { Cell::new(0) };
}

impl Widget for Search {
    const NAME: &'static str = "glossa-search";
    const OBSERVED: &'static [&'static str] = common::SEARCH_OBSERVED;

    fn registry() -> &'static LocalKey<Registry<Self>> {
        &REGISTRY
    }

    fn mount(el: &HtmlElement, owner: &Rc<Owner>) -> Result<Rc<Self>, JsValue> {
        glossary::warm_search();
        let root = common::shadow(el)?;
        js::adopt(&root, crate::render::style::WIDGET, "");
        // The first-load module drew the same box already: keep it (and the reader's focus
        // and typing in it), else draw it.
        let drawn = root.query_selector(".gs-list").ok().flatten().and_then(|l| l.get_attribute("id"));
        let uid = match drawn.as_deref().and_then(|id| id.strip_suffix("-list")) {
            Some(uid) => uid.to_owned(),
            None => {
                let n = UID.with(|u| {
                    u.set(u.get() + 1);
                    u.get()
                });
                let uid = format!("gs{n}");
                dom::replace(&root, &common::search_box(el, &uid))?;
                uid
            }
        };
        let q = |sel: &str| root.query_selector(sel).ok().flatten().ok_or_else(|| JsValue::from_str(sel));
        let (input, list, status) = (q(".gs-input")?.dyn_into()?, q(".gs-list")?, q(".gs-status")?);
        let (empty, error) = (q(".gs-empty-wrap")?, q(".gs-error")?);
        let me = Rc::new_cyclic(|this| Search {
            this: this.clone(),
            query_gen: Cell::new(0),
            el: el.clone(),
            input,
            list,
            status,
            empty,
            error,
            root: root.clone(),
            owner: owner.clone(),
            uid,
            glossary: RefCell::new(None),
            gen: Cell::new(0),
            ui: RefCell::new(Ui::default()),
        });
        me.listen();
        me.apply_theme();
        me.attach();
        Ok(me)
    }

    fn changed(self: &Rc<Self>, attr: &str) {
        match attr {
            "glossary" => self.attach(),
            "placeholder" => {
                let lang = self.glossary.borrow().as_ref().and_then(|g| g.borrow().manifest.language.clone());
                self.input.set_placeholder(&common::search_placeholder(
                    &self.el,
                    &common::search_words(&self.el, lang.as_deref()),
                ))
            }
            "theme" => self.apply_theme(),
            _ => self.run(),
        }
    }
}

impl Search {
    /// The words in this box's language (its `lang`, else the glossary's).
    fn words(&self) -> Rc<Strings> {
        let lang = self.glossary.borrow().as_ref().and_then(|g| g.borrow().manifest.language.clone());
        words::for_element(&self.el, lang.as_deref())
    }

    fn apply_theme(&self) {
        common::apply_theme(&self.el, self.root.query_selector(".gs").ok().flatten());
    }

    fn set_status(&self, text: &str) {
        self.status.set_text_content(Some(text));
    }

    /// Loads the glossary named by the attributes (again, after a failure or a change).
    fn attach(self: &Rc<Self>) {
        let gen = self.gen.get() + 1;
        self.gen.set(gen);
        let me = self.clone();
        wasm_bindgen_futures::spawn_local(async move { me.attach_glossary(gen).await });
    }

    async fn attach_glossary(self: Rc<Self>, gen: u64) {
        let Some(u) = self.el.get_attribute("glossary").filter(|g| !g.is_empty()).or_else(config::default_glossary)
        else {
            self.set_status("No glossary: set the glossary attribute or data-glossary on the script tag.");
            common::set_state(&self.el, "error", Some("no glossary"));
            return;
        };
        common::set_state(&self.el, "loading", None);
        self.show_error(None);
        let loaded = match languages::glossary_of(&url::absolute(&u), &self.el).await {
            Ok(u) => glossary::shared(&u).await,
            Err(e) => Err(JsValue::from_str(&e)),
        };
        if self.gen.get() != gen || self.owner.is_released() {
            return; // a newer glossary was asked for, or the box went away
        }
        match loaded {
            Ok(g) => {
                {
                    let s = g.borrow();
                    common::fill_pickers(&self.root, &s.facets(), |name| self.el.get_attribute(name));
                    common::relabel(&self.root, &self.el, s.manifest.language.as_deref());
                }
                *self.glossary.borrow_mut() = Some(g);
                common::set_state(&self.el, "ready", None);
                self.run();
            }
            Err(e) => {
                let msg = fetch::describe(&e);
                self.set_status(&format!("{} {msg}", self.words().get(Key::LoadFailed)));
                common::set_state(&self.el, "error", Some(&msg));
                self.show_error(Some(&msg));
            }
        }
    }

    /// Shows (or clears) the visible load error with its "Try again" button.
    fn show_error(&self, msg: Option<&str>) {
        let _ = self.error.toggle_attribute_with_force("hidden", msg.is_none());
        match msg {
            Some(msg) => {
                let w = self.words();
                let html: Html = El::new("p")
                    .text(w.fill(Key::SearchUnavailable, "msg", msg))
                    .child(El::new("button").class("glossa-retry").attr("type", "button").text(w.get(Key::TryAgain)))
                    .into();
                let _ = dom::replace(&self.error, &html);
            }
            None => self.error.set_text_content(None),
        }
    }

    /// Loads the glossary again if it failed (the "Try again" button; the browser's search box).
    pub fn retry(self: &Rc<Self>) {
        if self.glossary.borrow().is_none() {
            self.attach();
        }
    }

    fn filter_value(&self, name: &str) -> Option<String> {
        common::picker_value(&self.root, name).or_else(|| self.el.get_attribute(name).filter(|v| !v.is_empty()))
    }

    /// Runs the query in the input and repaints the listbox.
    fn run(&self) {
        let query = self.input.value();
        let Some(g) = self.glossary.borrow().clone() else {
            if !query.trim().is_empty() {
                self.set_status(self.words().get(Key::LoadingGlossary));
            }
            return;
        };
        // A newer query: whatever an older one still waits for is dropped when it arrives.
        let gen = self.query_gen.get() + 1;
        self.query_gen.set(gen);
        let _ = self.list.remove_attribute("aria-busy");
        if query.trim().is_empty() {
            self.ui.borrow_mut().results.clear();
            self.close();
            let _ = self.empty.set_attribute("hidden", "");
            self.set_status("");
            return;
        }
        let limit = self.el.get_attribute("limit").and_then(|l| l.parse().ok()).unwrap_or(8usize).clamp(1, 50);
        let opts = SearchOptions {
            limit,
            category: self.filter_value("category"),
            difficulty: self.filter_value("difficulty"),
            ..Default::default()
        };
        if g.borrow().chunks.is_some() {
            // A chunked index: the shards this query needs are fetched first.
            let Some(me) = self.this.upgrade() else { return };
            // Busy until this query's answer is painted (assistive tech, and tests, can tell).
            let _ = self.list.set_attribute("aria-busy", "true");
            wasm_bindgen_futures::spawn_local(async move {
                let wanted = || me.query_gen.get() == gen && !me.owner.is_released();
                let answer = glossary::search_chunked(&g, &query, &opts, 3, &wanted).await;
                if me.query_gen.get() != gen || me.owner.is_released() {
                    return; // a newer query, or the box went away
                }
                let _ = me.list.remove_attribute("aria-busy");
                match answer {
                    Ok((res, suggestions)) => me.paint(&g, &query, res, suggestions),
                    Err(e) => {
                        web_sys::console::warn_1(&format!("glossa: {e}").into());
                        me.set_status(&format!("{} {e}", me.words().get(Key::LoadFailed)));
                    }
                }
            });
            return;
        }
        let (res, suggestions) = {
            let mut s = g.borrow_mut();
            let State { index, scratch, .. } = &mut *s;
            let r = index.search_with(scratch, &query, &opts);
            let sugg = if r.results.is_empty() { index.suggest(&query, 3) } else { Vec::new() };
            (r, sugg)
        };
        self.paint(&g, &query, res, suggestions);
    }

    /// Shows the answer to `query`.
    fn paint(&self, g: &Shared, query: &str, res: Results, suggestions: Vec<String>) {
        let _ = self.list.set_attribute("data-query", query);
        let template = self.el.get_attribute("href-template");
        let hrefs: Vec<Option<SafeUrl>> = {
            let s = g.borrow();
            let c = s.chunks.as_ref().map(|c| c.borrow());
            let seen = c.as_ref().map(|c| &c.seen);
            let linker = template.map(|t| GlossaryLinker { manifest: &s.manifest, seen, template: t });
            res.results
                .iter()
                .map(|x| linker.as_ref()?.href(&LinkTarget { id: Some(&x.id), ..Default::default() }))
                .collect()
        };
        let nodes = results::options(&res.results, &self.uid, &hrefs);
        let empty = res.results.is_empty();
        {
            let mut ui = self.ui.borrow_mut();
            ui.results = res.results.clone();
            ui.hrefs = hrefs;
            ui.active = None;
        }
        let frag_html: Html = El::new("template").children(nodes).into();
        if let (Some(doc), Html::Element(e)) = (dom::document(), &frag_html) {
            let frag = doc.create_document_fragment();
            for n in &e.children {
                if let Ok(node) = dom::build(&doc, n) {
                    let _ = frag.append_child(&node);
                }
            }
            self.list.set_text_content(None);
            let _ = self.list.append_child(&frag);
        }
        let _ = self.input.remove_attribute("aria-activedescendant");
        if empty {
            self.close();
            let w = self.words();
            let _ = dom::replace(&self.empty, &results::empty(query, &res, &suggestions, &w));
            let _ = self.empty.remove_attribute("hidden");
            self.set_status(w.get(Key::NoResults));
        } else {
            let _ = self.empty.set_attribute("hidden", "");
            self.open();
            let w = self.words();
            let count = w.count(Key::Results, res.total);
            self.set_status(&if res.partial { w.fill(Key::Partial, "results", &count) } else { count });
        }
    }

    fn open(&self) {
        self.ui.borrow_mut().open = true;
        let _ = self.list.remove_attribute("hidden");
        let _ = self.input.set_attribute("aria-expanded", "true");
    }

    fn close(&self) {
        {
            let mut ui = self.ui.borrow_mut();
            ui.open = false;
            ui.active = None;
        }
        let _ = self.list.set_attribute("hidden", "");
        let _ = self.input.set_attribute("aria-expanded", "false");
        let _ = self.input.remove_attribute("aria-activedescendant");
    }

    fn option(&self, i: usize) -> Option<Element> {
        self.root.query_selector(&format!("#{}", results::option_id(&self.uid, i))).ok().flatten()
    }

    fn set_active(&self, i: Option<usize>) {
        let prev = std::mem::replace(&mut self.ui.borrow_mut().active, i);
        if let Some(o) = prev.and_then(|p| self.option(p)) {
            let _ = o.set_attribute("aria-selected", "false");
        }
        match i {
            Some(i) => {
                if let Some(o) = self.option(i) {
                    let _ = o.set_attribute("aria-selected", "true");
                    let opts = web_sys::ScrollIntoViewOptions::new();
                    opts.set_block(web_sys::ScrollLogicalPosition::Nearest);
                    o.scroll_into_view_with_scroll_into_view_options(&opts);
                }
                let _ = self.input.set_attribute("aria-activedescendant", &results::option_id(&self.uid, i));
            }
            None => {
                let _ = self.input.remove_attribute("aria-activedescendant");
            }
        }
    }

    /// Fires `glossa-select` and, unless it is cancelled, follows the result's link.
    fn choose(&self, i: usize) {
        let (detail, href) = {
            let ui = self.ui.borrow();
            let Some(r) = ui.results.get(i) else { return };
            let detail = Object::new();
            let _ = Reflect::set(&detail, &"id".into(), &r.id.clone().into());
            let _ = Reflect::set(&detail, &"title".into(), &r.title.clone().into());
            let href = ui.hrefs.get(i).cloned().flatten();
            if let Some(h) = &href {
                let _ = Reflect::set(&detail, &"href".into(), &h.as_str().into());
            }
            if let Some(g) = self.glossary.borrow().as_ref() {
                let s = g.borrow();
                let url = s
                    .manifest
                    .find(&r.id)
                    .map(|e| e.url.clone())
                    .or_else(|| s.chunks.as_ref().and_then(|c| c.borrow().seen.get(&r.id).map(|e| e.url.clone())));
                if let Some(url) = url {
                    let _ = Reflect::set(&detail, &"url".into(), &url.into());
                }
            }
            (detail, href)
        };
        let init = web_sys::CustomEventInit::new();
        init.set_bubbles(true);
        init.set_composed(true);
        init.set_cancelable(true);
        init.set_detail(&detail);
        let go = match web_sys::CustomEvent::new_with_event_init_dict("glossa-select", &init) {
            Ok(ev) => self.el.dispatch_event(&ev).unwrap_or(true),
            Err(_) => true,
        };
        self.close();
        if let (true, Some(href), Some(w)) = (go, href, web_sys::window()) {
            let _ = w.location().assign(href.as_str());
        }
    }

    fn on_key(&self, ev: &KeyboardEvent) {
        let key = ev.key();
        let (n, open, active) = {
            let ui = self.ui.borrow();
            (ui.results.len(), ui.open, ui.active)
        };
        match key.as_str() {
            "ArrowDown" | "ArrowUp" => {
                ev.prevent_default();
                if n == 0 {
                    return;
                }
                if !open {
                    self.open();
                }
                let next = match (active, key.as_str()) {
                    (None, "ArrowDown") => 0,
                    (None, _) => n - 1,
                    (Some(i), "ArrowDown") => (i + 1) % n,
                    (Some(i), _) => (i + n - 1) % n,
                };
                self.set_active(Some(next));
            }
            "Enter" if open && n > 0 => {
                ev.prevent_default();
                self.choose(active.unwrap_or(0));
            }
            "Escape" => {
                ev.prevent_default();
                if open {
                    self.close();
                } else {
                    self.input.set_value("");
                    self.run();
                }
            }
            "Tab" => self.close(),
            _ => {}
        }
    }

    /// A listener body that runs with the instance while it lives.
    fn handler(self: &Rc<Self>, f: fn(&Rc<Search>, &Event)) -> impl FnMut(Event) + 'static {
        let w = Rc::downgrade(self);
        move |e: Event| {
            if let Some(me) = w.upgrade() {
                f(&me, &e)
            }
        }
    }

    fn listen(self: &Rc<Self>) {
        self.listen_input();
        self.listen_list();
        let o = &self.owner;
        let with = |f| self.handler(f);
        o.listen(
            &self.root,
            "click",
            with(|me, e| {
                let Some(t) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
                if t.closest("button.glossa-retry").ok().flatten().is_some() {
                    me.retry();
                } else if let Ok(Some(btn)) = t.closest("button[data-query]") {
                    let q = btn.get_attribute("data-query").unwrap_or_default();
                    me.input.set_value(&q);
                    let _ = me.input.focus();
                    me.run();
                }
            }),
        );
        // Filter pickers. (An input also fires `change` when it loses focus: ignore that,
        // or a repaint under the pointer would swallow the click that caused the blur.)
        o.listen(
            &self.root,
            "change",
            with(|me, e| {
                if e.target().and_then(|t| t.dyn_into::<HtmlSelectElement>().ok()).is_some() {
                    me.run();
                }
            }),
        );
        // Close when focus leaves the component.
        o.listen(
            &self.el,
            "focusout",
            with(|me, e| {
                let related = e.dyn_ref::<web_sys::FocusEvent>().and_then(|f| f.related_target());
                let inside =
                    related.and_then(|r| r.dyn_into::<web_sys::Node>().ok()).is_some_and(|n| me.el.contains(Some(&n)));
                if !inside && me.ui.try_borrow().is_ok() {
                    me.close();
                }
            }),
        );
        // `/` and Ctrl/⌘-K focus the first search box of the page.
        if let Some(doc) = dom::document() {
            o.listen_with(&doc, "keydown", Listen::default(), with(|me, e| me.shortcut(e)));
        }
    }

    fn listen_input(self: &Rc<Self>) {
        let o = &self.owner;
        let with = |f| self.handler(f);
        o.listen(&self.input, "input", with(|me, _| me.run()));
        o.listen(
            &self.input,
            "keydown",
            with(|me, e| {
                if let Some(k) = e.dyn_ref::<KeyboardEvent>() {
                    me.on_key(k)
                }
            }),
        );
        o.listen(
            &self.input,
            "focus",
            with(|me, _| {
                let reopen = {
                    let ui = me.ui.borrow();
                    !ui.results.is_empty() && !ui.open
                };
                if reopen {
                    me.open();
                }
            }),
        );
    }

    fn listen_list(self: &Rc<Self>) {
        let o = &self.owner;
        let with = |f| self.handler(f);
        // Keep focus in the input while clicking options.
        o.listen(&self.list, "mousedown", |e| e.prevent_default());
        o.listen(
            &self.list,
            "click",
            with(|me, e| {
                if let Some(i) = e.target().and_then(|t| t.dyn_into::<Element>().ok()).and_then(|t| option_index(&t)) {
                    me.choose(i);
                }
            }),
        );
        o.listen(
            &self.list,
            "mousemove",
            with(|me, e| {
                if let Some(i) = e.target().and_then(|t| t.dyn_into::<Element>().ok()).and_then(|t| option_index(&t)) {
                    if me.ui.borrow().active != Some(i) {
                        me.set_active(Some(i));
                    }
                }
            }),
        );
    }

    fn shortcut(self: &Rc<Self>, e: &Event) {
        let Some(e) = e.dyn_ref::<KeyboardEvent>() else { return };
        if e.default_prevented() || e.alt_key() {
            return;
        }
        let slash = e.key() == "/" && !e.ctrl_key() && !e.meta_key();
        let k = e.key().eq_ignore_ascii_case("k") && (e.ctrl_key() || e.meta_key());
        if !(slash || k) || in_editable(e) {
            return;
        }
        // Every box listens; the first connected one answers.
        let first = life::instances::<Search>().into_iter().find(|s| s.el.is_connected());
        if first.is_some_and(|f| Rc::ptr_eq(&f, self)) {
            e.prevent_default();
            let _ = self.input.focus();
            self.input.select();
        }
    }
}

fn option_index(target: &Element) -> Option<usize> {
    let li = target.closest("[role=option]").ok()??;
    let id = li.get_attribute("id")?;
    id.rsplit('-').next()?.parse().ok()
}

/// The key was typed into an editable element (the host's fields, or ours).
fn in_editable(e: &KeyboardEvent) -> bool {
    let path = e.composed_path();
    let Some(t) = path.get(0).dyn_into::<HtmlElement>().ok() else { return false };
    let tag = t.tag_name().to_ascii_lowercase();
    matches!(tag.as_str(), "input" | "textarea" | "select") || t.is_content_editable()
}

/// Registers the element.
pub fn define() -> Result<(), JsValue> {
    life::define::<Search>()
}

/// The search box in `el` (e.g. the one inside the glossary browser), if any.
pub fn instance(el: &HtmlElement) -> Option<Rc<Search>> {
    life::instance::<Search>(el)
}
