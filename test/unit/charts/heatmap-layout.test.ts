// The heatmap's geometry: sorted rows and columns, margins for the slanted labels, its size, and the ink on each cell.
import { describe, expect, it } from 'vitest';
import {
  CELL_H,
  CELL_W,
  COMPACT_AFTER,
  COMPACT_CELL_W,
  cellKey,
  heatmapAxes,
  heatmapLayout,
  ink,
} from '../../../src/components/charts/heatmap-layout';
import { cmp } from './fixtures';

const SLANT = Math.SQRT1_2;

describe('heatmapAxes', () => {
  it.each([
    [[], [], []],
    [
      [cmp('b', 'y'), cmp('a', 'y'), cmp('b', 'x')],
      ['a', 'b'],
      ['x', 'y'],
    ],
    [[cmp('m', 'c'), cmp('m', 'c')], ['m'], ['c']],
  ])('%#', (rows, models, conditions) => {
    expect(heatmapAxes(rows)).toEqual({ models, conditions });
  });
});

describe('heatmapLayout', () => {
  it.each([
    // short names: the 4-character minimum, and at least 240px of cells
    [['a'], ['c'], 4, 4],
    [['gpt-4.1', 'm'], ['blackmail_none-none_restriction', 'x'], 7, 31],
  ])('%j × %j', (models, conditions, longestModel, longestCondition) => {
    const { M, W, H } = heatmapLayout(models, conditions);
    const colLabel = longestCondition * 6.2;
    expect(M.left).toBeCloseTo(16 + longestModel * 6.8);
    expect(M.top).toBeCloseTo(20 + colLabel * SLANT);
    expect(M.right).toBeCloseTo(Math.max(20, colLabel * SLANT - CELL_W / 2));
    expect(M.bottom).toBe(56);
    expect(W).toBeCloseTo(Math.max(M.left + 240, M.left + conditions.length * CELL_W + M.right));
    expect(H).toBeCloseTo(M.top + models.length * CELL_H + 56);
  });

  it('is as wide as its cells and the last slanted label when there are many columns', () => {
    const conditions = Array.from({ length: 10 }, (_, i) => `condition-${i}`);
    const { M, W } = heatmapLayout(['m'], conditions);
    expect(W).toBeCloseTo(M.left + 10 * CELL_W + M.right);
  });

  it.each([
    [1, CELL_W, false],
    [COMPACT_AFTER, CELL_W, false],
    [COMPACT_AFTER + 1, COMPACT_CELL_W, true],
    [234, COMPACT_CELL_W, true],
  ])('%i conditions: columns %ipx wide, compact %s', (n, cellW, compact) => {
    const conditions = Array.from({ length: n }, (_, i) => `blackmail_explicit-america_replacement-${i}`);
    const { M, W, ...rest } = heatmapLayout(['m'], conditions);
    expect(rest).toMatchObject({ cellW, compact });
    expect(M.right).toBeCloseTo(Math.max(20, conditions.at(-1)!.length * 6.2 * SLANT - cellW / 2));
    expect(W).toBeCloseTo(Math.max(M.left + 240, M.left + n * cellW + M.right));
  });
});

describe('ink', () => {
  it.each([
    [0, '#1b1b22'],
    [0.55, '#1b1b22'],
    [0.56, '#fff'],
    [1, '#fff'],
  ])('rate %d → %s', (rate, colour) => {
    expect(ink(rate)).toBe(colour);
  });
});

describe('cellKey', () => {
  it('keeps model and condition apart whatever characters they hold', () => {
    expect(cellKey('a|b', 'c')).not.toBe(cellKey('a', 'b|c'));
    expect(cellKey('m', 'c')).toBe(cellKey('m', 'c'));
  });
});
