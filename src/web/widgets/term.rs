//! `<glossa-term term="llm">large language models</glossa-term>`: a term mention.
//! Its text stays in the page (light DOM, slotted); the element only adds a subtle
//! underline, keyboard focus and the preview card. Elements with
//! `data-glossa-term="…"` get the same treatment.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

use super::{cards, js};

const TERM_CSS: &str = ":host{text-decoration:underline dotted;text-decoration-thickness:from-font;text-underline-offset:.2em;cursor:help;border-radius:2px}:host(:focus-visible){outline:2px solid var(--glossa-accent,#0b63ce);outline-offset:2px}:host([data-glossa-unknown]){text-decoration:none;cursor:auto}";

pub fn define() -> Result<(), JsValue> {
    js::define(
        "glossa-term",
        &["term", "glossary"],
        |el: HtmlElement| connect(&el),
        |el: HtmlElement, _attr: String| {
            let _ = el.remove_attribute("data-glossa-unknown");
        },
    )?;
    // Mentions marked up with the attribute form.
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        if let Ok(list) = doc.query_selector_all("[data-glossa-term]") {
            for i in 0..list.length() {
                if let Some(el) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                    cards::prepare_trigger(&el);
                }
            }
        }
    }
    Ok(())
}

/// The same look for mentions in the page itself, as one document-level sheet: a shadow
/// root per mention costs the browser a style scope each, and autolinking makes tens of
/// thousands. `:where()` keeps the rules at zero specificity, so the page's own CSS wins.
const DOCUMENT_CSS: &str = ":where(glossa-term){text-decoration:underline dotted;text-decoration-thickness:from-font;text-underline-offset:.2em;cursor:help;border-radius:2px}:where(glossa-term:focus-visible){outline:2px solid var(--glossa-accent,#0b63ce);outline-offset:2px}:where(glossa-term[data-glossa-unknown]){text-decoration:none;cursor:auto}";

thread_local! {
    static DOCUMENT_SHEET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

fn connect(el: &HtmlElement) {
    let in_document = el.get_root_node().dyn_ref::<web_sys::Document>().is_some();
    if in_document {
        if !DOCUMENT_SHEET.with(|d| d.replace(true)) {
            if let Some(s) = js::sheet(DOCUMENT_CSS) {
                js::adopt_document_sheet(&s);
            }
        }
    } else if el.shadow_root().is_none() {
        // Inside another shadow tree the document's sheet does not reach: style it itself.
        if let Ok(root) = el.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open)) {
            js::adopt(&root, &[TERM_CSS], "");
            if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
                if let Ok(slot) = doc.create_element("slot") {
                    let _ = root.append_child(&slot);
                }
            }
        }
    }
    if !el.has_attribute("role") {
        let _ = el.set_attribute("role", "button");
    }
    cards::prepare_trigger(el);
}
