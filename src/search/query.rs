//! Queries: prefix, typo tolerance, multi-word AND with graceful fallback,
//! BM25F ranking, an exact-name re-rank, filters, snippets and suggestions.

use serde::{Deserialize, Serialize};

use super::fuzzy;
use super::index::{field, Index};
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
    /// Compute highlighted snippets.
    pub snippets: bool,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions { limit: 10, category: None, difficulty: None, prefix: true, fuzzy: true, snippets: true }
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
    stamp: Vec<u32>,
    gen: u32,
    total: Vec<f32>,
    best: Vec<f32>,
    best_stamp: Vec<u32>,
    mask: Vec<u32>,
    fields: Vec<u8>,
    touched: Vec<u32>,
}

impl Scratch {
    fn reset(&mut self, n: usize) {
        if self.stamp.len() != n {
            *self = Scratch {
                stamp: vec![0; n],
                total: vec![0.0; n],
                best: vec![0.0; n],
                best_stamp: vec![0; n],
                mask: vec![0; n],
                fields: vec![0; n],
                ..Default::default()
            };
        }
        self.gen = self.gen.wrapping_add(1);
        if self.gen == 0 {
            self.stamp.iter_mut().for_each(|s| *s = 0);
            self.best_stamp.iter_mut().for_each(|s| *s = 0);
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

/// How well a query word matches a document word (1 exact … 0 no match).
pub fn word_match(q: &str, w: &str, prefix: bool, fuzzy: bool) -> f32 {
    if q == w {
        return 1.0;
    }
    let qn = q.chars().count();
    if prefix && w.starts_with(q) {
        return 0.55 + 0.35 * (qn as f32 / w.chars().count() as f32);
    }
    if fuzzy {
        let k = max_edits(qn) as usize;
        if k > 0 {
            let wn = w.chars().count();
            if wn.abs_diff(qn) <= k {
                match fuzzy::distance(q, w) {
                    1 => return 0.5,
                    d if d <= k => return 0.35,
                    _ => {}
                }
            }
            if prefix && wn > qn {
                let head: String = w.chars().take(qn).collect();
                if fuzzy::distance(q, &head) <= k.min(1) {
                    return 0.35;
                }
            }
        }
    }
    0.0
}

const K1: f32 = 1.2;
const B: f32 = 0.75;
/// Most prefix completions followed per query word (the most frequent ones).
const MAX_PREFIX: usize = 256;
const MAX_WORDS: usize = 16;
/// Candidates re-ranked by their names.
const RERANK: usize = 64;

impl Index {
    /// Runs a query with fresh buffers.
    pub fn search(&self, query: &str, opts: &SearchOptions) -> Results {
        self.search_with(&mut Scratch::default(), query, opts)
    }

    /// The words a query word expands to: (word, match weight).
    fn expand(&self, q: &str, prefix: bool, fuzzy: bool, out: &mut Vec<(u32, f32)>) {
        out.clear();
        if let Some(w) = self.find(q) {
            out.push((w, 1.0));
        }
        let qn = q.chars().count();
        let cjk = q.chars().all(text::is_cjk);
        if prefix {
            let range = self.prefix_range(q);
            let mut words: Vec<u32> =
                range.map(|w| w as u32).filter(|w| out.first().is_none_or(|(e, _)| e != w)).collect();
            if words.len() > MAX_PREFIX {
                words.select_nth_unstable_by(MAX_PREFIX, |a, b| self.df[*b as usize].cmp(&self.df[*a as usize]));
                words.truncate(MAX_PREFIX);
            }
            for w in words {
                let wl = self.vocab[w as usize].chars().count();
                out.push((w, 0.55 + 0.35 * (qn as f32 / wl as f32)));
            }
        }
        let k = max_edits(qn);
        if fuzzy && k > 0 && !cjk {
            let mut hits = Vec::new();
            fuzzy::search(&self.vocab, q, k, prefix, &mut hits);
            for h in hits {
                if out.iter().any(|(w, _)| *w == h.word) {
                    continue;
                }
                let weight = if h.prefix {
                    0.35
                } else if h.dist <= 1 {
                    0.5
                } else {
                    0.3
                };
                out.push((h.word, weight));
            }
        }
    }

    /// Runs a query.
    pub fn search_with(&self, s: &mut Scratch, query: &str, opts: &SearchOptions) -> Results {
        let mut words = text::words(query);
        words.dedup();
        words.truncate(MAX_WORDS);
        if words.is_empty() || self.docs.is_empty() {
            return Results::default();
        }
        let n = self.docs.len();
        s.reset(n);
        let gen = s.gen;
        let avg = self.avg_len();
        let ndocs = n as f32;
        let allowed = |d: usize| -> bool {
            let doc = &self.docs[d];
            let ok = |want: &Option<String>, have: &Option<String>| match want {
                Some(w) if !w.is_empty() => have.as_deref().is_some_and(|h| h.eq_ignore_ascii_case(w)),
                _ => true,
            };
            ok(&opts.category, &doc.category) && ok(&opts.difficulty, &doc.difficulty)
        };
        let mut expansions = Vec::new();
        for (ti, q) in words.iter().enumerate() {
            let last = ti + 1 == words.len();
            // Every word may complete (MiniSearch-style); the word being typed most of all.
            self.expand(q, opts.prefix && (last || q.chars().count() >= 3), opts.fuzzy, &mut expansions);
            let token_gen = gen.wrapping_mul(64).wrapping_add(ti as u32 + 1);
            let mut token_docs: Vec<u32> = Vec::new();
            for &(w, weight) in &expansions {
                let df = self.df[w as usize] as f32;
                let idf = (1.0 + (ndocs - df + 0.5) / (df + 0.5)).ln();
                for p in self.postings(w) {
                    let d = p.doc as usize;
                    if d >= n {
                        break;
                    }
                    let mut tf = 0.0;
                    for (bit, _) in field::NAMES {
                        if p.fields & bit != 0 {
                            tf += if bit == field::BODY { p.count as f32 } else { field::weight(bit) };
                        }
                    }
                    let norm = 1.0 - B + B * self.lengths[d] as f32 / avg;
                    let score = weight * idf * tf * (K1 + 1.0) / (tf + K1 * norm);
                    if s.best_stamp[d] != token_gen {
                        s.best_stamp[d] = token_gen;
                        s.best[d] = score;
                        token_docs.push(d as u32);
                    } else if score > s.best[d] {
                        s.best[d] = score;
                    }
                    if s.stamp[d] != gen {
                        s.stamp[d] = gen;
                        s.total[d] = 0.0;
                        s.mask[d] = 0;
                        s.fields[d] = 0;
                        s.touched.push(d as u32);
                    }
                    s.fields[d] |= p.fields;
                }
            }
            for d in token_docs {
                let d = d as usize;
                s.total[d] += s.best[d];
                s.mask[d] |= 1 << ti;
            }
        }
        let full = if words.len() >= 32 { u32::MAX } else { (1u32 << words.len()) - 1 };
        let mut cands: Vec<(f32, u32)> = s
            .touched
            .iter()
            .filter(|&&d| s.mask[d as usize] == full && allowed(d as usize))
            .map(|&d| (s.total[d as usize], d))
            .collect();
        let mut partial = false;
        if cands.is_empty() && words.len() > 1 {
            // Graceful fallback: documents with most of the words.
            partial = true;
            cands = s
                .touched
                .iter()
                .filter(|&&d| allowed(d as usize))
                .map(|&d| (s.total[d as usize] + 25.0 * s.mask[d as usize].count_ones() as f32, d))
                .collect();
        }
        let total = cands.len();
        let by_score = |a: &(f32, u32), b: &(f32, u32)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
        let keep = RERANK.max(opts.limit);
        if cands.len() > keep {
            cands.select_nth_unstable_by(keep, by_score);
            cands.truncate(keep);
        }
        for c in cands.iter_mut() {
            c.0 += self.name_boost(c.1 as usize, &words, opts);
        }
        cands.sort_by(by_score);
        cands.truncate(opts.limit);
        let results = cands
            .into_iter()
            .map(|(score, d)| {
                let doc = &self.docs[d as usize];
                let fields = s.fields[d as usize];
                SearchResult {
                    doc: d,
                    id: doc.id.clone(),
                    slug: doc.slug.clone(),
                    title: doc.title.clone(),
                    score,
                    matched: field::NAMES.iter().filter(|(b, _)| fields & b != 0).map(|(_, n)| *n).collect(),
                    snippet: if opts.snippets { snippet::make(doc, &words, opts) } else { Vec::new() },
                    acronym: doc.acronym.clone(),
                    category: doc.category.clone(),
                    difficulty: doc.difficulty.clone(),
                    path: doc.path.clone(),
                }
            })
            .collect::<Vec<_>>();
        let suggestion = if results.is_empty() || partial { self.did_you_mean(&words) } else { None };
        Results { results, total, partial, suggestion }
    }

    /// Re-rank bonus from the document's names: an exact title or acronym always wins.
    fn name_boost(&self, d: usize, words: &[String], opts: &SearchOptions) -> f32 {
        let names = &self.names[d];
        let phrase = words.join(" ");
        if names.title == phrase {
            return 1000.0;
        }
        if names.others.iter().any(|o| *o == phrase) {
            return 900.0;
        }
        let mut best: f32 = 0.0;
        for (i, name) in std::iter::once(&names.title).chain(names.others.iter()).enumerate() {
            let scale = if i == 0 { 1.0 } else { 0.9 };
            let nw: Vec<&str> = name.split(' ').filter(|w| !w.is_empty()).collect();
            if nw.is_empty() {
                continue;
            }
            let m = |q: &str, w: &str, last: bool| word_match(q, w, opts.prefix && last, opts.fuzzy);
            let last = words.len() - 1;
            let n = words.len() as f32;
            // Query words matched against the name's first words, in order (quality 0..1 each).
            let in_order: Vec<f32> = words.iter().zip(&nw).enumerate().map(|(i, (q, w))| m(q, w, i == last)).collect();
            let ordered = in_order.len() == words.len() && in_order.iter().all(|&x| x > 0.0);
            let quality = in_order.iter().sum::<f32>() / n;
            // Every name word matched: "kubelte" → Kubelet, "pod dis" → Pod Disruption.
            if ordered && nw.len() == words.len() {
                best = best.max(600.0 * scale * quality);
                continue;
            }
            // The name starts with the query: "pod dis" → Pod Disruption Budget (less).
            if ordered {
                best = best.max(300.0 * scale * quality * n / nw.len() as f32);
                continue;
            }
            // Every query word is in the name somewhere.
            let found: Vec<f32> = words
                .iter()
                .enumerate()
                .map(|(i, q)| nw.iter().map(|w| m(q, w, i == last)).fold(0.0, f32::max))
                .collect();
            if found.iter().all(|&x| x > 0.0) {
                let q = found.iter().sum::<f32>() / n;
                best = best.max(150.0 * scale * q * n / nw.len().max(words.len()) as f32);
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
            fuzzy::search(
                &self.vocab,
                q,
                max_edits(q.chars().count()).max(1).saturating_add(1).min(2),
                false,
                &mut hits,
            );
            if hits.is_empty() {
                // A typo in a word still being typed: "strem" → streaming.
                fuzzy::search(&self.vocab, q, 1, true, &mut hits);
            }
            // Closest first; then words that name a term; then the most frequent.
            let in_title = |w: u32| {
                let w = &*self.vocab[w as usize];
                self.names.iter().any(|n| {
                    n.title.split(' ').any(|t| t == w) || n.others.iter().any(|o| o.split(' ').any(|t| t == w))
                })
            };
            let best = hits.iter().min_by(|a, b| {
                a.dist
                    .cmp(&b.dist)
                    .then(in_title(b.word).cmp(&in_title(a.word)))
                    .then(self.df[b.word as usize].cmp(&self.df[a.word as usize]))
            });
            match best {
                Some(h) => {
                    out.push(self.vocab[h.word as usize].to_string());
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
        titles.sort();
        out.extend(titles.into_iter().take(limit).map(|(_, t)| t.to_owned()));
        let head = &words[..words.len() - 1];
        let mut comps: Vec<u32> =
            self.prefix_range(last).map(|w| w as u32).filter(|w| &*self.vocab[*w as usize] != last).collect();
        comps.sort_by(|a, b| self.df[*b as usize].cmp(&self.df[*a as usize]));
        for w in comps {
            if out.len() >= limit {
                break;
            }
            let mut s = head.join(" ");
            if !s.is_empty() {
                s.push(' ');
            }
            s.push_str(&self.vocab[w as usize]);
            if !out.iter().any(|o| text::words(o).join(" ") == s) {
                out.push(s);
            }
        }
        out.truncate(limit);
        out
    }
}
