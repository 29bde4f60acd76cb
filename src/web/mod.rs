//! The web shell: the only code that touches the DOM.
//!
//! * [`dom`] builds DOM nodes from the core's sanitised [`crate::render::Html`] tree.
//! * [`entry`] is `<glossa-entry src="…">`: fetch → decode → render → shadow DOM.
//! * [`js`] holds the few lines of JavaScript wasm-bindgen cannot express
//!   (a class extending `HTMLElement`, clipboard access); it ships as a file
//!   under `pkg/snippets/`, so it works under a strict CSP.

pub mod api;
pub mod autolink;
pub mod browser;
pub mod cards;
pub mod dom;
pub mod entry;
pub mod fetch;
pub mod js;
pub mod sched;
pub mod search_box;
pub mod term;

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

use crate::content::{self, nuxt::Loaded};

thread_local! {
    static MARKDOWN_LOADER: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
    static LIMITS: std::cell::Cell<crate::Limits> = std::cell::Cell::new(crate::Limits::default());
}

/// The decoding limits in force (see [`configure`]).
pub fn limits() -> crate::Limits {
    LIMITS.with(std::cell::Cell::get)
}

/// Page-wide settings: `{ limits: { maxInputBytes, maxValues, maxDepth, maxNodes }, fetchTimeout }`.
/// Limits bound every payload, manifest and index this page decodes (omitted fields keep
/// their defaults); `fetchTimeout` is the milliseconds a request may take, body included.
/// Returns the settings now in force.
#[wasm_bindgen]
pub fn configure(options: JsValue) -> Result<JsValue, JsError> {
    let get = |k: &str| js_sys::Reflect::get(&options, &k.into()).ok().filter(|v| !v.is_undefined() && !v.is_null());
    if let Some(l) = get("limits") {
        let next: crate::Limits =
            serde_wasm_bindgen::from_value(l).map_err(|e| JsError::new(&format!("configure: limits: {e}")))?;
        // Zero would refuse everything: it means "keep the default"; depth is clamped.
        LIMITS.with(|c| c.set(next.clamped()));
    }
    if let Some(t) = get("fetchTimeout").and_then(|v| v.as_f64()) {
        if t.is_finite() && t > 0.0 {
            fetch::set_timeout_ms(t.min(600_000.0) as u32);
        }
    }
    let out = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&out, &"limits".into(), &serde_wasm_bindgen::to_value(&limits()).unwrap_or_default());
    let _ = js_sys::Reflect::set(&out, &"fetchTimeout".into(), &JsValue::from(fetch::timeout_ms()));
    Ok(out.into())
}

/// Registers the function that loads markdown in the separate markdown module:
/// `(bytes: Uint8Array, name: string, limits) => Promise<Term>`. `glossa.js` sets it at start.
#[wasm_bindgen(js_name = setMarkdownLoader)]
pub fn set_markdown_loader(f: js_sys::Function) {
    MARKDOWN_LOADER.with(|l| *l.borrow_mut() = Some(f));
}

/// Loads any supported source; markdown goes through the lazily loaded markdown module.
pub async fn load_any(bytes: &[u8], name: &str) -> Loaded {
    if cfg!(feature = "markdown") || content::sniff(bytes, name) != content::Format::Markdown {
        return content::load_source(bytes, name, &limits());
    }
    let fail =
        |m: String| Loaded { errors: vec![crate::Error::at_root(crate::ErrorKind::Shape(m))], ..Default::default() };
    let Some(f) = MARKDOWN_LOADER.with(|l| l.borrow().clone()) else {
        return fail("markdown support is not loaded (use glossa.js, which loads it on demand)".into());
    };
    let lim = serde_wasm_bindgen::to_value(&limits()).unwrap_or_default();
    let promise = match f.call3(&JsValue::NULL, &js_sys::Uint8Array::from(bytes), &JsValue::from_str(name), &lim) {
        Ok(p) => js_sys::Promise::resolve(&p),
        Err(e) => return fail(fetch::describe(&e)),
    };
    match wasm_bindgen_futures::JsFuture::from(promise).await {
        Ok(v) => match serde_wasm_bindgen::from_value::<crate::Term>(v) {
            Ok(t) => Loaded { terms: vec![t], ..Default::default() },
            Err(e) => fail(format!("markdown module returned an unexpected value: {e}")),
        },
        Err(e) => fail(fetch::describe(&e)),
    }
}

/// Defines the custom elements. Called once by `glossa.js` after the module is initialised.
#[wasm_bindgen]
pub fn start(default_glossary: Option<String>) -> Result<(), JsValue> {
    // The core does not panic on input, but if anything ever does, say so: the module
    // aborts after this hook, so every widget is told to offer a reload.
    std::panic::set_hook(Box::new(|info| js::report_stopped(&info.to_string())));
    search_box::set_default_glossary(default_glossary);
    entry::define()?;
    search_box::define()?;
    term::define()?;
    browser::define()?;
    cards::start()?;
    autolink::start();
    Ok(())
}

/// Panics on purpose, so tests can check that a panic is reported (console, every widget).
#[doc(hidden)]
#[wasm_bindgen(js_name = __testPanic)]
pub fn test_panic(message: &str) {
    #[allow(clippy::panic)]
    {
        panic!("{message}");
    }
}

/// Preview-card settings: `{ prefetchDelay = 150, openDelay = 500, hideDelay = 300, timeout = 8000,
/// termHref }` (milliseconds; `termHref` is the "Read more" template with `{id}`, `{url}`, `{path}`, `{title}`).
#[wasm_bindgen(js_name = configureCards)]
pub fn configure_cards(options: JsValue) {
    let num = |k: &str, d: i32| {
        js_sys::Reflect::get(&options, &k.into())
            .ok()
            .and_then(|v| v.as_f64())
            .map(|v| v.clamp(0.0, 60_000.0) as i32)
            .unwrap_or(d)
    };
    let d = cards::Config::default();
    let config = cards::Config {
        prefetch: num("prefetchDelay", d.prefetch),
        open: num("openDelay", d.open),
        hide: num("hideDelay", d.hide),
        timeout: num("timeout", d.timeout),
    };
    let href =
        js_sys::Reflect::get(&options, &"termHref".into()).ok().and_then(|v| v.as_string()).filter(|s| !s.is_empty());
    cards::configure(config, href);
}

/// Turns preview cards on or off for this reader (remembered in localStorage when possible).
#[wasm_bindgen(js_name = setPreviews)]
pub fn set_previews(on: bool) {
    cards::set_enabled(on);
}

/// Whether preview cards are on.
#[wasm_bindgen(js_name = previewsEnabled)]
pub fn previews_enabled() -> bool {
    cards::enabled()
}

/// Decodes and renders a payload into a detached DOM tree (an `<article>`), the same
/// tree `<glossa-entry>` shows. Markdown needs the markdown module: use `glossa.js`'s `render`.
#[wasm_bindgen(js_name = renderPayload)]
pub fn render_payload(bytes: &[u8], name: &str) -> Result<web_sys::Node, JsError> {
    let loaded = crate::content::load_source(bytes, name, &limits());
    let term = loaded.terms.first().ok_or_else(|| {
        JsError::new(&loaded.errors.first().map(|e| e.to_string()).unwrap_or_else(|| "no term in payload".into()))
    })?;
    let r = crate::render::render_term(term, &crate::render::RenderOptions::default());
    let doc = web_sys::window().and_then(|w| w.document()).ok_or_else(|| JsError::new("no document"))?;
    dom::build(&doc, &r.html).map_err(|e| JsError::new(&fetch::describe(&e)))
}

/// Renders a payload (Nuxt `_payload.json`, HTML with `__NUXT_DATA__`, or markdown) to an
/// HTML string — the same output as `<glossa-entry>` builds as DOM. `name` is its URL or
/// file name (used to recognise markdown).
#[wasm_bindgen(js_name = renderToString)]
pub fn render_to_string(bytes: &[u8], name: &str) -> Result<String, JsError> {
    let loaded = crate::content::load_source(bytes, name, &limits());
    let term = loaded.terms.first().ok_or_else(|| {
        JsError::new(&loaded.errors.first().map(|e| e.to_string()).unwrap_or_else(|| "no term in payload".into()))
    })?;
    Ok(crate::render::render_term(term, &crate::render::RenderOptions::default()).to_fragment())
}
