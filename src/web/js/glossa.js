// glossa — one module to load the wasm core and define the custom elements.
//   <script type="module" src="…/glossa.js" data-glossary="…/glossary.json"></script>
//   <glossa-search></glossa-search>  <glossa-entry src="…/_payload.json"></glossa-entry>
// Nothing is imported statically: evaluating this module starts every download at
// once — the core's glue, its wasm, and the default glossary's manifest and index.

/** The <script> tag that loaded this module (module scripts have no document.currentScript). */
function ownScript() {
  const me = new URL(import.meta.url).href;
  return [...document.querySelectorAll('script[type=module][src]')].find((s) => new URL(s.src, document.baseURI).href === me);
}

const script = typeof document !== 'undefined' ? ownScript() : undefined;
const defaultGlossary = script?.dataset.glossary ? new URL(script.dataset.glossary, document.baseURI).href : undefined;

/** Card settings from the script tag: data-card-open-delay, data-card-prefetch-delay, data-card-hide-delay, data-card-timeout, data-term-href. */
function cardOptions() {
  const d = script?.dataset ?? {};
  const num = (v) => (v === undefined || v === '' ? undefined : Number(v));
  return { openDelay: num(d.cardOpenDelay), prefetchDelay: num(d.cardPrefetchDelay), hideDelay: num(d.cardHideDelay), timeout: num(d.cardTimeout), termHref: d.termHref };
}

/** Page-wide settings applied before the elements start (see `configure`). */
const settings = { fetchTimeout: Number(script?.dataset.fetchTimeout) || undefined, autolink: script?.dataset.autolink || undefined };
const wasmTimeout = () => settings.fetchTimeout ?? 30000;

// Two wasm modules. The first-load one (`glossa_lite`, a few tens of kB) links mentions, gives
// them their look and keyboard access and draws search boxes; the full one (`glossa_core`:
// cards, search, entries, the glossary browser, the API) starts downloading at the first sign
// of intent — a pointer over or focus on a mention or a search box, a tap, `/` or Ctrl/⌘-K —
// or at once where the page shows content (<glossa-entry>, <glossa-glossary>), the script tag
// says `data-eager`, or the API is used. It then takes every element over.
//
// Every file is named in the forms bundlers (Vite, webpack, Rollup, esbuild) follow, so an app
// that imports 'glossa' from npm gets them all in its build: literal `import('./…')` for
// modules (each becomes a chunk, loaded when imported) and `new URL('./…', import.meta.url)` for
// the wasm (an asset). From a script tag, the same code fetches the files next to glossa.js.
const LITE_WASM = new URL('./glossa_lite_bg.wasm', import.meta.url);
const CORE_WASM = new URL('./glossa_core_bg.wasm', import.meta.url);
const HERE = import.meta.url; // (not in the `new URL('…', import.meta.url)` form: bundlers leave it)
/** True when this file runs as published, not rebuilt by a bundler: its files are next to it. */
const unbundled = CORE_WASM.href === new URL('glossa_core_bg.wasm', HERE).href;

/**
 * Each glue's own imports (wasm-bindgen snippets), started with the glue rather than after
 * it. The build fills these in with literal `import('./snippets/…')` calls.
 */
const LITE_IMPORTS = () => [];
const CORE_IMPORTS = () => [];

/**
 * A module's JS glue, imported once. After a failed start it is imported again; browsers that
 * keep a failed module import get a fresh URL (only where the files are glossa.js's
 * neighbours: in a bundle, the bundler's own chunk loading retries).
 */
function glue(name, load, imports) {
  let mod;
  let attempt = 0;
  return () => {
    for (const p of imports()) p.catch(() => {}); // failures surface via the glue
    const retryUrl = attempt && unbundled ? new URL(`${name}.js?retry=${attempt}`, HERE).href : undefined;
    mod ??= (retryUrl ? import(/* webpackIgnore: true */ /* @vite-ignore */ retryUrl) : load())
      .catch((e) => { mod = undefined; attempt++; throw e; });
    return mod;
  };
}
const liteGlue = glue('glossa_lite', () => import('./glossa_lite.js'), LITE_IMPORTS);
const coreGlue = glue('glossa_core', () => import('./glossa_core.js'), CORE_IMPORTS);

/** The wasm exports of each module, once started. */
let liteInstance;
let instance;
/** Bytes of wasm memory in use, both modules (for benchmarks and diagnostics). */
export function wasmMemoryBytes() { return (instance?.memory.buffer.byteLength ?? 0) + (liteInstance?.memory.buffer.byteLength ?? 0); }

/**
 * Downloads started before a module runs, handed over when it asks for the same URL (it
 * then checks status, type and size exactly as for its own requests). The first-load module
 * reads only the names in the default glossary's manifest and index; a copy of each response
 * it takes is kept for the full module, which reads all of them, so nothing is downloaded twice.
 */
const prefetched = new Map();
const spare = new Map();
function prefetch(url, manifest) {
  const ctl = new AbortController();
  const p = fetch(url, { signal: AbortSignal.any([ctl.signal, AbortSignal.timeout(wasmTimeout())]) });
  p.catch(() => {}); // the module sees the failure when it takes the response
  prefetched.set(url, { p, ctl });
  // Not taken soon (no widget wanted it): let it go rather than hold a response open.
  setTimeout(() => { if (prefetched.get(url)?.p === p) { ctl.abort(); prefetched.delete(url); } }, 10000);
  if (!manifest) return;
  // A small manifest that names an index: fetch that too, now.
  p.then((r) => (r.ok && Number(r.headers.get('content-length')) <= (1 << 20) ? r.clone().json() : null))
    .then((m) => { if (m && !Array.isArray(m) && typeof m.index === 'string') prefetch(new URL(m.index, url).href, false); })
    .catch(() => {});
}
function takePrefetched(url) {
  const e = prefetched.get(url);
  prefetched.delete(url);
  return e?.p;
}
function liteTakePrefetched(url) {
  const p = takePrefetched(url);
  if (!p || instance) return p;
  const copy = p.then((r) => r.clone());
  copy.catch(() => {});
  spare.set(url, copy);
  // Held only until the full module is likely to want it (a clone buffers the body).
  setTimeout(() => { if (spare.get(url) === copy) { spare.delete(url); copy.then((r) => r.body?.cancel()).catch(() => {}); } }, 60000);
  return p;
}
function coreTakePrefetched(url) {
  const s = spare.get(url);
  spare.delete(url);
  return s ?? takePrefetched(url);
}
function dropPrefetched() {
  for (const { ctl } of prefetched.values()) ctl.abort();
  prefetched.clear();
  spare.clear();
}

/** Fetches a wasm module with the same timeout as every other request. */
const wasmTypes = new Map();
function fetchWasm(url) {
  return fetch(url, { signal: AbortSignal.timeout(wasmTimeout()) }).then((r) => { wasmTypes.set(url.href, r.headers.get('content-type') ?? ''); return r; });
}

/** A start-up failure in words, naming the file. */
function startError(e, wasm) {
  const type = wasmTypes.get(wasm.href) ?? '';
  const why = e?.name === 'TimeoutError' || e?.name === 'AbortError'
    ? `${wasm.href}: no complete response within ${wasmTimeout() / 1000} s (timed out)`
    : type.startsWith('text/html')
      ? `${wasm.href}: the server sent an HTML page instead of the WebAssembly module — check the path (${e?.message ?? e})`
      : e instanceof WebAssembly.CompileError || e instanceof WebAssembly.LinkError
        ? `${wasm.href} is damaged or incomplete (${e.message})`
      : String(e?.message ?? e);
  return new Error(`glossa could not start: ${why}`);
}

const noPage = () => {
  // Imported where there is no page (server-side rendering of a Vite or webpack app, a
  // worker): nothing is fetched or started, and nothing throws; awaiting `ready` says why.
  const p = Promise.reject(new Error('glossa could not start: it runs in a browser page, and there is no document here'));
  p.catch(() => {});
  return p;
};

/** Instantiates a module: its wasm and its glue download in parallel. */
function instantiate(load, wasmUrl) {
  const wasm = fetchWasm(wasmUrl);
  wasm.catch(() => {}); // reported through `init`
  return load().then((m) => m.default({ module_or_path: wasm }).then((exports) => [m, exports]))
    .catch((e) => { throw startError(e, wasmUrl); });
}

/** Handled here (a notice on every widget with a "Try again" button), so a failed start is never an unhandled rejection. */
function reportStart(p, which) {
  p.catch((e) => {
    if (which === 'lite') liteFailed = true; else { fullFailed = true; fullFailedAt = Date.now(); fullError = e; }
    console.error(e);
    showStartErrors(e);
  });
  return p;
}
let liteFailed = false;
let fullFailed = false;
let fullFailedAt = 0;
let fullError;

let lite; // the first-load module's promise
let liteRunning = false;
let liteModule;
function bootLite() {
  if (typeof document === 'undefined') return noPage();
  return reportStart(instantiate(liteGlue, LITE_WASM).then(([m, exports]) => {
    liteInstance = exports;
    liteModule = m;
    m.setPrefetched(liteTakePrefetched);
    m.configure(settings);
    if (!fullFailed) clearStartErrors();
    // Intent after a failed start tries again, at most every few seconds.
    m.start(defaultGlossary, settings.autolink, () => { if (!full && Date.now() - fullFailedAt > 5000) loadFull(); }, fullNames);
    liteRunning = true;
    // A failed full module (the API may have asked before this one ran) says so inside the boxes just drawn.
    if (fullFailed && !full) showStartErrors(fullError);
    return m;
  }), 'lite');
}

let full; // the full module's promise, once asked for
let core;
function loadFull() {
  if (full) return full;
  if (typeof document === 'undefined') return (full = noPage());
  const started = instantiate(coreGlue, CORE_WASM);
  // It takes the first-load module's elements over, so it starts after that one has.
  full = reportStart(Promise.all([started, lite.then(() => true, () => false)]).then(([[m, exports], withLite]) => {
    instance = exports;
    core = m;
    m.setPrefetched(coreTakePrefetched);
    m.setMarkdownLoader(loadMarkdown);
    m.configure(settings);
    m.configureCards(cardOptions());
    for (const o of cardCalls) m.configureCards(o);
    if (previewsCall !== undefined) m.setPreviews(previewsCall);
    clearStartErrors();
    m.start(defaultGlossary, withLite);
    if (!withLite) liteRunning = false;
    return m;
  }), 'full');
  full.catch(() => { full = undefined; });
  return full;
}

/** Names for the first-load module, of glossaries only the full module reads (Nuxt list payloads). */
async function fullNames(url) {
  const c = await loadFull();
  return c.Glossary.sharedLinkNames(url);
}

// An optimisation only, for pages whose widgets load the glossary as soon as they start (a
// page with only mentions loads it on the first hover); where it cannot run (no
// AbortSignal.any), the modules fetch as usual.
if (defaultGlossary && typeof fetch === 'function' && typeof AbortSignal?.any === 'function'
  && document.querySelector('glossa-search, glossa-glossary, [data-glossa-autolink]')) prefetch(defaultGlossary, true);

lite = bootLite();
if (script && ('eager' in script.dataset)) loadFull();
if (script && 'offline' in script.dataset) {
  lite.then(() => registerOffline(script.dataset.offline ? { sw: script.dataset.offline } : {}))
    .catch((e) => console.warn('glossa offline:', e));
}

/**
 * A promise of the initialised full module, once it is loaded and has taken the elements
 * over. Awaiting it (or calling the API) loads that module if the page has not needed it yet.
 */
export const ready = {
  then(ok, bad) { return loadFull().then(ok, bad); },
  catch(bad) { return loadFull().catch(bad); },
  finally(f) { return loadFull().finally(f); },
};

/** Tries to start again after a failure (the notices' "Try again" button, or coming back online). */
export function retry() {
  if (liteFailed && !core) { liteFailed = false; lite = bootLite(); }
  if (fullFailed) { fullFailed = false; return loadFull(); }
  return core ? full : lite;
}
if (typeof window !== 'undefined') addEventListener('online', () => { if ((liteFailed && !core) || fullFailed) retry(); });

// Mentions (glossa-term) stay plain readable text when the widget cannot start: the
// reason goes to the console and to the real widgets.
const WIDGETS = 'glossa-entry,glossa-search,glossa-glossary';
function showStartErrors(e) {
  if (core) return; // the full module runs: its widgets say what fails
  for (const el of document.querySelectorAll(WIDGETS)) {
    el.setAttribute('data-state', 'error');
    el.setAttribute('data-error', e.message);
    for (const r of [el, el.shadowRoot]) if (r) startErrorOf(r)?.remove();
    const root = el.shadowRoot ?? el;
    const box = document.createElement('div');
    box.setAttribute('data-glossa-start-error', '');
    box.setAttribute('role', 'alert');
    box.append(`${e.message} `);
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = 'Try again';
    b.addEventListener('click', () => retry());
    box.append(b);
    root.append(box);
  }
}
/**
 * The core panicked (it never should: its input handling cannot panic, so this is a bug).
 * The wasm instance is gone; every widget says so and offers a reload. Mentions stay text.
 */
let stopped;
function showStopped(message) {
  stopped = message;
  for (const el of document.querySelectorAll('glossa-entry,glossa-search,glossa-glossary')) {
    el.setAttribute('data-state', 'error');
    el.setAttribute('data-error', `glossa stopped: ${message}`);
    const root = el.shadowRoot ?? el;
    const box = document.createElement('div');
    box.setAttribute('data-glossa-stopped', '');
    box.setAttribute('role', 'alert');
    box.append('glossa stopped working because of an internal error. ');
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = 'Reload';
    b.addEventListener('click', () => location.reload());
    box.append(b);
    root.replaceChildren(box);
  }
  for (const c of document.querySelectorAll('body > glossa-card')) c.remove();
}
if (typeof window !== 'undefined') addEventListener('glossa-stopped', (e) => showStopped(e.detail));

/** The start-up notice directly inside `root` (an element or a shadow root). */
const startErrorOf = (root) => [...root.children].find((n) => n.hasAttribute('data-glossa-start-error'));
function clearStartErrors() {
  for (const el of document.querySelectorAll(WIDGETS)) {
    const n = [el, el.shadowRoot].map((r) => r && startErrorOf(r)).filter(Boolean);
    if (!n.length) continue;
    for (const x of n) x.remove();
    el.removeAttribute('data-state');
    el.removeAttribute('data-error');
  }
}

/**
 * Page-wide settings: `{ fetchTimeout, limits: { maxInputBytes, maxValues, maxDepth, maxNodes, maxExpansion },
 * strings: { <lang or "*">: { <word>: text } } }` (glossa's own words; see README "Languages").
 * Call it before the widgets load (e.g. right after importing); returns the settings in force.
 */
export async function configure(options = {}) {
  // Words add up over calls (per language), like the modules keep them.
  const strings = options.strings && typeof options.strings === 'object' ? { ...settings.strings } : settings.strings;
  if (strings !== settings.strings) for (const [lang, words] of Object.entries(options.strings)) strings[lang] = { ...strings[lang], ...words };
  Object.assign(settings, options, { strings });
  if (options.fetchTimeout !== undefined) dropPrefetched(); // started with the old timeout
  // A module not started yet takes `settings` when it starts.
  const first = liteInstance ? (await lite).configure(options) : undefined;
  return instance ? core.configure(options) : first ?? (await lite).configure({});
}

/**
 * Preview cards: `configureCards({ openDelay, prefetchDelay, hideDelay, timeout, termHref })`.
 * Kept until the full module starts (calling this does not load it).
 */
export async function configureCards(options) {
  cardCalls.push(options ?? {});
  if (core) core.configureCards(options ?? {});
}
const cardCalls = [];
/** Turn previews on/off for this reader (persisted in localStorage when available). */
export async function setPreviews(on) {
  previewsCall = !!on;
  if (core) core.setPreviews(!!on);
}
let previewsCall;
export async function previewsEnabled() { return (await ready).previewsEnabled(); }

/**
 * Opt-in offline support: registers glossa-sw.js, which precaches the widget, the
 * glossary (manifest, index, term payloads) and this page, and serves them offline.
 * Options: `glossary` (manifest or list payload URL; default the script tag's), `sw`
 * (service worker URL; default next to glossa.js — serve it with `Service-Worker-Allowed`
 * or copy it next to your pages), `scope`, `pages` (extra page URLs to cache),
 * `precacheTerms` (term payloads precached at most, default 3000; a bigger glossary's are
 * cached as they are viewed), `roots` (extra URL prefixes holding term payloads, answered
 * from the cache even right after the worker starts). Once the glossary is loaded, this page
 * tells the worker every term URL (compact manifests and list payloads name them only in the
 * index or the list). Fires `glossa-offline-ready` and `glossa-update-ready` on window;
 * `applyUpdate()` switches this page to the new version (other tabs keep theirs until they reload).
 */
export async function registerOffline(options = {}) {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return null;
  return (await offline()).registerOffline(options, { defaultGlossary, widget: new URL('./', import.meta.url).href, loadGlossary: (u) => Glossary.load(u) });
}
const offline = () => import('./glossa-offline.js');

/**
 * Asks the service worker whether the glossary changed (it builds the new version in the
 * background). Resolves with its answer: `{ type: 'glossa-update-ready' | 'glossa-up-to-date' |
 * 'glossa-update-failed', version, error? }` (`null` when no worker controls this page).
 */
export async function checkForUpdate() {
  return navigator.serviceWorker?.controller ? (await offline()).checkForUpdate() : null;
}

/** Switches this page (only) to the newest version: it reloads. Other tabs keep their version until they reload. */
export async function applyUpdate() {
  if (navigator.serviceWorker?.controller) (await offline()).applyUpdate();
}

/** Link glossary mentions inside `element` (as `data-glossa-autolink` does on load). */
export async function autolink(element) {
  const m = await lite.catch(() => null);
  return liteRunning ? m.autolink(element) : (await ready).autolink(element);
}

/** Both modules' figures (`workStats`, `debugCounts`), summed by key. */
function merged(get) {
  const out = {};
  for (const m of [liteRunning && liteModule, core]) {
    if (!m) continue;
    for (const [k, v] of Object.entries(get(m))) {
      if (typeof v === 'number') out[k] = (out[k] ?? 0) + v;
      else if (!out[k]) out[k] = v;
      else out[k] = { slices: out[k].slices + v.slices, units: out[k].units + v.units, maxUnits: Math.max(out[k].maxUnits, v.maxUnits), limit: Math.max(out[k].limit, v.limit) };
    }
  }
  return out;
}
/** Slicing figures of the long jobs (download, index, entries, autolink…) in both modules: `{ [job]: { slices, units, maxUnits, limit } }`. */
export async function workStats(reset = false) {
  await lite.catch(() => {});
  return merged((m) => m.workStats(reset));
}
/** What the page holds right now (instances, owners, listeners, timers, glossaries…), for lifecycle tests. */
export async function debugCounts() {
  await lite.catch(() => {});
  return merged((m) => m.debugCounts());
}

// Markdown support is a separate wasm module, fetched the first time a markdown file is loaded
// (a bundler makes glossa_md.js a chunk of its own and its wasm an asset, loaded only then too).
let markdownModule;
async function loadMarkdown(bytes, name, limits) {
  markdownModule ??= import('./glossa_md.js')
    .then(async (m) => { await m.default({ module_or_path: new URL('./glossa_md_bg.wasm', import.meta.url) }); return m; })
    .catch((e) => { markdownModule = undefined; throw new Error(`markdown support could not be loaded: ${e.message ?? e}`); });
  return (await markdownModule).loadMarkdown(bytes, name, limits);
}

/**
 * A glossary: `const g = await Glossary.load('glossary.json')`, then `g.search('llm', { limit: 5 })`.
 * Loading the same URL twice returns the same glossary.
 */
export const Glossary = {
  _cache: new Map(),
  async load(source, options) {
    const c = await ready;
    if (typeof source === 'string' && !options) {
      const url = new URL(source, document.baseURI).href;
      if (!this._cache.has(url)) this._cache.set(url, c.Glossary.shared(url).catch((e) => { this._cache.delete(url); throw e; }));
      return this._cache.get(url);
    }
    return c.Glossary.load(source, options ?? {});
  },
};

/** Renders a payload (bytes of a Nuxt `_payload.json`, an HTML page or a markdown file) to an HTML string. */
export async function renderToString(bytes, name = 'payload.json') {
  const c = await ready;
  return c.renderToString(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes), name);
}

/** Renders a payload into a detached `<article>` element (same tree as <glossa-entry>). */
export async function render(bytes, name = 'payload.json') {
  const c = await ready;
  return c.renderPayload(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes), name);
}

export default ready;
