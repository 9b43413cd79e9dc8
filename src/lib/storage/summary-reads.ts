// Reads of the summary rows (content hashes, per-run summaries) and of the excerpts of the rows on screen.
import { blockPages, PAGE_ROWS, type RowPage, type RunSummary } from './summary-records';
import { excerptsOf, pageIds } from './summary-codec';
import { joinPages } from './summary';
import { runRange } from './pages';
import { db } from './connection';

/** Stored content hashes of the samples of `runIds` (from their rows), for merges that skip identical samples. */
export async function storedHashes(runIds: readonly string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const runId of runIds) {
    for (const r of await runRows(runId)) {
      const ids = pageIds(r);
      for (let i = 0; i < ids.length; i++) out.set(ids[i], r.hash[i]);
    }
  }
  return out;
}

/** The summary row pages of one run, in page order. */
export async function runRows(runId: string): Promise<RowPage[]> {
  return (await (await db()).getAll('blocks', runRange(runId))).flatMap(blockPages);
}

/**
 * Per-run summaries (all runs, or `runIds`), in run id order, each its row pages joined in append order. Without the
 * response excerpts: `getExcerpts` reads those for the rows shown.
 */
export async function loadSummaries(opts: { runIds?: string[] } = {}): Promise<RunSummary[]> {
  const d = await db();
  const blocks = opts.runIds
    ? (await Promise.all(opts.runIds.map((id) => d.getAll('blocks', runRange(id))))).flat()
    : await d.getAll('blocks');
  const byRun = new Map<string, RowPage[]>();
  for (const b of blocks) {
    const list = byRun.get(b.runId);
    if (list) list.push(...blockPages(b));
    else byRun.set(b.runId, blockPages(b));
  }
  return [...byRun]
    .map(([runId, list]) => joinPages(runId, list))
    .sort((a, b) => (a.runId < b.runId ? -1 : a.runId > b.runId ? 1 : 0));
}

/**
 * Response excerpts of samples by where their summary says they are (`RunSummary.loc`), in one read transaction:
 * one entry per request, '' when nothing is stored there.
 */
export async function getExcerpts(at: readonly { runId: string; loc: number }[]): Promise<string[]> {
  const store = (await db()).transaction('excerpts').store;
  const pages = new Map<string, Promise<string[]>>();
  return Promise.all(
    at.map(async ({ runId, loc }) => {
      const page = Math.floor(loc / PAGE_ROWS);
      const key = `${page} ${runId}`;
      let texts = pages.get(key);
      if (!texts) {
        texts = store.get([runId, page]).then((e) => (e ? excerptsOf(e) : []));
        pages.set(key, texts);
      }
      return (await texts)[loc % PAGE_ROWS] ?? '';
    }),
  );
}

/** Sample ids of a run (from its summary rows), for resume bookkeeping and merge checks. */
export async function listSampleIds(runId: string): Promise<string[]> {
  return (await runRows(runId)).flatMap((r) => pageIds(r));
}
