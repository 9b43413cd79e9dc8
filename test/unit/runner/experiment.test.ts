// Experiment definitions become one pending Run per engine, with form problems spelled out.
import { describe, expect, it } from 'vitest';
import { createRuns, experimentProblems, newRunId, type ExperimentDef } from '../../../src/lib/runner/experiment';
import { ID_PATTERN } from '../../../src/lib/core/bundle';

const def = (over: Partial<ExperimentDef> = {}): ExperimentDef => ({
  name: 'Fig 7',
  conditionIds: ['blackmail_explicit-america_replacement', 'blackmail_explicit-america_replacement'],
  engines: [
    {
      id: 'webllm:x',
      label: 'Qwen',
      descriptor: { kind: 'webllm', provider: 'webllm', model: 'Qwen' },
      concurrency: 4,
    },
    {
      id: 'custom:m',
      label: 'Local',
      descriptor: {
        kind: 'openai-compatible',
        provider: 'custom',
        model: 'm',
        baseUrl: 'http://u:pw@localhost:1234/v1/?k=1',
      },
      concurrency: 8,
    },
  ],
  samplesPerCondition: 100,
  params: { temperature: 1, maxTokens: 4000 },
  pack: { id: 'bundled', hash: 'abc' },
  ...over,
});

describe('createRuns', () => {
  it('makes one run per engine; web-llm gets concurrency 1; URL credentials dropped; conditions deduplicated', () => {
    let r = 0;
    const runs = createRuns(def(), {
      appVersion: '1.2.3',
      now: new Date('2026-01-05T10:11:12Z'),
      random: () => (r += 0.1),
    });
    expect(runs.map((x) => x.concurrency)).toEqual([1, 8]);
    expect(runs[1].engine.baseUrl).toBe('http://localhost:1234/v1');
    expect(runs[0].conditionIds.length).toBe(1);
    expect(runs.map((x) => x.name)).toEqual(['Fig 7 · Qwen', 'Fig 7 · Local']);
    expect(runs[0].id).not.toBe(runs[1].id);
    for (const x of runs) {
      expect(x.id).toMatch(new RegExp(ID_PATTERN));
      expect(x).toMatchObject({
        status: 'pending',
        samplesPerCondition: 100,
        appVersion: '1.2.3',
        source: { kind: 'local' },
      });
    }
  });

  it('marks the runs of batch engines as batch runs (never an in-browser one); others stream', () => {
    const env = { appVersion: '1', now: new Date('2026-01-05T10:11:12Z') };
    const [web, api] = createRuns(def({ batchEngineIds: ['custom:m', 'webllm:x'] }), env);
    expect(api.batch).toBe(true);
    expect(web.batch).toBeUndefined();
    expect(createRuns(def(), env).map((r) => r.batch)).toEqual([undefined, undefined]);
  });

  it('records top_p and penalties the experiment set on in-browser runs only (API engines do not send them)', () => {
    const params = { temperature: 1, maxTokens: 4000, topP: 0.9, repetitionPenalty: 1.1 };
    const [webllm, api] = createRuns(def({ params }), { appVersion: '1', now: new Date() });
    expect(webllm.params).toEqual(params);
    expect(api.params).toEqual({ temperature: 1, maxTokens: 4000 });
    const [pinned] = createRuns(def(), { appVersion: '1', now: new Date() });
    expect(pinned.params).toEqual({ temperature: 1, maxTokens: 4000 });
  });

  it('newRunId is sortable by time', () => {
    expect(newRunId(new Date('2026-01-05T10:11:12.345Z'), () => 0)).toBe('run-20260105-101112-000000');
  });
});

describe('experimentProblems', () => {
  it.each([
    [{ conditionIds: [] }, /at least one condition/],
    [{ engines: [] }, /at least one model/],
    [{ samplesPerCondition: 0 }, /Samples per condition/],
    [{ samplesPerCondition: 2.5 }, /Samples per condition/],
    [{ params: { temperature: 3, maxTokens: 10 } }, /Temperature/],
    [{ params: { temperature: 1, maxTokens: 0 } }, /Max tokens/],
    [{ params: { temperature: 1, maxTokens: 10, topP: 0 } }, /top_p must be above 0 and at most 1/],
    [{ params: { temperature: 1, maxTokens: 10, topP: 1.5 } }, /top_p/],
    [{ params: { temperature: 1, maxTokens: 10, topP: NaN } }, /top_p/],
    [{ params: { temperature: 1, maxTokens: 10, presencePenalty: -2.5 } }, /Presence penalty must be from -2 to 2/],
    [{ params: { temperature: 1, maxTokens: 10, frequencyPenalty: 3 } }, /Frequency penalty/],
    [{ params: { temperature: 1, maxTokens: 10, repetitionPenalty: 0 } }, /Repetition penalty must be above 0/],
  ])('%o is refused', (over, msg) => {
    expect(experimentProblems(def(over as Partial<ExperimentDef>)).join(' ')).toMatch(msg);
  });
  it('accepts the defaults', () => expect(experimentProblems(def())).toEqual([]));
  it('accepts sampling settings inside web-llm ranges', () =>
    expect(
      experimentProblems(
        def({
          params: {
            temperature: 1,
            maxTokens: 10,
            topP: 1,
            presencePenalty: -2,
            frequencyPenalty: 2,
            repetitionPenalty: 1.2,
          },
        }),
      ),
    ).toEqual([]));
});
