//! `<glossa-glossary glossary="glossary.json">`: the full glossary browser — an
//! A–Z index with category and difficulty filters, search, and term pages
//! rendered from their payloads, all addressed by the URL hash so deep links
//! survive a reload and back/forward work:
//!
//! * `#/` and `#/?letter=A&category=ai&difficulty=beginner` — the term list;
//! * `#/term/<id>` and `#/term/<id>/<section>` — a term page.
//!
//! With a multilingual glossary (`glossary="languages.json"`) the header offers a language
//! switch and term pages link their translations (`hreflang`); any route may carry
//! `?lang=<tag>` (`#/term/pod?lang=ja`), and the language chosen stays while the reader
//! browses. Without one, the element's language (its `lang`, or its page's) picks.
//!
//! With the `manage-title` attribute the page title follows the view (while the
//! element is in the page: its `hashchange` listener goes with it).

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::thread::LocalKey;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlElement, HtmlSelectElement, ShadowRoot};

use super::super::base::life::{self, Owner, Registry, Widget};
use super::super::base::{config, dom, fetch, js, url, words};
use super::super::state::glossary::{self, Shared, State};
use super::super::state::languages;
use super::super::state::link::GlossaryLinker;
use super::super::state::terms;
use super::{common, search};
use crate::glossary::languages::{Language, Languages};
use crate::glossary::letters::Order;
use crate::render::glossary::{self as views, ListFilter};
use crate::render::strings::{Key, Strings};
use crate::render::{self, style, El, Html, RenderOptions, SafeUrl};
use crate::search::SearchOptions;

pub struct Browser {
    el: HtmlElement,
    root: ShadowRoot,
    owner: Rc<Owner>,
    view: Element,
    letters: Element,
    status: Element,
    /// The `glossary` attribute (absolute; empty when none is configured): a manifest, or
    /// a multilingual glossary's `languages.json`.
    source: String,
    /// A multilingual glossary's languages, and the one shown (whose glossary is loaded).
    languages: RefCell<Option<(Rc<Languages>, Language)>>,
    /// The language the reader chose (a route's `lang`), kept while they browse.
    chosen: RefCell<Option<String>>,
    glossary: RefCell<Option<Shared>>,
    /// Bumped per route (and per glossary load), so a slow load never replaces a newer view.
    gen: Cell<u32>,
    /// The list view's terms not shown yet (positions in the manifest), and the last letter shown.
    rest: RefCell<(Vec<usize>, Option<String>)>,
}

thread_local! {
    static REGISTRY: Registry<Browser> = Registry::new();
}

impl Widget for Browser {
    const NAME: &'static str = "glossa-glossary";
    const OBSERVED: &'static [&'static str] = common::BROWSER_OBSERVED;

    fn registry() -> &'static LocalKey<Registry<Self>> {
        &REGISTRY
    }

    fn mount(el: &HtmlElement, owner: &Rc<Owner>) -> Result<Rc<Self>, JsValue> {
        glossary::warm_search();
        let url = el
            .get_attribute("glossary")
            .filter(|g| !g.is_empty())
            .or_else(config::default_glossary)
            .map(|u| url::absolute(&u))
            .unwrap_or_default();
        let root = common::shadow(el)?;
        js::adopt(&root, &[style::BASE_CSS, style::PAGE_CSS, style::SEARCH_CSS, BROWSER_CSS], "");
        dom::replace(&root, &skeleton(&url, &words::for_element(el, None), &common::search_words(el, None)))?;
        let q = |s: &str| root.query_selector(s).ok().flatten().ok_or_else(|| JsValue::from_str(s));
        let me = Rc::new(Browser {
            el: el.clone(),
            view: q(".gb-view")?,
            letters: q(".gb-letters-wrap")?,
            status: q(".gb-status")?,
            root: root.clone(),
            owner: owner.clone(),
            source: url.clone(),
            languages: RefCell::new(None),
            chosen: RefCell::new(None),
            glossary: RefCell::new(None),
            gen: Cell::new(0),
            rest: RefCell::new((Vec::new(), None)),
        });
        me.listen();
        me.theme();
        if url.is_empty() {
            me.set_status("No glossary: set the glossary attribute (or data-glossary on the script tag).");
            common::set_state(el, "error", Some("no glossary"));
        } else {
            me.load_glossary();
        }
        Ok(me)
    }

    fn changed(self: &Rc<Self>, attr: &str) {
        match attr {
            // A page switching the element's language switches a multilingual glossary's.
            "lang" => self.route(),
            _ => self.theme(),
        }
    }
}

fn skeleton(url: &str, w: &Strings, search: &words::SearchWords) -> Html {
    El::new("div")
        .class("glossa gb")
        .child(
            El::new("header")
                .class("gb-head")
                .child(
                    El::new("p")
                        .class("gb-title")
                        .attr("role", "heading")
                        .attr("aria-level", "1")
                        .text(w.get(Key::Glossary)),
                )
                .child(El::new("p").class("gb-meta"))
                .child(El::new("div").class("gb-lang"))
                .child(
                    El::new("glossa-search")
                        .attr("glossary", url.to_owned())
                        .attr("href-template", "#/term/{id}")
                        .class("gb-search"),
                ),
        )
        .child(El::new("div").class("gb-letters-wrap"))
        .child(common::filter_pickers("gb-filters", search))
        .child(El::new("p").class("gb-status").attr("role", "status"))
        .child(El::new("div").class("gb-view").attr("tabindex", "-1"))
        .into()
}

/// What the hash says to show.
enum Route {
    List(ListFilter),
    Term(String, Option<String>),
}

/// The URL hash without its `#`.
fn hash() -> String {
    let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
    hash.trim_start_matches('#').to_owned()
}

/// A hash part, percent-decoded (as written when it is not valid).
fn decode(s: &str) -> String {
    js_sys::decode_uri_component(s).map(String::from).unwrap_or_else(|_| s.to_owned())
}

fn parse_route() -> Route {
    let h = hash();
    if let Some(rest) = h.split('?').next().and_then(|p| p.strip_prefix("/term/")) {
        let mut parts = rest.splitn(2, '/');
        let id = decode(parts.next().unwrap_or(""));
        let section = parts.next().filter(|s| !s.is_empty()).map(decode);
        return Route::Term(id, section);
    }
    let mut f = ListFilter::default();
    for (k, v) in route_params() {
        let v = Some(v).filter(|v| !v.is_empty());
        match k.as_str() {
            "letter" => f.letter = v,
            "category" => f.category = v,
            "difficulty" => f.difficulty = v,
            _ => {}
        }
    }
    Route::List(f)
}

/// The hash's `?…` pairs, decoded.
fn route_params() -> Vec<(String, String)> {
    let h = hash();
    let q = h.split_once('?').map(|(_, q)| q).unwrap_or("");
    q.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| p.split_once('=').unwrap_or((p, "")))
        .map(|(k, v)| (decode(k), decode(v)))
        .collect()
}

/// The route's `lang`, if it names one.
fn route_lang() -> Option<String> {
    route_params().into_iter().find(|(k, _)| k == "lang").map(|(_, v)| v).filter(|v| !v.trim().is_empty())
}

/// The current route with its `lang` set to `lang`.
fn with_lang(lang: &str) -> String {
    let h = hash();
    let path = h.split('?').next().filter(|p| !p.is_empty()).unwrap_or("/");
    let mut pairs: Vec<String> = route_params()
        .into_iter()
        .filter(|(k, _)| k != "lang")
        .map(|(k, v)| format!("{}={}", render::encode(&k), render::encode(&v)))
        .collect();
    pairs.push(format!("lang={}", render::encode(lang)));
    format!("#{path}?{}", pairs.join("&"))
}

fn term_href(e: &crate::glossary::Entry) -> String {
    format!("#/term/{}", render::encode(&e.id))
}

impl Browser {
    fn theme(&self) {
        common::apply_theme(&self.el, self.root.query_selector(".gb").ok().flatten());
    }

    /// The words in this glossary browser's language (its `lang`, else the glossary's).
    fn words(&self) -> Rc<Strings> {
        if let Some(chosen) = self.chosen.borrow().as_deref() {
            return words::strings(chosen);
        }
        let g = self.glossary.borrow().clone();
        let lang = g.and_then(|g| g.borrow().manifest.language.clone());
        words::for_element(&self.el, lang.as_deref())
    }

    /// The language a multilingual glossary should show: the route's, else the one the
    /// reader chose before, else the element's.
    fn wanted_lang(&self) -> Option<String> {
        route_lang().or_else(|| self.chosen.borrow().clone()).or_else(|| words::lang_of(&self.el))
    }

    /// The manifest to show: the source, or the glossary its language list picks.
    async fn pick_glossary(&self) -> Result<String, String> {
        if !languages::is_list(&self.source) {
            return Ok(self.source.clone());
        }
        let list = languages::list(&self.source).await?;
        let picked = list.pick(self.wanted_lang().as_deref()).cloned().ok_or("no language")?;
        let url = picked.glossary.clone();
        *self.languages.borrow_mut() = Some((list, picked));
        Ok(url)
    }

    fn set_status(&self, text: &str) {
        self.status.set_text_content(Some(text));
    }

    fn next_gen(&self) -> u32 {
        self.gen.set(self.gen.get().wrapping_add(1));
        self.gen.get()
    }

    /// Still wanted: no newer route or load, and the element is still here.
    fn current(&self, gen: u32) -> bool {
        self.gen.get() == gen && !self.owner.is_released()
    }

    fn set_view(&self, html: &Html, css: &str) {
        let _ = dom::replace(&self.view, html);
        js::adopt(&self.root, &[style::BASE_CSS, style::PAGE_CSS, style::SEARCH_CSS, BROWSER_CSS], css);
    }

    fn title(&self, t: &str) {
        if self.el.has_attribute("manage-title") {
            if let Some(doc) = dom::document() {
                doc.set_title(t);
            }
        }
    }

    /// Loads the glossary (again, after a failure) and shows the current route.
    fn load_glossary(self: &Rc<Self>) {
        let gen = self.next_gen();
        common::set_state(&self.el, "loading", None);
        self.set_status(self.words().get(Key::LoadingGlossary));
        self.set_view(&Html::Text(String::new()), "");
        let me = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let loaded = match me.pick_glossary().await {
                Ok(u) => glossary::shared_listed(&u).await,
                Err(e) => Err(JsValue::from_str(&e)),
            };
            if !me.current(gen) {
                return;
            }
            match loaded {
                Ok(g) => {
                    *me.glossary.borrow_mut() = Some(g.clone());
                    me.setup(&g);
                    common::set_state(&me.el, "ready", None);
                    // The search box in the header failed with us; let it pick the glossary up.
                    if let Some(s) = me
                        .root
                        .query_selector("glossa-search")
                        .ok()
                        .flatten()
                        .and_then(|s| s.dyn_into::<HtmlElement>().ok())
                        .and_then(|s| search::instance(&s))
                    {
                        s.retry();
                    }
                    me.route();
                }
                Err(e) => {
                    let msg = fetch::describe(&e);
                    me.set_status("");
                    let w = me.words();
                    me.set_view(&common::error_panel("gb-error", w.get(Key::LoadFailed), &msg, false, &w), "");
                    common::set_state(&me.el, "error", Some(&msg));
                }
            }
        });
    }

    /// Title, count and filter options, once the glossary is loaded.
    fn setup(&self, g: &Shared) {
        let w = self.words();
        let s = g.borrow();
        let title =
            if s.manifest.title.is_empty() { w.get(Key::Glossary).to_owned() } else { s.manifest.title.clone() };
        if let Ok(Some(t)) = self.root.query_selector(".gb-title") {
            t.set_text_content(Some(&title));
        }
        if let Ok(Some(m)) = self.root.query_selector(".gb-meta") {
            m.set_text_content(Some(&w.count(Key::TermCount, s.manifest.terms.len())));
        }
        self.set_status("");
        common::fill_pickers(&self.root, &s.facets(), |_| None);
        // Drawn before the glossary's language was known.
        common::relabel(&self.root, &self.el, s.manifest.language.as_deref());
        if let Ok(Some(t)) = self.root.query_selector(".gb-title") {
            let _ = t.set_attribute("lang", &words::lang_for(&self.el, s.manifest.language.as_deref()));
        }
        drop(s);
        self.language_switch();
    }

    /// A multilingual glossary's language switch (each language named in its own words,
    /// `Intl.DisplayNames`), and the language on the widget's tree, so its search box and
    /// words follow the reader's choice.
    fn language_switch(&self) {
        let Ok(Some(slot)) = self.root.query_selector(".gb-lang") else { return };
        let Some((list, shown)) = self.languages.borrow().clone() else { return };
        if let Ok(Some(gb)) = self.root.query_selector(".gb") {
            if let Some(chosen) = self.chosen.borrow().as_deref() {
                let _ = gb.set_attribute("lang", chosen);
                let _ = gb.set_attribute("dir", crate::render::strings::dir(chosen));
            }
        }
        // The header's search box searches the glossary shown.
        if let Ok(Some(search)) = self.root.query_selector("glossa-search") {
            if search.get_attribute("glossary").as_deref() != Some(shown.glossary.as_str()) {
                let _ = search.set_attribute("glossary", &shown.glossary);
            }
        }
        let w = self.words();
        let mut select = El::new("select").attr("data-lang", "").attr("aria-label", w.get(Key::Language));
        for l in &list.languages {
            let mut o = El::new("option")
                .attr("value", l.lang.clone())
                .attr("lang", l.lang.clone())
                .text(js::language_name(&l.lang, &l.lang));
            if l.lang == shown.lang {
                o = o.attr("selected", "");
            }
            select = select.child(o);
        }
        let _ = dom::replace(&slot, &El::new("label").child(select).into());
    }

    /// The term page's links to its translations, and a note when it stands in for one.
    fn translations(&self, e: &crate::glossary::Entry, w: &Strings) -> Option<Html> {
        let current = self.languages.borrow().as_ref()?.1.lang.clone();
        let mut nav = El::new("div").class("gb-translations");
        if let Some(l) = e.lang.as_deref() {
            // Named in the words' language (English when the reader's has no built-in words).
            let name = js::language_name(l, if w.built_in() { w.lang() } else { "en" });
            nav = nav.child(El::new("p").class("gb-note").text(w.fill(Key::NotTranslated, "language", &name)));
        }
        if !e.translations.is_empty() {
            let mut ul = El::new("ul");
            for l in e.translations.iter().filter(|l| **l != current) {
                let href = SafeUrl::fragment(&format!("/term/{}?lang={}", render::encode(&e.id), render::encode(l)));
                let a = El::new("a")
                    .href(href)
                    .attr("hreflang", l.clone())
                    .attr("lang", l.clone())
                    .attr("data-lang", l.clone())
                    .text(js::language_name(l, l));
                ul = ul.child(El::new("li").child(a));
            }
            nav = nav.child(
                El::new("nav")
                    .attr("aria-label", w.get(Key::OtherLanguages))
                    .child(El::new("p").class("gb-note").text(w.get(Key::OtherLanguages)))
                    .child(ul),
            );
        }
        Some(nav.into())
    }

    /// "Show more" in a long list: the next batch joins the list, and focus moves to its first term.
    fn show_more(&self) {
        let Some(g) = self.glossary.borrow().clone() else { return };
        let Some(doc) = dom::document() else { return };
        let (batch, last, left) = {
            let mut rest = self.rest.borrow_mut();
            let n = rest.0.len().min(views::BATCH);
            let batch: Vec<usize> = rest.0.drain(..n).collect();
            (batch, rest.1.clone(), rest.0.len())
        };
        let (cont, groups, new_last) = {
            let s = g.borrow();
            let (cont, groups) = views::list_more(&s.manifest.terms, &batch, last.as_deref(), &term_href);
            let new_last = batch.last().and_then(|&i| s.manifest.terms.get(i)).map(|e| e.letter.clone());
            (cont, groups, new_last)
        };
        if new_last.is_some() {
            self.rest.borrow_mut().1 = new_last;
        }
        let Ok(Some(list)) = self.view.query_selector(".gb-list") else { return };
        let more = list.query_selector(".gb-more").ok().flatten();
        let uls = list.query_selector_all("ul.gb-terms").ok();
        let last_ul = uls.as_ref().and_then(|l| l.get(l.length().saturating_sub(1)));
        let mut first: Option<Element> = None;
        for item in &cont {
            if let (Some(ul), Ok(n)) = (&last_ul, dom::build(&doc, item)) {
                let _ = ul.append_child(&n);
                first = first.or_else(|| n.dyn_into::<Element>().ok());
            }
        }
        for group in &groups {
            if let Ok(n) = dom::build(&doc, group) {
                let _ = list.insert_before(&n, more.as_ref().map(|m| m.unchecked_ref::<web_sys::Node>()));
                first = first.or_else(|| n.dyn_into::<Element>().ok());
            }
        }
        if let Some(m) = &more {
            if left == 0 {
                m.remove();
            } else if let Ok(n) = dom::build(&doc, &views::more_button(left, &self.words())) {
                let _ = list.replace_child(&n, m);
            }
        }
        if let Some(link) = first.and_then(|f| f.query_selector("a").ok().flatten()) {
            if let Some(link) = link.dyn_ref::<HtmlElement>() {
                let _ = link.focus();
            }
        }
    }

    fn route(self: &Rc<Self>) {
        let Some(g) = self.glossary.borrow().clone() else { return };
        if let Some(l) = route_lang() {
            *self.chosen.borrow_mut() = Some(l);
        }
        // Another language of a multilingual glossary: load its glossary, which routes.
        let other = self.languages.borrow().as_ref().and_then(|(list, shown)| {
            let want = list.pick(self.wanted_lang().as_deref())?;
            (want.lang != shown.lang).then_some(())
        });
        if other.is_some() {
            self.load_glossary();
            return;
        }
        let gen = self.next_gen();
        match parse_route() {
            Route::List(filter) => self.show_list(&g, &filter),
            Route::Term(id, section) => self.show_term(&g, id, section, gen),
        }
    }

    fn show_list(&self, g: &Shared, filter: &ListFilter) {
        let (nav, list, name) = {
            let w = self.words();
            let s = g.borrow();
            let name =
                if s.manifest.title.is_empty() { w.get(Key::Glossary).to_owned() } else { s.manifest.title.clone() };
            // Headings and titles in the glossary language's collation order (Intl.Collator).
            let lang = s.manifest.language.clone().unwrap_or_else(|| "en".into());
            let order = Order::collated(Some(&lang), js::collation(&lang));
            (
                views::letter_nav(&s.manifest, filter, &w, &order),
                views::list(&s.manifest, filter, &term_href, &w, &order),
                name,
            )
        };
        let _ = dom::replace(&self.letters, &nav);
        for (name, v) in [("category", &filter.category), ("difficulty", &filter.difficulty)] {
            if let Ok(Some(sel)) = self.root.query_selector(&format!("select[data-filter={name}]")) {
                if let Some(sel) = sel.dyn_ref::<HtmlSelectElement>() {
                    sel.set_value(v.as_deref().unwrap_or(""));
                }
            }
        }
        *self.rest.borrow_mut() = (list.rest, list.last);
        self.set_view(&list.html, "");
        let _ = self.el.set_attribute("data-view", "list");
        self.title(&name);
    }

    fn show_term(self: &Rc<Self>, g: &Shared, id: String, section: Option<String>, gen: u32) {
        let found = g.borrow().manifest.find(&id).cloned();
        let Some(entry) = found else {
            // 404: say so, and offer the closest terms.
            let suggestions: Vec<(String, String)> = {
                let mut s = g.borrow_mut();
                let State { index, scratch, .. } = &mut *s;
                let q = id.replace(['-', '_'], " ");
                index
                    .search_with(scratch, &q, &SearchOptions { limit: 5, snippets: false, ..Default::default() })
                    .results
                    .into_iter()
                    .map(|r| (r.id, r.title))
                    .collect()
            };
            let w = self.words();
            let href = |sid: &str| format!("#/term/{}", render::encode(sid));
            self.set_view(&views::not_found(&id, &suggestions, &href, &w), "");
            let _ = self.el.set_attribute("data-view", "not-found");
            self.title(w.get(Key::TermNotFound));
            return;
        };
        let (id, term_title) = (entry.id.clone(), entry.title.clone());
        let _ = self.el.set_attribute("data-view", "loading");
        let w = self.words();
        let loading =
            El::new("p").class("gb-loading").attr("role", "status").text(w.fill(Key::LoadingTerm, "term", &term_title));
        self.set_view(&loading.into(), "");
        let me = self.clone();
        let g = g.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let t = terms::term_of(&g, &id).await;
            if !me.current(gen) {
                return;
            }
            match t {
                Ok(t) => {
                    let r = {
                        let s = g.borrow();
                        let linker =
                            GlossaryLinker { manifest: &s.manifest, seen: None, template: "#/term/{id}".into() };
                        render::render_term(&t, &RenderOptions { linker: &linker, strings: &w, ..Default::default() })
                    };
                    let crumbs = El::new("nav")
                        .class("gb-crumbs")
                        .attr("aria-label", w.get(Key::Breadcrumb))
                        .child(El::new("a").href(SafeUrl::fragment("/")).text(w.get(Key::AllTerms)));
                    let mut page = El::new("div").class("gb-term").child(crumbs);
                    if let Some(t) = me.translations(&entry, &w) {
                        page = page.child(t);
                    }
                    let mut body = El::new("div").child(r.html);
                    // A term the translation lacks is in the default language's words.
                    if let Some(l) = entry.lang.as_deref() {
                        body = body.attr("lang", l.to_owned()).attr("dir", crate::render::strings::dir(l));
                    }
                    let page = page.child(body);
                    me.set_view(&page.into(), &r.css);
                    let _ = me.el.set_attribute("data-view", "term");
                    me.title(&t.title);
                    // Routes name the section without the payload-id prefix (`#/term/x/real-talk`).
                    if !section.is_some_and(|s| common::scroll_to(&me.root, &s)) {
                        me.el.scroll_into_view();
                        if let Some(v) = me.view.dyn_ref::<HtmlElement>() {
                            let opts = web_sys::FocusOptions::new();
                            opts.set_prevent_scroll(true);
                            let _ = v.focus_with_options(&opts);
                        }
                    }
                }
                Err(e) => {
                    let what = w.fill(Key::TermLoadFailed, "term", &term_title);
                    me.set_view(&common::error_panel("gb-error", &what, &e, true, &w), "");
                    let _ = me.el.set_attribute("data-view", "error");
                }
            }
        });
    }

    fn listen(self: &Rc<Self>) {
        let w = Rc::downgrade(self);
        let with = move |f: fn(&Rc<Browser>, &Event)| {
            let w = w.clone();
            move |e: Event| {
                if let Some(me) = w.upgrade() {
                    f(&me, &e)
                }
            }
        };
        if let Some(win) = web_sys::window() {
            self.owner.listen(&win, "hashchange", with(|me, _| me.route()));
        }
        self.owner.listen(
            &self.root,
            "change",
            with(|_, e| {
                let Some(sel) = e.target().and_then(|t| t.dyn_into::<HtmlSelectElement>().ok()) else { return };
                if sel.has_attribute("data-lang") {
                    if let Some(w) = web_sys::window() {
                        let _ = w.location().set_hash(&with_lang(&sel.value()));
                    }
                    return;
                }
                let name = sel.get_attribute("data-filter").unwrap_or_default();
                let Route::List(mut f) = parse_route() else { return };
                let v = Some(sel.value()).filter(|v| !v.is_empty());
                match name.as_str() {
                    "category" => f.category = v,
                    "difficulty" => f.difficulty = v,
                    _ => return,
                }
                if let Some(w) = web_sys::window() {
                    let _ = w.location().set_hash(&f.route());
                }
            }),
        );
        self.owner.listen(&self.root, "click", with(|me, e| me.on_click(e)));
    }

    fn on_click(self: &Rc<Self>, e: &Event) {
        let Some(t) = e.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
        if let Ok(Some(b)) = t.closest("button.glossa-copy") {
            common::copy_code(&b);
            return;
        }
        if t.closest("button.gb-more-btn").ok().flatten().is_some() {
            self.show_more();
            return;
        }
        if t.closest("button.glossa-retry").ok().flatten().is_some() {
            if self.glossary.borrow().is_some() {
                self.route();
            } else {
                self.load_glossary();
            }
            return;
        }
        // Section links inside a term page: scroll, and keep the route in the hash.
        let Ok(Some(a)) = t.closest("a[href^='#']") else { return };
        let href = a.get_attribute("href").unwrap_or_default();
        if href.starts_with("#/") {
            return;
        }
        let anchor = url::fragment(&href);
        let Route::Term(id, _) = parse_route() else { return };
        if common::scroll_to(&self.root, &anchor) {
            e.prevent_default();
            if let Some(hist) = web_sys::window().and_then(|w| w.history().ok()) {
                let section = anchor.strip_prefix(render::sanitize::ID_PREFIX).unwrap_or(&anchor);
                let u = format!("#/term/{}/{}", render::encode(&id), render::encode(section));
                let _ = hist.replace_state_with_url(&JsValue::NULL, "", Some(&u));
            }
        }
    }
}

/// Registers the element.
pub fn define() -> Result<(), JsValue> {
    life::define::<Browser>()
}

pub const BROWSER_CSS: &str = r#"
.glossa.gb{max-width:60rem;padding:1.25rem 1.25rem 3rem}
.gb-head{display:grid;grid-template-columns:1fr minmax(14rem,24rem);gap:.5rem 1.5rem;align-items:end;margin-bottom:1rem}
.gb-title{font-size:2rem;font-weight:800;line-height:1.15;margin:0;letter-spacing:-.02em}
.gb-meta{grid-row:2;margin:0;color:var(--_muted);font-size:.95rem}
.gb-search{grid-column:2;grid-row:1/4;align-self:center;display:block}
.gb-lang{grid-row:3}
.gb-lang:empty{display:none}
.gb-lang select{font:inherit;color:var(--_fg);background:var(--_bg);border:1px solid var(--_border);border-radius:6px;padding:.3rem .5rem;min-height:36px}
.gb-translations{margin:0 0 1rem;font-size:.9rem}
.gb-translations p{margin:.25rem 0}
.gb-translations ul{display:flex;flex-wrap:wrap;gap:.25rem .9rem;list-style:none;margin:0;padding:0}
.gb-letters{display:flex;flex-wrap:wrap;align-items:center;gap:.25rem;margin:.25rem 0 .5rem;font-weight:600}
.gb-letters ul{display:contents;list-style:none}
.gb-letters li{display:contents}
.gb-letters a,.gb-letters span{display:inline-flex;justify-content:center;align-items:center;min-width:2.1rem;min-height:2.1rem;padding:0 .35rem;border-radius:6px;text-decoration:none;font-size:.95rem}
.gb-letters a{color:var(--_accent)}
.gb-letters a:hover{background:color-mix(in srgb,var(--_accent) 10%,transparent)}
.gb-letters a[aria-current]{background:var(--_accent);color:var(--_bg)}
.gb-letters span[aria-disabled]{color:var(--_muted);opacity:.45}
.gb-filters{display:flex;flex-wrap:wrap;gap:1rem;margin:.5rem 0 1rem;font-size:.9rem;color:var(--_muted)}
.gb-filters label{display:inline-flex;align-items:center;gap:.4rem}
.gb-filters select{font:inherit;color:var(--_fg);background:var(--_bg);border:1px solid var(--_border);border-radius:6px;padding:.3rem .5rem;min-height:36px}
.gb-status:empty{display:none}
.glossa-actions{display:flex;flex-wrap:wrap;gap:1rem;align-items:center}
.gb-error code{word-break:break-all}
.gb-status{color:var(--_muted)}
.gb-view:focus{outline:none}
.gb-group{margin:0 0 1.5rem}
.gb-letter{font-size:1.3rem;border-bottom:1px solid var(--_border);padding-bottom:.25rem;margin:0 0 .5rem;scroll-margin-top:1rem}
.gb-terms{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(17rem,1fr));gap:.75rem}
.gb-terms li{border:1px solid var(--_border);border-radius:var(--_radius);padding:.65rem .85rem}
.gb-term-head{display:flex;flex-wrap:wrap;align-items:center;gap:.35rem .5rem}
.gb-term-link{font-weight:650;font-size:1.05rem}
.gb-terms .glossa-badge{font-size:.62rem;padding:.05rem .45rem}
.gb-desc{margin:.35rem 0 0;color:var(--_muted);font-size:.9rem;line-height:1.5}
.gb-note{color:var(--_muted)}
.gb-more{margin:0 0 1.5rem;text-align:center}
.gb-more-btn{font:inherit;color:var(--_accent);background:var(--_bg);border:1px solid var(--_border);border-radius:6px;padding:.45rem 1rem;min-height:40px;cursor:pointer}
.gb-more-btn:hover{background:color-mix(in srgb,var(--_accent) 10%,transparent)}
.gb-crumbs{margin:0 0 .5rem}
.gb-term .glossa{padding:0;max-width:46rem;margin:0}
.gb-404,.gb-error{border:1px dashed var(--_border);border-radius:var(--_radius);padding:1rem 1.25rem}
@media (max-width:700px){.gb-head{grid-template-columns:1fr}.gb-search{grid-column:1;grid-row:auto}.gb-title{font-size:1.6rem}.gb-terms{grid-template-columns:1fr}}
"#;
