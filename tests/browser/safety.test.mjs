// Safe rendering, proven in a real browser: hostile payloads are rendered and
// nothing they carry runs, loads or leaks. Each page sets traps — a global
// function that flags a call, and a server route that records any request.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, serve, newPage, settled, quiet } from './support/harness.mjs';
import { nuxtPayload, term } from './support/payloads.mjs';

let browser, server, base, pages;
const hits = [];
before(async () => {
  browser = await launch();
  ({ server, url: base, pages } = await serve({
    handle: async (req, res, pathname) => {
      if (!pathname.startsWith('/trap')) return false;
      hits.push(pathname);
      res.writeHead(204).end();
      return true;
    },
  }));
});
after(async () => {
  await browser?.close();
  server?.close();
});

const T = '/trap';
const HOSTILE = [
  ['script', {}, 'window.__pwned("script")'],
  ['p', { onclick: '__pwned("onclick")', ONMOUSEOVER: '__pwned("over")', onFocus: '__pwned("focus")', tabindex: '0' }, 'events'],
  ['img', { src: 'missing.png', onerror: '__pwned("onerror")' }],
  ['img', { src: 'javascript:__pwned("imgsrc")' }],
  ['a', { href: 'javascript:__pwned("href")', id: 'js1' }, 'js link'],
  ['a', { href: '  JaVaScRiPt:__pwned("href2")', id: 'js2' }, 'js link 2'],
  ['a', { href: 'java\tscript:__pwned("href3")', id: 'js3' }, 'js link 3'],
  ['a', { href: 'data:text/html,<script>parent.__pwned("data")</script>', id: 'js4' }, 'data link'],
  ['a', { href: 'vbscript:msgbox(1)', id: 'js5' }, 'vb'],
  ['iframe', { srcdoc: '<script>parent.__pwned("srcdoc")</script>', src: `${T}/iframe` }, 'frame'],
  ['object', { data: `${T}/object` }],
  ['embed', { src: `${T}/embed` }],
  ['base', { href: `${T}/base/` }],
  ['meta', { 'http-equiv': 'refresh', content: `0;url=${T}/meta` }],
  ['link', { rel: 'stylesheet', href: `${T}/link.css` }],
  ['svg', {}, ['script', {}, '__pwned("svg")'], ['a', { 'xlink:href': 'javascript:__pwned("xlink")' }, 'x']],
  ['math', {}, ['maction', { actiontype: 'statusline', 'xlink:href': 'javascript:__pwned("math")' }, 'm']],
  ['form', { action: `${T}/form` }, ['button', { formaction: `javascript:__pwned("formaction")` }, 'go'], ['input', { type: 'image', src: `${T}/input` }]],
  ['details', { open: true, ontoggle: '__pwned("ontoggle")' }, ['summary', {}, 's'], 'd'],
  ['p', { is: 'x-evil', style: `background:url(${T}/style-attr)` }, 'styled'],
  ['video', { poster: `${T}/poster`, src: `${T}/video` }],
  ['template', {}, ['img', { src: 'x', onerror: '__pwned("template")' }]],
  ['noscript', {}, ['img', { src: `${T}/noscript` }]],
  ['p', { id: 'cookie', name: 'cookie' }, 'clobber'],
  ['style', {}, `body{background:url(${T}/style-el)} @import url(${T}/import.css);`],
];

test('hostile payload content never runs, loads or restyles the host', async () => {
  hits.length = 0;
  pages.set('/t/evil/_payload.json', { body: nuxtPayload(term('evil', HOSTILE, { title: 'Evil' })), type: 'application/json' });
  pages.set('/t/safety.html', `<!doctype html><link rel="icon" href="data:,">
    <script type="module" src="/www/../tests/browser/support/trap.js"></script>
    <script type="module" src="/pkg/glossa.js"></script>
    <p id="host">host text</p>
    <glossa-entry src="/t/evil/_payload.json"></glossa-entry>`);
  pages.set('/tests/browser/support/trap.js', { body: 'window.__fired = []; window.__pwned = (w) => window.__fired.push(w);', type: 'text/javascript' });
  const page = await newPage(browser);
  await page.goto(`${base}/t/safety.html`);
  await settled(page);
  assert.equal(await page.$eval('glossa-entry', (e) => e.dataset.state), 'ready');
  // Interact with everything that could carry a handler.
  const root = page.locator('glossa-entry');
  await root.locator('text=events').hover();
  await root.locator('text=events').click();
  for (const id of ['js1', 'js2', 'js3', 'js4', 'js5']) {
    const a = root.locator(`#${id}`);
    if (await a.count()) await a.click({ noWaitAfter: true }).catch(() => {});
  }
  // Whatever the clicks could set off has happened by now: requests answered, queued tasks and events run.
  await quiet(page);
  assert.deepEqual(await page.evaluate(() => window.__fired), []);
  assert.deepEqual(hits, [], `no request reached a trap: ${hits}`);
  const dom = await page.$eval('glossa-entry', (e) => ({
    html: e.shadowRoot.innerHTML.toLowerCase(),
    bad: e.shadowRoot.querySelectorAll('script,iframe,object,embed,base,meta,link,svg,math,form,button:not(.glossa-copy),style,template,video,noscript,input:not([type=checkbox])').length,
    attrs: [...e.shadowRoot.querySelectorAll('*')].flatMap((el) => [...el.attributes].map((a) => a.name)).filter((n) => n.startsWith('on') || n === 'style' || n === 'is' || n === 'srcdoc' || n === 'formaction' || n === 'name'),
    hrefs: [...e.shadowRoot.querySelectorAll('[href],[src]')].map((el) => el.getAttribute('href') ?? el.getAttribute('src')),
    hostBg: getComputedStyle(document.body).backgroundImage,
    cookieClobbered: typeof document.cookie !== 'string',
  }));
  assert.equal(dom.bad, 0);
  assert.deepEqual(dom.attrs, []);
  for (const h of dom.hrefs) assert.doesNotMatch(h, /^\s*(javascript|vbscript|data:text)/i, h);
  assert.equal(dom.hostBg, 'none');
  assert.equal(dom.cookieClobbered, false);
  assert.ok(dom.html.includes('clobber') && dom.html.includes('styled'), 'ordinary text survives');
  // Ordinary (relative) images in the payload may 404; nothing else may complain.
  assert.deepEqual(page.problems.filter((p) => !p.includes('status of 404')), []);
});

test('the DOM the element builds equals the HTML string renderer (same tree)', async () => {
  const page = await newPage(browser);
  await page.goto(`${base}/www/seed.html`);
  await settled(page);
  const result = await page.evaluate(async () => {
    const { renderToString } = await import('/pkg/glossa.js');
    const bytes = await (await fetch('/tests/fixtures/seed/chat-completion.payload.json')).arrayBuffer();
    const str = await renderToString(bytes, 'chat-completion/_payload.json');
    const dom = document.querySelector('glossa-entry').shadowRoot.querySelector('article').outerHTML;
    return { str: str.replace(/^<style>[\s\S]*?<\/style>/, ''), dom };
  });
  // The element uses href-template, the bare renderer does not: compare with links normalised.
  const norm = (s) => s.replace(/href="[^"]*"/g, 'href');
  assert.equal(norm(result.dom), norm(result.str));
});
