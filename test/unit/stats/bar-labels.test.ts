// The bar chart's words: rate and interval, counts, the call against the paper, the method it used, caption and reference note.
import { describe, expect, it } from 'vitest';
import {
  barCaption,
  oursLabel,
  paperLabel,
  paperValueText,
  referenceText,
  valueText,
} from '../../../src/lib/core/stats/bar-labels';
import { PAPER_SOURCE } from '../../../src/lib/core/paper-figures';
import type { PaperComparison } from '../../../src/lib/core/stats/compare-paper';
import type { Instrument } from '../../../src/lib/core/stats/instrument';
import type { Difference } from '../../../src/lib/core/stats/wilson';

const iv = (k: number, n: number, lo: number, hi: number) => ({ k, n, rate: n ? k / n : 0, lo, hi });
const counts = { harmful: 0, notHarmful: 0, unclassified: 0, errored: 0, reviewed: 0 };
const paper = {
  model: 'Claude Opus 4',
  conditionId: 'c',
  rate: 0.96,
  n: 100,
  figure: 'fig7',
  title: 't',
  interval: iv(96, 100, 0.9, 0.98),
};

function row(
  k: number,
  n: number,
  call: Difference,
  instrument: Instrument | undefined,
  withPaper: boolean,
): PaperComparison {
  return {
    cell: { model: 'm', conditionId: 'c', counts, interval: iv(k, n, 0.1, 0.3), gatesOnly: 2 },
    paper: withPaper ? paper : undefined,
    call,
    instrument,
  };
}

describe('bar labels', () => {
  it.each([
    [
      row(20, 100, 'lower', 'original', true),
      "m: 20% [10%–30%], 20 of 100 harmful; lower than the paper (intervals do not overlap); method: original study's method",
      '20% · n=100 ▼',
    ],
    [
      row(20, 100, 'none', 'lab', true),
      "m: 20% [10%–30%], 20 of 100 harmful; consistent with the paper (intervals overlap); method: lab rules, not the paper's method",
      '20% · n=100',
    ],
    [
      row(20, 100, 'higher', 'partly-gates', true),
      "m: 20% [10%–30%], 20 of 100 harmful; higher than the paper (intervals do not overlap); method: original method, 2 of 100 by gates only, not the paper's method",
      '20% · n=100 ▲',
    ],
    [
      row(3, 10, 'none', 'lab', false),
      'm: 30% [10%–30%], 3 of 10 harmful; not in the paper; method: lab rules',
      '30% · n=10',
    ],
    [row(0, 0, 'none', 'lab', true), 'm: no classified samples', 'n=0'],
  ])('%#', (r, ours, value) => {
    expect(oursLabel(r)).toBe(ours);
    expect(valueText(r)).toBe(value);
  });

  it('labels the paper bar, and nothing for a row without one', () => {
    expect(paperLabel(row(1, 2, 'none', 'lab', true))).toBe('m, paper (Claude Opus 4, fig7): 96% of 100');
    expect(paperLabel(row(1, 2, 'none', 'lab', false))).toBe('');
  });
});

describe('bar chart caption', () => {
  const both = (instrument: Instrument | undefined, withPaper: boolean) => [
    row(1, 2, 'none', instrument, withPaper),
    row(1, 2, 'none', instrument, false),
  ];
  it.each([
    [
      both('original', true),
      `c · bars: our harmful rate with 95% Wilson interval; grey: ${PAPER_SOURCE} · our method: original study's method`,
    ],
    [
      both('lab', true),
      `c · bars: our harmful rate with 95% Wilson interval; grey: ${PAPER_SOURCE} · our method: lab rules (not the paper's method)`,
    ],
    [both('lab', false), 'c · harmful rate with 95% Wilson interval · our method: lab rules'],
    [both(undefined, false), 'c · harmful rate with 95% Wilson interval · our method: latest verdict of any method'],
    [[], 'c · harmful rate with 95% Wilson interval · our method: latest verdict of any method'],
  ])('%#', (rows, caption) => {
    expect(barCaption('c', rows)).toBe(caption);
  });
});

describe('reference note', () => {
  it.each([
    [
      ['m'],
      [{ model: 'Claude Opus 4', rate: 0.96 }],
      "Reference (not a comparison): the paper did not test m. Shaded: its 1 models' rates for this condition, 96%–96% (fig7: Claude Opus 4 96%).",
    ],
    [
      ['a', 'b'],
      [
        { model: 'P1', rate: 0.1 },
        { model: 'P2', rate: 0.55 },
      ],
      "Reference (not a comparison): the paper did not test a, b. Shaded: its 2 models' rates for this condition, 10%–55% (fig7: P1 10%, P2 55%).",
    ],
  ])('%j', (untested, list, text) => {
    const rates = list.map((p) => p.rate);
    expect(referenceText({ untested, list, lo: Math.min(...rates), hi: Math.max(...rates), figure: 'fig7' })).toBe(
      text,
    );
  });
});

describe('paperValueText', () => {
  it.each([
    [0, 'paper 0%'],
    [0.125, 'paper 13%'],
    [1, 'paper 100%'],
  ])('%d → %s', (rate, text) => {
    expect(paperValueText(rate)).toBe(text);
  });
});
