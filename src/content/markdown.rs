//! Markdown term files: YAML front matter + body → [`Term`].
//!
//! Front matter keys understood (others are kept as text in [`Term::extra`]):
//! `title`, `id`, `slug`, `description`/`short_description`/`summary`,
//! `acronym`, `aka`/`aliases`, `tags`, `category`, `subcategory`,
//! `difficulty`, `letter`, `related`, `path`. Hugo's `glossary_tooltip`
//! shortcodes become term links and `<!--more-->` ends the summary.

use super::front_matter::{self, Value};
use super::{last_segment, parenthesised_names, Kind, Term};
use crate::ast::markdown::{self, TERM_SCHEME};
use crate::ast::{toc, Node, Prop};
use crate::error::{Error, ErrorKind, Path, Result};
use crate::limits::Limits;

/// Largest front matter block accepted.
const MAX_FRONT_MATTER: usize = 64 << 10;

/// Splits `---\n…\n---\n` front matter from the body. `None` when there is none.
pub fn split_front_matter(src: &str) -> Option<(&str, &str)> {
    let s = src.strip_prefix('\u{feff}').unwrap_or(src);
    let rest = s.strip_prefix("---")?;
    let rest = rest.strip_prefix("\r\n").or_else(|| rest.strip_prefix('\n'))?;
    let mut pos = 0;
    for line in rest.split_inclusive('\n') {
        let l = line.trim_end();
        if l == "---" || l == "..." {
            return Some((crate::util::upto(rest, pos), crate::util::from(rest, pos + line.len())));
        }
        pos += line.len();
    }
    // An unterminated block: treat everything as front matter with an empty body.
    Some((rest, ""))
}

/// Parses front matter (the text between a file's `---` lines) into its top-level mapping
/// (see [`front_matter`]); an error names the line in the file.
pub fn parse_front_matter(text: &str) -> Result<Vec<(String, Value)>> {
    let fm_err = |m: String| Error::at_root(ErrorKind::FrontMatter(m));
    if text.len() > MAX_FRONT_MATTER {
        return Err(fm_err(format!("{} bytes, over the limit of {MAX_FRONT_MATTER}", text.len())));
    }
    // Lines are the file's: the front matter starts on line 2, after its `---`.
    front_matter::parse(text).map_err(|e| fm_err(front_matter::YamlError { line: e.line + 1, ..e }.to_string()))
}

/// A scalar as text (`None` for null/empty and for collections).
fn scalar(y: &Value) -> Option<String> {
    match y {
        Value::Scalar { text, .. } if !y.is_null() => Some(text.trim().to_owned()).filter(|s| !s.is_empty()),
        _ => None,
    }
}

/// A list of strings from a YAML list, or a single scalar (comma-separated lists are split).
fn list(y: &Value) -> Vec<String> {
    match y {
        Value::List(a) => a.iter().filter_map(scalar).collect(),
        other => scalar(other)
            .map(|s| s.split(',').map(|p| p.trim().to_owned()).filter(|p| !p.is_empty()).collect())
            .unwrap_or_default(),
    }
}

fn text_of(y: &Value) -> Option<String> {
    match y {
        Value::List(_) => Some(list(y).join(", ")).filter(|s| !s.is_empty()),
        Value::Map(_) => None,
        other => scalar(other),
    }
}

/// Loads a markdown term file. `file_name` (e.g. `storage-class.md`) supplies the id when front matter has none.
pub fn load(src: &str, file_name: &str, limits: &Limits) -> Result<Term> {
    if src.len() > limits.max_input_bytes {
        return Err(Error::at_root(ErrorKind::TooLarge { bytes: src.len(), limit: limits.max_input_bytes }));
    }
    let split = split_front_matter(src);
    let has_front_matter = split.is_some();
    let (fm_text, body_src) = split.unwrap_or(("", src));
    let fm = parse_front_matter(fm_text)?;
    // `full-link`, `short-description`: Hugo sites spell keys both ways.
    let same_key = |key: &str, k: &str| {
        key.len() == k.len() && key.bytes().zip(k.bytes()).all(|(a, b)| a == b || (a == b'-' && b == b'_'))
    };
    let get = |k: &str| fm.iter().find(|(key, _)| same_key(key, k)).map(|(_, v)| v);
    let s = |k: &str| get(k).and_then(scalar).map(|v| markdown::hugo::plain(&v));
    let lst = |k: &str| get(k).map(list).unwrap_or_default();
    let path_of = |k: &str| Path::root().key("front_matter").key(k);
    for k in ["title", "id", "slug", "description", "short_description", "category", "difficulty", "acronym", "letter"]
    {
        if matches!(get(k), Some(Value::Map(_) | Value::List(_))) {
            return Err(Error::new(
                path_of(k),
                ErrorKind::FrontMatter(format!("`{k}` must be text, not a list or mapping")),
            ));
        }
    }

    let mut warnings = Vec::new();
    let rewritten = markdown::hugo::rewrite(body_src, &mut warnings);
    let budget = crate::limits::Budget::new(limits, src.len());
    let mut body = markdown::parse(&rewritten, limits.depth(), &budget)
        .map_err(|e| Error::new(Path::root().key("body"), e.into()))?;
    let mut links = Vec::new();
    collect_term_links(&mut body.nodes, &mut links);
    let generated = toc::assign_ids_and_build(&mut body.nodes, 2);

    let stem = last_segment(file_name.rsplit(['/', '\\']).next().unwrap_or(file_name)).to_owned();
    let first_h1 = body.headings().find(|h| h.tag == "h1").map(|h| h.text());
    let title = s("title").or(first_h1).unwrap_or_else(|| stem.clone());
    let id = s("id").or_else(|| s("slug")).unwrap_or_else(|| stem.clone());
    let slug = s("slug").map(|x| toc::slugify(&x)).unwrap_or_else(|| {
        let base =
            if stem.is_empty() || stem == "index" || stem == "_index" { toc::slugify(&title) } else { stem.clone() };
        base.to_ascii_lowercase()
    });
    let mut aliases = lst("aliases");
    aliases.extend(lst("aka"));
    if let Some((a, b)) = parenthesised_names(&title) {
        aliases.extend([a, b]);
    }
    aliases.retain(|a| !a.eq_ignore_ascii_case(&title));
    aliases.dedup();
    let known = [
        "title",
        "id",
        "slug",
        "description",
        "short_description",
        "summary",
        "acronym",
        "aka",
        "aliases",
        "tags",
        "category",
        "subcategory",
        "difficulty",
        "letter",
        "related",
        "path",
    ];
    let extra = fm
        .iter()
        .filter(|(k, _)| !known.iter().any(|x| same_key(k, x)))
        .filter_map(|(k, v)| Some((k.clone(), text_of(v)?)))
        .collect();
    // Glossary terms carry front matter; a section index (nothing to read but comments, such
    // as a translation's English original) or a plain README is a page.
    let blank = |n: &Node| match n {
        Node::Comment(_) => true,
        Node::Text(t) => t.trim().is_empty(),
        Node::Element(_) => false,
    };
    let section_page =
        (matches!(stem.as_str(), "index" | "_index") && body.nodes.iter().all(blank)) || !has_front_matter;

    let mut term = Term {
        kind: if section_page { Kind::Page } else { Kind::Term },
        id,
        slug,
        path: s("path"),
        stem: Some(stem),
        title,
        acronym: s("acronym"),
        aliases,
        description: s("description").or_else(|| s("short_description")).or_else(|| s("summary")),
        category: s("category"),
        subcategory: s("subcategory"),
        difficulty: s("difficulty"),
        letter: s("letter"),
        tags: lst("tags"),
        related: lst("related"),
        related_summaries: Vec::new(),
        links,
        seo: None,
        toc: generated,
        body,
        extra,
        lang: None,
        warnings,
    };
    term.fill_description();
    Ok(term)
}

/// Turns `glossa-term:<id>` links into term links (`data-glossa-term`) and records the ids.
fn collect_term_links(nodes: &mut [Node], out: &mut Vec<String>) {
    let mut stack: Vec<&mut Node> = nodes.iter_mut().collect();
    while let Some(n) = stack.pop() {
        let Node::Element(e) = n else { continue };
        if e.tag == "a" {
            if let Some(id) = e.prop_str("href").and_then(|h| h.strip_prefix(TERM_SCHEME)).map(str::to_owned) {
                e.props.retain(|(k, _)| k != "href");
                e.props.push(("data-glossa-term".into(), Prop::Str(id.clone())));
                if !out.iter().any(|x| x.eq_ignore_ascii_case(&id)) {
                    out.push(id);
                }
            }
        }
        stack.extend(e.children.iter_mut());
    }
    // The stack visits in reverse; keep first-mention order.
    out.reverse();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_split() {
        assert_eq!(split_front_matter("---\ntitle: A\n---\nbody"), Some(("title: A\n", "body")));
        assert_eq!(split_front_matter("no front matter"), None);
    }

    #[test]
    fn aliases_refused() {
        let e = parse_front_matter("a: &x [1,2]\nb: *x\n").unwrap_err();
        assert!(e.to_string().contains("aliases"), "{e}");
        // Lines are the file's (front matter starts on line 2).
        let e = load("---\ntitle: ok\nbad: 'never closed\n---\nbody\n", "t.md", &Limits::default()).unwrap_err();
        assert!(e.to_string().contains("line 3, column 6: this quoted value is never closed"), "{e}");
    }

    #[test]
    fn kubernetes_style() {
        let src = "---\ntitle: Container runtime interface (CRI)\nid: cri\nshort_description: >\n  The main protocol.\n\naka: \ntags:\n- fundamental\n---\n The main protocol for {{< glossary_tooltip text=\"kubelet\" term_id=\"kubelet\" >}}.\n\n<!--more-->\n\nMore.\n";
        let t = load(src, "container-runtime-interface.md", &Limits::default()).unwrap();
        assert_eq!(t.id, "cri");
        assert_eq!(t.slug, "container-runtime-interface");
        assert_eq!(t.description.as_deref(), Some("The main protocol."));
        assert_eq!(t.aliases, vec!["Container runtime interface", "CRI"]);
        assert_eq!(t.tags, vec!["fundamental"]);
        assert_eq!(t.links, vec!["kubelet"]);
        assert_eq!(t.body.summary_len, Some(1));
    }
}
