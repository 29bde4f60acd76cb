//! Fuzz regressions: every input kept in `tests/fixtures/fuzz/<target>/` goes through
//! the same entry points as the `cargo fuzz` target of that name (see `fuzz/`), and
//! must come back as a value or an error, never a panic or a hang. The folders hold
//! any input that ever crashed a target, plus inputs libFuzzer found that reach the
//! deepest code (kept so the paths they cover stay covered).

#[path = "../fuzz/fuzz_targets/autolink_ref.rs"]
mod autolink_ref;
mod common;
#[path = "../fuzz/fuzz_targets/front_matter_ref.rs"]
mod front_matter_ref;
#[path = "../fuzz/fuzz_targets/gen.rs"]
mod gen;
#[path = "../fuzz/fuzz_targets/tokens_ref.rs"]
mod tokens_ref;

use std::path::PathBuf;

use arbitrary::{Arbitrary, Unstructured};

use glossa::content;
use glossa::decode::{devalue, expected, nuxt, Options};
use glossa::glossary::{manifest, Manifest};
use glossa::render::{render_term, RenderOptions};
use glossa::search::index::field;
use glossa::search::{format, Builder, Doc, SearchOptions};

fn inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = common::fixture("fuzz").join(target);
    let mut out: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .map(|p| {
            let b = std::fs::read(&p).unwrap();
            (p, b)
        })
        .collect();
    out.sort();
    assert!(!out.is_empty(), "{}: no inputs", dir.display());
    out
}

/// Runs `f` on every input of `target`. Each must finish (a hang shows as the test
/// hanging); work is bounded by construction and checked in `tests/resources.rs`.
fn replay(target: &str, f: impl Fn(&[u8])) {
    for (path, bytes) in inputs(target) {
        eprintln!("replay {}", path.display());
        f(&bytes);
    }
}

/// The structured input libFuzzer built from these bytes (as `fuzz_target!` does).
fn structured<'a, T: Arbitrary<'a>>(data: &'a [u8]) -> Option<T> {
    T::arbitrary_take_rest(Unstructured::new(data)).ok()
}

#[test]
fn autolink() {
    replay("autolink", autolink_ref::check);
}

/// Each input here is one the fuzzer found the two front matter parsers reading apart;
/// they are held to the full contract (acceptance too), not only the fuzz target's.
#[test]
fn front_matter() {
    replay("front_matter", |data| {
        front_matter_ref::check(data);
        let text = std::str::from_utf8(data).expect("UTF-8 input");
        if let Err(d) = front_matter_ref::compare(text) {
            panic!("{d}");
        }
    });
}

#[test]
fn tokens() {
    replay("tokens", |data| tokens_ref::check(&String::from_utf8_lossy(data)));
}

#[test]
fn graph() {
    replay("graph", |data| {
        if let Some(g) = structured::<gen::Graph>(data) {
            gen::check_source(&g.render(), "fuzz/_payload.json");
        }
    });
}

#[test]
fn markup() {
    replay("markup", |data| {
        if let Some(m) = structured::<gen::Markdown>(data) {
            gen::check_source(&m.render(), "fuzz.md");
        }
    });
}

#[test]
fn snippets() {
    replay("snippets", |data| {
        if let Some(s) = structured::<gen::Search>(data) {
            gen::check_search(&s);
        }
    });
}

#[test]
fn devalue() {
    replay("devalue", |data| {
        let lenient = data.first().is_some_and(|b| b & 1 == 1);
        if let Ok(g) = devalue::decode(data, &nuxt::revivers(), &Options { lenient, ..Options::default() }) {
            let _ = expected::to_expected(&g);
        }
        if let Err(e) = nuxt::decode_payload(data, &Options::default()) {
            assert!(!e.to_string().is_empty());
        }
    });
}

#[test]
fn content() {
    replay("content", |data| {
        let loaded = content::load_source(data, "fuzz/_payload.json", &glossa::Limits::default());
        for t in &loaded.terms {
            let _ = render_term(t, &RenderOptions::default()).to_fragment();
            let _ = glossa::search::build([t]);
        }
    });
}

#[test]
fn markdown() {
    replay("markdown", |data| {
        let loaded = content::load_source(data, "fuzz.md", &glossa::Limits::default());
        for t in &loaded.terms {
            let _ = render_term(t, &RenderOptions::default()).to_fragment();
        }
    });
}

#[test]
fn query() {
    let mut b = Builder::new();
    for (t, d) in [
        ("Chat Completion", "The API pattern for a conversation with an AI."),
        ("LLM", "A large language model predicts the next token."),
        ("Bézier Curve", "Smooth curves in vector graphics."),
        ("日本語テスト", "これは日本語の説明です。"),
        ("Pod Disruption Budget", "Limits voluntary disruptions of pods."),
        ("Pod", "The smallest deployable unit."),
    ] {
        b.add_doc(
            Doc { id: t.into(), title: t.into(), description: d.into(), ..Default::default() },
            &[(t, field::TITLE), (d, field::DESCRIPTION)],
        );
    }
    let index = b.finish();
    replay("query", |data| {
        let (flags, text) = data.split_first().unwrap_or((&0, &[]));
        let q = String::from_utf8_lossy(text);
        let opts = SearchOptions {
            limit: (*flags as usize % 20) + 1,
            prefix: flags & 1 == 1,
            fuzzy: flags & 2 == 2,
            max_typos: (flags >> 2) & 3,
            snippets: flags & 16 == 16,
            category: None,
            difficulty: None,
        };
        let r = index.search(&q, &opts);
        assert!(r.results.len() <= opts.limit);
        let _ = index.suggest(&q, 5);
    });
}

#[test]
fn index() {
    replay("index", |data| {
        if let Ok(idx) = format::decode(data) {
            let _ = idx.search("pod", &SearchOptions::default());
            // What loads re-encodes to something that loads the same.
            let again = format::decode(&format::encode(&idx)).expect("re-encoded index loads");
            assert_eq!(again.docs().len(), idx.docs().len());
        }
    });
}

#[test]
fn manifest() {
    replay("manifest", |data| {
        if let Ok(m) = Manifest::parse(data) {
            let idx = m.metadata_index();
            let _ = idx.search("a", &Default::default());
            for e in m.terms.iter().take(50) {
                let _ = manifest::join_url("https://example.com/g/glossary.json", &e.url);
            }
        }
    });
}
