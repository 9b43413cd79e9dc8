// The page layout tests seed with (buildPages) is record for record what the storage module writes for the same samples.
import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import * as store from '../../../src/lib/storage/db';
import { blocksOf, buildPages } from '../../../src/lib/storage/page-builder';
import { PAGE_ROWS } from '../../../src/lib/storage/summary';
import { COND_A, COND_B, makeSample } from './make';

afterEach(() => store.closeDb());

describe('buildPages', () => {
  it('lays samples out exactly as one putSamples call stores them (pages, rows, heads)', async () => {
    const samples = [
      ...Array.from({ length: PAGE_ROWS * 2 + 5 }, (_, i) =>
        makeSample('a', i % 2 ? COND_A : COND_B, i, i % 7 ? {} : { status: 'error', response: undefined }),
      ),
      ...Array.from({ length: PAGE_ROWS }, (_, i) => makeSample('b', COND_A, i)),
      makeSample('c', COND_B, 0),
    ];
    const name = `builder-${Date.now()}`;
    await store.openDb(name);
    await store.putSamples(samples);
    await store.closeDb();
    const db = await openDB(name);
    const [pages, blocks, excerpts, heads] = await Promise.all([
      db.getAll('samplePages'),
      db.getAll('blocks'),
      db.getAll('excerpts'),
      db.getAll('heads'),
    ]);
    db.close();

    const built = buildPages(samples);
    expect(built.map((r) => [r.page.runId, r.page.page])).toEqual([
      ['a', 0],
      ['a', 1],
      ['a', 2],
      ['b', 0],
      ['c', 0],
    ]);
    expect(built.map((r) => r.page)).toEqual(pages);
    expect(blocksOf(built)).toEqual(blocks);
    expect(built.map((r) => r.excerpts)).toEqual(excerpts);
    // the last records of each run carry its final head
    const lastHeads = [...new Map(built.map((r) => [r.head.runId, r.head])).values()];
    expect(lastHeads).toEqual(heads);
    expect(lastHeads[0]).toMatchObject({ pages: 3, lastSize: 5, error: 19, done: PAGE_ROWS * 2 + 5 - 19 });
  });
});
