// glossa from npm, through a bundler: `npm pack` of pkg/, installed (from the tarball, offline)
// into tiny apps — `import { Glossary } from 'glossa'` plus a <glossa-search> element — built for
// production with Vite and with webpack 5 (no config beyond entry and output), run by Vite's dev
// server, and run with no bundler (an import map), each served and opened in real Chromium; and
// imported in Node, as server-side rendering does. Catches what only a bundler shows: a module
// or asset it cannot see (a computed import, a computed URL) is left out of the build, or
// requested where it is not.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import webpack from 'webpack';
import { createServer as viteServer } from 'vite';
import { launch, serve, newPage, repoRoot } from './support/harness.mjs';

const tmp = path.join(repoRoot, 'target', 'test-bundlers');
const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'pkg', 'package.json'), 'utf8'));
let browser, tarball, packedFiles;
const servers = [];

before(async () => {
  browser = await launch();
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  // The package exactly as npm would publish it (its `files`, its package.json).
  const packed = JSON.parse(execFileSync('npm', ['pack', path.join(repoRoot, 'pkg'), '--pack-destination', tmp, '--json', '--silent'], { cwd: tmp, encoding: 'utf8' }));
  tarball = path.join(tmp, packed[0].filename);
  packedFiles = packed[0].files.map((f) => f.path);
  // A small glossary (three markdown terms) built by the CLI.
  const cli = path.join(repoRoot, 'target', 'debug', 'glossa');
  const args = ['build', 'tests/fixtures/mini-glossary', '-o', path.join(tmp, 'glossary'), '--title', 'Space'];
  if (existsSync(cli)) execFileSync(cli, args, { cwd: repoRoot, stdio: 'inherit' });
  else execFileSync('cargo', ['run', '--quiet', '--bin', 'glossa', '--', ...args], { cwd: repoRoot, stdio: 'inherit' });
});
after(async () => {
  await browser?.close();
  for (const s of servers) s.server.close();
});

const MAIN = `import { Glossary } from 'glossa';

// The elements need nothing but the import above; the API is awaited here.
window.search = async (q) => (await Glossary.load('glossary/glossary.json')).search(q, { limit: 3 }).map((r) => r.title);
window.app = window.search('orbit').then((titles) => { document.getElementById('out').textContent = titles.join(', '); return titles; });
window.app.catch(() => {}); // a failed start is on the page and the console already
// A markdown term: markdown support (its own module and wasm) loads only now.
window.showMarkdown = () => {
  const e = document.createElement('glossa-entry');
  e.id = 'md';
  e.setAttribute('src', 'apogee.md');
  document.body.append(e);
};
`;
const BODY = '<glossa-search id="s" glossary="glossary/glossary.json"></glossa-search><p id="out"></p>';
const html = (script) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>app</title>${script}</head><body>${BODY}</body></html>`;

/** An app folder with glossa installed from the packed tarball (no registry involved). */
function app(name) {
  const dir = path.join(tmp, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `app-${name}`, private: true, type: 'module' }));
  execFileSync('npm', ['install', tarball, '--offline', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'], { cwd: dir, stdio: 'inherit' });
  assert.ok(existsSync(path.join(dir, 'node_modules', 'glossa', 'glossa.js')), 'glossa installed');
  writeFileSync(path.join(dir, 'main.js'), MAIN);
  return dir;
}

/** Every file under `dir`, relative. */
const files = (dir) => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
  .map((e) => path.relative(dir, path.join(e.parentPath ?? e.path, e.name)));

/** The build output holds the wasm modules, the core's JS glue and its snippets, not only the wasm. */
function checkOutput(dist) {
  const all = files(dist);
  const js = all.filter((f) => f.endsWith('.js')).map((f) => readFileSync(path.join(dist, f), 'utf8'));
  const wasm = all.filter((f) => f.endsWith('.wasm')).map((f) => readFileSync(path.join(dist, f)));
  const core = readFileSync(path.join(repoRoot, 'pkg', 'glossa_core_bg.wasm'));
  const lite = readFileSync(path.join(repoRoot, 'pkg', 'glossa_lite_bg.wasm'));
  assert.ok(wasm.some((b) => b.equals(lite)), `the first-load wasm is in the output: ${all.join(' ')}`);
  assert.ok(js.some((s) => s.includes('./glossa_lite_bg.js')), `the first-load glue is in the output: ${all.join(' ')}`);
  const md = readFileSync(path.join(repoRoot, 'pkg', 'glossa_md_bg.wasm'));
  assert.ok(wasm.some((b) => b.equals(core)), `the core wasm is in the output: ${all.join(' ')}`);
  assert.ok(wasm.some((b) => b.equals(md)), `the markdown wasm is in the output: ${all.join(' ')}`);
  // wasm-bindgen glue: the wasm's import object names its module by this key (minifiers keep it).
  assert.ok(js.some((s) => s.includes('./glossa_core_bg.js')), `the core glue is in the output: ${all.join(' ')}`);
  assert.ok(js.some((s) => s.includes('./glossa_md_bg.js')), `the markdown glue is in the output: ${all.join(' ')}`);
  assert.ok(js.some((s) => s.includes('attributeChangedCallback')), `the glue's snippet (custom elements) is in the output: ${all.join(' ')}`);
  return all;
}

/** The URL path of the build's chunk that holds the core's glue. */
function glueOf(dist) {
  const all = files(dist).filter((f) => f.endsWith('.js') && readFileSync(path.join(dist, f), 'utf8').includes('./glossa_core_bg.js'));
  assert.equal(all.length, 1, `one chunk holds the glue: ${all.join(' ')}`);
  return `/${all[0].split(path.sep).join('/')}`;
}

/** Puts the glossary and a markdown term into the folder the app is served from. */
function addGlossary(root) {
  cpSync(path.join(tmp, 'glossary'), path.join(root, 'glossary'), { recursive: true });
  writeFileSync(path.join(root, 'apogee.md'), '---\ntitle: Apogee\n---\n\nThe *farthest* point of an orbit.\n');
}

/**
 * Serves `root` (a build output, or the app itself) and checks the app there; then checks
 * that a failed start (the core's glue, at `glue`, unavailable) recovers with "Try again".
 */
async function run(root, glue) {
  addGlossary(root);
  const down = { on: false };
  const s = await serve({
    root,
    handle: async (req, res, pathname) => {
      if (!down.on || pathname !== glue) return false;
      res.writeHead(503, { 'Content-Type': 'text/plain' }).end('maintenance');
      return true;
    },
  });
  servers.push(s);
  const resources = await check(`${s.url}/index.html`);
  assert.ok(resources.some((r) => r.path === glue), `the glue is ${glue}: ${resources.map((r) => r.path).join(' ')}`);
  down.on = true;
  const page = await newPage(browser);
  await page.goto(`${s.url}/index.html`);
  await page.waitForFunction(() => document.getElementById('s').dataset.state === 'error');
  assert.match(await page.locator('#s').getAttribute('data-error'), /^glossa could not start: /);
  down.on = false;
  await page.locator('#s [data-glossa-start-error] button').click();
  await page.waitForFunction(() => document.getElementById('s').dataset.state === 'ready');
  await page.locator('#s input').fill('orbit');
  await page.waitForFunction(() => document.getElementById('s').shadowRoot.querySelector('[role=option] .gs-title')?.textContent === 'Orbit');
  assert.equal((await page.evaluate(() => window.search('orbit')))[0], 'Orbit', 'the API works after the retry');
  await page.context().close();
  return resources;
}

/** Opens the app and checks that everything works: the API, the element, markdown on demand, no errors or 404s. */
async function check(url) {
  const page = await newPage(browser);
  const bad = [];
  page.on('response', (r) => { if (r.status() >= 400) bad.push(`${r.status()} ${r.url()}`); });
  page.on('requestfailed', (r) => bad.push(`failed ${r.url()}: ${r.failure()?.errorText}`));
  await page.goto(url);
  const titles = await page.evaluate(() => window.app);
  assert.deepEqual(titles.slice(0, 1), ['Orbit']);
  await page.waitForFunction(() => document.getElementById('s').dataset.state === 'ready');
  await page.locator('#s input').fill('delta');
  await page.waitForFunction(() => document.getElementById('s').shadowRoot.querySelector('[role=option] .gs-title')?.textContent === 'Delta-v');
  assert.equal(await page.evaluate(() => document.body.textContent.includes('could not start')), false);
  assert.equal(await page.evaluate(() => document.querySelectorAll('[data-glossa-start-error]').length), 0);
  const wasm = () => page.evaluate(() => performance.getEntriesByType('resource').map((r) => new URL(r.name).pathname).filter((p) => p.endsWith('.wasm')));
  assert.equal((await wasm()).length, 2, `only the first-load and the full wasm so far: ${await wasm()}`);
  await page.evaluate(() => window.showMarkdown());
  await page.waitForFunction(() => document.getElementById('md').dataset.state === 'ready');
  assert.match(await page.$eval('#md', (e) => e.shadowRoot.innerHTML), /Apogee[\s\S]*<em>farthest<\/em>/);
  assert.equal((await wasm()).length, 3, `then the markdown wasm, each once: ${await wasm()}`);
  assert.deepEqual(bad, []);
  assert.deepEqual(page.problems, []);
  const resources = await page.evaluate(() => performance.getEntriesByType('resource').map((r) => ({ path: new URL(r.name).pathname, start: r.startTime, end: r.responseEnd })));
  await page.context().close();
  return resources;
}

test('Vite: a production build of an app that imports glossa runs', async () => {
  const dir = app('vite');
  writeFileSync(path.join(dir, 'index.html'), html('<script type="module" src="./main.js"></script>'));
  // No vite config: what a new user does. The repo's vite, the app as its root.
  const r = spawnSync(path.join(repoRoot, 'node_modules', '.bin', 'vite'), ['build', dir, '--logLevel', 'warn'], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 0, `vite build failed:\n${r.stdout}${r.stderr}`);
  assert.equal(`${r.stdout}${r.stderr}`.trim(), '', 'vite build: no warnings');
  const dist = path.join(dir, 'dist');
  const all = checkOutput(dist);
  assert.ok(!all.some((f) => f.includes('snippets')), `no raw snippet files copied: ${all.join(' ')}`);
  await run(dist, glueOf(dist));
});

test('webpack 5: a production build of an app that imports glossa runs', async () => {
  const dir = app('webpack');
  const dist = path.join(dir, 'dist');
  // A minimal config: an entry and an output folder (webpack 5 handles `new URL(…, import.meta.url)`
  // assets and `import()` chunks by default).
  const stats = await new Promise((resolve, reject) => webpack({
    mode: 'production', context: dir, entry: './main.js', output: { path: dist, clean: true },
    performance: { hints: false }, // the wasm is larger than webpack's default hint size
  }, (err, st) => (err ? reject(err) : resolve(st))));
  const info = stats.toJson({ all: false, errors: true, warnings: true });
  assert.deepEqual(info.errors.map((e) => e.message), []);
  assert.deepEqual(info.warnings.map((e) => e.message), []);
  writeFileSync(path.join(dist, 'index.html'), html('<script defer src="main.js"></script>'));
  checkOutput(dist);
  await run(dist, glueOf(dist));
});

test('Vite dev server: the same app runs unbuilt (glossa pre-bundled as a dependency)', async () => {
  const dir = app('vite-dev');
  writeFileSync(path.join(dir, 'index.html'), html('<script type="module" src="./main.js"></script>'));
  addGlossary(dir);
  const server = await viteServer({ root: dir, configFile: false, logLevel: 'warn', server: { host: '127.0.0.1', port: 0, strictPort: true } });
  try {
    await server.listen();
    const url = new URL('index.html', server.resolvedUrls.local[0]).href;
    const res = await check(url);
    assert.ok(res.some((r) => r.path === '/node_modules/glossa/glossa_core_bg.wasm'), 'the wasm is served from the package');
  } finally {
    await server.close();
  }
});

test('no bundler: the installed package, imported through an import map, runs as published', async () => {
  const dir = app('plain');
  const map = JSON.stringify({ imports: { glossa: '/node_modules/glossa/glossa.js' } });
  writeFileSync(path.join(dir, 'index.html'), html(`<script type="importmap">${map}</script><script type="module" src="./main.js"></script>`));
  const res = await run(dir, '/node_modules/glossa/glossa_core.js');
  // Evaluating glossa.js starts the glue, its snippet and the wasm at once (none waits for another).
  const one = (p) => { const all = res.filter((r) => r.path.startsWith(`/node_modules/glossa/${p}`)); assert.equal(all.length, 1, `${p} once: ${JSON.stringify(res)}`); return all[0]; };
  const glue = one('glossa_core.js');
  const wasm = one('glossa_core_bg.wasm');
  // Each snippet file (the shared one, and the full module's own) once, before the glue arrives.
  const snippets = res.filter((r) => r.path.startsWith('/node_modules/glossa/snippets/'));
  assert.ok(snippets.length >= 1 && new Set(snippets.map((r) => r.path)).size === snippets.length, `each snippet once: ${JSON.stringify(snippets)}`);
  assert.ok(wasm.start < glue.end && snippets.every((x) => x.start < glue.end), `the wasm and the snippets are requested before the glue arrives: ${JSON.stringify({ glue, wasm, snippets })}`);
  const liteGlue = one('glossa_lite.js');
  const liteWasm = one('glossa_lite_bg.wasm');
  const shared = snippets.filter((x) => x.path.endsWith('/inline0.js'));
  assert.equal(shared.length, 1, `the snippet both modules import: ${JSON.stringify(snippets)}`);
  assert.ok(liteWasm.start < liteGlue.end && shared[0].start < liteGlue.end, `the first-load wasm and its snippet are requested before its glue arrives: ${JSON.stringify({ liteGlue, liteWasm, shared })}`);
});

test('server-side rendering: importing glossa in Node neither throws nor fetches', () => {
  const dir = app('ssr');
  const code = `globalThis.fetch = () => { throw new Error('fetched'); };
    const { ready, Glossary } = await import('glossa');
    const why = await ready.then(() => 'started', (e) => e.message);
    const load = await Glossary.load('glossary.json').then(() => 'loaded', (e) => e.message);
    console.log(JSON.stringify({ why, load }));`;
  const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd: dir, encoding: 'utf8' }));
  assert.match(out.why, /^glossa could not start: it runs in a browser page/);
  assert.equal(out.load, out.why);
});

test('the published package.json points bundlers at the right files', () => {
  assert.equal(pkg.type, 'module');
  assert.equal(pkg.exports['.'].default, './glossa.js');
  assert.equal(pkg.exports['.'].types, './glossa.d.ts');
  // glossa.js defines the custom elements when it is imported: never tree-shaken away.
  assert.equal(pkg.sideEffects, true);
  const packed = packedFiles;
  for (const f of ['glossa.js', 'glossa.d.ts', 'glossa_lite.js', 'glossa_lite_bg.wasm', 'glossa-offline.js', 'glossa_core.js', 'glossa_core_bg.wasm', 'glossa_md.js', 'glossa_md_bg.wasm', 'glossa-sw.js']) {
    assert.ok(packed.includes(f), `${f} is in the package: ${packed.join(' ')}`);
  }
  assert.ok(packed.some((f) => f.startsWith('snippets')), 'the snippets are in the package');
});
