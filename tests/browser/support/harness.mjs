// Test harness: a real headless Chromium (Debian's) driven by playwright-core,
// plus the static server on 127.0.0.1. Every page records console errors,
// page errors and unhandled rejections so tests can assert there were none.
import { chromium } from 'playwright-core';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { createServer, listen, repoRoot } from '../../../.ci/server.mjs';

export { repoRoot };
// Third-party material (spec examples, the Kubernetes glossary): ../shared, or $GLOSSA_SHARED
// (as for the Rust tests in tests/common/mod.rs).
export const shared = path.resolve(process.env.GLOSSA_SHARED || path.join(repoRoot, '..', 'shared'));
export const hasShared = existsSync(shared);

/**
 * For a test that needs ../shared: true when it is there. When it is absent the test is
 * skipped with a message (and false returned), except in CI (CI=true), where it fails:
 * CI must run every test. Use as `if (!requireShared(t)) return;`.
 */
export function requireShared(t) {
  if (hasShared) return true;
  const why = `${shared} is absent (third-party material lives in ../shared; set GLOSSA_SHARED to point elsewhere)`;
  if (process.env.CI === 'true') throw new Error(`${why}: in CI (CI=true) the tests that need it must run, not skip`);
  t.skip(why);
  return false;
}
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
  // Requests in flight, for `quiet`.
  page.inflight = new Set();
  page.started = 0;
  page.on('request', (r) => { page.started++; page.inflight.add(r); });
  for (const e of ['requestfinished', 'requestfailed']) page.on(e, (r) => page.inflight.delete(r));
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

/**
 * Waits until what the page has started is over: no request in flight (so the server has seen
 * every request made so far), then two more rendered frames (so queued events — image errors,
 * toggles, animation starts, javascript: URLs — have been dispatched), repeated until no new
 * request started meanwhile. A point at which "nothing happened" can be asserted.
 */
export async function quiet(page, timeout = 10000) {
  const deadline = Date.now() + timeout;
  for (let seen = -1; seen !== page.started;) {
    seen = page.started;
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => { done(); reject(new Error(`requests still in flight after ${timeout} ms: ${[...page.inflight].map((r) => r.url()).join(', ')}`)); }, Math.max(0, deadline - Date.now()));
      const check = () => { if (!page.inflight.size) { done(); resolve(); } };
      const done = () => { clearTimeout(timer); page.off('requestfinished', check).off('requestfailed', check); };
      page.on('requestfinished', check).on('requestfailed', check);
      check();
    });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  }
}

export function screenshotPath(name) {
  mkdirSync(screenshots, { recursive: true });
  return path.join(screenshots, name);
}
