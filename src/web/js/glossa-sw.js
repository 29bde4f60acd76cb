// glossa offline service worker (opt-in). Register it through glossa.js:
//   <script type="module" src="…/glossa.js" data-glossary="glossary.json" data-offline></script>
// or `registerOffline()`. It precaches the widget (every file listed in
// glossa-files.json), the manifest, the search index, every term payload and the
// page, and serves them offline.
//
// Updates are atomic: each version lives in its own cache (`glossa-<hash>`), built
// completely before it is used. A page keeps the version it started with; when a
// newer one is ready the page is told (`glossa-update-ready`) and switches on reload.
const SW_VERSION = 'glossa-sw-1';
const params = new URL(self.location.href).searchParams;
const GLOSSARY = params.get('glossary');
const WIDGET = params.get('widget');
const PAGES = params.getAll('page');
const META = 'glossa-meta';

async function getMeta(key) {
  const r = await (await caches.open(META)).match(`/__glossa/${key}`);
  return r ? r.text() : null;
}
async function setMeta(key, value) {
  const c = await caches.open(META);
  if (value === null) await c.delete(`/__glossa/${key}`);
  else await c.put(`/__glossa/${key}`, new Response(value));
}

async function hash(text) {
  const d = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(d)].slice(0, 8).map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function fetchOk(url) {
  const r = await fetch(url, { cache: 'no-store', credentials: 'same-origin' });
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return r;
}

/** Builds the cache for the current glossary and widget, all or nothing. Returns its version. */
async function build() {
  const [mRes, fRes] = await Promise.all([fetchOk(GLOSSARY), fetchOk(new URL('glossa-files.json', WIDGET).href)]);
  const [mText, fText] = await Promise.all([mRes.clone().text(), fRes.clone().text()]);
  const version = await hash(SW_VERSION + '\n' + mText + '\n' + fText);
  const name = `glossa-${version}`;
  if (await caches.has(name) && (await getMeta(`complete-${version}`)) === '1') return version;
  const cache = await caches.open(name);
  const manifest = JSON.parse(mText);
  const urls = new Set(JSON.parse(fText).map((f) => new URL(f, WIDGET).href));
  if (manifest.index) urls.add(new URL(manifest.index, GLOSSARY).href);
  for (const t of manifest.terms || []) urls.add(new URL(t.url, GLOSSARY).href);
  for (const p of PAGES) urls.add(p);
  try {
    await cache.put(GLOSSARY, mRes);
    const list = [...urls];
    for (let i = 0; i < list.length; i += 8) {
      await Promise.all(list.slice(i, i + 8).map(async (u) => cache.put(u, await fetchOk(u))));
    }
  } catch (e) {
    await caches.delete(name); // never keep a half-built version
    throw e;
  }
  await setMeta(`complete-${version}`, '1');
  return version;
}

async function cleanup() {
  const keep = new Set([META, `glossa-${await getMeta('current')}`, `glossa-${await getMeta('pending')}`]);
  for (const k of await caches.keys()) if (k.startsWith('glossa-') && !keep.has(k)) await caches.delete(k);
}

async function broadcast(msg) {
  for (const c of await self.clients.matchAll({ includeUncontrolled: true })) c.postMessage(msg);
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const version = await build();
    const current = await getMeta('current');
    if (!current) await setMeta('current', version);
    else if (current !== version) await setMeta('pending', version);
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    await self.clients.claim();
    await cleanup();
    await broadcast({ type: 'glossa-offline-ready', version: await getMeta('current') });
    if (await getMeta('pending')) await broadcast({ type: 'glossa-update-ready', version: await getMeta('pending') });
  })());
});

self.addEventListener('message', (event) => {
  const type = event.data && event.data.type;
  if (type === 'glossa-check-update') {
    event.waitUntil((async () => {
      try {
        const version = await build();
        const current = await getMeta('current');
        if (version !== current) {
          await setMeta('pending', version);
          await broadcast({ type: 'glossa-update-ready', version });
        } else {
          event.source?.postMessage({ type: 'glossa-up-to-date', version });
        }
      } catch (e) {
        event.source?.postMessage({ type: 'glossa-update-failed', error: String(e) });
      }
    })());
  } else if (type === 'glossa-apply-update') {
    event.waitUntil((async () => {
      const pending = await getMeta('pending');
      if (pending) {
        await setMeta('current', pending);
        await setMeta('pending', null);
        await cleanup();
      }
      event.source?.postMessage({ type: 'glossa-update-applied', version: pending });
    })());
  }
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  event.respondWith((async () => {
    const current = await getMeta('current');
    if (current) {
      const cache = await caches.open(`glossa-${current}`);
      const hit = await cache.match(req, { ignoreVary: true }) || (req.mode === 'navigate' ? await cache.match(req.url.split('#')[0], { ignoreSearch: true }) : undefined);
      if (hit) return hit;
    }
    return fetch(req);
  })());
});
