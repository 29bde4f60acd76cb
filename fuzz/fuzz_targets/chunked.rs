//! A chunked index (untrusted files): one of a small index's files — the root or any shard,
//! chosen by the first byte — replaced by the rest of the input, then queries answered the
//! way a page does (fetching what they ask for). Never a panic; whatever is accepted gives
//! results that name existing documents.
#![no_main]
use std::sync::OnceLock;

use glossa::glossary::documents::{self, Document};
use glossa::search::chunked::{self, Split, Store};
use glossa::search::{Scratch, SearchOptions};
use libfuzzer_sys::fuzz_target;

fn files() -> &'static (Vec<u8>, Vec<(String, Vec<u8>)>) {
    static FILES: OnceLock<(Vec<u8>, Vec<(String, Vec<u8>)>)> = OnceLock::new();
    FILES.get_or_init(|| {
        let words = ["pod", "node", "kubelet", "cluster", "container", "service", "volume", "secret", "ingress", "taint"];
        let docs: Vec<Document> = (0..40)
            .map(|i| Document {
                id: format!("t{i}"),
                title: format!("{} {}", words[i % 10], words[(i * 7 + 3) % 10]),
                acronym: (i % 5 == 0).then(|| "PV".to_owned()),
                aliases: Vec::new(),
                category: Some(["a", "b"][i % 2].to_owned()),
                difficulty: None,
                description: words.iter().cycle().skip(i).take(6).copied().collect::<Vec<_>>().join(" "),
                body: words.iter().cycle().skip(i * 3).take(30).copied().collect::<Vec<_>>().join(" "),
                url: String::new(),
                path: None,
            })
            .collect();
        let (_, idx, _) = documents::index(docs, 80);
        let f = chunked::split(&idx, Split { word_bytes: 256, vocab_bytes: 128, name_bytes: 64, titles: 4, docs: 3 });
        (f.root, f.shards)
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let (root, shards) = files();
    let which = pick as usize % (shards.len() + 1);
    let root: &[u8] = if which == shards.len() { rest } else { root };
    let Ok(mut store) = Store::new(root) else { return };
    let n = store.len();
    let mut scratch = Scratch::default();
    for q in ["pod", "kub", "clustr node", "pv", "s", "se vol"] {
        for _ in 0..6 {
            match store.search(&mut scratch, q, &SearchOptions::default()) {
                Ok(r) => {
                    assert!(r.results.iter().all(|x| (x.doc as usize) < n));
                    break;
                }
                Err(need) => {
                    for s in need {
                        let path = s.path();
                        let bytes = match shards.iter().position(|(p, _)| *p == path) {
                            Some(i) if i == which => rest,
                            Some(i) => &shards[i].1,
                            None => rest, // a root that names shards the index does not have
                        };
                        let _ = store.add(s, bytes);
                    }
                }
            }
        }
    }
});
