// Which rows of a sample table pass the filters: facet checks are decided once per distinct value, not per sample.
import { conditionMatches, engineSourceMatches, modelMatches, stateMatches, type Filters } from '../filters';
import { VERDICT_FACETS } from './counts';
import type { SampleTable } from './sample-table';
import type { MethodView } from './method-codes';

/**
 * Indices of the rows that pass `f`. `textHits` (one byte per row, 1 = matched the free-text query) is
 * required when `f.q` is set, because the table keeps only excerpts; build it with a pass over storage. The verdict
 * facet reads the verdicts of `method` (see `SampleTable.verdictAt`).
 */
export function selectRows(
  t: SampleTable,
  f: Filters,
  useOverrides: boolean,
  textHits?: Uint8Array | null,
  method: MethodView = 'current',
): Uint32Array {
  const condOk = t.conditions.map((id, i) => conditionMatches(f, id, t.parsed[i]));
  const modelOk = t.models.map((m) => modelMatches(f, m));
  const runOk = t.runs.map((r) => engineSourceMatches(f, r.engine, r.source));
  const verdictOk = VERDICT_FACETS.map((v) => stateMatches({ ...f, reviewed: '' }, v, false));
  const reviewed = f.reviewed;
  const useText = f.q !== '' && textHits;
  const out = new Uint32Array(t.size);
  let n = 0;
  for (let row = 0; row < t.size; row++) {
    if (!condOk[t.cond[row]] || !modelOk[t.model[row]] || !runOk[t.run[row]]) continue;
    if (!verdictOk[t.verdictAt(row, useOverrides, method)]) continue;
    if (reviewed !== '' && (reviewed === 'yes') !== t.reviewedAt(row)) continue;
    if (useText && !textHits[row]) continue;
    out[n++] = row;
  }
  return out.slice(0, n);
}
