//! Component lifecycle: every widget instance has an [`Owner`] of what it creates —
//! event listeners (and their closures), timers, observers, abort controllers,
//! registry entries — and releases all of it when its element leaves the document.
//! (The shape of Lit's reactive controllers' `hostDisconnected` and Leptos's owners
//! with `on_cleanup`.)
//!
//! [`define`] turns a [`Widget`] into a custom element: the first connection mounts an
//! instance, attribute changes reach it, and a disconnection releases it — one
//! microtask later, so *moving* an element (disconnect and connect in one task)
//! keeps the same instance working.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use std::thread::LocalKey;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{AbortController, Event, EventTarget, HtmlElement};

/// A widget's name and how to count its live instances.
type Counter = (&'static str, fn() -> usize);

/// A live instance and what it owns.
type Live<W> = (Rc<W>, Rc<Owner>);

thread_local! {
    /// Listeners added through owners and not yet removed.
    static LISTENERS: Cell<usize> = const { Cell::new(0) };
    /// Owners alive.
    static OWNERS: Cell<usize> = const { Cell::new(0) };
    /// Every defined widget's live-instance counter, for [`counts`].
    static REGISTRIES: RefCell<Vec<Counter>> = const { RefCell::new(Vec::new()) };
}

/// What one widget instance (or one long-lived job) created, released together.
pub struct Owner {
    cleanups: RefCell<Vec<Box<dyn FnOnce()>>>,
    released: Cell<bool>,
}

/// How a listener is added.
#[derive(Clone, Copy, Default)]
pub struct Listen {
    pub capture: bool,
    pub passive: bool,
}

impl Owner {
    pub fn new() -> Rc<Owner> {
        OWNERS.with(|n| n.set(n.get() + 1));
        Rc::new(Owner { cleanups: RefCell::new(Vec::new()), released: Cell::new(false) })
    }

    /// Adds `f` as a `name` listener on `target` until the owner is released.
    pub fn listen(&self, target: &EventTarget, name: &'static str, f: impl FnMut(Event) + 'static) {
        self.listen_with(target, name, Listen::default(), f);
    }

    /// [`Owner::listen`] with capture/passive options.
    pub fn listen_with(&self, target: &EventTarget, name: &'static str, how: Listen, f: impl FnMut(Event) + 'static) {
        if self.released.get() {
            return;
        }
        let c = Closure::<dyn FnMut(Event)>::new(f);
        let opts = web_sys::AddEventListenerOptions::new();
        opts.set_capture(how.capture);
        opts.set_passive(how.passive);
        let added = target
            .add_event_listener_with_callback_and_add_event_listener_options(name, c.as_ref().unchecked_ref(), &opts)
            .is_ok();
        if !added {
            return;
        }
        LISTENERS.with(|n| n.set(n.get() + 1));
        let target = target.clone();
        self.on_cleanup(move || {
            let _ = target.remove_event_listener_with_callback_and_bool(name, c.as_ref().unchecked_ref(), how.capture);
            LISTENERS.with(|n| n.set(n.get().saturating_sub(1)));
            drop(c);
        });
    }

    /// Runs `f` when the owner is released (immediately if it already was).
    pub fn on_cleanup(&self, f: impl FnOnce() + 'static) {
        if self.released.get() {
            f();
            return;
        }
        self.cleanups.borrow_mut().push(Box::new(f));
    }

    /// Keeps `value` (a timer, an observer handle…) until the owner is released.
    pub fn keep<T: 'static>(&self, value: T) {
        self.on_cleanup(move || drop(value));
    }

    /// An abort controller aborted when the owner is released.
    pub fn abort_controller(&self) -> Option<AbortController> {
        let c = AbortController::new().ok()?;
        let cc = c.clone();
        self.on_cleanup(move || cc.abort());
        Some(c)
    }

    /// Whether [`Owner::release`] has run.
    pub fn is_released(&self) -> bool {
        self.released.get()
    }

    /// Releases everything, last created first. Cleanups run with no borrow held,
    /// so one may touch the DOM (and so re-enter) safely.
    pub fn release(&self) {
        if self.released.replace(true) {
            return;
        }
        loop {
            let next = self.cleanups.borrow_mut().pop();
            match next {
                Some(f) => f(),
                None => break,
            }
        }
    }
}

impl Drop for Owner {
    fn drop(&mut self) {
        self.release();
        OWNERS.with(|n| n.set(n.get().saturating_sub(1)));
    }
}

/// A custom element backed by a Rust instance.
pub trait Widget: Sized + 'static {
    /// The element name (`glossa-entry`).
    const NAME: &'static str;
    /// Attributes whose changes reach [`Widget::changed`].
    const OBSERVED: &'static [&'static str];
    /// This widget's registry of live instances.
    fn registry() -> &'static LocalKey<Registry<Self>>;
    /// Builds the instance on the element's first connection. Everything it creates
    /// that must not outlive the element goes through `owner`.
    fn mount(el: &HtmlElement, owner: &Rc<Owner>) -> Result<Rc<Self>, JsValue>;
    /// An observed attribute changed (the element is connected).
    fn changed(self: &Rc<Self>, _attr: &str) {}
}

/// Live instances of one widget, keyed by a number kept on the element.
pub struct Registry<W> {
    items: RefCell<HashMap<u32, Live<W>>>,
    next: Cell<u32>,
}

impl<W> Registry<W> {
    pub fn new() -> Self {
        Registry { items: RefCell::new(HashMap::new()), next: Cell::new(0) }
    }
    pub fn len(&self) -> usize {
        self.items.borrow().len()
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl<W> Default for Registry<W> {
    fn default() -> Self {
        Self::new()
    }
}

const KEY: &str = "__glossa";

fn key_of(el: &HtmlElement) -> Option<u32> {
    js_sys::Reflect::get(el, &KEY.into()).ok()?.as_f64().map(|k| k as u32)
}

/// The live instance of `W` on `el`, if any.
pub fn instance<W: Widget>(el: &HtmlElement) -> Option<Rc<W>> {
    let key = key_of(el)?;
    W::registry().with(|r| r.items.borrow().get(&key).map(|(w, _)| w.clone()))
}

/// Every live instance of `W` (e.g. for a page-wide shortcut), oldest first.
pub fn instances<W: Widget>() -> Vec<Rc<W>> {
    W::registry().with(|r| {
        let items = r.items.borrow();
        let mut keys: Vec<&u32> = items.keys().collect();
        crate::util::sort_by(&mut keys, |a, b| a.cmp(b));
        keys.into_iter().filter_map(|k| items.get(k).map(|(w, _)| w.clone())).collect()
    })
}

fn mount<W: Widget>(el: HtmlElement) {
    if instance::<W>(&el).is_some() {
        return; // moved: the same instance goes on working
    }
    let owner = Owner::new();
    match W::mount(&el, &owner) {
        Ok(w) => {
            let key = W::registry().with(|r| {
                let k = r.next.get().wrapping_add(1);
                r.next.set(k);
                r.items.borrow_mut().insert(k, (w, owner));
                k
            });
            let _ = js_sys::Reflect::set(&el, &KEY.into(), &JsValue::from(key));
        }
        Err(e) => {
            owner.release();
            web_sys::console::error_2(&format!("glossa: {} could not start:", W::NAME).into(), &e);
        }
    }
}

/// Releases `el`'s instance now (its owner's cleanups run, the registry forgets it).
pub fn release<W: Widget>(el: &HtmlElement) {
    let Some(key) = key_of(el) else { return };
    let entry = W::registry().with(|r| r.items.borrow_mut().remove(&key));
    let _ = js_sys::Reflect::delete_property(el, &KEY.into());
    if let Some((w, owner)) = entry {
        owner.release();
        drop(w);
    }
}

/// Defines the custom element for `W`. When the first-load module defined it already,
/// this module takes it over: the instances in the page are mounted here, in slices.
pub fn define<W: Widget>() -> Result<(), JsValue> {
    REGISTRIES.with(|r| {
        let mut r = r.borrow_mut();
        if !r.iter().any(|(n, _)| *n == W::NAME) {
            r.push((W::NAME, || W::registry().with(Registry::len)));
        }
    });
    let took_over = super::js::define(
        W::NAME,
        W::OBSERVED,
        |el: HtmlElement| mount::<W>(el),
        |el: HtmlElement| {
            // A move disconnects and reconnects in one task: decide once it is over.
            wasm_bindgen_futures::spawn_local(async move {
                if !el.is_connected() {
                    release::<W>(&el);
                }
            });
        },
        |el: HtmlElement, attr: String| {
            if let Some(w) = instance::<W>(&el) {
                w.changed(&attr);
            }
        },
    )?;
    if took_over {
        wasm_bindgen_futures::spawn_local(take_over::<W>());
    }
    Ok(())
}

/// Mounts the elements of `W` already in the document (defined by the first-load module).
async fn take_over<W: Widget>() {
    let Some(list) = super::dom::document().and_then(|d| d.query_selector_all(W::NAME).ok()) else { return };
    let mut slicer = super::sched::Slicer::new("takeover", 500);
    for i in 0..list.length() {
        if let Some(el) = list.item(i).and_then(|n| n.dyn_into::<HtmlElement>().ok()) {
            if el.is_connected() {
                mount::<W>(el);
            }
        }
        slicer.step(1).await;
    }
}

/// Live counts for the lifecycle tests: instances per widget, owners, listeners, timers.
pub fn counts() -> Vec<(&'static str, usize)> {
    let mut out: Vec<(&'static str, usize)> = REGISTRIES.with(|r| r.borrow().iter().map(|(n, f)| (*n, f())).collect());
    out.push(("owners", OWNERS.with(Cell::get)));
    out.push(("listeners", LISTENERS.with(Cell::get)));
    out.push(("timers", super::timer::pending_count()));
    out
}
