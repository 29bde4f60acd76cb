//! `configure(options)` and the other exports both wasm modules have (each module must
//! export its own copy: [`common_exports!`] writes them into `api` and `lite`).

use js_sys::Reflect;
use wasm_bindgen::JsValue;

use super::{config, fetch};

/// Applies `{ limits, strings, autolink, fetchTimeout }` (omitted fields stay as they are) and
/// returns the settings now in force.
pub fn configure(options: &JsValue) -> Result<JsValue, String> {
    let get = |k: &str| Reflect::get(options, &k.into()).ok().filter(|v| !v.is_undefined() && !v.is_null());
    if let Some(l) = get("limits") {
        config::set_limits(limits_from(&l)?);
    }
    if let Some(w) = get("strings") {
        #[cfg(feature = "web")]
        super::words::check_overrides(&w);
        super::words::set_overrides(&w);
    }
    if let Some(a) = get("autolink").and_then(|v| v.as_string()) {
        config::set_autolink_selector(Some(a));
    }
    if let Some(t) = get("fetchTimeout").and_then(|v| v.as_f64()) {
        if t.is_finite() && t > 0.0 {
            fetch::set_timeout_ms(t.min(600_000.0) as u32);
        }
    }
    let out = js_sys::Object::new();
    let limits = js_sys::Object::new();
    let mut now = config::limits();
    for (name, field) in now.fields_mut() {
        let _ = Reflect::set(&limits, &name.into(), &JsValue::from(*field as f64));
    }
    let _ = Reflect::set(&out, &"limits".into(), &limits);
    let _ = Reflect::set(&out, &"fetchTimeout".into(), &JsValue::from(fetch::timeout_ms()));
    Ok(out.into())
}

/// `{ maxInputBytes, … }`: omitted fields take their defaults; the others must be whole
/// numbers ≥ 0.
fn limits_from(o: &JsValue) -> Result<crate::Limits, String> {
    if !o.is_object() {
        return Err("configure: limits: expected an object".into());
    }
    crate::Limits::from_numbers(|name| number(o, name)).map_err(|e| format!("configure: {e}"))
}

/// `o[name]`: `None` when undefined or null, NaN when not a number.
fn number(o: &JsValue, name: &str) -> Option<f64> {
    let v = Reflect::get(o, &name.into()).unwrap_or(JsValue::UNDEFINED);
    (!v.is_undefined() && !v.is_null()).then(|| v.as_f64().unwrap_or(f64::NAN))
}

/// [`super::life::counts`] as a JS object, plus `extra` figures.
pub fn counts_object(extra: &[(&str, usize)]) -> JsValue {
    let out = js_sys::Object::new();
    for (k, v) in super::life::counts().into_iter().chain(extra.iter().copied()) {
        let _ = Reflect::set(&out, &k.into(), &JsValue::from(v as u32));
    }
    out.into()
}

/// The `#[wasm_bindgen]` exports the first-load and the full module share: `configure`,
/// `setPrefetched`, `setFetchOverride`, `workStats` and the test hook `__testPanic`.
macro_rules! common_exports {
    () => {
        /// Page-wide settings: `{ limits: { maxInputBytes, maxValues, maxDepth, maxNodes, maxExpansion },
        /// fetchTimeout, autolink }` (`autolink`: a CSS selector of more containers to autolink, set
        /// before start). Limits bound every payload, manifest and index this page decodes (omitted
        /// fields keep their defaults; `maxDepth` is at most 512); `fetchTimeout` is the milliseconds
        /// a request may take, body included. Returns the settings now in force.
        #[wasm_bindgen::prelude::wasm_bindgen]
        pub fn configure(options: wasm_bindgen::JsValue) -> Result<wasm_bindgen::JsValue, wasm_bindgen::JsError> {
            $crate::web::base::settings::configure(&options).map_err(|e| wasm_bindgen::JsError::new(&e))
        }

        /// Lets requests use responses glossa.js started fetching before this module ran.
        #[wasm_bindgen::prelude::wasm_bindgen(js_name = setPrefetched)]
        pub fn set_prefetched(f: js_sys::Function) {
            $crate::web::base::fetch::set_prefetched(f);
        }

        /// Serves some URLs from memory instead of the network (`undefined` means "fetch it").
        #[wasm_bindgen::prelude::wasm_bindgen(js_name = setFetchOverride)]
        pub fn set_fetch_override(f: js_sys::Function) {
            $crate::web::base::fetch::set_fetch_override(f);
        }

        /// Slicing figures of the long jobs (download, index, entries, autolink…):
        /// `{ [job]: { slices, units, maxUnits, limit } }`; `reset` starts counting afresh.
        #[wasm_bindgen::prelude::wasm_bindgen(js_name = workStats)]
        pub fn work_stats(reset: Option<bool>) -> wasm_bindgen::JsValue {
            $crate::web::base::sched::work_stats(reset == Some(true))
        }

        /// Panics on purpose, so tests can check that a panic is reported (console, every widget).
        #[doc(hidden)]
        #[wasm_bindgen::prelude::wasm_bindgen(js_name = __testPanic)]
        pub fn test_panic(message: &str) {
            #[allow(clippy::panic)]
            {
                panic!("{message}");
            }
        }
    };
}
pub(crate) use common_exports;
