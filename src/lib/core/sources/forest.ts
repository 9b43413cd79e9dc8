// Forest-plot rows for one model × condition: the paper, each source (split by prompts and method), and the pooled rate.
import { paperModelName, paperRate } from '../paper-figures';
import { emptyCounts, addVerdict, rateOf, V_UNCLASSIFIED, type Counts } from '../stats/counts';
import { autoFor, type MethodView } from '../stats/method-codes';
import type { ClassificationMethodId } from '../types';
import { differsFromPooled, poolRandomEffects, type Pooled } from '../stats/meta';
import type { RateInterval } from '../stats/wilson';
import type { SourceKind, SourceTable } from './source-table';

/** The paper's prompts and classifier, as a pack/method pair no replication shares by accident. */
export const PAPER_PACK = 'paper';
export const PAPER_METHOD = 'original';

export interface ForestRow {
  key: string;
  label: string;
  kind: SourceKind | 'paper';
  sourceId: string;
  packId: string;
  packHash: string;
  method: string;
  /** the models this row pooled (their ids as recorded) */
  models: string[];
  counts?: Counts;
  interval: RateInterval;
  /** prompts or method differ from the reference: 'prompts', 'method' */
  mismatch: ('prompts' | 'method')[];
  /** counted in the pooled estimate */
  pooled: boolean;
  /** the pooled rate lies outside this row's 95% interval */
  differs: boolean;
}

export interface Forest {
  rows: ForestRow[];
  pooled: Pooled | null;
  reference: { packHash: string; method: string } | null;
}

const METHODS: readonly ClassificationMethodId[] = ['lab', 'original'];

/** Models are matched by the paper's name when the paper tested them, else by their id as recorded. */
export function modelKey(model: string): string {
  return paperModelName(model) ?? model;
}

/**
 * Rows for `model` (a model key) on `conditionId` across `sources`. Each source gives one row per distinct prompt pack
 * and classification method of its matching samples' verdicts, each counting that method's verdicts only. The reference pack and method are those of the replication rows with the most
 * classified samples; rows that differ are marked and left out of the pool unless `poolAcross` is set.
 */
export function forestRows(
  sources: readonly SourceTable[],
  model: string,
  conditionId: string,
  opts: { useOverrides: boolean; poolAcross: boolean; includePaper: boolean },
): Forest {
  const rows: ForestRow[] = [];
  for (const st of sources) {
    const t = st.table;
    const cond = t.conditions.indexOf(conditionId);
    if (cond < 0) continue;
    const modelOk = t.models.map((m) => modelKey(m) === model);
    const groups = new Map<string, { counts: Counts; run: number; method: string; models: Set<string> }>();
    const count = (row: number, method: string, view: MethodView): void => {
      const meta = st.runMeta[t.run[row]];
      const g = `${meta.packHash}\u0000${method}`;
      let e = groups.get(g);
      if (!e) groups.set(g, (e = { counts: emptyCounts(), run: t.run[row], method, models: new Set() }));
      addVerdict(e.counts, t.verdictAt(row, opts.useOverrides, view), t.reviewedAt(row));
      e.models.add(t.models[t.model[row]]);
    };
    for (let row = 0; row < t.size; row++) {
      if (t.cond[row] !== cond || !modelOk[t.model[row]]) continue;
      // each method's verdict in its own row (a sample classified both ways counts in both), never one mixed count;
      // a sample with no verdict (failed, or not classified yet) counts where its run's verdicts mostly are
      let counted = false;
      for (const m of METHODS)
        if (autoFor(t.auto[row], t.meth[row], m) < V_UNCLASSIFIED) {
          count(row, m, m);
          counted = true;
        }
      if (!counted) count(row, st.runMeta[t.run[row]].method, 'current');
    }
    for (const [g, e] of groups) {
      const meta = st.runMeta[e.run];
      rows.push({
        key: `${st.source.id}\u0000${g}`,
        label:
          groups.size > 1
            ? `${st.source.label} (${meta.packId} ${meta.packHash.slice(0, 8)}, ${e.method})`
            : st.source.label,
        kind: st.source.kind,
        sourceId: st.source.id,
        packId: meta.packId,
        packHash: meta.packHash,
        method: e.method,
        models: [...e.models].sort(),
        counts: e.counts,
        interval: rateOf(e.counts),
        mismatch: [],
        pooled: false,
        differs: false,
      });
    }
  }
  const byN = new Map<string, number>();
  for (const r of rows) {
    const g = `${r.packHash}\u0000${r.method}`;
    byN.set(g, (byN.get(g) ?? 0) + r.interval.n);
  }
  const best = [...byN].sort((a, b) => b[1] - a[1])[0];
  const reference = best ? { packHash: best[0].split('\u0000')[0], method: best[0].split('\u0000')[1] } : null;
  const paper = opts.includePaper ? paperRate(model, conditionId) : undefined;
  if (paper)
    rows.unshift({
      key: 'paper',
      label: `Paper (${paper.figure}, ${paper.model})`,
      kind: 'paper',
      sourceId: 'paper',
      packId: PAPER_PACK,
      packHash: PAPER_PACK,
      method: PAPER_METHOD,
      models: [paper.model],
      interval: paper.interval,
      mismatch: [],
      pooled: false,
      differs: false,
    });
  for (const r of rows) {
    if (reference) {
      if (r.packHash !== reference.packHash) r.mismatch.push('prompts');
      if (r.method !== reference.method) r.mismatch.push('method');
    }
    // the paper alone (no replication to compare) is not a pooled estimate
    r.pooled =
      r.interval.n > 0 && (opts.poolAcross || r.mismatch.length === 0) && (reference !== null || r.kind !== 'paper');
  }
  const pooled = poolRandomEffects(rows.filter((r) => r.pooled).map((r) => r.interval));
  for (const r of rows) r.differs = differsFromPooled(r.interval, pooled);
  return { rows, pooled, reference };
}
