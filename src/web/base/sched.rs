//! Cooperative scheduling: long jobs run in slices that each do at most a fixed
//! number of work units, then yield to the page.
//!
//! The bound is structural — *units*, not milliseconds — so what a slice may cost
//! does not depend on the machine, and tests can check it deterministically
//! through [`work_stats`]: per job, how many slices ran, the units done, and the
//! most units any slice did. A slice also ends early once it has run for
//! [`SLICE_MS`], which only makes slices smaller.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// Yields to the event loop (input and rendering can run) before going on.
pub async fn yield_now() {
    let _ = JsFuture::from(super::js::yield_now()).await;
}

/// Yields with a timer, which also lets the page render in between: for loops that
/// change the DOM (so style and layout work is spread out too).
pub async fn yield_to_render() {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = JsFuture::from(p).await;
}

/// A slice ends after this long even if it has units left.
pub const SLICE_MS: f64 = 8.0;

#[derive(Clone, Copy, Default)]
struct Stats {
    /// Most units one slice may do.
    limit: usize,
    slices: u32,
    units: u64,
    max_units: usize,
}

thread_local! {
    static STATS: RefCell<Vec<(&'static str, Stats)>> = const { RefCell::new(Vec::new()) };
}

fn record(job: &'static str, limit: usize, units: usize) {
    STATS.with(|s| {
        let mut s = s.borrow_mut();
        let i = match s.iter().position(|(j, _)| *j == job) {
            Some(i) => i,
            None => {
                s.push((job, Stats::default()));
                s.len() - 1
            }
        };
        if let Some((_, st)) = s.get_mut(i) {
            st.limit = limit;
            st.slices = st.slices.saturating_add(1);
            st.units = st.units.saturating_add(units as u64);
            st.max_units = st.max_units.max(units);
        }
    });
}

/// One job's slicing: call [`Slicer::tick`] for each unit of work (or batch of them)
/// and `await` [`Slicer::pause`] when it says the slice is full.
pub struct Slicer {
    job: &'static str,
    limit: usize,
    units: usize,
    started: f64,
}

impl Slicer {
    /// A slicer for `job` whose slices do at most `limit` units.
    pub fn new(job: &'static str, limit: usize) -> Slicer {
        Slicer { job, limit: limit.max(1), units: 0, started: js_sys::Date::now() }
    }

    /// Units the current slice may still do.
    pub fn room(&self) -> usize {
        self.limit.saturating_sub(self.units)
    }

    /// Counts `n` units; `true` when the slice is full (by units or by time).
    pub fn tick(&mut self, n: usize) -> bool {
        self.units = self.units.saturating_add(n);
        self.units >= self.limit || js_sys::Date::now() - self.started > SLICE_MS
    }

    /// Ends the slice and lets the page run.
    pub async fn pause(&mut self) {
        self.end_slice();
        yield_now().await;
        self.started = js_sys::Date::now();
    }

    /// Ends the slice with a timer turn, which also lets the page render in between
    /// (for jobs that change the DOM, so style and layout work is spread out too).
    pub async fn pause_for_render(&mut self) {
        self.end_slice();
        yield_to_render().await;
        self.started = js_sys::Date::now();
    }

    /// `tick(n)`, then pause if the slice is full.
    pub async fn step(&mut self, n: usize) {
        if self.tick(n) {
            self.pause().await;
        }
    }

    fn end_slice(&mut self) {
        if self.units > 0 {
            record(self.job, self.limit, self.units);
        }
        self.units = 0;
    }
}

impl Drop for Slicer {
    fn drop(&mut self) {
        self.end_slice();
    }
}

/// Slicing figures per job since the page loaded (or since the last reset):
/// `{ [job]: { slices, units, maxUnits, limit } }`. For tests and benchmarks.
pub fn work_stats(reset: bool) -> JsValue {
    let out = js_sys::Object::new();
    STATS.with(|s| {
        for (job, st) in s.borrow().iter() {
            let o = js_sys::Object::new();
            for (k, v) in [
                ("slices", f64::from(st.slices)),
                ("units", st.units as f64),
                ("maxUnits", st.max_units as f64),
                ("limit", st.limit as f64),
            ] {
                let _ = js_sys::Reflect::set(&o, &k.into(), &v.into());
            }
            let _ = js_sys::Reflect::set(&out, &(*job).into(), &o);
        }
        if reset {
            s.borrow_mut().clear();
        }
    });
    out.into()
}
