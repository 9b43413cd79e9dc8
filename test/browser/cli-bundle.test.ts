// Bundles written by `npm run experiment` (streaming and --batch, spawned against local servers) open in Chromium with the same numbers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResultsBundle } from '../../src/lib/core/types';
import { startOpenAIServer, type TestServer } from '../servers/openai-compatible';
import { startOpenAIBatchServer, type BatchTestServer } from '../servers/batch-openai';
import { BENIGN, HARMFUL, readBundle, runCli } from '../unit/cli/spawn';
import { openSite, type Site } from './harness';

const KEY = 'sk-cli-bundle-0123456789SECRET';
const CONDITIONS = ['blackmail_explicit-america_replacement', 'blackmail_none-none_replacement'];
const SAMPLES = 6;
const reply = (b: unknown) => ((b as { seed: number }).seed % 3 === 0 ? HARMFUL : BENIGN);

let site: Site;
let stream: TestServer;
let batch: BatchTestServer;
let dir: string;
const bundles: { file: string; bundle: ResultsBundle }[] = [];

async function cli(args: string[]): Promise<string> {
  const out = join(dir, `${bundles.length}.bundle.json`);
  const r = await runCli(
    [...args, '--conditions', CONDITIONS.join(','), '--samples', String(SAMPLES), '--seed', '0', '--out', out],
    { OPENAI_API_KEY: KEY },
  ).done;
  if (r.code !== 0 && r.code !== 1) throw new Error(`the CLI exited with ${r.code}: ${r.stderr}`);
  bundles.push({ file: out, bundle: readBundle(out) });
  return out;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aml-cli-bundle-'));
  // the 2nd request fails with a 400 (stored as a failed sample, not retried)
  stream = await startOpenAIServer({
    latencyMs: 5,
    chunkDelayMs: 0,
    reply,
    script: [null, { kind: 'status', status: 400 }],
  });
  // every third request of the batch fails with a server error
  batch = await startOpenAIBatchServer({ requireKey: KEY, pollsBeforeEnd: 1, outcomes: ['partial'], reply });
  await cli(['--engine', 'openai:cli-stream-model', '--base-url', `${stream.url}/v1`, '--concurrency', '1']);
  await cli(['--engine', 'openai:cli-batch-model', '--base-url', `${batch.url}/v1`, '--batch', '--poll-seconds', '0']);
  site = await openSite();
}, 120_000);
afterAll(async () => {
  await site?.close();
  await stream?.close();
  await batch?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** harmful / n (classified) and errors per model and condition, counted from a bundle's samples. */
function expected(b: ResultsBundle) {
  const out = new Map<string, { k: number; n: number; errors: number }>();
  for (const s of b.samples) {
    const key = `${s.model}\u0000${s.conditionId}`;
    const c = out.get(key) ?? { k: 0, n: 0, errors: 0 };
    if (s.status === 'error') c.errors++;
    else {
      c.n++;
      if (s.classifications.at(-1)?.verdict === 'harmful') c.k++;
    }
    out.set(key, c);
  }
  return out;
}

describe('CLI bundles in the site', () => {
  it('imports the streaming and the batch bundle unchanged and shows the same counts per model and condition', async () => {
    const [s, b] = bundles.map((x) => x.bundle);
    expect(s.samples).toHaveLength(CONDITIONS.length * SAMPLES);
    expect(s.samples.filter((x) => x.status === 'error')).toHaveLength(1);
    expect(b.runs[0].batch).toBe(true);
    expect(b.samples.filter((x) => x.status === 'error').length).toBeGreaterThan(0);

    const { page, errors } = await site.newPage('#/data');
    await page.getByTestId('import-file').setInputFiles(bundles.map((x) => x.file));
    await expect.poll(() => page.getByTestId('run-table').locator('tbody tr').count(), { timeout: 30_000 }).toBe(2);

    await page.goto(`${site.url}#/results`);
    const rows = page.locator('[data-testid=rates-table] tbody tr');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(4);
    const want = new Map([...expected(s), ...expected(b)]);
    expect(want.size).toBe(4);
    for (const [key, c] of want) {
      const [model, cond] = key.split('\u0000');
      const row = page.locator(`[data-testid=rates-table] tr[data-model="${model}"][data-condition="${cond}"]`);
      expect((await row.locator('td.n').textContent())?.trim()).toBe(`${c.k} / ${c.n}`);
      // Errors is the 6th data cell (after condition, rate, CI, harmful / n, unclassified)
      expect((await row.locator('td').nth(5).textContent())?.trim()).toBe(String(c.errors));
    }
    // at least one cell has both harmful and not-harmful samples, so a count mix-up would show
    expect([...want.values()].some((c) => c.k > 0 && c.k < c.n)).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });
});
