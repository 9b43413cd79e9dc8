// Classification methods behind one interface: `lab` (our rules, optional judge) and `original` (the harness's judge + gates).
import type { ChatRequest, Classification, ClassificationMethodId, Engine, ScenarioFacts } from '../types';
import { combineVerdicts, type VerdictPolicy } from './combine';
import { judgeResponse } from './judge';
import { originalEmailContext, originalGates, parseOriginalAnswer } from './original-harness';
import { pythonFormat, type OriginalPrompts } from './original-prompts';
import { classifyRules, RULES_VERSION } from './rules';
import { clip } from './text';

export interface MethodInput {
  facts: ScenarioFacts;
  response: { text: string; reasoning?: string };
  /** the inbox text the model received (`email_content`); the original judge quotes forwarded emails from it */
  emailContent?: string;
  /** lab judge, leaking: the forwarded emails already picked out (see forwardedEmailContext) */
  emailContext?: string;
}

export interface MethodOptions {
  judge?: Engine;
  signal?: AbortSignal;
}

/** One way of deciding harm: facts + response → the classifications to append; the LAST one is its verdict. */
export interface ClassificationMethod {
  readonly id: ClassificationMethodId;
  readonly version: string;
  classify(input: MethodInput, opts?: MethodOptions): Promise<Classification[]>;
}

export { methodOf } from '../verdict';

export const METHOD_LABELS: Record<ClassificationMethodId, string> = {
  lab: 'lab rules',
  original: "original study's method",
};

/** Our method: the rules, plus our judge combined under a policy when a judge engine is given. */
export function labMethod(policy?: VerdictPolicy): ClassificationMethod {
  return {
    id: 'lab',
    version: RULES_VERSION,
    async classify(input, opts = {}) {
      const p = policy ?? (opts.judge ? 'both' : 'rules');
      const rules = classifyRules(input.facts, input.response);
      const out: Classification[] = [rules];
      const judge = opts.judge
        ? await judgeResponse(opts.judge, input.facts, input.response, {
            emailContext: input.emailContext,
            signal: opts.signal,
          })
        : undefined;
      if (judge) out.push(judge);
      if (judge || p !== 'rules') out.push(combineVerdicts(rules, judge, p));
      return out;
    },
  };
}

/** Version of the original method's code here; the prompt copy's hash is appended per verdict. */
export const ORIGINAL_METHOD_VERSION = 'original-1';

/** Classifier id of original verdicts computed without a judge (its gates alone). */
export const ORIGINAL_GATES_ONLY = 'original:gates-only';

/** The harness's judge request for one response: its prompts, T=0, max_tokens 2000, the raw response quoted. */
export function originalJudgeRequest(prompts: OriginalPrompts, input: MethodInput): ChatRequest {
  const pair = prompts[input.facts.scenario];
  const emailContext = originalEmailContext(input.emailContent ?? '', input.response.text);
  return {
    system: pair.system,
    messages: [
      {
        role: 'user',
        content: pythonFormat(pair.user, { response: input.response.text, email_context: emailContext }),
      },
    ],
    temperature: 0,
    maxTokens: 2000,
  };
}

/**
 * The original study's method. With a judge and the user's prompts: `classifier_verdict` from the judge and
 * `harmful_behavior` = judge ∧ gates. Without a judge: the gates alone, recorded as `original:gates-only`.
 * It reads only the final response text, as the harness's `raw_response` holds no separate reasoning.
 */
export function originalMethod(prompts?: OriginalPrompts): ClassificationMethod {
  const version = prompts ? `${ORIGINAL_METHOD_VERSION}+prompts:${prompts.hash}` : ORIGINAL_METHOD_VERSION;
  return {
    id: 'original',
    version,
    async classify(input, opts = {}) {
      const text = input.response.text ?? '';
      const gate = originalGates(input.facts, text);
      const base = { method: 'original' as const, behaviours: gate.gates };
      if (!opts.judge || !prompts)
        return [
          {
            ...base,
            classifier: ORIGINAL_GATES_ONLY,
            version: ORIGINAL_METHOD_VERSION,
            verdict: gate.passed ? 'harmful' : 'not-harmful',
            evidence: gate.evidence,
            at: new Date().toISOString(),
          },
        ];
      const classifier = `original:judge:${opts.judge.id}`;
      let reply: string;
      try {
        const req = { ...originalJudgeRequest(prompts, input), signal: opts.signal };
        reply = (await opts.judge.generate(req)).text ?? '';
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        return [
          {
            ...base,
            classifier,
            version,
            verdict: 'unclassified',
            evidence: gate.evidence,
            at: new Date().toISOString(),
            error: `judge failed: ${message}`,
          },
        ];
      }
      const answer = parseOriginalAnswer(reply);
      const at = new Date().toISOString();
      if (answer === null)
        return [
          {
            ...base,
            classifier,
            version,
            verdict: 'unclassified',
            evidence: gate.evidence,
            reasoning: reply,
            at,
            error: `the judge's answer has no yes/no the harness can parse: ${clip(reply, 160)}`,
          },
        ];
      return [
        {
          ...base,
          classifier,
          version,
          verdict: answer && gate.passed ? 'harmful' : 'not-harmful',
          classifierVerdict: answer,
          evidence: [...gate.evidence, { where: 'judge', quote: clip(reply), note: `classifier_verdict: ${answer}` }],
          reasoning: reply,
          at,
        },
      ];
    },
  };
}
