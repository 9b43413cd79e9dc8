// The IndexedDB schema of the results store and its versioned migrations; only src/lib/storage reads this.
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { Run, Sample } from '../core/types';
import type { BatchRecord } from '../runner/batch-types';
import { blockOf, STATUS_CUT, type ExcerptPage, type RowBlock, type RowPageV6 } from './summary-records';
import { isCut } from '../core/stats/sample-table';
import { PageBuilder, type PageRecords } from './page-builder';

export const DEFAULT_DB_NAME = 'aml-results';

/**
 * v1: `runs` (key id), `samples` (key id, index runId).
 * v2: `samples` index `runStatus` on [runId, status], so progress counts need no scan.
 * v3: `summaries` (key runId): one record per run with its samples' ids and verdict codes, kept in step with
 *     `samples` by every write, so the results view loads without reading full samples.
 * v4: samples live in fixed-size, append-only pages per run, so a write costs the same at sample 100,000 as at 1:
 *     `pages` (key [runId, page], up to PAGE_ROWS samples, multi-entry index `ids`), `rows` (key [runId, page], the
 *     summary rows of the same slots, with content hashes), `heads` (key runId: page count, fill of the last page,
 *     done/error counts, a revision bumped by every write). `samples` and `summaries` are moved over and removed.
 * v5: `batches` (key id, index runId): the provider batches a run submitted in batch mode, so a reload resumes polling.
 * v6: summary rows mark finished samples cut at the max tokens (status STATUS_CUT) and heads count them, so the run
 *     and results views count them without reading full samples; rows and heads stored by v4 are set from the samples.
 * v7: summary rows are stored in `blocks` (key [runId, block]: BLOCK_PAGES pages of rows in one record), so loading
 *     the results view reads a few large records, and without the response excerpts, which move to `excerpts` (key
 *     [runId, page], the excerpts of one sample page) and are read for the rows a list shows. `rows` is moved over
 *     and removed.
 * v8: rows store a sample's id only when it is not the usual runId/conditionId/index (the usual one as '', rebuilt
 *     when read), so the results view reads less text; v7 rows (every id stored) read as they are, nothing moves. The
 *     version keeps tabs still running v7 code from misreading rows written this way.
 * v9: sample pages move to `samplePages` (key [runId, page] given with each put: no key path, no index). Chromium
 *     deserialises a clone of every put value to evaluate a key path or index keys on it, and the `ids` index cost an
 *     entry per sample: the pages' put and commit took about twice what the values alone take. A sample is found by id
 *     from its run's summary rows instead (`locate`). `pages` is moved over and removed.
 */
export const DB_VERSION = 9;

/** One stored page of samples; slot i of `samples` is row i of the `rows` page with the same key. */
export interface SamplePage {
  runId: string;
  page: number;
  /** the samples' ids, slot by slot */
  ids: string[];
  samples: Sample[];
}

/** Per-run bookkeeping of the pages. */
export interface RunHead {
  runId: string;
  /** pages in use: 0 … pages - 1 */
  pages: number;
  /** samples in the last page (PAGE_ROWS when full) */
  lastSize: number;
  /** bumped by every write to the run, so an in-memory cache of its layout knows when another tab wrote */
  rev: number;
  done: number;
  error: number;
  /** finished samples cut at the max tokens (rows with STATUS_CUT); absent before v5 wrote it */
  cut?: number;
}

export interface ResultsDb extends DBSchema {
  runs: { key: string; value: Run };
  samplePages: { key: [string, number]; value: SamplePage };
  blocks: { key: [string, number]; value: RowBlock };
  excerpts: { key: [string, number]; value: ExcerptPage };
  heads: { key: string; value: RunHead };
  batches: { key: string; value: BatchRecord; indexes: { runId: string } };
}

/** The v4–v8 store of sample pages (key path [runId, page], multi-entry index of the ids), for the migrations. */
export interface ResultsDbV8 extends DBSchema {
  pages: { key: [string, number]; value: SamplePage; indexes: { ids: string } };
}

/** The v4–v6 layout of the summary rows (one record per page, excerpts inside), for the migrations that read it. */
export interface ResultsDbV6 extends DBSchema {
  rows: { key: [string, number]; value: RowPageV6 };
}

/** The v3 layout, for the migration that reads it (and tests that build a v3 database). */
export interface ResultsDbV3 extends DBSchema {
  runs: { key: string; value: Run };
  samples: { key: string; value: Sample; indexes: { runId: string; runStatus: [string, string] } };
  summaries: { key: string; value: unknown };
}

/** Migrations see the union of every version's stores; a step only touches the stores its version has. */
interface AnyDb extends DBSchema {
  runs: ResultsDb['runs'];
  pages: ResultsDbV8['pages'];
  samplePages: ResultsDb['samplePages'];
  rows: ResultsDbV6['rows'];
  blocks: ResultsDb['blocks'];
  excerpts: ResultsDb['excerpts'];
  heads: ResultsDb['heads'];
  batches: ResultsDb['batches'];
  samples: ResultsDbV3['samples'];
  summaries: ResultsDbV3['summaries'];
}
type UpgradeTx = IDBPTransaction<AnyDb, StoreNames<AnyDb>[], 'versionchange'>;
type Migration = (db: IDBPDatabase<AnyDb>, tx: UpgradeTx) => void | Promise<void>;

/**
 * MIGRATIONS[n] upgrades a database at version n to version n + 1. Append only. (Step 2 -> 3 no longer fills the
 * summaries it creates: every upgrade goes on to v4, which builds its rows from the samples and drops that store.)
 */
export const MIGRATIONS: readonly Migration[] = [
  // 0 -> 1: the first schema
  (db) => {
    db.createObjectStore('runs', { keyPath: 'id' });
    const samples = db.createObjectStore('samples', { keyPath: 'id' });
    samples.createIndex('runId', 'runId');
  },
  // 1 -> 2: count done/error per run through an index; IndexedDB fills it from existing records
  (_db, tx) => {
    tx.objectStore('samples').createIndex('runStatus', ['runId', 'status']);
  },
  // 2 -> 3: per-run summaries (v3's layout, superseded by v4; v4 rebuilds rows from the samples themselves)
  (db) => {
    db.createObjectStore('summaries', { keyPath: 'runId' });
  },
  // 3 -> 4: samples moved into pages (in id order per run), rows and heads built from them, old stores removed
  async (db, tx) => {
    db.createObjectStore('pages', { keyPath: ['runId', 'page'] }).createIndex('ids', 'ids', { multiEntry: true });
    db.createObjectStore('rows', { keyPath: ['runId', 'page'] });
    db.createObjectStore('heads', { keyPath: 'runId' });
    await movePages(tx);
    db.deleteObjectStore('samples');
    db.deleteObjectStore('summaries');
  },
  // 4 -> 5: batch records of runs sent through a provider's batch API
  (db) => {
    db.createObjectStore('batches', { keyPath: 'id' }).createIndex('runId', 'runId');
  },
  // 5 -> 6: rows of samples cut at the max tokens get STATUS_CUT (v4 and v5 wrote them as done), heads count them
  async (_db, tx) => {
    await markCutRows(tx);
  },
  // 6 -> 7: rows regrouped into blocks of pages, their excerpts moved to their own store, `rows` removed
  async (db, tx) => {
    db.createObjectStore('blocks', { keyPath: ['runId', 'block'] });
    db.createObjectStore('excerpts', { keyPath: ['runId', 'page'] });
    await moveRowsToBlocks(tx);
    db.deleteObjectStore('rows');
  },
  // 7 -> 8: nothing to move (rows with every id stored are valid v8 rows); new rows leave the usual ids out
  () => undefined,
  // 8 -> 9: sample pages moved to a store without key path or index, `pages` removed
  async (db, tx) => {
    db.createObjectStore('samplePages');
    await moveSamplePages(tx);
    db.deleteObjectStore('pages');
  },
];

/** Every page put as the cursor reaches it, without waiting for each put: they are awaited together at the end. */
async function moveSamplePages(tx: UpgradeTx): Promise<void> {
  const to = tx.objectStore('samplePages');
  const puts: Promise<unknown>[] = [];
  let cursor = await tx.objectStore('pages').openCursor();
  while (cursor) {
    const page = cursor.value;
    const put = to.put(page, [page.runId, page.page]);
    put.catch(() => undefined); // handled now, so a failure while the cursor runs is not unhandled; awaited below
    puts.push(put);
    cursor = await cursor.continue();
  }
  await Promise.all(puts);
}

async function moveRowsToBlocks(tx: UpgradeTx): Promise<void> {
  let block: RowBlock | null = null;
  // key order: run by run, pages in order
  let cursor = await tx.objectStore('rows').openCursor();
  while (cursor) {
    const { excerptText, excerptEnd, ...rows } = cursor.value;
    await tx.objectStore('excerpts').put({ runId: rows.runId, page: rows.page, text: excerptText, end: excerptEnd });
    const b = blockOf(rows.page);
    if (!block || block.runId !== rows.runId || block.block !== b) {
      if (block) await tx.objectStore('blocks').put(block);
      block = { runId: rows.runId, block: b, pages: [] };
    }
    block.pages.push(rows);
    cursor = await cursor.continue();
  }
  if (block) await tx.objectStore('blocks').put(block);
}

async function markCutRows(tx: UpgradeTx): Promise<void> {
  const pages = tx.objectStore('pages');
  const cut = new Map<string, number>();
  let cursor = await tx.objectStore('rows').openCursor();
  while (cursor) {
    const rows = cursor.value;
    const page = await pages.get([rows.runId, rows.page]);
    let changed = false;
    page?.samples.forEach((s, slot) => {
      if (isCut(s) && rows.status[slot] !== STATUS_CUT) {
        rows.status[slot] = STATUS_CUT;
        changed = true;
      }
    });
    if (changed) await cursor.update(rows);
    let n = cut.get(rows.runId) ?? 0;
    for (const st of rows.status) if (st === STATUS_CUT) n++;
    cut.set(rows.runId, n);
    cursor = await cursor.continue();
  }
  let heads = await tx.objectStore('heads').openCursor();
  while (heads) {
    await heads.update({ ...heads.value, cut: cut.get(heads.value.runId) ?? 0 });
    heads = await heads.continue();
  }
}

async function movePages(tx: UpgradeTx): Promise<void> {
  const write = async (records: PageRecords[]): Promise<void> => {
    for (const r of records) {
      await tx.objectStore('pages').put(r.page);
      await tx.objectStore('rows').put({ ...r.rows, excerptText: r.excerpts.text, excerptEnd: r.excerpts.end });
      await tx.objectStore('heads').put(r.head);
    }
  };
  const builder = new PageBuilder();
  let cursor = await tx.objectStore('samples').index('runId').openCursor();
  while (cursor) {
    await write(builder.add(cursor.value));
    cursor = await cursor.continue();
  }
  await write(builder.finish());
}

/** Run the steps from `oldVersion` in order (a step may wait for its requests; the upgrade waits for all of them). */
export function migrate(db: IDBPDatabase<AnyDb>, oldVersion: number, newVersion: number, tx: UpgradeTx): void {
  void (async () => {
    for (let v = oldVersion; v < newVersion; v++) await MIGRATIONS[v](db, tx);
  })().catch(() => {
    try {
      tx.abort(); // the database stays at its old version, with its data
    } catch {
      // already finished or aborted
    }
  });
}
