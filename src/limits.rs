//! Resource limits for untrusted input. Every decoder checks them, so hostile
//! payloads fail fast with [`crate::ErrorKind`] instead of exhausting memory or time.

use serde::{Deserialize, Serialize};

/// Bounds applied while decoding. The defaults are generous for real glossaries
/// (the largest real payload we have seen is ~60 kB with ~3 000 values).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Limits {
    /// Largest accepted input, in bytes.
    pub max_input_bytes: usize,
    /// Most JSON values (slots plus references) in one devalue table.
    pub max_values: usize,
    /// Deepest nesting of body elements (and of props values).
    pub max_depth: usize,
    /// Most AST nodes one body may expand to (shared subtrees count each time they are used).
    pub max_nodes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_input_bytes: 32 << 20, max_values: 2_000_000, max_depth: 200, max_nodes: 400_000 }
    }
}
