//! yaml-rust2 as the reference for glossa's front matter parser (the crate it replaces),
//! shared by `tests/front_matter_diff.rs` and the `front_matter` fuzz target.
//!
//! The contract checked: on text both accept, both read the same structure and the same
//! text (a plain scalar of ours stands for what YAML's core schema makes of it, so `007`
//! matches yaml-rust2's integer 7); what ours accepts, yaml-rust2 accepts; what ours
//! refuses and yaml-rust2 accepts is a feature ours leaves out, said as such
//! (`YamlError::unsupported`).
#![allow(dead_code)]

use glossa::content::front_matter::{self, Value};
use yaml_rust2::{Yaml, YamlLoader};

/// yaml-rust2's reading: the first document's top-level mapping (`None` for an empty one).
pub fn reference(text: &str) -> Result<Option<yaml_rust2::yaml::Hash>, String> {
    let docs = YamlLoader::load_from_str(text).map_err(|e| e.to_string())?;
    match docs.into_iter().next() {
        None | Some(Yaml::Null) | Some(Yaml::BadValue) => Ok(None),
        Some(Yaml::Hash(h)) => Ok(Some(h)),
        Some(other) => Err(format!("not a mapping: {other:?}")),
    }
}

fn scalar_matches(text: &str, plain: bool, theirs: &Yaml) -> bool {
    if plain {
        Yaml::from_str(text) == *theirs
    } else {
        *theirs == Yaml::String(text.to_owned())
    }
}

fn key_matches(ours: &str, theirs: &Yaml) -> bool {
    *theirs == Yaml::String(ours.to_owned()) || *theirs == Yaml::from_str(ours)
}

fn is_null_key(k: &Yaml) -> bool {
    matches!(k, Yaml::Null)
}

/// Whether our value reads as yaml-rust2's.
pub fn same(ours: &Value, theirs: &Yaml) -> bool {
    match (ours, theirs) {
        (Value::Scalar { text, plain }, t) => scalar_matches(text, *plain, t),
        (Value::List(a), Yaml::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y)),
        (Value::Map(a), Yaml::Hash(b)) => same_map(a, b),
        _ => false,
    }
}

pub fn same_map(a: &[(String, Value)], b: &yaml_rust2::yaml::Hash) -> bool {
    let b: Vec<_> = b.iter().filter(|(k, _)| !is_null_key(k)).collect();
    a.len() == b.len() && a.iter().zip(b).all(|((ka, va), (kb, vb))| key_matches(ka, kb) && same(va, vb))
}

/// A disagreement between the two parsers.
#[derive(Debug)]
pub struct Diff {
    /// Both accepted the text and read it differently (else one refused what the other took).
    pub both_accept: bool,
    pub what: String,
}

impl std::fmt::Display for Diff {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.what)
    }
}

/// Compares the two parsers on `text`; `Err` describes a disagreement. Both read it as ours
/// does ([`front_matter::as_read`]: line breaks as `\n`, the last line ended).
pub fn compare(text: &str) -> Result<(), Diff> {
    let ours = front_matter::parse(text);
    let theirs = reference(&front_matter::as_read(text));
    let acceptance = |what: String| Err(Diff { both_accept: false, what });
    match (ours, theirs) {
        (Ok(a), Ok(b)) => {
            let empty = yaml_rust2::yaml::Hash::new();
            if same_map(&a, b.as_ref().unwrap_or(&empty)) {
                Ok(())
            } else {
                Err(Diff { both_accept: true, what: format!("{text:?}\n  ours:       {a:?}\n  yaml-rust2: {b:?}") })
            }
        }
        // Keys are told apart as written: `1` and `01` are two keys here, one for YAML.
        (Ok(a), Err(e)) if e.contains("duplicated key") => {
            if a.is_empty() {
                acceptance(format!("{text:?}\n  ours accepts it; yaml-rust2: {e}"))
            } else {
                Ok(())
            }
        }
        (Ok(a), Err(e)) => acceptance(format!("{text:?}\n  ours accepts it as {a:?}; yaml-rust2 refuses it: {e}")),
        (Err(e), Ok(_)) if e.unsupported => Ok(()),
        (Err(e), Ok(b)) => acceptance(format!("{text:?}\n  ours refuses it ({e}); yaml-rust2 reads {b:?}")),
        (Err(_), Err(_)) => Ok(()),
    }
}

/// Whether both parsers accept `text` and read it the same (`Err` when both accept and differ).
pub fn same_reading(text: &str) -> Result<(), Diff> {
    match compare(text) {
        Err(d) if !d.both_accept => Ok(()),
        other => other,
    }
}

/// The fuzz target's body. On any text: never a panic, and where both parsers accept it,
/// the same reading. Which of two parsers accepts malformed YAML at the edges (tabs,
/// lines at a key's column inside `[…]`…) is yaml-rust2's own quirks; acceptance is held
/// to the full contract ([`compare`]) on real and hand-written front matter
/// (`tests/front_matter_diff.rs`) and on generated front matter ([`generated`]).
pub fn check(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if text.len() > 4096 {
        return;
    }
    if let Err(d) = same_reading(text) {
        panic!("front matter parsers disagree on {d}");
    }
    if let Err(d) = compare(&generated(data)) {
        panic!("front matter parsers disagree on generated front matter {d}");
    }
}

/// Front matter built from the bytes: keys with plain, quoted, block and flow values, lists
/// and nested mappings, in the styles real files use. Valid YAML by construction.
pub fn generated(data: &[u8]) -> String {
    const WORDS: &[&str] = &[
        "pod",
        "Node",
        "a b",
        "x-y",
        "007",
        "0x1F",
        "1.5",
        "true",
        "~",
        "null",
        "é",
        "用語",
        "a:b",
        "http://x/y#z",
        "-1",
        "it's",
        "a \"q\"",
        "#tag",
        "a # c",
        "[x]",
        "{y}",
        "",
        "50%",
        "@at",
        "`tick`",
        "a, b",
        "  pad  ",
    ];
    let mut bytes = data.iter().copied();
    let mut next = move || bytes.next().unwrap_or(0) as usize;
    let mut out = String::new();
    let word = |n: usize| WORDS.get(n % WORDS.len()).copied().unwrap_or("w");
    let quote1 = |w: &str| format!("'{}'", w.replace('\'', "''"));
    let quote2 = |w: &str| format!("\"{}\"", w.replace('\\', "\\\\").replace('"', "\\\""));
    let entries = 1 + next() % 8;
    for k in 0..entries {
        out.push_str(&format!("k{k}:"));
        let w = word(next());
        let safe_plain = !w.is_empty()
            && !w.starts_with([' ', '-', '#', '[', '{', '@', '`', '\'', '"', '~'])
            && !w.contains(": ")
            && !w.contains(" #")
            && !w.ends_with(' ')
            && w != "null";
        match next() % 10 {
            0 if safe_plain => out.push_str(&format!(" {w}\n")),
            1 => out.push_str(&format!(" {}\n", quote1(w))),
            2 => out.push_str(&format!(" {}\n", quote2(w))),
            3 => out.push_str(&format!(" |\n  {}\n  {}\n", quote1(w), word(next()).trim())),
            4 => out.push_str(&format!(" >-\n  {}\n\n  {}\n", quote2(w), quote1(word(next())))),
            5 => {
                out.push('\n');
                for _ in 0..1 + next() % 3 {
                    let dash = if next() % 2 == 0 { "- " } else { "-   " };
                    out.push_str(&format!("{dash}{}\n", quote2(word(next()))));
                }
            }
            6 => {
                let items: Vec<String> = (0..next() % 4).map(|_| quote1(word(next()))).collect();
                out.push_str(&format!(" [{}]\n", items.join(", ")));
            }
            7 => out.push_str(&format!("\n  sub: {}\n  other: {}\n", quote2(w), quote1(word(next())))),
            8 => out.push_str(&format!(" {} # comment\n", quote1(w))),
            _ => out.push('\n'),
        }
    }
    out
}
