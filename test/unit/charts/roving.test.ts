// Roving focus over chart marks: where each key moves in a line of bars and in a grid with missing cells.
import { describe, expect, it } from 'vitest';
import { gridTarget, rovingTarget } from '../../../src/components/charts/roving';

describe('rovingTarget', () => {
  it.each([
    ['ArrowDown', 0, 3, 1],
    ['ArrowRight', 1, 3, 2],
    ['ArrowDown', 2, 3, 2],
    ['ArrowUp', 1, 3, 0],
    ['ArrowLeft', 0, 3, 0],
    ['Home', 2, 3, 0],
    ['End', 0, 3, 2],
    ['Enter', 1, 3, null],
    ['a', 1, 3, null],
  ])('%s from %d of %d → %s', (key, index, count, want) => {
    expect(rovingTarget(key, index, count)).toBe(want);
  });
});

describe('gridTarget', () => {
  // 3 × 4, with holes:  X . X X
  //                     X X . X
  //                     . X X .
  const cells = ['X.XX', 'XX.X', '.XX.'];
  const has = (r: number, c: number) => cells[r]?.[c] === 'X';
  it.each([
    ['ArrowRight', [0, 0], [0, 2]],
    ['ArrowRight', [0, 3], [0, 3]],
    ['ArrowLeft', [0, 2], [0, 0]],
    ['ArrowLeft', [2, 1], [2, 1]],
    ['ArrowDown', [0, 0], [1, 0]],
    ['ArrowDown', [1, 0], [1, 0]],
    ['ArrowDown', [0, 2], [2, 2]],
    ['ArrowUp', [2, 1], [1, 1]],
    ['ArrowUp', [1, 1], [1, 1]],
    ['ArrowUp', [1, 3], [0, 3]],
    ['Home', [1, 3], [1, 0]],
    ['Home', [2, 2], [2, 1]],
    ['End', [2, 1], [2, 2]],
    ['End', [0, 0], [0, 3]],
    ['Enter', [0, 0], null],
    ['PageDown', [0, 0], null],
  ] as const)('%s from %j → %j', (key, at, want) => {
    expect(gridTarget(key, at, 3, 4, has)).toEqual(want);
  });

  it('stays put in a grid of one cell', () => {
    for (const key of ['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End'])
      expect(gridTarget(key, [0, 0], 1, 1, () => true)).toEqual([0, 0]);
  });
});
