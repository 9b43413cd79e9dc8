// Batch mode on the site against local batch servers: probe from Setup, submit, reload mid-poll, expired and partial batches, CLI fallback.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { dumpIndexedDb, openSite, screenshot, type Site } from './harness';
import { startOpenAIBatchServer, type BatchTestServer } from '../servers/batch-openai';
import { startAnthropicBatchServer } from '../servers/batch-anthropic';

const KEY = 'sk-batch-browser-0123456789SECRET';
const N = 6;
let site: Site;
let openai: BatchTestServer;
let anthropic: BatchTestServer;
let slow: BatchTestServer;

beforeAll(async () => {
  site = await openSite();
  // 1st batch expires with half its requests unanswered; the re-queued 3 come back with one server error
  openai = await startOpenAIBatchServer({ requireKey: KEY, pollsBeforeEnd: 1, outcomes: ['expired', 'partial'] });
  // Anthropic's batch endpoints refuse browsers' CORS preflights
  anthropic = await startAnthropicBatchServer({ noPreflight: ['/v1/messages/batches'] });
  // batches that stay in progress until cancelled
  slow = await startOpenAIBatchServer({ requireKey: KEY, pollsBeforeEnd: 1000 });
});
afterAll(async () => {
  await site?.close();
  await openai?.close();
  await anthropic?.close();
  await slow?.close();
});

async function setUpEngine(page: Page, provider: string, baseUrl: string, model: string) {
  await page.getByTestId('provider').selectOption(provider);
  await page.getByTestId('base-url').fill(baseUrl);
  await page.getByTestId('model').fill(model);
  await page.getByTestId('api-key').fill(KEY);
  await page.getByTestId('batch-check-button').click();
}

const count = async (page: Page, id: string) => Number(await page.getByTestId(id).textContent());

describe('batch mode in the browser', () => {
  it('probes OpenAI batch endpoints, submits, resumes polling after a reload, re-queues expired requests, stores partial failures', async () => {
    const { page, errors } = await site.newPage('#/setup');
    await setUpEngine(page, 'openai', `${openai.url}/v1`, 'gpt-4.1-mini');
    await expect
      .poll(() => page.getByTestId('batch-probe').textContent(), { timeout: 20_000 })
      .toContain('answers this browser');
    await page.getByTestId('save-engine').click();
    // remembered (unencrypted) so the reload below finds the key and resumes polling without asking
    await page.getByTestId('remember-keys').click();
    await expect.poll(() => page.getByTestId('key-storage').textContent()).toContain('Keys remembered');

    await page.goto(`${site.url}#/experiment`);
    await page.getByTestId('preset').selectOption('fig7');
    await page.getByTestId('samples').fill(String(N));
    await page.getByTestId('engine-option').check();
    await page.getByTestId('batch-mode').check();
    expect(await page.getByTestId('cost-batch').textContent()).toContain('50% of list price');
    await page.getByTestId('start-run').click();
    await page.waitForURL(/#\/run\//);

    // submitted and polled once (still in progress)
    const rows = page.getByTestId('batch-row');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(1);
    await expect
      .poll(() => page.getByTestId('batch-events').textContent(), { timeout: 30_000 })
      .toContain('0/6 finished');
    expect(openai.book.submitted.length).toBe(N);

    // reload while the batch runs at the provider: polling resumes by itself from the ids in IndexedDB
    await page.reload();
    await expect
      .poll(() => page.getByTestId('batch-events').textContent(), { timeout: 30_000 })
      .toContain('3 request(s) expired or unanswered, queued again');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(2);
    await expect.poll(() => count(page, 'count-done'), { timeout: 30_000 }).toBe(3);
    expect(await rows.nth(0).getByTestId('batch-status').textContent()).toContain('expired');

    // the re-queued batch: "Check now" polls without waiting 30 s (first in progress, then ended, partly failed)
    await expect.poll(() => page.getByTestId('batch-check-now').count()).toBe(1);
    await page.getByTestId('batch-check-now').click();
    await expect
      .poll(() => page.getByTestId('batch-events').textContent(), { timeout: 30_000 })
      .toContain('batch_2: 0/3 finished');
    await page.getByTestId('batch-check-now').click();
    await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 30_000 }).toMatch(/done/i);
    expect(await count(page, 'count-done')).toBe(5);
    expect(await count(page, 'count-failed')).toBe(1);
    expect(await count(page, 'count-remaining')).toBe(0);
    expect(await rows.nth(1).getByTestId('batch-status').textContent()).toContain('collected');

    // every sample submitted once, the 3 expired ones exactly twice; nothing else
    const times = new Map<string, number>();
    for (const id of openai.book.submitted) times.set(id, (times.get(id) ?? 0) + 1);
    expect(times.size).toBe(N);
    expect([...times.values()].sort()).toEqual([1, 1, 1, 2, 2, 2]);
    // the key is nowhere in what the page stored (the remembered-keys item aside, which is the user's choice)
    expect(await dumpIndexedDb(page)).not.toContain(KEY);
    expect(await dumpIndexedDb(page)).toContain('batch_1');
    await screenshot(page, 'batch-run');
    expect(errors).toEqual([]);
    await page.close();
  });

  it("Cancel cancels the provider's batch, stores what it answered and queues nothing again", async () => {
    const { page, errors } = await site.newPage('#/setup');
    await setUpEngine(page, 'openai', `${slow.url}/v1`, 'gpt-4.1-mini');
    await expect
      .poll(() => page.getByTestId('batch-probe').textContent(), { timeout: 20_000 })
      .toContain('answers this browser');
    await page.getByTestId('save-engine').click();
    await page.goto(`${site.url}#/experiment`);
    await page.getByTestId('preset').selectOption('fig7');
    await page.getByTestId('samples').fill('4');
    await page.getByTestId('engine-option').check();
    await page.getByTestId('batch-mode').check();
    await page.getByTestId('start-run').click();
    await page.waitForURL(/#\/run\//);
    await expect
      .poll(() => page.getByTestId('batch-events').textContent(), { timeout: 30_000 })
      .toContain('0/4 finished');

    await page.getByTestId('cancel').click();
    await expect.poll(() => slow.book.cancelled.length, { timeout: 30_000 }).toBe(1);
    await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 30_000 }).toMatch(/cancelled/i);
    const events = (await page.getByTestId('batch-events').textContent()) ?? '';
    expect(events).toContain('Asked openai to cancel batch batch_1');
    expect(events).toContain('2 request(s) cancelled before an answer (not queued again)');
    expect(await count(page, 'count-done')).toBe(2);
    expect(await count(page, 'count-remaining')).toBe(2);
    expect(await page.getByTestId('batch-row').count()).toBe(1);
    expect(await page.getByTestId('batch-status').textContent()).toContain('cancelled');
    expect(slow.book.submitted).toHaveLength(4);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("says where a provider's batch API does not answer browsers, and shows the CLI command without the key", async () => {
    const { page } = await site.newPage('#/setup');
    await setUpEngine(page, 'anthropic', `${anthropic.url}/v1`, 'claude-sonnet-4-5');
    await expect
      .poll(() => page.getByTestId('batch-probe').textContent(), { timeout: 20_000 })
      .toContain('does not answer browsers');
    await page.getByTestId('save-engine').click();

    await page.goto(`${site.url}#/experiment`);
    await page.getByTestId('preset').selectOption('fig7');
    await page.getByTestId('samples').fill('2');
    await page.getByTestId('engine-option').check();
    expect(await page.getByTestId('batch-mode').count()).toBe(0);
    expect(await page.getByTestId('batch-unavailable').textContent()).toContain(
      "Anthropic's batch API does not answer",
    );
    await page.getByTestId('start-run').click();
    await page.waitForURL(/#\/run\//);

    await expect
      .poll(() => page.getByTestId('cli-reason').textContent(), { timeout: 20_000 })
      .toContain('does not answer browsers');
    const text = (await page.getByTestId('cli-text').textContent()) ?? '';
    expect(text).toContain('export ANTHROPIC_API_KEY=');
    expect(text).toContain('npm run experiment -- --engine anthropic:claude-sonnet-4-5');
    expect(text).toContain(`--base-url ${anthropic.url}/v1`);
    expect(text).toContain('--preset fig7 --samples 2');
    expect(text).toContain('--batch');
    expect(text).not.toContain(KEY);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.getByTestId('cli-copy').click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toContain('--batch --out');
    await screenshot(page, 'batch-cli-fallback');
    await page.close();
  });
});
