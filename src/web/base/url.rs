//! URLs relative to the page or to another URL.

/// `rel` resolved against the document's base URL.
pub fn absolute(rel: &str) -> String {
    let base =
        web_sys::window().and_then(|w| w.document()).and_then(|d| d.base_uri().ok().flatten()).unwrap_or_default();
    resolve(rel, &base)
}

/// `rel` resolved against `base` (`rel` unchanged when either is not a URL).
pub fn resolve(rel: &str, base: &str) -> String {
    web_sys::Url::new_with_base(rel, base).map(|u| u.href()).unwrap_or_else(|_| rel.to_owned())
}

/// The decoded fragment of an `href` (`#a%20b` → `a b`).
pub fn fragment(href: &str) -> String {
    let frag = href.strip_prefix('#').unwrap_or(href);
    js_sys::decode_uri_component(frag).map(String::from).unwrap_or_else(|_| frag.to_owned())
}
