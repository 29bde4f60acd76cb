//! The allowlists: which elements, attributes and URL schemes may reach the page.
//!
//! Payloads are untrusted. Only the elements in [`ALLOWED`] are ever created;
//! [`DROPPED`] elements vanish with their content (`script`, `style`, `iframe`,
//! `object`, `embed`, `base`, `meta`, `svg`, `math`, form controls…); URLs must be
//! relative or `http`, `https`, `mailto`, `tel` (images also `data:image/*` rasters);
//! no `on*`, `style`, `srcdoc`, `formaction`, `is`, `name`, … attribute survives.

/// HTML elements rendered as themselves.
pub const ALLOWED: &[&str] = &[
    "a",
    "abbr",
    "address",
    "article",
    "aside",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "i",
    "img",
    "input",
    "ins",
    "kbd",
    "li",
    "mark",
    "nav",
    "ol",
    "p",
    "pre",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "section",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "var",
    "wbr",
];

/// Elements removed together with everything inside them.
pub const DROPPED: &[&str] = &[
    "script",
    "style",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "meta",
    "link",
    "noscript",
    "noembed",
    "noframes",
    "svg",
    "math",
    "button",
    "select",
    "option",
    "optgroup",
    "textarea",
    "datalist",
    "output",
    "canvas",
    "audio",
    "video",
    "source",
    "track",
    "portal",
    "fencedframe",
    "param",
    "title",
    "head",
    "xmp",
    "plaintext",
    "dialog",
    "menu",
    "area",
    "map",
    "keygen",
    "search",
    "slot",
];

/// Wrappers whose children are kept but which are not rendered themselves.
pub const UNWRAPPED: &[&str] =
    &["html", "body", "form", "fieldset", "legend", "label", "template", "root", "main", "center", "font", "picture"];

/// The allowlisted `&'static str` for a tag name, if any (case-insensitive).
pub fn allowed_tag(tag: &str) -> Option<&'static str> {
    ALLOWED.iter().copied().find(|t| t.eq_ignore_ascii_case(tag))
}

pub fn is_dropped(tag: &str) -> bool {
    DROPPED.iter().any(|t| t.eq_ignore_ascii_case(tag)) || tag.contains(':')
}

pub fn is_unwrapped(tag: &str) -> bool {
    UNWRAPPED.iter().any(|t| t.eq_ignore_ascii_case(tag))
}

/// Where a URL will be used.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum UrlUse {
    Link,
    Image,
}

/// A URL that passed the allowlist for its use. The only way to put a value in an
/// `href`, `src` or `cite` attribute ([`super::El::url`]); only this module makes one.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct SafeUrl(String);

impl SafeUrl {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The URL, checked for a link (`None` when it is not safe).
    pub fn link(raw: &str) -> Option<SafeUrl> {
        safe_url(raw, UrlUse::Link)
    }

    /// `#…`: a fragment of this page (a section anchor or an in-page route). A fragment
    /// never loads or runs anything, whatever it holds; controls are dropped.
    pub fn fragment(text: &str) -> SafeUrl {
        let clean: String = text.trim_start_matches('#').chars().filter(|c| !c.is_control()).collect();
        SafeUrl(format!("#{clean}"))
    }

    /// The anchor of payload element id `id` (prefixed like every payload id, see [`payload_id`]).
    pub fn anchor(id: &str) -> Option<SafeUrl> {
        payload_id(id).map(|i| SafeUrl(format!("#{i}")))
    }

    /// Whether the link leaves the site: an absolute `http(s)` URL or a scheme-relative
    /// `//host` (browsers read `/\host`, `\\host` and `\/host` the same way), whatever the case.
    pub fn is_external(&self) -> bool {
        let lower = self.0.get(..8).unwrap_or(&self.0).to_ascii_lowercase();
        lower.starts_with("http:") || lower.starts_with("https:") || {
            let mut c = self.0.chars();
            matches!((c.next(), c.next()), (Some('/' | '\\'), Some('/' | '\\')))
        }
    }

    /// An in-page link to the payload id a fragment names: `#x` → `#user-content-x`
    /// (routes `#/…` and fragments already prefixed stay as they are).
    fn with_payload_fragment(self) -> SafeUrl {
        match self.0.strip_prefix('#') {
            Some(f) if !f.is_empty() && !f.starts_with('/') && !f.starts_with(ID_PREFIX) => {
                SafeUrl::anchor(f).unwrap_or(self)
            }
            _ => self,
        }
    }
}

/// Returns the URL if it is safe to use, normalised the way browsers read it
/// (leading/trailing controls and spaces stripped, tabs and newlines removed), as a
/// [`SafeUrl`]. A fragment naming a payload id points at its prefixed id.
pub fn safe_url(raw: &str, use_: UrlUse) -> Option<SafeUrl> {
    checked_url(raw, use_).map(|u| SafeUrl(u).with_payload_fragment())
}

fn checked_url(raw: &str, use_: UrlUse) -> Option<String> {
    // Defence in depth: text that only *looks* harmless until someone decodes its
    // character references (`javascript&colon;…`, `&#106;avascript:…`) is refused too.
    if raw.contains('&') {
        let decoded = crate::util::decode_entities(raw);
        if decoded != raw && safe_url_plain(&decoded, use_).is_none() {
            return None;
        }
    }
    safe_url_plain(raw, use_)
}

fn safe_url_plain(raw: &str, use_: UrlUse) -> Option<String> {
    let trimmed = raw.trim_matches(|c: char| c <= ' ');
    let url: String = trimmed.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    if url.len() > 4096 {
        return None;
    }
    let scheme_end = url.find([':', '/', '?', '#']);
    let scheme = match scheme_end {
        Some(p) if crate::util::from(&url, p).starts_with(':') => crate::util::upto(&url, p),
        _ => return Some(url), // relative: path, query or fragment
    };
    let valid_scheme = scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !valid_scheme {
        // Not a scheme to a browser either (`a b:c`, `java\u{200b}script:`): a relative path.
        // Still refuse anything that *looks* scripty once invisible characters are removed.
        let visible: String =
            scheme.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
        return (!matches!(visible.as_str(), "javascript" | "vbscript" | "data" | "livescript")).then_some(url);
    }
    let lower = scheme.to_ascii_lowercase();
    match (lower.as_str(), use_) {
        ("http" | "https", _) => Some(url),
        ("mailto" | "tel", UrlUse::Link) => Some(url),
        ("data", UrlUse::Image) => {
            let rest = crate::util::from(&url, 5).to_ascii_lowercase();
            let ok = ["image/png", "image/jpeg", "image/gif", "image/webp", "image/avif"]
                .iter()
                .any(|m| rest.starts_with(m));
            ok.then_some(url)
        }
        _ => None,
    }
}

/// What every class taken from a payload starts with in the output, so that a payload
/// class can never pick up the host page's styles (`hidden`, `fixed inset-0`, `btn`…)
/// when the markup is put in an ordinary page. Shiki's colour rules are re-scoped to match.
pub const CLASS_PREFIX: &str = "uc-";

/// A class token that is safe to keep: an identifier, never our own `glossa-` namespace.
pub fn valid_class(c: &str) -> bool {
    c.len() <= 64
        && c.starts_with(|ch: char| ch.is_ascii_alphabetic() || ch == '_')
        && c.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_' || ch == '-')
        && !c.starts_with("glossa")
}

/// The payload's class list as output classes: valid tokens only, each prefixed with [`CLASS_PREFIX`].
pub fn clean_classes(raw: &str) -> String {
    raw.split_ascii_whitespace()
        .filter(|c| valid_class(c))
        .take(16)
        .map(|c| format!("{CLASS_PREFIX}{c}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// ARIA roles a payload may give an element: structural ones only (no widget roles
/// such as `button`, `dialog` or `alert`, which change how the host page is announced).
pub const ROLES: &[&str] = &[
    "note",
    "img",
    "presentation",
    "none",
    "list",
    "listitem",
    "table",
    "row",
    "cell",
    "rowgroup",
    "columnheader",
    "rowheader",
    "figure",
    "term",
    "definition",
    "group",
    "region",
    "doc-footnote",
    "doc-noteref",
    "doc-backlink",
    "doc-endnotes",
    "math",
];

/// What every id taken from a payload starts with in the output, as on GitHub: ids from
/// untrusted content can then never clash with the host page's ids or shadow its globals
/// (`window.x`, `document.forms`…), also when the markup is put in an ordinary page.
pub const ID_PREFIX: &str = "user-content-";

/// The output id for payload id `raw` (`None` if it is not a usable id).
pub fn payload_id(raw: &str) -> Option<String> {
    let id = clean_id(raw)?;
    Some(if id.starts_with(ID_PREFIX) { id } else { format!("{ID_PREFIX}{id}") })
}

/// Names that an element id must not take (they would shadow document/window properties in light DOM).
const CLOBBER: &[&str] = &[
    "__proto__",
    "constructor",
    "prototype",
    "location",
    "document",
    "window",
    "top",
    "self",
    "parent",
    "frames",
    "opener",
    "cookie",
    "domain",
    "forms",
    "images",
    "links",
    "anchors",
    "scripts",
    "body",
    "head",
    "defaultview",
    "localstorage",
    "sessionstorage",
    "fetch",
    "alert",
    "name",
    "length",
    "glossa",
];

/// A safe id, or `None`. Ids that could clobber globals get a `user-content-` prefix.
pub fn clean_id(raw: &str) -> Option<String> {
    let id = raw.trim();
    if id.is_empty()
        || id.len() > 128
        || id.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '<' | '>' | '`'))
    {
        return None;
    }
    let lower = id.to_ascii_lowercase();
    if CLOBBER.contains(&lower.as_str()) || lower.starts_with("glossa") {
        return Some(format!("user-content-{id}"));
    }
    Some(id.to_owned())
}

/// The `data-*` and `aria-*` attributes a payload may set. Only these: frameworks and
/// libraries act on others (`data-bind`, `data-hx-get`, `data-toggle`, `data-action`…),
/// so in an ordinary page an unknown data attribute could make the host run something.
const DATA_ATTRS: &[&str] = &[
    "data-line",
    "data-language",
    "data-footnotes",
    "data-footnote-ref",
    "data-footnote-backref",
    "data-glossa-term",
    "aria-label",
    "aria-hidden",
];

/// The allowlisted `data-*`/`aria-*` name for `name` (kebab-case, any case), if any.
pub fn data_attr(name: &str) -> Option<&'static str> {
    DATA_ATTRS.iter().copied().find(|a| a.eq_ignore_ascii_case(name))
}

/// Removes characters used to disguise text: bidi embeddings/overrides/isolates
/// and control characters (titles and labels also lose zero-width characters).
pub fn clean_text(s: &str, strict: bool) -> String {
    s.chars()
        .filter(|&c| {
            let bidi = matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
            let control = c.is_control() && !matches!(c, '\n' | '\t');
            let invisible = matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{061C}');
            !(bidi || control || (strict && invisible))
        })
        .collect()
}

/// A CSS declaration value that cannot load or run anything: colours, keywords, numbers.
pub fn safe_css_value(v: &str) -> bool {
    let v = v.trim();
    if v.is_empty() || v.len() > 48 {
        return false;
    }
    if let Some(hex) = v.strip_prefix('#') {
        return (3..=8).contains(&hex.len()) && hex.chars().all(|c| c.is_ascii_hexdigit());
    }
    if let Some(args) = v.strip_prefix("rgb(").or_else(|| v.strip_prefix("rgba(")).and_then(|r| r.strip_suffix(')')) {
        return args.chars().all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | ' ' | '%' | '/'));
    }
    v.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ' ')
        && !v.to_ascii_lowercase().contains("expression")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        let ok = |u: &str| safe_url(u, UrlUse::Link).map(|s| s.as_str().to_owned());
        assert_eq!(ok("/terms/a/api-key").as_deref(), Some("/terms/a/api-key"));
        assert_eq!(ok("#real-talk").as_deref(), Some("#user-content-real-talk"));
        assert_eq!(ok("https://example.com/x?y=1").as_deref(), Some("https://example.com/x?y=1"));
        assert_eq!(ok("mailto:a@b.c").as_deref(), Some("mailto:a@b.c"));
        for bad in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "java\tscript:alert(1)",
            "\u{1}javascript:alert(1)",
            "vbscript:msgbox",
            "data:text/html,<script>alert(1)</script>",
            "java\u{200b}script:alert(1)",
            "file:///etc/passwd",
        ] {
            assert_eq!(ok(bad), None, "{bad:?}");
        }
        // Values go to setAttribute or are re-escaped, so character references are never
        // decoded by a browser; URLs that would turn dangerous if they were are refused anyway.
        assert_eq!(ok("jav&#x09;ascript:alert(1)"), None);
        assert_eq!(ok("javascript&colon;alert(1)"), None);
        assert_eq!(ok("&#106;avascript:alert(1)"), None);
        assert_eq!(ok("/a?b=1&c=2").as_deref(), Some("/a?b=1&c=2"));
        assert!(safe_url("data:image/png;base64,AAAA", UrlUse::Image).is_some());
        assert!(safe_url("data:image/svg+xml,<svg onload=alert(1)>", UrlUse::Image).is_none());
        assert!(safe_url("data:image/png;base64,AAAA", UrlUse::Link).is_none());
    }

    #[test]
    fn css_values() {
        assert!(safe_css_value("#6F42C1"));
        assert!(safe_css_value("italic"));
        assert!(!safe_css_value("url(https://x)"));
        assert!(!safe_css_value("expression(alert(1))"));
        assert!(!safe_css_value("var(--x)"));
        assert!(!safe_css_value("red;}body{x"));
    }

    #[test]
    fn safe_urls_by_type() {
        let ext = |u: &str| SafeUrl::link(u).map(|s| s.is_external());
        assert_eq!(ext("https://example.com"), Some(true));
        assert_eq!(ext("HTTPS://EXAMPLE.COM"), Some(true));
        assert_eq!(ext("HtTp://x"), Some(true));
        assert_eq!(ext("//evil.example"), Some(true));
        assert_eq!(ext("/\\evil.example"), Some(true));
        assert_eq!(ext("\\\\evil.example"), Some(true));
        assert_eq!(ext("\\/evil.example"), Some(true));
        assert_eq!(ext("/terms/x"), Some(false));
        assert_eq!(ext("#part"), Some(false));
        assert_eq!(SafeUrl::link("#part").unwrap().as_str(), "#user-content-part");
        assert_eq!(SafeUrl::link("#/term/x").unwrap().as_str(), "#/term/x");
        assert_eq!(SafeUrl::fragment("/term/x").as_str(), "#/term/x");
        assert_eq!(data_attr("data-bind"), None);
        assert_eq!(data_attr("data-hx-get"), None);
        assert_eq!(data_attr("DATA-LINE"), Some("data-line"));
        assert_eq!(payload_id("intro").as_deref(), Some("user-content-intro"));
        assert_eq!(payload_id("user-content-intro").as_deref(), Some("user-content-intro"));
    }

    #[test]
    fn ids_and_classes() {
        assert_eq!(clean_id("__proto__").as_deref(), Some("user-content-__proto__"));
        assert_eq!(clean_id("real-talk").as_deref(), Some("real-talk"));
        assert_eq!(clean_id("a\"b"), None);
        assert_eq!(clean_classes("line highlight glossa-copy x\"y s7zQu"), "uc-line uc-highlight uc-s7zQu");
    }
}
