//! Bytes → decoded value.
//!
//! [`raw`] reads the JSON table, [`devalue`] rebuilds the value graph,
//! [`nuxt`] adds Nuxt's tags and envelopes, [`expected`] writes a graph in the
//! spec's `$`-encoding (used by tests and `glossa decode`).

pub mod devalue;
pub mod expected;
pub mod nuxt;
pub mod raw;
pub mod value;

pub use devalue::{Builder, Options, Revivers};
pub use value::{Graph, Node, NodeId, Value};
