// Load: a generated 100 000-term glossary (compact manifest + prebuilt index, built by
// `glossa index`) loads, searches and browses in Chromium, with every long job (download,
// index decoding, manifest entries) done in slices of bounded work that yield to the page,
// lists rendered in batches, and bounded memory. Asserts structure, never time: the
// milliseconds (long tasks, per-keystroke times) are in `npm run bench` (tests/bench/load100k.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { launch, serve, newPage, repoRoot } from './support/harness.mjs';
import { nuxtPayload, term } from './support/payloads.mjs';
import { generate } from '../bench/synth.mjs';

const N = 100_000;
const out = path.join(repoRoot, 'target', 'test-100k');
let browser, server, base, pages, docs, queries;
const figures = [];

before(async () => {
  ({ docs, queries } = generate(N));
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'docs.json'), JSON.stringify(docs));
  const t0 = Date.now();
  execFileSync('cargo', ['run', '--quiet', '--bin', 'glossa', '--', 'index', path.join(out, 'docs.json'), '-o', out,
    '--term-url', 'terms/{id}/_payload.json', '--title', '100k terms', '--snippet-chars', '0'], { cwd: repoRoot, stdio: 'inherit' });
  figures.push(`index build (CLI, debug): ${((Date.now() - t0) / 1000).toFixed(1)} s; search.glsi ${(statSync(path.join(out, 'search.glsi')).size / 1048576).toFixed(1)} MiB`);
  const byId = new Map(docs.map((d) => [d.id, d]));
  browser = await launch();
  ({ server, url: base, pages } = await serve({
    handle: async (req, res, pathname) => {
      const m = pathname.match(/^\/big\/(glossary\.json|search\.glsi|terms\/([^/]+)\/_payload\.json)$/);
      if (!m) return false;
      if (m[2]) {
        const d = byId.get(m[2]);
        if (!d) { res.writeHead(404).end(); return true; }
        const body = nuxtPayload(term(d.id, [['p', {}, d.body]], { title: d.title, description: d.description, category: d.category, difficulty: d.difficulty, acronym: d.acronym }));
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(body);
        return true;
      }
      const bytes = readFileSync(path.join(out, m[1]));
      res.writeHead(200, { 'Content-Type': m[1].endsWith('.json') ? 'application/json' : 'application/octet-stream', 'Content-Length': bytes.length }).end(bytes);
      return true;
    },
  }));
});
after(async () => {
  await browser?.close();
  server?.close();
  if (figures.length) console.log(`# 100k-term glossary (Chromium):\n${figures.map((f) => `#   ${f}`).join('\n')}`);
});

const doc = (body) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="icon" href="data:,"><title>100k</title><script type="module" src="/pkg/glossa.js" data-glossary="/big/glossary.json" data-eager></script></head><body>${body}</body></html>`;

async function open(name, body) {
  pages.set(`/t/${name}.html`, doc(body));
  const page = await newPage(browser);
  await page.addInitScript(() => {
    window.__rejections = [];
    addEventListener('unhandledrejection', (e) => window.__rejections.push(String(e.reason?.message ?? e.reason)));
  });
  await page.goto(`${base}/t/${name}.html`);
  return page;
}

async function memory(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const js = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
  const wasm = await page.evaluate(async () => (await import('/pkg/glossa.js')).wasmMemoryBytes());
  return { js, wasm };
}

const mib = (b) => `${(b / 1048576).toFixed(0)} MiB`;

/** Every long job ran in slices of at most its limit of units, as many slices as that takes. */
async function assertSliced(page, jobs) {
  const stats = await page.evaluate(async () => (await import('/pkg/glossa.js')).workStats());
  for (const [job, minUnits] of Object.entries(jobs)) {
    const s = stats[job];
    assert.ok(s, `job ${job} ran through the slicer: ${JSON.stringify(stats)}`);
    assert.ok(s.units >= minUnits, `${job}: ${s.units} units of work counted, expected at least ${minUnits}`);
    assert.ok(s.maxUnits <= s.limit, `${job}: a slice did ${s.maxUnits} units, over its limit of ${s.limit}`);
    assert.ok(s.slices >= Math.ceil(s.units / s.limit), `${job}: ${s.units} units in only ${s.slices} slices`);
  }
  figures.push(`slices: ${Object.entries(stats).map(([j, s]) => `${j} ${s.slices} × ≤${s.limit} (${s.units} units, largest ${s.maxUnits})`).join('; ')}`);
}

test('100 000 terms: load in bounded slices, search as you type, relevance and memory hold', { timeout: 300_000 }, async () => {
  const page = await open('search', '<glossa-search id="s"></glossa-search>');
  await page.waitForFunction(() => document.getElementById('s').dataset.state === 'ready', null, { timeout: 120_000 });
  const indexKiB = Math.floor(statSync(path.join(out, 'search.glsi')).size / 1024);
  // Download: every KiB counted; index: at least one unit per document and per word; entries: one per term.
  await assertSliced(page, { download: indexKiB, index: N, entries: N });
  // Type queries character by character, as a reader does.
  const input = page.locator('#s input');
  let hits = 0;
  const sample = queries.slice(0, 25);
  for (const [q, want] of sample) {
    await input.fill('');
    await input.pressSequentially(q, { delay: 0 });
    await page.waitForFunction((qq) => document.getElementById('s').shadowRoot.querySelector('.gs-status')?.textContent !== '' && document.getElementById('s').shadowRoot.querySelector('input').value === qq, q);
    const top = await page.evaluate(() => document.getElementById('s').shadowRoot.querySelector('[role=option]')?.getAttribute('data-id'));
    if (top === want) hits++;
  }
  figures.push(`search-as-you-type: ${sample.length} queries typed key by key; expected term first for ${hits}/${sample.length}`);
  assert.ok(hits >= sample.length * 0.8, `relevance holds at 100k: ${hits}/${sample.length}`);
  const m1 = await memory(page);
  figures.push(`memory after load + searches: wasm ${mib(m1.wasm)}, JS heap ${mib(m1.js)}`);
  assert.ok(m1.wasm < 1024 * 1048576, `wasm memory bounded: ${mib(m1.wasm)}`);
  assert.deepEqual(await page.evaluate(() => window.__rejections), []);
  assert.deepEqual(page.problems, []);
});

test('100 000 terms in the glossary browser: list in batches, letters, a term page', { timeout: 300_000 }, async () => {
  const page = await open('browser', '<glossa-glossary id="g"></glossa-glossary>');
  await page.waitForFunction(() => document.getElementById('g').dataset.state === 'ready' && document.getElementById('g').shadowRoot.querySelector('.gb-terms li'), null, { timeout: 120_000 });
  const shown = await page.evaluate(() => document.getElementById('g').shadowRoot.querySelectorAll('.gb-terms li').length);
  figures.push(`browser: first list view shows ${shown} terms`);
  assert.equal(shown, 240, 'a long list renders its first batch only');
  // "Show more" appends the next batch in place and moves focus to its first term.
  const more = page.locator('#g .gb-more-btn');
  assert.match(await more.textContent(), /^Show 240 more \(\d{1,3}(,\d{3})* left\)$/);
  await more.click();
  await page.waitForFunction(() => document.getElementById('g').shadowRoot.querySelectorAll('.gb-terms li').length === 480);
  assert.equal(await page.evaluate(() => document.getElementById('g').shadowRoot.activeElement?.textContent),
    await page.evaluate(() => document.getElementById('g').shadowRoot.querySelectorAll('.gb-terms li a')[240].textContent));
  const titles = await page.evaluate(() => [...document.getElementById('g').shadowRoot.querySelectorAll('.gb-term-link')].map((a) => a.textContent.toLowerCase()));
  assert.deepEqual(titles, [...titles].sort(), 'sorted by title across batches');
  for (const letter of ['M', 'Z']) {
    await page.evaluate((l) => { location.hash = `#/?letter=${l}`; }, letter);
    await page.waitForFunction((l) => [...document.getElementById('g').shadowRoot.querySelectorAll('.gb-letter')].some((h) => h.textContent === l), letter);
  }
  const id = docs[4242].id;
  await page.evaluate((i) => { location.hash = `#/term/${i}`; }, id);
  await page.waitForFunction((t) => document.getElementById('g').shadowRoot.querySelector('h1')?.textContent === t, docs[4242].title);
  // A letter's view renders its first batch only, however many terms the letter has.
  for (const letter of ['M', 'Z']) {
    await page.evaluate((l) => { location.hash = `#/?letter=${l}`; }, letter);
    await page.waitForFunction((l) => document.getElementById('g').shadowRoot.querySelector('.gb-letter')?.textContent === l, letter);
    const n = await page.evaluate(() => document.getElementById('g').shadowRoot.querySelectorAll('.gb-terms li').length);
    assert.ok(n > 0 && n <= 240, `letter ${letter}: ${n} terms rendered at once`);
  }
  await assertSliced(page, { index: N, entries: N });
  const m = await memory(page);
  figures.push(`browser memory: wasm ${mib(m.wasm)}, JS heap ${mib(m.js)}`);
  assert.ok(m.wasm < 1024 * 1048576, `wasm memory bounded: ${mib(m.wasm)}`);
  assert.deepEqual(page.problems, []);
});
