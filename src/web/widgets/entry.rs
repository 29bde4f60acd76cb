//! `<glossa-entry src="URL">`: renders one term payload (Nuxt `_payload.json`, an
//! HTML page with `__NUXT_DATA__`, or a markdown file) into its shadow root.
//!
//! Attributes: `src` (required), `term` (which document, by slug/id/title, when a
//! payload holds several), `href-template` (links to other terms, e.g.
//! `entry.html?src={payload}`), `theme` (`light`/`dark`). The element reports
//! progress in `data-state` (`loading` → `ready` | `error`, with the message in
//! `data-error`) and fires `glossa-ready` / `glossa-error` events.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::thread::LocalKey;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{AbortController, Element, Event, HtmlElement, ShadowRoot};

use super::super::base::life::{self, Owner, Registry, Widget};
use super::super::base::{dom, fetch, js, url, words};
use super::super::state::source::load_any;
use super::common;
use crate::content::{self, Kind, Term};
use crate::render::strings::Key;
use crate::render::{self, El, Html, PayloadBase, RenderOptions, TemplateLinker};

pub struct Entry {
    el: HtmlElement,
    root: ShadowRoot,
    owner: Rc<Owner>,
    /// Bumped per load, so a slow earlier load never overwrites a newer one.
    gen: Cell<u64>,
    abort: RefCell<Option<AbortController>>,
}

thread_local! {
    static REGISTRY: Registry<Entry> = Registry::new();
}

impl Widget for Entry {
    const NAME: &'static str = "glossa-entry";
    const OBSERVED: &'static [&'static str] = common::ENTRY_OBSERVED;

    fn registry() -> &'static LocalKey<Registry<Self>> {
        &REGISTRY
    }

    fn mount(el: &HtmlElement, owner: &Rc<Owner>) -> Result<Rc<Self>, JsValue> {
        let root = common::shadow(el)?;
        let me = Rc::new(Entry {
            el: el.clone(),
            root: root.clone(),
            owner: owner.clone(),
            gen: Cell::new(0),
            abort: RefCell::new(None),
        });
        let weak = Rc::downgrade(&me);
        owner.listen(&root, "click", move |ev| {
            if let Some(me) = weak.upgrade() {
                me.on_click(&ev);
            }
        });
        let weak = Rc::downgrade(&me);
        owner.on_cleanup(move || {
            if let Some(a) = weak.upgrade().and_then(|me| me.abort.borrow_mut().take()) {
                a.abort();
            }
        });
        me.load();
        Ok(me)
    }

    fn changed(self: &Rc<Self>, attr: &str) {
        if attr == "theme" {
            self.apply_theme();
        } else {
            self.load();
        }
    }
}

impl Entry {
    fn apply_theme(&self) {
        common::apply_theme(&self.el, self.root.query_selector(".glossa").ok().flatten());
    }

    /// Starts a (re)load; the previous one is cancelled.
    fn load(self: &Rc<Self>) {
        let me = self.clone();
        wasm_bindgen_futures::spawn_local(async move { me.run().await });
    }

    async fn run(self: Rc<Self>) {
        let gen = self.gen.get() + 1;
        self.gen.set(gen);
        let Some(src) = self.el.get_attribute("src").filter(|s| !s.trim().is_empty()) else {
            self.show_error("no src attribute: set src to the URL of a term payload (_payload.json or .md)");
            return;
        };
        common::set_state(&self.el, "loading", None);
        self.show(
            &El::new("p")
                .class("glossa glossa-loading")
                .attr("role", "status")
                .text(words::for_element(&self.el, None).get(Key::Loading))
                .into(),
            "",
        );
        let controller = AbortController::new().ok();
        if let Some(prev) = self.abort.replace(controller.clone()) {
            prev.abort();
        }
        let signal = controller.as_ref().map(|c| c.signal());
        let result = self.fetch_and_render(&url::absolute(&src), signal.as_ref()).await;
        // Still wanted? (a newer load, or the element went away)
        if self.gen.get() != gen || self.owner.is_released() {
            return;
        }
        match result {
            Ok((html, css)) => {
                self.show(&html, &css);
                self.apply_theme();
                common::set_state(&self.el, "ready", None);
                self.scroll_to_hash();
            }
            Err(msg) => self.show_error(&msg),
        }
    }

    async fn fetch_and_render(
        &self,
        url: &str,
        signal: Option<&web_sys::AbortSignal>,
    ) -> Result<(Html, String), String> {
        let bytes = fetch::fetch_bytes(url, signal).await?;
        let mut loaded = load_any(&bytes, url).await;
        // An HTML page whose data lives in its _payload.json (prerendered Nuxt page).
        if loaded.terms.is_empty() && content::sniff(&bytes, url) == content::Format::Html {
            if let Ok(html) = std::str::from_utf8(&bytes) {
                if let Some((_, Some(data_src))) = crate::decode::nuxt::extract_nuxt_data(html) {
                    let next = url::resolve(&data_src, url);
                    let more = fetch::fetch_bytes(&next, signal).await?;
                    loaded = load_any(&more, &next).await;
                }
            }
        }
        let term = pick(&loaded.terms, self.el.get_attribute("term").as_deref()).ok_or_else(|| {
            loaded.errors.first().map(|e| format!("{url}: {e}")).unwrap_or_else(|| format!("{url}: no term found"))
        })?;
        let linker = TemplateLinker {
            template: self.el.get_attribute("href-template").filter(|t| !t.is_empty()),
            base: PayloadBase::infer(url, term.path.as_deref()),
        };
        let w = words::for_element(&self.el, None);
        let r = render::render_term(term, &RenderOptions { linker: &linker, strings: &w, ..Default::default() });
        Ok((r.html, r.css))
    }

    fn show(&self, html: &Html, css: &str) {
        js::adopt(&self.root, render::style::WIDGET, css);
        let _ = dom::replace(&self.root, html);
    }

    fn show_error(&self, msg: &str) {
        let w = words::for_element(&self.el, None);
        self.show(&common::error_panel("glossa glossa-error", w.get(Key::TermFailed), msg, false, &w), "");
        common::set_state(&self.el, "error", Some(msg));
    }

    /// Scrolls to the element named by the page's `#hash`, if it is in this shadow root.
    fn scroll_to_hash(&self) {
        let Some(hash) = web_sys::window().and_then(|w| w.location().hash().ok()) else { return };
        if hash.len() > 1 {
            common::scroll_to(&self.root, &url::fragment(&hash));
        }
    }

    /// Delegated clicks: copy buttons, "Try again", in-page `#anchor` links.
    fn on_click(self: &Rc<Self>, ev: &Event) {
        let Some(target) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
        if let Ok(Some(button)) = target.closest("button.glossa-copy") {
            common::copy_code(&button);
            return;
        }
        if target.closest("button.glossa-retry").ok().flatten().is_some() {
            self.load();
            return;
        }
        follow_anchor(&self.root, &target, ev);
    }
}

/// An in-page `#anchor` link clicked inside a shadow root: scroll there and keep the
/// fragment in the address (the browser cannot, as the target is in a shadow tree).
pub fn follow_anchor(root: &ShadowRoot, target: &Element, ev: &Event) {
    let Ok(Some(a)) = target.closest("a[href^='#']") else { return };
    let href = a.get_attribute("href").unwrap_or_default();
    if href.starts_with("#/") {
        return;
    }
    if common::scroll_to(root, &url::fragment(&href)) {
        ev.prevent_default();
        if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = h.push_state_with_url(&JsValue::NULL, "", Some(&href));
        }
    }
}

/// The document to show: by `term` attribute (slug, id or title), else the first term, else the first document.
fn pick<'a>(terms: &'a [Term], want: Option<&str>) -> Option<&'a Term> {
    if let Some(w) = want.filter(|w| !w.is_empty()) {
        return terms.iter().find(|t| {
            t.slug.eq_ignore_ascii_case(w) || t.id.eq_ignore_ascii_case(w) || t.title.eq_ignore_ascii_case(w)
        });
    }
    terms.iter().find(|t| t.kind == Kind::Term).or_else(|| terms.first())
}

/// Registers the element.
pub fn define() -> Result<(), JsValue> {
    life::define::<Entry>()
}
