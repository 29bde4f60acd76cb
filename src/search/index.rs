//! The search index: documents, a sorted vocabulary, and compressed postings.
//!
//! Postings are varint-encoded per word: `doc delta << 1 | plain`, then — unless the
//! posting is "plain" (once, in the body only: most of them) — a field byte and (when
//! the word occurs more than once in the description/body) its count. Fields
//! carry weights so that title/acronym/alias matches outrank description, which
//! outranks body (BM25F).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::text;
use crate::ast::Node;
use crate::content::{Kind, Term};

/// Field bits in a posting.
pub mod field {
    pub const TITLE: u8 = 1;
    pub const ACRONYM: u8 = 2;
    pub const ALIAS: u8 = 4;
    pub const CATEGORY: u8 = 8;
    pub const DESCRIPTION: u8 = 16;
    pub const BODY: u8 = 32;
    pub const TAG: u8 = 64;
    /// Set when a count follows.
    pub const COUNT: u8 = 128;

    pub const NAMES: [(u8, &str); 7] = [
        (TITLE, "title"),
        (ACRONYM, "acronym"),
        (ALIAS, "aliases"),
        (CATEGORY, "category"),
        (DESCRIPTION, "description"),
        (BODY, "body"),
        (TAG, "tags"),
    ];

    /// BM25F weight of each field.
    pub fn weight(bit: u8) -> f32 {
        match bit {
            TITLE => 10.0,
            ACRONYM | ALIAS => 8.0,
            DESCRIPTION => 3.0,
            CATEGORY | TAG => 2.0,
            _ => 1.0,
        }
    }
}

/// BM25 parameters.
pub(crate) const K1: f32 = 1.2;
pub(crate) const B: f32 = 0.75;

/// Weighted term frequency contributed by each combination of the name-like field bits
/// (the body contributes its occurrence count instead).
// Evaluated at compile time: an out-of-range index would be a build error, not a panic.
#[allow(clippy::indexing_slicing)]
pub(crate) static FIELD_TF: [f32; 128] = {
    let mut t = [0.0f32; 128];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        let mut v = 0.0;
        if b & field::TITLE != 0 {
            v += 10.0;
        }
        if b & field::ACRONYM != 0 {
            v += 8.0;
        }
        if b & field::ALIAS != 0 {
            v += 8.0;
        }
        if b & field::DESCRIPTION != 0 {
            v += 3.0;
        }
        if b & field::CATEGORY != 0 {
            v += 2.0;
        }
        if b & field::TAG != 0 {
            v += 2.0;
        }
        t[i] = v;
        i += 1;
    }
    t
};

/// What the index keeps about each term for results and snippets.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Doc {
    pub id: String,
    pub slug: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acronym: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub difficulty: Option<String>,
    pub letter: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    pub description: String,
    /// Start of the body text (for snippets when only the body matches).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub body: String,
}

/// How much body text each document keeps for snippets.
pub const BODY_SNIPPET_CHARS: usize = 600;

/// The searchable index.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Index {
    pub(crate) docs: Vec<Doc>,
    /// Sorted, unique folded words.
    pub(crate) vocab: Vec<Box<str>>,
    /// Document frequency per word.
    pub(crate) df: Vec<u32>,
    /// Byte offsets of each word's postings in `postings` (`vocab.len() + 1` entries).
    pub(crate) offsets: Vec<u32>,
    pub(crate) postings: Vec<u8>,
    /// Weighted length of each document (BM25 length normalisation).
    pub(crate) lengths: Vec<u16>,
    /// Folded title / acronym / alias strings of each doc (exact-match boosts), derived on load.
    pub(crate) names: Vec<Names>,
    /// BM25 length normalisation per doc, `K1 * (1 - B + B * len / avg)`, derived on load.
    pub(crate) norms: Vec<f32>,
    /// The vocabulary as a trie (typo-tolerant matching), derived on load.
    /// (Shared: a chunked index's scoring view reuses its vocabulary view's.) Indexes that
    /// share a trie have the same `vocab`, `df` and `name_words`: whatever changes those
    /// builds a new trie (query expansions are cached by it, see `query::Scratch`).
    pub(crate) trie: std::rc::Rc<super::fuzzy::Trie>,
    /// Words that occur in some term's title, acronym or aliases, derived on load.
    pub(crate) name_words: Vec<bool>,
    /// For each word, the documents that have it in their names (`name_offsets` indexes
    /// `name_docs`): what one- and two-letter queries search, derived on load.
    pub(crate) name_offsets: Vec<u32>,
    pub(crate) name_docs: Vec<u32>,
}

/// Folded forms of a document's names, for exact-match ranking.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Names {
    pub title: String,
    pub others: Vec<String>,
    /// The same names as vocabulary word numbers (`u32::MAX` for words not in the vocabulary).
    pub title_ids: Vec<u32>,
    pub others_ids: Vec<Vec<u32>>,
}

/// What a query needs of the documents, wherever they are kept: all of them in an
/// [`Index`], or the shards loaded so far of a chunked index
/// ([`crate::search::chunked`]).
pub(crate) trait DocSource {
    /// How many documents the index has.
    fn ndocs(&self) -> usize;
    /// The BM25 length normalisation of every document, by number (a slice, so the
    /// scoring loop reads it directly rather than through a call per posting).
    fn norms(&self) -> &[f32];
    /// Category and difficulty of document `d` (the filters).
    fn facets(&self, d: usize) -> (Option<&str>, Option<&str>);
    /// Document `d`, if it is at hand.
    fn doc(&self, d: usize) -> Option<&Doc>;
    /// The folded names of document `d`, with word numbers of `words`' vocabulary.
    fn names(&self, words: &Index, d: usize) -> Option<std::borrow::Cow<'_, Names>>;
}

impl DocSource for Index {
    fn ndocs(&self) -> usize {
        self.docs.len()
    }
    fn norms(&self) -> &[f32] {
        &self.norms
    }
    fn facets(&self, d: usize) -> (Option<&str>, Option<&str>) {
        self.docs.get(d).map_or((None, None), |doc| (doc.category.as_deref(), doc.difficulty.as_deref()))
    }
    fn doc(&self, d: usize) -> Option<&Doc> {
        self.docs.get(d)
    }
    fn names(&self, _words: &Index, d: usize) -> Option<std::borrow::Cow<'_, Names>> {
        self.names.get(d).map(std::borrow::Cow::Borrowed)
    }
}

pub(crate) fn put_varint(out: &mut Vec<u8>, mut v: u32) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Reads a varint; `None` at the end of the data or on an overlong encoding.
pub(crate) fn get_varint(data: &[u8], pos: &mut usize) -> Option<u32> {
    let mut v: u32 = 0;
    for shift in (0..35).step_by(7) {
        let b = *data.get(*pos)?;
        *pos += 1;
        v |= ((b & 0x7f) as u32).checked_shl(shift)?;
        if b & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

/// One posting: document, fields it occurs in, and its description/body count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Posting {
    pub doc: u32,
    pub fields: u8,
    pub count: u32,
}

/// Iterates over the postings of one word.
pub struct Postings<'a> {
    data: &'a [u8],
    pos: usize,
    doc: u32,
    first: bool,
}

/// Where a [`Postings`] iteration stopped, to resume it later (incremental loading).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Cursor {
    pos: usize,
    doc: u32,
    first: bool,
}

impl<'a> Postings<'a> {
    /// The postings encoded in `data` (one word's list).
    pub(crate) fn over(data: &'a [u8]) -> Postings<'a> {
        Postings { data, pos: 0, doc: 0, first: true }
    }

    /// Bytes read so far.
    pub(crate) fn cursor_pos(&self) -> usize {
        self.pos
    }

    /// Where the iteration is now.
    pub(crate) fn cursor(&self) -> Cursor {
        Cursor { pos: self.pos, doc: self.doc, first: self.first }
    }
}

impl Iterator for Postings<'_> {
    type Item = Posting;
    fn next(&mut self) -> Option<Posting> {
        // `delta << 1 | plain`: a plain posting is "once, in the body only" (most of them) and
        // needs no field byte.
        let v = get_varint(self.data, &mut self.pos)?;
        let delta = v >> 1;
        self.doc = if self.first { delta } else { self.doc.checked_add(delta)? };
        self.first = false;
        if v & 1 == 1 {
            return Some(Posting { doc: self.doc, fields: field::BODY, count: 1 });
        }
        let f = *self.data.get(self.pos)?;
        self.pos += 1;
        let count = if f & field::COUNT != 0 { get_varint(self.data, &mut self.pos)? } else { 1 };
        Some(Posting { doc: self.doc, fields: f & !field::COUNT, count })
    }
}

impl Index {
    pub fn len(&self) -> usize {
        self.docs.len()
    }
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }
    pub fn docs(&self) -> &[Doc] {
        &self.docs
    }
    pub fn doc(&self, i: usize) -> Option<&Doc> {
        self.docs.get(i)
    }
    pub fn vocab_len(&self) -> usize {
        self.vocab.len()
    }

    pub(crate) fn postings(&self, word: u32) -> Postings<'_> {
        let w = word as usize;
        let data = match (self.offsets.get(w), self.offsets.get(w + 1)) {
            (Some(&a), Some(&b)) => self.postings.get(a as usize..b as usize).unwrap_or_default(),
            _ => &[],
        };
        Postings { data, pos: 0, doc: 0, first: true }
    }

    /// The postings of `word` from `at` on (a [`Postings::cursor`] of the same word).
    pub(crate) fn postings_from(&self, word: u32, at: Cursor) -> Postings<'_> {
        let Postings { data, .. } = self.postings(word);
        Postings { data, pos: at.pos, doc: at.doc, first: at.first }
    }

    /// Index of `word` in the vocabulary.
    pub(crate) fn find(&self, word: &str) -> Option<u32> {
        self.vocab.binary_search_by(|w| (**w).cmp(word)).ok().map(|i| i as u32)
    }

    /// The range of vocabulary words starting with `prefix`.
    pub(crate) fn prefix_range(&self, prefix: &str) -> std::ops::Range<usize> {
        let lo = self.vocab.partition_point(|w| &**w < prefix);
        let hi = lo + self.vocab.get(lo..).unwrap_or_default().partition_point(|w| w.starts_with(prefix));
        lo..hi
    }

    /// Recomputes the derived tables (folded names, average length) after building or loading.
    pub(crate) fn derive(&mut self) {
        self.names.clear();
        self.derive_names(0..self.docs.len());
        self.derive_rest();
    }

    /// Folded names of documents `range` (appended; ranges must come in order).
    pub(crate) fn derive_names(&mut self, range: std::ops::Range<usize>) {
        let names: Vec<Names> = self.docs.get(range).unwrap_or_default().iter().map(|d| self.names_of(d)).collect();
        self.names.extend(names);
    }

    /// Document `d`'s folded names, with this index's word numbers.
    pub(crate) fn names_of(&self, d: &Doc) -> Names {
        let ids = |words: &[String]| -> Vec<u32> { words.iter().map(|w| self.find(w).unwrap_or(u32::MAX)).collect() };
        let title = text::words(&d.title);
        let others: Vec<Vec<String>> =
            d.acronym.iter().chain(d.aliases.iter()).map(|a| text::words(a)).filter(|a| !a.is_empty()).collect();
        Names {
            title_ids: ids(&title),
            others_ids: others.iter().map(|o| ids(o)).collect(),
            title: title.join(" "),
            others: others.iter().map(|o| o.join(" ")).collect(),
        }
    }

    /// Length norms, the trie and the name-word postings (all at once; see [`Derive`]).
    pub(crate) fn derive_rest(&mut self) {
        let mut d = Derive::new(self);
        while !d.step(self, usize::MAX) {}
    }

    /// Documents with `word` in their names.
    pub(crate) fn name_postings(&self, word: u32) -> &[u32] {
        let w = word as usize;
        match (self.name_offsets.get(w), self.name_offsets.get(w + 1)) {
            (Some(&a), Some(&b)) => self.name_docs.get(a as usize..b as usize).unwrap_or_default(),
            _ => &[],
        }
    }
}

/// BM25 length normalisation of each document, `K1 * (1 - B + B * len / avg)`.
pub(crate) fn length_norms(lengths: &[u16]) -> Vec<f32> {
    let avg = match lengths.len() {
        0 => 1.0,
        n => (lengths.iter().map(|&l| l as f32).sum::<f32>() / n as f32).max(1.0),
    };
    lengths.iter().map(|&l| K1 * (1.0 - B + B * l as f32 / avg)).collect()
}

/// The word ids in a document's names, sorted and deduplicated.
fn name_words(n: &Names) -> Vec<u32> {
    let mut ws: Vec<u32> =
        n.title_ids.iter().chain(n.others_ids.iter().flatten()).copied().filter(|&w| w != u32::MAX).collect();
    crate::util::sort_by(&mut ws, |a, b| a.cmp(b));
    ws.dedup();
    ws
}

/// [`Index::derive_rest`] in bounded steps, so loading a 100 000-term index never
/// blocks a page for long: length norms, then the fuzzy trie, then the name-word
/// postings (counted, then filled).
pub(crate) struct Derive {
    trie: super::fuzzy::TrieBuilder,
    /// 0: trie, 1: counting name words, 2: filling name postings.
    stage: u8,
    next: usize,
    counts: Vec<u32>,
    fill: Vec<u32>,
    docs: Vec<u32>,
}

impl Derive {
    pub(crate) fn new(idx: &mut Index) -> Derive {
        idx.norms = length_norms(&idx.lengths);
        Derive {
            trie: Default::default(),
            stage: 0,
            next: 0,
            counts: vec![0u32; idx.vocab.len() + 1],
            fill: Vec::new(),
            docs: Vec::new(),
        }
    }

    /// Does about `budget` units of work; `true` once `idx` has all its derived tables.
    pub(crate) fn step(&mut self, idx: &mut Index, budget: usize) -> bool {
        let mut left = budget.max(1);
        loop {
            match self.stage {
                0 => {
                    if !self.trie.step(&idx.vocab, left) {
                        return false;
                    }
                    idx.trie = std::rc::Rc::new(std::mem::take(&mut self.trie).finish());
                    self.stage = 1;
                    return false;
                }
                1 | 2 => {
                    let end = self.next.saturating_add(left).min(idx.names.len());
                    for (d, names) in idx.names.iter().enumerate().take(end).skip(self.next) {
                        for w in name_words(names) {
                            let w = w as usize;
                            if self.stage == 1 {
                                if let Some(c) = self.counts.get_mut(w + 1) {
                                    *c += 1;
                                }
                            } else if let Some(f) = self.fill.get_mut(w) {
                                if let Some(slot) = self.docs.get_mut(*f as usize) {
                                    *slot = d as u32;
                                }
                                *f += 1;
                            }
                        }
                    }
                    left -= end - self.next;
                    self.next = end;
                    if self.next < idx.names.len() {
                        return false;
                    }
                    self.next = 0;
                    if self.stage == 1 {
                        let mut total = 0u32;
                        for c in self.counts.iter_mut() {
                            total = total.saturating_add(*c);
                            *c = total;
                        }
                        self.fill = self.counts.clone();
                        self.docs = vec![0u32; *self.counts.last().unwrap_or(&0) as usize];
                        self.stage = 2;
                    } else {
                        let counts = std::mem::take(&mut self.counts);
                        idx.name_words = counts.windows(2).map(|c| c.last() > c.first()).collect();
                        idx.name_offsets = counts;
                        idx.name_docs = std::mem::take(&mut self.docs);
                        return true;
                    }
                    if left == 0 {
                        return false;
                    }
                }
                _ => return true,
            }
        }
    }
}

/// Plain text of a body for indexing: prose only (code blocks and styles are skipped).
pub fn prose_text(nodes: &[Node], out: &mut String) {
    let mut stack: Vec<std::slice::Iter<'_, Node>> = vec![nodes.iter()];
    while let Some(top) = stack.last_mut() {
        match top.next() {
            None => {
                stack.pop();
            }
            Some(Node::Text(t)) => out.push_str(t),
            Some(Node::Element(e)) => {
                let tag = e.tag.to_ascii_lowercase();
                if matches!(tag.as_str(), "pre" | "style" | "script" | "template") || e.prop("__ignoreMap").is_some() {
                    continue;
                }
                if matches!(
                    tag.as_str(),
                    "p" | "li"
                        | "h1"
                        | "h2"
                        | "h3"
                        | "h4"
                        | "h5"
                        | "h6"
                        | "td"
                        | "th"
                        | "dt"
                        | "dd"
                        | "blockquote"
                        | "div"
                ) {
                    out.push(' ');
                }
                stack.push(e.children.iter());
            }
            Some(Node::Comment(_)) => {}
        }
    }
}

/// (doc, fields, count) before encoding.
type RawPosting = (u32, u8, u32);

/// Collects terms and builds an [`Index`].
#[derive(Default)]
pub struct Builder {
    docs: Vec<Doc>,
    /// word → (doc, fields, count) in insertion order
    words: HashMap<String, Vec<RawPosting>>,
    lengths: Vec<u16>,
}

impl Builder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a term (pages are indexed too, without glossary fields).
    pub fn add(&mut self, t: &Term) {
        let mut body = String::new();
        prose_text(&t.body.nodes, &mut body);
        let body = body.split_whitespace().collect::<Vec<_>>().join(" ");
        let description = t.description.clone().unwrap_or_default();
        let doc = Doc {
            id: t.id.clone(),
            slug: t.slug.clone(),
            title: t.title.clone(),
            acronym: t.acronym.clone().filter(|a| !a.is_empty()),
            aliases: t.aliases.clone(),
            category: if t.kind == Kind::Term { t.category.clone() } else { None },
            difficulty: t.difficulty.clone(),
            letter: t.index_letter(None),
            path: t.path.clone(),
            description: description.clone(),
            body: crate::content::clip(body.clone(), BODY_SNIPPET_CHARS),
        };
        let mut fields: Vec<(&str, u8)> = vec![(&t.title, field::TITLE)];
        if let Some(a) = t.acronym.as_deref().filter(|a| !a.is_empty()) {
            fields.push((a, field::ACRONYM));
        }
        for a in &t.aliases {
            fields.push((a, field::ALIAS));
        }
        if let Some(c) = &t.category {
            fields.push((c, field::CATEGORY));
        }
        for tag in &t.tags {
            fields.push((tag, field::TAG));
        }
        fields.push((&description, field::DESCRIPTION));
        fields.push((&body, field::BODY));
        self.add_doc(doc, &fields);
    }

    /// Adds a document with its fields' texts.
    pub fn add_doc(&mut self, doc: Doc, fields: &[(&str, u8)]) {
        let id = self.docs.len() as u32;
        let mut per: HashMap<String, (u8, u32)> = HashMap::new();
        let mut length = 0.0f32;
        let mut toks = Vec::new();
        for (text_, bit) in fields {
            toks.clear();
            text::tokens_into(text_, &mut toks);
            length += toks.len() as f32 * field::weight(*bit) / if *bit == field::BODY { 1.0 } else { 4.0 };
            for t in toks.drain(..) {
                if t.text.len() > 64 {
                    continue;
                }
                let e = per.entry(t.text).or_insert((0, 0));
                e.0 |= bit;
                if matches!(*bit, field::DESCRIPTION | field::BODY) {
                    e.1 += 1;
                }
            }
        }
        for (w, (f, c)) in per {
            self.words.entry(w).or_default().push((id, f, c.max(1)));
        }
        self.lengths.push(length.round().clamp(1.0, u16::MAX as f32) as u16);
        self.docs.push(doc);
    }

    pub fn finish(self) -> Index {
        let mut idx = Index { docs: self.docs, lengths: self.lengths, ..Default::default() };
        idx.offsets.push(0);
        let mut words: Vec<(String, Vec<RawPosting>)> = self.words.into_iter().collect();
        crate::util::sort_by(&mut words, |a, b| a.0.cmp(&b.0));
        for (w, list) in words {
            let mut prev = 0u32;
            for (n, (doc, f, c)) in list.iter().enumerate() {
                let delta = if n == 0 { *doc } else { doc - prev };
                prev = *doc;
                let plain = *f == field::BODY && *c == 1;
                put_varint(&mut idx.postings, delta << 1 | u32::from(plain));
                if plain {
                    continue;
                }
                if *c > 1 {
                    idx.postings.push(f | field::COUNT);
                    put_varint(&mut idx.postings, *c);
                } else {
                    idx.postings.push(*f);
                }
            }
            idx.df.push(list.len() as u32);
            idx.vocab.push(w.into_boxed_str());
            idx.offsets.push(idx.postings.len() as u32);
        }
        idx.derive();
        idx
    }
}
