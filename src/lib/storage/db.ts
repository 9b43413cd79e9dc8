// Typed access to the IndexedDB results store (runs, paged samples, summary rows, overrides, classification history).
import type { Classification, Override, Run, Sample } from '../core/types';
import { fitRun, fitSample } from '../core/bundle/fit';
import type { BatchRecord } from '../runner/batch-types';
import { forgetLayouts, locate, noop, runRange, writeSamples, type LookupTx, type WriteTx } from './pages';
import { db, writing } from './connection';
import { runRows } from './summary-reads';
import { PAGE_ROWS, STATUS_CUT, STATUS_DONE, STATUS_ERROR } from './summary-records';
import type { SamplePage } from './schema';

export { DEFAULT_DB_NAME, DB_VERSION } from './schema';
export { StorageQuotaError, isQuotaError } from './quota';
export type { RunSummary } from './summary-records';
export { openDb, currentDbName, closeDb } from './connection';
export { storageEstimate, requestPersistence, type StorageInfo } from './persist';
export { storedHashes, loadSummaries, getExcerpts, listSampleIds } from './summary-reads';

const WRITE_STORES = ['samplePages', 'blocks', 'excerpts', 'heads'] as const;

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

const ALL_STORES = ['runs', 'samplePages', 'blocks', 'excerpts', 'heads', 'batches'] as const;

/** Delete a run, its sample pages, rows, excerpts, head and batch records in one transaction. */
export async function deleteRun(id: string): Promise<void> {
  const tx = (await db()).transaction([...ALL_STORES], 'readwrite');
  forgetLayouts(id);
  const batches = tx.objectStore('batches');
  await Promise.all([
    tx.objectStore('runs').delete(id),
    tx.objectStore('samplePages').delete(runRange(id)),
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
  return (await getSamples([id])).get(id);
}

/** The stored samples with these ids, found from their runs' rows (`locate`), each page read once. */
async function samplesAt(tx: WriteTx | LookupTx, ids: readonly string[]): Promise<Map<string, Sample>> {
  const at = await locate(tx, ids);
  const pages = new Map<string, Promise<SamplePage | undefined>>();
  const store = (tx as LookupTx).objectStore('samplePages');
  const found = new Map<string, Sample>();
  await Promise.all(
    [...at].map(async ([id, { runId, loc }]) => {
      const page = Math.floor(loc / PAGE_ROWS);
      const key = `${page}/${runId}`;
      let read = pages.get(key);
      if (!read) pages.set(key, (read = store.get([runId, page])));
      const s = (await read)?.samples[loc % PAGE_ROWS];
      if (s?.id === id) found.set(id, s);
    }),
  );
  return found;
}

/** Several samples by id (those stored), in one read transaction. */
export async function getSamples(ids: readonly string[]): Promise<Map<string, Sample>> {
  const tx = (await db()).transaction(['heads', 'blocks', 'samplePages']);
  return samplesAt(tx, ids);
}

const byConditionThenIndex = (a: Sample, b: Sample) =>
  a.conditionId < b.conditionId ? -1 : a.conditionId > b.conditionId ? 1 : a.index - b.index;

/** Samples of one run ordered by condition id, then sample index. */
export async function listSamples(runId: string): Promise<Sample[]> {
  const pages = await (await db()).getAll('samplePages', runRange(runId));
  return pages.flatMap((p) => p.samples).sort(byConditionThenIndex);
}

/** Samples of one run with the given status (e.g. the failed ones); pages without one are not read. */
export async function listSamplesWithStatus(runId: string, status: Sample['status']): Promise<Sample[]> {
  const d = await db();
  const codes = status === 'error' ? [STATUS_ERROR] : [STATUS_DONE, STATUS_CUT];
  const rows = await runRows(runId);
  const out: Sample[] = [];
  for (const r of rows) {
    if (!codes.some((c) => r.status.includes(c))) continue;
    const page = await d.get('samplePages', [runId, r.page]);
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
      const pages = await d.getAll('samplePages', r, VISIT_PAGES);
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
    const s = (await samplesAt(tx, [sampleId])).get(sampleId);
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

export async function clearAll(): Promise<void> {
  const tx = (await db()).transaction([...ALL_STORES], 'readwrite');
  forgetLayouts();
  await Promise.all([...ALL_STORES.map((name) => tx.objectStore(name).clear()), tx.done]);
}
