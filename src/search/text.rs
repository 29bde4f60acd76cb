//! Text → search tokens: Unicode word segmentation (UAX #29, so CJK and Thai
//! text split into words too), then folding — canonical decomposition (NFD),
//! combining marks removed, lower-cased, plus the compatibility forms that
//! matter for search (full-width Latin, ligatures) — so `Bézier` matches
//! `bezier`, `ＡＰＩ` matches `api` and `Straße` matches `strasse`.
//! No stemming: titles match as written.
//!
//! Why NFD plus a short list rather than NFKD: the compatibility tables cost
//! ~90 kB of wasm for forms (circled digits, Roman numerals, …) nobody types
//! into a glossary search box.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};
use unicode_segmentation::UnicodeSegmentation;

/// Folds text for matching: NFKD, no combining marks, lower case.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// Appends the folded form of `s`.
pub fn fold_into(s: &str, out: &mut String) {
    if s.is_ascii() {
        out.extend(s.chars().map(|c| c.to_ascii_lowercase()));
        return;
    }
    let mut decomposed = Vec::with_capacity(4);
    for c in s.chars().map(compat) {
        decomposed.clear();
        decompose_canonical(c, |d| decomposed.push(d));
        for &c in &decomposed {
            push_folded(c, out);
        }
    }
}

fn push_folded(c: char, out: &mut String) {
    if is_combining_mark(c) {
        return;
    }
    {
        match c {
            'ß' => out.push_str("ss"),
            'ﬀ' => out.push_str("ff"),
            'ﬁ' => out.push_str("fi"),
            'ﬂ' => out.push_str("fl"),
            'ﬃ' => out.push_str("ffi"),
            'ﬄ' => out.push_str("ffl"),
            'ı' => out.push('i'),
            'ł' | 'Ł' => out.push('l'),
            'ø' | 'Ø' => out.push('o'),
            'đ' | 'Đ' => out.push('d'),
            'æ' | 'Æ' => out.push_str("ae"),
            'œ' | 'Œ' => out.push_str("oe"),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => out.extend(c.to_lowercase()),
        }
    }
}

/// Full-width ASCII (U+FF01–FF5E) and the ideographic space become plain ASCII.
fn compat(c: char) -> char {
    match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    }
}

/// A word of the original text: its folded form and where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub text: String,
    /// Byte range in the original text.
    pub start: usize,
    pub end: usize,
}

/// Characters inside a UAX #29 word that we also split at (`node.js` → `node`, `js`; `you'll` stays joined as `youll` too).
fn inner_break(c: char) -> bool {
    matches!(c, '.' | '\'' | '’' | '_' | ':' | '·')
}

/// Splits text into folded word tokens with their byte offsets.
pub fn tokens(s: &str) -> Vec<Token> {
    let mut out = Vec::new();
    tokens_into(s, &mut out);
    out
}

pub fn tokens_into(s: &str, out: &mut Vec<Token>) {
    if s.is_ascii() {
        return ascii_tokens_into(s, out);
    }
    words_into(s.unicode_word_indices(), out);
}

/// ASCII fast path with the same word rules UAX #29 applies to ASCII: runs of
/// letters and digits, joined by a single `.`, `'`, `_` or `:` between two of them.
fn ascii_tokens_into(s: &str, out: &mut Vec<Token>) {
    let b = s.as_bytes();
    let alnum = |i: usize| b.get(i).is_some_and(u8::is_ascii_alphanumeric);
    let mut i = 0;
    let mut found: Vec<(usize, &str)> = Vec::new();
    while i < b.len() {
        if !alnum(i) {
            i += 1;
            continue;
        }
        let start = i;
        loop {
            while alnum(i) {
                i += 1;
            }
            if b.get(i).is_some_and(|c| matches!(c, b'.' | b'\'' | b'_' | b':')) && alnum(i + 1) {
                i += 1;
                continue;
            }
            break;
        }
        found.push((start, crate::util::sub(s, start, i)));
    }
    words_into(found.into_iter(), out);
}

fn words_into<'a>(words: impl Iterator<Item = (usize, &'a str)>, out: &mut Vec<Token>) {
    for (start, word) in words {
        if word.chars().any(inner_break) {
            // Each part, plus the joined form (`youll`, `nodejs`). Offsets come from the
            // parts' own positions, so separators of any width (`’`, `·`) keep them exact.
            let mut joined = String::new();
            let mut parts = 0;
            let mut part_start = 0;
            for (at, c) in word.char_indices().chain(std::iter::once((word.len(), '.'))) {
                if !inner_break(c) {
                    continue;
                }
                let part = crate::util::sub(word, part_start, at);
                if !part.is_empty() {
                    let text = fold(part);
                    joined.push_str(&text);
                    out.push(Token { text, start: start + part_start, end: start + at });
                    parts += 1;
                }
                part_start = at + c.len_utf8();
            }
            if parts > 1 {
                out.push(Token { text: joined, start, end: start + word.len() });
            }
            continue;
        }
        let text = fold(word);
        if !text.is_empty() {
            out.push(Token { text, start, end: start + word.len() });
        }
    }
}

/// Folded words of `s`, without offsets (for queries and titles).
pub fn words(s: &str) -> Vec<String> {
    let mut v = Vec::new();
    tokens_into(s, &mut v);
    v.into_iter().map(|t| t.text).collect()
}

/// `true` for scripts written without spaces between words (CJK, Thai…), where
/// a single character is a meaningful query word.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xAC00..=0xD7AF | 0x0E00..=0x0E7F | 0x20000..=0x2FFFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding() {
        assert_eq!(fold("Bézier"), "bezier");
        assert_eq!(fold("ＡＰＩ"), "api");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("ÉCOLE"), "ecole");
        assert_eq!(fold("ﬁle"), "file");
    }

    #[test]
    fn segmentation() {
        let w = words("Kube-apiserver talks to node.js, you'll see: CI/CD!");
        assert_eq!(
            w,
            ["kube", "apiserver", "talks", "to", "node", "js", "nodejs", "you", "ll", "youll", "see", "ci", "cd"]
        );
        // CJK: every ideograph is a word; katakana runs stay together.
        assert_eq!(words("日本語のテスト"), ["日", "本", "語", "の", "テスト"]);
        let t = tokens("Café au lait");
        assert_eq!((t[0].start, t[0].end, t[0].text.as_str()), (0, 5, "cafe"));
    }

    #[test]
    fn offsets_after_wide_separators_are_exact() {
        for text in ["data·base", "you’ll see", "a’b’c·d", "x·y and ’quoted’ and ·lead"] {
            for t in tokens(text) {
                let slice = text.get(t.start..t.end).expect("token offsets are char boundaries");
                assert_eq!(fold(slice).replace(['’', '·', '.', '\'', '_', ':'], ""), t.text, "{text:?}");
            }
        }
        let t = tokens("data·base");
        assert_eq!(
            t.iter().map(|t| (t.text.as_str(), t.start, t.end)).collect::<Vec<_>>(),
            [("data", 0, 4), ("base", 6, 10), ("database", 0, 10)]
        );
    }
}
