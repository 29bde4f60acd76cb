// Network faults in real Chromium: 404, 500, timeouts (no answer, stalled body), truncated
// bodies, HTML error pages served with 200, wrong content types and slow responses — for
// term payloads, the glossary manifest, the search index and the wasm module itself.
// Every failure must show a clear message with a way to try again, leave what already
// loaded working, and never surface as an unhandled promise rejection.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { launch, serve, newPage, repoRoot } from './support/harness.mjs';

const TYPES = { '.json': 'application/json', '.wasm': 'application/wasm', '.js': 'text/javascript', '.glsi': 'application/octet-stream', '.md': 'text/markdown' };
const NOT_FOUND_PAGE = '<!doctype html><html><head><title>Not found</title></head><body><h1>Page not found</h1></body></html>';
const TIMEOUT_MS = 1200; // the pages' data-fetch-timeout

let browser, server, base, pages;
const open = new Set(); // responses left hanging, closed at the end
const held = []; // `slow` responses, answered by `release()` once the test has seen the wait
let onHold = () => {};
/** Resolves once a `slow` response is being held (fails if none comes within 10 s). */
const holding = () => new Promise((resolve, reject) => {
  if (held.length) return resolve();
  const t = setTimeout(() => reject(new Error('no slow request reached the server')), 10000);
  onHold = () => { clearTimeout(t); resolve(); };
});
const release = () => { for (const send of held.splice(0)) send(); };
let passSlow = false; // answer `slow` requests at once (after a test has seen one held)
const down = { on: false }; // the `down` fault: 503 while on, then served normally
const hits = [];
let faultCount = 0;

/** Answers with `body` (the real file) spoiled by `fault`. */
function inject(fault, req, res, body, type) {
  faultCount++;
  switch (fault) {
    case 'ok': res.writeHead(200, { 'Content-Type': type, 'Content-Length': body.length }).end(body); return;
    case '404': res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found'); return;
    case '500': res.writeHead(500, { 'Content-Type': 'text/plain' }).end('internal error'); return;
    case 'down':
      if (down.on) res.writeHead(503, { 'Content-Type': 'text/plain' }).end('maintenance');
      else res.writeHead(200, { 'Content-Type': type, 'Content-Length': body.length }).end(body);
      return;
    case 'hang': open.add(res); return; // headers never come
    case 'stall': // headers and half the body, then nothing
      open.add(res);
      res.writeHead(200, { 'Content-Type': type, 'Content-Length': body.length });
      res.write(body.subarray(0, body.length >> 1));
      return;
    case 'cut': // the connection drops mid-body
      res.writeHead(200, { 'Content-Type': type, 'Content-Length': body.length });
      res.write(body.subarray(0, body.length >> 1), () => req.socket.destroy()); // written out: what was sent arrives, then the close
      return;
    case 'half': // a complete response that holds only the first half of the file
      res.writeHead(200, { 'Content-Type': type, 'Content-Length': body.length >> 1 }).end(body.subarray(0, body.length >> 1));
      return;
    case 'html': res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(NOT_FOUND_PAGE); return;
    case 'type': res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': body.length }).end(body); return;
    case 'slow': if (passSlow) { res.writeHead(200, { 'Content-Type': type }).end(body); return; } open.add(res); held.push(() => { open.delete(res); res.writeHead(200, { 'Content-Type': type }).end(body); }); onHold(); return;
    default: res.writeHead(400).end(`unknown fault ${fault}`);
  }
}

before(async () => {
  browser = await launch();
  ({ server, url: base, pages } = await serve({
    handle: async (req, res, pathname) => {
      // /f/<fault>/<file>: the file with the fault. /w/<fault>/pkg/…: only the .wasm files get the fault.
      const m = pathname.match(/^\/([fw])\/([a-z0-9]+)(\/.+)$/);
      if (!m) return false;
      const [, scope, fault, rest] = m;
      hits.push(pathname);
      let body;
      try { body = readFileSync(path.join(repoRoot, rest)); } catch { res.writeHead(404).end(); return true; }
      const type = TYPES[path.extname(rest)] ?? 'application/octet-stream';
      if (scope === 'w' && !rest.endsWith('.wasm')) res.writeHead(200, { 'Content-Type': type }).end(body);
      else inject(fault, req, res, body, type);
      return true;
    },
  }));
  // Manifests whose search index has a fault; the terms stay fine.
  const m = JSON.parse(readFileSync(path.join(repoRoot, 'www/glossary/glossary.json'), 'utf8'));
  for (const t of m.terms) t.url = `/www/glossary/${t.url}`;
  for (const fault of ['404', '500', 'hang', 'cut', 'half', 'html', 'type']) {
    pages.set(`/idx/${fault}/glossary.json`, { body: JSON.stringify({ ...m, index: `/f/${fault}/www/glossary/search.glsi` }), type: 'application/json' });
  }
  // A manifest where one term's payload can go down (the rest of the glossary keeps working).
  const rag = m.terms.find((t) => t.id === 'rag');
  pages.set('/one-down/glossary.json', { body: JSON.stringify({ ...m, index: '/www/glossary/search.glsi', terms: m.terms.map((t) => (t === rag ? { ...t, url: `/f/down${t.url}` } : t)) }), type: 'application/json' });
});
after(async () => {
  for (const res of open) res.destroy();
  await browser?.close();
  server?.close();
  console.log(`# faults: ${faultCount} faulty responses served`);
});

// `data-eager`: these pages test the full module's widgets, so it loads at start rather than at intent.
const doc = (body, { script = '/pkg/glossa.js', attrs = 'data-eager' } = {}) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,"><title>faults</title>
  <script type="module" src="${script}" data-fetch-timeout="${TIMEOUT_MS}" ${attrs}></script></head><body>${body}</body></html>`;

let n = 0;
/** Opens `html` in a new page that records unhandled rejections and warnings. */
async function load(html) {
  const url = `/t/${++n}.html`;
  pages.set(url, html);
  const page = await newPage(browser);
  page.warnings = [];
  page.on('console', (m) => { if (m.type() === 'warning') page.warnings.push(m.text()); });
  await page.addInitScript(() => {
    window.__rejections = []; Error.stackTraceLimit = 60;
    addEventListener('unhandledrejection', (e) => window.__rejections.push(String(e.reason?.message ?? e.reason)));
  });
  await page.goto(base + url);
  return page;
}

/** Asserts no unhandled rejection and no console error beyond the expected failed loads. */
async function clean(page, allowed = /Failed to load resource|glossa could not start/) {
  assert.deepEqual(await page.evaluate(() => window.__rejections), [], 'no unhandled rejections');
  assert.deepEqual(page.problems.filter((p) => !allowed.test(p)), [], 'no unexpected errors');
}

const state = (page, sel) => page.waitForFunction((s) => ['ready', 'error'].includes(document.querySelector(s)?.getAttribute('data-state')) && document.querySelector(s).getAttribute('data-state'), sel, { timeout: 15000 }).then((h) => h.jsonValue());

// What each fault must say, for resources the widget fetches itself.
const PAYLOAD_FAULTS = [
  ['404', /HTTP 404/], ['500', /HTTP 500/], ['hang', /timed out/], ['stall', /timed out/],
  ['cut', /could not read/], ['half', /JSON|unexpected end|EOF/i], ['html', /HTML page without/],
];

test('term payload faults: a clear message and "Try again" on <glossa-entry>', async () => {
  const src = 'tests/fixtures/seed/chat-completion.payload.json';
  const page = await load(doc(PAYLOAD_FAULTS.map(([f]) => `<glossa-entry id="e-${f}" src="/f/${f}/${src}"></glossa-entry>`).join('')
    + `<glossa-entry id="e-type" src="/f/type/${src}"></glossa-entry><glossa-entry id="e-slow" src="/f/slow/${src}"></glossa-entry>`));
  // A slow response (held at the server) shows the loading state (with its busy flag) until it arrives.
  await holding();
  await page.waitForFunction(() => document.getElementById('e-slow').dataset.state === 'loading' && document.getElementById('e-slow').getAttribute('aria-busy') !== null);
  assert.match(await page.locator('#e-slow').evaluate((e) => e.shadowRoot.textContent), /Loading/);
  release();
  for (const [fault, why] of PAYLOAD_FAULTS) {
    assert.equal(await state(page, `#e-${fault}`), 'error', fault);
    const err = await page.locator(`#e-${fault}`).getAttribute('data-error');
    assert.match(err, why, `${fault}: ${err}`);
    assert.ok(err.includes(`/f/${fault}/${src}`), `${fault}: names the URL: ${err}`);
    const shown = await page.locator(`#e-${fault}`).evaluate((e) => e.shadowRoot.textContent);
    assert.ok(shown.includes(err), `${fault}: the reader sees the message`);
    assert.equal(await page.locator(`#e-${fault} button.glossa-retry`).isVisible(), true, `${fault}: Try again`);
  }
  for (const ok of ['type', 'slow']) assert.equal(await state(page, `#e-${ok}`), 'ready', ok);
  await clean(page);
});

test('a payload that comes back: "Try again" renders it', async () => {
  down.on = true;
  const page = await load(doc('<glossa-entry id="e" src="/f/down/tests/fixtures/seed/chat-completion.payload.json"></glossa-entry>'));
  assert.equal(await state(page, '#e'), 'error');
  assert.match(await page.locator('#e').getAttribute('data-error'), /HTTP 503/);
  down.on = false;
  await page.locator('#e button.glossa-retry').click();
  await page.waitForFunction(() => document.getElementById('e').dataset.state === 'ready');
  assert.equal(await page.locator('#e h1').textContent(), 'Chat Completion');
  await clean(page);
});

test('manifest faults: <glossa-search> and <glossa-glossary> explain and recover', async () => {
  const faults = [...PAYLOAD_FAULTS.filter(([f]) => f !== 'html'), ['html', /expected a glossary manifest \(JSON\) but the server sent an HTML page/]];
  const page = await load(doc(faults.map(([f]) => `<glossa-search id="s-${f}" glossary="/f/${f}/www/glossary/glossary.json"></glossa-search>`).join('')
    + '<glossa-search id="s-type" glossary="/f/type/www/glossary/glossary.json"></glossa-search>'));
  for (const [fault, why] of faults) {
    assert.equal(await state(page, `#s-${fault}`), 'error', fault);
    const err = await page.locator(`#s-${fault}`).getAttribute('data-error');
    assert.match(err, why, `${fault}: ${err}`);
    assert.match(await page.locator(`#s-${fault} .gs-error`).innerText(), /Search is unavailable: .*Try again/s);
  }
  assert.equal(await state(page, '#s-type'), 'ready', 'a manifest served as text/plain still works');
  await page.locator('#s-type input').fill('tokn');
  await page.waitForFunction(() => document.getElementById('s-type').shadowRoot.querySelector('[role=option]'));
  await clean(page);

  // The server comes back: both widgets recover with their "Try again" buttons.
  down.on = true;
  const p2 = await load(doc('<glossa-search id="s" glossary="/f/down/www/glossary/glossary.json"></glossa-search><glossa-glossary id="g" glossary="/f/down/www/glossary/glossary.json"></glossa-glossary>'));
  assert.equal(await state(p2, '#s'), 'error');
  assert.equal(await state(p2, '#g'), 'error');
  assert.match(await p2.locator('#g .gb-error').innerText(), /The glossary could not be loaded\.[\s\S]*HTTP 503[\s\S]*Try again/);
  down.on = false;
  await p2.locator('#g .gb-error button.glossa-retry').click();
  await p2.waitForFunction(() => document.getElementById('g').dataset.state === 'ready' && document.querySelector('#g').shadowRoot.querySelector('.gb-terms'));
  // The browser's own search box recovered with it; the standalone one recovers on its button.
  await p2.waitForFunction(() => document.getElementById('g').shadowRoot.querySelector('glossa-search').dataset.state === 'ready');
  await p2.locator('#s .gs-error button.glossa-retry').click();
  await p2.waitForFunction(() => document.getElementById('s').dataset.state === 'ready');
  assert.equal(await p2.locator('#s .gs-error').isVisible(), false);
  await clean(p2);
});

test('index faults: search falls back to titles and descriptions, with a warning', async () => {
  const faults = ['404', '500', 'hang', 'cut', 'half', 'html'];
  const page = await load(doc(faults.map((f) => `<glossa-search id="s-${f}" glossary="/idx/${f}/glossary.json"></glossa-search>`).join('')
    + '<glossa-search id="s-type" glossary="/idx/type/glossary.json"></glossa-search>'));
  for (const f of [...faults, 'type']) {
    assert.equal(await state(page, `#s-${f}`), 'ready', f);
    await page.locator(`#s-${f} input`).fill('retrieval augmented');
    await page.waitForFunction((id) => document.getElementById(id).shadowRoot.querySelector('[role=option] .gs-title')?.textContent.includes('Retrieval'), `s-${f}`);
    await page.locator(`#s-${f} input`).fill('');
  }
  for (const f of faults) {
    assert.ok(page.warnings.some((w) => w.includes('search index unavailable') && w.includes(`/f/${f}/www/glossary/search.glsi`)), `${f}: warned\n${page.warnings.join('\n')}`);
  }
  assert.ok(!page.warnings.some((w) => w.includes('/f/type/')), 'an index served as text/plain loads normally');
  await clean(page);
});

test('one term down in the glossary browser: the rest keeps working, then it recovers', async () => {
  down.on = false;
  const page = await load(doc('<glossa-glossary id="g" glossary="/one-down/glossary.json"></glossa-glossary>'));
  await page.waitForFunction(() => document.getElementById('g').dataset.state === 'ready' && document.getElementById('g').shadowRoot.querySelector('.gb-terms'));
  down.on = true;
  await page.evaluate(() => { location.hash = '#/term/rag'; });
  await page.waitForFunction(() => document.getElementById('g').dataset.view === 'error');
  const err = await page.locator('#g .gb-error').innerText();
  assert.match(err, /could not be loaded[\s\S]*HTTP 503[\s\S]*Try again[\s\S]*All terms/);
  // Other terms and search still work.
  await page.evaluate(() => { location.hash = '#/term/token'; });
  await page.waitForFunction(() => document.getElementById('g').dataset.view === 'term' && document.getElementById('g').shadowRoot.querySelector('h1')?.textContent === 'Token');
  await page.locator('#g glossa-search input').fill('embedings');
  await page.waitForFunction(() => document.getElementById('g').shadowRoot.querySelector('glossa-search').shadowRoot.querySelector('[role=option]'));
  await page.locator('#g glossa-search input').fill('');
  // Back to the broken term, the server recovers, "Try again" shows it.
  await page.evaluate(() => { location.hash = '#/term/rag'; });
  await page.waitForFunction(() => document.getElementById('g').dataset.view === 'error');
  down.on = false;
  await page.locator('#g .gb-error button.glossa-retry').click();
  await page.waitForFunction(() => document.getElementById('g').dataset.view === 'term' && /RAG|Retrieval/.test(document.getElementById('g').shadowRoot.querySelector('h1')?.textContent));
  await clean(page);
});

test('wasm faults: every widget says why it could not start, and "Try again" starts it', async () => {
  const body = '<glossa-search></glossa-search><glossa-entry src="/tests/fixtures/seed/chat-completion.payload.json"></glossa-entry><glossa-glossary></glossa-glossary>';
  const attrs = 'data-glossary="/www/glossary/glossary.json"';
  const WASM_FAULTS = [['404', /failed to fetch Wasm: 404/], ['500', /failed to fetch Wasm: 500/], ['hang', /timed out/], ['stall', /timed out/],
    ['cut', /could not start/], ['half', /damaged or incomplete/], ['html', /HTML page/]];
  for (const [fault, why] of WASM_FAULTS) {
    const page = await load(doc(body, { script: `/w/${fault}/pkg/glossa.js`, attrs }));
    await page.waitForFunction(() => document.querySelectorAll('[data-glossa-start-error]').length === 3, null, { timeout: 15000 });
    for (const tag of ['glossa-search', 'glossa-entry', 'glossa-glossary']) {
      assert.equal(await page.locator(tag).getAttribute('data-state'), 'error', `${fault} ${tag}`);
      const err = await page.locator(tag).getAttribute('data-error');
      assert.match(err, why, `${fault}: ${err}`);
      assert.match(err, /^glossa could not start: /);
      assert.equal(await page.locator(`${tag} [data-glossa-start-error] button`).isVisible(), true);
    }
    await clean(page);
    await page.context().close();
  }
  for (const fault of ['type', 'slow']) {
    const page = await load(doc(body, { script: `/w/${fault}/pkg/glossa.js`, attrs }));
    if (fault === 'slow') {
      // Nothing starts while the module is held at the server; everything does once it arrives.
      await holding();
      assert.deepEqual(await page.evaluate(() => ['glossa-search', 'glossa-entry', 'glossa-glossary'].filter((t) => customElements.get(t))), []);
      passSlow = true; // the full module, asked for once the first-load one runs, comes at once
      release();
    }
    for (const tag of ['glossa-search', 'glossa-entry', 'glossa-glossary']) assert.equal(await state(page, tag), 'ready', `${fault} ${tag}`);
    passSlow = false;
    await clean(page);
    await page.context().close();
  }
  // Recovers: the module is unavailable, then comes back.
  down.on = true;
  const page = await load(doc(body, { script: '/w/down/pkg/glossa.js', attrs }));
  await page.waitForFunction(() => document.querySelectorAll('[data-glossa-start-error]').length === 3);
  down.on = false;
  await page.locator('glossa-entry [data-glossa-start-error] button').click();
  await page.waitForFunction(() => !document.querySelector('[data-glossa-start-error]') && customElements.get('glossa-entry'));
  for (const tag of ['glossa-search', 'glossa-entry', 'glossa-glossary']) assert.equal(await state(page, tag), 'ready', `after retry: ${tag}`);
  await page.locator('body > glossa-search input').fill('tokn');
  await page.waitForFunction(() => document.querySelector('glossa-search').shadowRoot.querySelector('[role=option]'));
  await clean(page);
});
