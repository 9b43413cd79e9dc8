// Bundle import through the import worker in Chromium: progress shown while it streams, merged into runs the page has
// written to (the page's cached layouts stay right), files rejected at the end store nothing.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildBundle, parseBundleText } from '../../src/lib/core/bundle';
import type { ResultsBundle } from '../../src/lib/core/types';
import { COND_A, COND_B, makeRun, makeSample } from '../unit/storage/make';
import { openSite, type Site } from './harness';

let site: Site;
beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => {
  await site?.close();
});

/** Run `r` with `per` samples in each of two conditions (answers long enough that the file streams in pieces). */
function bundle(per: number, runId = 'r'): ResultsBundle {
  const samples = Array.from({ length: 2 * per }, (_, i) =>
    makeSample(runId, i % 2 ? COND_B : COND_A, Math.floor(i / 2), { response: `answer ${i} ${'x'.repeat(600)}` }),
  );
  return buildBundle([makeRun(runId, { samplesPerCondition: 2000 })], samples, {
    appVersion: '0.1.0',
    bundleId: `b-${runId}-${per}`,
    exportedAt: '2026-01-01T00:00:00Z',
  });
}

async function importFile(page: Page, name: string, b: ResultsBundle | string): Promise<string> {
  const report = page.getByTestId('import-report');
  await page.getByTestId('import-file').setInputFiles({
    name,
    mimeType: 'application/json',
    buffer: Buffer.from(typeof b === 'string' ? b : JSON.stringify(b)),
  });
  await expect.poll(() => report.textContent(), { timeout: 60_000 }).toContain(name);
  return (await report.textContent()) ?? '';
}

async function override(page: Page, sampleId: string, note: string): Promise<void> {
  await page.evaluate((h) => (location.hash = h), `#/transcript/r/${encodeURIComponent(sampleId)}`);
  await page.locator('[data-testid=override-select]').waitFor({ timeout: 30_000 });
  await page.locator('[data-testid=override-select]').selectOption('not-harmful');
  await page.locator('[data-testid=override-note]').fill(note);
  await page.getByRole('button', { name: 'Save override' }).click();
  await expect.poll(() => page.locator('[data-testid=override-verdict]').textContent()).toBe('not harmful');
}

async function toData(page: Page): Promise<void> {
  await page.evaluate(() => (location.hash = '#/data'));
  await page.locator('h1#data-title').waitFor();
}

const runCounts = (page: Page) => page.getByTestId('run-table').locator('tbody tr td:nth-child(5)').allTextContents();

describe('bundle import in the worker', () => {
  it('shows progress, merges into a run the page wrote to, and stores nothing from files rejected at the end', async () => {
    const { page, errors } = await site.newPage('#/data');
    await page.locator('h1#data-title').waitFor();
    // every text the progress line shows, however briefly
    await page.evaluate(() => {
      const seen: string[] = ((window as unknown as { __busy: string[] }).__busy = []);
      new MutationObserver(() => {
        for (const p of document.querySelectorAll('p[aria-live=polite]')) {
          const t = p.textContent ?? '';
          if (seen.at(-1) !== t) seen.push(t);
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    expect(await importFile(page, 'a.json', bundle(600))).toContain('Samples: 1200 added, 0 merged, 0 already here');

    // the page writes to the run (and caches its layout), the worker then appends to it, the page writes again
    await override(page, `r/${COND_A}/0`, 'first');
    await toData(page);
    const big = bundle(1200);
    expect(await importFile(page, 'b.json', big)).toContain('Samples: 1200 added, 0 merged, 1200 already here');
    const busy = await page.evaluate(() => (window as unknown as { __busy: string[] }).__busy);
    expect(busy.some((t) => /^Reading b\.json: \d+%, [\d,]+ samples checked…$/.test(t))).toBe(true);
    expect(busy).toContain('Storing 2,400 samples from b.json…');
    await override(page, `r/${COND_A}/1100`, 'second');
    await toData(page);
    await expect.poll(() => runCounts(page)).toEqual(['2400 / 0']);

    // rejected at the very end (the last sample is bad): nothing of the many good samples before it is stored
    const bad = bundle(1500);
    (bad.samples[bad.samples.length - 1] as unknown as { index: string }).index = 'last';
    const other = bundle(800, 'r2');
    (other.samples[other.samples.length - 1] as unknown as { model: string }).model = '<b>x</b>';
    await page.getByTestId('import-file').setInputFiles([
      { name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) },
      { name: 'other.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(other)) },
    ]);
    const report = page.getByTestId('import-report');
    await expect.poll(() => report.locator(':scope > li.rejected').count(), { timeout: 60_000 }).toBe(2);
    expect(await report.textContent()).toMatch(/samples\[2999\]\.index/);
    expect(await report.textContent()).toMatch(/samples\[1599\]\.model/);
    await expect.poll(() => runCounts(page)).toEqual(['2400 / 0']);

    // every sample once, both overrides kept
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
    const check = parseBundleText(await readFile((await download.path())!, 'utf8'));
    expect(check.ok).toBe(true);
    if (check.ok) {
      expect(check.bundle.samples).toHaveLength(2400);
      expect(new Set(check.bundle.samples.map((s) => s.id)).size).toBe(2400);
      const notes = check.bundle.samples.filter((s) => s.override).map((s) => [s.id, s.override!.note]);
      expect(notes.sort()).toEqual([
        [`r/${COND_A}/0`, 'first'],
        [`r/${COND_A}/1100`, 'second'],
      ]);
    }
    expect(errors).toEqual([]);
    await page.close();
  });
});
