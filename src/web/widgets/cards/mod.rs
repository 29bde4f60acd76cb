//! Preview cards: hover, focus or tap a term mention to see its definition.
//!
//! Triggers are `<glossa-term term="…">`, any element with `data-glossa-term="…"`,
//! and term links inside rendered terms. One card is open at a time; it lives in a
//! `<glossa-card>` host in the top layer (popover) with an open shadow root, so host
//! page CSS can neither break it nor be broken by it.
//!
//! Timing follows Wikipedia's page previews: fetch after a 150 ms dwell, show at
//! 500 ms, hide after a 300 ms grace (all configurable). WCAG 1.4.13: Esc dismisses
//! (whatever has focus, wherever the pointer is) and the card stays dismissed until
//! the pointer leaves the mention; the card is hoverable, and it stays while hovered
//! or focused. Touch: the first tap opens the card, a second tap follows the link.
//!
//! The card is one per page (made by [`start`]); its state is one `RefCell`, never
//! borrowed across a DOM call that can re-enter (focus changes, popover toggles).

mod keys;
mod position;

use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;

use js_sys::{Function, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{AbortController, Element, Event, HtmlElement, KeyboardEvent, PointerEvent, ShadowRoot};

use super::super::base::life::{Listen, Owner};
use super::super::base::timer::{self, Timer};
use super::super::base::{config, dom, js, url, words};
use super::super::state::glossary::{self, Shared};
use super::super::state::languages;
use super::super::state::link::GlossaryLinker;
use super::super::state::terms;
use crate::render;
use crate::render::card::{card, CardBody, CardInfo};
use crate::render::style;

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
    hide: Option<Timer>,
    /// Bumped on every render, so a late fetch never paints over a newer card.
    gen: u32,
}

struct Pending {
    trigger: Element,
    _timers: Vec<Timer>,
}

struct Cards {
    host: HtmlElement,
    root: ShadowRoot,
    config: Config,
    open: Option<Open>,
    pending: Option<Pending>,
    /// The pointer type of the last pointerdown (a click after a touch is a tap).
    last_pointer: String,
    /// `(glossary, term)` pairs already reported as unknown.
    warned: HashSet<(String, String)>,
    gen: u32,
    term_href: Option<String>,
    /// Focus we move back to a mention ourselves (after Esc) must not reopen its card.
    refocusing: bool,
    /// The mention under the pointer: a card the pointer opened needs it still there.
    hovered: Option<Element>,
    /// Dismissed with Esc: no card for it until the pointer has left it.
    dismissed: Option<Element>,
    /// The page-long listeners (the card is one per page).
    _owner: Rc<Owner>,
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
    if let Some(doc) = dom::document() {
        let _ = doc.document_element().map(|e| e.toggle_attribute_with_force("data-glossa-previews-off", !on));
    }
}

fn storage() -> Option<web_sys::Storage> {
    // Throws in sandboxed frames and some privacy modes: treat as "no storage".
    web_sys::window()?.local_storage().ok().flatten()
}

fn cards() -> Option<Rc<RefCell<Cards>>> {
    CARDS.with(|c| c.borrow().clone())
}

/// Inline `!important` styles beat any host-page rule (`* { all: unset }` included).
const HOST_STYLE: &[(&str, &str)] = &[
    ("position", "fixed"),
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
];

/// Installs the card host and the document listeners (once per page).
pub fn start() -> Result<(), JsValue> {
    if cards().is_some() {
        return Ok(());
    }
    let doc = dom::document().ok_or("no document")?;
    let host: HtmlElement = doc.create_element("glossa-card")?.dyn_into()?;
    host.set_id("glossa-card");
    host.set_attribute("popover", "manual")?;
    let style = host.style();
    for (k, v) in HOST_STYLE {
        style.set_property_with_priority(k, v, "important")?;
    }
    // Painted only while open: a closed card is not on the screen, whatever the host's CSS.
    style.set_property_with_priority("display", "none", "important")?;
    let root = host.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))?;
    js::adopt(&root, &[style::BASE_CSS, style::PAGE_CSS, CARD_CSS], "");
    doc.body().ok_or("no body")?.append_child(&host)?;
    let (config, term_href) = CONFIG.with(|c| c.borrow().clone());
    let owner = Owner::new();
    listen(&owner, &doc, &root)?;
    let c = Rc::new(RefCell::new(Cards {
        host,
        root,
        config,
        open: None,
        pending: None,
        last_pointer: String::new(),
        warned: HashSet::new(),
        gen: 0,
        term_href,
        refocusing: false,
        hovered: None,
        dismissed: None,
        _owner: owner,
    }));
    CARDS.with(|s| *s.borrow_mut() = Some(c));
    if !enabled() {
        if let Some(e) = doc.document_element() {
            let _ = e.set_attribute("data-glossa-previews-off", "");
        }
    }
    Ok(())
}

fn listen(owner: &Owner, doc: &web_sys::Document, root: &ShadowRoot) -> Result<(), JsValue> {
    let capture = Listen { capture: true, passive: false };
    owner.listen_with(doc, "pointerover", capture, |e| pointer_over(&e));
    owner.listen_with(doc, "pointerout", capture, |e| pointer_out(&e));
    owner.listen_with(doc, "pointerdown", capture, |e| {
        if let (Some(c), Some(p)) = (cards(), e.dyn_ref::<PointerEvent>()) {
            if let Ok(mut c) = c.try_borrow_mut() {
                c.last_pointer = p.pointer_type();
            }
        }
    });
    owner.listen_with(doc, "click", capture, |e| click(&e));
    owner.listen_with(doc, "focusin", capture, |e| focus_in(&e));
    owner.listen_with(doc, "focusout", capture, |e| focus_out(&e));
    owner.listen_with(doc, "keydown", capture, |e| {
        if let Some(k) = e.dyn_ref::<KeyboardEvent>() {
            keys::key(k)
        }
    });
    let w = web_sys::window().ok_or("no window")?;
    owner.listen_with(&w, "scroll", Listen { capture: true, passive: true }, |_| reposition_soon());
    owner.listen_with(&w, "resize", Listen { capture: false, passive: true }, |_| reposition_soon());
    // Buttons inside the card.
    owner.listen(root, "click", |e| {
        let Some(t) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
        if t.closest(".gc-off").ok().flatten().is_some() {
            set_enabled(false);
        } else if t.closest(".gc-retry").ok().flatten().is_some() {
            retry();
        }
    });
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
    Some((el, term, glossary.or_else(config::default_glossary)))
}

fn in_card(e: &Event) -> bool {
    e.composed_path()
        .iter()
        .any(|v| v.dyn_ref::<Element>().is_some_and(|el| el.tag_name().eq_ignore_ascii_case("glossa-card")))
}

fn cancel_pending() {
    if let Some(c) = cards() {
        let p = c.borrow_mut().pending.take();
        drop(p); // its timers cancel themselves
    }
}

fn cancel_hide() {
    if let Some(c) = cards() {
        let t = c.borrow_mut().open.as_mut().and_then(|o| o.hide.take());
        drop(t);
    }
}

fn schedule_hide() {
    let Some(c) = cards() else { return };
    let delay = c.borrow().config.hide;
    let t = timer::after(delay, || close(false));
    let mut cc = c.borrow_mut();
    if let Some(o) = cc.open.as_mut() {
        o.hide = Some(t);
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
    let point = e.dyn_ref::<PointerEvent>().map(|p| (p.client_x() as f64, p.client_y() as f64));
    hover(trigger, term, glossary, point);
}

/// The pointer is over `trigger`: prefetch after a dwell, show a little later.
fn hover(trigger: Element, term: String, glossary: Option<String>, point: Option<(f64, f64)>) {
    let Some(c) = cards() else { return };
    {
        let mut cc = c.borrow_mut();
        cc.hovered = Some(trigger.clone());
        if cc.dismissed.as_ref() == Some(&trigger) {
            return; // dismissed with Esc: not again until the pointer has left it
        }
    }
    if is_current(&trigger) {
        cancel_hide();
        return;
    }
    if c.borrow().pending.as_ref().is_some_and(|p| p.trigger == trigger) {
        return;
    }
    cancel_pending();
    let cfg = c.borrow().config;
    let (t1, t2) = (trigger.clone(), trigger.clone());
    let (term1, g1) = (term.clone(), glossary.clone());
    // Prefetch on dwell (the fetch is shared with the card's own)…
    let prefetch = timer::after(cfg.prefetch, move || {
        wasm_bindgen_futures::spawn_local(async move {
            if let Some((g, id)) = resolve(&t1, &term1, g1.as_deref()).await {
                let _ = terms::term_of(&g, &id).await;
            }
        });
    });
    // …and show a little later.
    let show = timer::after(cfg.open, move || {
        if let Some(c) = cards() {
            let p = c.borrow_mut().pending.take();
            // The timers are ours: dropping them now (inside one) only cancels the other.
            wasm_bindgen_futures::spawn_local(async move {
                drop(p);
                open(t2, term, glossary, Via::Pointer, point).await;
            });
        }
    });
    c.borrow_mut().pending = Some(Pending { trigger, _timers: vec![prefetch, show] });
}

/// The trigger `el` is inside, with its term and glossary.
fn trigger_at(el: &Element) -> Option<(Element, String, Option<String>)> {
    let t = el.closest("glossa-term[term], [data-glossa-term]").ok().flatten()?;
    let term = t.get_attribute("term").or_else(|| t.get_attribute("data-glossa-term")).filter(|s| !s.is_empty())?;
    if t.has_attribute("data-glossa-unknown") {
        return None;
    }
    let glossary = t
        .closest("[glossary], [data-glossa-glossary]")
        .ok()
        .flatten()
        .and_then(|g| g.get_attribute("glossary").or_else(|| g.get_attribute("data-glossa-glossary")))
        .filter(|g| !g.is_empty())
        .or_else(config::default_glossary);
    Some((t, term, glossary))
}

/// After the first-load module handed over: the reader may already be on a mention (that
/// is what loaded this module), so answer as if the pointer or focus had just arrived.
pub fn catch_up() {
    if !enabled() {
        return;
    }
    let Some(doc) = dom::document() else { return };
    if let Some(active) = doc.active_element() {
        if let Some((t, term, g)) = trigger_at(&active) {
            if t.matches(":focus-visible").unwrap_or(false) {
                wasm_bindgen_futures::spawn_local(open(t, term, g, Via::Focus, None));
                return;
            }
        }
    }
    let hovered = doc.query_selector_all(":hover").ok().and_then(|l| l.item(l.length().wrapping_sub(1)));
    if let Some((t, term, g)) = hovered.and_then(|h| h.dyn_into::<Element>().ok()).and_then(|h| trigger_at(&h)) {
        hover(t, term, g, None);
    }
}

fn pointer_out(e: &Event) {
    let Some(p) = e.dyn_ref::<PointerEvent>() else { return };
    if p.pointer_type() == "touch" {
        return;
    }
    let related = p.related_target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
    let Some(c) = cards() else { return };
    let left = |t: &Element| !related.as_ref().is_some_and(|r| t.contains(Some(r)));
    if let Some((el, _, _)) = trigger_of(e) {
        if left(&el) {
            let mut cc = c.borrow_mut();
            if cc.hovered.as_ref() == Some(&el) {
                cc.hovered = None;
            }
            if cc.dismissed.as_ref() == Some(&el) {
                cc.dismissed = None; // the pointer left: hovering it again may open the card
            }
        }
    }
    // Leaving a trigger that was still waiting: forget it.
    let pending_trigger = c.borrow().pending.as_ref().map(|p| p.trigger.clone());
    if let Some(t) = pending_trigger {
        if trigger_of(e).is_some_and(|(el, _, _)| el == t) && left(&t) {
            cancel_pending();
        }
    }
    let (open_trigger, host) = {
        let cc = c.borrow();
        (cc.open.as_ref().map(|o| o.trigger.clone()), cc.host.clone())
    };
    let Some(t) = open_trigger else { return };
    let into_card = related.as_ref().is_some_and(|r| host.contains(Some(r)));
    let from_relevant = in_card(e) || trigger_of(e).is_some_and(|(el, _, _)| el == t);
    if from_relevant && !into_card && left(&t) && !focus_inside(&host) {
        schedule_hide();
    }
}

fn focus_inside(host: &HtmlElement) -> bool {
    dom::document().and_then(|d| d.active_element()).is_some_and(|a| a == *host.unchecked_ref::<Element>())
}

/// Whether card code up the stack holds the state: focus events fire synchronously
/// while it moves focus, and must not touch the state then.
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
    if let Some(c) = cards() {
        c.borrow_mut().dismissed = None; // Esc dismissed the pointer's card; focus asks anew
    }
    wasm_bindgen_futures::spawn_local(open(trigger, term, glossary, Via::Focus, None));
}

fn focus_out(e: &Event) {
    let Some(c) = cards() else { return };
    if busy() {
        return;
    }
    let Some(f) = e.dyn_ref::<web_sys::FocusEvent>() else { return };
    let related = f.related_target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
    let (host, trigger, via) = {
        let c = c.borrow();
        match &c.open {
            Some(o) => (c.host.clone(), o.trigger.clone(), o.via),
            None => return,
        }
    };
    let stays = related.as_ref().is_some_and(|r| host.contains(Some(r)) || trigger.contains(Some(r)));
    if !stays && via != Via::Pointer {
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
                let root = c.borrow().root.clone();
                let href = root.query_selector("a.gc-more").ok().flatten().and_then(|a| a.get_attribute("href"));
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
                c.borrow_mut().dismissed = None;
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

/// The glossary and entry for a trigger; unknown terms warn once and become plain text.
async fn resolve(trigger: &Element, term: &str, glossary: Option<&str>) -> Option<(Shared, String)> {
    let u = languages::glossary_of(&url::absolute(glossary?), trigger).await.ok()?;
    let g = glossary::shared_listed(&u).await.ok()?;
    let id = g.borrow().manifest.find(term).map(|e| e.id.clone());
    match id {
        Some(id) => Some((g, id)),
        None => {
            // Plain text again: no focus stop, no popup semantics.
            let _ = trigger.set_attribute("data-glossa-unknown", "");
            for a in ["tabindex", "role", "aria-expanded", "aria-haspopup", "aria-controls"] {
                let _ = trigger.remove_attribute(a);
            }
            let first = cards().is_some_and(|c| c.borrow_mut().warned.insert((u.clone(), term.to_owned())));
            if first {
                web_sys::console::warn_1(
                    &format!("glossa: no term `{term}` in {u}; the mention stays plain text").into(),
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

/// Still the card to show: the newest open, and for hover, the pointer still on the mention.
fn still_wanted(c: &Cards, gen: u32, trigger: &Element, via: Via) -> bool {
    c.gen == gen
        && (via != Via::Pointer || (c.hovered.as_ref() == Some(trigger) && c.dismissed.as_ref() != Some(trigger)))
}

async fn open(trigger: Element, term: String, glossary: Option<String>, via: Via, point: Option<(f64, f64)>) {
    if !enabled() || !trigger.is_connected() {
        return;
    }
    let Some(c) = cards() else { return };
    let gen = {
        let mut cc = c.borrow_mut();
        cc.gen = cc.gen.wrapping_add(1);
        cc.gen
    };
    mark("glossa:card-open");
    let Some((g, id)) = resolve(&trigger, &term, glossary.as_deref()).await else { return };
    // The glossary may have taken a while: is this card still wanted?
    if !still_wanted(&c.borrow(), gen, &trigger, via) || !trigger.is_connected() {
        return;
    }
    // Replace any open card (one at a time).
    let previous = c.borrow_mut().open.take();
    if let Some(p) = previous {
        let _ = p.trigger.set_attribute("aria-expanded", "false");
    }
    c.borrow_mut().open =
        Some(Open { trigger: trigger.clone(), term: id.clone(), glossary: g.clone(), via, point, hide: None, gen });
    let cached = g.borrow().terms.get(&id).cloned();
    paint(&g, &id, cached.as_deref().map(CardBody::Ready).unwrap_or(CardBody::Loading));
    show();
    let _ = trigger.set_attribute("aria-expanded", "true");
    let _ = trigger.set_attribute("aria-controls", "glossa-card");
    reposition();
    measure_to_next_frame("glossa:card-shown", "glossa:card-open");
    if cached.is_none() {
        load(g, id, gen).await;
    }
    measure_to_next_frame("glossa:card-complete", "glossa:card-open");
}

/// Fetches the term (waiting at most the card timeout) and repaints the card if it is still the one open.
async fn load(g: Shared, id: String, gen: u32) {
    let Some(c) = cards() else { return };
    let timeout = c.borrow().config.timeout;
    let abort = AbortController::new().ok();
    let signal = abort.as_ref().map(|a| a.signal());
    let timer = abort.clone().map(|a| timer::after(timeout, move || a.abort()));
    let result = terms::term_of_with(&g, &id, signal.as_ref()).await;
    drop(timer);
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
    reposition();
}

fn retry() {
    let Some(c) = cards() else { return };
    let (g, id, gen) = {
        let mut cc = c.borrow_mut();
        cc.gen = cc.gen.wrapping_add(1);
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
    let (root, term_href, trigger) = {
        let cc = c.borrow();
        (cc.root.clone(), cc.term_href.clone(), cc.open.as_ref().map(|o| o.trigger.clone()))
    };
    let (html, css) = {
        let s = g.borrow();
        let Some(e) = s.manifest.find(id) else { return };
        let template = term_href.or_else(|| s.manifest.page.clone().map(|p| url::resolve(&p, &s.url)));
        let linker =
            GlossaryLinker { manifest: &s.manifest, seen: None, template: template.unwrap_or_else(|| "{path}".into()) };
        let href = render::Linker::href(&linker, &render::LinkTarget { id: Some(&e.id), ..Default::default() });
        let info = CardInfo {
            id: &e.id,
            title: &e.title,
            acronym: e.acronym.as_deref(),
            category: e.category.as_deref(),
            difficulty: e.difficulty.as_deref(),
            description: &e.description,
            href,
            // A term the translation lacks is the default language's.
            lang: Some(e.lang.as_deref().or(s.manifest.language.as_deref()).unwrap_or("en")),
        };
        // The mention's language (else the glossary's): the card speaks it and is marked with it.
        let lang = match &trigger {
            Some(t) => words::lang_for(t, s.manifest.language.as_deref()),
            None => s.manifest.language.clone().unwrap_or_else(|| "en".into()),
        };
        card(&info, body, &linker, "gc", &words::strings(&lang))
    };
    let _ = dom::replace(&root, &html);
    // This term's code colours (if any) replace the previous card's.
    js::adopt(&root, &[style::BASE_CSS, style::PAGE_CSS, CARD_CSS], &css);
}

fn call(target: &JsValue, method: &str) {
    if let Ok(f) = Reflect::get(target, &method.into()).and_then(|f| f.dyn_into::<Function>()) {
        let _ = f.call0(target);
    }
}

fn show() {
    let Some(c) = cards() else { return };
    let host = c.borrow().host.clone();
    let _ = host.style().set_property_with_priority("display", "block", "important");
    if !host.matches(":popover-open").unwrap_or(false) {
        call(&host, "showPopover");
    }
}

/// Closes the card (off the screen: not painted, not hit); with `refocus`, focus goes back to the mention.
pub fn close(refocus: bool) {
    cancel_pending();
    let Some(c) = cards() else { return };
    let (open, host) = {
        let mut cc = c.borrow_mut();
        (cc.open.take(), cc.host.clone())
    };
    if host.matches(":popover-open").unwrap_or(false) {
        call(&host, "hidePopover");
    }
    let _ = host.style().set_property_with_priority("display", "none", "important");
    let Some(o) = open else { return };
    let _ = o.trigger.set_attribute("aria-expanded", "false");
    if refocus {
        if let Some(t) = o.trigger.dyn_ref::<HtmlElement>() {
            c.borrow_mut().refocusing = true;
            let _ = t.focus();
            c.borrow_mut().refocusing = false;
        }
    }
}

/// Esc: the card goes, and stays gone for that mention until the pointer leaves it.
fn dismiss(refocus: bool) {
    let Some(c) = cards() else { return };
    let trigger = c.borrow().open.as_ref().map(|o| o.trigger.clone());
    c.borrow_mut().dismissed = trigger;
    close(refocus);
}

/// A mention left the page: its card (open or coming) goes with it.
pub fn trigger_gone(el: &Element) {
    let Some(c) = cards() else { return };
    let (open, pending) = {
        let cc = c.borrow();
        (
            cc.open.as_ref().is_some_and(|o| o.trigger == *el || !o.trigger.is_connected()),
            cc.pending.as_ref().is_some_and(|p| p.trigger == *el),
        )
    };
    if pending {
        cancel_pending();
    }
    if open {
        close(false);
    }
    let mut cc = c.borrow_mut();
    if cc.hovered.as_ref() == Some(el) {
        cc.hovered = None;
    }
    if cc.dismissed.as_ref() == Some(el) {
        cc.dismissed = None;
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
        reposition();
    });
    if let Some(w) = web_sys::window() {
        let _ = w.request_animation_frame(cb.unchecked_ref());
    }
}

fn reposition() {
    let Some(c) = cards() else { return };
    let placed = {
        let cc = c.borrow();
        cc.open.as_ref().map(|o| (cc.host.clone(), o.trigger.clone(), o.point))
    };
    if let Some((host, trigger, point)) = placed {
        position::place(&host, &trigger, point);
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
