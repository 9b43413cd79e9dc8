// The sample list's plain parts: the rows kept in the DOM, key moves, scrolling a row into view, and each row's view.
import { describe, expect, it } from 'vitest';
import {
  ROW_H,
  VIEW_H,
  keyMove,
  optionId,
  sampleRowView,
  scrollToShow,
  windowRows,
} from '../../../src/components/results/sample-rows';

const range = (a: number, b: number) => Array.from({ length: b - a }, (_, k) => a + k);

describe('windowRows', () => {
  // 528 / 44 = 12 rows on screen, 6 more either side
  it.each([
    [0, 0, []],
    [0, 5, range(0, 5)],
    [0, 1000, range(0, 18)],
    [44 * 100, 1000, range(94, 118)],
    [44 * 100 + 20, 1000, range(94, 119)],
    [44 * 995, 1000, range(989, 1000)],
  ])('scrollTop %d of %d rows', (scrollTop, count, rows) => {
    expect(windowRows(scrollTop, count)).toEqual(rows);
  });
});

describe('keyMove', () => {
  const page = VIEW_H / ROW_H - 1;
  it.each([
    ['ArrowDown', 3, 100, 4],
    ['ArrowDown', 99, 100, 99],
    ['ArrowUp', 3, 100, 2],
    ['ArrowUp', 0, 100, 0],
    ['PageDown', 3, 100, 3 + page],
    ['PageDown', 95, 100, 99],
    ['PageUp', 30, 100, 30 - page],
    ['PageUp', 3, 100, 0],
    ['Home', 50, 100, 0],
    ['End', 5, 100, 99],
    ['Enter', 5, 100, null],
    ['x', 5, 100, null],
  ])('%s from %d of %d → %s', (key, active, count, want) => {
    expect(keyMove(key, active, count)).toBe(want);
  });
});

describe('scrollToShow', () => {
  it.each([
    [0, 0, 0],
    [5, 0, 0],
    [11, 0, 0],
    [12, 0, 13 * ROW_H - VIEW_H],
    [2, 10 * ROW_H, 2 * ROW_H],
    [15, 10 * ROW_H, 10 * ROW_H],
  ])('row %d from scrollTop %d → %d', (i, scrollTop, want) => {
    expect(scrollToShow(i, scrollTop)).toBe(want);
  });
});

describe('sampleRowView', () => {
  const table = {
    ids: ['run1/c/0', 'run2/c/4'],
    sampleIndex: [0, 4],
    verdictAt: (row: number, useOverrides: boolean) => (row === 0 ? 0 : useOverrides ? 1 : 3),
    reviewedAt: (row: number) => row === 1,
    runIdOf: (row: number) => (row === 0 ? 'run1' : 'run2'),
    conditionIdOf: () => 'c',
    modelOfRow: (row: number) => (row === 0 ? 'gpt-4.1' : 'claude'),
  };
  it.each([
    [
      0,
      true,
      {
        sampleId: 'run1/c/0',
        verdict: 'harmful',
        verdictText: 'harmful',
        model: 'gpt-4.1',
        conditionId: 'c',
        sample: 1,
        href: '#/transcript/run1/run1%2Fc%2F0',
      },
    ],
    [1, true, { verdict: 'not-harmful', verdictText: 'not harmful ✎', model: 'claude', sample: 5 }],
    [1, false, { verdict: 'error', verdictText: 'failed ✎' }],
  ])('row %d (reviews %s)', (row, useOverrides, want) => {
    expect(sampleRowView(table, row, useOverrides, 'current')).toMatchObject(want);
  });

  it('names each row for the listbox', () => {
    expect(optionId(7)).toBe('sample-opt-7');
  });
});
