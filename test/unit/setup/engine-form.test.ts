// The API engine form's plain parts: the effort choices and the engine config each kind of filled-in form describes.
import { describe, expect, it } from 'vitest';
import { EFFORT_OPTIONS, engineDraft, type EngineFormValues } from '../../../src/components/setup/engine-form';
import { getPreset } from '../../../src/lib/engines/presets';
import { DEFAULT_DEADLINE_MS } from '../../../src/lib/engines/deadline';

const form = (o: Partial<EngineFormValues> = {}): EngineFormValues => {
  const provider = o.provider ?? 'openai';
  const p = getPreset(provider);
  return {
    provider,
    baseUrl: p.baseUrl,
    model: 'gpt-4.1',
    concurrency: p.concurrency,
    limitMin: 10,
    budget: null,
    effort: '',
    ...o,
  };
};
const draft = (o: Partial<EngineFormValues> = {}) => engineDraft(form(o), getPreset(o.provider ?? 'openai'));

describe('EFFORT_OPTIONS', () => {
  it('offers the provider default first, then low, medium, high', () => {
    expect(EFFORT_OPTIONS.map((o) => [o.value, o.label])).toEqual([
      ['', 'provider default'],
      ['low', 'low'],
      ['medium', 'medium'],
      ['high', 'high'],
    ]);
  });
});

describe('engineDraft', () => {
  it('describes a hosted model by provider and model, without the preset base URL', () => {
    expect(draft({ model: '  gpt-4.1 ', concurrency: 4 })).toEqual({
      id: 'openai:gpt-4.1',
      label: 'OpenAI · gpt-4.1',
      descriptor: { kind: 'openai-compatible', provider: 'openai', model: 'gpt-4.1' },
      concurrency: 4,
      deadlineMs: DEFAULT_DEADLINE_MS,
    });
  });

  it.each([
    [
      'a changed base URL is kept, not in the id',
      { baseUrl: ' https://proxy/v1 ' },
      'openai:gpt-4.1',
      'https://proxy/v1',
    ],
    [
      'a local server is named by its URL',
      { provider: 'ollama', model: 'llama3', baseUrl: getPreset('ollama').baseUrl },
      `ollama:llama3@${getPreset('ollama').baseUrl}`,
      getPreset('ollama').baseUrl,
    ],
    [
      'a custom server is named by its URL',
      { provider: 'custom', model: 'm', baseUrl: 'http://box:8000/v1' },
      'custom:m@http://box:8000/v1',
      'http://box:8000/v1',
    ],
  ] as const)('%s', (_, o, id, baseUrl) => {
    const c = draft(o);
    expect(c.id).toBe(id);
    expect(c.descriptor.baseUrl).toBe(baseUrl);
  });

  it.each([
    [4, 4],
    [2.7, 2],
    [0, 1],
    [-3, 1],
    [Number.NaN, 1],
  ])('concurrency %d → %d', (concurrency, want) => {
    expect(draft({ concurrency }).concurrency).toBe(want);
  });

  it.each([
    [null, DEFAULT_DEADLINE_MS],
    [1, 60_000],
    [0.5, 30_000],
  ])('time limit %s min → %d ms', (limitMin, ms) => {
    expect(draft({ limitMin }).deadlineMs).toBe(ms);
  });

  it.each([
    ['openai', { effort: 'high' }, { effort: 'high' }],
    ['openai', { effort: '' }, undefined],
    ['openai', { budget: 2048 }, undefined],
    ['anthropic', { budget: 2048.9 }, { budgetTokens: 2048 }],
    ['anthropic', { budget: -5 }, { budgetTokens: 0 }],
    ['anthropic', { budget: null }, undefined],
    ['anthropic', { effort: 'low' }, undefined],
    ['gemini', { budget: 0 }, { budgetTokens: 0 }],
  ] as const)('%s with %j → reasoning %j', (provider, o, reasoning) => {
    expect(draft({ provider, model: 'm', ...o }).reasoning).toEqual(reasoning);
  });
});
