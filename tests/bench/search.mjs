// Search benchmark: glossa vs MiniSearch, FlexSearch, Fuse.js and Pagefind, in one
// headless Chromium page, same corpus, equal settings (prefix on, 1 typo, title boosted).
// Corpora: the Kubernetes glossary (../shared), synthetic glossaries of 1k/10k/100k terms
// from a fixed seed, and long-body ones (`long1000`, `long10000`, `long100000`: bodies of
// 50–2 000 words, median ~140, mentioning popular terms and acronyms in many bodies; see
// tests/bench/synth.mjs). glossa is timed with snippets on (as <glossa-search> asks), and
// without. Per query class: p50, p95 and max of the first pass (code and caches cold); then the
// same keystrokes again (warm p50 and max). Reports, never asserts.
//   npm run bench                          (all benchmarks)
//   node tests/bench/search.mjs [sizes]    e.g. `node tests/bench/search.mjs k8s,1000,long10000`
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { serve, hasShared, shared, repoRoot } from '../browser/support/harness.mjs';
import { generate, pagefindPage } from './synth.mjs';

const sizes = (process.argv[2] || process.env.SEARCH_BENCH || 'k8s,1000,10000,100000,long1000,long10000').split(',');
const work = path.join(repoRoot, 'target', 'bench');
mkdirSync(work, { recursive: true });

function corpus(size) {
  if (size === 'k8s') {
    if (!hasShared) return null;
    const dir = path.join(shared, 'corpus/kubernetes-glossary/content/en/docs/reference/glossary');
    const docs = JSON.parse(execFileSync('cargo', ['run', '--quiet', '--bin', 'glossa', '--', 'docs', dir], { cwd: repoRoot, maxBuffer: 1 << 28 }));
    const byTitle = new Map(docs.map((d) => [d.title, d.id]));
    const queries = JSON.parse(readFileSync(path.join(repoRoot, 'tests/fixtures/kubernetes-queries.json'))).map(([q, t, k]) => [q, byTitle.get(t), k]);
    for (const d of docs) { d.aliases ??= []; d.category ??= ''; d.difficulty ??= ''; }
    return { name: 'kubernetes (140)', docs, queries };
  }
  const long = size.startsWith('long');
  const n = Number(long ? size.slice(4) : size);
  const { docs, queries } = generate(n, undefined, { long });
  return { name: `${long ? 'long-body' : 'synthetic'} ${n >= 1000 ? n / 1000 + 'k' : n}`, docs, queries: queries.slice(0, n >= 100000 ? 100 : 300) };
}

/** Pagefind builds its own index from HTML pages with its CLI (cached per corpus). */
function pagefindSite(key, docs) {
  const dir = path.join(work, `pagefind-${key}`);
  const stamp = path.join(dir, 'built.json');
  if (existsSync(stamp) && JSON.parse(readFileSync(stamp)).count === docs.length) return { dir, ...JSON.parse(readFileSync(stamp)) };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 't'), { recursive: true });
  for (const d of docs) writeFileSync(path.join(dir, 't', `${d.id}.html`), pagefindPage(d));
  const t0 = performance.now();
  execFileSync(path.join(repoRoot, 'node_modules/.bin/pagefind'), ['--site', dir, '--quiet'], { stdio: 'inherit' });
  const buildMs = performance.now() - t0;
  // Index = everything pagefind writes except the per-page fragments (those are the pages' own text).
  const out = path.join(dir, 'pagefind');
  const files = readdirSync(out, { recursive: true }).map((f) => path.join(out, f)).filter((f) => statSync(f).isFile());
  let raw = 0, gz = 0, fragRaw = 0;
  for (const f of files) {
    const b = readFileSync(f);
    if (f.includes('/fragment/')) { fragRaw += b.length; continue; }
    raw += b.length;
    gz += f.endsWith('.pf_index') || f.endsWith('.pf_meta') || f.endsWith('.pf_filter') ? b.length : gzipSync(b, { level: 9 }).length;
  }
  const info = { count: docs.length, buildMs, raw, gz, fragRaw };
  writeFileSync(stamp, JSON.stringify(info));
  return { dir, ...info };
}

// Cross-origin isolation gives performance.now() 5 µs resolution instead of 100 µs.
const isolated = () => ({ 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' });
const { server, url, pages } = await serve({ headers: isolated });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--enable-precise-memory-info', '--js-flags=--expose-gc'],
});
pages.set('/bench/search.html', '<!doctype html><link rel="icon" href="data:,"><script type="module" src="/pkg/glossa.js"></script><div id="host"></div>');

const all = [];
for (const size of sizes) {
  const c = corpus(size);
  if (!c) { console.log(`SKIP ${size}: ../shared is absent`); continue; }
  const key = size;
  pages.set(`/bench/docs-${key}.json`, { body: JSON.stringify(c.docs), type: 'application/json' });
  pages.set(`/bench/queries-${key}.json`, { body: JSON.stringify(c.queries), type: 'application/json' });
  const pf = pagefindSite(key, c.docs);
  const page = await (await browser.newContext()).newPage();
  page.setDefaultTimeout(0);
  page.on('pageerror', (e) => console.error('pageerror', e.message));
  await page.goto(`${url}/bench/search.html`);
  process.stdout.write(`\n${c.name}: running`);
  const rows = await page.evaluate(async ({ key, pfBase, n, long }) => {
    const glossa = await import('/pkg/glossa.js');
    const core = await glossa.ready;
    const { default: MiniSearch } = await import('/node_modules/minisearch/dist/es/index.js');
    const FlexSearch = (await import('/node_modules/flexsearch/dist/flexsearch.bundle.module.min.mjs')).default;
    const { default: Fuse } = await import('/node_modules/fuse.js/dist/fuse.mjs');
    const docs = await (await fetch(`/bench/docs-${key}.json`)).json();
    const queries = await (await fetch(`/bench/queries-${key}.json`)).json();
    if (!crossOriginIsolated) console.warn('not cross-origin isolated: timer resolution is 100 µs');
    const gzip = async (bytes) => new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer()).length;
    const heap = () => { globalThis.gc?.(); globalThis.gc?.(); return performance.memory?.usedJSHeapSize ?? 0; };
    const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * p))]; };
    const keystrokes = (q) => Array.from({ length: q.length }, (_, i) => q.slice(0, i + 1)).filter((s) => s.trim());
    // Fuse is orders of magnitude slower: cap its keystroke run on big corpora (stated in the output).
    const caps = { fuse: n >= 100000 ? 8 : n >= 10000 ? 25 : queries.length, others: queries.length };
    const enc = new TextEncoder();

    const libs = {
      glossa: {
        build: () => core.Glossary.fromDocuments(docs),
        bytes: (g) => g.exportIndex(),
        load: (bytes) => core.Glossary.fromIndex(bytes),
        // Equal settings: at most 1 typo (glossa's default allows 2 in words of 8+ characters),
        // and ids only like the others (snippets are timed separately, through <glossa-search>).
        // Snippets on, as <glossa-search> asks for them (timed without them too, below).
        search: (g, q, snippets = true) => g.search(q, { limit: 10, maxTypos: 1, snippets }).map((r) => r.id),
      },
      minisearch: {
        opts: { fields: ['title', 'acronym', 'aliases', 'description', 'body', 'category'], storeFields: ['title'], extractField: (d, f) => (f === 'aliases' ? d.aliases.join(' ') : d[f]),
          searchOptions: { prefix: true, fuzzy: 1, boost: { title: 10, acronym: 8, aliases: 8, description: 3, category: 2 } } },
        build() { const m = new MiniSearch(this.opts); m.addAll(docs); return m; },
        bytes: (m) => enc.encode(JSON.stringify(m)),
        load(bytes) { return MiniSearch.loadJSON(new TextDecoder().decode(bytes), this.opts); },
        search: (m, q) => m.search(q).slice(0, 10).map((r) => r.id),
      },
      flexsearch: {
        opts: { tokenize: 'forward', document: { id: 'id', index: ['title', 'acronym', 'aliases', 'description', 'body'] } },
        build() { const f = new FlexSearch.Document(this.opts); for (const d of docs) f.add({ ...d, aliases: d.aliases.join(' ') }); return f; },
        async bytes(f) { const parts = []; await f.export((k, v) => { parts.push([k, v]); }); return enc.encode(JSON.stringify(parts)); },
        async load(bytes) { const f = new FlexSearch.Document(this.opts); for (const [k, v] of JSON.parse(new TextDecoder().decode(bytes))) await f.import(k, v); return f; },
        // No typo tolerance in FlexSearch; title "boost" = title results first, then the other fields.
        search(f, q) {
          const out = [];
          for (const r of f.search(q, { limit: 10 })) for (const id of r.result) if (!out.includes(id)) out.push(id);
          const order = ['title', 'acronym', 'aliases', 'description', 'body'];
          const by = new Map(f.search(q, { limit: 10 }).map((r) => [r.field, r.result]));
          const ranked = [];
          for (const field of order) for (const id of by.get(field) ?? []) if (!ranked.includes(id)) ranked.push(id);
          return ranked.slice(0, 10);
        },
      },
      fuse: {
        opts: { includeScore: true, threshold: 0.3, ignoreLocation: true, keys: [{ name: 'title', weight: 10 }, { name: 'acronym', weight: 8 }, { name: 'aliases', weight: 8 }, { name: 'description', weight: 3 }, { name: 'body', weight: 1 }] },
        build() { return new Fuse(docs, this.opts); },
        bytes: (f) => enc.encode(JSON.stringify(f.getIndex().toJSON())),
        load(bytes) { return new Fuse(docs, this.opts, Fuse.parseIndex(JSON.parse(new TextDecoder().decode(bytes)))); },
        search: (f, q) => f.search(q, { limit: 10 }).map((r) => r.item.id),
      },
    };
    const results = [];
    for (const [name, lib] of Object.entries(libs)) {
      const h0 = heap();
      const m0 = glossa.wasmMemoryBytes();
      const t0 = performance.now();
      const idx = await lib.build();
      const buildMs = performance.now() - t0;
      const heapBytes = heap() - h0 + (name === 'glossa' ? glossa.wasmMemoryBytes() - m0 : 0);
      const bytes = await lib.bytes(idx);
      const gz = await gzip(bytes);
      const tasks = [];
      const obs = new PerformanceObserver((l) => tasks.push(...l.getEntries().map((e) => e.duration)));
      obs.observe({ type: 'longtask' });
      const tl = performance.now();
      const loaded = await lib.load(bytes);
      const loadMs = performance.now() - tl;
      await new Promise((r) => setTimeout(r, 50));
      obs.disconnect();
      const longestTask = tasks.length ? Math.max(...tasks) : 0;
      const times = [];
      const classes = {};
      const cap = name === 'fuse' ? caps.fuse : caps.others;
      // Fuse takes up to seconds a keystroke on long bodies: it gets 20 s of keystrokes (the calls column says how many).
      const budget = name === 'fuse' ? 20000 : Infinity;
      const run = (search) => {
        const all = [], by = {};
        const until = performance.now() + budget;
        for (const [q, , kind] of queries.slice(0, cap)) for (const s of keystrokes(q)) {
          if (performance.now() > until) break;
          const t = performance.now(); search(s); const dt = performance.now() - t;
          all.push(dt); (by[kind] ??= []).push(dt);
        }
        return [all, Object.fromEntries(Object.entries(by).map(([k, v]) => [k, { p50: pct(v, 0.5), p95: pct(v, 0.95), max: Math.max(...v), n: v.length }]))];
      };
      const [all, by] = run((s) => lib.search(loaded, s));
      times.push(...all);
      Object.assign(classes, by);
      // The same keystrokes again: the library's code compiled and tiered up, its caches
      // warm (what a reader meets after the first few queries of a page).
      const [warm] = name === 'fuse' ? [[]] : run((s) => lib.search(loaded, s));
      let top1 = 0, top5 = 0;
      const rq = (name === 'fuse' && (n >= 10000 || long) ? queries.slice(0, long ? 40 : caps.fuse * 4) : queries).filter(([, want]) => want);
      for (const [q, want] of rq) { const ids = lib.search(loaded, q); if (ids[0] === want) top1++; if (ids.slice(0, 5).includes(want)) top5++; }
      let textGz;
      if (name === 'glossa') {
        // The terms' own text stored in the index (for "bytes per term beyond the text").
        const text = docs.map((d) => [d.id, d.title, d.acronym ?? '', d.aliases.join(' '), d.description, d.body.slice(0, 600)].join('\n')).join('\n');
        textGz = await gzip(enc.encode(text));
      }
      results.push({ name, buildMs, bytes: bytes.length, gz, textGz, loadMs, longestTask, p50: pct(times, 0.5), p95: pct(times, 0.95), max: Math.max(...times), calls: times.length, heap: heapBytes, top1: top1 / rq.length, top5: top5 / rq.length, rq: rq.length, classes, warm50: warm.length ? pct(warm, 0.5) : undefined, warmMax: warm.length ? Math.max(...warm) : undefined });
      if (name === 'glossa') {
        const [bare, byBare] = run((s) => lib.search(loaded, s, false));
        const [bareWarm] = run((s) => lib.search(loaded, s, false));
        results.push({ name: 'glossa, no snippets', p50: pct(bare, 0.5), p95: pct(bare, 0.95), max: Math.max(...bare), calls: bare.length, classes: byBare, top1: top1 / rq.length, top5: top5 / rq.length, rq: rq.length, note: 'same index', warm50: pct(bareWarm, 0.5), warmMax: Math.max(...bareWarm) });
      }
      if (name === 'glossa') {
        // Keystroke → results in the DOM and laid out, through <glossa-search>.
        loaded.register('/bench/glossary');
        const el = document.createElement('glossa-search');
        el.setAttribute('glossary', '/bench/glossary');
        document.getElementById('host').append(el);
        await new Promise((r) => { const t = setInterval(() => { if (el.dataset.state === 'ready') { clearInterval(t); r(); } }, 5); });
        const input = el.shadowRoot.querySelector('input');
        const list = el.shadowRoot.querySelector('[role=listbox]');
        const paint = [];
        for (const [q] of queries.slice(0, 100)) for (const s of keystrokes(q)) {
          const t = performance.now();
          input.value = s;
          input.dispatchEvent(new Event('input'));
          list.getBoundingClientRect();
          paint.push(performance.now() - t);
        }
        const row = results.find((x) => x.name === 'glossa');
        row.paint50 = pct(paint, 0.5);
        row.paint95 = pct(paint, 0.95);
        el.remove();
      }
    }
    // Pagefind: its CLI-built index, served over HTTP, searched through its own JS API.
    {
      const t0 = performance.now();
      const pf = await import(`${pfBase}/pagefind/pagefind.js`);
      await pf.options({ excerptLength: 20 });
      await pf.init();
      await pf.search('warmup');
      const loadMs = performance.now() - t0;
      const ids = async (q) => {
        const r = await pf.search(q);
        const top = await Promise.all(r.results.slice(0, 5).map((x) => x.data()));
        return top.map((d) => d.meta.id);
      };
      const times = [], by = {};
      for (const [q, , kind] of queries) for (const s of keystrokes(q)) {
        const t = performance.now(); await ids(s); const dt = performance.now() - t;
        times.push(dt); (by[kind] ??= []).push(dt);
      }
      const classes = Object.fromEntries(Object.entries(by).map(([k, v]) => [k, { p50: pct(v, 0.5), p95: pct(v, 0.95), max: Math.max(...v), n: v.length }]));
      let top1 = 0, top5 = 0;
      const rq = queries.filter(([, want]) => want);
      for (const [q, want] of rq) { const r = await ids(q); if (r[0] === want) top1++; if (r.includes(want)) top5++; }
      results.push({ name: 'pagefind', loadMs, p50: pct(times, 0.5), p95: pct(times, 0.95), max: Math.max(...times), calls: times.length, top1: top1 / rq.length, top5: top5 / rq.length, rq: rq.length, classes });
    }
    return results;
  }, { key, pfBase: `/target/bench/pagefind-${key}`, n: c.docs.length, long: key.startsWith('long') });
  const pfRow = rows.find((r) => r.name === 'pagefind');
  Object.assign(pfRow, { buildMs: pf.buildMs, bytes: pf.raw, gz: pf.gz, note: `CLI build; +${(pf.fragRaw / 1e6).toFixed(1)} MB fragments` });
  const textBytes = c.docs.reduce((s, d) => s + d.title.length + (d.acronym ?? '').length + d.aliases.join(' ').length + d.description.length + d.body.length, 0);
  all.push({ corpus: c.name, n: c.docs.length, queries: c.queries.length, textBytes, rows });
  await page.context().close();
}
await browser.close();
server.close();

const f = (x, d = 2) => (x === undefined ? '—' : x >= 100 ? x.toFixed(0) : x.toFixed(d));
const kb = (b) => (b === undefined ? '—' : b > 1e6 ? `${(b / 1e6).toFixed(2)} MB` : `${(b / 1e3).toFixed(1)} kB`);
console.log('\n\n# Search benchmark — headless Chromium, one page per corpus (prefix on, 1 typo, title boosted)\n');
for (const r of all) {
  console.log(`## ${r.corpus}: ${r.n} terms, ${r.queries} queries typed keystroke by keystroke, ${kb(r.textBytes)} of term text\n`);
  console.log('| library | build ms | index raw | index gzip | gzip B/term | load ms | longest task | p50 ms | p95 ms | warm p50 / max | calls | heap+wasm | top-1 | top-5 |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const x of r.rows) {
    const heap = x.heap === undefined || x.heap < 0 ? '—' : kb(x.heap);
    console.log(`| ${x.name}${x.note ? ` (${x.note})` : ''} | ${f(x.buildMs, 1)} | ${kb(x.bytes)} | ${kb(x.gz)} | ${x.gz ? (x.gz / r.n).toFixed(1) : '—'} | ${f(x.loadMs, 1)} | ${x.longestTask === undefined ? '—' : f(x.longestTask, 0)} | ${f(x.p50, 3)} | ${f(x.p95, 3)} | ${x.warm50 === undefined ? '—' : `${f(x.warm50, 3)} / ${f(x.warmMax, 2)}`} | ${x.calls} | ${heap} | ${(x.top1 * 100).toFixed(0)}% | ${(x.top5 * 100).toFixed(0)}%${x.rq !== r.queries ? ` (${x.rq} q)` : ''} |`);
  }
  const g = r.rows.find((x) => x.name === 'glossa');
  console.log(`\nglossa: index gzip beyond the terms' own text: ${((g.gz - g.textGz) / r.n).toFixed(1)} B/term; keystroke → results in DOM + layout (<glossa-search>): p50 ${f(g.paint50, 3)} ms, p95 ${f(g.paint95, 3)} ms`);
  // Per query class, each keystroke of each query (ms): p50 / p95 / max.
  const kinds = [...new Set(r.rows.flatMap((x) => Object.keys(x.classes ?? {})))].sort();
  console.log(`\nper query class, keystroke by keystroke (ms, p50 / p95 / max):\n`);
  console.log(`| library | ${kinds.join(' | ')} | all: max |`);
  console.log(`|---|${kinds.map(() => '---:').join('|')}|---:|`);
  for (const x of r.rows) {
    const cell = (k) => { const c = x.classes?.[k]; return c ? `${f(c.p50, 3)} / ${f(c.p95, 3)} / ${f(c.max, 2)}` : '—'; };
    console.log(`| ${x.name} | ${kinds.map(cell).join(' | ')} | ${f(x.max, 2)} |`);
  }
  console.log('\nratios anchor/glossa (>1 means glossa is faster or smaller):');
  for (const x of r.rows.filter((y) => !y.name.startsWith('glossa'))) {
    console.log(`- ${x.name}: query p50 ×${f(x.p50 / g.p50, 1)}${x.warm50 === undefined ? '' : ` (warm ×${f(x.warm50 / g.warm50, 1)})`}, p95 ×${f(x.p95 / g.p95, 1)}, build ×${f(x.buildMs / g.buildMs, 1)}, index gzip ×${f(x.gz / g.gz, 1)}, load ×${f(x.loadMs / g.loadMs, 1)}; top-1 ${(g.top1 * 100).toFixed(0)}% vs ${(x.top1 * 100).toFixed(0)}%`);
  }
  console.log('');
}
writeFileSync(path.join(work, 'search-bench.json'), JSON.stringify(all, null, 1));
