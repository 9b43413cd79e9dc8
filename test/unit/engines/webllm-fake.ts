// Scripted stand-in for web-llm's engine and an in-memory worker channel, shared by the web-llm adapter unit tests.
import type { ModelRecord } from '@mlc-ai/web-llm';
import { WebLLMClient, type WorkerPort } from '../../../src/lib/engines/webllm/client';
import { WebLLMHost, type ChunkLike, type EngineLike, type HostDeps } from '../../../src/lib/engines/webllm/host';
import type { FromWorker, ToWorker } from '../../../src/workers/messages';
import type { EngineConfig } from '../../../src/lib/engines';
import type { ConvTemplateLike } from '../../../src/lib/engines/webllm/template';

export interface FakeOpts {
  pieces?: string[];
  loadError?: Error;
  generateError?: Error;
  /** pause between chunks, ms */
  delayMs?: number;
  template?: ConvTemplateLike;
  shaderF16?: boolean;
  /** a load takes this long (progress half-way through), ms */
  loadDelayMs?: number;
}

/** A scripted stand-in for MLCEngine: streams the given pieces, honours interruptGenerate with finish "abort". */
export function fakeDeps(o: FakeOpts = {}) {
  const calls: {
    load: { modelId: string; chatOpts: object }[];
    requests: Record<string, unknown>[];
    deleted: string[];
    unloads: number;
  } = {
    load: [],
    requests: [],
    deleted: [],
    unloads: 0,
  };
  const cached = new Set(['Cached-Model-q4f16_1-MLC']);
  const record = (id: string) =>
    ({ model_id: id, model: `https://x/${id}`, model_lib: 'https://x/lib.wasm' }) as ModelRecord;
  const deps: HostDeps = {
    async createEngine(modelId, opts, chatOpts) {
      calls.load.push({ modelId, chatOpts });
      opts.initProgressCallback({ progress: 0.25, text: 'Fetching param cache[1/4]', timeElapsed: 1 });
      if (o.loadDelayMs) await new Promise((r) => setTimeout(r, o.loadDelayMs));
      opts.initProgressCallback({ progress: 1, text: 'Finish loading on WebGPU', timeElapsed: 2 });
      if (o.loadError) throw o.loadError;
      let interrupted = false;
      const engine: EngineLike = {
        chat: {
          completions: {
            async create(req) {
              calls.requests.push(req as unknown as Record<string, unknown>);
              if (o.generateError) throw o.generateError;
              const pieces = o.pieces ?? ['Hello', ' there', '.'];
              return (async function* (): AsyncGenerator<ChunkLike> {
                // like web-llm 0.2.86: the interrupt flag is cleared when a streamed request starts (library.test.ts)
                interrupted = false;
                for (const p of pieces) {
                  if (o.delayMs) await new Promise((r) => setTimeout(r, o.delayMs));
                  if (interrupted) {
                    yield { model: modelId, choices: [{ delta: {}, finish_reason: 'abort' }] };
                    return;
                  }
                  yield { model: modelId, choices: [{ delta: { content: p }, finish_reason: null }] };
                }
                yield { model: modelId, choices: [{ delta: {}, finish_reason: 'stop' }] };
                yield { model: modelId, choices: [], usage: { prompt_tokens: 42, completion_tokens: pieces.length } };
              })();
            },
          },
        },
        interruptGenerate: () => void (interrupted = true),
        unload: async () => void calls.unloads++,
      };
      return engine;
    },
    modelList: () => [
      { model_id: 'A-1B-Instruct-q4f16_1-MLC', model: 'https://x/a', model_lib: 'https://x/a.wasm' } as ModelRecord,
      ...[
        'M',
        'M-q4f32_1-MLC',
        'Qwen3-4B-q4f16_1-MLC',
        'Qwen2.5-1.5B-Instruct-q4f32_1-MLC',
        'Cached-Model-q4f16_1-MLC',
        'Other',
      ].map(record),
    ],
    hasModelInCache: async (id) => cached.has(id),
    cacheFiles: async (r) => ({ bytes: cached.has(r.model_id) ? 1234 : 0, any: cached.has(r.model_id) }),
    deleteModelFiles: async (r) => {
      calls.deleted.push(r.model_id);
      cached.delete(r.model_id);
      return { keptLibrary: false };
    },
    convTemplate: async () => o.template,
    probeGpu: async () => ({ available: true, shaderF16: o.shaderF16 ?? true, maxStorageBufferBindingSize: 1 << 27 }),
  };
  return { deps, calls };
}

/** Page and worker joined by an async in-memory channel, like postMessage; a terminated worker goes silent. */
export function connect(
  deps: HostDeps,
  workers: { started: number; terminated: number } = { started: 0, terminated: 0 },
) {
  return new WebLLMClient(() => {
    workers.started++;
    let alive = true;
    const listeners: ((e: { data: FromWorker }) => void)[] = [];
    const host = new WebLLMHost(deps, (msg) =>
      setTimeout(() => alive && listeners.forEach((l) => l({ data: structuredClone(msg) })), 0),
    );
    return {
      postMessage: (msg: ToWorker) => setTimeout(() => alive && void host.handle(structuredClone(msg)), 0),
      addEventListener: ((type: string, fn: (e: { data: FromWorker }) => void) => {
        if (type === 'message') listeners.push(fn);
      }) as WorkerPort['addEventListener'],
      terminate: () => {
        alive = false;
        workers.terminated++;
      },
    };
  });
}

export const config = (model: string, contextWindow?: number): EngineConfig => ({
  id: `webllm:${model}`,
  label: model,
  descriptor: { kind: 'webllm', provider: 'webllm', model },
  concurrency: 1,
  ...(contextWindow ? { contextWindow } : {}),
});
export const req = {
  system: 'Sys',
  messages: [{ role: 'user' as const, content: 'Hi' }],
  temperature: 0.5,
  maxTokens: 100,
  seed: 3,
};
