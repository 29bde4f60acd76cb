//! Work done once per key (a URL) however many widgets ask at the same time: the first
//! asker does it, the others wait for the same result, and a success is kept for the page.

use std::cell::RefCell;
use std::collections::HashMap;
use std::future::Future;

use js_sys::{Function, Promise};
use wasm_bindgen::JsValue;

/// Results by key, and the work under way.
pub struct Once<T: Clone> {
    done: RefCell<HashMap<String, T>>,
    /// Resolves with `null` once `done` has the result, or with the error's text.
    pending: RefCell<HashMap<String, Promise>>,
}

impl<T: Clone> Default for Once<T> {
    fn default() -> Self {
        Once { done: RefCell::new(HashMap::new()), pending: RefCell::new(HashMap::new()) }
    }
}

impl<T: Clone> Once<T> {
    /// The kept result for `key`, or `make()`'s (waiting for the asker already making it).
    /// A failure is not kept: the next ask tries again.
    pub async fn get<F: Future<Output = Result<T, String>>>(
        &self,
        key: &str,
        make: impl FnOnce() -> F,
    ) -> Result<T, String> {
        if let Some(v) = self.done.borrow().get(key).cloned() {
            return Ok(v);
        }
        let waiting = self.pending.borrow().get(key).cloned();
        if let Some(p) = waiting {
            let r = wasm_bindgen_futures::JsFuture::from(p).await.unwrap_or(JsValue::NULL);
            return match self.done.borrow().get(key).cloned() {
                Some(v) => Ok(v),
                None => Err(r.as_string().unwrap_or_else(|| format!("{key}: could not be read"))),
            };
        }
        let mut resolve: Option<Function> = None;
        let p = Promise::new(&mut |ok, _| resolve = Some(ok));
        self.pending.borrow_mut().insert(key.to_owned(), p);
        let r = make().await;
        self.pending.borrow_mut().remove(key);
        if let Ok(v) = &r {
            self.done.borrow_mut().insert(key.to_owned(), v.clone());
        }
        if let Some(f) = resolve {
            let _ = f.call1(&JsValue::NULL, &r.as_ref().err().map_or(JsValue::NULL, |e| JsValue::from_str(e)));
        }
        r
    }
}
