// Bounded requests in Chromium: the time limit set in the engine form, a run rate-limited by a 429 whose Retry-After CORS hides, and cut or huge replies in the transcript.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { MAX_REPLY_CHARS } from '../../src/lib/core/types';
import { importBundle, openSite, type Site } from './harness';
import { GPT_SAMPLE, HOSTILE_SAMPLE, makeBundle } from './results-bundle';
import { startOpenAIServer, type TestServer } from '../servers/openai-compatible';

let site: Site;
const servers: TestServer[] = [];
beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await site?.close();
});

async function server(opts: Parameters<typeof startOpenAIServer>[0]) {
  const s = await startOpenAIServer(opts);
  servers.push(s);
  return s;
}

/** Replace one stored sample's response in IndexedDB (its sample page), as an older version of the app could have stored it. */
function storeResponse(page: Page, sampleId: string, chars: number) {
  return page.evaluate(
    ({ sampleId, chars }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('aml-results');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('samplePages', 'readwrite');
          const req = tx.objectStore('samplePages').openCursor();
          req.onsuccess = () => {
            const cursor = req.result!;
            const value = cursor.value as { ids: string[]; samples: { response?: string }[] };
            if (!value.ids.includes(sampleId)) return cursor.continue();
            const text = 'lorem ipsum dolor sit amet '.repeat(Math.ceil(chars / 27)).slice(0, chars);
            value.samples[value.ids.indexOf(sampleId)].response = text;
            cursor.update(value);
          };
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    { sampleId, chars },
  );
}

describe('bounded requests in the browser', () => {
  it('takes a time limit per request in the engine form, records it in the config, and enforces it on a silent server', async () => {
    const silent = await server({ script: [{ kind: 'silent' }, { kind: 'silent' }] });
    const { page, errors } = await site.newPage('#/setup');
    await page.getByTestId('provider').selectOption('custom');
    await page.getByTestId('base-url').fill(`${silent.url}/v1`);
    await page.getByTestId('model').fill('silent-model');
    expect(await page.getByTestId('time-limit').inputValue()).toBe('10');
    await page.getByTestId('time-limit').fill('0.1');
    await page.getByTestId('test-connection').click();
    await expect
      .poll(() => page.getByTestId('connection-result').textContent(), { timeout: 60_000 })
      .toMatch(/no complete reply within 6 s \(this engine's time limit per request\)/);
    await page.getByTestId('save-engine').click();
    await expect.poll(() => page.getByTestId('engine-list').textContent()).toContain('time limit 6 s per request');
    const saved = await page.evaluate(() => JSON.parse(localStorage.getItem('aml:engine-configs:v1') ?? '[]'));
    expect(saved.find((c: { descriptor: { model: string } }) => c.descriptor.model === 'silent-model')).toMatchObject({
      deadlineMs: 6000,
    });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('says in the run view that a run is rate-limited when a 429 hides its Retry-After, and waits the minimum', async () => {
    const limited = await server({
      chunkDelayMs: 1,
      script: [{ kind: 'status', status: 429, retryAfter: 1, hideRetryAfter: true }],
    });
    const { page } = await site.newPage('#/setup');
    await page.evaluate((baseUrl) => {
      const config = {
        id: 'custom:rate-limited',
        label: 'Rate-limited server',
        descriptor: { kind: 'openai-compatible', provider: 'custom', model: 'rate-limited', baseUrl },
        concurrency: 1,
      };
      localStorage.setItem('aml:engine-configs:v1', JSON.stringify([config]));
    }, `${limited.url}/v1`);
    await page.evaluate(() => (location.hash = '#/experiment'));
    await page.reload();
    await page.getByTestId('preset').selectOption('fig7');
    await page.getByTestId('samples').fill('1');
    await page.getByTestId('engine-option').check();
    await page.getByTestId('start-run').click();
    await page.waitForURL(/#\/run\//);
    const notice = page.getByTestId('retry-notice');
    await notice.waitFor({ timeout: 30_000 });
    // the server asked for 1 s, but the page cannot read that header: it waits the 15 s minimum instead
    expect(await notice.textContent()).toMatch(
      /^Rate-limited by the provider: 1 sample waiting to retry; next attempt in about 1[0-9] s/,
    );
    const first = limited.requests.filter((r) => r.path.endsWith('/chat/completions'))[0].at;
    await expect
      .poll(() => limited.requests.filter((r) => r.path.endsWith('/chat/completions')).length, { timeout: 60_000 })
      .toBeGreaterThan(1);
    const second = limited.requests.filter((r) => r.path.endsWith('/chat/completions'))[1].at;
    expect(second - first).toBeGreaterThanOrEqual(14_000);
    await expect.poll(() => notice.count(), { timeout: 30_000 }).toBe(0);
    await page.close();
  });

  it('marks a reply the lab cut, and renders a 20 MB reply in steps without blocking the page', async () => {
    const bundle = makeBundle();
    const cut = bundle.samples.find((s) => s.id === GPT_SAMPLE.id)!;
    cut.response = 'a long reply '.repeat(Math.ceil(MAX_REPLY_CHARS / 13)).slice(0, MAX_REPLY_CHARS);
    cut.truncated = 'size';
    cut.finishReason = 'length';
    const { page, errors } = await site.newPage('#/data');
    await importBundle(page, bundle, 'bounded.json', { timeout: 60_000 });

    const open = (runId: string, id: string) =>
      page.evaluate((h) => (location.hash = h), `#/transcript/${encodeURIComponent(runId)}/${encodeURIComponent(id)}`);
    await open(GPT_SAMPLE.runId, GPT_SAMPLE.id);
    await expect
      .poll(() => page.getByTestId('truncated-note').textContent(), { timeout: 30_000 })
      .toContain('longer than the stored limit');
    expect(await page.getByTestId('response-text').evaluate((e) => e.textContent!.length)).toBe(100_000);

    // a 20 MB reply stored by an older version: the first 100,000 characters, then more on request
    const HUGE = 20 * 2 ** 20;
    await storeResponse(page, HOSTILE_SAMPLE.id, HUGE);
    await page.evaluate(() => {
      const w = window as unknown as { longest: number };
      w.longest = 0;
      new PerformanceObserver((l) => {
        for (const e of l.getEntries()) w.longest = Math.max(w.longest, e.duration);
      }).observe({ type: 'longtask' });
    });
    const t0 = Date.now();
    await open(HOSTILE_SAMPLE.runId, HOSTILE_SAMPLE.id);
    const response = page.getByTestId('response-text');
    await expect
      .poll(() => response.evaluate((e) => e.textContent!.length).catch(() => 0), { timeout: 60_000 })
      .toBe(100_000);
    const shownMs = Date.now() - t0;
    const longest = await page.evaluate(() => (window as unknown as { longest: number }).longest);
    console.log(`transcript_20mb_first_render_ms ${shownMs}  transcript_20mb_longest_task_ms ${Math.round(longest)}`);
    const more = page.getByTestId('long-text-more');
    expect(await more.textContent()).toContain(`Showing 100,000 of ${HUGE.toLocaleString('en-US')} characters`);
    await more.getByRole('button', { name: /Show the next 100,000 characters/ }).click();
    await expect.poll(() => response.evaluate((e) => e.textContent!.length)).toBe(200_000);
    expect(errors).toEqual([]);
    await page.close();
  });
});
