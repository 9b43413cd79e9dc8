// Summary rows, pages and heads stay exactly in step with the stored samples after every write path and migration.
import 'fake-indexeddb/auto';
import { openDB, type IDBPDatabase } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import * as store from '../../../src/lib/storage/db';
import { importBundle } from '../../../src/lib/storage/transfer';
import {
  BLOCK_PAGES,
  PAGE_ROWS,
  blockOf,
  blockPages,
  decodeRows,
  emptyRows,
  encodeExcerpts,
  encodeRows,
  excerptsOf,
  joinPages,
  pageIds,
  setRow,
  summarize,
  withPages,
} from '../../../src/lib/storage/summary';
import { buildPages } from '../../../src/lib/storage/page-builder';
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
  // excerpts are read apart, by where each row's sample is stored
  expect(fromSummaries.excerpt.every((e) => e === undefined)).toBe(true);
  const at = Array.from({ length: fromSummaries.size }, (_, r) => ({
    runId: fromSummaries.runIdOf(r),
    loc: fromSummaries.loc[r],
  }));
  (await store.getExcerpts(at)).forEach((e, r) => (fromSummaries.excerpt[r] = e));
  const samples: Sample[] = [];
  await store.iterateSamples((s) => samples.push(s));
  const fromSamples = new SampleTable();
  for (const s of samples) fromSamples.add(s);
  expect(columns(fromSummaries)).toEqual(columns(fromSamples));
  const blocks = await db.getAll('blocks');
  for (const b of blocks) {
    expect(b.pages.length).toBeGreaterThan(0);
    expect(b.pages.length).toBeLessThanOrEqual(BLOCK_PAGES);
    expect(
      b.pages.every(
        (p, i) => blockOf(p.page) === b.block && p.runId === b.runId && (!i || b.pages[i - 1].page < p.page),
      ),
    ).toBe(true);
  }
  const rows = blocks.flatMap(blockPages);
  const pages = await db.getAll('samplePages');
  expect(rows.map((r) => [r.runId, r.page, pageIds(r)])).toEqual(pages.map((p) => [p.runId, p.page, p.ids]));
  const excerpts = await db.getAll('excerpts');
  expect(excerpts.map((e) => [e.runId, e.page, excerptsOf(e).length])).toEqual(
    pages.map((p) => [p.runId, p.page, p.samples.length]),
  );
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
  [
    'putSamples over more than one block of row pages, then a replacement in the first block',
    async () => {
      for (let i = 0; i < BLOCK_PAGES + 2; i++)
        await store.putSamples(
          Array.from({ length: PAGE_ROWS }, (_, k) => makeSample('r5', COND_A, i * PAGE_ROWS + k)),
        );
      await store.setOverride(`r5/${COND_A}/3`, { verdict: 'harmful', note: '', at: 'now' });
      const blocks = (await (await currentDb()).getAll('blocks')).filter((b) => b.runId === 'r5');
      expect(blocks.map((b) => b.pages.length)).toEqual([BLOCK_PAGES, 2]);
    },
  ],
  [
    'many new samples start a new page, a few fill the partly filled last one',
    async () => {
      await store.putSamples(Array.from({ length: 10 }, (_, i) => makeSample('r6', COND_A, i)));
      await store.putSamples(Array.from({ length: PAGE_ROWS / 4 }, (_, i) => makeSample('r6', COND_B, i)));
      await store.putSample(makeSample('r6', COND_A, 10));
      await store.putSamples([makeSample('r6', COND_A, 11), makeSample('r6', COND_A, 0, { response: 'again' })]);
      const pages = (await (await currentDb()).getAll('samplePages')).filter((p) => p.runId === 'r6');
      expect(pages.map((p) => p.samples.length)).toEqual([10, PAGE_ROWS / 4 + 2]);
    },
  ],
  [
    'putSample with an id that is not runId/conditionId/index',
    () => store.putSample({ ...makeSample('r1', COND_A, 40), id: 'legacy-40' }),
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
    expect(r1.excerptText).toBeUndefined();
    const rows = decodeRows({ ...r1, page: 0, hash: new Float64Array(r1.idEnd.length) }, []);
    expect(rows.ids).toEqual([`r1/${COND_A}/0`, `r1/${COND_A}/1`, `r1/${COND_B}/0`]);
    expect(rows.auto).toEqual([V_HARMFUL, V_NOT_HARMFUL, V_ERROR]);
    expect(rows.over).toEqual([V_NOT_HARMFUL, V_NONE, V_NONE]);
    expect(rows.status).toEqual([0, 0, 1]);
    const excerpts = await store.getExcerpts(Array.from(r1.loc, (loc) => ({ runId: 'r1', loc })));
    expect(excerpts[1]).toHaveLength(140);
    expect(excerpts[2]).toBe('down');
    expect(await store.getExcerpts([{ runId: 'r1', loc: 5 * PAGE_ROWS }])).toEqual(['']);
    expect((await store.loadSummaries()).map((s) => s.runId)).toEqual(['r1', 'r2']);
  });
});

describe('summary rows (pure)', () => {
  it('encode/decode round-trips, pages join in order with merged dictionaries', () => {
    const r = emptyRows('r');
    const list = [makeSample('r', COND_B, 0), makeSample('r', COND_A, 2, { model: 'm2' }), makeSample('r', COND_A, 1)];
    list.forEach((s, i) => setRow(r, i, s));
    expect(decodeRows(encodeRows(r, 0), list)).toEqual(r);
    expect(excerptsOf(encodeExcerpts(r, 0))).toEqual(r.excerpt);
    // the usual ids (runId/conditionId/index) are stored as '' and rebuilt; others are stored as they are
    const odd = emptyRows('r');
    setRow(odd, 0, list[0]);
    setRow(odd, 1, { ...list[1], id: 'legacy-7' });
    const stored = encodeRows(odd, 0);
    expect(stored.idText).toBe('legacy-7');
    expect(pageIds(stored)).toEqual([list[0].id, 'legacy-7']);
    expect(r.hash).toEqual(list.map(sampleHash));
    const a = emptyRows('r');
    const b = emptyRows('r');
    setRow(a, 0, list[0]);
    setRow(b, 0, list[1]);
    setRow(b, 1, list[2]);
    const joined = joinPages('r', [encodeRows(a, 0), encodeRows(b, 1)]);
    // one dictionary per block: codes of each page remapped into it, read back as each page's own
    const blockRec = withPages('r', 0, [], [encodeRows(a, 0), encodeRows(b, 1)]);
    expect(blockRec.conditions).toEqual([COND_B, COND_A]);
    expect(blockRec.pages.every((p) => p.conditions === undefined)).toBe(true);
    expect(blockPages(blockRec).map((p) => decodeRows(p, []).cond)).toEqual([[COND_B], [COND_A, COND_A]]);
    const t1 = new SampleTable();
    t1.addSummary('r', joined);
    expect(t1.loc).toEqual([0, PAGE_ROWS, PAGE_ROWS + 1]);
    [...a.excerpt, ...b.excerpt].forEach((e, row) => (t1.excerpt[row] = e));
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
    expect([...db.objectStoreNames].sort()).toEqual(['batches', 'blocks', 'excerpts', 'heads', 'runs', 'samplePages']);
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
    const ex = encodeExcerpts(rows, 0);
    await v4.put('rows', { ...encodeRows(rows, 0), excerptText: ex.text, excerptEnd: ex.end });
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

  it('moves a v6 database (rows with excerpts, one record per page) into row blocks and excerpts without loss', async () => {
    dbName = `summary-v6-${Date.now()}-${n++}`;
    const v6 = await openDB(dbName, 6, {
      upgrade: (db, oldVersion, _new, tx) => migrate(db as never, oldVersion, 6, tx as never),
    });
    const samples = [
      ...Array.from({ length: PAGE_ROWS * (BLOCK_PAGES + 1) + 3 }, (_, i) =>
        makeSample('big', i % 2 ? COND_A : COND_B, i, {
          response: `${i} `.repeat(60),
          finishReason: i % 7 ? 'stop' : 'length',
        }),
      ),
      ...Array.from({ length: 5 }, (_, i) =>
        makeSample('small', COND_A, i, { status: 'error', error: { kind: 'network', message: `m${i}`, attempts: 1 } }),
      ),
    ];
    const records = buildPages(samples);
    for (const r of records) {
      await v6.put('pages', r.page);
      await v6.put('rows', { ...r.rows, excerptText: r.excerpts.text, excerptEnd: r.excerpts.end });
      await v6.put('heads', r.head);
    }
    await v6.put('runs', makeRun('big'));
    await v6.put('runs', makeRun('small'));
    v6.close();
    const db = await store.openDb(dbName);
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames]).not.toContain('rows');
    const blocks = await db.getAll('blocks');
    expect(blocks.map((b) => [b.runId, b.block, b.pages.length])).toEqual([
      ['big', 0, BLOCK_PAGES],
      ['big', 1, 2],
      ['small', 0, 1],
    ]);
    const excerpts = await db.getAll('excerpts');
    expect(excerpts.flatMap(excerptsOf)).toEqual(records.flatMap((r) => excerptsOf(r.excerpts)));
    expect(excerpts.flatMap(excerptsOf)[1]).toBe(`1 `.repeat(60).slice(0, 140));
    expect(await store.countCut('big')).toBe(samples.filter((s) => s.finishReason === 'length').length);
    await expectConsistent();
    await store.putSample(makeSample('big', COND_A, 9999));
    await store.setOverride(`big/${COND_B}/0`, { verdict: 'harmful', note: '', at: 'now' });
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
    const last = head.pages - 1;
    const page = (await db.get('samplePages', ['r1', last]))!;
    const block = (await db.get('blocks', ['r1', blockOf(last)]))!;
    const rows = decodeRows(
      blockPages(block).find((p) => p.page === last)!,
      page.samples,
    );
    const theirs = makeSample('r1', COND_B, 77);
    page.samples.push(theirs);
    page.ids.push(theirs.id);
    setRow(rows, rows.ids.length, theirs);
    await db.put('samplePages', page, ['r1', last]);
    await db.put('blocks', withPages('r1', blockOf(last), blockPages(block), [encodeRows(rows, last)]));
    await db.put('excerpts', encodeExcerpts(rows, last));
    await db.put('heads', { ...head, lastSize: head.lastSize + 1, done: head.done + 1, rev: head.rev + 1 });
    await store.putSample(makeSample('r1', COND_A, 51));
    await store.putSample(makeSample('r1', COND_B, 77, { response: 'mine' }));
    expect(await store.listSampleIds('r1')).toHaveLength(6);
    expect((await store.getSample(theirs.id))?.response).toBe('mine');
    await expectConsistent();
  });
});
