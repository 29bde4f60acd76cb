//! Search relevance on the Kubernetes glossary (../shared; skipped when absent),
//! plus behaviour on small hand-made indexes and the binary format round trip.

mod common;

use glossa::content::{self, Kind};
use glossa::search::{self, format, SearchOptions};
use glossa::{Limits, Term};

fn kubernetes() -> Option<Vec<Term>> {
    let dir = common::shared("corpus/kubernetes-glossary/content/en/docs/reference/glossary")?;
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().map(|e| e.path()).collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        let l = content::load_source(&std::fs::read(&f).unwrap(), &name, &Limits::default());
        out.extend(l.terms.into_iter().filter(|t| t.kind == Kind::Term));
    }
    Some(out)
}

/// (query, expected first result's title, kind): exact names, prefixes (search-as-you-type),
/// typos, acronyms, aliases and multi-word queries. Shared with the benchmark (`tests/bench/search.mjs`).
fn kubernetes_queries() -> Vec<(String, String, String)> {
    serde_json::from_slice(&std::fs::read(common::fixture("kubernetes-queries.json")).unwrap()).unwrap()
}

#[test]
fn kubernetes_relevance() {
    let Some(terms) = kubernetes() else { return };
    let idx = search::build(&terms);
    let opts = SearchOptions::default();
    let mut failures = Vec::new();
    let queries = kubernetes_queries();
    for (q, want, _kind) in &queries {
        let r = idx.search(q, &opts);
        let got: Vec<&str> = r.results.iter().take(3).map(|x| x.title.as_str()).collect();
        if got.first() != Some(&want.as_str()) {
            failures.push(format!("{q:?}: want {want:?}, got {got:?}"));
        }
    }
    assert!(queries.len() >= 40);
    assert!(
        failures.is_empty(),
        "{} of {} queries ranked wrong:\n{}",
        failures.len(),
        queries.len(),
        failures.join("\n")
    );
}

#[test]
fn snippets_highlight_matches() {
    let Some(terms) = kubernetes() else { return };
    let idx = search::build(&terms);
    let r = idx.search("isolation", &SearchOptions::default());
    assert!(!r.results.is_empty());
    let first = &r.results[0];
    assert!(first.snippet.iter().any(|s| s.mark && s.text.to_lowercase().starts_with("isolat")), "{:?}", first.snippet);
    assert!(first.matched.contains(&"description") || first.matched.contains(&"body"));
}

fn term(title: &str, desc: &str, category: &str, difficulty: &str) -> Term {
    Term {
        id: title.to_lowercase(),
        slug: title.to_lowercase().replace(' ', "-"),
        title: title.into(),
        description: Some(desc.into()),
        category: Some(category.into()),
        difficulty: Some(difficulty.into()),
        ..Default::default()
    }
}

fn small() -> search::Index {
    search::build(&[
        term("Bézier Curve", "A smooth curve used in vector graphics.", "web", "advanced"),
        term("LLM", "A large language model predicts the next token.", "ai", "beginner"),
        term("Large Language Model Ops", "Running LLM systems in production.", "ai", "advanced"),
        term("Token", "A chunk of text, roughly 3/4 of a word.", "ai", "beginner"),
        term("日本語テスト", "これは日本語の説明です。", "web", "beginner"),
        term("Streaming", "Sending the response token by token.", "ai", "intermediate"),
    ])
}

/// Every prefix of `q`, as a search box sees it typed.
fn keystrokes(q: &str) -> Vec<&str> {
    q.char_indices().map(|(i, c)| &q[..i + c.len_utf8()]).collect()
}

#[test]
fn one_scratch_across_keystrokes_and_indexes_answers_as_a_fresh_one() {
    // The scratch keeps query words' expansions between searches: typed queries, and a
    // second index of as many documents (whose word numbers differ), must not see stale ones.
    let a = small();
    let b = search::build(&[
        term("Curve Fitting", "Fitting a smooth curve to points.", "ml", "advanced"),
        term("Language Server", "An editor talks to a language server.", "web", "beginner"),
        term("Tokenizer", "Splits text into tokens, language by language.", "ai", "beginner"),
        term("Model Card", "What a model is for, and its limits.", "ai", "beginner"),
        term("Stream Processing", "Handling events as a stream.", "data", "intermediate"),
        term("Bezier Tool", "Draws a Bézier curve in an editor.", "web", "beginner"),
    ]);
    let mut queries: Vec<&str> = Vec::new();
    for q in ["large langauge model", "tokn stream", "bezier curve", "curve", "language model ops"] {
        queries.extend(keystrokes(q));
    }
    for opts in [SearchOptions::default(), SearchOptions { prefix: false, ..Default::default() }] {
        let mut shared = search::Scratch::default();
        for q in &queries {
            for idx in [&a, &b, &a] {
                assert_eq!(idx.search_with(&mut shared, q, &opts), idx.search(q, &opts), "{q:?}");
            }
        }
    }
    if let Some(terms) = kubernetes() {
        let idx = search::build(&terms);
        let opts = SearchOptions::default();
        let mut shared = search::Scratch::default();
        for (q, _, _) in kubernetes_queries() {
            for k in keystrokes(&q) {
                assert_eq!(idx.search_with(&mut shared, k, &opts), idx.search(k, &opts), "{k:?}");
            }
        }
    }
}

#[test]
fn folding_prefix_filters_and_cjk() {
    let idx = small();
    let o = SearchOptions::default();
    assert_eq!(idx.search("bezier", &o).results[0].title, "Bézier Curve");
    assert_eq!(idx.search("BÉZ", &o).results[0].title, "Bézier Curve");
    assert_eq!(idx.search("llm", &o).results[0].title, "LLM", "exact acronym title first");
    assert_eq!(idx.search("t", &o).results[0].title, "Token", "search from the first character");
    assert_eq!(idx.search("日本", &o).results[0].title, "日本語テスト");
    assert_eq!(idx.search("説明", &o).results[0].title, "日本語テスト");
    let ai = SearchOptions { category: Some("ai".into()), difficulty: Some("advanced".into()), ..o.clone() };
    let r = idx.search("l", &ai);
    assert_eq!(r.results.len(), 1);
    assert_eq!(r.results[0].title, "Large Language Model Ops");
    // Multi-word AND, then graceful fallback when no document has every word.
    let r = idx.search("token chunk", &o);
    assert!(!r.partial && r.results[0].title == "Token");
    let r = idx.search("token zebra", &o);
    assert!(r.partial && !r.results.is_empty());
    // Nothing at all: a suggestion.
    let r = idx.search("strem", &SearchOptions { fuzzy: false, ..o.clone() });
    assert!(r.results.is_empty());
    assert_eq!(r.suggestion.as_deref(), Some("streaming"));
    assert_eq!(idx.suggest("str", 5)[0], "Streaming");
}

#[test]
fn typo_limits_follow_word_length() {
    let idx = small();
    let o = SearchOptions::default();
    assert!(idx.search("tken", &o).results.iter().any(|r| r.title == "Token"), "1 edit at 4+ chars");
    assert!(
        idx.search("tkn", &SearchOptions { prefix: false, ..o.clone() }).results.is_empty(),
        "no edits under 4 chars"
    );
    assert_eq!(idx.search("straemign", &o).results[0].title, "Streaming", "2 edits at 8+ chars");
}

#[test]
fn binary_format_round_trips_and_checks_versions() {
    let idx = match kubernetes() {
        Some(t) => search::build(&t),
        None => small(),
    };
    let bytes = format::encode(&idx);
    let back = format::decode(&bytes).unwrap();
    assert_eq!(back, idx, "decode(encode(index)) == index");
    assert_eq!(format::encode(&back), bytes, "stable bytes");
    let mut old = bytes.clone();
    old[4] = 0;
    let e = format::decode(&old).unwrap_err().to_string();
    assert!(e.contains("version 0") && e.contains("rebuild"), "{e}");
    assert!(format::decode(b"nope").unwrap_err().to_string().contains("not a glossa search index"));
    // Every truncation is an error, never a panic.
    for cut in (0..bytes.len()).step_by(97) {
        assert!(format::decode(&bytes[..cut]).is_err());
    }
    // Random corruption never panics.
    let mut x = 0x2545F4914F6CDD1Du64;
    for _ in 0..500 {
        let mut b = bytes.clone();
        for _ in 0..3 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let i = (x % b.len() as u64) as usize;
            b[i] = (x >> 32) as u8;
        }
        if let Ok(i) = format::decode(&b) {
            let _ = i.search("pod", &SearchOptions::default());
        }
    }
}

/// Incremental loading (how the browser decodes big indexes between frames): small
/// steps give the same index as one go, and progress only moves forward, from 0 to 1.
#[test]
fn incremental_load_matches_and_progress_is_monotonic() {
    let terms: Vec<Term> = std::fs::read_dir(common::repo().join("www/terms"))
        .unwrap()
        .flatten()
        .flat_map(|e| content::load_source(&std::fs::read(e.path()).unwrap(), "t.md", &Limits::default()).terms)
        .collect();
    assert!(terms.len() >= 40);
    let bytes = format::encode(&search::build(terms.iter()));
    let whole = format::decode(&bytes).expect("decodes");
    let mut l = format::Loader::new(&bytes).expect("header");
    let mut last = l.progress();
    assert_eq!(last, 0.0);
    let mut steps = 0;
    while !l.step(7).expect("step") {
        let p = l.progress();
        assert!((last..=1.0).contains(&p), "progress {last} → {p}");
        last = p;
        steps += 1;
    }
    assert!(steps > 10, "{steps} steps");
    assert_eq!(l.progress(), 1.0);
    let stepped = l.into_index();
    assert!(stepped == whole, "stepwise and whole decoding agree");
}

#[test]
fn the_warm_up_reaches_every_kind_of_query_it_is_there_for() {
    // search::warm compiles the search path before the first keystroke: it only does that
    // if its queries really take each path (typo, several words, snippets with marks,
    // folding, CJK, nothing found), so each is checked on its last keystroke.
    let mut last = std::collections::HashMap::new();
    let mut with_marks = 0;
    let mut calls = 0;
    let n = search::warm::run(|q, opts, r| {
        calls += 1;
        if opts.snippets && r.results.iter().any(|h| h.snippet.iter().any(|s| s.mark)) {
            with_marks += 1;
        }
        if opts.snippets && opts.category.is_none() {
            last.insert(q.to_owned(), r.results.first().map(|h| h.id.clone()));
        }
    });
    assert_eq!(n, calls);
    let keystrokes: usize = search::warm::TYPED.iter().map(|q| q.chars().count()).sum();
    assert_eq!(n, keystrokes + 2 * search::warm::TYPED.len(), "every keystroke with snippets, every query twice more");
    let top = |q: &str| last.get(q).cloned().flatten();
    assert_eq!(top("large langauge model").as_deref(), Some("large language model"), "a typo among several words");
    assert_eq!(top("streeming respnse").as_deref(), Some("streaming response"), "a typo in each word");
    assert_eq!(top("contxt windw").as_deref(), Some("context window"));
    assert_eq!(top("LLM tokens").as_deref(), Some("large language model"), "an acronym");
    assert_eq!(top("bezier").as_deref(), Some("bézier curve"), "accents folded");
    assert_eq!(top("日本語").as_deref(), Some("日本語モデル"), "CJK");
    assert_eq!(top("Casteljau").as_deref(), Some("bézier curve"), "a body-only word");
    assert_eq!(top("qqzx vvk"), None, "nothing found");
    assert!(with_marks > keystrokes / 2, "snippets with marks on most keystrokes: {with_marks} of {keystrokes}");
}
