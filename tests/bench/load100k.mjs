// A 100 000-term glossary (chunked index) in the widget (reports, never asserts): bytes and
// time until the search box is ready and until the first result, main-thread long tasks
// (> 50 ms, Long Tasks API) during load, typing and browsing, per-keystroke search time
// (shards fetched on the first pass, held on the second), memory. The structural checks (bounded slices,
// batches) are in tests/browser/load100k.test.mjs.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { launch, serve, newPage, repoRoot } from '../browser/support/harness.mjs';
import { nuxtPayload, term } from '../browser/support/payloads.mjs';
import { generate } from './synth.mjs';

const N = 100_000;
const out = path.join(repoRoot, 'target', 'bench', '100k');
const { docs, queries } = generate(N);
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
writeFileSync(path.join(out, 'docs.json'), JSON.stringify(docs));
const t0 = Date.now();
execFileSync('cargo', ['run', '--quiet', '--release', '--bin', 'glossa', '--', 'index', path.join(out, 'docs.json'), '-o', out,
  '--term-url', 'terms/{id}/_payload.json', '--title', '100k terms', '--snippet-chars', '0'], { cwd: repoRoot, stdio: 'inherit' });
console.log(`glossa index of ${N} terms (release): ${((Date.now() - t0) / 1000).toFixed(1)} s`);
const byId = new Map(docs.map((d) => [d.id, d]));
let served = 0;
const gz = new Map();
const browser = await launch();
const { server, url, pages } = await serve({
  handle: async (req, res, pathname) => {
    const m = pathname.match(/^\/big\/(glossary\.json|search\/(?:root\.glsr|[vwntd]\/\d+\.gls[vwntd])|terms\/([^/]+)\/_payload\.json)$/);
    if (!m) return false;
    if (m[2]) {
      const d = byId.get(m[2]);
      if (!d) { res.writeHead(404).end(); return true; }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(nuxtPayload(term(d.id, [['p', {}, d.body]], { title: d.title, description: d.description })));
      return true;
    }
    const bytes = readFileSync(path.join(out, m[1]));
    if (!gz.has(m[1])) gz.set(m[1], gzipSync(bytes, { level: 9 }).length);
    served += gz.get(m[1]);
    res.writeHead(200, { 'Content-Type': m[1].endsWith('.json') ? 'application/json' : 'application/octet-stream', 'Content-Length': bytes.length, 'Cache-Control': 'max-age=3600' }).end(bytes);
    return true;
  },
});
const doc = (body) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
  <script type="module" src="/pkg/glossa.js" data-glossary="/big/glossary.json" data-eager></script></head><body>${body}</body></html>`;
const long = (l) => (l.length ? l.map((t) => `${t} ms`).join(', ') : 'none');

async function open(name, body) {
  pages.set(`/b/${name}.html`, doc(body));
  const page = await newPage(browser);
  await page.addInitScript(() => {
    window.__long = [];
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push(Math.round(e.duration)); }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(`${url}/b/${name}.html`);
  return page;
}

console.log('\n# 100 000-term glossary in the widget (Chromium)\n');
{
  const page = await open('search', '<glossa-search id="s"></glossa-search>');
  await page.waitForFunction(() => document.getElementById('s').dataset.state === 'ready', null, { timeout: 120_000 });
  console.log(`search box ready: ${(await page.evaluate(() => performance.now()) / 1000).toFixed(2)} s after navigation, ${(served / 1000).toFixed(1)} kB gzip of manifest and index downloaded`);
  console.log(`long tasks during load: ${long(await page.evaluate(() => window.__long.splice(0)))}`);
  const input = page.locator('#s input');
  page.on('console', (m) => { if (m.type() === 'warning' || m.type() === 'error') console.log(`  page ${m.type()}: ${m.text()}`); });
  const answered = (qq) => page.waitForFunction((qq) => document.getElementById('s').shadowRoot.querySelector('.gs-list').dataset.query === qq, qq, { timeout: 60_000 })
    .catch(async (e) => { console.log(`  no answer to ${JSON.stringify(qq)}: status ${JSON.stringify(await page.evaluate(() => document.getElementById('s').shadowRoot.querySelector('.gs-status')?.textContent))}, list query ${await page.evaluate(() => document.getElementById('s').shadowRoot.querySelector('.gs-list').dataset.query)}`); throw e; });
  const t1 = await page.evaluate(() => performance.now());
  await input.press(queries[0][0][0]);
  await answered(queries[0][0][0]);
  console.log(`first result (one key typed): ${(await page.evaluate(() => performance.now()) - t1).toFixed(0)} ms, ${(served / 1000).toFixed(1)} kB gzip downloaded in all`);
  const before = served;
  for (const [q] of queries.slice(0, 25)) {
    await input.fill('');
    await input.pressSequentially(q, { delay: 0 });
    await answered(q);
  }
  console.log(`25 queries typed key by key: ${((served - before) / 1000).toFixed(0)} kB gzip of shards fetched`);
  console.log(`long tasks while typing 25 queries key by key: ${long(await page.evaluate(() => window.__long.splice(0)))}`);
  const times = await page.evaluate(async (qs) => {
    const { Glossary } = await import('/pkg/glossa.js');
    const g = await Glossary.load('/big/glossary.json');
    const pass = async () => {
      const t = [];
      for (const q of qs) for (let i = 1; i <= q.length; i++) {
        const s = performance.now();
        await g.searchAsync(q.slice(0, i), { limit: 8 });
        t.push(performance.now() - s);
        await new Promise((r) => setTimeout(r, 0));
      }
      return t.sort((a, b) => a - b);
    };
    return [await pass(), await pass()];
  }, queries.slice(25, 50).map(([q]) => q));
  for (const [name, t] of [['first time (fetching shards from localhost)', times[0]], ['again (shards held or in the HTTP cache)', times[1]]]) {
    const pct = (p) => t[Math.min(t.length - 1, Math.floor(t.length * p))].toFixed(2);
    console.log(`searchAsync() per keystroke, ${name}, ${t.length} prefixes: p50 ${pct(0.5)} ms, p95 ${pct(0.95)} ms, max ${t.at(-1).toFixed(1)} ms`);
  }
  const wasm = await page.evaluate(async () => (await import('/pkg/glossa.js')).wasmMemoryBytes());
  console.log(`wasm memory: ${(wasm / 1048576).toFixed(0)} MiB`);
  await page.context().close();
}
{
  const page = await open('browser', '<glossa-glossary id="g"></glossa-glossary>');
  await page.waitForFunction(() => document.getElementById('g').shadowRoot?.querySelector('.gb-terms li'), null, { timeout: 120_000 });
  for (const letter of ['M', 'Z']) {
    await page.evaluate((l) => { location.hash = `#/?letter=${l}`; }, letter);
    await page.waitForFunction((l) => document.getElementById('g').shadowRoot.querySelector('.gb-letter')?.textContent === l, letter);
  }
  console.log(`glossary browser (load, list, letters M and Z): long tasks ${long(await page.evaluate(() => window.__long))}`);
  await page.context().close();
}
await browser.close();
server.close();
