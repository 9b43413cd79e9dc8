// RunTally and pace: per-condition counts from summaries and live samples, retried failures replaced, pace from the first sample.
import { describe, expect, it } from 'vitest';
import { pace, RunTally } from '../../../src/lib/runner/live-tally';
import { summarize } from '../../../src/lib/storage/summary';
import type { Classification, Sample, Verdict } from '../../../src/lib/core/types';
import { COND_A, COND_B, makeSample } from '../storage/make';

const cls = (verdict: Verdict): Classification => ({
  classifier: 'rules',
  version: 'rules-1',
  verdict,
  evidence: [],
  at: '2026-01-01T00:00:00Z',
});
const s = (cond: string, i: number, v: Verdict | 'error', over: Partial<Sample> = {}): Sample =>
  makeSample('r', cond, i, {
    ...(v === 'error'
      ? { status: 'error', error: { kind: 'network', message: 'x', attempts: 1 }, classifications: [] }
      : { classifications: [cls(v)] }),
    ...over,
  });
const brief = (t: RunTally) => t.rows().map((r) => [r.conditionId, r.done, r.failed, r.harmful, r.notHarmful]);

describe('RunTally', () => {
  it('counts per condition in the run order, with planned and the Wilson interval of harmful so far', () => {
    const t = new RunTally([COND_A, COND_B], 4);
    for (const x of [s(COND_A, 0, 'harmful'), s(COND_A, 1, 'not-harmful'), s(COND_A, 2, 'unclassified')])
      t.addSample(x);
    t.addSample(s(COND_B, 0, 'error'));
    expect(brief(t)).toEqual([
      [COND_A, 3, 0, 1, 1],
      [COND_B, 0, 1, 0, 0],
    ]);
    const [a, b] = t.rows();
    expect(a.planned).toBe(4);
    expect(a.interval.k).toBe(1);
    expect(a.interval.n).toBe(2);
    expect(a.interval.lo).toBeGreaterThan(0);
    expect(a.interval.hi).toBeLessThan(1);
    expect(b.interval.n).toBe(0);
  });

  it('a failed sample stored again replaces its failure', () => {
    const t = new RunTally([COND_A], 2);
    t.addSample(s(COND_A, 0, 'error'));
    t.addSample(s(COND_A, 0, 'harmful'));
    expect(brief(t)).toEqual([[COND_A, 1, 0, 1, 0]]);
  });

  it('an override counts over the classifier', () => {
    const t = new RunTally([COND_A], 1);
    t.addSample(s(COND_A, 0, 'harmful', { override: { verdict: 'not-harmful', note: '', at: '' } }));
    expect(brief(t)).toEqual([[COND_A, 1, 0, 0, 1]]);
  });

  it('seeds from stored summary rows the same as from samples, and live samples win over an older summary', () => {
    const samples = [s(COND_A, 0, 'harmful'), s(COND_A, 1, 'error'), s(COND_B, 0, 'not-harmful')];
    const fromRows = new RunTally([COND_A, COND_B], 3);
    fromRows.addSummary(summarize(samples)[0]);
    const fromSamples = new RunTally([COND_A, COND_B], 3);
    samples.forEach((x) => fromSamples.addSample(x));
    expect(brief(fromRows)).toEqual(brief(fromSamples));

    const live = new RunTally([COND_A, COND_B], 3);
    live.addSample(s(COND_A, 1, 'harmful')); // the retry finished before the summary was read
    live.addSummary(summarize(samples)[0]);
    expect(brief(live)).toEqual([
      [COND_A, 2, 0, 2, 0],
      [COND_B, 1, 0, 0, 1],
    ]);
  });
});

describe('pace', () => {
  const cases: [string, number, number, number, { perMinute?: number; etaMs?: number }][] = [
    ['nothing finished yet', 0, 5000, 10, {}],
    ['one sample in 2 s, 9 left', 1, 2000, 9, { perMinute: 30, etaMs: 18_000 }],
    ['4 in 1 min, 8 left', 4, 60_000, 8, { perMinute: 4, etaMs: 120_000 }],
    ['all finished', 3, 3000, 0, { perMinute: 60, etaMs: 0 }],
  ];
  it.each(cases)('%s', (_n, finished, elapsed, left, want) => {
    const got = pace(finished, elapsed, left);
    if (want.etaMs === undefined) return expect(got).toEqual({});
    expect(got.perMinute).toBeCloseTo(want.perMinute!);
    expect(got.etaMs).toBeCloseTo(want.etaMs);
  });
});
