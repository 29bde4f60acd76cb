//! The hand-written tokenizer (`glossa::search::text`) against the crates it replaces:
//! unicode-normalization for folding and combining marks (every code point), and
//! unicode-segmentation for word boundaries (the shared multilingual corpus, for the
//! scripts written with spaces; unspaced scripts are bigrams by design). The fuzz target
//! `fold` compares whole random strings the same way.

mod common;

use glossa::search::text::{base_of, fold, is_combining_mark, is_diacritic, tokens};
use unicode_normalization::char::{decompose_canonical, is_combining_mark as ref_is_mark};
use unicode_segmentation::UnicodeSegmentation;

/// Folding as unicode-normalization defines it here: canonical decomposition without its
/// marks for precomposed letters; standalone marks dropped when they are diacritics.
fn ref_fold_char(c: char, out: &mut String) {
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    };
    if ref_is_mark(c) {
        if !is_diacritic(c) {
            out.extend(c.to_lowercase());
        }
        return;
    }
    let u = c as u32;
    if (0xAC00..=0xD7A3).contains(&u) || (0xF900..=0xFAFF).contains(&u) || (0x2F800..=0x2FA1F).contains(&u) {
        out.push_str(&fold(&c.to_string())); // Hangul syllables and CJK compatibility ideographs stay as written
        return;
    }
    let mut d = Vec::new();
    decompose_canonical(c, |x| d.push(x));
    for x in d.into_iter().filter(|x| !ref_is_mark(*x)) {
        out.push_str(&fold(&x.to_string()));
    }
}

#[test]
fn folding_and_marks_match_unicode_normalization_on_every_code_point() {
    let mut bad = Vec::new();
    for u in 0u32..=0x10FFFF {
        let Some(c) = char::from_u32(u) else { continue };
        // Three Kirat Rai vowels decompose into two letters each: glossa leaves them whole.
        if (0x16D68..=0x16D6A).contains(&u) {
            continue;
        }
        if is_combining_mark(c) != ref_is_mark(c) {
            bad.push(format!("U+{u:04X}: mark {} vs {}", is_combining_mark(c), ref_is_mark(c)));
        }
        let mut want = String::new();
        ref_fold_char(c, &mut want);
        let got = fold(&c.to_string());
        if got != want {
            bad.push(format!("U+{u:04X} {c:?}: fold {got:?}, unicode-normalization {want:?}"));
        }
        let kept = (0xAC00..=0xD7A3).contains(&u) || (0xF900..=0xFAFF).contains(&u) || (0x2F800..=0x2FA1F).contains(&u);
        if !ref_is_mark(c) && !kept {
            let mut d = Vec::new();
            decompose_canonical(c, |x| d.push(x));
            let base = d.iter().copied().find(|x| !ref_is_mark(*x)).unwrap_or(c);
            if base_of(c) != base {
                bad.push(format!("U+{u:04X}: base {:?} vs {base:?}", base_of(c)));
            }
        }
    }
    assert!(bad.is_empty(), "{} differences, first: {:#?}", bad.len(), &bad[..bad.len().min(20)]);
}

/// Words as unicode-segmentation (UAX #29) finds them, split at the same inner joiners.
fn ref_words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for w in s.unicode_words() {
        let parts: Vec<&str> = w.split(['.', '\'', '’', '_', ':', '·']).filter(|p| !p.is_empty()).collect();
        for p in &parts {
            out.push(fold(p));
        }
        if parts.len() > 1 {
            out.push(fold(&parts.concat()));
        }
    }
    out.retain(|w| !w.is_empty());
    out
}

/// Where the two rules differ by design: UAX #29 keeps `1,000` and `3.5` in one word,
/// and treats a few symbols (`×`, `®`, emoji modifiers…) differently; glossa splits at
/// every non-joiner punctuation. Such tokens are compared after the same split.
fn normalise(words: &[String]) -> Vec<String> {
    let mut v: Vec<String> = words
        .iter()
        .flat_map(|w| {
            w.split(|c: char| !c.is_alphanumeric() && !is_combining_mark(c)).map(str::to_owned).collect::<Vec<_>>()
        })
        .filter(|w| !w.is_empty())
        .collect();
    v.sort();
    v.dedup();
    v
}

#[test]
fn words_match_unicode_segmentation_on_the_multilingual_corpus() {
    let Some(root) = common::shared("corpus/kubernetes-glossary/content") else { return };
    let spaced = ["en", "de", "es", "fr", "hi", "id", "it", "pl", "pt-br", "ru", "uk", "vi"];
    let (mut files, mut words, mut diffs) = (0, 0, Vec::new());
    for lang in spaced {
        let dir = root.join(lang).join("docs/reference/glossary");
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for e in entries.flatten() {
            let text = std::fs::read_to_string(e.path()).unwrap_or_default();
            files += 1;
            let got: Vec<String> = tokens(&text).into_iter().map(|t| t.text).collect();
            let want = ref_words(&text);
            words += want.len();
            let (g, w) = (normalise(&got), normalise(&want));
            if g != w {
                let only_got: Vec<_> = g.iter().filter(|x| !w.contains(x)).take(5).collect();
                let only_want: Vec<_> = w.iter().filter(|x| !g.contains(x)).take(5).collect();
                diffs.push(format!("{}: glossa only {only_got:?}, UAX #29 only {only_want:?}", e.path().display()));
            }
        }
    }
    assert!(files > 500, "read the corpus ({files} files)");
    assert!(diffs.is_empty(), "{} of {files} files ({words} words) differ:\n{}", diffs.len(), diffs.join("\n"));
}
