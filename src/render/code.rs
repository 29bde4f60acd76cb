//! Code blocks and their colours, for all Shiki output forms (spec §7):
//!
//! * (A) inline `--shiki-*` variables on tokens — turned into generated classes;
//! * (B) hashed `sXXXX` classes plus rules in the trailing `style` element —
//!   the rules are parsed and re-emitted scoped under `.glossa`;
//! * (C) no colours — the widget's own foreground per theme;
//! * (D) legacy `ct-…` classes / `{color}` object styles (Content ≤ 2.8).
//!
//! Only `--shiki-*` custom properties (and legacy colour properties, mapped onto
//! them) with values that cannot load or execute anything are kept; generic
//! Shiki rules (`html .dark .shiki span {…}`) are replaced by the widget's theme CSS.

use std::collections::{HashMap, HashSet};

use super::html::{El, Html};
use super::sanitize::{clean_classes, safe_css_value, CLASS_PREFIX};
use crate::ast::{Element, Node, Prop};

/// Most CSS bytes taken from one payload.
const MAX_CSS: usize = 256 << 10;

/// Colour rules collected while rendering one document.
#[derive(Default)]
pub struct CodeStyles {
    css: String,
    /// The rules already in `css` (each is written once).
    rules: HashSet<String>,
    inline: HashMap<String, String>,
}

fn norm_decls(decls: &str, theme: &str) -> Option<String> {
    let mut out: Vec<(String, String)> = Vec::new();
    for d in decls.split(';') {
        let Some((name, value)) = d.split_once(':') else { continue };
        let name = name.trim().to_ascii_lowercase();
        let value = value.trim().trim_end_matches("!important").trim();
        let var = if name.starts_with("--shiki-")
            && name.len() <= 48
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        {
            name
        } else {
            let suffix = match name.as_str() {
                "color" => "",
                "background-color" | "background" => "-bg",
                "font-style" => "-font-style",
                "font-weight" => "-font-weight",
                "text-decoration" => "-text-decoration",
                _ => continue,
            };
            format!("--shiki-{theme}{suffix}")
        };
        if safe_css_value(value) {
            out.retain(|(n, _)| *n != var);
            out.push((var, value.to_owned()));
        }
    }
    if out.is_empty() {
        return None;
    }
    Some(out.iter().map(|(n, v)| format!("{n}:{v}")).collect::<Vec<_>>().join(";"))
}

impl CodeStyles {
    /// Reads the colour rules of the body's `style` elements (variants B and D).
    pub fn from_styles(styles: &[String]) -> Self {
        let mut s = CodeStyles::default();
        for text in styles {
            for rule in text.split('}') {
                let Some((selectors, decls)) = rule.split_once('{') else { continue };
                for sel in selectors.split(',') {
                    let sel = sel.trim();
                    let dark =
                        sel.starts_with(".dark ") || sel.starts_with("html.dark ") || sel.starts_with("html .dark ");
                    let Some(class) =
                        sel.rsplit(|c: char| c.is_whitespace()).next().and_then(|last| last.strip_prefix('.'))
                    else {
                        continue;
                    };
                    if !super::sanitize::valid_class(class) || class == "shiki" || class == "line" {
                        continue;
                    }
                    if let Some(d) = norm_decls(decls, if dark { "dark" } else { "default" }) {
                        s.push_rule(&format!(".glossa .{CLASS_PREFIX}{class}{{{d}}}"));
                    }
                }
            }
        }
        s
    }

    fn push_rule(&mut self, rule: &str) {
        crate::limits::work::tick(1);
        if self.css.len() + rule.len() <= MAX_CSS && !self.rules.contains(rule) {
            self.css.push_str(rule);
            self.rules.insert(rule.to_owned());
        }
    }

    /// A class for an inline token style (variant A string, or a legacy style object).
    pub fn class_for(&mut self, style: &Prop) -> Option<String> {
        let text = match style {
            Prop::Str(s) => s.clone(),
            Prop::Map(m) => {
                m.iter().filter_map(|(k, v)| Some(format!("{k}:{}", v.to_attr()?))).collect::<Vec<_>>().join(";")
            }
            _ => return None,
        };
        let decls = norm_decls(&text, "default")?;
        if let Some(c) = self.inline.get(&decls) {
            return Some(c.clone());
        }
        let class = format!("gs{}", self.inline.len());
        self.push_rule(&format!(".glossa .{class}{{{decls}}}"));
        self.inline.insert(decls, class.clone());
        Some(class)
    }

    /// The collected, scoped CSS.
    pub fn css(&self) -> &str {
        &self.css
    }
}

/// Line classes Shiki and its transformers write.
const LINE_CLASSES: &[&str] =
    &["line", "highlight", "highlighted", "diff", "add", "remove", "focused", "error", "warning", "has-focused"];

/// Renders a `pre` element (MDC `code` handler output, or markdown fence) as a code figure.
pub fn code_block(
    pre: &Element,
    styles: &mut CodeStyles,
    strings: &super::strings::Strings,
    render_other: &mut dyn FnMut(&Node, &mut Vec<Html>),
) -> Html {
    let language = pre
        .prop_str("language")
        .map(str::to_owned)
        .or_else(|| class_language(pre))
        .filter(|l| !l.is_empty())
        .unwrap_or_else(|| "text".into());
    let language: String = language
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '+' | '#' | '.' | '_'))
        .take(32)
        .collect();
    let highlights: HashSet<u32> = match pre.prop("highlights") {
        Some(Prop::List(l)) => {
            l.iter().filter_map(|p| if let Prop::Number(n) = p { Some(*n as u32) } else { None }).collect()
        }
        _ => HashSet::new(),
    };
    let code_el = pre.children.iter().find_map(|c| match c {
        Node::Element(e) if e.tag.eq_ignore_ascii_case("code") => Some(e),
        _ => None,
    });
    let children: &[Node] = code_el.map(|c| &c.children[..]).unwrap_or(&pre.children[..]);
    let has_lines = children.iter().any(|c| matches!(c, Node::Element(e) if e.tag == "span" && has_class(e, "line")));
    let mut lines: Vec<Html> = Vec::new();
    if has_lines {
        for c in children {
            match c {
                Node::Element(e) if e.tag == "span" && has_class(e, "line") => {
                    lines.push(line(e, &highlights, styles, render_other))
                }
                Node::Text(t) => lines.push(Html::Text(t.clone())),
                other => render_other(other, &mut lines),
            }
        }
    } else {
        let mut text = String::new();
        crate::ast::text_into(children, &mut text);
        if text.is_empty() {
            text = pre.prop_str("code").unwrap_or("").to_owned();
        }
        for (i, l) in text.split_inclusive('\n').enumerate() {
            let n = i as u32 + 1;
            let class = if highlights.contains(&n) { "line highlight" } else { "line" };
            lines.push(El::new("span").class(class).attr("data-line", n.to_string()).text(l).into());
        }
    }
    let mut bar = El::new("figcaption").class("glossa-code-bar");
    let label = match pre.prop_str("filename") {
        Some(f) if !f.trim().is_empty() => {
            El::new("span").class("glossa-code-file").text(super::sanitize::clean_text(f, true))
        }
        _ => El::new("span").class("glossa-code-lang").text(language.clone()),
    };
    bar = bar.child(label).child(
        El::new("button")
            .attr("type", "button")
            .class("glossa-copy")
            .attr("aria-label", strings.get(super::strings::Key::CopyCode))
            .text(strings.get(super::strings::Key::Copy)),
    );
    let code = El::new("code").children(lines);
    let pre_el = El::new("pre")
        .class(format!("shiki language-{language}"))
        .attr("tabindex", "0")
        .attr("aria-label", format!("{language} code"))
        .child(code);
    El::new("figure").class("glossa-code").attr("data-language", language).child(bar).child(pre_el).into()
}

fn class_language(pre: &Element) -> Option<String> {
    let classes = pre.prop("className").or_else(|| pre.prop("class"))?.to_attr()?;
    classes.split_whitespace().find_map(|c| c.strip_prefix("language-")).map(str::to_owned)
}

fn has_class(e: &Element, class: &str) -> bool {
    ["class", "className"]
        .iter()
        .any(|k| e.prop(k).and_then(Prop::to_attr).is_some_and(|c| c.split_whitespace().any(|x| x == class)))
}

fn line(
    e: &Element,
    highlights: &HashSet<u32>,
    styles: &mut CodeStyles,
    render_other: &mut dyn FnMut(&Node, &mut Vec<Html>),
) -> Html {
    let number = e.prop("line").and_then(|p| if let Prop::Number(n) = p { Some(*n as u32) } else { None });
    let mut classes: Vec<String> = ["class", "className"]
        .iter()
        .filter_map(|k| e.prop(k).and_then(Prop::to_attr))
        .flat_map(|c| c.split_whitespace().map(str::to_owned).collect::<Vec<_>>())
        .filter(|c| LINE_CLASSES.contains(&c.as_str()))
        .collect();
    if number.is_some_and(|n| highlights.contains(&n)) && !classes.iter().any(|c| c == "highlight") {
        classes.push("highlight".into());
    }
    let mut el = El::new("span").class(classes.join(" "));
    if let Some(n) = number {
        el.set("data-line", n.to_string());
    }
    for c in &e.children {
        match c {
            Node::Text(t) => el.children.push(Html::Text(t.clone())),
            Node::Element(tok) if tok.tag == "span" => el.children.push(token(tok, styles)),
            other => render_other(other, &mut el.children),
        }
    }
    el.into()
}

fn token(tok: &Element, styles: &mut CodeStyles) -> Html {
    let mut classes = Vec::new();
    for k in ["class", "className"] {
        if let Some(c) = tok.prop(k).and_then(Prop::to_attr) {
            let c = clean_classes(&c);
            if !c.is_empty() {
                classes.push(c);
            }
        }
    }
    if let Some(style) = tok.prop("style") {
        if let Some(c) = styles.class_for(style) {
            classes.push(c);
        }
    }
    let mut el = El::new("span");
    if !classes.is_empty() {
        el.set("class", classes.join(" "));
    }
    let mut text = String::new();
    crate::ast::text_into(&tok.children, &mut text);
    el.text(text).into()
}
