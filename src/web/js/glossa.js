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

/** The wasm exports, once started. */
let instance;
/** Bytes of wasm memory in use (for benchmarks and diagnostics). */
export function wasmMemoryBytes() { return instance ? instance.memory.buffer.byteLength : 0; }

/** Card settings from the script tag: data-card-open-delay, data-card-prefetch-delay, data-card-hide-delay, data-card-timeout, data-term-href. */
function cardOptions() {
  const d = script?.dataset ?? {};
  const num = (v) => (v === undefined || v === '' ? undefined : Number(v));
  return { openDelay: num(d.cardOpenDelay), prefetchDelay: num(d.cardPrefetchDelay), hideDelay: num(d.cardHideDelay), timeout: num(d.cardTimeout), termHref: d.termHref };
}

/** Page-wide settings applied before the elements start (see `configure`). */
const settings = { fetchTimeout: Number(script?.dataset.fetchTimeout) || undefined, autolink: script?.dataset.autolink || undefined };
const wasmTimeout = () => settings.fetchTimeout ?? 30000;

// Every other file is named in the forms bundlers (Vite, webpack, Rollup, esbuild) follow, so
// an app that imports 'glossa' from npm gets them all in its build: literal `import('./…')` for
// modules (each becomes a chunk, loaded when imported) and `new URL('./…', import.meta.url)` for
// the wasm (an asset). From a script tag, the same code fetches the files next to glossa.js.

/** The core's wasm (a bundler rewrites this to its emitted asset's URL). */
const CORE_WASM = new URL('./glossa_core_bg.wasm', import.meta.url);
const HERE = import.meta.url; // (not in the `new URL('…', import.meta.url)` form: bundlers leave it)
/** True when this file runs as published, not rebuilt by a bundler: its files are next to it. */
const unbundled = CORE_WASM.href === new URL('glossa_core_bg.wasm', HERE).href;

/**
 * The glue's own imports (wasm-bindgen snippets), started now rather than after the glue.
 * The build fills this in with literal `import('./snippets/…')` calls.
 */
const GLUE_IMPORTS = [];
for (const p of GLUE_IMPORTS) p.catch(() => {}); // failures surface via the glue

/**
 * The core's JS glue. After a failed start it is imported again; browsers that keep a failed
 * module import get a fresh URL (only where the files are glossa.js's neighbours: in a bundle,
 * the bundler's own chunk loading retries).
 */
let coreModule;
let attempt = 0;
function loadCore() {
  const retryUrl = attempt && unbundled ? new URL(`glossa_core.js?retry=${attempt}`, HERE).href : undefined;
  coreModule ??= (retryUrl ? import(/* webpackIgnore: true */ /* @vite-ignore */ retryUrl) : import('./glossa_core.js'))
    .catch((e) => { coreModule = undefined; attempt++; throw e; });
  return coreModule;
}
let core;

/**
 * Downloads started before the core runs, handed over when it asks for the same URL
 * (it then checks status, type and size exactly as for its own requests).
 */
const prefetched = new Map();
function prefetch(url, manifest) {
  const ctl = new AbortController();
  const p = fetch(url, { signal: AbortSignal.any([ctl.signal, AbortSignal.timeout(wasmTimeout())]) });
  p.catch(() => {}); // the core sees the failure when it takes the response
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
function dropPrefetched() {
  for (const { ctl } of prefetched.values()) ctl.abort();
  prefetched.clear();
}

/** Fetches the wasm module with the same timeout as every other request. */
let wasmType = '';
function fetchWasm() {
  return fetch(CORE_WASM, { signal: AbortSignal.timeout(wasmTimeout()) }).then((r) => { wasmType = r.headers.get('content-type') ?? ''; return r; });
}

/** A start-up failure in words, naming the file. */
function startError(e) {
  const wasm = CORE_WASM.href;
  const why = e?.name === 'TimeoutError' || e?.name === 'AbortError'
    ? `${wasm}: no complete response within ${wasmTimeout() / 1000} s (timed out)`
    : wasmType.startsWith('text/html')
      ? `${wasm}: the server sent an HTML page instead of the WebAssembly module — check the path (${e?.message ?? e})`
      : e instanceof WebAssembly.CompileError || e instanceof WebAssembly.LinkError
        ? `${wasm} is damaged or incomplete (${e.message})`
      : String(e?.message ?? e);
  return new Error(`glossa could not start: ${why}`);
}

let failed = false;
function boot() {
  if (typeof document === 'undefined') {
    // Imported where there is no page (server-side rendering of a Vite or webpack app, a
    // worker): nothing is fetched or started, and nothing throws; awaiting `ready` says why.
    const p = Promise.reject(new Error('glossa could not start: it runs in a browser page, and there is no document here'));
    p.catch(() => {});
    return p;
  }
  const wasm = fetchWasm();
  wasm.catch(() => {}); // reported through `init`
  const p = loadCore().then((c) => { core = c; return c.default({ module_or_path: wasm }); }).then((exports) => {
    instance = exports;
    failed = false;
    core.setPrefetched(takePrefetched);
    core.setMarkdownLoader(loadMarkdown);
    core.configure(settings);
    core.configureCards(cardOptions());
    clearStartErrors();
    core.start(defaultGlossary);
    if (script && 'offline' in script.dataset) {
      registerOffline(script.dataset.offline ? { sw: script.dataset.offline } : {}).catch((e) => console.warn('glossa offline:', e));
    }
    return core;
  }, (e) => { throw startError(e); });
  // Handled here (a notice on every widget with a "Try again" button), so a failed start
  // is never an unhandled rejection; awaiting `ready` still sees the error.
  p.catch((e) => { failed = true; console.error(e); showStartErrors(e); });
  return p;
}

// An optimisation only, for pages whose widgets load the glossary as soon as they start (a
// page with only mentions loads it on the first hover); where it cannot run (no
// AbortSignal.any), the core fetches as usual.
if (defaultGlossary && typeof fetch === 'function' && typeof AbortSignal?.any === 'function'
  && document.querySelector('glossa-search, glossa-glossary, [data-glossa-autolink]')) prefetch(defaultGlossary, true);

/** Resolves to the initialised core once the wasm module is loaded and elements are defined. */
export let ready = boot();

/** Tries to start again after a failure (the notices' "Try again" button, or coming back online). */
export function retry() {
  if (failed) { failed = false; ready = boot(); }
  return ready;
}
if (typeof window !== 'undefined') addEventListener('online', () => { if (failed) retry(); });

// Mentions (glossa-term) stay plain readable text when the widget cannot start: the
// reason goes to the console and to the real widgets.
const WIDGETS = 'glossa-entry,glossa-search,glossa-glossary';
function showStartErrors(e) {
  for (const el of document.querySelectorAll(WIDGETS)) {
    if (customElements.get(el.localName)) continue;
    el.setAttribute('data-state', 'error');
    el.setAttribute('data-error', e.message);
    el.querySelector(':scope > [data-glossa-start-error]')?.remove();
    const box = document.createElement('div');
    box.setAttribute('data-glossa-start-error', '');
    box.setAttribute('role', 'alert');
    box.append(`${e.message} `);
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = 'Try again';
    b.addEventListener('click', () => retry());
    box.append(b);
    el.append(box);
  }
}
/**
 * The core panicked (it never should: its input handling cannot panic, so this is a bug).
 * The wasm instance is gone; every widget says so and offers a reload. Mentions stay text.
 */
let stopped;
function showStopped(message) {
  stopped = message;
  failed = true;
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

function clearStartErrors() {
  for (const n of document.querySelectorAll('[data-glossa-start-error]')) {
    const el = n.parentElement;
    n.remove();
    el?.removeAttribute('data-state');
    el?.removeAttribute('data-error');
  }
}

/**
 * Page-wide settings: `{ fetchTimeout, limits: { maxInputBytes, maxValues, maxDepth, maxNodes, maxExpansion } }`.
 * Call it before the widgets load (e.g. right after importing); returns the settings in force.
 */
export async function configure(options = {}) {
  Object.assign(settings, options);
  if (options.fetchTimeout !== undefined) dropPrefetched(); // started with the old timeout
  const started = !!instance; // else boot applies `settings` before the widgets start
  return (await ready).configure(started ? options : {});
}

/** Preview cards: `configureCards({ openDelay, prefetchDelay, hideDelay, timeout, termHref })`. */
export async function configureCards(options) { (await ready).configureCards(options ?? {}); }
/** Turn previews on/off for this reader (persisted in localStorage when available). */
export async function setPreviews(on) { (await ready).setPreviews(!!on); }
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
  if (!('serviceWorker' in navigator)) return null;
  const glossary = new URL(options.glossary ?? defaultGlossary, document.baseURI).href;
  const sw = new URL(options.sw ?? new URL('glossa-sw.js', import.meta.url), document.baseURI);
  sw.searchParams.set('glossary', glossary);
  sw.searchParams.set('widget', new URL('./', import.meta.url).href);
  for (const p of [location.href.split('#')[0], ...(options.pages ?? [])]) sw.searchParams.append('page', new URL(p, document.baseURI).href);
  for (const r of options.roots ?? []) sw.searchParams.append('root', new URL(r, document.baseURI).href);
  const limit = options.precacheTerms ?? 3000;
  if (options.precacheTerms !== undefined) sw.searchParams.set('precache', String(limit));
  const scope = options.scope ?? new URL('./', location.href).href;
  listenToWorker();
  const reg = await navigator.serviceWorker.register(sw.href, { scope });
  sayHello(glossary, limit).catch((e) => console.warn('glossa offline:', e));
  return reg;
}

/** Replies to `checkForUpdate()` / `applyUpdate()` by request id. */
const workerReplies = new Map();
let workerRequest = 0;
let listening = false;
function listenToWorker() {
  if (listening) return;
  listening = true;
  const container = navigator.serviceWorker;
  container.addEventListener('message', (e) => {
    const d = e.data;
    const t = d?.type;
    if (typeof t !== 'string' || !t.startsWith('glossa-')) return;
    const waiting = d.id !== undefined && workerReplies.get(d.id);
    if (waiting) { workerReplies.delete(d.id); waiting(d); }
    if (t === 'glossa-update-ready') { dispatchEvent(new CustomEvent(t, { detail: d })); showUpdateBanner(); }
    if (t === 'glossa-offline-ready' || t === 'glossa-up-to-date' || t === 'glossa-update-failed') dispatchEvent(new CustomEvent(t, { detail: d }));
    if (t === 'glossa-update-applied') location.reload();
  });
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') checkForUpdate(); });
  // Leaving (not into the back/forward cache): the worker may delete a version nobody uses now.
  addEventListener('pagehide', (e) => container.controller?.postMessage({ type: 'glossa-bye', persisted: e.persisted }));
}

/**
 * Once this page is controlled and its glossary loaded: tells the worker the glossary's term
 * URLs (it precaches them into this page's version, up to `limit`; above that it gets the
 * URLs' common prefix and suffix and caches payloads as they are viewed). It also checks for an
 * update. The worker answers `glossa-offline-ready`.
 */
async function sayHello(glossary, limit) {
  const container = navigator.serviceWorker;
  if (!container.controller) await new Promise((r) => container.addEventListener('controllerchange', r, { once: true }));
  let urls = [];
  try {
    urls = (await Glossary.load(glossary)).terms().map((t) => t.url).filter((u) => typeof u === 'string');
  } catch { /* the glossary did not load (its widgets say why): the worker caches what the manifest lists */ }
  let prefix = urls[0] ?? '';
  let suffix = prefix;
  for (const u of urls) {
    let i = 0;
    while (i < prefix.length && prefix[i] === u[i]) i++;
    prefix = prefix.slice(0, i);
    let j = 0;
    while (j < suffix.length && suffix[suffix.length - 1 - j] === u[u.length - 1 - j]) j++;
    suffix = suffix.slice(suffix.length - j);
  }
  prefix = prefix.slice(0, prefix.lastIndexOf('/') + 1);
  const cut = suffix.search(/[/.]/);
  suffix = cut < 0 ? '' : suffix.slice(cut);
  container.controller?.postMessage({ type: 'glossa-hello', total: urls.length, urls: urls.length <= limit ? urls : [], prefix, suffix });
}

/** Posts a request to the worker; resolves with its reply (or `null` without a worker). */
function askWorker(type) {
  const worker = navigator.serviceWorker?.controller;
  if (!worker) return Promise.resolve(null);
  listenToWorker();
  const id = ++workerRequest;
  return new Promise((resolve) => { workerReplies.set(id, resolve); worker.postMessage({ type, id }); });
}

/**
 * Asks the service worker whether the glossary changed (it builds the new version in the
 * background). Resolves with its answer: `{ type: 'glossa-update-ready' | 'glossa-up-to-date' |
 * 'glossa-update-failed', version, error? }` (`null` when no worker controls this page).
 */
export function checkForUpdate() { return askWorker('glossa-check-update'); }

/** Switches this page (only) to the newest version: it reloads. Other tabs keep their version until they reload. */
export function applyUpdate() { askWorker('glossa-apply-update'); }

function showUpdateBanner() {
  if (document.getElementById('glossa-update')) return;
  const host = document.createElement('glossa-update');
  host.id = 'glossa-update';
  const root = host.attachShadow({ mode: 'open' });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(`:host{all:initial;position:fixed;inset:auto 1rem 1rem auto;z-index:2147483646}
    div{font:14px/1.4 system-ui,sans-serif;display:flex;gap:.75rem;align-items:center;background:#1b1f24;color:#fff;border-radius:10px;padding:.6rem .8rem;box-shadow:0 8px 24px rgba(0,0,0,.3)}
    button{font:inherit;color:#1b1f24;background:#fff;border:0;border-radius:6px;padding:.3rem .7rem;cursor:pointer}`);
  root.adoptedStyleSheets = [sheet];
  const box = document.createElement('div');
  box.setAttribute('role', 'status');
  box.append('A new version of this glossary is ready.');
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = 'Reload';
  b.addEventListener('click', applyUpdate);
  box.append(b);
  root.append(box);
  document.body.append(host);
}


/** Link glossary mentions inside `element` (as `data-glossa-autolink` does on load). */
export async function autolink(element) { return (await ready).autolink(element); }
/** Slicing figures of the long jobs (download, index, entries, autolink…): `{ [job]: { slices, units, maxUnits, limit } }`. */
export async function workStats(reset = false) { return (await ready).workStats(reset); }

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
