// Accessibility audit with axe-core in Chromium: the glossary browser, a term page,
// the search combobox with results open and an open hover card, in light and dark mode.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { launch, serve, newPage, repoRoot } from './support/harness.mjs';

const AXE = readFileSync(path.join(repoRoot, 'node_modules/axe-core/axe.min.js'), 'utf8');
let browser, server, base, pages;
before(async () => {
  browser = await launch();
  ({ server, url: base, pages } = await serve());
  pages.set('/t/a11y-card.html', `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Card</title><link rel="icon" href="data:,">
    <script type="module" src="/pkg/glossa.js" data-glossary="/www/glossary/glossary.json" data-card-open-delay="0" data-card-prefetch-delay="0"></script></head>
    <body><main><h1>Cards</h1><p>A paragraph about <glossa-term term="chat-completion">chat completions</glossa-term> and more.</p></main></body></html>`);
});
after(async () => {
  await browser?.close();
  server?.close();
});

async function audit(page, label) {
  await page.addScriptTag({ content: AXE });
  const r = await page.evaluate(async () => {
    const res = await axe.run(document, { resultTypes: ['violations'] });
    return res.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  });
  assert.deepEqual(r, [], `${label}: axe violations`);
}

for (const scheme of ['light', 'dark']) {
  test(`glossary browser (${scheme})`, async () => {
    const page = await newPage(browser, { colorScheme: scheme });
    await page.goto(`${base}/www/`);
    await page.waitForFunction(() => document.querySelector('glossa-glossary')?.dataset.view === 'list');
    await audit(page, `browser ${scheme}`);
  });

  test(`term page (${scheme})`, async () => {
    const page = await newPage(browser, { colorScheme: scheme });
    await page.goto(`${base}/www/#/term/chat-completion`);
    await page.waitForFunction(() => document.querySelector('glossa-glossary')?.dataset.view === 'term');
    await audit(page, `term ${scheme}`);
    await page.goto(`${base}/www/seed.html`);
    await page.waitForFunction(() => document.querySelector('glossa-entry')?.dataset.state === 'ready');
    await audit(page, `seed entry ${scheme}`);
  });

  test(`search with results open (${scheme})`, async () => {
    const page = await newPage(browser, { colorScheme: scheme });
    await page.goto(`${base}/www/docs.html`);
    await page.waitForFunction(() => document.querySelector('main').dataset.glossaAutolinkState === 'done');
    await page.locator('glossa-search input').focus(); // intent: the full module loads
    await page.waitForFunction(() => document.querySelector('glossa-search')?.dataset.state === 'ready');
    await page.locator('glossa-search input').fill('prompt');
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction(() => document.querySelector('glossa-search').shadowRoot.querySelector('input').getAttribute('aria-expanded') === 'true');
    await audit(page, `search ${scheme}`);
  });

  test(`open hover card (${scheme})`, async () => {
    const page = await newPage(browser, { colorScheme: scheme });
    await page.goto(`${base}/t/a11y-card.html`);
    await page.waitForFunction(() => customElements.get('glossa-term'));
    await page.locator('glossa-term').hover(); // intent: the full module loads and opens the card
    await page.waitForFunction(() => document.getElementById('glossa-card')?.shadowRoot.querySelector('.gc-body'));
    // Audit the card as read, not mid fade-in (colours are blended while it animates).
    await page.evaluate(() => Promise.all(document.getElementById('glossa-card').shadowRoot.getAnimations().map((a) => a.finished)));
    await audit(page, `card ${scheme}`);
  });
}
