// Cold start and sizes (reports, never asserts):
// - script tag → <glossa-search> ready, for a 1k-term glossary built by `glossa build`;
// - the widget's transfer size (JS + wasm + CSS, which ships inside the wasm), raw and gzip;
// - the single-file bundle of the default glossary.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
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
execFileSync('cargo', ['run', '--quiet', '--bin', 'glossa', '--', 'build', path.join(work, 'md'), '-o', path.join(work, 'g1k')], { cwd: repoRoot, stdio: 'inherit' });
execFileSync('cargo', ['run', '--quiet', '--bin', 'glossa', '--', 'bundle', 'www/terms', '-o', path.join(work, 'bundle.html'), '--title', 'glossa'], { cwd: repoRoot, stdio: 'inherit' });

const browser = await launch();
const { server, url, pages } = await serve();
pages.set('/bench/cold.html', `<!doctype html><html><head><link rel="icon" href="data:,">
  <script type="module" src="/pkg/glossa.js" data-glossary="/target/bench/cold/g1k/glossary.json"></script></head>
  <body><glossa-search></glossa-search></body></html>`);
const times = [];
for (let i = 0; i < 7; i++) {
  const page = await newPage(browser);
  await page.goto(`${url}/bench/cold.html`);
  await page.waitForFunction(() => document.querySelector('glossa-search')?.dataset.state === 'ready');
  times.push(await page.evaluate(() => {
    const s = performance.getEntriesByType('resource').find((r) => r.name.endsWith('/pkg/glossa.js'));
    return { fromScript: performance.now() - s.startTime, fromNavigation: performance.now() };
  }));
  await page.context().close();
}
await browser.close();
server.close();
times.sort((a, b) => a.fromScript - b.fromScript);
const med = times[times.length >> 1];
const pkg = path.join(repoRoot, 'pkg');
const files = ['glossa.js', 'glossa_core.js', 'glossa_core_bg.wasm', ...readdirSync(path.join(pkg, 'snippets')).flatMap((d) => readdirSync(path.join(pkg, 'snippets', d)).map((f) => `snippets/${d}/${f}`))];
let raw = 0, gz = 0;
console.log('\n# Cold start and sizes\n');
console.log('| widget file (loaded for every page) | raw | gzip -9 |\n|---|---:|---:|');
for (const f of files) {
  const b = readFileSync(path.join(pkg, f));
  raw += b.length;
  gz += gzipSync(b, { level: 9 }).length;
  console.log(`| ${f} | ${b.length} | ${gzipSync(b, { level: 9 }).length} |`);
}
console.log(`| **total (JS + wasm + CSS)** | **${raw}** | **${gz}** |`);
const md = readFileSync(path.join(pkg, 'glossa_md_bg.wasm'));
console.log(`| glossa_md_bg.wasm (only when a .md file is loaded) | ${md.length} | ${gzipSync(md, { level: 9 }).length} |`);
const bundle = readFileSync(path.join(work, 'bundle.html'));
console.log(`\nsingle-file bundle of the default glossary: ${bundle.length} bytes, ${gzipSync(bundle, { level: 9 }).length} gzip`);
console.log(`cold start, 1k-term glossary (median of 7): script request → search ready ${med.fromScript.toFixed(1)} ms; navigation → ready ${med.fromNavigation.toFixed(1)} ms`);
