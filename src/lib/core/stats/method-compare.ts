// Rates under both classification methods on the same samples (those with a verdict of each), with their agreement.
import { agreement, type Agreement } from '../classify/combine';
import { verdictFacet, V_ERROR, V_UNCLASSIFIED } from './counts';
import { M_UNKNOWN } from './method-codes';
import type { SampleTable } from './sample-table';
import { wilson, type RateInterval } from './wilson';

export interface MethodPair {
  model: string;
  conditionId: string;
  /** samples classified (harmful or not) by both methods */
  lab: RateInterval;
  original: RateInterval;
  /** lab in the `rules` slots, original in the `judge` slots */
  agreement: Agreement;
}

export interface MethodComparison {
  /** one per (model, condition) with at least one sample carrying both verdicts; sorted by model, condition */
  cells: MethodPair[];
  total: Omit<MethodPair, 'model' | 'conditionId'>;
  /** rows of the samples whose two verdicts differ (both classified), in selection order */
  disagreeing: number[];
}

type Pair = { rules: 'harmful' | 'not-harmful'; judge: 'harmful' | 'not-harmful' };

function summarise(pairs: Pair[]): Omit<MethodPair, 'model' | 'conditionId'> {
  const n = pairs.length;
  const lab = pairs.filter((p) => p.rules === 'harmful').length;
  const original = pairs.filter((p) => p.judge === 'harmful').length;
  return { lab: wilson(lab, n), original: wilson(original, n), agreement: agreement(pairs) };
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Both methods' automatic verdicts (overrides are not a method, so they are left out) on the selected rows that have
 * a classified verdict of each. Rows whose summary predates method codes have no known original verdict.
 */
export function compareMethods(t: SampleTable, rows: ArrayLike<number>): MethodComparison {
  const byCell = new Map<string, { model: string; conditionId: string; pairs: Pair[] }>();
  const all: Pair[] = [];
  const disagreeing: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const m = t.meth[row];
    if (m === M_UNKNOWN || t.auto[row] === V_ERROR) continue;
    const lab = m & 3;
    const orig = (m >> 2) & 3;
    if (lab >= V_UNCLASSIFIED || orig >= V_UNCLASSIFIED) continue;
    const pair = { rules: verdictFacet(lab), judge: verdictFacet(orig) } as Pair;
    const key = `${t.model[row]}\u0000${t.cond[row]}`;
    let c = byCell.get(key);
    if (!c) byCell.set(key, (c = { model: t.modelOfRow(row), conditionId: t.conditionIdOf(row), pairs: [] }));
    c.pairs.push(pair);
    all.push(pair);
    if (lab !== orig) disagreeing.push(row);
  }
  const cells = [...byCell.values()]
    .map((c) => ({ model: c.model, conditionId: c.conditionId, ...summarise(c.pairs) }))
    .sort((a, b) => byText(a.model, b.model) || byText(a.conditionId, b.conditionId));
  return { cells, total: summarise(all), disagreeing };
}
