//! aho-corasick reference for the token matcher (the matcher glossa used before), shared
//! by `tests/autolink_diff.rs` and the `autolink` fuzz target.
#![allow(dead_code)]

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// A mention: `[start, end)` in UTF-16 units of the text, and the term it names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mention {
    pub start: u32,
    pub end: u32,
    pub term: u32,
}

/// All-caps names (`API`, `CI/CD`, `LLM`) are matched with their case.
fn is_acronym(name: &str) -> bool {
    let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
    !letters.is_empty() && letters.len() <= 8 && letters.iter().all(|c| c.is_uppercase())
}

/// Endings accepted after a name (longest first).
const ENDINGS: &[&str] = &["es'", "es’", "'s", "’s", "s'", "s’", "es", "s"];

fn is_cjk(c: char) -> bool {
    glossa::search::text::is_cjk(c)
}

/// One automaton over a slice of the patterns.
struct Part {
    ac: AhoCorasick,
    /// Term of each pattern.
    terms: Vec<u32>,
    /// Pattern starts / ends with a CJK character (no word boundary needed there).
    open: Vec<(bool, bool)>,
}

/// The matcher for one glossary.
#[derive(Default)]
pub struct Autolinker {
    parts: Vec<Part>,
}

/// Patterns per automaton: small enough that building one takes a few milliseconds,
/// so a large glossary's matcher can be built between frames.
const PART: usize = 2500;

/// Builds an [`Autolinker`] one automaton at a time.
pub struct Builder {
    /// (pattern, term, case-insensitive)
    pending: Vec<(String, u32, bool)>,
    done: Autolinker,
}

impl Builder {
    /// Takes `(term number, name)` pairs. Names shorter than two characters are
    /// ignored; when two terms share a name, the first keeps it.
    pub fn new<'a>(names: impl IntoIterator<Item = (u32, &'a str)>) -> Builder {
        let mut pending = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (term, name) in names {
            let name = name.trim();
            if name.chars().count() < 2 || !name.chars().any(|c| c.is_alphanumeric()) {
                continue;
            }
            let acronym = is_acronym(name);
            let key = if acronym { name.to_owned() } else { name.to_ascii_lowercase() };
            if seen.insert(key) {
                // Plural and possessive endings are recognised after a match (see `find`),
                // not added as patterns: that keeps the automata small and quick to build.
                pending.push((name.to_owned(), term, !acronym));
            }
        }
        // Case-sensitive acronyms and case-insensitive names go to separate automata.
        glossa::util::sort_by_key(&mut pending, |p| !p.2);
        Builder { pending, done: Autolinker::default() }
    }

    /// Builds the next automaton; `true` when all are built.
    pub fn step(&mut self) -> bool {
        let Some(&(_, _, insensitive)) = self.pending.last() else { return true };
        let take = self.pending.iter().rev().take(PART).take_while(|p| p.2 == insensitive).count();
        let chunk: Vec<(String, u32, bool)> = self.pending.split_off(self.pending.len() - take);
        let built = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .ascii_case_insensitive(insensitive)
            .build(chunk.iter().map(|(p, _, _)| p.as_str()));
        if let Ok(ac) = built {
            self.done.parts.push(Part {
                ac,
                terms: chunk.iter().map(|(_, t, _)| *t).collect(),
                open: chunk
                    .iter()
                    .map(|(p, _, _)| (p.chars().next().is_some_and(is_cjk), p.chars().last().is_some_and(is_cjk)))
                    .collect(),
            });
        }
        self.pending.is_empty()
    }

    pub fn finish(mut self) -> Autolinker {
        while !self.step() {}
        self.done
    }
}

impl Autolinker {
    /// Builds the matcher in one go (see [`Builder`] to build it in steps).
    pub fn new<'a>(names: impl IntoIterator<Item = (u32, &'a str)>) -> Autolinker {
        Builder::new(names).finish()
    }

    /// Every mention in `text`, longest first where they overlap, left to right.
    pub fn find(&self, text: &str) -> Vec<Mention> {
        // (start byte, end byte, term)
        let mut all: Vec<(usize, usize, u32)> = Vec::new();
        use glossa::util::{from, sub, upto};
        let word_at = |at: usize| from(text, at).chars().next().is_some_and(|c| c.is_alphanumeric() || c == '_');
        let word_before =
            |at: usize| upto(text, at).chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_');
        for part in &self.parts {
            for m in part.ac.find_overlapping_iter(text) {
                let p = m.pattern().as_usize();
                let (Some(&open), Some(&term)) = (part.open.get(p), part.terms.get(p)) else { continue };
                let mut end = m.end();
                if !open.1 && upto(text, end).chars().next_back().is_some_and(|c| c.is_alphabetic()) {
                    // English plural / possessive: `LLMs`, `pod's`, `classes`, `users'`.
                    let rest = from(text, end);
                    if let Some(s) = ENDINGS.iter().find(|s| rest.starts_with(**s) && !word_at(end + s.len())) {
                        end += s.len();
                    }
                }
                if (open.0 || !word_before(m.start())) && (open.1 || !word_at(end)) {
                    all.push((m.start(), end, term));
                }
            }
        }
        if all.is_empty() {
            return Vec::new();
        }
        // Leftmost, then longest; then drop overlaps.
        glossa::util::sort_by(&mut all, |a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut chosen: Vec<(usize, usize, u32)> = Vec::new();
        for m in all {
            if chosen.last().is_some_and(|c| m.0 < c.1) {
                continue;
            }
            chosen.push(m);
        }
        // Byte offsets → UTF-16 offsets, in one pass.
        let mut out = Vec::with_capacity(chosen.len());
        let mut units = 0u32;
        let mut byte = 0usize;
        let at = |target: usize, units: &mut u32, byte: &mut usize| -> u32 {
            for c in sub(text, *byte, target).chars() {
                *units += c.len_utf16() as u32;
            }
            *byte = target;
            *units
        };
        for (s, e, t) in chosen {
            let start = at(s, &mut units, &mut byte);
            let end = at(e, &mut units, &mut byte);
            out.push(Mention { start, end, term: t });
        }
        out
    }
}

/// Text both matchers define the same way: ASCII (others become `?`), single spaces.
pub fn comparable(s: &str) -> String {
    let ascii: String = s.chars().map(|c| if c.is_ascii() { c } else { '?' }).collect();
    ascii.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first difference, in words.
pub fn describe(t: &str, ours: &[(u32, u32, u32)], theirs: &[(u32, u32, u32)]) -> String {
    let show = |v: &[(u32, u32, u32)]| -> Vec<String> {
        v.iter().map(|(s, e, term)| format!("{:?}#{term}", t.get(*s as usize..*e as usize).unwrap_or("?"))).collect()
    };
    let only_ours: Vec<_> = show(ours).into_iter().filter(|x| !show(theirs).contains(x)).take(4).collect();
    let only_theirs: Vec<_> = show(theirs).into_iter().filter(|x| !show(ours).contains(x)).take(4).collect();
    format!("tokens only {only_ours:?}, aho-corasick only {only_theirs:?} in {:?}…", t.get(..80).unwrap_or(t))
}

/// Bytes → names (lines before the last) and a text (the last line) over an alphabet of
/// letters, digits, spaces and name punctuation; both matchers must find the same mentions.
pub fn check(data: &[u8]) {
    const ALPHABET: &[u8] = b"abcdeABCDE01 -/'.+s";
    let mapped: String =
        data.iter().map(|b| if *b == b'\n' { '\n' } else { ALPHABET[*b as usize % ALPHABET.len()] as char }).collect();
    let mut lines: Vec<&str> = mapped.split('\n').collect();
    let text = comparable(lines.pop().unwrap_or(""));
    let names: Vec<(u32, String)> = lines.iter().take(32).enumerate().map(|(i, n)| (i as u32, comparable(n))).collect();
    let refs: Vec<(u32, &str)> = names.iter().map(|(i, n)| (*i, n.as_str())).collect();
    let ours: Vec<_> = glossa::autolink::Autolinker::new(refs.iter().copied())
        .find(&text)
        .into_iter()
        .map(|m| (m.start, m.end, m.term))
        .collect();
    let theirs: Vec<_> =
        Autolinker::new(refs.iter().copied()).find(&text).into_iter().map(|m| (m.start, m.end, m.term)).collect();
    assert_eq!(ours, theirs, "{}; names {names:?}", describe(&text, &ours, &theirs));
}
