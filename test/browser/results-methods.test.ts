// Results under each classification method in Chromium: a bundle whose samples carry lab and original verdicts;
// the method label on table, bars, heatmap and grouped view, the "not the paper's method" marking, the switch, and
// both methods on the same samples with their agreement one click away.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { importBundle, openSite, screenshot, type OpenedPage, type Site } from './harness';
import { strToU8, zipSync } from 'fflate';
import { validateBundle } from '../../src/lib/core/bundle/validate';
import { readTree } from '../../scripts/lib/load-pack';
import {
  BUNDLE_FORMAT,
  type Classification,
  type ResultsBundle,
  type Sample,
  type Verdict,
} from '../../src/lib/core/types';

const BM = 'blackmail_explicit-america_replacement';
const LK = 'leaking_explicit-america_none';
const AT = '2026-01-02T03:04:05.000Z';
const RUN = 'run-methods';
const MODEL = 'gpt-4.1';

const c = (verdict: Verdict, extra: Partial<Classification>): Classification => ({
  classifier: 'rules',
  version: '1',
  verdict,
  evidence: [],
  at: AT,
  ...extra,
});
const lab = (v: Verdict) => c(v, { classifier: 'rules', method: 'lab' });
const judge = (v: Verdict) =>
  c(v, {
    classifier: 'original:judge:anthropic:claude-3-7-sonnet-20250219',
    method: 'original',
    classifierVerdict: v === 'harmful',
  });
const gates = (v: Verdict) => c(v, { classifier: 'original:gates-only', method: 'original' });

/**
 * BM: 10 samples, lab harmful on 0-5 (6 / 10), original harmful on 0-2 and 6 (4 / 10): they disagree on 3-6.
 * LK: 4 samples with lab verdicts (1 harmful), 2 with the original gates only (both harmful).
 */
function bundle(): ResultsBundle {
  const samples: Sample[] = [];
  const add = (cond: string, index: number, classifications: Classification[]) =>
    samples.push({
      id: `${RUN}/${cond}/${index}`,
      runId: RUN,
      conditionId: cond,
      index,
      model: MODEL,
      status: 'done',
      response: `Sample ${index} of ${cond}: a plain response.`,
      finishReason: 'stop',
      promptHash: 'test',
      classifications,
      createdAt: AT,
    });
  for (let i = 0; i < 10; i++)
    add(BM, i, [lab(i < 6 ? 'harmful' : 'not-harmful'), judge(i < 3 || i === 6 ? 'harmful' : 'not-harmful')]);
  for (let i = 0; i < 4; i++) add(LK, i, [lab(i === 0 ? 'harmful' : 'not-harmful')]);
  for (let i = 4; i < 6; i++) add(LK, i, [gates('harmful')]);
  return {
    format: BUNDLE_FORMAT,
    schemaVersion: 1,
    appVersion: '0.1.0',
    exportedAt: AT,
    bundleId: 'methods-test',
    label: 'methods test',
    runs: [
      {
        id: RUN,
        name: 'methods test run',
        createdAt: AT,
        updatedAt: AT,
        appVersion: '0.1.0',
        pack: { id: 'bundled', hash: 'test' },
        conditionIds: [BM, LK],
        engine: { kind: 'openai-compatible', provider: 'openai', model: MODEL },
        params: { temperature: 1, maxTokens: 4000 },
        samplesPerCondition: 10,
        status: 'done',
        source: { kind: 'local', label: 'browser test' },
        concurrency: 1,
      },
    ],
    samples,
  } as ResultsBundle;
}

let site: Site;
let opened: OpenedPage;
let page: Page;

const row = (cond: string) =>
  page.locator(`[data-testid=rates-table] tr[data-model="${MODEL}"][data-condition="${cond}"]`);
async function goResults(query = ''): Promise<void> {
  await page.evaluate((q) => (location.hash = `#/results${q ? `?${q}` : ''}`), query);
  await page.locator('[data-testid=results-summary]').waitFor();
}

beforeAll(async () => {
  site = await openSite();
  opened = await site.newPage('#/data');
  page = opened.page;
  const b = bundle();
  const v = validateBundle(JSON.parse(JSON.stringify(b)));
  expect(v.ok, JSON.stringify(v)).toBe(true);
  await importBundle(page, b, 'methods.json');
});
afterAll(async () => {
  await site?.close();
});

describe('results per classification method', () => {
  it('shows lab rates by default, labelled and marked as not the paper method', async () => {
    await goResults();
    const bar = page.getByTestId('method-bar');
    expect(await page.getByTestId('method-lab').isChecked()).toBe(true);
    expect(await bar.textContent()).toMatch(/Lab rules\s*\(14 of 16\)/);
    expect(await bar.textContent()).toMatch(/Original study's method\s*\(12 of 16: 10 with a judge, 2 gates only\)/);
    const note = page.getByTestId('method-note');
    expect(await note.getAttribute('data-same-method')).toBe('no');
    expect(await note.textContent()).toContain("Not the paper's method");
    expect(await row(BM).locator('td').nth(3).textContent()).toBe('6 / 10');
    expect((await row(BM).getByTestId('row-method').textContent())?.trim()).toBe('lab rules');
    expect(await row(BM).getByTestId('other-method').textContent()).toContain("not the paper's method");
    expect(await row(LK).locator('td').nth(3).textContent()).toBe('1 / 4');
    await screenshot(page, 'results-method-lab');
  });

  it('the switch recounts the same samples under the original method, per method', async () => {
    // keyboard: the choices are a radio group, arrow keys move between them
    await page.getByTestId('method-lab').focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('radiogroup', { name: 'Classification method' }).count()).toBe(1);
    await expect.poll(() => page.url()).toContain('method=original');
    await expect.poll(() => row(BM).locator('td').nth(3).textContent()).toBe('4 / 10');
    expect((await row(BM).getByTestId('row-method').textContent())?.trim()).toBe("original study's method");
    expect(await row(BM).getByTestId('other-method').count()).toBe(0);
    expect(await row(BM).locator('.rate').textContent()).toBe('40%');
    // leaking: only the two gates-only verdicts count under the original method; the lab-only samples are unclassified
    expect(await row(LK).locator('td').nth(3).textContent()).toBe('2 / 2');
    expect(await row(LK).locator('td').nth(4).textContent()).toBe('4');
    expect((await row(LK).getByTestId('row-method').textContent())?.trim()).toBe('original gates only (no judge)');
    expect(await row(LK).getByTestId('other-method').count()).toBe(1);
    expect(await page.getByTestId('results-summary').textContent()).toMatch(/12 classified,\s+6 harmful/);
    // the whole selection mixes judged and gates-only verdicts: not the paper's method
    expect(await page.getByTestId('method-note').getAttribute('data-same-method')).toBe('no');
    // blackmail alone is classified exactly as the paper's figures were
    await goResults(`condition=${BM}&method=original`);
    expect(await page.getByTestId('method-note').getAttribute('data-same-method')).toBe('yes');
    expect(await page.getByTestId('method-note').textContent()).toContain('Same classification method as the paper');
    expect(await page.getByTestId('method-original').isChecked()).toBe(true);
  });

  it('the rates CSV names the method of each row', async () => {
    await goResults('method=original');
    const [dl] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download table as CSV' }).click(),
    ]);
    const csv = (await readFile((await dl.path())!, 'utf8')).split(/\r?\n/);
    expect(csv[0]).toMatch(/,vs_paper,method,same_method_as_paper$/);
    expect(csv.find((l) => l.startsWith(`${MODEL},${BM},`))).toMatch(/,original study's method,yes$/);
    expect(csv.find((l) => l.startsWith(`${MODEL},${LK},`))).toMatch(/,original gates only \(no judge\),no$/);
  });

  it('bars, heatmap and grouped view say which method our rate used', async () => {
    await goResults(`tab=bars&method=lab`);
    const bm = page.locator(`[data-testid=bar-chart]`).filter({ hasText: BM });
    await bm.waitFor();
    expect(await bm.textContent()).toContain("our method: lab rules (not the paper's method)");
    expect(await bm.getByTestId('bar-other-method').count()).toBe(1);
    expect(await bm.locator(`g.mark[data-model="${MODEL}"]`).getAttribute('aria-label')).toContain(
      "method: lab rules, not the paper's method",
    );
    await screenshot(page, 'results-method-bars-lab');

    await goResults(`tab=bars&method=original&condition=${BM}`);
    const orig = page.locator(`[data-testid=bar-chart]`).filter({ hasText: BM });
    await expect.poll(() => orig.textContent()).toContain("our method: original study's method");
    expect(await orig.textContent()).not.toContain("not the paper's method");
    expect(await orig.getByTestId('bar-other-method').count()).toBe(0);
    expect(await orig.locator(`g.mark[data-model="${MODEL}"]`).getAttribute('aria-label')).toContain(
      '40% [17%–69%], 4 of 10 harmful',
    );

    await goResults('tab=heatmap&method=lab');
    const cell = page.locator(`[role=gridcell][aria-label^="${MODEL} on ${BM}"]`);
    await cell.waitFor();
    expect(await cell.getAttribute('aria-label')).toContain("method: lab rules, not the paper's method");

    await goResults('tab=grouped&group=scenario&method=original');
    await expect
      .poll(() => page.getByTestId('grouped-method').textContent())
      .toContain('our method: original method, 2 of 12 by gates only');
  });

  it('both methods on the same samples, with agreement, one click from the results', async () => {
    await goResults('method=lab');
    const toggle = page.getByTestId('methods-compare-toggle');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    const table = page.getByTestId('methods-compare');
    await table.waitFor();
    const bmRow = table.locator(`[data-testid=methods-compare-row][data-condition="${BM}"]`);
    const cells = await bmRow.locator('td').allTextContents();
    // condition, samples, lab, original, both harmful, lab only, original only, both not, kappa
    expect(cells[1]).toBe('10');
    expect(cells[2]).toMatch(/^6 \/ 10 · 60% \[31%–83%\]$/);
    expect(cells[3]).toMatch(/^4 \/ 10 · 40% \[17%–69%\]$/);
    expect(cells.slice(4, 8)).toEqual(['3', '3', '1', '3']);
    expect(cells[8]).toBe('0.23 (fair)');
    // leaking has no sample with both verdicts: not in the comparison
    expect(await table.locator(`[data-condition="${LK}"]`).count()).toBe(0);
    const dis = page.getByTestId('methods-disagreeing');
    expect(await dis.locator('summary').textContent()).toBe('4 samples where the two methods disagree');
    await dis.locator('summary').click();
    expect(await dis.locator('a').allTextContents()).toEqual(
      [3, 4, 5, 6].map((i) => `${MODEL} · ${BM} · sample ${i + 1}`),
    );
    await screenshot(page, 'results-methods-compared');
    await dis.locator('a').first().click();
    await page.waitForURL(/#\/transcript\//);
    expect(decodeURIComponent(page.url())).toContain(`${RUN}/${BM}/3`);
    expect(opened.errors).toEqual([]);
  });

  it('an original-harness results tree shows its own verdicts as the original method, beside the paper', async () => {
    // your copy of the harness: its templates (our fixture in the original's layout) and a results tree
    const fixture = readTree(new URL('../fixtures/original-templates', import.meta.url).pathname);
    const zip = zipSync(Object.fromEntries(Object.entries(fixture).map(([f, t]) => [`repo-main/${f}`, strToU8(t)])));
    const { page: p, errors } = await site.newPage('#/scenarios');
    await p.getByTestId('system-prompt').waitFor();
    await p
      .getByTestId('import-zip')
      .setInputFiles({ name: 't.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) });
    await p.locator('[role=status]', { hasText: 'Imported' }).last().waitFor();
    await p.evaluate(() => (location.hash = '#/data'));
    await p.locator('h1#data-title').waitFor();
    await p.getByTestId('import-folder').setInputFiles('test/fixtures/original-results/results/demo-exp');
    await p.locator('[data-testid=import-report]', { hasText: 'imported' }).waitFor();
    await p.evaluate(() => (location.hash = '#/results'));
    await p.locator('[data-testid=results-summary]').waitFor();
    // no lab verdicts yet: the view opens on the original method, the harness's harmful_behavior counted
    expect(await p.getByTestId('method-original').isChecked()).toBe(true);
    const gpt = p.locator(`[data-testid=rates-table] tr[data-model="gpt-4o"][data-condition="${BM}"]`);
    expect(await gpt.locator('td').nth(3).textContent()).toBe('1 / 2');
    expect((await gpt.getByTestId('row-method').textContent())?.trim()).toBe("original study's method");
    expect(await gpt.getByTestId('other-method').count()).toBe(0);
    expect(await p.getByTestId('method-note').getAttribute('data-same-method')).toBe('yes');
    // under the lab method nothing is classified until the lab rules run
    await p.getByTestId('method-lab').check();
    await expect.poll(() => gpt.locator('td').nth(3).textContent()).toBe('0 / 0');
    expect(await p.getByTestId('method-note').textContent()).toContain(
      'No selected sample has a verdict of this method',
    );

    // re-classify with the lab rules (facts from the imported templates): both methods on the same samples
    const panel = p.getByTestId('judge-panel');
    expect(await panel.getByTestId('method-select').inputValue()).toBe('lab');
    await panel.getByTestId('reclassify').click();
    await expect
      .poll(() => panel.getByTestId('reclassify-status').textContent(), { timeout: 30_000 })
      .toContain('Re-classified');
    expect(await p.getByRole('status').filter({ hasText: 'not loaded' }).count()).toBe(0);
    await expect.poll(() => gpt.locator('td').nth(3).textContent()).toBe('0 / 2');
    await p.getByTestId('methods-compare-toggle').click();
    const pair = p.locator(`[data-testid=methods-compare-row][data-model="gpt-4o"][data-condition="${BM}"]`);
    const cells = await pair.locator('td').allTextContents();
    expect(cells.slice(1, 8)).toEqual(['2', '0 / 2 · 0% [0%–66%]', '1 / 2 · 50% [9%–91%]', '0', '0', '1', '1']);
    // blackmail sample 2 (the judge said yes; no email was sent) and the leaking sample whose harness
    // classification_v2 says harmful while nothing went outside
    const dis = p.getByTestId('methods-disagreeing');
    expect(await dis.locator('summary').textContent()).toBe('2 samples where the two methods disagree');
    await dis.locator('summary').click();
    expect((await dis.locator('a').allTextContents()).sort()).toEqual([
      'claude-3-5-sonnet-20241022 · leaking_none-none_none · sample 1', // the harness's sample_001
      `gpt-4o · ${BM} · sample 2`, // sample_002
    ]);
    expect(errors).toEqual([]);
    await p.close();
  });
});
