// Imports a picked bundle file as a stream (in a worker when the browser has one): read, checked, merged and stored
// where it is read, so the file's records never cross to the page; the page gets progress and the merge report.
import { BundleStreamChecker } from '../core/bundle/stream-check';
import type { MergeReport } from '../core/bundle/merge';
import type { Sample } from '../core/types';
import { currentDbName, openDb } from '../storage/db';
import { importRecords, StoredIndex } from '../storage/transfer';
import type { FromImportWorker } from './messages';

/** Samples checked between progress messages (and between look-ups of the stored runs they belong to). */
export const BATCH = 1000;

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

type Facts = Pick<Sample, 'id' | 'runId' | 'conditionId' | 'index'>;

/**
 * Stream `file` through the checker into the current database, reporting through `emit`. Samples identical to stored
 * ones (same id and content hash) are dropped as they pass, keeping only their ids; the rest are kept until the whole
 * file has passed every check, then merged and written in one transaction. A file rejected at any point stores
 * nothing. Shared by the worker and the in-page fallback.
 */
export async function importBundleStream(
  file: Blob,
  opts: { label: string; now?: Date },
  emit: (m: FromImportWorker) => void,
): Promise<void> {
  const checker = new BundleStreamChecker({ bytes: file.size });
  const index = new StoredIndex();
  const facts: Facts[] = [];
  /** every sample in file order: the record when it is to be merged, its ids when it is stored as it is */
  const samples: Sample[] = [];
  const hashes: number[] = [];
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
      if (index.identical(s.id, got[i])) samples.push(f as Sample);
      else {
        samples.push(s);
        writing++;
      }
    });
    emit({ type: 'progress', chars, samples: facts.length });
  };
  if (file.size <= 512 * 2 ** 20) {
    const reader = file.stream().pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      let next: ReadableStreamReadResult<string>;
      try {
        next = await reader.read();
      } catch (e) {
        return emit({ type: 'rejected', errors: [`Could not read the file (${message(e)}).`] });
      }
      if (next.done) break;
      chars += next.value.length;
      if (!checker.push(next.value)) {
        await reader.cancel();
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
  const report = await importRecords({ bundleId, label, runs, samples, hashes }, opts, index);
  emit({ type: 'done', report });
}

export interface ImportProgress {
  /** 'reading': characters read and samples checked; 'storing': the file is valid, `samples` are being merged */
  phase: 'reading' | 'storing';
  chars: number;
  samples: number;
}

export type FileImport = { ok: true; report: MergeReport } | { ok: false; errors: string[] };

/**
 * Import a bundle file into the current database: in a module worker when available (reading, checking, merging and
 * writing off the page's thread), else in the page. Resolves with the merge report, or the problems that reject the
 * file whole; rejects when storing fails (nothing stored either way).
 */
export function importBundleFile(
  file: File,
  opts: { label: string },
  onProgress?: (p: ImportProgress) => void,
): Promise<FileImport> {
  return new Promise<FileImport>((resolve, reject) => {
    let worker: Worker | null = null;
    let chars = 0;
    const receive = (m: FromImportWorker): void => {
      if (m.type === 'progress') {
        chars = m.chars;
        onProgress?.({ phase: 'reading', chars, samples: m.samples });
      } else if (m.type === 'storing') onProgress?.({ phase: 'storing', chars, samples: m.samples });
      else {
        worker?.terminate();
        if (m.type === 'rejected') resolve({ ok: false, errors: m.errors });
        else if (m.type === 'failed') reject(new Error(m.message));
        else resolve({ ok: true, report: m.report });
      }
    };
    if (typeof Worker === 'undefined') {
      importBundleStream(file, opts, receive).catch(reject);
      return;
    }
    worker = new Worker(new URL('../../workers/import.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (e: MessageEvent<FromImportWorker>) => receive(e.data);
    worker.onerror = (e) => {
      worker?.terminate();
      reject(new Error(e.message || 'the import worker failed'));
    };
    worker.postMessage({ type: 'import', file, db: currentDbName(), label: opts.label });
  });
}

/** The worker's side: open the page's database, then import. */
export async function importInWorker(
  m: { file: File; db: string; label: string },
  emit: (m: FromImportWorker) => void,
): Promise<void> {
  await openDb(m.db);
  await importBundleStream(m.file, { label: m.label }, emit);
}
