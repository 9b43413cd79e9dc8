// Storage v9: sample pages kept without key path or index; a v8 database moves over whole, samples are found by id.
import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as store from '../../../src/lib/storage/db';
import { MIGRATIONS } from '../../../src/lib/storage/schema';
import { blocksOf, buildPages } from '../../../src/lib/storage/page-builder';
import type { Sample } from '../../../src/lib/core/types';
import { COND_A, COND_B, makeRun, makeSample } from './make';

afterEach(async () => {
  await store.closeDb();
});

/** A v8 database as the previous release left it (the migrations up to v8), holding `samples` laid out in pages. */
async function v8With(name: string, samples: Sample[]): Promise<void> {
  const v8 = await openDB(name, 8, {
    upgrade: async (db, from, _to, tx) => {
      for (let v = from; v < 8; v++) await MIGRATIONS[v](db as never, tx as never);
    },
  });
  expect([...v8.objectStoreNames]).toContain('pages');
  const records = buildPages(samples);
  const tx = v8.transaction(['runs', 'pages', 'blocks', 'excerpts', 'heads'], 'readwrite');
  for (const runId of new Set(samples.map((s) => s.runId))) await tx.objectStore('runs').put(makeRun(runId));
  for (const b of blocksOf(records)) await tx.objectStore('blocks').put(b);
  for (const r of records) {
    await tx.objectStore('pages').put(r.page);
    await tx.objectStore('excerpts').put(r.excerpts);
    await tx.objectStore('heads').put(r.head);
  }
  await tx.done;
  v8.close();
}

const usual = Array.from({ length: 150 }, (_, i) => makeSample('a', i % 2 ? COND_A : COND_B, i));
// a run id with '/' in it, and ids that are not runId/conditionId/index
const odd = [
  makeSample('b/x', COND_A, 0),
  makeSample('b/x', COND_B, 1),
  { ...makeSample('b/x', COND_A, 2), id: 'legacy-2' },
  { ...makeSample('a', COND_A, 900), id: 'legacy-900' },
];

describe('storage v9', () => {
  it('moves every page of a v8 database into samplePages, drops pages, and finds each sample by id', async () => {
    const name = `v8-${Date.now()}`;
    const samples = [...usual, odd[3], ...odd.slice(0, 3)]; // grouped by run, as buildPages lays them out
    await v8With(name, samples);
    const db = await store.openDb(name);
    expect(db.version).toBe(9);
    expect([...db.objectStoreNames].sort()).toEqual(['batches', 'blocks', 'excerpts', 'heads', 'runs', 'samplePages']);
    const moved = await db.getAll('samplePages');
    expect(moved.map((p) => [p.runId, p.page, p.samples.length])).toEqual(
      buildPages(samples).map((r) => [r.page.runId, r.page.page, r.page.samples.length]),
    );
    expect(moved.flatMap((p) => p.samples)).toEqual(buildPages(samples).flatMap((r) => r.page.samples));
    for (const s of samples) expect(await store.getSample(s.id)).toEqual(s);
    expect(await store.getSample('a/nope/1')).toBeUndefined();
    expect(await store.getSample('nope')).toBeUndefined();
    const some = await store.getSamples(['legacy-2', usual[3].id, 'nope', odd[1].id]);
    expect([...some.keys()].sort()).toEqual(['legacy-2', usual[3].id, odd[1].id].sort());
  });

  it('updates a sample found by id (usual and other ids) and sees writes made after the lookup', async () => {
    await store.openDb(`v9-${Date.now()}`);
    await store.putSamples([...usual, ...odd]);
    const over = { verdict: 'harmful' as const, note: 'n', at: '2026-01-01T00:00:00Z' };
    expect((await store.setOverride('legacy-2', over)).override).toEqual(over);
    expect((await store.getSample('legacy-2'))?.override).toEqual(over);
    expect((await store.setOverride(odd[0].id, over)).override).toEqual(over);
    // written after the run's layout was read for the lookups above
    const later = { ...makeSample('b/x', COND_B, 50), id: 'legacy-50' };
    await store.putSample(later);
    expect(await store.getSample('legacy-50')).toEqual(later);
    await store.putSample({ ...later, response: 'again' });
    expect((await store.getSample('legacy-50'))?.response).toBe('again');
    await expect(store.setOverride('nope', over)).rejects.toThrow('No stored sample with id nope');
  });

  it('looks for ids not under their run in every other run, reading those heads in one getAll', async () => {
    await store.openDb(`v9-fallback-${Date.now()}`);
    const elsewhere = [
      { ...makeSample('d', COND_A, 0), id: 'c/moved' }, // starts with run c's id, stored in run d
      { ...makeSample('e', COND_B, 1), id: 'legacy-e' },
    ];
    const runs = ['c', 'f', 'g', 'h'].map((r) => makeSample(r, COND_A, 0));
    await store.putSamples([...usual, ...odd, ...runs, ...elsewhere]);
    const get = vi.spyOn(IDBObjectStore.prototype, 'get');
    const getAll = vi.spyOn(IDBObjectStore.prototype, 'getAll');
    const headReads = (spy: typeof get | typeof getAll) =>
      spy.mock.contexts.filter((os) => (os as IDBObjectStore).name === 'heads').length;
    try {
      const ids = ['c/moved', 'legacy-e', usual[5].id, 'legacy-2', 'nope', runs[0].id];
      const some = await store.getSamples(ids);
      expect([...some.keys()].sort()).toEqual(ids.filter((id) => id !== 'nope').sort());
      expect(some.get('c/moved')).toEqual(elsewhere[0]);
      expect(some.get('legacy-e')).toEqual(elsewhere[1]);
      expect(some.get('legacy-2')).toEqual(odd[2]);
      expect(some.get(usual[5].id)).toEqual(usual[5]);
      expect(some.get(runs[0].id)).toEqual(runs[0]);
      // the runs the ids start with (a, c) one by one; the other runs (b/x, d, e, f, g, h) in one request
      expect(headReads(get)).toBe(2);
      expect(headReads(getAll)).toBe(1);
      get.mockClear();
      getAll.mockClear();
      // every id found under its run: no fallback
      expect((await store.getSamples([usual[5].id, runs[0].id])).size).toBe(2);
      expect(headReads(get)).toBe(2);
      expect(headReads(getAll)).toBe(0);
    } finally {
      get.mockRestore();
      getAll.mockRestore();
    }
  });
});
