//! Search results → sanitised [`Html`] (the `<glossa-search>` listbox options).
//! Matched words become `<mark>` elements; all text is text nodes.

use super::html::{El, Html};
use super::sanitize::clean_text;
use crate::search::{Results, SearchResult};

/// The id of option `i` in a listbox with id prefix `prefix`.
pub fn option_id(prefix: &str, i: usize) -> String {
    format!("{prefix}-opt-{i}")
}

/// One `li[role=option]` per result.
pub fn options(results: &[SearchResult], prefix: &str, hrefs: &[Option<super::SafeUrl>]) -> Vec<Html> {
    results
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut title = El::new("span").class("gs-title").text(clean_text(&r.title, true));
            if let Some(a) = r.acronym.as_deref().filter(|a| !a.is_empty()) {
                title.children.push(El::new("span").class("gs-acronym").text(clean_text(a, true)).into());
            }
            let mut head = El::new("span").class("gs-head").child(title);
            for (kind, v) in
                [(super::term::Facet::Category, &r.category), (super::term::Facet::Difficulty, &r.difficulty)]
            {
                if let Some(v) = v.as_deref() {
                    head.children.push(super::term::badge(kind, v));
                }
            }
            let mut snippet = El::new("span").class("gs-snippet");
            for s in &r.snippet {
                let t = clean_text(&s.text, false);
                snippet.children.push(if s.mark { El::new("mark").text(t).into() } else { Html::Text(t) });
            }
            let mut li = El::new("li")
                .attr("id", option_id(prefix, i))
                .attr("role", "option")
                .attr("aria-selected", "false")
                .attr("data-id", clean_text(&r.id, true))
                .class("gs-option");
            if let Some(Some(h)) = hrefs.get(i) {
                li.set("data-href", h.as_str());
            }
            li.children.push(head.into());
            if !snippet.children.is_empty() {
                li.children.push(snippet.into());
            }
            li.into()
        })
        .collect()
}

/// The "no results" panel: a message, the corrected query, and suggestions to try.
pub fn empty(query: &str, r: &Results, suggestions: &[String], s: &super::strings::Strings) -> Html {
    use super::strings::Key;
    let mut p = El::new("div").class("gs-empty");
    p.children.push(El::new("p").text(s.fill(Key::NoMatch, "query", &clean_text(query, true))).into());
    let mut tries: Vec<String> = r.suggestion.iter().cloned().collect();
    for s in suggestions {
        if !tries.contains(s) {
            tries.push(s.clone());
        }
    }
    if !tries.is_empty() {
        let mut line = El::new("p").text(format!("{} ", s.get(Key::TryQueries)));
        for (i, s) in tries.iter().take(4).enumerate() {
            if i > 0 {
                line.children.push(Html::Text(", ".into()));
            }
            line.children.push(
                El::new("button")
                    .attr("type", "button")
                    .class("gs-try")
                    .attr("data-query", s.clone())
                    .text(s.clone())
                    .into(),
            );
        }
        line.children.push(Html::Text("?".into()));
        p.children.push(line.into());
    }
    p.into()
}
