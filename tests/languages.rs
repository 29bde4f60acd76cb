//! Multilingual glossaries on the shared Kubernetes glossary in all its languages
//! (`../shared/corpus/kubernetes-glossary/content/<lang>/`; see its SOURCE.md): every
//! language builds, renders and searches, translations fall back per term to English,
//! and the quirks SOURCE.md lists are handled or reported.

mod common;

use std::collections::HashMap;
use std::path::PathBuf;

use glossa::content::{self, Kind};
use glossa::glossary::build::Options;
use glossa::glossary::languages::{self, Languages};
use glossa::glossary::Manifest;
use glossa::render::{render_term, RenderOptions};
use glossa::search::{self, format, SearchOptions};
use glossa::{Limits, Term};

const CONTENT: &str = "corpus/kubernetes-glossary/content";

fn glossary_dir(lang: &str) -> Option<PathBuf> {
    common::shared(&format!("{CONTENT}/{lang}/docs/reference/glossary"))
}

fn langs() -> Option<Vec<String>> {
    let dir = common::shared(CONTENT)?;
    let mut l: Vec<String> =
        std::fs::read_dir(dir).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect();
    l.sort();
    Some(l)
}

/// Every file of a language, loaded (pages included), with the file name and its source.
fn load(lang: &str) -> Vec<(String, String, Term)> {
    let dir = glossary_dir(lang).unwrap();
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().map(|e| e.path()).collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        let src = std::fs::read_to_string(&f).unwrap();
        let l = content::load_source(src.as_bytes(), &name, &Limits::default());
        assert!(l.errors.is_empty(), "{lang}/{name}: {:?}", l.errors);
        assert_eq!(l.terms.len(), 1, "{lang}/{name}");
        out.push((name, src, l.terms.into_iter().next().unwrap()));
    }
    out
}

fn sources() -> Option<Vec<(String, Vec<Term>)>> {
    Some(langs()?.into_iter().map(|l| (l.clone(), load(&l).into_iter().map(|(_, _, t)| t).collect())).collect())
}

fn options() -> Options {
    Options {
        title: String::new(),
        language: "en".into(),
        prerendered_at: 1,
        page: None,
        compact: false,
        chunked: None,
    }
}

fn file<'a>(m: &'a languages::Multi, path: &str) -> &'a [u8] {
    &m.files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("no {path}")).bytes
}

#[test]
fn every_language_builds_with_english_standing_in() {
    let Some(src) = sources() else { return };
    assert!(src.len() >= 15, "{} languages", src.len());
    let multi = languages::build_all(&src, "en", &options());
    // Every tooltip resolves in its language or in English (SOURCE.md), so nothing is unresolved.
    let unresolved: Vec<&String> = multi.warnings.iter().filter(|w| w.contains("not in the glossary")).collect();
    assert!(unresolved.is_empty(), "{unresolved:#?}");
    let list: Languages = serde_json::from_slice(file(&multi, languages::FILE)).unwrap();
    assert_eq!(list, multi.languages);
    assert_eq!(list.default, "en");
    assert_eq!(list.languages.len(), src.len());
    let en_ids: Vec<String> = src
        .iter()
        .find(|(l, _)| l == "en")
        .unwrap()
        .1
        .iter()
        .filter(|t| t.kind == Kind::Term)
        .map(|t| t.slug.clone())
        .collect();
    for ((lang, terms), l) in src.iter().zip(&list.languages) {
        assert_eq!(&l.lang, lang);
        let own = terms.iter().filter(|t| t.kind == Kind::Term).count();
        // The glossary page (`index.md`) is a page, not a term, even when all it has is comments.
        let files = std::fs::read_dir(glossary_dir(lang).unwrap()).unwrap().count();
        let has_index = glossary_dir(lang).unwrap().join("index.md").exists();
        assert_eq!(own, files - has_index as usize, "{lang}");
        assert_eq!(l.translated, own, "{lang}");
        let m = Manifest::parse(file(&multi, &l.glossary)).unwrap_or_else(|e| panic!("{lang}: {e}"));
        assert_eq!(m.language.as_deref(), Some(lang.as_str()));
        assert_eq!(m.languages.as_deref(), Some("../languages.json"));
        assert_eq!(m.terms.len(), l.terms);
        let (native, stand_in): (Vec<_>, Vec<_>) = m.terms.iter().partition(|e| e.lang.is_none());
        assert_eq!(native.len(), own, "{lang}");
        assert!(stand_in.iter().all(|e| e.lang.as_deref() == Some("en")), "{lang}");
        // Every English term is there, in the language's own words or in English.
        for id in &en_ids {
            assert!(m.find(id).is_some(), "{lang}: no `{id}`");
        }
        if lang != "en" {
            assert_eq!(l.terms, own + stand_in.len());
            assert!(!stand_in.is_empty() || own >= en_ids.len(), "{lang}");
        }
        // Every entry's payload is one of the files, under the language's folder.
        for e in &m.terms {
            assert!(multi.files.iter().any(|f| f.path == format!("{lang}/{}", e.url)), "{lang}: {}", e.url);
        }
    }
    // A language's glossary page names it (zh-cn's index.md says 词汇表).
    let zh = list.languages.iter().find(|l| l.lang == "zh-cn").unwrap();
    assert_eq!(zh.title, "词汇表");
    // fr has no index.md: no title of its own, so its widgets use their own word (not English's "Glossary").
    assert_eq!(list.languages.iter().find(|l| l.lang == "fr").unwrap().title, "");
    // Translations: `pod` exists in every language; each glossary lists the others.
    let en = Manifest::parse(file(&multi, "en/glossary.json")).unwrap();
    let pod = en.find("pod").unwrap();
    let with_pod: Vec<&str> = src
        .iter()
        .filter(|(l, t)| l != "en" && t.iter().any(|t| t.slug == "pod" && t.kind == Kind::Term))
        .map(|(l, _)| l.as_str())
        .collect();
    assert!(with_pod.len() >= 10, "{with_pod:?}");
    assert_eq!(pod.translations, with_pod);
    let ja = Manifest::parse(file(&multi, "ja/glossary.json")).unwrap();
    assert!(ja.find("pod").unwrap().translations.contains(&"en".to_owned()));
}

#[test]
fn every_language_renders_without_leaking_comments_or_shortcodes() {
    let Some(langs) = langs() else { return };
    let comment = regex_lite_comments;
    for lang in langs {
        for (name, src, t) in load(&lang) {
            let html = render_term(&t, &RenderOptions::default()).to_fragment();
            assert!(!html.contains("{{"), "{lang}/{name}: a shortcode is left: {html}");
            assert!(!html.contains("--&gt;") && !html.contains("&lt;!--"), "{lang}/{name}: a comment leaked");
            let mut text = String::new();
            search::index::prose_text(&t.body.nodes, &mut text);
            // The English originals kept in comments (zh-cn, uk…) are not the term's text.
            for c in comment(&src) {
                let words: String = c.split_whitespace().take(6).collect::<Vec<_>>().join(" ");
                if words.len() >= 24 {
                    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
                    assert!(!flat.contains(&words), "{lang}/{name}: comment text `{words}` is in the body");
                }
            }
            assert!(!t.title.contains('\r') && !t.description.as_deref().unwrap_or("").contains('\r'), "{lang}/{name}");
        }
    }
}

/// The texts of `<!-- … -->` comments in a markdown source.
fn regex_lite_comments(src: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = src;
    while let Some(a) = rest.find("<!--") {
        let after = &rest[a + 4..];
        let Some(b) = after.find("-->") else { break };
        out.push(after[..b].to_owned());
        rest = &after[b + 3..];
    }
    out
}

#[test]
fn every_language_searches_its_own_titles() {
    let Some(src) = sources() else { return };
    let multi = languages::build_all(&src, "en", &options());
    for l in &multi.languages.languages {
        let m = Manifest::parse(file(&multi, &l.glossary)).unwrap();
        let idx = format::decode(file(&multi, &format!("{}/search.glsi", l.lang))).unwrap();
        let mut missed = Vec::new();
        for e in m.terms.iter().filter(|e| e.lang.is_none()) {
            let r = idx.search(&e.title, &SearchOptions { limit: 5, ..Default::default() });
            if !r.results.iter().any(|x| x.id == e.id) {
                missed.push(format!("{:?} → {:?}", e.title, r.results.iter().map(|x| &x.title).collect::<Vec<_>>()));
            }
        }
        assert!(missed.is_empty(), "{}: {} of its titles not found:\n{}", l.lang, missed.len(), missed.join("\n"));
    }
}

#[test]
fn scripts_without_spaces_find_words_inside_text() {
    let Some(src) = sources() else { return };
    let by: HashMap<&str, &Vec<Term>> = src.iter().map(|(l, t)| (l.as_str(), t)).collect();
    // A word inside unspaced text finds the term whose body has it.
    for (lang, word, id) in
        [("zh-cn", "容器", "container"), ("ja", "コンテナ", "container"), ("ko", "컨테이너", "container")]
    {
        let idx = search::build(by[lang].iter().filter(|t| t.kind == Kind::Term));
        let r = idx.search(word, &SearchOptions { limit: 10, ..Default::default() });
        assert!(
            r.results.iter().any(|x| x.id == id),
            "{lang} {word}: {:?}",
            r.results.iter().map(|x| &x.title).collect::<Vec<_>>()
        );
    }
}

#[test]
fn source_quirks_are_handled_or_reported() {
    if common::shared(CONTENT).is_none() {
        return;
    }
    let get = |lang: &str, name: &str| load(lang).into_iter().find(|(n, _, _)| n == name).unwrap().2;
    // fr pod.md: `{{< glossary_tooltip="Deployment" term_id="deployment" >}}` still links, with a warning.
    let pod = get("fr", "pod.md");
    assert!(pod.links.contains(&"deployment".to_owned()), "{:?}", pod.links);
    assert_eq!(pod.warnings.len(), 1, "{:?}", pod.warnings);
    assert!(pod.warnings[0].contains("glossary_tooltip text="));
    // ko pod-lifecycle.md spells `short-description` and `full-link` with hyphens.
    let pl = get("ko", "pod-lifecycle.md");
    assert!(pl.description.as_deref().is_some_and(|d| d.chars().any(|c| ('가'..='힣').contains(&c))), "{pl:?}");
    assert!(!pl.extra.iter().any(|(k, _)| k == "short-description"));
    // es kops.md: the folded description is not indented; the text is still the description.
    let kops = get("es", "kops.md");
    assert!(kops.description.as_deref().is_some_and(|d| d.starts_with("Herramienta")), "{:?}", kops.description);
    // vi (and id) dates in year-day-month order are only text; CRLF files read like LF ones.
    for (lang, name) in [("vi", "pod.md"), ("id", "name.md"), ("hi", "cla.md"), ("pt-br", "eviction.md")] {
        let t = get(lang, name);
        assert!(!t.title.is_empty() && !t.title.contains('\r'), "{lang}/{name}: {:?}", t.title);
        assert!(t.description.as_deref().is_some_and(|d| !d.is_empty() && !d.contains('\r')), "{lang}/{name}");
    }
    // pt-br app-container.md has `data:` for `date:`: kept as an extra field, nothing lost.
    let app = get("pt-br", "app-container.md");
    assert!(app.extra.iter().any(|(k, _)| k == "data"), "{:?}", app.extra);
    // Translated tooltip text links to the English id.
    let zh_pod = get("zh-cn", "pod.md");
    assert!(zh_pod.links.iter().any(|l| l == "container"), "{:?}", zh_pod.links);
}
