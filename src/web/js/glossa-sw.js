// glossa offline service worker (opt-in). Register it through glossa.js:
//   <script type="module" src="…/glossa.js" data-glossary="glossary.json" data-offline></script>
// or `registerOffline()`. See README.md, "Offline".
//
// Versions. A version is one complete copy of the glossary as the server has it: the widget
// (every file listed in glossa-files.json), the manifest, the search index, the term payloads
// and the pages, in its own cache (`glossa-<ns>-<version>`), built completely (and checked
// against the server once more at the end) before anything uses it. The version id hashes
// the manifest, the index and the widget's file list.
//
// Clients. Every page (client) keeps the version it started with until it reloads: the
// worker records `clientId → version` in its meta cache (it can be stopped at any time, so
// nothing lives only in memory). A navigation gets the newest complete version (its
// `resultingClientId` is recorded); any other request is answered from its client's version.
// A version is deleted only when no live client (`clients.matchAll()`) uses it and it is not
// the newest.
//
// Ownership. The worker answers only the URLs it holds — the widget files, the manifest, the
// index, the term payloads (and, for glossaries too big to precache, the URLs shaped like
// their term payloads; for a chunked index, the URLs shaped like its shards) and the pages. For any other request it does not call respondWith, so
// the request goes to the network untouched. Until it has read its records (the first
// requests after it starts), it answers what its registration names: the pages, and URLs
// under the widget's folder, the glossary's folder and the `root` parameters.
//
// Builds, top-ups and clean-ups run one at a time (a Web Lock, shared with a newer worker
// that is installing), so two builds never interleave.
const SW_VERSION = 'glossa-sw-2';
const params = new URL(self.location.href).searchParams;
const GLOSSARY = abs(params.get('glossary'));
const WIDGET = abs(params.get('widget'));
const PAGES = params.getAll('page').map((u) => abs(u)).filter(Boolean);
const FILES = WIDGET && new URL('glossa-files.json', WIDGET).href;
const ROOTS = [WIDGET, GLOSSARY && new URL('./', GLOSSARY).href, ...params.getAll('root').map((u) => abs(u))].filter(Boolean);
/** Term payloads precached per version at most; a bigger glossary caches them as they are viewed. */
const PRECACHE_MAX = Math.max(0, Math.min(20000, Number(params.get('precache') ?? 3000) || 0));
/** A navigation's client is recorded before it exists; until it makes a request, it is kept this long. */
const RESERVED_MS = 60000;
const SCOPE = self.registration.scope;
const NS = fnv(SCOPE);
const PREFIX = `glossa-${NS}-`;
const META = `${PREFIX}meta`;
const LOCK = `${PREFIX}lock`;
const KEY = 'https://glossa.invalid/'; // meta records' keys (never fetched)

function abs(u, base) {
  if (!u) return null;
  try { const x = new URL(u, base); x.hash = ''; return x.href; } catch { return null; }
}
const noHash = (u) => u.split('#')[0];
const noSearch = (u) => noHash(u).split('?')[0];
function fnv(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

// ---- state: in memory, written through to the meta cache -------------------------------

/**
 * `versions`: version → { urls: [...], runtime: {prefix, suffix} | null, pages: [...] } (complete ones only);
 * `clients`: clientId → { v, at, confirmed }; `terms`: what the pages last said their glossary holds.
 */
const mem = { newest: null, versions: new Map(), clients: new Map(), terms: null };
/** url → how many versions hold it; navigable pages (without query) of every version. */
const owned = new Map();
const pages = new Set(PAGES.map(noSearch));
let loaded = false;
let loading; // started at the end of this script, once everything is defined
const ready = () => loading;

const meta = () => caches.open(META);
async function readJSON(c, key) {
  const r = await c.match(KEY + key);
  return r ? r.json() : null;
}
async function write(key, value) {
  const c = await meta();
  if (value === null) await c.delete(KEY + key);
  else await c.put(KEY + key, new Response(JSON.stringify(value), { headers: { 'Content-Type': 'application/json' } }));
}

/**
 * Reads every record (at start, and under the lock before each build and clean-up, to see what
 * another instance wrote). A client this instance holds in memory wins (it may not be written yet).
 */
async function load() {
  const c = await meta();
  for (const [v, rec] of [...mem.versions]) {
    if (!(await caches.has(PREFIX + v))) { dropOwned(rec); mem.versions.delete(v); } // deleted by another instance
  }
  for (const req of await c.keys()) {
    const key = req.url.slice(KEY.length);
    const value = await readJSON(c, key).catch(() => null);
    if (value === null) continue;
    if (key === 'newest') mem.newest = value; // written under the lock, like every caller of load()
    else if (key === 'terms') mem.terms = value;
    else if (key.startsWith('version/')) {
      const v = key.slice(8);
      if (!mem.versions.has(v) && await caches.has(PREFIX + v)) addVersion(v, value);
    } else if (key.startsWith('client/')) {
      const id = decodeURIComponent(key.slice(7));
      if (!mem.clients.has(id)) mem.clients.set(id, value);
    }
  }
  if (mem.newest && !mem.versions.has(mem.newest)) mem.newest = null;
}

function addVersion(v, rec) {
  if (mem.versions.has(v)) dropOwned(mem.versions.get(v));
  mem.versions.set(v, rec);
  for (const u of rec.urls) owned.set(u, (owned.get(u) ?? 0) + 1);
  for (const p of rec.pages ?? []) pages.add(noSearch(p));
}
function dropOwned(rec) {
  for (const u of rec.urls) {
    const n = (owned.get(u) ?? 1) - 1;
    if (n > 0) owned.set(u, n); else owned.delete(u);
  }
}
/** A shard of a chunked search index (`search/root.glsr` beside `search/v/0.glsv`, …). */
function inShards(prefix, url) {
  return !!prefix && url.startsWith(prefix) && /^[vwntd]\/\d{1,7}\.gls[vwntd]$/.test(url.slice(prefix.length));
}
function inRuntime(rt, url) {
  return !!rt && url.length > rt.prefix.length + rt.suffix.length && url.startsWith(rt.prefix) && url.endsWith(rt.suffix)
    && !/[?#]/.test(url.slice(rt.prefix.length, url.length - rt.suffix.length));
}
/** Decided synchronously (respondWith cannot wait): is this request one of ours? */
function owns(url, navigate) {
  if (navigate) return pages.has(noSearch(url));
  if (!loaded) return url === GLOSSARY || ROOTS.some((r) => url.startsWith(r));
  if (owned.has(url)) return true;
  for (const rec of mem.versions.values()) if (inRuntime(rec.runtime, url) || inShards(rec.shards, url)) return true;
  return false;
}

async function assign(id, v, confirmed) {
  if (!id || !v) return v;
  const old = mem.clients.get(id);
  if (old && old.v === v && (old.confirmed || !confirmed)) return v;
  const rec = { v, at: Date.now(), confirmed };
  mem.clients.set(id, rec);
  await write(`client/${encodeURIComponent(id)}`, rec);
  return v;
}
/** The version a client uses: the one it started with, else (first seen, or its version is gone) the newest. */
async function versionOf(id) {
  const c = id && mem.clients.get(id);
  if (c && mem.versions.has(c.v)) {
    if (!c.confirmed) await assign(id, c.v, true);
    return c.v;
  }
  return assign(id, mem.newest, true);
}

// ---- one at a time ------------------------------------------------------------------------

let chain = Promise.resolve();
/** Runs `fn` alone: across this worker's events and a newer worker installing next to it. */
function serial(fn) {
  if (self.navigator?.locks?.request) return navigator.locks.request(LOCK, () => fn());
  const run = chain.then(() => fn());
  chain = run.catch(() => {});
  return run;
}

// ---- building -----------------------------------------------------------------------------

async function fetchOk(url) {
  const r = await fetch(url, { cache: 'no-cache', credentials: 'same-origin' });
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  // A redirected response cannot answer a navigation: keep the body only.
  return r.redirected ? new Response(await r.blob(), { status: r.status, statusText: r.statusText, headers: r.headers }) : r;
}

/** What the server has now: the manifest, the widget's file list, the index, and their version id. */
async function snapshot() {
  if (!GLOSSARY || !WIDGET) throw new Error('glossa-sw.js needs ?glossary=…&widget=… (registerOffline() adds them)');
  const [mRes, fRes] = await Promise.all([fetchOk(GLOSSARY), fetchOk(FILES)]);
  const [mBuf, fText] = await Promise.all([mRes.clone().arrayBuffer(), fRes.text()]);
  let manifest = null;
  try {
    const j = JSON.parse(new TextDecoder().decode(mBuf));
    if (j && typeof j === 'object' && !Array.isArray(j)) manifest = j; // else a Nuxt list payload
  } catch { /* a list payload served as an HTML page, say: the widget reports it */ }
  const index = manifest && typeof manifest.index === 'string' ? abs(manifest.index, GLOSSARY) : null;
  const iRes = index ? await fetchOk(index) : null;
  const iBuf = iRes ? await iRes.clone().arrayBuffer() : new ArrayBuffer(0);
  const enc = new TextEncoder();
  const parts = [enc.encode([SW_VERSION, GLOSSARY, WIDGET, ...[...PAGES].sort()].join('\n')), new Uint8Array(mBuf), enc.encode(fText), new Uint8Array(iBuf)];
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length + 1, 0));
  let at = 0;
  for (const p of parts) { all.set(p, at); at += p.length + 1; }
  const d = new Uint8Array(await crypto.subtle.digest('SHA-256', all));
  const version = [...d.slice(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join('');
  const listed = [];
  for (const t of Array.isArray(manifest?.terms) ? manifest.terms : []) {
    const u = typeof t?.url === 'string' && abs(t.url, GLOSSARY);
    if (u) listed.push(u);
  }
  const files = JSON.parse(fText).map((f) => abs(f, WIDGET)).filter(Boolean);
  // A chunked index: its root is in the version; its shards are kept as queries fetch them.
  const chunked = new Uint8Array(iBuf.slice(0, 4));
  const shards = index && String.fromCharCode(...chunked) === 'GLSR' ? new URL('./', index).href : null;
  return { version, manifest: mRes, index, indexRes: iRes, listed, files, shards };
}

/** The term URLs the pages told us about: `{ precache: [...], runtime: {prefix, suffix} | null }`. */
function posted() {
  const t = mem.terms;
  if (!t) return { precache: [], runtime: null };
  const precache = t.urls.length <= PRECACHE_MAX ? t.urls : [];
  return { precache, runtime: precache.length < t.total ? t.runtime : null };
}

/** Fetches `urls` eight at a time; `tolerant`: a failure skips that URL (returns what it got). */
async function fetchAll(urls, tolerant, each) {
  const got = [];
  for (let i = 0; i < urls.length; i += 8) {
    await Promise.all(urls.slice(i, i + 8).map(async (u) => {
      let r;
      try { r = await fetchOk(u); } catch (e) { if (tolerant) return; throw e; }
      await each(u, r);
      got.push(u);
    }));
  }
  return got;
}

class Changed extends Error {}

/**
 * Makes sure the server's current version is complete here (building it, or adding the term
 * payloads the pages named since), all or nothing. Call inside `serial`. Returns the version.
 */
async function build() {
  await ready();
  await load(); // what another instance (a newer worker installing, or the one it replaces) recorded
  for (let attempt = 1; ; attempt++) {
    try {
      return await buildOnce();
    } catch (e) {
      if (!(e instanceof Changed) || attempt >= 3) throw e instanceof Changed ? new Error('the glossary kept changing while it was being cached') : e;
    }
  }
}

async function buildOnce() {
  const snap = await snapshot();
  const v = snap.version;
  const { precache, runtime } = posted();
  const name = PREFIX + v;
  let rec = mem.versions.get(v);
  if (rec && !(await caches.has(name))) { dropOwned(rec); mem.versions.delete(v); rec = undefined; }
  if (rec) {
    // Complete already: add the term payloads it lacks, checked against the server afterwards
    // (held in memory meanwhile, so a version never gets another version's files).
    const have = new Set(rec.urls);
    const missing = precache.filter((u) => !have.has(u));
    const got = [];
    await fetchAll(missing, true, async (u, r) => got.push([u, new Response(await r.blob(), { status: r.status, statusText: r.statusText, headers: r.headers })]));
    if (got.length) {
      if ((await snapshot()).version !== v) throw new Changed();
      const cache = await caches.open(name);
      for (const [u, r] of got) await cache.put(u, r);
    }
    const rt = runtime ?? rec.runtime;
    if (got.length || JSON.stringify(rt) !== JSON.stringify(rec.runtime)) {
      const next = { ...rec, urls: [...rec.urls, ...got.map(([u]) => u)], runtime: rt };
      await write(`version/${v}`, next);
      addVersion(v, next);
    }
  } else {
    await caches.delete(name); // a build that stopped half-way
    const cache = await caches.open(name);
    try {
      const urls = new Set([GLOSSARY]);
      await cache.put(GLOSSARY, snap.manifest);
      if (snap.index) { urls.add(snap.index); await cache.put(snap.index, snap.indexRes); }
      const strict = [...new Set([...snap.files, ...PAGES, ...snap.listed])].filter((u) => !urls.has(u));
      for (const u of await fetchAll(strict, false, (u, r) => cache.put(u, r))) urls.add(u);
      // Payloads named by the pages (compact manifests, list payloads) may have gone since: skipped.
      for (const u of await fetchAll(precache.filter((u) => !urls.has(u)), true, (u, r) => cache.put(u, r))) urls.add(u);
      if ((await snapshot()).version !== v) throw new Changed();
      rec = { urls: [...urls], runtime, shards: snap.shards, pages: PAGES, at: Date.now() };
    } catch (e) {
      await caches.delete(name); // never keep a half-built version
      throw e;
    }
    await write(`version/${v}`, rec);
    addVersion(v, rec);
  }
  if (mem.newest !== v) { mem.newest = v; await write('newest', v); }
  return v;
}

/** Deletes the versions no live client uses (never the newest), and the records of clients that are gone. */
async function cleanup(gone) {
  await load(); // records another worker instance wrote
  const live = new Set((await self.clients.matchAll({ includeUncontrolled: true, type: 'all' })).map((c) => c.id));
  const keep = new Set([mem.newest]);
  const now = Date.now();
  for (const [id, c] of [...mem.clients]) {
    const alive = id !== gone && (live.has(id) || (!c.confirmed && now - c.at < RESERVED_MS));
    if (alive && mem.versions.has(c.v)) keep.add(c.v);
    else { mem.clients.delete(id); await write(`client/${encodeURIComponent(id)}`, null); }
  }
  for (const [v, rec] of [...mem.versions]) {
    if (keep.has(v)) continue;
    dropOwned(rec);
    mem.versions.delete(v);
    await write(`version/${v}`, null);
    await caches.delete(PREFIX + v);
  }
  for (const k of await caches.keys()) {
    const ours = k.startsWith(PREFIX) && k !== META && !mem.versions.has(k.slice(PREFIX.length));
    const legacy = k === 'glossa-meta' || /^glossa-[0-9a-f]{16}$/.test(k); // glossa-sw-1's caches
    if (ours || legacy) await caches.delete(k);
  }
}

async function windows() {
  return self.clients.matchAll({ type: 'window', includeUncontrolled: true });
}
/** Tells every page on another version than `v` that `v` is ready (a reload switches it). */
async function notify(v, except) {
  for (const c of await windows()) {
    const cv = mem.clients.get(c.id)?.v;
    if (c.id !== except && cv && cv !== v) c.postMessage({ type: 'glossa-update-ready', version: v, current: cv });
  }
}

// ---- events ---------------------------------------------------------------------------------

self.addEventListener('install', (event) => {
  event.waitUntil(serial(build).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    await ready();
    await self.clients.claim();
    await serial(() => cleanup());
  })());
});

/** A page's check (`glossa-check-update`) or its hello (`glossa-hello`, with its glossary's term URLs). */
async function check(source, data) {
  await ready();
  const hello = data.type === 'glossa-hello';
  const mine = await versionOf(source.id);
  const reply = (type, more) => source.postMessage({ type, id: data.id, version: mine, ...more });
  if (hello && Array.isArray(data.urls)) {
    const clean = (a) => a.filter((u) => typeof u === 'string').map((u) => abs(u)).filter((u) => u && /^https?:/.test(u));
    const urls = [...new Set(clean(data.urls))].slice(0, PRECACHE_MAX);
    const total = Math.max(urls.length, Number(data.total) || 0);
    // A pattern for the payloads not precached: at least one folder below the origin.
    const runtime = typeof data.prefix === 'string' && typeof data.suffix === 'string'
      && /^https?:\/\/[^/]+\/[^?#]*\/$/.test(data.prefix) ? { prefix: data.prefix, suffix: data.suffix } : null;
    if (total) { // a page whose glossary did not load says nothing
      mem.terms = { urls, total, runtime };
      await write('terms', mem.terms);
    }
  }
  let v;
  try {
    v = await build();
  } catch (e) {
    if (hello) { if (mine) reply('glossa-offline-ready', { checked: false }); }
    else reply('glossa-update-failed', { error: String(e?.message ?? e) });
    return;
  }
  if (hello && mine) reply('glossa-offline-ready', { checked: true });
  if (v === mine) { if (!hello) reply('glossa-up-to-date'); }
  else reply('glossa-update-ready', { version: v, current: mine });
  await notify(v, source.id);
  await cleanup();
}

self.addEventListener('message', (event) => {
  const data = event.data;
  const source = event.source;
  if (!source || typeof data?.type !== 'string') return;
  if (data.type === 'glossa-check-update' || data.type === 'glossa-hello') {
    event.waitUntil(serial(() => check(source, data)));
  } else if (data.type === 'glossa-apply-update') {
    // Only the sender switches: it reloads, and its navigation gets the newest version.
    event.waitUntil(ready().then(() => source.postMessage({ type: 'glossa-update-applied', id: data.id, version: mem.newest })));
  } else if (data.type === 'glossa-bye' && !data.persisted) {
    // The page is going away (not into the back/forward cache): its version may be unused now.
    event.waitUntil(serial(async () => { await ready(); await cleanup(source.id); }));
  }
});

async function answer(event, url, navigate) {
  const req = event.request;
  await ready();
  if (!owns(url, navigate)) return fetch(req); // the guess made before the records were read
  const v = navigate ? await assign(event.resultingClientId, mem.newest, false) : await versionOf(event.clientId);
  const rec = v && mem.versions.get(v);
  const cache = rec && await caches.has(PREFIX + v) ? await caches.open(PREFIX + v) : null;
  if (cache) {
    const hit = navigate ? await cache.match(url, { ignoreSearch: true, ignoreVary: true }) : await cache.match(url, { ignoreVary: true });
    if (hit) return hit;
  }
  const res = await fetch(req);
  // A term payload of a glossary too big to precache, or a shard of a chunked index: kept on
  // first use, in the newest version only (an older version must not get the server's newer files).
  if (!navigate && cache && v === mem.newest && res.ok && (inRuntime(rec.runtime, url) || inShards(rec.shards, url))) {
    event.waitUntil(cache.put(url, res.clone()).catch(() => {}));
  }
  return res;
}

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || req.headers.has('range')) return;
  const url = noHash(req.url);
  const navigate = req.mode === 'navigate';
  if (!owns(url, navigate)) return; // not ours: the network, untouched
  event.respondWith(answer(event, url, navigate));
});

loading = load().catch((e) => console.warn('glossa-sw: could not read its records:', e)).then(() => { loaded = true; });
