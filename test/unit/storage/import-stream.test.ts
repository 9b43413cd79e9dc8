// The streaming import (worker side) through the real storage module: merges as importRecords does, drops samples
// identical to stored ones as they stream, and stores nothing from a file rejected at any point.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { buildBundle, type MergeReport } from '../../../src/lib/core/bundle';
import type { ResultsBundle, Sample } from '../../../src/lib/core/types';
import { ByteQueue, fileText } from '../../../src/lib/import/byte-queue';
import { BATCH, importBundleStream, importWorker } from '../../../src/lib/import/read-bundle';
import type { FromImportWorker } from '../../../src/lib/import/messages';
import * as db from '../../../src/lib/storage/db';
import { importRecords, StoredIndex } from '../../../src/lib/storage/transfer';
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

/** Import `b` as the worker does: its bytes sent in slices of `slice` through the worker's message handler. */
async function run(
  b: ResultsBundle | string,
  slice = 7_000,
): Promise<{ messages: FromImportWorker[]; last: FromImportWorker }> {
  const messages: FromImportWorker[] = [];
  const bytes = new TextEncoder().encode(typeof b === 'string' ? b : JSON.stringify(b));
  let finished!: () => void;
  const done = new Promise<void>((resolve) => (finished = resolve));
  const handle = importWorker((m) => {
    messages.push(m);
    if (m.type === 'done' || m.type === 'rejected' || m.type === 'failed') finished();
  });
  handle({ type: 'import', bytes: bytes.length, db: db.currentDbName(), label: 'f.json' });
  for (let at = 0; at < bytes.length; at += slice) handle({ type: 'bytes', data: bytes.slice(at, at + slice).buffer });
  handle({ type: 'end' });
  await done;
  return { messages: messages.filter((m) => m.type !== 'taken'), last: messages[messages.length - 1] };
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

describe('the file read in this thread (no worker)', () => {
  it('imports the same as through the worker', async () => {
    await db.openDb(`import-stream-page-${Date.now()}-${n++}`);
    const blob = new Blob([JSON.stringify(bundle())]);
    const messages: FromImportWorker[] = [];
    await importBundleStream({ bytes: blob.size, text: () => fileText(blob) }, { label: 'f.json' }, (m) =>
      messages.push(m),
    );
    expect(report(messages[messages.length - 1]).samples.added).toBe(2 * PER);
  });
});

describe('ByteQueue', () => {
  const text = `\ufeff{"a":"é日本🙂 ${'x'.repeat(50)} ü"}`;
  const bytes = new TextEncoder().encode(text);
  async function decode(data: Uint8Array, size: number): Promise<{ text: string; taken: number }> {
    let taken = 0;
    const q = new ByteQueue(() => taken++);
    const parts: string[] = [];
    const reading = (async () => {
      for await (const t of q.text()) parts.push(t);
    })();
    for (let at = 0; at < data.length; at += size) {
      q.push(data.slice(at, at + size).buffer);
      await Promise.resolve();
    }
    q.end();
    await reading;
    return { text: parts.join(''), taken };
  }

  it.each([1, 2, 3, 5, 64, 1 << 20])('slices of %i bytes decode as the whole file does', async (size) => {
    const r = await decode(bytes, size);
    expect(r.text).toBe(new TextDecoder().decode(bytes));
    expect(r.text.startsWith('{')).toBe(true);
    expect(r.taken).toBe(Math.ceil(bytes.length / size));
  });

  it('replaces bad bytes and a cut-off character at the end', async () => {
    const bad = new Uint8Array([0x7b, 0xff, 0x22, 0xe6, 0x97]);
    expect((await decode(bad, 2)).text).toBe('{\ufffd"\ufffd');
  });

  it('throws what the sender could not read', async () => {
    const q = new ByteQueue();
    const reading = (async () => {
      for await (const _ of q.text()) void _;
    })();
    q.push(new Uint8Array([0x7b]).buffer);
    q.fail('NotReadableError');
    await expect(reading).rejects.toThrow('NotReadableError');
  });

  it('a read failure rejects the import with the reason, storing nothing', async () => {
    await db.openDb(`import-stream-unreadable-${Date.now()}-${n++}`);
    const messages: FromImportWorker[] = [];
    const handle = importWorker((m) => messages.push(m));
    const text = new TextEncoder().encode(JSON.stringify(bundle()));
    handle({ type: 'import', bytes: text.length, db: db.currentDbName(), label: 'f.json' });
    handle({ type: 'bytes', data: text.slice(0, 50_000).buffer });
    handle({ type: 'unreadable', message: 'the file changed on disk' });
    await expect.poll(() => messages.at(-1)?.type).toBe('rejected');
    expect(messages.at(-1)).toEqual({
      type: 'rejected',
      errors: ['Could not read the file (the file changed on disk).'],
    });
    expect(await db.listRuns()).toEqual([]);
  });
});

describe('StoredIndex.refresh', () => {
  it('a sample stored after the look-up (while the file streamed) is merged, not overwritten as new', async () => {
    await db.openDb(`stored-index-refresh-${Date.now()}-${n++}`);
    const b = bundle();
    await run(b);
    const index = new StoredIndex();
    await index.add(['r', 'late']);
    // meanwhile the page stores a finished sample the file has as failed, and a run the file has too
    const id = `r/${COND_A}/${PER}`;
    await db.putSamples([makeSample('r', COND_A, PER, { response: 'finished here' })]);
    await db.putRun(makeRun('late'));
    await db.putSamples([makeSample('late', COND_A, 0, { response: 'mine' })]);
    const failed = makeSample('r', COND_A, PER, { status: 'error', response: undefined });
    delete failed.finishReason;
    failed.error = { kind: 'network', message: 'x', attempts: 1 };
    const late = makeSample('late', COND_A, 0, { response: 'theirs' });
    const r = await importRecords(
      {
        bundleId: 'b-2',
        runs: [makeRun('r', { samplesPerCondition: PER }), makeRun('late')],
        samples: [failed, late],
      },
      { label: 'f.json' },
      index,
    );
    expect((await db.getSample(id))!.response).toBe('finished here');
    expect((await db.getSample(late.id))!.response).toBe('mine');
    expect(r.samples.added).toBe(0);
    expect(r.samples.conflicting).toBe(1);
  });
});
