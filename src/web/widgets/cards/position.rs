//! Where the card goes: below the mention (above when there is no room), starting where
//! the mention starts (its left edge, or its right edge in right-to-left text), shifted to
//! stay inside the viewport, next to the line the pointer is on when a mention wraps.

use web_sys::{DomRect, Element, HtmlElement};

/// Places `host` for `trigger`; `point` is where the pointer was, if it opened the card.
pub fn place(host: &HtmlElement, trigger: &Element, point: Option<(f64, f64)>) {
    let Some(w) = web_sys::window() else { return };
    if !trigger.is_connected() {
        return;
    }
    let vw = w.inner_width().ok().and_then(|v| v.as_f64()).unwrap_or(800.0);
    let vh = w.inner_height().ok().and_then(|v| v.as_f64()).unwrap_or(600.0);
    let rect = line_rect(trigger, point);
    let style = host.style();
    let pad = 8.0;
    let gap = 6.0;
    let _ = style.set_property_with_priority(
        "max-width",
        &format!("{}px", (vw - 2.0 * pad).min(380.0) as i64),
        "important",
    );
    let card = host.get_bounding_client_rect();
    let (cw, ch) = (card.width(), card.height());
    let below = vh - rect.bottom() - gap - pad;
    let above = rect.top() - gap - pad;
    let place_below = ch <= below || below >= above;
    let mut top = if place_below { rect.bottom() + gap } else { rect.top() - gap - ch };
    top = top.min(vh - ch - pad).max(pad);
    let rtl = w
        .get_computed_style(trigger)
        .ok()
        .flatten()
        .and_then(|c| c.get_property_value("direction").ok())
        .is_some_and(|d| d == "rtl");
    let start = if rtl { rect.right() - cw } else { rect.left() };
    let left = start.min(vw - cw - pad).max(pad);
    let _ = style.set_property_with_priority("left", &format!("{}px", left.round() as i64), "important");
    let _ = style.set_property_with_priority("top", &format!("{}px", top.round() as i64), "important");
    let _ = host.set_attribute("data-placement", if place_below { "bottom" } else { "top" });
}

/// The box of the mention's line nearest the pointer (a wrapped mention has several).
fn line_rect(trigger: &Element, point: Option<(f64, f64)>) -> DomRect {
    let rects = trigger.get_client_rects();
    let whole = trigger.get_bounding_client_rect();
    if rects.length() <= 1 {
        return whole;
    }
    let pick = |i: u32| rects.get(i);
    match point {
        Some((_, y)) => (0..rects.length())
            .filter_map(pick)
            .min_by(|a, b| {
                let d = |r: &DomRect| {
                    if y < r.top() {
                        r.top() - y
                    } else if y > r.bottom() {
                        y - r.bottom()
                    } else {
                        0.0
                    }
                };
                d(a).total_cmp(&d(b))
            })
            .unwrap_or(whole),
        None => pick(0).unwrap_or(whole),
    }
}
