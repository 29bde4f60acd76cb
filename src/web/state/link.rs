//! Links between terms of a loaded glossary.

use crate::content;
use crate::glossary::Manifest;
use crate::render::{self, LinkTarget, Linker, SafeUrl};

/// Resolves a reference to its manifest entry, then fills the template
/// (`{id}`, `{url}`, `{slug}`, `{title}`, `{path}`).
pub struct GlossaryLinker<'a> {
    pub manifest: &'a Manifest,
    /// Terms a chunked index showed before the manifest lists them all.
    pub seen: Option<&'a std::collections::HashMap<String, crate::glossary::Entry>>,
    pub template: String,
}

impl Linker for GlossaryLinker<'_> {
    fn href(&self, t: &LinkTarget<'_>) -> Option<SafeUrl> {
        let e = [t.id, t.slug, t.path.map(content::last_segment), t.title]
            .into_iter()
            .flatten()
            .find_map(|k| self.manifest.find(k).or_else(|| self.seen?.get(k)))?;
        let url = self
            .template
            .replace("{id}", &render::encode(&e.id))
            .replace("{slug}", &render::encode(&e.id))
            .replace("{url}", &e.url)
            .replace("{title}", &render::encode(&e.title))
            .replace("{path}", e.path.as_deref().unwrap_or(""));
        SafeUrl::link(&url)
    }
}
