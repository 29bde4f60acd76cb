//! The front matter parser (`glossa::content::front_matter`) against yaml-rust2, the crate it
//! replaces: every front matter of the shared glossaries (all languages), the repo's term
//! files, and hand-written YAML covering each construct. The `front_matter` fuzz target
//! compares random text likewise (contract in `fuzz/fuzz_targets/front_matter_ref.rs`).

mod common;

#[path = "../fuzz/fuzz_targets/front_matter_ref.rs"]
mod front_matter_ref;

use glossa::content::front_matter::{self, Value};
use glossa::content::markdown::split_front_matter;

fn md_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            md_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "md") {
            out.push(p);
        }
    }
}

#[test]
fn agrees_with_yaml_rust2_on_every_real_front_matter() {
    let mut files = Vec::new();
    md_files(&common::repo().join("www/terms"), &mut files);
    md_files(&common::repo().join("tests/fixtures"), &mut files);
    let shared = common::shared("corpus/kubernetes-glossary/content");
    if let Some(dir) = &shared {
        md_files(dir, &mut files);
    }
    let (mut compared, mut keys, mut diffs) = (0, 0, Vec::new());
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap_or_default();
        let Some((fm, _)) = split_front_matter(&text) else { continue };
        compared += 1;
        match front_matter::parse(fm) {
            Ok(m) => keys += m.len(),
            Err(e) if front_matter_ref::reference(fm).is_ok() => {
                diffs.push(format!("{}: ours refuses it: {e}", f.display()))
            }
            Err(_) => {}
        }
        if let Err(d) = front_matter_ref::compare(fm) {
            diffs.push(format!("{}: {d}", f.display()));
        }
    }
    eprintln!("compared {compared} front matters, {keys} keys, {} differ", diffs.len());
    let least = if shared.is_some() { 900 } else { 40 };
    assert!(compared >= least && keys > 4 * compared, "compared {compared} front matters ({keys} keys)");
    assert!(diffs.is_empty(), "{} differ:\n{}", diffs.len(), diffs.join("\n"));
}

/// Each construct the parser reads, in the shapes front matter uses it.
const CASES: &[&str] = &[
    "title: Pod\nid: pod\n",
    "title: 'It''s'\nb: \"a\\tb\\u00e9\\x41\\U0001F600\\\\\\\"\"\n",
    "a: \"one\n  two\n\n  three\"\n",
    "a: 'one\n  two\n\n\n  three'\n",
    "a: \"line \\\n  joined\"\n",
    "short_description: >\n  The smallest and simplest Kubernetes object.\n  A Pod represents a set.\n\naka:\ntags:\n- core-object\n- fundamental\n",
    "a: |\n  one\n   two\n\n  three\n\n\nb: x\n",
    "a: |-\n  one\n  two\n\n",
    "a: |+\n  one\n\n\nb: 1\n",
    "a: >-\n  folded\n  text\n\n  para\n    indented\n  back\n",
    "a: >2\n   lead\n  text\n",
    "a: |1\n  x\n",
    "a: |\n\n  after blank\n",
    "a: >\n\n\n",
    "a: |\nb: c\n",
    "list: [a, b , 'c d', \"e\", [f, g], {h: i}]\n",
    "aka: [\"MVP\"]\n",
    "m: {a: 1, b: [x, y], c: , 'd': \"e\"}\n",
    "m: [\n  a,\n  b, # note\n  c,\n]\n",
    "m: {}\nn: []\n",
    "full_link: /docs/reference/generated/kubernetes-api/{{< param \"version\" >}}/#hostalias-v1-core\n",
    "a: plain text # a comment\nb: text#not-a-comment\n",
    "a: multi\n  line\n\n  plain\n",
    "nested:\n  name: reference\n  weight: 10\n  deeper:\n    x: y\ntop: again\n",
    "seq:\n  - a\n  - b:\n      c: d\n  - - e\n    - f\n  -\n    g\n",
    "seq:\n- name: a\n  value: 1\n- name: b\n  value: 2\n",
    "numbers: 007\nhex: 0x1F\noct: 0o17\nfloat: 1.10\nexp: 1e3\ninf: .inf\nplus: +5\nneg: -3\n",
    "bools: [true, True, TRUE, false, yes, no, on]\nnulls: [~, null, Null, NULL]\n",
    "empty:\nquoted_null: 'null'\n~: dropped\n",
    "date: 2018-04-12\ntime: 2018-04-12T10:00:00Z\n",
    "url: http://example.com:8080/a?b=c#d\ncolon: a:b\n",
    "unicode: Größe — 用語集 — مصطلح\n\"quoted key\": v\n'single': w\n",
    "# only a comment\n\n",
    "",
    "  indented: top\n  level: map\n",
    "a: -1\nb: -x\nc: :x\nd: ?x\n",
    "a: 'x' # c\nb: [1, 2] # c\nc: {d: e} # c\n",
    "windows: line\r\nendings: too\r\n",
    "a: \"\\0\\a\\b\\v\\f\\r\\e\\ \\/\\N\\_\\L\\P\"\n",
];

#[test]
fn agrees_with_yaml_rust2_on_each_construct() {
    let mut diffs = Vec::new();
    for case in CASES {
        if let Err(e) = front_matter_ref::reference(case) {
            diffs.push(format!("{case:?}: yaml-rust2 refuses the case: {e}"));
        }
        match front_matter::parse(case) {
            Ok(_) => {}
            Err(e) => diffs.push(format!("{case:?}: ours refuses it: {e}")),
        }
        if let Err(d) = front_matter_ref::compare(case) {
            diffs.push(d.to_string());
        }
    }
    assert!(diffs.is_empty(), "{} of {} cases differ:\n{}", diffs.len(), CASES.len(), diffs.join("\n"));
}

#[test]
fn agrees_with_yaml_rust2_on_generated_front_matter() {
    // The fuzz target's generator, fed from a fixed pseudo-random sequence.
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut diffs = Vec::new();
    for _ in 0..3000 {
        let bytes: Vec<u8> = (0..48)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 24) as u8
            })
            .collect();
        let text = front_matter_ref::generated(&bytes);
        assert!(front_matter_ref::reference(&text).is_ok(), "the generator made invalid YAML: {text:?}");
        if let Err(d) = front_matter_ref::compare(&text) {
            diffs.push(d.to_string());
        }
    }
    assert!(diffs.is_empty(), "{} generated front matters differ:\n{}", diffs.len(), diffs.join("\n"));
}

/// Invalid YAML: both refuse it.
const INVALID: &[&str] = &[
    "a: b: c\n",
    "a: 'open\n",
    "a: \"bad \\q escape\"\n",
    "a: [1, 2\n",
    "a: {x: 1\n",
    "a: 1\n  b: 2\n",
    "a:\n  - x\n  y: z\n",
    "a: x\na: y\n",
    "a: \"x\" y\n",
    "- a\n- b\n",
    "just text\n",
];

#[test]
fn refuses_what_yaml_rust2_refuses() {
    for case in INVALID {
        let ours = front_matter::parse(case);
        assert!(ours.is_err(), "ours accepts {case:?} as {ours:?}");
        assert!(
            front_matter_ref::reference(case).is_err(),
            "yaml-rust2 accepts {case:?}: move it to the cases both read"
        );
    }
}

#[test]
fn refuses_left_out_features_saying_so() {
    for case in [
        "a: &x [1, 2]\nb: *x\n",
        "a: !!str 1\n",
        "%YAML 1.2\n---\na: b\n",
        "? complex\n: key\n",
        "a: [b: c]\n",
        "a: b\n--- \nc: d\n",
        "tab:\tvalue\n",
    ] {
        let e = front_matter::parse(case).expect_err(case);
        assert!(e.unsupported && e.message.contains("not supported"), "{case:?}: {e}");
    }
}

#[test]
fn bounded_nesting_and_positions_in_errors() {
    let deep = format!("a: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    let e = front_matter::parse(&deep).expect_err("too deep");
    assert!(e.message.contains("levels deep"), "{e}");
    let e = front_matter::parse("title: ok\nbad: 'never closed\n").expect_err("open quote");
    assert_eq!((e.line, e.column), (2, 6), "{e}");
    assert!(e.to_string().starts_with("line 2, column 6: "), "{e}");
}

#[test]
fn scalars_keep_the_authors_text() {
    let m = front_matter::parse("id: 007\nflag: True\nn: 0x1F\n").expect("valid");
    let texts: Vec<_> = m
        .iter()
        .map(|(k, v)| match v {
            Value::Scalar { text, .. } => format!("{k}={text}"),
            other => format!("{k}={other:?}"),
        })
        .collect();
    assert_eq!(texts, ["id=007", "flag=True", "n=0x1F"]);
}
