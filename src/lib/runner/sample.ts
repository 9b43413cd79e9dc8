// Builds the stored Sample for a finished request (classified) or a failed one: shared by the streaming and batch runners.
import type { ChatResult, Classification, EngineErrorKind, Sample } from '../core/types';
import { MAX_REPLY_CHARS } from '../core/types';
import { errorText } from './outcomes';
import type { PreparedCondition, RunnerDeps } from './types';

export type SampleBase = Omit<Sample, 'status' | 'classifications' | 'createdAt'>;

/** A reply whose text or reasoning passes MAX_REPLY_CHARS is cut there and flagged (whatever engine produced it). */
export function capReply(r: ChatResult): ChatResult {
  const over = (s: string | undefined) => s !== undefined && s.length > MAX_REPLY_CHARS;
  if (!over(r.text) && !over(r.reasoning)) return r;
  const out: ChatResult = { ...r, text: r.text.slice(0, MAX_REPLY_CHARS), truncated: r.truncated ?? 'size' };
  if (r.reasoning !== undefined) out.reasoning = r.reasoning.slice(0, MAX_REPLY_CHARS);
  return out;
}

/** A done sample: the reply, its usage and timings, and the rules classification (a classifier crash is recorded, not thrown). */
export function doneSample(
  base: SampleBase,
  result: ChatResult,
  p: PreparedCondition,
  classify: RunnerDeps['classify'],
  now: number,
): Sample {
  const r = capReply(result);
  const sample: Sample = {
    ...base,
    status: 'done',
    response: r.text,
    finishReason: r.finishReason,
    modelId: r.modelId,
    usage: { ...r.usage },
    timings: { ...r.timings },
    classifications: [],
    createdAt: new Date(now).toISOString(),
  };
  if (r.reasoning) sample.reasoning = r.reasoning;
  if (r.truncated) sample.truncated = r.truncated;
  let c: Classification;
  try {
    c = classify(p.facts, { text: r.text, reasoning: r.reasoning });
  } catch (e) {
    c = {
      classifier: 'rules',
      version: 'unknown',
      verdict: 'unclassified',
      evidence: [],
      at: new Date(now).toISOString(),
      error: `The classifier failed: ${errorText(e)}`,
    };
  }
  sample.classifications.push(c);
  return sample;
}

/** A failed sample: the error kind, message with what to do next, and the attempts spent on it so far. */
export function errorSample(
  base: SampleBase,
  error: { kind: EngineErrorKind; message: string; attempts: number },
  now: number,
): Sample {
  return { ...base, status: 'error', error, classifications: [], createdAt: new Date(now).toISOString() };
}
