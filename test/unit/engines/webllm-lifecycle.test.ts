// In-browser model flows that must survive real use: delete while loaded, stop during a load, failed loads, interrupts, setup.
import { describe, expect, it } from 'vitest';
import { WebLLMEngine } from '../../../src/lib/engines/webllm/client';
import { toCatalogModel } from '../../../src/lib/engines/webllm/catalog';
import { FATAL } from '../../../src/lib/runner/outcomes';
import { PINNED_SAMPLING } from '../../../src/lib/engines/webllm/client';
import { WebLLMHost, type EngineLike } from '../../../src/lib/engines/webllm/host';
import type { FromWorker } from '../../../src/workers/messages';
import { config, connect, fakeDeps, req } from './webllm-fake';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const outcome = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: { kind?: string }) => e.kind ?? String(e),
  );

describe('web-llm lifecycle', () => {
  it('deleting the loaded model leaves the client unloaded, and the next sample reloads instead of failing', async () => {
    const { deps, calls } = fakeDeps();
    const client = connect(deps);
    const engine = new WebLLMEngine(client, config('Cached-Model-q4f16_1-MLC'));
    expect((await engine.generate(req)).text).toBe('Hello there.');
    const r = await client.deleteModel('Cached-Model-q4f16_1-MLC');
    expect(r).toEqual({ unloaded: true, keptLibrary: false });
    expect(client.loaded).toBeUndefined();
    expect((await engine.generate(req)).text).toBe('Hello there.');
    expect(calls.load).toHaveLength(2);
  });

  it('Pause during an automatic load ends the worker: no hidden generation, and the next sample starts a fresh worker', async () => {
    const { deps, calls } = fakeDeps({ loadDelayMs: 60 });
    const workers = { started: 0, terminated: 0 };
    const client = connect(deps, workers);
    const engine = new WebLLMEngine(client, config('M'));
    const ac = new AbortController();
    const p = engine.generate({ ...req, signal: ac.signal });
    await wait(20);
    ac.abort();
    expect(await outcome(p)).toBe('aborted');
    await wait(120); // the old worker's load would have finished by now
    expect(calls.requests).toHaveLength(0);
    expect(workers).toEqual({ started: 1, terminated: 1 });
    expect(client.loaded).toBeUndefined();
    expect((await engine.generate(req)).text).toBe('Hello there.');
    expect(workers.started).toBe(2);
  });

  it('an abort raised as the stream starts still stops it (web-llm clears its flag per request)', async () => {
    const pieces = Array.from({ length: 40 }, (_, i) => `w${i} `);
    const { deps } = fakeDeps({ pieces, delayMs: 3 });
    const client = connect(deps);
    await client.load('M');
    const engine = new WebLLMEngine(client, config('M'));
    const ac = new AbortController();
    const seen: string[] = [];
    const p = engine.generate({ ...req, signal: ac.signal }, (d) => d.text && seen.push(d.text));
    ac.abort(); // the interrupt reaches the worker before the library starts (and resets) the generation
    expect(await outcome(p)).toBe('aborted');
    expect(seen.length).toBeLessThan(5);
  });

  it('an interrupt that reaches the worker while web-llm starts the request (before it clears its flag) still stops it', async () => {
    const pieces = Array.from({ length: 40 }, (_, i) => `w${i} `);
    const { deps } = fakeDeps({ pieces, delayMs: 1 });
    let open: () => void = () => undefined;
    const gate = new Promise<void>((r) => (open = r));
    const create = deps.createEngine.bind(deps);
    deps.createEngine = async (...args) => {
      const engine = await create(...args);
      const start = engine.chat.completions.create.bind(engine.chat.completions);
      return {
        ...engine,
        chat: { completions: { create: async (r) => (await gate, start(r)) } },
      } satisfies EngineLike;
    };
    const sent: FromWorker[] = [];
    const host = new WebLLMHost(deps, (m) => sent.push(m));
    await host.handle({ type: 'load', id: 1, modelId: 'M' });
    const request = {
      modelId: 'M',
      system: '',
      messages: [],
      temperature: 0,
      maxTokens: 50,
      sampling: PINNED_SAMPLING,
    };
    const generating = host.handle({ type: 'generate', id: 2, request });
    await wait(5); // the request is with web-llm, which has not started streaming (and resetting its flag) yet
    await host.handle({ type: 'interrupt', target: 2 });
    open();
    await generating;
    const done = sent.find((m) => m.type === 'done' && m.id === 2);
    expect(done).toMatchObject({ result: { finishReason: 'abort' } });
    expect(sent.filter((m) => m.type === 'delta').length).toBeLessThan(5);
  });

  it('a queued generation stopped before its turn never reaches the engine', async () => {
    const { deps, calls } = fakeDeps({ pieces: ['a', 'b', 'c'], delayMs: 10 });
    const client = connect(deps);
    await client.load('M');
    const engine = new WebLLMEngine(client, config('M'));
    const first = engine.generate(req);
    const ac = new AbortController();
    const second = engine.generate({ ...req, signal: ac.signal });
    await wait(5);
    ac.abort();
    expect(await outcome(second)).toBe('aborted');
    expect((await first).text).toBe('abc');
    await wait(20);
    expect(calls.requests).toHaveLength(1);
  });

  it('a failed load ends its worker (freeing what it allocated) and the next load starts a fresh one', async () => {
    const o = { loadError: new Error('Failed to allocate GPU buffer: out of memory') as Error | undefined };
    const { deps } = fakeDeps(o);
    const workers = { started: 0, terminated: 0 };
    const client = connect(deps, workers);
    expect(await outcome(client.load('M'))).toBe('out-of-memory');
    expect(workers).toEqual({ started: 1, terminated: 1 });
    o.loadError = undefined;
    await client.load('M');
    expect(workers.started).toBe(2);
  });

  it('lists a download that stopped half-way as partial, with the bytes it holds', async () => {
    const { deps } = fakeDeps();
    deps.hasModelInCache = async () => false; // web-llm's own check: not every shard is there
    deps.cacheFiles = async () => ({ bytes: 2048, any: true });
    expect(await connect(deps).request({ type: 'cache-list', modelIds: ['M'] })).toEqual([
      { modelId: 'M', cached: false, bytes: 2048, partial: true },
    ]);
  });

  it('an unknown model id is a fatal model-not-found error', async () => {
    const { deps } = fakeDeps();
    expect(await outcome(connect(deps).load('Custom-Lost-q4f32_1-MLC'))).toBe('model-not-found');
    expect(FATAL.has('model-not-found')).toBe(true);
  });

  it('an f16 build on a GPU without shader-f16 is refused before web-llm allocates anything', async () => {
    const { deps, calls } = fakeDeps({ shaderF16: false });
    const e = await connect(deps)
      .load('Cached-Model-q4f16_1-MLC')
      .catch((x: { kind: string; action: string }) => x);
    expect(e).toMatchObject({ kind: 'webgpu-unavailable', action: 'Pick the q4f32 build of the same model.' });
    expect(calls.load).toHaveLength(0);
  });

  it('sends pinned sampling (top_p 1, no penalties) unless the request sets them', async () => {
    const { deps, calls } = fakeDeps();
    const engine = new WebLLMEngine(connect(deps), config('M'));
    await engine.generate(req);
    await engine.generate({ ...req, topP: 0.9, repetitionPenalty: 1.1 });
    expect(calls.requests[0]).toMatchObject({
      top_p: 1,
      presence_penalty: 0,
      frequency_penalty: 0,
      repetition_penalty: 1,
    });
    expect(calls.requests[1]).toMatchObject({ top_p: 0.9, repetition_penalty: 1.1, presence_penalty: 0 });
  });

  it('reports progress of automatic loads to every listener, and the end of the load', async () => {
    const { deps } = fakeDeps();
    const client = connect(deps);
    const seen: (string | null)[] = [];
    client.onLoad((p) => seen.push(p ? `${p.modelId} ${p.progress}` : null));
    await new WebLLMEngine(client, config('M')).generate(req);
    expect(seen).toEqual(['M 0', 'M 0.25', 'M 1', null]);
  });

  it('merges the system prompt into the user turn for Gemma templates, and says so at run start', async () => {
    const { deps, calls } = fakeDeps({
      template: {
        name: 'gemma_instruction',
        system_template: '<bos>{system_message}',
        roles: { user: '<start_of_turn>user', assistant: '<start_of_turn>model' },
      },
    });
    const engine = new WebLLMEngine(connect(deps), config('M'));
    const setup = await engine.prepare({ promptTokens: 100, maxTokens: 100 });
    expect(setup).toMatchObject({ systemPrompt: 'merged-into-user', template: 'gemma_instruction' });
    await engine.generate(req);
    expect(calls.requests[0].messages).toEqual([{ role: 'user', content: 'Sys\n\nHi' }]);
  });

  it('streams reasoning as reasoning when the template opens <think> itself', async () => {
    const { deps } = fakeDeps({
      pieces: ['I should', ' think.', '</th', 'ink>\n\n', 'Answer.'],
      template: { name: 'r1-style', roles: { user: '<|User|>', assistant: '<|Assistant|><think>\n' } },
    });
    const engine = new WebLLMEngine(connect(deps), config('M'));
    const seen = { text: '', reasoning: '' };
    const r = await engine.generate(req, (d) => {
      seen.text += d.text ?? '';
      seen.reasoning += d.reasoning ?? '';
    });
    expect(seen.reasoning).toBe('I should think.');
    expect(seen.text.trim()).toBe('Answer.');
    expect(r).toMatchObject({ text: 'Answer.', reasoning: 'I should think.' });
  });

  it('re-plans the context window at run start from the longest prompt and reloads a model loaded too small', async () => {
    const { deps, calls } = fakeDeps();
    const client = connect(deps);
    await client.load('Qwen2.5-1.5B-Instruct-q4f32_1-MLC');
    const model = toCatalogModel({
      model_id: 'Qwen2.5-1.5B-Instruct-q4f32_1-MLC',
      model: 'https://x/q',
      model_lib: 'https://x/q.wasm',
      overrides: { context_window_size: 4096 },
    });
    const engine = new WebLLMEngine(client, config('Qwen2.5-1.5B-Instruct-q4f32_1-MLC'), { model: async () => model });
    const setup = await engine.prepare({ promptTokens: 3000, maxTokens: 2000 });
    expect(calls.load.map((l) => l.chatOpts)).toEqual([{}, { context_window_size: 6144 }]);
    expect(setup).toEqual({
      contextWindow: 6144,
      sampling: { top_p: 1, presence_penalty: 0, frequency_penalty: 0, repetition_penalty: 1 },
      systemPrompt: 'system-role',
    });
    await engine.generate(req);
    expect(calls.load).toHaveLength(2); // the generation uses the re-planned load
    const tooLong = engine.prepare({ promptTokens: 30_000, maxTokens: 8000 });
    expect(await outcome(tooLong)).toBe('context-length');
  });
});
