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

/// Splits `src` into tokens. Never fails: malformed markup becomes text.
pub fn tokenize(src: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut text = String::new();
    let b = src.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'<' {
            let next = src[i..].find('<').map_or(b.len(), |p| i + p);
            text.push_str(&decode_entities(&src[i..next]));
            i = next;
            continue;
        }
        let rest = &src[i..];
        if let Some(body) = rest.strip_prefix("<!--") {
            let end = body.find("-->").unwrap_or(body.len());
            flush(&mut text, &mut out);
            out.push(Token::Comment(body[..end].to_owned()));
            i += 4 + (end + 3).min(body.len());
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            // Doctype, CDATA, processing instructions: dropped.
            i += rest.find('>').map_or(rest.len(), |p| p + 1);
            continue;
        }
        match parse_tag(rest) {
            Some((tok, len)) => {
                flush(&mut text, &mut out);
                i += len;
                if let Token::Start { name, self_closing: false, .. } = &tok {
                    if RAW_TEXT.contains(&name.as_str()) {
                        let close = format!("</{name}");
                        let lower = src[i..].to_ascii_lowercase();
                        let end = lower.find(&close).unwrap_or(lower.len());
                        let raw = src[i..i + end].to_owned();
                        let name = name.clone();
                        out.push(tok);
                        if !raw.is_empty() {
                            out.push(Token::Text(raw));
                        }
                        out.push(Token::End { name });
                        i += end;
                        i += src[i..].find('>').map_or(src.len() - i, |p| p + 1);
                        continue;
                    }
                }
                out.push(tok);
            }
            None => {
                text.push('<');
                i += 1;
            }
        }
    }
    flush(&mut text, &mut out);
    out
}

fn flush(text: &mut String, out: &mut Vec<Token>) {
    if !text.is_empty() {
        out.push(Token::Text(std::mem::take(text)));
    }
}

/// Parses `<name attr=…>` or `</name>` at the start of `s`; returns the token and its byte length.
fn parse_tag(s: &str) -> Option<(Token, usize)> {
    let b = s.as_bytes();
    let (closing, mut i) = if b.get(1) == Some(&b'/') { (true, 2) } else { (false, 1) };
    let name_start = i;
    if !b.get(i)?.is_ascii_alphabetic() {
        return None;
    }
    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'/' && b[i] != b'>' {
        i += 1;
    }
    let name = s[name_start..i].to_ascii_lowercase();
    let mut attrs = Vec::new();
    let mut self_closing = false;
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || (b[i] == b'/' && b.get(i + 1) != Some(&b'>'))) {
            i += 1;
        }
        match b.get(i)? {
            b'>' => {
                i += 1;
                break;
            }
            b'/' => {
                self_closing = true;
                i += 2;
                break;
            }
            _ => {}
        }
        let an_start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let aname = s[an_start..i].to_ascii_lowercase();
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if b.get(i) == Some(&b'=') {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            match b.get(i)? {
                q @ (b'"' | b'\'') => {
                    let end = s[i + 1..].find(*q as char)? + i + 1;
                    value = decode_entities(&s[i + 1..end]);
                    i = end + 1;
                }
                _ => {
                    let st = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                    value = decode_entities(&s[st..i]);
                }
            }
        }
        if !aname.is_empty() {
            attrs.push((aname, value));
        }
    }
    let tok = if closing { Token::End { name } } else { Token::Start { name, attrs, self_closing } };
    Some((tok, i))
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
