// Entry of the single-file bundle (`glossa bundle`): the wasm, the glossary and
// every payload are inside the HTML page, so it works from file:// with no server.
import { initSync, start, setFetchOverride, configureCards } from './glossa_core.js';

const BASE = 'https://glossa.bundle/';
const b64 = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
initSync({ module: b64(document.getElementById('glossa-wasm').textContent.trim()) });
const files = JSON.parse(document.getElementById('glossa-files').textContent);
const enc = new TextEncoder();
setFetchOverride((url) => {
  if (!url.startsWith(BASE)) return undefined;
  const f = files[decodeURIComponent(url.slice(BASE.length).split(/[?#]/)[0])];
  if (f === undefined) return null;
  return f.startsWith('base64:') ? b64(f.slice(7)) : enc.encode(f);
});
configureCards({ termHref: '#/term/{id}' });
start(`${BASE}glossary.json`);
