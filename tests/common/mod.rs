//! Shared test helpers: fixture and `../shared` locations.
#![allow(dead_code)]

use std::path::PathBuf;

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(rel: &str) -> PathBuf {
    repo().join("tests/fixtures").join(rel)
}

/// `../shared/<rel>` (or `$GLOSSA_SHARED/<rel>`) if present. When it is absent, the one place
/// that decides what a test needing it does: in CI (`CI=true`) it panics, because CI must run
/// every test; elsewhere it prints why and returns `None`, and the caller skips.
pub fn shared(rel: &str) -> Option<PathBuf> {
    let root = std::env::var_os("GLOSSA_SHARED").map(PathBuf::from).unwrap_or_else(|| repo().join("../shared"));
    let p = root.join(rel);
    if p.exists() {
        return Some(p);
    }
    let why = format!(
        "{} is absent (third-party material lives in ../shared; set GLOSSA_SHARED to point elsewhere)",
        p.display()
    );
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{why}: in CI (CI=true) the tests that need it must run, not skip");
    }
    // Straight to stderr: the test harness hides `eprintln!` output of passing tests.
    let _ = std::io::Write::write_all(&mut std::io::stderr(), format!("SKIP: {why}\n").as_bytes());
    None
}

pub fn seed_bytes() -> Vec<u8> {
    std::fs::read(fixture("seed/chat-completion.payload.json")).expect("seed fixture")
}

/// Compares JSON values treating integral floats and integers as equal.
pub fn json_eq(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value as J;
    match (a, b) {
        (J::Number(x), J::Number(y)) => x.as_f64() == y.as_f64(),
        (J::Array(x), J::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| json_eq(p, q)),
        (J::Object(x), J::Object(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|((k1, v1), (k2, v2))| k1 == k2 && json_eq(v1, v2))
        }
        _ => a == b,
    }
}
