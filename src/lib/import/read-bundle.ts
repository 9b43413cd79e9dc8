// Imports a picked bundle file as a stream (in a worker when the browser has one): read, checked, merged and stored
// where it is read, so the file's records never cross to the page; the page gets progress and the merge report.
import { BundleStreamChecker } from '../core/bundle/stream-check';
import { MAX_BUNDLE_BYTES } from '../core/bundle/validate';
import type { MergeReport } from '../core/bundle/merge';
import type { Sample } from '../core/types';
import { currentDbName, openDb } from '../storage/db';
import { importRecords, StoredIndex } from '../storage/transfer';
import { ByteQueue, fileText } from './byte-queue';
import type { FromImportWorker, ToImportWorker } from './messages';

/** Samples checked between progress messages (and between look-ups of the stored runs they belong to). */
export const BATCH = 1000;

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

type Facts = Pick<Sample, 'id' | 'runId' | 'conditionId' | 'index'>;

/**
 * Stream a file's text through the checker into the current database, reporting through `emit`. Samples identical to
 * stored ones (same id and content hash) are dropped as they pass, keeping only their ids; the rest are kept until the
 * whole file has passed every check, then merged and written in one transaction. A file rejected at any point stores
 * nothing. Shared by the worker and the in-page fallback.
 */
export async function importBundleStream(
  source: { bytes: number; text: () => AsyncGenerator<string> },
  opts: { label: string; now?: Date },
  emit: (m: FromImportWorker) => void,
): Promise<void> {
  const checker = new BundleStreamChecker({ bytes: source.bytes });
  const index = new StoredIndex();
  const facts: Facts[] = [];
  /** every sample in file order: the record when it is to be merged, its ids when it is stored as it is */
  const samples: Sample[] = [];
  const hashes: number[] = [];
  const identicalAt = new Set<number>();
  let writing = 0;
  let chars = 0;
  let looked = 0;
  const take = async (): Promise<void> => {
    const { samples: list, hashes: got } = checker.take();
    if (!list.length) return;
    await index.add(list.map((s) => s.runId));
    list.forEach((s, i) => {
      const f: Facts = { id: s.id, runId: s.runId, conditionId: s.conditionId, index: s.index };
      facts.push(f);
      hashes.push(got[i]);
      if (index.identical(s.id, got[i])) {
        identicalAt.add(samples.length);
        samples.push(f as Sample);
      } else {
        samples.push(s);
        writing++;
      }
    });
    emit({ type: 'progress', chars, samples: facts.length });
  };
  if (source.bytes <= MAX_BUNDLE_BYTES) {
    const chunks = source.text();
    for (;;) {
      let next: IteratorResult<string>;
      try {
        next = await chunks.next();
      } catch (e) {
        return emit({ type: 'rejected', errors: [`Could not read the file (${message(e)}).`] });
      }
      if (next.done) break;
      chars += next.value.length;
      if (!checker.push(next.value)) {
        await chunks.return(undefined);
        break;
      }
      // stored runs of the same ids are looked up while the file is read on (their samples wait for them in `take`)
      if (checker.runIds().length > looked) {
        const ids = checker.runIds();
        looked = ids.length;
        void index.add(ids).catch(() => undefined);
      }
      if (checker.pending() >= BATCH) await take();
    }
  }
  await take();
  const result = checker.finish(facts);
  if (!result.ok) return emit({ type: 'rejected', errors: result.errors });
  emit({ type: 'storing', samples: facts.length, writing });
  const { bundleId, label, runs } = result.bundle;
  const report = await importRecords({ bundleId, label, runs, samples, hashes, identicalAt }, opts, index);
  emit({ type: 'done', report });
}

export interface ImportProgress {
  /** 'reading': characters read and samples checked; 'storing': the file is valid, `samples` are being merged */
  phase: 'reading' | 'storing';
  chars: number;
  samples: number;
}

export type FileImport = { ok: true; report: MergeReport } | { ok: false; errors: string[] };

/** Bytes the page reads from the file at a time, and slices it keeps queued for the worker. */
const SLICE = 4 * 2 ** 20;
const AHEAD = 3;

/**
 * Import a bundle file into the current database: in a module worker when available (checking, merging and writing
 * off the page's thread; the page only reads the file's bytes, a few slices ahead, and hands them over), else in the
 * page. Resolves with the merge report, or the problems that reject the file whole; rejects when storing fails
 * (nothing stored either way).
 */
export function importBundleFile(
  file: File,
  opts: { label: string },
  onProgress?: (p: ImportProgress) => void,
): Promise<FileImport> {
  return new Promise<FileImport>((resolve, reject) => {
    let worker: Worker | null = null;
    let chars = 0;
    let stopped = false;
    const receive = (m: FromImportWorker): void => {
      if (m.type === 'taken') {
        taken++;
        void pump();
      } else if (m.type === 'progress') {
        chars = m.chars;
        onProgress?.({ phase: 'reading', chars, samples: m.samples });
      } else if (m.type === 'storing') onProgress?.({ phase: 'storing', chars, samples: m.samples });
      else {
        stopped = true;
        worker?.terminate();
        if (m.type === 'rejected') resolve({ ok: false, errors: m.errors });
        else if (m.type === 'failed') reject(new Error(m.message));
        else resolve({ ok: true, report: m.report });
      }
    };
    if (typeof Worker === 'undefined') {
      importBundleStream({ bytes: file.size, text: () => fileText(file) }, opts, receive).catch(reject);
      return;
    }
    const w = new Worker(new URL('../../workers/import.worker.ts', import.meta.url), { type: 'module' });
    worker = w;
    const send = (m: ToImportWorker, transfer: Transferable[] = []): void => w.postMessage(m, transfer);
    // the file's bytes, read here a few slices ahead of the worker (a file over the size limit is not read at all)
    let at = file.size > MAX_BUNDLE_BYTES ? file.size : 0;
    let sent = 0;
    let taken = 0;
    let reading = false;
    let ended = false;
    const pump = async (): Promise<void> => {
      if (reading) return;
      reading = true;
      try {
        while (!stopped && at < file.size && sent - taken < AHEAD) {
          const data = await file.slice(at, at + SLICE).arrayBuffer();
          if (stopped) return;
          at += SLICE;
          sent++;
          send({ type: 'bytes', data }, [data]);
        }
        if (!stopped && !ended && at >= file.size) {
          ended = true;
          send({ type: 'end' });
        }
      } catch (e) {
        if (!stopped) send({ type: 'unreadable', message: message(e) });
        stopped = true;
      } finally {
        reading = false;
      }
    };
    w.onmessage = (e: MessageEvent<FromImportWorker>) => receive(e.data);
    w.onerror = (e) => {
      stopped = true;
      w.terminate();
      reject(new Error(e.message || 'the import worker failed'));
    };
    send({ type: 'import', bytes: file.size, db: currentDbName(), label: opts.label });
    void pump();
  });
}

/** The worker's side: a handler of the page's messages that opens the page's database and imports the bytes sent. */
export function importWorker(post: (m: FromImportWorker) => void): (m: ToImportWorker) => void {
  let queue: ByteQueue | null = null;
  return (m) => {
    if (m.type === 'import') {
      const q = (queue = new ByteQueue(() => post({ type: 'taken' })));
      openDb(m.db)
        .then(() => importBundleStream({ bytes: m.bytes, text: () => q.text() }, { label: m.label }, post))
        .catch((e: unknown) => post({ type: 'failed', message: message(e) }));
    } else if (m.type === 'bytes') queue?.push(m.data);
    else if (m.type === 'end') queue?.end();
    else queue?.fail(m.message);
  };
}
