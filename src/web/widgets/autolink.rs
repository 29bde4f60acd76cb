//! Automatic mention detection in the host page (opt-in per container:
//! `<main data-glossa-autolink>`). Text nodes are split and the mention wrapped
//! in `<glossa-term>` — text is never re-parsed, so the page's event listeners and
//! the reader's selection survive. Work is done in slices of a few milliseconds,
//! so a page of 5 000 paragraphs never blocks the main thread for long.
//!
//! Skipped: `code`, `pre`, `kbd`, `samp`, links, headings, form controls, scripts,
//! existing mentions, editable content and anything under `[data-glossa-skip]`.
//! Only the first mention of a term per section (between headings) is linked,
//! unless the container says `data-glossa-autolink="all"`.

use std::collections::HashSet;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Node, Text};

use super::api;
use super::entry;

const SKIP: &[&str] = &[
    "CODE",
    "PRE",
    "KBD",
    "SAMP",
    "A",
    "BUTTON",
    "INPUT",
    "TEXTAREA",
    "SELECT",
    "OPTION",
    "LABEL",
    "SCRIPT",
    "STYLE",
    "NOSCRIPT",
    "TEMPLATE",
    "SVG",
    "MATH",
    "IFRAME",
    "GLOSSA-TERM",
    "GLOSSA-ENTRY",
    "GLOSSA-SEARCH",
    "GLOSSA-GLOSSARY",
    "GLOSSA-CARD",
    "TITLE",
    "TEXTAREA",
];

fn heading(tag: &str) -> bool {
    matches!(tag, "H1" | "H2" | "H3" | "H4" | "H5" | "H6")
}

/// Processes every `[data-glossa-autolink]` container on the page.
pub fn start() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let Ok(list) = doc.query_selector_all("[data-glossa-autolink]") else { return };
    for i in 0..list.length() {
        if let Some(el) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
            wasm_bindgen_futures::spawn_local(async move {
                if let Err(e) = run(el).await {
                    web_sys::console::warn_1(&format!("glossa autolink: {e}").into());
                }
            });
        }
    }
}

/// Work units per autolink slice (a node visited is one unit).
const AUTOLINK_SLICE: usize = 600;
/// Units charged for each mention wrapped (two text splits, an element, an insertion).
const MENTION_UNITS: usize = 8;

/// Links mentions inside `container`; resolves with the number of mentions linked.
pub async fn run(container: Element) -> Result<u32, String> {
    let url = container
        .get_attribute("data-glossa-glossary")
        .or_else(|| container.get_attribute("glossary"))
        .filter(|g| !g.is_empty())
        .or_else(super::search_box::default_glossary)
        .ok_or("no glossary: set data-glossary on the script tag or data-glossa-glossary on the container")?;
    let g = api::shared(&entry::absolute(&url)).await.map_err(|e| super::fetch::describe(&e))?;
    let linker = api::autolinker(&g).await;
    let ids: Vec<String> = g.borrow().manifest.terms.iter().map(|e| e.id.clone()).collect();
    let every = container.get_attribute("data-glossa-autolink").as_deref() == Some("all");
    let _ = container.set_attribute("data-glossa-autolink-state", "running");
    let doc = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let mut section = 0u32;
    let mut seen: HashSet<(u32, u32)> = HashSet::new();
    let mut linked = 0u32;
    // Explicit DFS over the container; resumable between slices.
    let mut stack: Vec<Node> = Vec::new();
    let mut child = container.last_child();
    while let Some(c) = child {
        child = c.previous_sibling();
        stack.push(c);
    }
    // Short slices: each one's insertions cost the browser style and layout work in the
    // next frame too. A unit is a node visited; a wrapped mention costs MENTION_UNITS.
    let mut slicer = super::sched::Slicer::new("autolink", AUTOLINK_SLICE);
    while let Some(node) = stack.pop() {
        if slicer.tick(1) {
            slicer.pause_for_render().await;
        }
        if !node.is_connected() {
            continue;
        }
        match node.node_type() {
            Node::ELEMENT_NODE => {
                let el: &Element = node.unchecked_ref();
                let tag = el.tag_name().to_ascii_uppercase();
                if heading(&tag) {
                    section += 1;
                    continue;
                }
                if SKIP.contains(&tag.as_str())
                    || el.has_attribute("data-glossa-skip")
                    || el.has_attribute("data-glossa-term")
                    || el.get_attribute("contenteditable").is_some_and(|v| v != "false")
                {
                    continue;
                }
                let mut c = node.last_child();
                while let Some(x) = c {
                    c = x.previous_sibling();
                    stack.push(x);
                }
            }
            Node::TEXT_NODE => {
                let text: Text = node.unchecked_into();
                let data = text.data();
                if data.trim().len() < 2 {
                    continue;
                }
                slicer.tick(data.len() / 1024); // matching is linear in the text
                let mentions: Vec<_> =
                    linker.find(&data).into_iter().filter(|m| every || seen.insert((m.term, section))).collect();
                // Right to left, so earlier offsets stay valid.
                for m in mentions.iter().rev() {
                    let Some(id) = ids.get(m.term as usize) else { continue };
                    if text.split_text(m.end).is_err() {
                        continue;
                    }
                    let Ok(mid) = text.split_text(m.start) else { continue };
                    let Ok(term) = doc.create_element("glossa-term") else { continue };
                    let _ = term.set_attribute("term", id);
                    if let Some(parent) = mid.parent_node() {
                        if parent.insert_before(&term, Some(&mid)).is_ok() && term.append_child(&mid).is_ok() {
                            linked += 1;
                            slicer.tick(MENTION_UNITS);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    let _ = container.set_attribute("data-glossa-autolink-state", "done");
    let _ = container.set_attribute("data-glossa-linked", &linked.to_string());
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_detail(&JsValue::from(linked));
    if let Ok(ev) = web_sys::CustomEvent::new_with_event_init_dict("glossa-autolinked", &init) {
        let _ = container.dispatch_event(&ev);
    }
    Ok(linked)
}

/// Runs autolinking on `container` from JS (e.g. after a single-page-app navigation).
#[wasm_bindgen(js_name = autolink)]
pub fn autolink_js(container: Element) -> js_sys::Promise {
    wasm_bindgen_futures::future_to_promise(async move {
        run(container).await.map(JsValue::from).map_err(|e| JsError::new(&e).into())
    })
}
