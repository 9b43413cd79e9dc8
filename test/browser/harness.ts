// Shared browser-test harness: serves the built site and opens it in Debian Chromium through playwright-core.
import { inject } from 'vitest';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startStaticServer, type StaticServer } from './static-server';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOT_DIR = 'test-output/screenshots';

/** Flags: no sandbox (root in CI), WebGPU on SwiftShader, and no background traffic to Google hosts. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export interface Site {
  browser: Browser;
  server: StaticServer;
  /** site URL including the base path, ending in '/' */
  url: string;
  /** a new context (fresh storage) and page; console errors and page errors are collected */
  newPage(hash?: string, opts?: { context?: BrowserContext }): Promise<OpenedPage>;
  close(): Promise<void>;
}

export interface OpenedPage {
  page: Page;
  context: BrowserContext;
  /** uncaught page errors and console.error messages seen so far */
  errors: string[];
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** Serve the build made by global-setup and launch Chromium. Call once per test file (beforeAll). */
export async function openSite(): Promise<Site> {
  const distDir = inject('distDir');
  const basePath = inject('basePath');
  const server = await startStaticServer(distDir, basePath);
  const browser = await launchBrowser();
  return {
    browser,
    server,
    url: server.url,
    async newPage(hash = '#/setup', opts = {}) {
      const context = opts.context ?? (await browser.newContext({ viewport: { width: 1280, height: 900 } }));
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(`console: ${m.text()}`);
      });
      await page.goto(server.url + hash);
      return { page, context, errors };
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** Full-page screenshot into test-output/screenshots/<name>.png (kept by CI as output). */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Every row of every object store of every IndexedDB database of the page's origin, as one JSON string
 * (for scans that must see everything the app stored, whatever the schema version). */
export async function dumpIndexedDb(page: Page): Promise<string> {
  return page.evaluate(async () => {
    const out: unknown[] = [];
    for (const info of await indexedDB.databases()) {
      const db = await new Promise<IDBDatabase>((res, rej) => {
        const r = indexedDB.open(info.name as string);
        r.onsuccess = () => res(r.result);
        r.onerror = () => rej(r.error);
      });
      for (const store of Array.from(db.objectStoreNames)) {
        const rows = await new Promise<unknown[]>((res, rej) => {
          const r = db.transaction(store).objectStore(store).getAll();
          r.onsuccess = () => res(r.result);
          r.onerror = () => rej(r.error);
        });
        out.push({ db: info.name, store, rows });
      }
      db.close();
    }
    return JSON.stringify(out);
  });
}

/** Go to `url` and wait until `ready` (a selector) is on the page. */
export async function gotoReady(page: Page, url: string, ready: string): Promise<void> {
  await page.goto(url);
  await page.locator(ready).first().waitFor({ timeout: 30_000 });
}

/** The texts of the SVG charts matching `selector` that stand (partly) outside their chart, as drawn on the page. */
export async function textOutsideCharts(page: Page, selector: string): Promise<string[]> {
  // a plain string: tsx-compiled functions cannot be evaluated in the page
  const charts = await page.locator(selector).count();
  if (!charts) return [`no chart matches ${selector}`]; // an empty answer must mean checked, not missed
  return page.evaluate(`[...document.querySelectorAll(${JSON.stringify(selector)})].flatMap((svg) => {
    const box = svg.getBoundingClientRect();
    return [...svg.querySelectorAll('text')].filter((t) => {
      const b = t.getBoundingClientRect();
      return b.width > 0 && (b.left < box.left - 0.5 || b.right > box.right + 0.5 ||
        b.top < box.top - 0.5 || b.bottom > box.bottom + 0.5);
    }).map((t) => t.textContent);
  })`);
}

/** Import `bundle` as the JSON file `name` through the Data view, as a user would: go to `#/data`, pick the file,
 * and wait until the import report says this file was imported (up to `timeout` ms). Waits with a locator, not
 * expect.poll, so it also works in beforeAll. For tests of the import itself (rejections, report texts, several
 * files at once) drive the input directly. */
export async function importBundle(
  page: Page,
  bundle: object,
  name = 'bundle.json',
  { timeout = 30_000 }: { timeout?: number } = {},
): Promise<void> {
  await page.evaluate((h) => (location.hash = h), '#/data');
  await page.getByTestId('import-file').setInputFiles({
    name,
    mimeType: 'application/json',
    buffer: Buffer.from(JSON.stringify(bundle)),
  });
  // "<name>: imported." is this file's line of the report; a rejected file's line says "rejected"
  const line = new RegExp(`${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\s+imported\\.`);
  await page.getByTestId('import-report').filter({ hasText: line }).waitFor({ timeout });
}
