//! Plain documents (`{ id, title, acronym, aliases, category, difficulty, description, body, url }`)
//! → manifest entries and a search index. The shape `glossa docs` prints, so a glossary can
//! come from any pipeline: `Glossary.fromDocuments` in the browser, `glossa index` on the CLI.

use serde::Deserialize;

use super::manifest::{letter_of, Entry};
use crate::search::{self, index::field, Index};

/// One document. Only `id` and `title` are needed.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Document {
    pub id: String,
    pub title: String,
    pub acronym: Option<String>,
    pub aliases: Vec<String>,
    pub category: Option<String>,
    pub difficulty: Option<String>,
    pub description: String,
    /// Plain text of the body (searched; the start is kept for result snippets).
    pub body: String,
    /// The term's payload URL, if it has one.
    pub url: String,
    /// The term's site path (`/terms/c/chat-completion`), if it has one.
    pub path: Option<String>,
}

/// Builds the entries and the index, keeping the first `snippet_chars` of each body for
/// result snippets (0: snippets come from descriptions only, for much smaller indexes).
/// Documents without an id or title are skipped and reported by position.
pub fn index(docs: Vec<Document>, snippet_chars: usize) -> (Vec<Entry>, Index, Vec<String>) {
    let mut b = search::Builder::new();
    let mut entries = Vec::with_capacity(docs.len());
    let mut problems = Vec::new();
    for (i, d) in docs.into_iter().enumerate() {
        if d.id.trim().is_empty() || d.title.trim().is_empty() {
            problems.push(format!("[{i}]: a document needs a non-empty `id` and `title`"));
            continue;
        }
        let e = Entry {
            letter: letter_of(&d.title),
            id: d.id,
            title: d.title,
            acronym: d.acronym.filter(|a| !a.is_empty()),
            aliases: d.aliases,
            category: d.category,
            difficulty: d.difficulty,
            description: d.description,
            path: d.path,
            url: d.url,
            related: Vec::new(),
            ..Default::default()
        };
        let mut doc = e.to_doc();
        doc.body = if snippet_chars == 0 { String::new() } else { crate::content::clip(d.body.clone(), snippet_chars) };
        let mut fields = e.fields();
        fields.push((&d.body, field::BODY));
        b.add_doc(doc, &fields);
        entries.push(e);
    }
    (entries, b.finish(), problems)
}
