// The compare view's link (model × condition or a paper figure, pooling choice, extra bundle links) and what it plots.
import { paperFigures, PAPER_MODELS } from '../paper-figures';
import { toCsv, type CsvCell } from '../csv';
import { modelKey, type Forest } from './forest';
import type { SourceTable } from './source-table';

export interface CompareQuery {
  /** a model key (the paper's name when the paper tested it) */
  model: string;
  conditionId: string;
  /** a paper figure id: plot each of its model × condition pairs that some source has data for */
  fig: string;
  /** pool across sources whose prompts or method differ */
  across: boolean;
  useOverrides: boolean;
  /** bundle links to add as sources */
  src: string[];
}

export interface Pair {
  model: string;
  conditionId: string;
}

export function parseCompare(q: URLSearchParams): CompareQuery {
  const fig = q.get('fig') ?? '';
  return {
    model: q.get('model') ?? '',
    conditionId: q.get('condition') ?? '',
    fig: paperFigures().some((f) => f.id === fig) ? fig : '',
    across: q.get('across') === '1',
    useOverrides: q.get('overrides') !== '0',
    src: q.getAll('src').filter(Boolean),
  };
}

export function compareToQuery(c: CompareQuery): URLSearchParams {
  const q = new URLSearchParams();
  if (c.fig) q.set('fig', c.fig);
  else {
    if (c.model) q.set('model', c.model);
    if (c.conditionId) q.set('condition', c.conditionId);
  }
  if (c.across) q.set('across', '1');
  if (!c.useOverrides) q.set('overrides', '0');
  for (const s of c.src) q.append('src', s);
  return q;
}

const pairKey = (model: string, conditionId: string) => `${model}\u0000${conditionId}`;

/** How many sources have classified or pending samples for each model key × condition. */
export function pairCounts(sources: readonly SourceTable[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const { table: t } of sources) {
    const seen = new Set<string>();
    const keys = t.models.map(modelKey);
    for (let row = 0; row < t.size; row++) seen.add(pairKey(keys[t.model[row]], t.conditions[t.cond[row]]));
    for (const k of seen) out.set(k, (out.get(k) ?? 0) + 1);
  }
  return out;
}

/** Model keys with data in any source, the paper's models first in its order. */
export function modelOptions(counts: Map<string, number>): string[] {
  const models = new Set([...counts.keys()].map((k) => k.split('\u0000')[0]));
  const paper = PAPER_MODELS.filter((m) => models.has(m));
  return [...paper, ...[...models].filter((m) => !PAPER_MODELS.includes(m)).sort()];
}

/** Conditions with data for `model` in any source. */
export function conditionOptions(counts: Map<string, number>, model: string): string[] {
  const out: string[] = [];
  for (const k of counts.keys()) {
    const [m, c] = k.split('\u0000');
    if (m === model) out.push(c);
  }
  return out.sort();
}

/**
 * The pairs to plot: a figure's pairs that some source has data for, else the chosen model × condition, else the pair
 * the most sources share (so the view opens on something).
 */
export function comparePairs(c: CompareQuery, counts: Map<string, number>): Pair[] {
  if (c.fig) {
    const f = paperFigures().find((x) => x.id === c.fig);
    return (f?.pairs ?? []).filter((p) => counts.has(pairKey(p.model, p.conditionId)));
  }
  if (c.model && c.conditionId) return [{ model: c.model, conditionId: c.conditionId }];
  let best: [string, number] | undefined;
  for (const e of counts) if (!best || e[1] > best[1] || (e[1] === best[1] && e[0] < best[0])) best = e;
  if (!best) return [];
  const [model, conditionId] = best[0].split('\u0000');
  return [{ model, conditionId }];
}

/** The forest's rows and pooled estimate as CSV (the plot's data download). */
export function forestCsv(f: Forest, pair: Pair): string {
  const rows: CsvCell[][] = f.rows.map((r) => [
    pair.model,
    pair.conditionId,
    r.label,
    r.kind,
    r.packHash,
    r.method,
    r.interval.k,
    r.interval.n,
    r.interval.rate,
    r.interval.lo,
    r.interval.hi,
    r.mismatch.join(' '),
    r.pooled,
    r.differs,
  ]);
  const p = f.pooled;
  if (p)
    rows.push([pair.model, pair.conditionId, 'pooled (random effects)', 'pooled', '', '', '', '', p.rate, p.lo, p.hi]);
  const header = ['model', 'condition', 'source', 'kind', 'pack_hash', 'method', 'harmful', 'classified', 'rate'];
  header.push('ci_low', 'ci_high', 'differs_in', 'pooled', 'differs_from_pooled');
  return toCsv(header, rows);
}
