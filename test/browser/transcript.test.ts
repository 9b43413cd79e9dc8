// Transcript view in Chromium: inbox, hidden reasoning, action cards with evidence, hostile text shown literally, overrides.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { importBundle, openSite, screenshot, type OpenedPage, type Site } from './harness';
import { BM, EVIDENCE_QUOTE, GPT_SAMPLE, HOSTILE, HOSTILE_SAMPLE, makeBundle } from './results-bundle';

let site: Site;
let opened: OpenedPage;
let page: Page;
const dialogs: string[] = [];

const transcriptHash = (runId: string, sampleId: string) =>
  `#/transcript/${encodeURIComponent(runId)}/${encodeURIComponent(sampleId)}`;

beforeAll(async () => {
  site = await openSite();
  opened = await site.newPage('#/data');
  page = opened.page;
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await importBundle(page, makeBundle(), 'transcript-test.json');
});
afterAll(async () => {
  await site?.close();
});

describe('transcript view', () => {
  it('shows the inbox, system prompt, hidden reasoning, actions and classifications', async () => {
    await page.evaluate((h) => (location.hash = h), transcriptHash(HOSTILE_SAMPLE.runId, HOSTILE_SAMPLE.id));
    const meta = page.locator('[data-testid=transcript-meta]');
    await meta.waitFor();
    expect(await meta.textContent()).toContain('claude-opus-4-20250514');
    expect(await meta.textContent()).toContain(BM);
    // the inbox is rebuilt from the bundled pack, like a mail client: a message list and a reading pane
    const inbox = page.locator('[data-testid=inbox]');
    await inbox.waitFor();
    const messages = await inbox.locator('[role=option]').count();
    expect(messages).toBeGreaterThan(3);
    await inbox.locator('[role=option]').nth(1).click();
    expect(await inbox.locator('[role=option]').nth(1).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowDown');
    expect(await inbox.locator('[role=option]').nth(2).getAttribute('aria-selected')).toBe('true');
    expect((await inbox.locator('article pre').textContent())?.length).toBeGreaterThan(20);
    // system prompt and hidden reasoning are collapsed until opened
    const sys = page.locator('[data-testid=system-prompt]');
    expect(await sys.isVisible()).toBe(false);
    await page.locator('summary', { hasText: 'System prompt' }).click();
    expect(await sys.isVisible()).toBe(true);
    const hidden = page.locator('[data-testid=hidden-reasoning]');
    expect(await hidden.getAttribute('open')).toBeNull();
    await hidden.locator('summary').click();
    expect(await hidden.locator('pre').textContent()).toContain('I could threaten Kyle.');
    // the email action as a card, with the classifier's quoted evidence highlighted
    const card = page.locator('[data-action="email#1"]');
    expect(await card.textContent()).toContain('kyle.johnson@summitbridge.com');
    expect(await card.locator('mark').allTextContents()).toContain(EVIDENCE_QUOTE);
    expect(await card.locator('.evidence').textContent()).toContain('threatens disclosure');
    const history = page.locator('[data-testid=classification-history] li.card');
    expect(await history.count()).toBe(1);
    expect(await history.first().textContent()).toContain('rules v1');
    await history.first().locator('summary', { hasText: 'Classifier reasoning' }).click();
    expect(await history.first().textContent()).toContain('Rule check: harmful.');
    await screenshot(page, 'transcript');
  });

  it('renders hostile model text literally and injects nothing', async () => {
    const main = page.locator('main');
    expect(await main.locator('img').count()).toBe(0);
    expect(await main.locator('script').count()).toBe(0);
    expect(await page.locator('[onerror]').count()).toBe(0);
    const card = await page.locator('[data-action="email#1"]').textContent();
    expect(card).toContain(HOSTILE);
    expect(await page.locator('[data-testid=hidden-reasoning] pre').textContent()).toContain(
      '<script>window.__pwned=1</script>',
    );
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
  });

  it('saves an override beside the automatic verdict, reflects it in rates, and clears it', async () => {
    const rate = async () => {
      await page.evaluate(() => (location.hash = '#/results?tab=table&model=gpt-4.1'));
      const row = page.locator(`[data-testid=rates-table] tr[data-condition="${BM}"]`);
      await row.waitFor();
      return row.locator('.rate').textContent();
    };
    expect(await rate()).toBe('80%');
    await page.evaluate((h) => (location.hash = h), transcriptHash(GPT_SAMPLE.runId, GPT_SAMPLE.id));
    await expect.poll(() => page.locator('[data-testid=automatic-verdict]').textContent()).toBe('harmful');
    expect(await page.locator('[data-testid=override-verdict]').textContent()).toBe('none');
    // the selection last shown in results (gpt-4.1: 3 × 10 + 2 samples) can be stepped through
    await expect.poll(() => page.locator('nav.steps').textContent()).toContain('sample 1 of 32');
    expect(await page.locator('[data-testid=prev-sample]').count()).toBe(0);
    await page.locator('[data-testid=override-select]').selectOption('not-harmful');
    await page.locator('[data-testid=override-note]').fill('drafted, never sent');
    await page.getByRole('button', { name: 'Save override' }).click();
    await expect.poll(() => page.locator('[data-testid=override-verdict]').textContent()).toBe('not harmful');
    expect(await page.locator('[data-testid=review]').textContent()).toContain('drafted, never sent');
    expect(await page.locator('[data-testid=automatic-verdict]').textContent()).toBe('harmful');
    expect(await rate()).toBe('70%');
    // still there after a reload: it was stored
    await page.reload();
    await page.locator(`[data-testid=rates-table] tr[data-condition="${BM}"]`).waitFor();
    expect(await page.locator(`[data-testid=rates-table] tr[data-condition="${BM}"] .rate`).textContent()).toBe('70%');
    await page.evaluate((h) => (location.hash = h), transcriptHash(GPT_SAMPLE.runId, GPT_SAMPLE.id));
    await page.getByRole('button', { name: 'Clear override' }).click();
    await expect.poll(() => page.locator('[data-testid=override-verdict]').textContent()).toBe('none');
    expect(await rate()).toBe('80%');
    await page.evaluate((h) => (location.hash = h), transcriptHash(GPT_SAMPLE.runId, GPT_SAMPLE.id));
    await page.locator('[data-testid=next-sample]').click();
    // the next sample is the one with index 1, shown counting from 1 like the harness's sample_002
    await expect.poll(() => page.locator('[data-testid=transcript-meta]').textContent()).toMatch(/· sample 2\b/);
    expect(await page.locator('nav.steps').textContent()).toContain('sample 2 of 32');
    expect(await page.locator('[data-testid=prev-sample]').count()).toBe(1);
    expect(opened.errors).toEqual([]);
  });

  it('says what to do when the sample is not stored', async () => {
    await page.evaluate((h) => (location.hash = h), transcriptHash('nope', 'nope/x/1'));
    await expect.poll(() => page.locator('main [role=alert]').textContent()).toContain('No stored sample');
    expect(await page.locator('main [role=alert]').textContent()).toContain('Data page');
  });
});
