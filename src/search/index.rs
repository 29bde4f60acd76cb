//! The search index: documents, a sorted vocabulary, and compressed postings.
//!
//! Postings are varint-encoded per word: `doc delta`, a field byte, and (when
//! the word occurs more than once in the description/body) its count. Fields
//! carry weights so that title/acronym/alias matches outrank description, which
//! outranks body (BM25F).

use std::collections::BTreeMap;

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
}

/// Folded forms of a document's names, for exact-match ranking.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Names {
    pub title: String,
    pub others: Vec<String>,
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

impl Iterator for Postings<'_> {
    type Item = Posting;
    fn next(&mut self) -> Option<Posting> {
        let delta = get_varint(self.data, &mut self.pos)?;
        self.doc = if self.first { delta } else { self.doc.checked_add(delta)? };
        self.first = false;
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
        let (a, b) = (self.offsets[w] as usize, self.offsets[w + 1] as usize);
        Postings { data: &self.postings[a..b], pos: 0, doc: 0, first: true }
    }

    /// Index of `word` in the vocabulary.
    pub(crate) fn find(&self, word: &str) -> Option<u32> {
        self.vocab.binary_search_by(|w| (**w).cmp(word)).ok().map(|i| i as u32)
    }

    /// The range of vocabulary words starting with `prefix`.
    pub(crate) fn prefix_range(&self, prefix: &str) -> std::ops::Range<usize> {
        let lo = self.vocab.partition_point(|w| &**w < prefix);
        let hi = lo + self.vocab[lo..].partition_point(|w| w.starts_with(prefix));
        lo..hi
    }

    /// Recomputes the derived tables (folded names, average length) after building or loading.
    pub(crate) fn derive(&mut self) {
        self.names = self
            .docs
            .iter()
            .map(|d| Names {
                title: text::words(&d.title).join(" "),
                others: d
                    .acronym
                    .iter()
                    .chain(d.aliases.iter())
                    .map(|a| text::words(a).join(" "))
                    .filter(|a| !a.is_empty())
                    .collect(),
            })
            .collect();
    }

    pub(crate) fn avg_len(&self) -> f32 {
        if self.lengths.is_empty() {
            return 1.0;
        }
        (self.lengths.iter().map(|&l| l as f32).sum::<f32>() / self.lengths.len() as f32).max(1.0)
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

/// Collects terms and builds an [`Index`].
#[derive(Default)]
pub struct Builder {
    docs: Vec<Doc>,
    /// word → (doc, fields, count) in insertion order
    words: BTreeMap<String, Vec<(u32, u8, u32)>>,
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
            letter: t.index_letter(),
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
        let mut per: BTreeMap<String, (u8, u32)> = BTreeMap::new();
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
        for (w, list) in self.words {
            let mut prev = 0u32;
            for (n, (doc, f, c)) in list.iter().enumerate() {
                put_varint(&mut idx.postings, if n == 0 { *doc } else { doc - prev });
                prev = *doc;
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
