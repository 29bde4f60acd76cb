// One script tag, several glossaries, strict CSP, the glossary browser's routes,
// offline (service worker) and the single-file bundle — in real Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, serve, newPage, repoRoot, screenshotPath } from './support/harness.mjs';

const tmp = path.join(repoRoot, 'target', 'test-embed');
let browser, a, b;
before(async () => {
  browser = await launch();
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  // A second, unrelated glossary built by the CLI.
  execFileSync('cargo', ['run', '--quiet', '--bin', 'glossa', '--', 'build', 'tests/fixtures/mini-glossary', '-o', path.join(tmp, 'mini'), '--title', 'Space'], { cwd: repoRoot, stdio: 'inherit' });
  a = await serve();
  b = await serve({ cors: true });
  a.pages.set('/favicon.ico', { body: '', status: 204 });
});
after(async () => {
  await browser?.close();
  a?.server.close();
  b?.server.close();
});

const doc = (head, body) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,"><title>t</title>${head}</head><body>${body}</body></html>`;

test('the one-line embed works from another origin than the page', async () => {
  const B = b.url;
  a.pages.set('/x/embed.html', doc(`<script type="module" src="${B}/pkg/glossa.js" data-glossary="${B}/www/glossary/glossary.json" data-card-open-delay="0" data-card-prefetch-delay="0"></script>`,
    `<glossa-search id="s"></glossa-search><main data-glossa-autolink><p>An LLM streams tokens.</p></main>
     <glossa-entry src="${B}/www/glossary/terms/r/rag/_payload.json"></glossa-entry>`));
  const page = await newPage(browser);
  await page.goto(`${a.url}/x/embed.html`);
  assert.notEqual(new URL(a.url).origin, new URL(B).origin);
  await page.waitForFunction(() => document.querySelector('glossa-entry')?.dataset.state === 'ready' && document.querySelector('glossa-search')?.dataset.state === 'ready' && document.querySelector('main').dataset.glossaAutolinkState === 'done', null, { timeout: 15000 });
  // The script starts every download at once: the manifest and the index are fetched while
  // the wasm is (not after it starts), and each file exactly once.
  const res = await page.evaluate(() => performance.getEntriesByType('resource').map((r) => ({ name: new URL(r.name).pathname, start: r.startTime, end: r.responseEnd })));
  const one = (p) => { const all = res.filter((r) => r.name === p); assert.equal(all.length, 1, `${p} fetched once: ${JSON.stringify(res)}`); return all[0]; };
  const wasm = one('/pkg/glossa_core_bg.wasm');
  assert.ok(one('/www/glossary/glossary.json').start < wasm.end, 'manifest requested before the wasm arrived');
  one('/www/glossary/search.glsi');
  await page.locator('#s input').fill('tokn');
  assert.equal(await page.$eval('#s', (e) => e.shadowRoot.querySelector('[role=option] .gs-title').firstChild.textContent), 'Token');
  await page.keyboard.press('Escape'); // close the results list, which covers the text below
  await page.locator('main glossa-term[term=llm]').hover();
  await page.waitForFunction(() => document.getElementById('glossa-card').shadowRoot.querySelector('[data-term=llm] .gc-body'));
  assert.deepEqual(page.problems, []);
});

test('strict CSP: no inline code or styles needed, no violations', async () => {
  const csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>csp</title>
    <link rel="stylesheet" href="/www/demo.css">
    <script type="module" src="/pkg/glossa.js" data-glossary="/www/glossary/glossary.json" data-card-open-delay="0" data-card-prefetch-delay="0"></script></head>
    <body><glossa-search id="s"></glossa-search><main data-glossa-autolink><p>Ask an LLM; keep the API key secret.</p></main>
    <glossa-entry src="/tests/fixtures/seed/chat-completion.payload.json"></glossa-entry><glossa-glossary></glossa-glossary></body></html>`;
  a.pages.set('/x/csp.html', { body: html, headers: { 'Content-Security-Policy': csp } });
  const page = await newPage(browser);
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(`${a.url}/x/csp.html`);
  await page.waitForFunction(() => ['glossa-entry', 'glossa-search'].every((s) => document.querySelector(s)?.dataset.state === 'ready') && document.querySelector('glossa-glossary')?.dataset.view === 'list', null, { timeout: 15000 });
  await page.locator('#s input').fill('stream');
  await page.keyboard.press('Escape');
  await page.locator('main glossa-term').first().hover();
  await page.waitForFunction(() => document.getElementById('glossa-card').matches(':popover-open'));
  // Styles applied under the CSP: the entry's code block and the card are styled.
  const styled = await page.evaluate(() => ({
    code: getComputedStyle(document.querySelector('glossa-entry').shadowRoot.querySelector('figure.glossa-code')).borderTopStyle,
    card: getComputedStyle(document.getElementById('glossa-card').shadowRoot.querySelector('[role=dialog]')).borderTopLeftRadius,
  }));
  assert.deepEqual(styled, { code: 'solid', card: '10px' });
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(page.problems.filter((p) => !p.includes('favicon')), []);
});

test('two glossaries on one page stay separate', async () => {
  a.pages.set('/x/two.html', doc(`<script type="module" src="/pkg/glossa.js" data-glossary="/www/glossary/glossary.json" data-card-open-delay="0" data-card-prefetch-delay="0" data-eager></script>`,
    `<glossa-search id="web"></glossa-search><glossa-search id="space" glossary="/target/test-embed/mini/glossary.json"></glossa-search>
     <p><glossa-term id="t1" term="llm">LLM</glossa-term> vs <glossa-term id="t2" term="llm" glossary="/target/test-embed/mini/glossary.json">LLM</glossa-term></p>`));
  const page = await newPage(browser);
  await page.goto(`${a.url}/x/two.html`);
  await page.waitForFunction(() => [...document.querySelectorAll('glossa-search')].every((e) => e.dataset.state === 'ready'));
  const first = async (id, q) => {
    await page.locator(`#${id} input`).fill(q);
    return page.$eval(`#${id}`, (e) => [...e.shadowRoot.querySelectorAll('[role=option]')].map((o) => o.querySelector('.gs-title').textContent));
  };
  assert.equal((await first('web', 'llm'))[0], 'LLMLarge Language Model');
  assert.deepEqual(await first('space', 'llm'), ['LLMLunar Landing Module']);
  assert.equal((await first('space', 'orbit'))[0], 'Orbit');
  assert.deepEqual(await first('space', 'docker'), [], 'the space glossary has no Docker');
  await page.locator('#t2').hover();
  await page.waitForFunction(() => /Lunar Landing Module/.test(document.getElementById('glossa-card').shadowRoot.textContent));
  await page.mouse.move(1, 1);
  await page.locator('#t1').hover();
  await page.waitForFunction(() => /Large Language Model/.test(document.getElementById('glossa-card').shadowRoot.textContent));
  assert.deepEqual(page.problems, []);
});

test('glossary browser: deep links, filters, back/forward, reload, a useful 404, phone-sized', async () => {
  const page = await newPage(browser, { viewport: { width: 390, height: 800 }, isMobile: true, hasTouch: true });
  const view = () => page.$eval('glossa-glossary', (e) => e.dataset.view);
  const waitView = (v) => page.waitForFunction((v) => document.querySelector('glossa-glossary')?.dataset.view === v, v);
  await page.goto(`${a.url}/www/#/term/rag`);
  await waitView('term');
  assert.equal(await page.title(), 'RAG');
  // Related term link → new term; back and forward.
  await page.locator('glossa-glossary .glossa-related a', { hasText: 'Embedding' }).click();
  await page.waitForFunction(() => location.hash === '#/term/embedding');
  await page.waitForFunction(() => document.title === 'Embedding');
  await page.goBack();
  await page.waitForFunction(() => document.title === 'RAG');
  await page.goForward();
  await page.waitForFunction(() => document.title === 'Embedding');
  // Section links keep the route; reload lands on the section.
  await page.locator('glossa-glossary nav.glossa-toc a').nth(1).click();
  await page.waitForFunction(() => location.hash === '#/term/embedding/real-talk');
  await page.reload();
  await waitView('term');
  assert.equal(await page.title(), 'Embedding');
  // Filters and letters are routes too.
  await page.goto(`${a.url}/www/#/?category=security`);
  await waitView('list');
  const titles = await page.$$eval('glossa-glossary', ([e]) => [...e.shadowRoot.querySelectorAll('.gb-term-link')].map((a) => a.textContent));
  assert.deepEqual(titles.sort(), ['CSP', 'Prompt Injection', 'XSS']);
  await page.locator('glossa-glossary select[data-filter=difficulty]').selectOption('advanced');
  await page.waitForFunction(() => location.hash.includes('difficulty=advanced') && location.hash.includes('category=security'));
  await page.goto(`${a.url}/www/#/?letter=T`);
  await waitView('list');
  const t = await page.$$eval('glossa-glossary', ([e]) => [...e.shadowRoot.querySelectorAll('.gb-term-link')].map((a) => a.textContent));
  assert.ok(t.length > 0 && t.every((x) => x.startsWith('T')), t.join());
  // Unknown term: a 404 with suggestions.
  await page.goto(`${a.url}/www/#/term/vector-databse`);
  await waitView('not-found');
  const nf = await page.$eval('glossa-glossary', (e) => e.shadowRoot.querySelector('.gb-404').textContent);
  assert.match(nf, /no term “vector-databse”/);
  assert.match(nf, /Vector Database/);
  // Readable on a phone: nothing overflows horizontally.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
  assert.ok(overflow <= 1, `horizontal overflow ${overflow}px`);
  await page.screenshot({ path: screenshotPath('browser-phone.png') });
  void view;
  assert.deepEqual(page.problems, []);
});

test('offline: the service worker serves everything; updates are atomic', async () => {
  // A copy of the default glossary we can change, served next to a page that opts in.
  const dir = path.join(tmp, 'offline');
  cpSync(path.join(repoRoot, 'www/glossary'), path.join(dir, 'glossary'), { recursive: true });
  writeFileSync(path.join(dir, 'index.html'), doc(
    `<script type="module" src="/pkg/glossa.js" data-glossary="glossary/glossary.json" data-offline></script>`,
    `<glossa-glossary manage-title></glossa-glossary><glossa-search id="s"></glossa-search>`));
  const context = await browser.newContext();
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(e.message));
  const ready = page.waitForEvent('console', { predicate: (m) => m.text() === 'offline-ready', timeout: 20000 });
  await page.addInitScript(() => addEventListener('glossa-offline-ready', () => console.log('offline-ready')));
  await page.goto(`${a.url}/target/test-embed/offline/`);
  await ready;
  await page.waitForFunction(() => navigator.serviceWorker.controller);
  // Offline reload: the page, the widget, the glossary and the payloads all come from the cache.
  await context.setOffline(true);
  await page.reload();
  await page.waitForFunction(() => document.querySelector('glossa-glossary')?.dataset.view === 'list', null, { timeout: 15000 });
  await page.evaluate(() => { location.hash = '#/term/docker'; });
  await page.waitForFunction(() => document.querySelector('glossa-glossary')?.dataset.view === 'term');
  assert.equal(await page.title(), 'Docker');
  await page.locator('#s input').fill('embedings');
  assert.equal(await page.$eval('#s', (e) => e.shadowRoot.querySelector('[role=option] .gs-title').firstChild.textContent), 'Embedding');
  await context.setOffline(false);
  // A new version on the server: the manifest and one payload change.
  const mPath = path.join(dir, 'glossary/glossary.json');
  const m = JSON.parse(readFileSync(mPath, 'utf8'));
  m.title = 'Glossary v2';
  m.terms.find((t) => t.id === 'git').title = 'Git v2';
  writeFileSync(mPath, JSON.stringify(m));
  const pPath = path.join(dir, 'glossary/terms/g/git/_payload.json');
  writeFileSync(pPath, readFileSync(pPath, 'utf8').replaceAll('"Git"', '"Git v2"'));
  const update = page.waitForEvent('console', { predicate: (m) => m.text() === 'update-ready', timeout: 20000 });
  await page.evaluate(async () => {
    addEventListener('glossa-update-ready', () => console.log('update-ready'));
    (await import('/pkg/glossa.js')).checkForUpdate();
  });
  await update;
  // Until the reader accepts, the page keeps the old version — including payloads it has not opened yet.
  await page.evaluate(() => { location.hash = '#/term/git'; });
  await page.waitForFunction(() => document.title === 'Git');
  assert.equal(await page.evaluate(() => !!document.getElementById('glossa-update')), true, 'an update banner is shown');
  // Accept: the page reloads on the new version, all of it.
  await Promise.all([page.waitForEvent('load'), page.evaluate(async () => (await import('/pkg/glossa.js')).applyUpdate())]);
  await page.waitForFunction(() => document.querySelector('glossa-glossary')?.dataset.view === 'term', null, { timeout: 15000 });
  await page.waitForFunction(() => document.title === 'Git v2');
  assert.match(await page.$eval('glossa-glossary', (e) => e.shadowRoot.querySelector('.gb-title').textContent), /Glossary v2/);
  assert.deepEqual(page.problems, []);
  await context.close();
});

test('the single-file bundle works from file:// with no server', async () => {
  const out = path.join(tmp, 'bundle', 'glossary.html');
  mkdirSync(path.dirname(out), { recursive: true });
  execFileSync('cargo', ['run', '--quiet', '--bin', 'glossa', '--', 'bundle', 'www/terms', '-o', out, '--title', 'Offline glossary'], { cwd: repoRoot, stdio: 'inherit' });
  const page = await newPage(browser);
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(pathToFileURL(out).href + '#/term/streaming');
  await page.waitForFunction(() => document.querySelector('glossa-glossary')?.dataset.view === 'term', null, { timeout: 15000 });
  assert.equal(await page.title(), 'Streaming');
  const related = await page.$$eval('glossa-glossary', ([e]) => [...e.shadowRoot.querySelectorAll('.glossa-related a')].map((a) => a.getAttribute('href')));
  assert.ok(related.length > 0 && related.every((h) => h.startsWith('#/term/')));
  await page.evaluate(() => { location.hash = '#/'; });
  await page.waitForFunction(() => document.querySelector('glossa-glossary')?.dataset.view === 'list');
  await page.locator('glossa-glossary glossa-search input').fill('rag');
  assert.equal(await page.$eval('glossa-glossary', (e) => e.shadowRoot.querySelector('glossa-search').shadowRoot.querySelector('[role=option] .gs-title').firstChild.textContent), 'RAG');
  assert.deepEqual(requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:')), [], 'no network at all');
  assert.deepEqual(page.problems, []);
});
