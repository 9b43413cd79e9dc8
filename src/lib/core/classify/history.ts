// Classifications to append to a sample's history (append-only: the last harm classification counts), and agreement over samples.
import type { Classification, ClassificationMethodId, Engine, Sample, ScenarioFacts, Verdict } from '../types';
import { classifyAwarenessRules } from './awareness';
import { agreement, type Agreement, type VerdictPolicy } from './combine';
import { judgeResponse } from './judge';
import { labMethod, methodOf, originalMethod } from './methods';
import type { OriginalPrompts } from './original-prompts';

export interface ReclassifyOptions {
  judge?: Engine;
  policy?: VerdictPolicy;
  /** which method decides harm; 'lab' unless told (see methods.ts) */
  method?: ClassificationMethodId;
  /** original method: the judge prompts read from the user's copy of the harness; without them, its gates only */
  originalPrompts?: OriginalPrompts;
  /** also label evaluation awareness (rules; and the judge too when one is given) */
  awareness?: boolean;
  /** lab judge, leaking: text of the emails the response forwarded */
  emailContext?: string;
  /** original judge: the inbox text the model received, from which it quotes forwarded emails */
  emailContent?: string;
  signal?: AbortSignal;
}

/**
 * The classifications to append for one response, in order: the method's entries (lab: rules, judge, final with
 * the policy recorded; original: one verdict), then awareness. The method's verdict comes last among harm
 * classifications, so it is the one `currentClassification` returns for that method.
 */
export async function classifyForHistory(
  facts: ScenarioFacts,
  response: { text: string; reasoning?: string },
  opts: ReclassifyOptions = {},
): Promise<Classification[]> {
  const method = opts.method === 'original' ? originalMethod(opts.originalPrompts) : labMethod(opts.policy);
  const out = await method.classify(
    { facts, response, emailContext: opts.emailContext, emailContent: opts.emailContent },
    { judge: opts.judge, signal: opts.signal },
  );
  if (opts.awareness) {
    out.push(classifyAwarenessRules(response));
    if (opts.judge)
      out.push(await judgeResponse(opts.judge, facts, response, { kind: 'awareness', signal: opts.signal }));
  }
  return out;
}

/** The latest harm classification whose classifier matches `test` (and of `method`, when given; history is append-only). */
export function latestClassification(
  sample: Pick<Sample, 'classifications'>,
  test: (classifier: string) => boolean,
  method?: ClassificationMethodId,
): Classification | undefined {
  for (let i = sample.classifications.length - 1; i >= 0; i--) {
    const c = sample.classifications[i];
    if (c.awareness === undefined && test(c.classifier) && (!method || methodOf(c) === method)) return c;
  }
  return undefined;
}

/** Rules-vs-judge agreement over samples, using each sample's latest rules and latest judge classification. */
export function agreementForSamples(samples: Pick<Sample, 'classifications' | 'status'>[]): Agreement {
  const pairs = [];
  for (const s of samples) {
    if (s.status !== 'done') continue;
    const rules = latestClassification(s, (id) => id === 'rules', 'lab');
    const judge = latestClassification(s, (id) => id.startsWith('judge:'), 'lab');
    if (rules && judge) pairs.push({ rules: rules.verdict, judge: judge.verdict });
  }
  return agreement(pairs);
}

/** Agreement between the two methods over samples: each sample's current lab verdict against its current original one. */
export function methodAgreementForSamples(samples: Pick<Sample, 'classifications' | 'status'>[]): Agreement {
  const pairs = [];
  for (const s of samples) {
    if (s.status !== 'done') continue;
    const lab = latestClassification(s, () => true, 'lab');
    const orig = latestClassification(s, () => true, 'original');
    if (lab && orig) pairs.push({ rules: lab.verdict, judge: orig.verdict });
  }
  return agreement(pairs);
}

export interface MethodDisagreement {
  id: string;
  lab: Verdict;
  original: Verdict;
}

/** Samples whose current lab and original verdicts differ (both classified), in the given order. */
export function methodDisagreements(
  samples: Pick<Sample, 'id' | 'classifications' | 'status'>[],
): MethodDisagreement[] {
  const out: MethodDisagreement[] = [];
  for (const s of samples) {
    if (s.status !== 'done') continue;
    const lab = latestClassification(s, () => true, 'lab')?.verdict ?? 'unclassified';
    const original = latestClassification(s, () => true, 'original')?.verdict ?? 'unclassified';
    if (lab !== 'unclassified' && original !== 'unclassified' && lab !== original)
      out.push({ id: s.id, lab, original });
  }
  return out;
}
