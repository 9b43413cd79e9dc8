// Issue #15 point 4 in Chromium: at 390 × 844 every view, with data loaded, fits without sideways scrolling; a
// screenshot of each is kept (test-output/screenshots/phone-*.png).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { importBundle, openSite, screenshot, type Site } from './harness';
import { GPT_SAMPLE, makeBundle } from './results-bundle';
import { startOpenAIServer, type TestServer } from '../servers/openai-compatible';

let site: Site;
let server: TestServer;
beforeAll(async () => {
  site = await openSite();
  server = await startOpenAIServer({ latencyMs: 50 });
});
afterAll(async () => {
  await site?.close();
  await server?.close();
});

/** How far the page scrolls sideways, and the widest elements sticking out (for the failure message). */
async function overflow(page: Page): Promise<{ by: number; culprits: string[] }> {
  return page.evaluate(() => {
    const root = document.documentElement;
    const by = root.scrollWidth - root.clientWidth;
    const culprits: string[] = [];
    const clipped = (el: Element): boolean => {
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement)
        if (getComputedStyle(a).overflowX !== 'visible') return true;
      return false;
    };
    if (by > 0)
      for (const el of Array.from(document.body.querySelectorAll<HTMLElement>('*'))) {
        const r = el.getBoundingClientRect();
        if (r.right > root.clientWidth + 0.5 && r.width > 0 && !clipped(el))
          culprits.push(
            `${el.tagName.toLowerCase()}.${String(el.className)} (${Math.round(r.right)} px) ${(el.textContent ?? '').slice(0, 40)}`,
          );
        if (culprits.length > 8) break;
      }
    return { by, culprits };
  });
}

const VIEWS: { name: string; hash: string; ready: string }[] = [
  { name: 'setup', hash: '#/setup', ready: '[data-testid=provider]' },
  { name: 'scenarios', hash: '#/scenarios', ready: 'h1' },
  { name: 'experiment', hash: '#/experiment', ready: '[data-testid=preset]' },
  { name: 'experiment-custom', hash: '#/experiment', ready: '[data-testid=preset]' },
  { name: 'run', hash: `#/run/${encodeURIComponent(GPT_SAMPLE.runId)}`, ready: '[data-testid=run-status]' },
  { name: 'results-table', hash: '#/results', ready: '[data-testid=rates-table]' },
  { name: 'results-bars', hash: '#/results?tab=bars', ready: '#results-panel svg' },
  { name: 'results-heatmap', hash: '#/results?tab=heatmap', ready: '#results-panel svg' },
  { name: 'results-grouped', hash: '#/results?tab=grouped', ready: '#results-panel svg' },
  { name: 'results-samples', hash: '#/results?tab=samples', ready: '[data-testid=sample-list]' },
  {
    name: 'transcript',
    hash: `#/transcript/${encodeURIComponent(GPT_SAMPLE.runId)}/${encodeURIComponent(GPT_SAMPLE.id)}`,
    ready: 'h1',
  },
  { name: 'data', hash: '#/data', ready: '[data-testid=import-file]' },
  { name: 'compare', hash: '#/compare', ready: 'h1' },
];

describe('phone width', () => {
  it('fits every view at 390 × 844 with data loaded, no sideways scroll', async () => {
    const { page, context, errors } = await site.newPage('#/setup');
    // data: an engine set up, and imported results (3 models × 3 conditions)
    await page.getByTestId('provider').selectOption('custom');
    await page.getByTestId('base-url').fill(`${server.url}/v1`);
    await page.getByTestId('model').fill('test-model-1');
    await page.getByTestId('save-engine').click();
    await importBundle(page, makeBundle(), 'results-test.json');

    await page.setViewportSize({ width: 390, height: 844 });
    const wide: Record<string, { by: number; culprits: string[] }> = {};
    for (const v of VIEWS) {
      await page.goto(`${site.url}${v.hash}`);
      await page.locator(v.ready).first().waitFor({ timeout: 30_000 });
      if (v.name === 'experiment-custom') await page.getByTestId('preset').selectOption('custom');
      const o = await overflow(page);
      if (o.by > 0) wide[v.name] = o;
      await screenshot(page, `phone-${v.name}`);
    }
    expect(wide).toEqual({});
    expect(errors).toEqual([]);
    await context.close();
  });
});
