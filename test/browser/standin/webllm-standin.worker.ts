// TEST ONLY: the web-llm worker with a stand-in for MLCEngine (no weights, no GPU work), built into the site only by
// test/browser/webllm-standin.test.ts, which swaps it in for src/workers/webllm.worker.ts. Everything around the engine
// is the real code: WebLLMHost, the Cache API helpers, web-llm's own hasModelInCache, the page's client and UI.
// The test drives it through a config in the Cache API (timings, failures, replies, template) and hears it on a
// BroadcastChannel (loads, requests, interrupts, unloads, worker starts).
import { prebuiltAppConfig, type ModelRecord } from '@mlc-ai/web-llm';
import { modelBaseUrl } from '../../../src/lib/engines/webllm/cache-size';
import type { ChunkLike, EngineLike } from '../../../src/lib/engines/webllm/host';
import { probeGpu, startWebLLMWorker } from '../../../src/workers/webllm-host-setup';

export interface StandinConfig {
  /** how long a load takes, ms (progress reported in 4 steps) */
  loadMs?: number;
  /** throw this message at the end of a load (after "allocating") */
  failLoad?: string;
  pieces?: string[];
  pieceMs?: number;
  finish?: 'stop' | 'length';
  /** conv_template written into the model's mlc-chat-config.json, as a download would */
  convTemplate?: Record<string, unknown>;
  /** override what the GPU probe reports */
  shaderF16?: boolean;
}

export const CONFIG_URL = '/__standin__/config';
export const CHANNEL = 'webllm-standin';

const channel = new BroadcastChannel(CHANNEL);
const say = (event: string, data: Record<string, unknown> = {}) => channel.postMessage({ event, ...data });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function config(): Promise<StandinConfig> {
  const res = await (await caches.open('standin')).match(new URL(CONFIG_URL, location.origin).href);
  return res ? ((await res.json()) as StandinConfig) : {};
}

async function put(scope: string, url: string, body: string) {
  await (await caches.open(scope)).put(url, new Response(body, { headers: { 'content-length': String(body.length) } }));
}

/** Store files the way web-llm's download does: shards as they arrive, then the index, tokenizer, config and library. */
async function download(record: ModelRecord, shard: number) {
  await put(
    'webllm/model',
    `${modelBaseUrl(record.model, location.origin)}params_shard_${shard}.bin`,
    'x'.repeat(1000),
  );
}
async function finishDownload(record: ModelRecord, shards: number, cfg: StandinConfig) {
  const base = modelBaseUrl(record.model, location.origin);
  const records = Array.from({ length: shards }, (_, i) => ({ dataPath: `params_shard_${i}.bin` }));
  await put('webllm/model', `${base}tensor-cache.json`, JSON.stringify({ records }));
  await put('webllm/model', `${base}tokenizer.json`, '{}');
  await put('webllm/config', `${base}mlc-chat-config.json`, JSON.stringify({ conv_template: cfg.convTemplate ?? {} }));
  await put('webllm/wasm', new URL(record.model_lib, location.origin).href, 'w'.repeat(100));
}

say('worker-start');

startWebLLMWorker({
  probeGpu: async () => {
    const cfg = await config();
    const real = await probeGpu();
    return cfg.shaderF16 === undefined ? real : { ...real, shaderF16: cfg.shaderF16 };
  },
  async createEngine(modelId, opts, chatOpts): Promise<EngineLike> {
    const cfg = await config();
    say('load-start', { modelId, chatOpts });
    const record = (opts.appConfig?.model_list ?? prebuiltAppConfig.model_list).find((r) => r.model_id === modelId);
    if (!record) throw new Error(`Cannot find model record in appConfig for ${modelId}.`);
    const t0 = Date.now();
    const steps = 4;
    for (let i = 0; i < steps; i++) {
      await sleep((cfg.loadMs ?? 200) / steps);
      await download(record, i);
      opts.initProgressCallback({
        progress: ((i + 1) / steps) * 0.9,
        text: `Fetching param cache[${i + 1}/${steps}]`,
        timeElapsed: (Date.now() - t0) / 1000,
      });
    }
    if (cfg.failLoad) {
      say('load-failed', { modelId });
      throw new Error(cfg.failLoad);
    }
    await finishDownload(record, steps, cfg);
    opts.initProgressCallback({ progress: 1, text: 'Finish loading on WebGPU', timeElapsed: (Date.now() - t0) / 1000 });
    say('load-done', { modelId, chatOpts });
    let interrupted = false;
    return {
      chat: {
        completions: {
          async create(req) {
            say('generate', {
              modelId,
              messages: req.messages,
              top_p: req.top_p,
              presence_penalty: req.presence_penalty,
              frequency_penalty: req.frequency_penalty,
              repetition_penalty: req.repetition_penalty,
              max_tokens: req.max_tokens,
            });
            const pieces = cfg.pieces ?? ['I will', ' read the', ' emails.'];
            return (async function* (): AsyncGenerator<ChunkLike> {
              interrupted = false; // like web-llm 0.2.86: a streamed request starts with the flag cleared
              for (const p of pieces) {
                await sleep(cfg.pieceMs ?? 20);
                if (interrupted) {
                  say('generate-aborted', { modelId });
                  yield { model: modelId, choices: [{ delta: {}, finish_reason: 'abort' }] };
                  return;
                }
                yield { model: modelId, choices: [{ delta: { content: p }, finish_reason: null }] };
              }
              say('generate-done', { modelId });
              yield { model: modelId, choices: [{ delta: {}, finish_reason: cfg.finish ?? 'stop' }] };
              yield { model: modelId, choices: [], usage: { prompt_tokens: 1000, completion_tokens: pieces.length } };
            })();
          },
        },
      },
      interruptGenerate: () => {
        interrupted = true;
        say('interrupt', { modelId });
      },
      unload: async () => say('unload', { modelId }),
    };
  },
});
