// The results bar chart's geometry and focus order (margins, height, bar keys, the paper's reference band) as plain, testable functions.
import type { PaperComparison } from '../../lib/core/stats/compare-paper';
import { paperRatesFor, type PaperRate } from '../../lib/core/paper-figures';

/** the chart's drawing width (its viewBox; the SVG scales to the page) */
export const BAR_WIDTH = 720;
/** the height of one model's row (our bar and the paper's beside it) */
export const BAR_ROW = 40;

export interface Margins {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/**
 * The margins. The left one fits the longest model name (about 7px a character at 12px, 300px at most); the right one
 * fits the longest value label a bar ends with (about 6.5px a character at 11px, 4px from the bar), as a 100% bar's
 * label stands wholly beyond the rate axis.
 */
export function barMargins(models: readonly string[], values: readonly string[] = []): Margins {
  return {
    top: 28,
    right: Math.max(70, Math.ceil(10 + Math.max(0, ...values.map((v) => v.length)) * 6.5)),
    bottom: 40,
    left: 16 + Math.min(300, Math.max(...models.map((m) => m.length), 4) * 7),
  };
}

/** The chart's height: its margins and one row per model (room for one row when there is none). */
export function barHeight(m: Margins, count: number): number {
  return m.top + m.bottom + Math.max(1, count) * BAR_ROW;
}

/** The key of one bar: a model's own rate ('ours') or the paper's rate drawn beside it. */
export function markKey(model: string, which: 'ours' | 'paper'): string {
  return `${model}|${which}`;
}

/** The bars in keyboard order: each model's own, followed by the paper's when the paper has a rate for that model. */
export function markKeys(rows: readonly PaperComparison[]): string[] {
  return rows.flatMap((r) =>
    r.paper ? [markKey(r.cell.model, 'ours'), markKey(r.cell.model, 'paper')] : [markKey(r.cell.model, 'ours')],
  );
}

/** The paper's rates for a condition, drawn as a labelled band for the models the paper did not test. */
export interface PaperReference {
  /** our models without a rate in the paper */
  untested: string[];
  lo: number;
  hi: number;
  list: PaperRate[];
  figure: string;
}

/** The reference band, or null when every model is in the paper or the paper has no rates for the condition. */
export function paperReference(
  rows: readonly PaperComparison[],
  conditionId: string,
  ratesFor: (conditionId: string) => PaperRate[] = paperRatesFor,
): PaperReference | null {
  const untested = rows.filter((r) => !r.paper).map((r) => r.cell.model);
  const list = untested.length ? ratesFor(conditionId) : [];
  if (!list.length) return null;
  const rates = list.map((p) => p.rate);
  return { untested, lo: Math.min(...rates), hi: Math.max(...rates), list, figure: list[0].figure };
}
