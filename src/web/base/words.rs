//! The reader's language, and glossa's own words in it ([`crate::render::strings`]).
//!
//! A widget's language is its `lang` (the element's, or its nearest ancestor's, across
//! shadow roots, up to `<html lang>`), then the glossary's `language`, then English.
//! Pages override any word with `configure({ strings: { de: { noResults: "…" }, "*": {…} } })`.
//! Plural forms and numbers come from the browser (`Intl.PluralRules`, `Intl.NumberFormat`).

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, ShadowRoot};

use crate::render::strings::{self, Key, Strings};

thread_local! {
    /// Each `configure({ strings })` object, in the order configured (kept as JS objects:
    /// the first-load module reads them without parsing them).
    static OVERRIDES: RefCell<Vec<JsValue>> = const { RefCell::new(Vec::new()) };
    /// Strings built per language (a page uses one or a few), dropped when overrides change.
    static CACHE: RefCell<Vec<(String, Rc<Strings>)>> = const { RefCell::new(Vec::new()) };
}

/// The language of `el`: its own or its nearest ancestor's `lang`, crossing shadow roots.
pub fn lang_of(el: &Element) -> Option<String> {
    let mut at = Some(el.clone());
    while let Some(e) = at {
        if let Ok(Some(with)) = e.closest("[lang]") {
            return with.get_attribute("lang").filter(|l| !l.trim().is_empty());
        }
        at = e.get_root_node().dyn_into::<ShadowRoot>().ok().map(|r| r.host());
    }
    None
}

/// `el`'s language, else the glossary's, else English.
pub fn lang_for(el: &Element, glossary: Option<&str>) -> String {
    lang_of(el).or_else(|| glossary.filter(|l| !l.trim().is_empty()).map(str::to_owned)).unwrap_or_else(|| "en".into())
}

/// Whether `text` overrides key `name` for `lang` (the most specific, latest setting wins).
fn overridden(lang: &str, name: &str) -> Option<String> {
    let get = |o: &JsValue, k: &str| Reflect::get(o, &JsValue::from_str(k)).ok().filter(JsValue::is_object);
    let tags = [lang.to_owned(), lang.to_ascii_lowercase(), strings::primary(lang), "*".to_owned()];
    OVERRIDES.with(|o| {
        let o = o.borrow();
        tags.iter().find_map(|tag| {
            o.iter()
                .rev()
                .find_map(|v| get(v, tag).and_then(|w| Reflect::get(&w, &JsValue::from_str(name)).ok()?.as_string()))
        })
    })
}

/// The words the search box and its filter pickers show.
pub struct SearchWords {
    pub placeholder: String,
    /// The results list's label.
    pub results: String,
    pub all: String,
    pub category: String,
    pub difficulty: String,
}

/// The search box's words for `lang` (what the first-load module draws; no other tables).
pub fn search_box(lang: &str) -> SearchWords {
    let [placeholder, results, all, category, difficulty] = strings::search_box_words(lang);
    let word = |key: Key, text: &str| overridden(lang, key.name()).unwrap_or_else(|| text.to_owned());
    SearchWords {
        placeholder: word(Key::SearchPlaceholder, placeholder),
        results: word(Key::SearchResults, results),
        all: word(Key::All, all),
        category: word(Key::Category, category),
        difficulty: word(Key::Difficulty, difficulty),
    }
}

/// Every word for `lang`, with the page's overrides and the browser's plural rules.
pub fn strings(lang: &str) -> Rc<Strings> {
    if let Some(s) = CACHE.with(|c| c.borrow().iter().find(|(l, _)| l == lang).map(|(_, s)| s.clone())) {
        return s;
    }
    let mut s = Strings::new(lang);
    for k in Key::ALL {
        if let Some(t) = overridden(lang, k.name()) {
            s.set(k.name(), &t);
        }
    }
    let words = super::js::number_words(lang);
    let s = Rc::new(s.with_numbers(Rc::new(move |n: usize| {
        let got = words.call1(&JsValue::NULL, &JsValue::from_f64(n as f64)).ok();
        let part = |i: u32| got.as_ref().and_then(|a| Reflect::get_u32(a, i).ok()).and_then(|v| v.as_string());
        (part(0).unwrap_or_else(|| "other".into()), part(1).unwrap_or_else(|| n.to_string()))
    })));
    CACHE.with(|c| c.borrow_mut().push((lang.to_owned(), s.clone())));
    s
}

/// The words for widget `el` (see [`lang_for`]).
pub fn for_element(el: &Element, glossary: Option<&str>) -> Rc<Strings> {
    strings(&lang_for(el, glossary))
}

/// `configure({ strings })`: `{ <lang or "*">: { <word>: text } }`, kept as given.
pub fn set_overrides(v: &JsValue) {
    if v.is_object() {
        OVERRIDES.with(|o| o.borrow_mut().push(v.clone()));
        CACHE.with(|c| c.borrow_mut().clear());
    }
}

/// Console warnings for what in a `strings` setting is not a known word with a string
/// (the full module checks; the first-load module only reads): a typo does not pass
/// silently, and never stops the widgets starting.
pub fn check_overrides(v: &JsValue) {
    let warn = |m: String| web_sys::console::warn_1(&JsValue::from_str(&format!("glossa: configure: strings{m}")));
    if !v.is_object() {
        return warn(": expected an object of languages".into());
    }
    for lang in Object::keys(v.unchecked_ref::<Object>()).iter().filter_map(|k| k.as_string()) {
        let words = Reflect::get(v, &JsValue::from_str(&lang)).unwrap_or(JsValue::UNDEFINED);
        if !words.is_object() {
            warn(format!(".{lang}: expected an object of words"));
            continue;
        }
        for key in Object::keys(words.unchecked_ref::<Object>()).iter().filter_map(|k| k.as_string()) {
            if !Key::ALL.iter().any(|k| k.name() == key) {
                let known: Vec<&str> = Key::ALL.iter().map(|k| k.name()).collect();
                warn(format!(".{lang}.{key}: no such word (known: {})", known.join(", ")));
            } else if Reflect::get(&words, &JsValue::from_str(&key)).ok().and_then(|t| t.as_string()).is_none() {
                warn(format!(".{lang}.{key}: expected a string"));
            }
        }
    }
}
