// One byte per sample saying what each classification method concluded, so views count one method without full samples.
import { currentClassification } from '../verdict';
import type { ClassificationMethodId, Sample } from '../types';
import { V_ERROR, V_UNCLASSIFIED, verdictCode } from './counts';

/** Which verdicts a count uses: the latest of any method as stored ('current', mixes methods), or one method's. */
export type MethodView = 'current' | ClassificationMethodId;

/** Method code of a summary stored before method codes existed: its verdict reads as lab (see `autoFor`). */
export const M_UNKNOWN = 255;
const GATES_ONLY = 1 << 4;
const CURRENT_ORIGINAL = 1 << 5;

/**
 * bits 0-1 the latest lab verdict code, 2-3 the latest original verdict code (V_UNCLASSIFIED when none), bit 4 that
 * original verdict came from the gates alone, bit 5 the latest verdict of any method is the original one.
 */
export function methodCode(s: Pick<Sample, 'classifications' | 'status'>): number {
  if (s.status !== 'done') return V_UNCLASSIFIED | (V_UNCLASSIFIED << 2);
  const lab = currentClassification(s, 'lab');
  const orig = currentClassification(s, 'original');
  let code = verdictCode(lab?.verdict ?? 'unclassified') | (verdictCode(orig?.verdict ?? 'unclassified') << 2);
  if (orig?.classifier === 'original:gates-only') code |= GATES_ONLY;
  if (orig && currentClassification(s) === orig) code |= CURRENT_ORIGINAL;
  return code;
}

/** The automatic verdict code a count uses for a row, from its stored `auto` code (latest of any method) and method code. */
export function autoFor(auto: number, meth: number, view: MethodView): number {
  if (view === 'current' || auto === V_ERROR) return auto;
  if (meth === M_UNKNOWN) return view === 'lab' ? auto : V_UNCLASSIFIED;
  return view === 'lab' ? meth & 3 : (meth >> 2) & 3;
}

/** Which method made a row's latest automatic verdict ('none': unclassified; summaries before method codes: lab). */
export function currentMethodOf(auto: number, meth: number): ClassificationMethodId | 'none' {
  if (auto >= V_UNCLASSIFIED) return 'none';
  return meth !== M_UNKNOWN && (meth & CURRENT_ORIGINAL) !== 0 ? 'original' : 'lab';
}

/** Whether the verdict a count uses for a row came from the original method's gates alone (no judge). */
export function gatesOnlyFor(auto: number, meth: number, view: MethodView): boolean {
  if (meth === M_UNKNOWN || (meth & GATES_ONLY) === 0 || autoFor(auto, meth, view) >= V_UNCLASSIFIED) return false;
  return view === 'original' || (view === 'current' && (meth & CURRENT_ORIGINAL) !== 0);
}

/** How many rows carry a classified verdict of each method (what the method switch offers). */
export interface MethodAvailability {
  rows: number;
  /** rows with a lab verdict (harmful or not) */
  lab: number;
  /** rows with an original verdict made with a judge (or imported from the harness) */
  original: number;
  /** rows with an original verdict from its gates alone */
  gatesOnly: number;
  /** rows whose stored summary predates method codes (counted as lab) */
  unknown: number;
}

export function methodAvailability(
  auto: ArrayLike<number>,
  meth: ArrayLike<number>,
  rows: ArrayLike<number>,
): MethodAvailability {
  const a: MethodAvailability = { rows: rows.length, lab: 0, original: 0, gatesOnly: 0, unknown: 0 };
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const m = meth[r];
    if (auto[r] === V_ERROR) continue;
    if (m === M_UNKNOWN) {
      a.unknown++;
      if (auto[r] < V_UNCLASSIFIED) a.lab++;
      continue;
    }
    if ((m & 3) < V_UNCLASSIFIED) a.lab++;
    if (((m >> 2) & 3) < V_UNCLASSIFIED) {
      if (m & GATES_ONLY) a.gatesOnly++;
      else a.original++;
    }
  }
  return a;
}

/** The method a view shows when the link names none: the one with more verdicts (lab on a tie). */
export function defaultMethod(a: MethodAvailability): ClassificationMethodId {
  return a.original + a.gatesOnly > a.lab ? 'original' : 'lab';
}

/** A row's method code after a new verdict of `method` became its latest (unknown codes stay unknown). */
export function withVerdict(meth: number, code: number, method: ClassificationMethodId, gatesOnly = false): number {
  if (meth === M_UNKNOWN) return meth;
  if (method === 'lab') return (meth & ~(3 | CURRENT_ORIGINAL)) | code;
  return (meth & ~(12 | GATES_ONLY)) | (code << 2) | CURRENT_ORIGINAL | (gatesOnly ? GATES_ONLY : 0);
}
