//! Queries: prefix, typo tolerance, multi-word AND with graceful fallback,
//! BM25F ranking, an exact-name re-rank, filters, snippets and suggestions.

use serde::{Deserialize, Serialize};

use super::fuzzy;
use super::index::{field, DocSource, Index, Names};
use super::snippet::{self, Segment};
use super::text;

/// Search options (all optional from JS).
#[derive(Clone, Debug, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct SearchOptions {
    pub limit: usize,
    pub category: Option<String>,
    pub difficulty: Option<String>,
    /// Treat query words as prefixes (search-as-you-type).
    pub prefix: bool,
    /// Allow typos: 1 edit for words of 4+ characters, 2 for 8+.
    pub fuzzy: bool,
    /// At most this many edits per word, whatever its length (default 2).
    pub max_typos: u8,
    /// Compute highlighted snippets.
    pub snippets: bool,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 10,
            category: None,
            difficulty: None,
            prefix: true,
            fuzzy: true,
            max_typos: 2,
            snippets: true,
        }
    }
}

/// One hit.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchResult {
    /// Position of the document in the index.
    pub doc: u32,
    pub id: String,
    pub slug: String,
    pub title: String,
    pub score: f32,
    /// Fields the query words were found in (`title`, `acronym`, `aliases`, `description`, `body`, …).
    pub matched: Vec<&'static str>,
    /// Snippet text split into plain and matched (`mark`) segments.
    pub snippet: Vec<Segment>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acronym: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub difficulty: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

/// The answer to a query.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Results {
    pub results: Vec<SearchResult>,
    /// How many documents matched (before `limit`).
    pub total: usize,
    /// No document had every word: these match some of them.
    pub partial: bool,
    /// A corrected query when nothing (or only a partial match) was found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
}

/// Reusable per-query buffers (one per index; avoids allocating per keystroke).
#[derive(Default)]
pub struct Scratch {
    docs: Vec<DocScore>,
    gen: u32,
    touched: Vec<u32>,
    /// The documents the current query token matched (kept between tokens and queries for
    /// its capacity).
    token_docs: Vec<u32>,
    /// What recent query words expanded to: typing a query repeats all its words but the last.
    expansions: ExpansionCache,
    /// The tokens of the texts recent snippets were made from.
    snippets: snippet::Cache,
}

/// Query words' [`Expansion`]s, for the vocabulary whose trie is `trie`. Indexes that share
/// a trie share their vocabulary, document frequencies and name words (a clone shares it;
/// what changes them builds a new trie), so the trie tells whether an entry still applies —
/// and holding it keeps its address from being reused by another vocabulary's.
#[derive(Default)]
struct ExpansionCache {
    trie: Option<std::rc::Rc<super::fuzzy::Trie>>,
    /// `((word, prefix, open, max typos), expansion)`, the most recently used last.
    entries: Vec<((String, bool, bool, u8), Expansion)>,
}

/// Expansions kept: a query's words and a few more (words typed, then corrected).
const CACHED_EXPANSIONS: usize = 24;

/// What one query has gathered about one document (valid when `stamp` is the query's `gen`).
#[derive(Clone, Copy, Default)]
struct DocScore {
    stamp: u32,
    total: f32,
    /// The current token's best score, valid when `best_stamp` is that token's generation.
    best: f32,
    best_stamp: u32,
    /// Which query tokens matched.
    mask: u32,
    fields: u8,
}

impl Scratch {
    /// Document `d` matched query token `token_gen` with `score` in `fields`: a token
    /// counts its best-scoring word per document (kept in `best` until [`Scratch::finish_token`]).
    #[inline]
    fn hit(&mut self, d: usize, score: f32, fields: u8, token_gen: u32, token_docs: &mut Vec<u32>) {
        let gen = self.gen;
        let Some(x) = self.docs.get_mut(d) else { return };
        if x.best_stamp != token_gen {
            x.best_stamp = token_gen;
            x.best = score;
            token_docs.push(d as u32);
        } else if score > x.best {
            x.best = score;
        }
        if x.stamp != gen {
            *x = DocScore { stamp: gen, best: x.best, best_stamp: x.best_stamp, ..DocScore::default() };
            self.touched.push(d as u32);
        }
        x.fields |= fields;
    }

    /// Adds token `ti`'s best scores to the documents it matched.
    fn finish_token(&mut self, token_docs: &[u32], ti: usize) {
        for &d in token_docs {
            if let Some(x) = self.docs.get_mut(d as usize) {
                x.total += x.best;
                x.mask |= 1 << ti;
            }
        }
    }

    /// The fields the query's words were found in, in candidate `d` (a document it touched).
    pub(crate) fn fields(&self, d: u32) -> u8 {
        self.get(d).fields
    }

    /// What this query gathered about document `d`.
    fn get(&self, d: u32) -> DocScore {
        self.docs.get(d as usize).copied().unwrap_or_default()
    }

    fn reset(&mut self, n: usize) {
        if self.docs.len() != n {
            *self = Scratch { docs: vec![DocScore::default(); n], ..Default::default() };
        }
        self.gen = self.gen.wrapping_add(1);
        if self.gen == 0 {
            self.docs.iter_mut().for_each(|x| *x = DocScore::default());
            self.gen = 1;
        }
        self.touched.clear();
    }
}

/// Edits allowed for a query word of `len` characters.
pub fn max_edits(len: usize) -> u8 {
    match len {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

use super::index::{FIELD_TF, K1};

/// The weighted term frequency of the name-like field bits in `fields`.
fn field_tf(fields: u8) -> f32 {
    FIELD_TF.get((fields & 0x7f) as usize).copied().unwrap_or(0.0)
}
/// Most prefix completions followed per query word (the most frequent ones).
const MAX_PREFIX: usize = 256;
/// Most completions of a typo'd prefix followed per query word.
const MAX_FUZZY_PREFIX: usize = 64;
const MAX_WORDS: usize = 16;
/// Characters of a query word that are matched (the rest is ignored).
const MAX_WORD_CHARS: usize = 64;
/// Candidates re-ranked by their names.
const RERANK: usize = 64;

/// Best first; ties by document number.
fn by_score(a: &(f32, u32), b: &(f32, u32)) -> std::cmp::Ordering {
    b.0.total_cmp(&a.0).then(a.1.cmp(&b.1))
}

/// A query's first stage: its words, what they expanded to, the best candidates.
pub(crate) struct Scored {
    pub words: Vec<String>,
    pub exps: Vec<Expansion>,
    /// `(score, document)`, the best [`RERANK`] (or `limit`) by score.
    pub cands: Vec<(f32, u32)>,
    pub total: usize,
    pub partial: bool,
}

/// What each query word matched: vocabulary words and how well (sorted by word).
#[derive(Clone)]
pub(crate) struct Expansion {
    pub query: String,
    /// The word being typed: its prefix matches are not capped for name checks.
    pub open: bool,
    pub words: Vec<(u32, f32)>,
    /// The vocabulary words starting with `query` when it is `open`, else none (the words a
    /// name's word can complete to, whether or not they are in `words`).
    pub completions: std::ops::Range<u32>,
}

impl Expansion {
    /// Whether this word searches names only ([`Index::names_only`]).
    pub fn names_only(&self) -> bool {
        Index::names_only(&self.query, self.open)
    }

    /// Match quality of vocabulary word `w` (0 when it does not match).
    pub fn weight(&self, idx: &Index, w: u32) -> f32 {
        match self.words.binary_search_by_key(&w, |x| x.0) {
            Ok(i) => self.words.get(i).map_or(0.0, |x| x.1),
            // (The range is the words starting with an open query: no string is compared.)
            Err(_) if self.completions.contains(&w) => {
                prefix_weight(text::char_count(&self.query), idx.vocab.get(w as usize).map_or("", |w| &**w))
            }
            Err(_) => 0.0,
        }
    }
}

/// How well a query word of `qn` characters matches `w`, which it is a prefix of.
fn prefix_weight(qn: usize, w: &str) -> f32 {
    0.55 + 0.35 * (qn as f32 / text::char_count(w).max(1) as f32)
}

impl Index {
    /// Document frequency of vocabulary word `w`.
    fn df_of(&self, w: u32) -> u32 {
        self.df.get(w as usize).copied().unwrap_or(0)
    }

    /// Vocabulary word `w` (`""` if there is none).
    fn word(&self, w: u32) -> &str {
        self.vocab.get(w as usize).map_or("", |w| &**w)
    }

    /// Runs a query with fresh buffers.
    pub fn search(&self, query: &str, opts: &SearchOptions) -> Results {
        self.search_with(&mut Scratch::default(), query, opts)
    }

    /// The words a query word expands to, with match weights, sorted by word.
    fn expand(&self, q: &str, prefix: bool, open: bool, max_typos: u8) -> Expansion {
        let mut out: Vec<(u32, f32)> = Vec::new();
        if let Some(w) = self.find(q) {
            out.push((w, 1.0));
        }
        let qn = q.chars().count();
        let cjk = q.chars().all(text::is_cjk);
        let mut completions = 0..0;
        if prefix {
            let range = self.prefix_range(q);
            completions = range.start as u32..range.end as u32;
            let short = open && qn <= 2;
            let mut words: Vec<u32> =
                range.map(|w| w as u32).filter(|&w| !short || self.name_words.get(w as usize) == Some(&true)).collect();
            if words.len() > MAX_PREFIX {
                crate::util::top_k_by(&mut words, MAX_PREFIX, |a, b| self.df_of(*b).cmp(&self.df_of(*a)));
            }
            out.extend(words.into_iter().map(|w| (w, prefix_weight(qn, self.word(w)))));
        }
        let k = max_edits(qn).min(max_typos);
        if k > 0 && !cjk {
            let mut hits = Vec::new();
            // Whole words within k edits; a typo inside the prefix being typed: 1 edit.
            // (From 5 characters: a 1-edit prefix of 4 characters matches a large part of any vocabulary.)
            let kp = (prefix && open && qn >= 5).then_some(1);
            fuzzy::search(&self.trie, q, k, kp, &mut hits);
            // Typo'd prefixes can reach many words: keep the most frequent ones.
            let (mut pre, whole): (Vec<_>, Vec<_>) = hits.into_iter().partition(|h| h.prefix);
            if pre.len() > MAX_FUZZY_PREFIX {
                crate::util::top_k_by(&mut pre, MAX_FUZZY_PREFIX, |a, b| self.df_of(b.word).cmp(&self.df_of(a.word)));
            }
            out.extend(whole.into_iter().chain(pre).map(|h| {
                let weight = if h.prefix {
                    0.35
                } else if h.dist <= 1 {
                    0.5
                } else {
                    0.3
                };
                (h.word, weight)
            }));
        }
        // One entry per word, keeping its best weight.
        crate::util::sort_by(&mut out, |a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
        out.dedup_by_key(|x| x.0);
        let open = prefix && open;
        Expansion { query: q.to_owned(), open, words: out, completions: if open { completions } else { 0..0 } }
    }

    /// Runs a query.
    pub fn search_with(&self, s: &mut Scratch, query: &str, opts: &SearchOptions) -> Results {
        match self.score(self, s, query, opts) {
            Some(scored) => self.finish(self, s, self.rerank(self, scored, opts), opts),
            None => Results::default(),
        }
    }

    /// The query's words as the index matches them: folded, deduplicated, at most
    /// [`MAX_WORDS`] of at most [`MAX_WORD_CHARS`] characters each.
    pub(crate) fn query_words(query: &str) -> Vec<String> {
        let mut words = text::words(query);
        words.dedup();
        words.truncate(MAX_WORDS);
        // No vocabulary word is this long; a longer query word only costs time.
        for w in words.iter_mut() {
            if let Some((cut, _)) = w.char_indices().nth(MAX_WORD_CHARS) {
                w.truncate(cut);
            }
        }
        words
    }

    /// How query word `ti` of `n` is matched: `(prefix, open, max typos)`.
    pub(crate) fn word_mode(q: &str, ti: usize, n: usize, opts: &SearchOptions) -> (bool, bool, u8) {
        let last = ti + 1 == n;
        // Every word may complete (MiniSearch-style); the word being typed most of all.
        (opts.prefix && (last || q.chars().count() >= 3), last, if opts.fuzzy { opts.max_typos } else { 0 })
    }

    /// Whether query word `q`, completed as it is typed (`open`: prefix and last), searches
    /// names only: one or two letters typed, where what the reader wants is a term *named* like that.
    pub(crate) fn names_only(q: &str, open: bool) -> bool {
        open && q.chars().count() <= 2 && !q.chars().all(text::is_cjk)
    }

    /// What each of the query's `words` expands to (from `s`'s cache when it has them).
    pub(crate) fn expansions(&self, s: &mut Scratch, words: &[String], opts: &SearchOptions) -> Vec<Expansion> {
        let cache = &mut s.expansions;
        if !cache.trie.as_ref().is_some_and(|t| std::rc::Rc::ptr_eq(t, &self.trie)) {
            *cache = ExpansionCache { trie: Some(self.trie.clone()), entries: Vec::new() };
        }
        words
            .iter()
            .enumerate()
            .map(|(ti, q)| {
                let (prefix, open, typos) = Self::word_mode(q, ti, words.len(), opts);
                let key = (q.clone(), prefix, open, typos);
                let exp = match cache.entries.iter().position(|e| e.0 == key) {
                    Some(i) => cache.entries.remove(i).1,
                    None => self.expand(q, prefix, open, typos),
                };
                if cache.entries.len() >= CACHED_EXPANSIONS {
                    cache.entries.remove(0);
                }
                cache.entries.push((key, exp.clone()));
                exp
            })
            .collect()
    }

    /// First stage of a query: every matching document scored (BM25F over this index's
    /// words, with `docs` giving lengths and facets), the best [`RERANK`] kept.
    pub(crate) fn score(
        &self,
        docs: &dyn DocSource,
        s: &mut Scratch,
        query: &str,
        opts: &SearchOptions,
    ) -> Option<Scored> {
        let words = Self::query_words(query);
        let n = docs.ndocs();
        if words.is_empty() || n == 0 {
            return None;
        }
        s.reset(n);
        let gen = s.gen;
        let ndocs = n as f32;
        let norms = docs.norms();
        let norm = |d: usize| norms.get(d).copied().unwrap_or(1.0);
        let filtered = [&opts.category, &opts.difficulty].iter().any(|f| f.as_ref().is_some_and(|f| !f.is_empty()));
        let allowed = |d: usize| -> bool {
            if !filtered {
                return true;
            }
            let (category, difficulty) = docs.facets(d);
            let ok = |want: &Option<String>, have: Option<&str>| match want {
                Some(w) if !w.is_empty() => have.is_some_and(|h| h.eq_ignore_ascii_case(w)),
                _ => true,
            };
            ok(&opts.category, category) && ok(&opts.difficulty, difficulty)
        };
        let exps = self.expansions(s, &words, opts);
        let mut token_docs = std::mem::take(&mut s.token_docs);
        for (ti, exp) in exps.iter().enumerate() {
            let token_gen = gen.wrapping_mul(64).wrapping_add(ti as u32 + 1);
            token_docs.clear();
            // One or two letters typed: search names only (a fraction of the postings),
            // scored as title matches.
            if exp.names_only() {
                for &(w, weight) in &exp.words {
                    let df = self.df_of(w) as f32;
                    let idf = weight * (1.0 + (ndocs - df + 0.5) / (df + 0.5)).ln();
                    let tf = field_tf(field::TITLE);
                    for &d in self.name_postings(w) {
                        let d = d as usize;
                        let score = idf * tf * (K1 + 1.0) / (tf + norm(d));
                        s.hit(d, score, field::TITLE, token_gen, &mut token_docs);
                    }
                }
                s.finish_token(&token_docs, ti);
                continue;
            }
            for &(w, weight) in &exp.words {
                let df = self.df_of(w) as f32;
                let idf = weight * (1.0 + (ndocs - df + 0.5) / (df + 0.5)).ln();
                for p in self.postings(w) {
                    let d = p.doc as usize;
                    if d >= n {
                        break;
                    }
                    let tf = field_tf(p.fields) + if p.fields & field::BODY != 0 { p.count as f32 } else { 0.0 };
                    let score = idf * tf * (K1 + 1.0) / (tf + norm(d));
                    s.hit(d, score, p.fields, token_gen, &mut token_docs);
                }
            }
            s.finish_token(&token_docs, ti);
        }
        s.token_docs = token_docs;
        let full = if words.len() >= 32 { u32::MAX } else { (1u32 << words.len()) - 1 };
        let mut cands: Vec<(f32, u32)> = s
            .touched
            .iter()
            .filter(|&&d| s.get(d).mask == full && allowed(d as usize))
            .map(|&d| (s.get(d).total, d))
            .collect();
        let mut partial = false;
        if cands.is_empty() && words.len() > 1 {
            // Graceful fallback: documents with most of the words.
            partial = true;
            cands = s
                .touched
                .iter()
                .filter(|&&d| allowed(d as usize))
                .map(|&d| (s.get(d).total + 25.0 * s.get(d).mask.count_ones() as f32, d))
                .collect();
        }
        let total = cands.len();
        crate::util::top_k_by(&mut cands, RERANK.max(opts.limit), by_score);
        Some(Scored { words, exps, cands, total, partial })
    }

    /// Second stage: the candidates re-ranked by their names (`docs` must have every
    /// candidate's names), cut to `opts.limit`.
    pub(crate) fn rerank(&self, docs: &dyn DocSource, sc: Scored, opts: &SearchOptions) -> Scored {
        let Scored { words, exps, mut cands, total, partial } = sc;
        let phrase = words.join(" ");
        for c in cands.iter_mut() {
            c.0 += docs.names(self, c.1 as usize).map_or(0.0, |n| self.name_boost(&n, &phrase, words.len(), &exps));
        }
        crate::util::sort_by(&mut cands, by_score);
        cands.truncate(opts.limit);
        Scored { words, exps, cands, total, partial }
    }

    /// Last stage, after [`Index::rerank`]: the results, with their snippets (`docs` must
    /// hold each one's document).
    pub(crate) fn finish(&self, docs: &dyn DocSource, s: &mut Scratch, sc: Scored, opts: &SearchOptions) -> Results {
        let Scored { words, exps, cands, total, partial } = sc;
        // Snippets for the top results only, with what they look for prepared once.
        let matcher = opts.snippets.then(|| snippet::Matcher::new(self, &exps));
        let results = cands
            .into_iter()
            .filter_map(|(score, d)| {
                let doc = docs.doc(d as usize)?;
                let fields = s.fields(d);
                Some(SearchResult {
                    doc: d,
                    id: doc.id.clone(),
                    slug: doc.slug.clone(),
                    title: doc.title.clone(),
                    score,
                    matched: field::NAMES.iter().filter(|(b, _)| fields & b != 0).map(|(_, n)| *n).collect(),
                    snippet: matcher
                        .as_ref()
                        .map(|m| snippet::make(doc, d, m, fields, &mut s.snippets))
                        .unwrap_or_default(),
                    acronym: doc.acronym.clone(),
                    category: doc.category.clone(),
                    difficulty: doc.difficulty.clone(),
                    path: doc.path.clone(),
                })
            })
            .collect::<Vec<_>>();
        let suggestion = if results.is_empty() { self.did_you_mean(&words) } else { None };
        Results { results, total, partial, suggestion }
    }

    /// Re-rank bonus from the document's names: an exact title or acronym always wins.
    /// (`phrase`: the query's `nwords` words, joined by spaces.)
    fn name_boost(&self, names: &Names, phrase: &str, nwords: usize, exps: &[Expansion]) -> f32 {
        if names.title == phrase {
            return 1000.0;
        }
        if names.others.iter().any(|o| o == phrase) {
            return 900.0;
        }
        let n = nwords as f32;
        let mut best: f32 = 0.0;
        for (i, ids) in std::iter::once(&names.title_ids).chain(names.others_ids.iter()).enumerate() {
            if ids.is_empty() {
                continue;
            }
            let scale = if i == 0 { 1.0 } else { 0.9 };
            // Query words matched against the name's first words, in order (quality 0..1 each).
            let (mut sum, mut matched) = (0.0, 0);
            for (e, &w) in exps.iter().zip(ids) {
                let x = e.weight(self, w);
                sum += x;
                matched += usize::from(x > 0.0);
            }
            let ordered = matched == exps.len();
            let quality = sum / n;
            // Every name word matched: "kubelte" → Kubelet, "pod dis" → Pod Disruption.
            if ordered && ids.len() == exps.len() {
                best = best.max(600.0 * scale * quality);
                continue;
            }
            // The name starts with the query: "pod dis" → Pod Disruption Budget (less).
            if ordered {
                best = best.max(300.0 * scale * quality * n / ids.len() as f32);
                continue;
            }
            // Every query word is in the name somewhere.
            let mut found = exps.iter().map(|e| ids.iter().map(|&w| e.weight(self, w)).fold(0.0, f32::max));
            let mut sum = 0.0;
            if found.all(|x| {
                sum += x;
                x > 0.0
            }) {
                let q = sum / n;
                best = best.max(150.0 * scale * q * n / ids.len().max(exps.len()) as f32);
            }
        }
        best
    }

    /// A corrected query (each unknown word replaced by its most frequent close word).
    fn did_you_mean(&self, words: &[String]) -> Option<String> {
        let mut changed = false;
        let mut out = Vec::with_capacity(words.len());
        for q in words {
            if self.find(q).is_some() || !self.prefix_range(q).is_empty() {
                out.push(q.clone());
                continue;
            }
            let mut hits = Vec::new();
            fuzzy::search(&self.trie, q, max_edits(q.chars().count()).max(1).saturating_add(1).min(2), None, &mut hits);
            if hits.is_empty() {
                // A typo in a word still being typed: "strem" → streaming.
                fuzzy::search(&self.trie, q, 1, Some(1), &mut hits);
            }
            // Closest first; then words that name a term; then the most frequent.
            let in_title = |w: u32| self.name_words.get(w as usize).copied().unwrap_or(false);
            let best = hits.iter().min_by(|a, b| {
                a.dist
                    .cmp(&b.dist)
                    .then(in_title(b.word).cmp(&in_title(a.word)))
                    .then(self.df_of(b.word).cmp(&self.df_of(a.word)))
            });
            match best {
                Some(h) => {
                    out.push(self.word(h.word).to_owned());
                    changed = true;
                }
                None => out.push(q.clone()),
            }
        }
        changed.then(|| out.join(" "))
    }

    /// Completions for the last word typed: matching titles first, then frequent words.
    pub fn suggest(&self, query: &str, limit: usize) -> Vec<String> {
        let words = text::words(query);
        let Some(last) = words.last() else { return Vec::new() };
        let phrase = words.join(" ");
        let mut out: Vec<String> = Vec::new();
        let mut titles: Vec<(usize, &str)> = self
            .names
            .iter()
            .zip(&self.docs)
            .filter(|(n, _)| n.title.starts_with(&phrase) && n.title != phrase)
            .map(|(n, d)| (n.title.len(), d.title.as_str()))
            .collect();
        crate::util::sort_by(&mut titles, |a, b| a.cmp(b));
        out.extend(titles.into_iter().take(limit).map(|(_, t)| t.to_owned()));
        let head = words.get(..words.len() - 1).unwrap_or_default();
        let mut comps: Vec<u32> = self.prefix_range(last).map(|w| w as u32).filter(|w| self.word(*w) != last).collect();
        crate::util::top_k_by(&mut comps, limit, |a, b| self.df_of(*b).cmp(&self.df_of(*a)));
        for w in comps {
            if out.len() >= limit {
                break;
            }
            let mut s = head.join(" ");
            if !s.is_empty() {
                s.push(' ');
            }
            s.push_str(self.word(w));
            if !out.iter().any(|o| text::words(o).join(" ") == s) {
                out.push(s);
            }
        }
        out.truncate(limit);
        out
    }
}
