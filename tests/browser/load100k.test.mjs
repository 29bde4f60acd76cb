// Load: a generated 100 000-term glossary (compact manifest + prebuilt index, built by
// `glossa index`) loads, searches and browses in Chromium with no main-thread task over
// 50 ms (Long Tasks API), and bounded memory. Prints the figures.
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
  <link rel="icon" href="data:,"><title>100k</title><script type="module" src="/pkg/glossa.js" data-glossary="/big/glossary.json"></script></head><body>${body}</body></html>`;

async function open(name, body) {
  pages.set(`/t/${name}.html`, doc(body));
  const page = await newPage(browser);
  await page.addInitScript(() => {
    window.__long = [];
    window.__rejections = [];
    addEventListener('unhandledrejection', (e) => window.__rejections.push(String(e.reason?.message ?? e.reason)));
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push({ start: Math.round(e.startTime), ms: Math.round(e.duration) }); }).observe({ type: 'longtask', buffered: true });
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

test('100 000 terms: load, search as you type, open terms, browse letters — no task over 50 ms', { timeout: 300_000 }, async () => {
  const page = await open('search', '<glossa-search id="s"></glossa-search>');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.waitForFunction(() => document.getElementById('s').dataset.state === 'ready', null, { timeout: 120_000 });
  const loadMs = await page.evaluate(() => performance.now());
  figures.push(`search box ready ${(loadMs / 1000).toFixed(2)} s after navigation (28 MB index fetched and decoded in slices)`);
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
  // Query time at 100k (the same shared glossary the search box uses), every prefix of each query.
  const times = await page.evaluate(async (qs) => {
    const { Glossary } = await import('/pkg/glossa.js');
    const g = await Glossary.load('/big/glossary.json');
    const out = [];
    for (const q of qs) for (let i = 1; i <= q.length; i++) {
      const t = performance.now();
      g.search(q.slice(0, i), { limit: 8 });
      out.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 0)); // one keystroke per task, as when typing
    }
    return out.sort((a, b) => a - b);
  }, sample.map(([q]) => q));
  const pct = (p) => times[Math.min(times.length - 1, Math.floor(times.length * p))].toFixed(2);
  figures.push(`search() per keystroke at 100k (${times.length} prefixes): p50 ${pct(0.5)} ms, p95 ${pct(0.95)} ms, max ${times.at(-1).toFixed(1)} ms`);
  assert.ok(hits >= sample.length * 0.8, `relevance holds at 100k: ${hits}/${sample.length}`);
  const m1 = await memory(page);
  figures.push(`memory after load + searches: wasm ${mib(m1.wasm)}, JS heap ${mib(m1.js)}`);
  const long = await page.evaluate(() => window.__long);
  figures.push(`long tasks (> 50 ms) during load and typing: ${long.length ? long.map((l) => `${l.ms} ms @${l.start}`).join(', ') : 'none'}`);
  assert.deepEqual(long, [], 'no main-thread task over 50 ms');
  assert.ok(m1.wasm < 1024 * 1048576, `wasm memory bounded: ${mib(m1.wasm)}`);
  assert.deepEqual(await page.evaluate(() => window.__rejections), []);
  assert.deepEqual(page.problems, []);
});

test('100 000 terms in the glossary browser: list, letters, a term page — no task over 50 ms', { timeout: 300_000 }, async () => {
  const page = await open('browser', '<glossa-glossary id="g"></glossa-glossary>');
  await page.waitForFunction(() => document.getElementById('g').dataset.state === 'ready' && document.getElementById('g').shadowRoot.querySelector('.gb-terms li'), null, { timeout: 120_000 });
  const shown = await page.evaluate(() => document.getElementById('g').shadowRoot.querySelectorAll('.gb-terms li').length);
  figures.push(`browser: first list view shows ${shown} terms`);
  assert.equal(shown, 240, 'a long list renders its first batch only');
  // "Show more" appends the next batch in place and moves focus to its first term.
  const more = page.locator('#g .gb-more-btn');
  assert.match(await more.textContent(), /^Show 240 more \(\d+ left\)$/);
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
  const long = await page.evaluate(() => window.__long);
  figures.push(`browser long tasks (> 50 ms): ${long.length ? long.map((l) => `${l.ms} ms @${l.start}`).join(', ') : 'none'}`);
  const m = await memory(page);
  figures.push(`browser memory: wasm ${mib(m.wasm)}, JS heap ${mib(m.js)}`);
  assert.deepEqual(long, [], 'no main-thread task over 50 ms');
  assert.deepEqual(page.problems, []);
});
