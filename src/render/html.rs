//! The sanitised output tree and its HTML serialisation.
//!
//! [`Html`] is what the renderer produces and the only thing either back end
//! consumes: [`to_string`] writes it as escaped HTML text, and the web shell
//! builds DOM nodes from it with `createElement`/`setAttribute`/`createTextNode`.
//! Safety is in the types: tag and attribute names are `&'static str` (from the
//! allowlists or our own code), so no payload string can ever become a tag or an
//! attribute name, and URL attributes (`href`, `src`, `cite`) can only be set from a
//! [`SafeUrl`], which only the sanitiser makes.

use serde::Serialize;

pub use super::sanitize::SafeUrl;

/// Attributes that hold a URL: settable only through [`El::url`].
pub const URL_ATTRS: &[&str] =
    &["href", "src", "cite", "srcset", "action", "formaction", "poster", "background", "ping", "xlink:href", "data"];

/// A URL attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UrlAttr {
    Href,
    Src,
    Cite,
}

impl UrlAttr {
    fn name(self) -> &'static str {
        match self {
            UrlAttr::Href => "href",
            UrlAttr::Src => "src",
            UrlAttr::Cite => "cite",
        }
    }
}

/// A sanitised node.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Html {
    Element(El),
    Text(String),
}

/// A sanitised element.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct El {
    pub tag: &'static str,
    attrs: Vec<(&'static str, String)>,
    pub children: Vec<Html>,
}

impl El {
    pub fn new(tag: &'static str) -> Self {
        El { tag, attrs: Vec::new(), children: Vec::new() }
    }
    pub fn attr(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.set(name, value);
        self
    }
    /// Sets (or replaces) an attribute. URL attributes are refused here (they take a
    /// [`SafeUrl`] through [`El::url`]), so a plain string can never become a link.
    pub fn set(&mut self, name: &'static str, value: impl Into<String>) {
        // A bug in our own code, never input: caught by the tests, ignored in a release build.
        debug_assert!(!URL_ATTRS.contains(&name), "`{name}` takes a SafeUrl: use El::url");
        if URL_ATTRS.contains(&name) || name.starts_with("on") {
            return;
        }
        self.put(name, value.into());
    }
    fn put(&mut self, name: &'static str, value: String) {
        match self.attrs.iter_mut().find(|(k, _)| *k == name) {
            Some(slot) => slot.1 = value,
            None => self.attrs.push((name, value)),
        }
    }
    /// Sets a URL attribute from a checked URL.
    pub fn set_url(&mut self, attr: UrlAttr, url: SafeUrl) {
        self.put(attr.name(), url.as_str().to_owned());
    }
    /// Builder form of [`El::set_url`].
    pub fn url(mut self, attr: UrlAttr, url: SafeUrl) -> Self {
        self.set_url(attr, url);
        self
    }
    /// `href` from a checked URL.
    pub fn href(self, url: SafeUrl) -> Self {
        self.url(UrlAttr::Href, url)
    }
    /// The attributes, in order.
    pub fn attrs(&self) -> &[(&'static str, String)] {
        &self.attrs
    }
    pub fn get(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| *k == name).map(|(_, v)| v.as_str())
    }
    pub fn class(self, value: impl Into<String>) -> Self {
        self.attr("class", value)
    }
    pub fn child(mut self, c: impl Into<Html>) -> Self {
        self.children.push(c.into());
        self
    }
    pub fn children(mut self, c: impl IntoIterator<Item = Html>) -> Self {
        self.children.extend(c);
        self
    }
    pub fn text(self, t: impl Into<String>) -> Self {
        self.child(Html::Text(t.into()))
    }
}

impl From<El> for Html {
    fn from(e: El) -> Html {
        Html::Element(e)
    }
}

/// Elements serialised without an end tag.
pub const VOID: &[&str] = &["br", "col", "hr", "img", "input", "wbr"];

/// Writes the tree as HTML text: every text and attribute value is escaped.
pub fn to_string(nodes: &[Html]) -> String {
    let mut out = String::new();
    // Iterative: (node, closing?) so deep trees cannot overflow the stack.
    enum Step<'a> {
        Open(&'a Html),
        Close(&'static str),
    }
    let mut stack: Vec<Step<'_>> = nodes.iter().rev().map(Step::Open).collect();
    while let Some(step) = stack.pop() {
        match step {
            Step::Close(tag) => {
                out.push_str("</");
                out.push_str(tag);
                out.push('>');
            }
            Step::Open(Html::Text(t)) => escape_text(t, &mut out),
            Step::Open(Html::Element(e)) => {
                out.push('<');
                out.push_str(e.tag);
                for (k, v) in e.attrs() {
                    out.push(' ');
                    out.push_str(k);
                    out.push_str("=\"");
                    escape_attr(v, &mut out);
                    out.push('"');
                }
                out.push('>');
                if VOID.contains(&e.tag) {
                    continue;
                }
                stack.push(Step::Close(e.tag));
                stack.extend(e.children.iter().rev().map(Step::Open));
            }
        }
    }
    out
}

/// Escapes text content the way the HTML serialisation algorithm does (so the
/// string output equals the DOM's `innerHTML`).
pub fn escape_text(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '\u{a0}' => out.push_str("&nbsp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

pub fn escape_attr(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '\u{a0}' => out.push_str("&nbsp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_attributes_take_only_checked_urls() {
        let a = El::new("a").attr("onclick", "x").attr("title", "t");
        assert_eq!(a.attrs(), &[("title", "t".to_owned())]);
        let a = a.href(SafeUrl::link("/ok").expect("relative"));
        assert_eq!(a.get("href"), Some("/ok"));
        assert!(SafeUrl::link("javascript:alert(1)").is_none());
    }

    #[test]
    #[cfg_attr(debug_assertions, should_panic(expected = "takes a SafeUrl"))]
    fn a_plain_string_never_becomes_a_url() {
        let mut a = El::new("a");
        a.set("href", "javascript:alert(1)");
        a.set("src", "javascript:x");
        assert_eq!(a.attrs(), &[]);
    }

    #[test]
    fn escapes() {
        let t = El::new("p").attr("title", "a\"<b>&").text("<script>x</script>").child(El::new("br"));
        assert_eq!(to_string(&[t.into()]), "<p title=\"a&quot;&lt;b&gt;&amp;\">&lt;script&gt;x&lt;/script&gt;<br></p>");
    }
}
