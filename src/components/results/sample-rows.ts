// The sample list's plain parts: which rows a scroll position keeps in the DOM, where keys move, and what each row shows.
import type { SampleTable } from '../../lib/core/stats/sample-table';
import type { MethodView } from '../../lib/core/stats/method-codes';
import { verdictFacet, type VerdictFacet } from '../../lib/core/stats/counts';
import { verdictWords } from '../../lib/core/verdict';
import { formatHash } from '../../lib/core/route';

/** the fixed height of one row, px */
export const ROW_H = 44;
/** the height of the list's viewport, px */
export const VIEW_H = 528;
/** rows kept in the DOM either side of those on screen */
const OVERSCAN = 6;

/** The rows to keep in the DOM at a scroll position: those on screen and OVERSCAN more either side. */
export function windowRows(scrollTop: number, count: number): number[] {
  const first = Math.max(0, Math.floor(scrollTop / ROW_H) - OVERSCAN);
  const last = Math.min(count, Math.ceil((scrollTop + VIEW_H) / ROW_H) + OVERSCAN);
  return Array.from({ length: Math.max(0, last - first) }, (_, k) => first + k);
}

/** The row a key makes active among `count` rows (arrows, Page Up/Down, Home/End; kept in the list); null for others. */
export function keyMove(key: string, active: number, count: number): number | null {
  const page = Math.floor(VIEW_H / ROW_H) - 1;
  const moves: Record<string, number> = {
    ArrowDown: active + 1,
    ArrowUp: active - 1,
    PageDown: active + page,
    PageUp: active - page,
    Home: 0,
    End: count - 1,
  };
  return Object.hasOwn(moves, key) ? Math.max(0, Math.min(count - 1, moves[key])) : null;
}

/** The scroll position that brings row `i` into view, scrolling as little as possible. */
export function scrollToShow(i: number, scrollTop: number): number {
  const top = i * ROW_H;
  if (top < scrollTop) return top;
  if (top + ROW_H > scrollTop + VIEW_H) return top + ROW_H - VIEW_H;
  return scrollTop;
}

/** The element id of the row at position `i` (the listbox's active descendant). */
export function optionId(i: number): string {
  return `sample-opt-${i}`;
}

/** What one row shows and links to. */
export interface SampleRowView {
  sampleId: string;
  /** the sample's transcript */
  href: string;
  verdict: VerdictFacet;
  /** the verdict in words, with ✎ when a person reviewed it */
  verdictText: string;
  model: string;
  conditionId: string;
  /** the sample's number, from 1 */
  sample: number;
}

type RowSource = Pick<
  SampleTable,
  'ids' | 'sampleIndex' | 'verdictAt' | 'reviewedAt' | 'runIdOf' | 'conditionIdOf' | 'modelOfRow'
>;

/** What the list shows for one table row, with whose verdict (`method`, reviews applied or not). */
export function sampleRowView(table: RowSource, row: number, useOverrides: boolean, method: MethodView): SampleRowView {
  const verdict = verdictFacet(table.verdictAt(row, useOverrides, method));
  return {
    sampleId: table.ids[row],
    href: formatHash('transcript', { runId: table.runIdOf(row), sampleId: table.ids[row] }),
    verdict,
    verdictText: verdictWords(verdict) + (table.reviewedAt(row) ? ' ✎' : ''),
    model: table.modelOfRow(row),
    conditionId: table.conditionIdOf(row),
    sample: table.sampleIndex[row] + 1,
  };
}
