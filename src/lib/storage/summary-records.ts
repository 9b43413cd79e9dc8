// The stored shapes of summary rows (row pages, their blocks, excerpt pages, status codes) and the page/block geometry.
import { ROW_CUT, type SummaryColumns } from '../core/stats/sample-table';

/** Slots per page: a page of samples and its page of summary rows hold the same samples in the same slots. */
export const PAGE_ROWS = 64;
/** Pages of summary rows per stored block: the results view reads a few large records rather than many small ones. */
export const BLOCK_PAGES = 16;

/** Block of a page. */
export const blockOf = (page: number): number => Math.floor(page / BLOCK_PAGES);

export const STATUS_DONE = 0;
export const STATUS_ERROR = 1;
/** a finished sample cut at the max tokens (finish reason "length"); pages stored before v5 wrote STATUS_DONE */
export const STATUS_CUT = ROW_CUT;

/** A run's summary as the results view reads it (one per run, its pages concatenated in append order). */
export interface RunSummary extends SummaryColumns {
  runId: string;
  /** where each row's sample is stored: page × PAGE_ROWS + slot (its excerpt is read from there when shown) */
  loc: Uint32Array;
}

/** One page of summary rows: row i summarises slot i of the sample page with the same [runId, page]. */
export interface RowPage extends Omit<RunSummary, 'excerptText' | 'excerptEnd' | 'loc'> {
  page: number;
  /** content hash of each sample (`sampleHash`), so imports skip identical samples without reading them */
  hash: Float64Array;
}

/** A v4–v6 page of summary rows: the excerpts were kept in it (v7 moved them to their own store). */
export interface RowPageV6 extends RowPage {
  excerptText: string;
  excerptEnd: Uint32Array;
}

/** A page of rows as a block stores it: condition and model codes index the block's dictionaries (v7: its own). */
export type StoredRowPage = Omit<RowPage, 'conditions' | 'models'> & Partial<Pick<RowPage, 'conditions' | 'models'>>;

/**
 * The stored record of up to BLOCK_PAGES pages of summary rows of one run (pages blockOf(page) = block, in order),
 * with one dictionary of condition ids and models for all of them (from v8; v7 pages carry their own).
 */
export interface RowBlock {
  runId: string;
  block: number;
  pages: StoredRowPage[];
  conditions?: string[];
  models?: string[];
}

/** The pages of a stored block, each with its dictionaries (shared, not copied). */
export function blockPages(b: RowBlock): RowPage[] {
  const { conditions, models } = b;
  if (!conditions || !models) return b.pages as RowPage[];
  return b.pages.map((p) => ({ ...p, conditions, models }));
}

/** The response excerpts of one sample page (same key), read only for the rows a list shows. */
export interface ExcerptPage {
  runId: string;
  page: number;
  text: string;
  end: Uint32Array;
}
