// Summary rows of stored samples (ids, codes, content hashes; excerpts apart) kept in blocks of pages beside the samples.
import { effectiveVerdict } from '../core/verdict';
import { V_ERROR, V_NONE, verdictCode } from '../core/stats/counts';
import { M_UNKNOWN, methodCode } from '../core/stats/method-codes';
import { EXCERPT_CHARS, isCut, ROW_CUT, type SummaryColumns } from '../core/stats/sample-table';
import { sampleHash } from '../core/bundle/sample-hash';
import type { Sample } from '../core/types';

/** Slots per page: a page of samples and its page of summary rows hold the same samples in the same slots. */
export const PAGE_ROWS = 64;
/** Pages of summary rows per stored block: the results view reads a few large records rather than many small ones. */
export const BLOCK_PAGES = 16;

/** Block of a page. */
export const blockOf = (page: number): number => Math.floor(page / BLOCK_PAGES);

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

/** The same columns as plain arrays, for updating. */
export interface SummaryRows {
  runId: string;
  ids: string[];
  cond: string[];
  model: string[];
  index: number[];
  /** 0 done, 1 error, 2 done but cut at the max tokens */
  status: number[];
  auto: number[];
  over: number[];
  /** per-method verdict codes (method-codes.ts) */
  meth: number[];
  excerpt: string[];
  hash: number[];
}

export const STATUS_DONE = 0;
export const STATUS_ERROR = 1;
/** a finished sample cut at the max tokens (finish reason "length"); pages stored before v5 wrote STATUS_DONE */
export const STATUS_CUT = ROW_CUT;

export function emptyRows(runId: string): SummaryRows {
  return {
    runId,
    ids: [],
    cond: [],
    model: [],
    index: [],
    status: [],
    auto: [],
    over: [],
    meth: [],
    excerpt: [],
    hash: [],
  };
}

/** What a summary row holds for a sample (derivation only: how rows are stored is the rest of this module). */
export function rowOf(s: Sample): { auto: number; over: number; meth: number; status: number; excerpt: string } {
  const error = s.status === 'error';
  const text = error ? (s.error?.message ?? 'error') : (s.response ?? '');
  return {
    status: error ? STATUS_ERROR : isCut(s) ? STATUS_CUT : STATUS_DONE,
    auto: error ? V_ERROR : verdictCode(effectiveVerdict(s, false)),
    over: error || !s.override ? V_NONE : verdictCode(s.override.verdict),
    meth: methodCode(s),
    excerpt: text.length > EXCERPT_CHARS ? text.slice(0, EXCERPT_CHARS) : text,
  };
}

/** Write sample `s` into row `i` (i may be the next free row); `hash` when already computed (imports). */
export function setRow(r: SummaryRows, i: number, s: Sample, hash = sampleHash(s)): void {
  const v = rowOf(s);
  r.ids[i] = s.id;
  r.cond[i] = s.conditionId;
  r.model[i] = s.model;
  r.index[i] = s.index;
  r.status[i] = v.status;
  r.auto[i] = v.auto;
  r.over[i] = v.over;
  r.meth[i] = v.meth;
  r.excerpt[i] = v.excerpt;
  r.hash[i] = hash;
}

function joined(list: readonly string[]): { text: string; end: Uint32Array } {
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

/** The code of `v` in a dictionary being built (added at the end when new). */
function code(dict: string[], at: Map<string, number>, v: string): number {
  let c = at.get(v);
  if (c === undefined) at.set(v, (c = dict.push(v) - 1));
  return c;
}

/** The ids of a page's rows, without decoding the other columns. */
export function pageIds(s: Pick<RowPage, 'runId' | 'idText' | 'idEnd' | 'conditions' | 'cond' | 'index'>): string[] {
  const ids = split(s.idText, s.idEnd);
  for (let i = 0; i < ids.length; i++) if (!ids[i]) ids[i] = usualId(s.runId, s.conditions[s.cond[i]], s.index[i]);
  return ids;
}

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
