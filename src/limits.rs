//! Resource limits for untrusted input. Every decoder checks them, so hostile
//! payloads fail fast with [`crate::ErrorKind`] instead of exhausting memory or time.
//!
//! Two kinds of bound work together:
//! * [`Limits`] bounds what is *parsed*: input bytes, devalue slots, nesting depth, body nodes;
//! * [`Budget`] bounds what is *materialised* from one input: every value a reviver makes,
//!   every node after shared references are expanded, every text byte copied out of the
//!   decoded graph is charged to it. A payload is a graph, so a few kB can describe
//!   gigabytes of tree; the budget is what keeps memory a small multiple of the input.

use std::cell::Cell;

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
    /// Deepest nesting of body elements (and of props values); at most [`MAX_DEPTH`].
    pub max_depth: usize,
    /// Most AST nodes one body may expand to (shared subtrees count each time they are used).
    pub max_nodes: usize,
    /// What one input may materialise, as a multiple of its size (plus [`BUDGET_FLOOR`]).
    pub max_expansion: usize,
}

/// The deepest nesting any setting can allow: the tree walks that build, render and
/// drop a body recurse, so this bounds their stack use (real documents nest < 30 deep).
pub const MAX_DEPTH: usize = 512;

/// What any input may materialise regardless of its size (units are approximate bytes).
pub const BUDGET_FLOOR: usize = 1 << 20;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_input_bytes: 32 << 20,
            max_values: 2_000_000,
            max_depth: 200,
            max_nodes: 400_000,
            max_expansion: 32,
        }
    }
}

impl Limits {
    /// The limits with `max_depth` clamped to [`MAX_DEPTH`] and zeros replaced by the defaults.
    pub fn clamped(self) -> Limits {
        let d = Limits::default();
        let or = |v: usize, dv: usize| if v == 0 { dv } else { v };
        Limits {
            max_input_bytes: or(self.max_input_bytes, d.max_input_bytes),
            max_values: or(self.max_values, d.max_values),
            max_depth: or(self.max_depth, d.max_depth).min(MAX_DEPTH),
            max_nodes: or(self.max_nodes, d.max_nodes),
            max_expansion: or(self.max_expansion, d.max_expansion),
        }
    }

    /// Each field by its camelCase name (as JS objects and the serde form spell them).
    pub fn fields_mut(&mut self) -> [(&'static str, &mut usize); 5] {
        [
            ("maxInputBytes", &mut self.max_input_bytes),
            ("maxValues", &mut self.max_values),
            ("maxDepth", &mut self.max_depth),
            ("maxNodes", &mut self.max_nodes),
            ("maxExpansion", &mut self.max_expansion),
        ]
    }

    /// Limits from numbers looked up by camelCase name: `None` keeps the default; a value
    /// that is not a whole number ≥ 0 (pass NaN for a non-number) is an error naming the field.
    /// (What the wasm shells read from JS objects, without serde.)
    pub fn from_numbers(get: impl Fn(&str) -> Option<f64>) -> std::result::Result<Limits, String> {
        let mut l = Limits::default();
        for (name, field) in l.fields_mut() {
            match get(name) {
                None => {}
                Some(n) if n >= 0.0 && n.fract() == 0.0 && n <= 9_007_199_254_740_991.0 => *field = n as usize,
                Some(_) => return Err(format!("limits.{name}: expected a whole number of 0 or more")),
            }
        }
        Ok(l)
    }

    /// The deepest nesting allowed, never more than [`MAX_DEPTH`].
    pub fn depth(&self) -> usize {
        self.max_depth.min(MAX_DEPTH)
    }
}

/// Approximate bytes charged for one materialised node (element, text node, prop, value),
/// on top of the text it holds.
pub const NODE_COST: usize = 96;

/// What one input may still materialise. Shared by every stage that reads that input
/// (revivers, document extraction, body trees, term fields), so the total is bounded
/// however the stages split the work. Interior mutability lets read-only walkers charge it.
#[derive(Clone, Debug)]
pub struct Budget {
    left: Cell<usize>,
    limit: usize,
    tripped: Cell<bool>,
}

/// A [`Budget`] ran out; carries the budget's size for the error message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OverBudget {
    pub limit: usize,
}

impl Budget {
    /// The budget for an input of `input_len` bytes: `max_expansion × input_len + BUDGET_FLOOR`.
    pub fn new(limits: &Limits, input_len: usize) -> Budget {
        let limit = limits.clamped().max_expansion.saturating_mul(input_len).saturating_add(BUDGET_FLOOR);
        Budget::with_limit(limit)
    }

    /// A budget of exactly `limit` units.
    pub fn with_limit(limit: usize) -> Budget {
        Budget { left: Cell::new(limit), limit, tripped: Cell::new(false) }
    }

    /// An unbounded budget, for values that were already bounded when they were built.
    pub fn unlimited() -> Budget {
        Budget::with_limit(usize::MAX)
    }

    /// Charges `units`; fails (and stays exhausted) when they do not fit.
    pub fn charge(&self, units: usize) -> Result<(), OverBudget> {
        match self.left.get().checked_sub(units) {
            Some(rest) => {
                self.left.set(rest);
                Ok(())
            }
            None => {
                self.left.set(0);
                self.tripped.set(true);
                Err(OverBudget { limit: self.limit })
            }
        }
    }

    /// Whether a charge has failed (everything after it fails too).
    pub fn exhausted(&self) -> bool {
        self.tripped.get()
    }

    /// The error for a spent budget, if it is spent.
    pub fn check(&self) -> Result<(), OverBudget> {
        if self.exhausted() {
            Err(OverBudget { limit: self.limit })
        } else {
            Ok(())
        }
    }

    /// Charges one node holding `text_len` bytes of text.
    pub fn node(&self, text_len: usize) -> Result<(), OverBudget> {
        self.charge(NODE_COST.saturating_add(text_len))
    }

    /// Units used so far.
    pub fn used(&self) -> usize {
        self.limit.saturating_sub(self.left.get())
    }

    /// The budget's size.
    pub fn limit(&self) -> usize {
        self.limit
    }
}

impl Default for Budget {
    fn default() -> Self {
        Budget::new(&Limits::default(), 0)
    }
}

/// Work counters for tests: how many steps the core's loops took, so tests can assert
/// linear growth without timing anything. Native builds only (no bytes in the wasm).
pub mod work {
    #[cfg(not(target_arch = "wasm32"))]
    thread_local! {
        static STEPS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
    }

    /// Counts `n` steps of work.
    #[inline]
    pub fn tick(n: usize) {
        #[cfg(not(target_arch = "wasm32"))]
        STEPS.with(|s| s.set(s.get().saturating_add(n as u64)));
        #[cfg(target_arch = "wasm32")]
        let _ = n;
    }

    /// Steps counted on this thread so far.
    pub fn steps() -> u64 {
        #[cfg(not(target_arch = "wasm32"))]
        return STEPS.with(std::cell::Cell::get);
        #[cfg(target_arch = "wasm32")]
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budget_charges_and_stays_exhausted() {
        let b = Budget::with_limit(100);
        assert!(b.charge(60).is_ok());
        assert_eq!(b.used(), 60);
        assert_eq!(b.charge(50), Err(OverBudget { limit: 100 }));
        assert!(b.charge(1).is_err());
    }

    #[test]
    fn clamping() {
        let l = Limits { max_depth: 1_000_000, max_nodes: 0, ..Limits::default() }.clamped();
        assert_eq!(l.max_depth, MAX_DEPTH);
        assert_eq!(l.max_nodes, Limits::default().max_nodes);
        assert_eq!(Budget::new(&Limits::default(), 1000).limit(), 32 * 1000 + BUDGET_FLOOR);
    }
}
