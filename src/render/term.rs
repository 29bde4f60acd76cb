//! Term page layout: header (title, acronym, badges, description), table of
//! contents, body, related terms.

use super::body::BodyRenderer;
use super::code::CodeStyles;
use super::html::{self, El, Html, SafeUrl};
use super::sanitize::clean_text;
use super::{LinkTarget, RenderOptions};
use crate::ast::{Node, TocLink};
use crate::content::{Kind, Term};

/// A rendered document: the sanitised tree plus the scoped CSS its code colours need.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Rendered {
    pub html: Html,
    /// Per-document rules (Shiki colour classes), all scoped under `.glossa`.
    pub css: String,
}

impl Rendered {
    /// HTML text of the article alone (no styles).
    pub fn markup(&self) -> String {
        html::to_string(std::slice::from_ref(&self.html))
    }

    /// A self-contained HTML fragment: `<style>` (widget + document CSS) and the article.
    /// This is the no-JavaScript fallback and what tests compare the DOM against.
    pub fn to_fragment(&self) -> String {
        format!("<style>{}{}</style>{}", super::style::widget_css(), self.css, self.markup())
    }
}

/// Renders a whole term page.
pub fn render_term(t: &Term, opts: &RenderOptions<'_>) -> Rendered {
    let styles = CodeStyles::from_styles(&t.body.styles);
    let mut r = BodyRenderer::new(opts.linker, styles, opts.strings);
    let mut article =
        El::new("article").class(if t.kind == Kind::Term { "glossa glossa-term" } else { "glossa glossa-page" });
    article.set("data-slug", clean_text(&t.slug, true));
    article.children.push(header(t).into());
    let nodes: &[Node] = if opts.summary_only { summary_nodes(t) } else { &t.body.nodes };
    let toc_links = t.toc.links.len() + t.toc.links.iter().map(|l| l.children.len()).sum::<usize>();
    if !opts.summary_only && toc_links >= opts.toc_min {
        article.children.push(toc(&t.toc.links, opts.strings).into());
    }
    let body = El::new("div").class("glossa-body").children(r.nodes(nodes, false));
    article.children.push(body.into());
    if let Some(rel) = related(t, opts) {
        article.children.push(rel.into());
    }
    Rendered { html: article.into(), css: r.styles.css().to_owned() }
}

/// The part of the body a preview shows: up to `<!--more-->`, else up to the second heading.
pub fn summary_nodes(t: &Term) -> &[Node] {
    let nodes = &t.body.nodes[..];
    if let Some(n) = t.body.summary_len {
        return nodes.get(..n).unwrap_or(nodes);
    }
    let is_heading = |n: &Node| matches!(n, Node::Element(e) if crate::ast::is_heading(&e.tag));
    let first = nodes.iter().position(is_heading);
    let end = match first {
        Some(0) => nodes.iter().skip(1).position(is_heading).map_or(nodes.len(), |p| p + 1),
        Some(p) => p,
        None => nodes.len(),
    };
    nodes.get(..end).unwrap_or(nodes)
}

/// A facet badge: `<span class="glossa-badge glossa-category" data-category="v">v</span>`
/// (or difficulty; styles and filters key on both).
pub(crate) fn badge(kind: Facet, value: &str) -> Html {
    let (class, attr) = match kind {
        Facet::Category => ("glossa-badge glossa-category", "data-category"),
        Facet::Difficulty => ("glossa-badge glossa-difficulty", "data-difficulty"),
    };
    let v = clean_text(value, true);
    El::new("span").class(class).attr(attr, v.clone()).text(v).into()
}

/// Which facet a [`badge`] shows.
#[derive(Clone, Copy)]
pub(crate) enum Facet {
    Category,
    Difficulty,
}

/// The acronym next to a title.
pub(crate) fn acronym(a: &str) -> Html {
    El::new("span").class("glossa-acronym").text(clean_text(a, true)).into()
}

fn header(t: &Term) -> El {
    let mut h = El::new("header").class("glossa-head");
    let mut title = El::new("h1").class("glossa-title").text(clean_text(&t.title, true));
    if let Some(a) = t.acronym.as_deref().filter(|a| !a.is_empty()) {
        title.children.push(Html::Text(" ".into()));
        title.children.push(acronym(a));
    }
    h.children.push(title.into());
    let mut badges = El::new("p").class("glossa-badges");
    if let Some(c) = t.category.as_deref() {
        badges.children.push(badge(Facet::Category, c));
    }
    if let Some(s) = t.subcategory.as_deref() {
        badges.children.push(El::new("span").class("glossa-badge glossa-subcategory").text(clean_text(s, true)).into());
    }
    if let Some(d) = t.difficulty.as_deref() {
        badges.children.push(badge(Facet::Difficulty, d));
    }
    for tag in t.tags.iter().take(8) {
        badges.children.push(El::new("span").class("glossa-badge glossa-tag").text(clean_text(tag, true)).into());
    }
    if !badges.children.is_empty() {
        h.children.push(badges.into());
    }
    let aka: Vec<&String> = t.aliases.iter().filter(|a| !a.eq_ignore_ascii_case(&t.title)).collect();
    if !aka.is_empty() {
        let names = aka.iter().map(|a| clean_text(a, true)).collect::<Vec<_>>().join(", ");
        h.children.push(El::new("p").class("glossa-aka").text(format!("Also known as: {names}")).into());
    }
    if let Some(d) = t.description.as_deref().filter(|d| !d.trim().is_empty()) {
        h.children.push(El::new("p").class("glossa-description").text(clean_text(d, false)).into());
    }
    h
}

fn toc(links: &[TocLink], s: &super::strings::Strings) -> El {
    fn list(links: &[TocLink], depth: usize) -> El {
        let mut ol = El::new("ol");
        for l in links {
            let Some(anchor) = SafeUrl::anchor(&l.id) else { continue };
            let mut li = El::new("li").child(El::new("a").href(anchor).text(clean_text(&l.text, false)));
            if !l.children.is_empty() && depth < 4 {
                li.children.push(list(&l.children, depth + 1).into());
            }
            ol.children.push(li.into());
        }
        ol
    }
    El::new("nav")
        .class("glossa-toc")
        .attr("aria-label", s.get(super::strings::Key::OnThisPage))
        .child(
            El::new("p")
                .class("glossa-toc-title")
                .attr("aria-hidden", "true")
                .text(s.get(super::strings::Key::OnThisPage)),
        )
        .child(list(links, 0))
}

fn related(t: &Term, opts: &RenderOptions<'_>) -> Option<El> {
    let mut items: Vec<Html> = Vec::new();
    if !t.related_summaries.is_empty() {
        // The term's own order (`related` titles) first, then any other summaries.
        let mut ordered: Vec<&crate::content::TermSummary> = Vec::new();
        for name in &t.related {
            if let Some(s) = t.related_summaries.iter().find(|s| s.title.eq_ignore_ascii_case(name)) {
                ordered.push(s);
            }
        }
        for s in &t.related_summaries {
            if !ordered.iter().any(|o| std::ptr::eq(*o, s)) {
                ordered.push(s);
            }
        }
        for s in ordered {
            let target = LinkTarget { title: Some(&s.title), path: s.path.as_deref(), ..Default::default() };
            items.push(related_item(&s.title, s.description.as_deref(), target, opts).into());
        }
    } else {
        for name in &t.related {
            let target = LinkTarget { title: Some(name), ..Default::default() };
            items.push(related_item(name, None, target, opts).into());
        }
    }
    if items.is_empty() {
        return None;
    }
    Some(
        El::new("nav")
            .class("glossa-related")
            .attr("aria-label", opts.strings.get(super::strings::Key::RelatedTerms))
            .child(
                El::new("p")
                    .class("glossa-related-title")
                    .attr("aria-hidden", "true")
                    .text(opts.strings.get(super::strings::Key::RelatedTerms)),
            )
            .child(El::new("ul").children(items)),
    )
}

fn related_item(title: &str, description: Option<&str>, target: LinkTarget<'_>, opts: &RenderOptions<'_>) -> El {
    let label = clean_text(title, true);
    let slug = target
        .path
        .map(crate::content::last_segment)
        .map(str::to_owned)
        .unwrap_or_else(|| crate::ast::toc::slugify(title));
    let link = match opts.linker.href(&LinkTarget { slug: Some(&slug), ..target }) {
        Some(href) => {
            El::new("a").href(href).attr("data-glossa-term", slug.clone()).class("glossa-term-link").text(label)
        }
        None => El::new("span").attr("data-glossa-term", slug.clone()).text(label),
    };
    let mut li = El::new("li").child(link);
    if let Some(d) = description.filter(|d| !d.trim().is_empty()) {
        li.children.push(El::new("span").class("glossa-related-desc").text(clean_text(d, false)).into());
    }
    li
}
