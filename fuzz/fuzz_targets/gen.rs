//! Structure-aware fuzz inputs, shared by the `cargo fuzz` targets and by
//! `tests/fuzz_regressions.rs` (which replays every kept input through the same code).
//!
//! Byte-level fuzzing rarely gets past the JSON parser into documents, and never builds
//! the shapes that hurt: graphs whose slots are shared many times over, reviver tags
//! wrapping each other, markdown whose raw HTML leaves tags and quotes open, and indexes
//! built from terms whose text has multi-byte separators. These generators describe
//! those shapes with `arbitrary`, so libFuzzer mutates structure, not bytes.
#![allow(dead_code)]

use arbitrary::Arbitrary;

/// Interesting strings: node types, tags, props, hostile URLs, Nuxt's `EmptyRef` texts,
/// separators that are wider than one byte, unspaced scripts.
const WORDS: &[&str] = &[
    "minimark",
    "minimal",
    "root",
    "element",
    "text",
    "comment",
    "p",
    "h2",
    "h3",
    "pre",
    "code",
    "span",
    "a",
    "img",
    "ul",
    "li",
    "script",
    "style",
    "template",
    "line",
    "highlight",
    "language-js",
    "Term",
    "LLM",
    "data·base",
    "you’ll",
    "naïve",
    "日本語のテスト",
    "アプリケーション",
    "…",
    "javascript:alert(1)",
    "/\\evil.example",
    "#frag",
    "HTTPS://X.EXAMPLE",
    "color:#6F42C1",
    ".s1{color:red}",
    "_",
    "0n",
    "null",
    "false",
    "0",
    "\"\"",
    "[0,0,0]",
    "{\"a\":[1,2]}",
    "0,1-3",
    "",
    " ",
    "x",
];

/// Object keys documents and bodies use.
const KEYS: &[&str] = &[
    "data",
    "body",
    "type",
    "value",
    "children",
    "tag",
    "props",
    "title",
    "toc",
    "links",
    "id",
    "text",
    "depth",
    "related",
    "path",
    "acronym",
    "category",
    "difficulty",
    "description",
    "aliases",
    "class",
    "className",
    "style",
    "highlights",
    "language",
    "code",
    "filename",
    "href",
    "src",
    "page",
    "surround",
    "term-x",
    "related-x",
    "seo",
    "letter",
    "result",
    "__proto__",
];

/// Tags of tagged slots: Nuxt's revivers, devalue's built-ins and unknown ones.
const TAGS: &[&str] = &[
    "ShallowReactive",
    "Reactive",
    "Ref",
    "ShallowRef",
    "EmptyRef",
    "EmptyShallowRef",
    "NuxtError",
    "Island",
    "skipHydrate",
    "Date",
    "Set",
    "Map",
    "RegExp",
    "BigInt",
    "null",
    "Object",
    "URL",
    "URLSearchParams",
    "ArrayBuffer",
    "Uint8Array",
    "Temporal.PlainDate",
    "Weird",
];

fn pick<'a>(list: &[&'a str], i: u8) -> &'a str {
    list.get(i as usize % list.len()).copied().unwrap_or("")
}

fn json(s: &str) -> String {
    serde_json::Value::String(s.to_owned()).to_string()
}

/// One slot of a devalue table. References (`u16`) wrap around the table's size.
#[derive(Arbitrary, Debug)]
pub enum Slot {
    Num(i16),
    Bool(bool),
    Null,
    /// A word repeated (a long shared string).
    Long(u8, u8),
    Obj(Vec<(u8, u16)>),
    Arr(Vec<u16>),
    /// `["Tag", ref]`
    Tagged(u8, u16),
    /// `["Tag", "literal"]`
    TaggedLit(u8, u8),
    Sparse(u8, Vec<(u8, u16)>),
    /// A document: `{title, category, body}`.
    Doc(u16, u16),
    /// A body: `{type: minimark|root, value|children: ref, toc?: ref}`.
    Body(bool, u16, Option<u16>),
    /// A minimark tuple `[tag, props, ...children]` (tag refers to a word).
    Tuple(u8, u16, Vec<u16>),
    /// An MDC node `{type: "element", tag, props, children}`.
    Mdc(u8, u16, u16),
}

/// A whole payload: a root envelope, the words, then the slots.
#[derive(Arbitrary, Debug)]
pub struct Graph {
    /// 0: `{data: ShallowReactive(first)}`, 1: `{data: first}`, 2: `first`, 3: an HTML page.
    pub envelope: u8,
    pub slots: Vec<Slot>,
}

impl Graph {
    /// The payload's JSON text (or an HTML page holding it).
    pub fn render(&self) -> Vec<u8> {
        let words = WORDS.len();
        let first = 1 + words + 1; // after the root, the words and the wrapper slot
        let total = first + self.slots.len().max(1);
        let r = |x: u16| (x as usize % total).to_string();
        let word = |i: u8| (1 + i as usize % words).to_string();
        let mut out: Vec<String> = Vec::with_capacity(total);
        out.push(match self.envelope % 4 {
            0 | 3 => format!("{{\"data\":{},\"prerenderedAt\":1}}", first - 1),
            1 => format!("{{\"data\":{first}}}"),
            _ => format!("[{first}]"),
        });
        out.extend(WORDS.iter().map(|w| json(w)));
        out.push(format!("[\"ShallowReactive\",{first}]"));
        for s in &self.slots {
            out.push(match s {
                Slot::Num(n) => n.to_string(),
                Slot::Bool(b) => b.to_string(),
                Slot::Null => "null".into(),
                Slot::Long(w, n) => json(&pick(WORDS, *w).repeat(*n as usize * 16)),
                Slot::Obj(m) => {
                    let f: Vec<String> = m.iter().map(|(k, v)| format!("{}:{}", json(pick(KEYS, *k)), r(*v))).collect();
                    format!("{{{}}}", f.join(","))
                }
                Slot::Arr(a) => format!("[{}]", a.iter().map(|x| r(*x)).collect::<Vec<_>>().join(",")),
                Slot::Tagged(t, v) => format!("[{},{}]", json(pick(TAGS, *t)), r(*v)),
                Slot::TaggedLit(t, w) => format!("[{},{}]", json(pick(TAGS, *t)), json(pick(WORDS, *w))),
                Slot::Sparse(len, items) => {
                    let p: Vec<String> = items.iter().map(|(i, v)| format!("{},{}", i, r(*v))).collect();
                    format!("[-7,{len}{}{}]", if p.is_empty() { "" } else { "," }, p.join(","))
                }
                Slot::Doc(title, body) => {
                    format!("{{\"title\":{},\"category\":{},\"body\":{}}}", r(*title), word(20), r(*body))
                }
                Slot::Body(root, list, toc) => {
                    let (ty, key) = if *root { (word(2), "children") } else { (word(0), "value") };
                    match toc {
                        Some(t) => format!("{{\"type\":{ty},\"{key}\":{},\"toc\":{}}}", r(*list), r(*t)),
                        None => format!("{{\"type\":{ty},\"{key}\":{}}}", r(*list)),
                    }
                }
                Slot::Tuple(tag, props, children) => {
                    let mut parts = vec![word(*tag), r(*props)];
                    parts.extend(children.iter().map(|c| r(*c)));
                    format!("[{}]", parts.join(","))
                }
                Slot::Mdc(tag, props, children) => format!(
                    "{{\"type\":{},\"tag\":{},\"props\":{},\"children\":{}}}",
                    word(3),
                    word(*tag),
                    r(*props),
                    r(*children)
                ),
            });
        }
        if self.slots.is_empty() {
            out.push("{}".into());
        }
        let text = format!("[{}]", out.join(","));
        if self.envelope % 4 == 3 {
            return format!(
                "<!doctype html><html><head><script type=\"application/json\" id=\"__NUXT_DATA__\">{}</script></head></html>",
                text.replace('<', "\\u003C")
            )
            .into_bytes();
        }
        text.into_bytes()
    }
}

/// Raw HTML inside markdown.
#[derive(Arbitrary, Debug)]
pub enum Html {
    /// `<tag a="v" …>`; quote 0: `"`, 1: `'`, 2: none, 3: left open.
    Open(u8, Vec<(u8, u8, u8)>, bool),
    Close(u8, bool),
    Comment(u8, bool),
    Text(u8),
    Lt,
}

const HTML_TAGS: &[&str] = &[
    "div", "span", "script", "style", "title", "textarea", "SCRIPT", "Title", "kbd", "br", "img", "a", "iframe",
    "noscript", "xmp", "details", "summary", "p",
];
const ATTRS: &[&str] = &["class", "id", "href", "src", "onclick", "style", "data-bind", "title", "x"];

/// One block of a markdown term file.
#[derive(Arbitrary, Debug)]
pub enum Md {
    Para(Vec<u8>),
    Heading(u8, u8),
    /// A fence: language word, meta (`{ranges}` or `[file]`), lines.
    Fence(u8, u8, u8),
    HtmlBlock(Vec<Html>),
    InlineHtml(u8, Vec<Html>),
    RefDef(u8, u8),
    RefUse(u8, u8),
    Shortcode(u8, u8),
    List(Vec<u8>),
    Table(u8, u8),
    More,
}

#[derive(Arbitrary, Debug)]
pub struct Markdown {
    pub front: Vec<(u8, u8)>,
    pub blocks: Vec<Md>,
}

fn html_text(pieces: &[Html]) -> String {
    let mut s = String::new();
    for p in pieces {
        match p {
            Html::Open(t, attrs, self_closing) => {
                s.push('<');
                s.push_str(pick(HTML_TAGS, *t));
                for (a, v, q) in attrs {
                    let (a, v) = (pick(ATTRS, *a), pick(WORDS, *v));
                    match q % 4 {
                        0 => s.push_str(&format!(" {a}=\"{v}\"")),
                        1 => s.push_str(&format!(" {a}='{v}'")),
                        2 => s.push_str(&format!(" {a}={}", v.replace(' ', ""))),
                        _ => s.push_str(&format!(" {a}=\"{v}")),
                    }
                }
                s.push_str(if *self_closing { "/>" } else { ">" });
            }
            Html::Close(t, done) => {
                s.push_str("</");
                s.push_str(pick(HTML_TAGS, *t));
                if *done {
                    s.push('>');
                }
            }
            Html::Comment(w, done) => {
                s.push_str("<!--");
                s.push_str(pick(WORDS, *w));
                if *done {
                    s.push_str("-->");
                }
            }
            Html::Text(w) => s.push_str(pick(WORDS, *w)),
            Html::Lt => s.push('<'),
        }
    }
    s
}

const FM_KEYS: &[&str] =
    &["title", "id", "slug", "aliases", "related", "category", "difficulty", "acronym", "tags", "x"];
const SHORTCODES: &[&str] = &[
    "{{< glossary_tooltip text=\"pods\" term_id=\"pod\" >}}",
    "{{< note >}}",
    "{{< /note >}}",
    "{{% warning %}}",
    "{{< param \"version\" >}}",
    "{{<",
    "{{%}}",
    "{{< glossary_tooltip term_id=",
];

impl Markdown {
    pub fn render(&self) -> Vec<u8> {
        let mut s = String::from("---\n");
        for (k, v) in &self.front {
            s.push_str(&format!("{}: {}\n", pick(FM_KEYS, *k), json(pick(WORDS, *v))));
        }
        s.push_str("---\n\n");
        for b in &self.blocks {
            match b {
                Md::Para(ws) => {
                    let words: Vec<&str> = ws.iter().map(|w| pick(WORDS, *w)).collect();
                    s.push_str(&words.join(" "));
                }
                Md::Heading(l, w) => s.push_str(&format!("{} {}", "#".repeat(1 + *l as usize % 6), pick(WORDS, *w))),
                Md::Fence(lang, meta, n) => {
                    let meta = match meta % 3 {
                        0 => format!("{{{}}}", pick(WORDS, *meta)),
                        1 => "{1-1000,1-1000,3}".into(),
                        _ => format!("[{}]", pick(WORDS, *meta)),
                    };
                    s.push_str(&format!("```{} {meta}\n{}```", pick(WORDS, *lang), "let x = 1;\n".repeat(*n as usize)));
                }
                Md::HtmlBlock(h) => s.push_str(&format!("<div>{}", html_text(h))),
                Md::InlineHtml(w, h) => s.push_str(&format!("{} {}", pick(WORDS, *w), html_text(h))),
                Md::RefDef(l, u) => s.push_str(&format!("[{}]: {}", pick(WORDS, *l), pick(WORDS, *u))),
                Md::RefUse(l, n) => s.push_str(&format!("[{}] ", pick(WORDS, *l)).repeat(1 + *n as usize)),
                Md::Shortcode(c, w) => s.push_str(&format!("{} {}", pick(SHORTCODES, *c), pick(WORDS, *w))),
                Md::List(items) => {
                    for i in items {
                        s.push_str(&format!("- {}\n", pick(WORDS, *i)));
                    }
                }
                Md::Table(a, b) => {
                    s.push_str(&format!("| {} | {} |\n|---|---|\n| x | y |", pick(WORDS, *a), pick(WORDS, *b)))
                }
                Md::More => s.push_str("<!--more-->"),
            }
            s.push_str("\n\n");
        }
        s.into_bytes()
    }
}

/// Terms and queries for an index built from fuzzed text.
#[derive(Arbitrary, Debug)]
pub struct Search {
    pub terms: Vec<(Vec<u8>, Vec<u8>, Vec<u8>)>,
    pub queries: Vec<(Vec<u8>, u8)>,
}

const TEXT: &[&str] = &[
    "data·base",
    "base",
    "data",
    "you’ll",
    "ll",
    "node.js",
    "js",
    "Kube-apiserver",
    "日本語のテスト",
    "テスト",
    "アプリケーションプログラミングインタフェース",
    "Straße",
    "strasse",
    "ＡＰＩ",
    "api",
    "naïve",
    "…",
    "’",
    "·",
    "x",
    "pod",
    "pods",
    "PodDisruptionBudget",
    "a",
    "the",
    "",
    " ",
    ",",
    "e\u{301}",
    "🙂",
    "ǅ",
];

impl Search {
    fn text(words: &[u8]) -> String {
        words.iter().map(|w| pick(TEXT, *w)).collect::<Vec<_>>().join(" ")
    }

    /// The terms (id, title, description, body text) and the queries with their option flags.
    pub fn parts(&self) -> (Vec<glossa::Term>, Vec<(String, u8)>) {
        let terms = self
            .terms
            .iter()
            .take(64)
            .enumerate()
            .map(|(i, (t, d, b))| glossa::Term {
                id: format!("t{i}"),
                slug: format!("t{i}"),
                title: Self::text(t),
                description: Some(Self::text(d)),
                body: glossa::ast::Body { nodes: vec![glossa::ast::Node::Text(Self::text(b))], ..Default::default() },
                ..Default::default()
            })
            .collect();
        let queries = self.queries.iter().take(16).map(|(q, f)| (Self::text(q), *f)).collect();
        (terms, queries)
    }
}

/// Runs a fuzzed index and its queries: snippets must be pieces of the term's own text.
pub fn check_search(s: &Search) {
    use glossa::search::{format, SearchOptions};
    let (terms, queries) = s.parts();
    let index = glossa::search::build(&terms);
    let bytes = format::encode(&index);
    let Ok(again) = format::decode(&bytes) else { panic!("an index we wrote does not read back") };
    // One scratch for every query, as a search box keeps one (its snippet tokens and word
    // expansions are kept between queries): it must answer as a fresh one.
    let mut scratch = glossa::search::Scratch::default();
    for (q, flags) in queries {
        let opts = SearchOptions {
            limit: 1 + flags as usize % 10,
            prefix: flags & 1 == 1,
            fuzzy: flags & 2 == 2,
            max_typos: (flags >> 2) & 3,
            snippets: true,
            category: None,
            difficulty: None,
        };
        let a = index.search(&q, &opts);
        let b = again.search(&q, &opts);
        assert_eq!(again.search_with(&mut scratch, &q, &opts), b, "a kept scratch answers as a fresh one: {q:?}");
        assert_eq!(a.results.len(), b.results.len(), "the decoded index answers like the built one: {q:?}");
        for r in &a.results {
            let Some(t) = terms.iter().find(|t| t.id == r.id) else { panic!("result for an unknown term") };
            let text: String = r.snippet.iter().map(|s| s.text.as_str()).collect::<String>();
            let text = text.trim_start_matches('…').trim_end_matches('…');
            let sources = [t.description.clone().unwrap_or_default(), t.body.text()];
            let squash = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(
                sources.iter().any(|src| squash(src).contains(&squash(text))),
                "snippet {text:?} is not part of term {:?}",
                t.title
            );
        }
        let _ = index.suggest(&q, 5);
    }
}

/// Loads, renders and indexes any payload or markdown input.
pub fn check_source(bytes: &[u8], name: &str) {
    let loaded = glossa::content::load_source(bytes, name, &glossa::Limits::default());
    for e in &loaded.errors {
        assert!(!e.to_string().is_empty());
    }
    for t in &loaded.terms {
        let r = glossa::render::render_term(t, &glossa::render::RenderOptions::default());
        let html = r.to_fragment();
        assert!(!html.to_ascii_lowercase().contains("<script"), "no script element is ever output");
    }
    let index = glossa::search::build(&loaded.terms);
    let _ = index.search("term", &Default::default());
}
