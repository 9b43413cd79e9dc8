// Trust in Chromium: a server echoing the key (every form) leaves no trace in storage, views or exports; keys in base
// URLs are refused; hostile replies and names export and import back; a framed page takes no keys; [::1] servers work.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { dumpIndexedDb, openSite, type Site } from './harness';
import { echoForms, startEchoKeyServer } from '../servers/echo-key';
import { startOpenAIServer, type TestServer } from '../servers/openai-compatible';
import type { Page } from 'playwright-core';

const KEY = 'canary-5e1f0a9b7c3d2e48-key/+=';
let site: Site;
const servers: TestServer[] = [];

beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => {
  for (const s of servers) await s.close();
  await site?.close();
});

/** Any recognisable piece of any form of the key. */
function leaks(text: string): string[] {
  return echoForms(KEY)
    .flatMap((f) => [f, f.slice(4, 20)])
    .filter((p) => text.includes(p));
}

async function setUpEngine(page: Page, baseUrl: string, model: string, key = '') {
  await page.getByTestId('provider').selectOption('custom');
  await page.getByTestId('base-url').fill(baseUrl);
  await page.getByTestId('model').fill(model);
  if (key) await page.getByTestId('api-key').fill(key);
  await page.getByTestId('save-engine').click();
  await expect.poll(() => page.getByTestId('engine-list').textContent()).toContain(model);
}

async function runExperiment(page: Page, samples: number, name = '') {
  await page.evaluate(() => (location.hash = '#/experiment'));
  const option = page.getByTestId('engine-option');
  await expect.poll(() => option.count(), { timeout: 15_000 }).toBe(1);
  await option.check();
  if (name) await page.getByLabel('Name (optional)').fill(name);
  await page.getByLabel('Samples per condition').fill(String(samples));
  const start = page.getByTestId('start-run');
  await expect.poll(() => start.isEnabled(), { timeout: 15_000 }).toBe(true);
  await start.click();
  await expect.poll(() => page.getByTestId('run-status').textContent(), { timeout: 90_000 }).toMatch(/done/);
}

async function download(page: Page, testId: string): Promise<string> {
  await page.evaluate(() => (location.hash = '#/data'));
  const button = page.getByTestId(testId);
  await button.waitFor();
  const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return readFile(await file.path(), 'utf8');
}

describe('a server that echoes the key back', () => {
  it('gets no form of the key into storage, the page, the JSON or CSV export, URLs or logs', async () => {
    const server = await startEchoKeyServer({ errorQuoting: KEY });
    servers.push(server);
    const { page } = await site.newPage('#/setup');
    const urls: string[] = [];
    const logs: string[] = [];
    page.on('request', (r) => urls.push(r.url()));
    page.on('console', (m) => logs.push(m.text()));

    await page.getByTestId('provider').selectOption('custom');
    await page.getByTestId('base-url').fill(`${server.url}/v1`);
    await page.getByTestId('api-key').fill(KEY);
    await page.getByRole('button', { name: 'Fetch model list' }).click();
    await expect.poll(() => page.locator('#model-options option').count(), { timeout: 15_000 }).toBe(2);
    const listed = await page.locator('#model-options').innerHTML();
    expect(listed).toContain('echo-[redacted key]');
    expect(leaks(listed)).toEqual([]);
    await page.getByTestId('model').fill('echo-model');
    await page.getByTestId('save-engine').click();
    await expect.poll(() => page.getByTestId('engine-list').textContent()).toContain('echo-model');

    await runExperiment(page, 3);
    expect(await page.getByTestId('count-failed').textContent()).toBe('1');
    expect(leaks(await page.locator('body').innerText())).toEqual([]);

    const dump = await dumpIndexedDb(page);
    expect(dump).toContain('served-by-[redacted key]');
    expect(dump).toContain('I will not send any email');
    expect(leaks(dump)).toEqual([]);
    const json = await download(page, 'export-json');
    const csv = await download(page, 'export-csv');
    expect(json).toContain('I will not send any email');
    expect(csv).toContain('served-by-[redacted key]');
    for (const text of [json, csv, page.url(), urls.join('\n'), logs.join('\n')]) expect(leaks(text)).toEqual([]);
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
    expect(leaks(stored)).toEqual([]);
    // the key did travel, in the Authorization header only
    expect(server.requests.some((r) => r.headers.authorization === `Bearer ${KEY}`)).toBe(true);
    await page.close();
  });
});

describe('keys in base URLs', () => {
  it.each([
    ['user info', (u: string) => u.replace('http://', `http://user:${KEY}@`) + '/v1', /user name and password/],
    [
      'a key parameter',
      (u: string) => `${u}/v1?api_key=${encodeURIComponent(KEY)}`,
      /Remove the key from the base URL/,
    ],
  ])('refuses %s, saying why', async (_n, url, why) => {
    const { page } = await site.newPage('#/setup');
    await page.getByTestId('provider').selectOption('custom');
    await page.getByTestId('base-url').fill(url('http://127.0.0.1:9'));
    await page.getByTestId('model').fill('m');
    await expect.poll(() => page.getByTestId('base-url-problem').textContent()).toMatch(why);
    expect(await page.getByTestId('base-url').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('save-engine').isDisabled()).toBe(true);
    expect(await page.getByTestId('test-connection').isDisabled()).toBe(true);
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
    expect(leaks(stored)).toEqual([]);
    await page.close();
  });

  it('strips a key from an engine saved by an older version', async () => {
    const { page, context } = await site.newPage('#/setup');
    const old = [
      {
        id: `custom:m@http://user:${KEY}@127.0.0.1:9/v1`,
        label: 'Custom · m',
        descriptor: {
          kind: 'openai-compatible',
          provider: 'custom',
          model: 'm',
          baseUrl: `http://user:${KEY}@127.0.0.1:9/v1`,
        },
        concurrency: 1,
      },
    ];
    await page.evaluate((v) => localStorage.setItem('aml:engine-configs:v1', v), JSON.stringify(old));
    await page.reload();
    await expect.poll(() => page.getByTestId('engine-list').textContent()).toContain('m');
    const stored = await page.evaluate(() => localStorage.getItem('aml:engine-configs:v1') ?? '');
    expect(stored).toContain('http://127.0.0.1:9/v1');
    expect(leaks(stored)).toEqual([]);
    await context.close();
  });
});

describe('hostile values from a provider and the form', () => {
  it('export from the UI, import into a fresh browser, nothing rejected', async () => {
    const huge = `<img src=x onerror="window.__pwned=1">\u0007${'x'.repeat(2_050_000)}`;
    const server = await startOpenAIServer({
      chunkDelayMs: 0,
      chunkChars: 20_000,
      reply: () => ({ text: huge, model: '<b>m</b>\u0007\u001b[31m', finishReason: 'stop\u0001<x>' }),
    });
    servers.push(server);
    const { page } = await site.newPage('#/setup');
    await setUpEngine(page, `${server.url}/v1`, 'hostile-model');
    await runExperiment(page, 2, '<script>window.__pwned=1</script> \u0007 name');
    const json = await download(page, 'export-json');
    expect(json).toContain('‹b›m‹/b›');
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    await page.close();

    const fresh = await site.newPage('#/data');
    await fresh.page.locator('h1#data-title').waitFor();
    await fresh.page.getByTestId('import-file').setInputFiles({
      name: 'hostile-export.json',
      mimeType: 'application/json',
      buffer: Buffer.from(json),
    });
    const report = fresh.page.getByTestId('import-report');
    await expect.poll(() => report.textContent(), { timeout: 60_000 }).toContain('hostile-export.json: imported');
    await expect.poll(() => report.textContent()).toContain('Samples: 2 added');
    await fresh.page.close();
  });
});

describe('frame guard', () => {
  it('a page inside another page’s frame takes no keys and says why', async () => {
    const { page } = await site.newPage('#/setup');
    await page.setContent(`<iframe id="f" src="${site.url}#/setup" width="1200" height="800"></iframe>`);
    const frame = page.frameLocator('#f');
    await expect.poll(() => frame.getByTestId('framed-notice').first().isVisible(), { timeout: 30_000 }).toBe(true);
    expect(await frame.getByTestId('framed-notice').first().textContent()).toMatch(/does not take or use API keys/);
    expect(await frame.getByTestId('api-key').count()).toBe(0);
    expect(await frame.getByTestId('key-passphrase').count()).toBe(0);
    // the same page in its own tab takes keys
    const own = await site.newPage('#/setup');
    await own.page.getByTestId('api-key').waitFor();
    expect(await own.page.getByTestId('framed-notice').count()).toBe(0);
    await own.page.close();
    await page.close();
  });
});

describe('local servers on [::1]', () => {
  it('reach an IPv6-only server through the CSP', async () => {
    const server = await startOpenAIServer({ host: '::1', reply: () => 'Hello over IPv6 loopback.' });
    servers.push(server);
    expect(server.url).toMatch(/^http:\/\/\[::1\]:\d+$/);
    const { page, errors } = await site.newPage('#/setup');
    await page.getByTestId('provider').selectOption('custom');
    await page.getByTestId('base-url').fill(`${server.url}/v1`);
    await page.getByTestId('model').fill('v6-model');
    await page.getByTestId('test-connection').click();
    await expect
      .poll(() => page.locator('body').innerText(), { timeout: 30_000 })
      .toContain('Hello over IPv6 loopback.');
    expect(errors.join('\n')).not.toMatch(/Content Security Policy/);
    await page.close();
  });
});
