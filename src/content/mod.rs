//! Decoded value / markdown file → typed glossary content.
//!
//! * [`Term`]: a glossary entry (title, acronym, category, difficulty, related…, body, toc).
//! * [`Page`]: any other Nuxt Content document (blog post, docs page), rendered the same way.
//! * [`nuxt`] finds documents in a decoded payload by shape; [`markdown`] reads
//!   term files with YAML front matter.

#[cfg(feature = "markdown")]
pub mod front_matter;
#[cfg(feature = "markdown")]
pub mod markdown;
pub mod nuxt;

use serde::{Deserialize, Serialize};

use crate::ast::{Body, Toc};

/// What kind of document an entry is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A glossary term.
    #[default]
    Term,
    /// A generic content page (no glossary fields).
    Page,
}

/// A related term as the glossary site summarises it (`related-*` entries of a Nuxt payload).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TermSummary {
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acronym: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub difficulty: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// `seo: {title, description}`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Seo {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// A glossary term (or, with `kind: Page`, a generic document) ready to render and index.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Term {
    pub kind: Kind,
    /// Source id: Nuxt's `id` (`terms/terms/c/chat-completion.md`), front matter `id`, or the file stem.
    pub id: String,
    /// Short stable name used in URLs and links: `chat-completion`.
    pub slug: String,
    /// Site route, e.g. `/terms/c/chat-completion`.
    pub path: Option<String>,
    pub stem: Option<String>,
    pub title: String,
    /// As the source has it; glossaries put the expansion here when the title is the acronym (`LLM` → `Large Language Model`).
    pub acronym: Option<String>,
    /// Other names: front matter `aka`/`aliases`, and the parts of `Title (ALT)` titles.
    pub aliases: Vec<String>,
    pub description: Option<String>,
    pub category: Option<String>,
    pub subcategory: Option<String>,
    pub difficulty: Option<String>,
    pub letter: Option<String>,
    pub tags: Vec<String>,
    /// Titles of related terms.
    pub related: Vec<String>,
    /// The site's summaries of related terms, when the payload has them.
    pub related_summaries: Vec<TermSummary>,
    /// Ids of terms the body links to (Hugo `glossary_tooltip`).
    pub links: Vec<String>,
    pub seo: Option<Seo>,
    pub body: Body,
    pub toc: Toc,
    /// Other scalar fields (front matter keys we do not model, Nuxt row columns), as text.
    pub extra: Vec<(String, String)>,
    /// The term's language when it differs from its glossary's: a multilingual glossary
    /// fills a missing translation with the default language's term.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// Problems the loader worked around (a malformed shortcode…): worth reporting, not fatal.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

impl Term {
    /// The index heading: the `letter` field, else the title's heading in a glossary in
    /// language `lang` (see [`crate::glossary::letters::heading`]; `#` for digits and symbols).
    pub fn index_letter(&self, lang: Option<&str>) -> String {
        if let Some(l) = self.letter.as_deref().and_then(|l| l.chars().next()) {
            return crate::util::upper_letter(l).to_string();
        }
        crate::glossary::letters::heading(&self.title, lang)
    }

    /// Summary card data for this term.
    pub fn summary(&self) -> TermSummary {
        TermSummary {
            title: self.title.clone(),
            path: self.path.clone(),
            acronym: self.acronym.clone(),
            category: self.category.clone(),
            difficulty: self.difficulty.clone(),
            description: self.description.clone(),
        }
    }

    /// Fills `description` from the body's summary or first paragraph when the source gave none.
    pub(crate) fn fill_description(&mut self) {
        if self.description.as_deref().is_some_and(|d| !d.trim().is_empty()) {
            return;
        }
        if let Some(d) = self.seo.as_ref().and_then(|s| s.description.clone()) {
            self.description = Some(d);
            return;
        }
        let nodes = match self.body.summary_len {
            Some(n) => self.body.nodes.get(..n).unwrap_or(&self.body.nodes),
            None => &self.body.nodes,
        };
        let first_p = nodes.iter().find_map(|n| match n {
            crate::ast::Node::Element(e) if e.tag == "p" => Some(e.text()),
            _ => None,
        });
        self.description = first_p.map(|t| clip(t.split_whitespace().collect::<Vec<_>>().join(" "), 300));
    }
}

/// Shortens `s` to at most `max` chars at a word boundary, adding `…`.
pub fn clip(s: String, max: usize) -> String {
    if s.chars().count() <= max {
        return s;
    }
    let cut: String = s.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(p) if p > max / 2 => crate::util::upto(&cut, p),
        _ => &cut,
    };
    format!("{}…", cut.trim_end_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace()))
}

/// Splits `Container runtime interface (CRI)` / `CLA (Contributor License Agreement)` into its two names.
pub fn parenthesised_names(title: &str) -> Option<(String, String)> {
    let t = title.trim();
    let (outer, inner) = t.rsplit_once(" (")?;
    let inner = inner.strip_suffix(')')?;
    let outer = outer.trim();
    if inner.is_empty() || outer.is_empty() || inner.eq_ignore_ascii_case("disambiguation") {
        return None;
    }
    Some((outer.to_owned(), inner.to_owned()))
}

/// The last path segment, without extension: `/terms/c/chat-completion` → `chat-completion`.
pub fn last_segment(p: &str) -> &str {
    let seg = p.trim_end_matches('/').rsplit('/').next().unwrap_or(p);
    seg.strip_suffix(".md").unwrap_or(seg)
}

/// Which format a source is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Nuxt `_payload.json` (devalue JSON).
    Payload,
    /// An HTML page with an inline `__NUXT_DATA__` script.
    Html,
    /// A markdown term file.
    Markdown,
}

/// Guesses the format from the name (`.md`) and the first bytes.
pub fn sniff(bytes: &[u8], name: &str) -> Format {
    let path = name.split(['?', '#']).next().unwrap_or(name).to_ascii_lowercase();
    if path.ends_with(".md") || path.ends_with(".markdown") || path.ends_with(".mdx") {
        return Format::Markdown;
    }
    match bytes.iter().copied().find(|b| !b.is_ascii_whitespace() && *b != 0xEF && *b != 0xBB && *b != 0xBF) {
        Some(b'[') | Some(b'-') | Some(b'0'..=b'9') if !bytes.starts_with(b"---") => Format::Payload,
        Some(b'<') => Format::Html,
        _ if path.ends_with(".json") => Format::Payload,
        _ => Format::Markdown,
    }
}

/// A markdown term file's bytes (UTF-8, front matter and body) as a [`Term`]; `name` may be a URL.
#[cfg(feature = "markdown")]
pub fn markdown_file(bytes: &[u8], name: &str, limits: &crate::Limits) -> crate::Result<Term> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let why = format!("the markdown file is not UTF-8 ({e})");
        crate::Error::at_root(crate::ErrorKind::InvalidInput(why))
    })?;
    markdown::load(text, file_name(name), limits)
}

/// `name` without a URL's query or fragment.
fn file_name(name: &str) -> &str {
    name.split(['?', '#']).next().unwrap_or(name)
}

/// Loads any supported source: a Nuxt payload, an HTML page with `__NUXT_DATA__`, or a markdown term file.
/// `name` is the file name or URL (used to sniff the format and as the markdown id fallback).
pub fn load_source(bytes: &[u8], name: &str, limits: &crate::Limits) -> nuxt::Loaded {
    let fail = |e: crate::Error| nuxt::Loaded { errors: vec![e], ..Default::default() };
    match sniff(bytes, name) {
        #[cfg(feature = "markdown")]
        Format::Markdown => match markdown_file(bytes, name, limits) {
            Ok(t) => nuxt::Loaded { terms: vec![t], ..Default::default() },
            Err(e) => fail(e),
        },
        #[cfg(not(feature = "markdown"))]
        Format::Markdown => fail(crate::Error::at_root(crate::ErrorKind::Shape(format!(
            "{}: markdown support is not in this build (it loads separately in the browser)",
            file_name(name)
        )))),
        Format::Payload | Format::Html => {
            let opts = crate::decode::Options { limits: *limits, lenient: false };
            match crate::decode::nuxt::decode_payload(bytes, &opts) {
                Ok((g, _)) => nuxt::load(&g, limits),
                Err(e) => fail(e),
            }
        }
    }
}
