//! Snippets: a short window of the description (or body) around the matched
//! words, split into plain and matched segments. The renderer wraps matched
//! segments in `<mark>` with DOM APIs; no markup is produced here.

use serde::Serialize;

use super::index::Doc;
use super::query::{word_match, SearchOptions};
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

/// Builds the snippet for `doc` and the folded query `words`.
pub fn make(doc: &Doc, words: &[String], opts: &SearchOptions) -> Vec<Segment> {
    let last = words.len().saturating_sub(1);
    let is_match = |t: &str| {
        words
            .iter()
            .enumerate()
            .any(|(i, q)| word_match(q, t, opts.prefix && (i == last || q.len() >= 3), opts.fuzzy) > 0.0)
    };
    let source = [doc.description.as_str(), doc.body.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .find(|s| text::tokens(s).iter().any(|t| is_match(&t.text)))
        .or(if doc.description.is_empty() { None } else { Some(doc.description.as_str()) })
        .unwrap_or(doc.body.as_str());
    let toks = text::tokens(source);
    if toks.is_empty() {
        return Vec::new();
    }
    let first = toks.iter().position(|t| is_match(&t.text)).unwrap_or(0);
    let start_tok = first.saturating_sub(6);
    let end_tok = (start_tok + WINDOW).min(toks.len());
    let (start, end) =
        if start_tok == 0 { (0, toks[end_tok - 1].end) } else { (toks[start_tok].start, toks[end_tok - 1].end) };
    let end = if end_tok == toks.len() { source.len() } else { end };
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
    for t in &toks[start_tok..end_tok] {
        if t.start < at {
            continue; // joined variants overlap their parts
        }
        if is_match(&t.text) {
            push(&source[at..t.start], false);
            push(&source[t.start..t.end], true);
            at = t.end;
        }
    }
    push(&source[at..end], false);
    if end < source.len() {
        push("…", false);
    }
    segs
}
