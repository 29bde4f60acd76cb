//! Layer 3: Nuxt's payload tags and envelopes.
//!
//! * [`revivers`] registers Nuxt's own tags (`ShallowReactive`, `Reactive`,
//!   `Ref`, `ShallowRef`, `EmptyRef`, `EmptyShallowRef`, `NuxtError`, `Island`)
//!   and `@pinia/nuxt`'s `skipHydrate`.
//! * [`extract_nuxt_data`] finds the inline `<script id="__NUXT_DATA__">` JSON in an HTML page.
//! * [`decode_payload`] accepts either form and returns the decoded graph.

use super::devalue::{self, Builder, Options, Revivers};
use super::value::{Graph, Node, Value};
use crate::error::{Error, ErrorKind, Result};

/// Nuxt's revivers (client-side semantics, minus Vue reactivity).
pub fn revivers() -> Revivers {
    Revivers::new()
        .identity("ShallowReactive")
        .identity("Reactive")
        .identity("Ref")
        .identity("ShallowRef")
        .add("EmptyRef", empty_ref)
        .add("EmptyShallowRef", empty_ref)
        .add("skipHydrate", |_, _| Ok(Value::Undefined))
        .add("NuxtError", |b, v| Ok(b.push(Node::NuxtError(v))))
        .add("Island", island)
}

/// `EmptyRef`/`EmptyShallowRef` hold `JSON.stringify(value)` of a falsy value:
/// `"_"` is undefined, `"0n"` is 0n, and Nuxt writes only `"null"`, `"false"`, `"0"` and
/// `"\"\""` besides. Those are read without parsing. Anything else is parsed as JSON (kept
/// raw if it is not), with the text and every value it makes charged to the payload's
/// budget: many `EmptyRef` slots may share one long string, and each is parsed anew.
fn empty_ref(b: &mut Builder<'_>, v: Value) -> devalue::ReviverResult {
    let Some(text) = b.as_str(v) else {
        return Err("the payload must be a string".into());
    };
    let node = match text {
        "_" => return Ok(Value::Undefined),
        "0n" => Node::BigInt("0".into()),
        "null" => Node::Null,
        "false" => Node::Bool(false),
        "0" => Node::Number(0.0),
        "\"\"" => Node::String("".into()),
        t => {
            if b.budget().charge(t.len()).is_err() {
                return Ok(Value::Undefined); // the decoder reports the spent budget
            }
            return match serde_json::from_str::<serde_json::Value>(t) {
                Ok(j) => Ok(b.push_json(&j)),
                Err(_) => Ok(v),
            };
        }
    };
    Ok(b.push(node))
}

/// `Island` becomes `{html: "", ...result}`.
fn island(b: &mut Builder<'_>, v: Value) -> devalue::ReviverResult {
    let result = match b.node(v) {
        Some(Node::Object(m)) => m.iter().find(|(k, _)| &**k == "result").map(|(_, r)| *r),
        _ => return Err("the payload must be an object".into()),
    };
    let mut fields = Vec::new();
    if let Some(Node::Object(r)) = result.and_then(|r| b.node(r)) {
        fields = r.clone();
    }
    let html = b.push(Node::String("".into()));
    fields.retain(|(k, _)| &**k != "html");
    fields.insert(0, ("html".into(), html));
    Ok(b.push(Node::Object(fields)))
}

/// Where the JSON came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// A `_payload.json` file (or any devalue JSON).
    Json,
    /// The `__NUXT_DATA__` script of an HTML page; `data_src` is its `data-src`
    /// attribute, the `_payload.json` that holds `data` when the page was prerendered.
    Html { data_src: Option<String> },
}

/// Finds the `<script … id="__NUXT_DATA__" …>` element and returns its text and `data-src`.
/// devalue escapes `<` inside strings, so the first `</script` ends the JSON.
pub fn extract_nuxt_data(html: &str) -> Option<(&str, Option<String>)> {
    use crate::util::{from, sub};
    // ASCII lower-casing keeps every byte offset, so offsets in `lower` are offsets in `html`.
    let lower = html.to_ascii_lowercase();
    let mut at = 0;
    while let Some(pos) = from(&lower, at).find("<script") {
        let start = at + pos;
        let open_end = start + from(&lower, start).find('>')?;
        let tag = sub(html, start, open_end);
        at = open_end;
        if attr(tag, "id").as_deref() != Some("__NUXT_DATA__") {
            continue;
        }
        let body_start = open_end + 1;
        let body_end = body_start + from(&lower, body_start).find("</script")?;
        return Some((sub(html, body_start, body_end), attr(tag, "data-src")));
    }
    None
}

/// Reads an attribute value from an opening tag (quoted or bare).
fn attr(tag: &str, name: &str) -> Option<String> {
    use crate::util::{from, upto};
    let lower = tag.to_ascii_lowercase();
    let mut at = 0;
    while let Some(p) = from(&lower, at).find(name) {
        let found = at + p;
        at = found + name.len();
        let before_ok = found > 0 && lower.as_bytes().get(found - 1).is_some_and(u8::is_ascii_whitespace);
        let rest = from(tag, at).trim_start();
        let Some(rest) = rest.strip_prefix('=').filter(|_| before_ok) else { continue };
        let rest = rest.trim_start();
        let value = match rest.chars().next()? {
            q @ ('"' | '\'') => {
                let inner = from(rest, 1);
                upto(inner, inner.find(q).unwrap_or(inner.len()))
            }
            _ => rest.split(|c: char| c.is_ascii_whitespace() || c == '>').next()?,
        };
        return Some(html_unescape(value));
    }
    None
}

fn html_unescape(s: &str) -> String {
    s.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

/// Decodes a Nuxt payload: `_payload.json` text, or an HTML page with an inline `__NUXT_DATA__` script.
pub fn decode_payload(bytes: &[u8], opts: &Options) -> Result<(Graph, Source)> {
    let first = bytes.iter().copied().find(|b| !b.is_ascii_whitespace());
    if first == Some(b'<') {
        if bytes.len() > opts.limits.max_input_bytes {
            return Err(Error::at_root(ErrorKind::TooLarge { bytes: bytes.len(), limit: opts.limits.max_input_bytes }));
        }
        let html = std::str::from_utf8(bytes)
            .map_err(|e| Error::at_root(ErrorKind::Json(format!("HTML page is not UTF-8: {e}"))))?;
        let (json, data_src) = extract_nuxt_data(html).ok_or_else(|| {
            Error::at_root(ErrorKind::Shape("an HTML page without a <script id=\"__NUXT_DATA__\"> payload".into()))
        })?;
        let graph = devalue::decode(json.as_bytes(), &revivers(), opts)?;
        return Ok((graph, Source::Html { data_src }));
    }
    Ok((devalue::decode(bytes, &revivers(), opts)?, Source::Json))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_inline_payload() {
        let html = r#"<html><head><script type="application/json" data-nuxt-data="nuxt-app" data-ssr="true" id="__NUXT_DATA__" data-src="/about/_payload.json?abc">[{"a":1},"\u003C/script>"]</script></head></html>"#;
        let (json, src) = extract_nuxt_data(html).unwrap();
        assert_eq!(json, r#"[{"a":1},"\u003C/script>"]"#);
        assert_eq!(src.as_deref(), Some("/about/_payload.json?abc"));
    }

    #[test]
    fn skips_other_scripts() {
        let html = "<script>var id='__NUXT_DATA__'</script><script id=__NUXT_DATA__>[1]</script>";
        assert_eq!(extract_nuxt_data(html).unwrap().0, "[1]");
    }
}
