// The streaming import (worker side) through the real storage module: merges as importRecords does, drops samples
// identical to stored ones as they stream, and stores nothing from a file rejected at any point.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { buildBundle, type MergeReport } from '../../../src/lib/core/bundle';
import type { ResultsBundle, Sample } from '../../../src/lib/core/types';
import { BATCH, importBundleStream } from '../../../src/lib/import/read-bundle';
import type { FromImportWorker } from '../../../src/lib/import/messages';
import * as db from '../../../src/lib/storage/db';
import { StoredIndex } from '../../../src/lib/storage/transfer';
import { COND_A, COND_B, makeRun, makeSample } from './make';

let n = 0;
afterEach(() => db.closeDb());

const PER = 1200;
function bundle(over: (s: Sample) => Sample = (s) => s, runId = 'r'): ResultsBundle {
  const samples = Array.from({ length: 2 * PER }, (_, i) =>
    over(makeSample(runId, i % 2 ? COND_A : COND_B, Math.floor(i / 2), { response: `text ${i} "q" é` })),
  );
  return buildBundle([makeRun(runId, { samplesPerCondition: PER })], samples, {
    appVersion: '0.1.0',
    bundleId: 'b-1',
    exportedAt: '2026-01-01T00:00:00Z',
  });
}

async function run(b: ResultsBundle | string): Promise<{ messages: FromImportWorker[]; last: FromImportWorker }> {
  const messages: FromImportWorker[] = [];
  const text = typeof b === 'string' ? b : JSON.stringify(b);
  await importBundleStream(new Blob([text]), { label: 'f.json', now: new Date('2026-02-01T00:00:00Z') }, (m) =>
    messages.push(m),
  );
  return { messages, last: messages[messages.length - 1] };
}

const report = (m: FromImportWorker): MergeReport => {
  if (m.type !== 'done') throw new Error(`not done: ${JSON.stringify(m)}`);
  return m.report;
};

async function stored(): Promise<Sample[]> {
  const out: Sample[] = [];
  await db.iterateSamples((s) => out.push(s));
  return out;
}

describe('importBundleStream', () => {
  it('imports, then re-imports as all identical, reporting progress and the storing step', async () => {
    await db.openDb(`import-stream-${Date.now()}-${n++}`);
    const b = bundle();
    const first = await run(b);
    expect(report(first.last).samples).toEqual({ added: 2 * PER, updated: 0, skipped: 0, conflicting: 0 });
    expect(report(first.last).runs.added).toBe(1);
    const progress = first.messages.filter((m) => m.type === 'progress');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toMatchObject({ samples: 2 * PER });
    expect(first.messages.find((m) => m.type === 'storing')).toEqual({
      type: 'storing',
      samples: 2 * PER,
      writing: 2 * PER,
    });
    expect((await stored()).map((s) => s.id).sort()).toEqual(b.samples.map((s) => s.id).sort());
    expect((await db.getRun('r'))!.source).toMatchObject({ kind: 'import', bundleId: 'b-1' });

    const again = await run(b);
    expect(again.messages.find((m) => m.type === 'storing')).toMatchObject({ writing: 0 });
    expect(report(again.last).samples).toEqual({ added: 0, updated: 0, skipped: 2 * PER, conflicting: 0 });
    expect(await db.countSamples('r')).toEqual({ done: 2 * PER, error: 0 });
  });

  it('merges a changed sample (an override) and skips the rest, as importRecords plans it', async () => {
    await db.openDb(`import-stream-merge-${Date.now()}-${n++}`);
    await run(bundle());
    const target = `r/${COND_B}/7`;
    const override = { verdict: 'harmful' as const, note: 'seen', at: '2026-03-01T00:00:00.000Z' };
    const changed = await run(bundle((s) => (s.id === target ? { ...s, override } : s)));
    expect(changed.messages.find((m) => m.type === 'storing')).toMatchObject({ writing: 1 });
    expect(report(changed.last).samples).toEqual({ added: 0, updated: 1, skipped: 2 * PER - 1, conflicting: 0 });
    expect((await db.getSample(target))!.override).toEqual(override);
  });

  it('counts identical samples of a run that conflicts as conflicting, and stores none of them', async () => {
    await db.openDb(`import-stream-conflict-${Date.now()}-${n++}`);
    const b = bundle();
    await run(b);
    const other = JSON.parse(JSON.stringify(b)) as ResultsBundle;
    other.runs[0].params.temperature = 0.5;
    const r = report((await run(other)).last);
    expect(r.runs.conflicting).toBe(1);
    expect(r.samples).toEqual({ added: 0, updated: 0, skipped: 0, conflicting: 2 * PER });
    expect((await db.getRun('r'))!.params.temperature).toBe(1);
  });

  it('stores nothing from a file whose last sample is bad, after many good ones streamed', async () => {
    await db.openDb(`import-stream-bad-${Date.now()}-${n++}`);
    const b = bundle();
    (b.samples[b.samples.length - 1] as unknown as { index: string }).index = 'last';
    const { messages, last } = await run(b);
    expect(messages.some((m) => m.type === 'progress' && m.samples >= BATCH)).toBe(true);
    expect(last.type).toBe('rejected');
    if (last.type === 'rejected') expect(last.errors.join('\n')).toMatch(/samples\[2399\]\.index/);
    expect(messages.some((m) => m.type === 'storing')).toBe(false);
    expect(await db.listRuns()).toEqual([]);
    expect(await stored()).toEqual([]);
  });

  it('stores nothing when a cross-record rule fails at the end (a duplicate id), also over stored samples', async () => {
    await db.openDb(`import-stream-dup-${Date.now()}-${n++}`);
    const b = bundle();
    await run(b);
    const twice = { ...b, samples: [...b.samples, { ...b.samples[3], response: 'changed' }] };
    const { last } = await run(twice);
    expect(last.type).toBe('rejected');
    if (last.type === 'rejected') expect(last.errors.join('\n')).toMatch(/duplicate|more than once|twice/i);
    expect((await db.getSample(b.samples[3].id))!.response).toBe(b.samples[3].response);
  });

  it('rejects a file that is not a bundle, with the whole-file reason', async () => {
    await db.openDb(`import-stream-text-${Date.now()}-${n++}`);
    const { last } = await run('[1,2]');
    expect(last.type).toBe('rejected');
    expect(await db.listRuns()).toEqual([]);
  });
});

describe('StoredIndex', () => {
  it('a second look-up of a run waits for the first one in flight (a streaming import starts them early)', async () => {
    await db.openDb(`stored-index-${Date.now()}-${n++}`);
    await run(bundle());
    const index = new StoredIndex();
    const early = index.add(['r', 'unknown']);
    await index.add(['r']);
    expect(index.hashes.size).toBe(2 * PER);
    expect([...index.runs.keys()]).toEqual(['r']);
    await early;
    expect(index.identical(`r/${COND_A}/0`, index.hashes.get(`r/${COND_A}/0`)!)).toBe(true);
    expect(index.identical(`r/${COND_A}/0`, 1)).toBe(false);
  });
});
