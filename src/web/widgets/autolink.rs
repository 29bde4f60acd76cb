//! Automatic mention detection in the host page (opt-in per container:
//! `<main data-glossa-autolink>`), for content that is there at start *and* content
//! that arrives later: one `MutationObserver` follows containers added at any time
//! and text added or replaced inside them, as single-page apps do on navigation.
//!
//! Text nodes are split and the mention wrapped in `<glossa-term>` — text is never
//! re-parsed, so the page's event listeners and the reader's selection survive. Work
//! is done in slices of bounded units ([`sched::Slicer`]); the observer's records
//! caused by our own wrapping are dropped at the end of each slice, so mentions are
//! never wrapped twice. Work for content that leaves the page is skipped.
//!
//! Skipped: `code`, `pre`, `kbd`, `samp`, links, headings, form controls, scripts,
//! existing mentions, editable content and anything under `[data-glossa-skip]`.
//! Only the first mention of a term per section (between headings) is linked,
//! unless the container says `data-glossa-autolink="all"`.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, MutationObserver, MutationObserverInit, MutationRecord, Node, Text};

use super::super::base::{config, dom, sched, url, words};
use super::super::state::names;

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
];

const SELECTOR: &str = "[data-glossa-autolink]";

/// The containers to follow: `[data-glossa-autolink]`, plus the page's own selector.
fn selector() -> String {
    match config::autolink_selector() {
        Some(extra) if dom::document().is_some_and(|d| d.query_selector(&extra).is_ok()) => {
            format!("{SELECTOR}, {extra}")
        }
        _ => SELECTOR.to_owned(),
    }
}

/// Work units per autolink slice (a node visited is one unit).
const AUTOLINK_SLICE: usize = 600;
/// Units charged for each mention wrapped (two text splits, an element, an insertion).
const MENTION_UNITS: usize = 8;

fn heading(tag: &str) -> bool {
    matches!(tag, "H1" | "H2" | "H3" | "H4" | "H5" | "H6")
}

/// One autolinked container and the work waiting for it.
struct Container {
    el: Element,
    every: bool,
    /// Subtrees to scan, in the order they arrived.
    queue: VecDeque<Node>,
    running: bool,
    /// The mention linked per (section, term): a term is linked again in a section
    /// only when its earlier mention has left the page (content replaced).
    linked: HashMap<(u32, u32), Node>,
    /// Mentions wrapped so far.
    count: u32,
    /// Callers of `autolink(el)` waiting for the queue to drain: (resolve, el).
    waiters: Vec<(js_sys::Function, Element)>,
}

type Handle = Rc<RefCell<Container>>;

thread_local! {
    static CONTAINERS: RefCell<Vec<Handle>> = const { RefCell::new(Vec::new()) };
    static OBSERVER: RefCell<Option<MutationObserver>> = const { RefCell::new(None) };
    static SECTION: Cell<u32> = const { Cell::new(0) };
    static SELECTOR_IN_USE: RefCell<String> = RefCell::new(SELECTOR.to_owned());
}

fn containers_selector() -> String {
    SELECTOR_IN_USE.with(|s| s.borrow().clone())
}

/// Containers being followed (for the lifecycle tests).
pub fn containers_len() -> usize {
    CONTAINERS.with(|c| c.borrow().len())
}

/// Starts following the page: every container now, and any that arrives later.
pub fn start() {
    let Some(doc) = dom::document() else { return };
    let sel = selector();
    SELECTOR_IN_USE.with(|s| *s.borrow_mut() = sel.clone());
    if let Ok(list) = doc.query_selector_all(&sel) {
        for i in 0..list.length() {
            if let Some(el) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                follow(&el, true);
            }
        }
    }
    observe(&doc);
}

fn observe(doc: &web_sys::Document) {
    if OBSERVER.with(|o| o.borrow().is_some()) {
        return;
    }
    let cb = Closure::<dyn Fn(js_sys::Array)>::new(|records: js_sys::Array| on_mutations(&records));
    let Ok(obs) = MutationObserver::new(cb.as_ref().unchecked_ref()) else { return };
    cb.forget(); // one observer for the page
    let init = MutationObserverInit::new();
    init.set_child_list(true);
    init.set_subtree(true);
    init.set_character_data(true);
    init.set_attributes(true);
    init.set_attribute_filter(&js_sys::Array::of1(&"data-glossa-autolink".into()));
    if let Some(root) = doc.document_element() {
        if obs.observe_with_options(&root, &init).is_ok() {
            OBSERVER.with(|o| *o.borrow_mut() = Some(obs));
        }
    }
}

/// Drops the records our own wrapping produced (called at the end of each slice).
fn forget_own_mutations() {
    OBSERVER.with(|o| {
        if let Some(obs) = o.borrow().as_ref() {
            let _ = obs.take_records();
        }
    });
}

fn find(el: &Element) -> Option<Handle> {
    CONTAINERS.with(|c| c.borrow().iter().find(|h| h.borrow().el == *el).cloned())
}

/// Starts (or continues) linking inside `el`; with `whole`, the whole container is queued.
fn follow(el: &Element, whole: bool) -> Handle {
    let h = find(el).unwrap_or_else(|| {
        let h = Rc::new(RefCell::new(Container {
            el: el.clone(),
            every: false,
            queue: VecDeque::new(),
            running: false,
            linked: HashMap::new(),
            count: 0,
            waiters: Vec::new(),
        }));
        CONTAINERS.with(|c| c.borrow_mut().push(h.clone()));
        h
    });
    if whole {
        let node: Node = el.clone().into();
        let mut c = h.borrow_mut();
        c.every = el.get_attribute("data-glossa-autolink").as_deref() == Some("all");
        c.queue.push_back(node);
    }
    kick(&h);
    h
}

fn kick(h: &Handle) {
    let start = {
        let mut c = h.borrow_mut();
        !std::mem::replace(&mut c.running, true)
    };
    if start {
        let h = h.clone();
        wasm_bindgen_futures::spawn_local(async move {
            if let Err(e) = run(&h).await {
                web_sys::console::warn_1(&format!("glossa autolink: {e}").into());
            }
            finish(&h);
        });
    }
}

/// Containers that left the page are forgotten with their work.
fn sweep() {
    CONTAINERS.with(|c| c.borrow_mut().retain(|h| h.borrow().el.is_connected()));
}

fn on_mutations(records: &js_sys::Array) {
    sweep();
    let mut touched: Vec<Handle> = Vec::new();
    for r in records.iter() {
        let Ok(r) = r.dyn_into::<MutationRecord>() else { continue };
        match r.type_().as_str() {
            "attributes" => {
                if let Some(el) = r.target().and_then(|t| t.dyn_into::<Element>().ok()) {
                    if el.has_attribute("data-glossa-autolink") && el.is_connected() {
                        touched.push(follow(&el, true));
                    }
                }
            }
            "characterData" => {
                if let Some(t) = r.target() {
                    if let Some(h) = enqueue(&t) {
                        touched.push(h);
                    }
                }
            }
            _ => {
                let added = r.added_nodes();
                for i in 0..added.length() {
                    let Some(n) = added.item(i) else { continue };
                    // New containers (the node itself or inside it) are linked whole.
                    if let Some(el) = n.dyn_ref::<Element>() {
                        let sel = containers_selector();
                        if el.matches(&sel).unwrap_or(false) {
                            touched.push(follow(el, true));
                            continue;
                        }
                        if let Ok(list) = el.query_selector_all(&sel) {
                            for j in 0..list.length() {
                                if let Some(c) = list.item(j).and_then(|x| x.dyn_into::<Element>().ok()) {
                                    touched.push(follow(&c, true));
                                }
                            }
                        }
                    }
                    if let Some(h) = enqueue(&n) {
                        touched.push(h);
                    }
                }
            }
        }
    }
    for h in &touched {
        kick(h);
    }
}

/// Queues `n` with the container it is in, unless it is inside one of our mentions.
fn enqueue(n: &Node) -> Option<Handle> {
    if !n.is_connected() {
        return None;
    }
    let el = match n.dyn_ref::<Element>() {
        Some(e) => e.clone(),
        None => n.parent_element()?,
    };
    if el.closest("glossa-term").ok().flatten().is_some() {
        return None;
    }
    let container = el.closest(&containers_selector()).ok().flatten()?;
    let h = find(&container)?;
    h.borrow_mut().queue.push_back(n.clone());
    Some(h)
}

fn finish(h: &Handle) {
    let (el, count, waiters) = {
        let mut c = h.borrow_mut();
        c.running = false;
        (c.el.clone(), c.count, std::mem::take(&mut c.waiters))
    };
    sweep();
    let _ = el.set_attribute("data-glossa-autolink-state", "done");
    let _ = el.set_attribute("data-glossa-linked", &count.to_string());
    forget_own_mutations();
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_detail(&JsValue::from(count));
    if let Ok(ev) = web_sys::CustomEvent::new_with_event_init_dict("glossa-autolinked", &init) {
        let _ = el.dispatch_event(&ev);
    }
    for (resolve, el) in waiters {
        let _ = resolve.call1(&JsValue::NULL, &JsValue::from(mentions_in(&el)));
    }
    // Work that arrived while the event handlers ran.
    if !h.borrow().queue.is_empty() && el.is_connected() {
        kick(h);
    }
}

/// The section key of heading `h` (kept on the element).
fn section_key(h: &Element) -> u32 {
    let key = JsValue::from_str("__glossaSection");
    if let Some(k) = js_sys::Reflect::get(h, &key).ok().and_then(|v| v.as_f64()) {
        return k as u32;
    }
    let k = SECTION.with(|s| {
        s.set(s.get() + 1);
        s.get()
    });
    let _ = js_sys::Reflect::set(h, &key, &JsValue::from(k));
    k
}

/// The section `n` is in: the nearest heading before it inside `container` (0: none).
fn section_of(n: &Node, container: &Element) -> u32 {
    let mut cur = n.clone();
    loop {
        if let Some(prev) = cur.previous_sibling() {
            cur = prev;
            if let Some(el) = cur.dyn_ref::<Element>() {
                let tag = el.tag_name().to_ascii_uppercase();
                if heading(&tag) {
                    return section_key(el);
                }
                if let Ok(list) = el.query_selector_all("h1,h2,h3,h4,h5,h6") {
                    if let Some(last) =
                        list.item(list.length().wrapping_sub(1)).and_then(|x| x.dyn_into::<Element>().ok())
                    {
                        return section_key(&last);
                    }
                }
            }
            continue;
        }
        let top: &Node = container.as_ref();
        match cur.parent_node() {
            Some(p) if p != *top => cur = p,
            _ => return 0,
        }
    }
}

/// Links the container's queued subtrees.
async fn run(h: &Handle) -> Result<(), String> {
    let container = h.borrow().el.clone();
    let u = container
        .get_attribute("data-glossa-glossary")
        .or_else(|| container.get_attribute("glossary"))
        .filter(|g| !g.is_empty())
        .or_else(config::default_glossary)
        .ok_or("no glossary: set data-glossary on the script tag or data-glossa-glossary on the container")?;
    let _ = container.set_attribute("data-glossa-autolink-state", "running");
    // A multilingual glossary: the container's language picks one.
    let (linker, ids) = names::linker_for(&url::absolute(&u), words::lang_of(&container)).await?;
    let doc = dom::document().ok_or("no document")?;
    let mut slicer = sched::Slicer::new("autolink", AUTOLINK_SLICE);
    loop {
        let next = h.borrow_mut().queue.pop_front();
        let Some(root) = next else { break };
        if !container.is_connected() {
            break; // the container left the page: its work goes with it
        }
        if !root.is_connected() || !container.contains(Some(&root)) {
            continue;
        }
        let every = h.borrow().every;
        let top: &Node = container.as_ref();
        let mut section = if root == *top { 0 } else { section_of(&root, &container) };
        // Explicit DFS over the subtree; resumable between slices.
        let mut stack: Vec<Node> = vec![root];
        while let Some(node) = stack.pop() {
            if slicer.tick(1) {
                forget_own_mutations();
                slicer.pause_for_render().await;
                if !container.is_connected() {
                    return Ok(());
                }
            }
            if !node.is_connected() {
                continue;
            }
            match node.node_type() {
                Node::ELEMENT_NODE => {
                    let el: &Element = node.unchecked_ref();
                    let tag = el.tag_name().to_ascii_uppercase();
                    if heading(&tag) {
                        section = section_key(el);
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
                    let n = wrap(h, &doc, &text, &linker, &ids, section, every);
                    slicer.tick(text.length() as usize / 1024 + n * MENTION_UNITS);
                }
                _ => {}
            }
        }
    }
    forget_own_mutations();
    Ok(())
}

/// Wraps the mentions in one text node; returns how many.
fn wrap(
    h: &Handle,
    doc: &web_sys::Document,
    text: &Text,
    linker: &crate::autolink::Autolinker,
    ids: &[String],
    section: u32,
    every: bool,
) -> usize {
    let data = text.data();
    if data.trim().len() < 2 {
        return 0;
    }
    let mentions: Vec<_> = {
        let mut c = h.borrow_mut();
        let mut out = Vec::new();
        for m in linker.find(&data) {
            let taken = c.linked.get(&(section, m.term)).is_some_and(|el| el.is_connected());
            if every || !taken {
                // Reserved now (the element is set once it exists).
                c.linked.insert((section, m.term), text.clone().into());
                out.push(m);
            }
        }
        out
    };
    let mut linked = 0;
    // Right to left, so earlier offsets stay valid.
    for m in mentions.iter().rev() {
        let Some(id) = ids.get(m.term as usize) else { continue };
        if text.split_text(m.end).is_err() {
            continue;
        }
        let Ok(mid) = text.split_text(m.start) else { continue };
        let Ok(term) = doc.create_element("glossa-term") else { continue };
        let _ = term.set_attribute("term", id);
        let _ = term.set_attribute("data-glossa-auto", "");
        if let Some(parent) = mid.parent_node() {
            if parent.insert_before(&term, Some(&mid)).is_ok() && term.append_child(&mid).is_ok() {
                linked += 1;
                let mut c = h.borrow_mut();
                c.count += 1;
                c.linked.insert((section, m.term), term.clone().into());
            }
        }
    }
    linked
}

/// The mentions autolinking made inside `el`.
fn mentions_in(el: &Element) -> u32 {
    el.query_selector_all("glossa-term[data-glossa-auto]").map(|l| l.length()).unwrap_or(0)
}

/// Links mentions inside `el` now and resolves with how many it holds. Inside a followed
/// container, `el` is linked as part of it (its sections and first-mention rule);
/// elsewhere it becomes a container of its own (it need not carry `data-glossa-autolink`).
pub fn autolink(el: Element) -> js_sys::Promise {
    js_sys::Promise::new(&mut |resolve, _| {
        let inside = el.closest(&containers_selector()).ok().flatten().and_then(|c| find(&c));
        let h = match inside {
            Some(h) => {
                h.borrow_mut().queue.push_back(el.clone().into());
                h
            }
            None => follow(&el, true),
        };
        h.borrow_mut().waiters.push((resolve, el.clone()));
        kick(&h);
    })
}
