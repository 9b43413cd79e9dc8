// Storage benchmark: 100,000 samples into IndexedDB in Chromium, then the results view's aggregates and a filtered list.
import { existsSync } from 'node:fs';
import { SkipBenchmark, sampleCount, type Figure } from './figures';
import { openBenchPage, pageApi } from './browser';
import type { StorageBenchApi } from './pages/api';

const TOTAL = sampleCount();
const BATCH = 1_000;
const SINGLES = 2_000;
/** samples in the big run of the growth figure (the issue asks for 100,000), the small one, and writes timed per run */
const GROWTH_RUN = TOTAL;
const GROWTH_SMALL = 1_000;
const GROWTH_WRITES = 1_000;
/** a word in about a tenth of the generated responses (threat and disclosure emails) */
const SEARCH = 'relationship';
const SUBJECTS = ['src/lib/storage/db.ts', 'src/lib/state/results.svelte.ts', 'src/lib/core/stats/aggregate.ts'];

export async function benchStorage(report: (f: Figure) => void): Promise<void> {
  const missing = SUBJECTS.filter((p) => !existsSync(p));
  if (missing.length) throw new SkipBenchmark(`${missing.join(', ')} not in the tree yet`);
  const bp = await openBenchPage('storage');
  const call = pageApi<StorageBenchApi>(bp.page);
  try {
    const gen = await call('generate', TOTAL);
    const mb = gen.chars / 1e6;
    const w = await call('write', BATCH);
    report({
      name: 'storage.write_100k',
      value: w.ms / 1000,
      unit: 's',
      target: { op: 'atMost', value: 15 },
      note: `${w.samples.toLocaleString('en-US')} samples (${mb.toFixed(0)} M chars of responses) via putSamples × ${BATCH}; ${Math.round(w.samples / (w.ms / 1000)).toLocaleString('en-US')} samples/s`,
    });
    const single = await call('writeSingles', SINGLES);
    report({
      name: 'storage.put_sample',
      value: single.ms / single.samples,
      unit: 'ms/sample',
      note: `${SINGLES} putSample calls one after another, as the runner stores them`,
    });
    const g = await call('growth', GROWTH_RUN, GROWTH_SMALL, GROWTH_WRITES);
    report({
      name: 'storage.put_sample_growth',
      value: g.bigMs / g.smallMs,
      unit: '×',
      target: { op: 'atMost', value: 1.5 },
      note: `putSample into a run holding ${GROWTH_RUN.toLocaleString('en-US')} samples (${g.bigMs.toFixed(2)} ms/sample) ÷ into one holding ${GROWTH_SMALL.toLocaleString('en-US')} (${g.smallMs.toFixed(2)} ms/sample); ${GROWTH_WRITES} calls each, interleaved in rounds of 50`,
    });
    const a = await call('aggregate');
    const total = a.loadMs + a.selectMs + a.cellsMs + a.groupsMs;
    report({
      name: 'storage.aggregates_100k',
      value: total,
      unit: 'ms',
      target: { op: 'atMost', value: 500 },
      note: `results view load + rates for ${a.cells} model×condition cells and 2 axes over ${a.samples.toLocaleString('en-US')} samples`,
    });
    report({
      name: 'storage.aggregates.load',
      value: a.loadMs,
      unit: 'ms',
      note: 'loadSummaries (summary row blocks of every run: ids, codes, no excerpts; joined per run) into SampleTable',
    });
    report({
      name: 'storage.aggregates.compute',
      value: a.selectMs + a.cellsMs + a.groupsMs,
      unit: 'ms',
      note: `select ${a.selectMs.toFixed(1)}, cells ${a.cellsMs.toFixed(1)}, axes ${a.groupsMs.toFixed(1)}`,
    });
    const f = await call('filtered');
    report({
      name: 'storage.filtered_list',
      value: f.ms,
      unit: 'ms',
      note: `${f.rows} rows match scenario+verdict+10 models; first page built from the loaded table, its excerpts read from storage`,
    });
    const s = await call('search', SEARCH);
    report({
      name: 'storage.search_text',
      value: s.firstMs,
      unit: 'ms',
      target: { op: 'atMost', value: 1000 },
      note: `free-text "${SEARCH}" over ${TOTAL.toLocaleString('en-US')} samples: first page (${s.firstHits} matches) shown; the rest streams in from a worker's pass over storage`,
    });
    report({
      name: 'storage.search_text.all',
      value: s.ms,
      unit: 'ms',
      note: `the whole pass: ${s.rows.toLocaleString('en-US')} rows match; longest main-thread task meanwhile ${s.longestTaskMs.toFixed(0)} ms`,
    });
    if (bp.errors.length) throw new Error(`page errors: ${bp.errors.slice(0, 3).join('; ')}`);
  } finally {
    await bp.close();
  }
}
