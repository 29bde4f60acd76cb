// A 100 000-term glossary in the widget (reports, never asserts): time until the search
// box is ready, main-thread long tasks (> 50 ms, Long Tasks API) during load, typing and
// browsing, per-keystroke search time, memory. The structural checks (bounded slices,
// batches) are in tests/browser/load100k.test.mjs.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { launch, serve, newPage, repoRoot } from '../browser/support/harness.mjs';
import { nuxtPayload, term } from '../browser/support/payloads.mjs';
import { generate } from './synth.mjs';

const N = 100_000;
const out = path.join(repoRoot, 'target', 'bench', '100k');
const { docs, queries } = generate(N);
mkdirSync(out, { recursive: true });
writeFileSync(path.join(out, 'docs.json'), JSON.stringify(docs));
execFileSync('cargo', ['run', '--quiet', '--release', '--bin', 'glossa', '--', 'index', path.join(out, 'docs.json'), '-o', out,
  '--term-url', 'terms/{id}/_payload.json', '--title', '100k terms', '--snippet-chars', '0'], { cwd: repoRoot, stdio: 'inherit' });
const byId = new Map(docs.map((d) => [d.id, d]));
const browser = await launch();
const { server, url, pages } = await serve({
  handle: async (req, res, pathname) => {
    const m = pathname.match(/^\/big\/(glossary\.json|search\.glsi|terms\/([^/]+)\/_payload\.json)$/);
    if (!m) return false;
    if (m[2]) {
      const d = byId.get(m[2]);
      if (!d) { res.writeHead(404).end(); return true; }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(nuxtPayload(term(d.id, [['p', {}, d.body]], { title: d.title, description: d.description })));
      return true;
    }
    const bytes = readFileSync(path.join(out, m[1]));
    res.writeHead(200, { 'Content-Type': m[1].endsWith('.json') ? 'application/json' : 'application/octet-stream', 'Content-Length': bytes.length }).end(bytes);
    return true;
  },
});
const doc = (body) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
  <script type="module" src="/pkg/glossa.js" data-glossary="/big/glossary.json"></script></head><body>${body}</body></html>`;
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
  console.log(`search box ready: ${(await page.evaluate(() => performance.now()) / 1000).toFixed(2)} s after navigation`);
  console.log(`long tasks during load: ${long(await page.evaluate(() => window.__long.splice(0)))}`);
  const input = page.locator('#s input');
  for (const [q] of queries.slice(0, 25)) {
    await input.fill('');
    await input.pressSequentially(q, { delay: 0 });
    await page.waitForFunction((qq) => document.getElementById('s').shadowRoot.querySelector('input').value === qq, q);
  }
  console.log(`long tasks while typing 25 queries key by key: ${long(await page.evaluate(() => window.__long.splice(0)))}`);
  const times = await page.evaluate(async (qs) => {
    const { Glossary } = await import('/pkg/glossa.js');
    const g = await Glossary.load('/big/glossary.json');
    const t = [];
    for (const q of qs) for (let i = 1; i <= q.length; i++) {
      const s = performance.now();
      g.search(q.slice(0, i), { limit: 8 });
      t.push(performance.now() - s);
      await new Promise((r) => setTimeout(r, 0));
    }
    return t.sort((a, b) => a - b);
  }, queries.slice(0, 25).map(([q]) => q));
  const pct = (p) => times[Math.min(times.length - 1, Math.floor(times.length * p))].toFixed(2);
  console.log(`search() per keystroke (${times.length} prefixes): p50 ${pct(0.5)} ms, p95 ${pct(0.95)} ms, max ${times.at(-1).toFixed(1)} ms`);
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
