//! `<glossa-term term="llm">large language models</glossa-term>`: a term mention.
//! Its text stays in the page (light DOM, slotted); the element only adds a subtle
//! underline, keyboard focus and the preview card. Elements with
//! `data-glossa-term="…"` get the same treatment.

use std::cell::Cell;
use std::rc::Rc;
use std::thread::LocalKey;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

use super::super::base::js;
use super::super::base::life::{self, Owner, Registry, Widget};
#[cfg(feature = "web")]
use super::cards;
use super::common;

const TERM_CSS: &str = ":host{text-decoration:underline dotted;text-decoration-thickness:from-font;text-underline-offset:.2em;cursor:help;border-radius:2px}:host(:focus-visible){outline:2px solid var(--glossa-accent,#0b63ce);outline-offset:2px}:host([data-glossa-unknown]){text-decoration:none;cursor:auto}";

/// The same look for mentions in the page itself, as one document-level sheet: a shadow
/// root per mention costs the browser a style scope each, and autolinking makes tens of
/// thousands. `:where()` keeps the rules at zero specificity, so the page's own CSS wins.
const DOCUMENT_CSS: &str = ":where(glossa-term){text-decoration:underline dotted;text-decoration-thickness:from-font;text-underline-offset:.2em;cursor:help;border-radius:2px}:where(glossa-term:focus-visible){outline:2px solid var(--glossa-accent,#0b63ce);outline-offset:2px}:where(glossa-term[data-glossa-unknown]){text-decoration:none;cursor:auto}";

thread_local! {
    static REGISTRY: Registry<Mention> = Registry::new();
    static DOCUMENT_SHEET: Cell<bool> = const { Cell::new(false) };
}

pub struct Mention {
    el: HtmlElement,
}

impl Widget for Mention {
    const NAME: &'static str = "glossa-term";
    const OBSERVED: &'static [&'static str] = common::TERM_OBSERVED;

    fn registry() -> &'static LocalKey<Registry<Self>> {
        &REGISTRY
    }

    fn mount(el: &HtmlElement, owner: &Rc<Owner>) -> Result<Rc<Self>, JsValue> {
        style(el);
        if !el.has_attribute("role") {
            let _ = el.set_attribute("role", "button");
        }
        prepare_trigger(el);
        // A card open on this mention goes with it.
        #[cfg(feature = "web")]
        {
            let gone: Element = el.clone().into();
            owner.on_cleanup(move || cards::trigger_gone(&gone));
        }
        #[cfg(not(feature = "web"))]
        let _ = owner;
        Ok(Rc::new(Mention { el: el.clone() }))
    }

    /// A mention that names another term (or glossary) is worth trying again.
    fn changed(self: &Rc<Self>, _attr: &str) {
        let _ = self.el.remove_attribute("data-glossa-unknown");
        prepare_trigger(&self.el);
    }
}

/// Mentions in the page use the document sheet; inside another shadow tree the
/// document's sheet does not reach, so the mention styles itself.
pub fn style(el: &HtmlElement) {
    if el.get_root_node().dyn_ref::<web_sys::Document>().is_some() {
        if !DOCUMENT_SHEET.with(|d| d.replace(true)) {
            if let Some(s) = js::sheet(DOCUMENT_CSS) {
                js::adopt_document_sheet("glossa-term", &s);
            }
        }
    } else if el.shadow_root().is_none() {
        if let Ok(root) = el.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open)) {
            js::adopt(&root, &[TERM_CSS], "");
            if let Some(slot) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.create_element("slot").ok())
            {
                let _ = root.append_child(&slot);
            }
        }
    }
}

/// Registers the element, and prepares the attribute form already in the page.
pub fn define() -> Result<(), JsValue> {
    life::define::<Mention>()?;
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        if let Ok(list) = doc.query_selector_all("[data-glossa-term]") {
            for i in 0..list.length() {
                if let Some(el) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                    prepare_trigger(&el);
                }
            }
        }
    }
    Ok(())
}

/// Marks up a mention so keyboard and assistive technology users can reach its card.
pub fn prepare_trigger(el: &Element) {
    let focusable = matches!(el.tag_name().to_ascii_lowercase().as_str(), "a" | "button")
        && (el.has_attribute("href") || el.tag_name().eq_ignore_ascii_case("button"));
    if !focusable && !el.has_attribute("tabindex") {
        let _ = el.set_attribute("tabindex", "0");
    }
    // `aria-expanded`/`aria-haspopup` need an interactive role.
    if !focusable && !el.has_attribute("role") {
        let _ = el.set_attribute("role", "button");
    }
    if !el.has_attribute("aria-haspopup") {
        let _ = el.set_attribute("aria-haspopup", "dialog");
    }
    if !el.has_attribute("aria-expanded") {
        let _ = el.set_attribute("aria-expanded", "false");
    }
}
