//! Preview cards: hover, focus or tap a term mention to see its definition.
//!
//! Triggers are `<glossa-term term="…">`, any element with `data-glossa-term="…"`,
//! and term links inside rendered terms. One card is open at a time; it lives in a
//! `<glossa-card>` host in the top layer (popover) with an open shadow root, so host
//! page CSS can neither break it nor be broken by it.
//!
//! Timing follows Wikipedia's page previews: fetch after a 150 ms dwell, show at
//! 500 ms, hide after a 300 ms grace (all configurable). WCAG 1.4.13: Esc dismisses
//! without moving the pointer, the card is hoverable, and it stays while hovered or
//! focused. Touch: the first tap opens the card, a second tap follows the link.

use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;

use js_sys::{Function, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{AbortController, Element, Event, HtmlElement, KeyboardEvent, PointerEvent, ShadowRoot};

use super::api::{self, Shared};
use super::{dom, entry, js};
use crate::render;
use crate::render::card::{card, CardBody, CardInfo};

/// Delays and limits, in milliseconds.
#[derive(Clone, Copy, Debug)]
pub struct Config {
    pub prefetch: i32,
    pub open: i32,
    pub hide: i32,
    pub timeout: i32,
}

impl Default for Config {
    fn default() -> Self {
        Config { prefetch: 150, open: 500, hide: 300, timeout: 8000 }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Via {
    Pointer,
    Focus,
    Touch,
}

struct Open {
    trigger: Element,
    term: String,
    glossary: Shared,
    via: Via,
    point: Option<(f64, f64)>,
    hide_timer: Option<i32>,
    /// Bumped on every render, so a late fetch never paints over a newer card.
    gen: u32,
}

struct Pending {
    trigger: Element,
    timers: Vec<i32>,
    abort: Option<AbortController>,
}

struct Cards {
    host: HtmlElement,
    root: ShadowRoot,
    config: Config,
    open: Option<Open>,
    pending: Option<Pending>,
    /// The pointer type of the last pointerdown (a click after a touch is a tap).
    last_pointer: String,
    warned: HashSet<String>,
    gen: u32,
    term_href: Option<String>,
    /// Focus we move back to a mention ourselves (after Esc) must not reopen its card.
    refocusing: bool,
}

thread_local! {
    static CARDS: RefCell<Option<Rc<RefCell<Cards>>>> = const { RefCell::new(None) };
    static CONFIG: RefCell<(Config, Option<String>)> = RefCell::new((Config::default(), None));
}

const STORAGE_KEY: &str = "glossa:previews";

/// Sets delays and the "Read more" template (`{id}`, `{url}`, `{path}`, `{title}`) before or after start.
pub fn configure(config: Config, term_href: Option<String>) {
    CONFIG.with(|c| *c.borrow_mut() = (config, term_href.clone()));
    if let Some(c) = cards() {
        let mut c = c.borrow_mut();
        c.config = config;
        c.term_href = term_href;
    }
}

/// Are previews on? (A reader can turn them off from a card; the choice is kept in localStorage.)
pub fn enabled() -> bool {
    storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten()).as_deref() != Some("off")
}

/// Turns previews on or off for this reader (kept in localStorage when available).
pub fn set_enabled(on: bool) {
    if let Some(s) = storage() {
        let _ = if on { s.remove_item(STORAGE_KEY) } else { s.set_item(STORAGE_KEY, "off") };
    }
    if !on {
        close(false);
    }
    if let Some(doc) = document() {
        let _ = doc.document_element().map(|e| e.toggle_attribute_with_force("data-glossa-previews-off", !on));
    }
}

fn storage() -> Option<web_sys::Storage> {
    // Throws in sandboxed frames and some privacy modes: treat as "no storage".
    web_sys::window()?.local_storage().ok().flatten()
}

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

fn cards() -> Option<Rc<RefCell<Cards>>> {
    CARDS.with(|c| c.borrow().clone())
}

/// Installs the card host and the document listeners (once).
pub fn start() -> Result<(), JsValue> {
    if cards().is_some() {
        return Ok(());
    }
    let doc = document().ok_or("no document")?;
    let host: HtmlElement = doc.create_element("glossa-card")?.dyn_into()?;
    host.set_id("glossa-card");
    host.set_attribute("popover", "manual")?;
    // Inline `!important` styles beat any host-page rule (`* { all: unset }` included).
    let style = host.style();
    for (k, v) in [
        ("position", "fixed"),
        ("display", "block"),
        ("margin", "0"),
        ("padding", "0"),
        ("border", "0"),
        ("background", "transparent"),
        ("overflow", "visible"),
        ("inset", "auto"),
        ("width", "auto"),
        ("height", "auto"),
        ("max-width", "none"),
        ("max-height", "none"),
        ("color-scheme", "light dark"),
        ("z-index", "2147483647"),
        ("opacity", "1"),
        ("visibility", "visible"),
        ("transform", "none"),
        ("translate", "none"),
        ("scale", "none"),
        ("rotate", "none"),
        ("filter", "none"),
        ("clip-path", "none"),
        ("mask", "none"),
        ("zoom", "1"),
        ("pointer-events", "auto"),
        ("transition", "none"),
        ("animation", "none"),
        ("float", "none"),
        ("content-visibility", "visible"),
        ("box-sizing", "border-box"),
        ("font-size", "16px"),
        ("direction", "ltr"),
    ] {
        style.set_property_with_priority(k, v, "important")?;
    }
    let root = host.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))?;
    js::adopt(&root, &[crate::render::style::WIDGET_CSS, CARD_CSS], "");
    doc.body().ok_or("no body")?.append_child(&host)?;
    let (config, term_href) = CONFIG.with(|c| c.borrow().clone());
    let c = Rc::new(RefCell::new(Cards {
        host: host.clone(),
        root: root.clone(),
        config,
        open: None,
        pending: None,
        last_pointer: String::new(),
        warned: HashSet::new(),
        gen: 0,
        term_href,
        refocusing: false,
    }));
    CARDS.with(|s| *s.borrow_mut() = Some(c));
    listen(&doc, &host, &root)?;
    if !enabled() {
        if let Some(e) = doc.document_element() {
            let _ = e.set_attribute("data-glossa-previews-off", "");
        }
    }
    Ok(())
}

fn on(target: &web_sys::EventTarget, name: &str, capture: bool, f: impl Fn(Event) + 'static) -> Result<(), JsValue> {
    let c = Closure::<dyn Fn(Event)>::new(f);
    let opts = web_sys::AddEventListenerOptions::new();
    opts.set_capture(capture);
    opts.set_passive(matches!(name, "scroll" | "resize"));
    target.add_event_listener_with_callback_and_add_event_listener_options(name, c.as_ref().unchecked_ref(), &opts)?;
    c.forget();
    Ok(())
}

fn listen(doc: &web_sys::Document, host: &HtmlElement, root: &ShadowRoot) -> Result<(), JsValue> {
    on(doc, "pointerover", true, |e| pointer_over(&e))?;
    on(doc, "pointerout", true, |e| pointer_out(&e))?;
    on(doc, "pointerdown", true, |e| {
        if let (Some(c), Some(p)) = (cards(), e.dyn_ref::<PointerEvent>()) {
            c.borrow_mut().last_pointer = p.pointer_type();
        }
    })?;
    on(doc, "click", true, |e| click(&e))?;
    on(doc, "focusin", true, |e| focus_in(&e))?;
    on(doc, "focusout", true, |e| focus_out(&e))?;
    on(doc, "keydown", true, |e| {
        if let Some(k) = e.dyn_ref::<KeyboardEvent>() {
            key(k)
        }
    })?;
    let w = web_sys::window().ok_or("no window")?;
    on(&w, "scroll", true, |_| reposition_soon())?;
    on(&w, "resize", false, |_| reposition_soon())?;
    // Buttons inside the card.
    on(root, "click", false, |e| {
        let Some(t) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
        if t.closest(".gc-off").ok().flatten().is_some() {
            set_enabled(false);
        } else if t.closest(".gc-retry").ok().flatten().is_some() {
            retry();
        }
    })?;
    let _ = host;
    Ok(())
}

/// A trigger in the event's path: (element, term, glossary URL). Events from inside the card are not triggers.
fn trigger_of(e: &Event) -> Option<(Element, String, Option<String>)> {
    let path = e.composed_path();
    let mut trigger: Option<(Element, String)> = None;
    let mut glossary = None;
    for v in path.iter() {
        let Ok(el) = v.dyn_into::<Element>() else { continue };
        if el.tag_name().eq_ignore_ascii_case("glossa-card") {
            return None;
        }
        if trigger.is_none() {
            if el.tag_name().eq_ignore_ascii_case("glossa-term") {
                if let Some(t) = el.get_attribute("term").filter(|t| !t.is_empty()) {
                    trigger = Some((el.clone(), t));
                }
            } else if let Some(t) = el.get_attribute("data-glossa-term").filter(|t| !t.is_empty()) {
                trigger = Some((el.clone(), t));
            }
        }
        if trigger.is_some() && glossary.is_none() {
            glossary = el
                .get_attribute("glossary")
                .or_else(|| el.get_attribute("data-glossa-glossary"))
                .filter(|g| !g.is_empty());
        }
    }
    let (el, term) = trigger?;
    if el.has_attribute("data-glossa-unknown") {
        return None;
    }
    Some((el, term, glossary.or_else(super::search_box::default_glossary)))
}

fn in_card(e: &Event) -> bool {
    e.composed_path()
        .iter()
        .any(|v| v.dyn_ref::<Element>().is_some_and(|el| el.tag_name().eq_ignore_ascii_case("glossa-card")))
}

fn set_timeout(ms: i32, f: impl FnOnce() + 'static) -> i32 {
    let cb = Closure::once_into_js(f);
    web_sys::window()
        .and_then(|w| w.set_timeout_with_callback_and_timeout_and_arguments_0(cb.unchecked_ref(), ms).ok())
        .unwrap_or(0)
}

fn clear_timeout(id: i32) {
    if let Some(w) = web_sys::window() {
        w.clear_timeout_with_handle(id);
    }
}

fn cancel_pending() {
    let Some(c) = cards() else { return };
    let p = c.borrow_mut().pending.take();
    if let Some(p) = p {
        for t in p.timers {
            clear_timeout(t);
        }
        if let Some(a) = p.abort {
            a.abort();
        }
    }
}

fn cancel_hide() {
    let Some(c) = cards() else { return };
    let t = c.borrow_mut().open.as_mut().and_then(|o| o.hide_timer.take());
    if let Some(t) = t {
        clear_timeout(t);
    }
}

fn schedule_hide() {
    let Some(c) = cards() else { return };
    let delay = c.borrow().config.hide;
    cancel_hide();
    let t = set_timeout(delay, || close(false));
    let mut cc = c.borrow_mut();
    if let Some(o) = cc.open.as_mut() {
        o.hide_timer = Some(t);
    }
}

fn is_current(trigger: &Element) -> bool {
    cards().is_some_and(|c| c.borrow().open.as_ref().is_some_and(|o| &o.trigger == trigger))
}

fn pointer_over(e: &Event) {
    if !enabled() {
        return;
    }
    let touch = e.dyn_ref::<PointerEvent>().is_some_and(|p| p.pointer_type() == "touch");
    if in_card(e) {
        cancel_hide();
        return;
    }
    let Some((trigger, term, glossary)) = trigger_of(e) else { return };
    if touch {
        return; // taps are handled by `click`
    }
    if is_current(&trigger) {
        cancel_hide();
        return;
    }
    if cards().is_some_and(|c| c.borrow().pending.as_ref().is_some_and(|p| p.trigger == trigger)) {
        return;
    }
    cancel_pending();
    let Some(c) = cards() else { return };
    let point = e.dyn_ref::<PointerEvent>().map(|p| (p.client_x() as f64, p.client_y() as f64));
    let cfg = c.borrow().config;
    let abort = AbortController::new().ok();
    let signal = abort.as_ref().map(|a| a.signal());
    let (t1, t2) = (trigger.clone(), trigger.clone());
    let (term1, g1) = (term.clone(), glossary.clone());
    // Prefetch on dwell…
    let prefetch = set_timeout(cfg.prefetch, move || {
        wasm_bindgen_futures::spawn_local(async move {
            if let Some((g, _)) = resolve(&t1, &term1, g1.as_deref()).await {
                let _ = api::term_of_with(&g, &term1, signal.as_ref()).await;
            }
        });
    });
    // …and show a little later.
    let show = set_timeout(cfg.open, move || {
        wasm_bindgen_futures::spawn_local(async move {
            if let Some(c) = cards() {
                c.borrow_mut().pending = None;
            }
            open(t2, term, glossary, Via::Pointer, point).await;
        });
    });
    c.borrow_mut().pending = Some(Pending { trigger, timers: vec![prefetch, show], abort });
}

fn pointer_out(e: &Event) {
    let Some(p) = e.dyn_ref::<PointerEvent>() else { return };
    if p.pointer_type() == "touch" {
        return;
    }
    let related = p.related_target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
    let Some(c) = cards() else { return };
    // Leaving a trigger that was still waiting: forget it (and abort its fetch).
    let pending_trigger = c.borrow().pending.as_ref().map(|p| p.trigger.clone());
    if let Some(t) = pending_trigger {
        if trigger_of(e).is_some_and(|(el, _, _)| el == t) && !related.as_ref().is_some_and(|r| t.contains(Some(r))) {
            cancel_pending();
        }
    }
    let open_trigger = c.borrow().open.as_ref().map(|o| o.trigger.clone());
    let Some(t) = open_trigger else { return };
    let host = c.borrow().host.clone();
    let into_card = related.as_ref().is_some_and(|r| host.contains(Some(r)));
    let into_trigger = related.as_ref().is_some_and(|r| t.contains(Some(r)));
    let from_relevant = in_card(e) || trigger_of(e).is_some_and(|(el, _, _)| el == t);
    if from_relevant && !into_card && !into_trigger && !focus_inside(&c.borrow()) {
        schedule_hide();
    }
}

fn focus_inside(c: &Cards) -> bool {
    let Some(doc) = document() else { return false };
    let active = doc.active_element();
    active.as_ref().is_some_and(|a| a == c.host.unchecked_ref::<Element>())
}

/// Whether card code up the stack holds the state: focus events fire synchronously
/// while it moves focus or removes a focused node, and must not touch the state then.
fn busy() -> bool {
    cards().is_some_and(|c| c.try_borrow_mut().is_err())
}

fn focus_in(e: &Event) {
    if !enabled() || busy() {
        return;
    }
    if in_card(e) {
        cancel_hide();
        return;
    }
    let Some((trigger, term, glossary)) = trigger_of(e) else { return };
    if is_current(&trigger) {
        cancel_hide();
        return;
    }
    if cards().is_some_and(|c| std::mem::replace(&mut c.borrow_mut().refocusing, false)) {
        return;
    }
    // Only keyboard focus opens (a mouse click also focuses: the pointer path handles it).
    if !trigger.matches(":focus-visible").unwrap_or(false) {
        return;
    }
    cancel_pending();
    wasm_bindgen_futures::spawn_local(open(trigger, term, glossary, Via::Focus, None));
}

fn focus_out(e: &Event) {
    let Some(c) = cards() else { return };
    if busy() {
        return;
    }
    let Some(f) = e.dyn_ref::<web_sys::FocusEvent>() else { return };
    let related = f.related_target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
    let (host, trigger) = {
        let c = c.borrow();
        match &c.open {
            Some(o) => (c.host.clone(), o.trigger.clone()),
            None => return,
        }
    };
    let stays = related.as_ref().is_some_and(|r| host.contains(Some(r)) || trigger.contains(Some(r)));
    if !stays && c.borrow().open.as_ref().is_some_and(|o| o.via != Via::Pointer) {
        schedule_hide();
    }
}

fn click(e: &Event) {
    let Some(c) = cards() else { return };
    let touch = c.borrow().last_pointer == "touch";
    if in_card(e) {
        return;
    }
    if let Some((trigger, term, glossary)) = trigger_of(e).filter(|_| enabled()) {
        let current = is_current(&trigger);
        if touch {
            if !current {
                // First tap: show the card instead of following the link.
                e.prevent_default();
                cancel_pending();
                wasm_bindgen_futures::spawn_local(open(trigger, term, glossary, Via::Touch, None));
            } else if !trigger.tag_name().eq_ignore_ascii_case("a") {
                // Second tap on a non-link mention: go to the term's page.
                let href =
                    c.borrow().root.query_selector("a.gc-more").ok().flatten().and_then(|a| a.get_attribute("href"));
                if let (Some(h), Some(w)) = (href, web_sys::window()) {
                    let _ = w.location().assign(&h);
                }
            }
            return;
        }
        if !trigger.tag_name().eq_ignore_ascii_case("a") {
            // A mention that is not a link: a click toggles its card.
            if current {
                close(false);
            } else {
                cancel_pending();
                wasm_bindgen_futures::spawn_local(open(trigger, term, glossary, Via::Pointer, None));
            }
        }
        return;
    }
    // A click or tap elsewhere closes the card.
    if c.borrow().open.is_some() {
        close(false);
    }
}

fn key(e: &KeyboardEvent) {
    let Some(c) = cards() else { return };
    if c.borrow().open.is_none() {
        if e.key() == "Escape" {
            cancel_pending();
        }
        return;
    }
    let trigger = c.borrow().open.as_ref().map(|o| o.trigger.clone());
    let Some(trigger) = trigger else { return };
    let from_card = in_card(e.unchecked_ref());
    match e.key().as_str() {
        "Escape" => {
            e.prevent_default();
            close(from_card);
        }
        "Tab" => {
            let root = c.borrow().root.clone();
            let focusables = root.query_selector_all("a[href], button").ok();
            let n = focusables.as_ref().map_or(0, |l| l.length());
            if n == 0 {
                return;
            }
            let item =
                |i: u32| focusables.as_ref().and_then(|l| l.item(i)).and_then(|x| x.dyn_into::<HtmlElement>().ok());
            let active = root.active_element();
            let on_trigger =
                document().and_then(|d| d.active_element()).is_some_and(|a| trigger.contains(Some(&a)) || a == trigger);
            if on_trigger && !e.shift_key() && !from_card {
                // Tab from the mention goes into its card.
                e.prevent_default();
                if let Some(first) = item(0) {
                    let _ = first.focus();
                }
                cancel_hide();
            } else if from_card {
                let first = item(0);
                let last = item(n - 1);
                let at_first =
                    active.as_ref().zip(first.as_ref()).is_some_and(|(a, f)| a == f.unchecked_ref::<Element>());
                let at_last =
                    active.as_ref().zip(last.as_ref()).is_some_and(|(a, l)| a == l.unchecked_ref::<Element>());
                if e.shift_key() && at_first {
                    e.prevent_default();
                    if let Some(t) = trigger.dyn_ref::<HtmlElement>() {
                        let _ = t.focus();
                    }
                } else if !e.shift_key() && at_last {
                    // Past the card: on to what follows the mention in the page.
                    e.prevent_default();
                    close(false);
                    focus_after(&trigger);
                }
            }
        }
        _ => {}
    }
}

/// Focuses the first focusable element after `el` in document order.
fn focus_after(el: &Element) {
    let Some(doc) = document() else { return };
    let Ok(list) = doc.query_selector_all("a[href], button:not([disabled]), input:not([disabled]), select, textarea, [tabindex]:not([tabindex='-1']), glossa-term, glossa-search") else {
        return;
    };
    let mut seen = false;
    for i in 0..list.length() {
        let Some(n) = list.item(i) else { continue };
        if seen {
            if let Some(h) = n.dyn_ref::<HtmlElement>() {
                if !el.contains(Some(h)) {
                    let _ = h.focus();
                    return;
                }
            }
        } else if n == *AsRef::<web_sys::Node>::as_ref(el) || el.contains(Some(&n)) {
            seen = true;
        }
    }
}

/// The glossary and entry for a trigger; unknown terms warn once and become plain text.
async fn resolve(trigger: &Element, term: &str, glossary: Option<&str>) -> Option<(Shared, String)> {
    let url = glossary?;
    let g = api::shared(&entry::absolute(url)).await.ok()?;
    let id = g.borrow().manifest.find(term).map(|e| e.id.clone());
    match id {
        Some(id) => Some((g, id)),
        None => {
            // Plain text again: no focus stop, no popup semantics.
            let _ = trigger.set_attribute("data-glossa-unknown", "");
            for a in ["tabindex", "role", "aria-expanded", "aria-haspopup", "aria-controls"] {
                let _ = trigger.remove_attribute(a);
            }
            let first = cards().is_some_and(|c| c.borrow_mut().warned.insert(term.to_owned()));
            if first {
                web_sys::console::warn_1(
                    &format!("glossa: no term `{term}` in {url}; the mention stays plain text").into(),
                );
            }
            None
        }
    }
}

/// `performance.mark`/`measure` for the benchmark: open → card painted.
fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

fn measure_to_next_frame(name: &'static str, start: &'static str) {
    let cb = Closure::once_into_js(move || {
        if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
            let _ = p.measure_with_start_mark(name, start);
        }
    });
    if let Some(w) = web_sys::window() {
        let _ = w.request_animation_frame(cb.unchecked_ref());
    }
}

async fn open(trigger: Element, term: String, glossary: Option<String>, via: Via, point: Option<(f64, f64)>) {
    if !enabled() || !trigger.is_connected() {
        return;
    }
    mark("glossa:card-open");
    let Some((g, id)) = resolve(&trigger, &term, glossary.as_deref()).await else { return };
    let Some(c) = cards() else { return };
    // Replace any open card (one at a time).
    let previous = c.borrow_mut().open.take();
    if let Some(p) = previous {
        if let Some(t) = p.hide_timer {
            clear_timeout(t);
        }
        let _ = p.trigger.set_attribute("aria-expanded", "false");
    }
    let gen = {
        let mut cc = c.borrow_mut();
        cc.gen += 1;
        cc.open = Some(Open {
            trigger: trigger.clone(),
            term: id.clone(),
            glossary: g.clone(),
            via,
            point,
            hide_timer: None,
            gen: cc.gen,
        });
        cc.gen
    };
    let cached = g.borrow().terms.get(&id).cloned();
    paint(&g, &id, cached.as_deref().map(CardBody::Ready).unwrap_or(CardBody::Loading));
    show();
    let _ = trigger.set_attribute("aria-expanded", "true");
    let _ = trigger.set_attribute("aria-controls", "glossa-card");
    position();
    measure_to_next_frame("glossa:card-shown", "glossa:card-open");
    if cached.is_none() {
        load(g, id, gen).await;
        measure_to_next_frame("glossa:card-complete", "glossa:card-open");
    } else {
        measure_to_next_frame("glossa:card-complete", "glossa:card-open");
    }
}

/// Fetches the term (with a timeout) and repaints the card if it is still the one open.
async fn load(g: Shared, id: String, gen: u32) {
    let Some(c) = cards() else { return };
    let timeout = c.borrow().config.timeout;
    let abort = AbortController::new().ok();
    let signal = abort.as_ref().map(|a| a.signal());
    let timer = abort.clone().map(|a| set_timeout(timeout, move || a.abort()));
    let result = api::term_of_with(&g, &id, signal.as_ref()).await;
    if let Some(t) = timer {
        clear_timeout(t);
    }
    if c.borrow().open.as_ref().map(|o| o.gen) != Some(gen) {
        return;
    }
    match result {
        Ok(t) => paint(&g, &id, CardBody::Ready(&t)),
        Err(e) => {
            let msg = if signal.as_ref().is_some_and(|s| s.aborted()) { "timed out".to_owned() } else { e };
            paint(&g, &id, CardBody::Failed(&msg));
        }
    }
    position();
}

fn retry() {
    let Some(c) = cards() else { return };
    let (g, id, gen) = {
        let mut cc = c.borrow_mut();
        cc.gen += 1;
        let gen = cc.gen;
        let Some(o) = cc.open.as_mut() else { return };
        o.gen = gen;
        (o.glossary.clone(), o.term.clone(), gen)
    };
    paint(&g, &id, CardBody::Loading);
    wasm_bindgen_futures::spawn_local(load(g, id, gen));
}

fn paint(g: &Shared, id: &str, body: CardBody<'_>) {
    let Some(c) = cards() else { return };
    let Some(doc) = document() else { return };
    let s = g.borrow();
    let Some(e) = s.manifest.find(id) else { return };
    let template = c.borrow().term_href.clone().or_else(|| s.manifest.page.clone().map(|p| api::resolve(&p, &s.url)));
    let linker =
        api::GlossaryLinker { manifest: &s.manifest, template: template.clone().unwrap_or_else(|| "{path}".into()) };
    let href = render::Linker::href(&linker, &render::LinkTarget { id: Some(&e.id), ..Default::default() });
    let info = CardInfo {
        id: &e.id,
        title: &e.title,
        acronym: e.acronym.as_deref(),
        category: e.category.as_deref(),
        difficulty: e.difficulty.as_deref(),
        description: &e.description,
        href,
    };
    let (html, css) = card(&info, body, &linker, "gc");
    let root = c.borrow().root.clone();
    if let Ok(node) = dom::build(&doc, &html) {
        root.set_text_content(None);
        let _ = root.append_child(&node);
    }
    // This term's code colours (if any) replace the previous card's.
    js::adopt(&root, &[crate::render::style::WIDGET_CSS, CARD_CSS], &css);
}

fn call(target: &JsValue, method: &str) {
    if let Ok(f) = Reflect::get(target, &method.into()).and_then(|f| f.dyn_into::<Function>()) {
        let _ = f.call0(target);
    }
}

fn show() {
    let Some(c) = cards() else { return };
    let host = c.borrow().host.clone();
    if !host.matches(":popover-open").unwrap_or(false) {
        call(&host, "showPopover");
    }
}

/// Closes the card; with `refocus`, focus goes back to the mention.
pub fn close(refocus: bool) {
    cancel_pending();
    let Some(c) = cards() else { return };
    let open = c.borrow_mut().open.take();
    let host = c.borrow().host.clone();
    if host.matches(":popover-open").unwrap_or(false) {
        call(&host, "hidePopover");
    }
    if let Some(o) = open {
        if let Some(t) = o.hide_timer {
            clear_timeout(t);
        }
        let _ = o.trigger.set_attribute("aria-expanded", "false");
        if refocus {
            if let Some(t) = o.trigger.dyn_ref::<HtmlElement>() {
                c.borrow_mut().refocusing = true;
                let _ = t.focus();
                c.borrow_mut().refocusing = false;
            }
        }
    }
}

thread_local! {
    static FRAME: RefCell<bool> = const { RefCell::new(false) };
}

fn reposition_soon() {
    if FRAME.with(|f| std::mem::replace(&mut *f.borrow_mut(), true)) {
        return;
    }
    let cb = Closure::once_into_js(|| {
        FRAME.with(|f| *f.borrow_mut() = false);
        position();
    });
    if let Some(w) = web_sys::window() {
        let _ = w.request_animation_frame(cb.unchecked_ref());
    }
}

/// Places the card below the mention (above when there is no room), shifted to stay
/// inside the viewport, next to the line the pointer is on when a mention wraps.
fn position() {
    let Some(c) = cards() else { return };
    let c = c.borrow();
    let Some(o) = c.open.as_ref() else { return };
    let Some(w) = web_sys::window() else { return };
    if !o.trigger.is_connected() {
        return;
    }
    let vw = w.inner_width().ok().and_then(|v| v.as_f64()).unwrap_or(800.0);
    let vh = w.inner_height().ok().and_then(|v| v.as_f64()).unwrap_or(600.0);
    let rects = o.trigger.get_client_rects();
    let mut rect = o.trigger.get_bounding_client_rect();
    if rects.length() > 1 {
        let pick = |i: u32| rects.get(i);
        rect = match o.point {
            Some((_, y)) => (0..rects.length())
                .filter_map(pick)
                .min_by(|a, b| {
                    let d = |r: &web_sys::DomRect| {
                        if y < r.top() {
                            r.top() - y
                        } else if y > r.bottom() {
                            y - r.bottom()
                        } else {
                            0.0
                        }
                    };
                    d(a).total_cmp(&d(b))
                })
                .unwrap_or(rect),
            None => pick(0).unwrap_or(rect),
        };
    }
    let style = c.host.style();
    let pad = 8.0;
    let gap = 6.0;
    let _ = style.set_property_with_priority(
        "max-width",
        &format!("{}px", (vw - 2.0 * pad).min(380.0) as i64),
        "important",
    );
    let card = c.host.get_bounding_client_rect();
    let (cw, ch) = (card.width(), card.height());
    let below = vh - rect.bottom() - gap - pad;
    let above = rect.top() - gap - pad;
    let place_below = ch <= below || below >= above;
    let mut top = if place_below { rect.bottom() + gap } else { rect.top() - gap - ch };
    top = top.min(vh - ch - pad).max(pad);
    let left = (rect.left() + rect.width() / 2.0 - cw / 2.0).min(vw - cw - pad).max(pad);
    let _ = style.set_property_with_priority("left", &format!("{}px", left.round() as i64), "important");
    let _ = style.set_property_with_priority("top", &format!("{}px", top.round() as i64), "important");
    let _ = c.host.set_attribute("data-placement", if place_below { "bottom" } else { "top" });
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

pub const CARD_CSS: &str = r#"
.glossa.glossa-card{all:initial;display:block;box-sizing:border-box;width:min(360px,calc(100vw - 16px));max-height:min(70vh,440px);overflow:auto;overscroll-behavior:contain;
font:15px/1.55 var(--glossa-font,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif);color:var(--_fg);background:var(--_bg);border:1px solid var(--_border);border-radius:var(--_radius);box-shadow:0 16px 40px rgba(0,0,0,.22),0 2px 6px rgba(0,0,0,.12);padding:.85rem 1rem .7rem;text-align:start;
--_bg:var(--glossa-bg,#fff);--_fg:var(--glossa-fg,#1b1f24);--_muted:var(--glossa-muted,#57606a);--_accent:var(--glossa-accent,#0b63ce);--_border:var(--glossa-border,#d8dee4);--_code-bg:var(--glossa-code-bg,#f6f8fa);--_code-fg:var(--glossa-code-fg,#24292f);--_ok:#116329;--_warn:#7d4e00;--_bad:#a40e26;--_mark:#fff0a0;--_radius:var(--glossa-radius,10px);color-scheme:light}
@media (prefers-color-scheme:dark){.glossa.glossa-card{--_bg:var(--glossa-bg,#161b22);--_fg:var(--glossa-fg,#e6e9ee);--_muted:var(--glossa-muted,#9aa4b2);--_accent:var(--glossa-accent,#6cb0ff);--_border:var(--glossa-border,#30363d);--_code-bg:var(--glossa-code-bg,#0f1216);--_code-fg:var(--glossa-code-fg,#e6edf3);--_ok:#56d364;--_warn:#e3b341;--_bad:#ff7b72;--_mark:#5c4a00;color-scheme:dark}}
:host([data-theme=dark]) .glossa.glossa-card{--_bg:var(--glossa-bg,#161b22);--_fg:var(--glossa-fg,#e6e9ee);--_muted:var(--glossa-muted,#9aa4b2);--_accent:var(--glossa-accent,#6cb0ff);--_border:var(--glossa-border,#30363d);--_ok:#56d364;--_warn:#e3b341;--_bad:#ff7b72;--_mark:#5c4a00;color-scheme:dark}
@media (prefers-reduced-motion:no-preference){.glossa.glossa-card{animation:gc-in .14s ease-out}@keyframes gc-in{from{opacity:0;transform:translateY(4px)}}}
.glossa-card *{box-sizing:border-box}
.gc-title{margin:0;font-size:1.05rem;line-height:1.3}
.gc-title .glossa-acronym{font-size:.85rem}
.glossa-card .glossa-badges{margin:.35rem 0 0}
.glossa-card .glossa-badge{font-size:.62rem;padding:.05rem .45rem}
.gc-desc{margin:.55rem 0 0}
.gc-body{margin-top:.45rem}
.gc-body>:first-child{margin-top:0}
.gc-body>p{display:-webkit-box;-webkit-line-clamp:7;-webkit-box-orient:vertical;overflow:hidden}
.gc-body p{margin:.4rem 0}
.gc-body .glossa-code{margin:.5rem 0}
.gc-status,.gc-error{color:var(--_muted);margin:.55rem 0 0;font-size:.9rem}
.gc-retry,.gc-off{font:inherit;font-size:.8rem;color:var(--_accent);background:none;border:1px solid var(--_border);border-radius:6px;padding:.2rem .55rem;min-height:30px;cursor:pointer}
.gc-related{display:flex;flex-wrap:wrap;align-items:baseline;gap:.25rem .5rem;margin:.6rem 0 0;font-size:.86rem}
.gc-related ul{display:contents;list-style:none}
.gc-related li{display:inline}
.gc-related-label{color:var(--_muted)}
.gc-foot{display:flex;justify-content:space-between;align-items:center;gap:.5rem;margin-top:.7rem;padding-top:.55rem;border-top:1px solid var(--_border);font-size:.86rem}
.gc-more{font-weight:600}
.glossa-card a{color:var(--_accent)}
.glossa-card a:focus-visible,.glossa-card button:focus-visible{outline:2px solid var(--_accent);outline-offset:2px;border-radius:4px}
"#;
