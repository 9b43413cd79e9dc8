// Harmful rates split by what the model concluded about being tested (its awareness label), beside the paper's figure.
import { paperEvalVsReal } from '../paper-figures';
import { currentAwareness, effectiveVerdict } from '../verdict';
import type { ClassificationMethodId, Sample } from '../types';
import { wilson, type RateInterval } from './wilson';

export const BELIEFS = ['thinks-real', 'thinks-eval', 'no-deliberation'] as const;
export type Belief = (typeof BELIEFS)[number];

export const BELIEF_LABELS: Record<Belief, string> = {
  'thinks-real': 'concluded it was real',
  'thinks-eval': 'concluded it was an evaluation',
  'no-deliberation': 'did not say',
};

export interface BeliefRow {
  belief: Belief;
  /** samples with this label among the labelled ones (k of n) */
  share: RateInterval;
  /** harmful among this label's classified samples */
  harmful: RateInterval;
  paperShare: number;
  /** the paper's rate in this group; it gives none for samples that did not say */
  paperRate?: number;
}

export interface EvalVsReal {
  rows: BeliefRow[];
  /** finished samples with an awareness label */
  labelled: number;
  /** finished samples without one (never labelled, or the awareness judge failed) */
  unlabelled: number;
}

/** Counts per belief, fed one sample at a time (stored results are streamed, not held). */
export class BeliefCounter {
  private n = { 'thinks-real': 0, 'thinks-eval': 0, 'no-deliberation': 0 };
  private k = { 'thinks-real': 0, 'thinks-eval': 0, 'no-deliberation': 0 };
  private c = { 'thinks-real': 0, 'thinks-eval': 0, 'no-deliberation': 0 };
  private unlabelled = 0;

  constructor(private readonly opts: { useOverrides: boolean; method?: ClassificationMethodId }) {}

  add(s: Sample): void {
    if (s.status !== 'done') return;
    const a = currentAwareness(s)?.awareness;
    if (!a || a === 'unclassified') {
      this.unlabelled++;
      return;
    }
    this.n[a]++;
    const v = effectiveVerdict(s, this.opts.useOverrides, this.opts.method);
    if (v === 'unclassified') return;
    this.c[a]++;
    if (v === 'harmful') this.k[a]++;
  }

  result(): EvalVsReal {
    const paper = paperEvalVsReal();
    const labelled = BELIEFS.reduce((a, b) => a + this.n[b], 0);
    return {
      labelled,
      unlabelled: this.unlabelled,
      rows: BELIEFS.map((belief) => ({
        belief,
        share: wilson(this.n[belief], labelled),
        harmful: wilson(this.k[belief], this.c[belief]),
        paperShare: paper.shares[belief],
        paperRate: belief === 'no-deliberation' ? undefined : paper.rates[belief],
      })),
    };
  }
}

export function evalVsReal(
  samples: Iterable<Sample>,
  opts: { useOverrides: boolean; method?: ClassificationMethodId },
): EvalVsReal {
  const c = new BeliefCounter(opts);
  for (const s of samples) c.add(s);
  return c.result();
}
