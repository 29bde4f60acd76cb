//! Layer 4, first load: the module a page downloads before the reader does anything.
//!
//! It links mentions (live, like the full module would), gives them their look and
//! keyboard access, draws the search box, and watches for the first sign of intent — a
//! pointer over or focus on a mention or the search box, a tap, `/` or Ctrl/⌘-K — to ask
//! `glossa.js` for the full module, which then takes every element over (the search box
//! keeps the reader's focus and typing). Elements that show content at once
//! (`<glossa-entry>`, `<glossa-glossary>`) ask for it as soon as they appear.

use std::cell::{Cell, RefCell};

use js_sys::Function;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlElement, HtmlInputElement, KeyboardEvent};

use super::base::life::{Listen, Owner};
use super::base::{config, dom, js, settings};
use super::state::names;
use super::widgets::{autolink, common, term};

thread_local! {
    static WANT_FULL: RefCell<Option<Function>> = const { RefCell::new(None) };
    static UID: Cell<u32> = const { Cell::new(0) };
    /// The page-long intent listeners.
    static OWNER: RefCell<Option<std::rc::Rc<Owner>>> = const { RefCell::new(None) };
}

/// Asks `glossa.js` for the full module (it loads it once, and again after a failure).
fn want_full(why: &str) {
    if let Some(f) = WANT_FULL.with(|w| w.borrow().clone()) {
        let _ = f.call1(&JsValue::NULL, &JsValue::from_str(why));
    }
}

/// Starts the first-load module. `want_full(reason)` loads the full module;
/// `full_names(url)` resolves with `[[id, title, acronym, ...aliases], …]` for glossaries
/// only the full module can read.
#[wasm_bindgen]
pub fn start(
    default_glossary: Option<String>,
    autolink_selector: Option<String>,
    want: Function,
    full_names: Function,
) -> Result<(), JsValue> {
    std::panic::set_hook(Box::new(|info| js::report_stopped(&info.to_string())));
    config::set_default_glossary(default_glossary);
    config::set_autolink_selector(autolink_selector);
    WANT_FULL.with(|w| *w.borrow_mut() = Some(want));
    names::set_full_names(full_names);
    define_placeholders()?;
    listen_for_intent()?;
    autolink::start();
    Ok(())
}

/// The elements, as placeholders the full module takes over.
fn define_placeholders() -> Result<(), JsValue> {
    js::define(
        "glossa-term",
        common::TERM_OBSERVED,
        |el: HtmlElement| {
            term::style(&el);
            term::prepare_trigger(&el);
        },
        |_| {},
        |el: HtmlElement, _| {
            let _ = el.remove_attribute("data-glossa-unknown");
        },
    )?;
    js::define("glossa-search", common::SEARCH_OBSERVED, draw_search, |_| {}, |_, _| {})?;
    for name in ["glossa-entry", "glossa-glossary"] {
        let observed = if name == "glossa-entry" { common::ENTRY_OBSERVED } else { common::BROWSER_OBSERVED };
        js::define(name, observed, |_| want_full("content"), |_| {}, |_, _| {})?;
    }
    Ok(())
}

/// Draws the search box the full module will keep.
fn draw_search(el: HtmlElement) {
    let Ok(root) = common::shadow(&el) else { return };
    if root.query_selector(".gs-list").ok().flatten().is_some() {
        return;
    }
    let uid = UID.with(|u| {
        u.set(u.get() + 1);
        format!("gsl{}", u.get())
    });
    {
        use crate::render::style::{BASE_CSS, SEARCH_CSS};
        js::adopt(&root, &[BASE_CSS, SEARCH_CSS], "");
    }
    let _ = dom::replace(&root, &common::search_box(&el, &uid));
}

fn is_trigger_path(e: &Event) -> bool {
    e.composed_path().iter().any(|v| {
        v.dyn_ref::<Element>().is_some_and(|el| {
            let tag = el.tag_name();
            tag.eq_ignore_ascii_case("glossa-term")
                || tag.eq_ignore_ascii_case("glossa-search")
                || el.has_attribute("data-glossa-term")
        })
    })
}

/// The key was typed into an editable element (the host's fields, or ours).
fn in_editable(e: &KeyboardEvent) -> bool {
    let path = e.composed_path();
    let Some(t) = path.get(0).dyn_into::<HtmlElement>().ok() else { return false };
    let tag = t.tag_name().to_ascii_lowercase();
    matches!(tag.as_str(), "input" | "textarea" | "select") || t.is_content_editable()
}

fn listen_for_intent() -> Result<(), JsValue> {
    let doc = dom::document().ok_or("no document")?;
    let owner = Owner::new();
    let capture = Listen { capture: true, passive: true };
    for name in ["pointerover", "focusin", "pointerdown", "touchstart"] {
        owner.listen_with(&doc, name, capture, |e| {
            if is_trigger_path(&e) {
                want_full("intent");
            }
        });
    }
    // `/` and Ctrl/⌘-K focus the first search box right away (it keeps what is typed).
    owner.listen(&doc, "keydown", |e| {
        let Some(k) = e.dyn_ref::<KeyboardEvent>() else { return };
        if k.default_prevented() || k.alt_key() || in_editable(k) {
            return;
        }
        let slash = k.key() == "/" && !k.ctrl_key() && !k.meta_key();
        let ctrl_k = k.key().eq_ignore_ascii_case("k") && (k.ctrl_key() || k.meta_key());
        if !(slash || ctrl_k) {
            return;
        }
        let input = dom::document()
            .and_then(|d| d.query_selector("glossa-search").ok().flatten())
            .and_then(|s| s.shadow_root())
            .and_then(|r| r.query_selector(".gs-input").ok().flatten())
            .and_then(|i| i.dyn_into::<HtmlInputElement>().ok());
        if let Some(i) = input {
            k.prevent_default();
            let _ = i.focus();
        }
        want_full("shortcut");
    });
    OWNER.with(|o| *o.borrow_mut() = Some(owner));
    Ok(())
}

/// What this module holds, for lifecycle tests.
#[wasm_bindgen(js_name = debugCounts)]
pub fn debug_counts() -> JsValue {
    settings::counts_object(&[("autolinkContainers", autolink::containers_len())])
}

super::base::settings::common_exports!();

/// Links glossary mentions inside `container` now (see the full module's `autolink`).
#[wasm_bindgen(js_name = autolink)]
pub fn autolink_js(container: Element) -> js_sys::Promise {
    autolink::autolink(container)
}
