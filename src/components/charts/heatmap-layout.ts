// The heatmap's geometry as plain, testable functions: its rows and columns, margins that fit the slanted labels, size, ink.
import type { PaperComparison } from '../../lib/core/stats/compare-paper';

export const CELL_W = 84;
/** past this many conditions (the whole matrix has 234) the columns narrow to COMPACT_CELL_W and cells carry no rate */
export const COMPACT_AFTER = 16;
export const COMPACT_CELL_W = 26;
export const CELL_H = 40;
/** the column labels' angle, in degrees */
export const LABEL_ANGLE = 45;
/** approximate width of one label character at 11px */
const CH = 6.2;
const SLANT = Math.cos((LABEL_ANGLE * Math.PI) / 180);

/** The heatmap's rows (models) and columns (conditions), each sorted, each once. */
export function heatmapAxes(rows: readonly PaperComparison[]): { models: string[]; conditions: string[] } {
  return {
    models: [...new Set(rows.map((r) => r.cell.model))].sort(),
    conditions: [...new Set(rows.map((r) => r.cell.conditionId))].sort(),
  };
}

export interface HeatmapLayout {
  M: { top: number; left: number; right: number; bottom: number };
  /** a column's width */
  cellW: number;
  /** narrow columns: a cell shows only its ▲/▼ mark; its rate is in its label and tooltip */
  compact: boolean;
  /** the drawing's width and height */
  W: number;
  H: number;
}

/**
 * Margins that fit the model names and the slanted condition labels, the columns' width (narrow past COMPACT_AFTER
 * conditions), and the drawing's size (240px of cells at least).
 */
export function heatmapLayout(models: readonly string[], conditions: readonly string[]): HeatmapLayout {
  const compact = conditions.length > COMPACT_AFTER;
  const cellW = compact ? COMPACT_CELL_W : CELL_W;
  const colLabel = Math.max(...conditions.map((c) => c.length), 4) * CH;
  const M = {
    // 20px beside the labels' slanted length: the glyphs of the longest one reach a little past its estimate
    top: 20 + colLabel * SLANT,
    left: 16 + Math.max(...models.map((m) => m.length), 4) * 6.8,
    // rotated column labels run to the right of their column
    right: Math.max(20, colLabel * SLANT - cellW / 2),
    bottom: 56,
  };
  return {
    M,
    cellW,
    compact,
    W: Math.max(M.left + 240, M.left + conditions.length * cellW + M.right),
    H: M.top + models.length * CELL_H + M.bottom,
  };
}

/** The text colour on a cell of this rate: dark text on light cells, light text on dark cells. */
export function ink(rate: number): string {
  return rate > 0.55 ? '#fff' : '#1b1b22';
}

/** One key per cell, for the roving focus. */
export function cellKey(model: string, conditionId: string): string {
  return `${model}\u0000${conditionId}`;
}
