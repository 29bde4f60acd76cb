//! AST → sanitised [`Html`] → HTML text (here) or DOM (the web shell).
//!
//! [`term`] lays out a whole term page (header, badges, toc, body, related
//! terms); [`body`] renders body nodes through the allowlist in [`sanitize`];
//! [`code`] handles code blocks and Shiki colours; [`html`] is the output tree
//! and its serialiser. Both back ends consume the same [`Rendered`] value, so
//! the string and the DOM can never disagree.

pub mod body;
pub mod card;
pub mod code;
pub mod glossary;
pub mod html;
pub mod results;
pub mod sanitize;
pub mod strings;
pub mod style;
pub mod term;

pub use html::{El, Html, UrlAttr};
pub use sanitize::SafeUrl;
pub use term::{render_term, Rendered};

/// What a link to another term knows about its target.
#[derive(Clone, Copy, Debug, Default)]
pub struct LinkTarget<'a> {
    pub id: Option<&'a str>,
    pub slug: Option<&'a str>,
    pub title: Option<&'a str>,
    /// The site route (`/terms/a/api-key`) from a related summary.
    pub path: Option<&'a str>,
}

/// Decides where links to other terms point.
pub trait Linker {
    /// The href for a term, or `None` to render the reference as plain text.
    fn href(&self, target: &LinkTarget<'_>) -> Option<SafeUrl>;
}

/// Links by template: `{slug}`, `{id}`, `{path}`, `{title}` and `{payload}`
/// are replaced (`{payload}`, the URL of the target's own payload, is not encoded
/// so it can be used in a query string as is; the others are URL-encoded).
/// Without a template, summaries link to their site `path` and other references
/// become `#<slug>` fragments.
#[derive(Clone, Debug, Default)]
pub struct TemplateLinker {
    pub template: Option<String>,
    /// Where payloads live: see [`PayloadBase`].
    pub base: Option<PayloadBase>,
}

/// How to find another term's payload from the current one's URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PayloadBase {
    /// A Nuxt site: `<root><path>/_payload.json`.
    NuxtSite { root: String },
    /// A folder of markdown files: `<dir><id>.md`.
    MarkdownDir { dir: String },
}

impl PayloadBase {
    /// Infers the base from the current payload URL and the term's route:
    /// `…/terms/c/chat-completion/_payload.json` with path `/terms/c/chat-completion`
    /// gives the site root `…`; a `….md` URL gives its folder.
    pub fn infer(src: &str, path: Option<&str>) -> Option<PayloadBase> {
        let clean = src.split(['?', '#']).next().unwrap_or(src);
        if clean.ends_with(".md") || clean.ends_with(".markdown") {
            let dir = crate::util::upto(clean, clean.rfind('/').map_or(0, |p| p + 1));
            return Some(PayloadBase::MarkdownDir { dir: dir.to_owned() });
        }
        let path = path?.trim_end_matches('/');
        let root = clean.strip_suffix("/_payload.json")?.strip_suffix(path)?;
        Some(PayloadBase::NuxtSite { root: root.to_owned() })
    }

    fn payload(&self, t: &LinkTarget<'_>, slug: &str) -> Option<String> {
        match self {
            PayloadBase::NuxtSite { root } => Some(format!("{root}{}/_payload.json", t.path?.trim_end_matches('/'))),
            PayloadBase::MarkdownDir { dir } => Some(format!("{dir}{}.md", t.id.unwrap_or(slug).to_ascii_lowercase())),
        }
    }
}

impl Linker for TemplateLinker {
    fn href(&self, t: &LinkTarget<'_>) -> Option<SafeUrl> {
        let slug = t
            .slug
            .map(str::to_owned)
            .or_else(|| t.path.map(|p| crate::content::last_segment(p).to_owned()))
            .or_else(|| t.title.map(crate::ast::toc::slugify))?;
        let url = match &self.template {
            Some(tpl) => {
                let mut url = tpl
                    .replace("{slug}", &encode(&slug))
                    .replace("{id}", &encode(t.id.unwrap_or(&slug)))
                    .replace("{path}", &t.path.map(encode_path).unwrap_or_else(|| encode(&slug)))
                    .replace("{title}", &encode(t.title.unwrap_or(&slug)));
                if url.contains("{payload}") {
                    let payload = self.base.as_ref().and_then(|b| b.payload(t, &slug))?;
                    url = url.replace("{payload}", &payload);
                }
                url
            }
            None => match t.path {
                Some(p) => p.to_owned(),
                None => format!("#{}", encode(&slug)),
            },
        };
        sanitize::safe_url(&url, sanitize::UrlUse::Link)
    }
}

/// Percent-encodes everything but unreserved characters.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn encode_path(p: &str) -> String {
    p.split('/').map(encode).collect::<Vec<_>>().join("/")
}

/// Options for rendering a term.
pub struct RenderOptions<'a> {
    pub linker: &'a dyn Linker,
    /// Show the table of contents when it has at least this many links.
    pub toc_min: usize,
    /// Render only the body's summary (the part before `<!--more-->`, or the first section).
    pub summary_only: bool,
    /// The words glossa adds (labels, buttons), in the reader's language.
    pub strings: &'a strings::Strings,
}

static NO_TEMPLATE: TemplateLinker = TemplateLinker { template: None, base: None };

impl Default for RenderOptions<'_> {
    fn default() -> Self {
        RenderOptions { linker: &NO_TEMPLATE, toc_min: 2, summary_only: false, strings: strings::english() }
    }
}
