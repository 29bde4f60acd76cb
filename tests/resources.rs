//! Bounded memory and linear work on hostile inputs, proven without a clock.
//!
//! A counting global allocator records the peak heap while each input is loaded,
//! rendered and indexed; the core's work counter (`glossa::limits::work`) and the
//! number of allocations stand in for time. Every family of hostile input is built at
//! two sizes, `n` and `4n`, and must
//! * peak at most `PEAK_FACTOR × input + PEAK_CONSTANT` bytes above the baseline, and
//! * do at most `4 × 1.3` times the work at `4n` as at `n` (plus a constant): linear.
//!
//! Each family is a review finding that once cost gigabytes or minutes (shared
//! documents, shared strings, `EmptyRef` re-parsing, highlight lookups, equal headings,
//! raw-text tags, …). The test runs them one after another in a single test, so the
//! allocator's figures belong to one input at a time.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use glossa::render::{render_term, RenderOptions};
use glossa::Limits;

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static ALLOCS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: defers to the system allocator; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(l) };
        if !p.is_null() {
            let now = CURRENT.fetch_add(l.size(), Relaxed) + l.size();
            PEAK.fetch_max(now, Relaxed);
            ALLOCS.fetch_add(1, Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { System.dealloc(p, l) };
        CURRENT.fetch_sub(l.size(), Relaxed);
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        let q = unsafe { System.realloc(p, l, new) };
        if !q.is_null() {
            if new >= l.size() {
                let now = CURRENT.fetch_add(new - l.size(), Relaxed) + (new - l.size());
                PEAK.fetch_max(now, Relaxed);
            } else {
                CURRENT.fetch_sub(l.size() - new, Relaxed);
            }
            ALLOCS.fetch_add(1, Relaxed);
        }
        q
    }
}

#[global_allocator]
static A: Counting = Counting;

/// Peak heap above the baseline may be this many times the input…
const PEAK_FACTOR: usize = 100;
/// …plus this much.
const PEAK_CONSTANT: usize = 8 << 20;

#[derive(Debug)]
struct Run {
    input: usize,
    peak: usize,
    work: u64,
    outcome: String,
}

/// Loads, renders and indexes one input the way the CLI's `render` and the widget do.
fn run(name: &str, bytes: &[u8], limits: &Limits) -> Run {
    let base = CURRENT.load(Relaxed);
    PEAK.store(base, Relaxed);
    let (steps0, allocs0) = (glossa::limits::work::steps(), ALLOCS.load(Relaxed));
    let loaded = glossa::content::load_source(bytes, name, limits);
    let mut outcome = match loaded.errors.first() {
        Some(e) => format!("{} term(s), error: {e}", loaded.terms.len()),
        None => format!("{} term(s)", loaded.terms.len()),
    };
    let mut html = 0;
    for t in &loaded.terms {
        html += render_term(t, &RenderOptions::default()).to_fragment().len();
    }
    let index = glossa::search::build(&loaded.terms);
    let _ = index.search("term", &Default::default());
    outcome.push_str(&format!(", {html} bytes of HTML"));
    drop((loaded, index));
    let work = (glossa::limits::work::steps() - steps0) + (ALLOCS.load(Relaxed) - allocs0) as u64;
    Run { input: bytes.len(), peak: PEAK.load(Relaxed).saturating_sub(base), work, outcome }
}

/// A devalue table (JSON text) from its slots.
fn table(slots: &[String]) -> String {
    format!("[{}]", slots.join(","))
}

/// `{data: {term-x: document}}` with the document in slot 3 and `value` (a list of slot numbers) as its body.
/// Returns the first slots; the caller appends the rest from slot `FIRST_FREE`.
fn doc_slots(value: &str) -> Vec<String> {
    vec![
        r#"{"data":1}"#.into(),
        r#"{"term-x":2}"#.into(),
        r#"{"title":3,"category":3,"body":4}"#.into(),
        r#""Hostile""#.into(),
        r#"{"type":5,"value":6}"#.into(),
        r#""minimark""#.into(),
        value.into(),
    ]
}
const FIRST_FREE: usize = 7;

fn refs(slot: usize, n: usize) -> String {
    format!("[{}]", vec![slot.to_string(); n].join(","))
}

type Family = (&'static str, &'static str, fn(usize) -> Vec<u8>);

fn families() -> Vec<Family> {
    vec![
        ("a document reachable through many array references", "p.json", |n| {
            // data.list = [doc, doc, …]: decoded once, not n times.
            let mut s = vec![r#"{"data":1}"#.into(), r#"{"list":2}"#.into(), refs(3, n)];
            s.extend([
                r#"{"title":4,"body":5}"#.into(),
                r#""T""#.into(),
                r#"{"type":6,"value":7}"#.into(),
                r#""minimark""#.into(),
                "[8]".into(),
                "[9,10,11]".into(),
                r#""p""#.into(),
                "{}".into(),
                format!("\"{}\"", "text ".repeat(400)),
            ]);
            table(&s).into_bytes()
        }),
        ("a long string shared by every node of the body", "p.json", |n| {
            // value = [p, p, p…], p = ["p", {}, S]: every use copies S.
            let mut s = doc_slots(&refs(FIRST_FREE, n));
            s.push(format!("[{},{},{}]", FIRST_FREE + 3, FIRST_FREE + 1, FIRST_FREE + 2));
            s.push("{}".into());
            s.push(format!("\"{}\"", "x".repeat(8192)));
            s.push(r#""p""#.into());
            table(&s).into_bytes()
        }),
        ("EmptyRef slots sharing one long JSON string", "p.json", |n| {
            // data.refs = [e1 … en], each ["EmptyRef", S] with S = "[0,0,…]".
            let mut s = vec![r#"{"data":1}"#.into(), r#"{"refs":2}"#.into()];
            s.push(format!("[{}]", (0..n).map(|i| (4 + i).to_string()).collect::<Vec<_>>().join(",")));
            s.push(format!("\"[{}]\"", vec!["0"; 20_000].join(",")));
            for _ in 0..n {
                s.push(r#"["EmptyRef",3]"#.into());
            }
            table(&s).into_bytes()
        }),
        ("a code block with a highlight on every line", "p.json", |n| {
            // ["pre", {highlights: [1…n]}, code of n lines]; the numbers are slots of their own.
            let mut s = doc_slots(&format!("[{FIRST_FREE}]"));
            let nums = FIRST_FREE + 5;
            let highlights = format!("[{}]", (0..n).map(|i| (nums + i).to_string()).collect::<Vec<_>>().join(","));
            s.push(format!("[{},{},{}]", FIRST_FREE + 4, FIRST_FREE + 1, FIRST_FREE + 3));
            s.push(format!(r#"{{"highlights":{}}}"#, FIRST_FREE + 2));
            s.push(highlights);
            s.push(format!("\"{}\"", "let x = 1;\\n".repeat(n)));
            s.push(r#""pre""#.into());
            s.extend((1..=n).map(|i| i.to_string()));
            table(&s).into_bytes()
        }),
        ("many headings with the same text", "p.json", |n| {
            let mut s = doc_slots(&refs(FIRST_FREE, n));
            s.push(format!("[{},{},{}]", FIRST_FREE + 3, FIRST_FREE + 1, FIRST_FREE + 2));
            s.push("{}".into());
            s.push(r#""Same heading""#.into());
            s.push(r#""h2""#.into());
            table(&s).into_bytes()
        }),
        ("distinct inline code colours (one rule each)", "p.json", |n| {
            // ["pre", {}, ["span", {class: line}, tok…]], tok = ["span", {style: "color:#…"}, "tok"]
            let mut s = doc_slots(&format!("[{FIRST_FREE}]"));
            let (pre, span, empty, line, text) =
                (FIRST_FREE + 1, FIRST_FREE + 2, FIRST_FREE + 3, FIRST_FREE + 4, FIRST_FREE + 5);
            let first_tok = FIRST_FREE + 8;
            s.push(format!("[{pre},{empty},{}]", FIRST_FREE + 6));
            s.extend([r#""pre""#.into(), r#""span""#.into(), "{}".into(), r#""line""#.into(), r#""tok""#.into()]);
            let toks: Vec<String> = (0..n).map(|i| (first_tok + 3 * i).to_string()).collect();
            s.push(format!("[{span},{},{}]", FIRST_FREE + 7, toks.join(",")));
            s.push(format!(r#"{{"class":{line}}}"#));
            for i in 0..n {
                let at = first_tok + 3 * i;
                s.push(format!("[{span},{},{text}]", at + 1));
                s.push(format!(r#"{{"style":{}}}"#, at + 2));
                s.push(format!("\"color:#{i:06x}\""));
            }
            table(&s).into_bytes()
        }),
        ("a table of contents whose levels share their children", "p.json", |n| {
            // toc.links = L0; every link of Li has children Li+1 (m^8 links if expanded).
            let m = n;
            let mut s = vec![
                r#"{"data":1}"#.into(),
                r#"{"term-x":2}"#.into(),
                r#"{"title":3,"body":4}"#.into(),
                r#""T""#.into(),
                r#"{"type":5,"value":6,"toc":7}"#.into(),
                r#""minimark""#.into(),
                "[]".into(),
                r#"{"title":3,"links":8}"#.into(),
            ];
            // Levels 8..16, each an array of m references to one link object of the level.
            for level in 0..8 {
                let list = 8 + level * 2;
                s.push(refs(list + 1, m));
                s.push(if level == 7 {
                    r#"{"id":3,"text":3}"#.into()
                } else {
                    format!(r#"{{"id":3,"text":3,"children":{}}}"#, list + 2)
                });
            }
            table(&s).into_bytes()
        }),
        ("many terms sharing one related list", "p.json", |n| {
            // n documents and one related-* list of n summaries: paired with every term.
            let mut data: Vec<String> = Vec::new();
            let mut s = vec![String::new()];
            let sum = r#"{"title":1,"path":1,"description":1}"#;
            s.push(format!("\"{}\"", "related ".repeat(64)));
            let mut items = Vec::new();
            for i in 0..n {
                let at = s.len();
                s.push(sum.into());
                items.push(at.to_string());
                let doc = s.len();
                s.push(format!(r#"{{"title":1,"category":1,"body":{}}}"#, doc + 1));
                s.push(format!(r#"{{"type":{},"value":{}}}"#, doc + 2, doc + 3));
                s.push(r#""minimark""#.into());
                s.push("[]".into());
                data.push(format!(r#""term-{i}":{doc}"#));
            }
            let list = s.len();
            s.push(format!("[{}]", items.join(",")));
            data.push(format!(r#""related-all":{list}"#));
            let d = s.len();
            s.push(format!("{{{}}}", data.join(",")));
            s[0] = format!(r#"{{"data":{d}}}"#);
            table(&s).into_bytes()
        }),
        ("raw-text tags in markdown HTML", "t.md", |n| {
            format!("---\ntitle: T\n---\n\n<div>{}</div>\n", "<title>x</title><TEXTAREA>y".repeat(n)).into_bytes()
        }),
        ("unterminated tags and attribute quotes in markdown HTML", "t.md", |n| {
            format!("---\ntitle: T\n---\n\n<div><a x=\"{}\n", "<a x=\"".repeat(n)).into_bytes()
        }),
        ("a fence with a huge highlight range list", "t.md", |n| {
            format!("---\ntitle: T\n---\n\n```js {{{}}}\nx\n```\n", vec!["1-1000"; n].join(",")).into_bytes()
        }),
        ("a reference link used many times", "t.md", |n| {
            format!("---\ntitle: T\n---\n\n{}\n\n[a]: https://example.com/{}\n", "[a] ".repeat(n), "u".repeat(4096))
                .into_bytes()
        }),
        ("deeply nested markdown HTML", "t.md", |n| {
            format!("---\ntitle: T\n---\n\n<div>{}x\n", "<span>".repeat(n)).into_bytes()
        }),
    ]
}

#[test]
fn hostile_inputs_take_bounded_memory_and_linear_work() {
    let limits = Limits { max_depth: 1_000_000, ..Limits::default() }; // clamped by the core
    let mut failures = Vec::new();
    let mut report = Vec::new();
    for (what, name, make) in families() {
        let (small, large) = (make(2_000), make(8_000));
        let a = run(name, &small, &limits);
        let b = run(name, &large, &limits);
        report.push(format!(
            "{what}: {} → {} bytes in; peak {} → {} kB ({:.0}× the input at 4n); work {} → {} ({:.2}×); {}",
            a.input,
            b.input,
            a.peak >> 10,
            b.peak >> 10,
            b.peak as f64 / b.input as f64,
            a.work,
            b.work,
            b.work as f64 / a.work.max(1) as f64,
            b.outcome
        ));
        for r in [&a, &b] {
            let bound = PEAK_FACTOR * r.input + PEAK_CONSTANT;
            if r.peak > bound {
                failures.push(format!("{what}: peak {} bytes for {} bytes of input (bound {bound})", r.peak, r.input));
            }
        }
        let linear = 4.0 * 1.3 * a.work as f64 + 50_000.0;
        if b.work as f64 > linear {
            failures.push(format!("{what}: work grew from {} to {} for 4× the input (not linear)", a.work, b.work));
        }
    }
    println!("{}", report.join("\n"));
    assert!(failures.is_empty(), "{}\n\nall runs:\n{}", failures.join("\n"), report.join("\n"));
}
