//! The card's keyboard: Esc dismisses it whatever has focus (without taking the key
//! from the page unless focus is on the mention or in the card), Tab from the mention
//! enters the card, and Tab past its last control goes on to what follows the mention.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent};

use super::super::super::base::dom;
use super::{cancel_hide, cancel_pending, cards, close, dismiss, in_card};

pub(super) fn key(e: &KeyboardEvent) {
    let Some(c) = cards() else { return };
    let (trigger, root) = {
        let cc = c.borrow();
        (cc.open.as_ref().map(|o| o.trigger.clone()), cc.root.clone())
    };
    let Some(trigger) = trigger else {
        if e.key() == "Escape" {
            cancel_pending();
        }
        return;
    };
    let from_card = in_card(e.unchecked_ref());
    let on_trigger =
        dom::document().and_then(|d| d.active_element()).is_some_and(|a| trigger.contains(Some(&a)) || a == trigger);
    match e.key().as_str() {
        "Escape" => {
            if from_card || on_trigger {
                e.prevent_default();
            }
            dismiss(from_card);
        }
        "Tab" => {
            let focusables = root.query_selector_all("a[href], button").ok();
            let n = focusables.as_ref().map_or(0, |l| l.length());
            if n == 0 {
                return;
            }
            let item =
                |i: u32| focusables.as_ref().and_then(|l| l.item(i)).and_then(|x| x.dyn_into::<HtmlElement>().ok());
            if on_trigger && !e.shift_key() && !from_card {
                // Tab from the mention goes into its card.
                e.prevent_default();
                if let Some(first) = item(0) {
                    let _ = first.focus();
                }
                cancel_hide();
            } else if from_card {
                let active = root.active_element();
                let is = |x: Option<HtmlElement>| {
                    active.as_ref().zip(x.as_ref()).is_some_and(|(a, f)| a == f.unchecked_ref::<Element>())
                };
                if e.shift_key() && is(item(0)) {
                    e.prevent_default();
                    if let Some(t) = trigger.dyn_ref::<HtmlElement>() {
                        let _ = t.focus();
                    }
                } else if !e.shift_key() && is(item(n - 1)) {
                    // Past the card: on to what follows the mention in the page.
                    e.prevent_default();
                    close(false);
                    focus_after(&trigger);
                }
            }
        }
        _ => {}
    }
}

/// Focuses the first focusable element after `el` in document order.
fn focus_after(el: &Element) {
    let Some(doc) = dom::document() else { return };
    let Ok(list) = doc.query_selector_all("a[href], button:not([disabled]), input:not([disabled]), select, textarea, [tabindex]:not([tabindex='-1']), glossa-term, glossa-search") else {
        return;
    };
    let mut seen = false;
    for i in 0..list.length() {
        let Some(n) = list.item(i) else { continue };
        if seen {
            if let Some(h) = n.dyn_ref::<HtmlElement>() {
                if !el.contains(Some(h)) {
                    let _ = h.focus();
                    return;
                }
            }
        } else if n == *AsRef::<web_sys::Node>::as_ref(el) || el.contains(Some(&n)) {
            seen = true;
        }
    }
}
