//! Letter navigation that fits the script (issue #14): the headings of every title in the
//! shared Kubernetes glossaries, in all their languages, are what readers of that script
//! expect — kana rows, Hangul initials, Cyrillic, Devanagari, pinyin initials for Chinese — never a
//! kanji or a syllable as a "letter".

mod common;

use glossa::content;
use glossa::glossary::letters::{heading, Order};
use glossa::Limits;

fn titles(lang: &str) -> Option<Vec<String>> {
    let dir = common::shared(&format!("corpus/kubernetes-glossary/content/{lang}/docs/reference/glossary"))?;
    let mut out = Vec::new();
    for f in std::fs::read_dir(dir).unwrap().flatten().map(|e| e.path()) {
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        let loaded = content::load_source(&std::fs::read(&f).unwrap(), &name, &Limits::default());
        out.extend(loaded.terms.into_iter().map(|t| t.title));
    }
    assert!(out.len() > 5, "{lang}: {} titles", out.len());
    Some(out)
}

fn latin_or_mark(h: &str) -> bool {
    h == "#" || (h.len() == 1 && h.as_bytes()[0].is_ascii_uppercase())
}

fn check(lang: &str, own: impl Fn(&str) -> bool) {
    let Some(titles) = titles(lang) else { return };
    let mut own_count = 0;
    for t in &titles {
        let h = heading(t, Some(lang));
        assert!(own(&h) || latin_or_mark(&h), "{lang}: {t:?} → {h:?}");
        own_count += usize::from(own(&h));
    }
    assert!(own_count * 3 > titles.len(), "{lang}: only {own_count} of {} titles under their own script", titles.len());
    // The glossary's own script comes first, `#` last.
    if own("A") {
        return;
    }
    let mut hs: Vec<String> = titles.iter().map(|t| heading(t, Some(lang))).collect();
    let order = Order::new(Some(lang));
    hs.sort_by(|a, b| order.cmp(a, b));
    hs.dedup();
    let first_latin = hs.iter().position(|h| latin_or_mark(h)).unwrap_or(hs.len());
    assert!(hs[..first_latin].iter().all(|h| own(h)) && hs[first_latin..].iter().all(|h| !own(h)), "{lang}: {hs:?}");
}

#[test]
fn japanese_kana_rows_and_one_kanji_group() {
    check("ja", |h| "あかさたなはまやらわ".contains(h) && h.chars().count() == 1 || h == "漢字");
}

#[test]
fn korean_initial_consonants() {
    check("ko", |h| h.chars().count() == 1 && "ㄱㄴㄷㄹㅁㅂㅅㅇㅈㅊㅋㅌㅍㅎ".contains(h));
}

#[test]
fn cyrillic_capitals() {
    for lang in ["ru", "uk"] {
        check(lang, |h| {
            h.chars().count() == 1 && h.chars().all(|c| ('\u{0400}'..='\u{04FF}').contains(&c) && c.is_uppercase())
        });
    }
}

#[test]
fn devanagari_letters() {
    check("hi", |h| h.chars().count() == 1 && h.chars().all(|c| ('\u{0904}'..='\u{0939}').contains(&c)));
}

#[test]
fn chinese_by_pinyin_initial() {
    let Some(titles) = titles("zh-cn") else { return };
    let han = |t: &str| t.chars().next().is_some_and(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c));
    let chinese: Vec<&String> = titles.iter().filter(|t| han(t)).collect();
    assert!(chinese.len() > 60, "{} Chinese titles", chinese.len());
    // Every Chinese title under a Latin initial, none in a catch-all group.
    for t in &chinese {
        let h = heading(t, Some("zh-cn"));
        assert!(h.len() == 1 && h.as_bytes()[0].is_ascii_uppercase(), "{t:?} → {h:?}");
    }
    // As a Chinese reader files them (the corpus's own titles).
    for (t, want) in [
        ("附加组件（Add-ons）", "F"),
        ("准入控制器（Admission Controller）", "Z"),
        ("亲和性（Affinity）", "Q"),
        ("聚合层（Aggregation Layer）", "J"),
        ("应用程序容器（App Container）", "Y"),
        ("证书（Certificate）", "Z"),
        ("集群架构师（Cluster Architect）", "J"),
        ("云控制器管理器（Cloud Controller Manager）", "Y"),
    ] {
        assert!(titles.iter().any(|x| x == t), "{t} is a corpus title");
        assert_eq!(heading(t, Some("zh-cn")), want, "{t}");
    }
    // Within a heading, by pinyin: 集群 (ji qun) before 聚合层 (ju he ceng), whatever their code points.
    let key = |t: &str| glossa::glossary::letters::sort_key(t, Some("zh-cn")).unwrap();
    assert!(key("集群架构师") < key("聚合层"));
    assert!('集' > '聚', "the code points alone would order them the other way");
    // Japanese kanji have no single reading: one group there.
    assert_eq!(heading("冪等性", Some("ja")), "漢字");
}

#[test]
fn latin_languages_fold_accents() {
    for lang in ["de", "fr", "es", "pt-br", "it", "pl", "vi", "id"] {
        check(lang, |h| h.len() == 1 && h.as_bytes()[0].is_ascii_uppercase());
    }
}

/// The hand-written capitals agree with `char::to_uppercase` on every folded letter of the
/// cased blocks (where the standard library maps one letter to one letter).
#[test]
fn capitals_agree_with_std() {
    let mut checked = 0;
    let mut left = Vec::new();
    for cp in (0x41..=0x24Fu32).chain(0x370..=0x3FF).chain(0x400..=0x52F).chain(0x531..=0x587).chain(0x1E00..=0x1FFF) {
        let Some(c) = char::from_u32(cp) else { continue };
        if !c.is_alphabetic() {
            continue;
        }
        let Some(f) = glossa::search::text::fold(&c.to_string()).chars().next() else { continue };
        let std: Vec<char> = f.to_uppercase().collect();
        if std.len() != 1 || !f.is_lowercase() {
            continue;
        }
        // Letters std has no capital for (or only outside these blocks) are left as they are.
        let want = std[0];
        let got = glossa::glossary::letters::upper(f);
        if got != want {
            assert_eq!(got, f, "{c:?} (folded {f:?}): std {want:?}, ours {got:?}");
            left.push(f);
        }
        checked += usize::from(got == want);
    }
    left.sort();
    left.dedup();
    // Uncovered: rare letters (Latin Extended-B, IPA-like, Greek archaic), shown lower-case.
    assert!(checked > 1200 && left.len() < 100, "{checked} agree; left lower-case: {left:?}");
}
