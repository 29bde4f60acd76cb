// Hover cards and autolinking benchmark (reports, never asserts), in headless Chromium:
// - autolinking 1k and 5k paragraphs against a 10k-term glossary: total time, longest task;
// - card open latency: open delay elapsed → card painted, with cached and uncached payloads.
import { launch, serve, newPage } from '../browser/support/harness.mjs';
import { generate } from './synth.mjs';

const browser = await launch();
const { server, url, pages } = await serve();
const { docs } = generate(10000);
pages.set('/bench/docs-10k.json', { body: JSON.stringify(docs), type: 'application/json' });
pages.set('/bench/autolink.html', '<!doctype html><link rel="icon" href="data:,"><script type="module" src="/pkg/glossa.js"></script><main id="m"></main>');

const rows = [];
for (const n of [1000, 5000]) {
  const page = await newPage(browser);
  await page.addInitScript(() => {
    window.__tasks = [];
    new PerformanceObserver((l) => window.__tasks.push(...l.getEntries().map((e) => e.duration))).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(`${url}/bench/autolink.html`);
  const r = await page.evaluate(async (n) => {
    const g = await import('/pkg/glossa.js');
    const core = await g.ready;
    const docs = await (await fetch('/bench/docs-10k.json')).json();
    core.Glossary.fromDocuments(docs).register('/bench/g10k');
    // Paragraphs of prose with a few term names in each (deterministic).
    const words = docs.flatMap((d) => d.body.split(' ')).slice(0, 20000);
    const main = document.getElementById('m');
    main.setAttribute('data-glossa-glossary', '/bench/g10k');
    const frag = document.createDocumentFragment();
    for (let i = 0; i < n; i++) {
      const p = document.createElement('p');
      const w = Array.from({ length: 40 }, (_, j) => words[(i * 41 + j * 7) % words.length]);
      w.splice(10, 0, docs[(i * 13) % docs.length].title);
      w.splice(25, 0, docs[(i * 29 + 5) % docs.length].title.toLowerCase());
      p.textContent = w.join(' ') + '.';
      frag.append(p);
    }
    main.append(frag);
    await new Promise((r) => setTimeout(r, 100));
    window.__tasks.length = 0;
    const t0 = performance.now();
    const linked = await g.autolink(main);
    const ms = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 100));
    return { linked, ms, longest: Math.max(0, ...window.__tasks) };
  }, n);
  rows.push({ n, ...r });
  await page.context().close();
}

// Card open latency on the default glossary (payloads over HTTP from the local server).
pages.set('/bench/cards.html', `<!doctype html><link rel="icon" href="data:,">
  <script type="module" src="/pkg/glossa.js" data-glossary="/www/glossary/glossary.json" data-card-open-delay="0" data-card-prefetch-delay="0"></script>
  <p id="p" style="padding:2rem"></p>`);
const page = await newPage(browser);
await page.goto(`${url}/bench/cards.html`);
await page.waitForFunction(() => document.getElementById('glossa-card'));
const ids = await page.evaluate(async () => {
  const { Glossary } = await import('/pkg/glossa.js');
  const g = await Glossary.load('/www/glossary/glossary.json');
  const ids = g.terms().map((t) => t.id).slice(0, 30);
  document.getElementById('p').innerHTML = ids.map((id) => `<glossa-term term="${id}" id="t-${id}">${id}</glossa-term>`).join(' · ');
  return ids;
});
const lat = { uncachedShown: [], uncachedComplete: [], cachedComplete: [] };
for (const pass of ['uncached', 'cached']) {
  for (const id of ids) {
    await page.evaluate(() => performance.clearMeasures());
    await page.mouse.move(1, 1);
    await page.waitForFunction(() => !document.getElementById('glossa-card').matches(':popover-open'));
    await page.locator(`#t-${id}`).hover();
    await page.waitForFunction(() => performance.getEntriesByName('glossa:card-complete').length > 0);
    const m = await page.evaluate(() => ({ shown: performance.getEntriesByName('glossa:card-shown')[0]?.duration, complete: performance.getEntriesByName('glossa:card-complete')[0]?.duration }));
    if (pass === 'uncached') { lat.uncachedShown.push(m.shown); lat.uncachedComplete.push(m.complete); } else lat.cachedComplete.push(m.complete);
  }
}
await browser.close();
server.close();
const med = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; };
const p95 = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))]; };
console.log('\n# Hover cards and autolinking — headless Chromium\n');
console.log('| autolink (10k-term glossary) | paragraphs | mentions linked | total ms | longest task ms |');
console.log('|---|---:|---:|---:|---:|');
for (const r of rows) console.log(`| | ${r.n} | ${r.linked} | ${r.ms.toFixed(0)} | ${r.longest.toFixed(0)} |`);
console.log('\n| card open (delay elapsed → next frame painted) | median ms | p95 ms |');
console.log('|---|---:|---:|');
console.log(`| uncached: card shown (loading state) | ${med(lat.uncachedShown).toFixed(2)} | ${p95(lat.uncachedShown).toFixed(2)} |`);
console.log(`| uncached: content painted (fetch + decode + render) | ${med(lat.uncachedComplete).toFixed(2)} | ${p95(lat.uncachedComplete).toFixed(2)} |`);
console.log(`| cached: content painted | ${med(lat.cachedComplete).toFixed(2)} | ${p95(lat.cachedComplete).toFixed(2)} |`);
