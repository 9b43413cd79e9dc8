// Issue #15 point 5 in Chromium: the only engine set up is chosen, ticking an axis box shows the sample count change,
// and a large experiment asks first, with the cost and time estimate in the question.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openSite, screenshot, type Site } from './harness';
import { startOpenAIServer, type TestServer } from '../servers/openai-compatible';

let site: Site;
let server: TestServer;
beforeAll(async () => {
  site = await openSite();
  server = await startOpenAIServer({ latencyMs: 2000 });
});
afterAll(async () => {
  await site?.close();
  await server?.close();
});

const text = async (page: Page, id: string) =>
  ((await page.getByTestId(id).textContent()) ?? '').replace(/\s+/g, ' ').trim();
const modelRequests = () => server.requests.filter((r) => r.path.endsWith('/chat/completions'));

describe('experiment defaults', () => {
  it('chooses the one engine, shows the count change, and confirms a large run with cost and time', async () => {
    const { page, errors } = await site.newPage('#/setup');
    await page.getByTestId('provider').selectOption('custom');
    await page.getByTestId('base-url').fill(`${server.url}/v1`);
    await page.getByTestId('model').fill('gpt-4o-mini'); // a model with a known list price
    await page.getByTestId('concurrency').fill('4');
    await page.getByTestId('save-engine').click();

    await page.goto(`${site.url}#/experiment`);
    const option = page.getByTestId('engine-option');
    await expect.poll(() => option.isChecked(), { timeout: 15_000 }).toBe(true);
    // unticking it sticks
    await option.uncheck();
    await page.getByTestId('samples').fill('100');
    expect(await option.isChecked()).toBe(false);
    await option.check();

    // the whole base matrix is one preset
    await page.getByTestId('preset').selectOption('base-matrix');
    await expect.poll(() => text(page, 'condition-count')).toBe('234 condition(s) selected.');
    expect(await text(page, 'start-run')).toBe('Start 23,400 samples');

    await page.getByTestId('preset').selectOption('custom');
    await expect.poll(() => text(page, 'start-run')).toBe('Start 100 samples');
    const threat = page.getByRole('group', { name: 'Threat to the agent' });
    await threat.getByLabel('restriction').check();
    await expect.poll(() => text(page, 'sample-count-change')).toBe('Now 200 samples (was 100).');
    expect(await text(page, 'start-run')).toBe('Start 200 samples');
    await threat.getByLabel('none').check();
    await expect.poll(() => text(page, 'sample-count-change')).toBe('Now 300 samples (was 200).');

    // above the threshold the start button asks first, with cost and time; nothing is sent until confirmed
    await page.getByTestId('start-run').click();
    const confirm = page.getByTestId('start-confirm');
    await expect.poll(() => confirm.isVisible()).toBe(true);
    expect(await confirm.getByRole('heading').textContent()).toBe('Start 300 samples?');
    expect(await text(page, 'confirm-estimate')).toMatch(
      /gpt-4o-mini.*300 samples, cost ≈ \$\d+\.\d+, time ≈ \d+ (min|h)/s,
    );
    await screenshot(page, 'experiment-start-confirm');
    await page.getByTestId('cancel-start').click();
    expect(await confirm.count()).toBe(0);
    expect(page.url()).toMatch(/#\/experiment$/);
    expect(modelRequests()).toEqual([]);

    await page.getByTestId('start-run').click();
    await page.getByTestId('confirm-start').click();
    await page.waitForURL(/#\/run\//);
    await page.getByTestId('cancel').click();
    await expect.poll(() => text(page, 'run-status'), { timeout: 30_000 }).toBe('cancelled');
    expect(errors).toEqual([]);
    await page.close();
  });
});
