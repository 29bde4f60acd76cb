//! The web shell's structure, checked: four layers (base → state → widgets → api),
//! each importing only the layers below it, no import circles between its modules,
//! nothing importing the API, and no function longer than a screenful.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const LAYERS: &[&str] = &["base", "state", "widgets", "api"];
/// Longest function body allowed in the shell, in lines.
const MAX_FN_LINES: usize = 90;

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("src/web exists").flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// `src/web/widgets/cards/keys.rs` → `widgets::cards::keys`; `mod.rs` names its folder.
fn module_of(web: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(web).expect("inside src/web").with_extension("");
    let mut parts: Vec<String> = rel.iter().map(|s| s.to_string_lossy().into_owned()).collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts.join("::")
}

/// Code lines (comments and doc comments removed).
fn code(text: &str) -> String {
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) if !l[..i].contains('"') => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The shell modules `module` refers to, as absolute `web::` paths (best effort on
/// `super::`, `super::super::` and `crate::web::` paths, which is how the shell writes them).
fn references(module: &str, text: &str, all: &BTreeSet<String>) -> BTreeSet<String> {
    let here: Vec<&str> = if module.is_empty() { Vec::new() } else { module.split("::").collect() };
    let mut out = BTreeSet::new();
    let t = code(text);
    let bytes = t.as_bytes();
    let mut i = 0;
    while i < t.len() {
        if !t.is_char_boundary(i) {
            i += 1;
            continue;
        }
        let rest = &t[i..];
        let (mut base, consumed): (Vec<&str>, usize) = if rest.starts_with("crate::web::") {
            (Vec::new(), "crate::web::".len())
        } else if rest.starts_with("super::") && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric()) {
            // A file's `super` is its parent module (for `mod.rs`, the folder's parent).
            let mut b = here.clone();
            b.pop();
            let mut n = "super::".len();
            while t[i + n..].starts_with("super::") {
                b.pop();
                n += "super::".len();
            }
            (b, n)
        } else {
            i += 1;
            continue;
        };
        let tail = &t[i + consumed..];
        // `a::b::c`, or `a::{b, c::d}` (one level of braces).
        let end = tail.find(|c: char| !(c.is_alphanumeric() || "_:{}, \n".contains(c))).unwrap_or(tail.len());
        let seg = &tail[..end];
        let (prefix, items): (&str, Vec<&str>) = match seg.find('{') {
            Some(o) => {
                let close = seg[o..].find('}').map_or(seg.len(), |c| o + c);
                (&seg[..o], seg[o + 1..close].split(',').map(str::trim).collect())
            }
            None => (seg.split(|c: char| c.is_whitespace() || c == ',').next().unwrap_or(""), vec![""]),
        };
        for item in items {
            let mut path = base.clone();
            for p in prefix.split("::").chain(item.split("::")).filter(|p| !p.is_empty() && *p != "self") {
                path.push(p);
                let joined = path.join("::");
                if all.contains(&joined) {
                    out.insert(joined);
                }
            }
        }
        base.clear();
        i += consumed;
    }
    out.remove(module);
    out
}

fn layer(module: &str) -> usize {
    // `lite` (the first-load module's exports) is an API beside `api`.
    let top = match module.split("::").next().unwrap_or("") {
        "lite" => "api",
        t => t,
    };
    LAYERS.iter().position(|l| *l == top).unwrap_or(usize::MAX)
}

#[test]
fn web_shell_layers_have_no_upward_imports_or_circles() {
    let web = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/web");
    let mut list = Vec::new();
    files(&web, &mut list);
    let modules: BTreeMap<String, String> =
        list.iter().map(|f| (module_of(&web, f), std::fs::read_to_string(f).expect("readable"))).collect();
    let names: BTreeSet<String> = modules.keys().cloned().collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut problems = Vec::new();
    for (m, text) in &modules {
        if m.is_empty() {
            continue; // web/mod.rs only declares the layers
        }
        let refs = references(m, text, &names);
        for r in &refs {
            // A module may use its own submodules and anything in its layer or below.
            let (lm, lr) = (layer(m), layer(r));
            if lr > lm {
                problems.push(format!("{m} (layer {}) imports {r} (layer {})", LAYERS[lm], LAYERS[lr]));
            }
            if r == "api" || r == "lite" {
                problems.push(format!("{m} imports the API ({r})"));
            }
        }
        graph.insert(m.clone(), refs.into_iter().filter(|r| !r.starts_with(&format!("{m}::"))).collect());
    }
    // Circles: depth-first search over the module graph.
    fn visit(
        m: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
        out: &mut Vec<String>,
    ) {
        match state.get(m).copied() {
            Some(2) => return,
            Some(1) => {
                let at = stack.iter().position(|s| s == m).unwrap_or(0);
                out.push(format!("import circle: {} → {m}", stack[at..].join(" → ")));
                return;
            }
            _ => {}
        }
        state.insert(m.to_owned(), 1);
        stack.push(m.to_owned());
        for r in graph.get(m).into_iter().flatten() {
            // Using a parent module's items (`super::Config` in a submodule) is not a circle.
            if m.starts_with(&format!("{r}::")) {
                continue;
            }
            visit(r, graph, state, stack, out);
        }
        stack.pop();
        state.insert(m.to_owned(), 2);
    }
    let mut state = BTreeMap::new();
    for m in graph.keys() {
        visit(m, &graph, &mut state, &mut Vec::new(), &mut problems);
    }
    // Long functions.
    for (m, text) in &modules {
        let lines: Vec<&str> = text.lines().collect();
        let mut i = 0;
        while i < lines.len() {
            let l = lines[i].trim_start();
            let is_fn = (l.starts_with("fn ")
                || l.starts_with("pub fn ")
                || l.starts_with("pub(super) fn ")
                || l.starts_with("pub(crate) fn ")
                || l.starts_with("async fn ")
                || l.starts_with("pub async fn "))
                && !l.ends_with(';');
            if is_fn {
                let indent = lines[i].len() - l.len();
                let close = " ".repeat(indent) + "}";
                let end = (i + 1..lines.len()).find(|&j| lines[j] == close).unwrap_or(i);
                if end - i > MAX_FN_LINES {
                    problems.push(format!("{m}: `{}` is {} lines (split it)", l.trim_end_matches('{').trim(), end - i));
                }
            }
            i += 1;
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(graph.len() >= 15, "found the shell's modules: {:?}", graph.keys().collect::<Vec<_>>());
}
