//! What several widgets show or do the same way, written once: the open shadow root,
//! `data-state` with its events, the `theme` attribute, the error panel with
//! "Try again", the category/difficulty pickers, and code-block copy buttons.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlSelectElement, ShadowRoot, ShadowRootInit, ShadowRootMode};

use super::super::base::words::{self, SearchWords};
use super::super::base::{dom, js, timer};
use crate::glossary::Facets;
use crate::render::strings::{Key, Strings};
use crate::render::{El, Html};

/// Observed attributes of each element. The first-load module defines the elements with
/// the same lists, since the full module takes them over (a class's list is fixed).
pub const ENTRY_OBSERVED: &[&str] = &["src", "term", "href-template", "theme"];
pub const SEARCH_OBSERVED: &[&str] = &["glossary", "placeholder", "limit", "category", "difficulty", "theme"];
pub const BROWSER_OBSERVED: &[&str] = &["theme", "lang"];
pub const TERM_OBSERVED: &[&str] = &["term", "glossary"];

/// The element's open shadow root (kept across disconnections, so made once).
pub fn shadow(el: &HtmlElement) -> Result<ShadowRoot, JsValue> {
    match el.shadow_root() {
        Some(s) => Ok(s),
        None => el.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open)),
    }
}

/// Sets `data-state` (`loading` | `ready` | `error`, with `data-error`), `aria-busy`, and
/// fires `glossa-ready` / `glossa-error` (bubbling, composed) when it settles.
pub fn set_state(el: &HtmlElement, state: &str, error: Option<&str>) {
    let _ = el.set_attribute("data-state", state);
    match error {
        Some(m) => {
            let _ = el.set_attribute("data-error", m);
        }
        None => {
            let _ = el.remove_attribute("data-error");
        }
    }
    let _ = el.toggle_attribute_with_force("aria-busy", state == "loading");
    let name = match state {
        "ready" => "glossa-ready",
        "error" => "glossa-error",
        _ => return,
    };
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&JsValue::from_str(error.unwrap_or("")));
    if let Ok(ev) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = el.dispatch_event(&ev);
    }
}

/// Applies the host's `theme` attribute (`light` | `dark`) to `target` (the widget's root element).
pub fn apply_theme(el: &HtmlElement, target: Option<Element>) {
    let Some(target) = target else { return };
    match el.get_attribute("theme").filter(|t| t == "light" || t == "dark") {
        Some(t) => {
            let _ = target.set_attribute("data-theme", &t);
        }
        None => {
            let _ = target.remove_attribute("data-theme");
        }
    }
}

/// An error panel: what failed, the message, "Try again" (`button.glossa-retry`), and
/// optionally a way back to the glossary's list.
pub fn error_panel(class: &'static str, what: &str, msg: &str, back: bool, w: &Strings) -> Html {
    let mut v = El::new("div")
        .class(class)
        .attr("role", "alert")
        .child(El::new("p").child(El::new("strong").text(what.to_owned())))
        .child(El::new("p").child(El::new("code").text(msg)));
    let mut actions = El::new("p")
        .class("glossa-actions")
        .child(El::new("button").class("glossa-retry").attr("type", "button").text(w.get(Key::TryAgain)));
    if back {
        actions = actions.child(El::new("a").href(crate::render::SafeUrl::fragment("/")).text(w.get(Key::AllTerms)));
    }
    v.children.push(actions.into());
    v.into()
}

/// The category and difficulty pickers (`select[data-filter]`), empty but for "All".
/// `words` are [`words::search_box`]'s.
pub fn filter_pickers(class: &'static str, words: &SearchWords) -> El {
    let mut f = El::new("div").class(class);
    for (name, label) in [("category", &words.category), ("difficulty", &words.difficulty)] {
        f.children.push(
            El::new("label")
                .child(El::new("span").text(label.as_str()))
                .child(
                    El::new("select")
                        .attr("data-filter", name)
                        .child(El::new("option").attr("value", "").text(words.all.as_str())),
                )
                .into(),
        );
    }
    f
}

/// Fills the pickers under `root` with the glossary's values; `selected(name)` picks the value shown.
pub fn fill_pickers(root: &ShadowRoot, facets: &Facets, selected: impl Fn(&str) -> Option<String>) {
    let Some(doc) = dom::document() else { return };
    for (name, values) in [("category", facets.categories_sorted()), ("difficulty", facets.difficulties_ranked())] {
        let Ok(Some(sel)) = root.query_selector(&format!("select[data-filter={name}]")) else { continue };
        let Some(sel) = sel.dyn_ref::<HtmlSelectElement>() else { continue };
        // Keep "All", replace the rest (a glossary may be reloaded).
        while sel.length() > 1 {
            sel.remove_with_index(1);
        }
        for (v, _) in values {
            if let Ok(o) = doc.create_element("option") {
                let _ = o.set_attribute("value", &v);
                o.set_text_content(Some(&v));
                let _ = sel.append_child(&o);
            }
        }
        if let Some(v) = selected(name) {
            sel.set_value(&v);
        }
    }
}

/// The value of picker `name` under `root` (`None` for "All").
pub fn picker_value(root: &ShadowRoot, name: &str) -> Option<String> {
    root.query_selector(&format!("select[data-filter={name}]"))
        .ok()
        .flatten()
        .and_then(|s| s.dyn_into::<HtmlSelectElement>().ok())
        .map(|s| s.value())
        .filter(|v| !v.is_empty())
}

/// Copies the code block of a `button.glossa-copy` to the clipboard and says so on the button.
pub fn copy_code(button: &Element) {
    let Ok(Some(figure)) = button.closest("figure") else { return };
    let Ok(Some(pre)) = figure.query_selector("pre") else { return };
    let text = pre.text_content().unwrap_or_default();
    let button = button.clone();
    let promise = js::copy_text(&text);
    wasm_bindgen_futures::spawn_local(async move {
        let ok = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
        // A second click while "Copied" shows: the first click's timer restores the label.
        let was = (!button.has_attribute("data-copied")).then(|| button.text_content().unwrap_or_default());
        let w = words::for_element(&button, None);
        button.set_text_content(Some(w.get(if ok { Key::Copied } else { Key::CopyFailed })));
        let _ = button.set_attribute("data-copied", if ok { "true" } else { "false" });
        timer::detached(1500, move || {
            if let Some(was) = &was {
                button.set_text_content(Some(was));
            }
            let _ = button.remove_attribute("data-copied");
        });
    });
}

/// Scrolls to the payload element `#id` names in `root` (ids carry the payload prefix;
/// a bare section name is tried with it first). `true` when found.
pub fn scroll_to(root: &ShadowRoot, id: &str) -> bool {
    let prefixed = format!("{}{id}", crate::render::sanitize::ID_PREFIX);
    match root.get_element_by_id(&prefixed).or_else(|| root.get_element_by_id(id)) {
        Some(t) => {
            t.scroll_into_view();
            true
        }
        None => false,
    }
}

/// The search box's placeholder text.
/// The search box's placeholder: the element's `placeholder`, else the words' (see [`search_words`]).
pub fn search_placeholder(el: &HtmlElement, words: &SearchWords) -> String {
    el.get_attribute("placeholder").unwrap_or_else(|| words.placeholder.clone())
}

/// The search box's words in `el`'s language (`glossary`'s language if `el` has none).
pub fn search_words(el: &HtmlElement, glossary: Option<&str>) -> SearchWords {
    words::search_box(&words::lang_for(el, glossary))
}

/// Relabels what [`search_box`] and [`filter_pickers`] drew under `root` for the language
/// now known (`el`'s, else the glossary's); labels the element's own attributes set stay.
pub fn relabel(root: &ShadowRoot, el: &HtmlElement, glossary: Option<&str>) {
    let SearchWords { placeholder, results, all, category, difficulty } = &search_words(el, glossary);
    if let Ok(Some(input)) = root.query_selector("input.gs-input") {
        for attr in ["placeholder", "aria-label"] {
            if !el.has_attribute(attr) {
                let _ = input.set_attribute(attr, placeholder);
            }
        }
    }
    if let Ok(Some(list)) = root.query_selector("ul.gs-list") {
        let _ = list.set_attribute("aria-label", results);
    }
    for (name, label) in [("category", category), ("difficulty", difficulty)] {
        let Ok(selects) = root.query_selector_all(&format!("select[data-filter={name}]")) else { continue };
        for i in 0..selects.length() {
            let Some(select) = selects.get(i).and_then(|n| n.dyn_into::<Element>().ok()) else { continue };
            if let Some(l) = select.previous_element_sibling() {
                l.set_text_content(Some(label));
            }
            if let Ok(Some(o)) = select.query_selector("option[value='']") {
                o.set_text_content(Some(all));
            }
        }
    }
}

/// The search box, empty (drawn by the first-load module and kept by the full one).
pub fn search_box(el: &HtmlElement, uid: &str) -> Html {
    let w = search_words(el, None);
    let mut wrap = El::new("div").class("glossa gs").attr("data-gs", "");
    let mut bar = El::new("div").class("gs-bar");
    bar.children.push(El::new("span").class("gs-icon").attr("aria-hidden", "true").text("⌕").into());
    bar.children.push(
        El::new("input")
            .attr("type", "search")
            .class("gs-input")
            .attr("role", "combobox")
            .attr("aria-expanded", "false")
            .attr("aria-controls", format!("{uid}-list"))
            .attr("aria-autocomplete", "list")
            .attr("aria-label", el.get_attribute("aria-label").unwrap_or_else(|| w.placeholder.clone()))
            .attr("autocomplete", "off")
            .attr("autocapitalize", "off")
            .attr("spellcheck", "false")
            .attr("enterkeyhint", "search")
            .attr("placeholder", search_placeholder(el, &w))
            .into(),
    );
    bar.children.push(El::new("kbd").class("gs-key").attr("aria-hidden", "true").text("/").into());
    wrap.children.push(bar.into());
    if el.has_attribute("filters") {
        wrap.children.push(filter_pickers("gs-filters", &w).into());
    }
    wrap.children.push(
        El::new("ul")
            .attr("id", format!("{uid}-list"))
            .attr("role", "listbox")
            .attr("aria-label", w.results.clone())
            .class("gs-list")
            .attr("hidden", "")
            .into(),
    );
    wrap.children.push(El::new("div").class("gs-empty-wrap").attr("hidden", "").into());
    wrap.children.push(El::new("div").class("gs-error").attr("role", "alert").attr("hidden", "").into());
    wrap.children.push(El::new("div").class("gs-status").attr("role", "status").attr("aria-live", "polite").into());
    wrap.into()
}
