//! Layer 1 of the web shell: what every widget needs and nothing glossary-specific.
//!
//! * [`dom`] builds DOM from the core's sanitised [`crate::render::Html`];
//! * [`js`] is the JavaScript wasm-bindgen cannot express (custom element classes,
//!   constructable sheets, clipboard, scheduling);
//! * [`fetch`] downloads with a timeout, a size cap and errors that say what failed;
//! * [`sched`] runs long jobs in slices of bounded work;
//! * [`life`] gives each widget an [`life::Owner`] of what it creates (listeners,
//!   timers, observers, abort controllers) released when its element goes, and a
//!   registry of live instances;
//! * [`once`] does a piece of work once per URL, however many widgets ask at once;
//! * [`timer`] is one timer dispatcher (no JS closure per timer);
//! * [`config`] holds the page-wide settings (limits, the default glossary);
//! * [`settings`] is `configure(options)` and the lifecycle counts, as both modules export them;
//! * [`url`] resolves URLs against the page;
//! * [`words`] finds the reader's language and glossa's words in it.
//!
//! Nothing here imports the glossary state, the widgets or the API.

pub mod config;
pub mod dom;
pub mod fetch;
pub mod js;
pub mod life;
pub mod once;
pub mod sched;
pub mod settings;
pub mod timer;
pub mod url;
pub mod words;
