//! A small tokenizer for the raw HTML that markdown may contain (`<br>`,
//! `<kbd>`, `<!--more-->`, and hostile things like `<script>`).
//!
//! Why hand-written: a full HTML5 parser (html5ever) would cost hundreds of kB
//! of wasm for a job that needs only tags, attributes, comments and entities.
//! Its output feeds the same AST as everything else, so the renderer's
//! allowlist decides what survives; this code never produces markup itself.

/// One piece of raw HTML.
#[derive(Clone, Debug, PartialEq)]
pub enum Token {
    Start { name: String, attrs: Vec<(String, String)>, self_closing: bool },
    End { name: String },
    Comment(String),
    Text(String),
}

/// Elements whose content is raw text up to their end tag.
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript"];

/// Elements that never have children.
pub const VOID: &[&str] =
    &["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"];

/// Splits `src` into tokens. Never fails: malformed markup becomes text. Linear time:
/// every byte is looked at a bounded number of times (a tag left open at the end of the
/// input consumes the rest, as in HTML, instead of being rescanned from each `<`).
pub fn tokenize(src: &str) -> Vec<Token> {
    use crate::util::{from, sub};
    let mut out = Vec::new();
    let mut text = String::new();
    let mut i = 0;
    while i < src.len() {
        crate::limits::work::tick(1);
        let rest = from(src, i);
        if !rest.starts_with('<') {
            let next = rest.find('<').map_or(src.len(), |p| i + p);
            text.push_str(&decode_entities(sub(src, i, next)));
            i = next;
            continue;
        }
        if let Some(body) = rest.strip_prefix("<!--") {
            let end = body.find("-->").unwrap_or(body.len());
            flush(&mut text, &mut out);
            out.push(Token::Comment(crate::util::upto(body, end).to_owned()));
            i += 4 + (end + 3).min(body.len());
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            // Doctype, CDATA, processing instructions: dropped.
            i += rest.find('>').map_or(rest.len(), |p| p + 1);
            continue;
        }
        match parse_tag(rest) {
            Tag::Token(tok, len) => {
                flush(&mut text, &mut out);
                i += len;
                if let Token::Start { name, self_closing: false, .. } = &tok {
                    if RAW_TEXT.contains(&name.as_str()) {
                        let body = from(src, i);
                        let end = find_end_tag(body, name).unwrap_or(body.len());
                        let raw = crate::util::upto(body, end).to_owned();
                        let name = name.clone();
                        out.push(tok);
                        if !raw.is_empty() {
                            out.push(Token::Text(raw));
                        }
                        out.push(Token::End { name });
                        i += end;
                        i += from(src, i).find('>').map_or(src.len() - i, |p| p + 1);
                        continue;
                    }
                }
                out.push(tok);
            }
            // An unterminated tag runs to the end of the input and is dropped (HTML's EOF-in-tag).
            Tag::Unterminated => break,
            Tag::Text => {
                text.push('<');
                i += 1;
            }
        }
    }
    flush(&mut text, &mut out);
    out
}

/// Where `</name` starts in `s`, matching the name case-insensitively without
/// lower-casing the rest of the input (each raw-text element scans only up to its own end).
fn find_end_tag(s: &str, name: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut from = 0;
    while let Some(p) = s.get(from..).and_then(|r| r.find("</")) {
        let at = from + p;
        let candidate = b.get(at + 2..at + 2 + name.len());
        if candidate.is_some_and(|c| c.eq_ignore_ascii_case(name.as_bytes())) {
            return Some(at);
        }
        from = at + 2;
    }
    None
}

fn flush(text: &mut String, out: &mut Vec<Token>) {
    if !text.is_empty() {
        out.push(Token::Text(std::mem::take(text)));
    }
}

/// What `parse_tag` found at a `<`.
enum Tag {
    /// A start or end tag and its byte length.
    Token(Token, usize),
    /// A tag whose `>` (or closing quote) never comes.
    Unterminated,
    /// `<` followed by something that cannot start a tag: plain text.
    Text,
}

/// Parses `<name attr=…>` or `</name>` at the start of `s`.
fn parse_tag(s: &str) -> Tag {
    use crate::util::sub;
    let b = s.as_bytes();
    let at = |i: usize| b.get(i).copied();
    let (closing, mut i) = if at(1) == Some(b'/') { (true, 2) } else { (false, 1) };
    let name_start = i;
    if !at(i).is_some_and(|c| c.is_ascii_alphabetic()) {
        return Tag::Text;
    }
    while at(i).is_some_and(|c| !c.is_ascii_whitespace() && c != b'/' && c != b'>') {
        i += 1;
    }
    let name = sub(s, name_start, i).to_ascii_lowercase();
    let mut attrs = Vec::new();
    let mut self_closing = false;
    loop {
        while at(i).is_some_and(|c| c.is_ascii_whitespace() || (c == b'/' && at(i + 1) != Some(b'>'))) {
            i += 1;
        }
        match at(i) {
            None => return Tag::Unterminated,
            Some(b'>') => {
                i += 1;
                break;
            }
            Some(b'/') => {
                self_closing = true;
                i += 2;
                break;
            }
            Some(_) => {}
        }
        let an_start = i;
        while at(i).is_some_and(|c| !c.is_ascii_whitespace() && !matches!(c, b'=' | b'>' | b'/')) {
            i += 1;
        }
        let aname = sub(s, an_start, i).to_ascii_lowercase();
        while at(i).is_some_and(|c| c.is_ascii_whitespace()) {
            i += 1;
        }
        let mut value = String::new();
        if at(i) == Some(b'=') {
            i += 1;
            while at(i).is_some_and(|c| c.is_ascii_whitespace()) {
                i += 1;
            }
            match at(i) {
                None => return Tag::Unterminated,
                Some(q @ (b'"' | b'\'')) => {
                    let Some(len) = s.get(i + 1..).and_then(|r| r.find(q as char)) else {
                        return Tag::Unterminated;
                    };
                    value = decode_entities(sub(s, i + 1, i + 1 + len));
                    i += len + 2;
                }
                Some(_) => {
                    let st = i;
                    while at(i).is_some_and(|c| !c.is_ascii_whitespace() && c != b'>') {
                        i += 1;
                    }
                    value = decode_entities(sub(s, st, i));
                }
            }
        }
        if !aname.is_empty() {
            attrs.push((aname, value));
        }
    }
    let tok = if closing { Token::End { name } } else { Token::Start { name, attrs, self_closing } };
    Tag::Token(tok, i)
}

pub use crate::util::decode_entities;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_text() {
        let t = tokenize("a<br/>b <KBD class=\"x\">Ctrl</kbd> &amp; &#x3C;");
        assert_eq!(t[0], Token::Text("a".into()));
        assert!(matches!(&t[1], Token::Start { name, self_closing: true, .. } if name == "br"));
        assert!(matches!(&t[3], Token::Start { name, attrs, .. } if name == "kbd" && attrs[0].1 == "x"));
        assert_eq!(t.last(), Some(&Token::Text(" & <".into())));
    }

    #[test]
    fn script_is_raw_text() {
        let t = tokenize("<script>if (a<b) alert('</p>')</script>after");
        assert_eq!(t[1], Token::Text("if (a<b) alert('</p>')".into()));
        assert_eq!(t[2], Token::End { name: "script".into() });
        assert_eq!(t[3], Token::Text("after".into()));
    }

    #[test]
    fn comments_and_garbage() {
        let t = tokenize("<!--more--> x < y <3");
        assert_eq!(t[0], Token::Comment("more".into()));
        assert_eq!(t[1], Token::Text(" x < y <3".into()));
        assert_eq!(decode_entities("java&#115;cript&colon;"), "javascript:");
    }
}
