//! The widget's stylesheet. Everything is scoped under `.glossa` (and lives in a
//! shadow root in the browser), themable through CSS custom properties:
//!
//! | property | what |
//! |---|---|
//! | `--glossa-font`, `--glossa-mono` | text and code font stacks |
//! | `--glossa-bg`, `--glossa-fg`, `--glossa-muted` | page colours |
//! | `--glossa-accent` | links, focus rings, badges |
//! | `--glossa-border`, `--glossa-radius` | lines and corners |
//! | `--glossa-code-bg`, `--glossa-code-fg` | code block colours |
//!
//! Dark colours apply with `prefers-color-scheme: dark` unless `data-theme="light"`
//! is set on the element; `data-theme="dark"` forces them.

/// Theme variables, fonts and colours every widget shares (light, dark, `theme`).
pub const BASE_CSS: &str = r#"
.glossa{--_bg:var(--glossa-bg,#fff);--_fg:var(--glossa-fg,#1b1f24);--_muted:var(--glossa-muted,#57606a);--_accent:var(--glossa-accent,#0b63ce);--_border:var(--glossa-border,#d8dee4);--_code-bg:var(--glossa-code-bg,#f6f8fa);--_code-fg:var(--glossa-code-fg,#24292f);--_hl:rgba(255,213,0,.22);--_ok:#116329;--_warn:#7d4e00;--_bad:#a40e26;--_mark:#fff0a0;--_radius:var(--glossa-radius,10px);
font:16px/1.65 var(--glossa-font,system-ui,-apple-system,"Segoe UI",Roboto,sans-serif);color:var(--_fg);background:var(--_bg);max-width:46rem;margin:0 auto;padding:1.5rem 1.25rem;box-sizing:border-box;overflow-wrap:break-word;color-scheme:light}
.glossa *,.glossa *::before,.glossa *::after{box-sizing:inherit}
.glossa[data-theme=dark]{--_bg:var(--glossa-bg,#0f1216);--_fg:var(--glossa-fg,#e6e9ee);--_muted:var(--glossa-muted,#9aa4b2);--_accent:var(--glossa-accent,#6cb0ff);--_border:var(--glossa-border,#2b323b);--_code-bg:var(--glossa-code-bg,#161b22);--_code-fg:var(--glossa-code-fg,#e6edf3);--_hl:rgba(255,213,0,.14);--_ok:#56d364;--_warn:#e3b341;--_bad:#ff7b72;--_mark:#5c4a00;color-scheme:dark}
@media (prefers-color-scheme:dark){.glossa:not([data-theme=light]){--_bg:var(--glossa-bg,#0f1216);--_fg:var(--glossa-fg,#e6e9ee);--_muted:var(--glossa-muted,#9aa4b2);--_accent:var(--glossa-accent,#6cb0ff);--_border:var(--glossa-border,#2b323b);--_code-bg:var(--glossa-code-bg,#161b22);--_code-fg:var(--glossa-code-fg,#e6edf3);--_hl:rgba(255,213,0,.14);--_ok:#56d364;--_warn:#e3b341;--_bad:#ff7b72;--_mark:#5c4a00;color-scheme:dark}}
"#;

/// The search box.
pub const SEARCH_CSS: &str = r#"
.glossa.gs{padding:0;max-width:none;margin:0;background:transparent;position:relative}
.gs-bar{display:flex;align-items:center;gap:.55rem;border:1px solid var(--_border);border-radius:var(--_radius);padding:0 .7rem;background:var(--_bg)}
.gs-bar:focus-within{border-color:var(--_accent);box-shadow:0 0 0 3px color-mix(in srgb,var(--_accent) 25%,transparent)}
.gs-icon{color:var(--_muted);font-size:1.15rem;line-height:1}
.gs-input{flex:1;min-width:0;border:0;outline:0;background:transparent;color:var(--_fg);font:inherit;font-size:1rem;padding:.65rem 0;-webkit-appearance:none;appearance:none}
.gs-input::-webkit-search-cancel-button{cursor:pointer}
.gs-key{font:600 .72rem/1.5 var(--glossa-mono,ui-monospace,monospace);border:1px solid var(--_border);border-bottom-width:2px;border-radius:5px;padding:0 .4rem;color:var(--_muted)}
.gs-filters{display:flex;flex-wrap:wrap;gap:.75rem;margin:.5rem 0 0;font-size:.85rem;color:var(--_muted)}
.gs-filter{display:inline-flex;align-items:center;gap:.35rem}
.gs-filter select{font:inherit;color:var(--_fg);background:var(--_bg);border:1px solid var(--_border);border-radius:6px;padding:.25rem .4rem;min-height:32px}
.gs-list{position:absolute;z-index:30;inset-inline:0;top:calc(100% + 6px);margin:0;padding:.35rem;list-style:none;max-height:min(70vh,32rem);overflow:auto;overscroll-behavior:contain;background:var(--_bg);border:1px solid var(--_border);border-radius:var(--_radius);box-shadow:0 14px 36px rgba(0,0,0,.18)}
.gs-list[hidden],.gs-empty-wrap[hidden]{display:none}
.gs-option{display:block;padding:.55rem .7rem;min-height:44px;border-radius:8px;cursor:pointer}
.gs-option[aria-selected=true]{background:color-mix(in srgb,var(--_accent) 12%,transparent);box-shadow:inset 0 0 0 1px var(--_accent)}
.gs-head{display:flex;gap:.4rem;align-items:center;flex-wrap:wrap}
.gs-title{font-weight:650;color:var(--_fg)}
.gs-acronym{color:var(--_muted);font-weight:400;margin-inline-start:.4rem;font-size:.9em}
.gs .glossa-badge{font-size:.64rem;padding:.05rem .45rem}
.gs-snippet{display:block;color:var(--_muted);font-size:.87rem;line-height:1.45;margin-top:.15rem}
.gs-empty-wrap{margin-top:.5rem}
.gs-empty{border:1px dashed var(--_border);border-radius:var(--_radius);padding:.6rem .9rem;color:var(--_muted);font-size:.92rem}
.gs-empty p{margin:.2rem 0}
.gs-try{font:inherit;color:var(--_accent);background:none;border:0;padding:.2rem;min-height:32px;text-decoration:underline;cursor:pointer}
.gs-status{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.gs-error{margin:.4rem 0 0;font-size:.9rem;color:var(--_bad)}
.gs-error p{margin:0;display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
"#;

/// Term pages, cards' bodies and the rest of the rendered content.
pub const PAGE_CSS: &str = r#"
.glossa a{color:var(--_accent);text-underline-offset:.18em}
.glossa a:focus-visible,.glossa button:focus-visible,.glossa pre:focus-visible,.glossa summary:focus-visible{outline:2px solid var(--_accent);outline-offset:2px;border-radius:4px}
.glossa-head{margin-bottom:1.25rem}
.glossa .glossa-title{font-size:2.1rem;line-height:1.2;margin:.2rem 0 .5rem;letter-spacing:-.01em}
.glossa .glossa-acronym{display:inline-block;font-size:.95rem;font-weight:500;color:var(--_muted);vertical-align:middle}
.glossa-badges{display:flex;flex-wrap:wrap;gap:.4rem;margin:.25rem 0 .75rem;padding:0}
.glossa-badge,.glossa-chip{display:inline-block;font-size:.75rem;font-weight:600;letter-spacing:.02em;text-transform:uppercase;padding:.15rem .55rem;border-radius:999px;border:1px solid var(--_border);color:var(--_muted)}
.glossa-category{color:var(--_accent);border-color:currentColor}
.glossa-difficulty[data-difficulty=beginner]{color:var(--_ok);border-color:currentColor}
.glossa-difficulty[data-difficulty=intermediate]{color:var(--_warn);border-color:currentColor}
.glossa-difficulty[data-difficulty=advanced]{color:var(--_bad);border-color:currentColor}
.glossa-aka{color:var(--_muted);font-size:.9rem;margin:.25rem 0}
.glossa-description{font-size:1.12rem;color:var(--_fg);margin:.5rem 0 0}
.glossa-toc{border:1px solid var(--_border);border-radius:var(--_radius);padding:.75rem 1rem;margin:0 0 1.5rem;font-size:.92rem}
.glossa-toc-title,.glossa-related-title{margin:0 0 .35rem;font-size:.78rem;font-weight:700;text-transform:uppercase;letter-spacing:.06em;color:var(--_muted)}
.glossa-toc ol{margin:0;padding-inline-start:1.1rem}
.glossa-toc li{margin:.15rem 0}
.glossa-body h1,.glossa-body h2,.glossa-body h3,.glossa-body h4{line-height:1.3;margin:2rem 0 .6rem;scroll-margin-top:1rem}
.glossa-body h2{font-size:1.4rem;padding-bottom:.3rem;border-bottom:1px solid var(--_border)}
.glossa-body h3{font-size:1.15rem}
.glossa a.glossa-anchor{color:inherit;text-decoration:none}
.glossa a.glossa-anchor:hover::after{content:" #";color:var(--_muted)}
.glossa-body p,.glossa-body ul,.glossa-body ol,.glossa-body dl,.glossa-body blockquote,.glossa-body table{margin:0 0 1rem}
.glossa-body blockquote{border-inline-start:4px solid var(--_border);margin-inline-start:0;padding:.1rem 1rem;color:var(--_muted)}
.glossa-body img{max-width:100%;height:auto}
.glossa-body table{border-collapse:collapse;display:block;overflow-x:auto}
.glossa-body th,.glossa-body td{border:1px solid var(--_border);padding:.35rem .6rem}
.glossa-body [data-align=center]{text-align:center}.glossa-body [data-align=right]{text-align:right}
.glossa-body :not(pre)>code{font:.88em/1.4 var(--glossa-mono,ui-monospace,SFMono-Regular,Menlo,Consolas,monospace);background:var(--_code-bg);border:1px solid var(--_border);border-radius:6px;padding:.1em .35em}
.glossa-body hr{border:0;border-top:1px solid var(--_border);margin:2rem 0}
.glossa-code{margin:0 0 1.25rem;border:1px solid var(--_border);border-radius:var(--_radius);overflow:hidden;background:var(--_code-bg)}
.glossa-code-bar{display:flex;align-items:center;justify-content:space-between;gap:.5rem;padding:.3rem .4rem .3rem .9rem;border-bottom:1px solid var(--_border);font:600 .75rem/1.6 var(--glossa-font,system-ui,sans-serif);color:var(--_muted);text-transform:lowercase}
.glossa-code-file{text-transform:none;font-family:var(--glossa-mono,ui-monospace,monospace)}
.glossa-copy{font:inherit;text-transform:none;cursor:pointer;color:var(--_fg);background:transparent;border:1px solid var(--_border);border-radius:6px;padding:.15rem .6rem;min-height:28px}
.glossa-copy:hover{border-color:var(--_accent);color:var(--_accent)}
.glossa-copy[data-copied]{color:#1a7f37;border-color:currentColor}
.glossa-code pre{direction:ltr;text-align:left;margin:0;padding:.85rem 0;overflow-x:auto;font:.875rem/1.6 var(--glossa-mono,ui-monospace,SFMono-Regular,Menlo,Consolas,monospace);color:var(--_code-fg);background:transparent;tab-size:4}
.glossa-code code{display:block;min-width:max-content;white-space:pre}
.glossa-code .line{display:block;padding:0 1rem;min-height:1.6em}
.glossa-code .line.highlight,.glossa-code .line.highlighted{background:var(--_hl);box-shadow:inset 3px 0 0 #d4a72c}
.glossa-code .line.diff.add{background:rgba(46,160,67,.15)}.glossa-code .line.diff.remove{background:rgba(248,81,73,.15)}
.glossa-code pre span{color:var(--shiki-light,var(--shiki-default,inherit));background-color:var(--shiki-light-bg,var(--shiki-default-bg,transparent));font-style:var(--shiki-light-font-style,var(--shiki-default-font-style,inherit));font-weight:var(--shiki-light-font-weight,var(--shiki-default-font-weight,inherit));text-decoration:var(--shiki-light-text-decoration,var(--shiki-default-text-decoration,inherit))}
.glossa-code pre span.line{background-color:transparent}
.glossa[data-theme=dark] .glossa-code pre span{color:var(--shiki-dark,var(--shiki-default,inherit));background-color:var(--shiki-dark-bg,var(--shiki-default-bg,transparent));font-style:var(--shiki-dark-font-style,var(--shiki-default-font-style,inherit));font-weight:var(--shiki-dark-font-weight,var(--shiki-default-font-weight,inherit));text-decoration:var(--shiki-dark-text-decoration,var(--shiki-default-text-decoration,inherit))}
@media (prefers-color-scheme:dark){.glossa:not([data-theme=light]) .glossa-code pre span{color:var(--shiki-dark,var(--shiki-default,inherit));background-color:var(--shiki-dark-bg,var(--shiki-default-bg,transparent));font-style:var(--shiki-dark-font-style,var(--shiki-default-font-style,inherit));font-weight:var(--shiki-dark-font-weight,var(--shiki-default-font-weight,inherit));text-decoration:var(--shiki-dark-text-decoration,var(--shiki-default-text-decoration,inherit))}}
.glossa-callout{border:1px solid var(--_border);border-inline-start:4px solid var(--_accent);border-radius:var(--_radius);padding:.6rem 1rem;margin:0 0 1rem}
.glossa-callout-label{font-weight:700;margin:0 0 .25rem}
.glossa-callout-warning,.glossa-callout-caution{border-left-color:#d4a72c}
.glossa-callout-danger,.glossa-callout-error{border-left-color:#cf222e}
.glossa-callout-tip,.glossa-callout-success{border-left-color:#1a7f37}
.glossa-fold{border:1px solid var(--_border);border-radius:var(--_radius);padding:.5rem 1rem;margin:0 0 1rem}
.glossa-fold summary{cursor:pointer;font-weight:600}
.glossa-component-title{font-weight:700;margin:0 0 .35rem}
.glossa-related{border-top:1px solid var(--_border);margin-top:2rem;padding-top:1rem}
.glossa-related ul{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:.6rem}
.glossa-related li{border:1px solid var(--_border);border-radius:var(--_radius);padding:.55rem .8rem}
.glossa-related li>a,.glossa-related li>span:first-child{font-weight:600}
.glossa-related-desc{display:block;font-size:.85rem;color:var(--_muted);margin-top:.2rem;display:-webkit-box;-webkit-line-clamp:3;-webkit-box-orient:vertical;overflow:hidden}
.glossa mark{background:var(--_mark);color:var(--_fg);border-radius:3px;padding:0 .08em}
.glossa-error{border:1px solid var(--_bad);border-radius:var(--_radius);padding:.75rem 1rem;color:var(--_bad)}
.glossa-error code{word-break:break-all}
.glossa-retry{font:inherit;cursor:pointer;color:var(--_fg);background:transparent;border:1px solid var(--_border);border-radius:6px;padding:.3rem .8rem;min-height:32px}
.glossa-loading{color:var(--_muted)}
@media (max-width:600px){.glossa{padding:1rem .85rem}.glossa .glossa-title{font-size:1.7rem}}
@media (prefers-reduced-motion:no-preference){.glossa a,.glossa-copy{transition:color .15s,border-color .15s}}
"#;

/// Every widget sheet, in order (adopted as separate shared sheets).
pub const WIDGET: &[&str] = &[BASE_CSS, PAGE_CSS, SEARCH_CSS];

/// The widget sheets as one text (the no-JavaScript fallback of `to_fragment`).
pub fn widget_css() -> String {
    WIDGET.concat()
}
