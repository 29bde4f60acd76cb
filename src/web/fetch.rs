//! Fetching payload bytes, with abort support and errors a reader can act on.

use js_sys::Uint8Array;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, RequestInit, Response};

/// Fetches `url` and returns its bytes, or a message naming the URL and the failure.
pub async fn fetch_bytes(url: &str, signal: Option<&AbortSignal>) -> Result<Vec<u8>, String> {
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
