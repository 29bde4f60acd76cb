// Limits and hostile structure in real Chromium: cycles, 100 000-deep nesting, a 50 MB
// payload, 10 million slot references, a shared-subtree bomb, huge strings, invalid
// UTF-8, lone surrogates and wrong root types. Each is a clear error (or, where a browser
// would accept it, a correct rendering) in bounded time and memory, the rest of the
// glossary keeps working, and the limits are configurable from the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { launch, serve, newPage, repoRoot } from './support/harness.mjs';
import { nuxtPayload, term } from './support/payloads.mjs';

const HEAD = '[{"data":1},{"t":2},{"title":3,"body":4},"T",{"type":5,"value":6},"minimark",[7],';

/** body.value = [["div",{},["div",{},…]]], `n` levels, each in its own slots. */
function deepBody(n) {
  const parts = [HEAD];
  const base = 7;
  for (let i = 0; i < n; i++) {
    const me = base + i * 2;
    parts.push(`[${n * 2 + base},${me + 1}${i + 1 < n ? `,${me + 2}` : ''}],{},`);
  }
  parts.push('"div"]');
  return parts.join('');
}

/** Each level holds the previous one twice: 2^60 nodes if expanded. */
function bomb(levels = 60) {
  const parts = [HEAD];
  for (let i = 0; i < levels; i++) {
    const me = 7 + i * 2;
    const next = i + 1 < levels ? me + 2 : 7 + levels * 2;
    parts.push(`[${7 + levels * 2 + 1},${me + 1},${next},${next}],{},`);
  }
  parts.push('"leaf","b"]');
  return parts.join('');
}

const withTitle = (title) => Buffer.from(nuxtPayload(term('weird', [['p', {}, 'The body.']], { title: '@@' })).replace('@@', title));

// name → [bytes, expected outcome (a RegExp for the error, or 'ready'), extra response headers]
const CASES = {
  cycle: ['[{"data":1},{"term-x":2},{"title":3,"body":4},"T",{"type":5,"value":6},"minimark",[7],[8,9,7],"p",{}]', /data\.term-x\.body\.value\[0\]\[2\]: the body refers back to one of its own ancestors \(cycle\)/],
  'deep-body': [deepBody(100_000), /data\.t\.body\.value\[0\]\[2\]\[2\].*nested deeper than 200 levels/],
  'deep-json': ['['.repeat(100_000) + ']'.repeat(100_000), /a nested array or object where a reference \(number\) belongs/],
  // Stopped by whichever bound it reaches first: the budget of what it materialises, or the node count.
  bomb: [bomb(), /materialises more than \d+ bytes|expands to more than 400000 nodes/],
  'refs-10m': [`[[${'1,'.repeat(10_000_000)}1],0]`, /more than 2000000 values; refusing to decode/],
  // Declared with Content-Length (refused before reading), and streamed without one (cut off at the limit).
  'big-50mb': [Buffer.alloc(50 << 20, 0x20), /response is over the size limit \(52428800 > 33554432 bytes/, { 'Content-Length': 50 << 20 }],
  'big-stream': [Buffer.alloc(50 << 20, 0x20), /response is over the size limit \(\d+ > 33554432 bytes/],
  'huge-string': [nuxtPayload(term('huge', [['p', {}, 'x'.repeat(8_000_000)]], { title: 'Huge' })), 'ready'],
  'lone-surrogate': [withTitle('Half an emoji: \\ud83d'), 'ready'],
  'bad-utf8': [Buffer.concat([withTitle('A_B').subarray(0, 60), Buffer.from([0xff, 0xfe]), withTitle('A_B').subarray(62)]), /not valid JSON: invalid unicode code point at line 1 column \d+/],
  'root-object': ['{"a":1}', /expected a devalue table \(a JSON array\), found a JSON object/],
  'root-number': ['42', /a bare number \(42\) is only valid as a sentinel/],
  'root-string': ['"x"', /found a string/],
  'root-null': ['null', /found null/],
  'root-empty': ['[]', /the table is empty/],
  'root-true': ['true', /found a boolean/],
};
const MD_BAD = Buffer.concat([Buffer.from('---\ntitle: Broken\n---\nCaf'), Buffer.from([0xe9]), Buffer.from(' au lait\n')]);

let browser, server, base, pages;
const figures = [];
before(async () => {
  browser = await launch();
  ({ server, url: base, pages } = await serve());
  for (const [name, [bytes, , headers]] of Object.entries(CASES)) pages.set(`/h/${name}.json`, { body: bytes, type: 'application/json', headers });
  pages.set('/h/bad-utf8.md', { body: MD_BAD, type: 'text/markdown' });
  // A glossary whose first terms are the hostile payloads, followed by the real ones.
  const m = JSON.parse(readFileSync(path.join(repoRoot, 'www/glossary/glossary.json'), 'utf8'));
  for (const t of m.terms) t.url = `/www/glossary/${t.url}`;
  const hostile = [...Object.keys(CASES), 'bad-utf8-md'].map((name) => ({
    id: `h-${name}`, title: `Hostile ${name}`, letter: 'H', description: `The ${name} case.`,
    url: name === 'bad-utf8-md' ? '/h/bad-utf8.md' : `/h/${name}.json`,
  }));
  pages.set('/h/glossary.json', { body: JSON.stringify({ ...m, index: '/www/glossary/search.glsi', terms: [...m.terms, ...hostile] }), type: 'application/json' });
});
after(async () => {
  await browser?.close();
  server?.close();
  if (figures.length) console.log(`# limits figures (ms from navigation to settled, Chromium):\n${figures.map((f) => `#   ${f}`).join('\n')}`);
});

const doc = (body, head = '') => `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="icon" href="data:,"><title>limits</title>${head}<script type="module" src="/pkg/glossa.js" data-glossary="/h/glossary.json"></script></head><body>${body}</body></html>`;

async function open(name, html) {
  pages.set(`/t/${name}.html`, html);
  const page = await newPage(browser);
  await page.addInitScript(() => {
    window.__rejections = [];
    window.__settled = {};
    addEventListener('unhandledrejection', (e) => window.__rejections.push(String(e.reason?.message ?? e.reason)));
    for (const t of ['glossa-ready', 'glossa-error']) addEventListener(t, (e) => { window.__settled[e.target.id] = performance.now(); });
  });
  await page.goto(`${base}/t/${name}.html`);
  return page;
}

async function clean(page) {
  assert.deepEqual(await page.evaluate(() => window.__rejections), [], 'no unhandled rejections');
  assert.deepEqual(page.problems.filter((p) => !/Failed to load resource/.test(p)), [], 'no errors beyond the expected ones');
}

test('each hostile payload: a clear error naming where and why (or a correct rendering), next to a working term', async () => {
  const entries = [...Object.keys(CASES).map((n) => `<glossa-entry id="${n}" src="/h/${n}.json"></glossa-entry>`),
    '<glossa-entry id="bad-utf8-md" src="/h/bad-utf8.md"></glossa-entry>',
    '<glossa-entry id="good" src="/tests/fixtures/seed/chat-completion.payload.json"></glossa-entry>'].join('\n');
  const page = await open('entries', doc(entries));
  await page.waitForFunction(() => [...document.querySelectorAll('glossa-entry')].every((e) => ['ready', 'error'].includes(e.dataset.state)), null, { timeout: 60000 });
  for (const [name, [, want]] of Object.entries(CASES)) {
    const state = await page.locator(`#${name}`).getAttribute('data-state');
    const err = await page.locator(`#${name}`).getAttribute('data-error');
    if (want === 'ready') assert.equal(state, 'ready', `${name}: ${err}`);
    else {
      assert.equal(state, 'error', name);
      assert.match(err, want, name);
      assert.ok(err.includes(`/h/${name}.json`), `${name}: names the URL: ${err}`);
    }
  }
  assert.match(await page.locator('#bad-utf8-md').getAttribute('data-error'), /the markdown file is not UTF-8 \(invalid utf-8 sequence of 1 bytes from index 25\)/);
  assert.equal(await page.locator('#good').getAttribute('data-state'), 'ready');
  assert.equal(await page.locator('#good h1').textContent(), 'Chat Completion');
  assert.equal(await page.locator('#lone-surrogate h1').textContent(), 'Half an emoji: \uFFFD');
  assert.equal(await page.locator('#huge-string').evaluate((e) => Math.max(...[...e.shadowRoot.querySelectorAll('p')].map((p) => p.textContent.length))), 8_000_000);
  const times = await page.evaluate(() => window.__settled);
  for (const [id, t] of Object.entries(times)) figures.push(`${id.padEnd(15)} ${t.toFixed(0)}`);
  const mem = await page.evaluate(async () => (await import('/pkg/glossa.js')).wasmMemoryBytes());
  figures.push(`wasm memory after all cases: ${(mem / 1048576).toFixed(1)} MiB`);
  assert.ok(mem < 512 * 1048576, `wasm memory stays bounded: ${mem}`);
  await clean(page);
});

test('hostile terms inside a glossary: each shows its error, the rest keeps working', async () => {
  const page = await open('browser', doc('<glossa-glossary id="g"></glossa-glossary>'));
  await page.waitForFunction(() => document.getElementById('g').dataset.state === 'ready' && document.getElementById('g').shadowRoot.querySelector('.gb-terms'), null, { timeout: 20000 });
  const view = (p) => p.evaluate(() => ({ view: document.getElementById('g').dataset.view, text: document.getElementById('g').shadowRoot.querySelector('.gb-view').textContent }));
  for (const [name, [, want]] of [...Object.entries(CASES), ['bad-utf8-md', [null, /not UTF-8/]]]) {
    await page.evaluate((id) => { location.hash = `#/term/${id}`; }, `h-${name}`);
    await page.waitForFunction((w) => document.getElementById('g').dataset.view === w && document.getElementById('g').shadowRoot.querySelector('.gb-view').textContent.includes(w === 'term' ? '' : 'could not be loaded'), want === 'ready' ? 'term' : 'error', { timeout: 60000 });
    const v = await view(page);
    if (want !== 'ready') assert.match(v.text, want, name);
    // A real term right after still renders, and search still answers.
    await page.evaluate(() => { location.hash = '#/term/token'; });
    await page.waitForFunction(() => document.getElementById('g').dataset.view === 'term' && document.getElementById('g').shadowRoot.querySelector('h1')?.textContent === 'Token');
  }
  await page.locator('#g glossa-search input').fill('embedings');
  await page.waitForFunction(() => document.getElementById('g').shadowRoot.querySelector('glossa-search').shadowRoot.querySelector('[role=option]'));
  await clean(page);
});

test('limits are configurable: configure({ limits }) before the widgets load', async () => {
  const small = nuxtPayload(term('small', [['p', {}, 'Small and fine.']], { title: 'Small' }));
  let nested = ['p', {}, 'deep'];
  for (let i = 0; i < 12; i++) nested = ['div', {}, nested];
  pages.set('/h/small.json', { body: small, type: 'application/json' });
  pages.set('/h/nested12.json', { body: nuxtPayload(term('nested', [nested], { title: 'Nested' })), type: 'application/json' });
  const head = `<script type="module" src="/t/configure.js"></script>`;
  pages.set('/t/configure.js', { body: `import { configure } from '/pkg/glossa.js';
    window.__config = await configure({ limits: { maxInputBytes: 5000, maxDepth: 8 } });`, type: 'text/javascript' });
  const page = await open('configured', doc(`<glossa-entry id="small" src="/h/small.json"></glossa-entry>
    <glossa-entry id="seed" src="/tests/fixtures/seed/chat-completion.payload.json"></glossa-entry>
    <glossa-entry id="nested" src="/h/nested12.json"></glossa-entry>`, head));
  await page.waitForFunction(() => [...document.querySelectorAll('glossa-entry')].every((e) => ['ready', 'error'].includes(e.dataset.state)));
  assert.equal(await page.locator('#small').getAttribute('data-state'), 'ready');
  assert.match(await page.locator('#seed').getAttribute('data-error'), /over the size limit \(6765 > 5000 bytes/);
  assert.match(await page.locator('#nested').getAttribute('data-error'), /nested deeper than 8 levels/);
  const config = await page.evaluate(() => window.__config);
  assert.deepEqual(config.limits, { maxInputBytes: 5000, maxValues: 2000000, maxDepth: 8, maxNodes: 400000, maxExpansion: 32 });
  assert.equal(config.fetchTimeout, 30000);
  await clean(page);
});
