// Load: a generated 100 000-term glossary (compact manifest + chunked index, built by
// `glossa index`, which chunks from 20 000 terms on) searches and browses in Chromium: the
// search box is ready once the index root is in, each query fetches only the shards it needs
// (bytes counted: ready to type ≤ 300 kB, first result ≤ 500 kB), wasm memory stays under
// 32 MiB; the glossary browser fills its term list from the title shards in slices of
// bounded work. Asserts structure and bytes, never time: the milliseconds (long tasks,
// per-keystroke times) are in `npm run bench` (tests/bench/load100k.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { launch, serve, newPage, repoRoot } from './support/harness.mjs';
import { nuxtPayload, term } from './support/payloads.mjs';
import { generate } from '../bench/synth.mjs';

const N = 100_000;
const out = path.join(repoRoot, 'target', 'test-100k');
let browser, server, base, pages, docs, queries;
const figures = [];
/** Index and manifest files served, in order, with their raw and gzip -9 sizes. */
let served = [];
const gzipped = new Map();
const gzipOf = (f, b) => { if (!gzipped.has(f)) gzipped.set(f, gzipSync(b, { level: 9 }).length); return gzipped.get(f); };
const kB = (b) => `${(b / 1000).toFixed(1)} kB`;
const total = (list, k) => list.reduce((n, x) => n + x[k], 0);

before(async () => {
  ({ docs, queries } = generate(N));
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'docs.json'), JSON.stringify(docs));
  const t0 = Date.now();
  execFileSync('cargo', ['run', '--quiet', '--bin', 'glossa', '--', 'index', path.join(out, 'docs.json'), '-o', out,
    '--term-url', 'terms/{id}/_payload.json', '--title', '100k terms', '--snippet-chars', '0'], { cwd: repoRoot, stdio: 'inherit' });
  const manifest = JSON.parse(readFileSync(path.join(out, 'glossary.json'), 'utf8'));
  assert.equal(manifest.index, 'search/root.glsr', 'a glossary this large gets a chunked index');
  figures.push(`index build (CLI, debug): ${((Date.now() - t0) / 1000).toFixed(1)} s; root ${kB(statSync(path.join(out, 'search/root.glsr')).size)} raw`);
  const byId = new Map(docs.map((d) => [d.id, d]));
  browser = await launch();
  ({ server, url: base, pages } = await serve({
    handle: async (req, res, pathname) => {
      const m = pathname.match(/^\/big\/(glossary\.json|search\/(?:root\.glsr|[vwntd]\/\d+\.gls[vwntd])|terms\/([^/]+)\/_payload\.json)$/);
      if (!m) return false;
      if (m[2]) {
        const d = byId.get(m[2]);
        if (!d) { res.writeHead(404).end(); return true; }
        const body = nuxtPayload(term(d.id, [['p', {}, d.body]], { title: d.title, description: d.description, category: d.category, difficulty: d.difficulty, acronym: d.acronym }));
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(body);
        return true;
      }
      const bytes = readFileSync(path.join(out, m[1]));
      served.push({ file: m[1], raw: bytes.length, gzip: gzipOf(m[1], bytes) });
      // As a CDN serves static files: the browser's HTTP cache keeps them.
      res.writeHead(200, { 'Content-Type': m[1].endsWith('.json') ? 'application/json' : 'application/octet-stream', 'Content-Length': bytes.length, 'Cache-Control': 'max-age=3600' }).end(bytes);
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

test('100 000 terms: ready after the index root, search as you type fetching the shards queries need, relevance and memory hold', { timeout: 300_000 }, async () => {
  served = [];
  const page = await open('search', '<glossa-search id="s" filters></glossa-search>');
  await page.waitForFunction(() => document.getElementById('s').dataset.state === 'ready', null, { timeout: 120_000 });
  const ready = [...served];
  // The filters list every category from the root alone (the term list is not loaded).
  const options = await page.evaluate(() => [...document.getElementById('s').shadowRoot.querySelectorAll('select[data-filter=category] option')].map((o) => o.value).filter(Boolean));
  assert.deepEqual(options, [...new Set(docs.map((d) => d.category).filter(Boolean))].sort());
  assert.deepEqual(ready.map((x) => x.file), ['glossary.json', 'search/root.glsr'], 'ready to type with the manifest and the root only');
  figures.push(`ready to type after ${kB(total(ready, 'gzip'))} gzip (${kB(total(ready, 'raw'))} raw): ${ready.map((x) => `${x.file} ${kB(x.gzip)}`).join(', ')}`);
  assert.ok(total(ready, 'gzip') <= 300_000, `ready to type after ${total(ready, 'gzip')} B gzip`);
  // Type queries character by character, as a reader does.
  const input = page.locator('#s input');
  let hits = 0;
  const sample = queries.slice(0, 25);
  const shown = () => page.waitForFunction((qq) => {
    const r = document.getElementById('s').shadowRoot;
    // The answer to this very query (a chunked index answers once the shards are in).
    return r.querySelector('.gs-list').dataset.query === qq && r.querySelector('input').value === qq;
  }, qq);
  let qq;
  let first = null;
  for (const [q, want] of sample) {
    await input.fill('');
    for (const ch of q) {
      await input.press(ch === ' ' ? 'Space' : ch);
      if (first === null) {
        qq = ch;
        await shown();
        first = total(served, 'gzip');
        figures.push(`first result (one key typed, "${ch}") after ${kB(first)} gzip in all; it fetched ${served.length - ready.length} shards`);
      }
    }
    qq = q;
    await shown();
    const top = await page.evaluate(() => document.getElementById('s').shadowRoot.querySelector('[role=option]')?.getAttribute('data-id'));
    if (top === want) hits++;
  }
  // Typed as fast as keys can be pressed: the older queries stop when a newer one starts,
  // and the last one is answered (none loses, to another, the shards it fetched).
  for (const [q] of queries.slice(25, 35)) {
    await input.fill('');
    await input.pressSequentially(q, { delay: 0 });
    qq = q;
    await shown();
    assert.doesNotMatch(await page.evaluate(() => document.getElementById('s').shadowRoot.querySelector('.gs-status').textContent), /could not/);
  }
  const shards = served.filter((x) => x.file !== 'glossary.json' && x.file !== 'search/root.glsr');
  figures.push(`search-as-you-type: ${sample.length} queries typed key by key fetched ${shards.length} shards, ${kB(total(shards, 'gzip'))} gzip (${kB(total(shards, 'raw'))} raw); expected term first for ${hits}/${sample.length}`);
  assert.ok(first <= 500_000, `first result after ${first} B gzip`);
  assert.ok(hits >= sample.length * 0.8, `relevance holds at 100k: ${hits}/${sample.length}`);
  // Each shard once (the page keeps what it fetched, or the HTTP cache answers).
  const files = shards.map((x) => x.file);
  assert.equal(new Set(files).size, files.length, `a shard fetched twice: ${files.filter((f, i) => files.indexOf(f) !== i).slice(0, 5)}`);
  const m1 = await memory(page);
  figures.push(`memory after load + searches: wasm ${mib(m1.wasm)}, JS heap ${mib(m1.js)}`);
  assert.ok(m1.wasm <= 32 * 1048576, `wasm memory ≤ 32 MiB: ${mib(m1.wasm)}`);
  // The API: the synchronous search says to use searchAsync; searchAsync answers.
  const api = await page.evaluate(async (q) => {
    const g = await (await import('/pkg/glossa.js')).Glossary.load('/big/glossary.json');
    let sync;
    try { g.searchDetailed(q); sync = 'answered'; } catch (e) { sync = String(e.message ?? e); }
    const r = await g.searchAsync(q, { limit: 3 });
    return { sync, top: r.results[0]?.id, size: g.size };
  }, sample[0][0]);
  assert.match(api.sync, /searchAsync/);
  assert.equal(api.top, sample[0][1]);
  assert.equal(api.size, N);
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
  await assertSliced(page, { entries: N });
  const m = await memory(page);
  figures.push(`browser memory: wasm ${mib(m.wasm)}, JS heap ${mib(m.js)}`);
  assert.ok(m.wasm < 1024 * 1048576, `wasm memory bounded: ${mib(m.wasm)}`);
  assert.deepEqual(page.problems, []);
});
