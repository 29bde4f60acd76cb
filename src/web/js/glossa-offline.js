// glossa's offline support (see registerOffline in glossa.js), loaded only when a page asks
// for it: registers glossa-sw.js, tells it the glossary's term URLs, relays its update messages.

export async function registerOffline(options, { defaultGlossary, widget, loadGlossary }) {
  if (!('serviceWorker' in navigator)) return null;
  const glossary = new URL(options.glossary ?? defaultGlossary, document.baseURI).href;
  const sw = new URL(options.sw ?? new URL('glossa-sw.js', widget), document.baseURI);
  sw.searchParams.set('glossary', glossary);
  sw.searchParams.set('widget', widget);
  for (const p of [location.href.split('#')[0], ...(options.pages ?? [])]) sw.searchParams.append('page', new URL(p, document.baseURI).href);
  for (const r of options.roots ?? []) sw.searchParams.append('root', new URL(r, document.baseURI).href);
  const limit = options.precacheTerms ?? 3000;
  if (options.precacheTerms !== undefined) sw.searchParams.set('precache', String(limit));
  const scope = options.scope ?? new URL('./', location.href).href;
  listenToWorker();
  const reg = await navigator.serviceWorker.register(sw.href, { scope });
  sayHello(glossary, limit, loadGlossary).catch((e) => console.warn('glossa offline:', e));
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
async function sayHello(glossary, limit, loadGlossary) {
  const container = navigator.serviceWorker;
  if (!container.controller) await new Promise((r) => container.addEventListener('controllerchange', r, { once: true }));
  let urls = [];
  try {
    urls = (await loadGlossary(glossary)).terms().map((t) => t.url).filter((u) => typeof u === 'string');
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
