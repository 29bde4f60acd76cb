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

#[cfg(test)]
thread_local! {
    /// Tokens the snippets looked at (the tests check the work is bounded).
    static SCANNED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    /// Tokens the snippets' texts were cut into (the tests check the cache is used).
    static TOKENIZED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// A token of a snippet's source: its byte range, and whether it matched.
type Tok = (usize, usize, bool);

/// Words of context shown around the first match.
const WINDOW: usize = 26;
/// Of which, words before the first match.
const BEFORE: usize = 6;

/// What a query's snippets look for, made once per search (not once per result): the
/// words the query matched (a few: exact words and their typo variants) and the words being
/// typed (whose completions are matched by prefix, however many there are), with their
/// first letters, so most tokens are ruled out at once and none needs a vocabulary lookup.
pub(crate) struct Matcher {
    firsts: Vec<char>,
    /// The ASCII first letters of `firsts`, as bits (most tokens are ruled out by one test).
    ascii_firsts: u128,
    words: Vec<String>,
    open: Vec<String>,
}

impl Matcher {
    pub(crate) fn new(idx: &Index, exps: &[Expansion]) -> Matcher {
        let open: Vec<String> = exps.iter().filter(|e| e.open).map(|e| e.query.clone()).collect();
        let mut words: Vec<String> = exps
            .iter()
            .flat_map(|e| e.words.iter().filter(|(_, wt)| *wt > 0.0))
            .filter_map(|(w, _)| idx.vocab.get(*w as usize))
            .filter(|w| !open.iter().any(|q| w.starts_with(q.as_str())))
            .map(|w| w.to_string())
            .collect();
        crate::util::sort_by(&mut words, |a, b| a.cmp(b));
        words.dedup();
        let mut firsts: Vec<char> = words.iter().chain(&open).filter_map(|w| w.chars().next()).collect();
        crate::util::sort_by(&mut firsts, |a, b| a.cmp(b));
        firsts.dedup();
        let ascii_firsts = firsts.iter().filter(|c| c.is_ascii()).fold(0u128, |m, &c| m | 1 << (c as u32));
        Matcher { firsts, ascii_firsts, words, open }
    }

    fn is_match(&self, t: &str) -> bool {
        // (An ASCII first letter is one bit test: this runs for every token scanned.)
        let first_known = match t.as_bytes().first() {
            Some(&b) if b.is_ascii() => self.ascii_firsts & 1 << b != 0,
            _ => t.chars().next().is_some_and(|c| self.firsts.binary_search(&c).is_ok()),
        };
        if !first_known {
            return false;
        }
        self.open.iter().any(|q| t.starts_with(q.as_str()))
            || self.words.binary_search_by(|w| w.as_str().cmp(t)).is_ok()
    }
}

/// Builds the snippet for `doc` (document number `d`) from what the query words matched.
/// `fields` (the index's [`super::index::field`] bits this document matched in) says where a
/// match can be, so a result that matched by its title alone costs one short window of its
/// description, not a scan of its body. The tokens come from `cache` when this text was
/// shown lately (typing shows the same documents keystroke after keystroke).
pub(crate) fn make(doc: &Doc, d: u32, matcher: &Matcher, fields: u8, cache: &mut Cache) -> Vec<Segment> {
    use super::index::field;
    // One pass over one source, stopped as soon as the window is known: the first match,
    // the words of context before it, and the window after it (plus one token, to know
    // whether the text goes on). No string per token: long bodies cost what the window costs.
    // Until the first match only the last `BEFORE` tokens are kept (`dropped` counts the
    // others), so a long scan holds a window's worth of tokens, not the text's.
    let mut scan = |s: &str, which: u8, look: bool| {
        let mut toks: Vec<Tok> = Vec::with_capacity(WINDOW + 1);
        let (mut first, mut dropped): (Option<usize>, usize) = (None, 0);
        cache.each_token((d, which), s, &mut |t, a, b| {
            #[cfg(test)]
            SCANNED.with(|c| c.set(c.get() + 1));
            let m = look && matcher.is_match(t);
            if m && first.is_none() {
                first = Some(toks.len());
            }
            if look && first.is_none() && toks.len() == BEFORE {
                toks.remove(0);
                dropped += 1;
            }
            toks.push((a, b, m));
            match first {
                Some(f) => toks.len() <= f.saturating_sub(BEFORE) + WINDOW,
                // Until a match, go on; with none to find, the opening window will do.
                None => look || toks.len() <= WINDOW,
            }
        });
        (toks, first, dropped)
    };
    let desc = doc.description.as_str();
    let body = doc.body.as_str();
    let mut chosen: Option<(&str, Vec<Tok>, Option<usize>, usize)> = None;
    for (s, bit) in [(desc, field::DESCRIPTION), (body, field::BODY)] {
        if s.is_empty() || fields & bit == 0 {
            continue;
        }
        let (toks, first, dropped) = scan(s, bit, true);
        if first.is_some() {
            chosen = Some((s, toks, first, dropped));
            break;
        }
    }
    // No match to show: the opening window of the description (else of the body).
    let (source, toks, first, dropped) = chosen.unwrap_or_else(|| {
        let (s, bit) = if desc.is_empty() { (body, field::BODY) } else { (desc, field::DESCRIPTION) };
        let (toks, _, _) = scan(s, bit, false);
        (s, toks, None, 0)
    });
    if toks.is_empty() {
        return Vec::new();
    }
    let first = first.unwrap_or(0);
    let start_tok = first.saturating_sub(BEFORE);
    let end_tok = (start_tok + WINDOW).min(toks.len());
    let window = toks.get(start_tok..end_tok).unwrap_or_default();
    let start = match window.first() {
        Some(t) if start_tok + dropped > 0 => t.0,
        _ => 0,
    };
    let end = match window.last() {
        Some(t) if end_tok < toks.len() => t.1,
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
    for &(t_start, t_end, m) in window {
        if t_start < at {
            continue; // joined variants overlap their parts
        }
        if m {
            push(text(at, t_start), false);
            push(text(t_start, t_end), true);
            at = t_end;
        }
    }
    push(text(at, end), false);
    if end < source.len() {
        push("…", false);
    }
    segs
}

/// The tokens of the texts snippets were made from lately, by document: typing a query shows
/// the same documents keystroke after keystroke, and a text met again is matched without
/// being tokenized again. A text is tokenized a piece at a time, only as far as a snippet
/// has read it (a first look costs what a scan without the cache costs, and at most one
/// piece more). An entry answers only for the very text it was made from (the text is
/// compared, so another index's document of the same number never gets its tokens).
/// Bounded: [`CACHED_TEXTS`] texts of at most [`CACHED_TEXT_BYTES`] bytes (a longer one is
/// tokenized as without the cache, only as far as its window).
#[derive(Default)]
pub(crate) struct Cache {
    entries: Vec<Tokens>,
    /// Where each (document, field) text is in `entries`.
    slots: std::collections::HashMap<(u32, u8), usize>,
    /// Lookups so far (an entry's `used` says when it was last looked up).
    clock: u64,
    /// The tokenizer's folding buffer.
    buf: String,
}

/// One text's tokens so far, as [`text::each_token`] hands them out.
struct Tokens {
    used: u64,
    key: (u32, u8),
    source: Box<str>,
    /// Bytes of `source` tokenized (a piece boundary).
    read: usize,
    /// The folded tokens, one after the other (`toks` has their ranges).
    folded: String,
    toks: Vec<Cached>,
}

/// A token: its range in `folded`, and in the source text.
#[derive(Clone, Copy)]
struct Cached {
    folded: (u32, u32),
    source: (u32, u32),
}

/// Texts whose tokens are kept (a page of results is ten, most with two texts).
const CACHED_TEXTS: usize = 128;
/// Longest text whose tokens are kept (bodies keep their first [`super::index::BODY_SNIPPET_CHARS`]
/// characters; a description is rarely longer).
const CACHED_TEXT_BYTES: usize = 4096;

impl Cache {
    /// Calls `each` with the tokens of `s` (the text of `key`: a document and its field) as
    /// [`text::each_token`] would, in order, until it returns false.
    fn each_token(&mut self, key: (u32, u8), s: &str, each: &mut dyn FnMut(&str, usize, usize) -> bool) {
        if s.len() > CACHED_TEXT_BYTES {
            return text::each_token(s, &mut |t, a, b| {
                #[cfg(test)]
                TOKENIZED.with(|c| c.set(c.get() + 1));
                each(t, a, b)
            });
        }
        self.clock += 1;
        let slot = self.slots.get(&key).copied();
        let found = slot.filter(|&i| self.entries.get(i).is_some_and(|e| *e.source == *s));
        let at = found.unwrap_or_else(|| {
            let fresh = Tokens { used: 0, key, source: s.into(), read: 0, folded: String::new(), toks: Vec::new() };
            // The same document and field with another text (another index) takes its place;
            // else a free place; else the least recently used makes way.
            let at = match slot {
                Some(i) => i,
                None if self.entries.len() < CACHED_TEXTS => self.entries.len(),
                None => (0..self.entries.len()).min_by_key(|&i| self.entries.get(i).map_or(0, |e| e.used)).unwrap_or(0),
            };
            match self.entries.get_mut(at) {
                Some(e) => {
                    let old = std::mem::replace(e, fresh);
                    self.slots.remove(&old.key);
                }
                None => self.entries.push(fresh),
            }
            self.slots.insert(key, at);
            at
        });
        let Some(e) = self.entries.get_mut(at) else { return };
        e.used = self.clock;
        let mut next = 0;
        loop {
            for t in e.toks.get(next..).unwrap_or_default() {
                let word = crate::util::sub(&e.folded, t.folded.0 as usize, t.folded.1 as usize);
                if !each(word, t.source.0 as usize, t.source.1 as usize) {
                    return;
                }
            }
            if e.read >= s.len() {
                return;
            }
            next = e.toks.len();
            let end = text::piece_end(s, e.read);
            let Tokens { folded, toks, .. } = e;
            text::each_token_in(s, e.read..end, &mut self.buf, &mut |t, a, b| {
                #[cfg(test)]
                TOKENIZED.with(|c| c.set(c.get() + 1));
                let start = folded.len() as u32;
                folded.push_str(t);
                toks.push(Cached { folded: (start, folded.len() as u32), source: (a as u32, b as u32) });
                true
            });
            e.read = end;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::{self, SearchOptions};
    use crate::Term;

    fn scanned(idx: &search::Index, q: &str) -> (usize, Vec<Segment>) {
        SCANNED.with(|c| c.set(0));
        let r = idx.search(q, &SearchOptions::default());
        let snippet = r.results.into_iter().next().map(|r| r.snippet).unwrap_or_default();
        (SCANNED.with(|c| c.get()), snippet)
    }

    #[test]
    fn snippet_work_is_bounded_by_the_window_not_the_body() {
        let filler: Vec<String> = (0..150).map(|i| format!("filler{i}")).collect();
        let body = format!("{} needle {}", filler[..40].join(" "), filler[40..].join(" "));
        let t = Term {
            id: "w".into(),
            slug: "w".into(),
            title: "Widget".into(),
            description: Some("A small part of a machine.".into()),
            body: crate::ast::Body { nodes: vec![crate::ast::Node::Text(body)], ..Default::default() },
            ..Default::default()
        };
        let idx = search::build([&t]);
        // The match in the body: its window and one token past it, after the description.
        let (n, snip) = scanned(&idx, "needle");
        assert!(snip.iter().any(|s| s.mark && s.text == "needle"), "{snip:?}");
        assert!(n <= BEFORE + 40 + 1 + WINDOW + 1, "{n} tokens looked at for a match at token 40");
        // A title-only match never scans the body: the description's opening window only.
        let (n, snip) = scanned(&idx, "widget");
        assert!(!snip.iter().any(|s| s.mark), "{snip:?}");
        assert!(n <= WINDOW + 1, "{n} tokens looked at for a title match");
    }

    fn widget(desc: String, body: &str) -> Term {
        Term {
            id: "w".into(),
            slug: "w".into(),
            title: "Widget".into(),
            description: Some(desc),
            body: crate::ast::Body { nodes: vec![crate::ast::Node::Text(body.into())], ..Default::default() },
            ..Default::default()
        }
    }

    #[test]
    fn a_text_shown_again_is_not_tokenized_again_and_long_ones_only_to_their_window() {
        let idx = search::build([&widget("A small part of a machine, with a needle.".into(), "The needle moves.")]);
        let mut s = search::Scratch::default();
        let opts = SearchOptions::default();
        let tokenized = |s: &mut search::Scratch, idx: &search::Index, q: &str| {
            let fresh = idx.search(q, &opts);
            TOKENIZED.with(|c| c.set(0));
            let r = idx.search_with(s, q, &opts);
            let n = TOKENIZED.with(|c| c.get());
            assert_eq!(r, fresh, "{q:?}: the cache answers as a fresh search");
            assert!(r.results.iter().any(|x| x.snippet.iter().any(|s| s.mark)), "{q:?}: {r:?}");
            n
        };
        assert!(tokenized(&mut s, &idx, "needle") > 0);
        // The next keystrokes show the same document: its text's tokens are kept.
        for q in ["needle m", "needle mo", "needl", "machine"] {
            assert_eq!(tokenized(&mut s, &idx, q), 0, "{q:?}");
        }
        // Another index's document 0, with another text, is cut into its own tokens.
        let other = search::build([&widget("Another part: a needle and a thread.".into(), "")]);
        assert!(tokenized(&mut s, &other, "needle") > 0);
        assert_eq!(tokenized(&mut s, &other, "needle"), 0);
        // A first look reads a text only as far as its window (and the rest of a piece); a
        // later one that needs more reads on from there.
        let filler: Vec<String> = (0..300).map(|i| format!("filler{i}")).collect();
        let text = format!("{} needle {} thread", filler[..5].join(" "), filler[5..].join(" "));
        assert!(text.len() < CACHED_TEXT_BYTES);
        let kept = search::build([&widget(text, "")]);
        let n = tokenized(&mut s, &kept, "needle");
        assert!(n > WINDOW && n < 100, "{n} of 302 tokens read for a match at token 5");
        let m = tokenized(&mut s, &kept, "thread");
        assert!(m > 200 && m <= 302 - n, "{m}: read on from token {n}");
        assert_eq!(tokenized(&mut s, &kept, "needle"), 0);
        assert_eq!(tokenized(&mut s, &kept, "thread"), 0);
        // A text too long to keep is read only as far as its window, every time.
        let filler: Vec<String> = (0..2000).map(|i| format!("filler{i}")).collect();
        let long =
            search::build([&widget(format!("{} needle {}", filler[..30].join(" "), filler[30..].join(" ")), "")]);
        for _ in 0..2 {
            let n = tokenized(&mut s, &long, "needle");
            assert!(n > 30 && n <= 30 + 1 + WINDOW + 1, "{n}");
        }
    }

    #[test]
    fn the_cache_keeps_one_place_per_text_and_stays_bounded() {
        let mut c = Cache::default();
        let words = |c: &mut Cache, key: (u32, u8), s: &str| {
            let mut out = Vec::new();
            c.each_token(key, s, &mut |t, _, _| {
                out.push(t.to_owned());
                true
            });
            out
        };
        // One document and field whose text changes (two indexes, one scratch): one place.
        for _ in 0..3 {
            assert_eq!(words(&mut c, (0, 1), "Alpha beta"), ["alpha", "beta"]);
            assert_eq!(words(&mut c, (0, 1), "Gamma"), ["gamma"]);
        }
        assert_eq!(c.entries.len(), 1);
        // More texts than it keeps: the least recently used go, and every place is mapped.
        for d in 0..(CACHED_TEXTS as u32 * 3) {
            assert_eq!(
                words(&mut c, (d, 1), &format!("word{d} and more")),
                [format!("word{d}").as_str(), "and", "more"]
            );
            assert_eq!(words(&mut c, (0, 2), "kept by use"), ["kept", "by", "use"]);
        }
        assert_eq!(c.entries.len(), CACHED_TEXTS);
        assert_eq!(c.slots.len(), CACHED_TEXTS);
        for (key, &i) in &c.slots {
            assert_eq!(c.entries[i].key, *key);
        }
        assert!(c.slots.contains_key(&(0, 2)), "a text used at every step is never the one to go");
    }
}
