// Storage module against fake-indexeddb: CRUD, counts, paging, history, overrides, quota mapping and migrations.
import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import * as store from '../../../src/lib/storage/db';
import { COND_A, COND_B, makeRun, makeSample } from './make';

let n = 0;
const fresh = () => store.openDb(`test-${Date.now()}-${n++}`);

afterEach(async () => {
  await store.closeDb();
});

describe('runs', () => {
  it('puts, gets, lists newest first and deletes a run with its samples only', async () => {
    await fresh();
    await store.putRun(makeRun('r1', { createdAt: '2026-01-01T00:00:00Z' }));
    await store.putRun(makeRun('r2', { createdAt: '2026-02-01T00:00:00Z' }));
    await store.putSamples([makeSample('r1', COND_A, 0), makeSample('r1', COND_B, 0), makeSample('r2', COND_A, 0)]);
    expect((await store.listRuns()).map((r) => r.id)).toEqual(['r2', 'r1']);
    expect((await store.getRun('r1'))?.name).toBe('run r1');
    await store.deleteRun('r1');
    expect(await store.getRun('r1')).toBeUndefined();
    expect(await store.listSamples('r1')).toEqual([]);
    expect((await store.listSamples('r2')).length).toBe(1);
  });
});

describe('batch records', () => {
  const rec = (id: string, runId: string, submittedAt: string, status: 'submitted' | 'collected' = 'submitted') => ({
    id,
    runId,
    provider: 'openai',
    sampleIds: [`${runId}/${COND_A}/0`],
    submittedAt,
    status,
  });

  it("keeps the latest record per batch id, lists a run's batches oldest first, and goes with its run", async () => {
    await fresh();
    await store.putRun(makeRun('r1'));
    await store.putRun(makeRun('r2'));
    await store.putBatch(rec('batch_2', 'r1', '2026-01-02T00:00:00Z'));
    await store.putBatch(rec('batch_1', 'r1', '2026-01-01T00:00:00Z'));
    await store.putBatch(rec('batch_3', 'r2', '2026-01-01T00:00:00Z'));
    await store.putBatch(rec('batch_1', 'r1', '2026-01-01T00:00:00Z', 'collected'));
    const r1 = await store.listBatches('r1');
    expect(r1.map((b) => [b.id, b.status])).toEqual([
      ['batch_1', 'collected'],
      ['batch_2', 'submitted'],
    ]);
    await store.deleteRun('r1');
    expect(await store.listBatches('r1')).toEqual([]);
    expect((await store.listBatches('r2')).map((b) => b.id)).toEqual(['batch_3']);
    await store.clearAll();
    expect(await store.listBatches('r2')).toEqual([]);
  });

  it('a v4 database gains the batches store with its runs and samples intact', async () => {
    // a v4 database as the previous release left it: the migrations up to v4 only
    const { MIGRATIONS } = await import('../../../src/lib/storage/schema');
    const old = `v4b-${Date.now()}`;
    const v4 = await openDB(old, 4, {
      upgrade: async (db, from, _to, tx) => {
        for (let v = from; v < 4; v++) await MIGRATIONS[v](db as never, tx as never);
      },
    });
    expect([...v4.objectStoreNames].includes('batches')).toBe(false);
    await v4.put('runs', makeRun('kept'));
    await v4.put('heads', { runId: 'kept', pages: 0, lastSize: 0, rev: 1, done: 0, error: 0 });
    v4.close();
    const db = await store.openDb(old);
    expect(db.version).toBe(store.DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(['batches', 'blocks', 'excerpts', 'heads', 'runs', 'samplePages']);
    expect((await store.getRun('kept'))?.id).toBe('kept');
    expect(await store.countSamples('kept')).toEqual({ done: 0, error: 0 });
    await store.putBatch(rec('batch_9', 'kept', '2026-01-01T00:00:00Z'));
    expect((await store.listBatches('kept')).length).toBe(1);
  });
});

describe('samples', () => {
  it('lists by condition then numeric index, and counts done/error per run', async () => {
    await fresh();
    const list = [2, 10, 0, 1].map((i) => makeSample('r', COND_A, i));
    list.push(makeSample('r', COND_B, 0, { status: 'error', error: { kind: 'network', message: 'x', attempts: 3 } }));
    list.push(makeSample('other', COND_A, 0));
    await store.putSamples(list);
    expect((await store.listSamples('r')).map((s) => s.id)).toEqual([
      `r/${COND_A}/0`,
      `r/${COND_A}/1`,
      `r/${COND_A}/2`,
      `r/${COND_A}/10`,
      `r/${COND_B}/0`,
    ]);
    expect(await store.countSamples('r')).toEqual({ done: 4, error: 1 });
    expect(await store.countSamples('nope')).toEqual({ done: 0, error: 0 });
    expect((await store.getSample(`r/${COND_B}/0`))?.error?.kind).toBe('network');
    expect((await store.listSampleIds('r')).length).toBe(5);
    expect((await store.listSamplesWithStatus('r', 'error')).map((s) => s.id)).toEqual([`r/${COND_B}/0`]);
    expect((await store.listSamplesWithStatus('r', 'done')).length).toBe(4);
  });

  it('lists done samples whose rows all say cut at the max tokens (a page of cut answers is still read)', async () => {
    await fresh();
    await store.putSamples([0, 1].map((i) => makeSample('c', COND_A, i, { finishReason: 'length' })));
    expect(await store.countCut('c')).toBe(2);
    expect((await store.listSamplesWithStatus('c', 'done')).map((s) => s.index)).toEqual([0, 1]);
    expect(await store.listSamplesWithStatus('c', 'error')).toEqual([]);
  });

  it('putSample replaces a sample with the same id (retry of a failed one)', async () => {
    await fresh();
    await store.putSample(makeSample('r', COND_A, 0, { status: 'error' }));
    await store.putSample(makeSample('r', COND_A, 0, { status: 'done', response: 'ok' }));
    expect(await store.countSamples('r')).toEqual({ done: 1, error: 0 });
  });

  it('iterateSamples pages through everything, or only the given runs, without prefix collisions', async () => {
    await fresh();
    const many = Array.from({ length: 1203 }, (_, i) => makeSample('run', COND_A, i));
    await store.putSamples(many);
    // a run whose id extends "run" must not leak into "run"
    await store.putSamples([makeSample('run/x', COND_A, 0), makeSample('zzz', COND_B, 1)]);
    let all = 0;
    await store.iterateSamples(() => all++);
    expect(all).toBe(1205);
    const seen = new Set<string>();
    await store.iterateSamples((s) => seen.add(s.id), { runIds: ['run'] });
    expect(seen.size).toBe(1203);
    let z = 0;
    await store.iterateSamples(() => z++, { runIds: ['zzz', 'missing'] });
    expect(z).toBe(1);
  });
});

describe('overrides and classification history', () => {
  it('sets and clears an override, appends classifications', async () => {
    await fresh();
    await store.putSample(makeSample('r', COND_A, 0));
    const id = `r/${COND_A}/0`;
    await store.setOverride(id, { verdict: 'harmful', note: 'read it', at: '2026-01-02T00:00:00Z' });
    expect((await store.getSample(id))?.override?.verdict).toBe('harmful');
    await store.setOverride(id, undefined);
    expect((await store.getSample(id))?.override).toBeUndefined();
    const c = { classifier: 'rules', version: '1', verdict: 'not-harmful' as const, evidence: [], at: 'a' };
    await store.addClassification(id, c);
    await store.addClassification(id, { ...c, verdict: 'harmful', at: 'b' });
    expect((await store.getSample(id))?.classifications.map((x) => x.at)).toEqual(['a', 'b']);
    await expect(store.addClassification('missing', c)).rejects.toThrow(/No stored sample/);
  });
});

describe('clearAll and quota errors', () => {
  it('clears everything', async () => {
    await fresh();
    await store.putRun(makeRun('r'));
    await store.putSample(makeSample('r', COND_A, 0));
    await store.clearAll();
    expect(await store.listRuns()).toEqual([]);
    expect(await store.countSamples('r')).toEqual({ done: 0, error: 0 });
  });

  it('recognises quota errors by name', () => {
    expect(store.isQuotaError(new DOMException('full', 'QuotaExceededError'))).toBe(true);
    expect(store.isQuotaError(new Error('other'))).toBe(false);
    expect(store.isQuotaError(new store.StorageQuotaError(null))).toBe(true);
  });

  it('storageEstimate returns an object even without the API', async () => {
    expect(typeof (await store.storageEstimate())).toBe('object');
  });
});

describe('migrations', () => {
  it('upgrades a v1 database holding data to the current version and keeps the data', async () => {
    const name = `migrate-${Date.now()}`;
    // build the v1 schema by hand, exactly as shipped in version 1
    const v1 = await openDB(name, 1, {
      upgrade(db) {
        db.createObjectStore('runs', { keyPath: 'id' });
        db.createObjectStore('samples', { keyPath: 'id' }).createIndex('runId', 'runId');
      },
    });
    await v1.put('runs', makeRun('old'));
    await v1.put('samples', makeSample('old', COND_A, 0));
    await v1.put('samples', makeSample('old', COND_A, 1, { status: 'error' }));
    v1.close();

    const db = await store.openDb(name);
    expect(db.version).toBe(store.DB_VERSION);
    expect(store.DB_VERSION).toBeGreaterThan(1);
    expect((await store.getRun('old'))?.name).toBe('run old');
    expect((await store.listSamples('old')).length).toBe(2);
    // the v2 index is filled from records written before it existed
    expect(await store.countSamples('old')).toEqual({ done: 1, error: 1 });
  });
});
