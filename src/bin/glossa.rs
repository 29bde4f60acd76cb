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

/// Like `println!`, but a closed pipe (`glossa docs … | head`) is not a panic.
macro_rules! outln {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($t)*);
    }};
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("check") => check(&args[1..]),
        Some("build") => build(&args[1..]),
        Some("docs") => docs(&args[1..]),
        Some("index") => index(&args[1..]),
        Some("bundle") => bundle(&args[1..]),
        Some("render") => render(&args[1..]),
        Some("decode") => decode(&args[1..]),
        Some("-h" | "--help" | "help") | None => {
            outln!("{}", USAGE);
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
  glossa build DIR -o OUT [--title TITLE] [--lang en] [--page TEMPLATE]
                                 turn a folder of markdown term files and/or payloads into a servable
                                 glossary: OUT/terms/<letter>/<slug>/_payload.json, OUT/glossary.json,
                                 OUT/search.glsi. --page says where term pages are for
                                 preview cards' \"Read more\" (e.g. '../index.html#/term/{id}')
  glossa build … --compact        leave the term list out of glossary.json (the index holds it): for
                                 glossaries of thousands of terms, so the browser never parses a huge list
  glossa build|index … --chunked  write the index as OUT/search/root.glsr and shards the browser fetches
                                 as queries need them (the default from 20 000 terms; --one-file: never)
  glossa build content/ -o OUT   a folder with one sub-folder per language (content/en/…, content/ja/…;
                                 the Kubernetes and CNCF layout) builds one glossary per language in
                                 OUT/<lang>/ and OUT/languages.json listing them; point data-glossary at
                                 it. --lang names the default language (en), whose terms stand in for
                                 missing translations. --languages takes any sub-folder names as
                                 languages; --one-language builds everything into one glossary
  glossa index DOCS.json -o OUT --term-url TEMPLATE [--title TITLE] [--page TEMPLATE] [--snippet-chars N]
                                 a compact glossary (OUT/glossary.json + OUT/search.glsi) from plain
                                 documents (the shape `glossa docs` prints); TEMPLATE is each term's
                                 payload URL relative to OUT, with {id}, {letter}, {path}; the index keeps
                                 the first N characters of each body for result snippets (default 600;
                                 0 keeps none: snippets come from descriptions, the index shrinks a lot)
  glossa bundle DIR -o glossary.html [--title TITLE] [--pkg pkg]
                                 one self-contained HTML file (widget, glossary, index, every term)
                                 that works offline, even opened from file:// — needs the built pkg/
  glossa docs FILE|DIR...        print the terms as plain JSON documents (id, title, acronym, aliases,
                                 category, difficulty, description, body) — e.g. to feed other search tools
  glossa render FILE [-o OUT]    render the term(s) in FILE as a standalone HTML page
  glossa decode FILE             print the decoded payload in the spec's $-encoding";

/// `--chunked` / `--one-file`: the index's layout (neither: chunked from
/// [`glossa::search::CHUNKED_FROM`] documents on).
fn chunked_flag(args: &[String]) -> Option<bool> {
    if args.iter().any(|a| a == "--one-file") {
        Some(false)
    } else if args.iter().any(|a| a == "--chunked") {
        Some(true)
    } else {
        None
    }
}

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
        if let Some(problems) = check_manifest(&f, &bytes) {
            for p in &problems {
                outln!("{}: {p}", f.display());
            }
            bad += problems.len();
            continue;
        }
        let loaded = load_source(&bytes, &f.to_string_lossy(), &limits);
        for e in &loaded.errors {
            outln!("{}: {e}", f.display());
            bad += 1;
        }
        for w in loaded.terms.iter().flat_map(|t| &t.warnings) {
            outln!("{}: warning: {w}", f.display());
        }
        ok += loaded.terms.len();
    }
    outln!("{ok} documents ok, {bad} problems");
    Ok(bad == 0)
}

/// `-o OUT` / `--title T` style options.
fn opt<'a>(args: &'a [String], names: &[&str]) -> Option<&'a String> {
    args.iter().position(|a| names.contains(&a.as_str())).and_then(|i| args.get(i + 1))
}

/// Options that take no value.
const FLAGS: &[&str] = &["--compact", "--languages", "--one-language"];

/// Positional arguments (everything that is not an option or its value).
fn positional(args: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let mut skip = false;
    for a in args {
        if skip {
            skip = false;
        } else if a.starts_with('-') {
            skip = !FLAGS.contains(&a.as_str());
        } else {
            out.push(a.clone());
        }
    }
    out
}

/// Loads every term under the given files/folders, printing problems; returns the terms and the problem count.
fn load_all(inputs: &[String]) -> (Vec<glossa::Term>, usize) {
    load_files(files(inputs))
}

/// [`load_all`] for a list of files.
fn load_files(paths: Vec<PathBuf>) -> (Vec<glossa::Term>, usize) {
    let limits = Limits::default();
    let mut terms = Vec::new();
    let mut problems = 0;
    for f in paths {
        let bytes = match read(&f) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{e}");
                problems += 1;
                continue;
            }
        };
        let loaded = load_source(&bytes, &f.to_string_lossy(), &limits);
        for e in &loaded.errors {
            eprintln!("{}: {e}", f.display());
            problems += 1;
        }
        for w in loaded.terms.iter().flat_map(|t| &t.warnings) {
            eprintln!("{}: warning: {w}", f.display());
        }
        terms.extend(loaded.terms);
    }
    (terms, problems)
}

fn docs(args: &[String]) -> Result<bool, String> {
    let (terms, problems) = load_all(&positional(args));
    let docs: Vec<serde_json::Value> = terms
        .iter()
        .filter(|t| t.kind == glossa::content::Kind::Term)
        .map(|t| {
            let mut body = String::new();
            glossa::search::index::prose_text(&t.body.nodes, &mut body);
            serde_json::json!({
                "id": t.slug, "title": t.title, "acronym": t.acronym, "aliases": t.aliases,
                "category": t.category.clone().or_else(|| t.tags.first().cloned()), "difficulty": t.difficulty,
                "description": t.description.clone().unwrap_or_default(),
                "body": body.split_whitespace().collect::<Vec<_>>().join(" "),
            })
        })
        .collect();
    outln!("{}", serde_json::to_string(&docs).map_err(|e| e.to_string())?);
    Ok(problems == 0)
}

fn index(args: &[String]) -> Result<bool, String> {
    use glossa::glossary::{documents, Manifest};
    let input = positional(args).into_iter().next().ok_or("index needs a JSON file of documents")?;
    let out = Path::new(opt(args, &["-o", "--out"]).ok_or("index needs -o OUT")?);
    let term_url = opt(args, &["--term-url"]).ok_or("index needs --term-url TEMPLATE (e.g. 'terms/{id}.md')")?;
    let docs: Vec<documents::Document> =
        serde_json::from_slice(&read(Path::new(&input))?).map_err(|e| format!("{input}: {e}"))?;
    let snippet = match opt(args, &["--snippet-chars"]) {
        Some(n) => n.parse().map_err(|_| format!("--snippet-chars: `{n}` is not a number"))?,
        None => glossa::search::index::BODY_SNIPPET_CHARS,
    };
    let (entries, idx, problems) = documents::index(docs, snippet);
    for p in &problems {
        eprintln!("{input}{p}");
    }
    let mut manifest = Manifest::default();
    manifest.title = opt(args, &["--title"]).cloned().unwrap_or_else(|| "Glossary".into());
    manifest.language = Some(opt(args, &["--lang"]).cloned().unwrap_or_else(|| "en".into()));
    let (index_path, files) = glossa::search::index_files(&idx, chunked_flag(args));
    manifest.index = Some(index_path.clone());
    manifest.page = opt(args, &["--page"]).cloned();
    manifest.term_url = Some(term_url.clone());
    let json = serde_json::to_vec_pretty(&manifest).map_err(|e| e.to_string())?;
    let bytes: usize = files.iter().map(|f| f.1.len()).sum();
    let files: Vec<glossa::glossary::build::File> = files
        .into_iter()
        .chain([("glossary.json".to_owned(), json)])
        .map(|(path, bytes)| glossa::glossary::build::File { path, bytes })
        .collect();
    write_files(out, &files, &[])?;
    outln!(
        "indexed {} documents into {} ({} bytes of index; {} skipped)",
        entries.len(),
        out.display(),
        bytes,
        problems.len()
    );
    Ok(problems.is_empty())
}

fn build_site(args: &[String], page: Option<String>) -> Result<(glossa::glossary::build::Site, usize), String> {
    let inputs = positional(args);
    if inputs.is_empty() {
        return Err("needs a folder (or files) of terms".into());
    }
    let title = opt(args, &["--title"]).cloned().unwrap_or_else(|| "Glossary".into());
    let (terms, problems) = load_all(&inputs);
    if terms.is_empty() {
        return Err(format!("no terms found in {}", inputs.join(", ")));
    }
    let options = glossa::glossary::build::Options {
        title,
        language: opt(args, &["--lang"]).cloned().unwrap_or_else(|| "en".into()),
        prerendered_at: stamp(),
        page: page.or_else(|| opt(args, &["--page"]).cloned()),
        compact: args.iter().any(|a| a == "--compact"),
        chunked: chunked_flag(args),
    };
    Ok((glossa::glossary::build::build(&terms, &options), problems))
}

fn bundle(args: &[String]) -> Result<bool, String> {
    let out = opt(args, &["-o", "--out"]).ok_or("bundle needs -o FILE.html")?;
    let pkg = Path::new(opt(args, &["--pkg"]).map(String::as_str).unwrap_or("pkg"));
    let read_pkg = |f: &str| {
        std::fs::read(pkg.join(f)).map_err(|e| {
            format!("{}: {e} (build the widget first: npm start, or bash .ci/build)", pkg.join(f).display())
        })
    };
    let wasm = read_pkg("glossa_core_bg.wasm")?;
    let js = String::from_utf8(read_pkg("glossa.inline.js")?).map_err(|e| e.to_string())?;
    // One page holds everything: its index is one file, however large the glossary.
    let args: Vec<String> = args.iter().cloned().chain(["--one-file".to_owned()]).collect();
    let (site, problems) = build_site(&args, Some("#/term/{id}".into()))?;
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD;
    // Binary data goes in as base64 of its gzip form (`gzip64:`): gzip cannot see through
    // base64, so this keeps the page's own compression close to the data's.
    let gzip64 = |bytes: &[u8]| -> Result<String, String> {
        use std::io::Write as _;
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(bytes).and_then(|()| e.finish()).map(|z| b64.encode(z)).map_err(|e| e.to_string())
    };
    let mut files = serde_json::Map::new();
    for f in &site.files {
        let v = match std::str::from_utf8(&f.bytes) {
            Ok(s) if !f.path.ends_with(".glsi") => s.to_owned(),
            _ => format!("gzip64:{}", gzip64(&f.bytes)?),
        };
        files.insert(f.path.clone(), serde_json::Value::String(v));
    }
    // Inside <script>, `</` must not appear: `<\/` is the same JSON string.
    let data = serde_json::to_string(&files).map_err(|e| e.to_string())?.replace("</", "<\\/");
    let js = js.replace("</script", "<\\/script");
    let esc = |s: &str| glossa::render::html::to_string(&[glossa::render::Html::Text(s.to_owned())]);
    let title = esc(&site.manifest.title);
    let lang = esc(site.manifest.language.as_deref().unwrap_or("en"));
    let page = format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title}</title>\n<link rel=\"icon\" href=\"data:,\">\n\
         <meta name=\"generator\" content=\"glossa bundle\">\n\
         <style>body{{margin:0;background:Canvas;color:CanvasText;font-family:system-ui,sans-serif}}</style>\n\
         <script type=\"application/octet-stream\" id=\"glossa-wasm\">{}</script>\n\
         <script type=\"application/json\" id=\"glossa-files\">{data}</script>\n\
         <script type=\"module\">{js}</script>\n</head>\n<body>\n<glossa-glossary manage-title></glossa-glossary>\n\
         <noscript><p>This glossary needs JavaScript.</p></noscript>\n</body>\n</html>\n",
        gzip64(&wasm)?
    );
    std::fs::write(out, &page).map_err(|e| format!("{out}: {e}"))?;
    for w in &site.warnings {
        eprintln!("warning: {w}");
    }
    outln!("bundled {} terms into {out} ({} bytes; {} skipped with problems)", site.terms, page.len(), problems);
    Ok(true)
}

/// The language folders of a multilingual glossary (`content/<lang>/…`, the Kubernetes and
/// CNCF layout): at least two sub-folders of `dir` (or of `dir/content`) named by language
/// tags that hold term files, and no term files outside them. `force` takes any sub-folders.
/// Each language comes with its files (the folder is walked once).
fn language_folders(dir: &Path, force: bool) -> Option<Vec<(String, Vec<PathBuf>)>> {
    let walk = |p: &Path| {
        let mut out = Vec::new();
        collect(p, &mut out);
        out
    };
    for d in [dir.to_owned(), dir.join("content")] {
        let Ok(rd) = std::fs::read_dir(&d) else { continue };
        let mut subs: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
        subs.sort();
        let loose = subs.iter().any(|p| !p.is_dir() && !walk(p).is_empty());
        let with_terms: Vec<(String, Vec<PathBuf>)> = subs
            .iter()
            .filter(|p| p.is_dir())
            .filter_map(|p| Some((p.file_name()?.to_str()?.to_owned(), walk(p))))
            .filter(|(_, files)| !files.is_empty())
            .collect();
        let all_langs = with_terms.iter().all(|(n, _)| force || glossa::glossary::languages::is_language_tag(n));
        if with_terms.len() >= 2 && all_langs && !loose {
            return Some(with_terms);
        }
    }
    None
}

fn stamp() -> u64 {
    std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.parse::<u64>().ok()).map(|s| s * 1000).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0)
    })
}

/// Writes built files under `out`, replacing the term folders of an earlier build there.
///
/// Files this build writes again are overwritten in place; only what it no longer writes is
/// removed (with the folders that leaves empty). Deleting every term folder first made a
/// rebuild of 100 000 terms take twice as long as the first build: on ext4 mounted with
/// `discard`, removing the old folders alone took 32 s.
fn write_files(out: &Path, files: &[glossa::glossary::build::File], old_terms: &[PathBuf]) -> Result<(), String> {
    let written: std::collections::HashSet<PathBuf> = files.iter().map(|f| out.join(&f.path)).collect();
    for dir in old_terms {
        if dir.is_dir() {
            remove_stale(dir, &written)?;
        }
    }
    // Beside each manifest, an index left from an earlier build in either layout (one file,
    // or a chunked folder) would be fetched by nobody.
    for f in files.iter().filter(|f| f.path.rsplit('/').next() == Some("glossary.json")) {
        let dir = out.join(f.path.trim_end_matches("glossary.json"));
        let _ = std::fs::remove_file(dir.join("search.glsi"));
        let _ = std::fs::remove_dir_all(dir.join("search"));
    }
    for f in files {
        let p = out.join(&f.path);
        if let Some(dir) = p.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        std::fs::write(&p, &f.bytes).map_err(|e| format!("{}: {e}", p.display()))?;
    }
    Ok(())
}

/// Removes the files under `dir` that are not in `keep`, and the folders left empty;
/// returns whether `dir` itself is gone.
fn remove_stale(dir: &Path, keep: &std::collections::HashSet<PathBuf>) -> Result<bool, String> {
    let fail = |p: &Path, e: std::io::Error| format!("{}: {e}", p.display());
    let mut empty = true;
    for entry in std::fs::read_dir(dir).map_err(|e| fail(dir, e))? {
        let entry = entry.map_err(|e| fail(dir, e))?;
        let path = entry.path();
        // (A link is removed, never followed: as `remove_dir_all` did.)
        if entry.file_type().map_err(|e| fail(&path, e))?.is_dir() {
            empty &= remove_stale(&path, keep)?;
        } else if keep.contains(&path) {
            empty = false;
        } else {
            std::fs::remove_file(&path).map_err(|e| fail(&path, e))?;
        }
    }
    if empty {
        std::fs::remove_dir(dir).map_err(|e| fail(dir, e))?;
    }
    Ok(empty)
}

/// `glossa build content/ -o OUT` on a folder per language: OUT/<lang>/… and OUT/languages.json.
fn build_languages(args: &[String], folders: Vec<(String, Vec<PathBuf>)>, out: &Path) -> Result<bool, String> {
    use glossa::glossary::{build, languages};
    let mut sources = Vec::new();
    let mut problems = 0;
    for (lang, files) in folders {
        let (terms, p) = load_files(files);
        problems += p;
        sources.push((lang, terms));
    }
    let default = opt(args, &["--lang"]).cloned().unwrap_or_else(|| "en".into());
    let options = build::Options {
        title: opt(args, &["--title"]).cloned().unwrap_or_default(),
        language: default.clone(),
        prerendered_at: stamp(),
        page: opt(args, &["--page"]).cloned(),
        compact: args.iter().any(|a| a == "--compact"),
        chunked: chunked_flag(args),
    };
    let multi = languages::build_all(&sources, &default, &options);
    let old: Vec<PathBuf> = if out.join(languages::FILE).exists() {
        sources.iter().map(|(l, _)| out.join(l).join("terms")).collect()
    } else {
        Vec::new()
    };
    write_files(out, &multi.files, &old)?;
    for w in &multi.warnings {
        eprintln!("warning: {w}");
    }
    for l in &multi.languages.languages {
        outln!("  {}: {} terms ({} in its own words) — {}", l.lang, l.terms, l.translated, l.glossary);
    }
    let bytes: usize = multi.files.iter().map(|f| f.bytes.len()).sum();
    outln!(
        "built {} languages into {} (default {}; {} files, {} bytes; {} skipped with problems) — point data-glossary at {}",
        multi.languages.languages.len(),
        out.display(),
        multi.languages.default,
        multi.files.len(),
        bytes,
        problems,
        out.join(languages::FILE).display()
    );
    Ok(true)
}

fn build(args: &[String]) -> Result<bool, String> {
    let out = opt(args, &["-o", "--out"]).ok_or("build needs -o OUT")?;
    let inputs = positional(args);
    if let [one] = inputs.as_slice() {
        if !args.iter().any(|a| a == "--one-language") {
            if let Some(folders) = language_folders(Path::new(one), args.iter().any(|a| a == "--languages")) {
                return build_languages(args, folders, Path::new(out));
            }
        }
    }
    let (site, problems) = build_site(args, None)?;
    let out = Path::new(out);
    let old = if out.join("glossary.json").exists() { vec![out.join("terms")] } else { Vec::new() };
    write_files(out, &site.files, &old)?;
    for w in &site.warnings {
        eprintln!("warning: {w}");
    }
    let bytes: usize = site.files.iter().map(|f| f.bytes.len()).sum();
    outln!(
        "built {} terms into {} ({} files, {} bytes; {} skipped with problems)",
        site.terms,
        out.display(),
        site.files.len(),
        bytes,
        problems
    );
    Ok(true)
}

/// A glossary manifest: its own problems plus payload files it names that do not exist.
/// `None` when the file is not a manifest.
fn check_manifest(f: &Path, bytes: &[u8]) -> Option<Vec<String>> {
    let v: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    v.as_object()?.get("terms")?;
    let m = match glossa::glossary::Manifest::parse(bytes) {
        Ok(m) => m,
        Err(e) => return Some(vec![e.to_string()]),
    };
    let dir = f.parent().unwrap_or(Path::new("."));
    let mut problems = Vec::new();
    for (i, e) in m.terms.iter().enumerate() {
        if !e.url.contains("://") && !dir.join(e.url.split(['?', '#']).next().unwrap_or("")).exists() {
            problems.push(format!("terms[{i}].url: {} does not exist", e.url));
        }
    }
    if let Some(ix) = &m.index {
        if !ix.contains("://") && !dir.join(ix).exists() {
            problems.push(format!("index: {ix} does not exist"));
        }
    }
    Some(problems)
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
        None => outln!("{page}"),
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
            outln!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
            Ok(true)
        }
        Err(e) => {
            outln!("{file}: {e}");
            Ok(false)
        }
    }
}
