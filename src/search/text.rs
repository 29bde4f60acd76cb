//! Text → search tokens, with no Unicode tables beyond the small ones below — the same
//! code, and so the same tokens, at build time and in the browser:
//!
//! * **Words**: runs of letters, digits and combining marks (so Devanagari, Arabic and
//!   Hebrew words keep their vowel signs), joined by a single `.`, `'`, `’`, `_`, `:` or `·`
//!   between two of them — each part is a token, and so is the joined form
//!   (`node.js` → `node`, `js`, `nodejs`).
//! * **Scripts written without spaces** (Han, kana, Hangul, Thai, Lao, Khmer, Myanmar):
//!   each run becomes overlapping character bigrams (`日本語` → `日本`, `本語`), so a word
//!   is found inside unspaced text, a katakana compound by any of its parts and a Hangul
//!   word with its particles attached; a single character is a token of its own.
//! * **Folding**: accents removed (precomposed letters through canonical decomposition,
//!   table from unicode-normalization; combining Latin/Greek/Cyrillic accents, Arabic
//!   harakat and Hebrew niqqud dropped; Indic vowel signs kept), lower case, full-width ASCII and
//!   the common ligatures and letters that do not decompose (`ß`, `æ`, `ø`, `ł`…), so
//!   `Bézier` matches `bezier`, `ＡＰＩ` matches `api` and `Straße` matches `strasse`.
//!
//! Why hand-written: unicode-segmentation and unicode-normalization cost ~100 kB of
//! wasm, for word rules that mostly matter in scripts this tokenizer handles with
//! bigrams anyway. The fold and mark tables are generated from unicode-normalization
//! and checked against it, code point by code point, by the differential tests (and a
//! fuzz target compares whole strings).
//! No stemming: titles match as written.

use super::fold_tables::{FOLD_ASTRAL, FOLD_BMP, MARKS};

/// Folds text for matching: no combining marks, lower case, compatibility forms that matter.
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
    for c in s.chars().map(compat) {
        if is_diacritic(c) {
            continue;
        }
        push_folded(base_of(c), out);
    }
}

/// Combining marks that are optional diacritics — Latin, Greek and Cyrillic accents,
/// Arabic harakat, Hebrew niqqud — and are dropped by folding. Other marks (Indic vowel
/// signs and viramas, Thai vowels…) are part of the word and kept.
pub fn is_diacritic(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05C7 | 0x0610..=0x061A | 0x064B..=0x065F | 0x0670
        | 0x06D6..=0x06ED | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// The letter a precomposed character is made on (`é` → `e`, `Ǖ` → `U`), or the character.
pub fn base_of(c: char) -> char {
    let u = c as u32;
    if u < 0xC0 || (0xAC00..=0xD7A3).contains(&u) {
        return c; // ASCII and Latin-1 punctuation; Hangul syllables stay whole
    }
    // (CJK compatibility ideographs are not in the tables: they stay as written.)
    let bmp = || {
        let k = u16::try_from(u).ok()?;
        FOLD_BMP.binary_search_by_key(&k, |p| p.0).ok().and_then(|i| FOLD_BMP.get(i)).map(|p| u32::from(p.1))
    };
    // Characters (BMP or not) whose base is outside the BMP are in the second table.
    let astral = || FOLD_ASTRAL.binary_search_by_key(&u, |p| p.0).ok().and_then(|i| FOLD_ASTRAL.get(i)).map(|p| p.1);
    let found = bmp().or_else(astral);
    found.and_then(char::from_u32).unwrap_or(c)
}

/// Unicode's combining marks (general categories Mn, Mc, Me).
pub fn is_combining_mark(c: char) -> bool {
    let u = c as u32;
    if u < 0x300 {
        return false;
    }
    let i = MARKS.partition_point(|r| r.1 < u);
    MARKS.get(i).is_some_and(|r| r.0 <= u)
}

fn push_folded(c: char, out: &mut String) {
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

/// Full-width ASCII (U+FF01–FF5E) and the ideographic space become plain ASCII.
#[inline(always)] // the tokenizer's inner loop (the wasm build is size-optimised)
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

/// The number of characters in `s` (its length when it is ASCII, as most words are: no
/// decoding in the scoring loop).
#[inline]
pub(crate) fn char_count(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

/// Characters inside a word that split it into parts (`node.js` → `node`, `js`, and `nodejs`).
#[inline(always)] // the tokenizer's inner loop (the wasm build is size-optimised)
fn inner_break(c: char) -> bool {
    matches!(c, '.' | '\'' | '’' | '_' | ':' | '·')
}

/// Whether joiner `j` between `prev` and `next` keeps one word, as UAX #29 does: `_`
/// always; `.` and apostrophes between two letters or two digits; `:` and `·` between letters.
fn joins(prev: char, j: char, next: char) -> bool {
    let letters = prev.is_alphabetic() && next.is_alphabetic();
    let digits = prev.is_numeric() && next.is_numeric();
    match j {
        '_' => true,
        '.' | '\'' | '’' => letters || digits,
        ':' | '·' => letters,
        _ => false,
    }
}

/// `true` for scripts written without spaces between words (CJK, Thai…), whose runs
/// are tokenized as character bigrams and where a single character is a meaningful word.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF          // Thai, Lao
        | 0x1000..=0x109F        // Myanmar
        | 0x1780..=0x17FF        // Khmer
        | 0x1100..=0x11FF        // Hangul Jamo
        | 0x2E80..=0x2FDF        // CJK radicals
        | 0x3005..=0x3007        // 々 〆 〇
        | 0x3040..=0x30FF        // Hiragana, Katakana
        | 0x3130..=0x318F        // Hangul compatibility Jamo
        | 0x31F0..=0x31FF        // Katakana extensions
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF
        | 0xAC00..=0xD7AF        // Hangul syllables
        | 0xFF66..=0xFF9F        // half-width Katakana
        | 0x20000..=0x3134F)
}

/// What a character is to the tokenizer.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Word,
    Unspaced,
    /// A combining mark: part of whatever run it follows.
    Mark,
    Other,
}

#[inline(always)] // the tokenizer's inner loop (the wasm build is size-optimised)
fn class(c: char) -> Class {
    if c.is_ascii() {
        return if c.is_ascii_alphanumeric() { Class::Word } else { Class::Other };
    }
    if is_cjk(c) {
        return Class::Unspaced;
    }
    if is_combining_mark(c) {
        return Class::Mark;
    }
    if c.is_alphanumeric() {
        Class::Word
    } else {
        Class::Other
    }
}

/// Splits text into folded word tokens with their byte offsets.
pub fn tokens(s: &str) -> Vec<Token> {
    let mut out = Vec::new();
    tokens_into(s, &mut out);
    out
}

pub fn tokens_into(s: &str, out: &mut Vec<Token>) {
    collect(s, true, out);
}

/// [`scan`] into a list of tokens.
fn collect(s: &str, joined: bool, out: &mut Vec<Token>) {
    scan(s, joined, &mut String::new(), &mut |text: &str, start, end| {
        out.push(Token { text: text.to_owned(), start, end });
        true
    });
}

/// The tokens of `s` (as [`tokens`] makes them) handed to `each(folded text, start, end)`
/// without allocating one string per token; `each` returns `false` to stop early. For
/// work that looks at every token but keeps few (snippets).
///
/// The text is read a piece at a time (pieces of [`PIECE`] bytes or a little more, cut after
/// a space: no token spans a space), so stopping early also spares decoding the rest.
pub fn each_token(s: &str, each: &mut dyn FnMut(&str, usize, usize) -> bool) {
    let (mut start, mut buf) = (0, String::new());
    while start < s.len() {
        let end = piece_end(s, start);
        if !each_token_in(s, start..end, &mut buf, each) {
            return;
        }
        start = end;
    }
}

/// Where the piece of `s` that starts at byte `start` ends (see [`each_token`]).
pub(crate) fn piece_end(s: &str, start: usize) -> usize {
    s.as_bytes()
        .get(start + PIECE..)
        .and_then(|rest| rest.iter().position(|&b| b == b' '))
        .map_or(s.len(), |p| start + PIECE + p + 1)
}

/// The tokens of one piece of `s` (`piece`: from a piece's start to its [`piece_end`]), with
/// offsets in `s`, as [`each_token`] hands them out; `false` when `each` stopped.
pub(crate) fn each_token_in(
    s: &str,
    piece: std::ops::Range<usize>,
    buf: &mut String,
    each: &mut dyn FnMut(&str, usize, usize) -> bool,
) -> bool {
    let mut go = true;
    let start = piece.start;
    scan(crate::util::sub(s, piece.start, piece.end), true, buf, &mut |t, a, b| {
        go = each(t, start + a, start + b);
        go
    });
    go
}

/// Bytes [`each_token`] decodes at a time (about 40 words).
const PIECE: usize = 256;

/// The tokens of `s` without the joined forms of split words (`node.js` → `node`, `js`):
/// the sequence, in order, that names are matched against (see [`crate::autolink`]).
pub fn parts(s: &str) -> Vec<Token> {
    let mut out = Vec::new();
    collect(s, false, &mut out);
    out
}

/// The characters of a text with their byte offsets, by position (decoded once: ASCII text
/// never comes here, [`scan_ascii`] reads it in place).
struct Chars(Vec<(usize, char)>);

impl Chars {
    fn of(s: &str) -> Chars {
        Chars(s.char_indices().collect())
    }

    #[inline(always)] // the tokenizer's inner loop (the wasm build is size-optimised)
    fn len(&self) -> usize {
        self.0.len()
    }

    #[inline(always)] // the tokenizer's inner loop (the wasm build is size-optimised)
    fn at(&self, i: usize, end: usize) -> usize {
        self.get(i).map_or(end, |(b, _)| b)
    }

    /// The class of character `i` (`Other` past the end).
    #[inline(always)]
    fn class(&self, i: usize) -> Class {
        self.get(i).map_or(Class::Other, |(_, c)| class(compat(c)))
    }

    #[inline(always)]
    fn get(&self, i: usize) -> Option<(usize, char)> {
        self.0.get(i).copied()
    }
}

/// Where tokens go: `(folded text, start, end)`; `false` stops the scan.
type Sink<'a> = dyn FnMut(&str, usize, usize) -> bool + 'a;

/// `buf` holds the folded form of a word that needs folding (one buffer for a whole text).
fn scan(s: &str, joined: bool, buf: &mut String, out: &mut Sink<'_>) {
    if s.is_ascii() {
        return scan_ascii(s, joined, buf, out);
    }
    scan_chars(s, joined, buf, out);
}

/// [`scan`] over ASCII text (most text): the same rules read byte by byte, with no
/// character decoding and no class beyond "letter or digit" (ASCII has no marks and no
/// unspaced scripts). `tests::ascii_scan_matches_the_general_scan` holds the two equal.
fn scan_ascii(s: &str, joined: bool, buf: &mut String, out: &mut Sink<'_>) {
    let b = s.as_bytes();
    let word = |i: usize| b.get(i).is_some_and(u8::is_ascii_alphanumeric);
    let mut i = 0;
    while i < b.len() {
        if !word(i) {
            i += 1;
            continue;
        }
        let start = i;
        let (mut upper, mut parts) = (false, false);
        loop {
            while let Some(&c) = b.get(i).filter(|c| c.is_ascii_alphanumeric()) {
                upper |= c.is_ascii_uppercase();
                i += 1;
            }
            // As in `scan_chars`: a run of `_` joins; a single joiner between two word
            // characters joins when `joins` says so.
            let mut k = i;
            while b.get(k) == Some(&b'_') {
                k += 1;
            }
            if k > i + 1 && word(k) {
                (i, parts) = (k, true);
                continue;
            }
            if let (Some(&p), Some(&j), Some(&n)) = (b.get(i.wrapping_sub(1)), b.get(i), b.get(i + 1)) {
                if word(i + 1) && joins(p as char, j as char, n as char) {
                    (i, parts) = (i + 1, true);
                    continue;
                }
            }
            break;
        }
        // A plain run of letters and digits (most words) is one token, and what it needs is
        // known from the loop above; a word with joiners goes through `word_tokens`.
        let go = if parts {
            word_tokens(s, start, i, joined, buf, out)
        } else {
            whole_word(crate::util::sub(s, start, i), start, !upper, buf, out)
        };
        if !go {
            return;
        }
    }
}

/// [`scan`] over text that is not all ASCII (the tests run it on any), character by character.
fn scan_chars(s: &str, joined: bool, buf: &mut String, out: &mut Sink<'_>) {
    let chars = Chars::of(s);
    let at = |i: usize| chars.at(i, s.len());
    let mut i = 0;
    while i < chars.len() {
        match chars.class(i) {
            Class::Word => {
                // A word: letters, digits and marks, with single inner joiners between them.
                let start = i;
                loop {
                    while matches!(chars.class(i), Class::Word | Class::Mark) {
                        i += 1;
                    }
                    let prev = i.checked_sub(1).and_then(|p| chars.get(p)).map(|(_, c)| c);
                    let next = chars.get(i + 1).map(|(_, c)| c);
                    // UAX #29 joins a run of `_` (ExtendNumLet × ExtendNumLet): `foo__bar` is one word.
                    let mut k = i;
                    while chars.get(k).is_some_and(|(_, c)| c == '_') {
                        k += 1;
                    }
                    if k > i + 1 && chars.class(k) == Class::Word {
                        i = k;
                        continue;
                    }
                    if let (Some(p), Some((_, j)), Some(n)) = (prev, chars.get(i), next) {
                        if chars.class(i + 1) == Class::Word && joins(p, j, n) {
                            i += 1;
                            continue;
                        }
                    }
                    break;
                }
                if !word_tokens(s, at(start), at(i), joined, buf, out) {
                    return;
                }
            }
            Class::Unspaced => {
                let start = i;
                while matches!(chars.class(i), Class::Unspaced | Class::Mark) {
                    i += 1;
                }
                let run: Vec<(usize, char)> = (start..i).filter_map(|k| chars.get(k)).collect();
                if !unspaced_tokens(s, &run, at(i), out) {
                    return;
                }
            }
            Class::Mark | Class::Other => i += 1,
        }
    }
}

/// A word with no inner joiners, starting at byte `start`, as one token: as it is when it is
/// already `folded` (ASCII without capitals), else folded into `buf`. `false` when the sink stopped.
fn whole_word(word: &str, start: usize, folded: bool, buf: &mut String, out: &mut Sink<'_>) -> bool {
    let end = start + word.len();
    if folded {
        return word.is_empty() || out(word, start, end);
    }
    buf.clear();
    fold_into(word, buf);
    buf.is_empty() || out(buf, start, end)
}

/// One word: its parts (split at inner joiners) and, when there are several, the joined
/// form. `false` when the sink stopped.
fn word_tokens(s: &str, start: usize, end: usize, joined_form: bool, buf: &mut String, out: &mut Sink<'_>) -> bool {
    let word = crate::util::sub(s, start, end);
    // ASCII words (most) are checked byte by byte: no character decoding.
    let ascii = word.is_ascii();
    let breaks = if ascii { word.bytes().any(|b| inner_break(b as char)) } else { word.chars().any(inner_break) };
    if !breaks {
        return whole_word(word, start, ascii && !word.bytes().any(|b| b.is_ascii_uppercase()), buf, out);
    }
    // Offsets come from the parts' own positions, so separators of any width (`’`, `·`) keep them exact.
    let joined = buf;
    joined.clear();
    let mut parts = 0;
    let mut part_start = 0;
    for (at, c) in word.char_indices().chain(std::iter::once((word.len(), '.'))) {
        if !inner_break(c) {
            continue;
        }
        let part = crate::util::sub(word, part_start, at);
        if !part.is_empty() {
            let from = joined.len();
            fold_into(part, joined);
            if !out(crate::util::from(joined, from), start + part_start, start + at) {
                return false;
            }
            parts += 1;
        }
        part_start = at + c.len_utf8();
    }
    !(parts > 1 && joined_form) || out(joined, start, end)
}

/// A run of an unspaced script: overlapping bigrams of its letters (a mark stays with the
/// letter before it); a run of one letter is one token.
fn unspaced_tokens(s: &str, run: &[(usize, char)], end: usize, out: &mut Sink<'_>) -> bool {
    // Letter starts (marks belong to the letter before them).
    let letters: Vec<usize> = run.iter().filter(|(_, c)| !is_combining_mark(*c)).map(|(b, _)| *b).collect();
    let bound = |k: usize| letters.get(k).copied().unwrap_or(end);
    let mut buf = String::new();
    let mut token = |a: usize, b: usize| {
        buf.clear();
        fold_into(crate::util::sub(s, a, b), &mut buf);
        out(&buf, a, b)
    };
    match letters.len() {
        0 => true,
        1 => token(bound(0), end),
        n => (0..n - 1).all(|k| token(bound(k), bound(k + 2))),
    }
}

/// Folded words of `s`, without offsets (for queries and titles).
pub fn words(s: &str) -> Vec<String> {
    let mut v = Vec::new();
    tokens_into(s, &mut v);
    v.into_iter().map(|t| t.text).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every token `f` hands out, with its offsets, for both join modes.
    fn scanned(f: fn(&str, bool, &mut String, &mut Sink<'_>), s: &str) -> Vec<(bool, String, usize, usize)> {
        let mut out = Vec::new();
        for joined in [true, false] {
            f(s, joined, &mut String::new(), &mut |t, a, b| {
                out.push((joined, t.to_owned(), a, b));
                true
            });
        }
        out
    }

    #[test]
    fn ascii_scan_matches_the_general_scan() {
        // Texts drawn from an alphabet dense in the cases that differ: joiners, runs of
        // `_`, digits next to letters, upper case, separators, at either end.
        const ALPHABET: &[u8] = b"aZ09._'_:-  ,x_Q.7";
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..20_000 {
            let len = (next() % 24) as usize;
            let s: String = (0..len).map(|_| ALPHABET[(next() % ALPHABET.len() as u64) as usize] as char).collect();
            assert_eq!(scanned(scan_ascii, &s), scanned(scan_chars, &s), "{s:?}");
        }
        for s in ["node.js", "a__b", "x_y", "3.14", "it's", "a:b", "A.B.C", "_a_", "a..b", "Foo_Bar.baz"] {
            assert_eq!(scanned(scan_ascii, s), scanned(scan_chars, s), "{s:?}");
        }
    }

    #[test]
    fn folding() {
        assert_eq!(fold("Bézier"), "bezier");
        assert_eq!(fold("ＡＰＩ"), "api");
        assert_eq!(fold("Straße"), "strasse");
        assert_eq!(fold("ÉCOLE"), "ecole");
        assert_eq!(fold("ﬁle"), "file");
        assert_eq!(fold("Ǖ"), "u");
        assert_eq!(fold("ἄλφα"), "αλφα");
        assert_eq!(fold("Ёлка"), "елка");
    }

    fn words(s: &str) -> Vec<String> {
        super::words(s)
    }

    #[test]
    fn each_token_by_pieces_is_the_whole_texts_tokens() {
        // Fragments whose joins, marks and unspaced runs land on every side of a piece's cut.
        let frags = [
            "node.js ",
            "you’ll ",
            "foo__bar ",
            "Straße ",
            "é\u{301} ",
            "東京タワー ",
            "a_ ",
            "x. ",
            "  ",
            "ＡＰＩ ",
            "kube-apiserver ",
            "12.5 ",
            "l·l ",
            "über_ ",
            "\n",
            "d’ ",
            "ก่อน ",
            "word",
        ];
        let mut seed = 7u32;
        for len in [0usize, 1, 40, 255, 256, 257, 300, 700, 2000] {
            for _ in 0..40 {
                let mut text = String::new();
                while text.len() < len {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    text.push_str(frags.get((seed >> 16) as usize % frags.len()).copied().unwrap_or(" "));
                }
                let mut whole = Vec::new();
                scan(&text, true, &mut String::new(), &mut |t, a, b| {
                    whole.push((t.to_owned(), a, b));
                    true
                });
                let mut pieces = Vec::new();
                each_token(&text, &mut |t, a, b| {
                    pieces.push((t.to_owned(), a, b));
                    true
                });
                assert_eq!(pieces, whole, "{text:?}");
                // Stopping early stops at once.
                let mut seen = 0;
                each_token(&text, &mut |_, _, _| {
                    seen += 1;
                    seen < 3
                });
                assert_eq!(seen, whole.len().min(3));
            }
        }
    }

    #[test]
    fn segmentation() {
        let w = words("Kube-apiserver talks to node.js, you'll see: CI/CD!");
        assert_eq!(
            w,
            ["kube", "apiserver", "talks", "to", "node", "js", "nodejs", "you", "ll", "youll", "see", "ci", "cd"]
        );
        // A run of underscores joins like one (UAX #29's ExtendNumLet); other joiners only singly.
        assert_eq!(words("foo__bar a..b"), ["foo", "bar", "foobar", "a", "b"]);
        let t = tokens("Café au lait");
        assert_eq!((t[0].start, t[0].end, t[0].text.as_str()), (0, 5, "cafe"));
    }

    #[test]
    fn unspaced_scripts_become_bigrams() {
        assert_eq!(words("日本語のテスト"), ["日本", "本語", "語の", "のテ", "テス", "スト"]);
        assert_eq!(words("日"), ["日"]);
        assert_eq!(words("API키를"), ["api", "키를"]);
        // A katakana compound is found by its parts' bigrams.
        let long = words("アプリケーションプログラミングインタフェース");
        for part in words("プログラミング") {
            assert!(long.contains(&part), "{part}");
        }
        // Devanagari keeps its vowel signs and virama inside the word.
        assert_eq!(words("नमस्ते दुनिया"), ["नमस्ते", "दुनिया"]);
        // Arabic with harakat: the marks are dropped by folding, the word stays one.
        assert_eq!(words("كِتَاب"), ["كتاب"]);
    }

    #[test]
    fn offsets_after_wide_separators_are_exact() {
        for text in ["data·base", "you’ll see", "a’b’c·d", "x·y and ’quoted’ and ·lead", "日本語 and ﬁle"]
        {
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
