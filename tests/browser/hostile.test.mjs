// The hostile payload suite: 80+ vectors inside Nuxt payloads (built with npm devalue)
// and markdown files, each rendered by <glossa-entry> in its own page. Every page sets
// traps — a global function the attack would call, server routes that record any
// request, the document's base URL, cookie, location and body styles — and after
// hovering and focusing everything, asserts that nothing fired and nothing live leaked.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, serve, newPage, quiet } from './support/harness.mjs';
import { nuxtPayload, term } from './support/payloads.mjs';

const T = '/trap';
const P = '__pwned';
const call = (w) => `${P}('${w}')`;
const STYLE_ATTR = 'position:fixed;inset:0';

/** [name, minimark nodes] — payload vectors. */
const PAYLOAD = [
  ['script element', [['script', {}, call('script')]]],
  ['SCRIPT upper case', [['SCRIPT', {}, call('SCRIPT')]]],
  ['script src', [['script', { src: `${T}/script.js` }]]],
  ['ScRiPt src mixed case', [['ScRiPt', { src: `${T}/script2.js` }]]],
  ['onclick', [['p', { onclick: call('onclick') }, 'click me']]],
  ['img onerror', [['img', { src: 'missing-1.png', onerror: call('onerror') }]]],
  ['img ONERROR', [['img', { src: 'missing-2.png', ONERROR: call('ONERROR') }]]],
  ['img OnErRoR', [['img', { src: 'missing-3.png', OnErRoR: call('OnErRoR') }]]],
  ['input autofocus onfocus', [['input', { autofocus: true, onfocus: call('onfocus') }]]],
  ['details ontoggle', [['details', { open: true, ontoggle: call('ontoggle') }, ['summary', {}, 's'], 'd']]],
  ['onmouseover covering the page', [['div', { onmouseover: call('onmouseover'), style: STYLE_ATTR }, 'cover']]],
  ['onpointerenter', [['p', { onpointerenter: call('onpointerenter') }, 'enter']]],
  ['video onerror', [['video', { src: 'missing.mp4', onerror: call('video') }]]],
  ['body onload', [['body', { onload: call('body') }, 'b']]],
  ['svg onload', [['svg', { onload: call('svg-onload') }]]],
  ['a onClick camel', [['a', { href: '#x', onClick: call('onClick') }, 'a']]],
  ['bound :onclick', [['p', { ':onclick': call(':onclick') }, 'bound']]],
  ['vue @click', [['p', { '@click': call('@click') }, 'vue']]],
  ['vue v-on:click', [['p', { 'v-on:click': call('v-on') }, 'von']]],
  ['onanimationstart', [['p', { onanimationstart: call('anim'), style: 'animation:x 1s' }, 'anim']]],
  ['javascript: href', [['a', { href: `javascript:${call('href')}` }, 'x']]],
  ['JAVASCRIPT: upper', [['a', { href: `JAVASCRIPT:${call('HREF')}` }, 'x']]],
  ['leading space', [['a', { href: ` javascript:${call('space')}` }, 'x']]],
  ['tab inside', [['a', { href: `java\tscript:${call('tab')}` }, 'x']]],
  ['newline inside', [['a', { href: `java\nscript:${call('nl')}` }, 'x']]],
  ['control char prefix', [['a', { href: `\u0001javascript:${call('ctl')}` }, 'x']]],
  ['entity colon literal', [['a', { href: `javascript&colon;${call('entity')}` }, 'x']]],
  ['numeric entity', [['a', { href: `&#106;avascript:${call('num')}` }, 'x']]],
  ['zero-width in scheme', [['a', { href: `java\u200bscript:${call('zw')}` }, 'x']]],
  ['vbscript:', [['a', { href: 'vbscript:msgbox(1)' }, 'x']]],
  ['VBScript: mixed', [['a', { href: 'VBScript:msgbox(1)' }, 'x']]],
  ['data:text/html', [['a', { href: `data:text/html,<script>parent.${call('data')}</script>` }, 'x']]],
  ['data:text/html base64', [['a', { href: 'data:text/html;base64,PHNjcmlwdD5wYXJlbnQuX19wd25lZCgpPC9zY3JpcHQ+' }, 'x']]],
  ['img javascript:', [['img', { src: `javascript:${call('imgsrc')}` }]]],
  ['img data:svg', [['img', { src: `data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' onload='parent.${P}()'/>` }]]],
  ['iframe javascript:', [['iframe', { src: `javascript:${call('iframe')}` }]]],
  ['form action', [['form', { action: `javascript:${call('form')}` }, ['button', {}, 'go']]]],
  ['button formaction', [['button', { formaction: `javascript:${call('formaction')}` }, 'go']]],
  ['xlink:href on a', [['a', { 'xlink:href': `javascript:${call('xlink')}` }, 'x']]],
  ['svg a xlink', [['svg', {}, ['a', { 'xlink:href': `javascript:${call('svg-a')}` }, ['text', {}, 'x']]]]],
  ['mathml maction', [['math', {}, ['maction', { actiontype: 'statusline', 'xlink:href': `javascript:${call('math')}` }, 'm']]]],
  ['svg script', [['svg', {}, ['script', {}, call('svg-script')]]]],
  ['svg animate onbegin', [['svg', {}, ['animate', { onbegin: call('onbegin'), attributeName: 'x', dur: '1s' }]]]],
  ['iframe srcdoc', [['iframe', { srcdoc: `<script>parent.${call('srcdoc')}</script>` }]]],
  ['object data', [['object', { data: `${T}/object` }]]],
  ['embed src', [['embed', { src: `${T}/embed` }]]],
  ['base href', [['base', { href: `${T}/base/` }], ['a', { href: 'relative' }, 'rel']]],
  ['meta refresh', [['meta', { 'http-equiv': 'refresh', content: `0;url=${T}/meta` }]]],
  ['link stylesheet', [['link', { rel: 'stylesheet', href: `${T}/css` }]]],
  ['link prefetch', [['link', { rel: 'prefetch', href: `${T}/prefetch` }]]],
  ['style url()', [['p', { style: `background:url(${T}/style-bg)` }, 'x']]],
  ['style expression()', [['p', { style: `width:expression(${call('expr')})` }, 'x']]],
  ['object style (legacy)', [['p', { style: { background: `url(${T}/obj-style)` } }, 'x']]],
  ['style element @import', [['style', {}, `@import url(${T}/import.css); body{background:url(${T}/style-el)}`]]],
  ['style element breakout', [['style', {}, `}</style><script>${call('breakout')}</script><style>`]]],
  ['style element restyles host', [['style', {}, 'html body{display:none!important} html .shiki span{color:red}']]],
  ['Shiki class rule with url()', [['pre', { className: 'shiki', language: 'js' }, ['code', { __ignoreMap: '' }, ['span', { class: 'line', line: 1 }, ['span', { class: 'sEvil' }, 'x\n']]]], ['style', {}, `html pre.shiki code .sEvil{--shiki-default:url(${T}/shiki-var);background:url(${T}/shiki-bg)}`]]],
  ['Shiki inline var url()', [['pre', { className: 'shiki', language: 'js' }, ['code', { __ignoreMap: '' }, ['span', { class: 'line', line: 1 }, ['span', { style: `--shiki-default:url(${T}/tok)` }, 'x\n']]]]]],
  ['Shiki inline var breakout', [['pre', { className: 'shiki', language: 'js' }, ['code', { __ignoreMap: '' }, ['span', { class: 'line', line: 1 }, ['span', { style: '--shiki-default:#fff;}body{display:none' }, 'x\n']]]]]],
  ['is= customized built-in', [['p', { is: 'x-evil' }, 'x']]],
  ['id __proto__', [['p', { id: '__proto__' }, 'proto']]],
  ['name=cookie (DOM clobbering)', [['img', { name: 'cookie', src: 'data:image/gif;base64,R0lGODlhAQABAAAAACw=' }], ['form', { name: 'cookie' }, 'f']]],
  ['id=location', [['a', { id: 'location', href: `${T}/clobber` }, 'loc']]],
  ['id=glossa-card', [['p', { id: 'glossa-card' }, 'spoof']]],
  ['template script', [['template', {}, ['script', {}, call('template')]]]],
  ['noscript img', [['noscript', {}, `<img src=x onerror=${call('noscript')}>`]]],
  ['textarea breakout', [['textarea', {}, `</textarea><script>${call('textarea')}</script>`]]],
  ['img srcset', [['img', { srcset: `${T}/srcset 1x` }]]],
  ['input type=image', [['input', { type: 'image', src: `${T}/input` }]]],
  ['video poster', [['video', { poster: `${T}/poster` }]]],
  ['frameset onload', [['frameset', { onload: call('frameset') }]]],
  ['component with on* prop', [['callout', { type: 'warning', onmouseenter: call('callout') }, 'careful']]],
  ['component tag with markup in name', [['x" onload="' + call('tagname'), {}, 'weird tag']]],
  ['heading id breakout', [['h2', { id: `x" onmouseover="${call('hid')}` }, 'Heading']]],
  ['class injection', [['p', { className: ['glossa-copy', 'x" onclick="' + call('cls')] }, 'c']]],
  ['data-* with script', [['span', { 'data-x': `<script>${call('data-attr')}</script>` }, 'd']]],
  ['target=_blank gets noopener', [['a', { href: 'https://example.com/', target: '_blank' }, 'external']]],
];

/** [name, markdown source] — markdown term vectors. */
const MARKDOWN = [
  ['md script', `<script>${call('md-script')}</script>`],
  ['md javascript link', `[x](javascript:${call('md-link')})`],
  ['md img onerror', `<img src=x onerror=${call('md-img')}>`],
  ['md image javascript', `![x](javascript:${call('md-image')})`],
  ['md entity scheme', `[x](java&#115;cript:${call('md-ent')})`],
  ['md html a entity colon', `<a href="javascript&colon;${call('md-a')}">z</a>`],
  ['md iframe srcdoc', `<iframe srcdoc='<script>parent.${call('md-srcdoc')}</script>'></iframe>`],
  ['md svg script', `<svg><script>${call('md-svg')}</script></svg>`],
  ['md style restyle', '<style>body{display:none!important}</style>'],
  ['md vbscript', '[click](vbscript:msgbox(1))'],
  ['md div onmouseover', `<div onmouseover="${call('md-div')}" style="${STYLE_ATTR}">cover</div>`],
  ['md base', `<base href="${T}/md-base/">\n\n[rel](relative)`],
  ['md details ontoggle', `<details open ontoggle="${call('md-toggle')}"><summary>s</summary>d</details>`],
  ['md math', `<math><maction actiontype="statusline" xlink:href="javascript:${call('md-math')}">m</maction></math>`],
];

let browser, server, base, pages;
const hits = [];
before(async () => {
  browser = await launch();
  ({ server, url: base, pages } = await serve({
    handle: async (req, res, pathname) => {
      if (!pathname.startsWith(T)) return false;
      hits.push(pathname);
      res.writeHead(204).end();
      return true;
    },
  }));
  pages.set('/t/trap.js', { body: `window.__fired = []; window.${P} = (w) => window.__fired.push(w ?? '?'); window.alert = window.confirm = window.prompt = (m) => window.__fired.push('dialog:' + m);`, type: 'text/javascript' });
});
after(async () => {
  await browser?.close();
  server?.close();
});

async function run(name, src, extra = {}) {
  const key = encodeURIComponent(name.replace(/\W+/g, '-'));
  pages.set(`/t/h-${key}.html`, `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
    <script src="/t/trap.js"></script><script type="module" src="/pkg/glossa.js"></script></head>
    <body><p id="host">host page</p><glossa-entry src="${src}"></glossa-entry></body></html>`);
  const page = await newPage(browser);
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  const before = hits.length;
  await page.goto(`${base}/t/h-${key}.html`);
  await page.waitForFunction(() => ['ready', 'error'].includes(document.querySelector('glossa-entry')?.dataset.state), null, { timeout: 15000 });
  const state = await page.$eval('glossa-entry', (e) => ({ state: e.dataset.state, error: e.dataset.error }));
  // Interact with everything the widget rendered: hover, focus, and click what is not a real navigation.
  const targets = await page.locator('glossa-entry .glossa *').all();
  for (const t of targets.slice(0, 40)) await t.hover({ timeout: 500, force: true }).catch(() => {});
  await page.evaluate(() => {
    for (const el of document.querySelector('glossa-entry').shadowRoot.querySelectorAll('*')) {
      el.focus?.();
      const href = el.getAttribute('href') ?? '';
      if (el.tagName === 'BUTTON' || (el.tagName === 'A' && !/^(https?:|\/|[a-z])/i.test(href))) el.click?.();
    }
  });
  // Whatever that could set off has happened by now: every request it made answered, queued events dispatched.
  await quiet(page);
  const r = await page.evaluate(() => {
    const root = document.querySelector('glossa-entry').shadowRoot;
    const all = [...root.querySelectorAll('*')];
    return {
      fired: window.__fired,
      baseURI: document.baseURI === location.href,
      cookie: typeof document.cookie,
      bodyDisplay: getComputedStyle(document.body).display,
      bodyBg: getComputedStyle(document.body).backgroundImage,
      host: getComputedStyle(document.getElementById('host')).color,
      proto: ({}).polluted === undefined && Object.prototype.toString.call({}) === '[object Object]',
      liveTags: all.map((e) => e.localName).filter((t) => ['script', 'iframe', 'object', 'embed', 'base', 'meta', 'link', 'svg', 'math', 'form', 'frameset', 'template', 'noscript', 'textarea', 'video', 'audio', 'style'].includes(t)),
      badAttrs: all.flatMap((e) => [...e.attributes].map((a) => a.name)).filter((n) => /^on/i.test(n) || ['style', 'srcdoc', 'formaction', 'is', 'name', 'xlink:href', 'srcset', 'poster', 'action', 'autofocus'].includes(n)),
      badUrls: all.flatMap((e) => ['href', 'src', 'cite'].map((a) => e.getAttribute(a)).filter(Boolean)).filter((u) => /^\s*(javascript|vbscript|data:(?!image\/(png|gif|jpeg|webp|avif)))/i.test(u)),
      blank: all.filter((e) => e.getAttribute('target') === '_blank').map((e) => e.getAttribute('rel')),
      location: location.pathname,
    };
  });
  const trapped = hits.slice(before);
  await page.context().close();
  return { ...r, state, trapped, dialogs, ...extra };
}

function check(name, r) {
  assert.deepEqual(r.fired, [], `${name}: script ran`);
  assert.deepEqual(r.dialogs, [], `${name}: dialog opened`);
  assert.deepEqual(r.trapped, [], `${name}: a trap URL was requested`);
  assert.ok(r.baseURI, `${name}: document base URL changed`);
  assert.equal(r.cookie, 'string', `${name}: document.cookie clobbered`);
  assert.equal(r.bodyDisplay, 'block', `${name}: host page restyled`);
  assert.equal(r.bodyBg, 'none', `${name}: host page restyled`);
  assert.equal(r.host, 'rgb(0, 0, 0)', `${name}: host text restyled`);
  assert.ok(r.proto, `${name}: prototype polluted`);
  assert.deepEqual(r.liveTags, [], `${name}: dangerous elements in the DOM`);
  assert.deepEqual(r.badAttrs, [], `${name}: dangerous attributes in the DOM`);
  assert.deepEqual(r.badUrls, [], `${name}: dangerous URLs in the DOM`);
  assert.ok(r.blank.every((rel) => /noopener/.test(rel ?? '')), `${name}: target=_blank without noopener`);
  assert.match(r.location, /^\/t\/h-/, `${name}: navigated away`);
}

test(`${PAYLOAD.length} payload vectors`, async (t) => {
  for (const [i, [name, nodes]] of PAYLOAD.entries()) {
    await t.test(name, async () => {
      pages.set(`/v/p${i}/_payload.json`, { body: nuxtPayload(term(`vector-${i}`, nodes, { title: `Vector ${i}` })), type: 'application/json' });
      const r = await run(name, `/v/p${i}/_payload.json`);
      assert.equal(r.state.state, 'ready', `${name}: ${r.state.error}`);
      check(name, r);
    });
  }
});

test(`${MARKDOWN.length} markdown vectors`, async (t) => {
  for (const [i, [name, md]] of MARKDOWN.entries()) {
    await t.test(name, async () => {
      pages.set(`/v/m${i}.md`, { body: `---\ntitle: Markdown vector ${i}\n---\n\n${md}\n`, type: 'text/markdown' });
      const r = await run(name, `/v/m${i}.md`);
      assert.equal(r.state.state, 'ready', `${name}: ${r.state.error}`);
      check(name, r);
    });
  }
});

test('titles: bidi overrides and zero-width characters are removed; __proto__ keys are refused', async () => {
  pages.set('/v/title/_payload.json', { body: nuxtPayload(term('title', [['p', {}, 'body']], { title: 'Ad\u200bmin \u202Egnp.exe', description: 'Safe\u2066 text\u2069' })), type: 'application/json' });
  const page = await newPage(browser);
  pages.set('/t/title.html', `<!doctype html><link rel="icon" href="data:,"><script type="module" src="/pkg/glossa.js"></script><glossa-entry src="/v/title/_payload.json"></glossa-entry>`);
  await page.goto(`${base}/t/title.html`);
  await page.waitForFunction(() => document.querySelector('glossa-entry')?.dataset.state === 'ready');
  const t = await page.$eval('glossa-entry', (e) => ({ h1: e.shadowRoot.querySelector('h1').textContent, d: e.shadowRoot.querySelector('.glossa-description').textContent }));
  assert.equal(t.h1, 'Admin gnp.exe');
  assert.equal(t.d, 'Safe text');
  // A devalue object with a __proto__ key is an error for that payload, and nothing is polluted.
  pages.set('/v/proto/_payload.json', { body: '[{"data":1},{"term-x":2},{"title":3,"body":4,"__proto__":5},"T",{"type":6,"value":7},{"polluted":3},"minimark",[]]', type: 'application/json' });
  pages.set('/t/proto.html', `<!doctype html><link rel="icon" href="data:,"><script type="module" src="/pkg/glossa.js"></script><glossa-entry src="/v/proto/_payload.json"></glossa-entry>`);
  await page.goto(`${base}/t/proto.html`);
  await page.waitForFunction(() => document.querySelector('glossa-entry')?.dataset.state === 'error');
  assert.match(await page.$eval('glossa-entry', (e) => e.dataset.error), /__proto__/);
  assert.equal(await page.evaluate(() => ({}).polluted), undefined);
});
