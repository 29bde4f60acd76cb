//! Layer 2: devalue's flattened table → [`Graph`] (devalue 5.9.1 `parse` semantics).
//!
//! Decoding is three linear passes, no recursion, so neither cycles nor
//! 100 000-deep nesting can overflow the stack:
//! 1. every slot becomes a [`Node`] whose references are still slot numbers;
//! 2. custom (reviver) tags are resolved in dependency order with an explicit
//!    stack — a wrapper that leads back to itself is "Invalid circular reference";
//! 3. references are rewritten through the slot → value map.
//!
//! Errors carry the path from the root to the offending slot.

use std::collections::VecDeque;

use base64::Engine as _;

use super::raw::{self, Item, Slot, Table};
use super::value::{Graph, Node, NodeId, TypedKind, Value};
use crate::error::{Error, ErrorKind, Path, Result, Seg};
use crate::limits::{Budget, Limits};

/// What a reviver returns: its value, or a reason to reject the payload.
pub type ReviverResult = std::result::Result<Value, String>;

type ReviverFn = dyn Fn(&mut Builder<'_>, Value) -> ReviverResult;

/// Custom tag handlers, like the `revivers` argument of devalue's `parse`.
/// A reviver registered under a built-in name (e.g. `Date`) replaces the built-in.
#[derive(Default)]
pub struct Revivers {
    entries: Vec<(String, Box<ReviverFn>)>,
}

impl Revivers {
    pub fn new() -> Self {
        Self::default()
    }
    /// Registers (or replaces) the reviver for `tag`.
    pub fn add(mut self, tag: &str, f: impl Fn(&mut Builder<'_>, Value) -> ReviverResult + 'static) -> Self {
        self.entries.retain(|(t, _)| t != tag);
        self.entries.push((tag.to_owned(), Box::new(f)));
        self
    }
    /// Registers a transparent wrapper: the slot's value is its payload's value.
    pub fn identity(self, tag: &str) -> Self {
        self.add(tag, |_, v| Ok(v))
    }
    fn get(&self, tag: &str) -> Option<&ReviverFn> {
        self.entries.iter().find(|(t, _)| t == tag).map(|(_, f)| &**f)
    }
    pub fn contains(&self, tag: &str) -> bool {
        self.get(tag).is_some()
    }
}

/// Decoding options.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    pub limits: Limits,
    /// devalue silently turns some corrupt references (out of range, fractional,
    /// `-2` outside arrays, unknown negatives) into `undefined`. With `lenient`
    /// set we do the same; by default they are errors.
    pub lenient: bool,
}

/// Gives revivers read access to the graph under construction and lets them add values.
/// Every value a reviver adds is charged to the payload's [`Budget`]; once it runs out,
/// `push` adds nothing more and decoding fails with [`ErrorKind::OverBudget`].
pub struct Builder<'a> {
    nodes: &'a mut Vec<Node>,
    budget: &'a Budget,
}

impl Builder<'_> {
    /// Adds a node and returns a value pointing at it (`undefined` once the budget is spent).
    pub fn push(&mut self, node: Node) -> Value {
        let text = match &node {
            Node::String(s) | Node::BigInt(s) => s.len(),
            // Members are references (16 bytes each); what they point at is charged on its own.
            Node::Object(m) | Node::NullProto(m) => m.len().saturating_mul(32),
            Node::Array(a) | Node::Set(a) => a.len().saturating_mul(16),
            _ => 0,
        };
        if self.budget.node(text).is_err() {
            return Value::Undefined;
        }
        let id = self.nodes.len() as NodeId;
        self.nodes.push(node);
        Value::Node(id)
    }
    /// The budget the reviver's values are charged to.
    pub fn budget(&self) -> &Budget {
        self.budget
    }
    /// Reads a node (its references may still be unresolved slot numbers; use them only as values).
    pub fn node(&self, v: Value) -> Option<&Node> {
        match v {
            Value::Node(id) => self.nodes.get(id as usize),
            _ => None,
        }
    }
    pub fn as_str(&self, v: Value) -> Option<&str> {
        match self.node(v)? {
            Node::String(s) => Some(s),
            _ => None,
        }
    }
    /// Adds a plain JSON value (used by Nuxt's `EmptyRef`, which holds JSON text).
    /// serde_json's recursion limit (128) bounds the depth of `v`.
    pub fn push_json(&mut self, v: &serde_json::Value) -> Value {
        use serde_json::Value as J;
        if self.budget.exhausted() {
            return Value::Undefined;
        }
        let node = match v {
            J::Null => Node::Null,
            J::Bool(b) => Node::Bool(*b),
            J::Number(n) => Node::Number(n.as_f64().unwrap_or(f64::NAN)),
            J::String(s) => Node::String(s.as_str().into()),
            J::Array(a) => {
                let items = a.iter().map(|x| self.push_json(x)).collect();
                Node::Array(items)
            }
            J::Object(o) => {
                let fields = o.iter().map(|(k, x)| (k.as_str().into(), self.push_json(x))).collect();
                Node::Object(fields)
            }
        };
        self.push(node)
    }
}

/// Decodes devalue JSON text with the given revivers. The graph carries the payload's
/// [`Budget`] (sized from `bytes`), which the revivers have already charged.
pub fn decode(bytes: &[u8], revivers: &Revivers, opts: &Options) -> Result<Graph> {
    let table = raw::parse(bytes, &opts.limits)?;
    decode_table(table, revivers, opts, Budget::new(&opts.limits, bytes.len()))
}

/// Decodes an already parsed table; what revivers make is charged to `budget`.
pub fn decode_table(table: Table, revivers: &Revivers, opts: &Options, budget: Budget) -> Result<Graph> {
    let slots = match table {
        Table::Bare(n) => {
            let root = match n {
                -1.0 => Value::Undefined,
                _ => match sentinel_number(n) {
                    Some(x) => Value::Number(x),
                    None => {
                        return Err(invalid(format!(
                            "a bare number ({}) is only valid as a sentinel -1, -3, -4, -5 or -6",
                            crate::util::fmt_number(n)
                        )))
                    }
                },
            };
            return Ok(Graph { nodes: Vec::new(), root: Some(root), budget });
        }
        Table::Other(what) => return Err(invalid(format!("expected a devalue table (a JSON array), found {what}"))),
        Table::Slots(s) if s.is_empty() => return Err(invalid("the table is empty".into())),
        Table::Slots(s) => s,
    };
    Decoder { slots: &slots, revivers, opts, budget: &budget }.run().map(|(nodes, root)| Graph {
        nodes,
        root: Some(root),
        budget,
    })
}

fn invalid(msg: String) -> Error {
    Error::at_root(ErrorKind::InvalidInput(msg))
}

fn sentinel_number(n: f64) -> Option<f64> {
    Some(match n {
        -3.0 => f64::NAN,
        -4.0 => f64::INFINITY,
        -5.0 => f64::NEG_INFINITY,
        -6.0 => -0.0,
        _ => return None,
    })
}

#[derive(Clone, Copy, PartialEq)]
enum Position {
    Member,
    Element,
}

struct Pending<'s> {
    slot: usize,
    tag: &'s str,
    payload: Value,
}

struct Decoder<'s> {
    slots: &'s [Slot],
    revivers: &'s Revivers,
    opts: &'s Options,
    budget: &'s Budget,
}

impl<'s> Decoder<'s> {
    fn err(&self, slot: usize, kind: ErrorKind) -> Error {
        Error::new(locate(self.slots, slot), kind).with_slot(slot)
    }

    /// The arena and the root value.
    fn run(&self) -> Result<(Vec<Node>, Value)> {
        let n = self.slots.len();
        let mut nodes: Vec<Node> = Vec::with_capacity(n);
        let mut pending: Vec<Pending<'s>> = Vec::new();
        let mut extras: Vec<Node> = Vec::new();
        // Pass 1: every slot on its own.
        for (i, slot) in self.slots.iter().enumerate() {
            let node = self.slot(i, slot, &mut extras, &mut pending)?;
            nodes.push(node);
        }
        nodes.append(&mut extras);
        // Pass 1b: checks that need the other slots (targets of boxes and views).
        for i in 0..n {
            self.check_targets(i, &nodes)?;
        }
        // Pass 2: custom tags, dependencies first.
        let map = self.resolve_custom(&mut nodes, &pending)?;
        // Pass 3: rewrite references.
        let fix = |v: &mut Value| {
            if let Value::Node(id) = *v {
                if let Some(m) = map.get(id as usize) {
                    *v = *m;
                }
            }
        };
        for node in nodes.iter_mut() {
            match node {
                Node::Object(m) | Node::NullProto(m) => m.iter_mut().for_each(|(_, v)| fix(v)),
                Node::Array(a) | Node::Set(a) => a.iter_mut().for_each(fix),
                Node::Sparse { items, .. } => items.iter_mut().for_each(|(_, v)| fix(v)),
                Node::Map(m) => m.iter_mut().for_each(|(k, v)| {
                    fix(k);
                    fix(v)
                }),
                Node::Boxed(v) | Node::NuxtError(v) => fix(v),
                _ => {}
            }
        }
        let root = map.first().copied().unwrap_or(Value::Undefined);
        Ok((nodes, root))
    }

    /// Turns one item in reference position into a value (slot numbers stay unresolved).
    fn reference(&self, slot: usize, item: &Item, pos: Position) -> Result<Value> {
        let n = match item {
            Item::Num(n) => *n,
            other => {
                let what = match other {
                    Item::Str(_) => "a string",
                    Item::Bool(_) => "a boolean",
                    Item::Null => "null",
                    _ => "a nested array or object",
                };
                return Err(
                    self.err(slot, ErrorKind::InvalidInput(format!("{what} where a reference (number) belongs")))
                );
            }
        };
        let silent = |msg: String| -> Result<Value> {
            if self.opts.lenient {
                Ok(Value::Undefined)
            } else {
                Err(self.err(slot, ErrorKind::BadReference(msg)))
            }
        };
        if n.fract() != 0.0 || !n.is_finite() {
            return silent(format!("{} is not an integer slot index", crate::util::fmt_number(n)));
        }
        if n >= 0.0 {
            if n < self.slots.len() as f64 {
                return Ok(Value::Node(n as NodeId));
            }
            return silent(format!(
                "slot {} does not exist (the table has {} slots)",
                crate::util::fmt_number(n),
                self.slots.len()
            ));
        }
        match n {
            -1.0 => Ok(Value::Undefined),
            -2.0 if pos == Position::Element => Ok(Value::Hole),
            -2.0 => silent("-2 (hole) is only valid as an array element".into()),
            _ => match sentinel_number(n) {
                Some(x) => Ok(Value::Number(x)),
                None => silent(format!("{} is not a sentinel", crate::util::fmt_number(n))),
            },
        }
    }

    fn literal_str<'a>(&self, slot: usize, tag: &str, item: Option<&'a Item>, what: &str) -> Result<&'a str> {
        match item {
            Some(Item::Str(s)) => Ok(s),
            _ => Err(self.bad_tag(slot, tag, format!("{what} must be a string literal"))),
        }
    }

    fn literal_index(&self, slot: usize, tag: &str, item: Option<&Item>, what: &str) -> Result<Option<usize>> {
        match item {
            None => Ok(None),
            Some(Item::Num(n)) if n.fract() == 0.0 && *n >= 0.0 && *n <= u32::MAX as f64 => Ok(Some(*n as usize)),
            Some(_) => Err(self.bad_tag(slot, tag, format!("{what} must be a non-negative integer"))),
        }
    }

    fn bad_tag(&self, slot: usize, tag: &str, reason: String) -> Error {
        self.err(slot, ErrorKind::BadTag { tag: tag.to_owned(), reason })
    }

    fn slot(&self, i: usize, slot: &'s Slot, extras: &mut Vec<Node>, pending: &mut Vec<Pending<'s>>) -> Result<Node> {
        Ok(match slot {
            Slot::Null => Node::Null,
            Slot::Bool(b) => Node::Bool(*b),
            Slot::Num(n) => Node::Number(*n),
            Slot::Str(s) => Node::String(s.clone()),
            Slot::Object(fields) => {
                let mut out = Vec::with_capacity(fields.len());
                for (k, item) in fields {
                    if &**k == "__proto__" {
                        return Err(self.err(i, ErrorKind::ProtoKey));
                    }
                    let v = self.reference(i, item, Position::Member).map_err(|e| e.at(Seg::Key(k.to_string())))?;
                    out.push((k.clone(), v));
                }
                Node::Object(out)
            }
            Slot::Array(items) => match items.split_first() {
                Some((Item::Str(tag), args)) => self.tagged(i, tag, args, extras, pending)?,
                Some((Item::Num(n), args)) if *n == -7.0 => self.sparse(i, args)?,
                _ => {
                    let mut out = Vec::with_capacity(items.len());
                    for (n, item) in items.iter().enumerate() {
                        out.push(self.reference(i, item, Position::Element).map_err(|e| e.at(Seg::Index(n)))?);
                    }
                    Node::Array(out)
                }
            },
        })
    }

    fn sparse(&self, i: usize, args: &[Item]) -> Result<Node> {
        let tag = "sparse array";
        let len = self.literal_index(i, tag, args.first(), "the length")?.unwrap_or(0);
        let Some(Item::Num(_)) = args.first() else {
            return Err(self.bad_tag(i, tag, "missing length".into()));
        };
        let pairs = args.get(1..).unwrap_or_default();
        if pairs.len() % 2 != 0 {
            return Err(self.bad_tag(i, tag, "index/reference pairs are incomplete".into()));
        }
        let mut items = Vec::with_capacity(pairs.len() / 2);
        for pair in pairs.chunks_exact(2) {
            let [index, value] = pair else { continue };
            let idx = self.literal_index(i, tag, Some(index), "an index")?.unwrap_or(0);
            if idx >= len {
                return Err(self.bad_tag(i, tag, format!("index {idx} is outside the length {len}")));
            }
            items.push((idx as u32, self.reference(i, value, Position::Member)?));
        }
        Ok(Node::Sparse { len: len as u32, items })
    }

    fn tagged(
        &self,
        i: usize,
        tag: &'s str,
        args: &'s [Item],
        extras: &mut Vec<Node>,
        pending: &mut Vec<Pending<'s>>,
    ) -> Result<Node> {
        if self.revivers.contains(tag) {
            // Custom revivers win over built-ins; a non-number argument is passed raw.
            let payload = match args.first() {
                None => Value::Undefined,
                Some(item @ Item::Num(_)) => self.reference(i, item, Position::Member)?,
                Some(Item::Str(s)) => push_extra(extras, Node::String(s.clone()), self.slots.len()),
                Some(Item::Bool(b)) => push_extra(extras, Node::Bool(*b), self.slots.len()),
                Some(Item::Null) => push_extra(extras, Node::Null, self.slots.len()),
                Some(Item::Nested) => return Err(self.bad_tag(i, tag, "payload must be a reference".into())),
            };
            pending.push(Pending { slot: i, tag, payload });
            return Ok(Node::Forward);
        }
        let refs = |items: &[Item]| -> Result<Vec<Value>> {
            items.iter().map(|it| self.reference(i, it, Position::Member)).collect()
        };
        Ok(match tag {
            "Date" => {
                let iso = self.literal_str(i, tag, args.first(), "the ISO text")?;
                Node::Date(if iso.is_empty() { None } else { Some(iso.into()) })
            }
            "RegExp" => {
                let source = self.literal_str(i, tag, args.first(), "the source")?;
                let flags = match args.get(1) {
                    None => "",
                    f => self.literal_str(i, tag, f, "the flags")?,
                };
                if !flags.chars().all(|c| "dgimsuvy".contains(c)) {
                    return Err(self.bad_tag(i, tag, format!("invalid flags {flags:?}")));
                }
                Node::RegExp { source: source.into(), flags: flags.into() }
            }
            "Set" => Node::Set(refs(args)?),
            "Map" => {
                if args.len() % 2 != 0 {
                    return Err(self.bad_tag(i, tag, "keys and values must come in pairs".into()));
                }
                let v = refs(args)?;
                Node::Map(
                    v.chunks_exact(2).filter_map(|p| if let [k, v] = p { Some((*k, *v)) } else { None }).collect(),
                )
            }
            "BigInt" => {
                let digits = self.literal_str(i, tag, args.first(), "the digits")?;
                let body = digits.strip_prefix('-').unwrap_or(digits);
                if body.is_empty() || !body.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(self.bad_tag(i, tag, format!("{digits:?} is not a decimal integer")));
                }
                Node::BigInt(digits.into())
            }
            "Object" => match args.first() {
                Some(item @ Item::Num(_)) => Node::Boxed(self.reference(i, item, Position::Member)?),
                _ => {
                    return Err(self.err(
                        i,
                        ErrorKind::InvalidInput(
                            "`Object` (boxed primitive) must hold a reference (devalue ≥ 5.7 form)".into(),
                        ),
                    ))
                }
            },
            "null" => {
                if args.len() % 2 != 0 {
                    return Err(self.bad_tag(i, tag, "keys and values must come in pairs".into()));
                }
                let mut out = Vec::with_capacity(args.len() / 2);
                for pair in args.chunks_exact(2) {
                    let [key, value] = pair else { continue };
                    let key = self.literal_str(i, tag, Some(key), "a key")?;
                    if key == "__proto__" {
                        return Err(self.err(i, ErrorKind::ProtoKey));
                    }
                    out.push((key.into(), self.reference(i, value, Position::Member)?));
                }
                Node::NullProto(out)
            }
            "ArrayBuffer" => {
                let b64 = self.literal_str(i, tag, args.first(), "the base64 text")?;
                let engine = base64::engine::GeneralPurpose::new(
                    &base64::alphabet::STANDARD,
                    base64::engine::GeneralPurposeConfig::new()
                        .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
                );
                let bytes = engine.decode(b64).map_err(|e| self.bad_tag(i, tag, format!("invalid base64: {e}")))?;
                Node::ArrayBuffer(bytes)
            }
            "DataView" => {
                let buffer = self.view_buffer(i, tag, args.first())?;
                let byte_offset = self.literal_index(i, tag, args.get(1), "the byte offset")?.unwrap_or(0);
                let byte_length = self.literal_index(i, tag, args.get(2), "the byte length")?;
                Node::DataView { buffer, byte_offset, byte_length: byte_length.unwrap_or(usize::MAX) }
            }
            "URL" => Node::Url(self.literal_str(i, tag, args.first(), "the href")?.into()),
            "URLSearchParams" => Node::UrlSearchParams(self.literal_str(i, tag, args.first(), "the query")?.into()),
            t if t.strip_prefix("Temporal.").is_some_and(|k| TEMPORAL.contains(&k)) => {
                let text = self.literal_str(i, tag, args.first(), "the ISO text")?;
                Node::Temporal { kind: t.trim_start_matches("Temporal.").into(), text: text.into() }
            }
            t => match TypedKind::from_tag(t) {
                Some(kind) => {
                    let buffer = self.view_buffer(i, tag, args.first())?;
                    let byte_offset = self.literal_index(i, tag, args.get(1), "the byte offset")?.unwrap_or(0);
                    let length = self.literal_index(i, tag, args.get(2), "the length")?;
                    Node::TypedArray { kind, buffer, byte_offset, length: length.unwrap_or(usize::MAX) }
                }
                None => return Err(self.err(i, ErrorKind::UnknownType(t.to_owned()))),
            },
        })
    }

    fn view_buffer(&self, i: usize, tag: &str, item: Option<&Item>) -> Result<NodeId> {
        match item {
            Some(item @ Item::Num(_)) => match self.reference(i, item, Position::Member)? {
                Value::Node(id) => Ok(id),
                _ => Err(self.bad_tag(i, tag, "the buffer reference must point at an ArrayBuffer slot".into())),
            },
            _ => Err(self.bad_tag(
                i,
                tag,
                "the buffer must be a reference to an ArrayBuffer (devalue ≥ 5.2 form)".into(),
            )),
        }
    }

    /// Checks boxed-primitive targets and view bounds.
    fn check_targets(&self, i: usize, nodes: &[Node]) -> Result<()> {
        let tag_of = |i: usize| match self.slots.get(i) {
            Some(Slot::Array(items)) => match items.first() {
                Some(Item::Str(t)) => t.to_string(),
                _ => String::new(),
            },
            _ => String::new(),
        };
        let node_at = |id: NodeId| nodes.get(id as usize);
        match nodes.get(i) {
            Some(Node::Boxed(Value::Node(t))) => match node_at(*t) {
                Some(Node::String(_) | Node::Number(_) | Node::Bool(_) | Node::BigInt(_)) => Ok(()),
                _ => Err(self.bad_tag(i, "Object", "a boxed value must point at a primitive or BigInt slot".into())),
            },
            Some(Node::Boxed(Value::Number(_))) => Ok(()),
            Some(Node::Boxed(_)) => Err(self.bad_tag(i, "Object", "a boxed value must point at a primitive".into())),
            Some(Node::TypedArray { kind, buffer, byte_offset, length }) => {
                let tag = tag_of(i);
                let Some(Node::ArrayBuffer(bytes)) = node_at(*buffer) else {
                    return Err(self.bad_tag(i, &tag, "the buffer reference must point at an ArrayBuffer slot".into()));
                };
                if byte_offset % kind.size() != 0 {
                    return Err(self.bad_tag(
                        i,
                        &tag,
                        format!("byte offset {byte_offset} is not a multiple of {}", kind.size()),
                    ));
                }
                let avail = bytes.len().checked_sub(*byte_offset).ok_or_else(|| {
                    self.bad_tag(
                        i,
                        &tag,
                        format!("byte offset {byte_offset} is past the buffer's {} bytes", bytes.len()),
                    )
                })?;
                if *length == usize::MAX && avail % kind.size() != 0 {
                    return Err(self.bad_tag(i, &tag, format!("buffer length is not a multiple of {}", kind.size())));
                }
                if *length != usize::MAX && length.saturating_mul(kind.size()) > avail {
                    return Err(self.bad_tag(i, &tag, format!("{length} elements do not fit in the buffer")));
                }
                Ok(())
            }
            Some(Node::DataView { buffer, byte_offset, byte_length }) => {
                let Some(Node::ArrayBuffer(bytes)) = node_at(*buffer) else {
                    return Err(self.bad_tag(
                        i,
                        "DataView",
                        "the buffer reference must point at an ArrayBuffer slot".into(),
                    ));
                };
                let end =
                    if *byte_length == usize::MAX { bytes.len() } else { byte_offset.saturating_add(*byte_length) };
                if *byte_offset > bytes.len() || end > bytes.len() {
                    return Err(self.bad_tag(i, "DataView", "the view is outside its buffer".into()));
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// Resolves custom tags in dependency order and returns the slot → value map.
    fn resolve_custom(&self, nodes: &mut Vec<Node>, pending: &[Pending<'s>]) -> Result<Vec<Value>> {
        #[derive(Clone, Copy, PartialEq)]
        enum State {
            Todo,
            Active,
            Done,
        }
        let n = self.slots.len();
        fill_view_lengths(nodes);
        let mut map: Vec<Value> = (0..n as NodeId).map(Value::Node).collect();
        if pending.is_empty() {
            return Ok(map);
        }
        let mut which: Vec<u32> = vec![u32::MAX; n]; // slot → index in `pending`
        for (k, p) in pending.iter().enumerate() {
            if let Some(w) = which.get_mut(p.slot) {
                *w = k as u32;
            }
        }
        let mut state = vec![State::Todo; pending.len()];
        let mut stack: Vec<usize> = Vec::new();
        for start in 0..pending.len() {
            if state.get(start) != Some(&State::Todo) {
                continue;
            }
            stack.push(start);
            set(&mut state, start, State::Active);
            while let Some(&k) = stack.last() {
                let Some(p) = pending.get(k) else {
                    stack.pop();
                    continue;
                };
                // A payload that is itself a custom slot must be resolved first.
                if let Value::Node(t) = p.payload {
                    let dep = which.get(t as usize).copied().unwrap_or(u32::MAX) as usize;
                    match state.get(dep) {
                        Some(State::Active) => return Err(self.err(p.slot, ErrorKind::CircularReference)),
                        Some(State::Todo) => {
                            set(&mut state, dep, State::Active);
                            stack.push(dep);
                            continue;
                        }
                        Some(State::Done) | None => {}
                    }
                }
                let payload = match p.payload {
                    Value::Node(t) => map.get(t as usize).copied().unwrap_or(p.payload),
                    v => v,
                };
                let Some(reviver) = self.revivers.get(p.tag) else {
                    return Err(self.err(p.slot, ErrorKind::UnknownType(p.tag.to_owned())));
                };
                let out = reviver(&mut Builder { nodes, budget: self.budget }, payload)
                    .map_err(|reason| self.err(p.slot, ErrorKind::Reviver { tag: p.tag.to_owned(), reason }))?;
                self.budget.check().map_err(|e| self.err(p.slot, e.into()))?;
                set(&mut map, p.slot, out);
                set(&mut state, k, State::Done);
                stack.pop();
            }
        }
        Ok(map)
    }
}

/// `v[i] = x` when `i` is in bounds (every caller's index comes from the same table).
fn set<T>(v: &mut [T], i: usize, x: T) {
    if let Some(slot) = v.get_mut(i) {
        *slot = x;
    }
}

/// Views written without an explicit length cover the rest of their buffer.
fn fill_view_lengths(nodes: &mut [Node]) {
    let buffer_len = |nodes: &[Node], id: NodeId| match nodes.get(id as usize) {
        Some(Node::ArrayBuffer(b)) => b.len(),
        _ => 0,
    };
    for i in 0..nodes.len() {
        let len = match nodes.get(i) {
            Some(Node::TypedArray { kind, buffer, byte_offset, length: usize::MAX }) => {
                buffer_len(nodes, *buffer).saturating_sub(*byte_offset) / kind.size()
            }
            Some(Node::DataView { buffer, byte_offset, byte_length: usize::MAX }) => {
                buffer_len(nodes, *buffer).saturating_sub(*byte_offset)
            }
            _ => continue,
        };
        match nodes.get_mut(i) {
            Some(Node::TypedArray { length, .. }) => *length = len,
            Some(Node::DataView { byte_length, .. }) => *byte_length = len,
            _ => {}
        }
    }
}

/// Parks a node created during pass 1 (a reviver's raw literal); it gets the
/// id it will have once appended after the table's slots.
fn push_extra(extras: &mut Vec<Node>, node: Node, nslots: usize) -> Value {
    extras.push(node);
    Value::Node((nslots + extras.len() - 1) as NodeId)
}

const TEMPORAL: &[&str] = &[
    "Duration",
    "Instant",
    "PlainDate",
    "PlainTime",
    "PlainDateTime",
    "PlainMonthDay",
    "PlainYearMonth",
    "ZonedDateTime",
];

/// The path from the root to `target`, found breadth-first over the raw table
/// (wrapper tags are transparent, as they are after decoding).
pub(crate) fn locate(slots: &[Slot], target: usize) -> Path {
    if target == 0 || target >= slots.len() {
        return Path::root();
    }
    let mut parent: Vec<Option<(usize, Step)>> = vec![None; slots.len()];
    let mut seen = vec![false; slots.len()];
    set(&mut seen, 0, true);
    let mut queue = VecDeque::from([0usize]);
    while let Some(s) = queue.pop_front() {
        if s == target {
            break;
        }
        let Some(slot) = slots.get(s) else { continue };
        for (step, child) in children(slot) {
            if seen.get(child) == Some(&false) {
                set(&mut seen, child, true);
                set(&mut parent, child, Some((s, step)));
                queue.push_back(child);
            }
        }
    }
    let mut segs = Vec::new();
    let mut cur = target;
    while let Some((p, step)) = parent.get(cur).cloned().flatten() {
        match step {
            Step::Key(k) => segs.push(crate::error::Seg::Key(k)),
            Step::Index(i) => segs.push(crate::error::Seg::Index(i)),
            Step::Through => {}
        }
        cur = p;
    }
    segs.reverse();
    Path(segs)
}

#[derive(Clone)]
enum Step {
    Key(String),
    Index(usize),
    Through,
}

/// The slots a slot refers to, with the step that leads to each. Total on every
/// slot shape, including truncated tagged and sparse arrays (`["Date"]`, `[-7]`).
fn children(slot: &Slot) -> Vec<(Step, usize)> {
    let as_ref = |it: &Item| match it {
        Item::Num(n) if *n >= 0.0 && n.fract() == 0.0 => Some(*n as usize),
        _ => None,
    };
    let pairs = |items: &[Item]| -> Vec<(Step, usize)> {
        items
            .chunks(2)
            .filter_map(|p| match p {
                [Item::Str(k), r] => Some((Step::Key(k.to_string()), as_ref(r)?)),
                [Item::Num(i), r] if *i >= 0.0 => Some((Step::Index(*i as usize), as_ref(r)?)),
                _ => None,
            })
            .collect()
    };
    match slot {
        Slot::Object(f) => f.iter().filter_map(|(k, it)| Some((Step::Key(k.to_string()), as_ref(it)?))).collect(),
        Slot::Array(items) => match items.split_first() {
            Some((Item::Str(tag), args)) => match &**tag {
                "null" => pairs(args),
                "Set" | "Map" => {
                    args.iter().enumerate().filter_map(|(i, it)| Some((Step::Index(i), as_ref(it)?))).collect()
                }
                _ => args.iter().take(1).filter_map(|it| Some((Step::Through, as_ref(it)?))).collect(),
            },
            // `[-7, length, index, ref, …]`
            Some((Item::Num(n), args)) if *n == -7.0 => pairs(args.get(1..).unwrap_or_default()),
            _ => items.iter().enumerate().filter_map(|(i, it)| Some((Step::Index(i), as_ref(it)?))).collect(),
        },
        _ => Vec::new(),
    }
}
