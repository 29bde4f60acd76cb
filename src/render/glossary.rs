//! The glossary browser's views (A–Z index, term list, not-found page), as
//! sanitised [`Html`] built from manifest entries.

use super::html::{El, Html, SafeUrl, UrlAttr};
use super::sanitize::clean_text;
use super::strings::{Key, Strings};
use crate::glossary::letters;
use crate::glossary::{Entry, Manifest};

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

/// The letters of the index, with how many terms (after category/difficulty filters) each has,
/// in index order (see [`crate::glossary::letters`]): the glossary's own script first. For a
/// glossary in Latin letters A–Z are always there (empty ones are shown disabled).
pub fn letters(m: &Manifest, filter: &ListFilter, order: &letters::Order) -> Vec<(String, usize)> {
    let f = ListFilter { letter: None, ..filter.clone() };
    let mut out: Vec<(String, usize)> = Vec::new();
    if order.latin() {
        out.extend((b'A'..=b'Z').map(|b| ((b as char).to_string(), 0)));
    }
    let mut count = |letter: &str, n: usize| {
        let key = if letter.len() == 1 { letter.to_ascii_uppercase() } else { letter.to_owned() };
        match out.iter_mut().find(|(x, _)| *x == key) {
            Some(slot) => slot.1 += n,
            None => out.push((key, n)),
        }
    };
    match m.by_letter().filter(|_| f == ListFilter::default()) {
        Some(buckets) => buckets.iter().for_each(|(l, v)| count(l, v.len())),
        None => m.terms.iter().filter(|e| f.accepts(e)).for_each(|e| count(&e.letter, 1)),
    }
    order.sort_headings(&mut out);
    out
}

/// The A–Z navigation.
pub fn letter_nav(m: &Manifest, filter: &ListFilter, s: &Strings, order: &letters::Order) -> Html {
    let mut ul = El::new("ul");
    for (l, n) in letters(m, filter, order) {
        let label = clean_text(&l, true);
        let current = filter.letter.as_deref().is_some_and(|x| x.eq_ignore_ascii_case(&l));
        let item = if n == 0 {
            El::new("span")
                .attr("aria-disabled", "true")
                .attr("title", s.fill(Key::LetterEmpty, "label", &label))
                .text(label)
        } else {
            let route = ListFilter { letter: Some(l.clone()), ..filter.clone() }.route();
            let mut a = El::new("a")
                .href(SafeUrl::fragment(&route))
                .attr("title", s.count(Key::LetterCount, n).replace("{label}", &label))
                .text(label);
            if current {
                a.set("aria-current", "true");
            }
            a
        };
        ul.children.push(El::new("li").child(item).into());
    }
    let mut all = El::new("a")
        .href(SafeUrl::fragment(&ListFilter { letter: None, ..filter.clone() }.route()))
        .text(s.get(Key::All));
    if filter.letter.is_none() {
        all.set("aria-current", "true");
    }
    El::new("nav").class("gb-letters").attr("aria-label", s.get(Key::TermsByLetter)).child(all).child(ul).into()
}

/// Above this many terms, the list shows one letter at a time.
pub const PAGE: usize = 1500;

/// How many terms a list view renders at first, and per "Show more".
pub const BATCH: usize = 240;

/// A term list view: the first [`BATCH`] terms, and the ones still to show.
pub struct List {
    pub html: Html,
    /// Positions in `entries` of the terms not rendered yet, in order (see [`list_more`]).
    pub rest: Vec<usize>,
    /// The letter of the last term rendered (where [`list_more`] continues).
    pub last: Option<String>,
}

/// The term list, grouped by letter, sorted by title; `href` gives each term's link.
/// Long lists render in batches (the rest via [`list_more`]), so a 100 000-term
/// glossary never builds thousands of elements at once.
pub fn list(
    m: &Manifest,
    filter: &ListFilter,
    href: &dyn Fn(&Entry) -> String,
    s: &Strings,
    order: &letters::Order,
) -> List {
    let entries = &m.terms[..];
    let accepts = |i: usize| entries.get(i).is_some_and(|e| filter.accepts(e));
    // The terms of one letter come from the letter index, not a scan of them all.
    let of_letter = |letter: &str| -> Vec<usize> {
        match m.by_letter() {
            Some(b) => b
                .iter()
                .find(|(l, _)| l.eq_ignore_ascii_case(letter))
                .map(|(_, v)| v.iter().map(|&i| i as usize).filter(|&i| accepts(i)).collect())
                .unwrap_or_default(),
            None => (0..entries.len()).filter(|&i| accepts(i)).collect(),
        }
    };
    let mut note = None;
    let shown = match &filter.letter {
        Some(l) => of_letter(l),
        None => {
            let counts = letters(m, filter, order);
            let n: usize = counts.iter().map(|(_, n)| n).sum();
            match counts.into_iter().find(|(_, n)| *n > 0) {
                // Over PAGE terms: only the first letter of the A–Z navigation.
                Some((first, _)) if n > PAGE => {
                    note = Some(s.count(Key::BigList, n).replace("{first}", &first));
                    match m.by_letter() {
                        Some(_) => of_letter(&first),
                        None => (0..entries.len())
                            .filter(|&i| {
                                accepts(i) && entries.get(i).is_some_and(|e| e.letter.eq_ignore_ascii_case(&first))
                            })
                            .collect(),
                    }
                }
                _ => (0..entries.len()).filter(|&i| accepts(i)).collect(),
            }
        }
    };
    let mut out = El::new("div").class("gb-list");
    if shown.is_empty() {
        out.children.push(El::new("p").class("gb-empty").text(s.get(Key::NoTermsMatchFilters)).into());
        return List { html: out.into(), rest: Vec::new(), last: None };
    }
    if let Some(note) = note {
        out.children.push(El::new("p").class("gb-note").attr("role", "note").text(note).into());
    }
    // By letter in index order, then by title in the language's collation order: each
    // letter's terms are one group.
    let shown: Vec<(usize, &Entry)> = shown.into_iter().filter_map(|i| Some((i, entries.get(i)?))).collect();
    let keys: Vec<String> =
        shown.iter().map(|(_, e)| e.sort_key.clone().unwrap_or_else(|| e.title.to_lowercase())).collect();
    let title_rank = order.ranks(&keys.iter().map(String::as_str).collect::<Vec<_>>());
    let mut heads: Vec<(String, ())> = Vec::new();
    for (_, e) in &shown {
        let h = e.letter.to_ascii_uppercase();
        if !heads.iter().any(|(x, _)| *x == h) {
            heads.push((h, ()));
        }
    }
    order.sort_headings(&mut heads);
    let letter_rank = |e: &Entry| {
        let h = e.letter.to_ascii_uppercase();
        heads.iter().position(|(x, _)| *x == h).unwrap_or(usize::MAX)
    };
    let mut keyed: Vec<(usize, u32, usize)> =
        shown.iter().zip(title_rank).map(|(&(i, e), r)| (letter_rank(e), r, i)).collect();
    crate::util::sort_by(&mut keyed, |a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    let mut order: Vec<usize> = keyed.into_iter().map(|(_, _, i)| i).collect();
    let rest = order.split_off(order.len().min(BATCH));
    let (_, groups) = list_more(entries, &order, None, href);
    out.children.extend(groups);
    if !rest.is_empty() {
        out.children.push(more_button(rest.len(), s));
    }
    let last = order.last().and_then(|&i| entries.get(i)).map(|e| e.letter.clone());
    List { html: out.into(), rest, last }
}

/// The "Show more" button of a list with `left` terms still to show.
pub fn more_button(left: usize, s: &Strings) -> Html {
    let n = left.min(BATCH);
    El::new("p")
        .class("gb-more")
        .child(El::new("button").attr("type", "button").class("gb-more-btn").text(if n == left {
            s.fill(Key::ShowLast, "n", &s.number(left))
        } else {
            s.fill(Key::ShowMore, "n", &s.number(n)).replace("{left}", &s.number(left))
        }))
        .into()
}

/// List items for `items` (positions in `entries`, in order): those that continue
/// the group of letter `after` (the last one shown) as `li`s, then new letter groups.
pub fn list_more(
    entries: &[Entry],
    items: &[usize],
    after: Option<&str>,
    href: &dyn Fn(&Entry) -> String,
) -> (Vec<Html>, Vec<Html>) {
    let mut cont = Vec::new();
    let mut groups = Vec::new();
    let mut items = items.iter().filter_map(|&i| entries.get(i)).peekable();
    while let Some(e) = items.next_if(|e| after.is_some_and(|l| e.letter.eq_ignore_ascii_case(l))) {
        cont.push(list_item(e, href));
    }
    while let Some(first) = items.peek() {
        let letter = first.letter.to_ascii_uppercase();
        let mut ul = El::new("ul").class("gb-terms");
        while let Some(e) = items.next_if(|e| e.letter.eq_ignore_ascii_case(&letter)) {
            ul.children.push(list_item(e, href));
        }
        let id = format!("letter-{}", clean_text(&letter, true));
        groups.push(
            El::new("section")
                .class("gb-group")
                .attr("aria-labelledby", id.clone())
                .child(El::new("h2").attr("id", id).class("gb-letter").text(clean_text(&letter, true)))
                .child(ul)
                .into(),
        );
    }
    (cont, groups)
}

fn list_item(e: &Entry, href: &dyn Fn(&Entry) -> String) -> Html {
    let mut link = El::new("a");
    if let Some(h) = SafeUrl::link(&href(e)) {
        link.set_url(UrlAttr::Href, h);
    }
    let mut head = El::new("span").class("gb-term-head").child(
        link.attr("data-glossa-term", clean_text(&e.id, true)).class("gb-term-link").text(clean_text(&e.title, true)),
    );
    if let Some(a) = e.acronym.as_deref().filter(|a| !a.is_empty()) {
        head.children.push(super::term::acronym(a));
    }
    for (kind, v) in [(super::term::Facet::Category, &e.category), (super::term::Facet::Difficulty, &e.difficulty)] {
        if let Some(v) = v {
            head.children.push(super::term::badge(kind, v));
        }
    }
    let mut li = El::new("li").child(head);
    // A term the translation lacks, in the default language's words.
    if let Some(lang) = e.lang.as_deref().filter(|l| !l.trim().is_empty()) {
        li = li.attr("lang", clean_text(lang, true)).attr("dir", super::strings::dir(lang));
    }
    if !e.description.is_empty() {
        li.children.push(El::new("p").class("gb-desc").text(clean_text(&e.description, false)).into());
    }
    li.into()
}

/// The page for a term id the glossary does not have, with likely matches.
pub fn not_found(id: &str, suggestions: &[(String, String)], href: &dyn Fn(&str) -> String, s: &Strings) -> Html {
    let mut d = El::new("div").class("gb-404").attr("role", "alert");
    d.children.push(El::new("h2").text(s.get(Key::TermNotFound)).into());
    d.children.push(El::new("p").text(s.fill(Key::NoSuchTerm, "id", &clean_text(id, true))).into());
    if !suggestions.is_empty() {
        let mut ul = El::new("ul");
        for (sid, title) in suggestions {
            let mut a = El::new("a");
            if let Some(h) = SafeUrl::link(&href(sid)) {
                a.set_url(UrlAttr::Href, h);
            }
            ul.children.push(El::new("li").child(a.text(clean_text(title, true))).into());
        }
        d.children.push(El::new("p").text(s.get(Key::DidYouMean)).into());
        d.children.push(ul.into());
    }
    d.children.push(El::new("p").child(El::new("a").href(SafeUrl::fragment("/")).text(s.get(Key::AllTerms))).into());
    d.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order() -> letters::Order {
        letters::Order::new(None)
    }

    #[test]
    fn a_collation_orders_titles_and_headings() {
        // A stand-in collation that reverses code-point order: the list follows it.
        let rev: letters::Collate = std::rc::Rc::new(|keys: &[&str]| {
            let mut idx: Vec<u32> = (0..keys.len() as u32).collect();
            idx.sort_by(|&a, &b| keys[b as usize].cmp(keys[a as usize]));
            idx
        });
        let m = manifest(40, true);
        let l = list(
            &m,
            &ListFilter::default(),
            &|e| e.id.clone(),
            crate::render::strings::english(),
            &letters::Order::collated(None, rev.clone()),
        );
        let html = super::super::html::to_string(std::slice::from_ref(&l.html));
        let heads: Vec<&str> = html.split("class=\"gb-letter\">").skip(1).map(|h| &h[..1]).collect();
        assert_eq!(heads, ["C", "B", "A", "#"], "{html:.400}");
        // A collator answer that is not a permutation is ignored.
        let bad: letters::Collate = std::rc::Rc::new(|_: &[&str]| vec![0, 0]);
        assert_eq!(letters::Order::collated(None, bad).ranks(&["b", "a"]), vec![1, 0]);
    }

    fn manifest(n: usize, indexed: bool) -> Manifest {
        let mut m = Manifest::default();
        for i in 0..n {
            // Titles spread over letters, in no particular order; a few non-letters.
            let first = ["b", "A", "c", "Ä", "7", "a", "B"][i % 7];
            let title = format!("{first}{:05}", (i * 7919) % 100_000);
            let e = Entry {
                id: format!("t{i}"),
                letter: crate::glossary::manifest::letter_of(&title),
                title,
                category: Some(["ai", "web"][i % 2].into()),
                ..Default::default()
            };
            if indexed {
                m.push(e);
            } else {
                m.terms.push(e);
            }
        }
        m
    }

    #[test]
    fn letter_counts_are_the_same_from_the_index_and_from_a_scan() {
        for f in [ListFilter::default(), ListFilter { category: Some("ai".into()), ..Default::default() }] {
            let (a, b) = (letters(&manifest(3000, true), &f, &order()), letters(&manifest(3000, false), &f, &order()));
            assert_eq!(a, b);
            assert_eq!(a.iter().map(|(_, n)| n).sum::<usize>(), if f.category.is_some() { 1500 } else { 3000 });
            assert_eq!(&a[..3], &[("A".into(), a[0].1), ("B".into(), a[1].1), ("C".into(), a[2].1)]);
        }
    }

    #[test]
    fn long_lists_show_one_letter_in_sorted_batches() {
        for indexed in [true, false] {
            let m = manifest(3000, indexed);
            let l = list(&m, &ListFilter::default(), &|e| e.id.clone(), crate::render::strings::english(), &order());
            let html = super::super::html::to_string(std::slice::from_ref(&l.html));
            assert!(html.contains("3000 terms: showing A."), "{html:.300}");
            assert_eq!(html.matches("<li>").count(), BATCH);
            let in_a = m.terms.iter().filter(|e| e.letter == "A").count();
            assert_eq!(BATCH + l.rest.len(), in_a);
            // The rest continues the same letter group: all of it joins the last list.
            let (cont, groups) = list_more(&m.terms, &l.rest, l.last.as_deref(), &|e| e.id.clone());
            assert_eq!((cont.len(), groups.len()), (l.rest.len(), 0));
            let titles: Vec<String> = l.rest.iter().map(|&i| m.terms[i].title.to_lowercase()).collect();
            assert!(titles.windows(2).all(|w| w[0] <= w[1]), "sorted");
            // A letter and a category: only those.
            let f = ListFilter { letter: Some("b".into()), category: Some("web".into()), ..Default::default() };
            let l = list(&m, &f, &|e| e.id.clone(), crate::render::strings::english(), &order());
            let want = m.terms.iter().filter(|e| e.letter == "B" && e.category.as_deref() == Some("web")).count();
            assert_eq!(
                super::super::html::to_string(std::slice::from_ref(&l.html)).matches("<li>").count() + l.rest.len(),
                want
            );
        }
        // Short lists: every letter, no batches.
        let m = manifest(100, true);
        let l = list(&m, &ListFilter::default(), &|e| e.id.clone(), crate::render::strings::english(), &order());
        assert!(l.rest.is_empty());
        assert_eq!(super::super::html::to_string(std::slice::from_ref(&l.html)).matches("<li>").count(), 100);
        assert!(!super::super::html::to_string(std::slice::from_ref(&l.html)).contains("gb-more"));
    }
}
