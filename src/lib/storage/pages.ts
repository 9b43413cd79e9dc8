// Appends and replaces samples in their runs' fixed-size pages (samples + summary rows + head), constant cost per write.
import type { IDBPTransaction } from 'idb';
import type { Sample } from '../core/types';
import { isCut } from '../core/stats/sample-table';
import type { ResultsDb, RunHead } from './schema';
import {
  PAGE_ROWS,
  decodeRows,
  emptyRows,
  encodeRows,
  pageIds,
  setRow,
  STATUS_CUT,
  STATUS_ERROR,
  type SummaryRows,
} from './summary';

/** Request failures surface through `tx.done`; the per-request promises are not awaited. */
export const noop = (): void => undefined;

export type WriteTx = IDBPTransaction<ResultsDb, ('runs' | 'pages' | 'rows' | 'heads')[], 'readwrite'>;

/** Keys of one run's pages (and rows): [runId, 0] … [runId, +∞]. */
export function runRange(runId: string): IDBKeyRange {
  return IDBKeyRange.bound([runId, 0], [runId, Infinity]);
}

interface OpenPage {
  page: number;
  samples: Sample[];
  rows: SummaryRows;
}

/**
 * What this tab knows of a run's layout: where each sample id sits (page × PAGE_ROWS + slot) and the last page, valid
 * while the run's head still has revision `rev` (another tab's write bumps it, and the layout is read again).
 */
interface Layout {
  rev: number;
  at: Map<string, number>;
  open?: OpenPage;
}

const layouts = new Map<string, Layout>();

/** Drop cached layouts (all, or one run's): after closing, clearing, deleting, or a failed write. */
export function forgetLayouts(runId?: string): void {
  if (runId === undefined) layouts.clear();
  else layouts.delete(runId);
}

async function layoutOf(tx: WriteTx, head: RunHead): Promise<Layout> {
  const known = layouts.get(head.runId);
  if (known && known.rev === head.rev) return known;
  const at = new Map<string, number>();
  if (head.pages > 0) {
    const rows = await tx.objectStore('rows').getAll(runRange(head.runId));
    for (const r of rows) pageIds(r).forEach((id, slot) => at.set(id, r.page * PAGE_ROWS + slot));
  }
  const layout: Layout = { rev: head.rev, at };
  layouts.set(head.runId, layout);
  return layout;
}

async function readPage(tx: WriteTx, runId: string, page: number): Promise<OpenPage> {
  const [p, r] = await Promise.all([
    tx.objectStore('pages').get([runId, page]),
    tx.objectStore('rows').get([runId, page]),
  ]);
  if (!p || !r) throw new Error(`Stored results are inconsistent: page ${page} of run ${runId} is missing.`);
  return { page, samples: p.samples.slice(), rows: decodeRows(r) };
}

/**
 * Write `samples` (any runs) inside `tx` and wait for it to commit. New ids are appended to their run's last page
 * (a new page when it is full); known ids are replaced in their slot. Only the touched pages, their rows and the
 * runs' heads are written, so the cost does not depend on how many samples a run already holds.
 */
export async function writeSamples(tx: WriteTx, samples: readonly Sample[], hashes?: readonly number[]): Promise<void> {
  const byRun = new Map<string, number[]>();
  samples.forEach((s, i) => {
    const list = byRun.get(s.runId);
    if (list) list.push(i);
    else byRun.set(s.runId, [i]);
  });
  const touchedRuns = [...byRun.keys()];
  try {
    for (const [runId, items] of byRun) {
      const head: RunHead = (await tx.objectStore('heads').get(runId)) ?? {
        runId,
        pages: 0,
        lastSize: 0,
        rev: 0,
        done: 0,
        error: 0,
        cut: 0,
      };
      const layout = await layoutOf(tx, head);
      const touched = new Map<number, OpenPage>();
      const pageOf = async (page: number): Promise<OpenPage> => {
        let p = touched.get(page);
        if (!p) {
          p = layout.open?.page === page ? layout.open : await readPage(tx, runId, page);
          touched.set(page, p);
        }
        return p;
      };
      for (const i of items) {
        const s = samples[i];
        const loc = layout.at.get(s.id);
        let p: OpenPage;
        let slot: number;
        if (loc !== undefined) {
          p = await pageOf(Math.floor(loc / PAGE_ROWS));
          slot = loc % PAGE_ROWS;
          if (p.rows.status[slot] === STATUS_ERROR) head.error--;
          else head.done--;
          if (p.rows.status[slot] === STATUS_CUT) head.cut = Math.max(0, (head.cut ?? 0) - 1);
        } else {
          if (head.pages === 0 || head.lastSize === PAGE_ROWS) {
            p = { page: head.pages++, samples: [], rows: emptyRows(runId) };
            head.lastSize = 0;
            touched.set(p.page, p);
          } else p = await pageOf(head.pages - 1);
          slot = head.lastSize++;
          layout.at.set(s.id, p.page * PAGE_ROWS + slot);
        }
        p.samples[slot] = s;
        setRow(p.rows, slot, s, hashes?.[i]);
        if (s.status === 'error') head.error++;
        else head.done++;
        if (isCut(s)) head.cut = (head.cut ?? 0) + 1;
      }
      for (const p of touched.values()) {
        tx.objectStore('pages').put({ runId, page: p.page, ids: p.rows.ids.slice(), samples: p.samples }).catch(noop);
        tx.objectStore('rows').put(encodeRows(p.rows, p.page)).catch(noop);
      }
      head.rev++;
      tx.objectStore('heads').put(head).catch(noop);
      layout.rev = head.rev;
      const last = touched.get(head.pages - 1);
      if (last) layout.open = last;
    }
    await tx.done;
  } catch (e) {
    for (const r of touchedRuns) forgetLayouts(r);
    try {
      tx.abort();
    } catch {
      // already finished
    }
    throw e;
  }
}
