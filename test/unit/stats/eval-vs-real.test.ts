// Rates split by stated belief about being evaluated: labels, shares, per-belief harmful rates and the paper's figure.
import { describe, expect, it } from 'vitest';
import { evalVsReal } from '../../../src/lib/core/stats/eval-vs-real';
import type { Sample } from '../../../src/lib/core/types';
import { cls, sample } from './fixtures';

const C = 'blackmail_explicit-america_replacement_notice';

function labelled(
  verdict: 'harmful' | 'not-harmful' | 'unclassified',
  awareness?: 'thinks-eval' | 'thinks-real' | 'no-deliberation' | 'unclassified',
  extra: Partial<Sample> = {},
): Sample {
  const s = sample('r', 'claude-opus-4', C, verdict, extra);
  if (awareness) s.classifications.push(cls('unclassified', { classifier: 'eval-awareness:rules', awareness }));
  return s;
}

describe('evalVsReal', () => {
  const samples = [
    // real: 3 of 4 harmful; eval: 1 of 5 harmful (one more eval sample unclassified); 1 did not say
    ...[1, 1, 1, 0].map((h) => labelled(h ? 'harmful' : 'not-harmful', 'thinks-real')),
    ...[1, 0, 0, 0, 0].map((h) => labelled(h ? 'harmful' : 'not-harmful', 'thinks-eval')),
    labelled('unclassified', 'thinks-eval'),
    labelled('harmful', 'no-deliberation'),
    // not labelled: never, the awareness judge failed, or the generation errored
    labelled('harmful'),
    labelled('harmful', 'unclassified'),
    sample('r', 'claude-opus-4', C, 'error'),
  ];
  const r = evalVsReal(samples, { useOverrides: true });
  const row = (b: string) => r.rows.find((x) => x.belief === b)!;

  it('counts labelled and unlabelled finished samples', () => {
    expect(r.labelled).toBe(11);
    expect(r.unlabelled).toBe(2);
  });

  it.each([
    ['thinks-real', 4, 3, 4, 0.214, 0.551],
    ['thinks-eval', 6, 1, 5, 0.648, 0.065],
    ['no-deliberation', 1, 1, 1, 0.138, undefined],
  ])('%s: %i labelled, %i of %i harmful, beside the paper', (b, n, k, c, paperShare, paperRate) => {
    expect(row(b).share).toMatchObject({ k: n, n: 11 });
    expect(row(b).harmful).toMatchObject({ k, n: c });
    expect(row(b).paperShare).toBe(paperShare);
    expect(row(b).paperRate).toBe(paperRate);
  });

  it('counts a reviewer override unless told not to', () => {
    const s = labelled('harmful', 'thinks-eval', {
      override: { verdict: 'not-harmful', note: '', at: '2026-01-01T00:00:00Z' },
    });
    expect(evalVsReal([s], { useOverrides: true }).rows[1].harmful.k).toBe(0);
    expect(evalVsReal([s], { useOverrides: false }).rows[1].harmful.k).toBe(1);
  });
});
