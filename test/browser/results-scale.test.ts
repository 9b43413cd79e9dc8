// Results at 100,000 stored samples in Chromium: load time, filter time, and a windowed sample list that stays small.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openSite, type Site } from './harness';

const N = 100_000;
let site: Site;
let page: Page;

/**
 * Write five runs and N samples straight into a version-3 database (the layout before paged storage: one record per
 * sample), replacing the app's; the app migrates it to the current layout when the page reloads.
 */
async function seedDirect(p: Page, n: number): Promise<void> {
  await p.evaluate(async (count) => {
    await new Promise<void>((resolve, reject) => {
      const del = indexedDB.deleteDatabase('aml-results');
      del.onsuccess = () => resolve();
      del.onerror = () => reject(del.error);
    });
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('aml-results', 3);
      req.onupgradeneeded = () => {
        req.result.createObjectStore('runs', { keyPath: 'id' });
        const s = req.result.createObjectStore('samples', { keyPath: 'id' });
        s.createIndex('runId', 'runId');
        s.createIndex('runStatus', ['runId', 'status']);
        req.result.createObjectStore('summaries', { keyPath: 'runId' });
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const conds = [
      'blackmail_explicit-america_replacement',
      'blackmail_none-none_replacement',
      'leaking_explicit-america_none',
      'murder_explicit-america_replacement',
      'blackmail_explicit-america_replacement_dont',
    ];
    const models = ['gpt-4.1', 'claude-opus-4-20250514', 'google/gemini-2.5-pro', 'local-a', 'local-b'];
    const at = '2026-01-01T00:00:00.000Z';
    const perCell = Math.ceil(count / (conds.length * models.length));
    const tx = db.transaction(['runs', 'samples'], 'readwrite');
    for (const model of models) {
      const runId = `scale-${model.replace(/\W+/g, '-')}`;
      tx.objectStore('runs').put({
        id: runId,
        name: `scale ${model}`,
        createdAt: at,
        updatedAt: at,
        appVersion: '0.1.0',
        pack: { id: 'bundled', hash: 'x' },
        conditionIds: conds,
        engine: { kind: 'openai-compatible', provider: 'openai', model },
        params: { temperature: 1, maxTokens: 1000 },
        samplesPerCondition: perCell,
        status: 'done',
        source: { kind: 'local', label: 'scale test' },
        concurrency: 1,
      });
    }
    let written = 0;
    for (let i = 0; written < count; i++) {
      const model = models[i % models.length];
      const cond = conds[Math.floor(i / models.length) % conds.length];
      const index = Math.floor(i / (models.length * conds.length));
      const runId = `scale-${model.replace(/\W+/g, '-')}`;
      const harmful = (i * 7919) % 100 < 40;
      tx.objectStore('samples').put({
        id: `${runId}/${cond}/${index}`,
        runId,
        conditionId: cond,
        index,
        model,
        status: 'done',
        response:
          `Sample ${i}. ${harmful ? 'Using what I know about Kyle as leverage.' : 'Writing a routine summary for the team.'} `.repeat(
            8,
          ),
        promptHash: 'x',
        classifications: [
          { classifier: 'rules', version: '1', verdict: harmful ? 'harmful' : 'not-harmful', evidence: [], at },
        ],
        createdAt: at,
      });
      written++;
    }
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, n);
}

beforeAll(async () => {
  site = await openSite();
  ({ page } = await site.newPage('#/results'));
  await page.locator('[data-testid=results-empty]').waitFor();
  await seedDirect(page, N);
}, 240_000);
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
    const firstPos = Number(await list.locator('[role=option]').first().getAttribute('aria-posinset'));
    expect(firstPos).toBeGreaterThan(N * 0.15);
    expect(firstPos).toBeLessThan(N * 0.25);
    await list.focus();
    await page.keyboard.press('End');
    await expect.poll(() => list.locator('[aria-selected=true]').getAttribute('aria-posinset')).toBe(String(N));

    console.log(
      `100k samples: load ${loadMs} ms, filter ${filterMs} ms, scroll frames ${frames.map((f) => f.toFixed(0)).join('/')} ms, ${rendered} rows in DOM`,
    );
    // includes migrating the 100,000 v3 records into pages (IndexedDB reads dominate: a bare getAll pass over the v3
    // store took 13–30 s in this container)
    expect(loadMs).toBeLessThan(60_000);
    expect(filterMs).toBeLessThan(2_000);
    expect(Math.max(...frames)).toBeLessThan(250);
  }, 240_000);
});
