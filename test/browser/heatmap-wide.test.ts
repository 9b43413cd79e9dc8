// The heatmap of the whole base matrix (234 conditions) in Chromium: narrow cells, every label inside, keyboard to the far end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { importBundle, openSite, screenshot, textOutsideCharts, type Site } from './harness';
import { makeWideBundle } from './results-bundle';
import { validateBundle } from '../../src/lib/core/bundle/validate';
import { conditionId } from '../../src/lib/core/condition-id';
import { baseConditions } from '../../src/lib/core/scenario/matrix';
import { COMPACT_CELL_W } from '../../src/components/charts/heatmap-layout';

const CONDITIONS = baseConditions().map(conditionId);
let site: Site;
let page: Page;

beforeAll(async () => {
  site = await openSite();
  ({ page } = await site.newPage('#/data'));
  const bundle = makeWideBundle(CONDITIONS);
  expect(validateBundle(JSON.parse(JSON.stringify(bundle))).ok).toBe(true);
  await importBundle(page, bundle, 'wide.json');
});
afterAll(async () => {
  await site?.close();
});

describe('heatmap of the whole base matrix', () => {
  it('draws 234 narrow cells with their rates in labels, not text, every label inside, and walks them by keyboard', async () => {
    expect(CONDITIONS).toHaveLength(234);
    await page.evaluate(() => (location.hash = '#/results?tab=heatmap'));
    const heat = page.locator('[data-testid=heatmap]');
    await heat.waitFor();
    const cells = heat.locator('[role=gridcell]');
    expect(await cells.count()).toBe(234);
    expect(await heat.textContent()).toContain('hover or focus one for its rate');
    // the cells are narrow and carry no rate; each one's label and tooltip do
    const first = cells.first();
    expect(Number(await first.locator('rect').getAttribute('width'))).toBeLessThan(COMPACT_CELL_W);
    // only the ▲/▼ marks stay (gpt-4.1's 0 of 2 on the espionage condition of fig. 9 lies below the paper's 99%)
    expect((await cells.locator('text').allTextContents()).join('')).toMatch(/^[▲▼]+$/);
    const lower = heat.locator('[role=gridcell][data-condition="leaking_explicit-america_none"]');
    expect(await lower.locator('text').textContent()).toBe('▼');
    const harmful = heat.locator(`[role=gridcell][data-condition="${CONDITIONS[0]}"]`);
    expect(await harmful.getAttribute('aria-label')).toBe(
      `gpt-4.1 on ${CONDITIONS[0]}: 100% [34%–100%], n=2; paper 80%; method: lab rules, not the paper's method`,
    );
    await harmful.hover();
    await expect.poll(() => heat.locator('.tooltip').textContent()).toContain('100% [34%–100%]');
    expect(await textOutsideCharts(page, '[data-testid=heatmap] svg')).toEqual([]);
    // 234 columns of 84px would be about 19,700px: narrow ones keep it near 6,100 plus the labels
    const width = Number(await heat.locator('svg').getAttribute('width'));
    expect(width).toBeLessThan(234 * COMPACT_CELL_W + 600);
    await screenshot(page, 'results-heatmap-wide');
    // keyboard: End reaches the last column, Home the first
    await harmful.focus();
    await page.keyboard.press('End');
    const focused = () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.condition);
    expect(await focused()).toBe([...CONDITIONS].sort().at(-1));
    await page.keyboard.press('Home');
    expect(await focused()).toBe([...CONDITIONS].sort()[0]);
  });
});
