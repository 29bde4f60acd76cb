//! The CLI: `build` round-trips (what it writes decodes back to the source terms),
//! it works on markdown folders, on the Kubernetes glossary and on folders of Nuxt
//! payloads, and `check` reports planted problems with file and payload path.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use glossa::content::{self, Kind};
use glossa::glossary::build::{build, Options};
use glossa::{Limits, Term};

/// Every file under `dir`, sorted.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

fn load_dir(dir: &Path) -> Vec<Term> {
    let files = files_under(dir).into_iter().filter(|p| {
        matches!(p.extension().and_then(|x| x.to_str()), Some("md" | "json")) && !p.ends_with("glossary.json")
    });
    let mut out = Vec::new();
    for f in files {
        let l = content::load_source(&std::fs::read(&f).unwrap(), &f.to_string_lossy(), &Limits::default());
        assert!(l.errors.is_empty(), "{}: {:?}", f.display(), l.errors);
        out.extend(l.terms.into_iter().filter(|t| t.kind == Kind::Term));
    }
    out
}

fn opts() -> Options {
    Options {
        title: "Test".into(),
        language: "en".into(),
        prerendered_at: 1,
        page: None,
        compact: false,
        chunked: None,
    }
}

fn tmp(name: &str) -> PathBuf {
    let d = common::repo().join("target/test-cli").join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn write(site: &glossa::glossary::build::Site, dir: &Path) {
    for f in &site.files {
        let p = dir.join(&f.path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, &f.bytes).unwrap();
    }
}

#[test]
fn build_round_trips_the_default_glossary() {
    let source = load_dir(&common::repo().join("www/terms"));
    assert!(source.len() >= 40, "the default glossary has {} terms", source.len());
    let site = build(&source, &opts());
    assert!(site.warnings.is_empty(), "{:?}", site.warnings);
    let dir = tmp("roundtrip");
    write(&site, &dir);
    let built = load_dir(&dir.join("terms"));
    assert_eq!(built.len(), source.len());
    for s in &source {
        let b = built.iter().find(|b| b.title == s.title).unwrap_or_else(|| panic!("{} missing", s.title));
        assert_eq!(b.acronym, s.acronym, "{}", s.title);
        assert_eq!(b.aliases, s.aliases, "{}", s.title);
        assert_eq!(b.category, s.category);
        assert_eq!(b.difficulty, s.difficulty);
        assert_eq!(b.description, s.description);
        assert_eq!(b.related, s.related, "{}: related titles keep their order", s.title);
        assert_eq!(b.body.nodes, s.body.nodes, "{}: same body tree", s.title);
        assert_eq!(b.toc.links, s.toc.links, "{}", s.title);
        assert_eq!(b.related_summaries.len(), s.related.len(), "{}: a summary for every related term", s.title);
        assert_eq!(b.slug, s.slug);
    }
    // The seed term keeps the seed's layout.
    let cc = built.iter().find(|t| t.title == "Chat Completion").unwrap();
    assert_eq!(cc.path.as_deref(), Some("/terms/c/chat-completion"));
    assert_eq!(cc.id, "terms/terms/c/chat-completion.md");
    // The manifest and index load.
    let m = glossa::glossary::Manifest::parse(&std::fs::read(dir.join("glossary.json")).unwrap()).unwrap();
    assert_eq!(m.terms.len(), source.len());
    let idx = glossa::search::format::decode(&std::fs::read(dir.join("search.glsi")).unwrap()).unwrap();
    assert_eq!(idx.search("chat completion", &Default::default()).results[0].id, "chat-completion");
    // A folder of Nuxt payloads builds too (and gives the same terms again).
    let again = build(&built, &opts());
    let dir2 = tmp("payloads");
    write(&again, &dir2);
    let rebuilt = load_dir(&dir2.join("terms"));
    for (x, y) in built.iter().zip(&rebuilt) {
        assert_eq!(x.body.nodes, y.body.nodes);
        assert_eq!(x.related_summaries, y.related_summaries);
    }
}

#[test]
fn build_resolves_kubernetes_links() {
    let Some(dir) = common::shared("corpus/kubernetes-glossary/content/en/docs/reference/glossary") else { return };
    let terms = load_dir(&dir);
    let site = build(&terms, &opts());
    assert_eq!(site.manifest.terms.len(), 140);
    assert!(site.warnings.is_empty(), "{:?}", site.warnings);
    let pod = site.files.iter().find(|f| f.path == "terms/p/pod/_payload.json").expect("pod payload");
    let l = content::load_source(&pod.bytes, "pod.json", &Limits::default());
    let t = &l.terms[0];
    assert!(!t.related.is_empty(), "related from glossary_tooltip links");
    // Links inside the body point at the linked terms' pages.
    let text = String::from_utf8(pod.bytes.clone()).unwrap();
    assert!(text.contains("\\u002Fterms\\u002Fc\\u002Fcontainer"), "links to /terms/c/container");
}

#[test]
fn check_reports_planted_problems() {
    let dir = tmp("check");
    std::fs::write(dir.join("good.md"), "---\ntitle: Good\n---\nFine.\n").unwrap();
    std::fs::write(dir.join("bad-yaml.md"), "---\ntitle: [unclosed\n---\nbody\n").unwrap();
    std::fs::write(
        dir.join("bad-ref.json"),
        r#"[{"data":1},{"term-x":2},{"title":3,"body":4},"T",{"type":5,"value":9},"minimark"]"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("bad-node.json"),
        r#"[{"data":1},{"term-x":2},{"title":3,"body":4},"T",{"type":5,"value":6},"minimark",[7],[8],42]"#,
    )
    .unwrap();
    std::fs::write(dir.join("glossary.json"), r#"{"terms":[{"id":"a","title":"A","url":"missing/_payload.json"}]}"#)
        .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_glossa")).arg("check").arg(&dir).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("bad-yaml.md: front matter"), "{text}");
    assert!(text.contains("bad-ref.json: data.term-x.body.value (slot 4): bad reference: slot 9 does not exist (the table has 6 slots)"), "{text}");
    assert!(
        text.contains("bad-node.json: data.term-x.body.value[0]: an element tuple must start with its tag name"),
        "{text}"
    );
    assert!(text.contains("glossary.json: terms[0].url: missing/_payload.json does not exist"), "{text}");
    assert!(text.contains("1 documents ok, 4 problems"), "{text}");
    let ok = Command::new(env!("CARGO_BIN_EXE_glossa")).arg("check").arg(dir.join("good.md")).output().unwrap();
    assert_eq!(ok.status.code(), Some(0));
}

/// `build --compact`: the manifest lists no terms; the index holds them, and each
/// entry's `termUrl` leads to the payload file the build wrote.
#[test]
fn compact_build_points_every_indexed_term_at_its_payload() {
    let source = load_dir(&common::repo().join("www/terms"));
    let site = build(&source, &Options { compact: true, ..opts() });
    let dir = tmp("compact");
    write(&site, &dir);
    let m = glossa::glossary::Manifest::parse(&std::fs::read(dir.join("glossary.json")).unwrap()).expect("manifest");
    assert!(m.terms.is_empty(), "compact manifests list no terms");
    assert!(m.term_url.is_some());
    let idx = glossa::search::format::decode(&std::fs::read(dir.join("search.glsi")).unwrap()).expect("index");
    assert_eq!(idx.docs().len(), source.len());
    for d in idx.docs() {
        let e = m.entry_from_index(d);
        assert!(dir.join(&e.url).is_file(), "{}: {} is not a file", d.id, e.url);
        let l = content::load_source(&std::fs::read(dir.join(&e.url)).unwrap(), &e.url, &Limits::default());
        assert_eq!(l.terms.first().map(|t| t.title.as_str()), Some(d.title.as_str()), "{}", e.url);
    }
    // A compact manifest without an index cannot work, and says why.
    let bad = br#"{"glossa":1,"termUrl":"{id}.json"}"#;
    let e = glossa::glossary::Manifest::parse(bad).unwrap_err().to_string();
    assert!(e.contains("termUrl") && e.contains("index"), "{e}");
}

/// `glossa index DOCS.json`: documents from any pipeline become a compact manifest
/// plus a search index that finds them.
#[test]
fn index_command_builds_a_searchable_compact_glossary() {
    let dir = tmp("index");
    let docs: Vec<serde_json::Value> = (0..500)
        .map(|i| {
            serde_json::json!({
                "id": format!("term-{i}"),
                "title": format!("Term {i} {}", ["alpha", "beta", "gamma", "delta"][i % 4]),
                "description": format!("Description number {i}."),
                "body": if i == 321 { "The quokka is a small marsupial." } else { "Ordinary text." },
                "category": if i % 2 == 0 { "ai" } else { "web" },
            })
        })
        .chain([serde_json::json!({ "title": "no id" })])
        .collect();
    std::fs::write(dir.join("docs.json"), serde_json::to_vec(&docs).unwrap()).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_glossa"))
        .args(["index", "docs.json", "-o", "out", "--term-url", "terms/{letter}/{id}.md", "--title", "Big"])
        .current_dir(&dir)
        .output()
        .unwrap();
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "a skipped document is a problem: {stdout}{stderr}");
    assert!(stderr.contains("docs.json[500]: a document needs a non-empty `id` and `title`"), "{stderr}");
    assert!(stdout.contains("indexed 500 documents"), "{stdout}");
    let m =
        glossa::glossary::Manifest::parse(&std::fs::read(dir.join("out/glossary.json")).unwrap()).expect("manifest");
    assert_eq!((m.title.as_str(), m.terms.len()), ("Big", 0));
    let idx = glossa::search::format::decode(&std::fs::read(dir.join("out/search.glsi")).unwrap()).expect("index");
    assert_eq!(idx.docs().len(), 500);
    let hits = idx.search("quokka", &glossa::search::SearchOptions::default());
    assert_eq!(hits.results.first().map(|r| r.id.as_str()), Some("term-321"));
    let e = m.entry_from_index(&idx.docs()[7]);
    assert_eq!(e.url, "terms/t/term-7.md");
}

#[test]
fn a_rebuild_overwrites_in_place_and_removes_only_what_is_gone() {
    let dir = tmp("rebuild");
    let src = dir.join("src");
    std::fs::create_dir_all(&src).unwrap();
    let term = |slug: &str, title: &str| {
        std::fs::write(
            src.join(format!("{slug}.md")),
            format!("---\ntitle: {title}\ndescription: About {title}.\n---\n\nBody.\n"),
        )
        .unwrap();
    };
    term("alpha", "Alpha");
    term("beta", "Beta");
    let run = || {
        let out = Command::new(env!("CARGO_BIN_EXE_glossa"))
            .args(["build", "src", "-o", "out"])
            .current_dir(&dir)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    };
    run();
    let payloads = |out: &Path| -> Vec<String> {
        files_under(out).iter().map(|p| p.strip_prefix(out).unwrap().to_string_lossy().replace('\\', "/")).collect()
    };
    let terms = dir.join("out/terms");
    let first = payloads(&terms);
    assert_eq!(first.len(), 2, "{first:?}");
    let beta = first.iter().find(|p| p.contains("beta")).unwrap().clone();
    let alpha = terms.join(first.iter().find(|p| p.contains("alpha")).unwrap());
    // A second name for the file: it sees the rebuild only if the file is written in place.
    std::fs::hard_link(&alpha, dir.join("alpha-link")).unwrap();
    // What an earlier build (or anyone) left among the terms goes; so does a term that is gone.
    std::fs::create_dir_all(terms.join("z/zeta")).unwrap();
    std::fs::write(terms.join("z/zeta/_payload.json"), "{}").unwrap();
    std::fs::remove_file(src.join("beta.md")).unwrap();
    term("gamma", "Gamma");
    run();
    let second = payloads(&terms);
    assert_eq!(second.len(), 2, "{second:?}");
    assert!(second.iter().any(|p| p.contains("alpha")) && second.iter().any(|p| p.contains("gamma")), "{second:?}");
    // A term still there is written over in place, not deleted and made again.
    #[cfg(unix)]
    assert_eq!(
        std::os::unix::fs::MetadataExt::nlink(&std::fs::metadata(&alpha).unwrap()),
        2,
        "{alpha:?} was made anew"
    );
    assert_eq!(std::fs::read(&alpha).unwrap(), std::fs::read(dir.join("alpha-link")).unwrap());
    // The folders left empty are removed too.
    let beta_dir = terms.join(&beta).parent().unwrap().to_owned();
    assert!(!beta_dir.exists() && !terms.join("z").exists(), "{beta_dir:?} or z/ left behind");
    let m =
        glossa::glossary::Manifest::parse(&std::fs::read(dir.join("out/glossary.json")).unwrap()).expect("manifest");
    let mut ids: Vec<&str> = m.terms.iter().map(|t| t.id.as_str()).collect();
    ids.sort();
    assert_eq!(ids, ["alpha", "gamma"]);
}
