// glossa — one module to load the wasm core and define the custom elements.
//   <script type="module" src="…/glossa.js" data-glossary="…/glossary.json"></script>
//   <glossa-search></glossa-search>  <glossa-entry src="…/_payload.json"></glossa-entry>
import init, * as core from './glossa_core.js';

/** The <script> tag that loaded this module (module scripts have no document.currentScript). */
function ownScript() {
  const me = new URL(import.meta.url).href;
  return [...document.querySelectorAll('script[type=module][src]')].find((s) => new URL(s.src, document.baseURI).href === me);
}

const script = typeof document !== 'undefined' ? ownScript() : undefined;
const defaultGlossary = script?.dataset.glossary ? new URL(script.dataset.glossary, document.baseURI).href : undefined;

/** Resolves to the initialised core once the wasm module is loaded and elements are defined. */
let instance;
/** Bytes of wasm memory in use (for benchmarks and diagnostics). */
export function wasmMemoryBytes() { return instance ? instance.memory.buffer.byteLength : 0; }

/** Card settings from the script tag: data-card-open-delay, data-card-prefetch-delay, data-card-hide-delay, data-card-timeout, data-term-href. */
function cardOptions() {
  const d = script?.dataset ?? {};
  const num = (v) => (v === undefined || v === '' ? undefined : Number(v));
  return { openDelay: num(d.cardOpenDelay), prefetchDelay: num(d.cardPrefetchDelay), hideDelay: num(d.cardHideDelay), timeout: num(d.cardTimeout), termHref: d.termHref };
}

export const ready = init().then((exports) => {
  instance = exports;
  core.setMarkdownLoader(loadMarkdown);
  core.configureCards(cardOptions());
  core.start(defaultGlossary);
  return core;
});

/** Preview cards: `configureCards({ openDelay, prefetchDelay, hideDelay, timeout, termHref })`. */
export async function configureCards(options) { (await ready).configureCards(options ?? {}); }
/** Turn previews on/off for this reader (persisted in localStorage when available). */
export async function setPreviews(on) { (await ready).setPreviews(!!on); }
export async function previewsEnabled() { return (await ready).previewsEnabled(); }
/** Link glossary mentions inside `element` (as `data-glossa-autolink` does on load). */
export async function autolink(element) { return (await ready).autolink(element); }

// Markdown support is a separate wasm module, fetched the first time a markdown file is loaded.
let markdownModule;
async function loadMarkdown(bytes, name) {
  markdownModule ??= import('./glossa_md.js').then(async (m) => { await m.default(); return m; });
  return (await markdownModule).loadMarkdown(bytes, name);
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
