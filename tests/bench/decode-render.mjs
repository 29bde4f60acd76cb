// Benchmark (reports, never asserts): decode + render of the seed term and of the
// largest real example payload, in headless Chromium. Prints medians and p95.
//   npm run bench            (all benchmarks)
//   node tests/bench/decode-render.mjs
import { launch, serve, newPage, hasShared, shared } from '../browser/support/harness.mjs';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const browser = await launch();
const { server, url, pages } = await serve();
const inputs = [['seed (chat-completion)', '/tests/fixtures/seed/chat-completion.payload.json']];
if (hasShared) {
  const dir = path.join(shared, 'spec/examples');
  const largest = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => [f, statSync(path.join(dir, f)).size]).sort((a, b) => b[1] - a[1])[0];
  pages.set('/bench/largest.json', { body: readFileSync(path.join(dir, largest[0])), type: 'application/json' });
  inputs.push([`largest example (${largest[0].slice(0, 40)}…, ${largest[1]} B)`, '/bench/largest.json']);
}
pages.set('/bench/page.html', '<!doctype html><link rel="icon" href="data:,"><script type="module" src="/pkg/glossa.js"></script>');
const page = await newPage(browser);
await page.goto(`${url}/bench/page.html`);
const rows = await page.evaluate(async (inputs) => {
  const g = await import('/pkg/glossa.js');
  const core = await g.ready;
  const out = [];
  for (const [label, src] of inputs) {
    const bytes = new Uint8Array(await (await fetch(src)).arrayBuffer());
    const time = (fn) => {
      for (let i = 0; i < 20; i++) fn(); // warm up
      const per = [];
      for (let b = 0; b < 40; b++) {
        const n = 25, t0 = performance.now();
        for (let i = 0; i < n; i++) fn();
        per.push((performance.now() - t0) / n);
      }
      per.sort((a, b) => a - b);
      return { median: per[per.length >> 1], p95: per[Math.floor(per.length * 0.95)] };
    };
    const host = document.createElement('div');
    document.body.append(host);
    const dom = time(() => { host.replaceChildren(core.renderPayload(bytes, src)); });
    const str = time(() => core.renderToString(bytes, src));
    out.push({ label, bytes: bytes.length, dom, str });
  }
  return out;
}, inputs);
console.log('\ndecode + render in headless Chromium (per call; median of 40 batches of 25)');
console.log('input'.padEnd(60), 'to DOM median', '   p95', '   to string median', '   p95');
for (const r of rows) {
  const f = (x) => `${x.toFixed(3)} ms`.padStart(11);
  console.log(r.label.padEnd(60), f(r.dom.median), f(r.dom.p95), '  ', f(r.str.median), f(r.str.p95));
}
const sizes = ['glossa.js', 'glossa_core.js', 'glossa_core_bg.wasm', 'glossa_md.js', 'glossa_md_bg.wasm'].map((f) => {
  const buf = readFileSync(new URL(`../../pkg/${f}`, import.meta.url));
  return [f, buf.length, gzipSync(buf, { level: 9 }).length];
});
console.log('\npkg sizes (raw / gzip -9):');
for (const [f, raw, gz] of sizes) console.log(`  ${f.padEnd(22)} ${String(raw).padStart(8)} B  ${String(gz).padStart(7)} B`);
await browser.close();
server.close();
