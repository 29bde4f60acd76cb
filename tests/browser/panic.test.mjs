// If the core ever panics (it must not: input handling cannot panic), the failure is
// reported — on the console and on every widget, with a Reload button — never silent.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, serve, newPage } from './support/harness.mjs';

let browser, server, base, pages;
before(async () => {
  browser = await launch();
  ({ server, url: base, pages } = await serve());
});
after(async () => {
  await browser?.close();
  server?.close();
});

test('a panic in the core is reported on the console and on every widget, which offer a reload', async () => {
  pages.set('/t/panic.html', `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>p</title>
    <script type="module" src="/pkg/glossa.js" data-glossary="/www/glossary/glossary.json"></script></head>
    <body><glossa-search id="s"></glossa-search><glossa-entry id="e" src="/www/glossary/terms/r/rag/_payload.json"></glossa-entry>
    <main data-glossa-autolink><p id="p">An LLM streams tokens.</p></main></body></html>`);
  const page = await newPage(browser);
  await page.goto(`${base}/t/panic.html`);
  await page.waitForFunction(() => ['s', 'e'].every((id) => document.getElementById(id).dataset.state === 'ready')
    && document.querySelector('main').dataset.glossaAutolinkState === 'done');
  const thrown = await page.evaluate(async () => {
    const core = await (await import('/pkg/glossa.js')).ready;
    try { core.__testPanic('deliberate test panic'); return null; } catch (e) { return String(e); }
  });
  assert.match(thrown, /unreachable|RuntimeError/, 'the panic aborts the call');
  assert.ok(page.problems.some((p) => /glossa stopped: [\s\S]*deliberate test panic/.test(p)), `reported on the console: ${page.problems}`);
  for (const id of ['s', 'e']) {
    const r = await page.$eval(`#${id}`, (el) => ({
      state: el.dataset.state, error: el.dataset.error,
      notice: el.shadowRoot.querySelector('[data-glossa-stopped][role=alert]')?.textContent,
      button: el.shadowRoot.querySelector('[data-glossa-stopped] button')?.textContent,
    }));
    assert.equal(r.state, 'error', id);
    assert.match(r.error, /deliberate test panic/, id);
    assert.match(r.notice, /glossa stopped working/, id);
    assert.equal(r.button, 'Reload', id);
  }
  // Mentions stay readable text.
  assert.equal(await page.$eval('#p', (p) => p.textContent), 'An LLM streams tokens.');
  // Reload starts a working widget again.
  await Promise.all([page.waitForEvent('load'), page.$eval('#s', (el) => el.shadowRoot.querySelector('[data-glossa-stopped] button').click())]);
  await page.waitForFunction(() => document.getElementById('s').dataset.state === 'ready');
  assert.equal(await page.$eval('#s', (el) => el.shadowRoot.querySelector('[data-glossa-stopped]')), null);
});
