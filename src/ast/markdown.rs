//! Markdown → [`Body`] via pulldown-cmark (CommonMark + GFM tables, task
//! lists, strikethrough, footnotes, alerts, heading attributes).
//!
//! Code fences become the same `pre`/`code` shape MDC writes (`language`,
//! `filename`, `highlights`, `meta`, `code`), raw HTML is tokenised into
//! elements (the renderer's allowlist decides what survives), `<!--more-->`
//! marks the summary, and [`hugo`] rewrites Hugo shortcodes first.

use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::html_tokens::{self, Token, VOID};
use super::{Body, Element, Node, Prop};
use crate::limits::{Budget, OverBudget};

/// Term links written by the markdown loader use this URL scheme:
/// `glossa-term:<id>`. The renderer turns them into real links.
pub const TERM_SCHEME: &str = "glossa-term:";

struct Frame {
    el: Element,
    /// Opened by a raw HTML tag (closed by its end tag or by the enclosing block's end).
    html: bool,
}

/// Parses a markdown body (no front matter) into a [`Body`]. Nesting beyond
/// `max_depth` is flattened into the deepest allowed element, never an error.
/// Everything the tree holds is charged to `budget` (reference links copy their
/// destination at every use); when it runs out the error says so.
pub fn parse(src: &str, max_depth: usize, budget: &Budget) -> Result<Body, OverBudget> {
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
        | Options::ENABLE_DEFINITION_LIST;
    let mut b = TreeBuilder {
        root: Element::new("root"),
        stack: Vec::new(),
        pushed: Vec::new(),
        max_depth,
        summary_len: None,
        in_table_head: false,
        code: None,
        pending_fence: None,
        html_block: None,
    };
    for ev in Parser::new_ext(src, opts) {
        crate::limits::work::tick(1);
        budget.charge(cost(&ev))?;
        b.event(ev);
    }
    while !b.stack.is_empty() {
        b.close_top();
    }
    Ok(Body { nodes: b.root.children, styles: Vec::new(), summary_len: b.summary_len })
}

/// What an event adds to the tree, in budget units (code blocks keep their text twice).
fn cost(ev: &Event<'_>) -> usize {
    let text = match ev {
        Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => 2 * t.len(),
        Event::Html(t) | Event::InlineHtml(t) | Event::FootnoteReference(t) => t.len(),
        Event::Start(Tag::Link { dest_url, title, id, .. } | Tag::Image { dest_url, title, id, .. }) => {
            dest_url.len() + title.len() + id.len()
        }
        Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => info.len(),
        _ => 0,
    };
    crate::limits::NODE_COST + text
}

struct TreeBuilder {
    /// The body; `stack` holds the elements still open inside it.
    root: Element,
    stack: Vec<Frame>,
    /// One entry per markdown `Start`: was an element pushed for it?
    pushed: Vec<bool>,
    max_depth: usize,
    summary_len: Option<usize>,
    in_table_head: bool,
    /// Text of the code block being read.
    code: Option<String>,
    /// Info string of that code block.
    pending_fence: Option<String>,
    /// An HTML block's text so far: pulldown-cmark hands it over line by line, and a
    /// comment (`<!--` … `-->`) or an element spans lines.
    html_block: Option<String>,
}

impl TreeBuilder {
    fn top(&mut self) -> &mut Element {
        match self.stack.last_mut() {
            Some(f) => &mut f.el,
            None => &mut self.root,
        }
    }

    fn push_node(&mut self, n: Node) {
        if let (Node::Text(t), Some(Node::Text(prev))) = (&n, self.top().children.last_mut()) {
            prev.push_str(t);
            return;
        }
        self.top().children.push(n);
    }

    fn open(&mut self, el: Element, html: bool) -> bool {
        if self.stack.len() >= self.max_depth {
            return false;
        }
        self.stack.push(Frame { el, html });
        true
    }

    fn close_top(&mut self) {
        if let Some(f) = self.stack.pop() {
            self.top().children.push(Node::Element(f.el));
        }
    }

    /// Closes raw-HTML elements left open inside the current markdown block.
    fn close_html(&mut self) {
        while self.stack.last().is_some_and(|f| f.html) {
            self.close_top();
        }
    }

    fn start(&mut self, el: Element) {
        let ok = self.open(el, false);
        self.pushed.push(ok);
    }

    fn end(&mut self) {
        self.close_html();
        if self.pushed.pop().unwrap_or(false) {
            self.close_top();
        }
    }

    fn event(&mut self, ev: Event<'_>) {
        if let Some(code) = self.code.as_mut() {
            match ev {
                Event::Text(t) => {
                    code.push_str(&t);
                    return;
                }
                Event::End(TagEnd::CodeBlock) => {}
                _ => return,
            }
        }
        match ev {
            Event::Start(tag) => self.start_tag(tag),
            Event::End(end) => self.end_tag(end),
            Event::Text(t) => self.push_node(Node::Text(t.into_string())),
            Event::Code(t) => {
                let el = Element::new("code").with_children(vec![Node::Text(t.into_string())]);
                self.push_node(Node::Element(el));
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => {
                let el = Element::new("code")
                    .with_prop("className", Prop::List(vec![Prop::Str("math".into())]))
                    .with_children(vec![Node::Text(t.into_string())]);
                self.push_node(Node::Element(el));
            }
            Event::Html(h) if self.html_block.is_some() => {
                if let Some(b) = self.html_block.as_mut() {
                    b.push_str(&h);
                }
            }
            Event::Html(h) | Event::InlineHtml(h) => self.html(&h),
            Event::FootnoteReference(label) => {
                let a = Element::new("a")
                    .with_prop("href", Prop::Str(format!("#fn-{}", super::toc::slugify(&label))))
                    .with_prop("className", Prop::List(vec![Prop::Str("footnote-ref".into())]))
                    .with_children(vec![Node::Text(format!("[{label}]"))]);
                self.push_node(Node::Element(Element::new("sup").with_children(vec![Node::Element(a)])));
            }
            Event::SoftBreak => self.push_node(Node::Text("\n".into())),
            Event::HardBreak => self.push_node(Node::Element(Element::new("br"))),
            Event::Rule => self.push_node(Node::Element(Element::new("hr"))),
            Event::TaskListMarker(checked) => {
                let mut input = Element::new("input")
                    .with_prop("type", Prop::Str("checkbox".into()))
                    .with_prop("disabled", Prop::Bool(true));
                if checked {
                    input = input.with_prop("checked", Prop::Bool(true));
                }
                self.push_node(Node::Element(input));
            }
        }
    }

    fn start_tag(&mut self, tag: Tag<'_>) {
        let el = match tag {
            Tag::Paragraph => Element::new("p"),
            Tag::Heading { level, id, classes, .. } => {
                let mut e = Element::new(heading_tag(level));
                if let Some(id) = id {
                    e = e.with_prop("id", Prop::Str(id.into_string()));
                }
                if !classes.is_empty() {
                    e = e.with_prop(
                        "className",
                        Prop::List(classes.into_iter().map(|c| Prop::Str(c.into_string())).collect()),
                    );
                }
                e
            }
            Tag::BlockQuote(None) => Element::new("blockquote"),
            Tag::BlockQuote(Some(kind)) => {
                Element::new("callout").with_prop("type", Prop::Str(alert_type(kind).into()))
            }
            Tag::CodeBlock(kind) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.into_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some(String::new());
                self.pushed.push(false);
                self.pending_fence = Some(info);
                return;
            }
            Tag::HtmlBlock => {
                self.pushed.push(false);
                self.html_block = Some(String::new());
                return;
            }
            Tag::List(Some(start)) => {
                let mut e = Element::new("ol");
                if start != 1 {
                    e = e.with_prop("start", Prop::Number(start as f64));
                }
                e
            }
            Tag::List(None) => Element::new("ul"),
            Tag::Item => Element::new("li"),
            Tag::FootnoteDefinition(label) => Element::new("div")
                .with_prop("id", Prop::Str(format!("fn-{}", super::toc::slugify(&label))))
                .with_prop("className", Prop::List(vec![Prop::Str("footnote".into())])),
            Tag::DefinitionList => Element::new("dl"),
            Tag::DefinitionListTitle => Element::new("dt"),
            Tag::DefinitionListDefinition => Element::new("dd"),
            Tag::Table(_) => Element::new("table"),
            Tag::TableHead => {
                self.in_table_head = true;
                self.start(Element::new("thead"));
                Element::new("tr")
            }
            Tag::TableRow => Element::new("tr"),
            Tag::TableCell => Element::new(if self.in_table_head { "th" } else { "td" }),
            Tag::Emphasis => Element::new("em"),
            Tag::Strong => Element::new("strong"),
            Tag::Strikethrough => Element::new("del"),
            Tag::Superscript => Element::new("sup"),
            Tag::Subscript => Element::new("sub"),
            Tag::Link { dest_url, title, .. } => {
                let mut e = Element::new("a").with_prop("href", Prop::Str(dest_url.into_string()));
                if !title.is_empty() {
                    e = e.with_prop("title", Prop::Str(title.into_string()));
                }
                e
            }
            Tag::Image { dest_url, title, .. } => {
                let mut e = Element::new("img").with_prop("src", Prop::Str(dest_url.into_string()));
                if !title.is_empty() {
                    e = e.with_prop("title", Prop::Str(title.into_string()));
                }
                e
            }
            Tag::MetadataBlock(_) => {
                self.pushed.push(false);
                return;
            }
        };
        self.start(el);
    }

    fn end_tag(&mut self, end: TagEnd) {
        match end {
            TagEnd::CodeBlock => {
                let code = self.code.take().unwrap_or_default();
                let info = self.pending_fence.take().unwrap_or_default();
                self.pushed.pop();
                self.push_node(Node::Element(code_block(&info, code)));
            }
            TagEnd::Image => {
                // The image's children are its alt text.
                self.close_html();
                if let (true, Some(mut f)) = (self.pushed.pop().unwrap_or(false), self.stack.pop()) {
                    let alt = f.el.text();
                    f.el.children.clear();
                    f.el.props.push(("alt".into(), Prop::Str(alt)));
                    self.top().children.push(Node::Element(f.el));
                }
            }
            TagEnd::TableHead => {
                self.end(); // tr
                self.end(); // thead
                self.in_table_head = false;
            }
            TagEnd::HtmlBlock => {
                self.pushed.pop();
                if let Some(b) = self.html_block.take() {
                    self.html(&b);
                }
            }
            TagEnd::MetadataBlock(_) => {
                self.pushed.pop();
            }
            _ => self.end(),
        }
    }

    fn html(&mut self, src: &str) {
        for tok in html_tokens::tokenize(src) {
            match tok {
                Token::Text(t) if self.stack.is_empty() && t.trim().is_empty() => {}
                Token::Text(t) => self.push_node(Node::Text(t)),
                Token::Comment(c) => {
                    if c.trim().eq_ignore_ascii_case("more") {
                        if self.stack.is_empty() && self.summary_len.is_none() {
                            self.summary_len = Some(self.top().children.len());
                        }
                    } else {
                        self.push_node(Node::Comment(c));
                    }
                }
                Token::Start { name, attrs, self_closing } => {
                    let mut el = Element::new(name.clone());
                    el.props = attrs.into_iter().map(|(k, v)| (k, Prop::Str(v))).collect();
                    if self_closing || VOID.contains(&name.as_str()) {
                        self.push_node(Node::Element(el));
                    } else {
                        self.open(el, true);
                    }
                }
                Token::End { name } => {
                    // Close the nearest raw-HTML element of that name, if one is open in this block.
                    let pos = self.stack.iter().rposition(|f| !f.html || f.el.tag == name);
                    if let Some(p) = pos.filter(|&p| self.stack.get(p).is_some_and(|f| f.html)) {
                        while self.stack.len() > p {
                            self.close_top();
                        }
                    }
                }
            }
        }
    }
}

fn heading_tag(level: HeadingLevel) -> &'static str {
    match level {
        HeadingLevel::H1 => "h1",
        HeadingLevel::H2 => "h2",
        HeadingLevel::H3 => "h3",
        HeadingLevel::H4 => "h4",
        HeadingLevel::H5 => "h5",
        HeadingLevel::H6 => "h6",
    }
}

fn alert_type(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Note => "note",
        BlockQuoteKind::Tip => "tip",
        BlockQuoteKind::Important => "important",
        BlockQuoteKind::Warning => "warning",
        BlockQuoteKind::Caution => "caution",
    }
}

/// A fence's info string `lang [file.ts] {1,3-5} rest` → MDC's `pre` props.
pub fn code_block(info: &str, code: String) -> Element {
    let mut words = info.split_whitespace();
    let language = words.next().unwrap_or("").to_owned();
    let mut filename = None;
    let mut highlights = Vec::new();
    let mut meta = Vec::new();
    for w in words {
        if let Some(f) = w.strip_prefix('[').and_then(|w| w.strip_suffix(']')) {
            filename = Some(f.to_owned());
        } else if let Some(r) = w.strip_prefix('{').and_then(|w| w.strip_suffix('}')) {
            highlights.extend(parse_ranges(r));
        } else {
            meta.push(w);
        }
    }
    let language = if language.is_empty() { "text".to_owned() } else { language };
    let mut pre = Element::new("pre")
        .with_prop("className", Prop::List(vec![Prop::Str(format!("language-{language}"))]))
        .with_prop("code", Prop::Str(code.clone()))
        .with_prop("language", Prop::Str(language))
        .with_prop("meta", Prop::Str(meta.join(" ")));
    if let Some(f) = filename {
        pre = pre.with_prop("filename", Prop::Str(f));
    }
    if !highlights.is_empty() {
        pre = pre.with_prop("highlights", Prop::List(highlights.into_iter().map(|n| Prop::Number(n as f64)).collect()));
    }
    let code_el =
        Element::new("code").with_prop("__ignoreMap", Prop::Str(String::new())).with_children(vec![Node::Text(code)]);
    pre.with_children(vec![Node::Element(code_el)])
}

/// `1,3-5` → `[1,3,4,5]` (bounded, so a hostile `1-999999999` stays small).
fn parse_ranges(s: &str) -> Vec<u32> {
    let mut out = Vec::new();
    for part in s.split(',') {
        let (a, b): (Option<u32>, Option<u32>) = match part.split_once('-') {
            Some((a, b)) => (a.trim().parse().ok(), b.trim().parse().ok()),
            None => (part.trim().parse().ok(), part.trim().parse().ok()),
        };
        if let (Some(a), Some(b)) = (a, b) {
            for n in a..=b.min(a.saturating_add(1000)) {
                if out.len() >= 1000 {
                    return out;
                }
                out.push(n);
            }
        }
    }
    out
}

/// Hugo shortcodes in term files.
pub mod hugo {
    use super::TERM_SCHEME;
    use crate::util::{from, sub, upto};

    /// Rewrites shortcodes outside code fences:
    /// * `{{< glossary_tooltip text="…" term_id="…" >}}` → a markdown link to the term;
    /// * `{{< note >}}…{{< /note >}}` (also `caution`, `warning`) → a GitHub-style alert blockquote;
    /// * anything else (`{{< param "version" >}}`, unknown macros) is removed, keeping surrounding text.
    ///
    /// A malformed tooltip (`{{< glossary_tooltip="Deployment" term_id="deployment" >}}`, a
    /// real typo in the Kubernetes fr glossary) still links, and a line is added to `warnings`.
    pub fn rewrite(src: &str, warnings: &mut Vec<String>) -> String {
        let mut out = String::with_capacity(src.len());
        let mut in_fence: Option<&str> = None;
        let mut quote: bool = false;
        for line in src.split_inclusive('\n') {
            let trimmed = line.trim_start();
            if let Some(f) = in_fence {
                if trimmed.starts_with(f) {
                    in_fence = None;
                }
                out.push_str(line);
                continue;
            }
            if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
                in_fence = Some(if trimmed.starts_with("```") { "```" } else { "~~~" });
                out.push_str(line);
                continue;
            }
            let rewritten = inline(line, &mut quote, warnings);
            out.push_str(&rewritten);
        }
        out
    }

    fn inline(line: &str, quote: &mut bool, warnings: &mut Vec<String>) -> String {
        let mut out = String::new();
        let mut rest = line;
        if *quote && !alert_shortcode(rest) {
            out.push_str("> ");
        }
        while let Some(p) = rest.find("{{") {
            let open = from(rest, p);
            let (close, delim) = if open.starts_with("{{<") {
                (">}}", 3)
            } else if open.starts_with("{{%") {
                ("%}}", 3)
            } else {
                out.push_str(upto(rest, p + 2));
                rest = from(rest, p + 2);
                continue;
            };
            let Some(end) = open.find(close) else { break };
            out.push_str(upto(rest, p));
            let inner = sub(open, delim, end).trim();
            rest = from(open, end + 3);
            let (mut name, args) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
            // `glossary_tooltip="Text"`: the `text` name left out.
            let mut text = None;
            if let Some(v) = name.strip_prefix("glossary_tooltip=") {
                warnings.push(format!(
                    "malformed shortcode `{{{{< {inner} >}}}}`: `glossary_tooltip=` should be `glossary_tooltip text=`; read as the latter"
                ));
                text = Some(v.trim_matches(['"', '\'']).to_owned());
                name = "glossary_tooltip";
            }
            match name {
                "glossary_tooltip" => {
                    let id = arg(args, "term_id").unwrap_or_default();
                    let text = text.or_else(|| arg(args, "text")).unwrap_or_else(|| id.clone());
                    out.push('[');
                    out.push_str(&escape_md(&text));
                    out.push_str("](<");
                    out.push_str(TERM_SCHEME);
                    out.push_str(&id.replace(['<', '>', ' '], ""));
                    out.push_str(">)");
                }
                "note" | "caution" | "warning" => {
                    *quote = true;
                    out.push_str(&format!("> [!{}]\n", name.to_ascii_uppercase()));
                    if rest.trim().is_empty() {
                        rest = "";
                    } else {
                        out.push_str("> ");
                    }
                }
                "/note" | "/caution" | "/warning" => {
                    *quote = false;
                    if out.trim_end().ends_with('>') {
                        out.truncate(out.trim_end().len() - 1);
                    }
                }
                _ => {}
            }
        }
        out.push_str(rest);
        out
    }

    /// Whether a line starts with a note/caution/warning shortcode (opening or closing it),
    /// which the alert's own lines replace; any other line inside the alert is quoted,
    /// a line that starts with a tooltip included.
    fn alert_shortcode(line: &str) -> bool {
        let t = line.trim_start();
        let Some(inner) = t.strip_prefix("{{<").or_else(|| t.strip_prefix("{{%")) else { return false };
        let name = inner.trim_start().trim_start_matches('/');
        ["note", "caution", "warning"].iter().any(|n| name.starts_with(n))
    }

    /// Shortcodes in plain text (front matter): a tooltip keeps its text, anything else is removed.
    pub fn plain(text: &str) -> String {
        if !text.contains("{{") {
            return text.to_owned();
        }
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(p) = rest.find("{{<").or_else(|| rest.find("{{%")) {
            let close = if from(rest, p).starts_with("{{<") { ">}}" } else { "%}}" };
            let Some(end) = from(rest, p).find(close) else { break };
            out.push_str(upto(rest, p));
            let inner = sub(rest, p + 3, p + end).trim();
            let (name, args) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
            if name == "glossary_tooltip" {
                out.push_str(&arg(args, "text").or_else(|| arg(args, "term_id")).unwrap_or_default());
            }
            rest = from(rest, p + end + 3);
        }
        out.push_str(rest);
        out
    }

    /// Reads `name="value"` (or `name='value'`) from shortcode arguments.
    fn arg(args: &str, name: &str) -> Option<String> {
        let mut rest = args;
        while let Some(p) = rest.find(name) {
            let after = from(rest, p + name.len()).trim_start();
            let boundary = p == 0 || rest.as_bytes().get(p - 1).is_some_and(u8::is_ascii_whitespace);
            if boundary {
                if let Some(v) = after.strip_prefix('=') {
                    let v = v.trim_start();
                    let q = v.chars().next()?;
                    if q == '"' || q == '\'' {
                        return from(v, 1).split(q).next().map(str::to_owned);
                    }
                    return v.split_whitespace().next().map(str::to_owned);
                }
            }
            rest = from(rest, p + name.len());
        }
        None
    }

    fn escape_md(s: &str) -> String {
        let mut o = String::with_capacity(s.len());
        for c in s.chars() {
            if matches!(c, '[' | ']' | '\\' | '*' | '_' | '`' | '<' | '>') {
                o.push('\\');
            }
            o.push(c);
        }
        o
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        #[test]
        fn tooltip_and_params() {
            let s = rewrite("per {{< glossary_tooltip term_id=\"namespace\" >}} and {{<glossary_tooltip text=\"Pod\" term_id=\"pod\">}} at /v{{< param \"version\" >}}/x\n", &mut Vec::new());
            assert_eq!(s, "per [namespace](<glossa-term:namespace>) and [Pod](<glossa-term:pod>) at /v/x\n");
        }
        #[test]
        fn note_becomes_alert() {
            let s = rewrite("a\n\n{{< note >}}\nSome *note*.\n{{< /note >}}\n", &mut Vec::new());
            assert!(s.contains("> [!NOTE]\n> Some *note*.\n"), "{s:?}");
        }
        #[test]
        fn malformed_tooltip_links_and_warns() {
            let mut w = Vec::new();
            let s = rewrite("un {{< glossary_tooltip=\"Deployment\" term_id=\"deployment\" >}}.\n", &mut w);
            assert_eq!(s, "un [Deployment](<glossa-term:deployment>).\n");
            assert_eq!(w.len(), 1);
            assert!(w[0].contains("glossary_tooltip text="), "{w:?}");
        }
        #[test]
        fn fences_untouched() {
            let s = rewrite("```\n{{< x >}}\n```\n", &mut Vec::new());
            assert_eq!(s, "```\n{{< x >}}\n```\n");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fence_props() {
        let b = parse("```ts [nuxt.config.ts] {1,3-4} twoslash\nconst a = 1\n```\n", 50, &Budget::unlimited()).unwrap();
        let Node::Element(pre) = &b.nodes[0] else { panic!() };
        assert_eq!(pre.tag, "pre");
        assert_eq!(pre.prop_str("language"), Some("ts"));
        assert_eq!(pre.prop_str("filename"), Some("nuxt.config.ts"));
        assert_eq!(pre.prop_str("meta"), Some("twoslash"));
        assert_eq!(pre.prop_str("code"), Some("const a = 1\n"));
        assert_eq!(
            pre.prop("highlights"),
            Some(&Prop::List(vec![Prop::Number(1.0), Prop::Number(3.0), Prop::Number(4.0)]))
        );
    }

    #[test]
    fn more_marker_and_html() {
        let b = parse("First.\n\n<!--more-->\n\nSecond <kbd>Ctrl</kbd>.\n", 50, &Budget::unlimited()).unwrap();
        assert_eq!(b.summary_len, Some(1));
        assert_eq!(b.nodes.len(), 2);
        let Node::Element(p) = &b.nodes[1] else { panic!() };
        assert!(matches!(&p.children[1], Node::Element(e) if e.tag == "kbd"));
    }

    #[test]
    fn deep_nesting_is_flattened() {
        let src = ">".repeat(100_000) + " deep";
        let b = parse(&src, 50, &Budget::unlimited()).unwrap();
        let mut depth = 0;
        let mut cur = &b.nodes;
        while let Some(Node::Element(e)) = cur.first() {
            depth += 1;
            cur = &e.children;
        }
        assert!(depth <= 51, "{depth}");
        assert!(b.text().contains("deep"));
    }
}
