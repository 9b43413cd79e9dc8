// The words every results chart uses for our rate beside the paper's: its interval, the ▲/▼ call, the method it used.
import { format } from 'd3';
import type { PaperComparison } from './compare-paper';
import { instrumentLabel, sameAsPaper } from './instrument';

export const pct = format('.0%');

/** A rate and its interval: `20% [10%–30%]`. */
export function rateInterval(r: { rate: number; lo: number; hi: number }): string {
  return `${pct(r.rate)} [${pct(r.lo)}–${pct(r.hi)}]`;
}

/** ▲/▼ when our interval lies above/below the paper's, else nothing. */
export function callMark(r: PaperComparison): string {
  return r.call === 'higher' ? '▲' : r.call === 'lower' ? '▼' : '';
}

/** Whether this rate stands beside the paper's but was classified by another method than the paper's. */
export function offPaperMethod(r: PaperComparison): boolean {
  return !!r.paper && !sameAsPaper(r.instrument);
}

/** `method: …`, and that it is not the paper's when it stands beside the paper's rate. */
export function methodText(r: PaperComparison): string {
  return `method: ${instrumentLabel(r.instrument, r.cell)}${offPaperMethod(r) ? ", not the paper's method" : ''}`;
}
