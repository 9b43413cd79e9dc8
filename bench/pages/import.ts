// Import benchmark page: the Data page's bundle import (worker read + check, then merge + write, results load) by phase.
/// <reference types="svelte" />
import { importBundleFile } from '../../src/lib/import/read-bundle';
import { closeDb, openDb } from '../../src/lib/storage/db';
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
    // the same call as the Data page's JSON import (DataState.#importJson), then the results view; the worker reads,
    // checks, merges and writes, and its 'storing' message splits the phases
    const t0 = performance.now();
    let storingAt = 0;
    let heapAfterParse = 0;
    const result = await importBundleFile(picked, { label: picked.name }, (p) => {
      if (p.phase !== 'storing') return;
      storingAt = performance.now();
      heapAfterParse = (performance as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0;
    });
    if (!result.ok) throw new Error(`bundle rejected: ${result.errors.slice(0, 3).join('; ')}`);
    const report = result.report;
    const readCheckMs = storingAt - t0;
    const mergeWriteMs = performance.now() - storingAt;
    const t = performance.now();
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
