// The runner lets an engine get ready before the first sample (in-browser models: context plan + load) and records it.
import { describe, expect, it } from 'vitest';
import type { EngineSetup, RunPlan } from '../../../src/lib/core/types';
import { EngineError } from '../../../src/lib/engines/errors';
import { RunController } from '../../../src/lib/runner/controller';
import { makeRun } from '../storage/make';
import { FakeEngine, MemoryStore, deps } from './fakes';

const run = (over = {}) => makeRun('r1', { status: 'pending', samplesPerCondition: 2, concurrency: 1, ...over });

class PreparingEngine extends FakeEngine {
  plans: RunPlan[] = [];
  constructor(private readonly ready: (plan: RunPlan, signal?: AbortSignal) => Promise<EngineSetup | undefined>) {
    super();
  }
  prepare(plan: RunPlan, signal?: AbortSignal) {
    this.plans.push(plan);
    return this.ready(plan, signal);
  }
}

describe('engine prepare at run start', () => {
  it("passes the run's longest prompt and max tokens, and stores what the engine decided on the run", async () => {
    const setup: EngineSetup = {
      contextWindow: 8192,
      sampling: { top_p: 1, presence_penalty: 0, frequency_penalty: 0, repetition_penalty: 1 },
      systemPrompt: 'merged-into-user',
    };
    const engine = new PreparingEngine(async () => setup);
    const store = new MemoryStore();
    const r = run();
    expect(await new RunController(r, deps(engine, store)).start()).toBe('done');
    // fakes.ts prepare(): "system for <id>" + "user for <id>", chars/4 each
    const longest = Math.max(
      ...r.conditionIds.map((id) => Math.ceil(`system for ${id}`.length / 4) + Math.ceil(`user for ${id}`.length / 4)),
    );
    expect(engine.plans).toEqual([expect.objectContaining({ promptTokens: longest, maxTokens: r.params.maxTokens })]);
    expect(store.runs.get('r1')!.engineSetup).toEqual(setup);
    expect(engine.calls.length).toBe(r.conditionIds.length * 2);
  });

  it('Pause while the engine is getting ready stops before any sample', async () => {
    let release: (() => void) | undefined;
    const engine = new PreparingEngine(
      (_plan, signal) =>
        new Promise((resolve, reject) => {
          release = () => resolve(undefined);
          signal?.addEventListener('abort', () => reject(new EngineError('aborted', 'stopped')));
        }),
    );
    const store = new MemoryStore();
    const c = new RunController(run(), deps(engine, store));
    const started = c.start();
    await new Promise((r) => setTimeout(r, 5));
    expect(release).toBeDefined();
    c.pause();
    expect(await started).toBe('paused');
    expect(engine.calls).toHaveLength(0);
    expect(store.writes).toHaveLength(0);
  });

  it('a failed preparation stops the run with its message and action', async () => {
    const engine = new PreparingEngine(async () => {
      throw new EngineError('context-length', 'The longest prompt needs about 40,000 tokens', {
        action: 'Pick another model.',
      });
    });
    const store = new MemoryStore();
    const c = new RunController(run(), deps(engine, store));
    expect(await c.start()).toBe('error');
    expect(c.progress.message).toBe('The longest prompt needs about 40,000 tokens. Pick another model.');
    expect(engine.calls).toHaveLength(0);
  });

  it('counts samples cut at max tokens (finish "length"), stored before and in this session', async () => {
    const engine = new FakeEngine();
    const orig = engine.generate.bind(engine);
    let n = 0;
    engine.generate = async (req, onDelta) => ({
      ...(await orig(req, onDelta)),
      finishReason: n++ % 2 ? 'stop' : 'length',
    });
    const store = new MemoryStore();
    const r = run();
    const c = new RunController(r, deps(engine, store));
    await c.start();
    expect(c.progress.cut).toBe(r.conditionIds.length); // every other sample
    const again = new RunController({ ...store.runs.get('r1')! }, deps(engine, store));
    await again.start();
    expect(again.progress.cut).toBe(r.conditionIds.length);
  });
});
