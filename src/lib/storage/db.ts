// Typed access to the IndexedDB results store (runs, paged samples, summary rows, overrides, classification history).
import { openDB, type IDBPDatabase } from 'idb';
import type { Classification, Override, Run, Sample } from '../core/types';
import { fitRun, fitSample } from '../core/bundle/fit';
import type { BatchRecord } from '../runner/batch-types';
import { isQuotaError, StorageQuotaError } from './quota';
import { DB_VERSION, DEFAULT_DB_NAME, migrate, type ResultsDb } from './schema';
import { blockPages, excerptsOf, joinPages, PAGE_ROWS, pageIds, type RowPage, type RunSummary } from './summary';
import { forgetLayouts, noop, runRange, writeSamples, type WriteTx } from './pages';

export { DEFAULT_DB_NAME, DB_VERSION } from './schema';
export { StorageQuotaError, isQuotaError } from './quota';
export type { RunSummary } from './summary';

let current: { name: string; db: Promise<IDBPDatabase<ResultsDb>> } | null = null;

/** Open (and migrate) the results database; later calls of the functions below use it. */
export function openDb(name: string = DEFAULT_DB_NAME): Promise<IDBPDatabase<ResultsDb>> {
  if (current?.name === name) return current.db;
  if (current) void current.db.then((d) => d.close()).catch(() => undefined);
  forgetLayouts();
  const entry = {
    name,
    db: openDB<ResultsDb>(name, DB_VERSION, {
      upgrade: (db, oldVersion, newVersion, tx) =>
        migrate(db as never, oldVersion, newVersion ?? DB_VERSION, tx as never),
      // another tab wants a newer schema: let it, and reopen on next use
      blocking: () => {
        void entry.db.then((d) => d.close());
        if (current === entry) current = null;
      },
      terminated: () => {
        if (current === entry) current = null;
      },
    }),
  };
  current = entry;
  entry.db.catch(() => {
    if (current === entry) current = null;
  });
  return entry.db;
}

/** Name of the database the functions below use (opened, or about to be on first use). */
export function currentDbName(): string {
  return current?.name ?? DEFAULT_DB_NAME;
}

/** Close the connection (tests, or before deleting the database). */
export async function closeDb(): Promise<void> {
  const c = current;
  current = null;
  forgetLayouts();
  if (c) (await c.db).close();
}

function db(): Promise<IDBPDatabase<ResultsDb>> {
  return current?.db ?? openDb();
}

async function writing<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw isQuotaError(e) ? new StorageQuotaError(e) : e;
  }
}

const WRITE_STORES = ['pages', 'blocks', 'excerpts', 'heads'] as const;

async function writeTx(withRuns: boolean): Promise<WriteTx> {
  const d = await db();
  return d.transaction(withRuns ? ['runs', ...WRITE_STORES] : [...WRITE_STORES], 'readwrite') as unknown as WriteTx;
}

/** Store a run, fitted to the bundle spec (the one boundary where stored values are cleaned and bounded). */
export async function putRun(run: Run): Promise<void> {
  const fitted = fitRun(run);
  await writing(async () => void (await (await db()).put('runs', fitted)));
}

export async function getRun(id: string): Promise<Run | undefined> {
  return (await db()).get('runs', id);
}

/** All runs, newest first. */
export async function listRuns(): Promise<Run[]> {
  const runs = await (await db()).getAll('runs');
  return runs.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
}

const ALL_STORES = ['runs', 'pages', 'blocks', 'excerpts', 'heads', 'batches'] as const;

/** Delete a run, its sample pages, rows, excerpts, head and batch records in one transaction. */
export async function deleteRun(id: string): Promise<void> {
  const tx = (await db()).transaction([...ALL_STORES], 'readwrite');
  forgetLayouts(id);
  const batches = tx.objectStore('batches');
  await Promise.all([
    tx.objectStore('runs').delete(id),
    tx.objectStore('pages').delete(runRange(id)),
    tx.objectStore('blocks').delete(runRange(id)),
    tx.objectStore('excerpts').delete(runRange(id)),
    tx.objectStore('heads').delete(id),
    batches
      .index('runId')
      .getAllKeys(id)
      .then((keys) => Promise.all(keys.map((k) => batches.delete(k)))),
    tx.done,
  ]);
}

/** Store a provider batch record (on submit, and again when it closes: the latest record per id wins). */
export async function putBatch(batch: BatchRecord): Promise<void> {
  await writing(async () => void (await (await db()).put('batches', batch)));
}

/** The batch records of a run, oldest submission first. */
export async function listBatches(runId: string): Promise<BatchRecord[]> {
  const list = await (await db()).getAllFromIndex('batches', 'runId', runId);
  return list.sort((a, b) => (a.submittedAt < b.submittedAt ? -1 : a.submittedAt > b.submittedAt ? 1 : 0));
}

/**
 * Store one sample (a new one, or the same id again: a retried failure, a new classification or override). Calls
 * made while a write is in flight are written together in the next transaction; each resolves once its sample is
 * committed, or rejects with the error that stopped that transaction.
 */
export function putSample(sample: Sample): Promise<void> {
  return new Promise((resolve, reject) => {
    queue.push({ sample, resolve, reject });
    if (!flushing) void flush();
  });
}

interface Queued {
  sample: Sample;
  resolve: () => void;
  reject: (e: unknown) => void;
}
const queue: Queued[] = [];
let flushing = false;

async function flush(): Promise<void> {
  flushing = true;
  while (queue.length) {
    const batch = queue.splice(0, queue.length);
    try {
      await putSamples(batch.map((q) => q.sample));
      for (const q of batch) q.resolve();
    } catch (e) {
      for (const q of batch) q.reject(e);
    }
  }
  flushing = false;
}

/**
 * Store many samples in one transaction: all or none. A later sample with the same id as an earlier one wins. Each is
 * fitted to the bundle spec first, so whatever the app stores, its export imports back.
 */
export async function putSamples(samples: readonly Sample[]): Promise<void> {
  const fitted = samples.map(fitSample);
  await writing(async () => {
    const tx = await writeTx(false);
    await writeSamples(tx, fitted);
  });
}

/** Store runs and samples together in one transaction (imports, validated against the same spec): all or none. */
export async function putRunsAndSamples(
  runs: readonly Run[],
  samples: readonly Sample[],
  hashes?: readonly number[],
): Promise<void> {
  await writing(async () => {
    const tx = await writeTx(true);
    for (const r of runs) tx.objectStore('runs').put(r).catch(noop);
    await writeSamples(tx, samples, hashes);
  });
}

export async function getSample(id: string): Promise<Sample | undefined> {
  const page = await (await db()).getFromIndex('pages', 'ids', id);
  return page?.samples[page.ids.indexOf(id)];
}

/** Several samples by id (those stored), in one read transaction. */
export async function getSamples(ids: readonly string[]): Promise<Map<string, Sample>> {
  const tx = (await db()).transaction('pages');
  const index = tx.store.index('ids');
  const found = new Map<string, Sample>();
  await Promise.all(
    ids.map(async (id) => {
      const page = await index.get(id);
      const s = page?.samples[page.ids.indexOf(id)];
      if (s) found.set(id, s);
    }),
  );
  return found;
}

const byConditionThenIndex = (a: Sample, b: Sample) =>
  a.conditionId < b.conditionId ? -1 : a.conditionId > b.conditionId ? 1 : a.index - b.index;

/** Samples of one run ordered by condition id, then sample index. */
export async function listSamples(runId: string): Promise<Sample[]> {
  const pages = await (await db()).getAll('pages', runRange(runId));
  return pages.flatMap((p) => p.samples).sort(byConditionThenIndex);
}

/** Samples of one run with the given status (e.g. the failed ones); pages without one are not read. */
export async function listSamplesWithStatus(runId: string, status: Sample['status']): Promise<Sample[]> {
  const d = await db();
  const code = status === 'error' ? 1 : 0;
  const rows = await runRows(runId);
  const out: Sample[] = [];
  for (const r of rows) {
    if (!r.status.includes(code)) continue;
    const page = await d.get('pages', [runId, r.page]);
    for (const s of page?.samples ?? []) if (s.status === status) out.push(s);
  }
  return out.sort(byConditionThenIndex);
}

/** Done and failed samples of a run, from its head record (constant cost). */
export async function countSamples(runId: string): Promise<{ done: number; error: number }> {
  const head = await (await db()).get('heads', runId);
  return { done: head?.done ?? 0, error: head?.error ?? 0 };
}

/** Finished samples of a run whose answers were cut at the max tokens (from its summary rows). */
export async function countCut(runId: string): Promise<number> {
  return (await (await db()).get('heads', runId))?.cut ?? 0;
}

/** Sample ids of a run (from its summary rows), for resume bookkeeping and merge checks. */
export async function listSampleIds(runId: string): Promise<string[]> {
  return (await runRows(runId)).flatMap((r) => pageIds(r));
}

/** Pages read per request while visiting samples: about 500 samples. */
const VISIT_PAGES = 8;

/**
 * Visit every sample (or those of `runIds`) a few pages at a time, so passes over 100k samples never hold them all in
 * memory and never keep one transaction open across the visitor's work. The visitor may return a promise (awaited
 * after each group of pages), e.g. to yield to the page or to stop early by throwing.
 */
export async function iterateSamples(
  fn: (s: Sample) => void,
  opts: { runIds?: string[]; afterPages?: () => void | Promise<void> } = {},
): Promise<void> {
  const d = await db();
  const ranges = opts.runIds ? opts.runIds.map(runRange) : [undefined];
  for (const range of ranges) {
    let lower: [string, number] | undefined;
    for (;;) {
      const r: IDBKeyRange | undefined =
        lower === undefined
          ? range
          : range
            ? IDBKeyRange.bound(lower, range.upper as [string, number], true)
            : IDBKeyRange.lowerBound(lower, true);
      const pages = await d.getAll('pages', r, VISIT_PAGES);
      for (const p of pages) for (const s of p.samples) fn(s);
      await opts.afterPages?.();
      if (pages.length < VISIT_PAGES) break;
      const last = pages[pages.length - 1];
      lower = [last.runId, last.page];
    }
  }
}

async function updateSample(sampleId: string, change: (s: Sample) => void): Promise<Sample> {
  return writing(async () => {
    const tx = await writeTx(false);
    const page = await tx.objectStore('pages').index('ids').get(sampleId);
    const s = page?.samples[page.ids.indexOf(sampleId)];
    if (!s) throw new Error(`No stored sample with id ${sampleId}.`);
    change(s);
    const fitted = fitSample(s);
    await writeSamples(tx, [fitted]);
    return fitted;
  });
}

/** Set or clear (undefined) a reviewer's verdict override. Returns the updated sample. */
export function setOverride(sampleId: string, override: Override | undefined): Promise<Sample> {
  return updateSample(sampleId, (s) => {
    if (override) s.override = override;
    else delete s.override;
  });
}

/** Append a classification; the history is never rewritten. Returns the updated sample. */
export function addClassification(sampleId: string, c: Classification): Promise<Sample> {
  return updateSample(sampleId, (s) => {
    s.classifications = [...(s.classifications ?? []), c];
  });
}

export interface StorageInfo {
  usage?: number;
  quota?: number;
  persisted?: boolean;
}

/** Storage use and quota as the browser reports them (undefined fields when the API is missing). */
export async function storageEstimate(): Promise<StorageInfo> {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
  if (!storage?.estimate) return {};
  const [est, persisted] = await Promise.all([
    storage.estimate(),
    storage.persisted ? storage.persisted() : Promise.resolve(undefined),
  ]);
  return { usage: est.usage, quota: est.quota, persisted };
}

/** Ask the browser not to evict our data under storage pressure; returns whether it agreed. */
export async function requestPersistence(): Promise<boolean> {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
  if (!storage?.persist) return false;
  if (storage.persisted && (await storage.persisted())) return true;
  return storage.persist();
}

export async function clearAll(): Promise<void> {
  const tx = (await db()).transaction([...ALL_STORES], 'readwrite');
  forgetLayouts();
  await Promise.all([...ALL_STORES.map((name) => tx.objectStore(name).clear()), tx.done]);
}

/** Stored content hashes of the samples of `runIds` (from their rows), for merges that skip identical samples. */
export async function storedHashes(runIds: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const runId of runIds) {
    for (const r of await runRows(runId)) {
      const ids = pageIds(r);
      for (let i = 0; i < ids.length; i++) out.set(ids[i], r.hash[i]);
    }
  }
  return out;
}

/** The summary row pages of one run, in page order. */
async function runRows(runId: string): Promise<RowPage[]> {
  return (await (await db()).getAll('blocks', runRange(runId))).flatMap(blockPages);
}

/**
 * Per-run summaries (all runs, or `runIds`), in run id order, each its row pages joined in append order. Without the
 * response excerpts: `getExcerpts` reads those for the rows shown.
 */
export async function loadSummaries(opts: { runIds?: string[] } = {}): Promise<RunSummary[]> {
  const d = await db();
  const blocks = opts.runIds
    ? (await Promise.all(opts.runIds.map((id) => d.getAll('blocks', runRange(id))))).flat()
    : await d.getAll('blocks');
  const byRun = new Map<string, RowPage[]>();
  for (const b of blocks) {
    const list = byRun.get(b.runId);
    if (list) list.push(...blockPages(b));
    else byRun.set(b.runId, blockPages(b));
  }
  return [...byRun]
    .map(([runId, list]) => joinPages(runId, list))
    .sort((a, b) => (a.runId < b.runId ? -1 : a.runId > b.runId ? 1 : 0));
}

/**
 * Response excerpts of samples by where their summary says they are (`RunSummary.loc`), in one read transaction:
 * one entry per request, '' when nothing is stored there.
 */
export async function getExcerpts(at: readonly { runId: string; loc: number }[]): Promise<string[]> {
  const store = (await db()).transaction('excerpts').store;
  const pages = new Map<string, Promise<string[]>>();
  return Promise.all(
    at.map(async ({ runId, loc }) => {
      const page = Math.floor(loc / PAGE_ROWS);
      const key = `${page} ${runId}`;
      let texts = pages.get(key);
      if (!texts) {
        texts = store.get([runId, page]).then((e) => (e ? excerptsOf(e) : []));
        pages.set(key, texts);
      }
      return (await texts)[loc % PAGE_ROWS] ?? '';
    }),
  );
}
