// A real run in Chromium against the local OpenAI-compatible server: reload mid-run, resume, exact final counts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { readFile } from 'node:fs/promises';
import { parseBundleText } from '../../src/lib/core/bundle';
import { openSite, screenshot, type Site } from './harness';
import { startOpenAIServer, type TestServer } from '../servers/openai-compatible';

let site: Site;
let server: TestServer;
beforeAll(async () => {
  site = await openSite();
  server = await startOpenAIServer({ latencyMs: 250, chunkDelayMs: 15 });
});
afterAll(async () => {
  await site?.close();
  await server?.close();
});

const count = async (page: Page, id: string) => Number(await page.getByTestId(id).textContent());

/** Stored samples of a run read straight from IndexedDB (its sample pages) in the page. */
function storedSamples(page: Page, runId: string) {
  return page.evaluate(
    (runId) =>
      new Promise<{ id: string; status: string; index: number; verdicts: number }[]>((resolve, reject) => {
        const open = indexedDB.open('aml-results');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          // samples in pages keyed [runId, page] (v9: store samplePages)
          const range = IDBKeyRange.bound([runId, 0], [runId, Infinity]);
          const req = open.result.transaction('samplePages').objectStore('samplePages').getAll(range);
          req.onsuccess = () => {
            type Stored = { id: string; status: string; index: number; classifications: unknown[] };
            resolve(
              (req.result as { samples: Stored[] }[])
                .flatMap((p) => p.samples)
                .map((s) => ({
                  id: s.id,
                  status: s.status,
                  index: s.index,
                  verdicts: s.classifications.length,
                })),
            );
            open.result.close();
          };
        };
      }),
    runId,
  );
}

/** Save an engine config pointing at `url` the way the Setup page stores it, then reload. */
async function seedEngine(page: Page, url: string) {
  await page.evaluate((baseUrl) => {
    const config = {
      id: 'custom:test-model-1',
      label: 'Local test server',
      descriptor: { kind: 'openai-compatible', provider: 'custom', model: 'test-model-1', baseUrl },
      concurrency: 2,
    };
    localStorage.setItem('aml:engine-configs:v1', JSON.stringify([config]));
  }, `${url}/v1`);
  await page.reload();
}

/** Fill the experiment form with the Fig. 7 preset, n samples and the seeded engine; start; return the run id. */
async function startRun(page: Page, n: number): Promise<string> {
  await page.getByTestId('preset').selectOption('fig7');
  await page.getByTestId('samples').fill(String(n));
  await page.getByTestId('engine-option').check();
  await page.getByTestId('start-run').click();
  await page.waitForURL(/#\/run\//);
  return decodeURIComponent(page.url().split('#/run/')[1]);
}

describe('runner in the browser', () => {
  it('records failures with their message, pauses and resumes, and retries the failed samples', async () => {
    const faulty = await startOpenAIServer({
      latencyMs: 300,
      chunkDelayMs: 10,
      script: [{ kind: 'status', status: 400, message: 'Unsupported parameter for this model' }],
    });
    try {
      const { page, errors } = await site.newPage('#/experiment');
      await seedEngine(page, faulty.url);
      const runId = await startRun(page, 10);
      // the first request fails with a 400; pause once it is recorded and another sample is done
      await expect.poll(() => count(page, 'count-failed'), { timeout: 30_000 }).toBe(1);
      await expect.poll(() => count(page, 'count-done'), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
      await page.getByTestId('pause').click();
      await expect.poll(() => page.getByTestId('run-status').textContent()).toBe('paused');
      await page.getByTestId('resume').click();
      await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 30_000 }).toBe('done');
      expect(await count(page, 'count-failed')).toBe(1);
      expect(await count(page, 'count-done')).toBe(9);
      const failures = page.locator('section[aria-labelledby=failures-title]');
      await expect.poll(() => failures.textContent()).toContain('Unsupported parameter for this model');
      await screenshot(page, 'run-with-failure');
      await page.getByTestId('retry-failed').click();
      await expect.poll(() => count(page, 'count-done'), { timeout: 30_000 }).toBe(10);
      expect(await count(page, 'count-failed')).toBe(0);
      await expect.poll(() => page.getByTestId('run-status').textContent()).toBe('done');
      const stored = await storedSamples(page, runId);
      expect(stored.length).toBe(10);
      expect(stored.every((s) => s.status === 'done')).toBe(true);
      // Chromium logs the deliberate 400 response as a console error; nothing else may appear
      expect(errors.filter((e) => !/Failed to load resource.*400/.test(e))).toEqual([]);
      await page.close();
    } finally {
      await faulty.close();
    }
  });

  it('runs, survives a reload mid-run, resumes from the banner and ends with every sample exactly once', async () => {
    const { page, errors } = await site.newPage('#/experiment');
    await seedEngine(page, server.url);

    await page.getByTestId('preset').selectOption('fig7');
    await expect.poll(() => page.getByTestId('condition-count').textContent()).toContain('1 condition');
    await page.getByTestId('samples').fill('12');
    await page.getByTestId('engine-option').check();
    await screenshot(page, 'experiment-form');
    await page.getByTestId('start-run').click();
    await page.waitForURL(/#\/run\//);
    const runId = decodeURIComponent(page.url().split('#/run/')[1]);

    // let a few samples finish, with streaming text on screen, then reload in the middle of the run
    await expect.poll(() => count(page, 'count-done'), { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
    // streamed text of a sample in flight shows up as it arrives
    await expect
      .poll(async () => (await page.getByTestId('stream-text').allTextContents()).some((t) => t.includes('Hello from')))
      .toBe(true);
    await screenshot(page, 'run-in-progress');
    const requestsBefore = server.requests.length;
    await page.reload();
    const chatRequests = () => server.requests.filter((r) => r.path.endsWith('/chat/completions')).length;
    const requestsAtReload = chatRequests();
    const afterReload = await storedSamples(page, runId);
    expect(afterReload.length).toBeGreaterThanOrEqual(3);
    expect(afterReload.length).toBeLessThan(12);

    // the unfinished run is offered on the experiment page
    await page.goto(`${site.url}#/experiment`);
    await expect.poll(() => page.getByTestId('resume-banner').isVisible()).toBe(true);
    await screenshot(page, 'resume-banner');
    await page.getByTestId('resume-run').click();
    await page.waitForURL(/#\/run\//);
    await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 60_000 }).toBe('done');
    expect(await count(page, 'count-done')).toBe(12);
    expect(await count(page, 'count-failed')).toBe(0);
    expect(await count(page, 'count-remaining')).toBe(0);
    await screenshot(page, 'run-done');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-run').click()]);
    const bundle = parseBundleText(await readFile((await download.path())!, 'utf8'));
    expect(bundle.ok && bundle.bundle.samples.length).toBe(12);

    const final = await storedSamples(page, runId);
    expect(final.length).toBe(12);
    expect(final.map((s) => s.index).sort((a, b) => a - b)).toEqual([...Array(12).keys()]);
    expect(final.every((s) => s.status === 'done' && s.verdicts === 1)).toBe(true);
    // samples stored before the reload were not requested again: the resumed run asked for exactly the missing ones
    const modelRequests = chatRequests();
    expect(modelRequests).toBeGreaterThanOrEqual(12);
    expect(modelRequests - requestsAtReload).toBe(12 - afterReload.length);
    // what the reload lost: per slot (2) the sample in generation and the one being stored meanwhile
    expect(modelRequests).toBeLessThanOrEqual(12 + 2 * 2);
    expect(requestsBefore).toBeGreaterThanOrEqual(afterReload.length);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('says what to do when a run cannot resume because its engine is no longer set up', async () => {
    const { page, errors } = await site.newPage('#/experiment');
    await seedEngine(page, server.url);
    const runId = await startRun(page, 40);
    await expect.poll(() => count(page, 'count-done'), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
    await page.evaluate(() => localStorage.removeItem('aml:engine-configs:v1'));
    await page.reload();
    await page.getByTestId('resume').click();
    await expect
      .poll(() => page.locator('.message[role=alert]').textContent())
      .toContain('No engine is set up for custom · test-model-1. Add it on the Setup page, then resume.');
    const stored = await storedSamples(page, runId);
    expect(stored.length).toBeGreaterThanOrEqual(1);
    await screenshot(page, 'run-missing-engine');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('lets only one tab drive a run: a second tab is told, and is not offered to resume it', async () => {
    const slow = await startOpenAIServer({ latencyMs: 1500, chunkDelayMs: 10 });
    try {
      const first = await site.newPage('#/experiment');
      await seedEngine(first.page, slow.url);
      const runId = await startRun(first.page, 20);
      await expect.poll(() => first.page.getByTestId('run-status').textContent()).toBe('running');
      // a second tab in the same browser profile
      const second = await site.newPage(`#/run/${encodeURIComponent(runId)}`, { context: first.context });
      await second.page.getByTestId('resume').click();
      await expect
        .poll(() => second.page.locator('.message[role=alert]').textContent())
        .toContain('running in another tab');
      await second.page.goto(`${site.url}#/experiment`);
      await second.page.locator('h1#experiment-title').waitFor();
      await second.page.waitForTimeout(500);
      expect(await second.page.getByTestId('resume-banner').count()).toBe(0);
      expect(first.errors).toEqual([]);
      expect(second.errors).toEqual([]);
      await second.page.close();
      await first.page.close();
    } finally {
      await slow.close();
    }
  });
});
