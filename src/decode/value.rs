//! Layer 2 output: the decoded value graph.
//!
//! devalue tables are graphs (shared references and cycles are legal), so the
//! decoded value is an arena of [`Node`]s addressed by [`NodeId`], and a
//! [`Value`] is either an immediate (undefined, hole, the sentinel numbers) or a
//! node id. Shared and cyclic references are simply the same id: no recursion is
//! needed to build or to hold the graph.

use crate::limits::Budget;

/// Index of a node in a [`Graph`].
pub type NodeId = u32;

/// A reference to a decoded value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Value {
    /// JS `undefined` (sentinel -1, or a reviver's result).
    Undefined,
    /// An array hole (sentinel -2, only inside arrays).
    Hole,
    /// A sentinel number: NaN (-3), +Infinity (-4), -Infinity (-5) or -0 (-6).
    Number(f64),
    /// Any value stored in the arena.
    Node(NodeId),
}

/// Element type of a typed array (`["Uint8Array", buf, …]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypedKind {
    Int8,
    Uint8,
    Uint8Clamped,
    Int16,
    Uint16,
    Int32,
    Uint32,
    Float16,
    Float32,
    Float64,
    BigInt64,
    BigUint64,
}

impl TypedKind {
    pub fn from_tag(tag: &str) -> Option<Self> {
        use TypedKind::*;
        Some(match tag {
            "Int8Array" => Int8,
            "Uint8Array" => Uint8,
            "Uint8ClampedArray" => Uint8Clamped,
            "Int16Array" => Int16,
            "Uint16Array" => Uint16,
            "Int32Array" => Int32,
            "Uint32Array" => Uint32,
            "Float16Array" => Float16,
            "Float32Array" => Float32,
            "Float64Array" => Float64,
            "BigInt64Array" => BigInt64,
            "BigUint64Array" => BigUint64,
            _ => return None,
        })
    }
    pub fn name(self) -> &'static str {
        use TypedKind::*;
        match self {
            Int8 => "Int8Array",
            Uint8 => "Uint8Array",
            Uint8Clamped => "Uint8ClampedArray",
            Int16 => "Int16Array",
            Uint16 => "Uint16Array",
            Int32 => "Int32Array",
            Uint32 => "Uint32Array",
            Float16 => "Float16Array",
            Float32 => "Float32Array",
            Float64 => "Float64Array",
            BigInt64 => "BigInt64Array",
            BigUint64 => "BigUint64Array",
        }
    }
    /// Bytes per element.
    pub fn size(self) -> usize {
        use TypedKind::*;
        match self {
            Int8 | Uint8 | Uint8Clamped => 1,
            Int16 | Uint16 | Float16 => 2,
            Int32 | Uint32 | Float32 => 4,
            Float64 | BigInt64 | BigUint64 => 8,
        }
    }
}

/// One element read out of a typed array.
#[derive(Clone, Debug, PartialEq)]
pub enum Element {
    Number(f64),
    /// Decimal text of a `BigInt64Array`/`BigUint64Array` element.
    BigInt(String),
}

/// A decoded value stored in the arena.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    Null,
    Bool(bool),
    Number(f64),
    String(Box<str>),
    /// Decimal digits, optionally with a leading `-`.
    BigInt(Box<str>),
    /// A plain object; keys in file order.
    Object(Vec<(Box<str>, Value)>),
    /// `["null", k, R, …]`: an object with a null prototype.
    NullProto(Vec<(Box<str>, Value)>),
    /// A plain array; holes are [`Value::Hole`].
    Array(Vec<Value>),
    /// `[-7, len, i, R, …]`: a sparse array (allocated lazily: `len` is attacker-controlled).
    Sparse {
        len: u32,
        items: Vec<(u32, Value)>,
    },
    Set(Vec<Value>),
    Map(Vec<(Value, Value)>),
    /// ISO text, or `None` for an invalid date (`["Date",""]`).
    Date(Option<Box<str>>),
    RegExp {
        source: Box<str>,
        flags: Box<str>,
    },
    /// A boxed primitive (`new String("x")`…): the value it wraps.
    Boxed(Value),
    ArrayBuffer(Vec<u8>),
    TypedArray {
        kind: TypedKind,
        buffer: NodeId,
        byte_offset: usize,
        length: usize,
    },
    DataView {
        buffer: NodeId,
        byte_offset: usize,
        byte_length: usize,
    },
    Url(Box<str>),
    UrlSearchParams(Box<str>),
    /// `Temporal.*` values keep their ISO text; `kind` is e.g. `PlainDate`.
    Temporal {
        kind: Box<str>,
        text: Box<str>,
    },
    /// Nuxt's `NuxtError`: the serialised error object.
    NuxtError(Value),
    /// A slot that only forwards to another value (Nuxt's identity wrappers). Never reachable from the root.
    Forward,
}

/// The decoded payload: an arena and its root value.
#[derive(Clone, Debug, Default)]
pub struct Graph {
    pub(crate) nodes: Vec<Node>,
    pub(crate) root: Option<Value>,
    /// What the rest of this payload's processing may still materialise (see [`Budget`]).
    pub(crate) budget: Budget,
}

impl Graph {
    /// The root value (devalue slot 0, or the bare sentinel).
    pub fn root(&self) -> Value {
        self.root.unwrap_or(Value::Undefined)
    }

    /// The payload's materialisation budget: revivers charged it while decoding, and
    /// everything built from the graph (documents, bodies, term fields) charges it too.
    pub fn budget(&self) -> &Budget {
        &self.budget
    }

    /// Number of nodes in the arena.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The node a value points at (`None` for immediates).
    pub fn node(&self, v: Value) -> Option<&Node> {
        match v {
            Value::Node(id) => self.nodes.get(id as usize),
            _ => None,
        }
    }

    /// The string value, if `v` is a string.
    pub fn as_str(&self, v: Value) -> Option<&str> {
        match self.node(v)? {
            Node::String(s) => Some(s),
            _ => None,
        }
    }

    /// Object members (plain or null-prototype objects).
    pub fn as_object(&self, v: Value) -> Option<&[(Box<str>, Value)]> {
        match self.node(v)? {
            Node::Object(m) | Node::NullProto(m) => Some(m),
            _ => None,
        }
    }

    /// Plain array elements.
    pub fn as_array(&self, v: Value) -> Option<&[Value]> {
        match self.node(v)? {
            Node::Array(a) => Some(a),
            _ => None,
        }
    }

    /// A member of an object value (the last one if a key repeats).
    pub fn get(&self, v: Value, key: &str) -> Option<Value> {
        self.as_object(v)?.iter().rev().find(|(k, _)| &**k == key).map(|(_, v)| *v)
    }

    /// `true` for undefined, holes and null: "no value" for rendering purposes.
    pub fn is_nullish(&self, v: Value) -> bool {
        matches!(v, Value::Undefined | Value::Hole) || matches!(self.node(v), Some(Node::Null))
    }

    /// A number, whether stored in a slot or as a sentinel.
    pub fn as_number(&self, v: Value) -> Option<f64> {
        match v {
            Value::Number(n) => Some(n),
            _ => match self.node(v)? {
                Node::Number(n) => Some(*n),
                _ => None,
            },
        }
    }

    pub fn as_bool(&self, v: Value) -> Option<bool> {
        match self.node(v)? {
            Node::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// Bytes of an `ArrayBuffer` node.
    pub fn buffer(&self, id: NodeId) -> Option<&[u8]> {
        match self.nodes.get(id as usize)? {
            Node::ArrayBuffer(b) => Some(b),
            _ => None,
        }
    }

    /// The bytes a typed array or data view covers.
    pub fn view_bytes(&self, v: Value) -> Option<&[u8]> {
        let (buffer, start, len) = match self.node(v)? {
            Node::TypedArray { kind, buffer, byte_offset, length } => {
                (*buffer, *byte_offset, length.checked_mul(kind.size())?)
            }
            Node::DataView { buffer, byte_offset, byte_length } => (*buffer, *byte_offset, *byte_length),
            _ => return None,
        };
        self.buffer(buffer)?.get(start..start.checked_add(len)?)
    }

    /// Elements of a typed array, little-endian as in the browser.
    pub fn typed_elements(&self, v: Value) -> Option<Vec<Element>> {
        let Some(Node::TypedArray { kind, .. }) = self.node(v) else { return None };
        let bytes = self.view_bytes(v)?;
        Some(bytes.chunks_exact(kind.size()).map(|c| read_element(*kind, c)).collect())
    }
}

fn read_element(kind: TypedKind, c: &[u8]) -> Element {
    use TypedKind::*;
    // `c` holds exactly `kind.size()` bytes (from `chunks_exact`); pad to 8 so every read is in bounds.
    let mut b = [0u8; 8];
    for (d, s) in b.iter_mut().zip(c) {
        *d = *s;
    }
    let n = match kind {
        Int8 => b[0] as i8 as f64,
        Uint8 | Uint8Clamped => b[0] as f64,
        Int16 => i16::from_le_bytes([b[0], b[1]]) as f64,
        Uint16 => u16::from_le_bytes([b[0], b[1]]) as f64,
        Float16 => f16_to_f64(u16::from_le_bytes([b[0], b[1]])),
        Int32 => i32::from_le_bytes([b[0], b[1], b[2], b[3]]) as f64,
        Uint32 => u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as f64,
        Float32 => f32::from_le_bytes([b[0], b[1], b[2], b[3]]) as f64,
        Float64 => f64::from_le_bytes(b),
        BigInt64 => return Element::BigInt(i64::from_le_bytes(b).to_string()),
        BigUint64 => return Element::BigInt(u64::from_le_bytes(b).to_string()),
    };
    Element::Number(n)
}

/// IEEE 754 binary16 → f64 (no `f16` type on stable Rust).
fn f16_to_f64(h: u16) -> f64 {
    let sign = if h & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exp = ((h >> 10) & 0x1f) as i32;
    let frac = (h & 0x3ff) as f64;
    sign * match exp {
        0 => frac * 2f64.powi(-24),
        31 if frac == 0.0 => f64::INFINITY,
        31 => f64::NAN,
        e => (1.0 + frac / 1024.0) * 2f64.powi(e - 15),
    }
}

#[cfg(test)]
mod tests {
    use super::f16_to_f64;
    #[test]
    fn half_floats() {
        assert_eq!(f16_to_f64(0x3c00), 1.0);
        assert_eq!(f16_to_f64(0xc000), -2.0);
        assert_eq!(f16_to_f64(0x7c00), f64::INFINITY);
        assert_eq!(f16_to_f64(0x0001), 2f64.powi(-24));
        assert!(f16_to_f64(0x7e00).is_nan());
    }
}
