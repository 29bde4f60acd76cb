//! Every vector of the spec's `vectors.json` (devalue 5.9.1 results), decoded
//! with the revivers the vector names and compared in the `$`-encoding.

mod common;

use glossa::decode::{devalue, expected, nuxt, Builder, Node, Options, Revivers, Value};
use glossa::ErrorKind;
use serde_json::Value as J;

fn revivers_for(desc: Option<&J>) -> Revivers {
    let Some(J::Object(map)) = desc else { return Revivers::new() };
    let mut r = Revivers::new();
    for (tag, how) in map {
        let how = how.as_str().unwrap();
        r = match how {
            "identity" => r.identity(tag),
            h if h.starts_with("nuxt:") => {
                // The real Nuxt EmptyRef reviver.
                let nuxt = nuxt::revivers();
                assert!(nuxt.contains(tag));
                return nuxt;
            }
            "x => \"custom:\" + x" => r.add(tag, |b: &mut Builder<'_>, v: Value| {
                let s = format!("custom:{}", b.as_str(v).unwrap_or(""));
                Ok(b.push(Node::String(s.into())))
            }),
            "x => [x]" => r.add(tag, |b: &mut Builder<'_>, v: Value| Ok(b.push(Node::Array(vec![v])))),
            other => panic!("vector uses an unknown reviver description {other:?}"),
        };
    }
    r
}

/// devalue's error messages, mapped to our error kinds.
fn matches_error(kind: &ErrorKind, devalue_msg: &str) -> bool {
    match kind {
        ErrorKind::InvalidInput(_) => devalue_msg == "Invalid input",
        ErrorKind::UnknownType(t) => devalue_msg == format!("Unknown type {t}"),
        ErrorKind::CircularReference => devalue_msg == "Invalid circular reference",
        ErrorKind::ProtoKey => devalue_msg.contains("__proto__"),
        // devalue 5.9.1 crashes with a TypeError on the 5.1 typed-array form; we name the problem.
        ErrorKind::BadTag { tag, .. } => tag == "Uint8Array" && devalue_msg.starts_with("Cannot read properties"),
        _ => false,
    }
}

/// Vectors where devalue silently yields `undefined` for a corrupt reference;
/// our default is to reject them (spec §2.10), `lenient` reproduces devalue.
const STRICT_REJECTS: &[&str] = &["-2 as object value", "out-of-range index", "non-integer index"];

#[test]
fn all_vectors() {
    let text = std::fs::read_to_string(common::fixture("vectors.json")).unwrap();
    let vectors: Vec<J> = serde_json::from_str(&text).unwrap();
    assert_eq!(vectors.len(), 72, "the spec ships 72 vectors");
    let mut checked = 0;
    for v in &vectors {
        let name = v["name"].as_str().unwrap();
        let input = v["input"].as_str().unwrap();
        let revivers = revivers_for(v.get("revivers"));
        let strict = devalue::decode(input.as_bytes(), &revivers, &Options::default());
        if STRICT_REJECTS.contains(&name) {
            let e = strict.expect_err(name);
            assert!(matches!(e.kind, ErrorKind::BadReference(_)), "{name}: {e}");
            let lenient = Options { lenient: true, ..Options::default() };
            let g = devalue::decode(input.as_bytes(), &revivers, &lenient).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(common::json_eq(&expected::to_expected(&g), &v["expected"]), "{name} (lenient)");
            checked += 1;
            continue;
        }
        match (v.get("expected"), v.get("error")) {
            (Some(exp), _) => {
                let g = strict.unwrap_or_else(|e| panic!("{name}: unexpected error {e}"));
                let got = expected::to_expected(&g);
                assert!(common::json_eq(&got, exp), "{name}\n got: {got}\nwant: {exp}");
            }
            (None, Some(J::String(msg))) => {
                let e = strict.err().unwrap_or_else(|| panic!("{name}: expected error {msg:?}"));
                assert!(matches_error(&e.kind, msg), "{name}: got {e:?}, devalue says {msg:?}");
                // Errors are readable and say where.
                assert!(!e.to_string().is_empty());
            }
            _ => panic!("{name}: vector has neither expected nor error"),
        }
        checked += 1;
    }
    assert_eq!(checked, 72);
}

#[test]
fn errors_name_the_path() {
    let input = br#"[{"data":1},{"term":2},{"body":3},{"type":4,"value":5},"minimark",[6,7],"ok",["Nope",6]]"#;
    let e = devalue::decode(input, &nuxt::revivers(), &Options::default()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "data.term.body.value[1] (slot 7): unknown type `Nope` (no built-in or reviver for this tag)"
    );
    let e = devalue::decode(br#"[{"a":{"b":1}}]"#, &Revivers::new(), &Options::default()).unwrap_err();
    assert!(matches!(e.kind, ErrorKind::InvalidInput(_)), "{e}");
}

#[test]
fn shared_and_cyclic_values_are_one_node() {
    let g = devalue::decode(br#"[{"a":1,"b":1,"self":0},{"k":2},"v"]"#, &Revivers::new(), &Options::default()).unwrap();
    let root = g.root();
    assert_eq!(g.get(root, "a"), g.get(root, "b"));
    assert_eq!(g.get(root, "self"), Some(root));
}

#[test]
fn wrapper_cycle_through_identity_reviver() {
    // [["W",1],{"self":0}]: the wrapped object refers to its wrapper → a clean self-cycle.
    let g = devalue::decode(br#"[["W",1],{"self":0}]"#, &Revivers::new().identity("W"), &Options::default()).unwrap();
    let root = g.root();
    assert_eq!(g.get(root, "self"), Some(root));
    // Two wrappers that lead to each other can never be resolved.
    let e = devalue::decode(br#"[["W",1],["W",0]]"#, &Revivers::new().identity("W"), &Options::default()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::CircularReference);
}
