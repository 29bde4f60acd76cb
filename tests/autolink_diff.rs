//! The token matcher (`glossa::autolink`) against aho-corasick, the crate it replaces,
//! on text both define the same way: ASCII prose with single spaces (the token matcher
//! also folds accents and accepts any white space inside a name, which aho-corasick's
//! literal patterns cannot). The `autolink` fuzz target compares random text likewise.

mod common;

#[path = "../fuzz/fuzz_targets/autolink_ref.rs"]
mod autolink_ref;

use glossa::Limits;

/// Names and prose from a folder of markdown term files.
fn corpus(dir: &std::path::Path) -> (Vec<(u32, String)>, Vec<String>) {
    let mut names = Vec::new();
    let mut texts = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(dir).expect("folder").flatten().map(|e| e.path()).collect();
    files.sort();
    for (i, f) in files.iter().enumerate() {
        let bytes = std::fs::read(f).unwrap_or_default();
        let l = glossa::content::load_source(&bytes, &f.to_string_lossy(), &Limits::default());
        let Some(t) = l.terms.into_iter().next() else { continue };
        let i = i as u32;
        names.push((i, t.title.clone()));
        names.extend(t.acronym.iter().map(|a| (i, a.clone())));
        names.extend(t.aliases.iter().map(|a| (i, a.clone())));
        texts.push(t.body.text());
    }
    (names, texts)
}

#[test]
fn token_matcher_agrees_with_aho_corasick_on_real_glossaries() {
    let mut dirs = vec![common::repo().join("www/terms")];
    dirs.extend(common::shared("corpus/kubernetes-glossary/content/en/docs/reference/glossary"));
    let (mut compared, mut mentions, mut diffs) = (0, 0, Vec::new());
    for dir in dirs {
        let (names, texts) = corpus(&dir);
        let refs: Vec<(u32, &str)> = names.iter().map(|(i, n)| (*i, n.as_str())).collect();
        let ours = glossa::autolink::Autolinker::new(refs.iter().copied());
        let theirs = autolink_ref::Autolinker::new(refs.iter().copied());
        for t in &texts {
            let t = autolink_ref::comparable(t);
            compared += 1;
            let a: Vec<_> = ours.find(&t).into_iter().map(|m| (m.start, m.end, m.term)).collect();
            let b: Vec<_> = theirs.find(&t).into_iter().map(|m| (m.start, m.end, m.term)).collect();
            mentions += b.len();
            if a != b {
                diffs.push(autolink_ref::describe(&t, &a, &b));
            }
        }
    }
    eprintln!("compared {compared} texts, {mentions} mentions, {} differ", diffs.len());
    assert!(compared > 40 && mentions > 100, "compared {compared} texts, {mentions} mentions");
    assert!(diffs.is_empty(), "{} of {compared} texts differ:\n{}", diffs.len(), diffs.join("\n"));
}
