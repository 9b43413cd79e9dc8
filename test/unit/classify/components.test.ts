// Builds a small page mounting JudgePanel and AgreementSummary, then drives it in Chromium (keyboard, progress, errors).
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { strToU8, zipSync } from 'fflate';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServer, type StaticServer } from '../../browser/static-server';

const pageDir = fileURLToPath(new URL('../../fixtures/classify/ui/', import.meta.url));
const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('classification components in Chromium', { timeout: 30_000 }, () => {
  let out: string;
  let server: StaticServer;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'classify-ui-'));
    await build({
      root: pageDir,
      configFile: false,
      logLevel: 'error',
      plugins: [svelte({ configFile: join(root, 'svelte.config.js') })],
      build: { outDir: out, emptyOutDir: true },
    });
    server = await startStaticServer(out, '/');
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
    page = await browser.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(server.url);
    await page.getByTestId('judge-panel').waitFor();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (out) rmSync(out, { recursive: true, force: true });
  });

  const calls = () => page.evaluate(() => (window as unknown as { calls: unknown[] }).calls);

  it('offers rules-only plus the given judges, with labelled controls', async () => {
    const options = await page.getByLabel('Judge model').locator('option').allTextContents();
    expect(options).toEqual(['None (rules only)', 'Local API judge', 'Broken judge']);
    expect(await page.getByLabel('Final verdict').inputValue()).toBe('rules');
  });

  it('refuses a judge policy without a judge and says what to do', async () => {
    await page.getByLabel('Final verdict').selectOption('both');
    await page.getByTestId('reclassify').click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/Choose a judge model/);
    expect(await calls()).toEqual([]);
  });

  it('dispatches the chosen judge, policy and awareness from the keyboard and shows progress', async () => {
    await page.getByLabel('Judge model').selectOption('api:judge-model');
    await page.getByLabel('Also label evaluation awareness').check();
    await page.getByTestId('reclassify').focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByTestId('reclassify-status').innerText(), { timeout: 10_000 })
      .toMatch(/Re-classifying/);
    expect(await page.getByTestId('reclassify').isDisabled()).toBe(true);
    await page.getByTestId('reclassify-cancel').click();
    await expect
      .poll(() => page.getByTestId('reclassify-status').innerText(), { timeout: 10_000 })
      .toMatch(/Re-classified 3 of 3 samples \(100%\); 1 judge call failed, that sample stays unclassified\./);
    expect(await page.getByTestId('reclassify-status').getAttribute('aria-live')).toBe('polite');
    expect(await calls()).toEqual([
      { judge: 'api:judge-model', engineId: 'api:judge-model', policy: 'both', awareness: true },
      { judge: 'cancel', engineId: null, policy: '', awareness: false },
    ]);
  });

  it('shows a failing re-classification as an alert with a next step', async () => {
    await page.getByLabel('Judge model').selectOption('broken');
    await page.getByTestId('reclassify').click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toMatch(/Re-classification stopped: the judge server refused the key\. Check the judge's settings/);
  });

  it('tabulates agreement with kappa and its meaning, and explains an empty summary', async () => {
    const rows = page.getByTestId('agreement-row');
    expect(await rows.count()).toBe(2);
    const first = (await rows.nth(0).locator('td').allTextContents()).map((t) => t.trim());
    expect(first).toEqual(['50', '20', '15', '5', '10', '1', '70.0%', '0.40 (fair)']);
    expect((await rows.nth(1).getByTestId('kappa').textContent())?.trim()).toBe('– (undefined)');
    await expect.poll(() => page.getByText('No samples have both a rule and a judge verdict yet').count()).toBe(1);
    mkdirSync(join(root, 'test-output/screenshots'), { recursive: true });
    await page.screenshot({ path: join(root, 'test-output/screenshots/classify-components.png'), fullPage: true });
    expect(errors, errors.join('\n')).toEqual([]);
  });

  it('switches to the original method: loads the classifiers from a .zip, says when only its gates run, dispatches', async () => {
    const dir = join(root, 'test/fixtures/original-classifiers/classifiers');
    const zip = (names: string[]) =>
      Buffer.from(
        zipSync(
          Object.fromEntries(names.map((n) => [`copy/classifiers/${n}`, strToU8(readFileSync(join(dir, n), 'utf8'))])),
        ),
      );
    await page.getByLabel('Judge model').selectOption('');
    await page.getByLabel('Method').selectOption('original');
    expect(await page.getByLabel('Final verdict').count()).toBe(0);
    await expect.poll(() => page.getByTestId('gates-only-note').count()).toBe(1);
    await page.getByTestId('original-zip').setInputFiles({
      name: 'partial.zip',
      mimeType: 'application/zip',
      buffer: zip(['blackmail_classifier.py']),
    });
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toMatch(/missing classifiers\/leak_classifier\.py/);
    await page.getByTestId('original-zip').setInputFiles({
      name: 'classifiers.zip',
      mimeType: 'application/zip',
      buffer: zip(readdirSync(dir)),
    });
    await expect
      .poll(() => page.getByTestId('original-prompts-status').textContent())
      .toMatch(/Loaded from classifiers\.zip \(prompts [0-9a-f]{8}\)/);
    expect(await page.getByTestId('gates-only-note').count()).toBe(1);
    await page.getByLabel('Judge model').selectOption('api:judge-model');
    await expect.poll(() => page.getByTestId('gates-only-note').count()).toBe(0);
    await page.getByTestId('reclassify').click();
    const last = await page.evaluate(() => {
      const c = (window as unknown as { methodCalls: { method: string; prompts: string | null; judge: string }[] })
        .methodCalls;
      return c[c.length - 1];
    });
    expect(last).toMatchObject({ method: 'original', judge: 'api:judge-model' });
    expect(last.prompts).toMatch(/^[0-9a-f]{8}$/);
    expect(errors, errors.join('\n')).toEqual([]);
  });
});
