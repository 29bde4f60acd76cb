// The markup glossa outputs (renderToString, the CLI's render) is safe in an ordinary
// page — put into the light DOM with innerHTML, where no shadow root protects the host:
// payload ids cannot clash with the host's or clobber globals, payload classes cannot
// pick up the host's styles, framework data attributes do not get through, and links
// that leave the site (in any case, or written `/\host`) get rel="noopener…".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, serve, newPage } from './support/harness.mjs';
import { nuxtPayload, term } from './support/payloads.mjs';

let browser, server, base, pages;
before(async () => {
  browser = await launch();
  ({ server, url: base, pages } = await serve());
});
after(async () => {
  await browser?.close();
  server?.close();
});

const BODY = [
  ['h2', { id: 'location' }, 'Where'],
  ['h2', {}, 'Forms'],
  ['p', { id: 'top', class: 'fixed inset-0 hidden modal', 'data-bind': 'click: pwn', 'data-hx-get': '/trap', 'data-toggle': 'modal', dataAction: 'x', 'aria-label': 'fine', role: 'alert' }, 'styled text'],
  ['p', {}, ['a', { href: 'HTTPS://EXAMPLE.COM/x' }, 'upper'], ' ', ['a', { href: '/\\evil.example/x' }, 'backslash'], ' ',
    ['a', { href: '\\\\evil.example' }, 'two backslashes'], ' ', ['a', { href: '#location' }, 'in-page'], ' ', ['a', { href: '/local' }, 'local']],
  ['pre', { language: 'js' }, ['code', {}, ['span', { class: 'line' }, ['span', { class: 'sMK4o hidden' }, 'const x = 1;']]]],
];

test('rendered markup in an ordinary page: no id, class or data attribute reaches the host; external links get rel', async () => {
  pages.set('/t/o/_payload.json', { body: nuxtPayload(term('o', BODY, { title: 'Ordinary' })), type: 'application/json' });
  pages.set('/t/ordinary.html', `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>o</title>
    <style>.hidden{display:none}.fixed{position:fixed}.modal{outline:9px solid red}[data-toggle]{display:none}</style>
    <script type="module" src="/pkg/glossa.js"></script></head><body><div id="top-host">host</div><div id="out"></div></body></html>`);
  const page = await newPage(browser);
  await page.goto(`${base}/t/ordinary.html`);
  const r = await page.evaluate(async () => {
    const { renderToString } = await import('/pkg/glossa.js');
    const bytes = await (await fetch('/t/o/_payload.json')).arrayBuffer();
    const out = document.getElementById('out');
    out.innerHTML = await renderToString(bytes, '/t/o/_payload.json');
    const els = [...out.querySelectorAll('*')].filter((e) => e.localName !== 'style');
    const styled = out.querySelector('p[aria-label]');
    return {
      ids: els.map((e) => e.id).filter(Boolean),
      classes: [...new Set(els.flatMap((e) => [...e.classList]))],
      attrs: [...new Set(els.flatMap((e) => [...e.attributes].map((a) => a.name)))].sort(),
      styled: styled && { display: getComputedStyle(styled).display, position: getComputedStyle(styled).position, role: styled.getAttribute('role') },
      locationIsLocation: window.location instanceof Location && typeof window.top?.location === 'object',
      links: [...out.querySelectorAll('p a')].map((a) => ({ text: a.textContent, href: a.getAttribute('href'), rel: a.getAttribute('rel') })),
      token: out.querySelector('pre code span span')?.className,
    };
  });
  for (const id of r.ids) assert.match(id, /^user-content-/, `payload id ${id} is prefixed`);
  assert.ok(r.ids.includes('user-content-location') && r.ids.includes('user-content-forms'), r.ids.join());
  assert.ok(r.locationIsLocation, 'window.location and window.top are not clobbered');
  for (const c of r.classes) assert.match(c, /^(uc-|glossa|gs\d|shiki$|language-|line$)/, `class ${c} is ours or prefixed`);
  assert.equal(r.token, 'uc-sMK4o uc-hidden', 'Shiki token classes are kept, prefixed');
  const allowed = new Set(['aria-label', 'class', 'data-language', 'data-line', 'data-slug', 'href', 'id', 'role', 'tabindex', 'type', 'aria-hidden', 'rel', 'title', 'data-component', 'dir', 'lang', 'data-glossa-term', 'aria-labelledby']);
  for (const a of r.attrs) assert.ok(allowed.has(a) || /^data-(category|difficulty)$/.test(a) || a === 'aria-label', `attribute ${a} is allowlisted`);
  assert.ok(!r.attrs.some((a) => /^data-(bind|hx|toggle|action)/.test(a)), `framework attributes dropped: ${r.attrs}`);
  assert.deepEqual({ display: r.styled.display, position: r.styled.position }, { display: 'block', position: 'static' }, 'the host\'s .hidden/.fixed/[data-toggle] rules do not apply');
  assert.equal(r.styled.role, null, 'widget roles (alert) are not taken from a payload');
  const by = Object.fromEntries(r.links.map((l) => [l.text, l]));
  for (const t of ['upper', 'backslash', 'two backslashes']) assert.match(by[t].rel ?? '', /noopener/, `${t}: ${JSON.stringify(by[t])}`);
  assert.equal(by['in-page'].href, '#user-content-location');
  assert.equal(by.local.rel, null);
  assert.deepEqual(page.problems, []);
});
