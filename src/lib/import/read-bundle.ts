// Reads a picked bundle file as a stream (in a worker when the browser has one): checked records, never the whole text.
import { BundleStreamChecker, type StreamCheck } from '../core/bundle/stream-check';
import type { Sample } from '../core/types';
import type { FromImportWorker } from './messages';

/** Samples handed from the reader to its owner at a time. */
export const BATCH = 1000;

/**
 * Stream `file` through the checker, calling `emit` with progress and with checked samples in batches (which the
 * receiver must drop if the file is rejected at the end). Shared by the worker and the in-page fallback.
 */
export async function streamBundle(file: Blob, emit: (m: FromImportWorker) => void): Promise<void> {
  const checker = new BundleStreamChecker({ bytes: file.size });
  const facts: Pick<Sample, 'id' | 'runId' | 'conditionId' | 'index'>[] = [];
  let chars = 0;
  let samples = 0;
  const flush = (): void => {
    const { samples: list, hashes } = checker.take();
    if (!list.length) return;
    for (const s of list) facts.push({ id: s.id, runId: s.runId, conditionId: s.conditionId, index: s.index });
    samples += list.length;
    emit({ type: 'samples', samples: list, hashes });
    emit({ type: 'progress', chars, samples });
  };
  if (file.size <= 512 * 2 ** 20) {
    const reader = file.stream().pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chars += value.length;
      if (!checker.push(value)) {
        await reader.cancel();
        break;
      }
      if (checker.pending() >= BATCH) flush();
    }
  }
  flush();
  const result = checker.finish(facts);
  if (!result.ok) emit({ type: 'rejected', errors: result.errors });
  else emit({ type: 'done', bundleId: result.bundle.bundleId, label: result.bundle.label, runs: result.bundle.runs });
}

export interface ReadProgress {
  chars: number;
  samples: number;
}

/**
 * Read and check a bundle file: in a module worker when available (parsing off the page's thread), else in the page.
 * Resolves with every checked record and its hash, or the problems that reject the file whole.
 */
export function readBundleFile(file: File, onProgress?: (p: ReadProgress) => void): Promise<StreamCheck> {
  const samples: Sample[] = [];
  const hashes: number[] = [];
  return new Promise<StreamCheck>((resolve, reject) => {
    let worker: Worker | null = null;
    const receive = (m: FromImportWorker): void => {
      if (m.type === 'progress') onProgress?.({ chars: m.chars, samples: m.samples });
      else if (m.type === 'samples') {
        for (const s of m.samples) samples.push(s);
        for (const h of m.hashes) hashes.push(h);
      } else {
        worker?.terminate();
        if (m.type === 'rejected') resolve({ ok: false, errors: m.errors });
        else resolve({ ok: true, bundle: { bundleId: m.bundleId, label: m.label, runs: m.runs, samples, hashes } });
      }
    };
    if (typeof Worker === 'undefined') {
      streamBundle(file, receive).catch(reject);
      return;
    }
    worker = new Worker(new URL('../../workers/import.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (e: MessageEvent<FromImportWorker>) => receive(e.data);
    worker.onerror = (e) => {
      worker?.terminate();
      reject(new Error(e.message || 'the import worker failed'));
    };
    worker.postMessage({ type: 'read', file });
  });
}
