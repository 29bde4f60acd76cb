//! Decoded Nuxt payload → [`Term`]s and [`Page`](super::Kind::Page)s.
//!
//! Documents are found by shape (§3.4 of the spec): an object whose `body` is a
//! minimark/minimal/`root` tree, or an `<MDC>` result `{data, body}`. They are
//! looked for in the payload's `data` map (or a bare root object), one level
//! into arrays (query results). `related-*` arrays of summaries are paired with
//! their `term-*` entry. One broken document does not hide the others.

use std::collections::HashSet;

use super::{last_segment, parenthesised_names, Kind, Seo, Term, TermSummary};
use crate::ast::{from_graph, toc};
use crate::decode::{Graph, Node as G, Value};
use crate::error::{Error, ErrorKind, Path, Result};
use crate::limits::Limits;

/// Everything useful found in one payload.
#[derive(Debug, Default)]
pub struct Loaded {
    /// Documents that decoded cleanly, in payload order.
    pub terms: Vec<Term>,
    /// Documents that did not (each names its path).
    pub errors: Vec<Error>,
    /// Term summaries found outside documents (`related-*` lists, or a list payload of `{title, path, …}`).
    pub summaries: Vec<TermSummary>,
}

/// Glossary fields whose presence marks a row as a term.
const TERM_FIELDS: &[&str] = &["acronym", "category", "difficulty", "letter", "related", "aka", "aliases"];

/// How far below a `data` member documents are looked for: `{ page: <document>, surround }`
/// wrappers (Docus) and route maps of query results sit one or two levels down.
const MAX_WRAPPER_DEPTH: usize = 3;

/// Finds and converts every document in the payload. Each document is decoded once,
/// however many references lead to it, and all that is copied out of the graph is
/// charged to the payload's budget.
pub fn load(g: &Graph, limits: &Limits) -> Loaded {
    let mut out = Loaded::default();
    let root = g.root();
    let (data, data_path) = match g.get(root, "data") {
        Some(d) if g.as_object(d).is_some() => (d, Path::root().key("data")),
        _ => (root, Path::root()),
    };
    let found = find_documents(g, data, &data_path);
    let budget = g.budget();
    for (key, v, path) in found.docs {
        match term_from_row(g, v, &path, &key, limits) {
            Ok(mut t) => {
                if t.related_summaries.is_empty() {
                    if let Some((_, list, lp)) = related_list_for(&key, &found.lists) {
                        match summaries(g, *list, lp, MAX_RELATED) {
                            Ok(s) => t.related_summaries = s,
                            Err(e) => {
                                out.errors.push(e);
                                continue;
                            }
                        }
                    }
                }
                out.terms.push(t);
            }
            Err(e) => out.errors.push(e),
        }
        if budget.exhausted() {
            break; // the error is recorded; every later document would fail the same way
        }
    }
    for (key, list, lp) in &found.lists {
        let paired = key.starts_with("related-") && !out.terms.is_empty();
        if !paired && !budget.exhausted() {
            match summaries(g, *list, lp, usize::MAX) {
                Ok(s) => out.summaries.extend(s),
                Err(e) => out.errors.push(e),
            }
        }
    }
    if out.terms.is_empty() && out.errors.is_empty() && out.summaries.is_empty() {
        out.errors.push(Error::new(data_path, ErrorKind::NoDocument));
    }
    out
}

/// Documents and summary lists found in a payload's data.
#[derive(Default)]
struct Found {
    /// `(top-level key, document, path)`, each document once.
    docs: Vec<(String, Value, Path)>,
    /// `(top-level key, array of summaries, path)`.
    lists: Vec<(String, Value, Path)>,
}

/// Looks for documents in `data` itself, its members, arrays of them (query results) and
/// wrapper objects down to [`MAX_WRAPPER_DEPTH`]; summary lists at the first level.
/// Every value is visited at most once, so shared references cost nothing extra.
fn find_documents(g: &Graph, data: Value, data_path: &Path) -> Found {
    let mut found = Found::default();
    if is_document(g, data) {
        found.docs.push((String::new(), data, data_path.clone()));
        return found;
    }
    let Some(members) = g.as_object(data) else { return found };
    let mut seen: HashSet<u32> = HashSet::new();
    let mut first_visit = |v: Value| match v {
        Value::Node(id) => seen.insert(id),
        _ => false,
    };
    // (top-level key, value, path, depth)
    let mut queue: std::collections::VecDeque<(&str, Value, Path, usize)> =
        members.iter().map(|(k, v)| (&**k, *v, data_path.key(k), 1)).collect();
    while let Some((key, v, path, depth)) = queue.pop_front() {
        crate::limits::work::tick(1);
        if !first_visit(v) {
            continue;
        }
        if is_document(g, v) {
            found.docs.push((key.to_owned(), v, path));
            continue;
        }
        if let Some(items) = g.as_array(v) {
            let mut any_doc = false;
            for (i, it) in items.iter().enumerate() {
                if is_document(g, *it) {
                    any_doc = true;
                    if first_visit(*it) {
                        found.docs.push((key.to_owned(), *it, path.index(i)));
                    }
                }
            }
            if !any_doc && depth == 1 && items.iter().any(|it| is_summary(g, *it)) {
                found.lists.push((key.to_owned(), v, path));
            }
            continue;
        }
        if depth == 1 {
            // `{data: [...summaries]}` shaped API responses.
            if let Some(inner) =
                g.get(v, "data").filter(|d| g.as_array(*d).is_some_and(|a| a.iter().any(|it| is_summary(g, *it))))
            {
                found.lists.push((key.to_owned(), inner, path.key("data")));
                continue;
            }
        }
        if depth < MAX_WRAPPER_DEPTH {
            if let Some(m) = g.as_object(v) {
                queue.extend(m.iter().map(|(k, x)| (key, *x, path.key(k), depth + 1)));
            }
        }
    }
    found
}

/// The `related-<x>` list for document key `term-<x>`, or the only `related-*` list.
fn related_list_for<'a>(key: &str, lists: &'a [(String, Value, Path)]) -> Option<&'a (String, Value, Path)> {
    let suffix = key.strip_prefix("term-").unwrap_or(key);
    let related: Vec<_> = lists.iter().filter(|(k, _, _)| k.starts_with("related-")).collect();
    related
        .iter()
        .find(|(k, _, _)| k.strip_prefix("related-") == Some(suffix))
        .or_else(|| if related.len() == 1 { related.first() } else { None })
        .copied()
}

fn is_document(g: &Graph, v: Value) -> bool {
    g.get(v, "body").is_some_and(|b| from_graph::body_kind(g, b).is_some())
}

fn is_summary(g: &Graph, v: Value) -> bool {
    g.get(v, "title").and_then(|t| g.as_str(t)).is_some() && g.get(v, "path").and_then(|p| g.as_str(p)).is_some()
}

/// A trimmed, non-empty string member, copied out of the graph (and charged to its budget).
fn str_field(g: &Graph, v: Value, key: &str) -> Option<String> {
    let s = g.get(v, key).and_then(|x| g.as_str(x)).map(str::trim).filter(|s| !s.is_empty())?;
    // A spent budget yields no more text; the caller's `check` turns it into the error.
    g.budget().node(s.len()).ok()?;
    Some(s.to_owned())
}

/// The budget's error at `path`, if it is spent.
fn check(g: &Graph, path: &Path) -> Result<()> {
    g.budget().check().map_err(|e| Error::new(path.clone(), e.into()))
}

/// Related terms kept per term (a page shows a handful; a list shared by every term of a
/// payload must not be copied whole into each of them).
pub const MAX_RELATED: usize = 64;
/// Aliases and tags kept per term.
pub const MAX_NAMES: usize = 64;

fn summaries(g: &Graph, list: Value, path: &Path, max: usize) -> Result<Vec<TermSummary>> {
    let mut out = Vec::new();
    for (i, it) in g.as_array(list).unwrap_or(&[]).iter().enumerate().take(max) {
        let Some(title) = str_field(g, *it, "title") else {
            check(g, &path.index(i))?;
            continue;
        };
        out.push(TermSummary {
            title,
            path: str_field(g, *it, "path").or_else(|| str_field(g, *it, "_path")),
            acronym: str_field(g, *it, "acronym"),
            category: str_field(g, *it, "category"),
            difficulty: str_field(g, *it, "difficulty"),
            description: str_field(g, *it, "description"),
        });
        check(g, &path.index(i))?;
    }
    Ok(out)
}

fn string_list(g: &Graph, v: Option<Value>, path: &Path, max: usize) -> Result<Vec<String>> {
    let Some(v) = v else { return Ok(Vec::new()) };
    let take = |s: &str| -> Result<Option<String>> {
        let s = s.trim();
        if s.is_empty() {
            return Ok(None);
        }
        g.budget().node(s.len()).map_err(|e| Error::new(path.clone(), e.into()))?;
        Ok(Some(s.to_owned()))
    };
    if let Some(s) = g.as_str(v) {
        return Ok(take(s)?.into_iter().collect());
    }
    let mut out = Vec::new();
    for x in g.as_array(v).unwrap_or(&[]).iter().take(max) {
        if let Some(s) = g.as_str(*x).or_else(|| g.get(*x, "title").and_then(|t| g.as_str(t))) {
            out.extend(take(s)?);
        }
    }
    Ok(out)
}

/// Converts one document row (Nuxt Content v3 row, v2 document, or `<MDC>` result).
pub fn term_from_row(g: &Graph, row: Value, path: &Path, key: &str, limits: &Limits) -> Result<Term> {
    // `<MDC>`/parseMarkdown results keep front matter under `data`.
    let fm = match g.get(row, "data") {
        Some(d) if g.as_object(d).is_some() => d,
        _ => row,
    };
    let field = |k: &str| str_field(g, row, k).or_else(|| str_field(g, fm, k));
    let body_v = g.get(row, "body").unwrap_or(Value::Undefined);
    let (mut body, payload_toc) = from_graph::body(g, body_v, &path.key("body"), limits)?;
    let generated = toc::assign_ids_and_build(&mut body.nodes, 2);

    let seo = g
        .get(row, "seo")
        .filter(|s| g.as_object(*s).is_some())
        .map(|s| Seo { title: str_field(g, s, "title"), description: str_field(g, s, "description") });
    let first_h1 = body.headings().find(|h| h.tag == "h1").map(|h| h.text());
    let title = field("title")
        .or_else(|| seo.as_ref().and_then(|s| s.title.clone()))
        .or(first_h1)
        .or_else(|| field("term"))
        .unwrap_or_else(|| last_segment(key).to_owned());
    let route = field("path").or_else(|| field("_path"));
    let id = field("id").or_else(|| field("_id")).unwrap_or_else(|| key.to_owned());
    let stem = field("stem");
    let is_term =
        key.starts_with("term-") || TERM_FIELDS.iter().any(|f| g.get(row, f).is_some() || g.get(fm, f).is_some());
    let slug = route
        .as_deref()
        .or(stem.as_deref())
        .map(last_segment)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .or_else(|| key.strip_prefix("term-").map(|k| last_segment(k).to_owned()))
        .unwrap_or_else(|| toc::slugify(&title));

    let mut aliases =
        string_list(g, g.get(fm, "aliases").or_else(|| g.get(fm, "aka")), &path.key("aliases"), MAX_NAMES)?;
    if let Some((a, b)) = parenthesised_names(&title) {
        aliases.extend([a, b]);
    }
    let known: &[&str] = &[
        "id",
        "_id",
        "title",
        "path",
        "_path",
        "stem",
        "body",
        "toc",
        "seo",
        "acronym",
        "aliases",
        "aka",
        "description",
        "category",
        "subcategory",
        "difficulty",
        "letter",
        "related",
        "tags",
        "excerpt",
        "data",
        "__hash__",
        "meta",
    ];
    let extra = g
        .as_object(row)
        .unwrap_or(&[])
        .iter()
        .filter(|(k, _)| !known.contains(&&**k))
        .filter_map(|(k, v)| {
            let text = match g.node(*v)? {
                G::String(s) => s.to_string(),
                G::Number(n) => crate::ast::fmt_number(*n),
                G::Bool(b) => b.to_string(),
                _ => return None,
            };
            g.budget().node(k.len() + text.len()).ok()?;
            Some((k.to_string(), text))
        })
        .collect();
    check(g, path)?;

    let mut term = Term {
        kind: if is_term { Kind::Term } else { Kind::Page },
        id,
        slug,
        path: route,
        stem,
        title,
        acronym: field("acronym"),
        aliases,
        description: field("description"),
        category: field("category"),
        subcategory: field("subcategory"),
        difficulty: field("difficulty"),
        letter: field("letter"),
        tags: string_list(g, g.get(fm, "tags"), &path.key("tags"), MAX_NAMES)?,
        related: string_list(g, g.get(fm, "related"), &path.key("related"), MAX_RELATED)?,
        related_summaries: Vec::new(),
        links: Vec::new(),
        seo,
        toc: payload_toc.filter(|t| !t.links.is_empty()).unwrap_or(generated),
        body,
        extra,
        lang: None,
        warnings: Vec::new(),
    };
    // Related entries given as objects carry their own summaries.
    if let Some(list) = g.get(fm, "related").filter(|r| g.as_array(*r).is_some()) {
        let s = summaries(g, list, &path.key("related"), MAX_RELATED)?;
        if s.iter().any(|x| x.path.is_some()) {
            term.related_summaries = s;
        }
    }
    term.fill_description();
    check(g, path)?;
    Ok(term)
}
