//! The Kubernetes glossary (140 real term files, read in place from ../shared):
//! every file loads, shortcodes become term links that resolve, aliases and
//! summaries come out right.

mod common;

use std::collections::HashSet;

use glossa::content::{self, Kind};
use glossa::render::{render_term, RenderOptions};
use glossa::{Limits, Term};

fn load_all() -> Option<Vec<(String, Term)>> {
    let dir = common::shared("corpus/kubernetes-glossary/content/en/docs/reference/glossary")?;
    let mut out = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().map(|e| e.path()).collect();
    files.sort();
    for f in files {
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        let loaded = content::load_source(&std::fs::read(&f).unwrap(), &name, &Limits::default());
        assert!(loaded.errors.is_empty(), "{name}: {:?}", loaded.errors);
        assert_eq!(loaded.terms.len(), 1, "{name}");
        out.push((name, loaded.terms.into_iter().next().unwrap()));
    }
    Some(out)
}

#[test]
fn every_file_loads() {
    let Some(all) = load_all() else { return };
    assert_eq!(all.len(), 141);
    let terms: Vec<_> = all.iter().filter(|(_, t)| t.kind == Kind::Term).collect();
    assert_eq!(terms.len(), 140, "index.md is the glossary page, not a term");
    for (name, t) in &terms {
        assert!(!t.title.is_empty(), "{name}");
        assert!(t.description.as_deref().is_some_and(|d| !d.is_empty()), "{name}: no description");
        assert!(!t.body.nodes.is_empty(), "{name}: empty body");
        let html = render_term(t, &RenderOptions::default()).markup();
        assert!(!html.contains("{{"), "{name}: a shortcode survived");
    }
    let with_more = terms.iter().filter(|(_, t)| t.body.summary_len.is_some()).count();
    assert_eq!(with_more, 137, "137 of 140 files have <!--more-->");
}

#[test]
fn ids_aliases_and_titles() {
    let Some(all) = load_all() else { return };
    let get = |f: &str| &all.iter().find(|(n, _)| n == f).unwrap().1;
    assert_eq!(get("storage-class.md").id, "storageclass");
    assert_eq!(get("storage-class.md").slug, "storage-class");
    assert_eq!(get("group-version-resource.md").id, "gvr");
    assert!(get("group-version-resource.md").aliases.contains(&"GVR".to_string()));
    let cri = all.iter().find(|(_, t)| t.title.starts_with("Container runtime interface")).unwrap();
    assert!(cri.1.aliases.iter().any(|a| a == "CRI"), "{:?}", cri.1.aliases);
    let cla = all.iter().find(|(_, t)| t.title.starts_with("CLA")).unwrap();
    assert!(cla.1.aliases.iter().any(|a| a == "Contributor License Agreement"));
    assert_eq!(get("horizontal-pod-autoscaler.md").aliases, ["HPA"]);
    assert!(get("resource-quota.md").description.as_deref().unwrap().starts_with("Provides constraints"));
    assert_eq!(get("pod.md").tags, ["core-object", "fundamental"]);
}

#[test]
fn tooltip_links_resolve_case_insensitively() {
    let Some(all) = load_all() else { return };
    let names: HashSet<String> = all.iter().map(|(n, _)| n.trim_end_matches(".md").to_ascii_lowercase()).collect();
    let ids: HashSet<String> = all.iter().map(|(_, t)| t.id.to_ascii_lowercase()).collect();
    let mut links = 0;
    let mut linking_terms = 0;
    for (name, t) in &all {
        if !t.links.is_empty() {
            linking_terms += 1;
        }
        for l in &t.links {
            links += 1;
            let l = l.to_ascii_lowercase();
            assert!(names.contains(&l) || ids.contains(&l), "{name}: link to unknown term {l}");
        }
        // Links render as term links carrying the id.
        if let Some(first) = t.links.first() {
            let html = render_term(t, &RenderOptions::default()).markup();
            assert!(html.contains(&format!("data-glossa-term=\"{first}\"")), "{name}");
        }
    }
    assert_eq!(linking_terms, 91, "91 terms link out");
    assert_eq!(links, 170, "170 distinct (term, target) pairs");
}
