// The first load and the lazy rest (issue #12): what a page with a search box and an
// autolinked article downloads before the reader does anything — counted in gzip bytes,
// not time — and how the full module arrives at the first sign of intent.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { launch, serve, newPage, repoRoot, quiet } from './support/harness.mjs';

/** gzip -9 bytes allowed for the widget's first load (the issue's budget is 100 000; a few kB of it are headroom). */
const FIRST_LOAD_BUDGET = 100_000;

let browser, srv;
before(async () => {
  browser = await launch();
  srv = await serve();
});
after(async () => {
  await browser?.close();
  srv?.server.close();
});

const ARTICLE = `<main data-glossa-autolink><h2>Prompts</h2><p>An LLM reads a prompt as tokens; RAG adds retrieved context.</p>
  <h2>Serving</h2><p>An API key authenticates requests to the LLM.</p></main>`;
const page = (body, attrs = '') => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>lazy</title><link rel="icon" href="data:,">
  <script type="module" src="/pkg/glossa.js" data-glossary="/www/glossary/glossary.json" data-card-open-delay="0" data-card-prefetch-delay="0" ${attrs}></script>
  </head><body>${body}</body></html>`;

/** Opens `body` and waits until the first load has done its work (mentions linked, boxes drawn, network quiet). */
async function open(name, body, attrs) {
  srv.pages.set(`/lazy/${name}.html`, page(body, attrs));
  const p = await newPage(browser);
  p.requested = [];
  p.on('request', (r) => p.requested.push(new URL(r.url()).pathname));
  await p.goto(`${srv.url}/lazy/${name}.html`);
  return p;
}
const linked = (p) => p.waitForFunction(() => document.querySelector('main')?.dataset.glossaAutolinkState === 'done' && document.querySelectorAll('main glossa-term').length > 0);
const widgetFiles = (p) => [...new Set(p.requested.filter((u) => u.startsWith('/pkg/')))];
/** `gzip -9` bytes, as the issue counts them (Node's bundled zlib compresses wasm a few per cent less well). */
const gz = (u) => execFileSync('gzip', ['-9', '-c', path.join(repoRoot, u)], { maxBuffer: 1 << 26 }).length;
const fullRequested = (p) => p.requested.includes('/pkg/glossa_core_bg.wasm');

test(`first load: a search box and an autolinked article download ≤ ${FIRST_LOAD_BUDGET} bytes gzip of widget before any interaction`, async () => {
  const p = await open('size', `<glossa-search id="s"></glossa-search>${ARTICLE}`);
  await linked(p);
  await p.waitForFunction(() => document.getElementById('s').shadowRoot?.querySelector('.gs-input'));
  await quiet(p);
  const files = widgetFiles(p);
  const sizes = Object.fromEntries(files.map((u) => [u, gz(u)]));
  const total = Object.values(sizes).reduce((a, b) => a + b, 0);
  console.log(`first load (gzip -9): ${total} bytes — ${JSON.stringify(sizes)}`);
  assert.ok(!fullRequested(p), `the full module waits for intent: ${files.join(', ')}`);
  assert.ok(files.includes('/pkg/glossa_lite_bg.wasm'), files.join(', '));
  assert.ok(total <= FIRST_LOAD_BUDGET, `first load ${total} bytes gzip > budget ${FIRST_LOAD_BUDGET}: ${JSON.stringify(sizes)}`);
  // The mentions are already what the full module makes: linked, focusable, described.
  const t = await p.$eval('main glossa-term', (e) => ({ term: e.getAttribute('term'), tab: e.tabIndex, role: e.getAttribute('role') }));
  assert.equal(t.tab, 0);
  assert.ok(t.term);
  assert.deepEqual(p.problems, []);
  await p.context().close();
});

test('hovering a mention loads the full module, which opens its card', async () => {
  const p = await open('hover', ARTICLE);
  await linked(p);
  await quiet(p);
  assert.ok(!fullRequested(p));
  await p.locator('main glossa-term[term=rag]').hover();
  await p.waitForFunction(() => document.getElementById('glossa-card')?.shadowRoot?.querySelector('[data-term=rag] .gc-body'));
  assert.ok(fullRequested(p));
  // The full module took the mention over: one instance, and the lite module keeps linking.
  assert.deepEqual(p.problems, []);
  await p.context().close();
});

test('typing into the search box before the full module arrives: nothing typed is lost', async () => {
  const p = await open('type', `<glossa-search id="s"></glossa-search>${ARTICLE}`);
  // Hold the full module back until the reader has typed.
  let release;
  const held = new Promise((r) => { release = r; });
  await p.route('**/pkg/glossa_core_bg.wasm', async (route) => { await held; await route.continue(); });
  await p.waitForFunction(() => document.getElementById('s').shadowRoot?.querySelector('.gs-input'));
  await p.locator('#s input').focus();
  await p.keyboard.type('tokn');
  assert.equal(await p.$eval('#s', (e) => e.shadowRoot.querySelector('.gs-input').value), 'tokn');
  assert.equal(await p.$eval('#s', (e) => e.dataset.state ?? null), null, 'not ready while the full module is held');
  release();
  await p.waitForFunction(() => document.getElementById('s').shadowRoot.querySelector('[role=option] .gs-title'));
  const r = await p.$eval('#s', (e) => ({
    value: e.shadowRoot.querySelector('.gs-input').value,
    focused: e.shadowRoot.activeElement?.classList.contains('gs-input'),
    first: e.shadowRoot.querySelector('[role=option] .gs-title').firstChild.textContent,
    inputs: e.shadowRoot.querySelectorAll('.gs-input').length,
  }));
  assert.deepEqual(r, { value: 'tokn', focused: true, first: 'Token', inputs: 1 });
  assert.deepEqual(p.problems, []);
  await p.context().close();
});

test('"/" focuses the search box at once and loads the full module; not from the host\'s own fields', async () => {
  const p = await open('slash', `<input id="host"><glossa-search id="s"></glossa-search>${ARTICLE}`);
  await linked(p);
  await p.waitForFunction(() => document.getElementById('s').shadowRoot?.querySelector('.gs-input'));
  await quiet(p);
  await p.locator('#host').focus();
  await p.keyboard.type('a/b');
  assert.equal(await p.$eval('#host', (e) => e.value), 'a/b');
  assert.ok(!fullRequested(p), 'typing in the host field is not intent');
  await p.locator('#host').evaluate((e) => e.blur());
  await p.keyboard.press('/');
  assert.equal(await p.evaluate(() => document.getElementById('s').shadowRoot.activeElement?.className), 'gs-input');
  await p.waitForFunction(() => document.getElementById('s').dataset.state === 'ready');
  assert.ok(fullRequested(p));
  assert.deepEqual(p.problems, []);
  await p.context().close();
});

test('content elements (<glossa-entry>) and the API load the full module without waiting for intent', async () => {
  const p = await open('entry', '<glossa-entry src="/www/glossary/terms/r/rag/_payload.json"></glossa-entry>');
  await p.waitForFunction(() => document.querySelector('glossa-entry').dataset.state === 'ready');
  assert.ok(fullRequested(p));
  const q = await open('api', '<p>no widgets</p>');
  await quiet(q);
  assert.ok(!fullRequested(q));
  const n = await q.evaluate(async () => (await (await import('/pkg/glossa.js')).Glossary.load('/www/glossary/glossary.json')).size);
  assert.ok(n > 10);
  assert.ok(fullRequested(q));
  assert.deepEqual([...p.problems, ...q.problems], []);
  await p.context().close();
  await q.context().close();
});

test('data-eager loads the full module at start', async () => {
  const p = await open('eager', `<glossa-search id="s"></glossa-search>${ARTICLE}`, 'data-eager');
  await p.waitForFunction(() => document.getElementById('s').dataset.state === 'ready');
  assert.ok(fullRequested(p));
  await p.context().close();
});

test('the full module failing to load: mentions stay text, the search box says why and recovers on "Try again"', async () => {
  const p = await open('fail', `<glossa-search id="s"></glossa-search>${ARTICLE}`);
  let fail = true;
  await p.route('**/pkg/glossa_core_bg.wasm', (route) => (fail ? route.fulfill({ status: 503, body: 'down' }) : route.continue()));
  await linked(p);
  await p.locator('#s input').focus();
  await p.waitForFunction(() => document.getElementById('s').dataset.state === 'error');
  const err = await p.$eval('#s', (e) => ({ msg: e.dataset.error, alert: e.shadowRoot.querySelector('[data-glossa-start-error]')?.textContent }));
  assert.match(err.msg, /glossa could not start: .*glossa_core_bg\.wasm/);
  assert.match(err.alert, /Try again/);
  // Mentions keep their text and no alert of their own.
  assert.equal(await p.$$eval('main [role=alert]', (a) => a.length), 0);
  assert.match(await p.$eval('main', (m) => m.textContent), /An LLM reads a prompt/);
  fail = false;
  await p.$eval('#s', (e) => e.shadowRoot.querySelector('[data-glossa-start-error] button').click());
  await p.waitForFunction(() => document.getElementById('s').dataset.state === 'ready');
  await p.locator('#s input').fill('tokn');
  await p.waitForFunction(() => document.getElementById('s').shadowRoot.querySelector('[role=option]'));
  assert.equal(await p.$eval('#s', (e) => e.shadowRoot.querySelectorAll('[data-glossa-start-error]').length), 0);
  // The expected console errors are the failed start's; nothing else.
  assert.ok(p.problems.every((m) => /glossa could not start|503|Failed to load/.test(m)), p.problems.join('\n'));
  await p.context().close();
});

test('the first load reads a manifest\'s names as linking needs them: positions kept, blanks and non-strings left out', async () => {
  // src/web/state/names.rs (from_entries): entries without a usable title keep their place,
  // so later terms keep their ids.
  srv.pages.set('/lazy/names.json', { type: 'application/json', body: JSON.stringify({ title: 'names', terms: [
    { id: 'alpha', title: 'Alphabet Soup', acronym: 'ABS', aliases: ['letter broth', 7, '', 'soup kitchen', null] },
    null,
    { id: 'beta', title: '   ', acronym: 'BETA' },
    { id: 'gamma', title: 'Gamma Ray', acronym: '  ', aliases: 'not a list' },
    'a string',
    { id: 'delta', title: 'Delta Force' },
  ] }) });
  const sections = ['Alphabet Soup', 'ABS', 'letter broth', 'soup kitchen', 'BETA', 'Gamma Ray', 'Delta Force', 'not a list', 'a string'];
  const p = await open('names', `<main data-glossa-autolink data-glossa-glossary="/lazy/names.json">${sections.map((s, i) => `<h2>S${i}</h2><p>Here: ${s}.</p>`).join('')}</main>`);
  await linked(p);
  const got = await p.$$eval('main glossa-term', (els) => els.map((e) => [e.getAttribute('term'), e.textContent]));
  assert.deepEqual(got, [['alpha', 'Alphabet Soup'], ['alpha', 'ABS'], ['alpha', 'letter broth'], ['alpha', 'soup kitchen'], ['gamma', 'Gamma Ray'], ['delta', 'Delta Force']]);
  assert.equal(fullRequested(p), false, 'the first-load module linked them');
  await p.context().close();
});
