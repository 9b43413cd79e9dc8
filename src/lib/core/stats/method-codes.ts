// One byte per sample saying what each classification method concluded, so views can switch method without full samples.
import { currentClassification } from '../verdict';
import type { ClassificationMethodId, Sample } from '../types';
import { V_ERROR, V_UNCLASSIFIED, verdictCode } from './counts';

/** Which verdict a view counts: the latest of any method (as stored), or the latest of one method. */
export type MethodView = 'current' | ClassificationMethodId;

/** Unknown: a summary stored before method codes existed. */
export const M_UNKNOWN = 255;
const GATES_ONLY = 1 << 4;
const CURRENT_ORIGINAL = 1 << 5;

/** bits 0-1 lab verdict code, 2-3 original verdict code, 4 original is gates-only, 5 the latest verdict is original. */
export function methodCode(s: Pick<Sample, 'classifications' | 'status'>): number {
  if (s.status !== 'done') return 0;
  const lab = currentClassification(s, 'lab');
  const orig = currentClassification(s, 'original');
  const cur = currentClassification(s);
  let code = verdictCode(lab?.verdict ?? 'unclassified') | (verdictCode(orig?.verdict ?? 'unclassified') << 2);
  if (orig?.classifier === 'original:gates-only') code |= GATES_ONLY;
  if (cur && cur === orig) code |= CURRENT_ORIGINAL;
  return code;
}

/** The automatic verdict code a view counts for a row, from its stored `auto` code and method byte. */
export function autoFor(auto: number, meth: number, view: MethodView): number {
  if (view === 'current' || auto === V_ERROR) return auto;
  if (meth === M_UNKNOWN) return view === 'lab' ? auto : V_UNCLASSIFIED;
  return view === 'lab' ? meth & 3 : (meth >> 2) & 3;
}

/** Which method produced the verdict a view counts for a row (undefined: none). */
export function sourceOf(auto: number, meth: number, view: MethodView): 'lab' | 'original' | 'gates-only' | undefined {
  if (autoFor(auto, meth, view) >= V_UNCLASSIFIED) return undefined;
  const original = view === 'original' || (view === 'current' && meth !== M_UNKNOWN && (meth & CURRENT_ORIGINAL) !== 0);
  if (!original) return 'lab';
  return meth !== M_UNKNOWN && (meth & GATES_ONLY) !== 0 ? 'gates-only' : 'original';
}

export interface MethodMix {
  lab: number;
  original: number;
  gatesOnly: number;
}

/** How many counted verdicts of the given rows each method produced. */
export function methodMix(
  auto: ArrayLike<number>,
  meth: ArrayLike<number>,
  rows: ArrayLike<number>,
  view: MethodView,
): MethodMix {
  const mix: MethodMix = { lab: 0, original: 0, gatesOnly: 0 };
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const s = sourceOf(auto[r], meth[r] ?? M_UNKNOWN, view);
    if (s === 'lab') mix.lab++;
    else if (s === 'original') mix.original++;
    else if (s === 'gates-only') mix.gatesOnly++;
  }
  return mix;
}
