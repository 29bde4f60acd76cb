// A good guest on single-page sites, in real Chromium: content that arrives later is
// autolinked (History-API navigations that replace the whole container, part of it,
// or append to it), every widget releases what it created when its element goes (1 000
// mount/unmount cycles each: listeners on window/document, live instances and wasm
// memory stay flat), moved elements keep working, Esc takes a card off the screen,
// shortcuts never fire from the host's fields, a failed start leaves mentions as text,
// and races end with the newest answer.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { launch, serve, newPage, repoRoot } from './support/harness.mjs';

let browser, server, base, pages;
const requests = [];
const held = new Map(); // path → [release]
before(async () => {
  browser = await launch();
  ({ server, url: base, pages } = await serve({
    handle: async (req, res, pathname) => {
      requests.push(pathname);
      if (pathname.startsWith('/slow/')) {
        // Held until the test releases it, then served from the real path.
        const real = pathname.slice('/slow'.length);
        await new Promise((release) => held.set(real, release));
        const r = await fetch(`${base}${real}`);
        res.writeHead(r.status, { 'Content-Type': r.headers.get('content-type') ?? 'application/octet-stream' }).end(Buffer.from(await r.arrayBuffer()));
        return true;
      }
      if (pathname === '/broken/glossa_core_bg.wasm') { res.writeHead(404).end('missing'); return true; }
      return false;
    },
  }));
});
after(async () => {
  for (const r of held.values()) r();
  await browser?.close();
  server?.close();
});

const doc = (body, { script = '/pkg/glossa.js', attrs = '', head = '' } = {}) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
  <link rel="icon" href="data:,"><title>spa</title>${head}
  <script type="module" src="${script}" data-glossary="/www/glossary/glossary.json" data-eager ${attrs}></script></head><body>${body}</body></html>`;

async function open(name, body, opts) {
  pages.set(`/t/${name}.html`, doc(body, opts));
  const page = await newPage(browser);
  await page.goto(`${base}/t/${name}.html`);
  await page.waitForFunction(() => customElements.get('glossa-term'));
  return page;
}

/** Waits until `fn(arg)` (evaluated in the page, may be async) is truthy; waitForFunction does not await promises. */
async function until(page, fn, arg, tries = 2000) {
  for (let i = 0; i < tries; i++) {
    if (await page.evaluate(fn, arg)) return;
    await page.evaluate(() => new Promise((r) => setTimeout(r, 20)));
  }
  throw new Error(`gave up waiting for ${fn}`);
}

const counts = (page) => page.evaluate(async () => (await (await import('/pkg/glossa.js')).debugCounts()));
async function listeners(page) {
  const cdp = await page.context().newCDPSession(page);
  const count = async (expr) => {
    const { result } = await cdp.send('Runtime.evaluate', { expression: expr });
    const { listeners: l } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId });
    return l.length;
  };
  const out = { window: await count('window'), document: await count('document') };
  await cdp.detach();
  return out;
}
const mentions = (page, sel) => page.$$eval(`${sel} glossa-term`, (els) => els.map((e) => e.getAttribute('term')));
const settledLinks = (page, sel) => page.waitForFunction((s) => {
  const c = document.querySelector(s);
  return c && c.dataset.glossaAutolinkState === 'done';
}, sel);

test('content that arrives later is autolinked: replaced container, replaced part, appended text', async () => {
  const page = await open('live', `<nav><a href="/a" id="go-a">A</a> <a href="/b" id="go-b">B</a></nav>
    <div id="app"><main data-glossa-autolink id="m"><h2>Start</h2><p>Nothing here.</p></main></div>`);
  await settledLinks(page, '#m');
  // A router that swaps content the way single-page frameworks do.
  await page.evaluate(() => {
    window.route = (how) => {
      const app = document.getElementById('app');
      history.pushState({}, '', `/t/live-${how}`);
      if (how === 'container') {
        // The whole routed container is replaced by a new one.
        app.innerHTML = '<main data-glossa-autolink id="m"><h2>RAG</h2><p>RAG grounds an LLM in your own documents.</p></main>';
      } else if (how === 'part') {
        // Part of the container is replaced (the container stays).
        document.querySelector('#m p').replaceWith(Object.assign(document.createElement('p'), { textContent: 'Tokens and embeddings, then a vector database.' }));
      } else {
        // Appended to the same section, then a new section.
        const m = document.getElementById('m');
        m.insertAdjacentHTML('beforeend', '<p>Another embedding mention.</p><h2>Later</h2><p>An embedding again, in a new section.</p>');
      }
    };
  });
  await page.evaluate(() => route('container'));
  await page.waitForFunction(() => document.querySelectorAll('#m glossa-term').length >= 2);
  await settledLinks(page, '#m');
  assert.deepEqual((await mentions(page, '#m')).sort(), ['llm', 'rag']);
  await page.evaluate(() => route('part'));
  await page.waitForFunction(() => document.querySelectorAll('#m p glossa-term').length >= 3);
  await settledLinks(page, '#m');
  const part = await mentions(page, '#m p');
  assert.ok(part.includes('embedding') && part.includes('vector-database'), part.join());
  await page.evaluate(() => route('append'));
  await page.waitForFunction(() => document.querySelectorAll('#m glossa-term[term=embedding]').length >= 2);
  await settledLinks(page, '#m');
  const r = await page.evaluate(() => ({
    embedding: document.querySelectorAll('#m glossa-term[term=embedding]').length,
    nested: document.querySelectorAll('glossa-term glossa-term').length,
    text: document.getElementById('m').textContent,
  }));
  assert.equal(r.embedding, 2, 'first mention per section: the same section once, the new section once');
  assert.equal(r.nested, 0, 'own mentions are never wrapped again');
  assert.match(r.text, /Another embedding mention\./);
  // Work for content that went away is dropped with it.
  await page.evaluate(() => { document.getElementById('app').innerHTML = ''; });
  await until(page, async () => (await (await import('/pkg/glossa.js')).debugCounts()).autolinkContainers === 0);
  assert.deepEqual(page.problems, []);
});

test('a removed <glossa-glossary manage-title> stops routing and leaves the title alone', async () => {
  const page = await open('title', '<glossa-glossary id="g" manage-title></glossa-glossary>');
  await page.waitForFunction(() => document.getElementById('g').dataset.view === 'list');
  await page.evaluate(() => { location.hash = '#/term/rag'; });
  await page.waitForFunction(() => document.title.startsWith('RAG'));
  await page.evaluate(() => document.getElementById('g').remove());
  await until(page, async () => (await (await import('/pkg/glossa.js')).debugCounts())['glossa-glossary'] === 0);
  await page.evaluate(() => { document.title = 'Host title'; location.hash = '#/term/llm'; });
  await page.waitForFunction(() => location.hash === '#/term/llm');
  // A hashchange is dispatched synchronously to listeners after the hash update task; one more frame for good measure.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  assert.equal(await page.evaluate(() => document.title), 'Host title');
});

test('1 000 mount/unmount cycles of each element: listeners, instances and wasm memory stay flat; moves keep working', { timeout: 240_000 }, async () => {
  const page = await open('cycles', '<div id="host"></div><p id="sink"></p>');
  await page.evaluate(async () => { await (await import('/pkg/glossa.js')).Glossary.load('/www/glossary/glossary.json'); });
  const cycle = (n) => page.evaluate(async (n) => {
    const host = document.getElementById('host');
    const frame = () => new Promise((r) => requestAnimationFrame(r));
    for (let i = 0; i < n; i++) {
      const els = [
        document.createElement('glossa-search'),
        document.createElement('glossa-entry'),
        document.createElement('glossa-glossary'),
        document.createElement('glossa-term'),
      ];
      els[1].setAttribute('src', '/www/glossary/terms/r/rag/_payload.json');
      els[3].setAttribute('term', 'rag');
      els[3].textContent = 'RAG';
      host.append(...els);
      // Half the time wait for a frame (work under way), half the time remove at once.
      if (i % 2) await frame();
      for (const e of els) e.remove();
      await Promise.resolve();
    }
    await frame();
  }, n);
  const settle = () => until(page, async () => {
    const c = (await (await import('/pkg/glossa.js')).debugCounts());
    return ['glossa-search', 'glossa-entry', 'glossa-glossary', 'glossa-term'].every((k) => (c[k] ?? 0) === 0) && c.termFetches === 0;
  });
  const memory = () => page.evaluate(async () => (await import('/pkg/glossa.js')).wasmMemoryBytes());
  await cycle(100); // warm up: caches, pools, the first allocations
  await settle();
  const c0 = await counts(page);
  const l0 = await listeners(page);
  const m0 = await memory();
  await cycle(1000);
  await settle();
  const c1 = await counts(page);
  console.log(`# after 1 000 cycles of each element: ${JSON.stringify(c1)} (after warm-up: ${JSON.stringify(c0)})`);
  const l1 = await listeners(page);
  const m1 = await memory();
  assert.deepEqual(l1, l0, 'listeners on window and document');
  for (const k of ['owners', 'listeners', 'timers', 'glossaries', 'glossa-search', 'glossa-entry', 'glossa-glossary', 'glossa-term']) {
    assert.equal(c1[k], c0[k], `${k}: ${JSON.stringify(c0)} → ${JSON.stringify(c1)}`);
  }
  // Wasm memory grows in 64 KiB pages and never shrinks: a leak of even 100 bytes a cycle would add pages.
  assert.ok(m1 - m0 <= 65536, `wasm memory ${m0} → ${m1} bytes`);
  // A move (disconnect and connect in one task) keeps the same, working instance.
  const moved = await page.evaluate(async () => {
    const s = document.createElement('glossa-search');
    document.getElementById('host').append(s);
    await new Promise((r) => { const t = () => (s.dataset.state === 'ready' ? r() : setTimeout(t, 10)); t(); });
    const input = s.shadowRoot.querySelector('input');
    input.value = 'emb';
    input.dispatchEvent(new Event('input'));
    document.getElementById('sink').append(s); // moved
    await Promise.resolve();
    await new Promise((r) => requestAnimationFrame(r));
    input.value = 'token';
    input.dispatchEvent(new Event('input'));
    const c = (await (await import('/pkg/glossa.js')).debugCounts());
    return { same: s.shadowRoot.querySelector('input') === input, first: s.shadowRoot.querySelector('[role=option] .gs-title')?.textContent, live: c['glossa-search'] };
  });
  assert.deepEqual(moved, { same: true, first: 'Token', live: 1 });
  assert.deepEqual(page.problems, []);
});

test('Esc takes a hover-opened card off the screen, and it stays off until the pointer leaves the mention', async () => {
  const page = await open('esc', '<p style="padding:4rem">A <glossa-term id="t" term="token">token</glossa-term> and <input id="field"></p>',
    { attrs: 'data-card-open-delay="50" data-card-prefetch-delay="0" data-card-hide-delay="100"' });
  const box = await page.locator('#t').boundingBox();
  await page.mouse.move(box.x + 4, box.y + 4);
  await page.waitForFunction(() => document.getElementById('glossa-card').shadowRoot.querySelector('.gc-body'));
  const cardBox = await page.locator('#glossa-card').boundingBox();
  // Into the card, and focus elsewhere (the host's field): Esc still dismisses.
  await page.mouse.move(cardBox.x + cardBox.width / 2, cardBox.y + cardBox.height / 2);
  await page.locator('#field').focus();
  await page.keyboard.press('Escape');
  const seen = () => page.evaluate(({ x, y }) => {
    const host = document.getElementById('glossa-card');
    return { display: getComputedStyle(host).display, hit: document.elementFromPoint(x, y)?.closest?.('glossa-card') === host };
  }, { x: cardBox.x + cardBox.width / 2, y: cardBox.y + cardBox.height / 2 });
  assert.deepEqual(await seen(), { display: 'none', hit: false }, 'not painted, not hit');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'field', 'focus stays where the reader put it');
  // Back over the mention without leaving it first: still dismissed.
  await page.mouse.move(box.x + 5, box.y + 5);
  await page.mouse.move(box.x + 6, box.y + 5);
  await page.evaluate(() => new Promise((r) => setTimeout(r, 0))); // let pointer events run
  const timers = await page.evaluate(async () => (await (await import('/pkg/glossa.js')).debugCounts()).timers);
  assert.equal(timers, 0, 'no card is on its way');
  assert.deepEqual(await seen(), { display: 'none', hit: false });
  // Leave and re-enter: the card comes back.
  await page.mouse.move(5, 5);
  await page.mouse.move(box.x + 4, box.y + 4);
  await page.waitForFunction(() => getComputedStyle(document.getElementById('glossa-card')).display === 'block');
  assert.deepEqual(page.problems, []);
});

test('/ and Ctrl/⌘-K never fire from the host\'s editable fields', async () => {
  const page = await open('keys', `<glossa-search id="s"></glossa-search>
    <input id="i"><textarea id="ta"></textarea><select id="sel"><option>a</option></select><div id="ce" contenteditable="true"></div>
    <button id="b">b</button>`);
  await page.waitForFunction(() => document.getElementById('s').dataset.state === 'ready');
  const inSearch = () => page.evaluate(() => document.activeElement?.id === 's');
  for (const id of ['i', 'ta', 'ce']) {
    await page.locator(`#${id}`).focus();
    await page.keyboard.press('/');
    await page.keyboard.press('Control+k');
    assert.equal(await inSearch(), false, `${id}: the host's field keeps focus`);
    const typed = await page.$eval(`#${id}`, (e) => e.value ?? e.textContent);
    assert.ok(typed.includes('/'), `${id}: the / was typed into the host's field`);
  }
  await page.locator('#sel').focus();
  await page.keyboard.press('Control+k');
  assert.equal(await inSearch(), false, 'select keeps focus');
  // Outside editable fields the shortcuts work.
  await page.locator('#b').focus();
  await page.keyboard.press('Control+k');
  assert.equal(await inSearch(), true);
  assert.deepEqual(page.problems, []);
});

test('when the widget cannot start, mentions stay plain text; real widgets say why', async () => {
  // A copy of the widget whose full module's wasm is missing (the first-load module works).
  pages.set('/broken/glossa.js', { body: (await (await fetch(`${base}/pkg/glossa.js`)).text()), type: 'text/javascript' });
  for (const f of ['glossa_core.js', 'glossa_lite.js']) pages.set(`/broken/${f}`, { body: await (await fetch(`${base}/pkg/${f}`)).text(), type: 'text/javascript' });
  pages.set('/broken/glossa_lite_bg.wasm', { body: readFileSync(path.join(repoRoot, 'pkg/glossa_lite_bg.wasm')), type: 'application/wasm' });
  for (const f of readdirSync(path.join(repoRoot, 'pkg/snippets'), { recursive: true })) {
    if (f.endsWith('.js')) pages.set(`/broken/snippets/${f}`, { body: readFileSync(path.join(repoRoot, 'pkg/snippets', f), 'utf8'), type: 'text/javascript' });
  }
  const body = '<glossa-search id="s"></glossa-search><p id="p">An <glossa-term term="llm">LLM</glossa-term> streams tokens.</p>';
  pages.set('/t/broken.html', doc(body, { script: '/broken/glossa.js' }));
  const page = await newPage(browser);
  await page.goto(`${base}/t/broken.html`);
  await page.waitForFunction(() => document.getElementById('s').dataset.state === 'error');
  const r = await page.evaluate(() => ({ p: document.getElementById('p').textContent, alerts: document.querySelectorAll('#p [role=alert]').length, search: (document.getElementById('s').shadowRoot ?? document.getElementById('s')).textContent }));
  assert.equal(r.p, 'An LLM streams tokens.');
  assert.equal(await page.$eval('#p glossa-term', (t) => t.tabIndex), 0, 'the first-load module still gives mentions their keyboard access');
  assert.equal(r.alerts, 0, 'no alert box inside the prose');
  assert.match(r.search, /could not start/);
  assert.ok(page.problems.some((p) => /glossa could not start/.test(p)), 'the reason is on the console');
});

test('races: a newer glossary wins over an older, slower one; prefetch and card share one fetch', async () => {
  const page = await open('race', '<glossa-search id="s" glossary="/slow/www/glossary/glossary.json"></glossa-search><p style="padding:3rem"><glossa-term id="t" term="rag">RAG</glossa-term></p>',
    { attrs: 'data-card-open-delay="200" data-card-prefetch-delay="0"' });
  await page.waitForFunction(() => document.getElementById('s').dataset.state === 'loading');
  // Switch to another glossary while the first is still on its way; then let the first arrive.
  pages.set('/t/other.json', { body: JSON.stringify({ glossa: 1, title: 'Other', terms: [{ id: 'zeta', title: 'Zeta function', url: '/x/zeta.json', description: 'A function.' }] }), type: 'application/json' });
  await page.$eval('#s', (s) => s.setAttribute('glossary', '/t/other.json'));
  await page.waitForFunction(() => document.getElementById('s').dataset.state === 'ready');
  while (!held.has('/www/glossary/glossary.json')) await page.evaluate(() => new Promise((r) => setTimeout(r, 10)));
  held.get('/www/glossary/glossary.json')();
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((r) => r.name.endsWith('/slow/www/glossary/glossary.json') && r.responseEnd > 0));
  await page.locator('#s input').fill('zeta');
  await page.waitForFunction(() => document.getElementById('s').shadowRoot.querySelector('[role=option] .gs-title')?.textContent === 'Zeta function');
  await page.locator('#s input').fill('rag');
  await page.waitForFunction(() => /No results/.test(document.getElementById('s').shadowRoot.querySelector('.gs-status').textContent));
  // Prefetch (at once) and the card (200 ms later) want the same payload: one request.
  requests.length = 0;
  const box = await page.locator('#t').boundingBox();
  await page.mouse.move(box.x + 3, box.y + 3);
  await page.waitForFunction(() => document.getElementById('glossa-card').shadowRoot.querySelector('.gc-body'));
  assert.equal(requests.filter((p) => p.endsWith('/r/rag/_payload.json')).length, 1, requests.join());
  assert.deepEqual(page.problems, []);
});

test('data-autolink="selector" follows a framework\'s own content container, with no template change', async () => {
  const page = await open('selector', '<div id="app"><div class="vp-doc"><p>An LLM reads tokens.</p></div></div>', { attrs: 'data-autolink=".vp-doc"' });
  await page.waitForFunction(() => document.querySelectorAll('.vp-doc glossa-term').length >= 2);
  // A client-side navigation renders a new container.
  await page.evaluate(() => {
    history.pushState({}, '', '/t/selector-2');
    document.getElementById('app').innerHTML = '<div class="vp-doc"><h2>Next</h2><p>RAG adds embeddings.</p></div>';
  });
  await page.waitForFunction(() => document.querySelectorAll('.vp-doc glossa-term').length >= 2);
  assert.deepEqual((await mentions(page, '.vp-doc')).sort(), ['embedding', 'rag']);
  assert.deepEqual(page.problems, []);
});
