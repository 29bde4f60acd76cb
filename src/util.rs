//! Small, size-conscious helpers for the wasm build.
//!
//! Why hand-written: every `slice::sort_by` call site monomorphizes the standard
//! library's driftsort/ipnsort (several kB of wasm each; ~75 kB in all before
//! this module). These are a few hundred bytes per use and fast enough for the
//! sizes a glossary has (they are not hot paths except `top_k_by`, which is a
//! bounded heap).

use std::cmp::Ordering;

/// `s[start..end]`, or `""` when the range is out of bounds or not on character
/// boundaries. The core's one way to slice text by computed offsets.
pub fn sub(s: &str, start: usize, end: usize) -> &str {
    s.get(start..end).unwrap_or_default()
}

/// `s[start..]`, or `""` when `start` is out of bounds or not on a character boundary.
pub fn from(s: &str, start: usize) -> &str {
    s.get(start..).unwrap_or_default()
}

/// `s[..end]`, or all of `s` when `end` is past it (`""` off a character boundary).
pub fn upto(s: &str, end: usize) -> &str {
    if end >= s.len() {
        return s;
    }
    s.get(..end).unwrap_or_default()
}

/// Sorts in place (Shell sort with Ciura's gaps; not stable).
// Bounds: `gap <= j < n` in the inner loop, so both indexes are in range.
#[allow(clippy::indexing_slicing)]
pub fn sort_by<T, F: FnMut(&T, &T) -> Ordering>(v: &mut [T], mut cmp: F) {
    const GAPS: [usize; 12] = [88_573, 39_365, 17_495, 7_775, 3_455, 1_535, 701, 301, 132, 57, 23, 10];
    let n = v.len();
    for gap in GAPS.iter().copied().filter(|&g| g < n).chain([4, 1]) {
        for i in gap..n {
            let mut j = i;
            while j >= gap && cmp(&v[j - gap], &v[j]) == Ordering::Greater {
                v.swap(j - gap, j);
                j -= gap;
            }
        }
    }
}

/// Sorts by a key.
pub fn sort_by_key<T, K: Ord, F: FnMut(&T) -> K>(v: &mut [T], mut key: F) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Keeps the `k` smallest elements (by `cmp`), sorted, in O(n log k).
// Bounds: `l`/`r` are compared with `h.len()` before use, `i < k <= v.len()`, and
// `v[..k]` is taken only when `v.len() > k`.
#[allow(clippy::indexing_slicing)]
pub fn top_k_by<T, F: FnMut(&T, &T) -> Ordering>(v: &mut Vec<T>, k: usize, mut cmp: F) {
    if k == 0 {
        v.clear();
        return;
    }
    if v.len() > k {
        // A max-heap of the best k seen so far, in v[..k].
        let sift = |h: &mut [T], mut i: usize, cmp: &mut F| loop {
            let (l, r) = (2 * i + 1, 2 * i + 2);
            let mut big = i;
            if l < h.len() && cmp(&h[l], &h[big]) == Ordering::Greater {
                big = l;
            }
            if r < h.len() && cmp(&h[r], &h[big]) == Ordering::Greater {
                big = r;
            }
            if big == i {
                break;
            }
            h.swap(i, big);
            i = big;
        };
        for i in (0..k / 2).rev() {
            sift(&mut v[..k], i, &mut cmp);
        }
        for i in k..v.len() {
            if cmp(&v[i], &v[0]) == Ordering::Less {
                v.swap(0, i);
                sift(&mut v[..k], 0, &mut cmp);
            }
        }
        v.truncate(k);
    }
    sort_by(v, cmp);
}

/// Upper-cases a letter for A–Z navigation: ASCII letters, anything else as is
/// (the full Unicode upper-case table would cost ~12 kB of wasm for this one use).
pub fn upper_letter(c: char) -> char {
    c.to_ascii_uppercase()
}

/// A number as JavaScript prints it (`3`, `0.7`, `1e21`…), without pulling in
/// core's float formatting.
pub fn fmt_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        return (n as i64).to_string();
    }
    match serde_json::Number::from_f64(n) {
        Some(x) => x.to_string(),
        None if n.is_nan() => "NaN".into(),
        None if n > 0.0 => "Infinity".into(),
        None => "-Infinity".into(),
    }
}

/// Decodes character references: numeric ones and the common named ones.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some((before, after)) = rest.split_once('&') {
        out.push_str(before);
        // `after` is what follows the `&`: a name of letters, digits and `#`, then maybe `;`.
        let name_len = after.find(|c: char| !c.is_ascii_alphanumeric() && c != '#').unwrap_or(after.len());
        let name = upto(after, name_len);
        let consumed = if from(after, name_len).starts_with(';') { name_len + 1 } else { name_len };
        match entity(name) {
            Some(c) => {
                out.push(c);
                rest = from(after, consumed);
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let n = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return Some(char::from_u32(n).filter(|c| *c != '\0').unwrap_or('\u{FFFD}'));
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "laquo" => '«',
        "raquo" => '»',
        "ldquo" => '“',
        "rdquo" => '”',
        "lsquo" => '‘',
        "rsquo" => '’',
        "times" => '×',
        "middot" => '·',
        "bull" => '•',
        "deg" => '°',
        "euro" => '€',
        "colon" => ':',
        "Tab" => '\t',
        "NewLine" => '\n',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts() {
        let mut x = 0x2545F4914F6CDD1Du64;
        for n in [0, 1, 2, 5, 33, 1000, 20_000] {
            let mut v: Vec<u64> = (0..n)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    x % 997
                })
                .collect();
            let mut want = v.clone();
            want.sort();
            let mut top = v.clone();
            sort_by(&mut v, |a, b| a.cmp(b));
            assert_eq!(v, want);
            top_k_by(&mut top, 10, |a, b| a.cmp(b));
            assert_eq!(top, want[..want.len().min(10)]);
        }
    }

    #[test]
    fn numbers() {
        assert_eq!(fmt_number(3.0), "3");
        assert_eq!(fmt_number(0.7), "0.7");
        assert_eq!(fmt_number(-2.5), "-2.5");
    }
}
