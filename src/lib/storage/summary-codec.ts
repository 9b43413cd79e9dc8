// How summary rows are stored: a page's rows encoded to columns (ids left out when usual, dictionaries) and back.
import { M_UNKNOWN } from '../core/stats/method-codes';
import type { Sample } from '../core/types';
import type { ExcerptPage, RowBlock, RowPage, StoredRowPage } from './summary-records';
import { rowOf, type SummaryRows } from './summary-rows';

/** Strings stored as one text and the end offset of each. */
export function joined(list: readonly string[]): { text: string; end: Uint32Array } {
  const end = new Uint32Array(list.length);
  let n = 0;
  for (let i = 0; i < list.length; i++) end[i] = n += list[i].length;
  return { text: list.join(''), end };
}

function split(text: string, end: Uint32Array): string[] {
  const out = new Array<string>(end.length);
  let start = 0;
  for (let i = 0; i < end.length; i++) {
    out[i] = text.slice(start, end[i]);
    start = end[i];
  }
  return out;
}

function dictionary(values: readonly string[]): { dict: string[]; codes: Uint32Array } {
  const idx = new Map<string, number>();
  const dict: string[] = [];
  const codes = new Uint32Array(values.length);
  values.forEach((v, i) => {
    let c = idx.get(v);
    if (c === undefined) {
      c = dict.length;
      idx.set(v, c);
      dict.push(v);
    }
    codes[i] = c;
  });
  return { dict, codes };
}

/** The code of `v` in a dictionary being built (added at the end when new). */
export function code(dict: string[], at: Map<string, number>, v: string): number {
  let c = at.get(v);
  if (c === undefined) at.set(v, (c = dict.push(v) - 1));
  return c;
}

/** The id a sample of run `runId`, condition `cond` and index `index` has (the runner's and the bundle spec's). */
const usualId = (runId: string, cond: string, index: number): string => `${runId}/${cond}/${index}`;

/**
 * Stored rows keep an id only when it is not the usual one (`usualId`): the usual one is stored as '' (ids are never
 * empty) and rebuilt when read, so the results view reads a fraction of the text (from v8; v7 rows hold every id).
 */
export function encodeRows(r: SummaryRows, page: number): RowPage {
  const ids = joined(r.ids.map((id, i) => (id === usualId(r.runId, r.cond[i], r.index[i]) ? '' : id)));
  const cond = dictionary(r.cond);
  const model = dictionary(r.model);
  return {
    runId: r.runId,
    page,
    idText: ids.text,
    idEnd: ids.end,
    conditions: cond.dict,
    cond: cond.codes,
    models: model.dict,
    model: model.codes,
    index: Uint32Array.from(r.index),
    status: Uint8Array.from(r.status),
    auto: Uint8Array.from(r.auto),
    over: Uint8Array.from(r.over),
    meth: Uint8Array.from(r.meth),
    hash: Float64Array.from(r.hash),
  };
}

export function encodeExcerpts(r: SummaryRows, page: number): ExcerptPage {
  const ex = joined(r.excerpt);
  return { runId: r.runId, page, text: ex.text, end: ex.end };
}

/** The rows of a stored page; `samples` (the page's, same slots) give the excerpts. */
export function decodeRows(s: RowPage, samples: readonly Sample[]): SummaryRows {
  return {
    runId: s.runId,
    ids: pageIds(s),
    cond: Array.from(s.cond, (c) => s.conditions[c]),
    model: Array.from(s.model, (c) => s.models[c]),
    index: Array.from(s.index),
    status: Array.from(s.status),
    auto: Array.from(s.auto),
    over: Array.from(s.over),
    meth: s.meth ? Array.from(s.meth) : Array.from(s.over, () => M_UNKNOWN),
    excerpt: samples.map((x) => rowOf(x).excerpt),
    hash: Array.from(s.hash),
  };
}

/** The excerpts of a stored page, by slot. */
export function excerptsOf(e: ExcerptPage): string[] {
  return split(e.text, e.end);
}

/** A block record with `pages` put in (replacing those with the same page number), pages in order, one dictionary. */
export function withPages(runId: string, block: number, old: readonly RowPage[], pages: readonly RowPage[]): RowBlock {
  const at = new Map(old.map((p) => [p.page, p]));
  for (const p of pages) at.set(p.page, p);
  const conditions: string[] = [];
  const models: string[] = [];
  const condAt = new Map<string, number>();
  const modelAt = new Map<string, number>();
  const stored = [...at.values()]
    .sort((a, b) => a.page - b.page)
    .map(({ conditions: pc, models: pm, ...p }): StoredRowPage => {
      const cm = pc.map((c) => code(conditions, condAt, c));
      const mm = pm.map((m) => code(models, modelAt, m));
      return { ...p, cond: p.cond.map((c) => cm[c]), model: p.model.map((m) => mm[m]) };
    });
  return { runId, block, pages: stored, conditions, models };
}

/** The ids of a page's rows, without decoding the other columns. */
export function pageIds(s: Pick<RowPage, 'runId' | 'idText' | 'idEnd' | 'conditions' | 'cond' | 'index'>): string[] {
  const ids = split(s.idText, s.idEnd);
  for (let i = 0; i < ids.length; i++) if (!ids[i]) ids[i] = usualId(s.runId, s.conditions[s.cond[i]], s.index[i]);
  return ids;
}
