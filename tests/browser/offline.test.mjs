// The offline service worker (pkg/glossa-sw.js) in real Chromium: everything serves offline
// for listed manifests, compact (termUrl) manifests and Nuxt list payloads, also right after
// the worker restarts; tabs keep their own version until they reload and versions are deleted
// only when no tab uses them; requests the worker does not own go to the network untouched;
// overlapping checks (and a newer worker installing) build one complete version.
// Nothing here waits a fixed time: every wait is on an event, a cache listing or a counter.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'devalue';
import { launch, serve, repoRoot } from './support/harness.mjs';

const tmp = path.join(repoRoot, 'target', 'test-offline');
const BASE = '/target/test-offline';
let browser, server;
/** Every request the server received, as its pathname (with the query). */
const seen = [];
/** `{ path, arrived: Promise, release() }`: the server holds the first request for `path` until released. */
let hold = null;

before(async () => {
  browser = await launch();
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const cli = (...args) => execFileSync('cargo', ['run', '--quiet', '--bin', 'glossa', '--', ...args], { cwd: repoRoot, stdio: 'inherit' });
  cli('build', 'tests/fixtures/mini-glossary', '-o', path.join(tmp, 'src-listed'), '--title', 'Space v1');
  cli('build', 'tests/fixtures/mini-glossary', '-o', path.join(tmp, 'src-compact'), '--title', 'Space v1', '--compact');
  cli('build', 'tests/fixtures/mini-glossary', '-o', path.join(tmp, 'src-chunked'), '--title', 'Space v1', '--compact', '--chunked');
  server = await serve({
    handle: async (req, res, pathname) => {
      seen.push(req.url);
      if (hold && !hold.used && pathname === hold.path) {
        hold.used = true;
        hold.arrive();
        await hold.released;
      }
      return false; // served from disk as usual
    },
  });
  server.pages.set('/favicon.ico', { body: '', status: 204 });
});
after(async () => {
  await browser?.close();
  server?.server.close();
});

const doc = (head, body) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>t</title>${head}</head><body>${body}</body></html>`;
const TERMS = ['delta-v', 'llm', 'orbit'];
/** A safety net against a hang (a CDP event that never comes), not a time limit the tests assert. */
const T = { timeout: 180000 };

function payloadFiles(dir) {
  const out = [];
  for (const f of readdirSync(dir)) {
    const p = path.join(dir, f);
    if (statSync(p).isDirectory()) out.push(...payloadFiles(p));
    else if (f === '_payload.json') out.push(p);
  }
  return out;
}
/** Payloads carry a stamp (their last value, `prerenderedAt`) so a test can tell versions apart. */
const stamp = (text, n) => text.replace(/\d+\]\s*$/, `${n}]`);
const stampOf = (text) => Number(/(\d+)\]\s*$/.exec(text)?.[1]);

/**
 * A site at /target/test-offline/<name>/: index.html (opts in with data-offline) and glossary/,
 * a copy of the mini glossary as a listed manifest, a compact (termUrl) manifest or a Nuxt list
 * payload (term summaries with paths; no manifest, no index).
 */
function site(name, kind, { head } = {}) {
  const dir = path.join(tmp, name);
  rmSync(dir, { recursive: true, force: true });
  const src = { compact: 'src-compact', chunked: 'src-chunked' }[kind] ?? 'src-listed';
  cpSync(path.join(tmp, src), path.join(dir, 'glossary'), { recursive: true });
  for (const f of payloadFiles(path.join(dir, 'glossary'))) writeFileSync(f, stamp(readFileSync(f, 'utf8'), 1));
  let glossary = 'glossary/glossary.json';
  if (kind === 'list') {
    const m = JSON.parse(readFileSync(path.join(dir, 'glossary/glossary.json'), 'utf8'));
    rmSync(path.join(dir, 'glossary/glossary.json'));
    rmSync(path.join(dir, 'glossary/search.glsi'));
    const summaries = m.terms.map((t) => ({ title: t.title, path: `${BASE}/${name}/glossary${t.path}`, description: t.description, category: t.category }));
    writeFileSync(path.join(dir, 'glossary/_payload.json'), stringify({ data: { glossary: summaries }, prerenderedAt: 1 }));
    glossary = 'glossary/_payload.json';
  }
  writeFileSync(path.join(dir, 'index.html'), doc(
    head ?? `<script type="module" src="/pkg/glossa.js" data-glossary="${glossary}" data-offline></script>`,
    `<glossa-glossary manage-title></glossa-glossary><glossa-search id="s"></glossa-search>`));
  const at = `${BASE}/${name}/`;
  return {
    dir, at, url: server.url + at,
    payload: (id) => `${server.url}${at}glossary/terms/${id[0]}/${id}/_payload.json`,
    /** A new version on the server: the manifest's title and every payload's stamp change; orbit's text too. */
    bump(n) {
      if (kind !== 'list') {
        const mPath = path.join(dir, 'glossary/glossary.json');
        const m = JSON.parse(readFileSync(mPath, 'utf8'));
        m.title = `Space v${n}`;
        writeFileSync(mPath, JSON.stringify(m));
      }
      for (const f of payloadFiles(path.join(dir, 'glossary'))) {
        writeFileSync(f, stamp(readFileSync(f, 'utf8'), n).replace(/keep missing it\.( \[v\d+\])?/, `keep missing it. [v${n}]`));
      }
    },
    requests: () => seen.filter((u) => u.startsWith(at)),
  };
}

/** A page that records what the worker says (events on window) in `window.__glossa`. */
async function open(context, url) {
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(e.message));
  await page.addInitScript(() => {
    window.__glossa = { ready: [], updates: [] };
    addEventListener('glossa-offline-ready', (e) => window.__glossa.ready.push(e.detail.version));
    addEventListener('glossa-update-ready', (e) => window.__glossa.updates.push(e.detail.version));
  });
  if (url) await page.goto(url);
  return page;
}
/** Waits until the worker told this page (since it loaded) that its version is complete; returns the version. */
async function offlineReady(page) {
  await page.waitForFunction(() => window.__glossa?.ready.length > 0, null, { timeout: 20000 });
  return page.evaluate(() => window.__glossa.ready[0]);
}
const listView = (page) => page.waitForFunction(() => document.querySelector('glossa-glossary')?.dataset.view === 'list', null, { timeout: 15000 });
async function showTerm(page, id) {
  await page.evaluate((id) => { location.hash = `#/term/${id}`; }, id);
  await page.waitForFunction((id) => location.hash === `#/term/${id}` && document.querySelector('glossa-glossary')?.dataset.view === 'term'
    && document.querySelector('glossa-glossary').shadowRoot.querySelector('article'), id, { timeout: 15000 });
  return page.$eval('glossa-glossary', (e) => e.shadowRoot.querySelector('article').textContent);
}
const title = (page) => page.$eval('glossa-glossary', (e) => e.shadowRoot.querySelector('.gb-title').textContent);
/** Cache names and, per cache, the URLs it holds (from the page: the same Cache Storage as the worker's). */
const cacheNames = (page) => page.evaluate(() => caches.keys());
const versionCache = async (page, v) => (await cacheNames(page)).find((k) => k.endsWith(`-${v}`));
async function cachedText(page, cacheName, url) {
  return page.evaluate(async ([n, u]) => (await (await caches.open(n)).match(u))?.text() ?? null, [cacheName, url]);
}
/** Text of a GET from the page (answered by the worker from the page's version, if it owns the URL). */
const pageFetch = (page, url) => page.evaluate((u) => fetch(u).then((r) => r.text()), url);

/**
 * Waits until `fn` (run in the page; it may be async, which page.waitForFunction does not
 * await) returns something truthy. Polled, one call at a time, like page.waitForFunction.
 */
async function until(page, fn, arg) {
  await page.waitForFunction(([src, arg]) => {
    const all = (window.__until ??= new Map());
    const key = src + JSON.stringify(arg);
    let e = all.get(key);
    if (!e) all.set(key, e = { busy: false, done: false });
    if (e.done) { all.delete(key); return true; }
    if (!e.busy) {
      e.busy = true;
      Promise.resolve().then(() => (0, eval)(`(${src})`)(arg)).then((v) => { e.done = !!v; e.busy = false; }, () => { e.busy = false; });
    }
    return false;
  }, [fn.toString(), arg], { polling: 50, timeout: 15000 });
}

/** Stops the service worker (it restarts on the next event, before reading its records). */
async function stopWorker(context, page) {
  const cdp = await context.newCDPSession(page);
  const running = new Map();
  let wake;
  cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    for (const v of versions) running.set(v.versionId, v.runningStatus);
    wake?.();
  });
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  while (![...running.values()].every((s) => s === 'stopped') || running.size === 0) await new Promise((r) => { wake = r; });
  await cdp.detach();
}

for (const kind of ['listed', 'compact', 'list']) {
  test(`offline: everything serves offline for a ${kind === 'list' ? 'Nuxt list payload' : `${kind} manifest`}, also right after the worker restarts`, T, async () => {
    const s = site(`all-${kind}`, kind);
    const context = await browser.newContext();
    const page = await open(context, s.url);
    const v = await offlineReady(page);
    await listView(page);
    // Every term payload is in the version (for compact manifests and list payloads, the
    // page named them once it had loaded the glossary).
    const name = await versionCache(page, v);
    assert.ok(name, `a cache for version ${v}: ${await cacheNames(page)}`);
    for (const id of TERMS) assert.equal(stampOf(await cachedText(page, name, s.payload(id))), 1, `${id} precached`);
    await context.setOffline(true);
    const before = s.requests().length;
    await page.reload();
    await listView(page);
    assert.equal(await title(page), kind === 'list' ? 'Glossary' : 'Space v1');
    assert.match(await showTerm(page, 'orbit'), /keep missing it/);
    assert.match(await showTerm(page, 'llm'), /Lunar Landing Module/);
    await page.locator('#s input').fill('orbt');
    await page.waitForFunction(() => document.querySelector('#s').shadowRoot.querySelector('[role=option] .gs-title')?.textContent.startsWith('Orbit'));
    // The worker stops (as it does when idle); the first request that wakes it is a term payload.
    await stopWorker(context, page);
    assert.match(await showTerm(page, 'delta-v'), /Delta-v/);
    assert.deepEqual(s.requests().slice(before), [], 'the server saw nothing while offline');
    assert.deepEqual(page.problems, []);
    await context.close();
  });
}

test('offline: a chunked index keeps its shards as queries fetch them; offline, the list and those searches answer', T, async () => {
  const s = site('chunked', 'chunked');
  assert.equal(JSON.parse(readFileSync(path.join(s.dir, 'glossary/glossary.json'), 'utf8')).index, 'search/root.glsr');
  const context = await browser.newContext();
  const page = await open(context, s.url);
  const v = await offlineReady(page);
  const name = await versionCache(page, v);
  const root = `${s.url}glossary/search/root.glsr`;
  assert.notEqual(await cachedText(page, name, root), null, 'the root is in the version');
  await page.reload(); // now controlled from the start: what it fetches, the worker keeps
  await offlineReady(page);
  await listView(page);
  const search = async (q, want) => {
    await page.locator('#s input').fill(q);
    await page.waitForFunction(([q, want]) => {
      const r = document.querySelector('#s').shadowRoot;
      return r.querySelector('.gs-list').dataset.query === q && r.querySelector('[role=option] .gs-title')?.textContent.startsWith(want);
    }, [q, want]);
  };
  await search('orbt', 'Orbit');
  await search('lunar', 'LLM');
  const shards = await page.evaluate(async (n) => (await (await caches.open(n)).keys()).map((r) => r.url).filter((u) => /\/search\/[vwntd]\//.test(u)), name);
  assert.ok(shards.some((u) => /\/v\/\d+\.glsv$/.test(u)) && shards.some((u) => /\/t\/\d+\.glst$/.test(u)) && shards.some((u) => /\/d\/\d+\.glsd$/.test(u)),
    `vocabulary, title and document shards kept: ${shards.map((u) => u.split('/search/')[1])}`);
  await context.setOffline(true);
  const before = s.requests().length;
  await page.reload();
  await listView(page);
  assert.equal(await title(page), 'Space v1');
  await search('orbt', 'Orbit');
  await search('lunar', 'LLM');
  assert.match(await showTerm(page, 'orbit'), /keep missing it/);
  assert.deepEqual(s.requests().slice(before), [], 'the server saw nothing while offline');
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('offline: a glossary above precacheTerms caches payloads as they are viewed, in the newest version', T, async () => {
  const s = site('runtime', 'compact', {
    head: `<script type="module">import { registerOffline } from '/pkg/glossa.js'; registerOffline({ glossary: 'glossary/glossary.json', precacheTerms: 2 });</script>
      <script type="module" src="/pkg/glossa.js" data-glossary="glossary/glossary.json"></script>`,
  });
  const context = await browser.newContext();
  const page = await open(context, s.url);
  const v = await offlineReady(page);
  const name = await versionCache(page, v);
  for (const id of TERMS) assert.equal(await cachedText(page, name, s.payload(id)), null, `${id} not precached (3 terms > 2)`);
  await page.reload(); // now controlled from the start
  await offlineReady(page);
  assert.match(await showTerm(page, 'orbit'), /keep missing it/);
  await until(page, async ([n, u]) => !!(await (await caches.open(n)).match(u)), [name, s.payload('orbit')]);
  await context.setOffline(true);
  await page.reload();
  assert.match(await showTerm(page, 'orbit'), /keep missing it/, 'viewed once: served offline');
  await page.evaluate(() => { location.hash = '#/term/llm'; });
  await page.waitForFunction(() => document.querySelector('glossa-glossary')?.dataset.view === 'error', null, { timeout: 15000 });
  await context.close();
});

test('offline across tabs: applyUpdate switches its own tab only; the others keep their version until they reload or close', T, async () => {
  const s = site('tabs', 'compact');
  const context = await browser.newContext();
  const a = await open(context, s.url);
  const v1 = await offlineReady(a);
  const b = await open(context, s.url);
  const c = await open(context, s.url);
  assert.equal(await offlineReady(b), v1);
  assert.equal(await offlineReady(c), v1);
  const v1Cache = await versionCache(a, v1);
  // B has not opened orbit yet (its payload is precached in v1).
  await listView(b);
  s.bump(2);
  const check = await a.evaluate(async () => (await import('/pkg/glossa.js')).checkForUpdate());
  assert.equal(check.type, 'glossa-update-ready');
  const v2 = check.version;
  assert.notEqual(v2, v1);
  await b.waitForFunction((v) => window.__glossa.updates.includes(v), v2); // the other tabs are told too
  assert.equal(await b.evaluate(() => !!document.getElementById('glossa-update')), true, 'B shows the banner');
  // A accepts: it reloads onto v2, all of it.
  await Promise.all([a.waitForEvent('load'), a.evaluate(async () => (await import('/pkg/glossa.js')).applyUpdate())]);
  assert.equal(await offlineReady(a), v2);
  await listView(a);
  assert.equal(await title(a), 'Space v2');
  assert.match(await showTerm(a, 'orbit'), /keep missing it\. \[v2\]/);
  // B still works on v1, with v1's files — including a payload it had not requested before.
  const orbitRequests = () => s.requests().filter((u) => u.endsWith('/o/orbit/_payload.json')).length;
  const served = orbitRequests();
  assert.equal(await title(b), 'Space v1');
  const bOrbit = await showTerm(b, 'orbit');
  assert.match(bOrbit, /keep missing it\./);
  assert.doesNotMatch(bOrbit, /\[v2\]/);
  assert.equal(stampOf(await pageFetch(b, s.payload('delta-v'))), 1);
  assert.equal(JSON.parse(await pageFetch(b, `${s.url}glossary/glossary.json`)).title, 'Space v1');
  assert.equal(orbitRequests(), served, 'B got orbit from its version, not from the server');
  assert.equal(stampOf(await pageFetch(a, s.payload('delta-v'))), 2, 'A gets v2');
  assert.ok((await cacheNames(a)).includes(v1Cache), 'v1 is kept while B and C use it');
  // B reloads: onto v2. C still uses v1, so v1 stays.
  await b.evaluate(() => { location.hash = '#/'; });
  await b.reload();
  assert.equal(await offlineReady(b), v2);
  await listView(b);
  assert.equal(await title(b), 'Space v2');
  assert.equal(stampOf(await pageFetch(b, s.payload('llm'))), 2);
  assert.ok((await cacheNames(a)).includes(v1Cache), 'v1 is kept while C uses it');
  assert.equal(stampOf(await pageFetch(c, s.payload('llm'))), 1, 'C still gets v1');
  // C closes: nobody uses v1 any more, so it is deleted.
  await c.close({ runBeforeUnload: true });
  await until(a, async (n) => !(await caches.keys()).includes(n), v1Cache);
  assert.ok((await cacheNames(a)).includes(await versionCache(a, v2)));
  assert.deepEqual([...a.problems, ...b.problems], []);
  await context.close();
});

test('offline: requests the worker does not own reach the network untouched, even while a version is active', T, async () => {
  const s = site('owned', 'listed');
  writeFileSync(path.join(s.dir, 'glossary/notes.json'), '{"notes":1}');
  writeFileSync(path.join(s.dir, 'data.json'), '{"data":1}');
  writeFileSync(path.join(s.dir, 'other.html'), doc('', '<p>another page</p>'));
  const context = await browser.newContext();
  const page = await open(context, s.url);
  await offlineReady(page);
  await page.reload(); // controlled from the start
  await offlineReady(page);
  const fromWorker = new Map();
  page.on('response', (r) => fromWorker.set(new URL(r.url()).pathname + new URL(r.url()).search, r.fromServiceWorker()));
  const workerRequests = [];
  context.on('request', (r) => { if (r.serviceWorker()) workerRequests.push(new URL(r.url()).pathname); });
  const probe = async (rel, where = page) => {
    const n = seen.length;
    const text = await where.evaluate((u) => fetch(u, { headers: { 'X-Probe': '1' } }).then((r) => r.text()), s.url + rel);
    return { text, server: seen.slice(n).filter((u) => u === s.at + rel).length, sw: fromWorker.get(s.at + rel) };
  };
  // Not ours: the network, untouched (no respondWith: the page's response is not the worker's).
  assert.deepEqual(await probe('data.json?x=1'), { text: '{"data":1}', server: 1, sw: false });
  assert.deepEqual(await probe('glossary/notes.json'), { text: '{"notes":1}', server: 1, sw: false }, 'not ours, though in the glossary folder');
  // Ours: from the version, the server sees nothing.
  const owned = await probe('glossary/glossary.json');
  assert.equal(owned.server, 0);
  assert.equal(owned.sw, true);
  // A page in scope that the worker did not cache: a plain navigation.
  const nav = await page.goto(s.url + 'other.html');
  assert.equal(nav.fromServiceWorker(), false);
  assert.equal(await page.textContent('p'), 'another page');
  await page.goBack();
  await offlineReady(page);
  // Right after the worker restarts (before it has read its records), too.
  await stopWorker(context, page);
  assert.deepEqual(await probe('data.json?x=2'), { text: '{"data":1}', server: 1, sw: false });
  assert.deepEqual(workerRequests.filter((p) => p.endsWith('data.json') || p.endsWith('notes.json') || p.endsWith('other.html')), [], 'the worker fetched none of them itself');
  await context.close();
});

test('offline: overlapping checks and a newer worker installing build one complete version, never a mixed one', T, async () => {
  const s = site('serial', 'listed');
  const context = await browser.newContext();
  const a = await open(context, s.url);
  const v1 = await offlineReady(a);
  const b = await open(context, s.url);
  assert.equal(await offlineReady(b), v1);
  // v2 on the server; the first build's request for orbit is held…
  const orbit = `${s.at}glossary/terms/o/orbit/_payload.json`;
  let arrive, release;
  hold = { path: orbit, used: false, arrived: new Promise((r) => { arrive = r; }), released: new Promise((r) => { release = r; }) };
  hold.arrive = arrive;
  s.bump(2);
  const orbitBefore = seen.filter((u) => u === orbit).length;
  // Three checks from each tab, posted at once (each resolves with the worker's answer).
  const post = (p) => p.evaluate(async () => {
    const { checkForUpdate } = await import('/pkg/glossa.js');
    window.__checks = Promise.all([checkForUpdate(), checkForUpdate(), checkForUpdate()]);
  });
  await Promise.all([post(a), post(b)]);
  await hold.arrived;
  // …and meanwhile a newer worker script installs (its build must wait too)…
  await a.evaluate(async () => {
    const reg = await navigator.serviceWorker.getRegistration();
    await navigator.serviceWorker.register(`${reg.active.scriptURL}&x=1`, { scope: reg.scope });
  });
  await until(a, async () => (await navigator.serviceWorker.getRegistration()).installing?.scriptURL.endsWith('&x=1'));
  // …and the server moves on to v3 before the held request is answered.
  s.bump(3);
  release();
  const answers = (p) => p.evaluate(() => window.__checks);
  const results = [...await answers(a), ...await answers(b)];
  hold = null;
  assert.equal(results.length, 6);
  const v3 = results[0].version;
  for (const r of results) assert.deepEqual({ type: r.type, version: r.version }, { type: 'glossa-update-ready', version: v3 });
  await until(a, async () => (await navigator.serviceWorker.getRegistration()).active?.scriptURL.endsWith('&x=1'));
  // One build at a time: the first one (v2, abandoned when the server changed) and its retry
  // (v3) fetched orbit; every later check, and the new worker's install, found v3 complete.
  assert.equal(seen.filter((u) => u === orbit).length - orbitBefore, 2);
  const names = (await cacheNames(a)).filter((k) => !k.endsWith('-meta'));
  const v3Cache = await versionCache(a, v3);
  assert.deepEqual(names.sort(), [await versionCache(a, v1), v3Cache].sort(), 'v1 (still in use) and v3, nothing half-built');
  // v3 is all v3.
  assert.equal(JSON.parse(await cachedText(a, v3Cache, `${s.url}glossary/glossary.json`)).title, 'Space v3');
  for (const id of TERMS) assert.equal(stampOf(await cachedText(a, v3Cache, s.payload(id))), 3, id);
  // The tabs still work on v1 until they reload.
  assert.equal(stampOf(await pageFetch(b, s.payload('orbit'))), 1);
  await a.reload();
  assert.equal(await offlineReady(a), v3);
  assert.equal(stampOf(await pageFetch(a, s.payload('orbit'))), 3);
  await context.close();
});
