// A version-3 database (one record per sample) built in Chromium is migrated by the app into pages without loss.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSite, type Site } from './harness';

let site: Site;
beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => {
  await site?.close();
});

const N = 300;

describe('storage migration in Chromium', () => {
  it('opens a v3 database, moves every sample into pages, and the results view counts them all', async () => {
    const { page, errors } = await site.newPage('#/results');
    await page.locator('[data-testid=results-empty]').waitFor();
    // build the v3 layout exactly as the v3 schema made it, with failures, overrides and classification histories
    const originals = await page.evaluate(async (n) => {
      await new Promise<void>((resolve, reject) => {
        const del = indexedDB.deleteDatabase('aml-results');
        del.onsuccess = () => resolve();
        del.onerror = () => reject(del.error);
      });
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open('aml-results', 3);
        req.onupgradeneeded = () => {
          req.result.createObjectStore('runs', { keyPath: 'id' });
          const s = req.result.createObjectStore('samples', { keyPath: 'id' });
          s.createIndex('runId', 'runId');
          s.createIndex('runStatus', ['runId', 'status']);
          req.result.createObjectStore('summaries', { keyPath: 'runId' });
        };
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      const at = '2026-01-01T00:00:00.000Z';
      const conds = ['blackmail_explicit-america_replacement', 'leaking_none-none_restriction'];
      const tx = db.transaction(['runs', 'samples'], 'readwrite');
      const samples: unknown[] = [];
      for (const runId of ['mig-a', 'mig-b']) {
        tx.objectStore('runs').put({
          id: runId,
          name: `migrated ${runId}`,
          createdAt: at,
          updatedAt: at,
          appVersion: '0.1.0',
          pack: { id: 'bundled', hash: 'x' },
          conditionIds: conds,
          engine: { kind: 'openai-compatible', provider: 'openai', model: `model-${runId}` },
          params: { temperature: 1, maxTokens: 1000 },
          samplesPerCondition: n,
          status: 'done',
          source: { kind: 'local', label: 'v3 test' },
          concurrency: 1,
        });
      }
      for (let i = 0; i < n; i++) {
        const runId = i % 3 ? 'mig-a' : 'mig-b';
        const cond = conds[i % 2];
        const failed = i % 17 === 0;
        const s = {
          id: `${runId}/${cond}/${i}`,
          runId,
          conditionId: cond,
          index: i,
          model: `model-${runId}`,
          status: failed ? 'error' : 'done',
          ...(failed
            ? { error: { kind: 'network', message: `down ${i}`, attempts: 3 } }
            : {
                response: `Reply ${i} ${'é'.repeat(i % 5)}`,
                finishReason: 'stop',
                usage: { inputTokens: i, outputTokens: 2 },
              }),
          promptHash: 'x',
          classifications: failed
            ? []
            : [
                { classifier: 'rules', version: '1', verdict: i % 4 ? 'not-harmful' : 'harmful', evidence: [], at },
                ...(i % 5 ? [] : [{ classifier: 'rules', version: '2', verdict: 'harmful', evidence: [], at }]),
              ],
          ...(i % 23 === 1 ? { override: { verdict: 'harmful', note: `reviewed ${i}`, at } } : {}),
          createdAt: at,
        };
        samples.push(s);
        tx.objectStore('samples').put(s);
      }
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
      return samples as { id: string }[];
    }, N);

    await page.reload();
    await expect
      .poll(() => page.locator('[data-testid=results-summary]').textContent(), { timeout: 30_000 })
      .toContain(`${N} of ${N} samples selected`);

    const after = await page.evaluate(
      () =>
        new Promise<{ version: number; stores: string[]; samples: { id: string }[]; heads: unknown[] }>(
          (resolve, reject) => {
            const req = indexedDB.open('aml-results');
            req.onerror = () => reject(req.error);
            req.onsuccess = () => {
              const db = req.result;
              const tx = db.transaction(['samplePages', 'heads']);
              const pages = tx.objectStore('samplePages').getAll();
              const heads = tx.objectStore('heads').getAll();
              tx.oncomplete = () => {
                resolve({
                  version: db.version,
                  stores: [...db.objectStoreNames].sort(),
                  samples: (pages.result as { samples: { id: string }[] }[]).flatMap((p) => p.samples),
                  heads: heads.result,
                });
                db.close();
              };
            };
          },
        ),
    );
    expect(after.version).toBe(9);
    expect(after.stores).toEqual(['batches', 'blocks', 'excerpts', 'heads', 'runs', 'samplePages']);
    const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);
    expect([...after.samples].sort(byId)).toEqual([...originals].sort(byId));
    const failedA = originals.filter((s) => s.id.startsWith('mig-a/') && (s as { status?: string }).status === 'error');
    expect(after.heads).toContainEqual(
      expect.objectContaining({
        runId: 'mig-a',
        error: failedA.length,
        done: originals.filter((s) => s.id.startsWith('mig-a/')).length - failedA.length,
      }),
    );
    // the list reads the excerpts of the rows it shows from their own store (v7), carried over from the v3 samples
    await page.evaluate(() => (location.hash = '#/results?tab=samples'));
    const first = page.locator('[data-testid=sample-list] [role=option]').first();
    await expect.poll(() => first.locator('.excerpt').textContent(), { timeout: 30_000 }).toMatch(/^(Reply|down) \d+/);
    const id = (await first.getAttribute('data-sample-id')) ?? '';
    const original = originals.find((s) => s.id === id) as { response?: string; error?: { message: string } };
    expect(await first.locator('.excerpt').textContent()).toBe(original.response ?? original.error?.message);
    // v9: a sample is found by id from its run's rows (no index): its transcript opens from the migrated pages
    const runId = id.slice(0, id.indexOf('/'));
    await page.evaluate(
      ([r, s]) => (location.hash = `#/transcript/${encodeURIComponent(r)}/${encodeURIComponent(s)}`),
      [runId, id],
    );
    await expect
      .poll(() => page.locator('[data-testid=transcript-meta]').textContent(), { timeout: 30_000 })
      .toContain(`model-${runId}`);
    expect(errors).toEqual([]);
  }, 120_000);
});
