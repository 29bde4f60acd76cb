//! AST → sanitised [`Html`]: the allowlist applied node by node, MDC
//! components degraded to semantic containers, headings given anchors, code
//! blocks rendered by [`super::code`], links to other terms resolved by a [`Linker`].

use super::code::{self, CodeStyles};
use super::html::{El, Html, UrlAttr};
use super::sanitize::{self, UrlUse};
use super::strings::{Key, Strings};
use super::Linker;
use crate::ast::{heading_level, Element, Node, Prop};

/// Renders body nodes.
pub struct BodyRenderer<'a> {
    pub linker: &'a dyn Linker,
    pub styles: CodeStyles,
    depth: usize,
    strings: &'a Strings,
}

/// Elements whose content is phrasing (inline) content.
const INLINE: &[&str] = &[
    "a",
    "abbr",
    "b",
    "bdi",
    "bdo",
    "cite",
    "code",
    "data",
    "dfn",
    "em",
    "i",
    "kbd",
    "mark",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "time",
    "u",
    "var",
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "dt",
    "summary",
    "figcaption",
    "caption",
];

const CALLOUTS: &[&str] = &[
    "callout",
    "alert",
    "note",
    "tip",
    "warning",
    "caution",
    "important",
    "info",
    "danger",
    "success",
    "admonition",
    "hint",
];

const COLLAPSIBLE: &[&str] = &["fold", "collapsible", "accordion-item", "details-block", "spoiler"];

const ICONS: &[&str] = &["icon", "u-icon", "uicon", "nuxt-icon", "iconify"];

/// Most nesting rendered; deeper content is flattened into text in the deepest element.
const MAX_DEPTH: usize = 256;

impl<'a> BodyRenderer<'a> {
    pub fn new(linker: &'a dyn Linker, styles: CodeStyles, strings: &'a Strings) -> Self {
        BodyRenderer { linker, styles, depth: 0, strings }
    }

    pub fn nodes(&mut self, nodes: &[Node], inline: bool) -> Vec<Html> {
        let mut out = Vec::with_capacity(nodes.len());
        for n in nodes {
            self.node(n, inline, &mut out);
        }
        out
    }

    pub fn node(&mut self, n: &Node, inline: bool, out: &mut Vec<Html>) {
        crate::limits::work::tick(1);
        match n {
            Node::Text(t) => {
                let t = sanitize::clean_text(t, false);
                if !t.is_empty() {
                    out.push(Html::Text(t));
                }
            }
            Node::Comment(_) => {}
            Node::Element(e) => {
                if self.depth >= MAX_DEPTH {
                    // Too deep to render as elements: keep the text, gathered without recursion.
                    let mut text = String::new();
                    crate::ast::text_into(&e.children, &mut text);
                    let t = sanitize::clean_text(&text, false);
                    if !t.is_empty() {
                        out.push(Html::Text(t));
                    }
                    return;
                }
                self.depth += 1;
                self.element(e, inline, out);
                self.depth -= 1;
            }
        }
    }

    fn children(&mut self, e: &Element, inline: bool) -> Vec<Html> {
        self.nodes(&e.children, inline)
    }

    fn element(&mut self, e: &Element, inline: bool, out: &mut Vec<Html>) {
        let tag = e.tag.to_ascii_lowercase();
        if sanitize::is_dropped(&tag) {
            return;
        }
        if sanitize::is_unwrapped(&tag) {
            let c = self.children(e, inline);
            out.extend(c);
            return;
        }
        if heading_level(&tag).is_some() {
            out.push(self.heading(e, &tag));
            return;
        }
        match tag.as_str() {
            "pre" => {
                let mut styles = std::mem::take(&mut self.styles);
                let html = code::code_block(e, &mut styles, self.strings, &mut |n, out| self.node(n, true, out));
                self.styles = styles;
                out.push(html);
                return;
            }
            "a" => {
                out.push(self.link(e));
                return;
            }
            "img" => {
                if let Some(img) = self.image(e) {
                    out.push(img);
                }
                return;
            }
            "input" => {
                if e.prop("type").and_then(Prop::to_attr).is_some_and(|t| t.eq_ignore_ascii_case("checkbox")) {
                    let mut input = El::new("input").attr("type", "checkbox").attr("disabled", "");
                    if e.prop("checked").is_some_and(Prop::is_truthy) {
                        input.set("checked", "");
                    }
                    out.push(input.into());
                }
                return;
            }
            "binding" => {
                let text =
                    e.prop("defaultValue").or_else(|| e.prop("value")).and_then(Prop::to_attr).unwrap_or_default();
                out.push(Html::Text(sanitize::clean_text(&text, false)));
                return;
            }
            _ => {}
        }
        if let Some(t) = sanitize::allowed_tag(&tag) {
            let child_inline = inline || INLINE.contains(&t);
            let mut el = El::new(t);
            self.attrs(e, t, &mut el);
            el.children = self.children(e, child_inline);
            out.push(el.into());
            return;
        }
        out.push(self.component(e, &tag, inline));
    }

    /// Global and per-tag attributes that survive.
    fn attrs(&mut self, e: &Element, tag: &'static str, el: &mut El) {
        for (raw_name, value) in &e.props {
            let bound = raw_name.strip_prefix(':').or_else(|| raw_name.strip_prefix("v-bind:"));
            let name = bound.unwrap_or(raw_name);
            let Some(text) = value.to_attr() else { continue };
            let lname = name.to_ascii_lowercase();
            let static_name: Option<&'static str> = match lname.as_str() {
                "id" => {
                    if let Some(id) = sanitize::payload_id(&text) {
                        el.set("id", id);
                    }
                    continue;
                }
                "class" | "classname" => {
                    let c = sanitize::clean_classes(&text);
                    if !c.is_empty() {
                        let merged = match el.get("class") {
                            Some(prev) => format!("{prev} {c}"),
                            None => c,
                        };
                        el.set("class", merged);
                    }
                    continue;
                }
                "title" => Some("title"),
                "lang" => Some("lang"),
                "dir" if matches!(text.as_str(), "ltr" | "rtl" | "auto") => Some("dir"),
                "role" if sanitize::ROLES.contains(&text.as_str()) => Some("role"),
                "colspan" | "rowspan" | "span" | "start" | "value"
                    if text.chars().all(|c| c.is_ascii_digit()) && text.len() < 5 =>
                {
                    Some(match lname.as_str() {
                        "colspan" => "colspan",
                        "rowspan" => "rowspan",
                        "span" => "span",
                        "start" => "start",
                        _ => "value",
                    })
                }
                "reversed" if tag == "ol" => Some("reversed"),
                "type" if tag == "ol" && matches!(text.as_str(), "1" | "a" | "A" | "i" | "I") => Some("type"),
                "scope" if tag == "th" => Some("scope"),
                "align" if matches!(text.as_str(), "left" | "right" | "center") => {
                    el.set("data-align", text.clone());
                    continue;
                }
                "datetime" if tag == "time" || tag == "del" || tag == "ins" => Some("datetime"),
                "open" if tag == "details" && value.is_truthy() => Some("open"),
                "cite" if matches!(tag, "blockquote" | "q" | "del" | "ins") => {
                    if let Some(u) = sanitize::safe_url(&text, UrlUse::Link) {
                        el.set_url(UrlAttr::Cite, u);
                    }
                    continue;
                }
                "abbr" if tag == "th" => Some("abbr"),
                _ => None,
            };
            if let Some(n) = static_name {
                let v = if n == "title" { sanitize::clean_text(&text, false) } else { text };
                el.set(n, v);
            } else if let Some(data) = sanitize::data_attr(&camel_to_kebab(name)) {
                if data != "data-glossa-term" || matches!(tag, "a" | "abbr" | "span") {
                    el.set(data, sanitize::clean_text(&text, false));
                }
            }
        }
    }

    fn heading(&mut self, e: &Element, tag: &str) -> Html {
        let t = sanitize::allowed_tag(tag).unwrap_or("h2");
        let mut el = El::new(t);
        self.attrs(e, t, &mut el);
        let children = self.children(e, true);
        let has_link = contains_link(&children);
        match el.get("id").and_then(sanitize::SafeUrl::anchor) {
            Some(anchor) if !has_link => {
                let a = El::new("a").class("glossa-anchor").href(anchor).children(children);
                el.children.push(a.into());
            }
            Some(anchor) => {
                el.children = children;
                el.children.push(
                    El::new("a")
                        .class("glossa-anchor glossa-anchor-mark")
                        .href(anchor)
                        .attr("aria-label", self.strings.get(Key::SectionLink))
                        .text("#")
                        .into(),
                );
            }
            None => el.children = children,
        }
        el.into()
    }

    fn link(&mut self, e: &Element) -> Html {
        let mut el = El::new("a");
        self.attrs(e, "a", &mut el);
        let term = el.get("data-glossa-term").map(str::to_owned);
        let href = match &term {
            Some(id) => self.linker.href(&super::LinkTarget { id: Some(id), slug: Some(id), ..Default::default() }),
            None => e.prop("href").and_then(Prop::to_attr).and_then(|h| sanitize::safe_url(&h, UrlUse::Link)),
        };
        if let Some(h) = href {
            let external = h.is_external();
            el.set_url(UrlAttr::Href, h);
            if external {
                el.set("rel", "noopener noreferrer nofollow ugc");
                if e.prop("target").and_then(Prop::to_attr).as_deref() == Some("_blank") {
                    el.set("target", "_blank");
                }
            }
        }
        if term.is_some() {
            let c = match el.get("class") {
                Some(prev) => format!("{prev} glossa-term-link"),
                None => "glossa-term-link".into(),
            };
            el.set("class", c);
        }
        el.children = self.children(e, true);
        el.into()
    }

    fn image(&mut self, e: &Element) -> Option<Html> {
        let src = e.prop("src").and_then(Prop::to_attr).and_then(|s| sanitize::safe_url(&s, UrlUse::Image))?;
        let mut el = El::new("img");
        self.attrs(e, "img", &mut el);
        el.set_url(UrlAttr::Src, src);
        el.set("alt", sanitize::clean_text(&e.prop("alt").and_then(Prop::to_attr).unwrap_or_default(), false));
        for (k, name) in [("width", "width"), ("height", "height")] {
            if let Some(v) = e
                .prop(k)
                .and_then(Prop::to_attr)
                .filter(|v| !v.is_empty() && v.len() < 6 && v.chars().all(|c| c.is_ascii_digit()))
            {
                el.set(name, v);
            }
        }
        el.set("loading", "lazy");
        el.set("decoding", "async");
        el.set("referrerpolicy", "no-referrer");
        Some(el.into())
    }

    /// An MDC component (or any unknown tag): a semantic container that keeps its children.
    fn component(&mut self, e: &Element, tag: &str, inline: bool) -> Html {
        let name = camel_to_kebab(tag).trim_start_matches("prose-").to_owned();
        let base = name.trim_start_matches("u-").trim_start_matches("ui-").to_owned();
        let title = ["title", "label", "summary", "name"]
            .iter()
            .find_map(|k| e.prop(k).and_then(Prop::to_attr))
            .filter(|t| !t.trim().is_empty());
        let safe_name: String = name.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').take(40).collect();
        if ICONS.contains(&base.as_str()) {
            return Html::Text(String::new());
        }
        if CALLOUTS.contains(&base.as_str()) {
            let kind = e
                .prop("type")
                .or_else(|| e.prop("color"))
                .and_then(Prop::to_attr)
                .filter(|t| t.chars().all(|c| c.is_ascii_alphanumeric()) && !t.is_empty() && t.len() < 16)
                .unwrap_or_else(|| {
                    if base == "callout" || base == "alert" || base == "admonition" {
                        "note".into()
                    } else {
                        base.clone()
                    }
                })
                .to_ascii_lowercase();
            let label = title.clone().unwrap_or_else(|| capitalise(&kind));
            let mut aside = El::new("aside")
                .class(format!("glossa-callout glossa-callout-{kind}"))
                .attr("role", "note")
                .attr("data-component", safe_name);
            aside
                .children
                .push(El::new("p").class("glossa-callout-label").text(sanitize::clean_text(&label, true)).into());
            aside.children.extend(self.children(e, false));
            return aside.into();
        }
        if COLLAPSIBLE.contains(&base.as_str()) {
            let mut d = El::new("details").class("glossa-fold").attr("data-component", safe_name);
            if e.prop("open").or_else(|| e.prop(":open")).is_some_and(Prop::is_truthy) {
                d.set("open", "");
            }
            let summary = title.unwrap_or_else(|| self.strings.get(Key::Details).into());
            d.children.push(El::new("summary").text(sanitize::clean_text(&summary, true)).into());
            d.children.extend(self.children(e, false));
            return d.into();
        }
        if base == "badge" {
            let mut s = El::new("span").class("glossa-chip").attr("data-component", safe_name);
            s.children = self.children(e, true);
            if s.children.is_empty() {
                if let Some(t) = title {
                    s.children.push(Html::Text(sanitize::clean_text(&t, true)));
                }
            }
            return s.into();
        }
        let tag: &'static str = if inline { "span" } else { "div" };
        let mut el =
            El::new(tag).class(format!("glossa-component glossa-c-{safe_name}")).attr("data-component", safe_name);
        if let Some(t) = title.filter(|_| !inline) {
            el.children.push(El::new("p").class("glossa-component-title").text(sanitize::clean_text(&t, true)).into());
        }
        el.children.extend(self.children(e, inline));
        el.into()
    }
}

fn contains_link(nodes: &[Html]) -> bool {
    nodes.iter().any(|n| match n {
        Html::Element(e) => e.tag == "a" || contains_link(&e.children),
        Html::Text(_) => false,
    })
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => std::iter::once(f.to_ascii_uppercase()).chain(c).collect(),
        None => String::new(),
    }
}

/// `dataFoo` → `data-foo`, `ariaLabel` → `aria-label`, `CodeGroup` → `code-group`.
pub fn camel_to_kebab(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    for (i, c) in s.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 && !out.ends_with('-') {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}
