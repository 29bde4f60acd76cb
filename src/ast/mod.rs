//! The one internal body tree.
//!
//! Nuxt Content v3 minimark tuples, MDC v2 `root` trees and markdown files
//! all become a [`Body`]: a list of [`Node`]s plus the CSS of any trailing
//! Shiki `style` element (kept aside: it is *data* for the renderer, never a
//! live stylesheet). The tree is not sanitised yet; [`crate::render`] does that.

pub mod from_graph;
#[cfg(feature = "markdown")]
pub mod html_tokens;
#[cfg(feature = "markdown")]
pub mod markdown;
pub mod toc;

use serde::{Deserialize, Serialize};

pub use toc::{Toc, TocLink};

/// A body node.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Node {
    Text(String),
    Element(Element),
    Comment(String),
}

/// An element: tag name as written (HTML tag or component name), props in order, children.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Element {
    pub tag: String,
    pub props: Vec<(String, Prop)>,
    pub children: Vec<Node>,
}

/// A prop value, as JSON-like data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Prop {
    Null,
    Bool(bool),
    Number(f64),
    Str(String),
    List(Vec<Prop>),
    Map(Vec<(String, Prop)>),
}

impl Prop {
    /// The prop as attribute text: strings as is, numbers and booleans printed,
    /// string lists joined with spaces (`className: ["a","b"]` → `a b`).
    pub fn to_attr(&self) -> Option<String> {
        match self {
            Prop::Null => None,
            Prop::Bool(b) => Some(b.to_string()),
            Prop::Number(n) => Some(fmt_number(*n)),
            Prop::Str(s) => Some(s.clone()),
            Prop::List(items) => Some(items.iter().filter_map(Prop::to_attr).collect::<Vec<_>>().join(" ")),
            Prop::Map(_) => None,
        }
    }
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Prop::Str(s) => Some(s),
            _ => None,
        }
    }
    /// MDC treats these as "true" for boolean props (`open`, `:copy="true"`).
    pub fn is_truthy(&self) -> bool {
        match self {
            Prop::Bool(b) => *b,
            Prop::Str(s) => !matches!(s.as_str(), "false" | "0"),
            Prop::Number(n) => *n != 0.0,
            Prop::Null => false,
            _ => true,
        }
    }
}

/// Prints a number the way JavaScript does.
pub fn fmt_number(n: f64) -> String {
    crate::util::fmt_number(n)
}

impl Element {
    pub fn new(tag: impl Into<String>) -> Self {
        Element { tag: tag.into(), props: Vec::new(), children: Vec::new() }
    }
    /// The last prop of that name (later props win, as in a JS object).
    pub fn prop(&self, name: &str) -> Option<&Prop> {
        self.props.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v)
    }
    pub fn prop_str(&self, name: &str) -> Option<&str> {
        self.prop(name).and_then(Prop::as_str)
    }
    pub fn with_prop(mut self, name: &str, value: Prop) -> Self {
        self.props.push((name.to_owned(), value));
        self
    }
    pub fn with_children(mut self, children: Vec<Node>) -> Self {
        self.children = children;
        self
    }
    /// Flattened text content.
    pub fn text(&self) -> String {
        let mut out = String::new();
        text_into(&self.children, &mut out);
        out
    }
}

/// Appends the text content of `nodes` to `out` (iteratively).
pub fn text_into(nodes: &[Node], out: &mut String) {
    let mut stack: Vec<std::slice::Iter<'_, Node>> = vec![nodes.iter()];
    while let Some(top) = stack.last_mut() {
        match top.next() {
            None => {
                stack.pop();
            }
            Some(Node::Text(t)) => out.push_str(t),
            Some(Node::Element(e)) => stack.push(e.children.iter()),
            Some(Node::Comment(_)) => {}
        }
    }
}

/// A document body.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Body {
    pub nodes: Vec<Node>,
    /// CSS text of `style` elements found in the body (Shiki's colour rules).
    pub styles: Vec<String>,
    /// For markdown with `<!--more-->`: how many top-level nodes form the summary.
    pub summary_len: Option<usize>,
}

impl Body {
    /// Plain text of the whole body (for search and descriptions).
    pub fn text(&self) -> String {
        let mut out = String::new();
        for n in &self.nodes {
            text_into(std::slice::from_ref(n), &mut out);
            out.push('\n');
        }
        out
    }
    /// Top-level headings (`h1`–`h6`) with their ids, in order.
    pub fn headings(&self) -> impl Iterator<Item = &Element> {
        self.nodes.iter().filter_map(|n| match n {
            Node::Element(e) if is_heading(&e.tag) => Some(e),
            _ => None,
        })
    }
}

/// `h1`…`h6`.
pub fn is_heading(tag: &str) -> bool {
    heading_level(tag).is_some()
}

pub fn heading_level(tag: &str) -> Option<u8> {
    match tag.as_bytes() {
        [b'h' | b'H', d @ b'1'..=b'6'] => Some(d - b'0'),
        _ => None,
    }
}
