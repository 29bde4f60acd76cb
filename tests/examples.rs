//! The spec's real-world payloads (read in place from ../shared) decode to
//! exactly what devalue 5.9.1 + Nuxt's revivers produce, and each yields its documents.

mod common;

use glossa::content::{self, Kind};
use glossa::decode::{expected, nuxt, Options};
use glossa::render::{render_term, RenderOptions};
use glossa::Limits;

fn examples() -> Option<Vec<std::path::PathBuf>> {
    let dir = common::shared("spec/examples")?;
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    Some(files)
}

#[test]
fn every_example_decodes_to_its_expected_value() {
    let Some(files) = examples() else { return };
    assert!(files.len() >= 9, "expected the 9 spec examples, found {}", files.len());
    for f in files {
        let name = f.file_stem().unwrap().to_string_lossy().to_string();
        let exp_path = f.parent().unwrap().join("expected").join(format!("{name}.decoded.json"));
        let want: serde_json::Value = serde_json::from_slice(&std::fs::read(&exp_path).unwrap()).unwrap();
        let (g, _) = nuxt::decode_payload(&std::fs::read(&f).unwrap(), &Options::default())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let got = expected::to_expected(&g);
        assert!(common::json_eq(&got, &want), "{name}: decoded value differs from devalue's");
    }
}

#[test]
fn every_example_with_a_document_loads_and_renders() {
    let Some(files) = examples() else { return };
    for f in files {
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        let loaded = content::load_source(&std::fs::read(&f).unwrap(), &name, &Limits::default());
        if name.starts_with("20_") {
            // Inline state only (`data` lives in the separate _payload.json): no document, a clear error.
            assert!(loaded.terms.is_empty());
            assert!(
                loaded.errors[0].to_string().contains("no glossary term or content document"),
                "{:?}",
                loaded.errors
            );
            continue;
        }
        assert!(loaded.errors.is_empty(), "{name}: {:?}", loaded.errors);
        assert!(!loaded.terms.is_empty(), "{name}: no document found");
        for t in &loaded.terms {
            assert!(!t.title.is_empty(), "{name}: untitled");
            let html = render_term(t, &RenderOptions::default()).markup();
            assert!(!html.contains("<script") && !html.contains("<style"), "{name}");
        }
    }
}

#[test]
fn shiki_variants_render_with_scoped_colours() {
    let Some(dir) = common::shared("spec/examples") else { return };
    let load = |n: &str| {
        let f = std::fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(n))
            .unwrap();
        content::load_source(&std::fs::read(&f).unwrap(), &f.to_string_lossy(), &Limits::default()).terms
    };
    // (B) compressed classes: rules parsed from the trailing style element, scoped under .glossa.
    let docus = load("09_");
    let r = render_term(&docus[0], &RenderOptions::default());
    assert!(
        r.css.contains(".glossa .uc-sMK4o{--shiki-light:#39ADB5;--shiki-default:#89DDFF;--shiki-dark:#89DDFF}"),
        "{}",
        &r.css[..r.css.len().min(400)]
    );
    assert!(!r.css.contains("html"), "generic Shiki rules must not leak: {}", r.css);
    assert!(r.markup().contains("class=\"uc-sMK4o\""));
    // (A) inline variables become generated classes with the same variables.
    let v2 = load("07_");
    let r = render_term(&v2[0], &RenderOptions::default());
    assert!(r.css.contains("--shiki-default:") && r.css.contains("--shiki-dark:"), "{}", r.css);
    assert!(!r.markup().contains("style="), "no inline styles reach the markup");
    // v2 documents are pages, not glossary terms.
    assert_eq!(v2[0].kind, Kind::Page);
}

#[test]
fn minimal_body_type_and_components() {
    let Some(dir) = common::shared("spec/examples") else { return };
    let f = dir.join("03_AVmaster84_knowledgebase-nuxt__root.json");
    let t = &content::load_source(&std::fs::read(&f).unwrap(), "root.json", &Limits::default()).terms[0];
    let html = render_term(t, &RenderOptions::default()).markup();
    // `alert` becomes a callout aside, `counter` (no children) a plain container.
    assert!(html.contains("<aside class=\"glossa-callout"), "{html}");
    assert!(html.contains("data-component=\"counter\""), "{html}");
}

/// Payloads that hold the document one or more levels down — a route key mapping to
/// `{ page, surround }` as some Docus versions write, or a further wrapper — render like
/// any other (a document referenced many times is decoded once: tests/resources.rs).
#[test]
fn documents_inside_wrapper_objects() {
    use glossa::encode::nuxt_payload;
    use serde_json::json;
    let doc = json!({"title": "Installation", "path": "/docs/install", "description": "How to install.",
        "body": {"type": "minimark", "value": [["h2", {"id": "steps"}, "Steps"], ["p", {}, "Run the installer."]]}});
    let surround = json!([{"title": "Intro", "path": "/docs/intro"}, {"title": "Usage", "path": "/docs/usage"}]);
    for data in [
        json!({"/docs/install": {"page": doc, "surround": surround}}),
        json!({"content-/docs/install": {"result": {"page": doc}}}),
    ] {
        let bytes = nuxt_payload(&data, 1);
        let loaded = glossa::content::load_source(bytes.as_bytes(), "p/_payload.json", &glossa::Limits::default());
        assert!(loaded.errors.is_empty(), "{data}: {:?}", loaded.errors);
        assert_eq!(loaded.terms.len(), 1, "{data}: one document, found once");
        let t = &loaded.terms[0];
        assert_eq!(t.title, "Installation");
        let html = render_term(t, &RenderOptions::default()).markup();
        assert!(html.contains("Run the installer.") && html.contains("id=\"user-content-steps\""), "{html}");
    }
}
