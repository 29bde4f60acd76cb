//! Typo-tolerant matching over the sorted vocabulary.
//!
//! The vocabulary is sorted, so walking it in order is a depth-first walk of
//! its (implicit) trie: each word reuses the edit-distance rows of the prefix it
//! shares with the previous word, and a prefix whose best cell already exceeds
//! the allowed distance skips every word below it with one binary search. Cost
//! grows with the trie nodes within reach of the query, not with the vocabulary.
//! Distance is optimal string alignment (Levenshtein plus adjacent transpositions),
//! counted in characters.

/// A vocabulary word within reach of the query.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub word: u32,
    pub dist: u8,
    /// Matched as "a prefix of the word is within distance" (search-as-you-type with a typo).
    pub prefix: bool,
}

/// Finds words within `k` edits of `query` (and, with `prefix`, words that start
/// with something within `k` edits of it). `words` must be sorted.
pub fn search<S: AsRef<str>>(words: &[S], query: &str, k: u8, prefix: bool, out: &mut Vec<Hit>) {
    let q: Vec<char> = query.chars().collect();
    let m = q.len();
    if m == 0 || words.is_empty() {
        return;
    }
    let width = m + 1;
    // rows[d] = DP row after d characters of the current word.
    let mut rows: Vec<u8> = (0..=m).map(|j| j.min(255) as u8).collect();
    let mut chars: Vec<char> = Vec::with_capacity(32);
    let mut prev: Vec<char> = Vec::with_capacity(32);
    let mut computed = 0usize; // rows valid for depths 0..=computed of `prev`
    let mut i = 0usize;
    while i < words.len() {
        let w = words[i].as_ref();
        chars.clear();
        chars.extend(w.chars());
        let lcp = chars.iter().zip(prev.iter()).take_while(|(a, b)| a == b).count();
        let mut depth = lcp.min(computed);
        rows.truncate(width * (depth + 1));
        let mut jumped = false;
        while depth < chars.len() {
            let d = depth + 1;
            let c = chars[d - 1];
            let base = rows.len();
            rows.resize(base + width, 0);
            rows[base] = d.min(255) as u8;
            let mut best = rows[base];
            for j in 1..=m {
                let up = rows[base - width + j];
                let left = rows[base + j - 1];
                let diag = rows[base - width + j - 1];
                let mut v =
                    up.saturating_add(1).min(left.saturating_add(1)).min(diag.saturating_add(u8::from(c != q[j - 1])));
                if d > 1 && j > 1 && c == q[j - 2] && chars[d - 2] == q[j - 1] {
                    v = v.min(rows[base - 2 * width + j - 2].saturating_add(1));
                }
                rows[base + j] = v;
                best = best.min(v);
            }
            depth = d;
            let last = rows[base + m];
            if best > k || (prefix && last <= k) {
                // Everything below this prefix is decided at once: skipped, or all prefix hits.
                let p: String = chars[..d].iter().collect();
                let end = i + words[i..].partition_point(|x| x.as_ref().starts_with(p.as_str()));
                if best <= k {
                    for word in i..end {
                        let exact_len = words[word].as_ref().chars().count() == d;
                        out.push(Hit { word: word as u32, dist: last, prefix: !exact_len });
                    }
                }
                prev.clear();
                prev.extend_from_slice(&chars[..d]);
                computed = d;
                i = end.max(i + 1);
                jumped = true;
                break;
            }
        }
        if jumped {
            continue;
        }
        let dist = rows[width * chars.len() + m];
        if dist <= k {
            out.push(Hit { word: i as u32, dist, prefix: false });
        }
        std::mem::swap(&mut prev, &mut chars);
        computed = prev.len();
        i += 1;
    }
}

/// Plain optimal-string-alignment distance (for tests and small checks).
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
        search(&v, q, k, prefix, &mut out);
        out.into_iter().map(|h| (v[h.word as usize].to_string(), h.dist, h.prefix)).collect()
    }

    #[test]
    fn matches_brute_force() {
        let v = vocab();
        for q in ["kubelte", "contianer", "pdo", "nod", "clustr", "bezeir", "tokne", "xyz", "kubernetse", "proxi"] {
            for k in 0..=2u8 {
                let mut want: Vec<String> =
                    v.iter().filter(|w| distance(w, q) <= k as usize).map(|w| w.to_string()).collect();
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
