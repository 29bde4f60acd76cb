//! Multilingual glossaries in the page: a `glossary` (or `data-glossary`) naming a
//! `languages.json` ([`crate::glossary::languages`]) means each widget uses the glossary of
//! its own language — its `lang`, or its nearest ancestor's, up to `<html lang>` — with the
//! list's default language for readers whose language is not listed.
//!
//! A list is recognised by its name, in both modules. It is read once per page with the
//! browser's `JSON.parse` and kept as that JS object: the first-load module only needs its
//! tags and URLs (and reads it where it reads manifests, [`pick_in`]).

use std::cell::RefCell;
use std::collections::HashMap;

use js_sys::{Array, Reflect, JSON};
use wasm_bindgen::JsValue;
use web_sys::Element;

use super::super::base::{fetch, url, words};
use crate::glossary::languages::{self, FILE};

thread_local! {
    /// Each list read (a checked `JSON.parse` result), by URL.
    static LISTS: RefCell<HashMap<String, JsValue>> = RefCell::new(HashMap::new());
}

/// Whether `url` names a language list rather than one glossary (`…/languages.json`).
pub fn is_list(url: &str) -> bool {
    url.split(['?', '#']).next().is_some_and(|p| p.ends_with(FILE))
}

fn text(o: &JsValue, k: &str) -> Option<String> {
    Reflect::get(o, &k.into()).ok()?.as_string().filter(|s| !s.trim().is_empty())
}

/// The list's entries (checked to have `lang` and `glossary`).
fn entries(v: &JsValue) -> Array {
    Reflect::get(v, &"languages".into()).ok().filter(Array::is_array).map(|a| Array::from(&a)).unwrap_or_default()
}

async fn read(u: &str) -> Result<JsValue, String> {
    let bytes = fetch::fetch_checked(u, None, fetch::Expect::Json).await?;
    let v = JSON::parse(&String::from_utf8_lossy(&bytes))
        .map_err(|e| format!("{u}: not JSON ({})", fetch::describe(&e)))?;
    let list = entries(&v);
    if list.length() == 0 {
        return Err(format!("{u}: a language list needs `languages`, a list of {{lang, glossary}}"));
    }
    for (i, l) in list.iter().enumerate() {
        if text(&l, "lang").is_none() || text(&l, "glossary").is_none() {
            return Err(format!("{u}: languages[{i}] needs `lang` and `glossary`"));
        }
    }
    Ok(v)
}

/// The language list at `u` (absolute) as parsed, kept once read (a failed reading is
/// tried again next time). Widgets asking at the same moment each fetch it: it is a small
/// file, and the browser's cache lock makes the later requests wait for the first.
async fn list_js(u: &str) -> Result<JsValue, String> {
    if let Some(v) = LISTS.with(|l| l.borrow().get(u).cloned()) {
        return Ok(v);
    }
    let v = read(u).await?;
    LISTS.with(|l| l.borrow_mut().insert(u.to_owned(), v.clone()));
    Ok(v)
}

/// The glossary URL for a reader of `lang`: `u` itself unless it is a language list.
pub async fn glossary_for(u: &str, lang: Option<&str>) -> Result<String, String> {
    if !is_list(u) {
        return Ok(u.to_owned());
    }
    let v = list_js(u).await?;
    pick_in(&v, u, lang).unwrap_or_else(|| Err(format!("{u}: lists no language")))
}

/// The glossary URL in language list `v` (parsed from `u`) for a reader of `lang`, or what
/// is wrong with the list; `None` when `v` lists no language.
pub fn pick_in(v: &JsValue, u: &str, lang: Option<&str>) -> Option<Result<String, String>> {
    let list = entries(v);
    let tags: Vec<String> = list.iter().map(|l| text(&l, "lang").unwrap_or_default()).collect();
    let default = text(v, "default").unwrap_or_default();
    let i = languages::pick(tags.iter().map(String::as_str), &default, lang)?;
    Some(
        text(&list.get(i as u32), "glossary")
            .map(|g| url::resolve(&g, u))
            .ok_or_else(|| format!("{u}: languages[{i}] has no `glossary`")),
    )
}

/// The glossary URL for widget `el` (see [`glossary_for`]).
pub async fn glossary_of(u: &str, el: &Element) -> Result<String, String> {
    glossary_for(u, words::lang_of(el).as_deref()).await
}

/// The whole list at `u` (its glossary URLs absolute), for the glossary browser's switch.
#[cfg(feature = "web")]
pub async fn list(u: &str) -> Result<std::rc::Rc<languages::Languages>, String> {
    use crate::glossary::languages::{Language, Languages};
    let v = list_js(u).await?;
    let count = |l: &JsValue, k: &str| Reflect::get(l, &k.into()).ok().and_then(|n| n.as_f64()).unwrap_or(0.0) as usize;
    let languages = entries(&v)
        .iter()
        .map(|l| Language {
            lang: text(&l, "lang").unwrap_or_default(),
            title: text(&l, "title").unwrap_or_default(),
            glossary: url::resolve(&text(&l, "glossary").unwrap_or_default(), u),
            terms: count(&l, "terms"),
            translated: count(&l, "translated"),
        })
        .collect();
    Ok(std::rc::Rc::new(Languages { glossa: 1, default: text(&v, "default").unwrap_or_default(), languages }))
}
