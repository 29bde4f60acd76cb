// Multilingual glossaries (issue #14, part 5) on the shared Kubernetes glossary in its 15
// languages: `glossa build content/` writes one glossary per language and languages.json;
// data-glossary may point at it, and each widget uses the glossary of its own language,
// with English standing in per term where a translation is missing; <glossa-glossary>
// offers a language switch, and a term page links its translations (hreflang).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { rmSync, readFileSync } from 'node:fs';
import { launch, serve, newPage, repoRoot, shared, hasShared, requireShared } from './support/harness.mjs';

const OUT = path.join(repoRoot, 'target', 'test-languages');
const LIST = '/target/test-languages/languages.json';
let browser, srv;
before(async () => {
  if (hasShared) {
    rmSync(OUT, { recursive: true, force: true });
    execFileSync('cargo', ['run', '--quiet', '--bin', 'glossa', '--', 'build', path.join(shared, 'corpus/kubernetes-glossary/content'), '-o', OUT],
      { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  browser = await launch();
  srv = await serve();
});
after(async () => {
  await browser?.close();
  srv?.server.close();
});

const page = (lang, body) => `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>languages</title><link rel="icon" href="data:,">
  <script type="module" src="/pkg/glossa.js" data-glossary="${LIST}" data-card-open-delay="0" data-card-prefetch-delay="0"></script>
  </head><body>${body}</body></html>`;

async function open(name, html) {
  srv.pages.set(`/languages/${name}.html`, html);
  const p = await newPage(browser);
  await p.goto(`${srv.url}/languages/${name}.html`);
  return p;
}

/** The titles of a search box's results for `query`. */
async function results(p, id, query) {
  await p.waitForFunction((id) => document.getElementById(id).shadowRoot?.querySelector('.gs-input'), id);
  await p.locator(`#${id} input`).fill(query);
  await p.waitForFunction((id) => document.getElementById(id).shadowRoot.querySelectorAll('.gs-option').length > 0, id, { timeout: 15000 });
  return p.$eval(`#${id}`, (e) => [...e.shadowRoot.querySelectorAll('.gs-option .gs-title')].map((t) => t.firstChild.textContent.trim()));
}

test('the build writes a glossary per language and languages.json', (t) => {
  if (!requireShared(t)) return;
  const list = JSON.parse(readFileSync(path.join(OUT, 'languages.json'), 'utf8'));
  assert.equal(list.default, 'en');
  assert.equal(list.languages.length, 15);
  const ja = list.languages.find((l) => l.lang === 'ja');
  assert.equal(ja.glossary, 'ja/glossary.json');
  assert.ok(ja.translated >= 50 && ja.terms >= 140, JSON.stringify(ja));
});

test('each widget uses the glossary of its own language', async (t) => {
  if (!requireShared(t)) return;
  const p = await open('widgets', page('ja', `<glossa-search id="ja"></glossa-search>
    <div lang="ko"><glossa-search id="ko"></glossa-search></div>
    <div lang="sv"><glossa-search id="sv"></glossa-search></div>`));
  const ja = await results(p, 'ja', 'ガベージ');
  assert.equal(ja[0], 'ガベージコレクション', ja.join(' | '));
  const ko = await results(p, 'ko', '파드');
  assert.ok(ko.includes('파드(Pod)'), ko.join(' | '));
  // A language the list lacks gets the default (English).
  const sv = await results(p, 'sv', 'garbage');
  assert.equal(sv[0], 'Garbage Collection', sv.join(' | '));
  assert.deepEqual(p.problems, []);
});

test('mentions link in their language, and a term the translation lacks is the English one', async (t) => {
  if (!requireShared(t)) return;
  // German has 5 terms of its own: kubelet is one, Pod is not (English stands in).
  const body = `<main lang="de" data-glossa-autolink><p id="p">Das Kubelet startet jeden Pod auf dem Knoten.</p></main>`;
  const p = await open('autolink', page('de', body));
  await p.waitForFunction(() => document.querySelectorAll('#p glossa-term').length >= 2, null, { timeout: 15000 });
  const linked = await p.$$eval('#p glossa-term', (els) => els.map((e) => e.textContent));
  assert.deepEqual(linked, ['Kubelet', 'Pod']);
  await p.locator('#p glossa-term', { hasText: 'Pod' }).hover();
  const card = await p.waitForFunction(() => {
    const gc = document.getElementById('glossa-card')?.shadowRoot?.querySelector('[role=dialog]');
    const title = gc?.querySelector('.gc-title');
    return gc && title && gc.querySelector('.gc-body') ? { lang: gc.getAttribute('lang'), title: title.textContent, titleLang: title.getAttribute('lang') } : null;
  }, null, { timeout: 15000 }).then((h) => h.jsonValue());
  assert.equal(card.lang, 'de', 'the card speaks the page language');
  assert.match(card.title, /^Pod/);
  assert.equal(card.titleLang, 'en', 'the stand-in term is marked as English');
  assert.deepEqual(p.problems, []);
});

test('<glossa-glossary> offers a language switch and links a term\'s translations with hreflang', async (t) => {
  if (!requireShared(t)) return;
  const p = await open('browser', page('ja', '<glossa-glossary id="g"></glossa-glossary>'));
  const view = (v) => p.waitForFunction((v) => document.getElementById('g').dataset.view === v, v, { timeout: 15000 });
  const $g = (fn, arg) => p.$eval('#g', fn, arg);
  await view('list');
  assert.equal(await $g((e) => e.shadowRoot.querySelector('.gb-title').textContent), '標準化用語集', 'the ja glossary, by the page language');
  const sw = await $g((e) => { const s = e.shadowRoot.querySelector('select[data-lang]'); return { value: s.value, label: s.getAttribute('aria-label'), options: [...s.options].map((o) => [o.value, o.textContent, o.lang]) }; });
  assert.equal(sw.value, 'ja');
  assert.equal(sw.label, '言語');
  assert.equal(sw.options.length, 15);
  assert.deepEqual(sw.options.find((o) => o[0] === 'ko'), ['ko', '한국어', 'ko'], 'each language named in its own words');

  // A term page links its translations.
  await p.evaluate(() => { location.hash = '#/term/pod'; });
  await view('term');
  const links = await $g((e) => [...e.shadowRoot.querySelectorAll('.gb-translations a')].map((a) => ({ hreflang: a.hreflang, lang: a.lang, href: a.getAttribute('href'), text: a.textContent })));
  const ko = links.find((l) => l.hreflang === 'ko');
  assert.deepEqual(ko, { hreflang: 'ko', lang: 'ko', href: '#/term/pod?lang=ko', text: '한국어' });
  assert.ok(links.some((l) => l.hreflang === 'en') && !links.some((l) => l.hreflang === 'ja'), JSON.stringify(links));
  assert.ok(!links.some((l) => l.hreflang === 'pl'), 'pl has no pod of its own');

  // Following it switches the whole widget: glossary, words, and the language stays while browsing.
  await p.evaluate(() => { location.hash = '#/term/pod?lang=ko'; });
  await p.waitForFunction(() => document.getElementById('g').shadowRoot.querySelector('.gb-title')?.textContent === '용어집', null, { timeout: 15000 });
  await view('term');
  await p.waitForFunction(() => /파드/.test(document.getElementById('g').shadowRoot.querySelector('.gb-view h1')?.textContent ?? ''), null, { timeout: 15000 });
  assert.equal(await $g((e) => e.shadowRoot.querySelector('.gb').getAttribute('lang')), 'ko');
  assert.equal(await $g((e) => e.shadowRoot.querySelector('.gb-crumbs a').textContent), '← 모든 용어');
  await p.evaluate(() => { location.hash = '#/'; });
  await view('list');
  assert.equal(await $g((e) => e.shadowRoot.querySelector('select[data-lang]').value), 'ko', 'the chosen language stays');

  // The switch: German has 5 terms of its own; a missing one is English, said in German.
  await p.$eval('#g', (e) => { const s = e.shadowRoot.querySelector('select[data-lang]'); s.value = 'de'; s.dispatchEvent(new Event('change', { bubbles: true })); });
  await p.waitForFunction(() => document.getElementById('g').shadowRoot.querySelector('.gb-title')?.textContent === 'Standardisiertes Glossar', null, { timeout: 15000 });
  assert.match(await p.evaluate(() => location.hash), /lang=de/);
  await p.evaluate(() => { location.hash = '#/term/pod'; });
  await view('term');
  const stand = await $g((e) => ({
    note: e.shadowRoot.querySelector('.gb-translations .gb-note')?.textContent,
    lang: e.shadowRoot.querySelector('.gb-view h1')?.closest('[lang]')?.getAttribute('lang'),
  }));
  assert.equal(stand.lang, 'en');
  assert.equal(stand.note, 'Noch nicht übersetzt: auf Englisch angezeigt.');
  assert.deepEqual(p.problems, []);
});

test('a Chinese glossary is indexed by pinyin initial, in pinyin order within a letter', async (t) => {
  if (!requireShared(t)) return;
  const p = await open('zh', page('zh-CN', '<glossa-glossary id="g"></glossa-glossary>'));
  await p.waitForFunction(() => document.getElementById('g').dataset.view === 'list', null, { timeout: 15000 });
  assert.equal(await p.$eval('#g', (e) => e.shadowRoot.querySelector('.gb-title').textContent), '词汇表', 'zh-CN picks zh-cn');
  const nav = await p.$eval('#g', (e) => [...e.shadowRoot.querySelectorAll('.gb-letters li')].map((li) => li.textContent));
  assert.ok(nav.every((l) => /^[A-Z#]$/.test(l)), nav.join(' '));
  assert.ok(nav.length >= 18, nav.join(' '));
  await p.evaluate(() => { location.hash = '#/?letter=J'; });
  await p.waitForFunction(() => document.getElementById('g').shadowRoot.querySelector('.gb-letters [aria-current]')?.textContent === 'J');
  const j = await p.$eval('#g', (e) => [...e.shadowRoot.querySelectorAll('.gb-term-link')].map((a) => a.textContent));
  const chinese = j.filter((x) => /^[\u4e00-\u9fff]/.test(x));
  assert.ok(chinese.length >= 4, j.join(' | '));
  const ji = chinese.findIndex((x) => x.startsWith('集群'));
  const ju = chinese.findIndex((x) => x.startsWith('聚合'));
  assert.ok(ji >= 0 && ju >= 0 && ji < ju, `集群 (ji) before 聚合 (ju): ${chinese.join(' | ')}`);
  assert.deepEqual(p.problems, []);
});

test('a list follows its language\'s collation (Intl.Collator), not code points', async (t) => {
  if (!requireShared(t)) return;
  for (const lang of ['vi', 'fr', 'ru']) {
    const p = await open(`collation-${lang}`, page(lang, '<glossa-glossary id="g"></glossa-glossary>'));
    await p.waitForFunction(() => document.getElementById('g').dataset.view === 'list', null, { timeout: 15000 });
    const got = await p.$eval('#g', (e, lang) => {
      const c = new Intl.Collator(lang, { numeric: true });
      const groups = [...e.shadowRoot.querySelectorAll('.gb-group')].map((g) => [...g.querySelectorAll('.gb-term-link')].map((a) => a.textContent.toLowerCase()));
      const unsorted = groups.filter((g) => g.some((t, i) => i > 0 && c.compare(g[i - 1], t) > 0));
      const byCodePoint = groups.filter((g) => g.some((t, i) => i > 0 && g[i - 1] > t));
      return { n: groups.flat().length, unsorted, differs: byCodePoint.length };
    }, lang);
    assert.ok(got.n >= 100, `${lang}: ${got.n} terms listed`);
    // fr has no index.md (no title of its own): the glossary is named in the reader's words.
    if (lang === 'fr') assert.equal(await p.$eval('#g', (e) => e.shadowRoot.querySelector('.gb-title').textContent), 'Glossaire');
    assert.deepEqual(got.unsorted, [], `${lang}: groups out of collation order`);
    if (lang === 'fr') assert.ok(got.differs > 0, 'fr: code-point order differs somewhere (déploiement, disruption), so the test can tell');
    assert.deepEqual(p.problems, []);
    await p.context().close();
  }
});
