// The runner over fakes: every sample stored once, failures recorded and retried, pause/resume, quota and fatal stops.
import { describe, expect, it } from 'vitest';
import { EngineError } from '../../../src/lib/engines/errors';
import { RunController } from '../../../src/lib/runner/controller';
import { planJobs } from '../../../src/lib/runner/plan';
import type { RunProgress } from '../../../src/lib/runner/types';
import { COND_A, COND_B, makeRun, makeSample } from '../storage/make';
import { FakeEngine, MemoryStore, deps } from './fakes';

const run = (over = {}) => makeRun('r1', { status: 'pending', samplesPerCondition: 3, concurrency: 2, ...over });
const waitFor = async (cond: () => boolean) => {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 2));
  if (!cond()) throw new Error('condition not reached');
};

describe('planJobs', () => {
  it('lists missing samples index-major, skips stored ones, adds failed ones only on retry', () => {
    const r = run({ samplesPerCondition: 2 });
    const stored = [
      makeSample('r1', COND_A, 0),
      makeSample('r1', COND_B, 1, { status: 'error', error: { kind: 'network', message: '', attempts: 4 } }),
    ];
    expect(planJobs(r, stored).map((j) => j.sampleId)).toEqual([`r1/${COND_B}/0`, `r1/${COND_A}/1`]);
    const retry = planJobs(r, stored, true);
    expect(retry.map((j) => `${j.conditionId}/${j.index}/${j.previousAttempts}`)).toEqual([
      `${COND_B}/0/0`,
      `${COND_A}/1/0`,
      `${COND_B}/1/4`,
    ]);
  });
});

describe('RunController', () => {
  it('runs every sample once, classified and stored, within the concurrency limit', async () => {
    const engine = new FakeEngine();
    const store = new MemoryStore();
    const progress: RunProgress[] = [];
    const deltas: string[] = [];
    const c = new RunController(run({ params: { temperature: 0.7, maxTokens: 123, seed: 40 } }), deps(engine, store), {
      onProgress: (p) => progress.push(p),
      onDelta: (id, d) => deltas.push(`${id}:${d.text}`),
    });
    expect(await c.start()).toBe('done');
    expect(store.writes.length).toBe(6);
    expect(new Set(store.writes).size).toBe(6);
    expect(engine.maxInFlight).toBe(2);
    const s = store.samples.get(`r1/${COND_A}/2`)!;
    expect(s).toMatchObject({
      status: 'done',
      index: 2,
      model: 'test-model',
      modelId: 'fake-model-2026',
      promptHash: `h-${COND_A.length}`,
    });
    expect(s.classifications[0].classifier).toBe('rules');
    expect(s.response).toMatch(/^reply to user for blackmail/);
    const req = engine.calls.find((q) => q.system === `system for ${COND_A}`)!;
    expect(req).toMatchObject({
      temperature: 0.7,
      maxTokens: 123,
      messages: [{ role: 'user', content: `user for ${COND_A}` }],
    });
    expect(engine.calls.map((q) => q.seed).sort()).toEqual([40, 40, 41, 41, 42, 42]);
    expect(deltas.length).toBe(12);
    const last = progress[progress.length - 1];
    expect(last).toMatchObject({
      status: 'done',
      done: 6,
      failed: 0,
      remaining: 0,
      inputTokens: 600,
      outputTokens: 60,
      etaMs: 0,
    });
    expect(store.runs.get('r1')!.status).toBe('done');
  });

  it('records a failed sample with its error and attempts, keeps going, and retries it later', async () => {
    let broken = true;
    const engine: FakeEngine = new FakeEngine((req, call) =>
      broken && req.system.includes(COND_B) && call < 3
        ? new EngineError('bad-request', 'model rejected the request')
        : 'ok',
    );
    const store = new MemoryStore();
    const c = new RunController(run({ concurrency: 1 }), deps(engine, store));
    expect(await c.start()).toBe('done');
    const failed = [...store.samples.values()].filter((s) => s.status === 'error');
    expect(failed.length).toBe(1);
    expect(failed[0].error).toMatchObject({ kind: 'bad-request', attempts: 1 });
    expect(failed[0].error!.message).toMatch(/model rejected the request. Check the model name/);
    expect(c.progress).toMatchObject({ done: 5, failed: 1, remaining: 0 });
    expect(c.progress.message).toMatch(/1 sample\(s\) failed/);
    broken = false;
    expect(await c.start({ retryFailed: true })).toBe('done');
    expect(c.progress).toMatchObject({ done: 6, failed: 0, remaining: 0 });
    expect(store.samples.size).toBe(6);
    expect([...store.samples.values()].every((s) => s.status === 'done')).toBe(true);
  });

  it('retries retryable errors and counts the attempts when they run out', async () => {
    const engine = new FakeEngine((req) =>
      req.system.includes(COND_A) ? new EngineError('rate-limit', 'slow down') : 'ok',
    );
    const store = new MemoryStore();
    const restarts: string[] = [];
    const c = new RunController(run({ samplesPerCondition: 1 }), deps(engine, store), {
      maxAttempts: 3,
      onRestart: (id) => restarts.push(id),
    });
    await c.start();
    expect(store.samples.get(`r1/${COND_A}/0`)!.error).toMatchObject({ kind: 'rate-limit', attempts: 3 });
    expect(restarts).toEqual([`r1/${COND_A}/0`, `r1/${COND_A}/0`]);
    expect(engine.calls.length).toBe(4);
  });

  it('pauses without storing aborted samples, then resumes in a new controller with no repeats and none lost', async () => {
    let hang = true;
    const engine = new FakeEngine((_req, call) => (hang && call >= 3 ? 'hang' : 'ok'));
    const store = new MemoryStore();
    const first = new RunController(run({ samplesPerCondition: 5 }), deps(engine, store));
    const started = first.start();
    await waitFor(() => engine.inFlight === 2 && store.writes.length === 3);
    first.pause();
    expect(await started).toBe('paused');
    expect(store.runs.get('r1')!.status).toBe('paused');
    expect(store.writes.length).toBe(3);
    // "reload": a fresh controller over the same store
    hang = false;
    const second = new RunController({ ...store.runs.get('r1')! }, deps(engine, store));
    expect(await second.start()).toBe('done');
    expect(store.writes.length).toBe(10);
    expect(new Set(store.writes).size).toBe(10);
    expect(second.progress).toMatchObject({ done: 10, failed: 0, remaining: 0, total: 10 });
  });

  it('cancels: in-flight samples are dropped and the run is marked cancelled', async () => {
    const engine = new FakeEngine(() => 'hang');
    const store = new MemoryStore();
    const c = new RunController(run(), deps(engine, store));
    const p = c.start();
    await waitFor(() => engine.inFlight === 2);
    c.cancel();
    expect(await p).toBe('cancelled');
    expect(store.samples.size).toBe(0);
    expect(store.runs.get('r1')!.status).toBe('cancelled');
  });

  it('stops cleanly on a storage quota error, keeping what was stored, and resumes once space is free', async () => {
    const engine = new FakeEngine();
    const store = new MemoryStore();
    store.quotaAfter = 2;
    const c = new RunController(run({ concurrency: 1 }), deps(engine, store));
    expect(await c.start()).toBe('error');
    expect(c.progress.message).toMatch(/storage is full/);
    expect(store.samples.size).toBe(2);
    expect(store.runs.get('r1')!.status).toBe('error');
    store.quotaAfter = undefined;
    expect(await c.start()).toBe('done');
    expect(store.samples.size).toBe(6);
  });

  it('never tells a sample that failed for good that "the run retries automatically"', async () => {
    const engine = new FakeEngine(() => new EngineError('server', 'Upstream exploded (HTTP 500).'));
    const store = new MemoryStore();
    const c = new RunController(run({ concurrency: 1, samplesPerCondition: 1 }), deps(engine, store), {
      maxAttempts: 3,
      baseDelayMs: 1,
    });
    expect(await c.start()).toBe('done');
    const failed = [...store.samples.values()];
    expect(failed).toHaveLength(2);
    for (const s of failed) {
      expect(s.error!.message).not.toMatch(/retries automatically/);
      expect(s.error!.message).toMatch(/still failed after 3 attempts; use "Retry failed samples"/);
    }
  });

  describe('a full disk that refuses the stopped status too', () => {
    /** Storage full from the n-th sample on: run records are refused too while `full`. */
    class FullStore extends MemoryStore {
      full = false;
      /** how many run writes to refuse once full (Infinity: until space is freed) */
      refuseRuns = Infinity;
      override async putSample(s: Parameters<MemoryStore['putSample']>[0]) {
        try {
          await super.putSample(s);
        } catch (e) {
          this.full = true;
          throw e;
        }
      }
      override async putRun(r: Parameters<MemoryStore['putRun']>[0]) {
        if (this.full && this.refuseRuns-- > 0)
          throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        await super.putRun(r);
      }
    }

    it('stores the error status once the write goes through on a retry', async () => {
      const store = new FullStore();
      store.quotaAfter = 2;
      store.refuseRuns = 1;
      const c = new RunController(run({ concurrency: 1 }), deps(new FakeEngine(), store));
      expect(await c.start()).toBe('error');
      expect(c.progress.status).toBe('error');
      expect(store.runs.get('r1')!.status).toBe('error');
      expect(c.statusUnsaved).toBe(false);
      expect(c.progress.message).toMatch(/storage is full/);
      expect(c.progress.message).not.toMatch(/refused to record/);
    });

    it('says so while storage still says running, and stores the status once space is freed', async () => {
      const store = new FullStore();
      store.quotaAfter = 2;
      const c = new RunController(run({ concurrency: 1 }), deps(new FakeEngine(), store));
      expect(await c.start()).toBe('error');
      expect(store.runs.get('r1')!.status).toBe('running');
      expect(c.statusUnsaved).toBe(true);
      expect(c.progress.message).toMatch(/refused to record that the run stopped.*reload shows it as interrupted/);
      expect(await c.saveStatus()).toBe(false);
      store.full = false;
      store.quotaAfter = undefined;
      expect(await c.saveStatus()).toBe(true);
      expect(store.runs.get('r1')!.status).toBe('error');
      expect(c.statusUnsaved).toBe(false);
      expect(c.progress.message).toMatch(/storage is full/);
      expect(c.progress.message).not.toMatch(/refused to record/);
    });
  });

  it('stops the whole run on an error every sample would hit (bad key)', async () => {
    const engine = new FakeEngine(() => new EngineError('auth', 'Incorrect API key provided.'));
    const store = new MemoryStore();
    const c = new RunController(run({ concurrency: 1 }), deps(engine, store));
    expect(await c.start()).toBe('error');
    expect(store.samples.size).toBe(1);
    expect(c.progress.message).toMatch(/Incorrect API key provided. Check the API key/);
  });

  it('stores a provider refusal as a finished response, and a classifier crash as unclassified', async () => {
    const engine = new FakeEngine((req) => (req.system.includes(COND_A) ? new EngineError('refused', 'no') : 'ok'));
    const store = new MemoryStore();
    const c = new RunController(
      run({ samplesPerCondition: 1 }),
      deps(engine, store, {
        classify: () => {
          throw new Error('boom');
        },
      }),
    );
    expect(await c.start()).toBe('done');
    const refused = store.samples.get(`r1/${COND_A}/0`)!;
    expect(refused).toMatchObject({ status: 'done', response: '', finishReason: 'refusal' });
    expect(refused.classifications[0]).toMatchObject({ verdict: 'unclassified', error: 'The classifier failed: boom' });
  });

  it('refuses to start when a condition cannot be rendered, and stores nothing', async () => {
    const store = new MemoryStore();
    const c = new RunController(run({ conditionIds: [COND_A, 'bad_cond'] }), deps(new FakeEngine(), store));
    expect(await c.start()).toBe('error');
    expect(c.progress.message).toMatch(/Cannot build the prompts: unknown condition bad_cond/);
    expect(store.samples.size).toBe(0);
  });

  it('a finished run has nothing to do on start, and an ETA appears after the first sample', async () => {
    const store = new MemoryStore();
    let t = 0;
    const etas: (number | undefined)[] = [];
    const c = new RunController(run({ concurrency: 1 }), deps(new FakeEngine(), store, { now: () => (t += 1000) }), {
      onProgress: (p) => etas.push(p.etaMs),
    });
    await c.start();
    expect(etas.some((e) => e !== undefined && e > 0)).toBe(true);
    const engine = new FakeEngine();
    const again = new RunController(store.runs.get('r1')!, deps(engine, store));
    expect(await again.start()).toBe('done');
    expect(engine.calls.length).toBe(0);
  });
});
