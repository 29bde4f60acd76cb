//! `glossa` command-line tool.
//!
//! ```text
//! glossa check FILE|DIR…        validate payloads and markdown; exit 1 on any problem
//! glossa render FILE [-o OUT]   render one term to a standalone HTML page
//! glossa decode FILE            print the decoded payload in the spec's $-encoding
//! ```

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use glossa::content::load_source;
use glossa::render::{render_term, RenderOptions};
use glossa::Limits;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("check") => check(&args[1..]),
        Some("render") => render(&args[1..]),
        Some("decode") => decode(&args[1..]),
        Some("-h" | "--help" | "help") | None => {
            println!("{}", USAGE);
            Ok(true)
        }
        Some(other) => Err(format!("unknown command `{other}`\n\n{USAGE}")),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("glossa: {e}");
            ExitCode::from(2)
        }
    }
}

const USAGE: &str = "usage:
  glossa check FILE|DIR...       validate payloads (.json, .html) and markdown (.md); exit 1 on any problem
  glossa render FILE [-o OUT]    render the term(s) in FILE as a standalone HTML page
  glossa decode FILE             print the decoded payload in the spec's $-encoding";

fn read(p: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()))
}

fn files(args: &[String]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for a in args {
        collect(Path::new(a), &mut out);
    }
    out
}

fn collect(p: &Path, out: &mut Vec<PathBuf>) {
    if p.is_dir() {
        let mut entries: Vec<PathBuf> =
            std::fs::read_dir(p).into_iter().flatten().flatten().map(|e| e.path()).collect();
        entries.sort();
        for e in entries {
            collect(&e, out);
        }
    } else if matches!(p.extension().and_then(|e| e.to_str()), Some("md" | "markdown" | "json" | "html")) {
        out.push(p.to_owned());
    }
}

fn check(args: &[String]) -> Result<bool, String> {
    if args.is_empty() {
        return Err("check needs at least one file or folder".into());
    }
    let limits = Limits::default();
    let (mut ok, mut bad) = (0usize, 0usize);
    for f in files(args) {
        let bytes = read(&f)?;
        let loaded = load_source(&bytes, &f.to_string_lossy(), &limits);
        for e in &loaded.errors {
            println!("{}: {e}", f.display());
            bad += 1;
        }
        ok += loaded.terms.len();
    }
    println!("{ok} documents ok, {bad} problems");
    Ok(bad == 0)
}

fn render(args: &[String]) -> Result<bool, String> {
    let file = args.first().ok_or("render needs a file")?;
    let out = args.iter().position(|a| a == "-o").and_then(|i| args.get(i + 1));
    let bytes = read(Path::new(file))?;
    let loaded = load_source(&bytes, file, &Limits::default());
    if let Some(e) = loaded.errors.first() {
        eprintln!("{file}: {e}");
    }
    let mut page =
        String::from("<!doctype html><meta charset=utf-8><meta name=viewport content=\"width=device-width\">");
    for t in &loaded.terms {
        page.push_str(&format!(
            "<title>{}</title>",
            glossa::render::html::to_string(&[glossa::render::Html::Text(t.title.clone())])
        ));
        page.push_str(&render_term(t, &RenderOptions::default()).to_fragment());
    }
    match out {
        Some(o) => std::fs::write(o, page).map_err(|e| format!("{o}: {e}"))?,
        None => println!("{page}"),
    }
    Ok(loaded.errors.is_empty())
}

fn decode(args: &[String]) -> Result<bool, String> {
    let file = args.first().ok_or("decode needs a file")?;
    let bytes = read(Path::new(file))?;
    let opts = glossa::decode::Options::default();
    match glossa::decode::nuxt::decode_payload(&bytes, &opts) {
        Ok((g, _)) => {
            let v = glossa::decode::expected::to_expected(&g);
            println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
            Ok(true)
        }
        Err(e) => {
            println!("{file}: {e}");
            Ok(false)
        }
    }
}
