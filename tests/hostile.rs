//! Hostile and malformed input: every case is an error with a location, or a
//! safe rendering — never a panic, a hang or unbounded memory.

mod common;

use glossa::content;
use glossa::decode::{devalue, nuxt, Options, Revivers};
use glossa::encode::{nuxt_payload, stringify};
use glossa::render::{render_term, RenderOptions};
use glossa::{ErrorKind, Limits};
use serde_json::json;

fn load(bytes: &[u8]) -> content::nuxt::Loaded {
    content::load_source(bytes, "payload.json", &Limits::default())
}

fn first_error(bytes: &[u8]) -> glossa::Error {
    let l = load(bytes);
    assert!(l.terms.is_empty(), "expected an error, got {} documents", l.terms.len());
    l.errors.into_iter().next().expect("an error")
}

/// A term payload whose body `value` is `nodes`.
fn term_with(nodes: serde_json::Value) -> String {
    nuxt_payload(
        &json!({"term-x/evil": {"id":"terms/x/evil.md","title":"Evil","category":"test","path":"/terms/x/evil",
            "body":{"type":"minimark","value":nodes}}}),
        1,
    )
}

#[test]
fn malformed_json_and_top_levels() {
    for (input, want) in [
        (&b""[..], "not valid JSON"),
        (b"[", "not valid JSON"),
        (b"{\"a\":1}", "invalid input"),
        (b"[]", "invalid input"),
        (b"42", "invalid input"),
        (b"\"str\"", "invalid input"),
        (b"[\"\xff\xfe\"]", "not valid JSON"),
        (b"[1,2] trailing", "not valid JSON"),
    ] {
        let e = first_error(input);
        assert!(e.to_string().contains(want), "{:?}: {e}", String::from_utf8_lossy(input));
    }
}

#[test]
fn truncations_and_mutations_of_the_seed_never_panic() {
    let seed = common::seed_bytes();
    for cut in (0..seed.len()).step_by(7) {
        let _ = load(&seed[..cut]);
    }
    // Deterministic byte mutations (xorshift), each loaded and rendered if it still decodes.
    let mut x: u64 = 0x9e3779b97f4a7c15;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let alphabet = b"[]{}\",:-0123456789 ntfeu\\";
    for _ in 0..3000 {
        let mut m = seed.clone();
        for _ in 0..1 + next() % 4 {
            let i = (next() % m.len() as u64) as usize;
            m[i] = alphabet[(next() % alphabet.len() as u64) as usize];
        }
        for t in load(&m).terms {
            let _ = render_term(&t, &RenderOptions::default()).to_fragment();
        }
    }
}

#[test]
fn deep_json_nesting_is_refused() {
    let deep = "[".repeat(100_000) + &"]".repeat(100_000);
    let e = first_error(deep.as_bytes());
    assert_eq!(
        e.to_string(),
        "[0] (slot 0): invalid input: a nested array or object where a reference (number) belongs"
    );
    let deep_obj = "[".to_owned() + &"{\"a\":".repeat(100_000) + "1" + &"}".repeat(100_000) + "]";
    assert!(matches!(first_error(deep_obj.as_bytes()).kind, ErrorKind::InvalidInput(_) | ErrorKind::Json(_)));
}

#[test]
fn deep_slot_chains_decode_without_recursion() {
    // 100 000 nested arrays as separate slots: [[1],[2],…,[]].
    let n = 100_000;
    let mut s = String::from("[");
    for i in 1..n {
        s.push_str(&format!("[{i}],"));
    }
    s.push_str("[]]");
    let g = devalue::decode(s.as_bytes(), &Revivers::new(), &Options::default()).unwrap();
    assert_eq!(g.len(), n);
    // …and 100 000 chained wrappers.
    let mut s = String::from("[");
    for i in 1..n {
        s.push_str(&format!("[\"ShallowReactive\",{i}],"));
    }
    s.push_str("\"end\"]");
    let g = devalue::decode(s.as_bytes(), &nuxt::revivers(), &Options::default()).unwrap();
    assert_eq!(g.as_str(g.root()), Some("end"));
}

#[test]
fn deep_body_nesting_is_a_clear_error() {
    let n = 100_000;
    // body.value = [["div",{},["div",{},…]]] written as slots.
    let mut s = String::from(r#"[{"data":1},{"t":2},{"title":3,"body":4},"T",{"type":5,"value":6},"minimark",[7],"#);
    let base = 7;
    for i in 0..n {
        let me = base + i * 2;
        s.push_str(&format!(
            "[{},{}{}],{{}},",
            n * 2 + base,
            me + 1,
            if i + 1 < n { format!(",{}", me + 2) } else { String::new() }
        ));
    }
    s.push_str("\"div\"]");
    let e = first_error(s.as_bytes());
    assert!(matches!(e.kind, ErrorKind::TooDeep { .. }), "{e}");
    assert!(e.to_string().starts_with("data.t.body.value[0][2][2]"), "{e}");
}

#[test]
fn body_cycles_are_detected() {
    // value[0] = ["p", {}, <itself>]
    let s = r#"[{"data":1},{"term-x":2},{"title":3,"body":4},"T",{"type":5,"value":6},"minimark",[7],[8,9,7],"p",{}]"#;
    let e = first_error(s.as_bytes());
    assert_eq!(e.kind, ErrorKind::Cycle);
    assert_eq!(e.path.to_string(), "data.term-x.body.value[0][2]");
}

#[test]
fn shared_subtree_bombs_are_bounded() {
    // Each level holds the previous one twice: 2^60 nodes if expanded.
    let mut s = String::from(r#"[{"data":1},{"t":2},{"title":3,"body":4},"T",{"type":5,"value":6},"minimark",[7],"#);
    let levels = 60;
    for i in 0..levels {
        let me = 7 + i * 2;
        let next = if i + 1 < levels { me + 2 } else { 7 + levels * 2 };
        s.push_str(&format!("[{},{},{next},{next}],{{}},", 7 + levels * 2 + 1, me + 1));
    }
    s.push_str("\"leaf\",\"b\"]");
    let e = first_error(s.as_bytes());
    assert!(matches!(e.kind, ErrorKind::TooManyNodes { .. } | ErrorKind::OverBudget { .. }), "{e}");
}

#[test]
fn size_and_value_limits() {
    let big = vec![b' '; 33 << 20];
    assert!(matches!(first_error(&big).kind, ErrorKind::TooLarge { .. }));
    // 10 million references in one slot: refused while parsing, without building them.
    let mut s = String::with_capacity(21_000_000);
    s.push_str("[[");
    for _ in 0..10_000_000 {
        s.push_str("1,");
    }
    s.push_str("1],0]");
    let limits = Limits { max_input_bytes: 64 << 20, ..Limits::default() };
    let e = devalue::decode(s.as_bytes(), &Revivers::new(), &Options { limits, lenient: false }).unwrap_err();
    assert!(matches!(e.kind, ErrorKind::TooManyValues { .. }), "{e}");
    // A sparse array claiming 4 billion elements costs nothing.
    let g = devalue::decode(b"[[-7,4294967295,5,1],\"x\"]", &Revivers::new(), &Options::default()).unwrap();
    assert!(g.len() < 4);
}

#[test]
fn wrong_shapes_name_their_location() {
    let e = first_error(term_with(json!([["p", {}, "ok"], 42.5, {"type":"weird"}])).as_bytes());
    assert_eq!(e.to_string(), "data.term-x/evil.body.value[2]: unknown node type \"weird\"");
    let e = first_error(term_with(json!([[7, {}]])).as_bytes());
    assert!(e.to_string().starts_with("data.term-x/evil.body.value[0]: an element tuple must start"), "{e}");
    let e = first_error(
        nuxt_payload(&json!({"page": {"title": "x", "body": {"type":"minimark","value":"nope"}}}), 1).as_bytes(),
    );
    assert_eq!(e.to_string(), "data.page.body.value: expected an array of nodes");
}

#[test]
fn one_broken_document_does_not_hide_the_others() {
    let p = nuxt_payload(
        &json!({
            "good": {"title":"Good","body":{"type":"minimark","value":[["p",{},"fine"]]}},
            "bad": {"title":"Bad","body":{"type":"minimark","value":[[1]]}},
        }),
        1,
    );
    let l = load(p.as_bytes());
    assert_eq!(l.terms.len(), 1);
    assert_eq!(l.terms[0].title, "Good");
    assert_eq!(l.errors.len(), 1);
    assert!(l.errors[0].to_string().starts_with("data.bad.body.value[0]"));
}

#[test]
fn hostile_markup_never_reaches_the_output() {
    let nodes = json!([
        ["script", {}, "window.pwned = 1"],
        ["p", {"onclick": "pwned()", "OnMouseOver": "x()", "style": "background:url(https://evil/)", "is": "x-evil"}, "text"],
        ["a", {"href": "javascript:alert(1)"}, "js"],
        ["a", {"href": " JaVaScRiPt:alert(1)"}, "js2"],
        ["a", {"href": "data:text/html,<script>alert(1)</script>"}, "data"],
        ["a", {"href": "vbscript:msgbox(1)"}, "vb"],
        ["img", {"src": "x", "onerror": "alert(1)", "srcset": "javascript:alert(1)"}],
        ["iframe", {"srcdoc": "<script>alert(1)</script>"}, "frame"],
        ["object", {"data": "evil.swf"}],
        ["embed", {"src": "evil.swf"}],
        ["base", {"href": "https://evil/"}],
        ["meta", {"http-equiv": "refresh", "content": "0;url=https://evil/"}],
        ["form", {"action": "https://evil/"}, ["button", {"formaction": "javascript:alert(1)"}, "go"]],
        ["svg", {}, ["script", {}, "alert(1)"]],
        ["math", {}, ["maction", {"xlink:href": "javascript:alert(1)"}, "m"]],
        ["p", {"id": "__proto__", "name": "cookie"}, "clobber"],
        ["style", {}, "body{display:none} .sX{--shiki-default:url(https://evil/)}"],
        ["callout", {"type": "warning\" onload=\"x"}, "careful"],
        ["h2", {"id": "x\" onmouseover=\"alert(1)"}, "Heading"]
    ]);
    let l = load(term_with(nodes).as_bytes());
    assert!(l.errors.is_empty(), "{:?}", l.errors);
    let r = render_term(&l.terms[0], &RenderOptions::default());
    let html = r.markup().to_ascii_lowercase();
    for bad in [
        "<script",
        "javascript:",
        "vbscript:",
        "data:text",
        "onclick",
        "onmouseover",
        "onerror",
        "onload",
        "<iframe",
        "srcdoc",
        "<object",
        "<embed",
        "<base",
        "<meta",
        "<form",
        "formaction",
        "<svg",
        "<math",
        "xlink",
        "name=\"cookie\"",
        "id=\"__proto__\"",
        "style=",
        "url(",
        " is=",
        "srcset",
        "<style",
        "pwned",
    ] {
        assert!(!html.contains(bad), "{bad:?} survived in {html}");
    }
    assert!(html.contains("clobber") && html.contains("careful") && html.contains("heading"));
    assert!(!r.css.contains("url("), "{}", r.css);
}

#[test]
fn hostile_markdown_is_sanitised() {
    let md = "---\ntitle: \"\\u202Eevil\u{200b}Title\"\n---\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) [y](java&#115;cript:alert(2)) <img src=x onerror=alert(3)>\n\n<a href=\"javascript&colon;alert(4)\">z</a>\n\n<details open ontoggle=alert(5)><summary>s</summary>d</details>\n";
    let l = content::load_source(md.as_bytes(), "evil.md", &Limits::default());
    let t = &l.terms[0];
    assert_eq!(render_term(t, &RenderOptions::default()).markup().matches("Title").count(), 1);
    let html = render_term(t, &RenderOptions::default()).markup().to_ascii_lowercase();
    for bad in ["<script", "javascript", "onerror", "ontoggle", "\u{202e}", "\u{200b}"] {
        assert!(!html.contains(bad), "{bad:?} survived in {html}");
    }
    assert!(html.contains("<details open=\"\">"), "{html}");
}

#[test]
fn yaml_bombs_and_bad_front_matter() {
    let bomb = "---\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n---\nbody";
    let l = content::load_source(bomb.as_bytes(), "bomb.md", &Limits::default());
    assert!(l.errors[0].to_string().contains("aliases"), "{:?}", l.errors);
    let l = content::load_source(b"---\ntitle: [a, b]\n---\nx", "t.md", &Limits::default());
    assert_eq!(
        l.errors[0].to_string(),
        "front_matter.title: front matter: `title` must be text, not a list or mapping"
    );
    let l = content::load_source(b"---\ntitle: \"unterminated\n---\nx", "t.md", &Limits::default());
    assert!(l.errors[0].to_string().starts_with("front matter:"), "{:?}", l.errors);
}

#[test]
fn stringify_round_trip_of_hostile_keys() {
    // `__proto__` keys are refused like devalue does; `constructor` is an ordinary key.
    let e = first_error(br#"[{"data":1},{"__proto__":2},"x"]"#);
    assert_eq!(e.kind, ErrorKind::ProtoKey);
    assert_eq!(e.path.to_string(), "data");
    let p = stringify(&json!({"constructor": {"title": "C", "body": {"type": "minimark", "value": []}}}));
    let l = load(p.as_bytes());
    assert_eq!(l.terms[0].title, "C");
}

#[test]
fn lone_surrogates_become_replacement_characters() {
    // `JSON.stringify` writes unpaired surrogates (say, an emoji cut in half by `.slice`)
    // as escapes; browsers read them back, so must we.
    let p = |title: &str| {
        nuxt_payload(
            &json!({"term-x/e": {"id":"terms/x/e.md","title":"@@","path":"/terms/x/e",
                "body":{"type":"minimark","value":[]}}}),
            1,
        )
        .replace("@@", title)
        .into_bytes()
    };
    let title = |bytes: &[u8]| load(bytes).terms.first().map(|t| t.title.clone()).unwrap_or_default();
    assert_eq!(title(&p(r"A\ud83dB")), "A\u{FFFD}B");
    assert_eq!(title(&p(r"A\ude00")), "A\u{FFFD}");
    assert_eq!(title(&p(r"\ud83d\ud83d\ude00")), "\u{FFFD}😀");
    assert_eq!(title(&p(r"\ud83d\ude00 ok")), "😀 ok");
    // An escaped backslash followed by `ud800` is plain text, not an escape.
    assert_eq!(title(&p(r"a\\ud800")), r"a\ud800");
    // Invalid UTF-8 is not JSON: a clear error with the position.
    let mut bad = p("A_B");
    let at = bad.iter().position(|&b| b == b'_').unwrap();
    bad[at] = 0xFF;
    let e = first_error(&bad);
    assert!(e.to_string().starts_with("not valid JSON: invalid unicode code point at line 1 column"), "{e}");
}
