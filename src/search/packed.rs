//! [`Results`] packed for a JavaScript caller: one list of numbers and one text, which the
//! page turns into result objects (`src/web/js/results.js`). A result's fixed fields (id,
//! slug, title, acronym, category, difficulty, path) cross once per document: the caller
//! keeps them, and [`Sent`] remembers which it has. What crosses on each keystroke is then a
//! few numbers and the snippets' text — one string decode, no JSON to write or parse.
//!
//! ```text
//! nums: total, partial (0|1), suggestion length (-1: none), result count, then per result:
//!       doc, score, matched fields (bit i: field::NAMES[i]), fixed fields follow (0|1),
//!       [7 lengths when they follow; -1: absent], segment count, (length, mark 0|1) per segment
//! text: the suggestion, then per result its fixed fields (when they follow) and its
//!       segments' texts, one after the other
//! ```
//!
//! Lengths are in UTF-16 code units, as JavaScript's `String.prototype.slice` counts.

use super::index::field;
use super::query::{Results, SearchResult};

/// Which documents' fixed fields the caller has been sent (one bit per document number).
#[derive(Default)]
pub struct Sent(Vec<u64>);

impl Sent {
    fn take(&mut self, doc: u32) -> bool {
        let (word, bit) = ((doc / 64) as usize, doc % 64);
        if self.0.len() <= word {
            self.0.resize(word + 1, 0);
        }
        match self.0.get_mut(word) {
            Some(w) if *w & (1 << bit) == 0 => {
                *w |= 1 << bit;
                true
            }
            _ => false,
        }
    }
}

/// The numbers and the text of [the layout above](self).
#[derive(Debug, Default, PartialEq)]
pub struct Packed {
    pub nums: Vec<f64>,
    pub text: String,
}

impl Packed {
    fn str(&mut self, s: &str) {
        self.nums.push(utf16_len(s) as f64);
        self.text.push_str(s);
    }

    fn opt(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.str(s),
            None => self.nums.push(-1.0),
        }
    }

    fn result(&mut self, r: &SearchResult, sent: &mut Sent) {
        let matched = field::NAMES
            .iter()
            .enumerate()
            .filter(|(_, (_, name))| r.matched.contains(name))
            .fold(0u32, |m, (i, _)| m | 1 << i);
        self.nums.extend([f64::from(r.doc), f64::from(r.score), f64::from(matched)]);
        let fresh = sent.take(r.doc);
        self.nums.push(if fresh { 1.0 } else { 0.0 });
        if fresh {
            for s in [&r.id, &r.slug, &r.title] {
                self.str(s);
            }
            for s in [&r.acronym, &r.category, &r.difficulty, &r.path] {
                self.opt(s.as_deref());
            }
        }
        self.nums.push(r.snippet.len() as f64);
        for seg in &r.snippet {
            self.str(&seg.text);
            self.nums.push(if seg.mark { 1.0 } else { 0.0 });
        }
    }
}

/// Packs `r` for a caller that holds the fixed fields of the documents in `sent` (which
/// gains this answer's).
pub fn pack(r: &Results, sent: &mut Sent) -> Packed {
    let mut p = Packed::default();
    p.nums.extend([r.total as f64, if r.partial { 1.0 } else { 0.0 }]);
    p.opt(r.suggestion.as_deref());
    p.nums.push(r.results.len() as f64);
    for x in &r.results {
        p.result(x, sent);
    }
    p
}

/// The length of `s` in UTF-16 code units.
pub fn utf16_len(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().map(char::len_utf16).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::{SearchOptions, Segment};
    use crate::Term;

    /// What `results.js` does, in Rust: the packed form read back into results, with the
    /// fixed fields of documents sent before taken from `held`.
    fn unpack(p: &Packed, held: &mut std::collections::HashMap<u32, [Option<String>; 7]>) -> Results {
        let text: Vec<u16> = p.text.encode_utf16().collect();
        let (mut i, mut at) = (0, 0);
        let mut num = || {
            let n = p.nums[i];
            i += 1;
            n
        };
        let mut str = |n: f64| {
            (n >= 0.0).then(|| {
                let s = String::from_utf16(&text[at..at + n as usize]).unwrap();
                at += n as usize;
                s
            })
        };
        let total = num() as usize;
        let partial = num() == 1.0;
        let suggestion = str(num());
        let mut results = Vec::new();
        for _ in 0..num() as usize {
            let (doc, score, bits) = (num() as u32, num() as f32, num() as u32);
            if num() == 1.0 {
                let fixed = std::array::from_fn(|_| str(num()));
                held.insert(doc, fixed);
            }
            let [id, slug, title, acronym, category, difficulty, path] = held[&doc].clone();
            let matched =
                field::NAMES.iter().enumerate().filter(|(b, _)| bits & 1 << b != 0).map(|(_, n)| n.1).collect();
            let snippet = (0..num() as usize)
                .map(|_| {
                    let text = str(num()).unwrap();
                    Segment { text, mark: num() == 1.0 }
                })
                .collect();
            let (id, slug, title) = (id.unwrap(), slug.unwrap(), title.unwrap());
            results.push(SearchResult {
                doc,
                id,
                slug,
                title,
                score,
                matched,
                snippet,
                acronym,
                category,
                difficulty,
                path,
            });
        }
        assert_eq!((i, at), (p.nums.len(), text.len()), "every number and every character read");
        Results { results, total, partial, suggestion }
    }

    fn term(title: &str, acronym: Option<&str>, desc: &str) -> Term {
        Term {
            id: title.to_lowercase(),
            slug: title.to_lowercase().replace(' ', "-"),
            title: title.into(),
            acronym: acronym.map(Into::into),
            description: Some(desc.into()),
            category: Some("ai".into()),
            ..Default::default()
        }
    }

    #[test]
    fn packed_answers_read_back_as_they_were_and_fixed_fields_cross_once() {
        let idx = crate::search::build(&[
            term("Large Language Model", Some("LLM"), "A model that predicts the next token 🙂 of a text."),
            term("Bézier Curve", None, "Une courbe lisse définie par des points de contrôle."),
            term("日本語テスト", None, "これは日本語の説明です。"),
            term("Token", None, "A chunk of text — 𝒜 roughly three quarters of a word."),
        ]);
        let mut sent = Sent::default();
        let mut held = std::collections::HashMap::new();
        let queries = ["model", "courbe", "bezier", "日本語", "text", "token", "tokn", "zzzz qqq", "llm", "𝒜", "model"];
        let mut fresh_bytes = Vec::new();
        for q in queries {
            for opts in [SearchOptions::default(), SearchOptions { snippets: false, ..Default::default() }] {
                let r = idx.search(q, &opts);
                let p = pack(&r, &mut sent);
                assert_eq!(unpack(&p, &mut held), r, "{q:?}");
                fresh_bytes.push((p.text.len(), pack(&r, &mut Sent::default()).text.len()));
            }
        }
        // Once a document's fixed fields were sent, its answers carry only numbers and snippets.
        let r = idx.search("model", &SearchOptions { snippets: false, ..Default::default() });
        assert!(!r.results.is_empty());
        let p = pack(&r, &mut sent);
        assert_eq!(p.text, "", "nothing but numbers for documents already sent");
        assert!(fresh_bytes.iter().any(|(sent_before, fresh)| sent_before < fresh));
        // A suggestion crosses too.
        let opts = SearchOptions { fuzzy: false, ..Default::default() };
        let r = idx.search("toekn", &opts);
        assert_eq!(r.suggestion.as_deref(), Some("token"));
        assert_eq!(unpack(&pack(&r, &mut sent), &mut held), r);
    }

    #[test]
    fn utf16_lengths() {
        for s in ["", "abc", "é", "日本", "🙂", "a🙂é𝒜"] {
            assert_eq!(utf16_len(s), s.encode_utf16().count(), "{s:?}");
        }
    }
}
