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
}

/// The manifest.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
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
    pub terms: Vec<Entry>,
}

fn version() -> u32 {
    VERSION
}

impl Manifest {
    /// Parses and checks a manifest. Errors name the entry (`terms[3].url`) and the problem.
    pub fn parse(bytes: &[u8]) -> Result<Manifest> {
        // The common case in one pass; the detailed walk below only runs to explain a failure.
        if let Ok(mut m) = serde_json::from_slice::<Manifest>(bytes) {
            let bad =
                m.terms.iter().any(|e| e.id.trim().is_empty() || e.title.trim().is_empty() || e.url.trim().is_empty());
            if m.glossa == VERSION && !bad {
                for e in &mut m.terms {
                    if e.letter.is_empty() {
                        e.letter = letter_of(&e.title);
                    }
                }
                return Ok(m);
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
        let terms = obj
            .get("terms")
            .and_then(|t| t.as_array())
            .ok_or_else(|| Error::shape(&Path::root().key("terms"), "missing list of terms"))?;
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
        let mut m: Manifest =
            serde_json::from_value(v).map_err(|e| Error::at_root(ErrorKind::Shape(format!("manifest: {e}"))))?;
        for e in &mut m.terms {
            if e.letter.is_empty() {
                e.letter = letter_of(&e.title);
            }
        }
        Ok(m)
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

    /// The entry with this id, slug-like id or title (case-insensitive).
    pub fn find(&self, key: &str) -> Option<&Entry> {
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
    let rel = rel.trim();
    let scheme_end = rel
        .find(':')
        .filter(|&i| rel[..i].chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')) && i > 0);
    if scheme_end.is_some() {
        return rel.to_owned();
    }
    let base = base.split('#').next().unwrap_or(base);
    let (scheme, rest) = match base.find("://") {
        Some(i) => (&base[..i + 3], &base[i + 3..]),
        None => ("", base),
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let (authority, path) = rest.split_at(authority_end);
    if let Some(r) = rel.strip_prefix("//") {
        return format!("{scheme}{r}");
    }
    let (rel_path, suffix) = match rel.find(['?', '#']) {
        Some(i) => (&rel[..i], &rel[i..]),
        None => (rel, ""),
    };
    let path = path.split('?').next().unwrap_or(path);
    let merged = if rel_path.starts_with('/') {
        rel_path.to_owned()
    } else if rel_path.is_empty() {
        path.to_owned()
    } else {
        format!("{}{rel_path}", &path[..path.rfind('/').map_or(0, |i| i + 1)])
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

/// `A`–`Z` (upper-cased first letter) or `#`.
pub fn letter_of(title: &str) -> String {
    match title.chars().find(|c| !c.is_whitespace()) {
        Some(c) if c.is_alphabetic() => crate::util::upper_letter(c).to_string(),
        _ => "#".into(),
    }
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

    /// The manifest entry for a loaded term (used by `glossa build`).
    pub fn from_term(t: &crate::Term, url: String) -> Entry {
        Entry {
            id: t.slug.clone(),
            title: t.title.clone(),
            acronym: t.acronym.clone(),
            aliases: t.aliases.clone(),
            letter: t.index_letter(),
            category: t.category.clone(),
            difficulty: t.difficulty.clone(),
            description: t.description.clone().unwrap_or_default(),
            path: t.path.clone(),
            url,
            related: t.related.clone(),
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
