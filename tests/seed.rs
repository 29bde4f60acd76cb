//! The seed term (`tests/fixtures/seed/chat-completion.payload.json`, the payload the
//! project was created from) decodes to the expected `Term` and renders as a reader wants it.

mod common;

use glossa::content::{self, Kind};
use glossa::render::{render_term, Html, PayloadBase, RenderOptions, TemplateLinker};
use glossa::Limits;

fn seed() -> glossa::Term {
    let loaded = content::load_source(&common::seed_bytes(), "chat-completion/_payload.json", &Limits::default());
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    assert_eq!(loaded.terms.len(), 1);
    loaded.terms.into_iter().next().unwrap()
}

#[test]
fn seed_decodes_to_the_expected_term() {
    let t = seed();
    assert_eq!(t.kind, Kind::Term);
    assert_eq!(t.id, "terms/terms/c/chat-completion.md");
    assert_eq!(t.slug, "chat-completion");
    assert_eq!(t.path.as_deref(), Some("/terms/c/chat-completion"));
    assert_eq!(t.stem.as_deref(), Some("terms/c/chat-completion"));
    assert_eq!(t.title, "Chat Completion");
    assert_eq!(t.acronym, None);
    assert_eq!(t.category.as_deref(), Some("ai"));
    assert_eq!(t.subcategory, None);
    assert_eq!(t.difficulty.as_deref(), Some("beginner"));
    assert_eq!(t.letter.as_deref(), Some("c"));
    assert_eq!(
        t.description.as_deref(),
        Some("Chat Completion is the API pattern for having a back-and-forth conversation with an AI.")
    );
    assert_eq!(t.related, ["Streaming", "System Prompt", "API Key", "Token", "LLM", "Prompt"]);
    let seo = t.seo.as_ref().unwrap();
    assert_eq!(seo.title.as_deref(), Some("Chat Completion"));
    // Related summaries come from `related-c/chat-completion`.
    let titles: Vec<_> = t.related_summaries.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(titles, ["API Key", "LLM", "Prompt", "Streaming", "System Prompt", "Token"]);
    let llm = &t.related_summaries[1];
    assert_eq!(llm.acronym.as_deref(), Some("Large Language Model"));
    assert_eq!(llm.path.as_deref(), Some("/terms/l/llm"));
    assert_eq!(t.related_summaries[5].category.as_deref(), Some("vibecoding"));
    // Body: 8 nodes (the trailing style element is kept aside as CSS), toc of 4 h2.
    assert_eq!(t.body.nodes.len(), 8);
    assert_eq!(t.body.styles.len(), 1);
    let ids: Vec<_> = t.toc.links.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids, ["eli5-the-vibe-check", "real-talk", "show-me-the-code", "when-youll-hear-this"]);
    assert_eq!(t.toc.links[0].text, "ELI5 — The Vibe Check");
}

fn walk<'a>(n: &'a Html, out: &mut Vec<&'a glossa::render::El>) {
    if let Html::Element(e) = n {
        out.push(e);
        for c in &e.children {
            walk(c, out);
        }
    }
}

fn text(n: &Html) -> String {
    match n {
        Html::Text(t) => t.clone(),
        Html::Element(e) => e.children.iter().map(text).collect(),
    }
}

#[test]
fn seed_renders_headings_code_and_related() {
    let t = seed();
    let base = PayloadBase::infer("/demo/terms/c/chat-completion/_payload.json?v=1", t.path.as_deref());
    assert_eq!(base, Some(PayloadBase::NuxtSite { root: "/demo".into() }));
    let linker = TemplateLinker { template: Some("entry.html?src={payload}&s={slug}".into()), base };
    let r = render_term(&t, &RenderOptions { linker: &linker, ..Default::default() });
    let mut els = Vec::new();
    walk(&r.html, &mut els);
    let h2: Vec<_> = els.iter().filter(|e| e.tag == "h2").map(|e| e.get("id").unwrap_or("")).collect();
    // Payload ids are prefixed in the output, as on GitHub.
    assert_eq!(
        h2,
        [
            "user-content-eli5-the-vibe-check",
            "user-content-real-talk",
            "user-content-show-me-the-code",
            "user-content-when-youll-hear-this"
        ]
    );
    // Headings link to themselves.
    let anchors: Vec<_> =
        els.iter().filter(|e| e.get("class") == Some("glossa-anchor")).map(|e| e.get("href").unwrap()).collect();
    assert_eq!(anchors[1], "#user-content-real-talk");
    // The python code block: 10 lines, text identical to the `code` prop.
    let pre = els.iter().find(|e| e.tag == "pre").unwrap();
    assert!(pre.get("class").unwrap().contains("language-python"));
    let lines: Vec<_> = els.iter().filter(|e| e.tag == "span" && e.get("class") == Some("line")).collect();
    assert_eq!(lines.len(), 10);
    let code_text = text(&Html::Element((*pre).clone()));
    assert!(code_text.starts_with("response = client.chat.completions.create(\n"));
    assert!(code_text.ends_with("print(response.choices[0].message.content)\n"));
    assert_eq!(code_text.lines().count(), 10);
    assert!(els.iter().any(|e| e.tag == "button" && e.get("class") == Some("glossa-copy")));
    // Related: 6 links in the term's own order, through the linker.
    let related: Vec<_> = els.iter().filter(|e| e.tag == "a" && e.get("class") == Some("glossa-term-link")).collect();
    let names: Vec<_> = related.iter().map(|e| text(&Html::Element((**e).clone()))).collect();
    assert_eq!(names, ["Streaming", "System Prompt", "API Key", "Token", "LLM", "Prompt"]);
    assert_eq!(related[2].get("href"), Some("entry.html?src=/demo/terms/a/api-key/_payload.json&s=api-key"));
    // The toc is a nav of 4 links.
    let toc = els.iter().find(|e| e.get("class") == Some("glossa-toc")).unwrap();
    assert_eq!(toc.tag, "nav");
    // The Shiki style element never becomes markup.
    let html = r.to_fragment();
    assert!(!html.contains("html .light .shiki span"));
}

#[test]
fn synthetic_reconstruction_matches_the_seed_shape() {
    let Some(f) = common::shared("spec/examples/90_SYNTHETIC_glossary_term_chat-completion.json") else { return };
    let loaded = content::load_source(&std::fs::read(f).unwrap(), "x.json", &Limits::default());
    let t = &loaded.terms[0];
    let s = seed();
    assert_eq!(t.toc, s.toc);
    assert_eq!(t.related, s.related);
    assert_eq!(t.related_summaries.len(), 6);
}
