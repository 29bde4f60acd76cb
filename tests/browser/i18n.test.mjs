// glossa's own words in the reader's language (issue #14, part 1): the element's `lang`
// (or an ancestor's, up to <html lang>), then the glossary's language, then English;
// plural forms and numbers from Intl; configure({ strings }) overrides; right-to-left cards.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { rmSync, mkdirSync } from 'node:fs';
import { launch, serve, newPage, repoRoot, shared, requireShared, screenshotPath } from './support/harness.mjs';

let browser, srv;
before(async () => {
  browser = await launch();
  srv = await serve();
});
after(async () => {
  await browser?.close();
  srv?.server.close();
});

const page = (lang, body, head = '') => `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>i18n</title><link rel="icon" href="data:,">
  ${head}<script type="module" src="/pkg/glossa.js" data-glossary="/www/glossary/glossary.json" data-card-open-delay="0" data-card-prefetch-delay="0"></script>
  </head><body>${body}</body></html>`;

async function open(name, html, onPage = () => {}) {
  srv.pages.set(`/i18n/${name}.html`, html);
  const p = await newPage(browser);
  onPage(p);
  await p.goto(`${srv.url}/i18n/${name}.html`);
  return p;
}
const input = (p, id) => p.waitForFunction((id) => document.getElementById(id).shadowRoot?.querySelector('.gs-input'), id);
const inBox = (p, id, sel, prop = 'textContent') => p.$eval(`#${id}`, (e, [sel, prop]) => e.shadowRoot.querySelector(sel)?.[prop], [sel, prop]);

test('the search box speaks the page language from the first load, and the full module goes on in it', async () => {
  const p = await open('de', page('de', '<glossa-search id="s"></glossa-search><p lang="ja"><glossa-search id="ja"></glossa-search></p><glossa-search id="own" placeholder="Suche…"></glossa-search>'));
  await input(p, 's');
  await input(p, 'ja');
  // Drawn by the first-load module, before any interaction.
  assert.equal(await inBox(p, 's', '.gs-input', 'placeholder'), 'Glossar durchsuchen');
  assert.equal(await inBox(p, 'ja', '.gs-input', 'placeholder'), '用語集を検索', 'the nearest lang wins');
  assert.equal(await inBox(p, 'own', '.gs-input', 'placeholder'), 'Suche…', "the element's own placeholder stays");
  const box = p.locator('#s input');
  await box.fill('zzqqxx');
  await p.waitForFunction(() => document.getElementById('s').shadowRoot.querySelector('.gs-status')?.textContent === 'Keine Ergebnisse');
  assert.match(await inBox(p, 's', '.gs-empty'), /Keine Begriffe passen zu „zzqqxx“/);
  await box.fill('rag');
  await p.waitForFunction(() => /^\d+ Ergebnis(se)?$/.test(document.getElementById('s').shadowRoot.querySelector('.gs-status')?.textContent ?? ''));
  assert.equal(await inBox(p, 's', 'ul.gs-list', 'ariaLabel'), 'Suchergebnisse');
  assert.deepEqual(p.problems, []);
});

test('plural forms and numbers come from Intl for the language (ru, ar)', async () => {
  for (const [lang, want] of [['ru', /^51 термин$/], ['ar', /^(51|٥١) مصطلحًا$/], ['en', /^51 terms$/]]) {
    const p = await open(`browser-${lang}`, page(lang, '<glossa-glossary id="g"></glossa-glossary>'));
    await p.waitForFunction(() => document.getElementById('g').dataset.view === 'list', null, { timeout: 15000 });
    const meta = await p.$eval('#g', (e) => e.shadowRoot.querySelector('.gb-meta').textContent);
    assert.match(meta, want, `${lang}: ${meta}`);
    assert.deepEqual(p.problems, []);
    await p.context().close();
  }
});

test('configure({ strings }) overrides words per language; unknown words are warned about and skipped', async () => {
  const head = `<script type="module">import { configure } from '/pkg/glossa.js';
    await configure({ strings: { de: { searchPlaceholder: 'Wörterbuch durchsuchen', nope: 'x' } } });
    await configure({ strings: { '*': { noResults: '—' } } });</script>`;
  const warnings = [];
  const p = await open('override', page('de', '<glossa-search id="s"></glossa-search>', head), (p) => p.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); }));
  await input(p, 's');
  await p.waitForFunction(() => document.getElementById('s').shadowRoot.querySelector('.gs-input').placeholder === 'Wörterbuch durchsuchen');
  await p.locator('#s input').fill('zzqqxx');
  await p.waitForFunction(() => document.getElementById('s').shadowRoot.querySelector('.gs-status')?.textContent === '—');
  assert.ok(warnings.some((w) => /strings\.de\.nope: no such word/.test(w)), warnings.join('\n'));
});

test('a mention in a right-to-left language opens a card in that language, right to left, from the mention\'s start side', async () => {
  const texts = { ar: ['يستخدم الوكيل RAG للإجابة عن الأسئلة.', 'إيقاف المعاينات'], ur: ['ایجنٹ سوالوں کے جواب کے لیے RAG استعمال کرتا ہے۔', 'پیش نظارہ بند کریں'] };
  for (const [lang, [text, off]] of Object.entries(texts)) {
    const body = `<main data-glossa-autolink dir="rtl" lang="${lang}" style="max-width:36rem;margin:2rem auto;font-size:20px"><p id="p">${text}</p></main>`;
    const p = await open(`rtl-${lang}`, page('en', body));
    await p.waitForFunction(() => document.querySelector('#p glossa-term'));
    await p.locator('#p glossa-term').hover();
    await p.waitForFunction(() => document.getElementById('glossa-card')?.shadowRoot?.querySelector('.glossa-card .gc-body'));
    await p.waitForFunction(() => getComputedStyle(document.getElementById('glossa-card')).opacity === '1');
    const got = await p.evaluate(() => {
      const h = document.getElementById('glossa-card');
      const c = h.shadowRoot.querySelector('.glossa-card');
      const card = h.getBoundingClientRect();
      const mention = document.querySelector('#p glossa-term').getBoundingClientRect();
      return {
        lang: c.getAttribute('lang'), dir: getComputedStyle(c).direction, off: c.querySelector('.gc-off')?.textContent,
        startGap: Math.abs(card.right - mention.right), inside: card.left >= 0 && card.right <= innerWidth,
      };
    });
    assert.deepEqual({ lang: got.lang, dir: got.dir, off: got.off }, { lang, dir: 'rtl', off });
    assert.ok(got.inside, 'inside the viewport');
    assert.ok(got.startGap < 1, `the card's right edge is the mention's (off by ${got.startGap} px)`);
    await p.screenshot({ path: screenshotPath(`card-rtl-${lang}.png`), animations: 'disabled' });
    assert.deepEqual(p.problems, []);
    await p.context().close();
  }
});

test('a term page in a right-to-left context mirrors, keeps code left to right, and labels in its language', async () => {
  const body = `<div dir="rtl" lang="ar"><glossa-entry id="e" src="/tests/fixtures/seed/chat-completion.payload.json"></glossa-entry></div>`;
  const p = await open('entry-rtl', page('en', body));
  await p.waitForFunction(() => document.getElementById('e').dataset.state === 'ready', null, { timeout: 15000 });
  const got = await p.$eval('#e', (e) => {
    const r = e.shadowRoot;
    const pre = r.querySelector('.glossa-code pre');
    return {
      body: getComputedStyle(r.querySelector('article') ?? r.firstElementChild).direction,
      pre: pre && getComputedStyle(pre).direction,
      copy: r.querySelector('.glossa-copy')?.textContent,
      toc: r.querySelector('.glossa-toc-title')?.textContent ?? null,
    };
  });
  assert.equal(got.body, 'rtl');
  assert.equal(got.pre, 'ltr');
  assert.equal(got.copy, 'نسخ');
  assert.equal(got.toc, 'في هذه الصفحة');
  await p.screenshot({ path: screenshotPath('entry-rtl-ar.png'), fullPage: true, animations: 'disabled' });
  assert.deepEqual(p.problems, []);
});

test('letter navigation fits the script: kana rows and one kanji group in Japanese, initial consonants in Korean', async (t) => {
  if (!requireShared(t)) return;
  const out = path.join(repoRoot, 'target', 'test-i18n');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const want = { ja: /^(あ|か|さ|た|な|は|ま|や|ら|わ|漢字)$/, ko: /^(ㄱ|ㄴ|ㄷ|ㄹ|ㅁ|ㅂ|ㅅ|ㅇ|ㅈ|ㅊ|ㅋ|ㅌ|ㅍ|ㅎ)$/ };
  for (const lang of ['ja', 'ko']) {
    const src = path.join(shared, 'corpus/kubernetes-glossary/content', lang, 'docs/reference/glossary');
    execFileSync('cargo', ['run', '--quiet', '--bin', 'glossa', '--', 'build', src, '-o', path.join(out, lang), '--lang', lang], { cwd: repoRoot, stdio: 'inherit' });
    const p = await open(`letters-${lang}`, page(lang, `<glossa-glossary id="g" glossary="/target/test-i18n/${lang}/glossary.json"></glossa-glossary>`));
    await p.waitForFunction(() => document.getElementById('g').dataset.view === 'list', null, { timeout: 15000 });
    const nav = await p.$eval('#g', (e) => ({
      label: e.shadowRoot.querySelector('.gb-letters').getAttribute('aria-label'),
      letters: [...e.shadowRoot.querySelectorAll('.gb-letters li')].map((li) => li.textContent),
      groups: [...e.shadowRoot.querySelectorAll('.gb-group .gb-letter')].map((h) => h.textContent),
    }));
    const own = nav.letters.filter((l) => want[lang].test(l));
    assert.ok(own.length >= 5, `${lang}: ${nav.letters.join(' ')}`);
    // The script's own headings first, then Latin ones (untranslated titles), `#` last; no empty A–Z.
    assert.deepEqual(nav.letters.slice(0, own.length), own, nav.letters.join(' '));
    assert.ok(nav.letters.slice(own.length).every((l) => /^[A-Z#]$/.test(l)), nav.letters.join(' '));
    assert.deepEqual(nav.groups, nav.letters, 'one list group per heading, in the same order');
    assert.equal(nav.label, lang === 'ja' ? '頭文字で探す' : '글자별 용어');
    assert.deepEqual(p.problems, []);
    await p.context().close();
  }
});
