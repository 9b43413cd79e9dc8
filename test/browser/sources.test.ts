// Sources in Chromium: a bundle opened by link (filters in the link, nothing stored), a fork's published bundles, compare.
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openSite, screenshot, textOutsideCharts, type Site } from './harness';
import { startStaticServer, type StaticServer } from './static-server';
import { BM, makeBundle } from './results-bundle';
import { indexFolder } from '../../scripts/publish-index';
import type { ResultsBundle } from '../../src/lib/core/types';
import { META_CASES } from '../unit/stats/meta-cases';
import { poolRandomEffects } from '../../src/lib/core/stats/meta';
import { wilsonFromRate } from '../../src/lib/core/stats/wilson';

/** A copy of the test bundle under other ids and a label, with `harmful` of gpt-4.1's 10 classified BM samples harmful. */
function variant(tag: string, label: string, harmful: number): ResultsBundle {
  const b = makeBundle();
  const text = JSON.stringify(b).replaceAll('run-', `${tag}-run-`);
  const out = JSON.parse(text) as ResultsBundle;
  out.bundleId = `${tag}-bundle`;
  out.label = label;
  for (const s of out.samples) {
    if (s.model !== 'gpt-4.1' || s.conditionId !== BM || s.status !== 'done' || !s.classifications.length) continue;
    s.classifications[0].verdict = s.index < harmful ? 'harmful' : 'not-harmful';
  }
  return out;
}

/** One run of gpt-4.1 on BM with `k` of `n` samples harmful (lab rules), under prompts with `hash`. */
function countsBundle(tag: string, label: string, hash: string, k: number, n: number): ResultsBundle {
  const b = makeBundle();
  const template = b.samples.find((s) => s.model === 'gpt-4.1' && s.conditionId === BM && s.status === 'done')!;
  const r = {
    ...b.runs.find((x) => x.id === template.runId)!,
    id: `${tag}-run`,
    pack: { id: 'bundled', hash },
    samplesPerCondition: n,
  };
  const samples = Array.from({ length: n }, (_, i) => ({
    ...template,
    id: `${tag}-run/${BM}/${i}`,
    runId: r.id,
    index: i,
    override: undefined,
    classifications: [{ ...template.classifications[0], verdict: i < k ? 'harmful' : 'not-harmful' } as const],
  }));
  return { ...b, bundleId: `${tag}-bundle`, label, runs: [r], samples };
}

/** 12 samples labelled by belief: real 3 of 4 harmful, evaluation 1 of 6 harmful, 1 that did not say, 1 unlabelled. */
function awareBundle(): ResultsBundle {
  const b = countsBundle('aw', 'Lab awareness', 'test', 0, 13);
  const plan: [string | undefined, boolean][] = [
    ...[1, 1, 1, 0].map((h) => ['thinks-real', h === 1] as [string, boolean]),
    ...[1, 0, 0, 0, 0, 0].map((h) => ['thinks-eval', h === 1] as [string, boolean]),
    ['no-deliberation', true],
    [undefined, true],
    ['unclassified', false],
  ];
  b.samples.forEach((s, i) => {
    const [awareness, harmful] = plan[i];
    s.classifications = [{ ...s.classifications[0], verdict: harmful ? 'harmful' : 'not-harmful' }];
    if (awareness)
      s.classifications.push({
        classifier: 'eval-awareness:rules',
        version: '1',
        verdict: 'unclassified',
        evidence: [],
        at: s.classifications[0].at,
        awareness: awareness as 'thinks-real',
      });
  });
  return b;
}

/** A second origin that serves bundles: `/cors/*` with Access-Control-Allow-Origin, `/nocors/*` without. */
async function bundleServer(files: Record<string, string>): Promise<{ origin: string; server: Server }> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const [, mode, name] = path.split('/');
    const body = files[name];
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (mode === 'cors') headers['access-control-allow-origin'] = '*';
    if (body === undefined) res.writeHead(404, headers).end('not found');
    else res.writeHead(200, headers).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** What this browser's results database holds (0 runs, 0 samples when nothing was stored). */
async function storedCounts(page: Page): Promise<{ db: boolean; runs: number; heads: number }> {
  return page.evaluate(async () => {
    const dbs = await indexedDB.databases();
    if (!dbs.some((d) => d.name === 'aml-results')) return { db: false, runs: 0, heads: 0 };
    const db = await new Promise<IDBDatabase>((ok, bad) => {
      const r = indexedDB.open('aml-results');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => bad(r.error);
    });
    const count = (store: string) =>
      db.objectStoreNames.contains(store)
        ? new Promise<number>((ok, bad) => {
            const r = db.transaction(store).objectStore(store).count();
            r.onsuccess = () => ok(r.result);
            r.onerror = () => bad(r.error);
          })
        : Promise.resolve(0);
    const out = { db: true, runs: await count('runs'), heads: await count('heads') };
    db.close();
    return out;
  });
}

const rateRow = (p: Page, model: string, cond: string) =>
  p.locator(`[data-testid=rates-table] tr[data-model="${model}"][data-condition="${cond}"]`);

let site: Site;
let remote: { origin: string; server: Server };

beforeAll(async () => {
  site = await openSite();
  remote = await bundleServer({
    'shared.json': JSON.stringify(variant('shared', 'Shared by link, Lab L', 6)),
    'broken.json': JSON.stringify({ format: 'something else', runs: 3 }),
    // the three studies of the hand-computed pooling case, and one with other prompts
    ...Object.fromEntries(
      META_CASES[0].studies.map((st, i) => [
        `meta-${i}.json`,
        JSON.stringify(countsBundle(`m${i}`, `Lab ${i}`, 'test', st.k, st.n)),
      ]),
    ),
    'other-prompts.json': JSON.stringify(countsBundle('op', 'Lab other prompts', 'other', 90, 100)),
    'aware.json': JSON.stringify(awareBundle()),
  });
});
afterAll(async () => {
  await site?.close();
  await new Promise((resolve) => remote?.server.close(resolve));
});

describe('a bundle opened by link', () => {
  it('shows the linked numbers with the link filter applied and stores nothing', async () => {
    const src = `${remote.origin}/cors/shared.json`;
    const q = new URLSearchParams({ src, model: 'gpt-4.1' });
    const { page, errors } = await site.newPage(`#/results?${q}`);
    const linked = page.locator('[data-testid=linked-source]');
    await expect.poll(() => linked.getAttribute('data-status')).toBe('ready');
    expect(await linked.textContent()).toContain('not stored');
    expect(await linked.locator('[data-testid=provenance]').textContent()).toContain('Shared by link, Lab L');
    // the link's filter holds: only gpt-4.1 rows, with the linked bundle's count (6 of 10, not the stock 8)
    const gpt = rateRow(page, 'gpt-4.1', BM);
    await expect.poll(() => gpt.locator('.n').textContent()).toMatch(/6\s*\/\s*10/);
    expect(await gpt.locator('.rate').textContent()).toBe('60%');
    expect(await page.locator('[data-testid=rates-table] tr[data-model]').count()).toBe(3);
    expect(await page.locator('[data-testid=rates-table] tr[data-model="claude-opus-4-20250514"]').count()).toBe(0);
    // the shareable link keeps the source and the filter when the view changes
    await page.getByRole('tab', { name: 'Heatmap' }).click();
    await expect.poll(() => page.evaluate(() => location.hash)).toContain('tab=heatmap');
    const hash = new URLSearchParams((await page.evaluate(() => location.hash)).split('?')[1]);
    expect(hash.get('src')).toBe(src);
    expect(hash.getAll('model')).toEqual(['gpt-4.1']);
    // nothing of it is in IndexedDB; this browser's own results are still empty
    expect(await storedCounts(page)).toMatchObject({ runs: 0, heads: 0 });
    await page.evaluate(() => (location.hash = '#/results'));
    await page.locator('[data-testid=results-empty]').waitFor();
    await screenshot(page, 'sources-link-empty-local');
    expect(errors.filter((e) => !e.includes('404'))).toEqual([]);
    await page.context().close();
  });

  it('keeps the bundle in this browser only when asked', async () => {
    const src = `${remote.origin}/cors/shared.json`;
    const { page } = await site.newPage(`#/results?${new URLSearchParams({ src })}`);
    await page.locator('[data-testid=keep-bundle]').click();
    await expect.poll(() => page.locator('[data-testid=kept]').textContent()).toContain('3 runs');
    expect(await storedCounts(page)).toMatchObject({ runs: 3 });
    await page.context().close();
  });

  it("opens a linked sample's transcript read-only from the same link, storing nothing", async () => {
    const src = `${remote.origin}/cors/shared.json`;
    const q = new URLSearchParams({ src, model: 'gpt-4.1', tab: 'samples' });
    const { page, errors } = await site.newPage(`#/results?${q}`);
    const list = page.locator('[data-testid=sample-list]');
    await list.waitFor();
    const first = list.locator('[role=option]').first();
    const sampleId = await first.getAttribute('data-sample-id');
    await list.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => location.hash)).toContain('#/transcript/');
    const hash = await page.evaluate(() => location.hash);
    expect(new URLSearchParams(hash.split('?')[1]).get('src')).toBe(src);
    expect(decodeURIComponent(hash)).toContain(sampleId!);
    const meta = page.locator('[data-testid=transcript-meta]');
    await expect.poll(() => meta.textContent(), { timeout: 20_000 }).toContain('gpt-4.1');
    expect(await page.locator('[data-testid=linked-transcript]').textContent()).toContain('Shared by link, Lab L');
    expect(await page.locator('[data-testid=linked-transcript]').textContent()).toContain('not stored');
    // no review control: nothing can be written for a sample this browser does not hold
    expect(await page.getByRole('button', { name: /save/i }).count()).toBe(0);
    expect(await page.locator('[role=alert]').count()).toBe(0);
    // a reload opens the link again and shows the same sample; the back link returns to the linked results
    await page.reload();
    await expect.poll(() => meta.textContent(), { timeout: 20_000 }).toContain('gpt-4.1');
    expect(await storedCounts(page)).toMatchObject({ runs: 0, heads: 0 });
    expect(errors.filter((e) => !e.includes('404'))).toEqual([]);
    await page.context().close();
  });

  it('says what went wrong for 404, CORS, CSP and invalid bundles, and shows nothing', async () => {
    const { page } = await site.newPage('#/data');
    const cases: [string, string, RegExp][] = [
      [`${remote.origin}/cors/missing.json`, 'http', /404/],
      [`${remote.origin}/nocors/shared.json`, 'network', /CORS/],
      ['https://bundles.example.org/r.json', 'csp', /Content-Security-Policy/],
      [`${remote.origin}/cors/broken.json`, 'invalid', /not a valid results bundle/],
    ];
    for (const [url, kind, message] of cases) {
      await page.evaluate(() => (location.hash = '#/data'));
      await page.locator('[data-testid=open-url-input]').fill(url);
      await page.locator('[data-testid=open-url]').click();
      const err = page.locator('[data-testid=link-error]');
      await expect.poll(() => err.getAttribute('data-kind')).toBe(kind);
      expect(await err.textContent()).toMatch(message);
      expect(await page.locator('[data-testid=rates-table]').count()).toBe(0);
    }
    expect(await storedCounts(page)).toMatchObject({ runs: 0 });
    await page.context().close();
  });
});

describe('evaluation vs real', () => {
  it("splits a linked bundle's rates by stated belief beside the paper's figure", async () => {
    const q = new URLSearchParams({ src: `${remote.origin}/cors/aware.json`, tab: 'awareness' });
    const { page, errors } = await site.newPage(`#/results?${q}`);
    const table = page.locator('[data-testid=eval-vs-real-table]');
    await table.waitFor({ timeout: 30_000 });
    expect(await table.locator('caption').textContent()).toMatch(/11 labelled samples, 2 without a label/);
    const row = (b: string) => table.locator(`tr[data-belief="${b}"]`);
    expect(await row('thinks-real').locator('.rate').textContent()).toMatch(/^75% \[.*\], 3 of 4$/);
    expect(await row('thinks-real').textContent()).toContain('paper 21%');
    expect(await row('thinks-real').textContent()).toContain('55%');
    expect(await row('thinks-eval').locator('.rate').textContent()).toMatch(/^17% \[.*\], 1 of 6$/);
    expect(await row('no-deliberation').textContent()).toContain('not given');
    expect(await page.locator('[data-testid=eval-vs-real]').count()).toBe(1);
    expect(await textOutsideCharts(page, '[data-testid=eval-vs-real] svg')).toEqual([]);
    await screenshot(page, 'results-eval-vs-real');
    expect(errors.filter((e) => !e.includes('404'))).toEqual([]);
    await page.context().close();
  });
});

describe('compare sources', () => {
  it('pools the same-prompt sources to the hand-computed estimate, marks other prompts, pools across on request', async () => {
    const links = [0, 1, 2].map((i) => `${remote.origin}/cors/meta-${i}.json`);
    const q = new URLSearchParams({ model: 'GPT-4.1', condition: BM });
    for (const l of [...links, `${remote.origin}/cors/other-prompts.json`]) q.append('src', l);
    const { page, errors } = await site.newPage(`#/compare?${q}`);
    expect(await page.locator('nav[aria-label=Main] a[aria-current=page]').textContent()).toBe('Compare sources');
    const pooled = page.locator('[data-testid=forest-pooled]');
    await expect.poll(() => pooled.getAttribute('data-studies'), { timeout: 30_000 }).toBe('3');
    expect(await page.locator('[data-testid=compare-failure]').count()).toBe(0);
    const expected = META_CASES[0];
    expect(Number(await pooled.getAttribute('data-rate'))).toBeCloseTo(expected.rate, 5);
    expect(Number(await pooled.getAttribute('data-i2'))).toBeCloseTo(expected.i2, 5);
    expect(Number(await pooled.getAttribute('data-tau2'))).toBeCloseTo(expected.tau2, 5);
    expect(await pooled.textContent()).toMatch(/32\.4% \[17\.8%–51\.5%\].*I² 90\.0%.*τ² 0\.444/s);
    // the paper (fig7, 80%) and the other-prompts source are rows, marked and not pooled
    const rows = page.locator('[data-testid=forest-row]');
    expect(await rows.count()).toBe(5);
    const paper = rows.filter({ hasText: 'Paper (fig7' });
    expect(await paper.getAttribute('data-pooled')).toBe('false');
    const other = rows.filter({ hasText: 'Lab other prompts' });
    expect(await other.getAttribute('data-pooled')).toBe('false');
    expect(await other.textContent()).toContain('other prompts (bundled other');
    // 20/100 lies beyond the pooled rate's reach: flagged; 30/100 holds it
    expect(await rows.filter({ hasText: 'Lab 0' }).getAttribute('data-differs')).toBe('true');
    expect(await rows.filter({ hasText: 'Lab 1' }).getAttribute('data-differs')).toBe('false');
    expect(await textOutsideCharts(page, 'main svg[role=img]')).toEqual([]);
    await screenshot(page, 'compare-forest');

    // keyboard: tab to the pool-across box and tick it with Space; the link records it and all five rows pool
    const across = page.locator('[data-testid=pool-across]');
    await across.focus();
    await page.keyboard.press('Space');
    await expect.poll(() => pooled.getAttribute('data-studies')).toBe('5');
    expect(await page.evaluate(() => location.hash)).toContain('across=1');
    const all = poolRandomEffects([...expected.studies, { k: 90, n: 100 }, { k: wilsonFromRate(0.8, 100).k, n: 100 }])!;
    expect(Number(await pooled.getAttribute('data-rate'))).toBeCloseTo(all.rate, 6);
    expect(Number(await pooled.getAttribute('data-i2'))).toBeCloseTo(all.i2, 6);
    // a row's source opens in the results view narrowed to the pair (the link carries the source)
    const link = rows.filter({ hasText: 'Lab 1' }).getByRole('link');
    await link.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-testid=linked-source]').getAttribute('data-status')).toBe('ready');
    await expect.poll(() => rateRow(page, 'gpt-4.1', BM).locator('.rate').textContent()).toBe('30%');
    expect(await storedCounts(page)).toMatchObject({ runs: 0 });
    expect(errors.filter((e) => !e.includes('404'))).toEqual([]);
    await page.context().close();
  });

  it('offers the paper figures as presets and says when no source has data', async () => {
    const { page } = await site.newPage('#/compare?fig=fig11');
    await expect.poll(() => page.locator('[data-testid=compare-empty]').textContent()).toContain('No source has data');
    await page.locator('[data-testid=compare-figure]').selectOption('fig7');
    await expect.poll(() => page.evaluate(() => location.hash)).toContain('fig=fig7');
    await page.context().close();
  });
});

describe('a fork that publishes two bundles', () => {
  let fork: StaticServer;
  let dir: string;

  beforeAll(async () => {
    // a copy of the built site with two bundles and the index `npm run publish-index` writes (never in the repo)
    dir = await mkdtemp(join(tmpdir(), 'aml-fork-'));
    await cp(inject('distDir'), dir, { recursive: true });
    const results = join(dir, 'results');
    await writeFile(join(results, 'lab-a.json'), JSON.stringify(variant('a', 'Lab A, Ana', 3)));
    await writeFile(join(results, 'lab-b.json'), JSON.stringify(variant('b', 'Lab B, Ben', 9)));
    const { index, errors } = indexFolder(results, new Date('2026-12-01T00:00:00Z'));
    expect(errors).toEqual([]);
    await writeFile(join(results, 'index.json'), JSON.stringify(index));
    fork = await startStaticServer(dir, inject('basePath'));
  });
  afterAll(async () => {
    await fork?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('shows both as published, with provenance, read-only and openable', async () => {
    const context = await site.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${fork.url}#/data`);
    const entries = page.locator('[data-testid=published-entry]');
    await expect.poll(() => entries.count()).toBe(2);
    expect(await entries.nth(0).getAttribute('data-file')).toBe('lab-a.json');
    expect(await entries.nth(0).locator('[data-testid=provenance]').textContent()).toContain('Lab A, Ana');
    expect(await entries.nth(1).locator('[data-testid=provenance]').textContent()).toContain('Lab B, Ben');
    await entries.nth(1).getByRole('link', { name: 'View results' }).click();
    const linked = page.locator('[data-testid=linked-source]');
    await expect.poll(() => linked.getAttribute('data-status')).toBe('ready');
    expect(await linked.textContent()).toContain('Published: Lab B, Ben');
    await expect.poll(() => rateRow(page, 'gpt-4.1', BM).locator('.rate').textContent()).toBe('90%');
    expect(await page.locator('[data-testid=published-source]').allTextContents()).toEqual([
      'Published: Lab A, Ana',
      'Published: Lab B, Ben',
    ]);
    expect(await storedCounts(page)).toMatchObject({ runs: 0 });
    await screenshot(page, 'sources-published');
    await context.close();
  });
});
