//! Finding glossary terms in running text (for automatic tooltip links).
//!
//! Names and text go through the search tokenizer ([`crate::search::text::parts`]), and a
//! mention is a run of text tokens equal to a name's tokens, with the same kind of gap
//! between them (white space of any kind where the name has a space, the same
//! punctuation where it has some, nothing inside unspaced scripts). So matching follows
//! word boundaries by construction, is case- and accent-insensitive like search, finds
//! names inside CJK text (bigrams), and needs no automaton: one hash lookup per text token.
//!
//! Rules kept from the glossary plugins this replaces: all-caps acronyms (`API`, `CI/CD`)
//! match only with their case; English plural and possessive forms are recognised
//! (`LLMs`, `pod's`, `users'`); the longest mention wins where they overlap (`Pod
//! Disruption Budget` over `Pod`). Offsets are UTF-16 code units, ready for `Text.splitText`.
//!
//! Why hand-written: aho-corasick costs ~55 kB of wasm and brings its own notion of
//! words and case. `tests/autolink_diff.rs` and the `autolink` fuzz target check this
//! matcher against aho-corasick on the text both define the same way.

use std::collections::HashMap;

use crate::search::text::{self, Token};
use crate::util::{from, sub, upto};

/// A mention: `[start, end)` in UTF-16 units of the text, and the term it names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mention {
    pub start: u32,
    pub end: u32,
    pub term: u32,
}

/// All-caps names (`API`, `CI/CD`, `LLM`) are matched with their case.
fn is_acronym(name: &str) -> bool {
    let mut letters = name.chars().filter(|c| c.is_alphabetic()).peekable();
    letters.peek().is_some()
        && name.chars().filter(|c| c.is_alphabetic()).count() <= 8
        && letters.all(|c| c.is_uppercase())
}

/// Endings accepted after a name (longest first).
const ENDINGS: &[&str] = &["es'", "es’", "'s", "’s", "s'", "s’", "es", "s"];

/// What lies between two tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Gap {
    /// Nothing (`ab`), or the tokens overlap (bigrams of an unspaced script).
    Joined,
    /// White space of any kind and length.
    Space,
    /// Anything else, folded (`-`, `/`, `, `).
    Literal(String),
}

fn gap(s: &str, a: &Token, b: &Token) -> Gap {
    if b.start <= a.end {
        return Gap::Joined;
    }
    let between = sub(s, a.end, b.start);
    if between.chars().all(char::is_whitespace) {
        Gap::Space
    } else {
        // White space inside the punctuation counts as one space, but it counts (`b +-/a` ≠ `b+-/a`).
        let mut collapsed = String::with_capacity(between.len());
        for c in between.chars() {
            if !c.is_whitespace() {
                collapsed.push(c);
            } else if !collapsed.ends_with(' ') {
                collapsed.push(' ');
            }
        }
        Gap::Literal(text::fold(&collapsed))
    }
}

struct Name {
    term: u32,
    tokens: Vec<String>,
    gaps: Vec<Gap>,
    /// The name as written, when it must match with its case.
    acronym: Option<String>,
    /// Plural and possessive endings may follow (the name ends in a letter of a spaced script).
    endings: bool,
    /// What the name has before its first token and after its last (`.NET`, `C++`), folded.
    lead: String,
    trail: String,
}

impl Name {
    /// What the name matches, as one string: tokens, the kind of each gap, lead and trail.
    fn key(&self) -> String {
        let mut k = self.lead.clone();
        for (j, t) in self.tokens.iter().enumerate() {
            match j.checked_sub(1).and_then(|g| self.gaps.get(g)) {
                Some(Gap::Space) => k.push('\u{1}'),
                Some(Gap::Joined) => k.push('\u{2}'),
                Some(Gap::Literal(l)) => {
                    k.push('\u{3}');
                    k.push_str(l);
                    k.push('\u{3}');
                }
                None => k.push('\u{4}'),
            }
            k.push_str(t);
        }
        k.push('\u{4}');
        k.push_str(&self.trail);
        k
    }
}

/// The matcher for one glossary.
#[derive(Default)]
pub struct Autolinker {
    names: Vec<Name>,
    /// First token → names starting with it, longest first.
    by_first: HashMap<String, Vec<u32>>,
}

/// Names processed per [`Builder::step`]: a large glossary's matcher is built between frames.
const PART: usize = 2500;

/// Builds an [`Autolinker`] a slice of names at a time.
pub struct Builder {
    pending: std::vec::IntoIter<(u32, String)>,
    done: Autolinker,
    seen: std::collections::HashSet<String>,
}

impl Builder {
    /// Takes `(term number, name)` pairs. Names shorter than two characters are
    /// ignored; when two terms share a name, the first keeps it.
    pub fn new<'a>(names: impl IntoIterator<Item = (u32, &'a str)>) -> Builder {
        let pending: Vec<(u32, String)> = names.into_iter().map(|(t, n)| (t, n.trim().to_owned())).collect();
        Builder { pending: pending.into_iter(), done: Autolinker::default(), seen: Default::default() }
    }

    /// Adds the next slice of names; `true` when all are in.
    pub fn step(&mut self) -> bool {
        for _ in 0..PART {
            let Some((term, name)) = self.pending.next() else {
                self.sort();
                return true;
            };
            self.add(term, &name);
        }
        false
    }

    fn add(&mut self, term: u32, name: &str) {
        if name.chars().count() < 2 || !name.chars().any(char::is_alphanumeric) {
            return;
        }
        let toks = text::parts(name);
        let (Some(first), Some(last)) = (toks.first(), toks.last()) else { return };
        let acronym = is_acronym(name);
        let gaps = toks.windows(2).map(|w| if let [a, b] = w { gap(name, a, b) } else { Gap::Joined }).collect();
        let tail = upto(name, last.end).chars().next_back();
        let n = Name {
            term,
            tokens: toks.iter().map(|t| t.text.clone()).collect(),
            gaps,
            acronym: acronym.then(|| name.to_owned()),
            endings: tail.is_some_and(|c| c.is_alphabetic() && !text::is_cjk(c)) && from(name, last.end).is_empty(),
            lead: text::fold(upto(name, first.start)),
            trail: text::fold(from(name, last.end)),
        };
        // Two names are the same when they match the same text: `b/a` and `b+-/a` are not.
        let key = n.acronym.clone().unwrap_or_else(|| n.key());
        if !self.seen.insert(key) {
            return;
        }
        let id = self.done.names.len() as u32;
        self.done.by_first.entry(n.tokens.first().cloned().unwrap_or_default()).or_default().push(id);
        self.done.names.push(n);
    }

    fn sort(&mut self) {
        let names = &self.done.names;
        for list in self.done.by_first.values_mut() {
            // Longest first; at equal length an acronym, whose case must match, before a
            // name of any case (`0AA` the acronym wins its own spelling over `0aa`).
            crate::util::sort_by(list, |a, b| {
                let len = |i: &u32| names.get(*i as usize).map_or(0, |n| n.tokens.len());
                let acronym = |i: &u32| names.get(*i as usize).is_some_and(|n| n.acronym.is_some());
                len(b).cmp(&len(a)).then(acronym(b).cmp(&acronym(a))).then(a.cmp(b))
            });
        }
    }

    pub fn finish(mut self) -> Autolinker {
        while !self.step() {}
        self.done
    }
}

/// The part of token `t` before a plural ending `s`/`es` (`llms` → `llm`), if it has one.
fn singulars(t: &str) -> impl Iterator<Item = &str> {
    ["es", "s"].into_iter().filter_map(move |e| t.strip_suffix(e)).filter(|s| !s.is_empty())
}

impl Autolinker {
    /// Builds the matcher in one go (see [`Builder`] to build it in steps).
    pub fn new<'a>(names: impl IntoIterator<Item = (u32, &'a str)>) -> Autolinker {
        Builder::new(names).finish()
    }

    /// Every mention in `text`, leftmost first, longest where they overlap.
    pub fn find(&self, text: &str) -> Vec<Mention> {
        let toks = text::parts(text);
        let mut chosen: Vec<(usize, usize, u32)> = Vec::new();
        let mut i = 0;
        let mut done = 0; // byte end of the last mention: the next may not start before it
        while i < toks.len() {
            crate::limits::work::tick(1);
            match self.match_at(text, &toks, i, done) {
                Some((end_tok, start, end, term)) => {
                    chosen.push((start, end, term));
                    done = end;
                    // Go on after the mention (its ending may have covered a token).
                    let rest = toks.get(end_tok..).unwrap_or_default();
                    i = end_tok + rest.iter().position(|t| t.start >= end).unwrap_or(rest.len());
                }
                None => i += 1,
            }
        }
        utf16(text, chosen)
    }

    /// The longest name starting at token `i`: (index after its last token, byte start, byte end, term).
    fn match_at(&self, s: &str, toks: &[Token], i: usize, done: usize) -> Option<(usize, usize, usize, u32)> {
        let first = toks.get(i)?;
        let exact = self.by_first.get(&first.text).into_iter().flatten().map(|&n| (n, false));
        let plural = singulars(&first.text).filter_map(|t| self.by_first.get(t)).flatten().map(|&n| (n, true));
        // Leftmost, then longest (`+-a/` over `a/`, `b+-/a/+` over `b+-/a`); at equal spans, the
        // first in `by_first` order (more tokens, then acronyms, then glossary order). A
        // name's leading punctuation may not reach back into the previous mention.
        let mut best: Option<(usize, usize, usize, u32)> = None;
        for (id, plural_first) in exact.chain(plural) {
            let Some(name) = self.names.get(id as usize) else { continue };
            if let Some(m) = self.matches(s, toks, i, name, plural_first).filter(|m| m.1 >= done) {
                if best.is_none_or(|b| m.1 < b.1 || (m.1 == b.1 && m.2 > b.2)) {
                    best = Some(m);
                }
            }
        }
        best
    }

    fn matches(
        &self,
        s: &str,
        toks: &[Token],
        i: usize,
        name: &Name,
        plural_first: bool,
    ) -> Option<(usize, usize, usize, u32)> {
        let k = name.tokens.len();
        let span = toks.get(i..i + k)?;
        let mut fused_plural = false;
        for (j, (t, want)) in span.iter().zip(&name.tokens).enumerate() {
            let last = j + 1 == k;
            if t.text == *want && !(j == 0 && plural_first) {
                continue;
            }
            // Only the last token may carry a plural ending (`models` for `model`).
            if last && name.endings && singulars(&t.text).any(|x| x == want) {
                fused_plural = true;
                continue;
            }
            return None;
        }
        for (j, g) in name.gaps.iter().enumerate() {
            let (Some(a), Some(b)) = (span.get(j), span.get(j + 1)) else { return None };
            if gap(s, a, b) != *g {
                return None;
            }
        }
        let (first, last) = (span.first()?, span.last()?);
        // The name's own leading and trailing punctuation (`.NET`, `C++`) must be there too.
        let start =
            first.start.checked_sub(name.lead.len()).filter(|&st| text::fold(sub(s, st, first.start)) == name.lead)?;
        let mut end = last.end;
        if !name.trail.is_empty() {
            let after = sub(s, end, end + name.trail.len());
            if text::fold(after) != name.trail {
                return None;
            }
            end += name.trail.len();
        }
        if let Some(a) = &name.acronym {
            // With its case: the text as written, minus a plural ending.
            let written = sub(s, start, end);
            if written != a && !(fused_plural && ENDINGS.iter().any(|e| written.strip_suffix(e) == Some(a.as_str()))) {
                return None;
            }
        }
        let word = |c: char| c.is_alphanumeric() || c == '_';
        let word_at = |at: usize| from(s, at).chars().next().is_some_and(word);
        if name.endings && !fused_plural {
            // `pod's`, `users'`: an ending right after the name.
            let rest = from(s, end);
            if let Some(e) = ENDINGS.iter().find(|e| rest.starts_with(**e) && !word_at(end + e.len())) {
                end += e.len();
            }
        } else if fused_plural {
            // `pods'`: an apostrophe closing the plural.
            let rest = from(s, end);
            if let Some(q) = ["'", "’"].iter().find(|q| rest.starts_with(**q) && !word_at(end + q.len())) {
                end += q.len();
            }
        }
        // …and ends on one (unless it is in an unspaced script).
        if word_at(end) && !last.text.chars().next_back().is_some_and(text::is_cjk) {
            return None;
        }
        let before = upto(s, start).chars().next_back();
        if before.is_some_and(word) && !first.text.chars().next().is_some_and(text::is_cjk) {
            return None;
        }
        Some((i + k, start, end, name.term))
    }
}

/// Byte offsets → UTF-16 offsets, in one pass.
fn utf16(text: &str, chosen: Vec<(usize, usize, u32)>) -> Vec<Mention> {
    let mut out = Vec::with_capacity(chosen.len());
    let mut units = 0u32;
    let mut byte = 0usize;
    let mut at = |target: usize| -> u32 {
        for c in sub(text, byte, target).chars() {
            units += c.len_utf16() as u32;
        }
        byte = target.max(byte);
        units
    };
    for (s, e, t) in chosen {
        let start = at(s);
        let end = at(e);
        out.push(Mention { start, end, term: t });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn linker() -> Autolinker {
        Autolinker::new([
            (0, "Pod"),
            (1, "Pod Disruption Budget"),
            (2, "LLM"),
            (2, "Large Language Model"),
            (3, "API"),
            (4, "Token"),
            (5, "日本語"),
            (6, "Café"),
            (7, "CI/CD"),
            (8, "kube-apiserver"),
            (9, "C++"),
            (10, ".NET"),
        ])
    }

    fn found(text: &str) -> Vec<(String, u32)> {
        let utf16: Vec<u16> = text.encode_utf16().collect();
        linker()
            .find(text)
            .into_iter()
            .map(|m| (String::from_utf16(&utf16[m.start as usize..m.end as usize]).unwrap(), m.term))
            .collect()
    }

    #[test]
    fn longest_first_and_boundaries() {
        assert_eq!(
            found("A Pod Disruption Budget limits pods."),
            [("Pod Disruption Budget".into(), 1), ("pods".into(), 0)]
        );
        assert_eq!(found("Podcast and tripod are not pods' names"), [("pods'".into(), 0)]);
        assert_eq!(found("tokens, Token's, TOKEN"), [("tokens".into(), 4), ("Token's".into(), 4), ("TOKEN".into(), 4)]);
        // Line breaks inside a name are white space like any other.
        assert_eq!(found("a Pod\n  Disruption Budget"), [("Pod\n  Disruption Budget".into(), 1)]);
        // Punctuation must be the name's own.
        assert_eq!(found("Pod, Disruption Budget"), [("Pod".into(), 0)]);
        assert_eq!(found("the kube-apiserver and kube apiserver"), [("kube-apiserver".into(), 8)]);
        // Names with the same words but different punctuation are different names.
        let l = Autolinker::new([(0, "b/a"), (1, "b+-/a")]);
        assert_eq!(l.find("b+-/a and b/a").iter().map(|m| m.term).collect::<Vec<_>>(), [1, 0]);
        // Space inside the punctuation is part of it; an acronym wins its own spelling.
        let l = Autolinker::new([(0, "b +-/a"), (1, "0aa"), (2, "0AA")]);
        assert_eq!(l.find("b+-/a, b +-/a, 0aa, 0AA").iter().map(|m| m.term).collect::<Vec<_>>(), [0, 1, 2]);
    }

    #[test]
    fn acronyms_keep_their_case() {
        assert_eq!(found("LLMs use an API; an api or llm is not matched"), [("LLMs".into(), 2), ("API".into(), 3)]);
        assert_eq!(found("large language models"), [("large language models".into(), 2)]);
        assert_eq!(found("CI/CD and ci/cd"), [("CI/CD".into(), 7)]);
        assert_eq!(found("C++ is not C; .NET is not NET"), [("C++".into(), 9), (".NET".into(), 10)]);
    }

    #[test]
    fn cjk_accents_and_utf16_offsets() {
        assert_eq!(found("これは日本語です"), [("日本語".into(), 5)]);
        // Offsets count UTF-16 units (the emoji is two); accents fold like in search.
        assert_eq!(found("😀 a café, a CAFE"), [("café".into(), 6), ("CAFE".into(), 6)]);
    }
}
