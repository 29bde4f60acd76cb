//! Typo-tolerant matching over the vocabulary.
//!
//! The sorted vocabulary is laid out as a compact trie (built once when an index
//! is loaded). Matching walks the trie depth-first, keeping one edit-distance row
//! per depth, and skips a whole subtree as soon as its best cell exceeds the
//! allowed distance — so the cost grows with the trie nodes within reach of the
//! query, not with the vocabulary. Distance is optimal string alignment
//! (Levenshtein plus adjacent transpositions), counted in characters.

/// A vocabulary word within reach of the query.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub word: u32,
    pub dist: u8,
    /// Matched as "a prefix of the word is within distance" (search-as-you-type with a typo).
    pub prefix: bool,
}

#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct TrieNode {
    ch: char,
    /// The words below this node: `first..end` of the sorted vocabulary.
    first: u32,
    end: u32,
    /// Children are `child..child + nchild` (contiguous).
    child: u32,
    nchild: u32,
    /// A word ends exactly here (it is `first`).
    word: bool,
}

/// The vocabulary as a trie over characters.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Trie {
    nodes: Vec<TrieNode>,
}

impl Trie {
    /// Builds the trie of a sorted, deduplicated word list.
    pub fn build<S: AsRef<str>>(words: &[S]) -> Trie {
        let mut b = TrieBuilder::default();
        while !b.step(words, usize::MAX) {}
        b.finish()
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.len() <= 1
    }
}

/// Builds a [`Trie`] in bounded steps (so a page can build a 100 000-term index's
/// trie between frames): first the words' characters, then the nodes breadth-first.
#[derive(Debug, Default)]
pub struct TrieBuilder {
    chars: Vec<Vec<char>>,
    nodes: Vec<TrieNode>,
    depth_of: Vec<usize>,
    next: usize,
}

impl TrieBuilder {
    /// Does about `budget` units of work on `words` (the same sorted list every call);
    /// returns `true` when the trie is complete.
    pub fn step<S: AsRef<str>>(&mut self, words: &[S], budget: usize) -> bool {
        let mut left = budget.max(1);
        while self.chars.len() < words.len() {
            if left == 0 {
                return false;
            }
            let end = self.chars.len().saturating_add(left).min(words.len());
            left -= end - self.chars.len();
            let batch = words.get(self.chars.len()..end).unwrap_or_default();
            self.chars.extend(batch.iter().map(|w| w.as_ref().chars().collect::<Vec<char>>()));
        }
        if self.nodes.is_empty() {
            self.nodes.push(TrieNode { first: 0, end: words.len() as u32, ..Default::default() });
            self.depth_of.push(0);
        }
        let chars = &self.chars;
        while self.next < self.nodes.len() {
            if left == 0 {
                return false;
            }
            let next = self.next;
            let (Some(node), Some(&depth)) = (self.nodes.get(next).copied(), self.depth_of.get(next)) else { break };
            let (lo, hi) = (node.first as usize, node.end as usize);
            // A node costs 1 + its words / 256 units; one that does not fit waits for the
            // next step (unless the step is fresh, so every step makes progress).
            let cost = 1 + hi.saturating_sub(lo) / 256;
            if cost > left && left < budget.max(1) {
                return false;
            }
            let char_at = |i: usize| chars.get(i).and_then(|w| w.get(depth)).copied();
            let mut i = lo;
            let mut word = false;
            // Sorted words: only the first of a range can end at this depth.
            if i < hi && chars.get(i).is_some_and(|w| w.len() == depth) {
                word = true;
                i += 1;
            }
            let child = self.nodes.len() as u32;
            while i < hi {
                let Some(c) = char_at(i) else {
                    i += 1; // a word that is not sorted (never from our own builds): left out
                    continue;
                };
                let mut j = i + 1;
                while j < hi && char_at(j) == Some(c) {
                    j += 1;
                }
                self.nodes.push(TrieNode { ch: c, first: i as u32, end: j as u32, ..Default::default() });
                self.depth_of.push(depth + 1);
                i = j;
            }
            let nchild = self.nodes.len() as u32 - child;
            if let Some(n) = self.nodes.get_mut(next) {
                n.word = word;
                n.child = child;
                n.nchild = nchild;
            }
            self.next += 1;
            left = left.saturating_sub(cost);
        }
        true
    }

    /// The trie (complete once [`TrieBuilder::step`] returned `true`).
    pub fn finish(self) -> Trie {
        Trie { nodes: self.nodes }
    }
}

/// Finds words within `k` edits of `query`, and (when `kp` is `Some`) words that
/// start with something within `kp` edits of it.
// Bounds, proven here (this is the hot loop, so it indexes directly): the trie is made
// only by `TrieBuilder`, whose child ranges are nodes it pushed; a node at depth `d ≥ 1`
// finds `rows.len() == width * (d + 1)` and `path.len() == d`, so `base - width` (and
// `base - 2 * width` when `d > 1`) are rows on the path, and `1 <= lo <= j <= hi <= m`
// keeps every column inside `0..width` and `q[j - 1]`, `q[j - 2]` (when `j > 1`) in `q`.
#[allow(clippy::indexing_slicing)]
pub fn search(trie: &Trie, query: &str, k: u8, kp: Option<u8>, out: &mut Vec<Hit>) {
    let k = k.max(kp.unwrap_or(0));
    let q: Vec<char> = query.chars().collect();
    let m = q.len();
    if m == 0 || trie.is_empty() {
        return;
    }
    let width = m + 1;
    // rows[d] = DP row after the first d characters on the current path.
    let mut rows: Vec<u8> = (0..=m).map(|j| j.min(255) as u8).collect();
    let mut path: Vec<char> = Vec::with_capacity(32);
    // Explicit DFS stack of (node, depth).
    let mut stack: Vec<(u32, usize)> = Vec::with_capacity(64);
    // The first letter is taken as typed (or swapped with the second): typos there are
    // rare, and this skips all but one or two of the root's subtrees (like Lucene's
    // `prefixLength = 1`).
    let root = &trie.nodes[0];
    for c in (root.child..root.child + root.nchild).rev() {
        let ch = trie.nodes[c as usize].ch;
        if ch == q[0] || (m > 1 && ch == q[1]) {
            stack.push((c, 1));
        }
    }
    while let Some((ni, d)) = stack.pop() {
        let node = &trie.nodes[ni as usize];
        path.truncate(d - 1);
        path.push(node.ch);
        rows.truncate(width * d);
        let base = rows.len();
        rows.resize(base + width, 0);
        rows[base] = d.min(255) as u8;
        let mut best = rows[base];
        let c = node.ch;
        // Cells further than k from the diagonal can never come back within k: only the band is computed.
        let lo = d.saturating_sub(k as usize).max(1);
        let hi = (d + k as usize).min(m);
        let far = k.saturating_add(1);
        for cell in rows[base + 1..base + lo.min(m + 1)].iter_mut() {
            *cell = far;
        }
        if hi < m {
            for cell in rows[base + hi + 1..base + m + 1].iter_mut() {
                *cell = far;
            }
        }
        for j in lo..=hi {
            let up = rows[base - width + j];
            let left = rows[base + j - 1];
            let diag = rows[base - width + j - 1];
            let mut v =
                up.saturating_add(1).min(left.saturating_add(1)).min(diag.saturating_add(u8::from(c != q[j - 1])));
            if d > 1 && j > 1 && c == q[j - 2] && path[d - 2] == q[j - 1] {
                v = v.min(rows[base - 2 * width + j - 2].saturating_add(1));
            }
            rows[base + j] = v;
            best = best.min(v);
        }
        if best > k {
            continue;
        }
        let last = rows[base + m];
        if kp.is_some_and(|kp| last <= kp) {
            // Every word below starts with a near match of the query.
            for w in node.first..node.end {
                out.push(Hit { word: w, dist: last, prefix: !(node.word && w == node.first) });
            }
            continue;
        }
        if node.word && last <= k {
            out.push(Hit { word: node.first, dist: last, prefix: false });
        }
        for c in (node.child..node.child + node.nchild).rev() {
            stack.push((c, d + 1));
        }
    }
}

/// Plain optimal-string-alignment distance (for tests and small checks).
// Bounds: `i <= a.len()`, `j <= b.len()`, the table is `(a.len() + 1) * w`, and the
// `i - 1`, `j - 1`, `i - 2`, `j - 2` reads are guarded by `i`, `j` > 0 (or > 1).
#[allow(clippy::indexing_slicing)]
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for i in 0..=a.len() {
        for j in 0..=b.len() {
            d[i * w + j] = if i == 0 {
                j
            } else if j == 0 {
                i
            } else {
                let mut v = (d[(i - 1) * w + j] + 1)
                    .min(d[i * w + j - 1] + 1)
                    .min(d[(i - 1) * w + j - 1] + usize::from(a[i - 1] != b[j - 1]));
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    v = v.min(d[(i - 2) * w + j - 2] + 1);
                }
                v
            };
        }
    }
    d[a.len() * w + b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab() -> Vec<&'static str> {
        let mut v = vec![
            "container",
            "containers",
            "containerd",
            "contain",
            "kubelet",
            "kubernetes",
            "kubectl",
            "node",
            "nodes",
            "pod",
            "pods",
            "podsecurity",
            "proxy",
            "the",
            "token",
            "tokens",
            "teh",
            "bezier",
            "cluster",
            "clusters",
        ];
        v.sort();
        v
    }

    fn run(q: &str, k: u8, prefix: bool) -> Vec<(String, u8, bool)> {
        let v = vocab();
        let mut out = Vec::new();
        search(&Trie::build(&v), q, k, if prefix { Some(k) } else { None }, &mut out);
        out.into_iter().map(|h| (v[h.word as usize].to_string(), h.dist, h.prefix)).collect()
    }

    #[test]
    fn matches_brute_force() {
        let v = vocab();
        for q in [
            "kubelte",
            "contianer",
            "pdo",
            "nod",
            "clustr",
            "bezeir",
            "tokne",
            "xyz",
            "kubernetse",
            "proxi",
            "ocntainer",
        ] {
            for k in 0..=2u8 {
                // Brute force, with the same rule: the first letter as typed, or swapped with the second.
                let first = |w: &str| {
                    let (a, b): (Vec<char>, Vec<char>) = (w.chars().collect(), q.chars().collect());
                    a[0] == b[0] || (b.len() > 1 && a[0] == b[1])
                };
                let mut want: Vec<String> =
                    v.iter().filter(|w| first(w) && distance(w, q) <= k as usize).map(|w| w.to_string()).collect();
                want.sort();
                let mut got: Vec<String> = run(q, k, false).into_iter().map(|h| h.0).collect();
                got.sort();
                assert_eq!(got, want, "{q} k={k}");
            }
        }
    }

    #[test]
    fn typo_prefixes() {
        let got = run("kubr", 1, true);
        let names: Vec<_> = got.iter().map(|h| h.0.as_str()).collect();
        assert!(names.contains(&"kubernetes") && names.contains(&"kubelet") && names.contains(&"kubectl"), "{got:?}");
        assert_eq!(distance("teh", "the"), 1);
    }
}
