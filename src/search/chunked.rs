//! A chunked index for large glossaries: static files any CDN serves, each fetched the
//! first time a query needs it.
//!
//! ```text
//! root.glsr        "GLSR" version, document count, facet tables, documents per shard,
//!                  per document: length, category#, difficulty# (columns),
//!                  the first word of each word shard and of each name shard (front-coded)
//! v/<k>.glsv       "GLSV" version, a range of the vocabulary: per word front-coded word,
//!                  document frequency << 1 | names-a-term (typo and prefix matching)
//! w/<k>.glsw       "GLSW" version, a range of the vocabulary with postings: per word
//!                  front-coded word, document frequency << 1 | names-a-term, postings length;
//!                  then the postings
//! n/<k>.glsn       "GLSN" version, a range of the words in terms' names: per word
//!                  front-coded word, document frequency, count, document deltas
//! t/<k>.glst       "GLST" version, the names of documents k·T … k·T + T − 1: records as in
//!                  the single file without description and body (re-ranking, term lists)
//! d/<k>.glsd       "GLSD" version, documents k·S … k·S + S − 1 (records as in the single file)
//! ```
//!
//! A query is answered in stages ([`Store::search`]): matching its words needs the vocabulary
//! shards of their letter ranges (for one or two letters typed, the name shards); scoring,
//! the word shards holding the postings of the words they matched; the re-rank, the title
//! shards of its best candidates; the results, the document shards of the few it returns. Until they are loaded, `search` answers with the shards it
//! still needs; the caller fetches them, hands them to [`Store::add`] and asks again.
//!
//! Ranking is the single file's: the same BM25F over the same statistics (every document's
//! length is in the root), the same completions, the same re-rank by name. Two things are
//! narrower ([`Plan::complete`]): typos are matched against the vocabulary of the word's
//! first letter (or first two, where one letter's range is large), so a typo in the first
//! letters of a word is not corrected; and a prefix whose completions fill more than
//! [`MAX_PREFIX_VOCAB`] vocabulary shards completes from those with the most frequent words.

use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

use super::format::{corrupt, facet, put_doc, put_facets, put_word, Reader};
use super::fuzzy::Trie;
use super::index::{field, length_norms, put_varint, Doc, DocSource, Index, Names, Postings};
use super::query::{max_edits, Expansion, Results, Scratch, SearchOptions};
use super::text;
use crate::error::{Error, ErrorKind, Result};

pub const ROOT_MAGIC: &[u8; 4] = b"GLSR";
const WORDS_MAGIC: &[u8; 4] = b"GLSW";
const VOCAB_MAGIC: &[u8; 4] = b"GLSV";
const NAMES_MAGIC: &[u8; 4] = b"GLSN";
const DOCS_MAGIC: &[u8; 4] = b"GLSD";
const TITLES_MAGIC: &[u8; 4] = b"GLST";
pub const VERSION: u8 = 1;

/// Most vocabulary shards a word being completed loads.
pub const MAX_PREFIX_VOCAB: usize = 8;
/// Most vocabulary shards loaded for a word's typos.
const MAX_FUZZY_VOCAB: usize = 4;
/// The fields whose words the re-rank by name looks at.
const NAME_FIELDS: u8 = field::TITLE | field::ACRONYM | field::ALIAS;
/// Most name shards a one- or two-letter word loads.
const MAX_NAME_SHARDS: usize = 8;

/// How to cut an index into files.
#[derive(Clone, Copy, Debug)]
pub struct Split {
    /// Bytes of words and postings per word shard (a word with a longer list has a shard of its own).
    pub word_bytes: usize,
    /// Bytes per vocabulary shard.
    pub vocab_bytes: usize,
    /// Bytes per name shard.
    pub name_bytes: usize,
    /// Documents per title shard.
    pub titles: usize,
    /// Documents per document shard.
    pub docs: usize,
}

impl Default for Split {
    fn default() -> Self {
        Split { word_bytes: 12 * 1024, vocab_bytes: 16 * 1024, name_bytes: 16 * 1024, titles: 32, docs: 16 }
    }
}

/// The files of a chunked index: the root, then each shard by its path under the root's folder.
pub struct Files {
    pub root: Vec<u8>,
    pub shards: Vec<(String, Vec<u8>)>,
}

/// Which shard: the unit a query asks for and a page fetches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Shard {
    Vocab(u32),
    Words(u32),
    Names(u32),
    Titles(u32),
    Docs(u32),
}

impl Shard {
    /// Its path, relative to the root file's URL.
    pub fn path(&self) -> String {
        match self {
            Shard::Vocab(k) => format!("v/{k}.glsv"),
            Shard::Words(k) => format!("w/{k}.glsw"),
            Shard::Names(k) => format!("n/{k}.glsn"),
            Shard::Titles(k) => format!("t/{k}.glst"),
            Shard::Docs(k) => format!("d/{k}.glsd"),
        }
    }
}

fn header(magic: &[u8; 4]) -> Vec<u8> {
    let mut out = magic.to_vec();
    out.push(VERSION);
    out
}

/// Cuts a sorted list of entries into consecutive groups of about `target` bytes each.
fn cut(sizes: impl Iterator<Item = usize>, target: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let (mut start, mut bytes, mut n) = (0, 0usize, 0);
    for size in sizes {
        if n > start && bytes + size > target {
            out.push(start..n);
            start = n;
            bytes = 0;
        }
        bytes += size;
        n += 1;
    }
    if n > start {
        out.push(start..n);
    }
    out
}

/// Writes vocabulary word `w` of `idx` front-coded against `prev`, with its document
/// frequency and whether it names a term (`df << 1 | named`).
fn put_entry(out: &mut Vec<u8>, idx: &Index, prev: &str, w: usize) {
    put_word(out, prev, idx.vocab.get(w).map_or("", |v| &**v));
    let named = idx.name_words.get(w).copied().unwrap_or(false);
    put_varint(out, idx.df.get(w).copied().unwrap_or(0) << 1 | u32::from(named));
}

fn put_firsts<'a>(out: &mut Vec<u8>, firsts: impl ExactSizeIterator<Item = &'a str>) {
    put_varint(out, firsts.len() as u32);
    let mut prev = "";
    for w in firsts {
        put_word(out, prev, w);
        prev = w;
    }
}

/// Writes `idx` as a chunked index.
pub fn split(idx: &Index, opts: Split) -> Files {
    let mut root = header(ROOT_MAGIC);
    put_varint(&mut root, idx.docs.len() as u32);
    let facets = put_facets(&mut root, idx);
    let (per, titles) = (opts.docs.max(1), opts.titles.max(1));
    put_varint(&mut root, titles as u32);
    put_varint(&mut root, per as u32);
    for &l in &idx.lengths {
        put_varint(&mut root, l as u32);
    }
    for f in [0, 1] {
        for r in &facets {
            put_varint(&mut root, if f == 0 { r.0 } else { r.1 });
        }
    }
    let mut shards = Vec::new();
    // Word shards.
    let list =
        |w: usize| idx.offsets.get(w).zip(idx.offsets.get(w + 1)).map_or(0..0, |(&a, &b)| a as usize..b as usize);
    let words =
        cut((0..idx.vocab.len()).map(|w| idx.vocab.get(w).map_or(0, |v| v.len()) + 4 + list(w).len()), opts.word_bytes);
    let firsts = |ranges: &[Range<usize>], vocab: &[&str]| -> Vec<String> {
        ranges.iter().filter_map(|r| vocab.get(r.start).map(|w| (*w).to_owned())).collect()
    };
    let vocab: Vec<&str> = idx.vocab.iter().map(|w| &**w).collect();
    for (k, r) in words.iter().enumerate() {
        let mut out = header(WORDS_MAGIC);
        put_varint(&mut out, r.len() as u32);
        let mut prev = "";
        let mut postings = Vec::new();
        for w in r.clone() {
            let word = vocab.get(w).copied().unwrap_or("");
            put_entry(&mut out, idx, prev, w);
            let bytes = idx.postings.get(list(w)).unwrap_or_default();
            put_varint(&mut out, bytes.len() as u32);
            postings.extend_from_slice(bytes);
            prev = word;
        }
        out.extend_from_slice(&postings);
        shards.push((Shard::Words(k as u32).path(), out));
    }
    // Vocabulary shards: the words and their statistics.
    let vocab_ranges = cut((0..idx.vocab.len()).map(|w| vocab.get(w).map_or(0, |v| v.len()) + 3), opts.vocab_bytes);
    for (k, r) in vocab_ranges.iter().enumerate() {
        let mut out = header(VOCAB_MAGIC);
        put_varint(&mut out, r.len() as u32);
        let mut prev = "";
        for w in r.clone() {
            put_entry(&mut out, idx, prev, w);
            prev = vocab.get(w).copied().unwrap_or("");
        }
        shards.push((Shard::Vocab(k as u32).path(), out));
    }
    // Name shards: the words of terms' names, with the terms they name.
    let named: Vec<usize> = (0..idx.vocab.len()).filter(|&w| idx.name_words.get(w) == Some(&true)).collect();
    let names = cut(
        named.iter().map(|&w| vocab.get(w).map_or(0, |v| v.len()) + 4 + 2 * idx.name_postings(w as u32).len()),
        opts.name_bytes,
    );
    for (k, r) in names.iter().enumerate() {
        let mut out = header(NAMES_MAGIC);
        put_varint(&mut out, r.len() as u32);
        let mut prev = "";
        for &w in named.get(r.clone()).unwrap_or_default() {
            let word = vocab.get(w).copied().unwrap_or("");
            put_word(&mut out, prev, word);
            put_varint(&mut out, idx.df.get(w).copied().unwrap_or(0));
            let docs = idx.name_postings(w as u32);
            put_varint(&mut out, docs.len() as u32);
            let mut last = 0;
            for (i, &d) in docs.iter().enumerate() {
                put_varint(&mut out, if i == 0 { d } else { d - last });
                last = d;
            }
            prev = word;
        }
        shards.push((Shard::Names(k as u32).path(), out));
    }
    let named_vocab: Vec<&str> = named.iter().filter_map(|&w| vocab.get(w).copied()).collect();
    put_firsts(&mut root, firsts(&words, &vocab).iter().map(String::as_str));
    put_firsts(&mut root, firsts(&vocab_ranges, &vocab).iter().map(String::as_str));
    for r in &vocab_ranges {
        put_varint(&mut root, idx.df.get(r.clone()).unwrap_or_default().iter().copied().max().unwrap_or(0));
    }
    put_firsts(&mut root, firsts(&names, &named_vocab).iter().map(String::as_str));
    // Title shards: the documents without their texts.
    for (k, chunk) in idx.docs.chunks(titles).enumerate() {
        let mut out = header(TITLES_MAGIC);
        put_varint(&mut out, chunk.len() as u32);
        for (i, d) in chunk.iter().enumerate() {
            let n = k * titles + i;
            let d = Doc { description: String::new(), body: String::new(), ..d.clone() };
            put_doc(&mut out, &d, facets.get(n).copied().unwrap_or((0, 0)), 0);
        }
        shards.push((Shard::Titles(k as u32).path(), out));
    }
    // Document shards.
    for (k, chunk) in idx.docs.chunks(per).enumerate() {
        let mut out = header(DOCS_MAGIC);
        put_varint(&mut out, chunk.len() as u32);
        for (i, d) in chunk.iter().enumerate() {
            let n = k * per + i;
            put_doc(&mut out, d, facets.get(n).copied().unwrap_or((0, 0)), idx.lengths.get(n).copied().unwrap_or(1));
        }
        shards.push((Shard::Docs(k as u32).path(), out));
    }
    Files { root, shards }
}

/// The root file: what every query needs before any shard.
#[derive(Debug)]
struct Root {
    ndocs: usize,
    tables: [Vec<String>; 2],
    /// Documents per title shard and per document shard.
    titles: usize,
    per: usize,
    norms: Vec<f32>,
    facets: [Vec<u32>; 2],
    words: Vec<Box<str>>,
    vocab: Vec<Box<str>>,
    /// The highest document frequency in each vocabulary shard (which of a long prefix range to load).
    top_df: Vec<u32>,
    names: Vec<Box<str>>,
}

fn check_header(data: &[u8], magic: &[u8; 4], what: &str) -> Result<()> {
    match data {
        [m0, m1, m2, m3, v, ..] if [*m0, *m1, *m2, *m3] == *magic => match *v {
            VERSION => Ok(()),
            v => Err(Error::at_root(ErrorKind::Index(format!(
                "{what}: format version {v} cannot be read by this glossa (it reads version {VERSION}); rebuild the index with `glossa index`"
            )))),
        },
        _ => Err(Error::at_root(ErrorKind::Index(format!("{what}: not a glossa chunked index file (bad magic bytes)")))),
    }
}

fn firsts(r: &mut Reader<'_>) -> Result<Vec<Box<str>>> {
    let n = r.count("shard count", 2)?;
    let mut out: Vec<Box<str>> = Vec::with_capacity(n);
    let mut prev = String::new();
    for i in 0..n {
        let w = r.word(&prev, i > 0)?;
        prev.clone_from(&w);
        out.push(w.into_boxed_str());
    }
    Ok(out)
}

impl Root {
    fn decode(data: &[u8]) -> Result<Root> {
        check_header(data, ROOT_MAGIC, "search index root")?;
        let mut r = Reader { data, pos: 5 };
        let ndocs = r.count("document count", 3)?;
        let tables = r.facets()?;
        let titles = r.varint("documents per title shard")?.max(1) as usize;
        let per = r.varint("documents per shard")?.max(1) as usize;
        let mut lengths = Vec::with_capacity(ndocs);
        for _ in 0..ndocs {
            lengths.push(r.varint("length")?.min(u16::MAX as u32) as u16);
        }
        let mut facets: [Vec<u32>; 2] = [Vec::with_capacity(ndocs), Vec::with_capacity(ndocs)];
        for (t, column) in facets.iter_mut().enumerate() {
            for _ in 0..ndocs {
                let i = r.varint("facet")?;
                facet(&tables, t, i, r.pos)?;
                column.push(i);
            }
        }
        let words = firsts(&mut r)?;
        let vocab = firsts(&mut r)?;
        let mut top_df = Vec::with_capacity(vocab.len());
        for _ in 0..vocab.len() {
            top_df.push(r.varint("shard frequency")?);
        }
        let names = firsts(&mut r)?;
        if r.pos != data.len() {
            return Err(corrupt("trailing bytes", r.pos));
        }
        // The single file's length normalisation, over the same lengths.
        let norms = length_norms(&lengths);
        Ok(Root { ndocs, tables, titles, per, norms, facets, words, vocab, top_df, names })
    }

    /// The shard of `firsts` whose range holds `word`.
    fn holding(firsts: &[Box<str>], word: &str) -> usize {
        firsts.partition_point(|f| &**f <= word).saturating_sub(1)
    }

    /// The shards of `firsts` that may hold words starting with `prefix`.
    fn completing(firsts: &[Box<str>], prefix: &str) -> Range<usize> {
        let lo = Self::holding(firsts, prefix);
        let hi = lo + 1 + firsts.get(lo + 1..).unwrap_or_default().iter().take_while(|f| f.starts_with(prefix)).count();
        lo..hi.min(firsts.len())
    }
}

/// One loaded word shard: its words, their statistics and postings.
#[derive(Debug)]
struct WordShard {
    words: Vec<(Box<str>, u32, bool, Range<usize>)>,
    postings: Vec<u8>,
}

/// One loaded vocabulary shard: words, document frequency, whether they name a term.
#[derive(Debug)]
struct VocabShard {
    words: Vec<(Box<str>, u32, bool)>,
}

/// One loaded name shard: name words, their document frequency and the terms they name.
#[derive(Debug)]
struct NameShard {
    words: Vec<(Box<str>, u32, Vec<u32>)>,
}

/// The shards a query's words stage reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    pub shards: Vec<Shard>,
    /// Whether they hold every word the single file would match: `false` when a prefix
    /// ranges over more shards than a query loads, and for typos (matched in the
    /// word's letter range only).
    pub complete: bool,
}

/// A chunked index and the shards loaded so far.
pub struct Store {
    root: Root,
    vocab: HashMap<u32, Rc<VocabShard>>,
    words: HashMap<u32, Rc<WordShard>>,
    names: HashMap<u32, Rc<NameShard>>,
    titles: HashMap<u32, Vec<Doc>>,
    docs: HashMap<u32, Vec<Doc>>,
    /// The vocabulary of the last query's shards, and the same with the postings it scored
    /// (rebuilt when a query needs other shards).
    vocab_view: Option<(Vec<Shard>, Rc<Index>)>,
    view: Option<(Vec<Shard>, Rc<Index>)>,
    /// Bytes of the shards held, each one's, and when each was last used.
    held: usize,
    sizes: HashMap<Shard, usize>,
    used: HashMap<Shard, u64>,
    clock: u64,
}

/// An entry of a view's vocabulary: word, df, names-a-term, postings, named documents.
type ViewWord<'a> = (&'a str, u32, bool, &'a [u8], &'a [u32]);

impl Store {
    /// Reads a root file.
    pub fn new(root: &[u8]) -> Result<Store> {
        Ok(Store {
            root: Root::decode(root)?,
            vocab: HashMap::new(),
            words: HashMap::new(),
            names: HashMap::new(),
            titles: HashMap::new(),
            docs: HashMap::new(),
            vocab_view: None,
            view: None,
            held: 0,
            sizes: HashMap::new(),
            used: HashMap::new(),
            clock: 0,
        })
    }

    /// Documents in the index.
    pub fn len(&self) -> usize {
        self.root.ndocs
    }

    pub fn is_empty(&self) -> bool {
        self.root.ndocs == 0
    }

    /// Bytes of shards held in memory.
    pub fn held_bytes(&self) -> usize {
        self.held
    }

    /// Each category and difficulty with how many terms have it (from the root: no shard needed).
    pub fn facet_counts(&self) -> [Vec<(String, u32)>; 2] {
        let mut out: [Vec<(String, u32)>; 2] = Default::default();
        for (t, list) in out.iter_mut().enumerate() {
            let table = self.root.tables.get(t).map(Vec::as_slice).unwrap_or_default();
            let mut counts = vec![0u32; table.len() + 1];
            for &i in self.root.facets.get(t).map(Vec::as_slice).unwrap_or_default() {
                if let Some(c) = counts.get_mut(i as usize) {
                    *c += 1;
                }
            }
            list.extend(table.iter().zip(counts.iter().skip(1)).filter(|(_, &n)| n > 0).map(|(v, &n)| (v.clone(), n)));
        }
        out
    }

    /// Whether shard `s` is loaded.
    pub fn has(&self, s: Shard) -> bool {
        match s {
            Shard::Vocab(k) => self.vocab.contains_key(&k),
            Shard::Words(k) => self.words.contains_key(&k),
            Shard::Names(k) => self.names.contains_key(&k),
            Shard::Titles(k) => self.titles.contains_key(&k),
            Shard::Docs(k) => self.docs.contains_key(&k),
        }
    }

    /// The title shards, in order (to list every term).
    pub fn title_shards(&self) -> impl Iterator<Item = Shard> {
        (0..self.root.ndocs.div_ceil(self.root.titles) as u32).map(Shard::Titles)
    }

    /// The documents of a loaded title shard, without description and body (`None` if it is not loaded).
    pub fn shard_titles(&self, k: u32) -> Option<&[Doc]> {
        self.titles.get(&k).map(Vec::as_slice)
    }

    /// Lets the least recently used shards go until at most `budget` bytes are held (never
    /// those of the last query).
    pub fn trim(&mut self, budget: usize) {
        if self.held <= budget {
            return;
        }
        let keep: Vec<Shard> = self.view.iter().chain(&self.vocab_view).flat_map(|v| v.0.iter().copied()).collect();
        let mut old: Vec<(u64, Shard)> =
            self.used.iter().filter(|(s, _)| !keep.contains(s)).map(|(s, &t)| (t, *s)).collect();
        crate::util::sort_by(&mut old, |a, b| a.cmp(b));
        for (_, s) in old {
            if self.held <= budget {
                break;
            }
            match s {
                Shard::Vocab(k) => drop(self.vocab.remove(&k)),
                Shard::Words(k) => drop(self.words.remove(&k)),
                Shard::Names(k) => drop(self.names.remove(&k)),
                Shard::Titles(k) => drop(self.titles.remove(&k)),
                Shard::Docs(k) => drop(self.docs.remove(&k)),
            }
            self.used.remove(&s);
            self.held = self.held.saturating_sub(self.sizes.remove(&s).unwrap_or(0));
        }
    }

    /// Marks `shards` as just used.
    fn touch(&mut self, shards: &[Shard]) {
        self.clock += 1;
        for s in shards {
            if self.has(*s) {
                self.used.insert(*s, self.clock);
            }
        }
    }

    /// Decodes shard `s` from `data` and keeps it.
    pub fn add(&mut self, s: Shard, data: &[u8]) -> Result<()> {
        let what = format!("search index shard {}", s.path());
        let at = |e: Error| Error::at_root(ErrorKind::Index(format!("{what}: {e}")));
        match s {
            Shard::Vocab(k) => {
                check_header(data, VOCAB_MAGIC, &what)?;
                let shard = self.vocab_shard(k, data).map_err(at)?;
                self.vocab.insert(k, Rc::new(shard));
            }
            Shard::Words(k) => {
                check_header(data, WORDS_MAGIC, &what)?;
                let shard = self.word_shard(k, data).map_err(at)?;
                self.words.insert(k, Rc::new(shard));
            }
            Shard::Names(k) => {
                check_header(data, NAMES_MAGIC, &what)?;
                let shard = self.name_shard(k, data).map_err(at)?;
                self.names.insert(k, Rc::new(shard));
            }
            Shard::Titles(k) | Shard::Docs(k) => {
                let (magic, per) = match s {
                    Shard::Titles(_) => (TITLES_MAGIC, self.root.titles),
                    _ => (DOCS_MAGIC, self.root.per),
                };
                check_header(data, magic, &what)?;
                let mut r = Reader { data, pos: 5 };
                let n = r.count("document count", 12)?;
                let want = self.root.ndocs.saturating_sub(k as usize * per).min(per);
                if n != want {
                    return Err(at(corrupt(&format!("{n} documents, expected {want}"), r.pos)));
                }
                let mut docs = Vec::with_capacity(n);
                for _ in 0..n {
                    docs.push(r.doc(&self.root.tables).map_err(at)?.0);
                }
                Self::ended(data, r.pos).map_err(at)?;
                match s {
                    Shard::Titles(_) => self.titles.insert(k, docs),
                    _ => self.docs.insert(k, docs),
                };
            }
        }
        // Decoded shards take about twice their bytes.
        let size = data.len() * 2;
        self.held = self.held.saturating_sub(self.sizes.insert(s, size).unwrap_or(0)) + size;
        self.clock += 1;
        self.used.insert(s, self.clock);
        Ok(())
    }

    /// Checks that word `i` of shard `k` of `firsts` is in the shard's range: from its
    /// first word (which it starts with) to the next shard's.
    fn in_range(firsts: &[Box<str>], k: u32, i: usize, w: &str, pos: usize) -> Result<()> {
        let k = k as usize;
        let first = firsts.get(k).map(|f| &**f);
        let ok = first.is_some_and(|f| if i == 0 { f == w } else { f <= w })
            && firsts.get(k + 1).is_none_or(|next| w < &**next);
        if ok {
            Ok(())
        } else {
            Err(corrupt("a word outside the shard's range", pos))
        }
    }

    /// Reads the word list of shard `k` of `firsts`: each word front-coded, in order, in the
    /// shard's range, then what `each` reads after it. Returns the entries and where they end.
    fn read_words<T>(
        firsts: &[Box<str>],
        k: u32,
        data: &[u8],
        mut each: impl FnMut(&mut Reader<'_>, Box<str>) -> Result<T>,
    ) -> Result<(Vec<T>, usize)> {
        let mut r = Reader { data, pos: 5 };
        let n = r.count("vocabulary size", 2)?;
        let mut out = Vec::with_capacity(n);
        let mut prev = String::new();
        for i in 0..n {
            let w = r.word(&prev, i > 0)?;
            Self::in_range(firsts, k, i, &w, r.pos)?;
            out.push(each(&mut r, w.as_str().into())?);
            prev = w;
        }
        Ok((out, r.pos))
    }

    fn ended(data: &[u8], at: usize) -> Result<()> {
        if at == data.len() {
            Ok(())
        } else {
            Err(corrupt("trailing bytes", at))
        }
    }

    fn word_shard(&self, k: u32, data: &[u8]) -> Result<WordShard> {
        let mut total = 0usize;
        let (words, at) = Self::read_words(&self.root.words, k, data, |r, w| {
            let df = r.varint("document frequency")?;
            let len = r.varint("postings length")? as usize;
            let range = total..total.saturating_add(len);
            total = range.end;
            Ok((w, df >> 1, df & 1 == 1, range))
        })?;
        let postings = data.get(at..).unwrap_or_default().to_vec();
        if postings.len() != total {
            return Err(corrupt(&format!("postings ({} bytes, expected {total})", postings.len()), at));
        }
        // Postings name existing documents, in increasing order, as many as the frequency says.
        for (_, df, _, range) in &words {
            let mut count = 0u32;
            let mut last: Option<u32> = None;
            let mut it = Postings::over(postings.get(range.clone()).unwrap_or_default());
            for p in &mut it {
                if p.doc as usize >= self.root.ndocs || last.is_some_and(|l| p.doc <= l) {
                    return Err(corrupt("posting", at + range.start));
                }
                last = Some(p.doc);
                count += 1;
            }
            if it.cursor_pos() != range.len() || count != *df {
                return Err(corrupt("document frequency", at + range.start));
            }
        }
        Ok(WordShard { words, postings })
    }

    fn vocab_shard(&self, k: u32, data: &[u8]) -> Result<VocabShard> {
        let ndocs = self.root.ndocs;
        let (words, at) = Self::read_words(&self.root.vocab, k, data, |r, w| {
            let df = r.varint("document frequency")?;
            if (df >> 1) as usize > ndocs {
                return Err(corrupt("document frequency", r.pos));
            }
            Ok((w, df >> 1, df & 1 == 1))
        })?;
        Self::ended(data, at)?;
        Ok(VocabShard { words })
    }

    fn name_shard(&self, k: u32, data: &[u8]) -> Result<NameShard> {
        let ndocs = self.root.ndocs;
        let (words, at) = Self::read_words(&self.root.names, k, data, |r, w| {
            let df = r.varint("document frequency")?;
            let count = r.count("named documents", 1)?;
            let mut docs = Vec::with_capacity(count);
            let mut last = 0u32;
            for j in 0..count {
                let delta = r.varint("named document")?;
                let d = match j {
                    0 => Some(delta),
                    _ => last.checked_add(delta).filter(|_| delta > 0),
                };
                let d = d.filter(|&d| (d as usize) < ndocs).ok_or_else(|| corrupt("named document", r.pos))?;
                docs.push(d);
                last = d;
            }
            Ok((w, df, docs))
        })?;
        Self::ended(data, at)?;
        Ok(NameShard { words })
    }

    /// The vocabulary and name shards query `query` matches its words in, in order.
    pub fn plan(&self, query: &str, opts: &SearchOptions) -> Plan {
        let words = Index::query_words(query);
        let mut out: Vec<Shard> = Vec::new();
        let mut complete = true;
        let firsts = &self.root.vocab;
        for (ti, q) in words.iter().enumerate() {
            let (prefix, open, typos) = Index::word_mode(q, ti, words.len(), opts);
            if Index::names_only(q, prefix && open) {
                let r = Root::completing(&self.root.names, q);
                complete &= r.len() <= MAX_NAME_SHARDS;
                out.extend(r.take(MAX_NAME_SHARDS).map(|k| Shard::Names(k as u32)));
                continue;
            }
            if firsts.is_empty() {
                continue;
            }
            let at = Root::holding(firsts, q);
            out.push(Shard::Vocab(at as u32));
            if prefix {
                // A long range: the shard holding the word, and those with the most frequent words.
                let mut r: Vec<usize> = Root::completing(firsts, q).collect();
                if r.len() > MAX_PREFIX_VOCAB {
                    complete = false;
                    let df = |k: &usize| self.root.top_df.get(*k).copied().unwrap_or(0);
                    crate::util::top_k_by(&mut r, MAX_PREFIX_VOCAB - 1, |a, b| df(b).cmp(&df(a)).then(a.cmp(b)));
                }
                out.extend(r.into_iter().map(|k| Shard::Vocab(k as u32)));
            }
            let qn = q.chars().count();
            if max_edits(qn).min(typos) > 0 && !q.chars().all(text::is_cjk) {
                // The ranges of the word's first letter, or first two where one letter's is large.
                let lead = |n: usize| q.char_indices().nth(n).map_or(q.as_str(), |(i, _)| crate::util::upto(q, i));
                let mut r = Root::completing(firsts, lead(1));
                if r.len() > MAX_FUZZY_VOCAB {
                    r = Root::completing(firsts, lead(2));
                }
                // A window of at most MAX_FUZZY_VOCAB of that range, as centred on the word as it can be.
                let len = r.len().min(MAX_FUZZY_VOCAB);
                complete &= len == firsts.len();
                let lo = at.saturating_sub(len / 2).max(r.start).min(r.end.saturating_sub(len));
                out.extend((lo..lo + len).map(|k| Shard::Vocab(k as u32)));
            }
        }
        crate::util::sort_by(&mut out, |a, b| a.cmp(b));
        out.dedup();
        Plan { shards: out, complete }
    }

    /// The vocabulary of shards `plan` (all loaded), as an index without postings.
    fn vocab_view(&mut self, plan: &[Shard]) -> Rc<Index> {
        if let Some((p, v)) = &self.vocab_view {
            if p == plan {
                return v.clone();
            }
        }
        let mut from_vocab: Vec<ViewWord<'_>> = Vec::new();
        let mut from_names: Vec<ViewWord<'_>> = Vec::new();
        for s in plan {
            match s {
                Shard::Vocab(k) => {
                    if let Some(sh) = self.vocab.get(k) {
                        from_vocab.extend(sh.words.iter().map(|(w, df, named)| (&**w, *df, *named, &[][..], &[][..])));
                    }
                }
                Shard::Names(k) => {
                    if let Some(sh) = self.names.get(k) {
                        from_names
                            .extend(sh.words.iter().map(|(w, df, docs)| (&**w, *df, true, &[][..], docs.as_slice())));
                    }
                }
                _ => {}
            }
        }
        // Both lists are sorted (shards in order, each a range): merge them, one entry per word.
        let mut merged: Vec<ViewWord<'_>> = Vec::with_capacity(from_vocab.len() + from_names.len());
        let (mut a, mut b) = (from_vocab.into_iter().peekable(), from_names.into_iter().peekable());
        loop {
            let next = match (a.peek(), b.peek()) {
                (Some(x), Some(y)) if x.0 == y.0 => {
                    let (x, y) = (a.next(), b.next());
                    x.zip(y).map(|(x, y)| (x.0, x.1, true, x.3, y.4))
                }
                (Some(x), Some(y)) if x.0 < y.0 => a.next(),
                (Some(_), Some(_)) => b.next(),
                (Some(_), None) => a.next(),
                (None, Some(_)) => b.next(),
                (None, None) => None,
            };
            match next {
                Some(e) => merged.push(e),
                None => break,
            }
        }
        let mut idx = Index::default();
        idx.offsets.push(0);
        idx.name_offsets.push(0);
        for (w, df, named, _, docs) in merged {
            idx.vocab.push(w.into());
            idx.df.push(df);
            idx.name_words.push(named);
            idx.offsets.push(0);
            idx.name_docs.extend_from_slice(docs);
            idx.name_offsets.push(idx.name_docs.len() as u32);
        }
        idx.trie = Rc::new(Trie::build(&idx.vocab));
        let v = Rc::new(idx);
        self.vocab_view = Some((plan.to_vec(), v.clone()));
        v
    }

    /// The word shards with the postings of the words `exps` matched (but those only
    /// searched by name).
    fn postings_needed(&self, vocab: &Index, exps: &[Expansion]) -> Vec<Shard> {
        let words = exps.iter().filter(|e| !e.names_only()).flat_map(|e| e.words.iter());
        let holding = |w: &(u32, f32)| {
            vocab.vocab.get(w.0 as usize).map(|word| Shard::Words(Root::holding(&self.root.words, word) as u32))
        };
        let mut out: Vec<Shard> = words.filter_map(holding).collect();
        crate::util::sort_by(&mut out, |a, b| a.cmp(b));
        out.dedup();
        out
    }

    /// `vocab` with the postings of word shards `with` (all loaded).
    fn scoring_view(&mut self, vocab: &Index, key: Vec<Shard>, with: &[Shard]) -> Rc<Index> {
        if let Some((p, v)) = &self.view {
            if *p == key {
                return v.clone();
            }
        }
        let mut idx = vocab.clone();
        idx.postings.clear();
        idx.offsets.clear();
        idx.offsets.push(0);
        let shards: Vec<&WordShard> = with
            .iter()
            .filter_map(|s| match s {
                Shard::Words(k) => self.words.get(k).map(|w| &**w),
                _ => None,
            })
            .collect();
        for w in &vocab.vocab {
            let k = Root::holding(&self.root.words, w) as u32;
            let list = with.iter().position(|s| *s == Shard::Words(k)).and_then(|i| shards.get(i)).and_then(|sh| {
                let i = sh.words.binary_search_by(|x| (*x.0).cmp(&**w)).ok()?;
                sh.words.get(i).and_then(|x| sh.postings.get(x.3.clone()))
            });
            idx.postings.extend_from_slice(list.unwrap_or_default());
            idx.offsets.push(idx.postings.len() as u32);
        }
        let v = Rc::new(idx);
        self.view = Some((key, v.clone()));
        v
    }

    /// Runs a query over the loaded shards, or names the shards it still needs (ask again
    /// once they are added): vocabulary, then postings, then titles, then documents.
    pub fn search(
        &mut self,
        s: &mut Scratch,
        query: &str,
        opts: &SearchOptions,
    ) -> std::result::Result<Results, Vec<Shard>> {
        let plan = self.plan(query, opts).shards;
        let missing = self.missing(plan.iter().copied());
        if !missing.is_empty() {
            return Err(missing);
        }
        let vocab = self.vocab_view(&plan);
        let words = Index::query_words(query);
        let exps = vocab.expansions(s, &words, opts);
        let postings = self.postings_needed(&vocab, &exps);
        let missing = self.missing(postings.iter().copied());
        if !missing.is_empty() {
            return Err(missing);
        }
        let key: Vec<Shard> = plan.iter().chain(&postings).copied().collect();
        let view = self.scoring_view(&vocab, key, &postings);
        let Some(scored) = view.score(&*self, s, query, opts) else { return Ok(Results::default()) };
        // The re-rank reads the names of the candidates a query word was found in the names
        // of (no other can gain from it); the results, the documents of the best.
        let named = scored.cands.iter().filter(|c| s.fields(c.1) & NAME_FIELDS != 0);
        let titles: Vec<Shard> = named.map(|c| Shard::Titles(c.1 / self.root.titles as u32)).collect();
        let missing = self.missing(titles.iter().copied());
        if !missing.is_empty() {
            return Err(missing);
        }
        let ranked = view.rerank(&*self, scored, opts);
        let docs: Vec<Shard> = ranked.cands.iter().map(|c| Shard::Docs(c.1 / self.root.per as u32)).collect();
        let missing = self.missing(docs.iter().copied());
        if !missing.is_empty() {
            return Err(missing);
        }
        let used: Vec<Shard> = plan.iter().chain(&postings).chain(&titles).chain(&docs).copied().collect();
        self.touch(&used);
        Ok(view.finish(&*self, s, ranked, opts))
    }

    /// Those of `shards` not loaded, in order, once each.
    fn missing(&self, shards: impl Iterator<Item = Shard>) -> Vec<Shard> {
        let mut out: Vec<Shard> = shards.filter(|&d| !self.has(d)).collect();
        crate::util::sort_by(&mut out, |a, b| a.cmp(b));
        out.dedup();
        out
    }

    /// Completions of the last word typed, from the words loaded for it (most frequent first).
    pub fn suggest(&mut self, query: &str, limit: usize) -> std::result::Result<Vec<String>, Vec<Shard>> {
        let opts = SearchOptions { fuzzy: false, ..Default::default() };
        let plan = self.plan(query, &opts).shards;
        let missing = self.missing(plan.iter().copied());
        if !missing.is_empty() {
            return Err(missing);
        }
        Ok(self.vocab_view(&plan).suggest(query, limit))
    }

    /// Document `d` without its texts, if its title shard is loaded.
    pub fn title(&self, d: usize) -> Option<&Doc> {
        self.titles.get(&((d / self.root.titles) as u32))?.get(d % self.root.titles)
    }
}

impl DocSource for Store {
    fn ndocs(&self) -> usize {
        self.root.ndocs
    }
    fn norms(&self) -> &[f32] {
        &self.root.norms
    }
    fn facets(&self, d: usize) -> (Option<&str>, Option<&str>) {
        let get = |t: usize| {
            let i = self.root.facets.get(t).and_then(|c| c.get(d)).copied().unwrap_or(0);
            facet(&self.root.tables, t, i, 0).ok().flatten()
        };
        (get(0), get(1))
    }
    fn doc(&self, d: usize) -> Option<&Doc> {
        self.docs.get(&((d / self.root.per) as u32))?.get(d % self.root.per)
    }
    fn names(&self, words: &Index, d: usize) -> Option<std::borrow::Cow<'_, Names>> {
        self.title(d).map(|doc| std::borrow::Cow::Owned(words.names_of(doc)))
    }
}

/// Whether `data` is the root of a chunked index (not a single-file index).
pub fn is_root(data: &[u8]) -> bool {
    data.starts_with(ROOT_MAGIC)
}
