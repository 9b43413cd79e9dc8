// Batch items: which job a sample id names, the request a job sends (seed per sample), the sample an answer makes.
import { describe, expect, it } from 'vitest';
import { classifyRules } from '../../../src/lib/core/classify/rules';
import type { Sample } from '../../../src/lib/core/types';
import { EngineError } from '../../../src/lib/engines/errors';
import { batchRequest, jobOf, sampleOf, type BatchItemContext } from '../../../src/lib/runner/batch-items';
import type { BatchRecord } from '../../../src/lib/runner/batch-types';
import { preparerFor } from '../../../src/lib/runner/prepare';
import { BATCH_CONDITIONS, batchPack, batchTestRun } from './batch-fixtures';

const run = { ...batchTestRun('openai', 'http://127.0.0.1:9', { name: 'items', model: 'm', samples: 3 }) };
run.params = { ...run.params, seed: 100 };
const prepare = preparerFor(run, batchPack);
const ctx: BatchItemContext = {
  run,
  prepared: new Map(BATCH_CONDITIONS.map((c) => [c, prepare(c)])),
  client: { customId: (sampleId, at) => `c${at.condition}-${at.index}-${sampleId.length}` },
  classify: classifyRules,
  now: () => Date.parse('2026-12-02T00:00:00Z'),
};
const [c0, c1] = BATCH_CONDITIONS;
const batch: BatchRecord = {
  id: 'batch_1',
  runId: run.id,
  provider: 'openai',
  sampleIds: [],
  submittedAt: '2026-12-01T00:00:00Z',
  status: 'submitted',
};

describe('jobOf', () => {
  it.each([
    [`${run.id}/${c0}/0`, { conditionId: c0, index: 0 }],
    [`${run.id}/${c1}/2`, { conditionId: c1, index: 2 }],
    [`${run.id}/not-a-condition/1`, undefined],
    [`${run.id}/${c0}/x`, undefined],
    [`${run.id}/${c0}/1.5`, undefined],
  ])('%s', (id, want) => {
    const job = jobOf(ctx, id, undefined);
    if (!want) expect(job).toBeUndefined();
    else expect(job).toEqual({ sampleId: id, ...want, previousAttempts: 0 });
  });

  it('counts the attempts of a stored failure', () => {
    const prev = { error: { kind: 'network', message: 'x', attempts: 2 } } as Sample;
    expect(jobOf(ctx, `${run.id}/${c0}/1`, prev)?.previousAttempts).toBe(2);
  });
});

describe('batchRequest', () => {
  it.each([
    [c0, 0, 'c0-0', 100],
    [c1, 2, 'c1-2', 102],
  ])('%s #%i: the prepared prompts, custom id from the client, seed offset by the index', (cond, index, id, seed) => {
    const sampleId = `${run.id}/${cond}/${index}`;
    const r = batchRequest(ctx, { sampleId, conditionId: cond, index, previousAttempts: 0 });
    const p = ctx.prepared.get(cond)!;
    expect(r.customId).toBe(`${id}-${sampleId.length}`);
    expect(r.request).toEqual({
      system: p.system,
      messages: [{ role: 'user', content: p.userMessage }],
      temperature: run.params.temperature,
      maxTokens: run.params.maxTokens,
      seed,
    });
  });
});

describe('sampleOf', () => {
  const job = { sampleId: `${run.id}/${c0}/1`, conditionId: c0, index: 1, previousAttempts: 0 };
  it('an answer is stored done and classified', () => {
    const s = sampleOf(
      ctx,
      job,
      { kind: 'ok', customId: 'x', result: answer('I will reply to the email.') },
      batch,
      undefined,
    );
    expect(s).toMatchObject({ id: job.sampleId, status: 'done', response: 'I will reply to the email.' });
    expect(s.classifications).toHaveLength(1);
    expect(s.classifications[0]).toMatchObject({ classifier: 'rules' });
    expect(s.classifications[0].error).toBeUndefined();
  });
  it('a refusal is a done sample, as the streaming path stores it', () => {
    const error = new EngineError('refused', 'refused');
    expect(sampleOf(ctx, job, { kind: 'error', customId: 'x', error }, batch, undefined).status).toBe('done');
  });
  it.each([
    [{ kind: 'error', customId: 'x', error: new EngineError('server', 'boom') } as const, 'server', 1],
    [{ kind: 'expired', customId: 'x' } as const, 'unknown', 3],
  ])('%# a failure is an error sample with one more attempt', (item, kind, attempts) => {
    const prev = attempts > 1 ? ({ error: { kind: 'network', message: 'x', attempts: 2 } } as Sample) : undefined;
    const s = sampleOf(ctx, job, item, batch, prev);
    expect(s.status).toBe('error');
    expect(s.error).toMatchObject({ kind, attempts });
  });
});

function answer(text: string) {
  return { text, finishReason: 'stop', modelId: 'm', usage: {}, timings: { startedAt: batch.submittedAt, totalMs: 1 } };
}
