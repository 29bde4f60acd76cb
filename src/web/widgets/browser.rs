//! `<glossa-glossary glossary="glossary.json">`: the full glossary browser — an
//! A–Z index with category and difficulty filters, search, and term pages
//! rendered from their payloads, all addressed by the URL hash so deep links
//! survive a reload and back/forward work:
//!
//! * `#/` and `#/?letter=A&category=ai&difficulty=beginner` — the term list;
//! * `#/term/<id>` and `#/term/<id>/<section>` — a term page.
//!
//! With the `manage-title` attribute the page title follows the view.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use js_sys::Reflect;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlElement, HtmlSelectElement, ShadowRoot};

use super::api::{self, GlossaryLinker, Shared};
use super::{dom, entry, js};
use crate::render::glossary::{self as views, ListFilter};
use crate::render::{self, El, Html, RenderOptions};
use crate::search::SearchOptions;

struct Browser {
    el: HtmlElement,
    root: ShadowRoot,
    view: Element,
    letters: Element,
    status: Element,
    /// The manifest URL (absolute; empty when none is configured).
    url: String,
    glossary: Option<Shared>,
    /// Bumped per route, so a slow term load never replaces a newer view.
    gen: u32,
    /// The list view's terms not shown yet (positions in the manifest), and the last one shown.
    rest: Vec<usize>,
    last: Option<String>,
}

type Handle = Rc<RefCell<Browser>>;

thread_local! {
    static BROWSERS: RefCell<HashMap<u32, Handle>> = RefCell::new(HashMap::new());
    static NEXT: RefCell<u32> = const { RefCell::new(0) };
}

pub fn define() -> Result<(), JsValue> {
    js::define(
        "glossa-glossary",
        &["theme"],
        |el: HtmlElement| {
            if let Err(e) = connect(&el) {
                web_sys::console::error_1(&e);
            }
        },
        |el: HtmlElement, attr: String| {
            if attr == "theme" {
                if let Some(h) = handle(&el) {
                    theme(&h.borrow());
                }
            }
        },
    )?;
    let w = web_sys::window().ok_or("no window")?;
    let on_hash = Closure::<dyn Fn()>::new(|| {
        let all: Vec<Handle> = BROWSERS.with(|b| b.borrow().values().cloned().collect());
        for h in all {
            route(&h);
        }
    });
    w.add_event_listener_with_callback("hashchange", on_hash.as_ref().unchecked_ref())?;
    on_hash.forget();
    Ok(())
}

fn handle(el: &HtmlElement) -> Option<Handle> {
    let id = Reflect::get(el, &"__glossaBrowser".into()).ok()?.as_f64()? as u32;
    BROWSERS.with(|b| b.borrow().get(&id).cloned())
}

fn connect(el: &HtmlElement) -> Result<(), JsValue> {
    if handle(el).is_some() {
        return Ok(());
    }
    let doc = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let url = el
        .get_attribute("glossary")
        .filter(|g| !g.is_empty())
        .or_else(super::search_box::default_glossary)
        .map(|u| entry::absolute(&u))
        .unwrap_or_default();
    let root = el.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))?;
    js::adopt(&root, &[crate::render::style::WIDGET_CSS, BROWSER_CSS], "");
    let mut filters = El::new("div").class("gb-filters");
    for (name, label) in [("category", "Category"), ("difficulty", "Difficulty")] {
        filters.children.push(
            El::new("label")
                .child(El::new("span").text(label))
                .child(
                    El::new("select").attr("data-filter", name).child(El::new("option").attr("value", "").text("All")),
                )
                .into(),
        );
    }
    let skeleton = El::new("div")
        .class("glossa gb")
        .child(
            El::new("header")
                .class("gb-head")
                .child(El::new("p").class("gb-title").attr("role", "heading").attr("aria-level", "1").text("Glossary"))
                .child(El::new("p").class("gb-meta"))
                .child(
                    El::new("glossa-search")
                        .attr("glossary", url.clone())
                        .attr("href-template", "#/term/{id}")
                        .class("gb-search"),
                ),
        )
        .child(El::new("div").class("gb-letters-wrap"))
        .child(filters)
        .child(El::new("p").class("gb-status").attr("role", "status"))
        .child(El::new("div").class("gb-view").attr("tabindex", "-1"));
    root.append_child(&dom::build(&doc, &skeleton.into())?)?;
    let q = |s: &str| root.query_selector(s).ok().flatten().ok_or_else(|| JsValue::from_str(s));
    let id = NEXT.with(|n| {
        *n.borrow_mut() += 1;
        *n.borrow()
    });
    Reflect::set(el, &"__glossaBrowser".into(), &JsValue::from(id))?;
    let h = Rc::new(RefCell::new(Browser {
        el: el.clone(),
        view: q(".gb-view")?,
        letters: q(".gb-letters-wrap")?,
        status: q(".gb-status")?,
        root: root.clone(),
        url: url.clone(),
        glossary: None,
        gen: 0,
        rest: Vec::new(),
        last: None,
    }));
    BROWSERS.with(|b| b.borrow_mut().insert(id, h.clone()));
    listen(&h)?;
    theme(&h.borrow());
    if url.is_empty() {
        status(&h.borrow(), "No glossary: set the glossary attribute (or data-glossary on the script tag).");
        let _ = el.set_attribute("data-state", "error");
        return Ok(());
    }
    load_glossary(&h);
    Ok(())
}

/// Loads the glossary (again, after a failure) and shows the current route.
fn load_glossary(h: &Handle) {
    let url = {
        let b = h.borrow();
        let _ = b.el.set_attribute("data-state", "loading");
        let _ = b.el.remove_attribute("data-error");
        status(&b, "Loading the glossary…");
        set_view(&b, &Html::Text(String::new()), "");
        b.url.clone()
    };
    let hh = h.clone();
    wasm_bindgen_futures::spawn_local(async move {
        match api::shared(&url).await {
            Ok(g) => {
                hh.borrow_mut().glossary = Some(g.clone());
                setup(&hh, &g);
                let _ = hh.borrow().el.set_attribute("data-state", "ready");
                // The search box in the header failed with us; let it pick the glossary up.
                if let Ok(Some(s)) = hh.borrow().root.query_selector("glossa-search") {
                    if let Ok(s) = s.dyn_into::<HtmlElement>() {
                        super::search_box::retry(&s);
                    }
                }
                route(&hh);
            }
            Err(e) => {
                let msg = super::fetch::describe(&e);
                let b = hh.borrow();
                status(&b, "");
                set_view(&b, &error_view("The glossary could not be loaded", &msg, false), "");
                let _ = b.el.set_attribute("data-state", "error");
                let _ = b.el.set_attribute("data-error", &msg);
            }
        }
    });
}

/// An error panel with a "Try again" button (and a way back to the list for term errors).
fn error_view(what: &str, msg: &str, back: bool) -> Html {
    let mut v = El::new("div")
        .class("gb-error")
        .attr("role", "alert")
        .child(El::new("p").child(El::new("strong").text(format!("{what}."))))
        .child(El::new("p").child(El::new("code").text(msg)));
    let mut actions = El::new("p")
        .class("gb-actions")
        .child(El::new("button").class("glossa-retry").attr("type", "button").text("Try again"));
    if back {
        actions = actions.child(El::new("a").href(render::SafeUrl::fragment("/")).text("← All terms"));
    }
    v.children.push(actions.into());
    v.into()
}

fn theme(b: &Browser) {
    let Ok(Some(w)) = b.root.query_selector(".gb") else { return };
    match b.el.get_attribute("theme").filter(|t| t == "light" || t == "dark") {
        Some(t) => {
            let _ = w.set_attribute("data-theme", &t);
        }
        None => {
            let _ = w.remove_attribute("data-theme");
        }
    }
}

fn status(b: &Browser, text: &str) {
    b.status.set_text_content(Some(text));
}

/// Title, count and filter options, once the glossary is loaded.
fn setup(h: &Handle, g: &Shared) {
    let b = h.borrow();
    let s = g.borrow();
    let title = if s.manifest.title.is_empty() { "Glossary".to_owned() } else { s.manifest.title.clone() };
    if let Ok(Some(t)) = b.root.query_selector(".gb-title") {
        t.set_text_content(Some(&title));
    }
    if let Ok(Some(m)) = b.root.query_selector(".gb-meta") {
        m.set_text_content(Some(&format!("{} terms", s.manifest.terms.len())));
    }
    status(&b, "");
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    for (name, rank) in [("category", false), ("difficulty", true)] {
        let Ok(Some(sel)) = b.root.query_selector(&format!("select[data-filter={name}]")) else { continue };
        let facets = s.manifest.facets();
        let values = if rank { facets.difficulties_ranked() } else { facets.categories_sorted() };
        for (v, _) in values {
            if let Ok(o) = doc.create_element("option") {
                let _ = o.set_attribute("value", &v);
                o.set_text_content(Some(&v));
                let _ = sel.append_child(&o);
            }
        }
    }
}

/// What the hash says to show.
enum Route {
    List(ListFilter),
    Term(String, Option<String>),
}

fn parse_route() -> Route {
    let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
    let h = hash.trim_start_matches('#');
    let decode = |s: &str| js_sys::decode_uri_component(s).map(String::from).unwrap_or_else(|_| s.to_owned());
    if let Some(rest) = h.strip_prefix("/term/") {
        let mut parts = rest.splitn(2, '/');
        let id = decode(parts.next().unwrap_or(""));
        let section = parts.next().filter(|s| !s.is_empty()).map(decode);
        return Route::Term(id, section);
    }
    let mut f = ListFilter::default();
    if let Some((_, q)) = h.split_once('?') {
        for pair in q.split('&') {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let v = Some(decode(v)).filter(|v| !v.is_empty());
            match k {
                "letter" => f.letter = v,
                "category" => f.category = v,
                "difficulty" => f.difficulty = v,
                _ => {}
            }
        }
    }
    Route::List(f)
}

fn set_view(b: &Browser, html: &Html, css: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    if let Ok(n) = dom::build(&doc, html) {
        b.view.set_text_content(None);
        let _ = b.view.append_child(&n);
    }
    js::adopt(&b.root, &[crate::render::style::WIDGET_CSS, BROWSER_CSS], css);
}

fn term_href(e: &crate::glossary::Entry) -> String {
    format!("#/term/{}", render::encode(&e.id))
}

/// "Show more" in a long list: the next batch joins the list, and focus moves to its first term.
fn show_more(h: &Handle) {
    let Some(g) = h.borrow().glossary.clone() else { return };
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let mut b = h.borrow_mut();
    let s = g.borrow();
    let n = b.rest.len().min(views::BATCH);
    let batch: Vec<usize> = b.rest.drain(..n).collect();
    let (cont, groups) = views::list_more(&s.manifest.terms, &batch, b.last.as_deref(), &term_href);
    if let Some(&i) = batch.last() {
        b.last = s.manifest.terms.get(i).map(|e| e.letter.clone());
    }
    let Ok(Some(list)) = b.view.query_selector(".gb-list") else { return };
    let more = list.query_selector(".gb-more").ok().flatten();
    let uls = list.query_selector_all("ul.gb-terms").ok();
    let last_ul = uls.as_ref().and_then(|l| l.get(l.length().saturating_sub(1)));
    let mut first: Option<Element> = None;
    for item in &cont {
        if let (Some(ul), Ok(n)) = (&last_ul, dom::build(&doc, item)) {
            let _ = ul.append_child(&n);
            first = first.or_else(|| n.dyn_into::<Element>().ok());
        }
    }
    for group in &groups {
        if let Ok(n) = dom::build(&doc, group) {
            let _ = list.insert_before(&n, more.as_ref().map(|m| m.unchecked_ref::<web_sys::Node>()));
            first = first.or_else(|| n.dyn_into::<Element>().ok());
        }
    }
    if let Some(m) = &more {
        if b.rest.is_empty() {
            m.remove();
        } else if let Ok(n) = dom::build(&doc, &views::more_button(b.rest.len())) {
            let _ = list.replace_child(&n, m);
        }
    }
    if let Some(link) = first.and_then(|f| f.query_selector("a").ok().flatten()) {
        if let Some(link) = link.dyn_ref::<HtmlElement>() {
            let _ = link.focus();
        }
    }
}

fn title(b: &Browser, t: &str) {
    if b.el.has_attribute("manage-title") {
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            doc.set_title(t);
        }
    }
}

fn route(h: &Handle) {
    let Some(g) = h.borrow().glossary.clone() else { return };
    let gen = {
        let mut b = h.borrow_mut();
        b.gen += 1;
        b.gen
    };
    match parse_route() {
        Route::List(filter) => {
            let b = h.borrow();
            let s = g.borrow();
            let nav = views::letter_nav(&s.manifest, &filter);
            if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
                if let Ok(n) = dom::build(&doc, &nav) {
                    b.letters.set_text_content(None);
                    let _ = b.letters.append_child(&n);
                }
            }
            for (name, v) in [("category", &filter.category), ("difficulty", &filter.difficulty)] {
                if let Ok(Some(sel)) = b.root.query_selector(&format!("select[data-filter={name}]")) {
                    if let Some(sel) = sel.dyn_ref::<HtmlSelectElement>() {
                        sel.set_value(v.as_deref().unwrap_or(""));
                    }
                }
            }
            let list = views::list(&s.manifest, &filter, &term_href);
            set_view(&b, &list.html, "");
            let _ = b.el.set_attribute("data-view", "list");
            let name = if s.manifest.title.is_empty() { "Glossary" } else { &s.manifest.title };
            title(&b, name);
            drop(b);
            let mut b = h.borrow_mut();
            b.rest = list.rest;
            b.last = list.last;
        }
        Route::Term(id, section) => {
            let found = g.borrow().manifest.find(&id).map(|e| (e.id.clone(), e.title.clone()));
            let Some((id, term_title)) = found else {
                // 404: say so, and offer the closest terms.
                let b = h.borrow();
                let suggestions: Vec<(String, String)> = {
                    let mut s = g.borrow_mut();
                    let api::State { index, scratch, .. } = &mut *s;
                    let q = id.replace(['-', '_'], " ");
                    index
                        .search_with(scratch, &q, &SearchOptions { limit: 5, snippets: false, ..Default::default() })
                        .results
                        .into_iter()
                        .map(|r| (r.id, r.title))
                        .collect()
                };
                set_view(
                    &b,
                    &views::not_found(&id, &suggestions, &|sid| format!("#/term/{}", render::encode(sid))),
                    "",
                );
                let _ = b.el.set_attribute("data-view", "not-found");
                title(&b, "Term not found");
                return;
            };
            {
                let b = h.borrow();
                let _ = b.el.set_attribute("data-view", "loading");
                set_view(
                    &b,
                    &El::new("p")
                        .class("gb-loading")
                        .attr("role", "status")
                        .text(format!("Loading {term_title}…"))
                        .into(),
                    "",
                );
            }
            let hh = h.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let t = api::term_of(&g, &id).await;
                let b = hh.borrow();
                if b.gen != gen {
                    return;
                }
                match t {
                    Ok(t) => {
                        let s = g.borrow();
                        let linker = GlossaryLinker { manifest: &s.manifest, template: "#/term/{id}".into() };
                        let r = render::render_term(&t, &RenderOptions { linker: &linker, ..Default::default() });
                        let page = El::new("div")
                            .class("gb-term")
                            .child(
                                El::new("nav")
                                    .class("gb-crumbs")
                                    .attr("aria-label", "Breadcrumb")
                                    .child(El::new("a").href(render::SafeUrl::fragment("/")).text("← All terms")),
                            )
                            .child(r.html);
                        set_view(&b, &page.into(), &r.css);
                        let _ = b.el.set_attribute("data-view", "term");
                        title(&b, &t.title);
                        // Routes name the section without the payload-id prefix (`#/term/x/real-talk`).
                        let prefixed = |s: &str| format!("{}{s}", render::sanitize::ID_PREFIX);
                        let target = section.and_then(|s| {
                            b.root.get_element_by_id(&prefixed(&s)).or_else(|| b.root.get_element_by_id(&s))
                        });
                        match target {
                            Some(target) => target.scroll_into_view(),
                            None => {
                                b.el.scroll_into_view();
                                if let Some(v) = b.view.dyn_ref::<HtmlElement>() {
                                    let opts = web_sys::FocusOptions::new();
                                    opts.set_prevent_scroll(true);
                                    let _ = v.focus_with_options(&opts);
                                }
                            }
                        }
                    }
                    Err(e) => {
                        let html = error_view(&format!("“{term_title}” could not be loaded"), &e, true);
                        set_view(&b, &html, "");
                        let _ = b.el.set_attribute("data-view", "error");
                    }
                }
            });
        }
    }
}

fn listen(h: &Handle) -> Result<(), JsValue> {
    let root = h.borrow().root.clone();
    let hh = h.clone();
    let change = Closure::<dyn Fn(Event)>::new(move |e: Event| {
        let Some(sel) = e.target().and_then(|t| t.dyn_into::<HtmlSelectElement>().ok()) else { return };
        let name = sel.get_attribute("data-filter").unwrap_or_default();
        let Route::List(mut f) = parse_route() else { return };
        let v = Some(sel.value()).filter(|v| !v.is_empty());
        match name.as_str() {
            "category" => f.category = v,
            "difficulty" => f.difficulty = v,
            _ => return,
        }
        let _ = &hh;
        if let Some(w) = web_sys::window() {
            let _ = w.location().set_hash(&f.route());
        }
    });
    root.add_event_listener_with_callback("change", change.as_ref().unchecked_ref())?;
    change.forget();
    let hh = h.clone();
    let click = Closure::<dyn Fn(Event)>::new(move |e: Event| {
        let Some(t) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
        if let Ok(Some(b)) = t.closest("button.glossa-copy") {
            entry::copy_code(&b);
            return;
        }
        if t.closest("button.gb-more-btn").ok().flatten().is_some() {
            show_more(&hh);
            return;
        }
        if t.closest("button.glossa-retry").ok().flatten().is_some() {
            let loaded = hh.borrow().glossary.is_some();
            if loaded {
                route(&hh);
            } else {
                load_glossary(&hh);
            }
            return;
        }
        // Section links inside a term page: scroll, and keep the route in the hash.
        let Ok(Some(a)) = t.closest("a[href^='#']") else { return };
        let href = a.get_attribute("href").unwrap_or_default();
        if href.starts_with("#/") {
            return;
        }
        let b = hh.borrow();
        let frag = href.strip_prefix('#').unwrap_or(&href);
        let anchor = js_sys::decode_uri_component(frag).map(String::from).unwrap_or_else(|_| frag.to_owned());
        if let (Some(target), Route::Term(id, _)) = (b.root.get_element_by_id(&anchor), parse_route()) {
            e.prevent_default();
            target.scroll_into_view();
            if let Some(hist) = web_sys::window().and_then(|w| w.history().ok()) {
                let section = anchor.strip_prefix(render::sanitize::ID_PREFIX).unwrap_or(&anchor);
                let url = format!("#/term/{}/{}", render::encode(&id), render::encode(section));
                let _ = hist.replace_state_with_url(&JsValue::NULL, "", Some(&url));
            }
        }
    });
    root.add_event_listener_with_callback("click", click.as_ref().unchecked_ref())?;
    click.forget();
    Ok(())
}

pub const BROWSER_CSS: &str = r#"
.glossa.gb{max-width:60rem;padding:1.25rem 1.25rem 3rem}
.gb-head{display:grid;grid-template-columns:1fr minmax(14rem,24rem);gap:.5rem 1.5rem;align-items:end;margin-bottom:1rem}
.gb-title{font-size:2rem;font-weight:800;line-height:1.15;margin:0;letter-spacing:-.02em}
.gb-meta{grid-row:2;margin:0;color:var(--_muted);font-size:.95rem}
.gb-search{grid-column:2;grid-row:1/3;align-self:center;display:block}
.gb-letters{display:flex;flex-wrap:wrap;align-items:center;gap:.25rem;margin:.25rem 0 .5rem;font-weight:600}
.gb-letters ul{display:contents;list-style:none}
.gb-letters li{display:contents}
.gb-letters a,.gb-letters span{display:inline-flex;justify-content:center;align-items:center;min-width:2.1rem;min-height:2.1rem;padding:0 .35rem;border-radius:6px;text-decoration:none;font-size:.95rem}
.gb-letters a{color:var(--_accent)}
.gb-letters a:hover{background:color-mix(in srgb,var(--_accent) 10%,transparent)}
.gb-letters a[aria-current]{background:var(--_accent);color:var(--_bg)}
.gb-letters span[aria-disabled]{color:var(--_muted);opacity:.45}
.gb-filters{display:flex;flex-wrap:wrap;gap:1rem;margin:.5rem 0 1rem;font-size:.9rem;color:var(--_muted)}
.gb-filters label{display:inline-flex;align-items:center;gap:.4rem}
.gb-filters select{font:inherit;color:var(--_fg);background:var(--_bg);border:1px solid var(--_border);border-radius:6px;padding:.3rem .5rem;min-height:36px}
.gb-status:empty{display:none}
.gb-actions{display:flex;flex-wrap:wrap;gap:1rem;align-items:center}
.gb-error code{word-break:break-all}
.gb-status{color:var(--_muted)}
.gb-view:focus{outline:none}
.gb-group{margin:0 0 1.5rem}
.gb-letter{font-size:1.3rem;border-bottom:1px solid var(--_border);padding-bottom:.25rem;margin:0 0 .5rem;scroll-margin-top:1rem}
.gb-terms{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(17rem,1fr));gap:.75rem}
.gb-terms li{border:1px solid var(--_border);border-radius:var(--_radius);padding:.65rem .85rem}
.gb-term-head{display:flex;flex-wrap:wrap;align-items:center;gap:.35rem .5rem}
.gb-term-link{font-weight:650;font-size:1.05rem}
.gb-terms .glossa-badge{font-size:.62rem;padding:.05rem .45rem}
.gb-desc{margin:.35rem 0 0;color:var(--_muted);font-size:.9rem;line-height:1.5}
.gb-note{color:var(--_muted)}
.gb-more{margin:0 0 1.5rem;text-align:center}
.gb-more-btn{font:inherit;color:var(--_accent);background:var(--_bg);border:1px solid var(--_border);border-radius:6px;padding:.45rem 1rem;min-height:40px;cursor:pointer}
.gb-more-btn:hover{background:color-mix(in srgb,var(--_accent) 10%,transparent)}
.gb-crumbs{margin:0 0 .5rem}
.gb-term .glossa{padding:0;max-width:46rem;margin:0}
.gb-404,.gb-error{border:1px dashed var(--_border);border-radius:var(--_radius);padding:1rem 1.25rem}
@media (max-width:700px){.gb-head{grid-template-columns:1fr}.gb-search{grid-column:1;grid-row:auto}.gb-title{font-size:1.6rem}.gb-terms{grid-template-columns:1fr}}
"#;
