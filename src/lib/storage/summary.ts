// Per-run summaries as the results view reads them: a run's row pages joined, or samples in memory summarised.
import { M_UNKNOWN } from '../core/stats/method-codes';
import type { Sample } from '../core/types';
import { PAGE_ROWS, type RowPage, type RunSummary } from './summary-records';
import { emptyRows, setRow, type SummaryRows } from './summary-rows';
import { code, encodeRows, joined, pageIds } from './summary-codec';

// the rest of the summary rows' API, as this module exported it before it was split by responsibility
export * from './summary-records';
export * from './summary-rows';
export { decodeRows, encodeExcerpts, encodeRows, excerptsOf, pageIds, withPages } from './summary-codec';

/** One run's summary from its row pages (in page order): columns concatenated, dictionaries merged, no excerpts. */
export function joinPages(runId: string, pages: readonly RowPage[]): RunSummary {
  let rows = 0;
  for (const p of pages) rows += p.idEnd.length;
  const loc = new Uint32Array(rows);
  if (pages.length === 1) {
    const { page, hash: _h, ...only } = pages[0];
    for (let i = 0; i < rows; i++) loc[i] = page * PAGE_ROWS + i;
    const ids = joined(pageIds(only));
    return { ...only, idText: ids.text, idEnd: ids.end, runId, loc };
  }
  const out = {
    idEnd: new Uint32Array(rows),
    cond: new Uint32Array(rows),
    model: new Uint32Array(rows),
    index: new Uint32Array(rows),
    status: new Uint8Array(rows),
    auto: new Uint8Array(rows),
    over: new Uint8Array(rows),
    meth: new Uint8Array(rows),
  };
  const conditions: string[] = [];
  const models: string[] = [];
  const condAt = new Map<string, number>();
  const modelAt = new Map<string, number>();
  const idParts: string[] = [];
  let row = 0;
  let idBase = 0;
  for (const p of pages) {
    const condMap = p.conditions.map((c) => code(conditions, condAt, c));
    const modelMap = p.models.map((m) => code(models, modelAt, m));
    const first = row;
    const ids = pageIds(p);
    for (let i = 0; i < ids.length; i++, row++) {
      idBase += ids[i].length;
      out.idEnd[row] = idBase;
      out.cond[row] = condMap[p.cond[i]];
      out.model[row] = modelMap[p.model[i]];
      loc[row] = p.page * PAGE_ROWS + i;
    }
    out.index.set(p.index, first);
    out.status.set(p.status, first);
    out.auto.set(p.auto, first);
    out.over.set(p.over, first);
    if (p.meth) out.meth.set(p.meth, first);
    else out.meth.fill(M_UNKNOWN, first, row);
    idParts.push(ids.join(''));
  }
  return { runId, idText: idParts.join(''), conditions, models, loc, ...out };
}

/**
 * Summaries of the given samples, one per run, rows in the order given (what storage holds after appending them to
 * empty runs), with their excerpts.
 */
export function summarize(samples: readonly Sample[]): RunSummary[] {
  const byRun = new Map<string, SummaryRows>();
  for (const s of samples) {
    let r = byRun.get(s.runId);
    if (!r) byRun.set(s.runId, (r = emptyRows(s.runId)));
    setRow(r, r.ids.length, s);
  }
  return [...byRun.values()].map((r) => {
    const ex = joined(r.excerpt);
    return { ...joinPages(r.runId, [encodeRows(r, 0)]), excerptText: ex.text, excerptEnd: ex.end };
  });
}
