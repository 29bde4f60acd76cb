// Preview cards and autolinking in real Chromium: timing, keyboard, WCAG 1.4.13,
// touch, positioning, themes, the reader's off switch, ARIA, errors, style isolation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, serve, newPage, screenshotPath } from './support/harness.mjs';

let browser, server, base, pages;
const faults = { slowMs: 0, hits: [] };
const hanging = new Set(); // responses that never come, closed at the end
before(async () => {
  browser = await launch();
  ({ server, url: base, pages } = await serve({
    handle: async (req, res, pathname) => {
      if (!pathname.startsWith('/fault/')) return false;
      faults.hits.push(pathname);
      const kind = pathname.split('/')[2];
      if (kind === '404') { res.writeHead(404).end('missing'); return true; }
      if (kind === '500') { res.writeHead(500).end('boom'); return true; }
      if (kind === 'malformed') { res.writeHead(200, { 'Content-Type': 'application/json' }).end('[{"data":1},{"x":9}'); return true; }
      if (kind === 'hang') { hanging.add(res); return true; }
      return false;
    },
  }));
  // A manifest whose terms point at faulty payloads (the rest of the default glossary stays fine).
  const m = JSON.parse(await (await fetch(`${base}/www/glossary/glossary.json`)).text());
  const abs = (u) => new URL(u, `${base}/www/glossary/`).href;
  m.index = abs(m.index);
  m.page = '/www/index.html#/term/{id}';
  for (const t of m.terms) t.url = abs(t.url);
  const set = (id, url) => { m.terms.find((t) => t.id === id).url = url; };
  set('docker', '/fault/404/x.json');
  set('git', '/fault/500/x.json');
  set('npm', '/fault/malformed/x.json');
  set('linter', '/fault/hang/x.json');
  pages.set('/t/faulty.json', { body: JSON.stringify(m), type: 'application/json' });
});
after(async () => {
  for (const res of hanging) res.destroy();
  await browser?.close();
  server?.close();
});

function html(body, { glossary = '/www/glossary/glossary.json', attrs = '', head = '' } = {}) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="icon" href="data:,"><title>cards</title>${head}
  <script type="module" src="/pkg/glossa.js" data-glossary="${glossary}" data-eager ${attrs}></script></head>
  <body style="margin:0;font:16px/1.6 sans-serif">${body}</body></html>`;
}

async function open(name, body, opts = {}, ctx = {}) {
  pages.set(`/t/${name}.html`, html(body, opts));
  const page = await newPage(browser, ctx);
  await page.addInitScript(() => {
    window.__rejections = [];
    addEventListener('unhandledrejection', (e) => window.__rejections.push(String(e.reason)));
  });
  await page.addInitScript(recordTimers);
  await page.goto(`${base}/t/${name}.html`);
  await page.waitForFunction(() => customElements.get('glossa-term') && document.getElementById('glossa-card'));
  return page;
}

const card = (page) => page.evaluate(() => {
  const h = document.getElementById('glossa-card');
  const box = h.shadowRoot.querySelector('[role=dialog]');
  const labelled = box && h.shadowRoot.getElementById(box.getAttribute('aria-labelledby'));
  const r = h.getBoundingClientRect();
  return {
    open: h.matches(':popover-open'),
    title: labelled?.textContent ?? null,
    text: box?.textContent ?? '',
    placement: h.getAttribute('data-placement'),
    rect: { top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width, height: r.height },
    vw: innerWidth, vh: innerHeight,
    focusInCard: document.activeElement === h,
  };
});

/**
 * Records the timers the widget's wasm core sets (the card's dwell, show and hide, a load's
 * timeout, yields) in `window.__timers`: delay, the event being handled when it was set, and
 * whether it fired (with the card's open state at that moment) or was cleared.
 */
function recordTimers() {
  const timers = window.__timers = [];
  const byId = new Map();
  const { setTimeout: set, clearTimeout: clear } = window;
  const open = () => document.getElementById('glossa-card')?.matches(':popover-open') ?? false;
  window.setTimeout = function (f, ms, ...args) {
    if (typeof f !== 'function' || !/wasm-function/.test(new Error().stack)) return set.call(window, f, ms, ...args);
    const t = { ms: Number(ms) || 0, on: window.event?.type ?? null, state: 'pending', open: null };
    const id = set.call(window, () => { t.state = 'fired'; t.open = open(); f(...args); }, ms);
    byId.set(id, t);
    timers.push(t);
    return id;
  };
  window.clearTimeout = function (id) {
    const t = byId.get(id);
    if (t?.state === 'pending') t.state = 'cleared';
    return clear.call(window, id);
  };
}

/** How many timers the widget has set so far (a start for `settle`). */
const mark = (page) => page.evaluate(() => window.__timers.length);

/**
 * After the next rendered frame (hover state updated), waits until no timer the widget set
 * since `from` is pending: until new input, nothing it scheduled is left to change the card.
 * Returns those timers.
 */
async function settle(page, from) {
  await page.evaluate(() => new Promise(requestAnimationFrame));
  return (await page.waitForFunction((from) => {
    const ts = window.__timers.slice(from);
    return ts.every((t) => t.state !== 'pending') && ts;
  }, from)).jsonValue();
}

const waitOpen = (page, want = true) => page.waitForFunction((w) => document.getElementById('glossa-card').matches(':popover-open') === w, want, { timeout: 5000 });

test('timing: prefetch after dwell, show later, hide after a grace; the card is hoverable', async () => {
  const page = await open('timing', '<p style="padding:2rem">Read about <glossa-term id="t" term="llm">LLMs</glossa-term> and <span id="away">more</span>.</p>');
  const fetched = [];
  page.on('request', (r) => { if (r.url().includes('/terms/l/llm/')) fetched.push(Date.now()); });
  const box = await page.locator('#t').boundingBox();
  const states = (ts, ms) => ts.filter((t) => ms.includes(t.ms)).map((t) => [t.ms, t.state, t.open]);
  // A quick pass over the mention: the dwell it starts ends with the pass, nothing is fetched or shown.
  let from = await mark(page);
  await page.mouse.move(box.x + 5, box.y + 5);
  await page.mouse.move(5, 5);
  let timers = await settle(page, from);
  assert.deepEqual(states(timers, [150, 500]), [[150, 'cleared', null], [500, 'cleared', null]], 'the dwell (the prefetch and show timers) is cancelled');
  assert.equal(fetched.length, 0, 'no fetch for a pointer that just passes by');
  assert.equal((await card(page)).open, false);
  // Dwell: fetch at ~150 ms, card at ~500 ms.
  from = await mark(page);
  const t0 = Date.now();
  const prefetch = page.waitForRequest((r) => r.url().includes('/terms/l/llm/'));
  await page.mouse.move(box.x + 5, box.y + 5);
  await prefetch;
  assert.equal(fetched.length, 1, 'prefetched during the dwell');
  assert.ok(fetched[0] - t0 >= 100, `fetch after the dwell (${fetched[0] - t0} ms)`);
  await waitOpen(page);
  assert.ok(Date.now() - t0 >= 450, 'not shown before the open delay (a lower bound)');
  // Not shown before: closed when the prefetch timer fired and when the show timer fired, and
  // the prefetch request started before the card began to open.
  timers = await page.evaluate((from) => window.__timers.slice(from), from);
  assert.deepEqual(states(timers, [150, 500]), [[150, 'fired', false], [500, 'fired', false]], 'not shown before the show timer');
  const order = await page.waitForFunction(() => {
    const fetch = performance.getEntriesByType('resource').find((e) => e.name.includes('/terms/l/llm/'));
    return fetch && { fetch: fetch.startTime, open: performance.getEntriesByName('glossa:card-open').at(-1)?.startTime };
  }).then((h) => h.jsonValue());
  assert.ok(order.fetch < order.open, `prefetched before the card opened: ${JSON.stringify(order)}`);
  const c = await card(page);
  assert.equal(c.title, 'LLM Large Language Model');
  // Into the card: it stays (hoverable), even past the grace period: any hide the way there
  // started is cancelled, and nothing is left to close it.
  from = await mark(page);
  await page.mouse.move(c.rect.left + 20, c.rect.top + 20, { steps: 4 });
  await page.waitForFunction(() => document.getElementById('glossa-card').matches(':hover'));
  timers = await settle(page, from);
  assert.deepEqual(states(timers, [300]).filter(([, s]) => s !== 'cleared'), [], 'no hide while over the card');
  assert.equal((await card(page)).open, true, 'stays while hovered');
  // Away: hidden after the grace (still open when the 300 ms hide timer fires, closed by it).
  from = await mark(page);
  await page.mouse.move(2, 2);
  await waitOpen(page, false);
  timers = await page.evaluate((from) => window.__timers.slice(from), from);
  assert.deepEqual(states(timers, [300]), [[300, 'fired', true]], 'grace period');
  assert.deepEqual(await page.evaluate(() => window.__rejections), []);
  assert.deepEqual(page.problems, []);
});

test('keyboard: focus opens, Tab enters the card, Esc closes and returns focus; ARIA references', async () => {
  const page = await open('keys', '<p><a href="#before" id="before">before</a> Text with <glossa-term id="t" term="rag">RAG</glossa-term> inside. <a href="#after" id="after">after</a></p>', { attrs: 'data-card-open-delay="50" data-card-prefetch-delay="0"' });
  await page.locator('#before').focus();
  await page.keyboard.press('Tab');
  await waitOpen(page);
  const t = await page.$eval('#t', (e) => ({ expanded: e.getAttribute('aria-expanded'), controls: e.getAttribute('aria-controls'), popup: e.getAttribute('aria-haspopup'), tabindex: e.getAttribute('tabindex'), role: e.getAttribute('role') }));
  assert.deepEqual(t, { expanded: 'true', controls: 'glossa-card', popup: 'dialog', tabindex: '0', role: 'button' });
  let c = await card(page);
  assert.equal(c.title, 'RAG Retrieval-Augmented Generation');
  assert.equal(await page.evaluate(() => document.getElementById('glossa-card').shadowRoot.querySelector('[role=dialog]').getAttribute('aria-modal')), 'false');
  // Tab goes into the card, to its links.
  await page.keyboard.press('Tab');
  c = await card(page);
  assert.ok(c.focusInCard, 'focus moved into the card');
  const first = await page.evaluate(() => document.getElementById('glossa-card').shadowRoot.activeElement.textContent);
  assert.ok(first.length > 0);
  // Shift+Tab from the first link returns to the mention.
  await page.keyboard.press('Shift+Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 't');
  // Esc closes and focus stays on the mention.
  await page.keyboard.press('Tab');
  await page.keyboard.press('Escape');
  await waitOpen(page, false);
  assert.equal(await page.evaluate(() => document.activeElement.id), 't');
  assert.equal(await page.$eval('#t', (e) => e.getAttribute('aria-expanded')), 'false');
  // Tab past the card's last control continues after the mention.
  await page.locator('#before').focus();
  await page.keyboard.press('Tab');
  await waitOpen(page);
  const n = await page.evaluate(() => document.getElementById('glossa-card').shadowRoot.querySelectorAll('a[href], button').length);
  for (let i = 0; i <= n; i++) await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'after');
  assert.deepEqual(page.problems, []);
});

test('WCAG 1.4.13: Esc dismisses without moving the pointer; persistent while hovered', async () => {
  const page = await open('wcag', '<p style="padding:3rem">A <glossa-term id="t" term="token">token</glossa-term> here.</p>', { attrs: 'data-card-open-delay="100" data-card-prefetch-delay="0"' });
  const box = await page.locator('#t').boundingBox();
  await page.mouse.move(box.x + 4, box.y + 4);
  await waitOpen(page);
  // Once the card has loaded and everything the widget scheduled has run, it is still open.
  await page.waitForFunction(() => document.getElementById('glossa-card').shadowRoot.querySelector('[data-term=token] .gc-body'));
  await settle(page, 0);
  assert.equal((await card(page)).open, true, 'persistent while the pointer stays');
  const from = await mark(page);
  await page.keyboard.press('Escape');
  await waitOpen(page, false);
  const timers = await settle(page, from);
  assert.equal((await card(page)).open, false, 'stays dismissed with the pointer still there');
  assert.deepEqual(timers.filter((t) => t.on === 'pointerover'), [], 'no new dwell');
  assert.deepEqual(page.problems, []);
});

test('touch: first tap opens, second tap follows the link, tapping outside closes', async () => {
  const body = `<p style="padding:2rem">Link: <a id="t" href="/www/index.html#/term/cors" data-glossa-term="cors">CORS</a>.</p><p id="outside" style="height:50vh">outside</p>`;
  const page = await open('touch', body, {}, { hasTouch: true, isMobile: true, viewport: { width: 390, height: 740 } });
  const url = page.url();
  await page.locator('#t').tap();
  await waitOpen(page);
  assert.equal(page.url(), url, 'the first tap does not navigate');
  await page.touchscreen.tap(200, 700);
  await waitOpen(page, false);
  await page.locator('#t').tap();
  await waitOpen(page);
  await Promise.all([page.waitForURL(/#\/term\/cors$/), page.locator('#t').tap()]);
  assert.deepEqual(page.problems, []);
});

test('positioning: flips above near the bottom, shifts inside the viewport, follows scroll, one card at a time', async () => {
  const long = 'streaming '.repeat(3);
  const body = `<div style="height:120vh"></div>
    <p style="width:9rem;margin-left:auto;padding-right:4px">edge <glossa-term id="right" term="webhook">webhook</glossa-term></p>
    <p style="width:7rem">x <glossa-term id="wrap" term="system-prompt">a system prompt that wraps onto a second line for sure</glossa-term></p>
    <p>${long}<glossa-term id="other" term="cdn">CDN</glossa-term></p><div style="height:120vh"></div>`;
  const page = await open('pos', body, { attrs: 'data-card-open-delay="30" data-card-prefetch-delay="0"' }, { viewport: { width: 800, height: 600 } });
  // Bring the right-edge mention near the bottom of the viewport.
  await page.evaluate(() => { const r = document.getElementById('right').getBoundingClientRect(); scrollBy(0, r.top - (innerHeight - 60)); });
  const rb = await page.locator('#right').boundingBox();
  await page.mouse.move(rb.x + 3, rb.y + 3);
  await waitOpen(page);
  // The card is placed in the same task that paints its body.
  await page.waitForFunction(() => document.getElementById('glossa-card').shadowRoot.querySelector('.gc-body'));
  let c = await card(page);
  assert.equal(c.placement, 'top', 'flipped above');
  assert.ok(c.rect.bottom <= rb.y + 1, 'above the mention');
  assert.ok(c.rect.right <= c.vw - 7 && c.rect.left >= 7, 'shifted inside the viewport');
  // Scrolling moves the card with the mention (repositioned on the frame after a scroll event).
  await page.evaluate(() => { window.__scrolled = new Promise((r) => document.addEventListener('scrollend', r, { once: true })); });
  await page.mouse.wheel(0, 40);
  await page.evaluate(() => window.__scrolled.then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))));
  const rb2 = await page.locator('#right').boundingBox();
  const c2 = await card(page);
  assert.ok(Math.abs((rb.y - rb2.y) - (c.rect.top - c2.rect.top)) < 2, `follows scroll: mention moved ${rb.y - rb2.y}, card ${c.rect.top - c2.rect.top} (${JSON.stringify(c2)})`);
  // A wrapped mention: the card goes next to the hovered line.
  await page.evaluate(() => document.getElementById('wrap').scrollIntoView({ block: 'center' }));
  const rects = await page.$eval('#wrap', (e) => [...e.getClientRects()].map((r) => ({ x: r.x, y: r.y, h: r.height, b: r.bottom })));
  assert.ok(rects.length >= 2, 'the mention wraps');
  const last = rects.at(-1);
  await page.mouse.move(last.x + 3, last.y + 3);
  await page.waitForFunction(() => document.getElementById('glossa-card').shadowRoot.querySelector('[data-term]')?.dataset.term === 'system-prompt');
  c = await card(page);
  assert.ok(Math.abs(c.rect.top - (last.b + 6)) < 3 || c.placement === 'top', `card next to the hovered line (${c.rect.top} vs ${last.b})`);
  // Another mention (placed above this one, so the open card does not cover it): still one card.
  await page.evaluate(() => { const o = document.getElementById('other'); document.getElementById('wrap').parentElement.before(o); });
  const ob2 = await page.locator('#other').boundingBox();
  await page.mouse.move(ob2.x + 3, ob2.y + 3, { steps: 3 });
  await page.waitForFunction(() => document.getElementById('glossa-card').shadowRoot.querySelector('[data-term]')?.dataset.term === 'cdn');
  assert.equal(await page.evaluate(() => document.querySelectorAll('glossa-card').length), 1);
  assert.equal(await page.$eval('#wrap', (e) => e.getAttribute('aria-expanded')), 'false');
  assert.deepEqual(page.problems, []);
});

test('themes and motion: dark colours, reduced motion, CSS custom properties', async () => {
  // Cards live at the end of <body>: theme them with custom properties on :root (or glossa-card).
  const body = '<style>:root{--glossa-accent:#c026d3}</style><p style="padding:2rem">A <glossa-term id="t" term="dom">DOM</glossa-term>.</p>';
  const opts = { attrs: 'data-card-open-delay="0" data-card-prefetch-delay="0"' };
  for (const [scheme, motion] of [['dark', 'reduce'], ['light', 'no-preference']]) {
    const page = await open(`theme-${scheme}`, body, opts, { colorScheme: scheme, reducedMotion: motion });
    await page.locator('#t').hover();
    await waitOpen(page);
    const s = await page.evaluate(() => {
      const box = document.getElementById('glossa-card').shadowRoot.querySelector('[role=dialog]');
      const cs = getComputedStyle(box);
      const link = box.querySelector('a');
      return { bg: cs.backgroundColor, anim: cs.animationName, link: link && getComputedStyle(link).color };
    });
    if (scheme === 'dark') {
      assert.equal(s.bg, 'rgb(22, 27, 34)');
      assert.equal(s.anim, 'none', 'no animation with reduced motion');
    } else {
      assert.equal(s.bg, 'rgb(255, 255, 255)');
      assert.notEqual(s.anim, 'none');
    }
    assert.equal(s.link, 'rgb(192, 38, 211)', 'themable through --glossa-accent');
    await page.screenshot({ path: screenshotPath(`card-${scheme}.png`) });
  }
});

test('a reader can turn previews off from the card; the choice persists; no storage is fine', async () => {
  const body = '<p style="padding:2rem">A <glossa-term id="t" term="json">JSON</glossa-term> doc.</p>';
  const page = await open('off', body, { attrs: 'data-card-open-delay="0" data-card-prefetch-delay="0"' });
  await page.locator('#t').hover();
  await waitOpen(page);
  await page.evaluate(() => document.getElementById('glossa-card').shadowRoot.querySelector('.gc-off').click());
  await waitOpen(page, false);
  assert.equal(await page.evaluate(() => localStorage.getItem('glossa:previews')), 'off');
  await page.mouse.move(1, 1);
  await page.reload();
  await page.waitForFunction(() => document.getElementById('glossa-card'));
  assert.equal(await page.evaluate(() => document.documentElement.hasAttribute('data-glossa-previews-off')), true);
  // Hovered, the mention starts no dwell (with previews on it starts one as the pointer arrives).
  const from = await mark(page);
  await page.locator('#t').hover();
  await page.waitForFunction(() => document.getElementById('t').matches(':hover'));
  const timers = await settle(page, from);
  assert.deepEqual(timers.filter((t) => t.on === 'pointerover'), [], 'no dwell');
  assert.equal((await card(page)).open, false, 'still off after reload');
  await page.evaluate(async () => (await import('/pkg/glossa.js')).setPreviews(true));
  await page.mouse.move(1, 1);
  await page.locator('#t').hover();
  await waitOpen(page);
  // localStorage that throws (sandboxed frames, privacy modes): cards still work.
  const p2 = await newPage(browser);
  await p2.addInitScript(() => { Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('denied', 'SecurityError'); } }); });
  await p2.goto(`${base}/t/off.html`);
  await p2.waitForFunction(() => document.getElementById('glossa-card'));
  await p2.locator('#t').hover();
  await waitOpen(p2);
  await p2.evaluate(() => document.getElementById('glossa-card').shadowRoot.querySelector('.gc-off').click());
  await waitOpen(p2, false);
  assert.deepEqual(p2.problems, []);
});

test('errors: unknown terms stay plain (one warning); 404/500/malformed/timeout show a retry; nothing unhandled', async () => {
  const body = `<p style="padding:2rem">
    <glossa-term id="u1" term="no-such-term">first</glossa-term> and <glossa-term id="u2" term="no-such-term">second</glossa-term>;
    <glossa-term id="e404" term="docker">Docker</glossa-term> <glossa-term id="e500" term="git">Git</glossa-term>
    <glossa-term id="bad" term="npm">npm</glossa-term> <glossa-term id="hang" term="linter">linter</glossa-term>
    <glossa-term id="ok" term="llm">LLM</glossa-term></p>`;
  const page = await open('errors', body, { glossary: '/t/faulty.json', attrs: 'data-card-open-delay="0" data-card-prefetch-delay="0" data-card-timeout="700"' });
  const warnings = [];
  page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  // Each hover's dwell runs out (the term is looked up, found missing, the mention made plain):
  // no card. Then a console message of our own: every warning before it has arrived.
  for (const id of ['u1', 'u2']) {
    const from = await mark(page);
    await page.locator(`#${id}`).hover();
    await page.waitForFunction((id) => document.getElementById(id).hasAttribute('data-glossa-unknown'), id);
    await settle(page, from);
    assert.equal((await card(page)).open, false, id);
  }
  await Promise.all([page.waitForEvent('console', (m) => m.text() === 'test: flush'), page.evaluate(() => console.info('test: flush'))]);
  assert.equal(warnings.filter((w) => w.includes('no-such-term')).length, 1, 'warned once');
  assert.equal(await page.$eval('#u1', (e) => e.hasAttribute('data-glossa-unknown')), true);
  for (const [id, why] of [['e404', /HTTP 404/], ['e500', /HTTP 500/], ['bad', /not valid JSON|invalid/], ['hang', /timed out/]]) {
    await page.mouse.move(1, 1);
    await page.locator(`#${id}`).hover();
    await page.waitForFunction(() => document.getElementById('glossa-card').shadowRoot.querySelector('.gc-error'), null, { timeout: 5000 });
    const c = await card(page);
    assert.match(c.text, why, `${id}: ${c.text}`);
    assert.match(c.text, /Retry/);
  }
  // Retry after the server recovers.
  await page.mouse.move(1, 1);
  await page.locator('#ok').hover();
  await page.waitForFunction(() => document.getElementById('glossa-card').shadowRoot.querySelector('[data-term=llm] .gc-body'));
  await page.mouse.move(1, 1);
  await page.locator('#e404').hover();
  await page.waitForFunction(() => document.getElementById('glossa-card').shadowRoot.querySelector('.gc-retry'));
  const hitsBefore = faults.hits.length;
  await page.evaluate(() => document.getElementById('glossa-card').shadowRoot.querySelector('.gc-retry').click());
  await page.waitForFunction(() => document.getElementById('glossa-card').shadowRoot.querySelector('.gc-retry'));
  assert.ok(faults.hits.length > hitsBefore, 'retry fetched again');
  assert.deepEqual(await page.evaluate(() => window.__rejections), []);
  assert.deepEqual(page.problems.filter((p) => !/status of (404|500)|Failed to load resource/.test(p)), []);
});

test('style isolation: hostile host CSS cannot break the card, and the card leaks nothing', async () => {
  const head = `<style>* { all: unset !important; } html, body { display: block !important; }
    glossa-card { display: none !important; opacity: 0 !important; transform: scale(0) !important; }
    div, p, a, span, button { color: red !important; background: lime !important; font-size: 40px !important; }
    .glossa-card, .gc-title { display: none !important; }</style>`;
  const page = await open('hostile', '<p id="p">A <glossa-term id="t" term="xss">XSS</glossa-term> and <span id="s">span</span>.</p>', { head, attrs: 'data-card-open-delay="0" data-card-prefetch-delay="0"' });
  await page.locator('#t').hover();
  await waitOpen(page);
  const s = await page.evaluate(() => {
    const h = document.getElementById('glossa-card');
    const box = h.shadowRoot.querySelector('[role=dialog]');
    const cs = getComputedStyle(box);
    const r = h.getBoundingClientRect();
    return { display: getComputedStyle(h).display, visible: r.width > 200 && r.height > 80, bg: cs.backgroundColor, radius: cs.borderTopLeftRadius, font: cs.fontSize, title: getComputedStyle(h.shadowRoot.querySelector('.gc-title')).display, spanColor: getComputedStyle(document.getElementById('s')).color };
  });
  assert.equal(s.display, 'block');
  assert.ok(s.visible, 'the card is visible and laid out');
  assert.equal(s.bg, 'rgb(255, 255, 255)');
  assert.equal(s.radius, '10px');
  assert.equal(s.font, '15px');
  assert.equal(s.title, 'block');
  assert.equal(s.spanColor, 'rgb(255, 0, 0)', 'host page styles untouched');
  await page.screenshot({ path: screenshotPath('card-hostile.png') });
});

test('autolink on the docs demo: mentions wrapped, skips respected, first per section, listeners and selection survive', async () => {
  const page = await newPage(browser);
  await page.goto(`${base}/www/docs.html`);
  await page.waitForFunction(() => document.querySelector('main').dataset.glossaAutolinkState === 'done');
  const r = await page.evaluate(() => {
    const terms = [...document.querySelectorAll('main glossa-term')];
    const inside = (sel) => terms.filter((t) => t.closest(sel)).length;
    const bySection = {};
    let section = 0;
    const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_ELEMENT);
    while (walker.nextNode()) {
      const n = walker.currentNode;
      if (/^H[1-6]$/.test(n.tagName)) section++;
      if (n.tagName === 'GLOSSA-TERM' && !n.closest('p.lede')) {
        const k = `${section}:${n.getAttribute('term')}`;
        bySection[k] = (bySection[k] ?? 0) + 1;
      }
    }
    return {
      count: terms.length,
      inCode: inside('code, pre'), inLinks: inside('a'), inHeadings: inside('h1, h2, h3'), inSkip: inside('[data-glossa-skip]'),
      dupes: Object.entries(bySection).filter(([k, v]) => v > 1 && !k.endsWith(':temperature')),
      llm: terms.filter((t) => t.getAttribute('term') === 'llm').map((t) => t.textContent),
    };
  });
  assert.ok(r.count >= 30, `${r.count} mentions linked`);
  assert.equal(r.inCode, 0);
  assert.equal(r.inLinks, 0);
  assert.equal(r.inHeadings, 0);
  assert.equal(r.inSkip, 0);
  assert.deepEqual(r.dupes, [], 'first mention per section only');
  assert.deepEqual(r.llm, ['LLM', 'LLMs'], 'LLM linked once per section, plural form recognised');
  // Listeners on host elements and the reader's selection survive a later autolink pass
  // (content added to the container later, in a new section, is linked too).
  const kept = await page.evaluate(async () => {
    const h = document.createElement('h2');
    h.textContent = 'Caching';
    const p = document.createElement('p');
    p.textContent = 'Caching at a CDN edge and a service worker in the browser.';
    document.querySelector('article').append(h, p);
    let clicks = 0;
    p.addEventListener('click', () => clicks++);
    const range = document.createRange();
    range.setStart(p.firstChild, 0);
    range.setEnd(p.firstChild, p.firstChild.data.length);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    const before = getSelection().toString();
    const { autolink } = await import('/pkg/glossa.js');
    const n = await autolink(p);
    p.querySelector('glossa-term').click();
    return { n, clicks, same: getSelection().toString() === before, text: p.textContent };
  });
  assert.equal(kept.n, 2);
  assert.equal(kept.clicks, 1, 'click listener still fires');
  assert.ok(kept.same, 'selection unchanged');
  assert.equal(kept.text, 'Caching at a CDN edge and a service worker in the browser.', 'text unchanged');
  await page.screenshot({ path: screenshotPath('docs.png') });
  assert.deepEqual(page.problems, []);
});

test('autolinking 5 000 paragraphs runs in bounded slices that yield to the page', async () => {
  const para = 'An LLM reads tokens; RAG adds embeddings from a vector database, a CDN serves assets and a service worker caches them. ';
  const body = `<main data-glossa-autolink="all">${Array.from({ length: 5000 }, (_, i) => `<p>${i}: ${para}</p>`).join('')}</main>`;
  pages.set('/t/long.html', html(body));
  const page = await newPage(browser);
  await page.goto(`${base}/t/long.html`);
  await page.waitForFunction(() => document.querySelector('main').dataset.glossaAutolinkState === 'done', null, { timeout: 60000 });
  const r = await page.evaluate(async () => ({
    linked: Number(document.querySelector('main').dataset.glossaLinked),
    stats: (await (await import('/pkg/glossa.js')).workStats()).autolink,
  }));
  assert.ok(r.linked >= 5000 * 6, `${r.linked} mentions`);
  // The structure that keeps the page responsive, independent of the machine's speed: no
  // slice does more than its limit of units (a node visited = 1, a mention wrapped = 8),
  // except for the one text node it ends on (this paragraph has 8 mentions), and the work
  // is spread over as many slices as that implies. Milliseconds are in `npm run bench`.
  const perNode = 1 + 8 * 8;
  assert.ok(r.stats.maxUnits <= r.stats.limit + perNode, `largest slice ${r.stats.maxUnits} units (limit ${r.stats.limit}): ${JSON.stringify(r.stats)}`);
  assert.ok(r.stats.units >= 5000 * 2 + r.linked * 8, `every node and mention counted: ${JSON.stringify(r.stats)}`);
  assert.ok(r.stats.slices >= Math.ceil(r.stats.units / (r.stats.limit + perNode)), `work split into slices: ${JSON.stringify(r.stats)}`);
});

test('mention styling: one document sheet for the page, the page\'s CSS wins, shadow trees styled too', async () => {
  const body = `<p><glossa-term id="a" term="llm">LLM</glossa-term> and <glossa-term id="b" class="plain" term="rag">RAG</glossa-term></p>
    <div id="host"></div>`;
  const page = await open('styling', body, { head: '<style>glossa-term.plain{text-decoration:none}</style>' });
  // A web component of the host page with a mention inside its shadow tree.
  await page.evaluate(() => {
    const root = document.getElementById('host').attachShadow({ mode: 'open' });
    root.innerHTML = '<p><glossa-term id="c" term="token">token</glossa-term></p>';
  });
  await page.waitForFunction(() => document.getElementById('host').shadowRoot.getElementById('c').getAttribute('role') === 'button');
  const r = await page.evaluate(() => {
    const c = document.getElementById('host').shadowRoot.getElementById('c');
    const deco = (e) => getComputedStyle(e).textDecorationStyle + ' ' + getComputedStyle(e).textDecorationLine;
    return {
      a: deco(document.getElementById('a')), b: getComputedStyle(document.getElementById('b')).textDecorationLine, c: deco(c),
      shadows: [document.getElementById('a').shadowRoot, document.getElementById('b').shadowRoot].filter(Boolean).length,
      cShadow: !!c.shadowRoot, sheets: document.adoptedStyleSheets.length,
    };
  });
  assert.deepEqual(r, { a: 'dotted underline', b: 'none', c: 'dotted underline', shadows: 0, cShadow: true, sheets: 1 });
  await page.locator('#a').hover();
  await page.waitForFunction(() => document.getElementById('glossa-card').shadowRoot.querySelector('[data-term=llm]'));
  assert.deepEqual(page.problems, []);
});
