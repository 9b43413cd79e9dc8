// Appends and replaces samples in their runs' pages of up to PAGE_ROWS (samples, row blocks, excerpts, head): constant cost per write.
import type { IDBPTransaction } from 'idb';
import type { Sample } from '../core/types';
import { isCut } from '../core/stats/sample-table';
import { sampleHash } from '../core/bundle/sample-hash';
import type { ResultsDb, RunHead } from './schema';
import { blockOf, blockPages, PAGE_ROWS, STATUS_CUT, STATUS_ERROR, type RowPage } from './summary-records';
import { emptyRows, setRow, type SummaryRows } from './summary-rows';
import { decodeRows, encodeExcerpts, encodeRows, pageIds, withPages } from './summary-codec';

/** New samples of one run in one write from which they go to a new page instead of the partly filled last one. */
const NEW_PAGE_AT = PAGE_ROWS / 4;

/** Request failures surface through `tx.done`; the per-request promises are not awaited. */
export const noop = (): void => undefined;

export type WriteTx = IDBPTransaction<
  ResultsDb,
  ('runs' | 'samplePages' | 'blocks' | 'excerpts' | 'heads')[],
  'readwrite'
>;

/** A transaction that can find samples by id (`locate`): their runs' heads and row blocks. */
export type LookupTx = IDBPTransaction<ResultsDb, ('heads' | 'blocks' | 'samplePages')[], IDBTransactionMode>;

/** Keys of one run's pages (and row blocks, excerpts): [runId, 0] … [runId, +∞]. */
export function runRange(runId: string): IDBKeyRange {
  return IDBKeyRange.bound([runId, 0], [runId, Infinity]);
}

interface OpenPage {
  page: number;
  samples: Sample[];
  rows: SummaryRows;
}

/**
 * What this tab knows of a run's layout: where each sample id sits (page × PAGE_ROWS + slot), the last page and the
 * row pages of its block, valid while the run's head still has revision `rev` (another tab's write bumps it, and the
 * layout is read again).
 */
interface Layout {
  rev: number;
  at: Map<string, number>;
  open?: OpenPage;
  openBlock?: { block: number; pages: RowPage[] };
}

const layouts = new Map<string, Layout>();

/** Drop cached layouts (all, or one run's): after closing, clearing, deleting, or a failed write. */
export function forgetLayouts(runId?: string): void {
  if (runId === undefined) layouts.clear();
  else layouts.delete(runId);
}

async function layoutOf(tx: WriteTx | LookupTx, head: RunHead): Promise<Layout> {
  const known = layouts.get(head.runId);
  if (known && known.rev === head.rev) return known;
  const at = new Map<string, number>();
  if (head.pages > 0) {
    const blocks = await (tx as LookupTx).objectStore('blocks').getAll(runRange(head.runId));
    for (const b of blocks)
      for (const r of blockPages(b)) pageIds(r).forEach((id, slot) => at.set(id, r.page * PAGE_ROWS + slot));
  }
  const layout: Layout = { rev: head.rev, at };
  layouts.set(head.runId, layout);
  return layout;
}

/** Where a stored sample is: its run, and page × PAGE_ROWS + slot. */
export interface SampleAt {
  runId: string;
  loc: number;
}

/**
 * Where the samples with these ids are stored (those that are), from their runs' summary rows: the layout of a run is
 * read once and kept while its head's revision holds. A usual id starts with its run's id and '/', so those runs are
 * looked in first (their heads read one by one: a few); ids not found there are looked for in every other run, whose
 * heads are read in one `getAll`.
 */
export async function locate(tx: WriteTx | LookupTx, ids: readonly string[]): Promise<Map<string, SampleAt>> {
  const heads = (tx as LookupTx).objectStore('heads');
  const runIds = new Set(await heads.getAllKeys());
  const found = new Map<string, SampleAt>();
  const search = async (runHeads: readonly RunHead[]): Promise<void> => {
    const layouts = await Promise.all(
      runHeads.map(async (head) => ({ runId: head.runId, layout: await layoutOf(tx, head) })),
    );
    for (const id of ids) {
      if (found.has(id)) continue;
      for (const { runId, layout } of layouts) {
        const loc = layout.at.get(id);
        if (loc !== undefined) {
          found.set(id, { runId, loc });
          break;
        }
      }
    }
  };
  const prefixed = new Set<string>();
  for (const id of ids)
    for (let i = id.indexOf('/'); i > 0; i = id.indexOf('/', i + 1)) {
      const r = id.slice(0, i);
      if (runIds.has(r)) prefixed.add(r);
    }
  const prefixedHeads = await Promise.all([...prefixed].map((runId) => heads.get(runId)));
  await search(prefixedHeads.filter((h): h is RunHead => h !== undefined));
  if (found.size < new Set(ids).size) await search((await heads.getAll()).filter((h) => !prefixed.has(h.runId)));
  return found;
}

async function readBlock(tx: WriteTx, runId: string, block: number): Promise<RowPage[]> {
  const b = await tx.objectStore('blocks').get([runId, block]);
  return b ? blockPages(b) : [];
}

async function readPage(tx: WriteTx, runId: string, page: number, block: RowPage[]): Promise<OpenPage> {
  const p = await tx.objectStore('samplePages').get([runId, page]);
  const r = block.find((x) => x.page === page);
  if (!p || !r) throw new Error(`Stored results are inconsistent: page ${page} of run ${runId} is missing.`);
  return { page, samples: p.samples.slice(), rows: decodeRows(r, p.samples) };
}

/**
 * Write `samples` (any runs) inside `tx` and wait for it to commit. New ids are appended to their run's last page
 * (a new page when it is full, or when a write brings NEW_PAGE_AT or more new ids of the run); known ids are replaced
 * in their slot. Only the touched pages, their excerpts, their blocks of rows (BLOCK_PAGES pages) and the runs' heads
 * are written, so the cost does not depend on how many samples a run already holds.
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
    // every run's head and layout requested at once, not one round trip per run
    const reading = Promise.all(
      touchedRuns.map(async (runId) => {
        const head: RunHead = (await tx.objectStore('heads').get(runId)) ?? {
          runId,
          pages: 0,
          lastSize: 0,
          rev: 0,
          done: 0,
          error: 0,
          cut: 0,
        };
        return { head, layout: await layoutOf(tx, head) };
      }),
    );
    // the content hashes are worked out while those reads are in flight (the main-thread share of a write)
    reading.catch(noop); // rejections surface below
    const contentHashes = hashes ?? samples.map(sampleHash);
    const heads = await reading;
    for (const [r, [runId, items]] of [...byRun].entries()) {
      const { head, layout } = heads[r];
      // Many new samples start a new page rather than rewriting the partly filled last one with them (a page need
      // not be full): a batch then writes each sample once. A few (the runner's writes) fill the last page.
      const fresh = new Set<string>();
      for (const i of items) if (!layout.at.has(samples[i].id)) fresh.add(samples[i].id);
      let startNewPage = head.lastSize > 0 && fresh.size >= NEW_PAGE_AT;
      const touched = new Map<number, OpenPage>();
      // row pages of the blocks this write touches, as stored (or as this tab last wrote the open block)
      const blocks = new Map<number, RowPage[]>();
      if (layout.openBlock) blocks.set(layout.openBlock.block, layout.openBlock.pages);
      const blockRows = async (block: number): Promise<RowPage[]> => {
        let b = blocks.get(block);
        if (!b) blocks.set(block, (b = await readBlock(tx, runId, block)));
        return b;
      };
      const pageOf = async (page: number): Promise<OpenPage> => {
        let p = touched.get(page);
        if (!p) {
          p =
            layout.open?.page === page ? layout.open : await readPage(tx, runId, page, await blockRows(blockOf(page)));
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
          if (head.pages === 0 || head.lastSize === PAGE_ROWS || startNewPage) {
            startNewPage = false;
            p = { page: head.pages++, samples: [], rows: emptyRows(runId) };
            head.lastSize = 0;
            touched.set(p.page, p);
          } else p = await pageOf(head.pages - 1);
          slot = head.lastSize++;
          layout.at.set(s.id, p.page * PAGE_ROWS + slot);
        }
        p.samples[slot] = s;
        setRow(p.rows, slot, s, contentHashes[i]);
        if (s.status === 'error') head.error++;
        else head.done++;
        if (isCut(s)) head.cut = (head.cut ?? 0) + 1;
      }
      const byBlock = new Map<number, RowPage[]>();
      for (const p of touched.values()) {
        const record = { runId, page: p.page, ids: p.rows.ids.slice(), samples: p.samples };
        tx.objectStore('samplePages').put(record, [runId, p.page]).catch(noop);
        tx.objectStore('excerpts').put(encodeExcerpts(p.rows, p.page)).catch(noop);
        const b = blockOf(p.page);
        const list = byBlock.get(b);
        if (list) list.push(encodeRows(p.rows, p.page));
        else byBlock.set(b, [encodeRows(p.rows, p.page)]);
      }
      for (const [b, pages] of byBlock) {
        const record = withPages(runId, b, await blockRows(b), pages);
        tx.objectStore('blocks').put(record).catch(noop);
        blocks.set(b, blockPages(record));
      }
      head.rev++;
      tx.objectStore('heads').put(head).catch(noop);
      layout.rev = head.rev;
      const last = touched.get(head.pages - 1);
      if (last) layout.open = last;
      const lastBlock = blockOf(Math.max(0, head.pages - 1));
      const open = blocks.get(lastBlock);
      layout.openBlock = open ? { block: lastBlock, pages: open } : undefined;
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
