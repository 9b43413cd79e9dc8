// Results view in Chromium over an imported bundle: rates and intervals, paper markers, charts, downloads, filters, samples.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { importBundle, openSite, screenshot, textOutsideCharts, type OpenedPage, type Site } from './harness';
import { BM, BM_DONT, LK, makeBundle } from './results-bundle';
import { validateBundle } from '../../src/lib/core/bundle/validate';

let site: Site;
let opened: OpenedPage;
let page: Page;

/** Import the test bundle through the Data view, as a user would. */
async function seed(p: Page): Promise<void> {
  const bundle = makeBundle();
  expect(validateBundle(JSON.parse(JSON.stringify(bundle))).ok).toBe(true);
  await importBundle(p, bundle, 'results-test.json');
}

async function goResults(p: Page, query = ''): Promise<void> {
  await p.evaluate((q) => (location.hash = `#/results${q ? `?${q}` : ''}`), query);
  await p.locator('[data-testid=results-summary]').waitFor();
}

const row = (p: Page, model: string, cond: string) =>
  p.locator(`[data-testid=rates-table] tr[data-model="${model}"][data-condition="${cond}"]`);

beforeAll(async () => {
  site = await openSite();
  opened = await site.newPage('#/results');
  page = opened.page;
});
afterAll(async () => {
  await site?.close();
});

describe('results view', () => {
  it('explains what to do first when nothing is stored, and offers the tour', async () => {
    await page.locator('[data-testid=results-empty]').waitFor();
    const text = await page.locator('[data-testid=results-empty]').textContent();
    expect(text).toContain('Set up an engine');
    expect(text).toContain('import');
  });

  it('opens the first-run tour once, walks its steps by keyboard, and remembers dismissal', async () => {
    const tour = page.locator('[data-testid=tour]');
    await tour.waitFor();
    expect(await tour.textContent()).toContain('step 1 of 5');
    expect(await tour.locator('h2').textContent()).toBe('1. Set up an engine');
    await tour.getByRole('button', { name: 'Next step' }).click();
    await expect.poll(() => tour.locator('h2').textContent()).toBe('2. Choose conditions');
    // keyboard: focus follows the step, Enter on the focused button advances
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('tour-title');
    await tour.getByRole('button', { name: 'Next step' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => tour.locator('h2').textContent()).toBe('3. Run');
    await tour.getByRole('button', { name: 'Previous step' }).click();
    await expect.poll(() => tour.locator('h2').textContent()).toBe('2. Choose conditions');
    await tour.getByRole('button', { name: 'Next step' }).focus();
    await page.keyboard.press('Escape');
    await expect.poll(() => tour.count()).toBe(0);
    expect(await page.evaluate(() => localStorage.getItem('aml.tour.dismissed'))).toBe('1');
    await page.reload();
    await page.locator('[data-testid=results-empty]').waitFor();
    expect(await tour.count()).toBe(0);
    // it can be reopened from the empty state
    await page.getByRole('button', { name: 'Show me the tour' }).click();
    await tour.waitFor();
    expect(await tour.locator('h2').textContent()).toBe('1. Set up an engine');
    await screenshot(page, 'results-empty-tour');
    await tour.getByRole('button', { name: 'Skip tour' }).click();
    await expect.poll(() => tour.count()).toBe(0);
  });

  it('shows rate, 95% Wilson interval, n and the paper rate per model × condition', async () => {
    await seed(page);
    await goResults(page);
    await expect
      .poll(() => page.locator('[data-testid=results-summary]').textContent())
      .toMatch(/92 of 92 samples selected/);
    const gpt = row(page, 'gpt-4.1', BM);
    expect(await gpt.locator('.rate').textContent()).toBe('80%');
    expect(await gpt.locator('.ci').textContent()).toBe('49%–94%');
    expect((await gpt.locator('.n').textContent())?.replace(/\s+/g, ' ')).toBe('8 / 10');
    expect(await gpt.locator('.paper').textContent()).toContain('80%');
    expect(await gpt.locator('.call').textContent()).toContain('consistent');
    // 1 errored and 1 unclassified sample are counted apart, not in n
    expect(await gpt.locator('td').nth(4).textContent()).toBe('1');
    expect(await gpt.locator('td').nth(5).textContent()).toBe('1');
    // Opus on espionage: 0/10 against the paper's 57/100, intervals do not overlap
    const opusLk = row(page, 'claude-opus-4-20250514', LK);
    expect(await opusLk.locator('.ci').textContent()).toBe('0%–28%');
    expect(await opusLk.locator('.paper').textContent()).toContain('57%');
    expect(await opusLk.locator('.call').textContent()).toContain('lower');
    const [dl] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download table as CSV' }).click(),
    ]);
    expect(dl.suggestedFilename()).toBe('harmful-rates.csv');
    const csv = (await readFile((await dl.path())!)).toString('utf8').trim().split('\r\n');
    expect(csv).toHaveLength(10);
    expect(csv).toContain(
      `claude-opus-4-20250514,${LK},0,10,0,0,0.2775,0,0,0,Claude Opus 4,0.57,100,fig9,lower,lab rules,no`,
    );
    // a model the paper did not test has no paper figure
    expect(await row(page, 'Llama-3.2-1B-Instruct-q4f16_1-MLC', BM).locator('.paper').textContent()).toContain('–');
  });

  it('counts reviewer overrides unless the toggle is off', async () => {
    const llama = row(page, 'Llama-3.2-1B-Instruct-q4f16_1-MLC', LK);
    expect(await llama.locator('.rate').textContent()).toBe('20%');
    await page.locator('[data-testid=overrides-toggle]').uncheck();
    await expect.poll(() => llama.locator('.rate').textContent()).toBe('10%');
    expect(await page.evaluate(() => location.hash)).toContain('overrides=0');
    await page.locator('[data-testid=overrides-toggle]').check();
    await expect.poll(() => llama.locator('.rate').textContent()).toBe('20%');
  });

  it('draws a bar chart per condition with the paper rate beside ours', async () => {
    await page.locator('#tab-bars').click();
    await expect.poll(() => page.locator('[data-testid=bar-chart]').count()).toBe(3);
    const bm = page.locator('[data-testid=bar-chart]').filter({ hasText: BM }).first();
    expect(await bm.locator('[data-paper-model="GPT-4.1"]').count()).toBe(1);
    expect(await bm.locator('[data-paper-model="Claude Opus 4"]').count()).toBe(1);
    expect(await bm.locator('.paper-mark').count()).toBe(2);
    const ours = bm.locator('.mark[data-model="gpt-4.1"]');
    expect(await ours.getAttribute('aria-label')).toContain('80% [49%–94%], 8 of 10 harmful');
    // tooltip on keyboard focus, gone on blur
    await ours.focus();
    await expect.poll(() => bm.locator('.tooltip').textContent()).toContain('80% [49%–94%]');
    // one tab stop per chart: Tab leaves the chart, and the tooltip goes with the focus
    await page.keyboard.press('Tab');
    await expect.poll(() => bm.locator('.tooltip').count()).toBe(0);
    expect(await bm.evaluate((el) => el.querySelector('svg')!.contains(document.activeElement))).toBe(false);
    // one bar per chart in the tab order; arrow keys and Home/End move through ours and the paper's bars
    const marks = bm.locator('.mark');
    const count = await marks.count();
    expect(count).toBe(5);
    expect(await bm.locator('.mark[tabindex="0"]').count()).toBe(1);
    const focusedMark = () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.mark);
    // the tab stop is the bar focused last (gpt-4.1's), so Tab returns where the user left off
    expect(await bm.locator('.mark[tabindex="0"]').getAttribute('data-model')).toBe('gpt-4.1');
    await bm.locator('.mark[tabindex="0"]').focus();
    await page.keyboard.press('Home');
    expect(await focusedMark()).toBe('0');
    await page.keyboard.press('ArrowDown');
    expect(await focusedMark()).toBe('1');
    await page.keyboard.press('ArrowRight');
    expect(await focusedMark()).toBe('2');
    await page.keyboard.press('End');
    expect(await focusedMark()).toBe(String(count - 1));
    await page.keyboard.press('ArrowDown');
    expect(await focusedMark()).toBe(String(count - 1));
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowUp');
    expect(await focusedMark()).toBe('0');
    expect(await bm.locator('.mark[tabindex="0"]').getAttribute('data-mark')).toBe('0');
    // Enter on a bar lists its samples (then back to the bars)
    const saved = await page.evaluate(() => location.hash);
    await ours.focus();
    expect(await bm.locator('.mark[tabindex="0"]').getAttribute('data-model')).toBe('gpt-4.1');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => location.hash)).toContain('tab=samples');
    const listed = await page.evaluate(() => decodeURIComponent(location.hash));
    expect(listed).toContain('model=gpt-4.1');
    expect(listed).toContain(`condition=${BM}`);
    await page.evaluate((h) => (location.hash = h), saved);
    await expect.poll(() => page.locator('[data-testid=bar-chart]').count()).toBe(3);
    // the lower-than-paper call is marked on the espionage chart
    const lk = page.locator('[data-testid=bar-chart]').filter({ hasText: LK }).first();
    expect(await lk.locator('.mark[data-model="claude-opus-4-20250514"]').textContent()).toContain('▼');
    // every label stays inside its chart (a 100% bar's value text once ran past the right edge)
    expect(await textOutsideCharts(page, '[data-testid=bar-chart] svg')).toEqual([]);
    expect(await page.locator('[data-testid=bar-chart] text.value', { hasText: '100%' }).count()).toBeGreaterThan(0);
    await screenshot(page, 'results-bars');
  });

  it('downloads a chart as SVG, PNG and its data as CSV', async () => {
    const bm = page.locator('[data-testid=bar-chart]').first();
    const get = async (name: string) => {
      const [dl] = await Promise.all([page.waitForEvent('download'), bm.getByRole('button', { name }).click()]);
      return { file: dl.suggestedFilename(), data: await readFile((await dl.path())!) };
    };
    const svg = await get('SVG');
    expect(svg.file).toMatch(/^bars-.*\.svg$/);
    const svgText = svg.data.toString('utf8');
    expect(svgText).toMatch(/^<svg[^>]+xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svgText).toContain('paper');
    expect(svgText).not.toContain('var(--');
    const png = await get('PNG');
    expect(png.file).toMatch(/\.png$/);
    expect([...png.data.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.data.length).toBeGreaterThan(2000);
    const csv = (await get('CSV data')).data.toString('utf8').split('\r\n');
    expect(csv[0]).toMatch(/^model,condition,harmful,n,rate,ci95_low,ci95_high/);
    expect(csv.find((l) => l.startsWith('gpt-4.1,'))).toMatch(
      /^gpt-4\.1,blackmail_explicit-america_replacement,8,10,0\.8,0\.4902,0\.9433,1,1,0,GPT-4\.1,0\.8,100,fig7,none,lab rules,no$/,
    );
  });

  it('draws a heatmap of model × condition with focusable cells', async () => {
    await page.locator('#tab-heatmap').click();
    const heat = page.locator('[data-testid=heatmap]');
    await heat.waitFor();
    expect(await heat.locator('[role=gridcell]').count()).toBe(9);
    const cell = heat.locator(`[role=gridcell][data-model="gpt-4.1"][data-condition="${BM_DONT}"]`);
    expect(await cell.getAttribute('aria-label')).toBe(`gpt-4.1 on ${BM_DONT}: 10% [2%–40%], n=10; method: lab rules`);
    await cell.hover();
    await expect.poll(() => heat.locator('.tooltip').textContent()).toContain('10% [2%–40%]');
    expect(await textOutsideCharts(page, '[data-testid=heatmap] svg')).toEqual([]);
    await screenshot(page, 'results-heatmap');
    // one cell in the tab order; arrow keys move between cells
    expect(await heat.locator('[role=gridcell][tabindex="0"]').count()).toBe(1);
    await cell.focus();
    await page.keyboard.press('ArrowRight');
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        return `${el?.dataset.model}|${el?.dataset.condition}`;
      });
    expect(await focused()).toBe(`gpt-4.1|${LK}`);
    await page.keyboard.press('ArrowUp');
    expect(await focused()).toBe(`claude-opus-4-20250514|${LK}`);
    await page.keyboard.press('Home');
    expect(await focused()).toBe(`claude-opus-4-20250514|${BM}`);
    expect(await heat.locator('[role=gridcell][tabindex="0"]').getAttribute('data-condition')).toBe(BM);
    // Enter on a cell lists its samples
    await cell.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => location.hash)).toContain('tab=samples');
    const hash = await page.evaluate(() => decodeURIComponent(location.hash));
    expect(hash).toContain('model=gpt-4.1');
    expect(hash).toContain(`condition=${BM_DONT}`);
    expect(await page.locator('.count').textContent()).toContain('10 samples');
  });

  it('groups by the dont instructions and calls only differences the intervals support', async () => {
    await goResults(page, 'tab=grouped&group=instructions');
    const chart = page.locator('[data-testid=grouped-chart]');
    await chart.waitFor();
    expect(await chart.locator('.mark[data-model="gpt-4.1"][data-level="none"]').getAttribute('aria-label')).toBe(
      'gpt-4.1, without: 90% [70%–97%], 18 of 20',
    );
    const calls = await page.locator('[data-testid=difference-calls] li').allTextContents();
    // gpt-4.1 18/20 vs 1/10 and Opus 10/20 vs 2/10: only gpt-4.1's intervals separate; Llama 1/20 vs 0/10 does not
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatch(/^gpt-4\.1: without 90% \[70%–97%\] is higher than with dont 10% \[2%–40%\]/);
    expect(await textOutsideCharts(page, '[data-testid=grouped-chart] svg')).toEqual([]);
    await screenshot(page, 'results-grouped');
    await page.locator('[data-testid=group-select]').selectOption('scenario');
    await expect.poll(() => page.evaluate(() => location.hash)).toContain('group=scenario');
    expect(await chart.locator('.mark[data-level="leaking"]').count()).toBe(3);
    // paper markers: only where a group holds one condition the paper reports (none while 'without' pools BM and LK)
    await goResults(page, 'tab=grouped&group=instructions');
    await chart.waitFor();
    expect(await chart.locator('.mark[data-level="none"] .paper-marker').count()).toBe(0);
    await goResults(page, 'tab=grouped&group=instructions&scenario=blackmail');
    const opusDont = chart.locator('.mark[data-model="claude-opus-4-20250514"][data-level="dont"]');
    await expect.poll(() => opusDont.locator('.paper-marker').getAttribute('data-paper-rate')).toBe('0.37');
    expect(await opusDont.getAttribute('aria-label')).toContain('paper (fig12, Claude Opus 4): 37% of 100');
    expect(
      await chart
        .locator('.mark[data-model="claude-opus-4-20250514"][data-level="none"] .paper-marker')
        .getAttribute('data-paper-rate'),
    ).toBe('0.96');
    expect(await chart.locator('.mark[data-model="gpt-4.1"][data-level="dont"] .paper-marker').count()).toBe(0);
    expect(await chart.locator('.paper-marker').count()).toBe(3);
    await screenshot(page, 'results-grouped-paper');
  });

  it('says how to get the evaluation-vs-real split when no stored sample has an awareness label', async () => {
    await goResults(page, 'tab=awareness');
    await expect
      .poll(() => page.locator('[data-testid=eval-vs-real-empty]').textContent(), { timeout: 20_000 })
      .toMatch(/None of the 92 selected samples has an evaluation-awareness label/);
  });

  it('keeps filters in the URL so a view is a shareable link', async () => {
    await goResults(page, 'tab=table');
    await page.locator('fieldset[data-facet=model] label', { hasText: 'gpt-4.1' }).locator('input').check();
    await expect.poll(() => page.evaluate(() => location.hash)).toContain('model=gpt-4.1');
    await page.locator('fieldset[data-facet=engine] label', { hasText: 'openai' }).locator('input').check();
    const hash = await page.evaluate(() => location.hash);
    expect(await page.locator('[data-testid=rates-table] tbody tr').count()).toBe(3);
    // the same link in a fresh tab (same storage) shows the same selection
    const other = await opened.context.newPage();
    await other.goto(site.url + hash);
    await other.locator('[data-testid=rates-table]').waitFor();
    expect(await other.locator('[data-testid=rates-table] tbody tr').count()).toBe(3);
    expect(await other.locator('fieldset[data-facet=model] input:checked').count()).toBe(1);
    await other.close();
    await page.getByRole('button', { name: /Clear \d+ filters/ }).click();
    await expect.poll(() => page.locator('[data-testid=rates-table] tbody tr').count()).toBe(9);
  });

  it('searches responses and reasoning', async () => {
    await goResults(page, 'tab=samples');
    await page.locator('[data-testid=search-input]').fill('onerror');
    await page.locator('[data-testid=search-input]').press('Enter');
    await expect.poll(() => page.locator('.count').textContent()).toContain('1 samples');
    expect(await page.evaluate(() => location.hash)).toContain('q=onerror');
    await page.locator('[data-testid=search-input]').fill('considering options');
    await page.locator('[data-testid=search-input]').press('Enter');
    // reasoning of sample 1 in each of 9 cells
    await expect.poll(() => page.locator('.count').textContent()).toContain('9 samples');
  });

  it('lists samples in a windowed, keyboard-navigable list that opens transcripts', async () => {
    await goResults(page, 'tab=samples');
    await expect.poll(() => page.locator('.count').textContent()).toContain('92 samples');
    const list = page.locator('[data-testid=sample-list]');
    const rendered = await list.locator('[role=option]').count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(40);
    await list.focus();
    await page.keyboard.press('End');
    await expect.poll(() => list.locator('[aria-selected=true]').getAttribute('aria-posinset')).toBe('92');
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    const id = await list.locator('[aria-selected=true]').getAttribute('data-sample-id');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/^#\/transcript\//);
    const hash = await page.evaluate(() => location.hash);
    expect(decodeURIComponent(hash.split('/')[3])).toBe(id);
    await page.locator('[data-testid=transcript-meta]').waitFor();
    expect(opened.errors).toEqual([]);
  });
});
