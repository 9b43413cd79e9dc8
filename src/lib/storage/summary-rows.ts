// A page's summary rows as plain arrays while a write updates them, and what a row holds for a sample.
import { effectiveVerdict } from '../core/verdict';
import { V_ERROR, V_NONE, verdictCode } from '../core/stats/counts';
import { methodCode } from '../core/stats/method-codes';
import { EXCERPT_CHARS, isCut } from '../core/stats/sample-table';
import { sampleHash } from '../core/bundle/sample-hash';
import type { Sample } from '../core/types';
import { STATUS_CUT, STATUS_DONE, STATUS_ERROR } from './summary-records';

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

/** What a summary row holds for a sample (derivation only: how rows are stored is summary-codec.ts). */
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
