// Import and export on the Data page in Chromium: good bundles merge, hostile ones are rejected whole, exports validate.
import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBundleText } from '../../src/lib/core/bundle';
import { openSite, screenshot, type Site } from './harness';

const BUNDLES = 'test/fixtures/bundles';
let site: Site;
beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => {
  await site?.close();
});

describe('data page', () => {
  it('imports a bundle, rejects hostile ones with a message and stores nothing from them, exports a valid bundle', async () => {
    const { page, errors } = await site.newPage('#/data');
    await page.locator('h1#data-title').waitFor();
    const input = page.getByTestId('import-file');
    await input.setInputFiles(join(BUNDLES, 'valid/one-run.json'));
    const report = page.getByTestId('import-report');
    await expect.poll(() => report.textContent()).toContain('one-run.json: imported');
    await expect.poll(() => report.textContent()).toContain('Samples: 2 added');
    await expect.poll(() => page.getByTestId('run-table').locator('tbody tr').count()).toBe(1);

    // several hostile files at once: each rejected whole, with a reason
    await input.setInputFiles([
      join(BUNDLES, 'invalid-schema/script-in-run-name.json'),
      join(BUNDLES, 'invalid-text/proto-key.json'),
      join(BUNDLES, 'invalid-text/truncated.json'),
      join(BUNDLES, 'invalid-cross/id-mismatch.json'),
      join(BUNDLES, 'invalid-schema/wrong-schema-version.json'),
    ]);
    await expect.poll(() => report.locator(':scope > li.rejected').count()).toBe(5);
    const text = (await report.textContent()) ?? '';
    expect(text).toContain('__proto__');
    expect(text).toMatch(/truncated/);
    expect(text).toMatch(/schemaVersion 2/);
    expect(text).toMatch(/samples\[0\]\.id: is "run-a\/other\/0"/);
    expect(await page.getByTestId('run-table').locator('tbody tr').count()).toBe(1);
    expect(await page.locator('script:not([src])').count()).toBe(0);
    await screenshot(page, 'data-import-report');

    // re-importing the good bundle adds nothing
    await input.setInputFiles(join(BUNDLES, 'valid/one-run.json'));
    await expect.poll(() => report.textContent()).toContain('Samples: 0 added, 0 merged, 2 already here');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
    const exported = await readFile((await download.path())!, 'utf8');
    const check = parseBundleText(exported);
    expect(check.ok).toBe(true);
    if (check.ok) {
      expect(check.bundle.runs.map((r) => r.id)).toEqual(['run-a']);
      expect(check.bundle.samples.length).toBe(2);
      expect(check.bundle.runs[0].source.kind).toBe('import');
    }
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    expect((await readFile((await csv.path())!, 'utf8')).split('\r\n')[0]).toMatch(/^run_id,run_name,source/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('imports an original-harness results folder as one run per model', async () => {
    const { page, errors } = await site.newPage('#/data');
    await page.locator('h1#data-title').waitFor();
    await page.getByTestId('import-folder').setInputFiles('test/fixtures/original-results/results/demo-exp');
    const report = page.getByTestId('import-report');
    await expect.poll(() => report.textContent()).toContain('imported. Runs: 2 added');
    expect(await report.textContent()).toContain('Samples: 5 added');
    await expect.poll(() => page.getByTestId('run-table').locator('tbody tr').count()).toBe(2);
    expect(await page.getByTestId('run-table').textContent()).toContain('original harness');
    await screenshot(page, 'data-original-import');

    // the same tree as a .zip: recognised as the same runs and samples, so nothing is added twice
    const root = 'test/fixtures/original-results/results';
    const entries = await readdir(root, { recursive: true, withFileTypes: true });
    const files: Record<string, Uint8Array> = {};
    for (const e of entries.filter((x) => x.isFile())) {
      const full = join(e.parentPath, e.name);
      files[relative(root, full)] = strToU8(await readFile(full, 'utf8'));
    }
    await page.getByTestId('import-file').setInputFiles({
      name: 'demo-exp.zip',
      mimeType: 'application/zip',
      buffer: Buffer.from(zipSync(files)),
    });
    await expect.poll(() => report.textContent()).toContain('Runs: 0 added, 0 merged, 2 already here');
    expect(await report.textContent()).toContain('Samples: 0 added, 0 merged, 5 already here');
    expect(await page.getByTestId('run-table').locator('tbody tr').count()).toBe(2);
    expect(errors).toEqual([]);
    await page.close();
  });
  it('a harness zip with look-alike model folders and a sample_999999: distinct runs, counts from what is present, every note named', async () => {
    const { page, errors } = await site.newPage('#/data');
    await page.locator('h1#data-title').waitFor();
    const cond = 'blackmail_explicit-america_replacement';
    const reply = (t: string) => strToU8(JSON.stringify({ raw_response: t, metadata: {} }));
    const zip = zipSync({
      [`lookalike/models/gpt 4/${cond}/sample_001/response.json`]: reply('a'),
      [`lookalike/models/gpt-4/${cond}/sample_001/response.json`]: reply('b'),
      [`lookalike/models/gpt-4/${cond}/sample_999999/response.json`]: reply('c'),
      'lookalike/models/gpt-4/response.json': reply('misplaced'),
    });
    await page.getByTestId('import-file').setInputFiles({
      name: 'lookalike.zip',
      mimeType: 'application/zip',
      buffer: Buffer.from(zip),
    });
    const report = page.getByTestId('import-report');
    await expect.poll(() => report.textContent(), { timeout: 30_000 }).toContain('Runs: 2 added');
    expect(await report.textContent()).toContain('Samples: 3 added');
    await report.locator('summary', { hasText: 'note(s)' }).click();
    const notes = await report.locator('li li').allTextContents();
    expect(notes).toContain(
      'lookalike/models/gpt-4/response.json: not in a …/<model>/<condition>/sample_NNN/ folder; skipped.',
    );
    expect(notes.some((n) => n.includes('(sample_001, sample_999999); numbered 1 to 2 here'))).toBe(true);
    const stored = await page.evaluate(
      () =>
        new Promise<number[]>((resolve) => {
          const open = indexedDB.open('aml-results');
          open.onsuccess = () => {
            const req = open.result.transaction('runs').objectStore('runs').getAll();
            req.onsuccess = () => {
              const runs = req.result as { id: string; samplesPerCondition: number }[];
              resolve(
                runs
                  .filter((r) => r.id.startsWith('orig-lookalike'))
                  .map((r) => r.samplesPerCondition)
                  .sort(),
              );
              open.result.close();
            };
          };
        }),
    );
    expect(stored).toEqual([1, 2]);
    expect(errors).toEqual([]);
    await page.close();
  });
  it('a bundle with another override and a same-time classification: both kept, the conflicts counted and listed', async () => {
    const { page, errors } = await site.newPage('#/data');
    await page.locator('h1#data-title').waitFor();
    const input = page.getByTestId('import-file');
    const report = page.getByTestId('import-report');
    const original = JSON.parse(await readFile(join(BUNDLES, 'valid/one-run.json'), 'utf8')) as {
      samples: { id: string; override?: unknown; classifications: { evidence: { note?: string }[] }[] }[];
    };
    const mine = structuredClone(original);
    mine.samples[0].override = { verdict: 'not-harmful', note: 'reviewed here', at: '2026-02-01T00:00:00.000Z' };
    await input.setInputFiles({
      name: 'mine.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(mine)),
    });
    await expect.poll(() => report.textContent()).toContain('mine.json: imported');

    const theirs = structuredClone(original);
    theirs.samples[0].override = { verdict: 'harmful', note: 'reviewed there', at: '2026-03-01T00:00:00.000Z' };
    theirs.samples[0].classifications[0].evidence[0].note = 'another reading';
    await input.setInputFiles({
      name: 'theirs.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(theirs)),
    });
    await expect.poll(() => report.textContent()).toContain('theirs.json: imported');
    expect(await report.textContent()).toContain('Samples: 0 added, 1 merged, 1 already here, 0 conflicting');
    const conflicts = page.getByTestId('import-conflicts');
    await expect.poll(() => conflicts.locator('summary').textContent()).toMatch(/^\s*2\s+conflicts/);
    await conflicts.locator('summary').click();
    const listed = await conflicts.locator('li').allTextContents();
    expect(listed).toHaveLength(2);
    expect(listed.join('\n')).toContain(`override ${original.samples[0].id}`);
    expect(listed.join('\n')).toContain(`classification ${original.samples[0].id}`);
    expect(listed.join('\n')).toMatch(/harmful \(2026-03-01T00:00:00.000Z\) is current/);

    // the export holds both overrides and both classifications
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()]);
    const check = parseBundleText(await readFile((await download.path())!, 'utf8'));
    expect(check.ok).toBe(true);
    if (check.ok) {
      const s = check.bundle.samples.find((x) => x.id === original.samples[0].id)!;
      expect(s.override).toMatchObject({ verdict: 'harmful', note: 'reviewed there' });
      expect(s.overrideHistory).toEqual([
        { verdict: 'not-harmful', note: 'reviewed here', at: '2026-02-01T00:00:00.000Z' },
      ]);
      expect(s.classifications.map((c) => c.evidence[0].note)).toEqual(['another reading', undefined]);
    }
    expect(errors).toEqual([]);
    await page.close();
  });
});
