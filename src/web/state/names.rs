//! A glossary's names for linking mentions: the matcher and each term's id, by glossary URL.
//!
//! The full module takes them from the loaded glossary. The first-load module reads only
//! what linking needs — the manifest's names (parsed by the browser's `JSON.parse`), or the
//! documents section of a compact manifest's index — and leaves everything else to the full
//! module, which loads at the first sign of intent.

use std::rc::Rc;

use crate::autolink::Autolinker;

/// The matcher and the id of each term number it reports.
pub type Names = (Rc<Autolinker>, Rc<Vec<String>>);

/// The names of the glossary at `url` (absolute) for a container in language `lang` (a
/// multilingual glossary's `languages.json` picks by it; see [`super::languages`]).
#[cfg(feature = "web")]
pub async fn linker_for(url: &str, lang: Option<String>) -> Result<Names, String> {
    use super::glossary;
    let url = super::languages::glossary_for(url, lang.as_deref()).await?;
    let g = glossary::shared(&url).await.map_err(|e| super::super::base::fetch::describe(&e))?;
    let linker = glossary::autolinker(&g).await;
    let ids = Rc::new(g.borrow().manifest.terms.iter().map(|e| e.id.clone()).collect());
    Ok((linker, ids))
}

#[cfg(not(feature = "web"))]
pub use lite::linker_for;

#[cfg(not(feature = "web"))]
mod lite {
    use std::cell::RefCell;
    use std::rc::Rc;

    use js_sys::{Array, Reflect, JSON};
    use wasm_bindgen::JsValue;

    use super::Names;
    use crate::autolink::Builder;
    use crate::web::base::once::Once;
    use crate::web::base::{fetch, sched, url};

    thread_local! {
        /// Each glossary's names, read once.
        static ONCE: Rc<Once<Names>> = Rc::new(Once::default());
        /// `(url) => Promise<[[id, title, acronym, ...aliases], …]>` from the full module, for
        /// glossaries only it can read (Nuxt list payloads).
        static FROM_FULL: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
    }

    /// Where names come from when only the full module can read the glossary.
    pub fn set_full_names(f: js_sys::Function) {
        FROM_FULL.with(|x| *x.borrow_mut() = Some(f));
    }

    /// `(term, name)` pairs and the ids.
    type Raw = (Vec<(u32, String)>, Vec<String>);

    fn str_of(o: &JsValue, k: &str) -> Option<String> {
        Reflect::get(o, &k.into()).ok()?.as_string().filter(|s| !s.trim().is_empty())
    }

    /// Names from a parsed manifest's `terms`.
    fn from_entries(terms: &JsValue) -> Raw {
        let (mut names, mut ids) = (Vec::new(), Vec::new());
        for (i, t) in Array::from(terms).iter().enumerate() {
            let n = i as u32;
            // Term numbers are positions: an entry without an id or title keeps its place.
            ids.push(str_of(&t, "id").unwrap_or_default());
            let Some(title) = str_of(&t, "title") else { continue };
            names.push((n, title));
            names.extend(str_of(&t, "acronym").map(|a| (n, a)));
            if let Some(al) = Reflect::get(&t, &"aliases".into()).ok().filter(Array::is_array) {
                names.extend(Array::from(&al).iter().filter_map(|a| a.as_string()).map(|a| (n, a)));
            }
        }
        (names, ids)
    }

    /// Names from the documents of a prebuilt index (compact manifests), read in slices.
    async fn from_index(bytes: &[u8]) -> Result<Raw, String> {
        let mut loader = crate::search::format::Loader::new(bytes).map_err(|e| e.to_string())?;
        let mut slicer = sched::Slicer::new("names", 4096);
        while !loader.step_docs(512).map_err(|e| e.to_string())? {
            slicer.step(512).await;
        }
        let (mut names, mut ids) = (Vec::new(), Vec::new());
        for (i, d) in loader.docs().iter().enumerate() {
            let n = i as u32;
            names.push((n, d.title.clone()));
            names.extend(d.acronym.iter().map(|a| (n, a.clone())));
            names.extend(d.aliases.iter().map(|a| (n, a.clone())));
            ids.push(d.id.clone());
        }
        Ok((names, ids))
    }

    /// Names the full module read (`[[id, title, acronym, ...aliases], …]`).
    async fn from_full(u: &str) -> Result<Raw, String> {
        let f = FROM_FULL.with(|x| x.borrow().clone()).ok_or("this glossary needs the full module")?;
        let p = f.call1(&JsValue::NULL, &u.into()).map_err(|e| fetch::describe(&e))?;
        let rows = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(&p))
            .await
            .map_err(|e| fetch::describe(&e))?;
        let (mut names, mut ids) = (Vec::new(), Vec::new());
        if !Array::is_array(&rows) {
            return Err(format!("{u}: no names from the full module"));
        }
        for (i, row) in Array::from(&rows).iter().enumerate() {
            let row = if Array::is_array(&row) { Array::from(&row) } else { Array::new() };
            let n = i as u32;
            ids.push(row.get(0).as_string().unwrap_or_default());
            names.extend(row.iter().skip(1).filter_map(|v| v.as_string()).map(|s| (n, s)));
        }
        Ok((names, ids))
    }

    async fn raw(u: &str, lang: Option<&str>) -> Result<Raw, String> {
        let bytes = fetch::fetch_checked(u, None, fetch::Expect::Payload).await?;
        if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
            return from_full(u).await; // a Nuxt list payload
        }
        let text = String::from_utf8_lossy(&bytes);
        let m = JSON::parse(&text).map_err(|e| format!("{u}: not JSON ({})", fetch::describe(&e)))?;
        // A multilingual glossary's `languages.json`: the reader's language picks the glossary.
        if super::super::languages::is_list(u) {
            let g =
                super::super::languages::pick_in(&m, u, lang).unwrap_or_else(|| Err(format!("{u}: lists no language")));
            return Box::pin(raw(&g?, None)).await;
        }
        let terms = Reflect::get(&m, &"terms".into()).unwrap_or(JsValue::UNDEFINED);
        if Array::is_array(&terms) {
            return Ok(from_entries(&terms));
        }
        let Some(index) = str_of(&m, "index") else { return Err(format!("{u}: a manifest without terms or index")) };
        let index = url::resolve(&index, u);
        let bytes = fetch::fetch_checked(&index, None, fetch::Expect::Binary).await?;
        from_index(&bytes).await.map_err(|e| format!("{index}: {e}"))
    }

    /// The names of the glossary at `u`, read once per page (containers asking while it
    /// is read wait for the same reading).
    pub async fn linker_for(u: &str, lang: Option<String>) -> Result<Names, String> {
        // A language list's glossary depends on the reader's language.
        let key = match (&lang, super::super::languages::is_list(u)) {
            (Some(l), true) => format!("{u}#{l}"),
            _ => u.to_owned(),
        };
        let once = ONCE.with(|o| o.clone());
        once.get(&key, || build(u, lang.as_deref())).await
    }

    async fn build(u: &str, lang: Option<&str>) -> Result<Names, String> {
        let (names, ids) = raw(u, lang).await?;
        let mut b = Builder::new(names.iter().map(|(n, s)| (*n, s.as_str())));
        let mut slicer = sched::Slicer::new("autolink-build", 1);
        while !b.step() {
            slicer.step(1).await;
        }
        drop(slicer);
        Ok((Rc::new(b.finish()), Rc::new(ids)))
    }
}

#[cfg(not(feature = "web"))]
pub use lite::set_full_names;
