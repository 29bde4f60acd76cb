// <glossa-search> and the Glossary JS API in real Chromium, on the default
// glossary built by `glossa build` (www/glossary).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, serve, newPage, screenshotPath } from './support/harness.mjs';

let browser, server, base, pages;
before(async () => {
  browser = await launch();
  ({ server, url: base, pages } = await serve());
  pages.set('/t/search.html', `<!doctype html><html lang="en"><head><link rel="icon" href="data:,"><title>search</title>
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <script type="module" src="/pkg/glossa.js" data-glossary="/www/glossary/glossary.json" data-eager></script></head>
    <body><main style="padding:2rem;max-width:40rem">
      <input id="other" aria-label="other field">
      <glossa-search id="s" href-template="#/term/{id}" filters></glossa-search>
      <p>After the box.</p>
    </main></body></html>`);
  pages.set('/t/cards-only.html', `<!doctype html><html lang="en"><head><link rel="icon" href="data:,"><title>cards only</title>
    <script type="module" src="/pkg/glossa.js" data-glossary="/www/glossary/glossary.json" data-eager data-card-open-delay="0" data-card-prefetch-delay="0"></script></head>
    <body><p style="padding:3rem">A <glossa-term id="t" term="token">token</glossa-term> here.</p></body></html>`);
});
after(async () => {
  await browser?.close();
  server?.close();
});

async function ready(page) {
  await page.waitForFunction(() => document.querySelector('glossa-search')?.getAttribute('data-state') === 'ready', null, { timeout: 15000 });
}

const state = (page) => page.$eval('#s', (el) => {
  const r = el.shadowRoot;
  const input = r.querySelector('input');
  const list = r.querySelector('[role=listbox]');
  return {
    expanded: input.getAttribute('aria-expanded'),
    active: input.getAttribute('aria-activedescendant'),
    controls: input.getAttribute('aria-controls') === list.id,
    hidden: list.hidden,
    options: [...list.querySelectorAll('[role=option]')].map((o) => ({
      id: o.id, selected: o.getAttribute('aria-selected'), title: o.querySelector('.gs-title').firstChild.textContent,
      marks: [...o.querySelectorAll('mark')].map((m) => m.textContent),
    })),
    status: r.querySelector('[role=status]').textContent,
    empty: r.querySelector('.gs-empty')?.textContent ?? null,
    focused: r.activeElement === input,
    value: input.value,
  };
});

test('typing shows ranked, highlighted results; keyboard moves and selects', async () => {
  const page = await newPage(browser);
  await page.goto(`${base}/t/search.html`);
  await ready(page);
  const input = page.locator('#s input');
  await input.click();
  await input.pressSequentially('llm');
  let s = await state(page);
  assert.equal(s.expanded, 'true');
  assert.equal(s.hidden, false);
  assert.ok(s.controls);
  assert.equal(s.options[0].title, 'LLM', 'exact acronym title first');
  assert.match(s.status, /result/);
  await page.keyboard.press('ArrowDown');
  s = await state(page);
  assert.equal(s.active, s.options[0].id);
  assert.equal(s.options[0].selected, 'true');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp'); // wraps to the last
  s = await state(page);
  assert.equal(s.active, s.options.at(-1).id);
  await page.keyboard.press('ArrowDown'); // wraps to the first
  // The listener is in place before Enter (an un-awaited evaluate could arrive after the event).
  await page.evaluate(() => document.addEventListener('glossa-select', (e) => { window.__selected = e.detail; }, { once: true }));
  await page.keyboard.press('Enter');
  const detail = await (await page.waitForFunction(() => window.__selected)).jsonValue();
  assert.equal(detail.id, 'llm');
  assert.match(detail.url, /\/www\/glossary\/terms\/l\/llm\/_payload\.json$/);
  await page.waitForFunction(() => location.hash === '#/term/llm');
  s = await state(page);
  assert.equal(s.expanded, 'false');
  assert.deepEqual(page.problems, []);
});

test('search-as-you-type from the first character, typos, snippets with <mark>', async () => {
  const page = await newPage(browser);
  await page.goto(`${base}/t/search.html`);
  await ready(page);
  const input = page.locator('#s input');
  await input.fill('t');
  let s = await state(page);
  assert.ok(s.options.length > 0, 'results from one character');
  await input.fill('tokn');
  s = await state(page);
  assert.equal(s.options[0].title, 'Token');
  await input.fill('rag');
  s = await state(page);
  assert.equal(s.options[0].title, 'RAG');
  await input.fill('vector embeddings');
  s = await state(page);
  assert.ok(s.options.some((o) => o.marks.length > 0), 'matched words are marked');
  assert.deepEqual(page.problems, []);
});

test('Escape closes then clears; / and Ctrl+K focus the box; mouse selects', async () => {
  const page = await newPage(browser);
  await page.goto(`${base}/t/search.html`);
  await ready(page);
  await page.locator('#other').click();
  await page.keyboard.type('/');
  let s = await state(page);
  assert.equal(s.focused, false, '/ types into other fields');
  await page.locator('body').click();
  await page.keyboard.press('/');
  s = await state(page);
  assert.ok(s.focused, '/ focuses the search box');
  await page.keyboard.type('stream');
  await page.keyboard.press('Escape');
  s = await state(page);
  assert.equal(s.expanded, 'false');
  assert.equal(s.value, 'stream');
  await page.keyboard.press('Escape');
  s = await state(page);
  assert.equal(s.value, '');
  await page.locator('body').click();
  await page.keyboard.press('Control+k');
  s = await state(page);
  assert.ok(s.focused, 'Ctrl+K focuses');
  await page.keyboard.type('docker');
  await page.locator('#s [role=option]').first().hover();
  s = await state(page);
  assert.equal(s.options[0].selected, 'true', 'hover marks the option');
  await page.locator('#s [role=option]').first().click();
  await page.waitForFunction(() => location.hash === '#/term/docker');
  await page.screenshot({ path: screenshotPath('search.png') });
  assert.deepEqual(page.problems, []);
});

test('no results shows suggestions; filters narrow results; touch taps select', async () => {
  const page = await newPage(browser, { hasTouch: true, isMobile: true, viewport: { width: 390, height: 800 } });
  await page.goto(`${base}/t/search.html`);
  await ready(page);
  const input = page.locator('#s input');
  await input.fill('qwxzv');
  let s = await state(page);
  assert.equal(s.options.length, 0);
  assert.match(s.empty, /No terms match/);
  await input.fill('straemign');
  s = await state(page);
  assert.equal(s.options[0].title, 'Streaming', 'two typos in a long word');
  // Two typos in a short word is beyond tolerance: no results, but a "did you mean".
  await input.fill('dokcr');
  s = await state(page);
  assert.equal(s.options.length, 0);
  assert.match(s.empty, /Try docker\?/);
  await page.locator('#s .gs-try').first().tap();
  await page.waitForFunction(() => document.querySelector('#s').shadowRoot.querySelector('input').value === 'docker');
  s = await state(page);
  assert.equal(s.value, 'docker');
  assert.equal(s.options[0].title, 'Docker');
  // (One or two letters search term names only; a common word reaches every body.)
  await input.fill('the');
  await page.locator('#s select[data-filter=difficulty]').selectOption('advanced');
  s = await state(page);
  const advanced = await page.evaluate(async () => {
    const { Glossary } = await import('/pkg/glossa.js');
    const g = await Glossary.load('/www/glossary/glossary.json');
    return g.terms().filter((t) => t.difficulty === 'advanced').map((t) => t.title);
  });
  assert.ok(s.options.length > 0 && s.options.every((o) => advanced.includes(o.title)), JSON.stringify(s.options.map((o) => o.title)));
  await page.locator('#s [role=option]').first().tap();
  await page.waitForFunction(() => location.hash.startsWith('#/term/'));
  assert.deepEqual(page.problems, []);
});

test('JS API: Glossary.load(manifest) and Glossary.load([payload URLs])', async () => {
  const page = await newPage(browser);
  await page.goto(`${base}/t/search.html`);
  const out = await page.evaluate(async () => {
    const { Glossary } = await import('/pkg/glossa.js');
    const g = await Glossary.load('/www/glossary/glossary.json');
    const again = await Glossary.load('/www/glossary/glossary.json');
    const r = g.search('tokn', { limit: 3 });
    const filtered = g.search('the', { limit: 50, category: 'security' });
    const term = await g.term('llm');
    const node = await g.render('chat-completion', '#/term/{id}');
    const progress = [];
    const urls = ['/www/glossary/terms/l/llm/_payload.json', '/www/glossary/terms/t/token/_payload.json', '/tests/fixtures/seed/chat-completion.payload.json'];
    const g2 = await Glossary.load(urls, { onProgress: (a, b) => progress.push([a, b]) });
    const body = g2.search('humongous', { limit: 3 });
    return {
      same: g === again,
      first: r[0] && { id: r[0].id, title: r[0].title, score: r[0].score > 0, snippet: Array.isArray(r[0].snippet), matched: r[0].matched },
      security: [...new Set(filtered.map((x) => x.category))],
      term: { title: term.title, acronym: term.acronym, h2: term.toc.links.length },
      rendered: { tag: node.tagName, related: [...node.querySelectorAll('.glossa-related a')].map((a) => a.getAttribute('href')) },
      size: g.size, g2size: g2.size, body: body.map((x) => x.title), progress,
      suggest: g.suggest('emb'),
    };
  });
  assert.equal(out.same, true, 'one glossary per URL');
  assert.deepEqual(out.first.id, 'token');
  assert.ok(out.first.score && out.first.snippet);
  assert.deepEqual(out.security, ['security']);
  assert.equal(out.term.title, 'LLM');
  assert.equal(out.term.acronym, 'Large Language Model');
  assert.equal(out.term.h2, 4);
  assert.equal(out.rendered.tag, 'ARTICLE');
  assert.ok(out.rendered.related.includes('#/term/streaming'), JSON.stringify(out.rendered.related));
  assert.ok(out.size >= 40);
  assert.equal(out.g2size, 3);
  assert.equal(out.body[0], 'LLM', 'body text is searchable when payloads are loaded');
  assert.deepEqual(out.progress.at(-1), [3, 3]);
  assert.equal(out.suggest[0], 'Embedding');
  assert.deepEqual(page.problems, []);
});

test('the full module compiles its search path once after it starts, one typed query per slice', async () => {
  // Browsers compile a wasm function on its first call: the warm-up (src/search/warm.rs)
  // searches a built-in index with every kind of query so the reader's first keystrokes
  // do not pay those compilations. It runs once per module, not once per glossary.
  const page = await newPage(browser);
  await page.goto(`${base}/t/search.html`);
  await ready(page);
  await page.waitForFunction(async () => (await (await import('/pkg/glossa.js')).workStats())['search warm-up']?.units >= 8, null, { timeout: 15000, polling: 20 });
  const out = await page.evaluate(async () => {
    const glossa = await import('/pkg/glossa.js');
    const first = (await glossa.workStats())['search warm-up'];
    const g = await glossa.Glossary.load(['/www/glossary/terms/t/token/_payload.json']);
    const hits = g.search('tokn', { limit: 3 }).map((r) => r.title);
    await new Promise((r) => setTimeout(r, 100));
    return { first, after: (await glossa.workStats())['search warm-up'], hits };
  });
  assert.deepEqual(out.first, { slices: 8, units: 8, maxUnits: 1, limit: 1 }, 'eight typed queries, each its own slice');
  assert.deepEqual(out.after, out.first, 'a second glossary does not warm up again');
  assert.deepEqual(out.hits, ['Token'], 'searches after it answer from their own index');
});

test('a page with nothing to search with never warms the search path; a Glossary from the API does', async () => {
  const page = await newPage(browser);
  await page.goto(`${base}/t/cards-only.html`);
  // The full module is running (data-eager) and has shown a card: long past the turn a
  // warm-up started at module start would have taken.
  await page.evaluate(async () => { await (await import('/pkg/glossa.js')).ready; });
  await page.focus('#t');
  await page.waitForFunction(() => document.getElementById('glossa-card')?.shadowRoot.querySelector('[data-term=token] .gc-body'), null, { timeout: 15000 });
  const before = await page.evaluate(async () => {
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 50))));
    return (await (await import('/pkg/glossa.js')).workStats())['search warm-up'] ?? null;
  });
  assert.equal(before, null, 'no warm-up on a page with only cards');
  const hits = await page.evaluate(async () => {
    const glossa = await import('/pkg/glossa.js');
    const g = await glossa.Glossary.load('/www/glossary/glossary.json');
    return g.search('tokn', { limit: 3 }).map((r) => r.title);
  });
  assert.equal(hits[0], 'Token');
  await page.waitForFunction(async () => (await (await import('/pkg/glossa.js')).workStats())['search warm-up']?.units >= 8, null, { timeout: 15000, polling: 20 });
  const stats = await page.evaluate(async () => (await (await import('/pkg/glossa.js')).workStats())['search warm-up']);
  assert.deepEqual(stats, { slices: 8, units: 8, maxUnits: 1, limit: 1 }, 'the first Glossary starts it, once');
  assert.deepEqual(page.problems, []);
});

test('JS API results: each field as the document gives it, in any script, whether or not its fixed fields crossed before', async () => {
  const page = await newPage(browser);
  await page.goto(`${base}/t/search.html`);
  const out = await page.evaluate(async () => {
    const { Glossary } = await (await import('/pkg/glossa.js')).ready;
    const docs = [
      { id: 'emoji', title: 'Emoji 🙂 Token', acronym: 'ET', aliases: ['smiley'], category: 'ai', difficulty: 'beginner', description: 'A token 🙂 for 𝒜 a face; the model reads it as bytes.', body: 'Emoji take several tokens 🙂 each.', path: '/terms/e/emoji' },
      { id: 'bezier', title: 'Bézier Curve', aliases: [], category: 'graphics', description: 'Une courbe lisse définie par des points de contrôle.', body: '' },
      { id: 'nihongo', title: '日本語トークン', aliases: [], description: 'これは日本語のトークンの説明です。', body: '' },
      { id: 'plain', title: 'Token Budget', aliases: [], description: 'How many tokens a request may spend.', body: 'Budgets cap the tokens a model writes.' },
    ];
    const queries = ['token', 'tok', 'courbe', 'bezier', 'トークン', '🙂', '𝒜', 'budget tokens', 'smiley', 'face', 'zzzz'];
    const opts = { limit: 10, maxTypos: 1 };
    const warm = await Glossary.fromDocuments(docs);
    const asked = [];
    for (const q of queries) asked.push(warm.search(q, opts)); // every document's fixed fields have crossed now
    const again = queries.map((q) => warm.searchDetailed(q, opts));
    const fresh = [];
    for (const q of queries) fresh.push((await Glossary.fromDocuments(docs)).searchDetailed(q, opts)); // none has
    const async = await Promise.all(queries.map((q) => warm.searchAsync(q, opts)));
    const suggestion = warm.searchDetailed('budgte', { fuzzy: false });
    return { docs, queries, asked, again, fresh, async, suggestion };
  });
  assert.deepEqual(out.again, out.fresh, 'fields already sent read as fields sent now');
  assert.deepEqual(out.async, out.fresh, 'searchAsync answers as searchDetailed');
  assert.deepEqual(out.asked, out.fresh.map((d) => d.results), 'search is searchDetailed\'s results');
  const byId = new Map(out.docs.map((d) => [d.id, d]));
  let seen = 0;
  for (const [i, d] of out.fresh.entries()) {
    assert.equal(typeof d.total, 'number');
    assert.equal(typeof d.partial, 'boolean');
    for (const r of d.results) {
      const doc = byId.get(r.id);
      assert.ok(doc, r.id);
      const keys = ['doc', 'id', 'slug', 'title', 'score', 'matched', 'snippet', ...['acronym', 'category', 'difficulty', 'path'].filter((k) => doc[k])];
      assert.deepEqual(Object.keys(r), keys, `${out.queries[i]}: ${r.id}`);
      assert.equal(r.doc, out.docs.indexOf(doc));
      assert.equal(r.title, doc.title);
      for (const k of ['acronym', 'category', 'difficulty', 'path']) assert.equal(r[k], doc[k]);
      assert.ok(r.score > 0 && r.matched.length > 0 && r.matched.every((m) => ['title', 'acronym', 'aliases', 'category', 'description', 'body', 'tags'].includes(m)));
      const text = r.snippet.map((s) => s.text).join('');
      assert.ok((doc.description + ' ' + doc.body).includes(text.replace(/^…|…$/g, '').trim()), `${out.queries[i]}: ${JSON.stringify(r.snippet)}`);
      for (const s of r.snippet) assert.deepEqual(Object.keys(s), s.mark ? ['text', 'mark'] : ['text']);
      seen++;
    }
  }
  assert.ok(seen >= 10, `${seen} results checked`);
  const marks = (q) => out.fresh[out.queries.indexOf(q)].results.flatMap((r) => r.snippet.filter((s) => s.mark).map((s) => s.text));
  // After 🙂 and 𝒜 (two UTF-16 units each), a mark is still exactly its word.
  assert.deepEqual(marks('face'), ['face']);
  assert.ok(marks('courbe').includes('courbe'));
  assert.ok(marks('トークン').some((m) => m.includes('トー')), JSON.stringify(marks('トークン')));
  assert.deepEqual(out.fresh[out.queries.indexOf('zzzz')].results, []);
  assert.equal(out.suggestion.suggestion, 'budget');
  assert.deepEqual(page.problems, []);
});
