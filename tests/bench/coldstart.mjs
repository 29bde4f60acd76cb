// Cold start and bytes (reports, never asserts):
// - per file: what a page downloads before any interaction (the first-load module) and what
//   arrives at the first sign of intent (the full module), raw and gzip -9;
// - where the bytes go: each module's code and data by crate and by glossa module (twiggy);
// - time to the first card and to the first results on Lighthouse's mobile profile
//   (150 ms RTT, 1.6 Mbit/s, CPU 4× slower), lazy (as shipped) beside everything up front
//   (`data-eager`, which is what every page paid before the split);
// - cold start at 1 000 terms: script request → mentions linked, → search ready;
// - the markdown module and the single-file bundle of the default glossary.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launch, serve, newPage, repoRoot } from '../browser/support/harness.mjs';
import { generate } from './synth.mjs';

const work = path.join(repoRoot, 'target/bench/cold');
rmSync(work, { recursive: true, force: true });
mkdirSync(path.join(work, 'md'), { recursive: true });
const { docs } = generate(1000);
for (const d of docs) {
  const fm = ['---', `title: ${JSON.stringify(d.title)}`, `id: ${d.id}`, `category: ${d.category}`, `difficulty: ${d.difficulty}`,
    `description: ${JSON.stringify(d.description)}`, d.acronym ? `acronym: ${JSON.stringify(d.acronym)}` : '', d.aliases.length ? `aliases: ${JSON.stringify(d.aliases)}` : '', '---', ''];
  writeFileSync(path.join(work, 'md', `${d.id}.md`), fm.filter(Boolean).join('\n') + `\n## Definition\n\n${d.body}\n`);
}
const cli = (...args) => execFileSync('cargo', ['run', '--quiet', '--bin', 'glossa', '--', ...args], { cwd: repoRoot, stdio: 'inherit' });
cli('build', path.join(work, 'md'), '-o', path.join(work, 'g1k'));
cli('bundle', 'www/terms', '-o', path.join(work, 'bundle.html'), '--title', 'glossa');

const gzip = (file) => execFileSync('gzip', ['-9', '-c', file], { maxBuffer: 1 << 28 }).length;
const pkg = path.join(repoRoot, 'pkg');
// The snippet files (wasm-bindgen's JS) each glue imports; the core's own come with it, at intent.
const snippetsOf = (glue) => [...new Set(readFileSync(path.join(pkg, glue), 'utf8').match(/snippets\/[^'"]+/g) ?? [])].sort();
const firstSnippets = snippetsOf('glossa_lite.js');
const coreSnippets = snippetsOf('glossa_core.js').filter((f) => !firstSnippets.includes(f));

// ---- bytes per file ----
console.log('\n# Bytes\n');
console.log('| file | when | raw | gzip -9 |\n|---|---|---:|---:|');
const groups = {
  'first load (every page)': ['glossa.js', 'glossa_lite.js', 'glossa_lite_bg.wasm', ...firstSnippets],
  'at intent (pointer over a mention, focus on search, `/`)': ['glossa_core.js', 'glossa_core_bg.wasm', ...coreSnippets],
  'when a .md file is loaded': ['glossa_md.js', 'glossa_md_bg.wasm'],
  'when registerOffline() is called': ['glossa-offline.js', 'glossa-sw.js'],
};
const totals = {};
for (const [when, files] of Object.entries(groups)) {
  let raw = 0, gz = 0;
  for (const f of files) {
    const p = path.join(pkg, f);
    const r = readFileSync(p).length, g = gzip(p);
    raw += r; gz += g;
    console.log(`| ${f} | ${when} | ${r} | ${g} |`);
  }
  totals[when] = gz;
  console.log(`| **${when}** | | **${raw}** | **${gz}** |`);
}
const bundle = path.join(work, 'bundle.html');
console.log(`\nsingle-file bundle of the default glossary (51 terms): ${readFileSync(bundle).length} bytes, ${gzip(bundle)} gzip -9`);

// ---- where the bytes go (twiggy over builds that keep their names) ----
function twiggyReport(name, features) {
  const twiggy = ['twiggy', path.join(os.homedir(), '.cargo/bin/twiggy')].find((t) => { try { execFileSync(t, ['--version'], { stdio: 'ignore' }); return true; } catch { return false; } });
  if (!twiggy) { console.log(`\n(twiggy is not installed: no breakdown of ${name})`); return; }
  const dir = path.join(work, `names-${name}`);
  mkdirSync(dir, { recursive: true });
  const wasm = execFileSync('bash', ['.ci/cargo-wasm', features], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] }).toString().trim();
  execFileSync('wasm-bindgen', ['--keep-debug', '--target', 'web', '--out-dir', dir, '--out-name', name, path.join(repoRoot, wasm)]);
  const opt = path.join(dir, 'named.wasm');
  execFileSync(path.join(repoRoot, 'node_modules/.bin/wasm-opt'), ['-Oz', '-g', '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext', '--enable-mutable-globals', path.join(dir, `${name}_bg.wasm`), '-o', opt]);
  const csv = execFileSync(twiggy, ['top', '-n', '1000000', '-f', 'csv', opt], { maxBuffer: 1 << 28 }).toString().trim().split('\n').slice(1);
  const by = new Map();
  let total = 0;
  for (const line of csv) {
    const m = line.match(/^"?(.*?)"?,(\d+),/);
    if (!m) continue;
    const [, item, size] = m;
    if (/custom section|function names|debug|producers/.test(item)) continue;
    const n = Number(size);
    total += n;
    let key;
    if (item.startsWith('data segment')) key = 'data (strings, tables, CSS)';
    else {
      const name = item.replace(/^<+&?(mut )?/, '').replace(/\[[0-9a-f]{16}\]/g, ''); // (std rebuilt from source: crate hashes in names)
      const crate = name.match(/^([A-Za-z_][\w]*)/)?.[1] ?? 'other';
      if (crate === 'glossa') key = name.split('::').slice(0, 3).join('::').replace(/[<>{].*$/, '');
      else if (['core', 'alloc', 'std'].includes(crate)) key = `${crate}::${name.split('::')[1]?.replace(/\[.*$/, '') ?? ''}`;
      else if (/shim|__wbindgen|__externref|wasm_bindgen/.test(name)) key = 'wasm-bindgen glue';
      else key = crate.replace(/\[.*$/, '');
    }
    by.set(key, (by.get(key) ?? 0) + n);
  }
  console.log(`\n## ${name}: code and data by crate / glossa module (raw bytes after wasm-opt; ${total} in all)\n`);
  console.log('| part | bytes | share |\n|---|---:|---:|');
  for (const [k, v] of [...by].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`| ${k} | ${v} | ${(100 * v / total).toFixed(1)} % |`);
}
twiggyReport('glossa_lite', 'lite');
twiggyReport('glossa_core', 'web');
twiggyReport('glossa_md', 'markdown');

// ---- time to the first card and first results on a mobile profile ----
const browser = await launch();
const { server, url, pages } = await serve();
const ARTICLE = '<main data-glossa-autolink><p>An LLM reads a prompt as tokens; RAG adds retrieved context to the prompt.</p></main>';
const page = (attrs, body) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
  <script type="module" src="/pkg/glossa.js" data-glossary="/www/glossary/glossary.json" data-card-open-delay="0" data-card-prefetch-delay="0" ${attrs}></script></head>
  <body><glossa-search id="s"></glossa-search>${body}</body></html>`;
pages.set('/bench/lazy.html', page('', ARTICLE));
pages.set('/bench/eager.html', page('data-eager', ARTICLE));

/** A page on Lighthouse's mobile profile (simulated Slow 4G and a 4× slower CPU). */
async function mobilePage() {
  const p = await newPage(browser, { viewport: { width: 412, height: 823 } });
  const cdp = await p.context().newCDPSession(p);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  return p;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
async function firstCard(which) {
  const p = await mobilePage();
  await p.goto(`${url}/bench/${which}.html`);
  // The reader points at a mention as soon as it is linked.
  await p.waitForFunction(() => document.querySelector('main glossa-term'), null, { timeout: 120000, polling: 10 });
  const linked = await p.evaluate(() => performance.now());
  await p.locator('main glossa-term').first().hover();
  const hovered = await p.evaluate(() => performance.now());
  await p.waitForFunction(() => document.getElementById('glossa-card')?.shadowRoot?.querySelector('.gc-body'), null, { timeout: 120000, polling: 10 });
  const card = await p.evaluate(() => performance.now());
  await p.context().close();
  return { linked, card, hoverToCard: card - hovered };
}
async function firstResults(which) {
  const p = await mobilePage();
  await p.goto(`${url}/bench/${which}.html`);
  await p.waitForFunction(() => document.getElementById('s').shadowRoot?.querySelector('.gs-input'), null, { timeout: 120000, polling: 10 });
  const box = await p.evaluate(() => performance.now());
  await p.locator('#s input').focus();
  await p.keyboard.type('token');
  const typed = await p.evaluate(() => performance.now());
  await p.waitForFunction(() => document.getElementById('s').shadowRoot.querySelector('[role=option]'), null, { timeout: 120000, polling: 10 });
  const results = await p.evaluate(() => performance.now());
  await p.context().close();
  return { box, results, typedToResults: results - typed };
}
console.log('\n# Time to the first card and the first results (mobile: 150 ms RTT, 1.6 Mbit/s, CPU 4×; median of 3, ms from navigation)\n');
console.log('| page | mentions linked | first card | hover → card | search box drawn | first results | typed → results |\n|---|---:|---:|---:|---:|---:|---:|');
for (const which of ['lazy', 'eager']) {
  const c = [], r = [];
  for (let i = 0; i < 3; i++) { c.push(await firstCard(which)); r.push(await firstResults(which)); }
  const m = (xs, k) => median(xs.map((x) => x[k])).toFixed(0);
  const label = which === 'lazy' ? 'as shipped (full module at intent)' : 'everything up front (`data-eager`, as before the split)';
  console.log(`| ${label} | ${m(c, 'linked')} | ${m(c, 'card')} | ${m(c, 'hoverToCard')} | ${m(r, 'box')} | ${m(r, 'results')} | ${m(r, 'typedToResults')} |`);
}

// ---- cold start at 1 000 terms (no throttling) ----
// As shipped (the first-load module links the mentions; the full module arrives when the
// reader focuses the search box), and with everything up front (`data-eager`).
const coldPage = (eager) => `<!doctype html><html><head><link rel="icon" href="data:,">
  <script type="module" src="/pkg/glossa.js" data-glossary="/target/bench/cold/g1k/glossary.json"${eager ? ' data-eager' : ''}></script></head>
  <body><glossa-search></glossa-search><main data-glossa-autolink><p>${docs.slice(0, 40).map((d) => d.title).join(', ')}.</p></main></body></html>`;
for (const which of ['lazy', 'eager']) pages.set(`/bench/cold-${which}.html`, coldPage(which === 'eager'));
const sinceScript = () => performance.now() - performance.getEntriesByType('resource').find((r) => r.name.endsWith('/pkg/glossa.js')).startTime;
const cold = { lazy: [], eager: [], again: [] };
for (let i = 0; i < 7; i++) {
  for (const which of ['lazy', 'eager']) {
    const p = await newPage(browser);
    await p.goto(`${url}/bench/cold-${which}.html`);
    await p.waitForFunction(() => document.querySelector('main').dataset.glossaAutolinkState === 'done', null, { polling: 5 });
    const linked = await p.evaluate(sinceScript);
    let focused = 0;
    if (which === 'lazy') {
      focused = await p.evaluate(sinceScript);
      await p.locator('glossa-search input').focus();
    }
    await p.waitForFunction(() => document.querySelector('glossa-search')?.dataset.state === 'ready', null, { polling: 5 });
    const ready = (await p.evaluate(sinceScript)) - focused;
    cold[which].push({ linked, ready });
    if (which === 'lazy') {
      // The reader's next page of the same site: files from the HTTP cache, compiled wasm
      // from the browser's code cache.
      await p.goto(`${url}/bench/cold-${which}.html?next`);
      await p.waitForFunction(() => document.querySelector('main').dataset.glossaAutolinkState === 'done', null, { polling: 5 });
      cold.again.push({ linked: await p.evaluate(sinceScript) });
    }
    await p.context().close();
  }
}
await browser.close();
server.close();
const med = (which, k) => median(cold[which].map((t) => t[k])).toFixed(1);
console.log(`\ncold start, 1 000-term glossary (median of 7, no throttling; goal ≤ 100 ms):`);
console.log(`- as shipped: script request → mentions linked ${med('lazy', 'linked')} ms (first-load module); focus on the search box → search ready ${med('lazy', 'ready')} ms (full module fetched then)`);
console.log(`- everything up front (\`data-eager\`): script request → mentions linked ${med('eager', 'linked')} ms; search ready ${med('eager', 'ready')} ms`);
console.log(`- the next page of the same site (HTTP cache, compiled code cached): script request → mentions linked ${med('again', 'linked')} ms`);
console.log(`first load ${totals['first load (every page)']} bytes gzip -9 (budget 100 000); full module ${totals['at intent (pointer over a mention, focus on search, `/`)']}; markdown ${totals['when a .md file is loaded']}`);
if (!existsSync(path.join(work, 'g1k', 'glossary.json'))) console.log('(the 1k glossary was not built)');
