// Results at 100,000 stored samples in Chromium: load time, filter time, and a windowed sample list that stays small.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openSite, type Site } from './harness';
import { resolve } from 'node:path';
import { build, type Rolldown } from 'vite';
import { DB_VERSION } from '../../src/lib/storage/schema';

const N = 100_000;
let site: Site;
let page: Page;

/**
 * Write the runs and samples into the app's database in the current (v4) layout, in the page: `scale-seed.ts` (bundled
 * here with Vite) generates them and lays them out with the storage module's own page layout (`buildPages`), then puts
 * the records as they are, so the load below measures the results view, not a migration (storage-migration.test.ts
 * covers that).
 */
async function seedDirect(p: Page, n: number): Promise<void> {
  const out = await build({
    configFile: false,
    logLevel: 'error',
    build: {
      write: false,
      minify: false,
      lib: { entry: resolve('test/browser/scale-seed.ts'), formats: ['iife'], name: '__scaleSeed' },
    },
  });
  const chunk = (Array.isArray(out) ? out[0] : out) as Rolldown.RolldownOutput;
  const code = chunk.output.find((o) => o.type === 'chunk')?.code;
  if (!code) throw new Error('the seed bundle is empty');
  // a global script through CDP (the site's CSP allows no inline scripts; Runtime.evaluate is not subject to it)
  const cdp = await p.context().newCDPSession(p);
  const loaded = await cdp.send('Runtime.evaluate', { expression: code });
  if (loaded.exceptionDetails) throw new Error(`seed bundle: ${loaded.exceptionDetails.text}`);
  await cdp.detach();
  const written = await p.evaluate(
    ([count, version]) =>
      (window as unknown as { __scaleSeed: typeof import('./scale-seed') }).__scaleSeed.seedV4(count, version),
    [n, DB_VERSION] as const,
  );
  expect(written).toBe(n);
}

beforeAll(async () => {
  site = await openSite();
  ({ page } = await site.newPage('#/results'));
  await page.locator('[data-testid=results-empty]').waitFor();
  const t0 = Date.now();
  await seedDirect(page, N);
  console.log(`seeded ${N.toLocaleString('en-US')} samples in the current layout in ${Date.now() - t0} ms`);
}, 600_000);
afterAll(async () => {
  await site?.close();
});

describe('results at 100,000 samples', () => {
  it('loads, filters and scrolls the sample list without rendering every row', async () => {
    let t0 = Date.now();
    await page.reload();
    await expect
      .poll(() => page.locator('[data-testid=results-summary]').textContent(), { timeout: 120_000 })
      .toContain(`${N.toLocaleString('en-US')} of ${N.toLocaleString('en-US')} samples selected`);
    const loadMs = Date.now() - t0;
    expect(await page.locator('[data-testid=rates-table] tbody tr').count()).toBe(25);

    t0 = Date.now();
    await page.locator('fieldset[data-facet=model] label', { hasText: 'gpt-4.1' }).locator('input').check();
    await expect
      .poll(() => page.locator('[data-testid=results-summary]').textContent())
      .toContain(`20,000 of ${N.toLocaleString('en-US')}`);
    const filterMs = Date.now() - t0;
    await page.locator('fieldset[data-facet=model] label', { hasText: 'gpt-4.1' }).locator('input').uncheck();

    await page.locator('#tab-samples').click();
    const list = page.locator('[data-testid=sample-list]');
    await list.waitFor();
    // scroll through the list in big jumps and time each frame until the new rows are in the DOM
    const frames = await list.evaluate(async (el) => {
      const times: number[] = [];
      for (const frac of [0.1, 0.35, 0.5, 0.75, 0.999, 0.2]) {
        const start = performance.now();
        el.scrollTop = frac * (el.scrollHeight - el.clientHeight);
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        times.push(performance.now() - start);
      }
      return times;
    });
    const rendered = await list.locator('[role=option]').count();
    expect(rendered).toBeLessThan(40);
    // the rows shown get their excerpts, read from storage for them
    await expect.poll(() => list.locator('[role=option] .excerpt').last().textContent()).not.toBe('');
    const firstPos = Number(await list.locator('[role=option]').first().getAttribute('aria-posinset'));
    expect(firstPos).toBeGreaterThan(N * 0.15);
    expect(firstPos).toBeLessThan(N * 0.25);
    await list.focus();
    await page.keyboard.press('End');
    await expect.poll(() => list.locator('[aria-selected=true]').getAttribute('aria-posinset')).toBe(String(N));

    console.log(
      `100k samples: load ${loadMs} ms, filter ${filterMs} ms, scroll frames ${frames.map((f) => f.toFixed(0)).join('/')} ms, ${rendered} rows in DOM`,
    );
    // page reload, app start and the results view's load of 100,000 samples from v4 summary rows (no migration)
    expect(loadMs).toBeLessThan(30_000);
    expect(filterMs).toBeLessThan(2_000);
    expect(Math.max(...frames)).toBeLessThan(250);
  }, 240_000);
});
