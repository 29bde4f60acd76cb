//! JavaScript glue that wasm-bindgen cannot generate.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(inline_js = r#"
export function defineElement(name, observed, hooks) {
  // The hooks live in one page-wide table, so a module loaded later (the full widget after
  // the first-load one) takes the elements over: the class calls whichever hooks are newest.
  const table = (globalThis.__glossaElements ??= {});
  const before = table[name];
  table[name] = hooks;
  if (!customElements.get(name)) {
    customElements.define(name, class extends HTMLElement {
      static get observedAttributes() { return observed; }
      connectedCallback() { table[name].connected(this); }
      disconnectedCallback() { table[name].disconnected?.(this); }
      attributeChangedCallback(attr, oldValue, newValue) {
        if (oldValue !== newValue && this.isConnected) table[name].changed(this, attr);
      }
    });
  }
  return before !== undefined && before !== hooks;
}
export function copyText(text) {
  if (navigator.clipboard && navigator.clipboard.writeText) return navigator.clipboard.writeText(text);
  return Promise.reject(new Error('clipboard unavailable'));
}
export function adoptSheets(root, sheets) { root.adoptedStyleSheets = sheets; }
// Once per page by `key`, whichever module asks first (the first-load one or the full one).
export function adoptDocumentSheet(key, sheet) {
  const t = (globalThis.__glossaSheets ??= {});
  if (t[key]) return;
  t[key] = sheet;
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}
export function reportStopped(message) {
  try {
    console.error(`glossa stopped: ${message}`);
    globalThis.dispatchEvent?.(new CustomEvent('glossa-stopped', { detail: String(message) }));
  } catch {}
}
export function numberWords(lang) {
  let r, f;
  try { r = new Intl.PluralRules(lang); f = new Intl.NumberFormat(lang); } catch { r = new Intl.PluralRules('en'); f = new Intl.NumberFormat('en'); }
  return (n) => [r.select(n), f.format(n)];
}
export function yieldNow() {
  if (globalThis.scheduler && scheduler.yield) return scheduler.yield();
  return new Promise((resolve) => { const c = new MessageChannel(); c.port1.onmessage = () => resolve(); c.port2.postMessage(0); });
}
"#)]
extern "C" {
    /// Defines `name` as a custom element whose lifecycle callbacks call `hooks.connected(el)`,
    /// `hooks.disconnected(el)` and `hooks.changed(el, attr)`. Returns false if already defined.
    #[wasm_bindgen(js_name = defineElement)]
    /// `true` when another module had defined `name`: these hooks take its elements over.
    pub fn define_element(name: &str, observed: js_sys::Array, hooks: &js_sys::Object) -> bool;

    #[wasm_bindgen(js_name = copyText)]
    pub fn copy_text(text: &str) -> js_sys::Promise;

    #[wasm_bindgen(js_name = adoptSheets)]
    pub fn adopt_sheets(root: &web_sys::ShadowRoot, sheets: &js_sys::Array);

    /// Adds `sheet` to the document's adopted style sheets (keeping the page's own).
    #[wasm_bindgen(js_name = adoptDocumentSheet)]
    pub fn adopt_document_sheet(key: &str, sheet: &web_sys::CssStyleSheet);

    /// Lets the page run (input, rendering) before continuing: `scheduler.yield()`, or a
    /// message-channel turn (unlike `setTimeout(0)`, not clamped to 4 ms).
    #[wasm_bindgen(js_name = yieldNow)]
    pub fn yield_now() -> js_sys::Promise;

    /// `n => [plural category, n written]` for language `lang` (`Intl.PluralRules` and
    /// `Intl.NumberFormat`; English rules when the browser does not know the tag).
    #[wasm_bindgen(js_name = numberWords)]
    pub fn number_words(lang: &str) -> js_sys::Function;

    /// Reports a panic: to the console, and as a `glossa-stopped` event that `glossa.js`
    /// turns into a notice with "Reload" on every widget.
    #[wasm_bindgen(js_name = reportStopped)]
    pub fn report_stopped(message: &str);
}

// Only the full module sorts lists: its own file, which the first-load module never fetches.
#[cfg(feature = "web")]
#[wasm_bindgen(module = "/src/web/js/collate.js")]
extern "C" {
    /// The positions of `keys` (strings) in `Intl.Collator` order for `lang`.
    #[wasm_bindgen(js_name = collateOrder)]
    fn collate_order(lang: &str, keys: &js_sys::Array) -> js_sys::Uint32Array;
}

/// `lang`'s collation (the browser's `Intl.Collator`), for [`crate::glossary::letters::Order`]:
/// one call sorts a whole list.
#[cfg(feature = "web")]
pub fn collation(lang: &str) -> crate::glossary::letters::Collate {
    let lang = lang.to_owned();
    std::rc::Rc::new(move |keys: &[&str]| {
        let arr: js_sys::Array = keys.iter().map(|k| JsValue::from_str(k)).collect();
        collate_order(&lang, &arr).to_vec()
    })
}

/// The name of language `code` in language `in_lang` (`Intl.DisplayNames`: `ja` in `ja` is
/// 日本語), or `code` itself when the browser does not know it.
#[cfg(feature = "web")]
pub fn language_name(code: &str, in_lang: &str) -> String {
    use js_sys::{Array, Function, Object, Reflect};
    let name = || -> Result<Option<String>, JsValue> {
        let intl = Reflect::get(&js_sys::global(), &"Intl".into())?;
        let ctor: Function = Reflect::get(&intl, &"DisplayNames".into())?.dyn_into()?;
        let opts = Object::new();
        Reflect::set(&opts, &"type".into(), &"language".into())?;
        let names = Reflect::construct(&ctor, &Array::of2(&Array::of1(&in_lang.into()), &opts))?;
        let of: Function = Reflect::get(&names, &"of".into())?.dyn_into()?;
        Ok(of.call1(&names, &code.into())?.as_string())
    };
    name().ok().flatten().filter(|n| !n.is_empty()).unwrap_or_else(|| code.to_owned())
}

/// Defines the custom element `name`: `connected(el)` runs when an instance enters a
/// document, `disconnected(el)` when it leaves, `changed(el, attr)` when one of the
/// `observed` attributes changes. The hooks live as long as the page. Returns `true` when
/// these hooks took over an element another module defined first (its instances already
/// in the page then need mounting).
pub fn define(
    name: &str,
    observed: &[&str],
    connected: impl Fn(web_sys::HtmlElement) + 'static,
    disconnected: impl Fn(web_sys::HtmlElement) + 'static,
    changed: impl Fn(web_sys::HtmlElement, String) + 'static,
) -> Result<bool, JsValue> {
    let hooks = js_sys::Object::new();
    let connected = Closure::<dyn Fn(web_sys::HtmlElement)>::new(connected);
    let disconnected = Closure::<dyn Fn(web_sys::HtmlElement)>::new(disconnected);
    let changed = Closure::<dyn Fn(web_sys::HtmlElement, String)>::new(changed);
    js_sys::Reflect::set(&hooks, &"connected".into(), connected.as_ref())?;
    js_sys::Reflect::set(&hooks, &"disconnected".into(), disconnected.as_ref())?;
    js_sys::Reflect::set(&hooks, &"changed".into(), changed.as_ref())?;
    let observed: js_sys::Array = observed.iter().map(|s| JsValue::from_str(s)).collect();
    let took_over = define_element(name, observed, &hooks);
    connected.forget();
    disconnected.forget();
    changed.forget();
    Ok(took_over)
}

thread_local! {
    /// Sheets of static CSS, parsed once (keyed by the text's address).
    static SHARED: std::cell::RefCell<Vec<(usize, web_sys::CssStyleSheet)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A new constructable sheet holding `css` (`None` if the browser refuses it).
pub fn sheet(css: &str) -> Option<web_sys::CssStyleSheet> {
    let s = web_sys::CssStyleSheet::new().ok()?;
    s.replace_sync(css).ok()?;
    Some(s)
}

/// The one sheet of the static `css`, shared by every root that adopts it.
pub fn shared_sheet(css: &'static str) -> Option<web_sys::CssStyleSheet> {
    let key = css.as_ptr() as usize;
    SHARED.with(|all| {
        if let Some((_, s)) = all.borrow().iter().find(|(k, _)| *k == key) {
            return Some(s.clone());
        }
        let s = sheet(css)?;
        all.borrow_mut().push((key, s.clone()));
        Some(s)
    })
}

/// Sets `root`'s styles: the shared sheets of `base`, then (when not empty) the
/// view's own `css` (a term's Shiki colours, …).
pub fn adopt(root: &web_sys::ShadowRoot, base: &[&'static str], css: &str) {
    let sheets = js_sys::Array::new();
    for s in base.iter().filter_map(|c| shared_sheet(c)) {
        sheets.push(&s);
    }
    if let Some(s) = Some(css).filter(|c| !c.is_empty()).and_then(sheet) {
        sheets.push(&s);
    }
    adopt_sheets(root, &sheets);
}
