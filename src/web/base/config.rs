//! Page-wide settings: the decoding limits and the default glossary (the script
//! tag's `data-glossary`). Set through the API (`configure`, `start`); read by
//! every layer above.

use std::cell::{Cell, RefCell};

use crate::Limits;

thread_local! {
    static LIMITS: Cell<Limits> = Cell::new(Limits::default());
    static DEFAULT_GLOSSARY: RefCell<Option<String>> = const { RefCell::new(None) };
    static AUTOLINK: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// The decoding limits in force.
pub fn limits() -> Limits {
    LIMITS.with(Cell::get)
}

/// Sets the limits (zeros keep the defaults; depth is clamped).
pub fn set_limits(l: Limits) {
    LIMITS.with(|c| c.set(l.clamped()));
}

/// The page's default glossary URL, if the script tag named one.
pub fn default_glossary() -> Option<String> {
    DEFAULT_GLOSSARY.with(|d| d.borrow().clone())
}

pub fn set_default_glossary(url: Option<String>) {
    DEFAULT_GLOSSARY.with(|d| *d.borrow_mut() = url.filter(|u| !u.is_empty()));
}

/// Extra containers to autolink, by CSS selector (the script tag's `data-autolink`, e.g.
/// `.vp-doc` or `.theme-doc-markdown`): so a site needs no template change at all.
pub fn autolink_selector() -> Option<String> {
    AUTOLINK.with(|a| a.borrow().clone())
}

/// Sets the selector (checked by the browser when it is first used; an invalid one is ignored).
pub fn set_autolink_selector(sel: Option<String>) {
    AUTOLINK.with(|a| *a.borrow_mut() = sel.filter(|s| !s.trim().is_empty()));
}
