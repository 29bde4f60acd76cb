//! The chunked index (`glossa::search::chunked`) against the single file it is cut from:
//! the same answers on the shared Kubernetes glossary and on a generated long-body glossary,
//! only the shards a query needs are asked for, and broken shards are errors, never panics.

mod common;

use std::collections::HashMap;

use glossa::content::{self, Kind};
use glossa::glossary::documents::{self, Document};
use glossa::search::chunked::{self, Files, Shard, Split, Store};
use glossa::search::{self, Index, Results, Scratch, SearchOptions};
use glossa::{Limits, Term};

fn kubernetes() -> Option<Vec<Term>> {
    let root = common::shared("corpus/kubernetes-glossary/content")?;
    let mut out = Vec::new();
    let mut langs: Vec<_> = std::fs::read_dir(root).unwrap().flatten().map(|e| e.path()).collect();
    langs.sort();
    for lang in langs {
        let dir = lang.join("docs/reference/glossary");
        let Ok(rd) = std::fs::read_dir(&dir) else { continue };
        let mut files: Vec<_> = rd.flatten().map(|e| e.path()).collect();
        files.sort();
        for f in files {
            let name = f.file_name().unwrap().to_string_lossy().to_string();
            let l = content::load_source(&std::fs::read(&f).unwrap(), &name, &Limits::default());
            out.extend(l.terms.into_iter().filter(|t| t.kind == Kind::Term));
        }
    }
    Some(out)
}

/// A deterministic long-body glossary: Zipf-distributed pseudo-words, bodies of 50–1 500
/// words that mention other terms' titles.
fn generated(n: usize, seed: u64) -> Vec<Document> {
    let mut x = seed;
    let mut rnd = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        (x >> 11) as f64 / (1u64 << 53) as f64
    };
    let syl = [
        "ka", "lo", "mi", "ne", "pu", "ra", "si", "to", "vu", "ze", "bri", "cla", "dro", "fle", "gru", "pla", "sto",
        "tre",
    ];
    let mut vocab: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    while vocab.len() < 6000 {
        let k = 2 + (rnd() * 2.0) as usize;
        let w: String = (0..k).map(|_| syl[(rnd() * syl.len() as f64) as usize % syl.len()]).collect();
        if seen.insert(w.clone()) {
            vocab.push(w);
        }
    }
    let cum: Vec<f64> = (1..=vocab.len())
        .scan(0.0, |t, r| {
            *t += 1.0 / (r as f64).powf(1.07);
            Some(*t)
        })
        .collect();
    let total = *cum.last().unwrap();
    let zipf = |rnd: &mut dyn FnMut() -> f64| {
        let v = rnd() * total;
        vocab[cum.partition_point(|&c| c < v).min(vocab.len() - 1)].clone()
    };
    let mut titles = std::collections::HashSet::new();
    let mut docs = Vec::new();
    while docs.len() < n {
        let k = 1 + (rnd() * 3.0) as usize;
        let title: Vec<String> = (0..k).map(|_| zipf(&mut rnd)).collect();
        let title = title.join(" ");
        if !titles.insert(title.clone()) {
            continue;
        }
        let len = 50 + (rnd().powi(3) * 1450.0) as usize;
        let body: Vec<String> = (0..len).map(|_| zipf(&mut rnd)).collect();
        let description: Vec<String> = (0..12).map(|_| zipf(&mut rnd)).collect();
        let acronym =
            (rnd() < 0.1).then(|| title.split(' ').filter_map(|w| w.chars().next()).collect::<String>().to_uppercase());
        docs.push(Document {
            id: format!("t{}", docs.len()),
            title,
            acronym,
            aliases: Vec::new(),
            category: Some(["ai", "web", "data"][docs.len() % 3].to_owned()),
            difficulty: None,
            description: description.join(" "),
            body: body.join(" "),
            url: String::new(),
            path: None,
        });
    }
    docs
}

fn files_of(f: &Files) -> HashMap<String, &[u8]> {
    f.shards.iter().map(|(p, b)| (p.clone(), b.as_slice())).collect()
}

/// Answers a query the way a page does: search, fetch what it asks for, search again.
/// Returns the results and the bytes fetched for it.
fn answer(store: &mut Store, files: &HashMap<String, &[u8]>, q: &str, opts: &SearchOptions) -> (Results, usize) {
    let mut scratch = Scratch::default();
    let mut fetched = 0;
    for _ in 0..5 {
        match store.search(&mut scratch, q, opts) {
            Ok(r) => return (r, fetched),
            Err(need) => {
                assert!(!need.is_empty());
                for s in need {
                    let bytes =
                        files.get(&s.path()).unwrap_or_else(|| panic!("{q:?}: asked for {s:?}, which is not a file"));
                    fetched += bytes.len();
                    store.add(s, bytes).unwrap();
                }
            }
        }
    }
    panic!("{q:?}: still missing shards after four rounds (vocabulary, postings, titles, documents)");
}

/// Every prefix of every title, the titles' words, and `extra`.
fn queries(idx: &Index, extra: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = extra.iter().map(|s| s.to_string()).collect();
    for d in idx.docs() {
        let t = d.title.to_lowercase();
        let mut cut: Vec<usize> = t.char_indices().map(|(i, _)| i).skip(1).collect();
        cut.push(t.len());
        out.extend(cut.into_iter().map(|i| t[..i].to_owned()));
        out.extend(t.split_whitespace().map(str::to_owned));
    }
    out.sort();
    out.dedup();
    out
}

/// The same answer: results, scores, snippets, totals (the did-you-mean suggestion is
/// compared apart: it is made from the words loaded).
fn same(a: &Results, b: &Results) -> bool {
    a.results == b.results && a.total == b.total && a.partial == b.partial
}

/// What [`compare`] found.
#[derive(Default)]
struct Found {
    /// Queries whose plan is complete and whose answers differ: must be none.
    diff: Vec<String>,
    /// Queries whose plan is not complete (long prefix ranges, typos), and of those, how many
    /// answer differently, and how many have a different first result.
    narrowed: usize,
    narrowed_diff: usize,
    narrowed_top1: usize,
    suggestions_differ: usize,
    most_bytes: usize,
    all_bytes: usize,
}

/// Runs `qs` on both.
fn compare(idx: &Index, split: Split, qs: &[String], opts: &SearchOptions) -> Found {
    let files = chunked::split(idx, split);
    let map = files_of(&files);
    let mut store = Store::new(&files.root).unwrap();
    let mut f = Found::default();
    for q in qs {
        let want = idx.search(q, opts);
        // A fresh store for some queries: answers never depend on what earlier queries loaded.
        if q.len() % 7 == 0 {
            store = Store::new(&files.root).unwrap();
        }
        let complete = store.plan(q, opts).complete;
        let (got, bytes) = answer(&mut store, &map, q, opts);
        f.most_bytes = f.most_bytes.max(bytes);
        f.all_bytes += bytes;
        f.suggestions_differ += usize::from(want.suggestion != got.suggestion);
        if !complete {
            f.narrowed += 1;
            f.narrowed_diff += usize::from(!same(&want, &got));
            let top1 = want.results.first().map(|r| &r.id) != got.results.first().map(|r| &r.id);
            f.narrowed_top1 += usize::from(top1);
            if top1 && std::env::var("SHOW").is_ok() {
                println!(
                    "{q:?} {:?}: single file {:?}, chunked {:?}",
                    store.plan(q, opts),
                    &titles(&want)[..want.results.len().min(3)],
                    &titles(&got)[..got.results.len().min(3)]
                );
            }
        } else if !same(&want, &got) {
            f.diff.push(format!("{q:?}: single file {:?}, chunked {:?}", titles(&want), titles(&got)));
        }
    }
    f
}

fn titles(r: &Results) -> Vec<&str> {
    r.results.iter().map(|x| x.title.as_str()).collect()
}

const SMALL: Split = Split { word_bytes: 2048, vocab_bytes: 1024, name_bytes: 512, titles: 8, docs: 4 };

#[test]
fn kubernetes_without_typos_identical() {
    let Some(terms) = kubernetes() else { return };
    let idx = search::build(&terms);
    let qs = queries(&idx, &["pod", "HPA", "container runtime", "cluster node", "kube", "api server", "cron job"]);
    for opts in [
        SearchOptions { fuzzy: false, ..Default::default() },
        SearchOptions { fuzzy: false, prefix: false, ..Default::default() },
        SearchOptions { fuzzy: false, category: Some("fundamental".into()), limit: 5, ..Default::default() },
    ] {
        let f = compare(&idx, SMALL, &qs, &opts);
        assert!(
            f.diff.is_empty(),
            "{} of {} queries answered differently:\n{}",
            f.diff.len(),
            qs.len(),
            f.diff.join("\n")
        );
        println!(
            "{} queries: {} with long prefix ranges, {} of them answered differently, first result {}",
            qs.len(),
            f.narrowed,
            f.narrowed_diff,
            f.narrowed_top1
        );
    }
}

#[test]
fn kubernetes_with_typos() {
    let Some(terms) = kubernetes() else { return };
    let idx = search::build(&terms);
    let fixture: Vec<(String, String, String)> =
        serde_json::from_slice(&std::fs::read(common::fixture("kubernetes-queries.json")).unwrap()).unwrap();
    let qs: Vec<String> = fixture.iter().map(|q| q.0.clone()).collect();
    let opts = SearchOptions::default();
    // One shard per few words: typo matching sees only the query word's letter range.
    let files = chunked::split(&idx, SMALL);
    let map = files_of(&files);
    let mut store = Store::new(&files.root).unwrap();
    let mut top1 = 0;
    for (q, want, _) in &fixture {
        let (r, _) = answer(&mut store, &map, q, &opts);
        top1 += usize::from(r.results.first().is_some_and(|x| &x.title == want));
    }
    let single = fixture
        .iter()
        .filter(|(q, want, _)| idx.search(q, &opts).results.first().is_some_and(|x| &x.title == want))
        .count();
    println!("fixture queries with typos on, small shards: top-1 chunked {top1}, single file {single} of {}", qs.len());
    assert!(top1 + 2 >= single, "chunked top-1 {top1} vs single file {single}");
    // The default split (as `glossa index --chunked` writes it): this glossary's letters fit.
    let f = compare(&idx, Split::default(), &qs, &opts);
    assert!(f.diff.is_empty(), "default split:\n{}", f.diff.join("\n"));
    assert!(f.narrowed_top1 == 0, "{} first results differ", f.narrowed_top1);
}

#[test]
fn generated_long_bodies() {
    let docs = generated(6000, 0x9e3779b97f4a7c15);
    let (_, idx, problems) = documents::index(docs, 200);
    assert!(problems.is_empty());
    let mut qs = queries(&idx, &[]);
    // A sample: every 29th title prefix, plus common words.
    qs = qs.into_iter().step_by(29).collect();
    qs.extend(["kaka", "lolo", "mimi", "kalo mine", "ka lo"].map(String::from));
    let split = Split::default();
    let files = chunked::split(&idx, split);
    let whole: usize = files.shards.iter().map(|s| s.1.len()).sum::<usize>() + files.root.len();
    println!("6 000 long-body terms: root {} B, {} shards, {whole} B in all", files.root.len(), files.shards.len());
    for opts in [SearchOptions { fuzzy: false, ..Default::default() }, SearchOptions::default()] {
        let f = compare(&idx, split, &qs, &opts);
        assert!(f.diff.is_empty(), "{} of {} differ:\n{}", f.diff.len(), qs.len(), f.diff.join("\n"));
        println!(
            "fuzzy {}: {} queries, {} narrowed ({} answered differently, {} with another first result); fetched per query: {} B on average, {} B at most",
            opts.fuzzy, qs.len(), f.narrowed, f.narrowed_diff, f.narrowed_top1, f.all_bytes / qs.len(), f.most_bytes
        );
        // A query fetches a small part of the index (fresh stores for a seventh of them).
        assert!(f.all_bytes / qs.len() * 20 < whole, "{} B per query of {whole}", f.all_bytes / qs.len());
    }
    // Narrowed answers are as relevant: every 11th term, looked for by its title with the last
    // word cut to three letters (the long prefix ranges) or with a typo.
    let files = chunked::split(&idx, split);
    let map = files_of(&files);
    let mut store = Store::new(&files.root).unwrap();
    let (mut single, mut chunk, mut n) = (0, 0, 0);
    for (i, d) in idx.docs().iter().enumerate().step_by(11) {
        let t = d.title.to_lowercase();
        let cut: String = match t.rsplit_once(' ') {
            Some((head, last)) => format!("{head} {}", last.chars().take(3).collect::<String>()),
            None => t.chars().take(t.chars().count().max(4) * 3 / 4).collect(),
        };
        let typo: String = t.chars().enumerate().filter(|(j, _)| *j != 2).map(|x| x.1).collect();
        for q in [cut, typo] {
            let opts = SearchOptions::default();
            n += 1;
            single += usize::from(idx.search(&q, &opts).results.first().is_some_and(|r| r.doc as usize == i));
            chunk +=
                usize::from(answer(&mut store, &map, &q, &opts).0.results.first().is_some_and(|r| r.doc as usize == i));
        }
    }
    println!("cut and typo'd titles: the term first for {chunk} of {n} (single file {single})");
    assert!(chunk * 100 >= single * 97, "chunked {chunk} vs single file {single} of {n}");
}

#[test]
fn only_the_shards_it_needs() {
    let docs = generated(2000, 7);
    let (_, idx, _) = documents::index(docs, 100);
    let files = chunked::split(&idx, SMALL);
    let store = Store::new(&files.root).unwrap();
    let opts = SearchOptions::default();
    // One or two letters: name shards only.
    for q in ["k", "kl", "zé"] {
        let plan = store.plan(q, &opts).shards;
        assert!(plan.iter().all(|s| matches!(s, Shard::Names(_))), "{q}: {plan:?}");
    }
    // A whole word without prefix or typos: the one shard holding it.
    let plan = store.plan("kalo", &SearchOptions { prefix: false, fuzzy: false, ..Default::default() }).shards;
    assert_eq!(plan.len(), 1, "{plan:?}");
    // Bounded however common the prefix.
    let words = files.shards.iter().filter(|s| s.0.starts_with("w/")).count();
    let plan = store.plan("ka lo mi ne pu", &opts).shards;
    assert!(plan.len() < words / 2 && plan.len() <= 5 * 9, "{} of {words} word shards", plan.len());
    // Empty and unknown queries need nothing they cannot have.
    assert!(store.plan("", &opts).shards.is_empty());
    let map = files_of(&files);
    let mut s = Store::new(&files.root).unwrap();
    let (r, _) = answer(&mut s, &map, "qqqqqqqq", &opts);
    assert!(r.results.is_empty());
}

#[test]
fn broken_shards_are_errors() {
    let docs = generated(300, 11);
    let (_, idx, _) = documents::index(docs, 100);
    let files = chunked::split(&idx, SMALL);
    // Truncations and flipped bytes of the root and of each kind of shard: an error or a
    // valid reading, never a panic; a wrong or misplaced shard is refused.
    let mut cases = 0;
    for cut in (0..files.root.len()).step_by(7) {
        let _ = Store::new(&files.root[..cut]);
        cases += 1;
    }
    let e = Store::new(b"GLSR\x09").err().unwrap().to_string();
    assert!(e.contains("version 9"), "{e}");
    let mut store = Store::new(&files.root).unwrap();
    for (path, bytes) in files.shards.iter().step_by(5) {
        let shard = parse(path);
        for cut in (5..bytes.len()).step_by(11) {
            let mut s = Store::new(&files.root).unwrap();
            if s.add(shard, &bytes[..cut]).is_ok() {
                // A shorter shard can only be accepted if it still reads as a whole one.
                panic!("{path}: truncated to {cut} of {} bytes, accepted", bytes.len());
            }
            cases += 1;
        }
        for i in (5..bytes.len()).step_by(3) {
            let mut b = bytes.clone();
            b[i] ^= 0x5a;
            let mut s = Store::new(&files.root).unwrap();
            let _ = s.add(shard, &b);
            let _ = s.search(&mut Scratch::default(), "kalo mi", &SearchOptions::default());
            cases += 1;
        }
        store.add(shard, bytes).unwrap();
    }
    // The wrong shard's bytes under another's name.
    let (p0, b0) = files.shards.iter().find(|s| s.0.starts_with("w/")).unwrap();
    let other = files.shards.iter().filter(|s| s.0.starts_with("w/")).nth(3).unwrap();
    let e = Store::new(&files.root).unwrap().add(parse(&other.0), b0).err().unwrap().to_string();
    assert!(e.contains(&other.0) && e.contains("range"), "{p0} as {}: {e}", other.0);
    let e = Store::new(&files.root).unwrap().add(Shard::Docs(0), b0).err().unwrap().to_string();
    assert!(e.contains("d/0.glsd") && e.contains("magic"), "{e}");
    assert!(cases > 500);
}

fn parse(path: &str) -> Shard {
    let (kind, rest) = path.split_once('/').unwrap();
    let k: u32 = rest.split('.').next().unwrap().parse().unwrap();
    match kind {
        "w" => Shard::Words(k),
        "n" => Shard::Names(k),
        "t" => Shard::Titles(k),
        "v" => Shard::Vocab(k),
        _ => Shard::Docs(k),
    }
}

#[test]
fn answers_hold_when_shards_are_let_go() {
    let docs = generated(1500, 5);
    let (_, idx, _) = documents::index(docs, 100);
    let files = chunked::split(&idx, SMALL);
    let map = files_of(&files);
    let mut store = Store::new(&files.root).unwrap();
    let opts = SearchOptions { fuzzy: false, ..Default::default() };
    let qs: Vec<String> = queries(&idx, &[]).into_iter().step_by(17).collect();
    let (mut let_go, mut refetched) = (0, 0);
    for (i, q) in qs.iter().enumerate() {
        let (got, fetched) = answer(&mut store, &map, q, &opts);
        assert!(same(&idx.search(q, &opts), &got), "{q:?}");
        // Asked again right away: everything is held.
        assert_eq!(answer(&mut store, &map, q, &opts).1, 0, "{q:?}");
        refetched += fetched;
        // Let go of all the last query does not hold on to (every other time, of what is over 64 kB).
        let before = store.held_bytes();
        store.trim(if i % 2 == 0 { 0 } else { 64 * 1024 });
        assert!(store.held_bytes() <= before);
        let_go += before - store.held_bytes();
    }
    assert!(let_go > 0 && refetched > 0, "the trims let {let_go} B go; {refetched} B fetched again");
}
