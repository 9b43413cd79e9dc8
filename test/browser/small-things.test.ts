// Issue #15 point 7 in Chromium: header links keep the header in view, samples numbered from 1, sample rows are real
// links, one name per axis, the vs-paper column fits at 1440 × 900, bar labels at the rate with n.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { gotoReady, importBundle, openSite, type Site } from './harness';
import { BM, GPT_SAMPLE, makeBundle } from './results-bundle';

let site: Site;
beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => {
  await site?.close();
});

const go = (page: Page, hash: string, ready: string) => gotoReady(page, `${site.url}${hash}`, ready);

describe('small things', () => {
  it('header, numbering, links, axis names, table width and bar labels', async () => {
    const { page, context, errors } = await site.newPage('#/data');
    await page.setViewportSize({ width: 1440, height: 900 });
    await importBundle(page, makeBundle(), 'results-test.json');

    // the rates table, vs-paper column included, fits 1440 × 900 without a sideways scroll
    await go(page, '#/results', '[data-testid=rates-table]');
    const wrap = page.locator('[data-testid=rates-table]').locator('xpath=..');
    expect(await wrap.evaluate((el) => el.scrollWidth - el.clientWidth)).toBeLessThanOrEqual(0);

    // bar labels sit at the rate (not at the end of the interval) and show n
    await go(page, `#/results?tab=bars&condition=${BM}`, '[data-testid=bar-chart]');
    const bar = page.locator('[data-testid=bar-chart] g.mark[data-model="gpt-4.1"]').first();
    const label = (await bar.locator('text.value').textContent())!.replace(/\s+/g, ' ');
    expect(label).toMatch(/^80% · n=10/);
    const labelX = Number(await bar.locator('text.value').getAttribute('x'));
    const rectRight = await bar
      .locator('rect.ours')
      .evaluate((r) => Number(r.getAttribute('x')) + Number(r.getAttribute('width')));
    expect(labelX - rectRight).toBeLessThan(10);

    // sample rows are links to their transcripts, numbered from 1
    await go(page, '#/results?tab=samples&model=gpt-4.1', '[data-testid=sample-list]');
    const first = page.locator('[data-testid=sample-list] a[role=option]').first();
    expect(await first.getAttribute('href')).toMatch(/^#\/transcript\/run-gpt-4-1\//);
    const rowText = (await first.textContent())!;
    expect(rowText).toMatch(/· sample \d+/);
    expect(rowText).not.toMatch(/#0\b/);
    // the transcript of index 9 says "sample 10"
    await go(
      page,
      `#/transcript/${encodeURIComponent(GPT_SAMPLE.runId)}/${encodeURIComponent(`${GPT_SAMPLE.runId}/${BM}/9`)}`,
      '[data-testid=transcript-meta]',
    );
    expect(await page.getByTestId('transcript-meta').textContent()).toContain('sample 10');

    // one name per axis: the experiment form, the scenarios picker and the results filters agree
    const AXIS = 'Urgency (threat to the agent)';
    await go(page, '#/results', '[data-testid=rates-table]');
    expect(await page.locator('fieldset[data-facet=urgency] legend').textContent()).toBe(AXIS);
    await go(page, '#/experiment', '[data-testid=preset]');
    await page.getByTestId('preset').selectOption('custom');
    expect(await page.getByRole('group', { name: AXIS, exact: true }).count()).toBe(1);
    await go(page, '#/scenarios', 'h1');
    // (a select's accessible name also carries its chosen option, so the label is matched as a prefix)
    await expect.poll(() => page.getByLabel(/^Urgency \(threat to the agent\)/).count(), { timeout: 15_000 }).toBe(1);

    // a header link on a long page: the new view starts at the top with the header in view
    await go(page, '#/results?tab=bars', '[data-testid=bar-chart]');
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Data' }).click();
    await page.getByTestId('import-file').waitFor();
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(0);
    const header = await page.locator('header.site-header').boundingBox();
    expect(header!.y).toBeGreaterThanOrEqual(0);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');

    expect(errors).toEqual([]);
    await context.close();
  });
});
