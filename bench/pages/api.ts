// The functions the benchmark pages expose on `window.__bench`, shared by the pages and the node side that calls them.

export interface StorageBenchApi {
  /** build `total` samples in page memory (not timed as storage work) */
  generate(total: number): Promise<{ ms: number; samples: number; chars: number }>;
  /** store the generated runs and samples with putSamples in batches of `batch` */
  write(batch: number): Promise<{ ms: number; samples: number }>;
  /** store `n` extra samples one at a time with putSample, as the runner does */
  writeSingles(n: number): Promise<{ ms: number; samples: number }>;
  /**
   * in a separate database: one run of `big` samples and one of `small` (putSamples), then `writes` putSample calls
   * into each, interleaved; ms per call into each
   */
  growth(big: number, small: number, writes: number): Promise<{ bigMs: number; smallMs: number }>;
  /** the results view's load: summary rows into the table, then rates per cell and per axis */
  aggregate(): Promise<{
    loadMs: number;
    selectMs: number;
    cellsMs: number;
    groupsMs: number;
    cells: number;
    samples: number;
  }>;
  /** the sample list for a facet filter: matching rows and the first page of list entries, on the loaded table */
  filtered(): Promise<{ ms: number; rows: number }>;
  /**
   * free-text filter as the results view runs it (a worker's pass over storage, matches shown as found): ms to the
   * first page of matches shown, ms to the end of the pass, matching rows, longest main-thread task meanwhile
   */
  search(q: string): Promise<{ firstMs: number; firstHits: number; ms: number; rows: number; longestTaskMs: number }>;
}

export interface ImportPhases {
  /** importBundleFile until the worker says 'storing': the file streamed, parsed, checked and hashed in the import
   * worker, samples identical to stored ones dropped as they pass */
  readCheckMs: number;
  /** from 'storing' to the report: merge planned (importRecords) and one transaction written, in the worker */
  mergeWriteMs: number;
  /** the results view's load of what is stored (file picked → stored and shown) */
  showMs: number;
  /** performance.memory.usedJSHeapSize of the page once the records are checked (the worker's heap not included) */
  heapAfterParse: number;
  /** samples in the results table afterwards */
  shown: number;
  added: number;
  skipped: number;
}

export interface ImportBenchApi {
  /** fetch the served bundle into a File (stands in for the user picking it; not timed) */
  pick(url: string): Promise<{ bytes: number }>;
  /** delete the bench database and open it empty */
  reset(): Promise<void>;
  /** import the picked file as the Data page does */
  importPicked(): Promise<ImportPhases>;
}

export type ChartCase = 'heatmap' | 'bars-12' | 'bars-all' | 'grouped';

export interface ChartsBenchApi {
  /** mount the chart(s) `repeats` times: ms to mounted (sync) and to painted, and DOM elements created */
  render(which: ChartCase, repeats: number): Promise<{ mountMs: number[]; paintMs: number[]; nodes: number }>;
}

export interface RunnerBenchApi {
  /**
   * one run of `total` samples (rounded up to whole conditions) through RunController and the OpenAI-compatible engine
   * at `baseUrl`, stored in IndexedDB: when it started, ms to the end, when each sample was stored (performance.now),
   * the longest main-thread task and how many tasks took over 50 ms
   */
  run(
    baseUrl: string,
    total: number,
    concurrency: number,
  ): Promise<{ start: number; ms: number; stored: number[]; longestTaskMs: number; longTasks: number }>;
}

export interface BenchWindow {
  __benchReady?: boolean;
  __bench?: StorageBenchApi | ChartsBenchApi | ImportBenchApi | RunnerBenchApi;
}
