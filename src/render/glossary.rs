//! The glossary browser's views (A–Z index, term list, not-found page), as
//! sanitised [`Html`] built from manifest entries.

use super::html::{El, Html};
use super::sanitize::clean_text;
use crate::glossary::Entry;

/// Which terms the list shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListFilter {
    pub letter: Option<String>,
    pub category: Option<String>,
    pub difficulty: Option<String>,
}

impl ListFilter {
    pub fn accepts(&self, e: &Entry) -> bool {
        let eq = |want: &Option<String>, have: &Option<String>| {
            want.as_deref().is_none_or(|w| have.as_deref().is_some_and(|h| h.eq_ignore_ascii_case(w)))
        };
        eq(&self.category, &e.category)
            && eq(&self.difficulty, &e.difficulty)
            && self.letter.as_deref().is_none_or(|l| e.letter.eq_ignore_ascii_case(l))
    }

    /// The route for this filter: `#/?letter=A&category=ai`.
    pub fn route(&self) -> String {
        let mut q = Vec::new();
        for (k, v) in [("letter", &self.letter), ("category", &self.category), ("difficulty", &self.difficulty)] {
            if let Some(v) = v {
                q.push(format!("{k}={}", super::encode(v)));
            }
        }
        if q.is_empty() {
            "#/".into()
        } else {
            format!("#/?{}", q.join("&"))
        }
    }
}

/// The letters of the index, with how many terms (after category/difficulty filters) each has.
pub fn letters(entries: &[Entry], filter: &ListFilter) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = ('A'..='Z').map(|c| (c.to_string(), 0)).collect();
    let f = ListFilter { letter: None, ..filter.clone() };
    for e in entries.iter().filter(|e| f.accepts(e)) {
        let l = e.letter.to_ascii_uppercase();
        match out.iter_mut().find(|(x, _)| *x == l) {
            Some(slot) => slot.1 += 1,
            None => out.push((l, 1)),
        }
    }
    out
}

/// The A–Z navigation.
pub fn letter_nav(entries: &[Entry], filter: &ListFilter) -> Html {
    let mut ul = El::new("ul");
    for (l, n) in letters(entries, filter) {
        let label = clean_text(&l, true);
        let current = filter.letter.as_deref().is_some_and(|x| x.eq_ignore_ascii_case(&l));
        let item = if n == 0 {
            El::new("span").attr("aria-disabled", "true").attr("title", format!("No terms under {label}")).text(label)
        } else {
            let route = ListFilter { letter: Some(l.clone()), ..filter.clone() }.route();
            let mut a = El::new("a")
                .attr("href", route)
                .attr("title", format!("{n} term{} under {label}", if n == 1 { "" } else { "s" }))
                .text(label);
            if current {
                a.set("aria-current", "true");
            }
            a
        };
        ul.children.push(El::new("li").child(item).into());
    }
    let mut all = El::new("a").attr("href", ListFilter { letter: None, ..filter.clone() }.route()).text("All");
    if filter.letter.is_none() {
        all.set("aria-current", "true");
    }
    El::new("nav").class("gb-letters").attr("aria-label", "Terms by letter").child(all).child(ul).into()
}

/// Above this many terms, the list shows one letter at a time.
pub const PAGE: usize = 1500;

/// The term list, grouped by letter. `href` gives each term's link.
pub fn list(entries: &[Entry], filter: &ListFilter, href: &dyn Fn(&Entry) -> String) -> Html {
    let shown: Vec<&Entry> = entries.iter().filter(|e| filter.accepts(e)).collect();
    let mut keyed: Vec<(String, &Entry)> = shown.into_iter().map(|e| (e.title.to_lowercase(), e)).collect();
    crate::util::sort_by(&mut keyed, |a, b| a.0.cmp(&b.0));
    let mut shown: Vec<&Entry> = keyed.into_iter().map(|(_, e)| e).collect();
    let mut out = El::new("div").class("gb-list");
    if shown.is_empty() {
        out.children.push(El::new("p").class("gb-empty").text("No terms match these filters.").into());
        return out.into();
    }
    let mut note = None;
    if filter.letter.is_none() && shown.len() > PAGE {
        let first = shown[0].letter.to_ascii_uppercase();
        note = Some(format!("{} terms: showing {first}. Choose a letter above to see the others.", shown.len()));
        shown.retain(|e| e.letter.eq_ignore_ascii_case(&first));
    }
    if let Some(n) = note {
        out.children.push(El::new("p").class("gb-note").attr("role", "note").text(n).into());
    }
    let mut i = 0;
    while i < shown.len() {
        let letter = shown[i].letter.to_ascii_uppercase();
        let mut ul = El::new("ul").class("gb-terms");
        while i < shown.len() && shown[i].letter.eq_ignore_ascii_case(&letter) {
            let e = shown[i];
            let mut head = El::new("span").class("gb-term-head").child(
                El::new("a")
                    .attr("href", href(e))
                    .attr("data-glossa-term", clean_text(&e.id, true))
                    .class("gb-term-link")
                    .text(clean_text(&e.title, true)),
            );
            if let Some(a) = e.acronym.as_deref().filter(|a| !a.is_empty()) {
                head.children.push(El::new("span").class("glossa-acronym").text(clean_text(a, true)).into());
            }
            for (class, attr, v) in [
                ("glossa-badge glossa-category", "data-category", &e.category),
                ("glossa-badge glossa-difficulty", "data-difficulty", &e.difficulty),
            ] {
                if let Some(v) = v {
                    head.children.push(
                        El::new("span").class(class).attr(attr, clean_text(v, true)).text(clean_text(v, true)).into(),
                    );
                }
            }
            let mut li = El::new("li").child(head);
            if !e.description.is_empty() {
                li.children.push(El::new("p").class("gb-desc").text(clean_text(&e.description, false)).into());
            }
            ul.children.push(li.into());
            i += 1;
        }
        let id = format!("letter-{}", clean_text(&letter, true));
        out.children.push(
            El::new("section")
                .class("gb-group")
                .attr("aria-labelledby", id.clone())
                .child(El::new("h2").attr("id", id).class("gb-letter").text(clean_text(&letter, true)))
                .child(ul)
                .into(),
        );
    }
    out.into()
}

/// The page for a term id the glossary does not have, with likely matches.
pub fn not_found(id: &str, suggestions: &[(String, String)], href: &dyn Fn(&str) -> String) -> Html {
    let mut d = El::new("div").class("gb-404").attr("role", "alert");
    d.children.push(El::new("h2").text("Term not found").into());
    d.children.push(El::new("p").text(format!("This glossary has no term “{}”.", clean_text(id, true))).into());
    if !suggestions.is_empty() {
        let mut ul = El::new("ul");
        for (sid, title) in suggestions {
            ul.children
                .push(El::new("li").child(El::new("a").attr("href", href(sid)).text(clean_text(title, true))).into());
        }
        d.children.push(El::new("p").text("Did you mean:").into());
        d.children.push(ul.into());
    }
    d.children.push(El::new("p").child(El::new("a").attr("href", "#/").text("← All terms")).into());
    d.into()
}
