// Test harness: a real headless Chromium (Debian's) driven by playwright-core,
// plus the static server on 127.0.0.1. Every page records console errors,
// page errors and unhandled rejections so tests can assert there were none.
import { chromium } from 'playwright-core';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { createServer, listen, repoRoot } from '../../../.ci/server.mjs';

export { repoRoot };
export const shared = path.resolve(repoRoot, '..', 'shared');
export const hasShared = existsSync(shared);
export const screenshots = path.join(repoRoot, 'target', 'screenshots');

const EXECUTABLE = process.env.CHROMIUM || '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Launches Chromium (playwright gives every launch a fresh, temporary profile). */
export async function launch() {
  return chromium.launch({ executablePath: EXECUTABLE, args: FLAGS });
}

/**
 * Starts a static server (options as in .ci/server.mjs createServer). `pages` is a Map
 * from path to HTML (or `{ body, type, headers, status }`) that tests fill in as they go.
 */
export async function serve(options = {}) {
  const pages = new Map();
  const handle = async (req, res, pathname) => {
    if (options.handle && await options.handle(req, res, pathname)) return true;
    const p = pages.get(pathname);
    if (p === undefined) return false;
    const { body, type = 'text/html; charset=utf-8', headers = {}, status = 200 } = typeof p === 'string' ? { body: p } : p;
    res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...(options.headers?.(req, pathname) ?? {}), ...headers });
    res.end(body);
    return true;
  };
  const started = await listen(createServer({ ...options, handle }));
  return { ...started, pages };
}

/** A new page whose problems are collected in `page.problems`. */
export async function newPage(browser, { colorScheme = 'light', viewport = { width: 1100, height: 900 }, ...ctx } = {}) {
  const context = await browser.newContext({ colorScheme, viewport, ...ctx });
  context.setDefaultTimeout(10000);
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (m) => { if (m.type() === 'error') page.problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => { page.problems.push(`pageerror: ${e.message}`); if (process.env.GLOSSA_DEBUG) console.error(e.stack); });
  return page;
}

/** Waits until every <glossa-entry> on the page has settled (ready or error). */
export async function settled(page, selector = 'glossa-entry') {
  await page.waitForFunction((sel) => {
    const els = [...document.querySelectorAll(sel)];
    return els.length > 0 && els.every((e) => ['ready', 'error'].includes(e.getAttribute('data-state')));
  }, selector, { timeout: 15000 });
}

export function screenshotPath(name) {
  mkdirSync(screenshots, { recursive: true });
  return path.join(screenshots, name);
}
