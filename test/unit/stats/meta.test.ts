// DerSimonian–Laird pooling checked against the hand computations in meta-cases.ts, plus the edge cases.
import { describe, expect, it } from 'vitest';
import { differsFromPooled, logitEffect, poolRandomEffects } from '../../../src/lib/core/stats/meta';
import { wilson } from '../../../src/lib/core/stats/wilson';
import { META_CASES as cases } from './meta-cases';

describe('poolRandomEffects', () => {
  it.each(cases)('$name', ({ studies, rate, lo, hi, tau2, i2, q }) => {
    const p = poolRandomEffects(studies)!;
    expect(p.studies).toBe(studies.length);
    expect(p.rate).toBeCloseTo(rate, 5);
    if (lo !== undefined) expect(p.lo).toBeCloseTo(lo, 5);
    if (hi !== undefined) expect(p.hi).toBeCloseTo(hi, 5);
    expect(p.tau2).toBeCloseTo(tau2, 5);
    expect(p.i2).toBeCloseTo(i2, 5);
    expect(p.q).toBeCloseTo(q, 5);
    expect(p.lo).toBeLessThan(p.rate);
    expect(p.hi).toBeGreaterThan(p.rate);
  });

  it('one study pools to itself with no heterogeneity', () => {
    const p = poolRandomEffects([{ k: 30, n: 100 }])!;
    expect(p.rate).toBeCloseTo(0.3, 12);
    expect(p.tau2).toBe(0);
    expect(p.i2).toBe(0);
    expect(p.df).toBe(0);
  });

  it('skips empty studies and returns null when none is left', () => {
    expect(poolRandomEffects([])).toBeNull();
    expect(poolRandomEffects([{ k: 0, n: 0 }])).toBeNull();
    const p = poolRandomEffects([
      { k: 0, n: 0 },
      { k: 30, n: 100 },
    ])!;
    expect(p.studies).toBe(1);
    expect(p.rate).toBeCloseTo(0.3, 12);
  });
});

describe('logitEffect', () => {
  it.each([
    [20, 100, Math.log(0.25), 1 / 20 + 1 / 80],
    [0, 20, Math.log(0.5 / 20.5), 2 + 1 / 20.5],
    [20, 20, Math.log(20.5 / 0.5), 1 / 20.5 + 2],
  ])('%i of %i', (k, n, y, v) => {
    const e = logitEffect(k, n);
    expect(e.y).toBeCloseTo(y, 10);
    expect(e.v).toBeCloseTo(v, 10);
  });
  it('rejects impossible counts', () => {
    expect(() => logitEffect(3, 2)).toThrow(RangeError);
    expect(() => logitEffect(0, 0)).toThrow(RangeError);
  });
});

describe('differsFromPooled', () => {
  it.each([
    // pooled 0.324 lies inside 30/100's interval [0.219, 0.396] but outside 50/100's [0.404, 0.596]
    [30, 100, false],
    [50, 100, true],
    [20, 100, true],
    [0, 0, false],
  ])('%i of %i', (k, n, flag) => {
    const pooled = poolRandomEffects([
      { k: 20, n: 100 },
      { k: 30, n: 100 },
      { k: 50, n: 100 },
    ]);
    expect(differsFromPooled(wilson(k, n), pooled)).toBe(flag);
  });
  it('never flags without a pooled estimate', () => expect(differsFromPooled(wilson(5, 10), null)).toBe(false));
});
