// A small static file server for the demo and the tests (no dependencies).
// Serves the repository root on 127.0.0.1; `/` redirects to the demo in /www/.
// Usage: node .ci/server.mjs [--port 8000] [--root DIR]
import http from 'node:http';
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8', '.wasm': 'application/wasm',
  '.md': 'text/markdown; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8', '.ts': 'text/plain; charset=utf-8', '.bin': 'application/octet-stream',
  '.webmanifest': 'application/manifest+json',
};

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Creates (not starts) a server. Options:
 * - root: folder to serve (default: the repository root)
 * - cors: add `Access-Control-Allow-Origin: *`
 * - headers(req, pathname): extra headers for a response
 * - handle(req, res, pathname): return true when it answered the request itself (tests inject faults here)
 */
export function createServer({ root = repoRoot, cors = false, headers, handle } = {}) {
  const base = path.resolve(root);
  return http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    let pathname;
    try { pathname = decodeURIComponent(url.pathname); } catch { res.writeHead(400).end('bad path'); return; }
    if (handle && await handle(req, res, pathname)) return;
    if (pathname === '/') { res.writeHead(302, { Location: '/www/' }).end(); return; }
    let file = path.join(base, pathname);
    if (file !== base && !file.startsWith(base + path.sep)) { res.writeHead(403).end('forbidden'); return; }
    try {
      let st = await fs.stat(file);
      if (st.isDirectory()) {
        if (!pathname.endsWith('/')) { res.writeHead(301, { Location: pathname + '/' + url.search }).end(); return; }
        file = path.join(file, 'index.html');
        st = await fs.stat(file);
      }
      const h = {
        'Content-Type': TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream',
        'Content-Length': st.size,
        'Cache-Control': 'no-cache',
        // glossa's offline service worker lives in /pkg/ but controls the demo pages.
        ...(file.endsWith('-sw.js') ? { 'Service-Worker-Allowed': '/' } : {}),
        ...(cors ? { 'Access-Control-Allow-Origin': '*' } : {}),
        ...(headers ? headers(req, pathname) : {}),
      };
      res.writeHead(200, h);
      if (req.method === 'HEAD') { res.end(); return; }
      createReadStream(file).pipe(res);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`not found: ${pathname}\n`);
    }
  });
}

/** Starts a server on 127.0.0.1 (port 0 = any free port); resolves to { server, url }. */
export function listen(server, port = 0) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${server.address().port}` }));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name, dflt) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : dflt; };
  const port = Number(arg('--port', process.env.PORT || 8000));
  const { url } = await listen(createServer({ root: arg('--root', repoRoot) }), port);
  console.log(`glossa demo: ${url}/  (serving ${arg('--root', repoRoot)}; Ctrl-C to stop)`);
}
