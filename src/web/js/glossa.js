// glossa — one module to load the wasm core and define the custom elements.
//   <script type="module" src="…/glossa.js"></script>
//   <glossa-entry src="…/_payload.json"></glossa-entry>
import init, * as core from './glossa_core.js';

/** Resolves to the initialised core once the wasm module is loaded and elements are defined. */
export const ready = init().then(() => {
  core.setMarkdownLoader(loadMarkdown);
  core.start();
  return core;
});

// Markdown support is a separate wasm module, fetched the first time a markdown file is loaded.
let markdownModule;
async function loadMarkdown(bytes, name) {
  markdownModule ??= import('./glossa_md.js').then(async (m) => { await m.default(); return m; });
  return (await markdownModule).loadMarkdown(bytes, name);
}

/** Renders a payload (bytes of a Nuxt `_payload.json`, an HTML page or a markdown file) to an HTML string. */
export async function renderToString(bytes, name = 'payload.json') {
  const c = await ready;
  return c.renderToString(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes), name);
}

export default ready;
