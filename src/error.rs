//! Errors as types: every failure names *where* in the input it happened and *why*.
//!
//! A [`Path`] is written the way a reader would navigate the decoded payload,
//! e.g. `data.term-c/chat-completion.body.value[3]`. Nothing in the crate panics
//! on input; every problem becomes an [`Error`].

use std::fmt;

/// One step of a [`Path`]: an object key or an array index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// A location inside a decoded payload (or a markdown file's front matter).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Path(pub Vec<Seg>);

impl Path {
    pub fn root() -> Self {
        Path(Vec::new())
    }
    pub fn key(&self, k: &str) -> Self {
        let mut p = self.clone();
        p.0.push(Seg::Key(k.to_owned()));
        p
    }
    pub fn index(&self, i: usize) -> Self {
        let mut p = self.clone();
        p.0.push(Seg::Index(i));
        p
    }
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("(root)");
        }
        for (n, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Index(i) => write!(f, "[{i}]")?,
                Seg::Key(k) => {
                    let plain = !k.is_empty()
                        && !k.contains(|c: char| c == '.' || c == '[' || c == ']' || c == '"' || c.is_whitespace());
                    match (plain, n) {
                        (true, 0) => f.write_str(k)?,
                        (true, _) => write!(f, ".{k}")?,
                        (false, _) => write!(f, "[{}]", serde_json::Value::String(k.clone()))?,
                    }
                }
            }
        }
        Ok(())
    }
}

/// What went wrong.
#[derive(Clone, Debug, PartialEq)]
pub enum ErrorKind {
    /// The bytes are not JSON (or not UTF-8). Carries the parser's message with line and column.
    Json(String),
    /// The input is larger than [`crate::Limits::max_input_bytes`].
    TooLarge { bytes: usize, limit: usize },
    /// More references/values than [`crate::Limits::max_values`].
    TooManyValues { limit: usize },
    /// Nesting deeper than [`crate::Limits::max_depth`].
    TooDeep { limit: usize },
    /// The body expands to more nodes than [`crate::Limits::max_nodes`] (e.g. a shared-subtree bomb).
    TooManyNodes { limit: usize },
    /// The input materialises more than its [`crate::limits::Budget`] (shared references
    /// or revivers expanding a small payload into a large tree).
    OverBudget { limit: usize },
    /// devalue's "Invalid input": the top level or a slot has a shape devalue never writes.
    InvalidInput(String),
    /// A reference that is not an integer slot index or a sentinel valid at that position.
    BadReference(String),
    /// A tagged value whose tag is neither a built-in nor a registered reviver.
    UnknownType(String),
    /// A built-in tag with malformed arguments.
    BadTag { tag: String, reason: String },
    /// A custom (reviver) value whose payload leads back to itself.
    CircularReference,
    /// `__proto__` as an object key (rejected like devalue does).
    ProtoKey,
    /// A reviver rejected its payload.
    Reviver { tag: String, reason: String },
    /// The decoded value does not have the expected shape.
    Shape(String),
    /// The body contains itself.
    Cycle,
    /// The payload holds no document/term.
    NoDocument,
    /// Markdown front matter is not valid YAML or has the wrong types.
    FrontMatter(String),
    /// Search index or manifest problems.
    Index(String),
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ErrorKind::*;
        match self {
            Json(m) => write!(f, "not valid JSON: {m}"),
            TooLarge { bytes, limit } => write!(f, "input is {bytes} bytes, over the limit of {limit}"),
            TooManyValues { limit } => write!(f, "more than {limit} values; refusing to decode"),
            TooDeep { limit } => write!(f, "nested deeper than {limit} levels"),
            TooManyNodes { limit } => write!(f, "expands to more than {limit} nodes"),
            OverBudget { limit } => write!(
                f,
                "materialises more than {limit} bytes, far more than its size (shared references expanded); \
                 the budget is maxExpansion × the input's size + 1 MiB"
            ),
            InvalidInput(m) => write!(f, "invalid input: {m}"),
            BadReference(m) => write!(f, "bad reference: {m}"),
            UnknownType(t) => write!(f, "unknown type `{t}` (no built-in or reviver for this tag)"),
            BadTag { tag, reason } => write!(f, "malformed `{tag}` value: {reason}"),
            CircularReference => f.write_str("invalid circular reference: a wrapped value contains itself"),
            ProtoKey => f.write_str("cannot decode an object with a `__proto__` key"),
            Reviver { tag, reason } => write!(f, "`{tag}` value rejected: {reason}"),
            Shape(m) => f.write_str(m),
            Cycle => f.write_str("the body refers back to one of its own ancestors (cycle)"),
            NoDocument => f.write_str("no glossary term or content document found in the payload"),
            FrontMatter(m) => write!(f, "front matter: {m}"),
            Index(m) => f.write_str(m),
        }
    }
}

/// An error with its location.
#[derive(Clone, Debug, PartialEq)]
pub struct Error {
    /// Where in the decoded value the problem is.
    pub path: Path,
    /// The devalue slot involved, when the problem is in the flattened table.
    pub slot: Option<usize>,
    pub kind: ErrorKind,
}

impl Error {
    pub fn new(path: Path, kind: ErrorKind) -> Self {
        Error { path, slot: None, kind }
    }
    pub fn at_root(kind: ErrorKind) -> Self {
        Error::new(Path::root(), kind)
    }
    pub fn shape(path: &Path, msg: impl Into<String>) -> Self {
        Error::new(path.clone(), ErrorKind::Shape(msg.into()))
    }
    pub fn with_slot(mut self, slot: usize) -> Self {
        self.slot = Some(slot);
        self
    }
    /// The same error one step further down (the member or element that is wrong).
    pub fn at(mut self, seg: Seg) -> Self {
        self.path.0.push(seg);
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.path.is_root(), self.slot) {
            (true, None) => write!(f, "{}", self.kind),
            (false, None) => write!(f, "{}: {}", self.path, self.kind),
            (true, Some(s)) => write!(f, "slot {s}: {}", self.kind),
            (false, Some(s)) => write!(f, "{} (slot {s}): {}", self.path, self.kind),
        }
    }
}

impl std::error::Error for Error {}

impl From<crate::limits::OverBudget> for ErrorKind {
    fn from(e: crate::limits::OverBudget) -> Self {
        ErrorKind::OverBudget { limit: e.limit }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
