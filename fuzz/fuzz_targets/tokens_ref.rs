//! The reference side of the `tokens` fuzz target (also replayed by `cargo test`).
#![allow(dead_code)]

use glossa::search::text::{fold, is_combining_mark, is_diacritic, tokens};
use unicode_normalization::char::{decompose_canonical, is_combining_mark as ref_is_mark};
use unicode_segmentation::UnicodeSegmentation;

fn ref_fold(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        let c = match c as u32 {
            0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            0x3000 => ' ',
            _ => c,
        };
        if ref_is_mark(c) {
            if !is_diacritic(c) {
                out.extend(c.to_lowercase());
            }
        } else if [0xAC00..=0xD7A3, 0x16D68..=0x16D6A, 0xF900..=0xFAFF, 0x2F800..=0x2FA1F]
            .iter()
            .any(|r| r.contains(&(c as u32)))
        {
            out.push_str(&fold(&c.to_string()));
        } else {
            let mut d = Vec::new();
            decompose_canonical(c, |x| d.push(x));
            for x in d.into_iter().filter(|x| !ref_is_mark(*x)) {
                out.push_str(&fold(&x.to_string()));
            }
        }
    }
    out
}

fn normalise(words: impl Iterator<Item = String>) -> Vec<String> {
    let mut v: Vec<String> = words
        .flat_map(|w| {
            w.split(|c: char| !c.is_alphanumeric() && !is_combining_mark(c)).map(str::to_owned).collect::<Vec<_>>()
        })
        .filter(|w| !w.is_empty())
        .collect();
    v.sort();
    v.dedup();
    v
}

fn ref_words(s: &str) -> impl Iterator<Item = String> + '_ {
    s.unicode_words().flat_map(|w| {
        let parts: Vec<&str> = w.split(['.', '\'', '’', '_', ':', '·']).filter(|p| !p.is_empty()).collect();
        let mut out: Vec<String> = parts.iter().map(|p| fold(p)).collect();
        if parts.len() > 1 {
            out.push(fold(&parts.concat()));
        }
        out
    })
}

/// The alphabet where the two word rules are meant to agree.
fn simple(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_ascii() && (c.is_ascii_alphanumeric() || " .,;:!?'_-()/".contains(c)) || "éèüößçñ".contains(c))
}

pub fn check(s: &str) {
    assert_eq!(fold(s), ref_fold(s), "fold of {s:?}");
    if simple(s) {
        let got = normalise(tokens(s).into_iter().map(|t| t.text));
        let want = normalise(ref_words(s));
        assert_eq!(got, want, "words of {s:?}");
    }
}
