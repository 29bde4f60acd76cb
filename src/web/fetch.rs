//! Fetching payload bytes, with abort support and errors a reader can act on.

use js_sys::Uint8Array;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, RequestInit, Response};

thread_local! {
    /// `(url) => Uint8Array | undefined`: files served from memory (the single-file bundle).
    static OVERRIDE: std::cell::RefCell<Option<js_sys::Function>> = const { std::cell::RefCell::new(None) };
}

/// Serves some URLs from memory instead of the network (`undefined` means "fetch it").
#[wasm_bindgen::prelude::wasm_bindgen(js_name = setFetchOverride)]
pub fn set_fetch_override(f: js_sys::Function) {
    OVERRIDE.with(|o| *o.borrow_mut() = Some(f));
}

/// Fetches `url` and returns its bytes, or a message naming the URL and the failure.
pub async fn fetch_bytes(url: &str, signal: Option<&AbortSignal>) -> Result<Vec<u8>, String> {
    if let Some(f) = OVERRIDE.with(|o| o.borrow().clone()) {
        if let Ok(v) = f.call1(&JsValue::NULL, &JsValue::from_str(url)) {
            if let Some(bytes) = v.dyn_ref::<Uint8Array>() {
                return Ok(bytes.to_vec());
            }
            if !v.is_undefined() && !v.is_null() {
                return Err(format!("{url}: not in the bundle"));
            }
        }
    }
    let window = web_sys::window().ok_or("no window")?;
    let init = RequestInit::new();
    if let Some(s) = signal {
        init.set_signal(Some(s));
    }
    let resp = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .map_err(|e| format!("could not fetch {url}: {}", describe(&e)))?;
    let resp: Response = resp.dyn_into().map_err(|_| "fetch did not return a Response".to_string())?;
    if !resp.ok() {
        let status = resp.status_text();
        return Err(format!(
            "{url}: HTTP {} {}",
            resp.status(),
            if status.is_empty() { reason(resp.status()) } else { &status }
        ));
    }
    let buf = JsFuture::from(resp.array_buffer().map_err(|e| describe(&e))?)
        .await
        .map_err(|e| format!("could not read {url}: {}", describe(&e)))?;
    Ok(Uint8Array::new(&buf).to_vec())
}

fn reason(status: u16) -> &'static str {
    match status {
        404 => "Not Found",
        403 => "Forbidden",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// A JS error value as text.
pub fn describe(e: &JsValue) -> String {
    if let Some(err) = e.dyn_ref::<js_sys::Error>() {
        return String::from(err.message());
    }
    e.as_string().unwrap_or_else(|| format!("{e:?}"))
}
