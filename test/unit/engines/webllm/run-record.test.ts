// What an in-browser run records about its engine setup travels in exports and passes the import validator.
import { describe, expect, it } from 'vitest';
import { buildBundle } from '../../../../src/lib/core/bundle/export';
import { validateBundle } from '../../../../src/lib/core/bundle/validate';
import type { EngineSetup } from '../../../../src/lib/core/types';
import { makeRun } from '../../storage/make';

const setup: EngineSetup = {
  contextWindow: 9216,
  sampling: { top_p: 1, presence_penalty: 0, frequency_penalty: 0, repetition_penalty: 1 },
  systemPrompt: 'merged-into-user',
  template: 'gemma_instruction',
};

describe('engineSetup on the run', () => {
  it('is exported and validates on import', () => {
    const bundle = buildBundle([makeRun('r1', { engineSetup: setup })], [], { appVersion: '0.1.0' });
    expect(bundle.runs[0].engineSetup).toEqual(setup);
    const check = validateBundle(JSON.parse(JSON.stringify(bundle)));
    expect(check.ok).toBe(true);
  });

  it('keeps the sampling settings the experiment set (params) through export and import', () => {
    const params = { temperature: 1, maxTokens: 4000, topP: 0.9, presencePenalty: 0.5, repetitionPenalty: 1.1 };
    const bundle = buildBundle([makeRun('r1', { params, engineSetup: setup })], [], { appVersion: '0.1.0' });
    expect(bundle.runs[0].params).toEqual(params);
    expect(validateBundle(JSON.parse(JSON.stringify(bundle))).ok).toBe(true);
    const bad = JSON.parse(JSON.stringify(bundle));
    bad.runs[0].params.topP = 3;
    expect(validateBundle(bad).ok).toBe(false);
  });

  it.each([
    ['an unknown system prompt mode', { systemPrompt: 'raw' }],
    ['top_p above 1', { sampling: { ...setup.sampling, top_p: 2 } }],
    ['markup in the template name', { template: '<b>x</b>' }],
  ])('rejects %s, which the export fits to the spec', (_n, bad) => {
    const bundle = buildBundle([makeRun('r1')], [], { appVersion: '0.1.0' });
    bundle.runs[0].engineSetup = { ...setup, ...bad } as EngineSetup;
    expect(validateBundle(JSON.parse(JSON.stringify(bundle))).ok).toBe(false);
    const exported = buildBundle([makeRun('r1', { engineSetup: { ...setup, ...bad } as EngineSetup })], [], {
      appVersion: '0.1.0',
    });
    expect(validateBundle(JSON.parse(JSON.stringify(exported))).ok).toBe(true);
  });
});
