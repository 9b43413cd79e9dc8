// Summary rows, pages and heads stay exactly in step with the stored samples after every write path and migration.
import 'fake-indexeddb/auto';
import { openDB, type IDBPDatabase } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import * as store from '../../../src/lib/storage/db';
import { importBundle } from '../../../src/lib/storage/transfer';
import {
  PAGE_ROWS,
  decodeRows,
  emptyRows,
  encodeRows,
  joinPages,
  pageIds,
  setRow,
  summarize,
  type RowPage,
} from '../../../src/lib/storage/summary';
import { sampleHash } from '../../../src/lib/core/bundle';
import { SampleTable } from '../../../src/lib/core/stats/sample-table';
import { V_ERROR, V_HARMFUL, V_NONE, V_NOT_HARMFUL } from '../../../src/lib/core/stats/counts';
import { buildBundle, parseBundleText } from '../../../src/lib/core/bundle';
import { DB_VERSION, migrate } from '../../../src/lib/storage/schema';
import type { Classification, Sample } from '../../../src/lib/core/types';
import { COND_A, COND_B, makeRun, makeSample } from './make';

let n = 0;
afterEach(() => store.closeDb());

const harm = (verdict: Classification['verdict']): Classification => ({
  classifier: 'rules',
  version: '1',
  verdict,
  evidence: [],
  at: '2026-01-01T00:00:03.000Z',
});
const longText = 'x'.repeat(500);

/** Every column of a table, for whole-table comparison. */
function columns(t: SampleTable) {
  return Array.from({ length: t.size }, (_, row) => ({
    id: t.ids[row],
    run: t.runIdOf(row),
    cond: t.conditionIdOf(row),
    model: t.modelOfRow(row),
    auto: t.auto[row],
    over: t.over[row],
    index: t.sampleIndex[row],
    excerpt: t.excerpt[row],
    cut: t.cut[row],
  }));
}

/**
 * The table from the stored rows must equal the table built from every full sample (same append order), every row's
 * hash must be its sample's, pages and rows must hold the same ids, and heads must count what is stored.
 */
async function expectConsistent(): Promise<void> {
  const db = await currentDb();
  const fromSummaries = new SampleTable();
  for (const s of await store.loadSummaries()) fromSummaries.addSummary(s.runId, s);
  const samples: Sample[] = [];
  await store.iterateSamples((s) => samples.push(s));
  const fromSamples = new SampleTable();
  for (const s of samples) fromSamples.add(s);
  expect(columns(fromSummaries)).toEqual(columns(fromSamples));
  const rows = await db.getAll('rows');
  const pages = await db.getAll('pages');
  expect(rows.map((r) => [r.runId, r.page, pageIds(r)])).toEqual(pages.map((p) => [p.runId, p.page, p.ids]));
  expect(pages.every((p) => p.samples.length > 0 && p.samples.length <= PAGE_ROWS)).toBe(true);
  expect(rows.flatMap((r) => Array.from(r.hash))).toEqual(samples.map(sampleHash));
  const heads = await db.getAll('heads');
  const count = (runId: string, status: string) =>
    samples.filter((s) => s.runId === runId && s.status === status).length;
  for (const h of heads) {
    const own = pages.filter((p) => p.runId === h.runId);
    expect(own.map((p) => p.page)).toEqual(own.map((_, i) => i));
    expect(h.pages).toBe(own.length);
    expect(h.lastSize).toBe(own[own.length - 1]?.samples.length ?? 0);
    expect([h.done, h.error]).toEqual([count(h.runId, 'done'), count(h.runId, 'error')]);
    const cut = samples.filter((s) => s.runId === h.runId && s.status === 'done' && s.finishReason === 'length');
    expect(await store.countCut(h.runId)).toBe(cut.length);
    expect(await store.countSamples(h.runId)).toEqual({ done: h.done, error: h.error });
  }
  expect(heads.map((h) => h.runId).sort()).toEqual([...new Set(samples.map((s) => s.runId))].sort());
  expect(new Set(samples.map((s) => s.id)).size).toBe(samples.length);
}

let dbName = '';
async function currentDb() {
  return store.openDb(dbName);
}

async function seed(): Promise<void> {
  dbName = `summary-${Date.now()}-${n++}`;
  await store.openDb(dbName);
  await store.putRun(makeRun('r1'));
  await store.putRun(makeRun('r2'));
  await store.putSamples([
    makeSample('r1', COND_A, 0, { classifications: [harm('harmful')] }),
    makeSample('r1', COND_A, 1, { classifications: [harm('not-harmful')], response: longText }),
    makeSample('r1', COND_B, 0, { status: 'error', error: { kind: 'network', message: 'down', attempts: 3 } }),
    makeSample('r2', COND_A, 0, { model: 'other-model' }),
    makeSample('r2', COND_B, 0, { finishReason: 'length' }),
  ]);
}

const writes: [string, () => Promise<unknown>][] = [
  [
    'putSample of a new sample',
    () => store.putSample(makeSample('r1', COND_B, 5, { classifications: [harm('harmful')] })),
  ],
  [
    'putSample replacing a sample (done -> error)',
    () =>
      store.putSample(
        makeSample('r1', COND_A, 0, { status: 'error', error: { kind: 'network', message: 'e', attempts: 1 } }),
      ),
  ],
  ['putSample of a new run', () => store.putSample(makeSample('r3', COND_A, 0))],
  [
    'putSample replacing a cut answer with a whole one, and a whole one with a cut one',
    () =>
      store.putSamples([
        makeSample('r2', COND_B, 0, { finishReason: 'stop' }),
        makeSample('r1', COND_A, 1, { finishReason: 'length' }),
      ]),
  ],
  [
    'putSamples across runs, out of id order, with a repeat',
    () =>
      store.putSamples([
        makeSample('r2', COND_B, 9),
        makeSample('r1', COND_A, 7),
        makeSample('r2', COND_A, 3, { classifications: [harm('harmful')] }),
        makeSample('r1', COND_A, 0, { response: 'replaced' }),
        makeSample('r2', COND_A, 3, { classifications: [harm('not-harmful')] }),
      ]),
  ],
  [
    'putRunsAndSamples',
    () => store.putRunsAndSamples([makeRun('r4')], [makeSample('r4', COND_B, 1), makeSample('r1', COND_B, 2)]),
  ],
  ['setOverride set', () => store.setOverride(`r1/${COND_A}/1`, { verdict: 'harmful', note: '', at: 'now' })],
  [
    'setOverride on an errored sample',
    () => store.setOverride(`r1/${COND_B}/0`, { verdict: 'harmful', note: '', at: 'now' }),
  ],
  [
    'setOverride clear',
    async () => {
      await store.setOverride(`r1/${COND_A}/1`, { verdict: 'harmful', note: '', at: 'now' });
      await store.setOverride(`r1/${COND_A}/1`, undefined);
    },
  ],
  ['addClassification (harm)', () => store.addClassification(`r2/${COND_A}/0`, harm('harmful'))],
  [
    'addClassification (awareness only)',
    () => store.addClassification(`r1/${COND_A}/0`, { ...harm('not-harmful'), awareness: 'thinks-eval' }),
  ],
  [
    'putSamples over several pages, then replacements in old pages and concurrent putSample calls',
    async () => {
      const many = Array.from({ length: PAGE_ROWS * 2 + 5 }, (_, i) => makeSample('r2', COND_B, 100 + i));
      await store.putSamples(many);
      await Promise.all([
        store.putSample(
          makeSample('r2', COND_B, 101, { status: 'error', error: { kind: 'network', message: 'x', attempts: 1 } }),
        ),
        store.putSample(makeSample('r2', COND_B, 500)),
        store.putSample(makeSample('r2', COND_B, 100 + PAGE_ROWS + 3, { response: 'again' })),
        store.putSample(makeSample('r1', COND_B, 9)),
      ]);
      expect((await store.getSample(`r2/${COND_B}/${100 + PAGE_ROWS + 3}`))?.response).toBe('again');
      expect((await store.listSamplesWithStatus('r2', 'error')).map((s) => s.index)).toEqual([101]);
    },
  ],
  ['deleteRun', () => store.deleteRun('r1')],
  ['clearAll', () => store.clearAll()],
  [
    'importBundle into existing runs',
    async () => {
      const bundle = buildBundle(
        [makeRun('imp')],
        [makeSample('imp', COND_A, 0, { classifications: [harm('harmful')] }), makeSample('imp', COND_B, 1)],
        { appVersion: '0.1.0', label: 'them' },
      );
      const parsed = parseBundleText(JSON.stringify(bundle));
      if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
      const report = await importBundle(parsed.bundle, { label: 'f.json' });
      expect(report.samples.added).toBe(2);
    },
  ],
];

describe('summaries follow every write path', () => {
  it.each(writes)('%s', async (_name, write) => {
    await seed();
    await expectConsistent();
    await write();
    await expectConsistent();
  });

  it('reflects codes: auto from the current harm classification, override, V_ERROR for failures', async () => {
    await seed();
    await store.setOverride(`r1/${COND_A}/0`, { verdict: 'not-harmful', note: '', at: 'now' });
    const [r1] = await store.loadSummaries({ runIds: ['r1'] });
    const rows = decodeRows({ ...r1, page: 0, hash: new Float64Array(r1.idEnd.length) });
    expect(rows.ids).toEqual([`r1/${COND_A}/0`, `r1/${COND_A}/1`, `r1/${COND_B}/0`]);
    expect(rows.auto).toEqual([V_HARMFUL, V_NOT_HARMFUL, V_ERROR]);
    expect(rows.over).toEqual([V_NOT_HARMFUL, V_NONE, V_NONE]);
    expect(rows.status).toEqual([0, 0, 1]);
    expect(rows.excerpt[1]).toHaveLength(140);
    expect(rows.excerpt[2]).toBe('down');
    expect((await store.loadSummaries()).map((s) => s.runId)).toEqual(['r1', 'r2']);
  });
});

describe('summary rows (pure)', () => {
  it('encode/decode round-trips, pages join in order with merged dictionaries', () => {
    const r = emptyRows('r');
    const list = [makeSample('r', COND_B, 0), makeSample('r', COND_A, 2, { model: 'm2' }), makeSample('r', COND_A, 1)];
    list.forEach((s, i) => setRow(r, i, s));
    expect(decodeRows(encodeRows(r, 0))).toEqual(r);
    expect(r.hash).toEqual(list.map(sampleHash));
    const a = emptyRows('r');
    const b = emptyRows('r');
    setRow(a, 0, list[0]);
    setRow(b, 0, list[1]);
    setRow(b, 1, list[2]);
    const joined = joinPages('r', [encodeRows(a, 0), encodeRows(b, 1)]);
    const t1 = new SampleTable();
    t1.addSummary('r', joined);
    const t2 = new SampleTable();
    for (const s of list) t2.add(s);
    expect(columns(t1)).toEqual(columns(t2));
    expect(summarize([makeSample('a', COND_A, 0), makeSample('b', COND_A, 0)]).map((s) => s.runId)).toEqual(['a', 'b']);
  });
});

async function buildV3(name: string, fill: (db: IDBPDatabase) => Promise<void>): Promise<void> {
  const v3 = await openDB(name, 3, {
    upgrade(db) {
      db.createObjectStore('runs', { keyPath: 'id' });
      const s = db.createObjectStore('samples', { keyPath: 'id' });
      s.createIndex('runId', 'runId');
      s.createIndex('runStatus', ['runId', 'status']);
      db.createObjectStore('summaries', { keyPath: 'runId' });
    },
  });
  await fill(v3);
  v3.close();
}

describe('migration', () => {
  it('moves a v3 database (samples + summaries) into pages without loss', async () => {
    dbName = `summary-v3-${Date.now()}-${n++}`;
    const originals: Sample[] = [];
    await buildV3(dbName, async (v3) => {
      await v3.put('runs', makeRun('old'));
      for (let i = 0; i < PAGE_ROWS + 30; i++) {
        const s = makeSample(i % 3 ? 'old' : 'other', i % 2 ? COND_A : COND_B, i, {
          classifications: [harm(i % 4 ? 'harmful' : 'not-harmful')],
        });
        originals.push(s);
        await v3.put('samples', s);
      }
      const failed = makeSample('old', COND_B, 999, {
        status: 'error',
        error: { kind: 'network', message: 'down', attempts: 3 },
        override: { verdict: 'harmful', note: '', at: 'now' },
      });
      originals.push(failed);
      await v3.put('samples', failed);
      await v3.put('summaries', { runId: 'old', idText: '', idEnd: new Uint32Array(0) });
    });
    const db = await store.openDb(dbName);
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(['batches', 'heads', 'pages', 'rows', 'runs']);
    const after: Sample[] = [];
    await store.iterateSamples((s) => after.push(s));
    const byId = (a: Sample, b: Sample) => (a.id < b.id ? -1 : 1);
    expect([...after].sort(byId)).toEqual([...originals].sort(byId));
    expect(await store.getRun('old')).toEqual(makeRun('old'));
    expect(await store.countSamples('old')).toEqual({
      done: originals.filter((s) => s.runId === 'old').length - 1,
      error: 1,
    });
    await expectConsistent();
    // and it keeps working: writes after the migration append to the migrated pages
    await store.putSample(makeSample('old', COND_A, 5000));
    await expectConsistent();
  });

  it('marks the rows of answers cut at max tokens in a v4 database (v4 stored them as done)', async () => {
    dbName = `summary-v4-${Date.now()}-${n++}`;
    const v4 = await openDB(dbName, 4, {
      upgrade: (db, oldVersion, _new, tx) => migrate(db as never, oldVersion, 4, tx as never),
    });
    const samples = Array.from({ length: 5 }, (_, i) =>
      makeSample('old', COND_A, i, { finishReason: i % 2 ? 'length' : 'stop' }),
    );
    const rows = emptyRows('old');
    samples.forEach((s, i) => setRow(rows, i, s));
    rows.status = rows.status.map(() => 0); // as v4 wrote them
    await v4.put('runs', makeRun('old'));
    await v4.put('pages', { runId: 'old', page: 0, ids: rows.ids.slice(), samples });
    await v4.put('rows', encodeRows(rows, 0));
    await v4.put('heads', { runId: 'old', pages: 1, lastSize: 5, rev: 1, done: 5, error: 0 });
    v4.close();
    const db = await store.openDb(dbName);
    expect(db.version).toBe(DB_VERSION);
    const t = new SampleTable();
    for (const s of await store.loadSummaries()) t.addSummary(s.runId, s);
    expect(t.cut).toEqual([0, 1, 0, 1, 0]);
    expect(t.cutIn(Uint32Array.from([0, 1, 2, 3, 4]))).toBe(2);
    await expectConsistent();
  });

  it('upgrades a v2 database through v3 to the current version', async () => {
    dbName = `summary-v2-${Date.now()}-${n++}`;
    const v2 = await openDB(dbName, 2, {
      upgrade(db) {
        db.createObjectStore('runs', { keyPath: 'id' });
        const s = db.createObjectStore('samples', { keyPath: 'id' });
        s.createIndex('runId', 'runId');
        s.createIndex('runStatus', ['runId', 'status']);
      },
    });
    for (let i = 0; i < 10; i++) await v2.put('samples', makeSample('old', COND_A, i));
    v2.close();
    const db = await store.openDb(dbName);
    expect(db.version).toBe(DB_VERSION);
    expect(await store.listSampleIds('old')).toHaveLength(10);
    await expectConsistent();
  });
});

describe('layout cache', () => {
  it("notices another tab's write (head revision moved) and reads the layout again", async () => {
    await seed();
    await store.putSample(makeSample('r1', COND_A, 50));
    // another tab appends a sample to r1's last page and bumps the revision, as its own writeSamples would
    const db = await currentDb();
    const head = (await db.get('heads', 'r1'))!;
    const page = (await db.get('pages', ['r1', head.pages - 1]))!;
    const rows = decodeRows((await db.get('rows', ['r1', head.pages - 1])) as RowPage);
    const theirs = makeSample('r1', COND_B, 77);
    page.samples.push(theirs);
    page.ids.push(theirs.id);
    setRow(rows, rows.ids.length, theirs);
    await db.put('pages', page);
    await db.put('rows', encodeRows(rows, head.pages - 1));
    await db.put('heads', { ...head, lastSize: head.lastSize + 1, done: head.done + 1, rev: head.rev + 1 });
    await store.putSample(makeSample('r1', COND_A, 51));
    await store.putSample(makeSample('r1', COND_B, 77, { response: 'mine' }));
    expect(await store.listSampleIds('r1')).toHaveLength(6);
    expect((await store.getSample(theirs.id))?.response).toBe('mine');
    await expectConsistent();
  });
});
