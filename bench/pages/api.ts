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
  /** free-text filter: one pass over storage for the query, then the row selection */
  search(q: string): Promise<{ ms: number; rows: number }>;
}

export interface ImportPhases {
  /** File.text() of the picked file */
  readMs: number;
  /** parseBundleText: JSON parse, schema and cross-record checks */
  validateMs: number;
  /** importBundle: existing records read, merge planned, one transaction written */
  mergeWriteMs: number;
  /** performance.memory.usedJSHeapSize right after validation, while the text and the parsed bundle are both alive */
  heapAfterParse: number;
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

export interface BenchWindow {
  __benchReady?: boolean;
  __bench?: StorageBenchApi | ChartsBenchApi | ImportBenchApi;
}
