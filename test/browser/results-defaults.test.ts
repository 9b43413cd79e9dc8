// Issue #15 point 6 in Chromium: the grouped view starts on an axis that varies, bars for a model the paper did not
// test show the paper's rates as a labelled reference, and verdicts read "not harmful" everywhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { gotoReady, importBundle, openSite, screenshot, type Site } from './harness';
import { BM, GPT_SAMPLE, makeBundle } from './results-bundle';

let site: Site;
beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => {
  await site?.close();
});

const go = (page: Page, hash: string, ready: string) => gotoReady(page, `${site.url}${hash}`, ready);

describe('results defaults', () => {
  it('groups by a varying axis, shows a paper reference for untested models, words verdicts one way', async () => {
    const { page, errors } = await site.newPage('#/data');
    await importBundle(page, makeBundle(), 'results-test.json');

    // all three conditions: the scenario varies (goal value does not: all are "america")
    await go(page, '#/results?tab=grouped', '[data-testid=group-select]');
    await expect.poll(() => page.getByTestId('group-select').inputValue()).toBe('scenario');
    // blackmail only: the extra instructions vary
    await go(page, '#/results?tab=grouped&scenario=blackmail', '[data-testid=group-select]');
    await expect.poll(() => page.getByTestId('group-select').inputValue()).toBe('instructions');
    // a choice in the link wins
    await go(page, '#/results?tab=grouped&group=goalValue', '[data-testid=group-select]');
    expect(await page.getByTestId('group-select').inputValue()).toBe('goalValue');

    // Llama 3.2 1B is not in the paper: its condition's chart carries the paper's rates as a labelled reference
    await go(page, `#/results?tab=bars&condition=${BM}`, '[data-testid=bar-chart]');
    const ref = page.getByTestId('bar-chart').first().getByTestId('paper-reference');
    await expect.poll(() => ref.count(), { timeout: 15_000 }).toBe(1);
    const note = (await ref.textContent())!.replace(/\s+/g, ' ');
    expect(note).toContain('Reference (not a comparison): the paper did not test Llama-3.2-1B-Instruct-q4f16_1-MLC');
    expect(note).toMatch(/Claude Opus 4 \d+%/);
    expect(await page.locator('[data-testid=bar-chart] rect.reference').count()).toBeGreaterThan(0);
    await screenshot(page, 'bars-paper-reference');

    // verdicts: "not harmful" in the sample list, the filters and the transcript, never "not-harmful"
    await go(page, '#/results?tab=samples', '[data-testid=sample-list]');
    await expect.poll(() => page.getByTestId('sample-list').textContent()).toContain('not harmful');
    await go(
      page,
      `#/transcript/${encodeURIComponent(GPT_SAMPLE.runId)}/${encodeURIComponent(`${GPT_SAMPLE.runId}/${BM}/9`)}`,
      '[data-testid=automatic-verdict]',
    );
    await expect.poll(() => page.getByTestId('automatic-verdict').textContent()).toBe('not harmful');
    for (const hash of ['#/results?tab=samples', '#/results']) {
      await go(page, hash, '[data-testid=results-summary]');
      expect(await page.locator('main').innerText()).not.toContain('not-harmful');
    }
    expect(errors).toEqual([]);
    await page.close();
  });
});
