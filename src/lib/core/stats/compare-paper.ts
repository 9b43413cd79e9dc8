// Our cells next to the paper's published rates, with the difference call, and the CSV forms of charted data.
import { toCsv } from '../csv';
import { paperRate, type PaperRate } from '../paper-figures';
import type { CellStats, DifferenceCall, GroupStats } from './aggregate';
import { GROUP_DIMENSIONS, type GroupDimension } from './dimensions';
import { instrumentLabel, instrumentOf, sameAsPaper, type Instrument } from './instrument';
import { compareIntervals, type Difference } from './wilson';

export interface PaperComparison {
  cell: CellStats;
  paper?: PaperRate;
  /** ours vs the paper: called only when the 95% intervals do not overlap */
  call: Difference;
  /** the method our rate used (undefined: latest verdict of any method); only 'original' is the paper's */
  instrument?: Instrument;
}

/** Our cells beside the paper's rates, each with the method its rate used (see aggregateCells). */
export function comparePaper(cells: readonly CellStats[]): PaperComparison[] {
  return cells.map((cell) => {
    const paper = paperRate(cell.model, cell.conditionId);
    const instrument = instrumentOf(cell.method, cell);
    return { cell, paper, call: paper ? compareIntervals(cell.interval, paper.interval) : 'none', instrument };
  });
}

const r4 = (x: number): number | '' => (Number.isFinite(x) ? Math.round(x * 10000) / 10000 : '');

export function cellsCsv(rows: readonly PaperComparison[]): string {
  return toCsv(
    [
      'model',
      'condition',
      'harmful',
      'n',
      'rate',
      'ci95_low',
      'ci95_high',
      'unclassified',
      'errored',
      'reviewed',
      'paper_model',
      'paper_rate',
      'paper_n',
      'paper_figure',
      'vs_paper',
      'method',
      'same_method_as_paper',
    ],
    rows.map(({ cell: c, paper: p, call, instrument }) => [
      c.model,
      c.conditionId,
      c.interval.k,
      c.interval.n,
      r4(c.interval.rate),
      r4(c.interval.lo),
      r4(c.interval.hi),
      c.counts.unclassified,
      c.counts.errored,
      c.counts.reviewed,
      p?.model ?? '',
      p ? p.rate : '',
      p?.n ?? '',
      p?.figure ?? '',
      p ? call : '',
      instrumentLabel(instrument, c),
      instrument ? (sameAsPaper(instrument) ? 'yes' : 'no') : '',
    ]),
  );
}

export function groupsCsv(groups: readonly GroupStats[], dim: GroupDimension): string {
  return toCsv(
    [
      'model',
      GROUP_DIMENSIONS[dim].label,
      'harmful',
      'n',
      'rate',
      'ci95_low',
      'ci95_high',
      'unclassified',
      'errored',
      'method',
    ],
    groups.map((g) => [
      g.model,
      g.level,
      g.interval.k,
      g.interval.n,
      r4(g.interval.rate),
      r4(g.interval.lo),
      r4(g.interval.hi),
      g.counts.unclassified,
      g.counts.errored,
      instrumentLabel(instrumentOf(g.method, g), g),
    ]),
  );
}

/** Readable sentence for a difference call between two levels. */
export function describeDifference(d: DifferenceCall, dim: GroupDimension, pct: (x: number) => string): string {
  const L = GROUP_DIMENSIONS[dim].levelLabel;
  return (
    `${d.model}: ${L(d.higher)} ${pct(d.higherInterval.rate)} [${pct(d.higherInterval.lo)}–${pct(d.higherInterval.hi)}] ` +
    `is higher than ${L(d.lower)} ${pct(d.lowerInterval.rate)} [${pct(d.lowerInterval.lo)}–${pct(d.lowerInterval.hi)}]`
  );
}
