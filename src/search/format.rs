//! The prebuilt index file: compact, versioned, checked on load.
//!
//! ```text
//! "GLSI" version:u8
//! tables: categories, difficulties (string lists; documents refer to them by number)
//! docs:   count, then per doc: id slug title acronym aliases… category# difficulty# letter path description body length
//! vocab:  count, then per word: shared-prefix length, suffix, document frequency, postings length
//! postings: the concatenated posting lists
//! ```
//! Integers are LEB128 varints, strings are length-prefixed UTF-8, the sorted
//! vocabulary is front-coded. A file from another version is refused with a
//! message naming both versions; corrupt or truncated files are errors, never panics.

use super::index::{get_varint, put_varint, Cursor, Derive, Doc, Index};
use crate::error::{Error, ErrorKind, Result};

pub const MAGIC: &[u8; 4] = b"GLSI";
pub const VERSION: u8 = 1;

pub(crate) fn put_str(out: &mut Vec<u8>, s: &str) {
    put_varint(out, s.len() as u32);
    out.extend_from_slice(s.as_bytes());
}

fn table_index(table: &mut Vec<String>, v: &Option<String>) -> u32 {
    match v {
        None => 0,
        Some(s) => match table.iter().position(|t| t == s) {
            Some(i) => i as u32 + 1,
            None => {
                table.push(s.clone());
                table.len() as u32
            }
        },
    }
}

/// Writes the category and difficulty tables; returns each document's numbers in them.
pub(crate) fn put_facets(out: &mut Vec<u8>, idx: &Index) -> Vec<(u32, u32)> {
    let (mut cats, mut diffs) = (Vec::new(), Vec::new());
    let refs: Vec<(u32, u32)> = idx
        .docs
        .iter()
        .map(|d| (table_index(&mut cats, &d.category), table_index(&mut diffs, &d.difficulty)))
        .collect();
    for table in [&cats, &diffs] {
        put_varint(out, table.len() as u32);
        for s in table {
            put_str(out, s);
        }
    }
    refs
}

/// Writes one document record (`facets`: its numbers in the facet tables).
pub(crate) fn put_doc(out: &mut Vec<u8>, d: &Doc, facets: (u32, u32), len: u16) {
    put_str(out, &d.id);
    put_str(out, if d.slug == d.id { "" } else { &d.slug });
    put_str(out, &d.title);
    put_str(out, d.acronym.as_deref().unwrap_or(""));
    put_varint(out, d.aliases.len() as u32);
    for a in &d.aliases {
        put_str(out, a);
    }
    put_varint(out, facets.0);
    put_varint(out, facets.1);
    put_str(out, &d.letter);
    put_str(out, d.path.as_deref().unwrap_or(""));
    put_str(out, &d.description);
    put_str(out, &d.body);
    put_varint(out, len as u32);
}

/// Writes one vocabulary entry, front-coded against `prev`.
pub(crate) fn put_word(out: &mut Vec<u8>, prev: &str, w: &str) {
    let shared = prev.bytes().zip(w.bytes()).take_while(|(a, b)| a == b).count();
    // Keep the split on a character boundary.
    let shared = (0..=shared).rev().find(|&n| w.is_char_boundary(n)).unwrap_or(0);
    put_varint(out, shared as u32);
    put_str(out, crate::util::from(w, shared));
}

/// Writes the index.
pub fn encode(idx: &Index) -> Vec<u8> {
    let mut out = Vec::with_capacity(idx.postings.len() * 2 + idx.docs.len() * 64);
    out.extend_from_slice(MAGIC);
    out.push(VERSION);
    let refs = put_facets(&mut out, idx);
    put_varint(&mut out, idx.docs.len() as u32);
    for ((d, r), len) in idx.docs.iter().zip(&refs).zip(&idx.lengths) {
        put_doc(&mut out, d, *r, *len);
    }
    put_varint(&mut out, idx.vocab.len() as u32);
    let mut prev: &str = "";
    let lens = idx.offsets.windows(2).map(|o| match o {
        [a, b] => b.saturating_sub(*a),
        _ => 0,
    });
    for ((w, df), postings) in idx.vocab.iter().zip(&idx.df).zip(lens) {
        put_word(&mut out, prev, w);
        put_varint(&mut out, *df);
        put_varint(&mut out, postings);
        prev = w;
    }
    out.extend_from_slice(&idx.postings);
    out
}

pub(crate) struct Reader<'a> {
    pub data: &'a [u8],
    pub pos: usize,
}

pub(crate) fn corrupt(what: &str, pos: usize) -> Error {
    Error::at_root(ErrorKind::Index(format!("search index is corrupt: {what} at byte {pos}")))
}

impl<'a> Reader<'a> {
    pub(crate) fn varint(&mut self, what: &str) -> Result<u32> {
        get_varint(self.data, &mut self.pos).ok_or_else(|| corrupt(what, self.pos))
    }
    pub(crate) fn count(&mut self, what: &str, min_bytes_each: usize) -> Result<usize> {
        let n = self.varint(what)? as usize;
        // Every item takes at least `min_bytes_each` bytes: a huge count in a small file is corrupt.
        if n.saturating_mul(min_bytes_each) > self.data.len() - self.pos.min(self.data.len()) {
            return Err(corrupt(what, self.pos));
        }
        Ok(n)
    }
    pub(crate) fn str(&mut self, what: &str) -> Result<&'a str> {
        let len = self.varint(what)? as usize;
        let end = self.pos.checked_add(len).filter(|&e| e <= self.data.len()).ok_or_else(|| corrupt(what, self.pos))?;
        let bytes = self.data.get(self.pos..end).ok_or_else(|| corrupt(what, self.pos))?;
        let s = std::str::from_utf8(bytes).map_err(|_| corrupt(what, self.pos))?;
        self.pos = end;
        Ok(s)
    }
    pub(crate) fn opt(&mut self, what: &str) -> Result<Option<String>> {
        Ok(Some(self.str(what)?).filter(|s| !s.is_empty()).map(str::to_owned))
    }
}

impl Reader<'_> {
    /// The category and difficulty tables.
    pub(crate) fn facets(&mut self) -> Result<[Vec<String>; 2]> {
        let mut tables: [Vec<String>; 2] = [Vec::new(), Vec::new()];
        for t in tables.iter_mut() {
            let n = self.count("table size", 1)?;
            for _ in 0..n {
                t.push(self.str("table entry")?.to_owned());
            }
        }
        Ok(tables)
    }

    /// A vocabulary entry front-coded against `prev`, which it must follow (when `ordered`).
    pub(crate) fn word(&mut self, prev: &str, ordered: bool) -> Result<String> {
        let shared = self.varint("shared prefix")? as usize;
        let suffix = self.str("word")?;
        if shared > prev.len() || !prev.is_char_boundary(shared) {
            return Err(corrupt("front coding", self.pos));
        }
        let mut w = String::with_capacity(shared + suffix.len());
        w.push_str(crate::util::upto(prev, shared));
        w.push_str(suffix);
        if ordered && w.as_str() <= prev {
            return Err(corrupt("vocabulary order", self.pos));
        }
        Ok(w)
    }

    /// One document record and its length (`tables`: the facet tables).
    pub(crate) fn doc(&mut self, tables: &[Vec<String>; 2]) -> Result<(Doc, u16)> {
        let id = self.str("id")?.to_owned();
        let slug = self.opt("slug")?.unwrap_or_else(|| id.clone());
        let title = self.str("title")?.to_owned();
        let acronym = self.opt("acronym")?;
        let na = self.count("alias count", 1)?;
        let mut aliases = Vec::with_capacity(na);
        for _ in 0..na {
            aliases.push(self.str("alias")?.to_owned());
        }
        let c = self.varint("category")?;
        let dv = self.varint("difficulty")?;
        let letter = self.str("letter")?.to_owned();
        let path = self.opt("path")?;
        let description = self.str("description")?.to_owned();
        let body = self.str("body")?.to_owned();
        let len = self.varint("length")?;
        let category = facet(tables, 0, c, self.pos)?.map(str::to_owned);
        let difficulty = facet(tables, 1, dv, self.pos)?.map(str::to_owned);
        let doc = Doc { id, slug, title, acronym, aliases, category, difficulty, letter, path, description, body };
        Ok((doc, len.min(u16::MAX as u32) as u16))
    }
}

/// Entry `i` of facet table `t` (0: none).
pub(crate) fn facet(tables: &[Vec<String>; 2], t: usize, i: u32, pos: usize) -> Result<Option<&str>> {
    match i {
        0 => Ok(None),
        i => {
            let table = tables.get(t).ok_or_else(|| corrupt("facet table", pos))?;
            table.get(i as usize - 1).map(|s| Some(s.as_str())).ok_or_else(|| corrupt("facet number", pos))
        }
    }
}

/// Reads an index written by [`encode`].
pub fn decode(data: &[u8]) -> Result<Index> {
    let mut l = Loader::new(data)?;
    while !l.step(usize::MAX)? {}
    Ok(l.into_index())
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Stage {
    Docs,
    Vocab,
    Postings,
    Names,
    Derive,
    Done,
}

/// Incremental decoding: [`Loader::step`] does a bounded amount of work, so a page
/// can load a 100 000-term index between frames without a long main-thread task.
pub struct Loader<'a> {
    r: Reader<'a>,
    stage: Stage,
    tables: [Vec<String>; 2],
    ndocs: usize,
    nvocab: usize,
    idx: Index,
    prev: String,
    total: u64,
    next: usize,
    derive: Option<Derive>,
    /// Work units done so far (items decoded, posting entries checked / 64, …).
    units: u64,
    /// A posting list checked part way: where to go on, the last document seen, entries so far.
    partial: Option<(Cursor, u32, u32)>,
}

impl<'a> Loader<'a> {
    /// Checks the header and reads the facet tables.
    pub fn new(data: &'a [u8]) -> Result<Loader<'a>> {
        let version = match data {
            [m0, m1, m2, m3, v, ..] if [*m0, *m1, *m2, *m3] == *MAGIC => *v,
            _ => return Err(Error::at_root(ErrorKind::Index("not a glossa search index (bad magic bytes)".into()))),
        };
        if version != VERSION {
            return Err(Error::at_root(ErrorKind::Index(format!(
                "search index format version {version} cannot be read by this glossa (it reads version {VERSION}); rebuild the index with `glossa build`"
            ))));
        }
        let mut r = Reader { data, pos: 5 };
        let tables = r.facets()?;
        let ndocs = r.count("document count", 12)?;
        let idx = Index { docs: Vec::with_capacity(ndocs), lengths: Vec::with_capacity(ndocs), ..Default::default() };
        Ok(Loader {
            r,
            stage: Stage::Docs,
            tables,
            ndocs,
            nvocab: 0,
            idx,
            prev: String::new(),
            total: 0,
            next: 0,
            derive: None,
            units: 0,
            partial: None,
        })
    }

    /// Work units done so far: [`Loader::step`]`(n)` does about `n` of them (one
    /// document, one word, a posting list per 64 entries, …).
    pub fn units(&self) -> u64 {
        self.units
    }

    /// Fraction done, 0 to 1.
    pub fn progress(&self) -> f32 {
        let (done, of) = match self.stage {
            Stage::Docs => (self.idx.docs.len(), self.ndocs * 4 + 1),
            Stage::Vocab => (self.ndocs + self.ndocs * self.idx.vocab.len() / self.nvocab.max(1), self.ndocs * 4 + 1),
            Stage::Postings => (self.ndocs * 2 + self.ndocs * self.next / self.nvocab.max(1), self.ndocs * 4 + 1),
            Stage::Names => (self.ndocs * 3 + self.next, self.ndocs * 4 + 1),
            Stage::Derive => (self.ndocs * 4, self.ndocs * 4 + 1),
            Stage::Done => (1, 1),
        };
        done as f32 / of.max(1) as f32
    }

    /// Decodes up to `budget` items (documents, words, …); returns `true` when the index is complete.
    pub fn step(&mut self, budget: usize) -> Result<bool> {
        let mut left = budget.max(1);
        while left > 0 {
            match self.stage {
                Stage::Docs => {
                    if self.idx.docs.len() == self.ndocs {
                        self.nvocab = self.r.count("vocabulary size", 4)?;
                        self.idx.vocab.reserve(self.nvocab);
                        self.idx.df.reserve(self.nvocab);
                        self.idx.offsets.reserve(self.nvocab + 1);
                        self.idx.offsets.push(0);
                        self.stage = Stage::Vocab;
                        continue;
                    }
                    self.doc()?;
                    left -= 1;
                    self.units = self.units.saturating_add(1);
                }
                Stage::Vocab => {
                    if self.idx.vocab.len() == self.nvocab {
                        let rest = self.r.data.get(self.r.pos..).unwrap_or_default();
                        if rest.len() as u64 != self.total {
                            return Err(corrupt(
                                &format!("postings ({} bytes, expected {})", rest.len(), self.total),
                                self.r.pos,
                            ));
                        }
                        self.idx.postings = rest.to_vec();
                        self.stage = Stage::Postings;
                        self.next = 0;
                        continue;
                    }
                    self.word()?;
                    left -= 1;
                    self.units = self.units.saturating_add(1);
                }
                Stage::Postings => {
                    // Postings must name existing documents, in increasing order.
                    if self.next == self.nvocab {
                        self.stage = Stage::Names;
                        self.next = 0;
                        continue;
                    }
                    // Long lists are checked over several steps: 64 entries per unit.
                    let w = self.next as u32;
                    let (mut it, mut last, mut count) = match self.partial.take() {
                        Some((at, last, count)) => (self.idx.postings_from(w, at), Some(last), count),
                        None => (self.idx.postings(w), None, 0u32),
                    };
                    // `1 + seen / 64 <= left`: never more units than this step has left.
                    let room = left.saturating_sub(1).saturating_mul(64).saturating_add(63);
                    let mut seen = 0usize;
                    let mut finished = true;
                    while seen < room {
                        let Some(p) = it.next() else { break };
                        if p.doc as usize >= self.ndocs || last.is_some_and(|l| p.doc <= l) {
                            return Err(corrupt("posting", self.r.pos));
                        }
                        last = Some(p.doc);
                        count += 1;
                        seen += 1;
                        if seen == room {
                            finished = false;
                        }
                    }
                    let cost = 1 + seen / 64;
                    left = left.saturating_sub(cost);
                    self.units = self.units.saturating_add(cost as u64);
                    if !finished {
                        let at = it.cursor();
                        self.partial = Some((at, last.unwrap_or(0), count));
                        continue;
                    }
                    if Some(&count) != self.idx.df.get(self.next) {
                        return Err(corrupt("document frequency", self.r.pos));
                    }
                    self.next += 1;
                }
                Stage::Names => {
                    let end = self.next.saturating_add(left).min(self.ndocs);
                    self.idx.derive_names(self.next..end);
                    left -= end - self.next;
                    self.units = self.units.saturating_add((end - self.next) as u64);
                    self.next = end;
                    if self.next == self.ndocs {
                        self.derive = Some(Derive::new(&mut self.idx));
                        self.stage = Stage::Derive;
                    }
                }
                Stage::Derive => {
                    let Some(d) = self.derive.as_mut() else { return Ok(true) };
                    if d.step(&mut self.idx, left) {
                        self.derive = None;
                        self.stage = Stage::Done;
                    }
                    self.units = self.units.saturating_add(left as u64);
                    left = 0;
                }
                Stage::Done => return Ok(true),
            }
        }
        Ok(self.stage == Stage::Done)
    }

    /// Decodes up to `budget` more documents and nothing else; `true` once all are read
    /// (for readers that need only the terms' names, see [`Loader::docs`]).
    pub fn step_docs(&mut self, budget: usize) -> Result<bool> {
        for _ in 0..budget.max(1) {
            if self.idx.docs.len() >= self.ndocs {
                return Ok(true);
            }
            self.doc()?;
            self.units = self.units.saturating_add(1);
        }
        Ok(self.idx.docs.len() >= self.ndocs)
    }

    /// The documents decoded so far.
    pub fn docs(&self) -> &[Doc] {
        &self.idx.docs
    }

    /// The decoded index (complete once [`Loader::step`] returned `true`).
    pub fn into_index(self) -> Index {
        self.idx
    }

    fn doc(&mut self) -> Result<()> {
        let (doc, len) = self.r.doc(&self.tables)?;
        self.idx.lengths.push(len);
        self.idx.docs.push(doc);
        Ok(())
    }

    fn word(&mut self) -> Result<()> {
        let r = &mut self.r;
        let w = r.word(&self.prev, !self.idx.vocab.is_empty())?;
        self.idx.df.push(r.varint("document frequency")?);
        self.total += r.varint("postings length")? as u64;
        if self.total > u32::MAX as u64 {
            return Err(corrupt("postings length", r.pos));
        }
        self.idx.offsets.push(self.total as u32);
        self.prev.clone_from(&w);
        self.idx.vocab.push(w.into_boxed_str());
        Ok(())
    }
}
