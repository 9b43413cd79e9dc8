// How a run's sampling and engine setup read in the run view: pinned defaults vs the experiment's settings, context, template.
import { describe, expect, it } from 'vitest';
import { samplingText, setupText } from '../../../src/lib/core/engine-setup-text';
import type { EngineSetup } from '../../../src/lib/core/types';

const pinned = { top_p: 1, presence_penalty: 0, frequency_penalty: 0, repetition_penalty: 1 };
const base = { temperature: 1, maxTokens: 4000 };

describe('samplingText', () => {
  it.each<[string, Parameters<typeof samplingText>[0], EngineSetup | undefined, string | undefined]>([
    ['an API run (nothing sent, nothing set)', base, undefined, undefined],
    [
      'an in-browser run with pinned sampling',
      base,
      { sampling: pinned },
      'top_p 1 · presence penalty 0 · frequency penalty 0 · repetition penalty 1 (pinned defaults)',
    ],
    [
      'set by the experiment, before the first start',
      { ...base, topP: 0.9 },
      undefined,
      'top_p 0.9 · presence penalty 0 · frequency penalty 0 · repetition penalty 1 (set by the experiment)',
    ],
    [
      'set by the experiment, as sent',
      { ...base, topP: 0.9, repetitionPenalty: 1.1 },
      { sampling: { ...pinned, top_p: 0.9, repetition_penalty: 1.1 } },
      'top_p 0.9 · presence penalty 0 · frequency penalty 0 · repetition penalty 1.1 (set by the experiment)',
    ],
  ])('%s', (_n, params, setup, text) => {
    expect(samplingText(params, setup)).toBe(text);
  });
});

describe('setupText', () => {
  it.each<[EngineSetup | undefined, string | undefined]>([
    [undefined, undefined],
    [{ sampling: pinned }, undefined],
    [
      { contextWindow: 9216, systemPrompt: 'system-role' },
      'context window 9,216 tokens · system prompt in the system role',
    ],
    [
      { systemPrompt: 'merged-into-user', template: 'gemma_instruction' },
      'system prompt merged into the first user turn (the chat template has no system role) · template gemma_instruction',
    ],
  ])('%o', (setup, text) => {
    expect(setupText(setup)).toBe(text);
  });
});
