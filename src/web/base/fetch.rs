//! Fetching bytes, with abort support, a timeout, a size cap and errors a reader can act on.
//!
//! Every failure names the URL and says what went wrong in words: HTTP status, no
//! response within the timeout, a body over the size limit, a connection cut mid-body,
//! or an HTML page where data was expected (the usual "404 page served with 200").

use std::cell::{Cell, RefCell};

use js_sys::{Array, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortSignal, ReadableStreamDefaultReader, RequestInit, Response};

thread_local! {
    /// `(url) => Uint8Array | undefined`: files served from memory (the single-file bundle).
    static OVERRIDE: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
    /// `(url) => Promise<Response> | undefined`: downloads glossa.js started early (taken once).
    static PREFETCHED: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
    /// Milliseconds a request may take, body included.
    static TIMEOUT_MS: Cell<u32> = const { Cell::new(DEFAULT_TIMEOUT_MS) };
}

/// Default request timeout: generous for slow mobile links, short enough that a
/// stalled server turns into an error the reader can retry.
pub const DEFAULT_TIMEOUT_MS: u32 = 30_000;

/// Serves some URLs from memory instead of the network (`undefined` means "fetch it").
pub fn set_fetch_override(f: js_sys::Function) {
    OVERRIDE.with(|o| *o.borrow_mut() = Some(f));
}

/// Lets requests use responses glossa.js started fetching before the core ran.
pub fn set_prefetched(f: js_sys::Function) {
    PREFETCHED.with(|o| *o.borrow_mut() = Some(f));
}

/// A download of `url` already under way (with its own timeout), if any.
fn prefetched(url: &str) -> Option<js_sys::Promise> {
    let f = PREFETCHED.with(|o| o.borrow().clone())?;
    f.call1(&JsValue::NULL, &JsValue::from_str(url)).ok()?.dyn_into::<js_sys::Promise>().ok()
}

/// Sets the request timeout (milliseconds, clamped to 1 ms … 10 min).
pub fn set_timeout_ms(ms: u32) {
    TIMEOUT_MS.with(|t| t.set(ms.clamp(1, 600_000)));
}

/// The request timeout in milliseconds.
pub fn timeout_ms() -> u32 {
    TIMEOUT_MS.with(Cell::get)
}

/// What the caller expects, so a wrong response is refused with a helpful message.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Expect {
    /// A payload: JSON, an HTML page carrying `__NUXT_DATA__`, or markdown.
    Payload,
    /// A JSON document (glossary manifest).
    Json,
    /// Binary data (search index).
    Binary,
}

/// Fetches `url` and returns its bytes, or a message naming the URL and the failure.
/// At most `max_bytes` are read; the request is aborted after the configured timeout.
pub async fn fetch_bytes(url: &str, signal: Option<&AbortSignal>) -> Result<Vec<u8>, String> {
    fetch_checked(url, signal, Expect::Payload).await
}

/// [`fetch_bytes`] for a given kind of resource.
pub async fn fetch_checked(url: &str, signal: Option<&AbortSignal>, expect: Expect) -> Result<Vec<u8>, String> {
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
    let max = super::config::limits().max_input_bytes;
    let window = web_sys::window().ok_or("no window")?;
    let timeout_ms = TIMEOUT_MS.with(Cell::get);
    let timer = AbortSignal::timeout_with_u32(timeout_ms);
    let combined = match signal {
        Some(s) => AbortSignal::any(&Array::of2(s, &timer)),
        None => timer.clone(),
    };
    let init = RequestInit::new();
    init.set_signal(Some(&combined));
    // Only plain requests may use a prefetched response (a caller's signal must apply).
    let early = if signal.is_none() { prefetched(url) } else { None };
    let timed_out = |e: &JsValue| {
        early.is_some()
            && Reflect::get(e, &"name".into()).ok().and_then(|n| n.as_string()).as_deref() == Some("TimeoutError")
    };
    let failed = |what: &str, e: &JsValue| -> String {
        if timer.aborted() || timed_out(e) {
            format!("{url}: no complete response within {} s (timed out)", fmt_secs(timeout_ms))
        } else if signal.is_some_and(AbortSignal::aborted) {
            format!("{url}: cancelled")
        } else {
            format!("could not {what} {url}: {}", describe(e))
        }
    };
    let request = early.clone().unwrap_or_else(|| window.fetch_with_str_and_init(url, &init));
    let resp = JsFuture::from(request).await.map_err(|e| failed("fetch", &e))?;
    let resp: Response = resp.dyn_into().map_err(|_| "fetch did not return a Response".to_string())?;
    if !resp.ok() {
        let status = resp.status_text();
        return Err(format!(
            "{url}: HTTP {} {}",
            resp.status(),
            if status.is_empty() { reason(resp.status()) } else { &status }
        ));
    }
    let header = |name: &str| resp.headers().get(name).ok().flatten().unwrap_or_default();
    let declared = header("content-length").trim().parse::<u64>().ok();
    if let Some(declared) = declared {
        if declared > max as u64 {
            return Err(too_big(url, declared, max));
        }
    }
    // Reserve what the server declares (it may lie: the cap below still holds).
    let hint = declared.map_or(0, |d| d as usize);
    let bytes = read_body(&resp, max, hint).await.map_err(|e| match e {
        BodyError::TooBig(n) => too_big(url, n, max),
        BodyError::Js(e) => failed("read", &e),
    })?;
    let content_type = header("content-type").to_ascii_lowercase();
    let looks_html = bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<');
    if expect != Expect::Payload && content_type.starts_with("text/html") && looks_html {
        let what = if expect == Expect::Json { "a glossary manifest (JSON)" } else { "a search index" };
        return Err(format!("{url}: expected {what} but the server sent an HTML page — check the URL"));
    }
    Ok(bytes)
}

/// KiB copied out of a response per slice of work.
const READ_SLICE_KIB: usize = 4096;

enum BodyError {
    TooBig(u64),
    Js(JsValue),
}

/// Reads the body chunk by chunk, stopping (and cancelling the stream) past `max` bytes.
/// Chunks already buffered resolve as microtasks, so a fast 30 MB download would be
/// one long task: the loop yields to the page after every [`READ_SLICE_KIB`] KiB.
async fn read_body(resp: &Response, max: usize, hint: usize) -> Result<Vec<u8>, BodyError> {
    let Some(stream) = resp.body() else { return Ok(Vec::new()) };
    let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let mut out = Vec::with_capacity(hint.min(max));
    let mut slicer = super::sched::Slicer::new("download", READ_SLICE_KIB);
    loop {
        let chunk = JsFuture::from(reader.read()).await.map_err(BodyError::Js)?;
        if Reflect::get(&chunk, &"done".into()).ok().and_then(|d| d.as_bool()).unwrap_or(true) {
            return Ok(out);
        }
        let Ok(value) = Reflect::get(&chunk, &"value".into()) else { continue };
        let Some(bytes) = value.dyn_ref::<Uint8Array>() else { continue };
        let len = bytes.length() as usize;
        if out.len() + len > max {
            let _ = reader.cancel();
            return Err(BodyError::TooBig((out.len() + len) as u64));
        }
        // A chunk that does not fit in this slice starts the next one.
        let units = len.div_ceil(1024);
        if units > slicer.room() {
            slicer.pause().await;
        }
        let at = out.len();
        out.resize(at + len, 0);
        if let Some(dst) = out.get_mut(at..) {
            bytes.copy_to(dst);
        }
        slicer.step(units).await;
    }
}

fn too_big(url: &str, n: u64, max: usize) -> String {
    format!("{url}: response is over the size limit ({} > {} bytes; see configure({{ limits }}))", n, max)
}

/// Seconds with one decimal when needed (integer arithmetic: float formatting costs
/// ~16 kB of wasm).
fn fmt_secs(ms: u32) -> String {
    let tenths = (ms + 50) / 100;
    if ms % 1000 == 0 || tenths % 10 == 0 {
        (tenths / 10).to_string()
    } else {
        format!("{}.{}", tenths / 10, tenths % 10)
    }
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
