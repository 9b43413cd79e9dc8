// The words the results charts share: a rate with its interval, the ▲/▼ call, and the method beside the paper's.
import { describe, expect, it } from 'vitest';
import { callMark, methodText, offPaperMethod, rateInterval } from '../../../src/lib/core/stats/rate-text';
import { cmp } from '../charts/fixtures';

describe('rateInterval', () => {
  it.each([
    [{ rate: 0.2, lo: 0.1, hi: 0.3 }, '20% [10%–30%]'],
    [{ rate: 1, lo: 0.72, hi: 1 }, '100% [72%–100%]'],
    [{ rate: 0, lo: 0, hi: 0.278 }, '0% [0%–28%]'],
  ])('%j → %s', (r, text) => {
    expect(rateInterval(r)).toBe(text);
  });
});

describe('callMark, offPaperMethod, methodText', () => {
  it.each([
    [cmp('m', 'c', { instrument: 'lab' }), '', false, 'method: lab rules'],
    [
      cmp('m', 'c', { instrument: 'lab', paper: 0.5, call: 'higher' }),
      '▲',
      true,
      "method: lab rules, not the paper's method",
    ],
    [
      cmp('m', 'c', { instrument: 'original', paper: 0.5, call: 'lower' }),
      '▼',
      false,
      "method: original study's method",
    ],
    [cmp('m', 'c', { instrument: 'original', paper: 0.5 }), '', false, "method: original study's method"],
  ])('%#', (r, mark, off, text) => {
    expect(callMark(r)).toBe(mark);
    expect(offPaperMethod(r)).toBe(off);
    expect(methodText(r)).toBe(text);
  });
});
