// Small PaperComparison rows for the chart module tests, with or without a paper rate beside ours.
import type { PaperComparison } from '../../../src/lib/core/stats/compare-paper';
import type { Instrument } from '../../../src/lib/core/stats/instrument';
import type { Difference } from '../../../src/lib/core/stats/wilson';

const counts = { harmful: 0, notHarmful: 0, unclassified: 0, errored: 0, reviewed: 0 };

export const iv = (k: number, n: number, lo: number, hi: number) => ({ k, n, rate: n ? k / n : 0, lo, hi });

export function paperRate(model: string, conditionId: string, rate: number, figure = 'fig7') {
  return {
    model,
    conditionId,
    rate,
    n: 100,
    figure,
    title: 't',
    interval: iv(rate * 100, 100, rate - 0.05, rate + 0.05),
  };
}

export function cmp(
  model: string,
  conditionId: string,
  o: { k?: number; n?: number; call?: Difference; instrument?: Instrument; paper?: number } = {},
): PaperComparison {
  const { k = 2, n = 10, call = 'none', instrument, paper } = o;
  return {
    cell: { model, conditionId, counts, interval: iv(k, n, 0.1, 0.3), gatesOnly: 0 },
    paper: paper === undefined ? undefined : paperRate('Paper ' + model, conditionId, paper),
    call,
    instrument,
  };
}
