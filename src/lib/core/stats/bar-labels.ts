// What the results bar chart says: each bar's screen-reader label and tooltip lines, its caption and reference note, kept out of the component.
import type { PaperComparison } from './compare-paper';
import { instrumentLabel } from './instrument';
import { PAPER_SOURCE } from '../paper-figures';
import { callMark, methodText, offPaperMethod, pct, rateInterval } from './rate-text';

/** How our rate stands against the paper's, and which method it used. */
export function callText(r: PaperComparison): string {
  const call = !r.paper
    ? 'not in the paper'
    : r.call === 'none'
      ? 'consistent with the paper (intervals overlap)'
      : `${r.call} than the paper (intervals do not overlap)`;
  return `${call}; ${methodText(r)}`;
}

/** Our bar: rate, interval, counts and the comparison (parts separated by '; ', one tooltip line each). */
export function oursLabel(r: PaperComparison): string {
  const i = r.cell.interval;
  return i.n === 0
    ? `${r.cell.model}: no classified samples`
    : `${r.cell.model}: ${rateInterval(i)}, ${i.k} of ${i.n} harmful; ${callText(r)}`;
}

/** The paper's bar beside ours (only for a row that has one). */
export function paperLabel(r: PaperComparison): string {
  const p = r.paper;
  return p ? `${r.cell.model}, paper (${p.model}, ${p.figure}): ${pct(p.rate)} of ${p.n}` : '';
}

/** The text at the end of our bar: rate and n, and ▲/▼ when the intervals do not overlap. */
export function valueText(r: PaperComparison): string {
  const i = r.cell.interval;
  const mark = callMark(r);
  return (i.n ? `${pct(i.rate)} · n=${i.n}` : 'n=0') + (mark && ` ${mark}`);
}

/** The text at the end of the paper's bar. */
export function paperValueText(rate: number): string {
  return `paper ${pct(rate)}`;
}

/** The chart's caption: the condition, what the bars show, and the method our rates used. */
export function barCaption(conditionId: string, rows: readonly PaperComparison[]): string {
  const anyPaper = rows.some((r) => r.paper);
  const otherMethod = rows.some(offPaperMethod);
  return (
    `${conditionId} · ` +
    (anyPaper
      ? `bars: our harmful rate with 95% Wilson interval; grey: ${PAPER_SOURCE}`
      : 'harmful rate with 95% Wilson interval') +
    ` · our method: ${instrumentLabel(rows[0]?.instrument)}${otherMethod ? " (not the paper's method)" : ''}`
  );
}

/** The note under a chart whose models the paper did not test: the paper's rates for the condition, as a reference. */
export function referenceText(ref: {
  untested: readonly string[];
  lo: number;
  hi: number;
  figure: string;
  list: readonly { model: string; rate: number }[];
}): string {
  return (
    `Reference (not a comparison): the paper did not test ${ref.untested.join(', ')}. Shaded: its ${ref.list.length} ` +
    `models' rates for this condition, ${pct(ref.lo)}–${pct(ref.hi)} (${ref.figure}: ` +
    `${ref.list.map((p) => `${p.model} ${pct(p.rate)}`).join(', ')}).`
  );
}
