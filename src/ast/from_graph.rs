//! Decoded value → [`Body`]: minimark/minimal tuple trees (Nuxt Content v3) and
//! MDC `root` trees (Nuxt Content v2, `<MDC>`), into one [`Node`] type.
//!
//! Depth, node count and cycles are checked as the tree is walked, and every node and
//! text byte copied out of the graph is charged to the payload's [`Budget`], so shared
//! subtrees and shared strings cannot blow up and a body that contains itself is an
//! error, not a hang.

use super::{toc::Toc, Body, Element, Node, Prop};
use crate::decode::{Graph, Node as G, NodeId, Value};
use crate::error::{Error, ErrorKind, Path, Result, Seg};
use crate::limits::{Budget, Limits, NODE_COST};

/// Which tree shape a body uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyKind {
    /// `{type:"minimark"|"minimal", value:[…]}` (also Comark's `comark`).
    Minimark,
    /// `{type:"root", children:[…]}`.
    Root,
}

/// Recognises a body object by its `type`.
pub fn body_kind(g: &Graph, v: Value) -> Option<BodyKind> {
    match g.as_str(g.get(v, "type")?)? {
        "minimark" | "minimal" | "comark" => Some(BodyKind::Minimark),
        "root" => Some(BodyKind::Root),
        _ => None,
    }
}

/// Converts the body at `v` (whose location is `path`) into a [`Body`] and its toc (if the payload has one).
pub fn body(g: &Graph, v: Value, path: &Path, limits: &Limits) -> Result<(Body, Option<Toc>)> {
    let kind = body_kind(g, v)
        .ok_or_else(|| Error::shape(path, "body must be an object with type \"minimark\", \"minimal\" or \"root\""))?;
    let mut cx = Walker {
        g,
        limits,
        depth_limit: limits.depth(),
        budget: g.budget(),
        path: path.0.clone(),
        active: Vec::new(),
        count: 0,
        styles: Vec::new(),
    };
    let nodes = match kind {
        BodyKind::Minimark => {
            let list = g.get(v, "value").unwrap_or(Value::Undefined);
            cx.path.push(Seg::Key("value".into()));
            let r = cx.children_of_list(list, 0);
            cx.path.pop();
            r?
        }
        BodyKind::Root => {
            let list = g.get(v, "children").unwrap_or(Value::Undefined);
            cx.path.push(Seg::Key("children".into()));
            let r = cx.children_of_list(list, 0);
            cx.path.pop();
            r?
        }
    };
    let toc = match g.get(v, "toc") {
        Some(t) if !g.is_nullish(t) => Some(toc_from_graph(g, t, &path.key("toc"))?),
        _ => None,
    };
    Ok((Body { nodes, styles: cx.styles, summary_len: None }, toc))
}

struct Walker<'g> {
    g: &'g Graph,
    limits: &'g Limits,
    depth_limit: usize,
    budget: &'g Budget,
    path: Vec<Seg>,
    /// Containers on the path from the body to the current node (cycle check).
    active: Vec<NodeId>,
    count: usize,
    styles: Vec<String>,
}

impl Walker<'_> {
    fn here(&self) -> Path {
        Path(self.path.clone())
    }
    fn fail(&self, kind: ErrorKind) -> Error {
        Error::new(self.here(), kind)
    }
    fn shape(&self, msg: impl Into<String>) -> Error {
        Error::shape(&self.here(), msg)
    }

    /// Charges `units` of materialised output to the payload's budget.
    fn charge(&self, units: usize) -> Result<()> {
        crate::limits::work::tick(1);
        self.budget.charge(units).map_err(|e| self.fail(e.into()))
    }

    /// A text node copied out of the graph.
    fn text(&mut self, s: &str) -> Result<Node> {
        self.count += 1;
        self.charge(NODE_COST + s.len())?;
        Ok(Node::Text(s.to_owned()))
    }

    fn enter(&mut self, v: Value, depth: usize) -> Result<()> {
        if depth >= self.depth_limit {
            return Err(self.fail(ErrorKind::TooDeep { limit: self.depth_limit }));
        }
        self.charge(NODE_COST)?;
        if let Value::Node(id) = v {
            if self.active.contains(&id) {
                return Err(self.fail(ErrorKind::Cycle));
            }
            self.active.push(id);
        }
        self.count += 1;
        if self.count > self.limits.max_nodes {
            return Err(self.fail(ErrorKind::TooManyNodes { limit: self.limits.max_nodes }));
        }
        Ok(())
    }
    fn leave(&mut self, v: Value) {
        if let Value::Node(_) = v {
            self.active.pop();
        }
    }

    /// A list of children (array value); nullish means none.
    fn children_of_list(&mut self, list: Value, depth: usize) -> Result<Vec<Node>> {
        if self.g.is_nullish(list) {
            return Ok(Vec::new());
        }
        let items = self.g.as_array(list).ok_or_else(|| self.shape("expected an array of nodes"))?;
        self.enter(list, depth)?;
        let r = self.nodes(items, 0, depth);
        self.leave(list);
        r
    }

    fn nodes(&mut self, items: &[Value], offset: usize, depth: usize) -> Result<Vec<Node>> {
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            self.path.push(Seg::Index(i + offset));
            let n = self.node(*item, depth + 1);
            self.path.pop();
            if let Some(n) = n? {
                out.push(n);
            }
        }
        Ok(out)
    }

    /// One node in either shape. `None` for nullish entries and extracted style elements.
    fn node(&mut self, v: Value, depth: usize) -> Result<Option<Node>> {
        if self.g.is_nullish(v) {
            return Ok(None);
        }
        match self.g.node(v) {
            Some(G::String(s)) => self.text(s).map(Some),
            Some(G::Number(n)) => self.text(&super::fmt_number(*n)).map(Some),
            Some(G::Bool(b)) => self.text(if *b { "true" } else { "false" }).map(Some),
            Some(G::Array(items)) => {
                self.enter(v, depth)?;
                let r = self.tuple(items, depth);
                self.leave(v);
                r
            }
            Some(G::Object(_)) => {
                self.enter(v, depth)?;
                let r = self.mdc(v, depth);
                self.leave(v);
                r
            }
            _ => Err(self.shape("expected a text string, an element tuple [tag, props, …children] or a node object")),
        }
    }

    /// minimark `[tag, props, ...children]`.
    fn tuple(&mut self, items: &[Value], depth: usize) -> Result<Option<Node>> {
        let tag = items
            .first()
            .and_then(|t| self.g.as_str(*t))
            .ok_or_else(|| self.shape("an element tuple must start with its tag name (a string)"))?;
        self.charge(tag.len())?;
        let props = match items.get(1) {
            None => Vec::new(),
            Some(p) => {
                self.path.push(Seg::Index(1));
                let r = self.props(*p, depth);
                self.path.pop();
                r?
            }
        };
        let children = self.nodes(items.get(2..).unwrap_or(&[]), 2, depth)?;
        Ok(self.element(tag, props, children))
    }

    /// MDC `{type, tag, props, children}` / `{type:"text", value}` / `{type:"comment", value}`.
    fn mdc(&mut self, v: Value, depth: usize) -> Result<Option<Node>> {
        let g = self.g;
        let ty = g.get(v, "type").and_then(|t| g.as_str(t)).unwrap_or("");
        let text = |key: &str| g.get(v, key).and_then(|t| g.as_str(t)).unwrap_or("");
        match ty {
            "text" => self.text(text("value")).map(Some),
            "comment" => {
                let c = text("value");
                self.charge(NODE_COST + c.len())?;
                Ok(Some(Node::Comment(c.to_owned())))
            }
            "element" => {
                let tag = g
                    .get(v, "tag")
                    .and_then(|t| g.as_str(t))
                    .ok_or_else(|| self.shape("an element node needs a string `tag`"))?;
                self.charge(tag.len())?;
                let props = match g.get(v, "props") {
                    Some(p) => {
                        self.path.push(Seg::Key("props".into()));
                        let r = self.props(p, depth);
                        self.path.pop();
                        r?
                    }
                    None => Vec::new(),
                };
                let children = match g.get(v, "children") {
                    Some(c) => {
                        self.path.push(Seg::Key("children".into()));
                        let r = self.children_of_list(c, depth);
                        self.path.pop();
                        r?
                    }
                    None => Vec::new(),
                };
                Ok(self.element(tag, props, children))
            }
            // A nested root (e.g. an excerpt or a slot) contributes its children.
            "root" => {
                let c = g.get(v, "children").unwrap_or(Value::Undefined);
                self.path.push(Seg::Key("children".into()));
                let r = self.children_of_list(c, depth);
                self.path.pop();
                Ok(Some(Node::Element(Element::new("template").with_children(r?))))
            }
            // doctype, raw HTML and unknown node kinds are not content we render.
            "doctype" | "raw" => Ok(None),
            other => Err(self.shape(format!("unknown node type {other:?}"))),
        }
    }

    fn element(&mut self, tag: &str, props: Vec<(String, Prop)>, children: Vec<Node>) -> Option<Node> {
        if tag.eq_ignore_ascii_case("style") {
            // Shiki's trailing colour rules: kept as data, never as a live element.
            let mut css = String::new();
            super::text_into(&children, &mut css);
            self.styles.push(css);
            return None;
        }
        Some(Node::Element(Element { tag: tag.to_owned(), props, children }))
    }

    fn props(&mut self, v: Value, depth: usize) -> Result<Vec<(String, Prop)>> {
        if self.g.is_nullish(v) {
            return Ok(Vec::new());
        }
        let members = self.g.as_object(v).ok_or_else(|| self.shape("props must be an object"))?;
        let mut out = Vec::with_capacity(members.len());
        for (k, pv) in members {
            self.charge(NODE_COST + k.len())?;
            self.path.push(Seg::Key(k.to_string()));
            let p = self.prop(*pv, depth + 1);
            self.path.pop();
            out.push((k.to_string(), p?));
        }
        Ok(out)
    }

    fn prop(&mut self, v: Value, depth: usize) -> Result<Prop> {
        let g = self.g;
        Ok(match v {
            Value::Undefined | Value::Hole => Prop::Null,
            Value::Number(n) => Prop::Number(n),
            Value::Node(_) => match g.node(v) {
                None | Some(G::Null) => Prop::Null,
                Some(G::Bool(b)) => Prop::Bool(*b),
                Some(G::Number(n)) => Prop::Number(*n),
                Some(G::String(s)) => {
                    self.charge(s.len())?;
                    Prop::Str(s.to_string())
                }
                Some(G::Array(items)) => {
                    self.enter(v, depth)?;
                    let mut list = Vec::with_capacity(items.len());
                    for (i, it) in items.iter().enumerate() {
                        self.charge(NODE_COST)?;
                        self.path.push(Seg::Index(i));
                        let p = self.prop(*it, depth + 1);
                        self.path.pop();
                        list.push(p?);
                    }
                    self.leave(v);
                    Prop::List(list)
                }
                Some(G::Object(_)) | Some(G::NullProto(_)) => {
                    self.enter(v, depth)?;
                    let m = self.props(v, depth + 1);
                    self.leave(v);
                    Prop::Map(m?)
                }
                // Dates, sets, … are not meaningful as props; keep their text form if any.
                Some(G::Date(Some(d))) => {
                    self.charge(d.len())?;
                    Prop::Str(d.to_string())
                }
                Some(G::Url(u)) => {
                    self.charge(u.len())?;
                    Prop::Str(u.to_string())
                }
                Some(_) => Prop::Null,
            },
        })
    }
}

/// Reads a payload toc `{title, searchDepth, depth, links:[{id, depth, text, children?}]}`.
pub fn toc_from_graph(g: &Graph, v: Value, path: &Path) -> Result<Toc> {
    if g.as_object(v).is_none() {
        return Err(Error::shape(path, "toc must be an object"));
    }
    let num = |k: &str| g.get(v, k).and_then(|x| g.as_number(x)).filter(|n| *n >= 0.0 && *n < 16.0).map(|n| n as u8);
    let mut toc = Toc {
        title: g.get(v, "title").and_then(|t| g.as_str(t)).unwrap_or("").to_owned(),
        depth: num("depth").unwrap_or(2),
        search_depth: num("searchDepth").unwrap_or(2),
        links: Vec::new(),
    };
    // Iterative walk with a depth cap: toc links nest at most h2..h6.
    let links = g.get(v, "links").unwrap_or(Value::Undefined);
    toc.links = toc_links(g, links, &path.key("links"), 0)?;
    Ok(toc)
}

fn toc_links(g: &Graph, v: Value, path: &Path, depth: usize) -> Result<Vec<super::TocLink>> {
    if g.is_nullish(v) {
        return Ok(Vec::new());
    }
    if depth > 8 {
        return Err(Error::new(path.clone(), ErrorKind::TooDeep { limit: 8 }));
    }
    let items = g.as_array(v).ok_or_else(|| Error::shape(path, "toc links must be an array"))?;
    let mut out = Vec::with_capacity(items.len());
    for (i, it) in items.iter().enumerate() {
        let p = path.index(i);
        let s = |k: &str| g.get(*it, k).and_then(|x| g.as_str(x));
        let (Some(id), Some(text)) = (s("id"), s("text")) else {
            return Err(Error::shape(&p, "a toc link needs string `id` and `text`"));
        };
        // Links may share their `children` arrays: the budget bounds the expanded toc.
        g.budget().charge(NODE_COST + id.len() + text.len()).map_err(|e| Error::new(p.clone(), e.into()))?;
        let (id, text) = (id.to_owned(), text.to_owned());
        let level = g.get(*it, "depth").and_then(|x| g.as_number(x)).unwrap_or(2.0).clamp(1.0, 6.0) as u8;
        let children = toc_links(g, g.get(*it, "children").unwrap_or(Value::Undefined), &p.key("children"), depth + 1)?;
        out.push(super::TocLink { id, depth: level, text, children });
    }
    Ok(out)
}
