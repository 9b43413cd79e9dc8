// Lays samples given in append order out as page records (sample pages, summary rows, excerpts, run heads): the v3 → v4
// migration's layout, and (rows grouped by `blocksOf`) what tests write to seed a current database without a migration.
import type { Sample } from '../core/types';
import { isCut } from '../core/stats/sample-table';
import type { RunHead, SamplePage } from './schema';
import { PAGE_ROWS, blockOf, type ExcerptPage, type RowBlock, type RowPage } from './summary-records';
import { emptyRows, setRow, type SummaryRows } from './summary-rows';
import { encodeExcerpts, encodeRows, withPages } from './summary-codec';

/** One filled (or last) page of a run: its samples, its summary rows, and the run's head as of this page. */
export interface PageRecords {
  page: SamplePage;
  rows: RowPage;
  excerpts: ExcerptPage;
  head: RunHead;
}

/**
 * Feed samples grouped by run (each run's samples together, in the order they are to be appended); every `add` returns
 * the pages it completed, `finish` the rest. The last records of a run carry its final head.
 */
export class PageBuilder {
  private run = '';
  private samples: Sample[] = [];
  private rows: SummaryRows = emptyRows('');
  private head: RunHead | null = null;

  add(s: Sample, hash?: number): PageRecords[] {
    const out: PageRecords[] = [];
    if (s.runId !== this.run || !this.head || this.head.lastSize === PAGE_ROWS) {
      const done = this.flush();
      if (done) out.push(done);
      if (s.runId !== this.run || !this.head)
        this.head = { runId: s.runId, pages: 0, lastSize: 0, rev: 1, done: 0, error: 0, cut: 0 };
      this.run = s.runId;
      this.head.pages++;
      this.head.lastSize = 0;
      this.samples = [];
      this.rows = emptyRows(s.runId);
    }
    const head = this.head;
    setRow(this.rows, this.samples.length, s, hash);
    this.samples.push(s);
    head.lastSize++;
    if (s.status === 'error') head.error++;
    else head.done++;
    if (isCut(s)) head.cut = (head.cut ?? 0) + 1;
    return out;
  }

  finish(): PageRecords[] {
    const done = this.flush();
    this.samples = [];
    return done ? [done] : [];
  }

  private flush(): PageRecords | null {
    const head = this.head;
    if (!head || !this.samples.length) return null;
    const page = head.pages - 1;
    return {
      page: { runId: this.run, page, ids: this.rows.ids.slice(), samples: this.samples },
      rows: encodeRows(this.rows, page),
      excerpts: encodeExcerpts(this.rows, page),
      head: { ...head },
    };
  }
}

/** Every record of `samples` (grouped by run, in append order) as `PageBuilder` lays them out. */
export function buildPages(samples: Iterable<Sample>): PageRecords[] {
  const b = new PageBuilder();
  const out: PageRecords[] = [];
  for (const s of samples) out.push(...b.add(s));
  out.push(...b.finish());
  return out;
}

/** The row blocks of `records` (as `buildPages` gives them: run by run, pages in order), as storage writes them. */
export function blocksOf(records: readonly PageRecords[]): RowBlock[] {
  const groups: RowPage[][] = [];
  for (const r of records) {
    const last = groups[groups.length - 1];
    if (last && last[0].runId === r.rows.runId && blockOf(last[0].page) === blockOf(r.rows.page)) last.push(r.rows);
    else groups.push([r.rows]);
  }
  return groups.map((g) => withPages(g[0].runId, blockOf(g[0].page), [], g));
}
