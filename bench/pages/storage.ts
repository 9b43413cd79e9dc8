// Storage benchmark page: writes generated samples through src/lib/storage/db.ts and loads them as the results view does.
/// <reference types="svelte" />
import { closeDb, openDb, putRun, putSample, putSamples } from '../../src/lib/storage/db';
import { FIRST_PAGE, ResultsState } from '../../src/lib/state/results.svelte';
import { emptyFilters } from '../../src/lib/core/filters';
import { benchData, benchModels, type BenchData } from '../samples';
import type { Sample } from '../../src/lib/core/types';
import type { BenchWindow, StorageBenchApi } from './api';

const DB = 'aml-bench-storage';
const GROWTH_DB = 'aml-bench-growth';
let data: BenchData | null = null;
const results = new ResultsState();

function deleteDb(name: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const req = indexedDB.deleteDatabase(name);
    req.onsuccess = () => resolve();
    req.onerror = () => reject(req.error);
    req.onblocked = () => reject(new Error(`database ${name} is open elsewhere`));
  });
}

async function freshDb(): Promise<void> {
  await closeDb();
  await deleteDb(DB);
  await openDb(DB);
}

/** Longest main-thread task (PerformanceObserver 'longtask': tasks over 50 ms) between start and stop; 0 when none. */
function watchLongTasks(): { stop(): number } {
  let longest = 0;
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longest = Math.max(longest, e.duration);
  });
  obs.observe({ type: 'longtask' });
  return {
    stop() {
      for (const e of obs.takeRecords()) longest = Math.max(longest, e.duration);
      obs.disconnect();
      return longest;
    },
  };
}

const api: StorageBenchApi = {
  async generate(total) {
    const t = performance.now();
    data = benchData(total);
    let chars = 0;
    for (const s of data.samples) chars += (s.response?.length ?? 0) + (s.reasoning?.length ?? 0);
    return { ms: performance.now() - t, samples: data.samples.length, chars };
  },
  async write(batch) {
    if (!data) throw new Error('generate first');
    await freshDb();
    const t = performance.now();
    for (const r of data.runs) await putRun(r);
    for (let i = 0; i < data.samples.length; i += batch) await putSamples(data.samples.slice(i, i + batch));
    return { ms: performance.now() - t, samples: data.samples.length };
  },
  async writeSingles(n) {
    if (!data) throw new Error('generate first');
    const t = performance.now();
    for (let i = 0; i < n; i++) {
      const s = data.samples[i % data.samples.length];
      await putSample({ ...s, id: `${s.runId}/${s.conditionId}/${100_000 + i}`, index: 100_000 + i });
    }
    return { ms: performance.now() - t, samples: n };
  },
  async growth(big, small, writes) {
    if (!data) throw new Error('generate first');
    const src = data.samples;
    const as = (runId: string, i: number): Sample => {
      const s = src[i % src.length];
      return { ...s, runId, id: `${runId}/${s.conditionId}/${i}`, index: i };
    };
    await closeDb();
    await deleteDb(GROWTH_DB);
    await openDb(GROWTH_DB);
    for (const [runId, n] of [
      ['growth-big', big],
      ['growth-small', small],
    ] as const)
      for (let i = 0; i < n; i += 1000)
        await putSamples(Array.from({ length: Math.min(1000, n - i) }, (_, k) => as(runId, i + k)));
    // interleaved rounds, so machine load drifts over both alike
    let bigMs = 0;
    let smallMs = 0;
    const ROUND = 50;
    for (let done = 0; done < writes; done += ROUND) {
      for (const runId of ['growth-big', 'growth-small']) {
        const base = runId === 'growth-big' ? big : small;
        const t = performance.now();
        for (let k = 0; k < ROUND; k++) await putSample(as(runId, base + done + k));
        if (runId === 'growth-big') bigMs += performance.now() - t;
        else smallMs += performance.now() - t;
      }
    }
    await closeDb();
    await deleteDb(GROWTH_DB);
    await openDb(DB);
    return { bigMs: bigMs / writes, smallMs: smallMs / writes };
  },
  async aggregate() {
    data = null; // the results view starts from storage, not from memory
    let t = performance.now();
    await results.load();
    if (results.error) throw new Error(results.error);
    const loadMs = performance.now() - t;
    t = performance.now();
    const rows = results.select(emptyFilters(), true);
    const selectMs = performance.now() - t;
    t = performance.now();
    const cells = results.cells(rows, true);
    const cellsMs = performance.now() - t;
    t = performance.now();
    results.groups(rows, true, 'goalValue');
    results.groups(rows, true, 'urgency');
    const groupsMs = performance.now() - t;
    return { loadMs, selectMs, cellsMs, groupsMs, cells: cells.length, samples: rows.length };
  },
  async filtered() {
    const t = performance.now();
    const f = emptyFilters();
    f.scenario = ['blackmail'];
    f.verdict = ['harmful'];
    f.model = benchModels().slice(0, 10);
    const rows = results.select(f, true);
    const table = results.table;
    if (!table) throw new Error('aggregate first');
    // the first page of the list: what each entry shows (excerpts read from storage for these rows, as the list does)
    await results.loadExcerpts(table, Array.from(rows.subarray(0, 100)));
    const page = Array.from(rows.subarray(0, 100), (row) => ({
      id: table.ids[row],
      model: table.modelOfRow(row),
      condition: table.conditionIdOf(row),
      excerpt: table.excerpt[row],
    }));
    if (rows.length && (!page[0].id || !page[0].excerpt)) throw new Error('empty list entry');
    return { ms: performance.now() - t, rows: rows.length };
  },
  async search(q) {
    const longest = watchLongTasks();
    const t = performance.now();
    let firstMs = -1;
    let firstHits = 0;
    await results.search(q, (found, finished) => {
      if (firstMs < 0 && (found >= FIRST_PAGE || finished)) {
        firstMs = performance.now() - t;
        firstHits = found;
      }
    });
    const ms = performance.now() - t;
    if (results.error) throw new Error(results.error);
    const f = emptyFilters();
    f.q = q;
    const rows = results.select(f, true);
    return { firstMs, firstHits, ms, rows: rows.length, longestTaskMs: longest.stop() };
  },
};

(window as BenchWindow).__bench = api;
(window as BenchWindow).__benchReady = true;
