// End to end with a real key: set up an API engine, run samples against a local server, then scan IndexedDB, the export, URLs and logs for the key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { dumpIndexedDb, openSite, type Site } from './harness';
import { startOpenAIServer, type TestServer } from '../servers/openai-compatible';

const KEY = 'sk-scan-SECRET-0a1b2c3d4e5f6a7b8c9d';
const ANSWER = 'I will not send any email about this.';
let site: Site;
let server: TestServer;

beforeAll(async () => {
  site = await openSite();
  server = await startOpenAIServer({
    requireKey: KEY,
    // the first sample fails with an error that quotes the key back, as some providers do
    script: [{ kind: 'status', status: 400, message: `Rejected header Authorization: Bearer ${KEY}` }],
    reply: () => ANSWER,
  });
});
afterAll(async () => {
  await server?.close();
  await site?.close();
});

describe('API keys never reach results, exports, URLs or logs', () => {
  it('runs samples with a key and finds the key nowhere it must not be', async () => {
    const { page } = await site.newPage('#/setup');
    const urls: string[] = [];
    const logs: string[] = [];
    page.on('request', (r) => urls.push(r.url()));
    page.on('console', (m) => logs.push(m.text()));

    await page.getByTestId('provider').selectOption('custom');
    await page.getByTestId('base-url').fill(`${server.url}/v1`);
    await page.getByTestId('model').fill('scan-model');
    await page.getByTestId('api-key').fill(KEY);
    await page.getByTestId('save-engine').click();
    await expect.poll(() => page.getByTestId('engine-list').textContent()).toContain('scan-model');

    await page.evaluate(() => (location.hash = '#/experiment'));
    const option = page.getByTestId('engine-option');
    await expect.poll(() => option.count(), { timeout: 15_000 }).toBe(1);
    await option.check();
    await page.getByLabel('Samples per condition').fill('3');
    const start = page.getByTestId('start-run');
    await expect.poll(() => start.isEnabled(), { timeout: 15_000 }).toBe(true);
    await start.click();
    await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 60_000 }).toMatch(/done/);
    expect(await page.getByTestId('count-failed').textContent()).toBe('1');

    const dump = await dumpIndexedDb(page);
    expect(dump).toContain(ANSWER); // the scan sees the stored samples…
    expect(dump).toContain('[redacted key]'); // …including the failed one, whose message was scrubbed
    expect(dump).not.toContain(KEY);

    await page.evaluate(() => (location.hash = '#/data'));
    const exportButton = page.getByTestId('export-json');
    await exportButton.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), exportButton.click()]);
    const path = await download.path();
    const exported = await readFile(path, 'utf8');
    expect(exported).toContain(ANSWER);
    expect(exported).not.toContain(KEY);

    expect(page.url()).not.toContain(KEY);
    expect(urls.join('\n')).not.toContain(KEY);
    expect(logs.join('\n')).not.toContain(KEY);
    // the key did reach the provider, in the Authorization header only
    const chat = server.requests.filter((r) => r.path === '/v1/chat/completions');
    expect(chat).toHaveLength(3);
    expect(chat.every((r) => r.headers.authorization === `Bearer ${KEY}` && !r.url.includes(KEY))).toBe(true);
    await page.close();
  });
});
