// Entry of the single-file bundle (`glossa bundle`): the wasm, the glossary and
// every payload are inside the HTML page, so it works from file:// with no server.
// Binary parts (the wasm, search indexes) are base64 of their gzip form, gunzipped
// here by the browser's own DecompressionStream.
import init, { start, setFetchOverride, configureCards } from './glossa_core.js';

const BASE = 'https://glossa.bundle/';
const gunzip64 = async (s) => {
  const zipped = new Blob([Uint8Array.from(atob(s), (c) => c.charCodeAt(0))]);
  return new Uint8Array(await new Response(zipped.stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());
};
const enc = new TextEncoder();
const files = JSON.parse(document.getElementById('glossa-files').textContent);
const [wasm, ...binary] = await Promise.all([
  gunzip64(document.getElementById('glossa-wasm').textContent.trim()),
  ...Object.entries(files).filter(([, f]) => f.startsWith('gzip64:')).map(async ([k, f]) => [k, await gunzip64(f.slice(7))]),
]);
const bytes = new Map(binary);
await init({ module_or_path: wasm });
setFetchOverride((url) => {
  if (!url.startsWith(BASE)) return undefined;
  const name = decodeURIComponent(url.slice(BASE.length).split(/[?#]/)[0]);
  const f = files[name];
  if (f === undefined) return null;
  return bytes.get(name) ?? enc.encode(f);
});
configureCards({ termHref: '#/term/{id}' });
start(`${BASE}glossary.json`);
