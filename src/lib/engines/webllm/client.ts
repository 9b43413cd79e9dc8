// Page-side web-llm client: typed requests over a (restartable) worker, and the Engine that runs in-browser models through it.
import type { AppConfig } from '@mlc-ai/web-llm';
import type { ChatRequest, ChatResult, Engine, EngineSetup, RunPlan } from '../../core/types';
import type {
  FromWorker,
  LoadedModel,
  PinnedSampling,
  RequestType,
  ToWorker,
  WorkerResults,
} from '../../../workers/messages';
import { cleanUsage, ReplyAccumulator, type DeltaListener } from '../accumulate';
import type { EngineConfig } from '../config';
import { EngineError } from '../errors';
import { planContext, type CatalogModel } from './catalog';

/** What the client needs from a Worker (a real one, or an in-memory pair in tests). */
export interface WorkerPort {
  postMessage(msg: ToWorker): void;
  addEventListener(type: 'message', fn: (e: { data: FromWorker }) => void): void;
  addEventListener(type: 'error', fn: (e: { message?: string }) => void): void;
  terminate?(): void;
}

type Outgoing = ToWorker extends infer M ? (M extends { id: number } ? Omit<M, 'id'> : never) : never;

export interface LoadProgress {
  modelId: string;
  progress: number;
  text: string;
}

interface Pending {
  resolve(v: unknown): void;
  reject(e: EngineError): void;
  onProgress?: (p: { progress: number; text: string; timeElapsed: number }) => void;
  onDelta?: (text: string) => void;
}

/** top_p 1 and no penalties unless the experiment sets them (web-llm would otherwise use each model's own config). */
export const PINNED_SAMPLING: PinnedSampling = {
  top_p: 1,
  presence_penalty: 0,
  frequency_penalty: 0,
  repetition_penalty: 1,
};

export function samplingFor(
  req: Pick<ChatRequest, 'topP' | 'presencePenalty' | 'frequencyPenalty' | 'repetitionPenalty'>,
) {
  return {
    top_p: req.topP ?? PINNED_SAMPLING.top_p,
    presence_penalty: req.presencePenalty ?? PINNED_SAMPLING.presence_penalty,
    frequency_penalty: req.frequencyPenalty ?? PINNED_SAMPLING.frequency_penalty,
    repetition_penalty: req.repetitionPenalty ?? PINNED_SAMPLING.repetition_penalty,
  };
}

const aborted = (what: string) => new EngineError('aborted', `${what} was stopped.`);

export class WebLLMClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private port: WorkerPort | undefined;
  private readonly loadListeners = new Set<(p: LoadProgress | null) => void>();
  /** model currently loaded in the worker, with its context window and template traits */
  loaded: LoadedModel | undefined;
  /** workers started so far (a failed or stopped load ends its worker; the next request starts a fresh one) */
  workersStarted = 0;

  /** `connect` starts a worker; it is called again after the previous one was ended. */
  constructor(private readonly connect: () => WorkerPort) {}

  private worker(): WorkerPort {
    if (this.port) return this.port;
    const port = this.connect();
    this.workersStarted++;
    port.addEventListener('message', (e) => {
      if (this.port === port) this.receive(e.data);
    });
    port.addEventListener('error', (e) => {
      if (this.port !== port) return;
      this.restart(
        new EngineError('unknown', `The model worker crashed: ${e.message ?? 'no details'}.`, {
          action: 'Reload the page and try again.',
        }),
      );
    });
    this.port = port;
    return port;
  }

  /**
   * End the worker (freeing everything it holds on the GPU, including a half-finished load) and fail what was pending;
   * the next request starts a new one.
   */
  restart(reason: EngineError) {
    const port = this.port;
    this.port = undefined;
    this.loaded = undefined;
    port?.terminate?.();
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(reason);
  }

  private receive(msg: FromWorker) {
    const p = this.pending.get(msg.id);
    if (!p) return;
    if (msg.type === 'progress') p.onProgress?.(msg);
    else if (msg.type === 'delta') p.onDelta?.(msg.text);
    else {
      this.pending.delete(msg.id);
      if (msg.type === 'done') p.resolve(msg.result);
      else {
        // after a lost device or OOM the worker has dropped the model: the next generate reloads it
        if (msg.error.kind === 'device-lost' || msg.error.kind === 'out-of-memory') this.loaded = undefined;
        p.reject(new EngineError(msg.error.kind, msg.error.message, { action: msg.error.action, retryable: false }));
      }
    }
  }

  /** Send a request; `id` names it for `interrupt`. */
  send<T extends RequestType>(
    msg: Extract<Outgoing, { type: T }>,
    hooks: Pick<Pending, 'onProgress' | 'onDelta'> = {},
  ): { id: number; done: Promise<WorkerResults[T]> } {
    const id = this.nextId++;
    const port = this.worker();
    const done = new Promise<WorkerResults[T]>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, ...hooks });
      port.postMessage({ ...msg, id } as ToWorker);
    });
    return { id, done };
  }

  request<T extends RequestType>(
    msg: Extract<Outgoing, { type: T }>,
    hooks: Pick<Pending, 'onProgress' | 'onDelta'> = {},
  ): Promise<WorkerResults[T]> {
    return this.send(msg, hooks).done;
  }

  interrupt(target: number) {
    this.port?.postMessage({ type: 'interrupt', target });
  }

  /** Follow every load (from the picker or automatic, at run start or after a lost model); null when it ends. */
  onLoad(fn: (p: LoadProgress | null) => void): () => void {
    this.loadListeners.add(fn);
    return () => this.loadListeners.delete(fn);
  }

  private emitLoad(p: LoadProgress | null) {
    for (const fn of this.loadListeners) fn(p);
  }

  /**
   * Load a model. Aborting `signal` ends the worker (a load cannot be interrupted inside web-llm without leaving GPU
   * memory or a late-finishing load behind); a failed load ends it too, so the GPU memory it took is released.
   */
  async load(
    modelId: string,
    opts: {
      contextWindow?: number;
      appConfig?: AppConfig;
      onProgress?: (p: LoadProgress) => void;
      signal?: AbortSignal;
    } = {},
  ): Promise<LoadedModel> {
    if (opts.signal?.aborted) throw aborted('Loading the model');
    const onAbort = () => this.restart(aborted('Loading the model'));
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const report = (p: LoadProgress) => {
      opts.onProgress?.(p);
      this.emitLoad(p);
    };
    report({ modelId, progress: 0, text: 'Starting the model…' });
    try {
      const r = await this.request(
        { type: 'load', modelId, contextWindow: opts.contextWindow, appConfig: opts.appConfig },
        { onProgress: (p) => report({ modelId, progress: p.progress, text: p.text }) },
      );
      this.loaded = r;
      return r;
    } catch (e) {
      if (!(e instanceof EngineError && e.kind === 'aborted')) this.restart(aborted('The failed load'));
      throw e;
    } finally {
      opts.signal?.removeEventListener('abort', onAbort);
      this.emitLoad(null);
    }
  }

  async unload() {
    await this.request({ type: 'unload' });
    this.loaded = undefined;
  }

  /** Delete a model's stored files; the worker unloads it first when it is the loaded one. */
  async deleteModel(modelId: string, appConfig?: AppConfig) {
    const r = await this.request({ type: 'cache-delete', modelId, appConfig });
    if (r.unloaded || this.loaded?.modelId === modelId) this.loaded = undefined;
    return r;
  }

  terminate() {
    this.restart(aborted('The model worker'));
  }
}

export interface WebLLMEngineOptions {
  /** the records of custom (non-prebuilt) models: where their files are */
  appConfig?: AppConfig;
  /** the model's catalog entry (default and trained context), for planning the context window */
  model?: () => Promise<CatalogModel | undefined>;
}

/** An Engine over a web-llm model. Loads (and reloads) as needed; abort interrupts generation or ends a load. */
export class WebLLMEngine implements Engine {
  readonly id: string;
  /** the context window this engine needs; raised by prepare() from the run's longest prompt */
  private window: number | undefined;

  constructor(
    private readonly client: WebLLMClient,
    private readonly config: EngineConfig,
    private readonly opts: WebLLMEngineOptions = {},
  ) {
    this.id = config.id;
    this.window = config.contextWindow;
  }

  private async ensureLoaded(signal?: AbortSignal): Promise<LoadedModel> {
    const modelId = this.config.descriptor.model;
    const l = this.client.loaded;
    const big = this.window === undefined || (l?.contextWindow !== undefined && l.contextWindow >= this.window);
    if (l && l.modelId === modelId && big) return l;
    return this.client.load(modelId, { contextWindow: this.window, appConfig: this.opts.appConfig, signal });
  }

  /** Plan the context window from the run's longest prompt and load with it; what was decided is recorded on the run. */
  async prepare(plan: RunPlan, signal?: AbortSignal): Promise<EngineSetup> {
    const model = await this.opts.model?.().catch(() => undefined);
    if (model) {
      const p = planContext(model, plan.promptTokens, plan.maxTokens);
      if (!p.fits)
        throw new EngineError('context-length', p.message ?? 'The prompts do not fit this model.', {
          action: 'Choose a model with a longer context, fewer conditions or a lower max tokens, then start again.',
          retryable: false,
        });
      if (p.raised) this.window = Math.max(this.window ?? 0, p.contextWindow);
    }
    const loaded = await this.ensureLoaded(signal);
    if (signal?.aborted) throw aborted('Loading the model');
    const window = loaded.contextWindow ?? model?.defaultContext;
    return {
      ...(window ? { contextWindow: window } : {}),
      sampling: samplingFor(plan),
      systemPrompt: loaded.template.systemPrompt,
      ...(loaded.template.name ? { template: loaded.template.name } : {}),
    };
  }

  async generate(req: ChatRequest, onDelta?: DeltaListener): Promise<ChatResult> {
    if (req.signal?.aborted) throw aborted('The request');
    const loaded = await this.ensureLoaded(req.signal);
    // a Pause during an automatic load must not start a hidden generation once the load returns
    if (req.signal?.aborted) throw aborted('The request');
    const acc = new ReplyAccumulator(onDelta, { startInThink: loaded.template.opensThink });
    const { id, done } = this.client.send(
      {
        type: 'generate',
        request: {
          modelId: loaded.modelId,
          system: req.system,
          messages: req.messages,
          temperature: req.temperature,
          maxTokens: req.maxTokens,
          ...(req.seed !== undefined ? { seed: req.seed } : {}),
          sampling: samplingFor(req),
        },
      },
      { onDelta: (t) => acc.text(t) },
    );
    const onAbort = () => this.client.interrupt(id);
    req.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const r = await done;
      if (req.signal?.aborted || r.finishReason === 'abort') throw aborted('Generation');
      return acc.result(r.finishReason, cleanUsage(r.usage), r.modelId);
    } finally {
      req.signal?.removeEventListener('abort', onAbort);
    }
  }
}
