//! `<glossa-entry src="URL">`: renders one term payload (Nuxt `_payload.json`, an
//! HTML page with `__NUXT_DATA__`, or a markdown file) into its shadow root.
//!
//! Attributes: `src` (required), `term` (which document, by slug/id/title, when a
//! payload holds several), `href-template` (links to other terms, e.g.
//! `entry.html?src={payload}`), `theme` (`light`/`dark`). The element reports
//! progress in `data-state` (`loading` → `ready` | `error`, with the message in
//! `data-error`) and fires `glossa-ready` / `glossa-error` events.

use js_sys::Reflect;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{AbortController, Document, Element, Event, HtmlElement, ShadowRoot, ShadowRootInit, ShadowRootMode};

use super::{dom, fetch, js};
use crate::content::{self, Kind, Term};
use crate::render::{self, El, Html, PayloadBase, RenderOptions, TemplateLinker};

const OBSERVED: &[&str] = &["src", "term", "href-template", "theme"];

/// Registers the element.
pub fn define() -> Result<(), JsValue> {
    js::define(
        "glossa-entry",
        OBSERVED,
        |el: HtmlElement| wasm_bindgen_futures::spawn_local(load(el)),
        |el: HtmlElement, attr: String| {
            if attr == "theme" {
                apply_theme(&el);
            } else {
                wasm_bindgen_futures::spawn_local(load(el));
            }
        },
    )
}

/// The element's open shadow root, created (with its click handler) on first use.
pub fn shadow(el: &HtmlElement) -> Result<ShadowRoot, JsValue> {
    if let Some(s) = el.shadow_root() {
        return Ok(s);
    }
    let s = el.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?;
    let root = s.clone();
    let on_click = Closure::<dyn Fn(Event)>::new(move |ev: Event| on_click(&root, &ev));
    s.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref())?;
    on_click.forget();
    Ok(s)
}

fn set_state(el: &HtmlElement, state: &str, error: Option<&str>) {
    let _ = el.set_attribute("data-state", state);
    match error {
        Some(m) => {
            let _ = el.set_attribute("data-error", m);
        }
        None => {
            let _ = el.remove_attribute("data-error");
        }
    }
    el.toggle_attribute_with_force("aria-busy", state == "loading").ok();
    let name = match state {
        "ready" => "glossa-ready",
        "error" => "glossa-error",
        _ => return,
    };
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&JsValue::from_str(error.unwrap_or("")));
    if let Ok(ev) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = el.dispatch_event(&ev);
    }
}

/// A per-element load counter, so a slow earlier load never overwrites a newer one.
fn next_generation(el: &HtmlElement) -> f64 {
    let key = JsValue::from_str("__glossaGen");
    let n = Reflect::get(el, &key).ok().and_then(|v| v.as_f64()).unwrap_or(0.0) + 1.0;
    let _ = Reflect::set(el, &key, &JsValue::from_f64(n));
    n
}

fn is_current(el: &HtmlElement, gen: f64) -> bool {
    Reflect::get(el, &JsValue::from_str("__glossaGen")).ok().and_then(|v| v.as_f64()) == Some(gen)
}

fn abort_previous(el: &HtmlElement) -> Option<AbortController> {
    let key = JsValue::from_str("__glossaAbort");
    if let Ok(prev) = Reflect::get(el, &key) {
        if let Some(c) = prev.dyn_ref::<AbortController>() {
            c.abort();
        }
    }
    let c = AbortController::new().ok()?;
    let _ = Reflect::set(el, &key, &c);
    Some(c)
}

/// Resolves `src` against the document's base URL.
pub fn absolute(src: &str) -> String {
    let base =
        web_sys::window().and_then(|w| w.document()).and_then(|d| d.base_uri().ok().flatten()).unwrap_or_default();
    web_sys::Url::new_with_base(src, &base).map(|u| u.href()).unwrap_or_else(|_| src.to_owned())
}

async fn load(el: HtmlElement) {
    let gen = next_generation(&el);
    let Ok(root) = shadow(&el) else { return };
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let Some(src) = el.get_attribute("src").filter(|s| !s.trim().is_empty()) else {
        show_error(&el, &root, &doc, "no src attribute: set src to the URL of a term payload (_payload.json or .md)");
        return;
    };
    set_state(&el, "loading", None);
    show(&root, &doc, &El::new("p").class("glossa glossa-loading").attr("role", "status").text("Loading…").into(), "");
    let url = absolute(&src);
    let controller = abort_previous(&el);
    let signal = controller.as_ref().map(|c| c.signal());
    let result = fetch_and_render(&el, &url, signal.as_ref()).await;
    if !is_current(&el, gen) {
        return;
    }
    match result {
        Ok((html, css)) => {
            show(&root, &doc, &html, &css);
            apply_theme(&el);
            set_state(&el, "ready", None);
            scroll_to_hash(&root);
        }
        Err(msg) => show_error(&el, &root, &doc, &msg),
    }
}

async fn fetch_and_render(
    el: &HtmlElement,
    url: &str,
    signal: Option<&web_sys::AbortSignal>,
) -> Result<(Html, String), String> {
    let bytes = fetch::fetch_bytes(url, signal).await?;
    let mut loaded = super::load_any(&bytes, url).await;
    // An HTML page whose data lives in its _payload.json (prerendered Nuxt page).
    if loaded.terms.is_empty() && content::sniff(&bytes, url) == content::Format::Html {
        if let Ok(html) = std::str::from_utf8(&bytes) {
            if let Some((_, Some(data_src))) = crate::decode::nuxt::extract_nuxt_data(html) {
                let next =
                    web_sys::Url::new_with_base(&data_src, url).map(|u| u.href()).map_err(|e| fetch::describe(&e))?;
                let more = fetch::fetch_bytes(&next, signal).await?;
                loaded = super::load_any(&more, &next).await;
            }
        }
    }
    let term = pick(&loaded.terms, el.get_attribute("term").as_deref()).ok_or_else(|| {
        loaded.errors.first().map(|e| format!("{url}: {e}")).unwrap_or_else(|| format!("{url}: no term found"))
    })?;
    let linker = TemplateLinker {
        template: el.get_attribute("href-template").filter(|t| !t.is_empty()),
        base: PayloadBase::infer(url, term.path.as_deref()),
    };
    let r = render::render_term(term, &RenderOptions { linker: &linker, ..Default::default() });
    Ok((r.html, r.css))
}

/// The document to show: by `term` attribute (slug, id or title), else the first term, else the first document.
fn pick<'a>(terms: &'a [Term], want: Option<&str>) -> Option<&'a Term> {
    if let Some(w) = want.filter(|w| !w.is_empty()) {
        return terms.iter().find(|t| {
            t.slug.eq_ignore_ascii_case(w) || t.id.eq_ignore_ascii_case(w) || t.title.eq_ignore_ascii_case(w)
        });
    }
    terms.iter().find(|t| t.kind == Kind::Term).or_else(|| terms.first())
}

fn show(root: &ShadowRoot, doc: &Document, html: &Html, css: &str) {
    js::adopt(root, &[render::style::WIDGET_CSS], css);
    if let Ok(node) = dom::build(doc, html) {
        root.set_text_content(None);
        let _ = root.append_child(&node);
    }
}

fn show_error(el: &HtmlElement, root: &ShadowRoot, doc: &Document, msg: &str) {
    let html: Html = El::new("div")
        .class("glossa glossa-error")
        .attr("role", "alert")
        .child(El::new("p").child(El::new("strong").text("This term could not be shown.")))
        .child(El::new("p").child(El::new("code").text(msg)))
        .child(El::new("p").child(El::new("button").class("glossa-retry").attr("type", "button").text("Try again")))
        .into();
    show(root, doc, &html, "");
    set_state(el, "error", Some(msg));
}

fn apply_theme(el: &HtmlElement) {
    let Some(root) = el.shadow_root() else { return };
    let Ok(Some(article)) = root.query_selector(".glossa") else { return };
    match el.get_attribute("theme").filter(|t| t == "light" || t == "dark") {
        Some(t) => {
            let _ = article.set_attribute("data-theme", &t);
        }
        None => {
            let _ = article.remove_attribute("data-theme");
        }
    }
}

/// Scrolls to the element named by the page's `#hash`, if it is in this shadow root.
fn scroll_to_hash(root: &ShadowRoot) {
    let Some(hash) = web_sys::window().and_then(|w| w.location().hash().ok()) else { return };
    let id = hash.trim_start_matches('#');
    if id.is_empty() {
        return;
    }
    let id = js_sys::decode_uri_component(id).map(String::from).unwrap_or_else(|_| id.to_owned());
    if let Some(target) = root.get_element_by_id(&id) {
        target.scroll_into_view();
    }
}

/// Delegated clicks inside a shadow root: copy buttons and in-page `#anchor` links.
pub fn on_click(root: &ShadowRoot, ev: &Event) {
    let Some(target) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
    if let Ok(Some(button)) = target.closest("button.glossa-copy") {
        copy_code(&button);
        return;
    }
    if target.closest("button.glossa-retry").ok().flatten().is_some() {
        if let Ok(host) = root.host().dyn_into::<HtmlElement>() {
            match host.local_name().as_str() {
                "glossa-entry" => wasm_bindgen_futures::spawn_local(load(host)),
                "glossa-search" => super::search_box::retry(&host),
                _ => {}
            }
        }
        return;
    }
    if let Ok(Some(a)) = target.closest("a[href^='#']") {
        let href = a.get_attribute("href").unwrap_or_default();
        let frag = href.strip_prefix('#').unwrap_or(&href);
        let id = js_sys::decode_uri_component(frag).map(String::from).unwrap_or_else(|_| frag.to_owned());
        if let Some(t) = root.get_element_by_id(&id) {
            ev.prevent_default();
            t.scroll_into_view();
            if let Some(w) = web_sys::window() {
                if let Ok(h) = w.history() {
                    let _ = h.push_state_with_url(&JsValue::NULL, "", Some(&href));
                }
            }
        }
    }
}

pub fn copy_code(button: &Element) {
    let Ok(Some(figure)) = button.closest("figure") else { return };
    let Ok(Some(pre)) = figure.query_selector("pre") else { return };
    let text = pre.text_content().unwrap_or_default();
    let button = button.clone();
    let promise = js::copy_text(&text);
    wasm_bindgen_futures::spawn_local(async move {
        let ok = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
        button.set_text_content(Some(if ok { "Copied" } else { "Copy failed" }));
        let _ = button.set_attribute("data-copied", if ok { "true" } else { "false" });
        let reset = button.clone();
        let cb = Closure::once_into_js(move || {
            reset.set_text_content(Some("Copy"));
            let _ = reset.remove_attribute("data-copied");
        });
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(cb.unchecked_ref(), 1500);
        }
    });
}
