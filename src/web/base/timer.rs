//! Timers through one dispatcher: `setTimeout(dispatch, ms, key)` with the callbacks
//! kept on the Rust side, so a cancelled timer leaves nothing behind (a JS closure per
//! timer would leak every one that never fires).

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

type Callback = Box<dyn FnOnce()>;

thread_local! {
    static PENDING: RefCell<HashMap<u32, Callback>> = RefCell::new(HashMap::new());
    static NEXT: Cell<u32> = const { Cell::new(0) };
    /// The one JS function every timer calls; it lives as long as the page.
    static DISPATCH: js_sys::Function = {
        let c = Closure::<dyn Fn(u32)>::new(fire);
        let f: js_sys::Function = c.as_ref().unchecked_ref::<js_sys::Function>().clone();
        c.forget(); // one closure for the page, not one per timer
        f
    };
}

fn fire(key: u32) {
    // Taken out before it runs: the callback may set or cancel other timers.
    let f = PENDING.with(|p| p.borrow_mut().remove(&key));
    if let Some(f) = f {
        f();
    }
}

/// A pending timer; dropping it cancels it.
#[must_use = "dropping a Timer cancels it"]
pub struct Timer {
    key: u32,
    handle: i32,
}

impl Timer {
    /// Whether it is still waiting to fire.
    pub fn pending(&self) -> bool {
        PENDING.with(|p| p.borrow().contains_key(&self.key))
    }
}

impl Drop for Timer {
    fn drop(&mut self) {
        if let Some(w) = web_sys::window() {
            w.clear_timeout_with_handle(self.handle);
        }
        PENDING.with(|p| p.borrow_mut().remove(&self.key));
    }
}

/// Runs `f` after `ms` milliseconds unless the returned [`Timer`] is dropped first.
pub fn after(ms: i32, f: impl FnOnce() + 'static) -> Timer {
    let key = NEXT.with(|n| {
        let k = n.get().wrapping_add(1);
        n.set(k);
        k
    });
    PENDING.with(|p| p.borrow_mut().insert(key, Box::new(f)));
    let handle = DISPATCH.with(|d| {
        web_sys::window()
            .and_then(|w| {
                w.set_timeout_with_callback_and_timeout_and_arguments_1(d, ms.max(0), &JsValue::from(key)).ok()
            })
            .unwrap_or(0)
    });
    Timer { key, handle }
}

/// Timers waiting to fire (for the lifecycle tests).
pub fn pending_count() -> usize {
    PENDING.with(|p| p.borrow().len())
}

/// Runs `f` after `ms` milliseconds, with no way to cancel it (for work that must happen
/// whatever becomes of its caller, such as resetting a button's label).
pub fn detached(ms: i32, f: impl FnOnce() + 'static) {
    std::mem::forget(after(ms, f)); // a fired timer removes itself
}
