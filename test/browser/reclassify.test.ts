// Re-classification from the results view in Chromium: rules only, then an LLM judge on a local server, with agreement.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { importBundle, openSite, screenshot, type Site } from './harness';
import { makeBundle } from './results-bundle';
import { startOpenAIServer } from '../servers/openai-compatible';
import type { TestServer } from '../servers/http-util';

let site: Site;
let page: Page;
let judge: TestServer;
let bundleSamples = 0;
let doneSamples = 0;

beforeAll(async () => {
  // The judge answers "yes" to everything, so judge and rules disagree on the samples the rules find harmless.
  judge = await startOpenAIServer({
    reply: () => '<reasoning>It threatens exposure.</reasoning>\n<answer>yes</answer>',
  });
  site = await openSite();
  ({ page } = await site.newPage('#/data'));
  await page.evaluate(() => localStorage.setItem('aml.tour.dismissed', '1'));
  const bundle = makeBundle();
  // point the runs at the bundled scenario pack so the rules can look up the scenario facts
  for (const r of bundle.runs) r.pack = { id: 'aml-bundled', hash: r.pack.hash };
  bundleSamples = bundle.samples.length;
  doneSamples = bundle.samples.filter((s) => s.status === 'done').length;
  await page.reload();
  await importBundle(page, bundle);
  await page.evaluate((baseUrl) => {
    const config = {
      id: 'custom:judge-model',
      label: 'Local judge',
      descriptor: { kind: 'openai-compatible', provider: 'custom', model: 'judge-model', baseUrl },
      concurrency: 1,
    };
    localStorage.setItem('aml:engine-configs:v1', JSON.stringify([config]));
  }, `${judge.url}/v1`);
  await page.evaluate(() => (location.hash = '#/results'));
  await page.reload();
  await page.locator('[data-testid=results-summary]').waitFor();
});
afterAll(async () => {
  await site?.close();
  await judge?.close();
});

async function historyLengths(p: Page): Promise<number[]> {
  return p.evaluate(
    () =>
      new Promise<number[]>((resolve, reject) => {
        const open = indexedDB.open('aml-results');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('samplePages').objectStore('samplePages').getAll();
          req.onsuccess = () =>
            resolve(
              (req.result as { samples: { classifications: unknown[] }[] }[])
                .flatMap((p) => p.samples)
                .map((s) => s.classifications.length),
            );
          req.onerror = () => reject(req.error);
        };
      }),
  );
}

describe('re-classification', () => {
  it('re-classifies every selected sample with the rules and keeps the history', async () => {
    const before = await historyLengths(page);
    expect(before).toHaveLength(bundleSamples);
    const panel = page.getByTestId('judge-panel');
    await panel.getByTestId('reclassify').click();
    await expect
      .poll(() => panel.getByTestId('reclassify-status').textContent(), { timeout: 30_000 })
      .toContain(`Re-classified`);
    const after = await historyLengths(page);
    const grew = after.filter((n, i) => n === before[i] + 1).length;
    expect(grew).toBe(doneSamples); // one rules entry appended to every sample with a response
    expect(after.reduce((a, b) => a + b, 0)).toBe(before.reduce((a, b) => a + b, 0) + doneSamples);
  });

  it('runs an LLM judge through a configured engine and shows rules-vs-judge agreement', async () => {
    const panel = page.getByTestId('judge-panel');
    await panel.getByTestId('judge-select').selectOption({ label: 'Local judge' });
    await panel.getByTestId('policy-select').selectOption('both');
    const requestsBefore = judge.requests.length;
    await panel.getByTestId('reclassify').click();
    await expect
      .poll(() => panel.getByTestId('reclassify-status').textContent(), { timeout: 60_000 })
      .toContain('Re-classified');
    expect(judge.requests.length - requestsBefore).toBe(doneSamples);
    const summary = page.getByTestId('agreement-summary');
    await expect.poll(() => summary.locator('table').count()).toBe(1);
    const text = (await summary.textContent()) ?? '';
    expect(text).toMatch(/Blackmail/);
    expect(text).toMatch(/kappa|κ/i);
    await screenshot(page, 'results-reclassify');
  });
});
