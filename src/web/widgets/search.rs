//! `<glossa-search>`: a WAI-ARIA combobox (input + listbox with
//! `aria-activedescendant`) over a glossary.
//!
//! Attributes: `glossary` (manifest URL; defaults to the page's `data-glossary`),
//! `placeholder`, `limit`, `category`, `difficulty`, `filters` (show category and
//! difficulty pickers), `href-template` (where choosing a result goes, e.g.
//! `#/term/{id}`; without it only the `glossa-select` event fires), `theme`.
//! Keys: ↑ ↓ move, Enter opens, Esc closes (then clears), `/` or Ctrl/⌘-K focus it.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, Event, HtmlElement, HtmlInputElement, HtmlSelectElement, KeyboardEvent, ShadowRoot};

use super::api::{self, GlossaryLinker, Shared};
use super::{dom, entry, js};
use crate::render::{results, El, Html, LinkTarget, Linker};
use crate::search::{SearchOptions, SearchResult};

const OBSERVED: &[&str] = &["glossary", "placeholder", "limit", "category", "difficulty", "theme"];

struct Box_ {
    el: HtmlElement,
    root: ShadowRoot,
    input: HtmlInputElement,
    list: Element,
    status: Element,
    empty: Element,
    uid: String,
    glossary: Option<Shared>,
    results: Vec<SearchResult>,
    hrefs: Vec<Option<crate::render::SafeUrl>>,
    active: Option<usize>,
    open: bool,
}

type Handle = Rc<RefCell<Box_>>;

thread_local! {
    static BOXES: RefCell<HashMap<u32, Handle>> = RefCell::new(HashMap::new());
    static NEXT: RefCell<u32> = const { RefCell::new(0) };
    static DEFAULT_GLOSSARY: RefCell<Option<String>> = const { RefCell::new(None) };
    static GLOBAL_KEYS: RefCell<bool> = const { RefCell::new(false) };
}

/// The page's default glossary (from the script tag's `data-glossary`).
pub fn set_default_glossary(url: Option<String>) {
    DEFAULT_GLOSSARY.with(|d| *d.borrow_mut() = url);
}

pub fn default_glossary() -> Option<String> {
    DEFAULT_GLOSSARY.with(|d| d.borrow().clone())
}

pub fn define() -> Result<(), JsValue> {
    js::define(
        "glossa-search",
        OBSERVED,
        |el: HtmlElement| {
            if let Err(e) = connect(&el) {
                web_sys::console::error_1(&e);
            }
        },
        |el: HtmlElement, attr: String| {
            if let Some(h) = handle(&el) {
                match attr.as_str() {
                    "glossary" => wasm_bindgen_futures::spawn_local(attach_glossary(h)),
                    "placeholder" => {
                        let b = h.borrow();
                        b.input.set_placeholder(&placeholder(&b.el));
                    }
                    "theme" => apply_theme(&h.borrow()),
                    _ => run(&h),
                }
            }
        },
    )?;
    global_keys();
    Ok(())
}

fn handle(el: &HtmlElement) -> Option<Handle> {
    let id = Reflect::get(el, &"__glossaBox".into()).ok()?.as_f64()? as u32;
    BOXES.with(|b| b.borrow().get(&id).cloned())
}

fn placeholder(el: &HtmlElement) -> String {
    el.get_attribute("placeholder").unwrap_or_else(|| "Search the glossary".into())
}

fn connect(el: &HtmlElement) -> Result<(), JsValue> {
    if handle(el).is_some() {
        return Ok(());
    }
    let doc = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let root = entry::shadow(el)?;
    let id = NEXT.with(|n| {
        let mut n = n.borrow_mut();
        *n += 1;
        *n
    });
    Reflect::set(el, &"__glossaBox".into(), &JsValue::from(id))?;
    let uid = format!("gs{id}");
    let filters = el.has_attribute("filters");
    let mut wrap = El::new("div").class("glossa gs").attr("data-gs", "");
    let mut bar = El::new("div").class("gs-bar");
    bar.children.push(El::new("span").class("gs-icon").attr("aria-hidden", "true").text("⌕").into());
    bar.children.push(
        El::new("input")
            .attr("type", "search")
            .class("gs-input")
            .attr("role", "combobox")
            .attr("aria-expanded", "false")
            .attr("aria-controls", format!("{uid}-list"))
            .attr("aria-autocomplete", "list")
            .attr("aria-label", el.get_attribute("aria-label").unwrap_or_else(|| "Search the glossary".into()))
            .attr("autocomplete", "off")
            .attr("autocapitalize", "off")
            .attr("spellcheck", "false")
            .attr("enterkeyhint", "search")
            .attr("placeholder", placeholder(el))
            .into(),
    );
    bar.children.push(El::new("kbd").class("gs-key").attr("aria-hidden", "true").text("/").into());
    wrap.children.push(bar.into());
    if filters {
        let mut f = El::new("div").class("gs-filters");
        for (name, label) in [("category", "Category"), ("difficulty", "Difficulty")] {
            f.children.push(
                El::new("label")
                    .class("gs-filter")
                    .child(El::new("span").text(label))
                    .child(
                        El::new("select")
                            .attr("data-filter", name)
                            .child(El::new("option").attr("value", "").text("All")),
                    )
                    .into(),
            );
        }
        wrap.children.push(f.into());
    }
    wrap.children.push(
        El::new("ul")
            .attr("id", format!("{uid}-list"))
            .attr("role", "listbox")
            .attr("aria-label", "Search results")
            .class("gs-list")
            .attr("hidden", "")
            .into(),
    );
    wrap.children.push(El::new("div").class("gs-empty-wrap").attr("hidden", "").into());
    wrap.children.push(El::new("div").class("gs-error").attr("role", "alert").attr("hidden", "").into());
    wrap.children.push(El::new("div").class("gs-status").attr("role", "status").attr("aria-live", "polite").into());
    js::adopt(&root, &[crate::render::style::WIDGET_CSS], "");
    root.set_text_content(None);
    root.append_child(&dom::build(&doc, &Html::Element(wrap))?)?;
    let q = |sel: &str| root.query_selector(sel).ok().flatten().ok_or_else(|| JsValue::from_str(sel));
    let b = Rc::new(RefCell::new(Box_ {
        el: el.clone(),
        input: q(".gs-input")?.dyn_into()?,
        list: q(".gs-list")?,
        status: q(".gs-status")?,
        empty: q(".gs-empty-wrap")?,
        root: root.clone(),
        uid,
        glossary: None,
        results: Vec::new(),
        hrefs: Vec::new(),
        active: None,
        open: false,
    }));
    BOXES.with(|m| m.borrow_mut().insert(id, b.clone()));
    listen(&b)?;
    apply_theme(&b.borrow());
    wasm_bindgen_futures::spawn_local(attach_glossary(b));
    Ok(())
}

fn apply_theme(b: &Box_) {
    let Ok(Some(w)) = b.root.query_selector(".gs") else { return };
    match b.el.get_attribute("theme").filter(|t| t == "light" || t == "dark") {
        Some(t) => {
            let _ = w.set_attribute("data-theme", &t);
        }
        None => {
            let _ = w.remove_attribute("data-theme");
        }
    }
}

async fn attach_glossary(b: Handle) {
    let url = {
        let bb = b.borrow();
        bb.el.get_attribute("glossary").filter(|g| !g.is_empty()).or_else(default_glossary)
    };
    let Some(url) = url else {
        set_status(&b.borrow(), "No glossary: set the glossary attribute or data-glossary on the script tag.");
        let _ = b.borrow().el.set_attribute("data-state", "error");
        return;
    };
    let _ = b.borrow().el.set_attribute("data-state", "loading");
    show_error(&b, None);
    match api::shared(&entry::absolute(&url)).await {
        Ok(g) => {
            fill_filters(&b.borrow(), &g);
            b.borrow_mut().glossary = Some(g);
            let _ = b.borrow().el.set_attribute("data-state", "ready");
            let _ = b.borrow().el.remove_attribute("data-error");
            run(&b);
        }
        Err(e) => {
            let msg = super::fetch::describe(&e);
            {
                let bb = b.borrow();
                set_status(&bb, &format!("The glossary could not be loaded: {msg}"));
                let _ = bb.el.set_attribute("data-state", "error");
                let _ = bb.el.set_attribute("data-error", &msg);
            }
            show_error(&b, Some(&msg));
        }
    }
}

/// Shows (or clears) the visible load error with its "Try again" button. Holds no
/// borrow while it changes the DOM: removing a focused button fires focus events
/// synchronously, and their handlers borrow the box.
fn show_error(b: &Handle, msg: Option<&str>) {
    let root = b.borrow().root.clone();
    let Ok(Some(slot)) = root.query_selector(".gs-error") else { return };
    slot.set_text_content(None);
    let _ = slot.toggle_attribute_with_force("hidden", msg.is_none());
    let Some(msg) = msg else { return };
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let html: Html = El::new("p")
        .text(format!("Search is unavailable: {msg}"))
        .child(El::new("button").class("glossa-retry").attr("type", "button").text("Try again"))
        .into();
    if let Ok(n) = dom::build(&doc, &html) {
        let _ = slot.append_child(&n);
    }
}

/// Loads the glossary again after a failure (the "Try again" button).
pub fn retry(el: &HtmlElement) {
    if let Some(h) = handle(el) {
        if h.borrow().glossary.is_none() {
            wasm_bindgen_futures::spawn_local(attach_glossary(h));
        }
    }
}

fn fill_filters(b: &Box_, g: &Shared) {
    let Ok(selects) = b.root.query_selector_all("select[data-filter]") else { return };
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let s = g.borrow();
    for i in 0..selects.length() {
        let Some(sel) = selects.item(i).and_then(|n| n.dyn_into::<HtmlSelectElement>().ok()) else { continue };
        let name = sel.get_attribute("data-filter").unwrap_or_default();
        let facets = s.manifest.facets();
        let values = if name == "difficulty" { facets.difficulties_ranked() } else { facets.categories_sorted() };
        for (v, _) in values {
            if let Ok(o) = doc.create_element("option") {
                let _ = o.set_attribute("value", &v);
                o.set_text_content(Some(&v));
                let _ = sel.append_child(&o);
            }
        }
        if let Some(v) = b.el.get_attribute(&name) {
            sel.set_value(&v);
        }
    }
}

fn set_status(b: &Box_, text: &str) {
    b.status.set_text_content(Some(text));
}

fn filter_value(b: &Box_, name: &str) -> Option<String> {
    b.root
        .query_selector(&format!("select[data-filter={name}]"))
        .ok()
        .flatten()
        .and_then(|s| s.dyn_into::<HtmlSelectElement>().ok())
        .map(|s| s.value())
        .filter(|v| !v.is_empty())
        .or_else(|| b.el.get_attribute(name).filter(|v| !v.is_empty()))
}

/// Runs the query in the input and repaints the listbox.
fn run(h: &Handle) {
    let mut b = h.borrow_mut();
    let query = b.input.value();
    let Some(g) = b.glossary.clone() else {
        if !query.trim().is_empty() {
            set_status(&b, "Loading the glossary…");
        }
        return;
    };
    if query.trim().is_empty() {
        b.results.clear();
        close(&mut b);
        b.empty.set_attribute("hidden", "").ok();
        set_status(&b, "");
        return;
    }
    let limit = b.el.get_attribute("limit").and_then(|l| l.parse().ok()).unwrap_or(8usize).clamp(1, 50);
    let opts = SearchOptions {
        limit,
        category: filter_value(&b, "category"),
        difficulty: filter_value(&b, "difficulty"),
        ..Default::default()
    };
    let (res, suggestions, hrefs) = {
        let mut s = g.borrow_mut();
        let api::State { index, scratch, manifest, .. } = &mut *s;
        let r = index.search_with(scratch, &query, &opts);
        let sugg = if r.results.is_empty() { index.suggest(&query, 3) } else { Vec::new() };
        let template = b.el.get_attribute("href-template");
        let hrefs: Vec<Option<crate::render::SafeUrl>> = r
            .results
            .iter()
            .map(|x| {
                let t = template.clone()?;
                GlossaryLinker { manifest, template: t }.href(&LinkTarget { id: Some(&x.id), ..Default::default() })
            })
            .collect();
        (r, sugg, hrefs)
    };
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let nodes = results::options(&res.results, &b.uid, &hrefs);
    let frag = doc.create_document_fragment();
    for n in &nodes {
        if let Ok(node) = dom::build(&doc, n) {
            let _ = frag.append_child(&node);
        }
    }
    b.list.set_text_content(None);
    let _ = b.list.append_child(&frag);
    b.results = res.results.clone();
    b.hrefs = hrefs;
    b.active = None;
    let _ = b.input.remove_attribute("aria-activedescendant");
    if b.results.is_empty() {
        close(&mut b);
        paint_empty(&b, &doc, &query, &res, &suggestions);
        set_status(&b, "No results");
    } else {
        b.empty.set_attribute("hidden", "").ok();
        open(&mut b);
        let n = res.total;
        let note = if res.partial { " (not every word matched)" } else { "" };
        set_status(&b, &format!("{n} result{}{note}", if n == 1 { "" } else { "s" }));
    }
}

fn paint_empty(b: &Box_, doc: &Document, query: &str, res: &crate::search::Results, suggestions: &[String]) {
    b.empty.set_text_content(None);
    if let Ok(n) = dom::build(doc, &results::empty(query, res, suggestions)) {
        let _ = b.empty.append_child(&n);
    }
    let _ = b.empty.remove_attribute("hidden");
}

fn open(b: &mut Box_) {
    b.open = true;
    let _ = b.list.remove_attribute("hidden");
    let _ = b.input.set_attribute("aria-expanded", "true");
}

fn close(b: &mut Box_) {
    b.open = false;
    b.active = None;
    let _ = b.list.set_attribute("hidden", "");
    let _ = b.input.set_attribute("aria-expanded", "false");
    let _ = b.input.remove_attribute("aria-activedescendant");
}

fn set_active(b: &mut Box_, i: Option<usize>) {
    if let Some(prev) = b.active {
        if let Ok(Some(o)) = b.root.query_selector(&format!("#{}", results::option_id(&b.uid, prev))) {
            let _ = o.set_attribute("aria-selected", "false");
        }
    }
    b.active = i;
    match i {
        Some(i) => {
            let id = results::option_id(&b.uid, i);
            if let Ok(Some(o)) = b.root.query_selector(&format!("#{id}")) {
                let _ = o.set_attribute("aria-selected", "true");
                let opts = web_sys::ScrollIntoViewOptions::new();
                opts.set_block(web_sys::ScrollLogicalPosition::Nearest);
                o.scroll_into_view_with_scroll_into_view_options(&opts);
            }
            let _ = b.input.set_attribute("aria-activedescendant", &id);
        }
        None => {
            let _ = b.input.remove_attribute("aria-activedescendant");
        }
    }
}

/// Fires `glossa-select` and, unless it is cancelled, follows the result's link.
fn choose(h: &Handle, i: usize) {
    let (el, detail, href) = {
        let b = h.borrow();
        let Some(r) = b.results.get(i) else { return };
        let detail = Object::new();
        let _ = Reflect::set(&detail, &"id".into(), &r.id.clone().into());
        let _ = Reflect::set(&detail, &"title".into(), &r.title.clone().into());
        let href = b.hrefs.get(i).cloned().flatten().map(|u| u.as_str().to_owned());
        if let Some(h) = &href {
            let _ = Reflect::set(&detail, &"href".into(), &h.clone().into());
        }
        if let Some(g) = &b.glossary {
            if let Some(e) = g.borrow().manifest.find(&r.id) {
                let _ = Reflect::set(&detail, &"url".into(), &e.url.clone().into());
            }
        }
        (b.el.clone(), detail, href)
    };
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_cancelable(true);
    init.set_detail(&detail);
    let go = match web_sys::CustomEvent::new_with_event_init_dict("glossa-select", &init) {
        Ok(ev) => el.dispatch_event(&ev).unwrap_or(true),
        Err(_) => true,
    };
    close(&mut h.borrow_mut());
    if let (true, Some(href)) = (go, href) {
        if let Some(w) = web_sys::window() {
            let _ = w.location().assign(&href);
        }
    }
}

fn on_key(h: &Handle, ev: &KeyboardEvent) {
    let key = ev.key();
    let n = h.borrow().results.len();
    match key.as_str() {
        "ArrowDown" | "ArrowUp" => {
            ev.prevent_default();
            if n == 0 {
                return;
            }
            let mut b = h.borrow_mut();
            if !b.open {
                open(&mut b);
            }
            let next = match (b.active, key.as_str()) {
                (None, "ArrowDown") => 0,
                (None, _) => n - 1,
                (Some(i), "ArrowDown") => (i + 1) % n,
                (Some(i), _) => (i + n - 1) % n,
            };
            set_active(&mut b, Some(next));
        }
        "Enter" => {
            let (open_, active) = {
                let b = h.borrow();
                (b.open, b.active)
            };
            if open_ && n > 0 {
                ev.prevent_default();
                choose(h, active.unwrap_or(0));
            }
        }
        "Escape" => {
            let mut b = h.borrow_mut();
            ev.prevent_default();
            if b.open {
                close(&mut b);
            } else {
                b.input.set_value("");
                drop(b);
                run(h);
            }
        }
        "Tab" => close(&mut h.borrow_mut()),
        _ => {}
    }
}

fn option_index(target: &Element) -> Option<usize> {
    let li = target.closest("[role=option]").ok()??;
    let id = li.get_attribute("id")?;
    id.rsplit('-').next()?.parse().ok()
}

fn listen(h: &Handle) -> Result<(), JsValue> {
    let b = h.borrow();
    let add = |target: &web_sys::EventTarget, name: &str, f: Box<dyn Fn(Event)>| -> Result<(), JsValue> {
        let c = Closure::<dyn Fn(Event)>::new(f);
        target.add_event_listener_with_callback(name, c.as_ref().unchecked_ref())?;
        c.forget();
        Ok(())
    };
    let hh = h.clone();
    add(&b.input, "input", Box::new(move |_| run(&hh)))?;
    let hh = h.clone();
    add(
        &b.input,
        "keydown",
        Box::new(move |e| {
            if let Some(k) = e.dyn_ref::<KeyboardEvent>() {
                on_key(&hh, k)
            }
        }),
    )?;
    let hh = h.clone();
    add(
        &b.input,
        "focus",
        Box::new(move |_| {
            let Ok(mut b) = hh.try_borrow_mut() else { return };
            if !b.results.is_empty() && !b.open {
                open(&mut b);
            }
        }),
    )?;
    // Keep focus in the input while clicking options.
    add(&b.list, "mousedown", Box::new(|e| e.prevent_default()))?;
    let hh = h.clone();
    add(
        &b.list,
        "click",
        Box::new(move |e| {
            if let Some(i) = e.target().and_then(|t| t.dyn_into::<Element>().ok()).and_then(|t| option_index(&t)) {
                choose(&hh, i);
            }
        }),
    )?;
    let hh = h.clone();
    add(
        &b.list,
        "mousemove",
        Box::new(move |e| {
            if let Some(i) = e.target().and_then(|t| t.dyn_into::<Element>().ok()).and_then(|t| option_index(&t)) {
                let mut b = hh.borrow_mut();
                if b.active != Some(i) {
                    set_active(&mut b, Some(i));
                }
            }
        }),
    )?;
    let hh = h.clone();
    add(
        &b.empty,
        "click",
        Box::new(move |e| {
            let Some(t) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
            let Ok(Some(btn)) = t.closest("button[data-query]") else { return };
            let q = btn.get_attribute("data-query").unwrap_or_default();
            let input = hh.borrow().input.clone();
            input.set_value(&q);
            let _ = input.focus();
            run(&hh);
        }),
    )?;
    // Filter pickers. (An input also fires `change` when it loses focus: ignore that,
    // or a repaint under the pointer would swallow the click that caused the blur.)
    let hh = h.clone();
    add(
        &b.root,
        "change",
        Box::new(move |e| {
            if e.target().and_then(|t| t.dyn_into::<HtmlSelectElement>().ok()).is_some() {
                run(&hh);
            }
        }),
    )?;
    // Close when focus leaves the component.
    let hh = h.clone();
    add(
        &b.el,
        "focusout",
        Box::new(move |e| {
            // Focus events also fire synchronously while our own code removes a focused
            // node (and holds the box): then there is nothing to do.
            let Ok(mut b) = hh.try_borrow_mut() else { return };
            let related = e.dyn_ref::<web_sys::FocusEvent>().and_then(|f| f.related_target());
            let inside =
                related.and_then(|r| r.dyn_into::<web_sys::Node>().ok()).is_some_and(|n| b.el.contains(Some(&n)));
            if !inside {
                close(&mut b);
            }
        }),
    )?;
    Ok(())
}

/// `/` and Ctrl/⌘-K focus the first search box (once per page).
fn global_keys() {
    if GLOBAL_KEYS.with(|g| std::mem::replace(&mut *g.borrow_mut(), true)) {
        return;
    }
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let c = Closure::<dyn Fn(KeyboardEvent)>::new(|e: KeyboardEvent| {
        let slash = e.key() == "/" && !e.ctrl_key() && !e.meta_key() && !e.alt_key();
        let k = (e.key() == "k" || e.key() == "K") && (e.ctrl_key() || e.meta_key());
        if !slash && !k {
            return;
        }
        if slash && in_editable(&e) {
            return;
        }
        let first = BOXES.with(|b| {
            let b = b.borrow();
            let mut ids: Vec<&u32> = b.keys().collect();
            crate::util::sort_by(&mut ids, |a, b| a.cmp(b));
            ids.into_iter().filter_map(|i| b.get(i)).find(|h| h.borrow().el.is_connected()).cloned()
        });
        if let Some(h) = first {
            e.prevent_default();
            let input = h.borrow().input.clone();
            let _ = input.focus();
            input.select();
        }
    });
    let _ = doc.add_event_listener_with_callback("keydown", c.as_ref().unchecked_ref());
    c.forget();
}

fn in_editable(e: &KeyboardEvent) -> bool {
    let path = e.composed_path();
    let Some(t) = path.get(0).dyn_into::<HtmlElement>().ok() else { return false };
    let tag = t.tag_name().to_ascii_lowercase();
    matches!(tag.as_str(), "input" | "textarea" | "select") || t.is_content_editable()
}
