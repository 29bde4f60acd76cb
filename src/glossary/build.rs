//! Terms → a servable glossary: one Nuxt-format payload per term (the seed's
//! layout: `terms/<letter>/<slug>/_payload.json` holding `term-<letter>/<slug>`
//! and `related-<letter>/<slug>`), the manifest, and the prebuilt search index.
//! Pure: returns the files; the CLI writes them.

use std::collections::HashMap;

use serde_json::{json, Map, Value as J};

use super::manifest::{Entry, Manifest, VERSION};
use crate::ast::{Body, Node, Prop, Toc, TocLink};
use crate::content::{Kind, Term, TermSummary};
use crate::encode;
use crate::search;

/// A file of the built glossary, relative to the output folder.
pub struct File {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// What `build` produced.
pub struct Site {
    pub files: Vec<File>,
    pub manifest: Manifest,
    /// Problems that did not stop the build (duplicate slugs, unresolved related titles).
    pub warnings: Vec<String>,
    /// Terms built (the manifest lists none when compact).
    pub terms: usize,
}

/// The letter folder of a term: `a`–`z`, or `0` for anything else.
pub fn letter_dir(t: &Term) -> String {
    let l = t.index_letter(None).to_lowercase();
    if l.len() == 1 && l.chars().all(|c| c.is_ascii_lowercase()) {
        l
    } else {
        "0".into()
    }
}

fn prop_json(p: &Prop) -> J {
    match p {
        Prop::Null => J::Null,
        Prop::Bool(b) => J::Bool(*b),
        Prop::Number(n) => serde_json::Number::from_f64(*n).map(J::Number).unwrap_or(J::Null),
        Prop::Str(s) => J::String(s.clone()),
        Prop::List(l) => J::Array(l.iter().map(prop_json).collect()),
        Prop::Map(m) => J::Object(m.iter().map(|(k, v)| (k.clone(), prop_json(v))).collect()),
    }
}

/// An AST node as a minimark tuple.
fn minimark(n: &Node, links: &HashMap<String, String>) -> Option<J> {
    match n {
        Node::Text(t) => Some(J::String(t.clone())),
        Node::Comment(_) => None,
        Node::Element(e) => {
            let mut props: Map<String, J> = e.props.iter().map(|(k, v)| (k.clone(), prop_json(v))).collect();
            if let Some(id) = e.prop_str("data-glossa-term") {
                if let Some(path) = links.get(&id.to_ascii_lowercase()) {
                    props.insert("href".into(), J::String(path.clone()));
                }
            }
            let mut t = vec![J::String(e.tag.clone()), J::Object(props)];
            t.extend(e.children.iter().filter_map(|c| minimark(c, links)));
            Some(J::Array(t))
        }
    }
}

fn toc_json(toc: &Toc) -> J {
    fn links(l: &[TocLink]) -> J {
        J::Array(
            l.iter()
                .map(|x| {
                    let mut o = json!({"id": x.id, "depth": x.depth, "text": x.text});
                    if let (false, Some(m)) = (x.children.is_empty(), o.as_object_mut()) {
                        m.insert("children".into(), links(&x.children));
                    }
                    o
                })
                .collect(),
        )
    }
    json!({"title": toc.title, "searchDepth": toc.search_depth.max(2), "depth": toc.depth.max(2), "links": links(&toc.links)})
}

fn body_json(body: &Body, toc: &Toc, links: &HashMap<String, String>) -> J {
    let mut value: Vec<J> = body.nodes.iter().filter_map(|n| minimark(n, links)).collect();
    for css in &body.styles {
        value.push(json!(["style", {}, css]));
    }
    json!({"type": "minimark", "value": value, "toc": toc_json(toc)})
}

fn summary_json(s: &TermSummary) -> J {
    json!({"title": s.title, "path": s.path, "acronym": s.acronym, "category": s.category, "difficulty": s.difficulty, "description": s.description})
}

/// `glossary.json` for `manifest`.
pub fn manifest_file(manifest: &Manifest) -> File {
    File { path: "glossary.json".into(), bytes: serde_json::to_vec_pretty(manifest).unwrap_or_default() }
}

/// How to build.
#[derive(Clone, Debug)]
pub struct Options {
    /// The glossary's name.
    pub title: String,
    pub language: String,
    /// `prerenderedAt` of every payload (ms since the epoch).
    pub prerendered_at: u64,
    /// Term page template for the manifest (see [`Manifest::page`]).
    pub page: Option<String>,
    /// Leave the term list out of the manifest (see [`Manifest::term_url`]): for large glossaries.
    pub compact: bool,
    /// Write a chunked index (`None`: from [`search::CHUNKED_FROM`] terms on).
    pub chunked: Option<bool>,
}

/// Builds the glossary from loaded terms (pages are skipped).
pub fn build(terms: &[Term], opts: &Options) -> Site {
    let prerendered_at = opts.prerendered_at;
    let mut warnings = Vec::new();
    let mut terms: Vec<Term> = terms.iter().filter(|t| t.kind == Kind::Term).cloned().collect();
    terms.sort_by_key(|a| a.title.to_lowercase());
    // How other terms refer to a term: id, slug, file stem, title, aliases (case-insensitive).
    let original_keys: Vec<Vec<String>> = terms
        .iter()
        .map(|t| {
            let mut k = vec![t.id.clone(), t.slug.clone(), t.title.clone()];
            k.extend(t.stem.iter().map(|s| crate::content::last_segment(s).to_owned()));
            k.extend(t.aliases.iter().cloned());
            k
        })
        .collect();
    // Unique slugs and site paths.
    let mut seen: HashMap<String, usize> = HashMap::new();
    for t in terms.iter_mut() {
        let base = crate::ast::toc::slugify(&t.slug).replace('_', "-");
        let base = if base.is_empty() { crate::ast::toc::slugify(&t.title) } else { base };
        let n = seen.entry(base.clone()).or_insert(0);
        t.slug = if *n == 0 { base.clone() } else { format!("{base}-{n}") };
        if *n > 0 {
            warnings.push(format!("{}: slug `{base}` is taken; using `{}`", t.id, t.slug));
        }
        *n += 1;
        t.path = Some(format!("/terms/{}/{}", letter_dir(t), t.slug));
        t.stem = Some(format!("terms/{}/{}", letter_dir(t), t.slug));
    }
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for (i, (keys, t)) in original_keys.iter().zip(terms.iter()).enumerate() {
        for k in keys.iter().chain(std::iter::once(&t.slug)) {
            by_key.entry(k.to_ascii_lowercase()).or_insert(i);
        }
    }
    let lookup = |k: &str| by_key.get(&k.to_ascii_lowercase()).copied();
    let link_paths: HashMap<String, String> =
        by_key.iter().filter_map(|(k, &i)| Some((k.clone(), terms.get(i)?.path.clone().unwrap_or_default()))).collect();
    // Related: front matter titles, else the terms the body links to.
    let mut related: Vec<Vec<usize>> = Vec::with_capacity(terms.len());
    for (i, t) in terms.iter().enumerate() {
        let names: Vec<&String> =
            if t.related.is_empty() { t.links.iter().collect() } else { t.related.iter().collect() };
        let mut r = Vec::new();
        for n in names {
            match lookup(n) {
                Some(j) if j != i && !r.contains(&j) => r.push(j),
                Some(_) => {}
                None => warnings.push(format!("{}: related term `{n}` is not in the glossary", t.id)),
            }
        }
        r.truncate(8);
        related.push(r);
    }
    let mut files = Vec::new();
    let mut entries = Vec::new();
    for (t, rel) in terms.iter().zip(&related) {
        let letter = letter_dir(t);
        let key = format!("{letter}/{}", t.slug);
        let rel_terms: Vec<&Term> = rel.iter().filter_map(|&j| terms.get(j)).collect();
        let rel_titles: Vec<String> = rel_terms.iter().map(|r| r.title.clone()).collect();
        let mut rel_summaries: Vec<TermSummary> = rel_terms.iter().map(|r| r.summary()).collect();
        rel_summaries.sort_by(|a, b| a.title.cmp(&b.title));
        let description = t.description.clone().unwrap_or_default();
        let mut row = json!({
            "id": format!("terms/terms/{key}.md"),
            "title": t.title,
            "acronym": t.acronym,
            "aliases": t.aliases,
            "body": body_json(&t.body, &t.toc, &link_paths),
            "category": t.category,
            "description": description,
            "difficulty": t.difficulty,
            "extension": "md",
            "letter": letter,
            "meta": {},
            "navigation": true,
            "path": t.path,
            "related": &rel_titles,
            "seo": {"title": t.title, "description": description},
            "stem": t.stem,
            "subcategory": t.subcategory,
            "tags": t.tags,
        });
        if t.aliases.is_empty() {
            row.as_object_mut().map(|o| o.remove("aliases"));
        }
        if t.tags.is_empty() {
            row.as_object_mut().map(|o| o.remove("tags"));
        }
        let mut data = Map::new();
        data.insert(format!("term-{key}"), row);
        data.insert(format!("related-{key}"), J::Array(rel_summaries.iter().map(summary_json).collect()));
        let url = format!("terms/{key}/_payload.json");
        files.push(File {
            path: url.clone(),
            bytes: encode::nuxt_payload(&J::Object(data), prerendered_at).into_bytes(),
        });
        let mut e = Entry::from_term(t, url, Some(&opts.language));
        e.related = rel_titles;
        entries.push(e);
    }
    let built = entries.len();
    // In a built glossary a term's id is its slug (the manifest's `id`).
    let index =
        search::build(terms.iter().map(|t| Term { id: t.slug.clone(), ..t.clone() }).collect::<Vec<_>>().iter());
    let (index_path, index_files) = search::index_files(&index, opts.chunked);
    files.extend(index_files.into_iter().map(|(path, bytes)| File { path, bytes }));
    let manifest = Manifest {
        glossa: VERSION,
        title: opts.title.clone(),
        language: Some(opts.language.clone()),
        index: Some(index_path),
        page: opts.page.clone(),
        // Compact: the index already holds every entry's fields; the URL follows the path.
        term_url: opts.compact.then(|| "{path}/_payload.json".to_owned()),
        terms: if opts.compact { Vec::new() } else { entries },
        ..Default::default()
    };
    files.push(manifest_file(&manifest));
    Site { files, manifest, warnings, terms: built }
}
