// The bar chart's geometry and focus order: margins that fit the names, height per row, bar keys, the reference band.
import { describe, expect, it } from 'vitest';
import {
  BAR_ROW,
  barHeight,
  barMargins,
  markKey,
  markKeys,
  paperReference,
} from '../../../src/components/charts/bar-layout';
import { paperRatesFor } from '../../../src/lib/core/paper-figures';
import { cmp, paperRate } from './fixtures';

describe('barMargins', () => {
  it.each([
    [[], 16 + 4 * 7],
    [['ab'], 16 + 4 * 7],
    [['gpt-4.1'], 16 + 7 * 7],
    [['a', 'claude-opus-4-20250514'], 16 + 22 * 7],
    [['x'.repeat(60)], 16 + 300],
  ])('left margin for %j is %d', (models, left) => {
    expect(barMargins(models)).toEqual({ top: 28, right: 70, bottom: 40, left });
  });
});

describe('barMargins: the right margin fits the longest value label', () => {
  it.each([
    [[], 70],
    [['7% · n=10'], 70],
    [['100% · n=10', 'paper 100%'], 10 + Math.ceil(11 * 6.5)],
    [['100% · n=1000 ▲', ''], 10 + Math.ceil(15 * 6.5)],
  ])('%j → %d', (values, right) => {
    expect(barMargins(['gpt-4.1'], values).right).toBe(right);
  });
});

describe('barHeight', () => {
  it.each([
    [0, 28 + 40 + BAR_ROW],
    [1, 28 + 40 + BAR_ROW],
    [3, 28 + 40 + 3 * BAR_ROW],
  ])('%d rows → %d px', (count, h) => {
    expect(barHeight(barMargins([]), count)).toBe(h);
  });
});

describe('markKeys', () => {
  it.each([
    [[], []],
    [[cmp('a', 'c')], ['a|ours']],
    [
      [cmp('a', 'c', { paper: 0.5 }), cmp('b', 'c')],
      ['a|ours', 'a|paper', 'b|ours'],
    ],
    [
      [cmp('a', 'c'), cmp('b', 'c', { paper: 0.1 })],
      ['a|ours', 'b|ours', 'b|paper'],
    ],
  ])('%#', (rows, keys) => {
    expect(markKeys(rows)).toEqual(keys);
    expect(keys.every((k) => k === markKey(k.split('|')[0], k.split('|')[1] as 'ours' | 'paper'))).toBe(true);
  });
});

describe('paperReference', () => {
  const rates = [
    paperRate('P1', 'c', 0.4, 'fig9'),
    paperRate('P2', 'c', 0.9, 'fig9'),
    paperRate('P3', 'c', 0.1, 'fig9'),
  ];
  const ratesFor = (id: string) => (id === 'c' ? rates : []);

  it.each([
    ['every model in the paper', [cmp('a', 'c', { paper: 0.5 })], 'c', null],
    ['no rates for the condition', [cmp('a', 'x')], 'x', null],
    ['no rows', [], 'c', null],
    [
      'models the paper did not test',
      [cmp('a', 'c'), cmp('b', 'c', { paper: 0.5 }), cmp('d', 'c')],
      'c',
      { untested: ['a', 'd'], lo: 0.1, hi: 0.9, list: rates, figure: 'fig9' },
    ],
  ])('%s', (_, rows, conditionId, want) => {
    expect(paperReference(rows, conditionId, ratesFor)).toEqual(want);
  });

  it("reads the paper's own rates by default", () => {
    const id = 'blackmail_explicit-america_replacement';
    const ref = paperReference([cmp('my-model', id)], id);
    expect(ref?.untested).toEqual(['my-model']);
    expect(ref?.list).toEqual(paperRatesFor(id));
    expect(ref?.lo).toBe(Math.min(...paperRatesFor(id).map((p) => p.rate)));
    expect(ref?.hi).toBe(Math.max(...paperRatesFor(id).map((p) => p.rate)));
  });
});
