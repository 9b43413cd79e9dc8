// Exact replication, prompt side, in Chromium: import the original-layout fixture, review and edit a derived fact,
// choose the harness's swap, and check that a run records both.
import { strToU8, zipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTree } from '../../scripts/lib/load-pack';
import { startOpenAIServer, type TestServer } from '../servers/openai-compatible';
import { openSite, screenshot, type Site } from './harness';

let site: Site;
let server: TestServer;
beforeAll(async () => {
  site = await openSite();
  server = await startOpenAIServer({ latencyMs: 20, chunkDelayMs: 1 });
});
afterAll(async () => {
  await site?.close();
  await server?.close();
});

function storedRun(page: Page, runId: string) {
  return page.evaluate(
    (runId) =>
      new Promise<{
        prompts?: { swap: string; editedFacts: string[]; facts: { scenario: string; leverageTarget?: string }[] };
      }>((resolve, reject) => {
        const open = indexedDB.open('aml-results');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('runs').objectStore('runs').get(runId);
          req.onsuccess = () => {
            resolve(req.result);
            open.result.close();
          };
        };
      }),
    runId,
  );
}

describe('exact replication: prompts and facts', () => {
  it('shows the derived facts, keeps an edit and the swap choice, and the run records both', async () => {
    const fixture = readTree(new URL('../fixtures/original-templates', import.meta.url).pathname);
    const zip = zipSync(Object.fromEntries(Object.entries(fixture).map(([p, t]) => [`repo-main/${p}`, strToU8(t)])));
    const { page, errors } = await site.newPage('#/scenarios');
    await page.getByTestId('system-prompt').waitFor();
    await page
      .getByTestId('import-zip')
      .setInputFiles({ name: 't.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) });
    await expect.poll(() => page.getByRole('status').last().textContent(), { timeout: 10_000 }).toContain('Imported');

    // derived facts: the agent's address from the system prompt; the trapped executive from the alert
    await expect.poll(() => page.getByTestId('fact-agentEmail').inputValue()).toBe('alex.ai@fillcorp.com');
    await page.getByTestId('pick-scenario').selectOption('murder');
    const target = page.getByLabel('Person trapped in the server room');
    await expect.poll(() => target.inputValue()).toBe('exec.person@fillcorp.com');
    expect(await page.getByLabel('Override code').inputValue()).toBe('FILL-1234');

    // an invalid edit is refused with the reason; a valid one is kept
    await target.fill('not an address');
    await page.getByTestId('facts-save').click();
    await expect.poll(() => page.getByTestId('facts-errors').textContent()).toContain('must be an email address');
    expect(await target.getAttribute('aria-invalid')).toBe('true');
    await target.fill('boss.person@fillcorp.com');
    await page.getByTestId('facts-save').press('Enter');
    await expect.poll(() => page.getByTestId('facts-status').textContent()).toContain('Saved');

    // swap as the harness renders it: the swap condition's system prompt has no goal statement
    await page.getByLabel('Goal type').selectOption('swap');
    await expect.poll(() => page.getByTestId('system-prompt').textContent()).toContain('Filler goal: global.');
    await page.getByLabel(/As the original harness renders it/).check();
    await expect.poll(() => page.getByTestId('system-prompt').textContent()).not.toContain('Filler goal');
    await screenshot(page, 'scenarios-pack-options');

    // kept with the pack across a reload
    await page.reload();
    await expect
      .poll(() => page.getByLabel('Person trapped in the server room').inputValue())
      .toBe('boss.person@fillcorp.com');
    expect(await page.getByLabel(/As the original harness renders it/).isChecked()).toBe(true);

    // a run made with the pack records the swap choice and the edited facts
    await page.evaluate((baseUrl) => {
      const config = {
        id: 'custom:test-model-1',
        label: 'Local test server',
        descriptor: { kind: 'openai-compatible', provider: 'custom', model: 'test-model-1', baseUrl },
        concurrency: 1,
      };
      localStorage.setItem('aml:engine-configs:v1', JSON.stringify([config]));
    }, `${server.url}/v1`);
    await page.goto(`${site.url}#/experiment`);
    await page.reload(); // engine configs are read at start-up
    await page.getByTestId('experiment-pack').selectOption({ index: 1 });
    await page.getByTestId('preset').selectOption('fig11');
    await expect.poll(() => page.getByTestId('prompts-note').textContent()).toContain('edited for');
    await page.getByTestId('samples').fill('1');
    await page.getByTestId('engine-option').check();
    await page.getByTestId('start-run').click();
    await page.waitForURL(/#\/run\//);
    const runId = decodeURIComponent(page.url().split('#/run/')[1]);
    await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 30_000 }).toBe('done');
    expect(await page.getByTestId('prompts-note').textContent()).toContain('as the original harness renders it');
    expect(await page.getByTestId('prompts-facts-murder').textContent()).toContain('target boss.person@fillcorp.com');
    const run = await storedRun(page, runId);
    expect(run.prompts?.swap).toBe('original');
    expect(run.prompts?.editedFacts).toEqual(['murder']);
    expect(run.prompts?.facts.map((f) => [f.scenario, f.leverageTarget])).toEqual([
      ['murder', 'boss.person@fillcorp.com'],
    ]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
