//! A warm-up of the search path, for a module that has just started.
//!
//! Browsers compile a wasm function on its first call (V8 compiles lazily). Measured in
//! Chromium on 10 000 long-body terms, the first search of a page paid about 120 function
//! compilations, 2.5 ms of a 4.4 ms keystroke, and the first query of each other kind (a
//! typo, several words, a word that matches nothing) paid its own on a later keystroke.
//! [`run`] searches a tiny built-in index with every kind of query a search box sends, the
//! way it sends them (keystroke by keystroke, with and without snippets), so that the page
//! pays those compilations while it is idle, not on the reader's first keystrokes.
//!
//! The functions a query runs do not depend on the index it runs on, so six small terms
//! reach the same code as 100 000.

use super::{Builder, Index, Results, Scratch, SearchOptions};
use crate::Term;

/// The built-in terms: ASCII and non-ASCII text, an acronym, shared words, bodies longer
/// than a snippet window.
fn index() -> Index {
    let term = |title: &str, acronym: Option<&str>, desc: &str, body: &str| {
        let mut t = Term {
            id: title.to_lowercase(),
            slug: title.to_lowercase().replace(' ', "-"),
            title: title.into(),
            acronym: acronym.map(Into::into),
            description: Some(desc.into()),
            category: Some("warm".into()),
            difficulty: Some("beginner".into()),
            ..Default::default()
        };
        t.body.nodes = vec![crate::ast::Node::Text(body.into())];
        t
    };
    let mut b = Builder::new();
    for t in [
        term(
            "Large Language Model",
            Some("LLM"),
            "A model that predicts the next token of a text.",
            "Trained on a large corpus of text, a large language model reads a prompt as tokens and \
             writes its answer token by token. Its context window bounds how much of a conversation \
             it sees at once; retrieval adds documents to that context.",
        ),
        term(
            "Token",
            None,
            "A chunk of text, roughly three quarters of a word.",
            "A tokenizer splits text into tokens before a model reads it. Counting tokens tells what a \
             request costs and whether a prompt fits the context window of the model.",
        ),
        term(
            "Streaming Response",
            None,
            "Sending the answer token by token as it is generated.",
            "With streaming, a client shows the first words of a response at once instead of waiting \
             for the whole text; server-sent events carry each token.",
        ),
        term(
            "Bézier Curve",
            None,
            "Une courbe lisse définie par des points de contrôle.",
            "Les courbes de Bézier décrivent les glyphes des polices et les tracés des éditeurs \
             vectoriels ; leur évaluation suit l'algorithme de Casteljau.",
        ),
        term(
            "日本語モデル",
            None,
            "日本語のテキストを生成するモデル。",
            "大規模言語モデルは日本語の文章を読み、次のトークンを予測します。",
        ),
        term(
            "Context Window",
            None,
            "How many tokens a model reads at once.",
            "The context window of a language model holds the prompt, the conversation so far and the \
             answer being written; a longer window costs more memory.",
        ),
    ] {
        b.add(&t);
    }
    b.finish()
}

/// The queries, each typed keystroke by keystroke: prefix, exact, typo (one and two edits,
/// inside the word being typed and before it), several words, an acronym, accents and
/// folding, CJK, nothing found (the suggestion path).
pub const TYPED: [&str; 8] = [
    "large langauge model",
    "LLM tokens",
    "streeming respnse",
    "contxt windw",
    "bezier",
    "日本語",
    "Casteljau",
    "qqzx vvk",
];

/// The warm-up, one typed query at a time (so a shell can let the page run in between).
pub struct WarmUp {
    index: Index,
    scratch: Scratch,
    next: usize,
}

impl Default for WarmUp {
    fn default() -> Self {
        WarmUp { index: index(), scratch: Scratch::default(), next: 0 }
    }
}

impl WarmUp {
    /// Types the next query of [`TYPED`]: each keystroke with snippets, then the whole query
    /// without them and with a category filter. `each` sees every answer (the web shell
    /// serialises it, as it does a real one). Returns how many searches ran, or `None` once
    /// every query has been typed.
    pub fn step(&mut self, mut each: impl FnMut(&str, &SearchOptions, &Results)) -> Option<usize> {
        let q = *TYPED.get(self.next)?;
        self.next += 1;
        let snippets = SearchOptions::default();
        let bare = SearchOptions { snippets: false, max_typos: 1, ..SearchOptions::default() };
        let filtered = SearchOptions { category: Some("warm".into()), ..SearchOptions::default() };
        let keystrokes = q.char_indices().filter_map(|(i, c)| q.get(..i + c.len_utf8()));
        let mut n = 0;
        for (s, opts) in keystrokes.map(|s| (s, &snippets)).chain([(q, &bare), (q, &filtered)]) {
            each(s, opts, &self.index.search_with(&mut self.scratch, s, opts));
            n += 1;
        }
        Some(n)
    }
}

/// The whole warm-up at once ([`WarmUp::step`] until done); returns how many searches ran.
pub fn run(mut each: impl FnMut(&str, &SearchOptions, &Results)) -> usize {
    let mut w = WarmUp::default();
    std::iter::from_fn(|| w.step(&mut each)).sum()
}
