//! The preview card: what a reader sees when hovering or focusing a term mention.
//!
//! Built from what is known at once (the glossary entry: title, acronym, badges,
//! description) plus, when the term's payload has arrived, its first section and
//! related terms. Same sanitising renderer as full pages.

use super::body::BodyRenderer;
use super::code::CodeStyles;
use super::html::{El, Html, SafeUrl};
use super::sanitize::clean_text;
use super::strings::{Key, Strings};
use super::term::summary_nodes;
use super::{LinkTarget, Linker};
use crate::ast::{heading_level, Node};
use crate::Term;

/// What the glossary knows about a term before its payload is loaded.
#[derive(Clone, Debug, Default)]
pub struct CardInfo<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub acronym: Option<&'a str>,
    pub category: Option<&'a str>,
    pub difficulty: Option<&'a str>,
    pub description: &'a str,
    /// Where "Read more" goes.
    pub href: Option<SafeUrl>,
    /// The language the term is written in (the glossary's): its text keeps that language's
    /// direction when the card's own words are in another (an English term in an Urdu page).
    pub lang: Option<&'a str>,
}

/// The payload part of the card.
pub enum CardBody<'a> {
    Loading,
    Ready(&'a Term),
    /// A short reason, shown with a Retry button.
    Failed(&'a str),
}

/// Renders the card. `dom_id` prefixes the ids used for ARIA references.
pub fn card(info: &CardInfo<'_>, body: CardBody<'_>, linker: &dyn Linker, dom_id: &str, s: &Strings) -> (Html, String) {
    let title_id = format!("{dom_id}-title");
    let mut root = El::new("div")
        .class("glossa glossa-card")
        .attr("role", "dialog")
        .attr("aria-modal", "false")
        .attr("aria-labelledby", title_id.clone())
        .attr("data-term", clean_text(info.id, true))
        .attr("lang", s.lang());
    if s.rtl() {
        root.set("dir", "rtl");
    }
    let mut title =
        El::new("p").class("gc-title").attr("id", title_id).child(El::new("strong").text(clean_text(info.title, true)));
    if let Some(a) = info.acronym.filter(|a| !a.is_empty()) {
        title.children.push(Html::Text(" ".into()));
        title.children.push(super::term::acronym(a));
    }
    let mut head = El::new("div").class("gc-head").child(title);
    let mut badges = El::new("p").class("glossa-badges");
    for (kind, v) in [(super::term::Facet::Category, info.category), (super::term::Facet::Difficulty, info.difficulty)]
    {
        if let Some(v) = v {
            badges.children.push(super::term::badge(kind, v));
        }
    }
    if !badges.children.is_empty() {
        head.children.push(badges.into());
    }
    root.children.push(head.into());
    let mut css = String::new();
    let section = match &body {
        CardBody::Ready(t) => {
            // The first paragraph of the first section (a preview, not the page).
            let mut nodes: &[Node] = summary_nodes(t);
            while let Some(Node::Element(e)) = nodes.first() {
                if heading_level(&e.tag).is_none() {
                    break;
                }
                nodes = nodes.get(1..).unwrap_or_default();
            }
            let first_p = nodes.iter().position(|n| matches!(n, Node::Element(e) if e.tag == "p"));
            if let Some(i) = first_p {
                nodes = nodes.get(i..=i).unwrap_or_default();
            }
            let mut r = BodyRenderer::new(linker, CodeStyles::from_styles(&t.body.styles), s);
            let html = r.nodes(nodes, false);
            css = r.styles.css().to_owned();
            let mut text = String::new();
            crate::ast::text_into(nodes, &mut text);
            Some((html, text))
        }
        _ => None,
    };
    let desc = info.description.trim();
    let covered = section.as_ref().is_some_and(|(_, text)| {
        let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        norm(text).contains(&norm(desc))
    });
    if !desc.is_empty() && !covered {
        root.children.push(El::new("p").class("gc-desc").text(clean_text(desc, false)).into());
    }
    match body {
        CardBody::Loading => {
            root.children.push(El::new("p").class("gc-status").attr("role", "status").text(s.get(Key::Loading)).into());
        }
        CardBody::Failed(msg) => {
            root.children.push(
                El::new("div")
                    .class("gc-error")
                    .attr("role", "status")
                    .child(El::new("p").text(s.fill(Key::CardFailed, "msg", &clean_text(msg, false))))
                    .child(El::new("button").attr("type", "button").class("gc-retry").text(s.get(Key::Retry)))
                    .into(),
            );
        }
        CardBody::Ready(t) => {
            if let Some((html, _)) = section {
                if !html.is_empty() {
                    root.children.push(El::new("div").class("gc-body glossa-body").children(html).into());
                }
            }
            let mut items: Vec<Html> = Vec::new();
            let names: Vec<(String, Option<String>)> = if t.related_summaries.is_empty() {
                t.related.iter().map(|r| (r.clone(), None)).collect()
            } else {
                t.related_summaries.iter().map(|s| (s.title.clone(), s.path.clone())).collect()
            };
            for (name, path) in names.iter().take(6) {
                let target = LinkTarget { title: Some(name), path: path.as_deref(), ..Default::default() };
                let slug = path
                    .as_deref()
                    .map(crate::content::last_segment)
                    .map(str::to_owned)
                    .unwrap_or_else(|| crate::ast::toc::slugify(name));
                if let Some(href) = linker.href(&LinkTarget { slug: Some(&slug), ..target }) {
                    items.push(
                        El::new("li")
                            .child(
                                El::new("a")
                                    .href(href)
                                    .attr("data-glossa-term", slug)
                                    .class("glossa-term-link")
                                    .text(clean_text(name, true)),
                            )
                            .into(),
                    );
                }
            }
            if !items.is_empty() {
                root.children.push(
                    El::new("nav")
                        .class("gc-related")
                        .attr("aria-label", s.get(Key::RelatedTerms))
                        .child(
                            El::new("span")
                                .class("gc-related-label")
                                .attr("aria-hidden", "true")
                                .text(s.get(Key::RelatedShort)),
                        )
                        .child(El::new("ul").children(items))
                        .into(),
                );
            }
        }
    }
    let mut foot = El::new("div").class("gc-foot");
    if let Some(h) = info.href.clone() {
        foot.children.push(El::new("a").class("gc-more").href(h).text(s.get(Key::ReadMore)).into());
    }
    foot.children
        .push(El::new("button").attr("type", "button").class("gc-off").text(s.get(Key::TurnOffPreviews)).into());
    root.children.push(foot.into());
    if let Some(lang) = info.lang.filter(|l| !l.trim().is_empty()) {
        for child in &mut root.children {
            mark_content(child, lang, super::strings::dir(lang));
        }
    }
    (root.into(), css)
}

/// Gives the term's own text (title, description, body, related terms) its language and direction.
fn mark_content(h: &mut Html, lang: &str, dir: &'static str) {
    let Html::Element(e) = h else { return };
    if ["gc-title", "gc-desc", "gc-body glossa-body"].iter().any(|c| e.get("class") == Some(*c))
        || (e.tag == "ul" && e.get("class").is_none())
    {
        e.set("lang", lang);
        e.set("dir", dir);
        return;
    }
    for c in &mut e.children {
        mark_content(c, lang, dir);
    }
}
