//! Search queries (any text, any options) against a small fixed index.
#![no_main]
use std::sync::OnceLock;

use glossa::search::{Builder, Doc, Index, SearchOptions};
use libfuzzer_sys::fuzz_target;

fn index() -> &'static Index {
    static I: OnceLock<Index> = OnceLock::new();
    I.get_or_init(|| {
        use glossa::search::index::field;
        let mut b = Builder::new();
        for (t, d) in [
            ("Chat Completion", "The API pattern for a conversation with an AI."),
            ("LLM", "A large language model predicts the next token."),
            ("Bézier Curve", "Smooth curves in vector graphics."),
            ("日本語テスト", "これは日本語の説明です。"),
            ("Pod Disruption Budget", "Limits voluntary disruptions of pods."),
            ("Pod", "The smallest deployable unit."),
        ] {
            b.add_doc(Doc { id: t.into(), title: t.into(), description: d.into(), ..Default::default() }, &[(t, field::TITLE), (d, field::DESCRIPTION)]);
        }
        b.finish()
    })
}

fuzz_target!(|data: &[u8]| {
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
    let _ = index().search(&q, &opts);
    let _ = index().suggest(&q, 5);
});
