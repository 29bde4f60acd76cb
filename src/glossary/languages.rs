//! Multilingual glossaries: one glossary per language, and `languages.json` listing them.
//!
//! ```json
//! {
//!   "glossa": 1,
//!   "default": "en",
//!   "languages": [
//!     { "lang": "en", "title": "Glossary", "glossary": "en/glossary.json", "terms": 140, "translated": 140 },
//!     { "lang": "ja", "title": "用語集", "glossary": "ja/glossary.json", "terms": 140, "translated": 50 }
//!   ]
//! }
//! ```
//! `glossary` is relative to `languages.json`. A translation that lacks a term gets the
//! default language's (marked with its `lang`), as the Kubernetes docs do: `terms` counts
//! them, `translated` does not. Each language's manifest points back here (`languages`),
//! and its entries list the other languages that have them (`translations`).

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::build::{self, File, Options};
use super::manifest::VERSION;
use crate::content::{Kind, Term};

/// The file listing the languages, beside their folders.
pub const FILE: &str = "languages.json";

/// One language of a multilingual glossary.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Language {
    /// A BCP 47 tag, as the folder names it (`en`, `zh-cn`, `pt-br`).
    pub lang: String,
    #[serde(default)]
    pub title: String,
    /// Its manifest, relative to `languages.json`.
    pub glossary: String,
    /// Terms in its glossary, the default language's stand-ins included.
    #[serde(default)]
    pub terms: usize,
    /// Terms it has in its own words.
    #[serde(default)]
    pub translated: usize,
}

/// `languages.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Languages {
    pub glossa: u32,
    /// The language whose terms stand in for missing translations (and a reader whose
    /// language is not listed gets).
    pub default: String,
    pub languages: Vec<Language>,
}

impl Languages {
    /// The listed language for a reader's `lang`: the same tag (any case, `_` or `-`),
    /// else the same primary language (`zh-TW` → `zh-cn`, `pt` → `pt-br`), else the default.
    pub fn pick(&self, lang: Option<&str>) -> Option<&Language> {
        let i = pick(self.languages.iter().map(|l| l.lang.as_str()), &self.default, lang)?;
        self.languages.get(i)
    }
}

/// Which of `tags` serves a reader of `lang` (see [`Languages::pick`]): its position.
pub fn pick<'a>(tags: impl Iterator<Item = &'a str> + Clone, default: &str, lang: Option<&str>) -> Option<usize> {
    use crate::render::strings::primary;
    // Compared as ASCII without case, `_` as `-`.
    fn same(a: &str, b: &str) -> bool {
        let n = |c: u8| if c == b'_' { b'-' } else { c.to_ascii_lowercase() };
        a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| n(x) == n(y))
    }
    if let Some(want) = lang.map(str::trim).filter(|w| !w.is_empty()) {
        let exact = tags.clone().position(|l| same(l, want));
        if let Some(i) = exact.or_else(|| tags.clone().position(|l| primary(l) == primary(want))) {
            return Some(i);
        }
    }
    tags.clone().position(|l| l == default).or_else(|| tags.clone().next().map(|_| 0))
}

/// ISO 639-1 codes: a folder named one of these (with optional script and region subtags)
/// is a language folder.
const ISO_639_1: &str = "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy \
da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io \
is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na \
nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss \
st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu";

/// Whether a folder name is a language tag: an ISO 639-1 code, then optional subtags of
/// a script (`Hans`), a region (`cn`, `BR`, `419`) or a variant (`zh-cn`, `sr-latn-rs`).
pub fn is_language_tag(name: &str) -> bool {
    let mut parts = name.split(['-', '_']);
    let Some(primary) = parts.next() else { return false };
    let primary = primary.to_ascii_lowercase();
    if primary.len() != 2 || !ISO_639_1.split(' ').any(|c| c == primary) {
        return false;
    }
    parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// What [`build_all`] produced: every language's files under `<lang>/`, and `languages.json`.
pub struct Multi {
    pub files: Vec<File>,
    pub languages: Languages,
    /// Problems that did not stop the build, each naming its language.
    pub warnings: Vec<String>,
}

/// The key that makes a term the same term in every language: its file name (the
/// Kubernetes and CNCF layouts name translations after the English id), else its slug.
fn key(t: &Term) -> String {
    t.stem.as_deref().map(crate::content::last_segment).filter(|s| !s.is_empty()).unwrap_or(&t.slug).to_lowercase()
}

/// The title a language's own glossary page gives (its `index.md`), if any.
fn own_title(terms: &[Term]) -> Option<String> {
    terms
        .iter()
        .find(|t| t.kind == Kind::Page && matches!(t.stem.as_deref(), Some("index" | "_index")))
        .map(|t| t.title.clone())
        .filter(|t| !t.trim().is_empty())
}

/// Builds one glossary per language. `sources` are each language's loaded files (pages
/// included: a language's `index.md` names its glossary); `default` is the language whose
/// terms fill in what a translation lacks (the first source when it is not among them).
/// `opts.title`, when not empty, names every language's glossary; otherwise each takes its
/// own `index.md` title, else none (the widgets then show their own word for "Glossary" in
/// the reader's language, rather than the default language's title).
pub fn build_all(sources: &[(String, Vec<Term>)], default: &str, opts: &Options) -> Multi {
    let default = sources
        .iter()
        .find(|(l, _)| l.eq_ignore_ascii_case(default))
        .or_else(|| sources.first())
        .map(|(l, _)| l.clone())
        .unwrap_or_default();
    let fallback: Vec<&Term> =
        sources.iter().filter(|(l, _)| *l == default).flat_map(|(_, t)| t).filter(|t| t.kind == Kind::Term).collect();
    let mut sites = Vec::new();
    let mut listed = Vec::new();
    let mut warnings = Vec::new();
    for (lang, terms) in sources {
        let own: Vec<&Term> = terms.iter().filter(|t| t.kind == Kind::Term).collect();
        let have: HashSet<String> = own.iter().map(|t| key(t)).collect();
        let mut all: Vec<Term> = own.iter().map(|t| Term { lang: None, ..(*t).clone() }).collect();
        if *lang != default {
            all.extend(
                fallback
                    .iter()
                    .filter(|t| !have.contains(&key(t)))
                    .map(|t| Term { lang: Some(default.clone()), ..(*t).clone() }),
            );
        }
        let title =
            Some(opts.title.clone()).filter(|t| !t.trim().is_empty()).or_else(|| own_title(terms)).unwrap_or_default();
        let site = build::build(&all, &Options { title: title.clone(), language: lang.clone(), ..opts.clone() });
        warnings.extend(site.warnings.iter().map(|w| format!("{lang}: {w}")));
        listed.push(Language {
            lang: lang.clone(),
            title,
            glossary: format!("{lang}/glossary.json"),
            terms: site.terms,
            translated: own.len(),
        });
        sites.push(site);
    }
    // Which languages have each term in their own words.
    let native: Vec<HashSet<String>> = sites
        .iter()
        .map(|s| s.manifest.terms.iter().filter(|e| e.lang.is_none()).map(|e| e.id.clone()).collect())
        .collect();
    let mut files = Vec::new();
    for (i, ((lang, _), mut site)) in sources.iter().zip(sites).enumerate() {
        site.manifest.languages = Some(format!("../{FILE}"));
        for e in &mut site.manifest.terms {
            e.translations = sources
                .iter()
                .zip(&native)
                .enumerate()
                .filter(|(j, (_, ids))| *j != i && ids.contains(&e.id))
                .map(|(_, ((l, _), _))| l.clone())
                .collect();
        }
        // The manifest again, now with its translations.
        let manifest = build::manifest_file(&site.manifest);
        for mut f in site.files {
            if f.path == manifest.path {
                f.bytes.clone_from(&manifest.bytes);
            }
            files.push(File { path: format!("{lang}/{}", f.path), bytes: f.bytes });
        }
    }
    let languages = Languages { glossa: VERSION, default, languages: listed };
    files.push(File { path: FILE.into(), bytes: serde_json::to_vec_pretty(&languages).unwrap_or_default() });
    Multi { files, languages, warnings }
}

/// A language list from `languages.json`'s bytes, checked: a clear error names what is wrong.
pub fn parse(bytes: &[u8]) -> crate::error::Result<Languages> {
    use crate::error::{Error, ErrorKind, Path};
    let l: Languages =
        serde_json::from_slice(bytes).map_err(|e| Error::at_root(ErrorKind::Json(format!("{FILE}: {e}"))))?;
    if l.languages.is_empty() {
        return Err(Error::shape(&Path::root().key("languages"), "lists no language"));
    }
    let mut seen = HashMap::new();
    for (i, x) in l.languages.iter().enumerate() {
        if x.lang.trim().is_empty() || x.glossary.trim().is_empty() {
            return Err(Error::shape(&Path::root().key("languages").index(i), "needs `lang` and `glossary`"));
        }
        if let Some(j) = seen.insert(x.lang.to_ascii_lowercase(), i) {
            return Err(Error::shape(
                &Path::root().key("languages").index(i),
                format!("`{}` is listed twice (also at {j})", x.lang),
            ));
        }
    }
    Ok(l)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags() {
        for ok in ["en", "zh-cn", "pt-br", "zh-Hans", "es-419", "sr-latn-rs", "pt_BR"] {
            assert!(is_language_tag(ok), "{ok}");
        }
        for no in ["terms", "a", "docs", "xx", "api", "db", "en-", "zh-c", ""] {
            assert!(!is_language_tag(no), "{no}");
        }
    }

    fn list() -> Languages {
        let l = |lang: &str| Language {
            lang: lang.into(),
            title: String::new(),
            glossary: format!("{lang}/glossary.json"),
            terms: 1,
            translated: 1,
        };
        Languages { glossa: VERSION, default: "en".into(), languages: vec![l("en"), l("zh-cn"), l("pt-br")] }
    }

    #[test]
    fn pick_falls_back_by_primary_then_default() {
        let l = list();
        let pick = |x: Option<&str>| l.pick(x).map(|x| x.lang.as_str());
        assert_eq!(pick(Some("zh-CN")), Some("zh-cn"));
        assert_eq!(pick(Some("zh_TW")), Some("zh-cn"));
        assert_eq!(pick(Some("pt")), Some("pt-br"));
        assert_eq!(pick(Some("ar")), Some("en"));
        assert_eq!(pick(None), Some("en"));
    }

    #[test]
    fn parse_reports_where() {
        assert!(parse(br#"{"glossa":1,"default":"en","languages":[]}"#).is_err());
        let e = parse(
            br#"{"glossa":1,"default":"en","languages":[{"lang":"en","glossary":"a"},{"lang":"EN","glossary":"b"}]}"#,
        )
        .unwrap_err();
        assert!(e.to_string().contains("languages[1]") || e.to_string().contains("languages.1"), "{e}");
    }
}
