//! Table of contents and heading ids (github-slugger rules, as MDC applies them).

use serde::{Deserialize, Serialize};

use super::{heading_level, Element, Node, Prop};

/// `{title, depth, searchDepth, links}` as in Nuxt Content.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Toc {
    pub title: String,
    pub depth: u8,
    pub search_depth: u8,
    pub links: Vec<TocLink>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TocLink {
    pub id: String,
    pub depth: u8,
    pub text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<TocLink>,
}

/// github-slugger, then MDC's clean-up: lower-case, punctuation removed,
/// whitespace → `-`, repeated `-` collapsed, `-` trimmed, `_` before a leading digit.
pub fn slugify(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || c == '_' || c == '-' {
            s.push(c);
        } else if c.is_whitespace() {
            s.push('-');
        }
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if !(c == '-' && out.ends_with('-')) {
            out.push(c);
        }
    }
    let out = out.trim_matches('-');
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{out}")
    } else {
        out.to_owned()
    }
}

/// Hands out unique slugs (`x`, `x-1`, `x-2`, …) exactly as github-slugger does: each
/// base remembers how many suffixes it has handed out, so `n` equal headings cost O(n)
/// probes in all, not O(n²).
#[derive(Default)]
pub struct Slugger {
    occurrences: std::collections::HashMap<String, usize>,
}

impl Slugger {
    pub fn claim(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "section" } else { base };
        let mut candidate = base.to_owned();
        while self.occurrences.contains_key(&candidate) {
            crate::limits::work::tick(1);
            let n = self.occurrences.entry(base.to_owned()).or_insert(0);
            *n += 1;
            candidate = format!("{base}-{n}");
        }
        self.occurrences.insert(candidate.clone(), 0);
        candidate
    }
}

/// Gives every heading an id (keeping existing ones) — top level and one level down,
/// like MDC's `searchDepth` — and returns the toc of h2…h(depth+1).
pub fn assign_ids_and_build(nodes: &mut [Node], depth: u8) -> Toc {
    let mut slugger = Slugger::default();
    let mut flat: Vec<(u8, String, String)> = Vec::new();
    let mut visit = |e: &mut Element, flat: &mut Vec<(u8, String, String)>| {
        let Some(level) = heading_level(&e.tag) else { return };
        let text = e.text();
        let id = match e.prop_str("id").filter(|s| !s.is_empty()) {
            Some(id) => slugger.claim(id),
            None => slugger.claim(&slugify(&text)),
        };
        e.props.retain(|(k, _)| k != "id");
        e.props.insert(0, ("id".into(), Prop::Str(id.clone())));
        if level >= 2 && level <= depth + 1 {
            flat.push((level, id, text.trim().to_owned()));
        }
    };
    for n in nodes.iter_mut() {
        if let Node::Element(e) = n {
            visit(e, &mut flat);
            for c in e.children.iter_mut() {
                if let Node::Element(ce) = c {
                    visit(ce, &mut flat);
                }
            }
        }
    }
    Toc { title: String::new(), depth, search_depth: 2, links: nest(flat) }
}

/// Nests flat `(level, id, text)` headings: a deeper heading becomes a child of the preceding shallower one.
fn nest(flat: Vec<(u8, String, String)>) -> Vec<TocLink> {
    let mut root: Vec<TocLink> = Vec::new();
    for (depth, id, text) in flat {
        let link = TocLink { id, depth, text, children: Vec::new() };
        push_nested(&mut root, link);
    }
    root
}

/// Appends `link` under the last link shallower than it. Recursion depth is bounded
/// by the heading levels (each step goes at least one level deeper, and levels are ≤ 6).
fn push_nested(list: &mut Vec<TocLink>, link: TocLink) {
    match list.last_mut() {
        Some(l) if l.depth < link.depth => push_nested(&mut l.children, link),
        _ => list.push(link),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_match_mdc() {
        assert_eq!(slugify("ELI5 — The Vibe Check"), "eli5-the-vibe-check");
        assert_eq!(slugify("When You'll Hear This"), "when-youll-hear-this");
        assert_eq!(slugify("Show Me The Code"), "show-me-the-code");
        assert_eq!(slugify("1. Install"), "_1-install");
        assert_eq!(slugify("  --Hello, World!--  "), "hello-world");
        assert_eq!(slugify("日本語 テスト"), "日本語-テスト");
    }

    #[test]
    fn nesting() {
        let flat = vec![(2, "a".into(), "A".into()), (3, "b".into(), "B".into()), (2, "c".into(), "C".into())];
        let toc = nest(flat);
        assert_eq!(toc.len(), 2);
        assert_eq!(toc[0].children[0].id, "b");
    }
}
