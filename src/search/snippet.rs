//! Snippets: a short window of the description (or body) around the matched
//! words, split into plain and matched segments. The renderer wraps matched
//! segments in `<mark>` with DOM APIs; no markup is produced here.

use serde::Serialize;

use super::index::{Doc, Index};
use super::query::Expansion;
use super::text;

/// A piece of snippet text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Segment {
    pub text: String,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub mark: bool,
}

/// Words of context shown around the first match.
const WINDOW: usize = 26;

/// Builds the snippet for `doc` from what the query words matched.
pub(crate) fn make(idx: &Index, doc: &Doc, exps: &[Expansion]) -> Vec<Segment> {
    // First letters of everything the query matched: most tokens are ruled out without a lookup.
    let mut firsts: Vec<char> = exps
        .iter()
        .flat_map(|e| {
            e.words.iter().filter_map(|(w, _)| idx.vocab.get(*w as usize)?.chars().next()).chain(e.query.chars().next())
        })
        .collect();
    crate::util::sort_by(&mut firsts, |a, b| a.cmp(b));
    firsts.dedup();
    let is_match = |t: &str| -> bool {
        if t.chars().next().is_none_or(|c| firsts.binary_search(&c).is_err()) {
            return false;
        }
        let id = idx.find(t).unwrap_or(u32::MAX);
        exps.iter().any(|e| id != u32::MAX && e.weight(idx, id) > 0.0 || (e.open && t.starts_with(e.query.as_str())))
    };
    let mut chosen: Option<(&str, Vec<text::Token>)> = None;
    for s in [doc.description.as_str(), doc.body.as_str()] {
        if s.is_empty() {
            continue;
        }
        let toks = text::tokens(s);
        if toks.iter().any(|t| is_match(&t.text)) {
            chosen = Some((s, toks));
            break;
        }
        if chosen.is_none() {
            chosen = Some((s, toks));
        }
    }
    let Some((source, toks)) = chosen else { return Vec::new() };
    if toks.is_empty() {
        return Vec::new();
    }
    let marks: Vec<bool> = toks.iter().map(|t| is_match(&t.text)).collect();
    let first = marks.iter().position(|&m| m).unwrap_or(0);
    let start_tok = first.saturating_sub(6);
    let end_tok = (start_tok + WINDOW).min(toks.len());
    let window = toks.get(start_tok..end_tok).unwrap_or_default();
    let window_marks = marks.get(start_tok..end_tok).unwrap_or_default();
    let start = match window.first() {
        Some(t) if start_tok > 0 => t.start,
        _ => 0,
    };
    let end = match window.last() {
        Some(t) if end_tok < toks.len() => t.end,
        _ => source.len(),
    };
    let text = |a: usize, b: usize| crate::util::sub(source, a, b);
    let mut segs: Vec<Segment> = Vec::new();
    let mut push = |text: &str, mark: bool| {
        if text.is_empty() {
            return;
        }
        match segs.last_mut() {
            Some(s) if s.mark == mark => s.text.push_str(text),
            _ => segs.push(Segment { text: text.to_owned(), mark }),
        }
    };
    if start > 0 {
        push("…", false);
    }
    let mut at = start;
    for (t, &m) in window.iter().zip(window_marks) {
        if t.start < at {
            continue; // joined variants overlap their parts
        }
        if m {
            push(text(at, t.start), false);
            push(text(t.start, t.end), true);
            at = t.end;
        }
    }
    push(text(at, end), false);
    if end < source.len() {
        push("…", false);
    }
    segs
}
