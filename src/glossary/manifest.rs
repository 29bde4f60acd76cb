//! The glossary manifest (`glossary.json`).
//!
//! ```json
//! {
//!   "glossa": 1,
//!   "title": "Web & AI glossary",
//!   "language": "en",
//!   "index": "search.glsi",
//!   "terms": [
//!     { "id": "chat-completion", "title": "Chat Completion", "acronym": null, "aliases": [],
//!       "letter": "C", "category": "ai", "difficulty": "beginner",
//!       "description": "Chat Completion is the API pattern…",
//!       "path": "/terms/c/chat-completion", "url": "terms/c/chat-completion/_payload.json",
//!       "related": ["Streaming", "Token"] }
//!   ]
//! }
//! ```
//! `url` (the term's payload: a Nuxt `_payload.json` or a markdown file) and `index`
//! (optional prebuilt search index) are relative to the manifest. Only `id`,
//! `title` and `url` are required. Unknown keys are ignored.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind, Path, Result};
use crate::search;

/// Manifest format version this crate writes and reads.
pub const VERSION: u32 = 1;

/// One term in the manifest.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acronym: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub letter: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub difficulty: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The site route, when the glossary comes from a site (`/terms/c/chat-completion`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The term's payload, relative to the manifest.
    pub url: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<String>,
    /// The term's language when it is not the glossary's: in a multilingual glossary, a
    /// term with no translation yet is the default language's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// The other languages of a multilingual glossary that have this term (same `id`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub translations: Vec<String>,
    /// How the title sorts within its letter, when not by its own text (a Chinese title's
    /// pinyin, see [`super::letters::sort_key`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort_key: Option<String>,
}

/// The manifest.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Manifest {
    #[serde(default = "version")]
    pub glossa: u32,
    #[serde(default)]
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Prebuilt search index, relative to the manifest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<String>,
    /// Where a term's full page is, as a template relative to the manifest
    /// (`{id}`, `{url}`, `{path}`, `{title}`), e.g. `../index.html#/term/{id}`.
    /// Used by preview cards' "Read more" links.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
    /// For large glossaries: the terms are not listed, they come from the prebuilt
    /// index, and each term's payload URL is this template relative to the manifest
    /// (`{id}`, `{letter}` — lower case —, `{path}` — without its leading `/`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term_url: Option<String>,
    /// In a multilingual glossary: the `languages.json` listing every language's glossary,
    /// relative to the manifest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub languages: Option<String>,
    #[serde(default)]
    pub terms: Vec<Entry>,
    /// Lookup tables for [`Manifest::find`] (kept in step by [`Manifest::push`] and
    /// [`Manifest::reindex`]; `find` falls back to a scan when they are stale).
    #[serde(skip)]
    pub(crate) lookup: Lookup,
}

/// Term keys → entry positions, so `find` stays O(1) on 100 000-term glossaries.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Lookup {
    /// How many entries are indexed.
    len: usize,
    ids: HashMap<String, u32>,
    /// Lower-cased ids and titles; the first entry with a key keeps it.
    names: HashMap<String, u32>,
    /// Lower-cased last path segments that differ from the id.
    paths: HashMap<String, u32>,
    /// Category and difficulty values with their term counts, in first-seen order.
    facets: Facets,
    /// Entry positions by (upper-case) index letter, in first-seen order.
    letters: Vec<(String, Vec<u32>)>,
}

/// The category and difficulty values of a glossary, with how many terms have each.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facets {
    pub categories: Vec<(String, u32)>,
    pub difficulties: Vec<(String, u32)>,
}

impl Facets {
    fn add(&mut self, e: &Entry) {
        for (list, v) in [(&mut self.categories, &e.category), (&mut self.difficulties, &e.difficulty)] {
            if let Some(v) = v {
                match list.iter_mut().find(|(x, _)| x == v) {
                    Some(slot) => slot.1 += 1,
                    None => list.push((v.clone(), 1)),
                }
            }
        }
    }

    /// Categories in alphabetical order.
    pub fn categories_sorted(&self) -> Vec<(String, u32)> {
        let mut v = self.categories.clone();
        crate::util::sort_by(&mut v, |a, b| a.0.cmp(&b.0));
        v
    }

    /// Difficulties from beginner to expert (unknown levels last).
    pub fn difficulties_ranked(&self) -> Vec<(String, u32)> {
        let rank =
            |v: &str| ["beginner", "intermediate", "advanced", "expert"].iter().position(|x| *x == v).unwrap_or(9);
        let mut v = self.difficulties.clone();
        crate::util::sort_by_key(&mut v, |x| rank(&x.0));
        v
    }
}

impl Lookup {
    fn add(&mut self, i: usize, e: &Entry) {
        let n = i as u32;
        self.ids.entry(e.id.clone()).or_insert(n);
        self.names.entry(e.id.to_lowercase()).or_insert(n);
        self.names.entry(e.title.to_lowercase()).or_insert(n);
        if let Some(seg) = e.path.as_deref().map(crate::content::last_segment) {
            if !seg.eq_ignore_ascii_case(&e.id) {
                self.paths.entry(seg.to_lowercase()).or_insert(n);
            }
        }
        self.facets.add(e);
        match self.letters.iter_mut().find(|(l, _)| l.eq_ignore_ascii_case(&e.letter)) {
            Some((_, v)) => v.push(n),
            None => self.letters.push((e.letter.to_ascii_uppercase(), vec![n])),
        }
        self.len = i + 1;
    }
}

fn version() -> u32 {
    VERSION
}

impl Default for Manifest {
    /// An empty manifest of the current [`VERSION`].
    fn default() -> Manifest {
        Manifest {
            glossa: VERSION,
            title: String::new(),
            language: None,
            index: None,
            page: None,
            term_url: None,
            languages: None,
            terms: Vec::new(),
            lookup: Lookup::default(),
        }
    }
}

impl Manifest {
    /// Parses and checks a manifest. Errors name the entry (`terms[3].url`) and the problem.
    pub fn parse(bytes: &[u8]) -> Result<Manifest> {
        // The common case in one pass; the detailed walk below only runs to explain a failure.
        if let Ok(m) = serde_json::from_slice::<Manifest>(bytes) {
            let bad =
                m.terms.iter().any(|e| e.id.trim().is_empty() || e.title.trim().is_empty() || e.url.trim().is_empty());
            if m.glossa == VERSION && !bad && (!m.terms.is_empty() || m.term_url.is_some()) {
                return m.finish();
            }
        }
        let v: serde_json::Value =
            serde_json::from_slice(bytes).map_err(|e| Error::at_root(ErrorKind::Json(e.to_string())))?;
        let obj = v
            .as_object()
            .ok_or_else(|| Error::shape(&Path::root(), "a manifest is a JSON object with a `terms` list"))?;
        if let Some(n) = obj.get("glossa").and_then(|g| g.as_u64()) {
            if n as u32 != VERSION {
                return Err(Error::new(
                    Path::root().key("glossa"),
                    ErrorKind::Index(format!(
                        "manifest version {n} is not supported (this glossa reads version {VERSION})"
                    )),
                ));
            }
        }
        let listed = obj.get("terms").and_then(|t| t.as_array()).filter(|t| !t.is_empty());
        let terms = match (listed, obj.get("termUrl")) {
            (Some(t), _) => t,
            (None, Some(serde_json::Value::String(_))) => &Vec::new(),
            (None, Some(_)) => return Err(Error::shape(&Path::root().key("termUrl"), "must be a URL template string")),
            (None, None) => {
                return Err(Error::shape(
                    &Path::root().key("terms"),
                    "no terms: list them in `terms`, or give `termUrl` and an `index` that holds them",
                ))
            }
        };
        for (i, t) in terms.iter().enumerate() {
            let p = Path::root().key("terms").index(i);
            let Some(o) = t.as_object() else { return Err(Error::shape(&p, "a term entry must be an object")) };
            for key in ["id", "title", "url"] {
                match o.get(key) {
                    Some(serde_json::Value::String(s)) if !s.trim().is_empty() => {}
                    Some(_) => return Err(Error::shape(&p.key(key), "must be a non-empty string")),
                    None => return Err(Error::shape(&p.key(key), "missing")),
                }
            }
        }
        let m: Manifest =
            serde_json::from_value(v).map_err(|e| Error::at_root(ErrorKind::Shape(format!("manifest: {e}"))))?;
        m.finish()
    }

    /// Fills derived fields and checks what serde cannot.
    fn finish(mut self) -> Result<Manifest> {
        if self.term_url.is_some() && self.terms.is_empty() && self.index.is_none() {
            return Err(Error::shape(&Path::root().key("index"), "`termUrl` without a listed term needs the `index`"));
        }
        let lang = self.language.clone();
        for e in &mut self.terms {
            if e.letter.is_empty() {
                e.letter = super::letters::heading(&e.title, lang.as_deref());
            } else {
                super::letters::localize(&mut e.letter, lang.as_deref());
            }
        }
        self.reindex();
        Ok(self)
    }

    /// The entry for the `i`-th document of the prebuilt index (for manifests with `termUrl`).
    pub fn entry_from_index(&self, doc: &search::Doc) -> Entry {
        let path = doc.path.clone();
        let url = self
            .term_url
            .as_deref()
            .unwrap_or("{id}")
            .replace("{id}", &crate::render::encode(&doc.id))
            .replace("{letter}", &crate::render::encode(&doc.letter.to_lowercase()))
            .replace("{path}", path.as_deref().unwrap_or("").trim_start_matches('/'));
        Entry {
            id: doc.id.clone(),
            title: doc.title.clone(),
            acronym: doc.acronym.clone(),
            aliases: doc.aliases.clone(),
            letter: doc.letter.clone(),
            category: doc.category.clone(),
            difficulty: doc.difficulty.clone(),
            description: doc.description.clone(),
            path,
            url,
            related: Vec::new(),
            ..Default::default()
        }
    }

    /// Whether the lookup tables cover every entry.
    pub fn indexed(&self) -> bool {
        self.lookup.len == self.terms.len()
    }

    /// A search index from the manifest's metadata (titles, names, descriptions),
    /// for when no prebuilt index is given.
    pub fn metadata_index(&self) -> search::Index {
        let mut b = search::Builder::new();
        for e in &self.terms {
            b.add_doc(e.to_doc(), &e.fields());
        }
        b.finish()
    }

    /// Appends an entry, keeping the lookup tables in step.
    pub fn push(&mut self, e: Entry) {
        if self.lookup.len == self.terms.len() {
            self.lookup.add(self.terms.len(), &e);
        }
        self.terms.push(e);
    }

    /// Rebuilds the lookup tables (after changing `terms` directly).
    pub fn reindex(&mut self) {
        let mut l = Lookup::default();
        for (i, e) in self.terms.iter().enumerate() {
            l.add(i, e);
        }
        self.lookup = l;
    }

    /// Entry positions by upper-case index letter (first-seen order), when the
    /// lookup tables are current.
    pub fn by_letter(&self) -> Option<&[(String, Vec<u32>)]> {
        self.indexed().then_some(self.lookup.letters.as_slice())
    }

    /// Category and difficulty values with their counts.
    pub fn facets(&self) -> std::borrow::Cow<'_, Facets> {
        if self.indexed() {
            return std::borrow::Cow::Borrowed(&self.lookup.facets);
        }
        let mut f = Facets::default();
        for e in &self.terms {
            f.add(e);
        }
        std::borrow::Cow::Owned(f)
    }

    /// The entry with this id, slug-like id or title (case-insensitive).
    pub fn find(&self, key: &str) -> Option<&Entry> {
        let l = &self.lookup;
        if l.len == self.terms.len() && l.len > 0 {
            let lower = key.to_lowercase();
            let i = l.ids.get(key).or_else(|| l.names.get(&lower)).or_else(|| l.paths.get(&lower));
            return i.and_then(|&i| self.terms.get(i as usize));
        }
        self.terms
            .iter()
            .find(|e| e.id == key)
            .or_else(|| self.terms.iter().find(|e| e.id.eq_ignore_ascii_case(key) || e.title.eq_ignore_ascii_case(key)))
            .or_else(|| {
                self.terms.iter().find(|e| {
                    e.path.as_deref().is_some_and(|p| crate::content::last_segment(p).eq_ignore_ascii_case(key))
                })
            })
    }
}

/// Resolves a URL reference against a base URL (RFC 3986 §5.2, for the forms
/// manifests use: absolute, scheme-relative, path-absolute and relative paths).
pub fn join_url(base: &str, rel: &str) -> String {
    use crate::util::{from, upto};
    let rel = rel.trim();
    let scheme_end = rel
        .find(':')
        .filter(|&i| upto(rel, i).chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')) && i > 0);
    if scheme_end.is_some() {
        return rel.to_owned();
    }
    let base = base.split('#').next().unwrap_or(base);
    let (scheme, rest) = match base.find("://") {
        Some(i) => (upto(base, i + 3), from(base, i + 3)),
        None => ("", base),
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let (authority, path) = rest.split_at(authority_end);
    if let Some(r) = rel.strip_prefix("//") {
        return format!("{scheme}{r}");
    }
    let (rel_path, suffix) = match rel.find(['?', '#']) {
        Some(i) => (upto(rel, i), from(rel, i)),
        None => (rel, ""),
    };
    let path = path.split('?').next().unwrap_or(path);
    let merged = if rel_path.starts_with('/') {
        rel_path.to_owned()
    } else if rel_path.is_empty() {
        path.to_owned()
    } else {
        format!("{}{rel_path}", upto(path, path.rfind('/').map_or(0, |i| i + 1)))
    };
    let mut out: Vec<&str> = Vec::new();
    let segs: Vec<&str> = merged.split('/').collect();
    for (i, seg) in segs.iter().enumerate() {
        match *seg {
            "." => {
                if i == segs.len() - 1 {
                    out.push("");
                }
            }
            ".." => {
                if out.len() > 1 {
                    out.pop();
                }
                if i == segs.len() - 1 {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    let mut p = out.join("/");
    if !p.starts_with('/') && !authority.is_empty() {
        p.insert(0, '/');
    }
    format!("{scheme}{authority}{p}{suffix}")
}

/// The index heading of a title (see [`super::letters::heading`]; the glossary's language
/// is applied when the manifest is finished).
pub fn letter_of(title: &str) -> String {
    super::letters::heading(title, None)
}

impl Entry {
    pub fn to_doc(&self) -> search::Doc {
        search::Doc {
            id: self.id.clone(),
            slug: self.id.clone(),
            title: self.title.clone(),
            acronym: self.acronym.clone().filter(|a| !a.is_empty()),
            aliases: self.aliases.clone(),
            category: self.category.clone(),
            difficulty: self.difficulty.clone(),
            letter: self.letter.clone(),
            path: self.path.clone(),
            description: self.description.clone(),
            body: String::new(),
        }
    }

    pub fn fields(&self) -> Vec<(&str, u8)> {
        use search::index::field;
        let mut f: Vec<(&str, u8)> = vec![(&self.title, field::TITLE)];
        if let Some(a) = &self.acronym {
            f.push((a, field::ACRONYM));
        }
        for a in &self.aliases {
            f.push((a, field::ALIAS));
        }
        if let Some(c) = &self.category {
            f.push((c, field::CATEGORY));
        }
        f.push((&self.description, field::DESCRIPTION));
        f
    }

    /// The manifest entry of loaded term `t`, in a glossary in language `lang` (its heading and sort key:
    /// a Chinese title under its pinyin initial).
    pub fn from_term(t: &crate::Term, url: String, lang: Option<&str>) -> Entry {
        Entry {
            id: t.slug.clone(),
            title: t.title.clone(),
            acronym: t.acronym.clone(),
            aliases: t.aliases.clone(),
            letter: t.index_letter(lang),
            category: t.category.clone(),
            difficulty: t.difficulty.clone(),
            description: t.description.clone().unwrap_or_default(),
            path: t.path.clone(),
            url,
            related: t.related.clone(),
            lang: t.lang.clone(),
            translations: Vec::new(),
            sort_key: super::letters::sort_key(&t.title, lang),
        }
    }
}

/// A manifest built from a Nuxt list payload's term summaries (`{title, path, …}`):
/// each term's payload is `<site root><path>/_payload.json`.
pub fn from_summaries(summaries: &[crate::TermSummary], site_root: &str) -> Manifest {
    let mut seen = std::collections::HashSet::new();
    let terms = summaries
        .iter()
        .filter_map(|s| {
            let path = s.path.as_ref()?;
            if !seen.insert(path.clone()) {
                return None;
            }
            Some(Entry {
                id: crate::content::last_segment(path).to_owned(),
                title: s.title.clone(),
                acronym: s.acronym.clone(),
                aliases: Vec::new(),
                letter: letter_of(&s.title),
                category: s.category.clone(),
                difficulty: s.difficulty.clone(),
                description: s.description.clone().unwrap_or_default(),
                path: Some(path.clone()),
                url: format!("{}{}/_payload.json", site_root.trim_end_matches('/'), path.trim_end_matches('/')),
                related: Vec::new(),
                ..Default::default()
            })
        })
        .collect();
    Manifest { glossa: VERSION, terms, ..Default::default() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_errors() {
        let m = Manifest::parse(br#"{"terms":[{"id":"llm","title":"LLM","url":"terms/l/llm/_payload.json","acronym":"Large Language Model"}]}"#).unwrap();
        assert_eq!(m.terms[0].letter, "L");
        let idx = m.metadata_index();
        assert_eq!(idx.search("large language", &Default::default()).results[0].id, "llm");
        let e = Manifest::parse(br#"{"terms":[{"id":"a","title":"A","url":"x"},{"id":"b","title":"B"}]}"#).unwrap_err();
        assert_eq!(e.to_string(), "terms[1].url: missing");
        let e = Manifest::parse(br#"{"glossa":9,"terms":[]}"#).unwrap_err();
        assert!(e.to_string().contains("manifest version 9"), "{e}");
        assert!(Manifest::parse(b"[1]").is_err());
    }

    #[test]
    fn urls() {
        let b = "http://h:8/www/glossary/glossary.json";
        assert_eq!(join_url(b, "terms/a/_payload.json"), "http://h:8/www/glossary/terms/a/_payload.json");
        assert_eq!(join_url(b, "../index.html#/term/x"), "http://h:8/www/index.html#/term/x");
        assert_eq!(join_url(b, "/pkg/x.js"), "http://h:8/pkg/x.js");
        assert_eq!(join_url(b, "//cdn.example/x"), "http://cdn.example/x");
        assert_eq!(join_url(b, "https://o/x"), "https://o/x");
        assert_eq!(join_url("file:///tmp/a/g.html", "./b/c.json"), "file:///tmp/a/b/c.json");
        assert_eq!(
            join_url("https://glossa.bundle/glossary.json", "terms/x/_payload.json"),
            "https://glossa.bundle/terms/x/_payload.json"
        );
    }
}
