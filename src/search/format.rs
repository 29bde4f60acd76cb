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

use super::index::{get_varint, put_varint, Doc, Index};
use crate::error::{Error, ErrorKind, Result};

pub const MAGIC: &[u8; 4] = b"GLSI";
pub const VERSION: u8 = 1;

fn put_str(out: &mut Vec<u8>, s: &str) {
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

/// Writes the index.
pub fn encode(idx: &Index) -> Vec<u8> {
    let mut out = Vec::with_capacity(idx.postings.len() * 2 + idx.docs.len() * 64);
    out.extend_from_slice(MAGIC);
    out.push(VERSION);
    let (mut cats, mut diffs) = (Vec::new(), Vec::new());
    let refs: Vec<(u32, u32)> = idx
        .docs
        .iter()
        .map(|d| (table_index(&mut cats, &d.category), table_index(&mut diffs, &d.difficulty)))
        .collect();
    for table in [&cats, &diffs] {
        put_varint(&mut out, table.len() as u32);
        for s in table {
            put_str(&mut out, s);
        }
    }
    put_varint(&mut out, idx.docs.len() as u32);
    for (i, d) in idx.docs.iter().enumerate() {
        put_str(&mut out, &d.id);
        put_str(&mut out, if d.slug == d.id { "" } else { &d.slug });
        put_str(&mut out, &d.title);
        put_str(&mut out, d.acronym.as_deref().unwrap_or(""));
        put_varint(&mut out, d.aliases.len() as u32);
        for a in &d.aliases {
            put_str(&mut out, a);
        }
        put_varint(&mut out, refs[i].0);
        put_varint(&mut out, refs[i].1);
        put_str(&mut out, &d.letter);
        put_str(&mut out, d.path.as_deref().unwrap_or(""));
        put_str(&mut out, &d.description);
        put_str(&mut out, &d.body);
        put_varint(&mut out, idx.lengths[i] as u32);
    }
    put_varint(&mut out, idx.vocab.len() as u32);
    let mut prev: &str = "";
    for (i, w) in idx.vocab.iter().enumerate() {
        let shared = prev.bytes().zip(w.bytes()).take_while(|(a, b)| a == b).count();
        // Keep the split on a character boundary.
        let shared = (0..=shared).rev().find(|&n| w.is_char_boundary(n)).unwrap_or(0);
        put_varint(&mut out, shared as u32);
        put_str(&mut out, &w[shared..]);
        put_varint(&mut out, idx.df[i]);
        put_varint(&mut out, idx.offsets[i + 1] - idx.offsets[i]);
        prev = w;
    }
    out.extend_from_slice(&idx.postings);
    out
}

struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

fn corrupt(what: &str, pos: usize) -> Error {
    Error::at_root(ErrorKind::Index(format!("search index is corrupt: {what} at byte {pos}")))
}

impl<'a> Reader<'a> {
    fn varint(&mut self, what: &str) -> Result<u32> {
        get_varint(self.data, &mut self.pos).ok_or_else(|| corrupt(what, self.pos))
    }
    fn count(&mut self, what: &str, min_bytes_each: usize) -> Result<usize> {
        let n = self.varint(what)? as usize;
        // Every item takes at least `min_bytes_each` bytes: a huge count in a small file is corrupt.
        if n.saturating_mul(min_bytes_each) > self.data.len() - self.pos.min(self.data.len()) {
            return Err(corrupt(what, self.pos));
        }
        Ok(n)
    }
    fn str(&mut self, what: &str) -> Result<&'a str> {
        let len = self.varint(what)? as usize;
        let end = self.pos.checked_add(len).filter(|&e| e <= self.data.len()).ok_or_else(|| corrupt(what, self.pos))?;
        let s = std::str::from_utf8(&self.data[self.pos..end]).map_err(|_| corrupt(what, self.pos))?;
        self.pos = end;
        Ok(s)
    }
    fn opt(&mut self, what: &str) -> Result<Option<String>> {
        Ok(Some(self.str(what)?).filter(|s| !s.is_empty()).map(str::to_owned))
    }
}

/// Reads an index written by [`encode`].
pub fn decode(data: &[u8]) -> Result<Index> {
    if data.len() < 5 || &data[..4] != MAGIC {
        return Err(Error::at_root(ErrorKind::Index("not a glossa search index (bad magic bytes)".into())));
    }
    if data[4] != VERSION {
        return Err(Error::at_root(ErrorKind::Index(format!(
            "search index format version {} cannot be read by this glossa (it reads version {VERSION}); rebuild the index with `glossa build`",
            data[4]
        ))));
    }
    let mut r = Reader { data, pos: 5 };
    let mut tables: [Vec<String>; 2] = [Vec::new(), Vec::new()];
    for t in tables.iter_mut() {
        let n = r.count("table size", 1)?;
        for _ in 0..n {
            t.push(r.str("table entry")?.to_owned());
        }
    }
    let lookup = |t: &Vec<String>, i: u32, pos: usize| -> Result<Option<String>> {
        match i {
            0 => Ok(None),
            i => t.get(i as usize - 1).cloned().map(Some).ok_or_else(|| corrupt("facet number", pos)),
        }
    };
    let ndocs = r.count("document count", 12)?;
    let mut idx = Index { docs: Vec::with_capacity(ndocs), lengths: Vec::with_capacity(ndocs), ..Default::default() };
    for _ in 0..ndocs {
        let id = r.str("id")?.to_owned();
        let slug = r.opt("slug")?.unwrap_or_else(|| id.clone());
        let title = r.str("title")?.to_owned();
        let acronym = r.opt("acronym")?;
        let na = r.count("alias count", 1)?;
        let mut aliases = Vec::with_capacity(na);
        for _ in 0..na {
            aliases.push(r.str("alias")?.to_owned());
        }
        let c = r.varint("category")?;
        let category = lookup(&tables[0], c, r.pos)?;
        let dv = r.varint("difficulty")?;
        let difficulty = lookup(&tables[1], dv, r.pos)?;
        let letter = r.str("letter")?.to_owned();
        let path = r.opt("path")?;
        let description = r.str("description")?.to_owned();
        let body = r.str("body")?.to_owned();
        let len = r.varint("length")?;
        idx.lengths.push(len.min(u16::MAX as u32) as u16);
        idx.docs.push(Doc { id, slug, title, acronym, aliases, category, difficulty, letter, path, description, body });
    }
    let nvocab = r.count("vocabulary size", 4)?;
    idx.vocab.reserve(nvocab);
    idx.df.reserve(nvocab);
    idx.offsets.reserve(nvocab + 1);
    idx.offsets.push(0);
    let mut prev = String::new();
    let mut total: u64 = 0;
    for _ in 0..nvocab {
        let shared = r.varint("shared prefix")? as usize;
        let suffix = r.str("word")?;
        if shared > prev.len() || !prev.is_char_boundary(shared) {
            return Err(corrupt("front coding", r.pos));
        }
        let mut w = String::with_capacity(shared + suffix.len());
        w.push_str(&prev[..shared]);
        w.push_str(suffix);
        if w <= prev && !idx.vocab.is_empty() {
            return Err(corrupt("vocabulary order", r.pos));
        }
        idx.df.push(r.varint("document frequency")?);
        total += r.varint("postings length")? as u64;
        if total > u32::MAX as u64 {
            return Err(corrupt("postings length", r.pos));
        }
        idx.offsets.push(total as u32);
        prev.clone_from(&w);
        idx.vocab.push(w.into_boxed_str());
    }
    let rest = &data[r.pos..];
    if rest.len() as u64 != total {
        return Err(corrupt(&format!("postings ({} bytes, expected {total})", rest.len()), r.pos));
    }
    idx.postings = rest.to_vec();
    // Postings must name existing documents, in increasing order.
    for w in 0..idx.vocab.len() as u32 {
        let mut last: Option<u32> = None;
        for p in idx.postings(w) {
            if p.doc as usize >= ndocs || last.is_some_and(|l| p.doc <= l) {
                return Err(corrupt("posting", r.pos));
            }
            last = Some(p.doc);
        }
    }
    idx.derive();
    Ok(idx)
}
