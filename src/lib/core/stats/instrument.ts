// Which classification method a counted rate used, and whether that is the paper's method (so comparisons can say so).
import type { ClassificationMethodId } from '../types';
import type { MethodView } from './method-codes';

/**
 * lab: our rules (optionally with our judge). original: the original study's judge ∧ gates (the paper's method).
 * gates-only: the original's gates without its judge. partly-gates: original verdicts, some of them gates only.
 */
export type Instrument = 'lab' | 'original' | 'gates-only' | 'partly-gates';

export const METHOD_NAMES: Record<ClassificationMethodId, string> = {
  lab: 'lab rules',
  original: "original study's method",
};

/** The instrument of a rate counted under `method` (undefined for 'current', which may mix methods). */
export function instrumentOf(
  method: MethodView | undefined,
  counted: { gatesOnly?: number; interval: { n: number } },
): Instrument | undefined {
  if (method === 'lab') return 'lab';
  if (method !== 'original') return undefined;
  const gatesOnly = counted.gatesOnly ?? 0;
  if (gatesOnly === 0) return 'original';
  return gatesOnly >= counted.interval.n ? 'gates-only' : 'partly-gates';
}

/** Same instrument as the paper's figures: the original method with its judge on every counted verdict. */
export function sameAsPaper(i: Instrument | undefined): boolean {
  return i === 'original';
}

/** Short label, e.g. for a table cell or a chart legend. */
export function instrumentLabel(
  i: Instrument | undefined,
  counted?: { gatesOnly?: number; interval: { n: number } },
): string {
  switch (i) {
    case 'lab':
      return 'lab rules';
    case 'original':
      return "original study's method";
    case 'gates-only':
      return 'original gates only (no judge)';
    case 'partly-gates':
      return counted
        ? `original method, ${counted.gatesOnly ?? 0} of ${counted.interval.n} by gates only`
        : 'original method, partly gates only';
    default:
      return 'latest verdict of any method';
  }
}

/** One sentence on comparability with the paper, shown beside every paper comparison. */
export function comparabilityNote(i: Instrument | undefined): string {
  if (sameAsPaper(i)) return "Same classification method as the paper (the original study's judge and gates).";
  if (i === 'lab')
    return "Not the paper's method: our rate uses the lab rules, the paper's the original study's judge and gates.";
  if (i === 'gates-only' || i === 'partly-gates')
    return "Not the paper's method: some or all of our verdicts are the original gates without its judge (an upper bound).";
  return 'Method not fixed: the latest verdict of any method is counted, so the comparison with the paper may mix methods.';
}
