// Import benchmark page: the Data page's bundle import (worker read + check, merge + write, results load) by phase.
/// <reference types="svelte" />
import { readBundleFile } from '../../src/lib/import/read-bundle';
import { closeDb, openDb } from '../../src/lib/storage/db';
import { importRecords } from '../../src/lib/storage/transfer';
import { ResultsState } from '../../src/lib/state/results.svelte';
import type { BenchWindow, ImportBenchApi } from './api';

const DB = 'aml-bench-import';
let picked: File | null = null;
const results = new ResultsState();

const api: ImportBenchApi = {
  async pick(url) {
    const blob = await (await fetch(url)).blob();
    picked = new File([blob], 'bench-100k.json', { type: 'application/json' });
    return { bytes: picked.size };
  },
  async reset() {
    await closeDb();
    await new Promise<void>((resolve, reject) => {
      const req = indexedDB.deleteDatabase(DB);
      req.onsuccess = () => resolve();
      req.onerror = () => reject(req.error);
      req.onblocked = () => reject(new Error('bench database is open elsewhere'));
    });
    await openDb(DB);
  },
  async importPicked() {
    if (!picked) throw new Error('pick a file first');
    // the same steps, in the same order, as the Data page's JSON import (DataState.#importJson), then the results view
    let t = performance.now();
    const check = await readBundleFile(picked);
    const readCheckMs = performance.now() - t;
    const heapAfterParse = (performance as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0;
    if (!check.ok) throw new Error(`bundle rejected: ${check.errors.slice(0, 3).join('; ')}`);
    t = performance.now();
    const report = await importRecords(check.bundle, { label: picked.name });
    const mergeWriteMs = performance.now() - t;
    t = performance.now();
    await results.load();
    if (results.error) throw new Error(results.error);
    const showMs = performance.now() - t;
    return {
      readCheckMs,
      mergeWriteMs,
      showMs,
      heapAfterParse,
      shown: results.table?.size ?? 0,
      added: report.samples.added,
      skipped: report.samples.skipped,
    };
  },
};

(window as BenchWindow).__bench = api;
(window as BenchWindow).__benchReady = true;
