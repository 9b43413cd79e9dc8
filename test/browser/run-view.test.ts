// Issue #15 in Chromium: keys asked for on resume (never a keyless request), truthful status after a reload, the live run view.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { dumpIndexedDb, openSite, screenshot, type Site } from './harness';
import { startOpenAIServer, type TestServer } from '../servers/openai-compatible';
import { presentedKey } from '../servers/http-util';

const KEY = 'sk-resume-test-0123456789';
let site: Site;
let server: TestServer;
beforeAll(async () => {
  site = await openSite();
  server = await startOpenAIServer({ latencyMs: 400, chunkDelayMs: 20, requireKey: KEY });
});
afterAll(async () => {
  await site?.close();
  await server?.close();
});

const count = async (page: Page, id: string) => Number(await page.getByTestId(id).textContent());
const modelRequests = () => server.requests.filter((r) => r.path.endsWith('/chat/completions'));

describe('run view', () => {
  it('asks for the key of an engine saved with one after a reload, in the run view and the banner, and never sends a keyless request', async () => {
    const { page, errors } = await site.newPage('#/setup');
    // a custom OpenAI-compatible server, where the form calls the key optional, saved with a key
    await page.getByTestId('provider').selectOption('custom');
    await page.getByTestId('base-url').fill(`${server.url}/v1`);
    await page.getByTestId('model').fill('test-model-1');
    await page.getByTestId('api-key').fill(KEY);
    await page.getByTestId('concurrency').fill('2');
    await page.getByTestId('save-engine').click();

    await page.goto(`${site.url}#/experiment`);
    await page.getByTestId('preset').selectOption('fig7');
    await page.getByTestId('samples').fill('16');
    await page.getByTestId('engine-option').check();
    await page.getByTestId('start-run').click();
    await page.waitForURL(/#\/run\//);
    await expect.poll(() => count(page, 'count-done'), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);

    // reload mid-run: the key was in memory only, so it is gone
    await page.reload();
    await expect.poll(() => page.getByTestId('run-status').textContent()).toBe('interrupted — resume');
    await expect.poll(() => page.getByTestId('key-prompt').isVisible()).toBe(true);
    expect(await page.getByTestId('resume').count()).toBe(0);
    await screenshot(page, 'run-key-prompt');
    const before = await count(page, 'count-done');
    await page.getByTestId('resume-key').fill(KEY);
    await page.getByTestId('resume-with-key').click();
    await expect.poll(() => page.getByTestId('run-status').textContent()).toBe('running');
    await expect.poll(() => count(page, 'count-done'), { timeout: 30_000 }).toBeGreaterThanOrEqual(before + 2);

    // reload again: the banner says the run was interrupted and asks for the key inline
    await page.reload();
    await page.goto(`${site.url}#/experiment`);
    const banner = page.getByTestId('resume-banner');
    await expect.poll(() => banner.isVisible()).toBe(true);
    expect(await banner.getByTestId('banner-status').textContent()).toBe('interrupted — resume');
    expect(await banner.getByTestId('resume-run').count()).toBe(0);
    await screenshot(page, 'resume-banner-key');
    await banner.getByTestId('resume-key').fill(KEY);
    await banner.getByTestId('resume-with-key').click();
    await page.waitForURL(/#\/run\//);
    await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 60_000 }).toBe('done');
    expect(await count(page, 'count-done')).toBe(16);
    expect(await count(page, 'count-failed')).toBe(0);

    // every request the page made carried the key: none was sent keyless, none was refused
    const reqs = modelRequests();
    expect(reqs.length).toBeGreaterThanOrEqual(16);
    expect(reqs.filter((r) => presentedKey(r) !== KEY)).toEqual([]);
    // the key is never stored with the results
    const dump = await dumpIndexedDb(page);
    expect(dump).toContain('test-model-1'); // the scan sees the stored run…
    expect(dump).not.toContain(KEY);
    expect(errors).toEqual([]);
    await page.close();
  });
});
