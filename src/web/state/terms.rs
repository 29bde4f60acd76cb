//! A glossary's terms, fetched once: prefetch, cards, pages and the API all wait on
//! the same request when they want the same term at the same time.

use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, JsFuture};
use web_sys::AbortSignal;

use super::super::base::fetch;
use super::glossary::Shared;
use super::source::load_any;
use crate::content::{self, Term};

/// The term for entry `id` (by id, slug, title or alias), fetched and decoded on first use.
pub async fn term_of(state: &Shared, id: &str) -> Result<Rc<Term>, String> {
    term_of_with(state, id, None).await
}

/// [`term_of`]; when `signal` aborts, this caller stops waiting (with "cancelled"),
/// while the shared fetch goes on for the others and fills the cache.
pub async fn term_of_with(state: &Shared, id: &str, signal: Option<&AbortSignal>) -> Result<Rc<Term>, String> {
    let (entry, cached, inflight) = {
        let s = state.borrow();
        let e = s.manifest.find(id).cloned().ok_or_else(|| format!("unknown term `{id}`"))?;
        let c = s.terms.get(&e.id).cloned();
        let f = s.inflight.get(&e.id).cloned();
        (e, c, f)
    };
    if let Some(t) = cached {
        return Ok(t);
    }
    let promise = match inflight {
        Some(p) => p,
        None => {
            let p = start(state.clone(), entry);
            let key = p.1;
            state.borrow_mut().inflight.insert(key, p.0.clone());
            p.0
        }
    };
    let waited = match signal {
        Some(s) => Promise::race(&js_sys::Array::of2(&promise, &aborted(s))),
        None => promise,
    };
    match JsFuture::from(waited).await {
        Ok(_) => {}
        Err(e) if signal.is_some_and(AbortSignal::aborted) => {
            let _ = e;
            return Err("cancelled".into());
        }
        Err(e) => return Err(e.as_string().unwrap_or_else(|| fetch::describe(&e))),
    }
    let s = state.borrow();
    let key = s.manifest.find(id).map(|e| e.id.clone()).unwrap_or_default();
    s.terms.get(&key).cloned().ok_or_else(|| format!("{id}: the term was not kept"))
}

/// Starts the one fetch of `entry`'s payload; it resolves once the term is cached.
fn start(state: Shared, entry: crate::glossary::Entry) -> (Promise, String) {
    let key = entry.id.clone();
    let p = future_to_promise(async move {
        let result = fetch_term(&entry).await;
        let mut s = state.borrow_mut();
        s.inflight.remove(&entry.id);
        match result {
            Ok(t) => {
                s.terms.insert(entry.id.clone(), Rc::new(t));
                Ok(JsValue::UNDEFINED)
            }
            Err(e) => Err(JsValue::from_str(&e)),
        }
    });
    (p, key)
}

async fn fetch_term(entry: &crate::glossary::Entry) -> Result<Term, String> {
    let bytes = fetch::fetch_bytes(&entry.url, None).await?;
    let l = load_any(&bytes, &entry.url).await;
    let mut t = l.terms.into_iter().find(|t| t.kind == content::Kind::Term).ok_or_else(|| {
        l.errors.first().map(|e| format!("{}: {e}", entry.url)).unwrap_or_else(|| format!("{}: no term", entry.url))
    })?;
    if t.related.is_empty() && !entry.related.is_empty() {
        t.related = entry.related.clone();
    }
    Ok(t)
}

/// A promise that rejects when `signal` aborts (the signal's own `reject` listener; no closure).
fn aborted(signal: &AbortSignal) -> Promise {
    let signal = signal.clone();
    Promise::new(&mut |_, reject| {
        if signal.aborted() {
            let _ = reject.call0(&JsValue::NULL);
            return;
        }
        let opts = web_sys::AddEventListenerOptions::new();
        opts.set_once(true);
        let _ = signal.add_event_listener_with_callback_and_add_event_listener_options("abort", &reject, &opts);
    })
}
