// The web-llm adapter (page client + worker host) driven end to end against a scripted fake of web-llm's engine.
import { describe, expect, it } from 'vitest';
import { PINNED_SAMPLING, WebLLMEngine } from '../../../src/lib/engines/webllm/client';
import { config, connect, fakeDeps, req, type FakeOpts } from './webllm-fake';

describe('web-llm adapter', () => {
  it('loads with progress and the raised context window, then streams a reply with usage and model id', async () => {
    const { deps, calls } = fakeDeps();
    const client = connect(deps);
    const progress: number[] = [];
    await client.load('M-q4f32_1-MLC', { contextWindow: 12288, onProgress: (p) => progress.push(p.progress) });
    expect(progress).toEqual([0, 0.25, 1]); // 0: the client's own 'Starting' before the worker reports
    expect(calls.load).toEqual([{ modelId: 'M-q4f32_1-MLC', chatOpts: { context_window_size: 12288 } }]);
    const engine = new WebLLMEngine(client, config('M-q4f32_1-MLC', 12288));
    const deltas: string[] = [];
    const r = await engine.generate(req, (d) => d.text && deltas.push(d.text));
    expect(r).toMatchObject({
      text: 'Hello there.',
      finishReason: 'stop',
      modelId: 'M-q4f32_1-MLC',
      usage: { inputTokens: 42, outputTokens: 3 },
    });
    expect(deltas.join('')).toBe('Hello there.');
    expect(calls.load).toHaveLength(1); // already loaded: not reloaded
    expect(calls.requests[0]).toMatchObject({
      messages: [
        { role: 'system', content: 'Sys' },
        { role: 'user', content: 'Hi' },
      ],
      temperature: 0.5,
      max_tokens: 100,
      seed: 3,
      stream: true,
      top_p: 1,
      presence_penalty: 0,
      frequency_penalty: 0,
      repetition_penalty: 1,
    });
  });

  it('separates <think> blocks of reasoning models', async () => {
    const { deps } = fakeDeps({ pieces: ['<thi', 'nk>I should', ' comply.</th', 'ink>\n\nDone.'] });
    const engine = new WebLLMEngine(connect(deps), config('Qwen3-4B-q4f16_1-MLC'));
    const seen = { text: '', reasoning: '' };
    const r = await engine.generate(req, (d) => {
      seen.text += d.text ?? '';
      seen.reasoning += d.reasoning ?? '';
    });
    expect(r.text).toBe('Done.');
    expect(r.reasoning).toBe('I should comply.');
    expect(seen.reasoning).toBe('I should comply.');
  });

  it('stops generation on abort via interruptGenerate and reports aborted', async () => {
    const { deps } = fakeDeps({ pieces: Array.from({ length: 50 }, (_, i) => `w${i} `), delayMs: 5 });
    const engine = new WebLLMEngine(connect(deps), config('M'));
    const ac = new AbortController();
    let n = 0;
    const p = engine.generate({ ...req, signal: ac.signal }, () => {
      if (++n === 3) ac.abort();
    });
    await expect(p).rejects.toMatchObject({ kind: 'aborted' });
  });

  it.each([
    [new Error('WebGPU is not supported in your current environment'), 'webgpu-unavailable'],
    [
      new Error(
        'The WebGPU device was lost while loading the model. This issue often occurs due to running out of memory (OOM).',
      ),
      'out-of-memory',
    ],
    [Object.assign(new Error('Device was lost'), { name: 'DeviceLostError' }), 'device-lost'],
    [Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' }), 'quota'],
    [new TypeError("Failed to execute 'add' on 'Cache': Request failed"), 'download-failed'],
    [
      new Error(
        'Failed to store https://h/x/resolve/main/mlc-chat-config.json with error: Error: Network response was not ok',
      ),
      'download-failed',
    ],
    [
      new Error('This model requires WebGPU extension shader-f16, which is not enabled in this browser.'),
      'webgpu-unavailable',
    ],
    [new Error('something odd'), 'unknown'],
  ])('a load failure %#  becomes %s with an action', async (err, kind) => {
    const { deps } = fakeDeps({ loadError: err });
    const client = connect(deps);
    const e = await client.load('M').then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(e).toMatchObject({ kind, retryable: false });
    expect((e as { action: string }).action.length).toBeGreaterThan(10);
  });

  it('maps a too-long prompt to context-length', async () => {
    const { deps } = fakeDeps({
      generateError: new Error(
        'Prompt tokens exceed context window size: number of prompt tokens: 9000; context window size: 4096',
      ),
    });
    const engine = new WebLLMEngine(connect(deps), config('M'));
    await expect(engine.generate(req)).rejects.toMatchObject({ kind: 'context-length' });
  });

  it('after a lost device the next generation reloads the model', async () => {
    const o: FakeOpts = { generateError: new Error('Model not loaded before trying to complete ChatCompletion') };
    const { deps, calls } = fakeDeps(o);
    const engine = new WebLLMEngine(connect(deps), config('M'));
    await expect(engine.generate(req)).rejects.toMatchObject({ kind: 'device-lost' });
    expect(calls.load).toHaveLength(1);
    delete o.generateError;
    const r = await engine.generate(req);
    expect(r.text).toBe('Hello there.');
    expect(calls.load).toHaveLength(2);
  });

  it('lists cached models with sizes, deletes one (unloading it first), and reports the catalog and GPU', async () => {
    const { deps, calls } = fakeDeps();
    const client = connect(deps);
    await client.load('Cached-Model-q4f16_1-MLC');
    const list = await client.request({ type: 'cache-list', modelIds: ['Cached-Model-q4f16_1-MLC', 'Other'] });
    expect(list).toEqual([
      { modelId: 'Cached-Model-q4f16_1-MLC', cached: true, bytes: 1234, partial: false },
      { modelId: 'Other', cached: false, bytes: 0, partial: false },
    ]);
    await client.request({ type: 'cache-delete', modelId: 'Cached-Model-q4f16_1-MLC' });
    expect(calls.deleted).toEqual(['Cached-Model-q4f16_1-MLC']);
    expect(calls.unloads).toBe(1);
    expect((await client.request({ type: 'cache-list', modelIds: ['Cached-Model-q4f16_1-MLC'] }))[0].cached).toBe(
      false,
    );
    expect((await client.request({ type: 'catalog' }))[0].model_id).toBe('A-1B-Instruct-q4f16_1-MLC');
    expect(await client.request({ type: 'probe' })).toMatchObject({ available: true, shaderF16: true });
  });

  it('refuses to generate before a model is loaded (host guard)', async () => {
    const { deps } = fakeDeps();
    const client = connect(deps);
    await expect(
      client.request({ type: 'generate', request: { ...req, modelId: 'M', sampling: PINNED_SAMPLING } }),
    ).rejects.toMatchObject({ kind: 'device-lost' });
  });
});
