// The cost and time estimate as mounted on the experiment page: known price, batch price, editable price, free in-browser runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSite, screenshot, type Site } from './harness';
import { startOpenAIServer, type TestServer } from '../servers/openai-compatible';

let site: Site;
let server: TestServer;
beforeAll(async () => {
  site = await openSite();
  // 600 ms to the first token, then ~100 tokens streamed quickly
  server = await startOpenAIServer({ latencyMs: 600, chunkDelayMs: 5, reply: () => 'word '.repeat(80) });
});
afterAll(async () => {
  await site?.close();
  await server?.close();
});

const CONFIGS = [
  {
    id: 'anthropic:claude-sonnet-4-5',
    label: 'Anthropic · claude-sonnet-4-5',
    descriptor: { kind: 'anthropic', provider: 'anthropic', model: 'claude-sonnet-4-5' },
    concurrency: 4,
  },
  {
    id: 'webllm:Llama-3.2-1B-Instruct-q4f32_1-MLC',
    label: 'In-browser · Llama-3.2-1B-Instruct (q4f32_1)',
    descriptor: { kind: 'webllm', provider: 'webllm', model: 'Llama-3.2-1B-Instruct-q4f32_1-MLC' },
    concurrency: 1,
  },
];

const dollars = (s: string | null) => Number(/\$(\d+(?:\.\d+)?)/.exec(s ?? '')?.[1] ?? NaN);

describe('cost estimate', () => {
  it('prices a chosen API model from the known table, reacts to edits, and shows in-browser runs as free', async () => {
    const context = await site.browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript((configs) => {
      localStorage.setItem('aml:engine-configs:v1', JSON.stringify(configs));
    }, CONFIGS);
    const { page, errors } = await site.newPage('#/experiment', { context });
    const options = page.getByTestId('engine-option');
    await expect.poll(() => options.count(), { timeout: 15_000 }).toBe(2);
    await options.nth(0).check();
    await options.nth(1).check();

    const estimates = page.getByTestId('cost-estimate');
    await expect.poll(() => estimates.count(), { timeout: 15_000 }).toBe(2);
    const api = estimates.filter({ hasText: 'claude-sonnet-4-5' });
    const requests = Number((await api.getByTestId('cost-requests').textContent())?.replace(/,/g, ''));
    expect(requests).toBeGreaterThan(0);
    const before = dollars(await api.getByTestId('cost-total').textContent());
    expect(before).toBeGreaterThan(0);
    // Anthropic has a batch API: the same experiment through it at half the list price
    const batch = api.getByTestId('cost-batch');
    expect(await batch.textContent()).toContain('50% of list price');
    expect(dollars(await batch.textContent()) / before).toBeGreaterThan(0.49);
    expect(dollars(await batch.textContent()) / before).toBeLessThan(0.51);

    // doubling the output price raises the total
    await api.getByText('Assumptions (editable)').click();
    const out = api.getByLabel('$ per million output tokens');
    expect(await out.inputValue()).toBe('15');
    await out.fill('30');
    await out.dispatchEvent('change');
    await expect.poll(async () => dollars(await api.getByTestId('cost-total').textContent())).toBeGreaterThan(before);

    const local = estimates.filter({ hasText: 'In-browser' });
    expect(await local.getByTestId('cost-total').textContent()).toContain('free');
    expect(await local.getByTestId('cost-batch').count()).toBe(0);
    await screenshot(page, 'cost-estimate');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('starts the time estimate from the speed the connection test measured, and keeps it after a reload', async () => {
    const { page, errors } = await site.newPage('#/setup');
    await page.getByTestId('provider').selectOption('custom');
    await page.getByTestId('base-url').fill(`${server.url}/v1`);
    // one engine tested (measured), one saved without a test (assumed)
    await page.getByTestId('model').fill('tested-model');
    await page.getByTestId('test-connection').click();
    await expect
      .poll(() => page.getByTestId('connection-result').textContent(), { timeout: 20_000 })
      .toContain('tested-model');
    await page.getByTestId('save-engine').click();
    await page.getByTestId('model').fill('untested-model');
    await page.getByTestId('save-engine').click();

    await page.goto(`${site.url}#/experiment`);
    const options = page.getByTestId('engine-option');
    await expect.poll(() => options.count(), { timeout: 15_000 }).toBe(2);
    await options.nth(0).check();
    await options.nth(1).check();
    const estimates = page.getByTestId('cost-estimate');
    await expect.poll(() => estimates.count(), { timeout: 15_000 }).toBe(2);
    const tested = estimates.filter({ hasText: 'tested-model' }).filter({ hasNotText: 'untested-model' });
    const untested = estimates.filter({ hasText: 'untested-model' });

    const read = async () => {
      const speed = tested.getByTestId('cost-speed');
      const text = (await speed.textContent()) ?? '';
      return {
        measured: await speed.getAttribute('data-measured'),
        firstToken: Number(/first token ([\d.]+) s/.exec(text)?.[1]),
        seconds: Number(await tested.getByTestId('cost-time').getAttribute('data-seconds')),
      };
    };
    const m = await read();
    expect(m.measured).toBe('true');
    expect(m.firstToken).toBeGreaterThanOrEqual(0.6); // the server waited 600 ms before its first token
    expect(await untested.getByTestId('cost-speed').getAttribute('data-measured')).toBe('false');
    expect(await untested.getByTestId('cost-speed').textContent()).toContain('first token 1.50 s, 50 tokens/s');
    // the fast measured server makes the same experiment's estimate shorter than the assumed speed's
    const assumed = Number(await untested.getByTestId('cost-time').getAttribute('data-seconds'));
    expect(m.seconds).toBeGreaterThan(0);
    expect(m.seconds).toBeLessThan(assumed);

    await page.reload();
    await expect.poll(() => options.count(), { timeout: 15_000 }).toBe(2);
    await options.nth(0).check();
    await options.nth(1).check();
    await expect.poll(() => estimates.count(), { timeout: 15_000 }).toBe(2);
    await expect.poll(async () => (await read()).measured).toBe('true');
    expect((await read()).seconds).toBeCloseTo(m.seconds);
    expect(errors).toEqual([]);
    await page.close();
  });
});
